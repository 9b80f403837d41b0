-- 0005: the outgoing-webhook outbox and delivery log (重特大案件随时报告).
-- A row is inserted in the same transaction as the change it reports, so a
-- rolled-back change sends nothing and a committed one is never lost; the
-- dispatcher of any node claims due rows (claimed_by/claimed_until, a lease
-- that expires if that node dies) and records every attempt here.

CREATE TABLE webhook_deliveries (
  id {{id}},
  event TEXT NOT NULL,                      -- e.g. case.major
  entity TEXT NOT NULL,                     -- e.g. case
  entity_id BIGINT NOT NULL,
  payload TEXT NOT NULL,                    -- JSON object, no confidential fields
  status TEXT NOT NULL DEFAULT 'pending',   -- pending | delivered | failed
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_status_code INTEGER NOT NULL DEFAULT 0,  -- 0: no HTTP answer
  last_error TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  delivered_at BIGINT NOT NULL DEFAULT 0,
  claimed_by TEXT NOT NULL DEFAULT '',
  claimed_until BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
CREATE INDEX webhook_deliveries_entity ON webhook_deliveries(entity, entity_id);
