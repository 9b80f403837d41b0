-- 0009: online listings (网上巡查, the plan's 五(三)) — posts that platforms
-- and 网信/市场监管 staff hand in, the scanner's verdict on each, the
-- reviewers' decision, the takedown that follows and the case it becomes.
--
-- A listing is identified by (platform, external_id) when the platform
-- gives an id, else by (platform, content_hash): a resubmission of the same
-- post is a duplicate, an edited post (new hash, same id) is re-scanned.
-- The current verdict is copied onto the listing (risk_rank, category) so
-- the review queue sorts and filters on one table; every scan with its full
-- explanation stays in listing_scans.

CREATE TABLE listings (
  id {{id}},
  platform TEXT NOT NULL,                  -- e.g. 闲鱼, 拼多多, 抖音 (as the submitter names it)
  external_id TEXT NOT NULL DEFAULT '',    -- the platform's id of the post; '' = none given
  url TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',           -- the post's text as received (valid UTF-8)
  seller_account TEXT NOT NULL DEFAULT '', -- the platform's account id of the seller
  seller_name TEXT NOT NULL DEFAULT '',    -- shop or display name
  price_fen BIGINT,                        -- NULL: no price given
  posted_at BIGINT NOT NULL DEFAULT 0,     -- 0: unknown
  received_at BIGINT NOT NULL,             -- first received
  content_hash TEXT NOT NULL,              -- SHA-256 hex of title, body and price
  revision INTEGER NOT NULL DEFAULT 1,     -- +1 each time an edited post comes in
  submitted_by BIGINT NOT NULL DEFAULT 0,  -- user (platform key or staff); 0 = CLI
  -- the current verdict (a copy of the latest listing_scans row)
  lexicon_version TEXT NOT NULL DEFAULT '',
  risk TEXT NOT NULL DEFAULT 'none',       -- high | medium | low | none
  risk_rank INTEGER NOT NULL DEFAULT 0,    -- 3 high … 0 none, for sorting
  category TEXT NOT NULL DEFAULT 'none',   -- wildlife | tool | marketing | none
  score DOUBLE PRECISION NOT NULL DEFAULT 0,
  -- review: unflagged (未命中) | pending (待审核) → confirmed (确认违法) | dismissed (排除)
  review_state TEXT NOT NULL,
  reviewer_id BIGINT REFERENCES users(id),
  review_note TEXT NOT NULL DEFAULT '',
  reviewed_at BIGINT NOT NULL DEFAULT 0,
  -- takedown: '' | requested (已通知) → taken_down (平台已下架) → verified (复查已下架) | still_online (复查仍在线)
  takedown_state TEXT NOT NULL DEFAULT '',
  takedown_requested_at BIGINT NOT NULL DEFAULT 0,
  platform_notified_at BIGINT NOT NULL DEFAULT 0,
  taken_down_at BIGINT NOT NULL DEFAULT 0,
  rechecked_at BIGINT NOT NULL DEFAULT 0,
  takedown_note TEXT NOT NULL DEFAULT '',
  case_id BIGINT REFERENCES cases(id),
  tip_id BIGINT REFERENCES tips(id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
-- Dedupe keys (partial indexes: SQLite ≥ 3.8 and PostgreSQL both have them).
CREATE UNIQUE INDEX listings_platform_external ON listings(platform, external_id)
  WHERE external_id <> '';
CREATE INDEX listings_platform_hash ON listings(platform, content_hash);
-- The review queue: state first (pending), then risk, oldest first.
CREATE INDEX listings_queue ON listings(review_state, risk_rank, received_at);
CREATE INDEX listings_received ON listings(received_at);
CREATE INDEX listings_seller ON listings(platform, seller_account);

CREATE TABLE listing_scans (
  id {{id}},
  listing_id BIGINT NOT NULL REFERENCES listings(id),
  lexicon_version TEXT NOT NULL,
  risk TEXT NOT NULL,
  category TEXT NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  explanation TEXT NOT NULL,               -- JSON: hits with original spans, reasons, species
  scanned_at BIGINT NOT NULL
);
CREATE INDEX listing_scans_listing ON listing_scans(listing_id);
