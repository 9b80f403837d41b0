#include "store/zone_repository.h"

#include "core/clock.h"
#include "store/row_reader.h"

namespace qf::store {
namespace {

const char* kSelect =
    "SELECT z.id, z.name, z.kind, z.township, z.unit, z.responsible_person, "
    "z.responsible_phone, z.owner_department_id, d.code, z.demo, z.geometry, z.min_lon, "
    "z.min_lat, z.max_lon, z.max_lat, z.area_km2, z.created_by, z.version, z.created_at, "
    "z.updated_at FROM zones z JOIN departments d ON d.id = z.owner_department_id";

Zone from_row(const soci::row& r) {
  Zone z;
  z.id = row_int(r, 0);
  z.name = row_text(r, 1);
  z.kind = row_text(r, 2);
  z.township = row_text(r, 3);
  z.unit = row_text(r, 4);
  z.responsible_person = row_text(r, 5);
  z.responsible_phone = row_text(r, 6);
  z.owner_department_id = row_int(r, 7);
  z.department_code = row_text(r, 8);
  z.demo = row_int(r, 9) != 0;
  z.geometry = row_text(r, 10);
  z.min_lon = row_double(r, 11);
  z.min_lat = row_double(r, 12);
  z.max_lon = row_double(r, 13);
  z.max_lat = row_double(r, 14);
  z.area_km2 = row_double(r, 15);
  z.created_by = row_int(r, 16);
  z.version = static_cast<int>(row_int(r, 17));
  z.created_at = row_int(r, 18);
  z.updated_at = row_int(r, 19);
  return z;
}

}  // namespace

Result<Zone> ZoneRepository::insert(soci::session& s, Zone z) {
  z.created_at = z.updated_at = now_ms();
  z.version = 1;
  long long owner = z.owner_department_id, by = z.created_by, created = z.created_at, id = 0;
  int demo = z.demo ? 1 : 0;
  s << "INSERT INTO zones (name, kind, township, unit, responsible_person, responsible_phone, "
       "owner_department_id, demo, geometry, min_lon, min_lat, max_lon, max_lat, area_km2, "
       "created_by, version, created_at, updated_at) VALUES (:name, :kind, :township, :unit, "
       ":person, :phone, :owner, :demo, :geometry, :min_lon, :min_lat, :max_lon, :max_lat, "
       ":area, :by, 1, :c, :u) RETURNING id",
      soci::use(z.name), soci::use(z.kind), soci::use(z.township), soci::use(z.unit),
      soci::use(z.responsible_person), soci::use(z.responsible_phone), soci::use(owner),
      soci::use(demo), soci::use(z.geometry), soci::use(z.min_lon), soci::use(z.min_lat),
      soci::use(z.max_lon), soci::use(z.max_lat), soci::use(z.area_km2), soci::use(by),
      soci::use(created), soci::use(created), soci::into(id);
  auto stored = find_by_id(s, id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return fail(ErrorCode::kInternal, "新建的区域未能读回");
  return **stored;
}

Result<Zone> ZoneRepository::update(soci::session& s, Zone z, int expected_version) {
  z.updated_at = now_ms();
  long long updated = z.updated_at, id = z.id;
  soci::statement st =
      (s.prepare << "UPDATE zones SET name = :name, kind = :kind, township = :township, unit = "
                    ":unit, responsible_person = :person, responsible_phone = :phone, geometry = "
                    ":geometry, min_lon = :min_lon, min_lat = :min_lat, max_lon = :max_lon, "
                    "max_lat = :max_lat, area_km2 = :area, version = version + 1, updated_at = "
                    ":u WHERE id = :id AND version = :v",
       soci::use(z.name), soci::use(z.kind), soci::use(z.township), soci::use(z.unit),
       soci::use(z.responsible_person), soci::use(z.responsible_phone), soci::use(z.geometry),
       soci::use(z.min_lon), soci::use(z.min_lat), soci::use(z.max_lon), soci::use(z.max_lat),
       soci::use(z.area_km2), soci::use(updated), soci::use(id), soci::use(expected_version));
  st.execute(true);
  const bool changed = st.get_affected_rows() == 1;
  auto stored = find_by_id(s, z.id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return not_found("区域不存在");
  if (!changed) return fail(ErrorCode::kPreconditionFailed, "该区域已被他人修改，请刷新后重试");
  return **stored;
}

Result<std::optional<Zone>> ZoneRepository::find_by_id(soci::session& s, std::int64_t id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelect) + " WHERE z.id = :id", soci::use(key));
  for (const auto& r : rows) return std::optional<Zone>(from_row(r));
  return std::optional<Zone>();
}

Result<std::vector<Zone>> ZoneRepository::list(soci::session& s, const ZoneQuery& q,
                                               std::int64_t* total) {
  int has_kind = q.kind ? 1 : 0;
  std::string kind = q.kind.value_or("");
  const std::string where = " WHERE (:fk = 0 OR z.kind = :k)";
  if (total) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM zones z" + where, soci::into(n), soci::use(has_kind),
        soci::use(kind);
    *total = n;
  }
  int limit = q.limit, offset = q.offset;
  std::vector<Zone> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelect) + where + " ORDER BY z.name, z.id LIMIT :l OFFSET :o",
       soci::use(has_kind), soci::use(kind), soci::use(limit), soci::use(offset));
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

}  // namespace qf::store
