-- 0002: tips (举报线索) — the plan's 二(五) 群防群治 channel: public
-- submissions and staff entries (hotline 0955-8812769, letters and visits,
-- 12345, grid workers, 雪亮工程, other departments), their attachments, and
-- the per-address throttle of public submissions.
--
-- Reporter name and phone are confidential: *_enc hold libsodium secretbox
-- ciphertext (base64, key from security.data_key_file), never plaintext;
-- reporter_phone_hash is a keyed hash of the normalised number so duplicate
-- tips from one phone are found without decrypting anything.

CREATE TABLE tips (
  id {{id}},
  receipt_code TEXT NOT NULL UNIQUE,      -- the reporter's key to GET /public/tips/{code}
  channel TEXT NOT NULL,                  -- core/tip_rules.h tip_channels()
  reporter_category TEXT NOT NULL DEFAULT '',
  anonymous INTEGER NOT NULL DEFAULT 0,
  reporter_name_enc TEXT NOT NULL DEFAULT '',
  reporter_phone_enc TEXT NOT NULL DEFAULT '',
  reporter_phone_hash TEXT NOT NULL DEFAULT '',
  content TEXT NOT NULL,
  occurred_at BIGINT NOT NULL DEFAULT 0,
  place_text TEXT NOT NULL DEFAULT '',
  -- WGS-84. DOUBLE PRECISION, not REAL: PostgreSQL's REAL is 4 bytes
  -- (about 6 digits, ~100 m at this longitude), too coarse for the 1 km
  -- duplicate check. SQLite gives both the same REAL affinity.
  lon DOUBLE PRECISION,
  lat DOUBLE PRECISION,
  species_text TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL,
  owner_department_id BIGINT NOT NULL REFERENCES departments(id),  -- the office
  assigned_department_id BIGINT REFERENCES departments(id),
  suggested_department_code TEXT NOT NULL DEFAULT '',  -- codes, comma separated ("JT,GA")
  handler_id BIGINT REFERENCES users(id),
  due_at BIGINT NOT NULL DEFAULT 0,       -- 0: no deadline (final states)
  public_feedback TEXT NOT NULL DEFAULT '',
  internal_note TEXT NOT NULL DEFAULT '', -- latest 核查 note; never shown publicly
  case_id BIGINT,                         -- cases come in a later migration: no FK here
  merged_into_id BIGINT REFERENCES tips(id),
  created_by BIGINT NOT NULL DEFAULT 0,   -- 0: submitted by the public
  state_changed_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX tips_state ON tips(state);
CREATE INDEX tips_assigned ON tips(assigned_department_id);
CREATE INDEX tips_phone_hash ON tips(reporter_phone_hash);
CREATE INDEX tips_created ON tips(created_at);

CREATE TABLE tip_attachments (
  tip_id BIGINT NOT NULL REFERENCES tips(id),
  evidence_id BIGINT NOT NULL REFERENCES evidence_files(id),
  PRIMARY KEY (tip_id, evidence_id)
);

-- Fixed-window counters for unauthenticated writes, per subject
-- ("tip:ADDR"), in the database so every node enforces one limit.
CREATE TABLE public_rate_limits (
  subject TEXT PRIMARY KEY,
  window_started_at BIGINT NOT NULL,
  hits INTEGER NOT NULL
);
