-- 0001: the foundation — organisation, accounts, sessions, API keys, login
-- throttling, the hash-chained audit log, evidence files, record sharing and
-- idempotency keys.
--
-- Portable SQL for SQLite and PostgreSQL. {{id}} is the backend's
-- auto-increment primary key (see store/migrator.cpp). Times are Unix epoch
-- milliseconds (BIGINT), flags are INTEGER 0/1.

CREATE TABLE departments (
  id {{id}},
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  short_name TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,                -- office | department | unit
  parent_id BIGINT REFERENCES departments(id),
  duties TEXT NOT NULL DEFAULT '',   -- 职责分工, from section 六 of the plan
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE users (
  id {{id}},
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL,
  department_id BIGINT NOT NULL REFERENCES departments(id),
  password_hash TEXT NOT NULL DEFAULT '',
  disabled INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT NOT NULL DEFAULT 0,
  password_changed_at BIGINT NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX users_department ON users(department_id);

-- Session tokens are stored as SHA-256 of the token: a database leak does
-- not hand out live sessions.
CREATE TABLE sessions (
  id {{id}},
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT NOT NULL DEFAULT 0,
  client_address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_keys (
  id {{id}},
  key_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,              -- first characters, to recognise a key in lists
  user_id BIGINT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  scopes TEXT NOT NULL DEFAULT '',   -- space separated
  created_at BIGINT NOT NULL,
  last_used_at BIGINT NOT NULL DEFAULT 0,
  revoked_at BIGINT NOT NULL DEFAULT 0
);

-- Failed-login counters per account ("user:NAME") and per client address
-- ("ip:ADDR"), shared by every node through the database.
CREATE TABLE auth_throttle (
  subject TEXT PRIMARY KEY,
  failures INTEGER NOT NULL DEFAULT 0,
  last_failure_at BIGINT NOT NULL DEFAULT 0,
  locked_until BIGINT NOT NULL DEFAULT 0
);

-- Append-only, hash-chained: hash = SHA-256(prev_hash || canonical row).
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_id BIGINT NOT NULL DEFAULT 0,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL DEFAULT '',
  before_json TEXT NOT NULL DEFAULT '',
  after_json TEXT NOT NULL DEFAULT '',
  request_id TEXT NOT NULL DEFAULT '',
  client_address TEXT NOT NULL DEFAULT '',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_at ON audit_log(at);

-- One row. Every append updates it first, which serialises appenders on
-- both backends (row lock on PostgreSQL, write lock on SQLite).
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY,
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE evidence_files (
  id {{id}},
  sha256 TEXT NOT NULL,
  size BIGINT NOT NULL,
  mime TEXT NOT NULL,
  original_name TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  owner_department_id BIGINT NOT NULL REFERENCES departments(id),
  uploaded_by BIGINT NOT NULL REFERENCES users(id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
CREATE INDEX evidence_owner ON evidence_files(owner_department_id);

-- Departments participating in a record owned by another department.
CREATE TABLE record_shares (
  entity TEXT NOT NULL,
  entity_id BIGINT NOT NULL,
  department_id BIGINT NOT NULL REFERENCES departments(id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (entity, entity_id, department_id)
);

-- Field devices resend POSTs; the first response is replayed.
CREATE TABLE idempotency_keys (
  actor_id BIGINT NOT NULL,
  idem_key TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  response_body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (actor_id, idem_key)
);
