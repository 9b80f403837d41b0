-- 0014: publicity and training records (宣传培训, the plan's 七(三)/(五)) and
-- the periodic reporting of the departments to the coordination office
-- (情况报告制度).
--
-- A publicity event belongs to its organiser department (the row-level rule
-- decides who sees it). Reporting: the office opens a period; every
-- top-level department owes one submission per period; the submission keeps
-- the figures pre-filled from the statistics when the draft was first made
-- (refreshed only on request), the department's own text and attachments.
-- first_submitted_at keeps the first submission, so a report returned for
-- correction and submitted again still counts as on time when the first
-- one was.

CREATE TABLE publicity_events (
  id {{id}},
  kind TEXT NOT NULL,                      -- announcement | poster | case_publicity | media | training
  title TEXT NOT NULL,
  held_at BIGINT NOT NULL,                 -- epoch ms
  place TEXT NOT NULL DEFAULT '',
  audience TEXT NOT NULL DEFAULT '',       -- 对象: 群众, 商户, 执法人员 …
  attendees BIGINT NOT NULL DEFAULT 0,     -- people reached/attending; 0 = unknown
  organiser_department_id BIGINT NOT NULL REFERENCES departments(id),
  note TEXT NOT NULL DEFAULT '',
  evidence_ids TEXT NOT NULL DEFAULT '[]', -- JSON array of evidence ids (photos, sign-in sheets)
  demo INTEGER NOT NULL DEFAULT 0,         -- 1: invented demo data
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX publicity_events_held ON publicity_events(held_at);
CREATE INDEX publicity_events_organiser ON publicity_events(organiser_department_id, held_at);
CREATE INDEX publicity_events_kind ON publicity_events(kind, held_at);

CREATE TABLE report_periods (
  id {{id}},
  kind TEXT NOT NULL,                      -- weekly | monthly | campaign
  title TEXT NOT NULL,
  period_from BIGINT NOT NULL,             -- epoch ms, inclusive
  period_to BIGINT NOT NULL,               -- epoch ms, exclusive
  due_at BIGINT NOT NULL,                  -- submissions after this are late
  demo INTEGER NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX report_periods_from ON report_periods(period_from);

CREATE TABLE report_submissions (
  id {{id}},
  period_id BIGINT NOT NULL REFERENCES report_periods(id),
  department_id BIGINT NOT NULL REFERENCES departments(id),
  state TEXT NOT NULL,                     -- draft | submitted | returned | accepted
  figures TEXT NOT NULL DEFAULT '{}',      -- JSON: the statistics of the department and period
  figures_at BIGINT NOT NULL DEFAULT 0,    -- when the figures were taken
  body TEXT NOT NULL DEFAULT '',
  evidence_ids TEXT NOT NULL DEFAULT '[]',
  submitted_at BIGINT NOT NULL DEFAULT 0,  -- latest submission; 0 = never submitted
  first_submitted_at BIGINT NOT NULL DEFAULT 0,
  returned_reason TEXT NOT NULL DEFAULT '',
  accepted_at BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (period_id, department_id)
);
CREATE INDEX report_submissions_department ON report_submissions(department_id);
