-- 0012: places and joint inspections (集中清理整顿, the plan's 五(四)) —
-- the registry of markets, shops, restaurants, breeding farms with their
-- 人工繁育许可证, exhibition units, tool shops and processing plants; the
-- joint inspection groups of 市场监管, 林草, 农业农村 (and 公安); the
-- checklist of each place type (edited by the office, every edit a new
-- version); inspections with their answers, the animals counted on a farm
-- and the findings; rectification orders and their re-inspection.
--
-- Places are a shared registry every staff member reads; owner_department_id
-- records who registered the place. Inspections belong to the recording
-- department and are shared (record_shares, entity 'inspection') with the
-- departments of the group's members and of the inspectors; a rectification
-- order is seen by whoever sees its inspection.

CREATE TABLE places (
  id {{id}},
  place_type TEXT NOT NULL,                -- farmers_market | flower_bird_market | market_shop | …
  name TEXT NOT NULL,
  parent_id BIGINT REFERENCES places(id),  -- the market a shop is in
  address TEXT NOT NULL DEFAULT '',
  township TEXT NOT NULL DEFAULT '',       -- 乡镇/街道
  lon DOUBLE PRECISION,                    -- WGS-84; NULL = not located
  lat DOUBLE PRECISION,
  operator_name TEXT NOT NULL DEFAULT '',  -- 经营者/负责人
  contact_phone TEXT NOT NULL DEFAULT '',
  business_licence_no TEXT NOT NULL DEFAULT '',  -- 营业执照号/统一社会信用代码
  owner_department_id BIGINT NOT NULL REFERENCES departments(id),
  status TEXT NOT NULL DEFAULT 'active',   -- active | rectifying (整改中) | closed (取缔)
  closed_at BIGINT NOT NULL DEFAULT 0,     -- 取缔 date; 0 = not closed
  closure_basis TEXT NOT NULL DEFAULT '',  -- 取缔依据 (decision number, law)
  note TEXT NOT NULL DEFAULT '',
  demo INTEGER NOT NULL DEFAULT 0,         -- 1: invented demo data
  created_by BIGINT NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX places_type ON places(place_type, status);
CREATE INDEX places_township ON places(township);
CREATE INDEX places_parent ON places(parent_id);

-- 人工繁育许可证 of a breeding farm; replaced as a whole when the place is edited.
CREATE TABLE breeding_licences (
  id {{id}},
  place_id BIGINT NOT NULL REFERENCES places(id),
  licence_no TEXT NOT NULL,
  issuer TEXT NOT NULL DEFAULT '',
  valid_from BIGINT NOT NULL DEFAULT 0,    -- epoch ms, 0 = not stated
  valid_to BIGINT NOT NULL,                -- epoch ms, last moment of validity
  seq INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX breeding_licences_place ON breeding_licences(place_id);
CREATE INDEX breeding_licences_valid_to ON breeding_licences(valid_to);

CREATE TABLE breeding_licence_species (
  id {{id}},
  licence_id BIGINT NOT NULL REFERENCES breeding_licences(id),
  species_text TEXT NOT NULL,
  species_id BIGINT,                       -- the catalog's record when the name resolves
  quantity BIGINT NOT NULL,                -- licensed head count
  seq INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX breeding_licence_species_licence ON breeding_licence_species(licence_id);

CREATE TABLE inspection_groups (
  id {{id}},
  name TEXT NOT NULL,
  lead_department_id BIGINT NOT NULL REFERENCES departments(id),
  note TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE inspection_group_members (
  group_id BIGINT NOT NULL REFERENCES inspection_groups(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  leader INTEGER NOT NULL DEFAULT 0,       -- 1: 组长
  PRIMARY KEY (group_id, user_id)
);

-- Every edit of a place type's checklist is a new row; the newest is in
-- force, and an inspection names the version it answered.
CREATE TABLE inspection_checklists (
  id {{id}},
  place_type TEXT NOT NULL,
  version INTEGER NOT NULL,
  items TEXT NOT NULL,                     -- JSON: [{"code","text","finding_kind"}]
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  UNIQUE (place_type, version)
);

CREATE TABLE inspections (
  id {{id}},
  place_id BIGINT NOT NULL REFERENCES places(id),
  group_id BIGINT REFERENCES inspection_groups(id),
  inspected_at BIGINT NOT NULL,
  checklist_version INTEGER NOT NULL DEFAULT 0,
  answers TEXT NOT NULL DEFAULT '[]',      -- JSON: [{"code","text","result","note"}]
  flags TEXT NOT NULL DEFAULT '[]',        -- JSON: the licence checks of a farm
  conclusion TEXT NOT NULL DEFAULT '',
  owner_department_id BIGINT NOT NULL REFERENCES departments(id),
  created_by BIGINT NOT NULL DEFAULT 0,
  case_id BIGINT REFERENCES cases(id),
  demo INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX inspections_place ON inspections(place_id, inspected_at);
CREATE INDEX inspections_owner ON inspections(owner_department_id);
CREATE INDEX inspections_inspected ON inspections(inspected_at);

CREATE TABLE inspection_inspectors (
  inspection_id BIGINT NOT NULL REFERENCES inspections(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  PRIMARY KEY (inspection_id, user_id)
);

-- Animals counted on the spot (存栏), with what the valid licences allow.
CREATE TABLE inspection_holdings (
  id {{id}},
  inspection_id BIGINT NOT NULL REFERENCES inspections(id),
  species_text TEXT NOT NULL,
  species_id BIGINT,
  counted BIGINT NOT NULL,
  licensed BIGINT NOT NULL DEFAULT 0,      -- sum over the valid licences at inspected_at
  seq INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX inspection_holdings_inspection ON inspection_holdings(inspection_id);

CREATE TABLE inspection_findings (
  id {{id}},
  inspection_id BIGINT NOT NULL REFERENCES inspections(id),
  kind TEXT NOT NULL,                      -- illegal_sale | unlicensed_breeding | over_licence | …
  note TEXT NOT NULL DEFAULT '',
  evidence_ids TEXT NOT NULL DEFAULT '[]', -- JSON array of evidence_files ids
  automatic INTEGER NOT NULL DEFAULT 0,    -- 1: added by the licence check
  species_text TEXT NOT NULL DEFAULT '',
  counted BIGINT NOT NULL DEFAULT 0,
  licensed BIGINT NOT NULL DEFAULT 0,
  seq INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX inspection_findings_inspection ON inspection_findings(inspection_id);

CREATE TABLE rectification_orders (
  id {{id}},
  inspection_id BIGINT NOT NULL REFERENCES inspections(id),
  place_id BIGINT NOT NULL REFERENCES places(id),
  requirement TEXT NOT NULL,
  deadline BIGINT NOT NULL,                -- epoch ms
  state TEXT NOT NULL DEFAULT 'open',      -- open | done | not_done
  recheck_note TEXT NOT NULL DEFAULT '',
  rechecked_at BIGINT NOT NULL DEFAULT 0,
  rechecked_by BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX rectification_orders_inspection ON rectification_orders(inspection_id);
CREATE INDEX rectification_orders_due ON rectification_orders(state, deadline);
