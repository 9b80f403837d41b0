#include "store/transport_check_repository.h"

#include "core/clock.h"
#include "store/row_reader.h"

namespace qf::store {
namespace {

const char* kSelect =
    "SELECT t.id, t.kind, t.place_text, t.lon, t.lat, t.checked_at, t.company_id, "
    "COALESCE(c.name, ''), t.waybill_no, t.sender_name_enc, t.sender_phone_enc, "
    "t.receiver_name_enc, t.receiver_phone_enc, t.vehicle_plate, t.route_origin, "
    "t.route_destination, t.goods, t.spot_check, t.finding, t.finding_note, t.species_text, "
    "t.quantity, t.weight_kg, t.evidence_ids, t.owner_department_id, COALESCE(o.code, ''), "
    "t.case_id, t.transfer_id, t.handed_to_department_id, COALESCE(h.code, ''), "
    "t.handed_over_at, t.created_by, t.version, t.created_at, t.updated_at "
    "FROM transport_checks t "
    "LEFT JOIN logistics_companies c ON c.id = t.company_id "
    "LEFT JOIN departments o ON o.id = t.owner_department_id "
    "LEFT JOIN departments h ON h.id = t.handed_to_department_id";

// The row-level rule in SQL: own department's checks and shared ones.
const char* kVisible =
    "(:fv = 0 OR t.owner_department_id = :v OR EXISTS (SELECT 1 FROM record_shares r WHERE "
    "r.entity = 'transport_check' AND r.entity_id = t.id AND r.department_id = :v2))";

std::optional<std::int64_t> optional_int(const soci::row& r, std::size_t i) {
  if (row_is_null(r, i)) return std::nullopt;
  return row_int(r, i);
}

std::optional<double> optional_double(const soci::row& r, std::size_t i) {
  if (row_is_null(r, i)) return std::nullopt;
  return row_double(r, i);
}

TransportCheck from_row(const soci::row& r) {
  TransportCheck c;
  c.id = row_int(r, 0);
  c.kind = row_text(r, 1);
  c.place_text = row_text(r, 2);
  c.lon = optional_double(r, 3);
  c.lat = optional_double(r, 4);
  c.checked_at = row_int(r, 5);
  c.company_id = optional_int(r, 6);
  c.company_name = row_text(r, 7);
  c.waybill_no = row_text(r, 8);
  c.sender_name_enc = row_text(r, 9);
  c.sender_phone_enc = row_text(r, 10);
  c.receiver_name_enc = row_text(r, 11);
  c.receiver_phone_enc = row_text(r, 12);
  c.vehicle_plate = row_text(r, 13);
  c.route_origin = row_text(r, 14);
  c.route_destination = row_text(r, 15);
  c.goods = row_text(r, 16);
  c.spot_check = row_int(r, 17) != 0;
  c.finding = row_text(r, 18);
  c.finding_note = row_text(r, 19);
  c.species_text = row_text(r, 20);
  c.quantity = optional_int(r, 21);
  c.weight_kg = optional_double(r, 22);
  c.evidence_ids_json = row_text(r, 23);
  c.owner_department_id = row_int(r, 24);
  c.owner_department_code = row_text(r, 25);
  c.case_id = optional_int(r, 26);
  c.transfer_id = optional_int(r, 27);
  c.handed_to_department_id = optional_int(r, 28);
  c.handed_to_department_code = row_text(r, 29);
  c.handed_over_at = row_int(r, 30);
  c.created_by = row_int(r, 31);
  c.version = static_cast<int>(row_int(r, 32));
  c.created_at = row_int(r, 33);
  c.updated_at = row_int(r, 34);
  return c;
}

struct NullableInt {
  explicit NullableInt(const std::optional<std::int64_t>& v)
      : value(v.value_or(0)), ind(v ? soci::i_ok : soci::i_null) {}
  long long value;
  soci::indicator ind;
};

struct NullableDouble {
  explicit NullableDouble(const std::optional<double>& v)
      : value(v.value_or(0)), ind(v ? soci::i_ok : soci::i_null) {}
  double value;
  soci::indicator ind;
};

}  // namespace

Result<TransportCheck> TransportCheckRepository::insert(soci::session& s, TransportCheck c) {
  c.created_at = c.updated_at = now_ms();
  c.version = 1;
  NullableDouble lon(c.lon), lat(c.lat), weight(c.weight_kg);
  NullableInt company(c.company_id), quantity(c.quantity);
  long long checked = c.checked_at, owner = c.owner_department_id, by = c.created_by,
            created = c.created_at, id = 0;
  int spot = c.spot_check ? 1 : 0;
  s << "INSERT INTO transport_checks (kind, place_text, lon, lat, checked_at, company_id, "
       "waybill_no, sender_name_enc, sender_phone_enc, receiver_name_enc, receiver_phone_enc, "
       "vehicle_plate, route_origin, route_destination, goods, spot_check, finding, finding_note, "
       "species_text, quantity, weight_kg, evidence_ids, owner_department_id, created_by, version, "
       "created_at, updated_at) VALUES (:kind, :place, :lon, :lat, :checked, :company, :waybill, "
       ":sn, :sp, :rn, :rp, :plate, :origin, :dest, :goods, :spot, :finding, :note, :species, "
       ":qty, :weight, :evidence, :owner, :by, 1, :c, :u) RETURNING id",
      soci::use(c.kind), soci::use(c.place_text), soci::use(lon.value, lon.ind),
      soci::use(lat.value, lat.ind), soci::use(checked), soci::use(company.value, company.ind),
      soci::use(c.waybill_no), soci::use(c.sender_name_enc), soci::use(c.sender_phone_enc),
      soci::use(c.receiver_name_enc), soci::use(c.receiver_phone_enc), soci::use(c.vehicle_plate),
      soci::use(c.route_origin), soci::use(c.route_destination), soci::use(c.goods),
      soci::use(spot), soci::use(c.finding), soci::use(c.finding_note), soci::use(c.species_text),
      soci::use(quantity.value, quantity.ind), soci::use(weight.value, weight.ind),
      soci::use(c.evidence_ids_json), soci::use(owner), soci::use(by), soci::use(created),
      soci::use(created), soci::into(id);
  auto stored = find_by_id(s, id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return fail(ErrorCode::kInternal, "运输检查记录写入后无法读取");
  return **stored;
}

Result<TransportCheck> TransportCheckRepository::record_handover(soci::session& s,
                                                                 const TransportCheck& c,
                                                                 int expected_version) {
  NullableInt case_id(c.case_id), transfer_id(c.transfer_id), to(c.handed_to_department_id);
  long long at = c.handed_over_at, updated = now_ms(), id = c.id;
  soci::statement st =
      (s.prepare << "UPDATE transport_checks SET case_id = :case_id, transfer_id = :transfer, "
                    "handed_to_department_id = :to, handed_over_at = :at, version = version + 1, "
                    "updated_at = :u WHERE id = :id AND version = :v",
       soci::use(case_id.value, case_id.ind), soci::use(transfer_id.value, transfer_id.ind),
       soci::use(to.value, to.ind), soci::use(at), soci::use(updated), soci::use(id),
       soci::use(expected_version));
  st.execute(true);
  if (st.get_affected_rows() != 1)
    return fail(ErrorCode::kPreconditionFailed, "该运输检查记录已被他人修改，请刷新后重试");
  auto stored = find_by_id(s, c.id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return not_found("运输检查记录不存在");
  return **stored;
}

Result<std::optional<TransportCheck>> TransportCheckRepository::find_by_id(soci::session& s,
                                                                           std::int64_t id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelect) + " WHERE t.id = :id", soci::use(key));
  for (const auto& r : rows) return std::optional<TransportCheck>(from_row(r));
  return std::optional<TransportCheck>();
}

Result<std::vector<TransportCheck>> TransportCheckRepository::list(soci::session& s,
                                                                   const TransportCheckQuery& q,
                                                                   std::int64_t* total) {
  int fv = q.visible_to_department ? 1 : 0, fk = q.kind ? 1 : 0, ff = q.finding ? 1 : 0,
      fany = q.finding && *q.finding == "any" ? 1 : 0, fc = q.company_id ? 1 : 0,
      ffrom = q.checked_from ? 1 : 0, fto = q.checked_to ? 1 : 0;
  long long v = q.visible_to_department.value_or(0), company = q.company_id.value_or(0),
            from = q.checked_from.value_or(0), to = q.checked_to.value_or(0);
  std::string kind = q.kind.value_or(""), finding = q.finding.value_or("");
  const std::string where =
      std::string(" WHERE ") + kVisible +
      " AND (:fk = 0 OR t.kind = :k) AND (:ff = 0 OR (:fany = 1 AND t.finding <> 'none') OR "
      "t.finding = :f) AND (:fc = 0 OR t.company_id = :c) AND (:ffrom = 0 OR t.checked_at >= "
      ":from) AND (:fto = 0 OR t.checked_at < :to)";
  if (total) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM transport_checks t" + where, soci::into(n), soci::use(fv),
        soci::use(v), soci::use(v), soci::use(fk), soci::use(kind), soci::use(ff), soci::use(fany),
        soci::use(finding), soci::use(fc), soci::use(company), soci::use(ffrom), soci::use(from),
        soci::use(fto), soci::use(to);
    *total = n;
  }
  int limit = q.limit, offset = q.offset;
  std::vector<TransportCheck> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelect) + where +
                        " ORDER BY t.checked_at DESC, t.id DESC LIMIT :l OFFSET :o",
       soci::use(fv), soci::use(v), soci::use(v), soci::use(fk), soci::use(kind), soci::use(ff),
       soci::use(fany), soci::use(finding), soci::use(fc), soci::use(company), soci::use(ffrom),
       soci::use(from), soci::use(fto), soci::use(to), soci::use(limit), soci::use(offset));
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

