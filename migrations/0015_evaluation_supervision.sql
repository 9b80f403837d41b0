-- 0015: performance evaluation (督导考核, plan 七(四)/(五)) and the
-- supervision group's visits (督导组).
--
-- Indicator configurations are versioned: every edit by the office is a new
-- row, the newest is in force (none: the built-in defaults, version 0). A
-- run freezes the configuration it used and every input it counted (JSON),
-- so later changes to records or weights never change a stored run.

CREATE TABLE evaluation_indicator_sets (
  id {{id}},
  version INTEGER NOT NULL UNIQUE,
  indicators TEXT NOT NULL,                -- JSON: [{code, weight, enabled, params}]
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);

CREATE TABLE evaluation_runs (
  id {{id}},
  title TEXT NOT NULL,
  period_from BIGINT NOT NULL,             -- epoch ms, inclusive
  period_to BIGINT NOT NULL,               -- epoch ms, exclusive
  indicator_version INTEGER NOT NULL,      -- 0: the built-in defaults
  result TEXT NOT NULL,                    -- JSON: indicators, inputs, scores, ranking (frozen)
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX evaluation_runs_created ON evaluation_runs(created_at);

CREATE TABLE supervision_visits (
  id {{id}},
  visited_at BIGINT NOT NULL,
  members TEXT NOT NULL DEFAULT '[]',      -- JSON array of names (督导组成员)
  findings TEXT NOT NULL DEFAULT '',
  rectification TEXT NOT NULL DEFAULT '',  -- 整改要求
  rectification_due_at BIGINT NOT NULL DEFAULT 0,  -- 0: none
  evidence_ids TEXT NOT NULL DEFAULT '[]',
  demo INTEGER NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX supervision_visits_at ON supervision_visits(visited_at);

-- The departments a visit concerns and the outcome for each:
-- praise 表扬 | criticism 通报批评 | interview 约谈 | accountability 追责 | none 无.
CREATE TABLE supervision_visit_departments (
  visit_id BIGINT NOT NULL REFERENCES supervision_visits(id),
  department_id BIGINT NOT NULL REFERENCES departments(id),
  outcome TEXT NOT NULL DEFAULT 'none',
  seq INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (visit_id, department_id)
);
CREATE INDEX supervision_visit_departments_department
  ON supervision_visit_departments(department_id);
