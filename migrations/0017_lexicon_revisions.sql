-- 0017: the scanner's lexicon edited through the API (issue 4: "editable by
-- admins through the API with versions"). Each saved edit is a whole new
-- revision — every file's full text — so any revision can be read back,
-- compared or restored, and every node scans with exactly the same terms.
-- No row: the lexicon compiled into the binary (data/lexicon) is in force.
CREATE TABLE lexicon_revisions (
  id {{id}},
  number BIGINT NOT NULL UNIQUE,     -- 1, 2, 3 … in the order saved
  lexicon_version TEXT NOT NULL,     -- scan::Lexicon::version() of these files ("lex-…")
  files TEXT NOT NULL,               -- JSON [{"name","content"}], in scanning order
  terms BIGINT NOT NULL,             -- how many terms the files define
  note TEXT NOT NULL,                -- why it was changed (required)
  restored_from BIGINT NOT NULL DEFAULT 0,  -- the revision it restores, 0 if none
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL
);
