-- 001_inventory.sql — the Phase 1 inventory: units, people, goals, processes,
-- dependencies and process-goal links. Enumerations are stored as their names so
-- that the database reads well on its own. Deletes are soft (deleted_at); keys are
-- unique among live rows only. Enumerations are checked with OR chains, not IN
-- lists: SQLite builds a temporary index for every IN list on every insert, which
-- made bulk imports many times slower.

CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  name_zh TEXT,
  kind TEXT NOT NULL CHECK (kind='sector' OR kind='bureau' OR kind='department' OR kind='division' OR kind='unit'),
  parent_id INTEGER REFERENCES units(id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE UNIQUE INDEX units_code ON units(code) WHERE deleted_at IS NULL;
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE people (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  unit_id INTEGER REFERENCES units(id),
  title TEXT,
  weekly_capacity_hours REAL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE UNIQUE INDEX people_email ON people(email) WHERE deleted_at IS NULL;
CREATE INDEX people_unit ON people(unit_id);

CREATE TABLE goals (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  title TEXT NOT NULL,
  title_zh TEXT,
  framework TEXT NOT NULL CHECK (framework='strategic_plan' OR framework='connect_2030' OR framework='internal'),
  parent_id INTEGER REFERENCES goals(id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE UNIQUE INDEX goals_code ON goals(code) WHERE deleted_at IS NULL;

CREATE TABLE processes (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  name_zh TEXT,
  description TEXT,
  kind TEXT NOT NULL CHECK (kind='process' OR kind='procedure' OR kind='working_method'),
  parent_id INTEGER REFERENCES processes(id),
  unit_id INTEGER REFERENCES units(id),
  owner_id INTEGER REFERENCES people(id),
  change_authority TEXT,
  nature TEXT CHECK (nature='paper' OR nature='manual' OR nature='partly_digital' OR nature='digital'),
  maturity INTEGER CHECK (maturity BETWEEN 1 AND 5),
  volume_per_year INTEGER CHECK (volume_per_year >= 0),
  staff_hours_per_year REAL CHECK (staff_hours_per_year >= 0),
  annual_cost REAL CHECK (annual_cost >= 0),
  systems TEXT,
  pain_points TEXT,
  resources_needed TEXT,
  change_from TEXT,
  change_to TEXT,
  status TEXT NOT NULL CHECK (status='inventoried' OR status='assessed' OR status='prioritised' OR status='in_transformation' OR status='transformed'),
  source TEXT CHECK (source='interview' OR source='survey' OR source='document' OR source='workshop'),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE UNIQUE INDEX processes_code ON processes(code) WHERE deleted_at IS NULL;
CREATE INDEX processes_parent ON processes(parent_id);
CREATE INDEX processes_unit ON processes(unit_id);
CREATE INDEX processes_owner ON processes(owner_id);
CREATE INDEX processes_nature ON processes(nature);
CREATE INDEX processes_status ON processes(status);

-- Full-text search over code, names, description and pain points (?q=).
CREATE VIRTUAL TABLE processes_fts USING fts5(
  code, name, name_zh, description, pain_points,
  content='processes', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
-- While a bulk import runs (inside its transaction, so no one else sees it) this
-- table holds a row: the import indexes its rows in one statement at the end
-- instead of one index write per row.
CREATE TABLE bulk_load (active INTEGER NOT NULL);
CREATE TRIGGER processes_fts_ai AFTER INSERT ON processes
WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
  INSERT INTO processes_fts(rowid, code, name, name_zh, description, pain_points)
  VALUES (new.id, new.code, new.name, new.name_zh, new.description, new.pain_points);
END;
CREATE TRIGGER processes_fts_ad AFTER DELETE ON processes BEGIN
  INSERT INTO processes_fts(processes_fts, rowid, code, name, name_zh, description, pain_points)
  VALUES ('delete', old.id, old.code, old.name, old.name_zh, old.description, old.pain_points);
END;
CREATE TRIGGER processes_fts_au AFTER UPDATE OF code, name, name_zh, description, pain_points
ON processes BEGIN
  INSERT INTO processes_fts(processes_fts, rowid, code, name, name_zh, description, pain_points)
  VALUES ('delete', old.id, old.code, old.name, old.name_zh, old.description, old.pain_points);
  INSERT INTO processes_fts(rowid, code, name, name_zh, description, pain_points)
  VALUES (new.id, new.code, new.name, new.name_zh, new.description, new.pain_points);
END;

CREATE TABLE dependencies (
  id INTEGER PRIMARY KEY,
  from_id INTEGER NOT NULL REFERENCES processes(id),
  to_id INTEGER NOT NULL REFERENCES processes(id),
  kind TEXT NOT NULL CHECK (kind='feeds' OR kind='triggers' OR kind='shares_data' OR kind='shares_system' OR kind='regulated_by'),
  strength INTEGER NOT NULL DEFAULT 2 CHECK (strength BETWEEN 1 AND 3),
  note TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  CHECK (from_id <> to_id)
);
CREATE UNIQUE INDEX dependencies_key ON dependencies(from_id, to_id, kind)
  WHERE deleted_at IS NULL;
CREATE INDEX dependencies_to ON dependencies(to_id);

CREATE TABLE process_goals (
  id INTEGER PRIMARY KEY,
  process_id INTEGER NOT NULL REFERENCES processes(id),
  goal_id INTEGER NOT NULL REFERENCES goals(id),
  impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE UNIQUE INDEX process_goals_key ON process_goals(process_id, goal_id)
  WHERE deleted_at IS NULL;
CREATE INDEX process_goals_goal ON process_goals(goal_id);

-- Bumped by every write to dependencies, so that a server (or another node) knows
-- when its in-memory graph is stale.
CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT INTO counters VALUES ('dependencies', 0);
CREATE TRIGGER dependencies_count_ai AFTER INSERT ON dependencies
WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
  UPDATE counters SET value = value + 1 WHERE name = 'dependencies';
END;
CREATE TRIGGER dependencies_count_au AFTER UPDATE ON dependencies BEGIN
  UPDATE counters SET value = value + 1 WHERE name = 'dependencies';
END;
