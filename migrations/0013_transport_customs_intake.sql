-- 0013: transport and logistics checks (the plan's 五(五), 公安 and 交通运输),
-- customs risk assessment and seizures (五(六), 海关), and the event intake
-- of grid-worker apps and 雪亮工程 camera alerts (七(二)).
--
-- Personal data: the sender's and receiver's names and phones of a check
-- are sealed at rest (service/field_cipher.h), as a tip reporter's are. An
-- intake event keeps no reporter: the reporter travels into the tip, sealed
-- there; a refused event keeps only why, from which key and when.

-- Logistics and express companies (and bus operators) whose consignments
-- are checked: 交通运输 supervises their 抽检抽查 per company.
CREATE TABLE logistics_companies (
  id {{id}},
  name TEXT NOT NULL UNIQUE,             -- as the checker writes it, trimmed
  created_at BIGINT NOT NULL
);

CREATE TABLE transport_checks (
  id {{id}},
  kind TEXT NOT NULL,                    -- checkpoint | logistics | express | bus_station | other
  place_text TEXT NOT NULL DEFAULT '',
  lon DOUBLE PRECISION,                  -- WGS-84, both or neither
  lat DOUBLE PRECISION,
  checked_at BIGINT NOT NULL,
  company_id BIGINT REFERENCES logistics_companies(id),
  waybill_no TEXT NOT NULL DEFAULT '',
  sender_name_enc TEXT NOT NULL DEFAULT '',     -- FieldCipher "v1:…" or ''
  sender_phone_enc TEXT NOT NULL DEFAULT '',
  receiver_name_enc TEXT NOT NULL DEFAULT '',
  receiver_phone_enc TEXT NOT NULL DEFAULT '',
  vehicle_plate TEXT NOT NULL DEFAULT '',
  route_origin TEXT NOT NULL DEFAULT '',
  route_destination TEXT NOT NULL DEFAULT '',
  goods TEXT NOT NULL DEFAULT '',
  spot_check INTEGER NOT NULL DEFAULT 0, -- 抽检 (1) or a targeted check (0)
  finding TEXT NOT NULL DEFAULT 'none',  -- none | wildlife | wildlife_product | banned_tool | other
  finding_note TEXT NOT NULL DEFAULT '',
  species_text TEXT NOT NULL DEFAULT '',
  quantity BIGINT,                       -- pieces; NULL = not counted
  weight_kg DOUBLE PRECISION,            -- NULL = not weighed
  evidence_ids TEXT NOT NULL DEFAULT '[]',  -- JSON array of evidence ids
  owner_department_id BIGINT NOT NULL REFERENCES departments(id),
  -- the hand-over (移交): the case made from the finding and its transfer
  case_id BIGINT REFERENCES cases(id),
  transfer_id BIGINT,
  handed_to_department_id BIGINT REFERENCES departments(id),
  handed_over_at BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX transport_checks_checked ON transport_checks(checked_at);
CREATE INDEX transport_checks_owner ON transport_checks(owner_department_id, checked_at);
CREATE INDEX transport_checks_company ON transport_checks(company_id, checked_at);

-- The customs risk rules in force: a JSON document, each change a new
-- version (the highest is in force; none stored = the compiled-in defaults,
-- version 1).
CREATE TABLE customs_rule_sets (
  id {{id}},
  version INTEGER NOT NULL UNIQUE,
  rules TEXT NOT NULL,                   -- JSON, see service/customs_service.h
  note TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);

-- Every assessment as it was made (the audit of a recommendation).
CREATE TABLE customs_assessments (
  id {{id}},
  declaration_no TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,                    -- cargo | postal | passenger
  hs_code TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  origin_country TEXT NOT NULL DEFAULT '',      -- ISO 3166-1 alpha-2
  transit_countries TEXT NOT NULL DEFAULT '[]', -- JSON array of alpha-2 codes
  consignor TEXT NOT NULL DEFAULT '',
  consignee TEXT NOT NULL DEFAULT '',
  consignor_key TEXT NOT NULL DEFAULT '',       -- normalised for the history match
  consignee_key TEXT NOT NULL DEFAULT '',
  declared_value_fen BIGINT,
  weight_kg DOUBLE PRECISION,
  quantity BIGINT,
  score INTEGER NOT NULL,
  level TEXT NOT NULL,                   -- high | medium | low
  recommendation TEXT NOT NULL,          -- 重点查验 | 查验 | 放行
  reasons TEXT NOT NULL,                 -- JSON: [{rule, points, reason}]
  scan TEXT NOT NULL DEFAULT '{}',       -- JSON: the description's scan verdict
  rules_version INTEGER NOT NULL,
  owner_department_id BIGINT NOT NULL REFERENCES departments(id),
  created_by BIGINT NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
CREATE INDEX customs_assessments_consignor ON customs_assessments(consignor_key);
CREATE INDEX customs_assessments_consignee ON customs_assessments(consignee_key);
CREATE INDEX customs_assessments_hs ON customs_assessments(hs_code);
CREATE INDEX customs_assessments_created ON customs_assessments(created_at);

-- Seizures with the trade chain as ETIS records it.
CREATE TABLE seizures (
  id {{id}},
  reference_no TEXT NOT NULL DEFAULT '',
  seized_at BIGINT NOT NULL,
  discovery_place TEXT NOT NULL DEFAULT '',     -- where it was found (口岸, 邮件处理中心 …)
  discovery_country TEXT NOT NULL DEFAULT 'CN',
  species_text TEXT NOT NULL DEFAULT '',
  product_type TEXT NOT NULL,            -- raw_ivory | worked_ivory | scales | horn | skin | live | meat | other
  quantity_pieces BIGINT,
  weight_kg DOUBLE PRECISION,
  origins TEXT NOT NULL DEFAULT '[]',    -- JSON: [{country, share_pct}]
  export_country TEXT NOT NULL DEFAULT '',
  transit TEXT NOT NULL DEFAULT '[]',    -- JSON: [{country, chain_of_custody}]
  destination_country TEXT NOT NULL DEFAULT '',
  consignor TEXT NOT NULL DEFAULT '',
  consignee TEXT NOT NULL DEFAULT '',
  consignor_key TEXT NOT NULL DEFAULT '',
  consignee_key TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  assessment_id BIGINT REFERENCES customs_assessments(id),
  case_id BIGINT REFERENCES cases(id),
  owner_department_id BIGINT NOT NULL REFERENCES departments(id),
  created_by BIGINT NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX seizures_seized ON seizures(seized_at);
CREATE INDEX seizures_consignor ON seizures(consignor_key);
CREATE INDEX seizures_consignee ON seizures(consignee_key);

-- Accepted intake events: one per (key, event id), each with its tip.
CREATE TABLE intake_events (
  id {{id}},
  api_key_id BIGINT NOT NULL,            -- api_keys(id) of the sending system
  user_id BIGINT NOT NULL,               -- the integration account of that key
  event_id TEXT NOT NULL,                -- the sender's id of the event
  source TEXT NOT NULL,                  -- grid_worker | xueliang_video
  occurred_at BIGINT NOT NULL,
  place_text TEXT NOT NULL DEFAULT '',
  lon DOUBLE PRECISION,
  lat DOUBLE PRECISION,
  species_text TEXT NOT NULL DEFAULT '',
  camera_id TEXT NOT NULL DEFAULT '',
  payload_sha256 TEXT NOT NULL,          -- of the raw body as signed
  tip_id BIGINT NOT NULL REFERENCES tips(id),
  received_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX intake_events_key_event ON intake_events(api_key_id, event_id);
CREATE INDEX intake_events_received ON intake_events(received_at);

-- Refused deliveries: why, from which key (when known) and when — never
-- the body or the key.
CREATE TABLE intake_rejections (
  id {{id}},
  api_key_id BIGINT,                     -- NULL: no valid key presented
  reason TEXT NOT NULL,                  -- unauthenticated | forbidden | bad_timestamp | stale_timestamp | missing_signature | bad_signature | malformed | invalid
  detail TEXT NOT NULL DEFAULT '',       -- field names or header problems, no values
  client_address TEXT NOT NULL DEFAULT '',
  received_at BIGINT NOT NULL
);
CREATE INDEX intake_rejections_received ON intake_rejections(received_at);
