-- 0010: Chinese full-text search over tips and cases (issue 3's 全文检索).
-- Substring semantics are kept — a query matches wherever its characters
-- appear, as the LIKE search did — but indexed:
--  * SQLite: FTS5 tables with the trigram tokenizer, kept in step with their
--    tables by triggers; queries of 3 or more characters use them
--    (store/text_search.h), shorter ones scan.
--  * PostgreSQL: pg_trgm GIN indexes, which LIKE '%…%' uses directly.
--    pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may
--    create it without superuser rights.
{{sqlite}}
CREATE VIRTUAL TABLE tips_fts USING fts5(content, place_text, species_text, tokenize = 'trigram');
INSERT INTO tips_fts (rowid, content, place_text, species_text)
  SELECT id, content, place_text, species_text FROM tips;
CREATE TRIGGER tips_fts_insert AFTER INSERT ON tips BEGIN
  INSERT INTO tips_fts (rowid, content, place_text, species_text)
  VALUES (new.id, new.content, new.place_text, new.species_text);
END;
CREATE TRIGGER tips_fts_update AFTER UPDATE OF content, place_text, species_text ON tips BEGIN
  UPDATE tips_fts SET content = new.content, place_text = new.place_text,
    species_text = new.species_text WHERE rowid = new.id;
END;
CREATE TRIGGER tips_fts_delete AFTER DELETE ON tips BEGIN
  DELETE FROM tips_fts WHERE rowid = old.id;
END;

CREATE VIRTUAL TABLE cases_fts USING fts5(number, title, summary, place_text, tokenize = 'trigram');
INSERT INTO cases_fts (rowid, number, title, summary, place_text)
  SELECT id, number, title, summary, place_text FROM cases;
CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN
  INSERT INTO cases_fts (rowid, number, title, summary, place_text)
  VALUES (new.id, new.number, new.title, new.summary, new.place_text);
END;
CREATE TRIGGER cases_fts_update AFTER UPDATE OF number, title, summary, place_text ON cases BEGIN
  UPDATE cases_fts SET number = new.number, title = new.title, summary = new.summary,
    place_text = new.place_text WHERE rowid = new.id;
END;
CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN
  DELETE FROM cases_fts WHERE rowid = old.id;
END;

CREATE VIRTUAL TABLE case_items_fts USING fts5(species, tokenize = 'trigram');
INSERT INTO case_items_fts (rowid, species) SELECT id, species FROM case_items;
CREATE TRIGGER case_items_fts_insert AFTER INSERT ON case_items BEGIN
  INSERT INTO case_items_fts (rowid, species) VALUES (new.id, new.species);
END;
CREATE TRIGGER case_items_fts_update AFTER UPDATE OF species ON case_items BEGIN
  UPDATE case_items_fts SET species = new.species WHERE rowid = new.id;
END;
CREATE TRIGGER case_items_fts_delete AFTER DELETE ON case_items BEGIN
  DELETE FROM case_items_fts WHERE rowid = old.id;
END;
{{/sqlite}}
{{postgres}}
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX tips_content_trgm ON tips USING gin (content gin_trgm_ops);
CREATE INDEX tips_place_trgm ON tips USING gin (place_text gin_trgm_ops);
CREATE INDEX tips_species_trgm ON tips USING gin (species_text gin_trgm_ops);
CREATE INDEX cases_number_trgm ON cases USING gin (number gin_trgm_ops);
CREATE INDEX cases_title_trgm ON cases USING gin (title gin_trgm_ops);
CREATE INDEX cases_summary_trgm ON cases USING gin (summary gin_trgm_ops);
CREATE INDEX cases_place_trgm ON cases USING gin (place_text gin_trgm_ops);
CREATE INDEX case_items_species_trgm ON case_items USING gin (species gin_trgm_ops);
{{/postgres}}
