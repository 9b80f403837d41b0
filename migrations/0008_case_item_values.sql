-- 0008: the value of a seized item as established for the case — an
-- appraisal (鉴定意见), the sale amount (销赃数额) or an assessment — in fen,
-- with what it rests on. The legal review uses it before assessing from the
-- species catalog; NULL means not established yet.
ALTER TABLE case_items ADD COLUMN value_fen BIGINT;
ALTER TABLE case_items ADD COLUMN value_basis TEXT NOT NULL DEFAULT '';
