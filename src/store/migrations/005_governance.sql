-- 005_governance.sql — information governance: the register of information assets
-- (what the organisation holds, who owns it, how it is classified, where each copy is
-- kept and how long it must be retained) and which processes create, use, update or
-- publish each asset.

CREATE TABLE assets (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  name_zh TEXT,
  kind TEXT NOT NULL CHECK (kind='record_series' OR kind='document_collection' OR kind='data_set' OR kind='system' OR kind='archive'),
  description TEXT,
  owner_id INTEGER REFERENCES people(id),
  steward_unit_id INTEGER REFERENCES units(id),
  classification TEXT NOT NULL CHECK (classification='public' OR classification='internal' OR classification='confidential' OR classification='strictly_confidential'),
  personal_data INTEGER NOT NULL DEFAULT 0 CHECK (personal_data=0 OR personal_data=1),
  critical INTEGER NOT NULL DEFAULT 0 CHECK (critical=0 OR critical=1),
  lifecycle TEXT NOT NULL CHECK (lifecycle='collect' OR lifecycle='process' OR lifecycle='analyse' OR lifecycle='disseminate' OR lifecycle='archive' OR lifecycle='dispose'),
  medium TEXT NOT NULL CHECK (medium='paper' OR medium='digital' OR medium='both'),
  retention_years INTEGER CHECK (retention_years BETWEEN 0 AND 1000),
  retention_trigger TEXT CHECK (retention_trigger='creation' OR retention_trigger='closure' OR retention_trigger='last_use' OR retention_trigger='event'),
  retention_from TEXT,
  disposition TEXT CHECK (disposition='destroy' OR disposition='transfer_to_archives' OR disposition='review'),
  legal_basis TEXT,
  last_reviewed TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE UNIQUE INDEX assets_code ON assets(code) WHERE deleted_at IS NULL;
CREATE INDEX assets_owner ON assets(owner_id);
CREATE INDEX assets_steward ON assets(steward_unit_id);

CREATE TABLE asset_copies (
  id INTEGER PRIMARY KEY,
  asset_id INTEGER NOT NULL REFERENCES assets(id),
  kind TEXT NOT NULL CHECK (kind='paper_archive' OR kind='file_share' OR kind='system' OR kind='cloud'),
  location TEXT NOT NULL,
  system_id INTEGER REFERENCES assets(id),
  is_backup INTEGER NOT NULL DEFAULT 0 CHECK (is_backup=0 OR is_backup=1),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE UNIQUE INDEX asset_copies_key ON asset_copies(asset_id, kind, location)
  WHERE deleted_at IS NULL;
CREATE INDEX asset_copies_system ON asset_copies(system_id);

CREATE TABLE process_assets (
  id INTEGER PRIMARY KEY,
  process_id INTEGER NOT NULL REFERENCES processes(id),
  asset_id INTEGER NOT NULL REFERENCES assets(id),
  kind TEXT NOT NULL CHECK (kind='creates' OR kind='uses' OR kind='updates' OR kind='publishes'),
  note TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE UNIQUE INDEX process_assets_key ON process_assets(process_id, asset_id, kind)
  WHERE deleted_at IS NULL;
CREATE INDEX process_assets_asset ON process_assets(asset_id);
