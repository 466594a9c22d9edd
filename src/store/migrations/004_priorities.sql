-- 004_priorities.sql — prioritisation and performance targets: criteria and their
-- versioned weight sets, assessments (a score per process, criterion and assessor),
-- estimates of what transforming a process costs, KPIs and their measurements.

ALTER TABLE processes ADD COLUMN change_cost REAL CHECK (change_cost >= 0);
ALTER TABLE processes ADD COLUMN change_hours REAL CHECK (change_hours >= 0);

CREATE TABLE criteria (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  name_zh TEXT,
  description TEXT,
  direction TEXT NOT NULL CHECK (direction='benefit' OR direction='cost'),
  weight REAL NOT NULL CHECK (weight >= 0),
  level_1 TEXT,
  level_2 TEXT,
  level_3 TEXT,
  level_4 TEXT,
  level_5 TEXT,
  position INTEGER NOT NULL DEFAULT 0,
  suggest TEXT NOT NULL DEFAULT 'none',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE UNIQUE INDEX criteria_code ON criteria(code) WHERE deleted_at IS NULL;

-- Every committed change of the live criteria's weights is kept as a new set; a
-- ranking names the set (its id is the version) that produced it.
CREATE TABLE weight_sets (
  id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  method TEXT NOT NULL CHECK (method='direct' OR method='ahp'),
  consistency_ratio REAL,
  matrix TEXT,               -- AHP: the comparison matrix as given (JSON)
  note TEXT
);
CREATE TABLE weight_set_items (
  set_id INTEGER NOT NULL REFERENCES weight_sets(id),
  criterion_id INTEGER NOT NULL REFERENCES criteria(id),
  code TEXT NOT NULL,
  direction TEXT NOT NULL,
  weight REAL NOT NULL,
  PRIMARY KEY (set_id, criterion_id)
) WITHOUT ROWID;

CREATE TABLE assessments (
  id INTEGER PRIMARY KEY,
  process_id INTEGER NOT NULL REFERENCES processes(id),
  criterion_id INTEGER NOT NULL REFERENCES criteria(id),
  assessor_id INTEGER NOT NULL REFERENCES people(id),
  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  rationale TEXT,
  assessed_on TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE UNIQUE INDEX assessments_key ON assessments(process_id, criterion_id, assessor_id)
  WHERE deleted_at IS NULL;
CREATE INDEX assessments_criterion ON assessments(criterion_id);
CREATE INDEX assessments_assessor ON assessments(assessor_id);

CREATE TABLE kpis (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  name_zh TEXT,
  process_id INTEGER NOT NULL REFERENCES processes(id),
  unit_of_measure TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction='increase' OR direction='decrease'),
  baseline REAL NOT NULL,
  baseline_date TEXT,
  target REAL NOT NULL,
  due_date TEXT NOT NULL,
  owner_id INTEGER REFERENCES people(id),
  description TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE UNIQUE INDEX kpis_code ON kpis(code) WHERE deleted_at IS NULL;
CREATE INDEX kpis_process ON kpis(process_id);
CREATE INDEX kpis_owner ON kpis(owner_id);

CREATE TABLE kpi_measurements (
  id INTEGER PRIMARY KEY,
  kpi_id INTEGER NOT NULL REFERENCES kpis(id),
  measured_on TEXT NOT NULL,
  value REAL NOT NULL,
  source TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE UNIQUE INDEX kpi_measurements_key ON kpi_measurements(kpi_id, measured_on)
  WHERE deleted_at IS NULL;