Result<LogisticsCompany> TransportCheckRepository::company_by_name(soci::session& s,
                                                                   const std::string& name) {
  auto find = [&]() -> std::optional<LogisticsCompany> {
    soci::rowset<soci::row> rows =
        (s.prepare << "SELECT id, name, created_at FROM logistics_companies WHERE name = :n",
         soci::use(name));
    for (const auto& r : rows)
      return LogisticsCompany{row_int(r, 0), row_text(r, 1), row_int(r, 2)};
    return std::nullopt;
  };
  if (auto found = find()) return *found;
  long long now = now_ms(), id = 0;
  s << "INSERT INTO logistics_companies (name, created_at) VALUES (:n, :c) RETURNING id",
      soci::use(name), soci::use(now), soci::into(id);
  return LogisticsCompany{id, name, now};
}

Result<std::vector<CompanyCompliance>> TransportCheckRepository::compliance(
    soci::session& s, std::optional<std::int64_t> visible_to_department) {
  int fv = visible_to_department ? 1 : 0;
  long long v = visible_to_department.value_or(0);
  // Counts over the checks the caller may see; companies without such
  // checks are listed with zeros only for those who see everything.
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(
                        "SELECT c.id, c.name, c.created_at, COUNT(t.id), "
                        "COALESCE(SUM(CASE WHEN t.spot_check = 1 THEN 1 ELSE 0 END), 0), "
                        "COALESCE(SUM(CASE WHEN t.finding <> 'none' THEN 1 ELSE 0 END), 0), "
                        "COALESCE(SUM(CASE WHEN t.case_id IS NOT NULL THEN 1 ELSE 0 END), 0), "
                        "COALESCE(MAX(t.checked_at), 0) FROM logistics_companies c "
                        "LEFT JOIN transport_checks t ON t.company_id = c.id AND ") +
                        kVisible + " GROUP BY c.id, c.name, c.created_at ORDER BY c.name",
       soci::use(fv), soci::use(v), soci::use(v));
  std::vector<CompanyCompliance> out;
  for (const auto& r : rows) {
    CompanyCompliance c;
    c.company = {row_int(r, 0), row_text(r, 1), row_int(r, 2)};
    c.checks = row_int(r, 3);
    c.spot_checks = row_int(r, 4);
    c.findings = row_int(r, 5);
    c.handed_over = row_int(r, 6);
    c.last_checked_at = row_int(r, 7);
    if (fv && c.checks == 0) continue;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace qf::store
