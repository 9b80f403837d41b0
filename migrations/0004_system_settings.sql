-- 0004: facts about the installation that every node must agree on, e.g.
-- the fingerprint of the data key that seals confidential fields, so a node
-- started with another key refuses to run instead of writing unreadable data.
CREATE TABLE system_settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
