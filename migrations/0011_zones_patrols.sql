-- 0011: protected zones and ranger patrols (野外巡护值守, the plan's 五(二)).
--
-- A zone's boundary is kept as GeoJSON text (checked by src/geo before it is
-- written: a valid Polygon or MultiPolygon in WGS-84) with its bounding box
-- and area beside it, so lists and map windows filter on plain columns and
-- neither backend needs a spatial extension. Coverage is computed from the
-- boundary and the tracks by GEOS in the application.
--
-- Patrols belong to the department that recorded them (row-level rule);
-- zones and plans are shared reference data every staff member reads.

CREATE TABLE zones (
  id {{id}},
  name TEXT NOT NULL,
  kind TEXT NOT NULL,                       -- nature_reserve | forest_farm | no_fishing_water | bird_wintering | other
  township TEXT NOT NULL DEFAULT '',        -- 所在乡镇
  unit TEXT NOT NULL DEFAULT '',            -- 管护单位
  responsible_person TEXT NOT NULL DEFAULT '',
  responsible_phone TEXT NOT NULL DEFAULT '',
  owner_department_id BIGINT NOT NULL REFERENCES departments(id),
  demo INTEGER NOT NULL DEFAULT 0,          -- 1: demo data (qingfeng demo)
  geometry TEXT NOT NULL,                   -- GeoJSON Polygon | MultiPolygon
  min_lon DOUBLE PRECISION NOT NULL,
  min_lat DOUBLE PRECISION NOT NULL,
  max_lon DOUBLE PRECISION NOT NULL,
  max_lat DOUBLE PRECISION NOT NULL,
  area_km2 DOUBLE PRECISION NOT NULL,
  created_by BIGINT NOT NULL DEFAULT 0,     -- user; 0 = CLI
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX zones_kind_name ON zones(kind, name);
CREATE INDEX zones_name ON zones(name);

CREATE TABLE patrol_plans (
  id {{id}},
  zone_id BIGINT NOT NULL REFERENCES zones(id),
  team TEXT NOT NULL,                       -- 巡护队 as the patrols name it; '' = any team
  period_from BIGINT NOT NULL,              -- epoch ms, inclusive
  period_to BIGINT NOT NULL,                -- epoch ms, exclusive
  target_patrols INTEGER NOT NULL DEFAULT 0,
  target_km DOUBLE PRECISION NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT '',
  owner_department_id BIGINT NOT NULL REFERENCES departments(id),
  created_by BIGINT NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX patrol_plans_zone_period ON patrol_plans(zone_id, period_from);
CREATE INDEX patrol_plans_period ON patrol_plans(period_from);

CREATE TABLE patrols (
  id {{id}},
  owner_department_id BIGINT NOT NULL REFERENCES departments(id),
  zone_id BIGINT REFERENCES zones(id),      -- NULL: not in a registered zone
  team TEXT NOT NULL,
  members TEXT NOT NULL DEFAULT '[]',       -- JSON array of names
  transport TEXT NOT NULL,                  -- foot | vehicle | motorbike | boat | horse | other
  started_at BIGINT NOT NULL,
  ended_at BIGINT,                          -- NULL: still out (open)
  km DOUBLE PRECISION NOT NULL DEFAULT 0,
  hours DOUBLE PRECISION NOT NULL DEFAULT 0, -- the track's time span if timed, else end − start
  track TEXT,                               -- GeoJSON LineString; NULL = none yet
  track_points INTEGER NOT NULL DEFAULT 0,
  track_hours DOUBLE PRECISION,             -- first to last timed point; NULL = no times
  note TEXT NOT NULL DEFAULT '',
  demo INTEGER NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX patrols_started ON patrols(started_at);
CREATE INDEX patrols_zone_started ON patrols(zone_id, started_at);
CREATE INDEX patrols_owner_started ON patrols(owner_department_id, started_at);
CREATE INDEX patrols_creator_started ON patrols(created_by, started_at);
CREATE INDEX patrols_team_started ON patrols(team, started_at);

CREATE TABLE patrol_observations (
  id {{id}},
  patrol_id BIGINT NOT NULL REFERENCES patrols(id),
  kind TEXT NOT NULL,                       -- trap_removal | wildlife | suspicious | violation | other
  tool_kind TEXT NOT NULL DEFAULT '',       -- trap_removal: snare | leghold_trap | mist_net | ground_gun | electrofishing | poison | other
  item_count INTEGER,                       -- NULL: not counted
  species_text TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  lon DOUBLE PRECISION NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  observed_at BIGINT NOT NULL,
  evidence_ids TEXT NOT NULL DEFAULT '[]',  -- JSON array of evidence file ids
  tip_id BIGINT REFERENCES tips(id),
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX patrol_observations_patrol ON patrol_observations(patrol_id, observed_at);
CREATE INDEX patrol_observations_kind ON patrol_observations(kind, observed_at);
