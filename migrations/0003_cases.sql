-- 0003: cases (案件) with items, parties and timeline; gap-free case
-- numbers per department and year; transfers (移交 / 行刑衔接 移送) with
-- their document checklist; in-app notifications.

CREATE TABLE cases (
  id {{id}},
  number TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  offence_type TEXT NOT NULL,
  source TEXT NOT NULL,
  place_type TEXT NOT NULL DEFAULT '',
  place_text TEXT NOT NULL DEFAULT '',
  lon DOUBLE PRECISION,
  lat DOUBLE PRECISION,
  occurred_at BIGINT NOT NULL DEFAULT 0,
  summary TEXT NOT NULL DEFAULT '',
  cross_region INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL,
  priority INTEGER NOT NULL DEFAULT 0,
  priority_reasons TEXT NOT NULL DEFAULT '[]',  -- JSON array of Chinese reasons
  major INTEGER NOT NULL DEFAULT 0,
  major_reasons TEXT NOT NULL DEFAULT '[]',
  owner_department_id BIGINT NOT NULL REFERENCES departments(id),
  tip_id BIGINT,
  due_at BIGINT NOT NULL DEFAULT 0,
  penalty_decision_no TEXT NOT NULL DEFAULT '',
  penalty_amount_fen BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX cases_owner ON cases(owner_department_id);
CREATE INDEX cases_state ON cases(state);

CREATE TABLE case_items (
  id {{id}},
  case_id BIGINT NOT NULL REFERENCES cases(id),
  position INTEGER NOT NULL,
  species TEXT NOT NULL DEFAULT '',
  species_id BIGINT,
  count DOUBLE PRECISION NOT NULL DEFAULT 0,
  weight_kg DOUBLE PRECISION NOT NULL DEFAULT 0,
  unit TEXT NOT NULL DEFAULT '',
  part TEXT NOT NULL,
  origin TEXT NOT NULL,
  disposition TEXT NOT NULL,
  evidence_id BIGINT REFERENCES evidence_files(id),
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_items_case ON case_items(case_id);

CREATE TABLE case_parties (
  id {{id}},
  case_id BIGINT NOT NULL REFERENCES cases(id),
  position INTEGER NOT NULL,
  kind TEXT NOT NULL,
  role TEXT NOT NULL,
  name TEXT NOT NULL,
  id_number TEXT NOT NULL DEFAULT '',
  phones TEXT NOT NULL DEFAULT '',
  online_accounts TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_parties_case ON case_parties(case_id);

-- The timeline: one ordered history of everything that happened to a case.
CREATE TABLE case_events (
  id {{id}},
  case_id BIGINT NOT NULL REFERENCES cases(id),
  at BIGINT NOT NULL,
  actor_id BIGINT NOT NULL DEFAULT 0,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL,          -- created | transition | transfer | edit | evidence | comment | flag
  summary TEXT NOT NULL,       -- Chinese, for people
  data_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX case_events_case ON case_events(case_id, id);

-- Gap-free numbering: the counter moves inside the creating transaction,
-- so a failed creation gives its number back.
CREATE TABLE case_counters (
  department_code TEXT NOT NULL,
  year INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  PRIMARY KEY (department_code, year)
);

CREATE TABLE transfers (
  id {{id}},
  entity TEXT NOT NULL,                 -- case | tip
  entity_id BIGINT NOT NULL,
  kind TEXT NOT NULL,                   -- handover | criminal
  from_department_id BIGINT NOT NULL REFERENCES departments(id),
  to_department_id BIGINT NOT NULL REFERENCES departments(id),
  state TEXT NOT NULL,                  -- requested | accepted | returned
  reason TEXT NOT NULL DEFAULT '',
  documents_json TEXT NOT NULL DEFAULT '[]',
  requested_by BIGINT NOT NULL,
  requested_at BIGINT NOT NULL,
  decided_by BIGINT NOT NULL DEFAULT 0,
  decided_at BIGINT NOT NULL DEFAULT 0,
  decision_note TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX transfers_entity ON transfers(entity, entity_id);
CREATE INDEX transfers_to ON transfers(to_department_id, state);

CREATE TABLE notifications (
  id {{id}},
  user_id BIGINT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  entity TEXT NOT NULL DEFAULT '',
  entity_id BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  read_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX notifications_user ON notifications(user_id, read_at);
