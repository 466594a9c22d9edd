-- 002_accounts.sql — users, sessions, API tokens, log-in throttling and the
-- tamper-evident audit trail. Secrets are never stored: passwords as Argon2id
-- hashes, session and API tokens as BLAKE2b hashes.

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role='viewer' OR role='owner' OR role='analyst' OR role='admin'),
  unit_id INTEGER REFERENCES units(id),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active=0 OR active=1),
  password_hash TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE UNIQUE INDEX users_email ON users(email) WHERE deleted_at IS NULL;

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,     -- unix seconds
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,     -- absolute expiry
  client TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- Failed log-ins per key ('email:…' or 'addr:…'), for the exponential delay.
CREATE TABLE login_failures (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_at INTEGER NOT NULL
);

-- Append-only. hash = BLAKE2b-256(prev_hash || the entry's fields, each
-- length-prefixed); the first entry's prev_hash is 64 zeros.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor_id INTEGER,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER,
  before TEXT,
  after TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_actor ON audit_log(actor_id);
