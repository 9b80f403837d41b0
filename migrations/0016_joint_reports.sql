-- 0016: the joint-action report (联合行动报告, the plan's 七(三): the office
-- 统计汇总各部门的行动战果…编写联合行动报告，总结成绩，指出不足，提出建议) and
-- its press release. A draft keeps what the office decides: the period, the
-- typical cases it chose (JSON array of case ids, in the order shown) and the
-- prose it wrote; the figures, tables and charts are generated from the
-- records at export time. Every write is audited (entity 'joint_report').

CREATE TABLE joint_reports (
  id {{id}},
  title TEXT NOT NULL,
  period_from BIGINT NOT NULL,             -- epoch ms, inclusive
  period_to BIGINT NOT NULL,               -- epoch ms, exclusive
  case_ids TEXT NOT NULL DEFAULT '[]',     -- 典型案例: JSON array of case ids
  overview_note TEXT NOT NULL DEFAULT '',  -- added after the generated 总体情况
  achievements TEXT NOT NULL DEFAULT '',   -- 成绩
  shortcomings TEXT NOT NULL DEFAULT '',   -- 不足
  suggestions TEXT NOT NULL DEFAULT '',    -- 建议
  state TEXT NOT NULL DEFAULT 'draft',     -- draft (草稿) | final (定稿)
  demo INTEGER NOT NULL DEFAULT 0,         -- 1: invented demo data
  created_by BIGINT NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX joint_reports_period ON joint_reports(period_from, period_to);
