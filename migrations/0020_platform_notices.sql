-- 0020: takedown notices sent to the platforms (issue 4: "confirm … sends a
-- takedown notice to the platform"; 通知 → 平台已下架 → 复查).
--
-- platform_endpoints is the registry of platforms that take notices: the
-- platform's code is the `platform` string its listings carry; the notice
-- URL and the HMAC secret (sealed with the data key, service/field_cipher.h,
-- because the dispatcher must sign with it — a hash would not do) say where
-- and how notices are sent; account_user_id is the integration account
-- whose key acknowledges takedowns for the platform.
--
-- takedown_notices keeps one row per takedown request (each round of
-- 要求下架): by webhook (a webhook_deliveries row queued in the same
-- transaction as the request) or by hand when the platform has no enabled
-- endpoint. requested_at equals the listing's takedown_requested_at of the
-- round, so the current round's notice is found by that equality.
--
-- webhook_deliveries gains a target: '' is the configured major-case
-- webhook, 'platform:<code>' the platform's endpoint, resolved when sent.

ALTER TABLE webhook_deliveries ADD COLUMN target TEXT NOT NULL DEFAULT '';

CREATE TABLE platform_endpoints (
  id {{id}},
  code TEXT NOT NULL UNIQUE,               -- as listings name the platform (闲鱼, 拼多多 …)
  name TEXT NOT NULL DEFAULT '',           -- display name (operator company)
  notice_url TEXT NOT NULL DEFAULT '',     -- http:// receiver of takedown notices
  secret_sealed TEXT NOT NULL DEFAULT '',  -- FieldCipher-sealed HMAC key; never returned
  secret_hint TEXT NOT NULL DEFAULT '',    -- first characters, to tell keys apart
  enabled INTEGER NOT NULL DEFAULT 0,      -- 1: notices are sent
  deadline_hours INTEGER NOT NULL DEFAULT 24,
  account_user_id BIGINT REFERENCES users(id),  -- integration account that acknowledges
  note TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE takedown_notices (
  id {{id}},
  listing_id BIGINT NOT NULL REFERENCES listings(id),
  platform TEXT NOT NULL,
  channel TEXT NOT NULL,                   -- webhook | manual
  delivery_id BIGINT REFERENCES webhook_deliveries(id),  -- NULL for manual
  requested_at BIGINT NOT NULL,            -- = listings.takedown_requested_at of the round
  deadline_at BIGINT NOT NULL,
  sent_at BIGINT NOT NULL DEFAULT 0,       -- webhook delivered
  acknowledged_at BIGINT NOT NULL DEFAULT 0,  -- taken_down reported
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX takedown_notices_listing ON takedown_notices(listing_id, requested_at);
CREATE INDEX takedown_notices_deadline ON takedown_notices(deadline_at);
