-- 0007: the species catalog — the lists Qingfeng ships (data/species, loaded
-- by `migrate` when a file changed) and those an administrator imports
-- (provincial key lists, CITES status), their aliases and the base values
-- (基准价值) of the valuation methods. Rows keep their id across reloads
-- (upsert by list, rank and Latin name) because case items refer to them; a
-- row a new version drops is retired, not deleted.
CREATE TABLE species_lists (
  code TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  source TEXT NOT NULL,
  kind TEXT NOT NULL,          -- species | aliases | base_values
  origin TEXT NOT NULL,        -- shipped | imported
  checksum TEXT NOT NULL,      -- SHA-256 of the file last loaded
  row_count INTEGER NOT NULL,
  loaded_at BIGINT NOT NULL,
  loaded_by TEXT NOT NULL
);

CREATE TABLE species (
  id {{id}},
  list_code TEXT NOT NULL REFERENCES species_lists(code),
  rank TEXT NOT NULL,
  chinese_name TEXT NOT NULL,
  latin_name TEXT NOT NULL,
  level TEXT NOT NULL,         -- 1 | 2 | sanyou | provincial | cites1 | cites2 | '' (CITES annotation)
  habitat TEXT NOT NULL,
  class_name TEXT NOT NULL DEFAULT '',
  class_latin TEXT NOT NULL DEFAULT '',
  order_name TEXT NOT NULL DEFAULT '',
  order_latin TEXT NOT NULL DEFAULT '',
  family_name TEXT NOT NULL DEFAULT '',
  family_latin TEXT NOT NULL DEFAULT '',
  cites_appendix INTEGER,
  remark TEXT NOT NULL DEFAULT '',
  correction TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  retired INTEGER NOT NULL DEFAULT 0,
  UNIQUE (list_code, rank, latin_name)
);

CREATE TABLE species_aliases (
  id {{id}},
  list_code TEXT NOT NULL REFERENCES species_lists(code),
  alias TEXT NOT NULL,
  target_rank TEXT NOT NULL,
  target TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT '',
  remark TEXT NOT NULL DEFAULT ''
);
CREATE INDEX species_aliases_list ON species_aliases(list_code);

CREATE TABLE species_base_values (
  id {{id}},
  list_code TEXT NOT NULL REFERENCES species_lists(code),
  rank TEXT NOT NULL,
  latin_name TEXT NOT NULL,
  value_fen BIGINT NOT NULL,
  unit TEXT NOT NULL,
  source TEXT NOT NULL,
  UNIQUE (list_code, rank, latin_name)
);

-- Bumped by every load, so each node rebuilds its in-memory catalog when
-- another node changed the lists.
CREATE TABLE species_catalog_revision (
  id INTEGER PRIMARY KEY,
  revision BIGINT NOT NULL
);
INSERT INTO species_catalog_revision (id, revision) VALUES (1, 0);
