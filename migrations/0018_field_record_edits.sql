-- 0018: field records corrected after the fact (issue 7).
--
-- Seizures get an optional map point (WGS-84, both or neither, named as on
-- transport checks and tips) so they can be shown on the seizure's map and
-- on the 战果 dashboard map; the discovery place stays as text beside it.
-- Editing inspection groups and inspections needs no new column: both carry
-- a version (If-Match) and every change is audited with before and after.
-- The index serves the customs assessment list (newest first by level).
ALTER TABLE seizures ADD COLUMN lon DOUBLE PRECISION;
ALTER TABLE seizures ADD COLUMN lat DOUBLE PRECISION;
CREATE INDEX customs_assessments_level ON customs_assessments(level, created_at);
