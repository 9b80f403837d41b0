#include "store/customs_repository.h"

#include "core/clock.h"
#include "store/row_reader.h"
#include "store/text_search.h"

namespace qf::store {
namespace {

std::optional<std::int64_t> optional_int(const soci::row& r, std::size_t i) {
  if (row_is_null(r, i)) return std::nullopt;
  return row_int(r, i);
}

std::optional<double> optional_double(const soci::row& r, std::size_t i) {
  if (row_is_null(r, i)) return std::nullopt;
  return row_double(r, i);
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

const char* kAssessmentSelect =
    "SELECT id, declaration_no, kind, hs_code, description, origin_country, transit_countries, "
    "consignor, consignee, consignor_key, consignee_key, declared_value_fen, weight_kg, quantity, "
    "score, level, recommendation, reasons, scan, rules_version, owner_department_id, created_by, "
    "version, created_at FROM customs_assessments";

CustomsAssessment assessment_from_row(const soci::row& r) {
  CustomsAssessment a;
  a.id = row_int(r, 0);
  a.declaration_no = row_text(r, 1);
  a.kind = row_text(r, 2);
  a.hs_code = row_text(r, 3);
  a.description = row_text(r, 4);
  a.origin_country = row_text(r, 5);
  a.transit_countries_json = row_text(r, 6);
  a.consignor = row_text(r, 7);
  a.consignee = row_text(r, 8);
  a.consignor_key = row_text(r, 9);
  a.consignee_key = row_text(r, 10);
  a.declared_value_fen = optional_int(r, 11);
  a.weight_kg = optional_double(r, 12);
  a.quantity = optional_int(r, 13);
  a.score = static_cast<int>(row_int(r, 14));
  a.level = row_text(r, 15);
  a.recommendation = row_text(r, 16);
  a.reasons_json = row_text(r, 17);
  a.scan_json = row_text(r, 18);
  a.rules_version = static_cast<int>(row_int(r, 19));
  a.owner_department_id = row_int(r, 20);
  a.created_by = row_int(r, 21);
  a.version = static_cast<int>(row_int(r, 22));
  a.created_at = row_int(r, 23);
  return a;
}

const char* kSeizureSelect =
    "SELECT z.id, z.reference_no, z.seized_at, z.discovery_place, z.discovery_country, "
    "z.species_text, z.product_type, z.quantity_pieces, z.weight_kg, z.origins, "
    "z.export_country, z.transit, z.destination_country, z.consignor, z.consignee, "
    "z.consignor_key, z.consignee_key, z.note, z.assessment_id, z.case_id, "
    "z.owner_department_id, COALESCE(d.code, ''), z.created_by, z.version, z.created_at, "
    "z.updated_at, z.lon, z.lat FROM seizures z LEFT JOIN departments d ON d.id = "
    "z.owner_department_id";

Seizure seizure_from_row(const soci::row& r) {
  Seizure z;
  z.id = row_int(r, 0);
  z.reference_no = row_text(r, 1);
  z.seized_at = row_int(r, 2);
  z.discovery_place = row_text(r, 3);
  z.discovery_country = row_text(r, 4);
  z.species_text = row_text(r, 5);
  z.product_type = row_text(r, 6);
  z.quantity_pieces = optional_int(r, 7);
  z.weight_kg = optional_double(r, 8);
  z.origins_json = row_text(r, 9);
  z.export_country = row_text(r, 10);
  z.transit_json = row_text(r, 11);
  z.destination_country = row_text(r, 12);
  z.consignor = row_text(r, 13);
  z.consignee = row_text(r, 14);
  z.consignor_key = row_text(r, 15);
  z.consignee_key = row_text(r, 16);
  z.note = row_text(r, 17);
  z.assessment_id = optional_int(r, 18);
  z.case_id = optional_int(r, 19);
  z.owner_department_id = row_int(r, 20);
  z.owner_department_code = row_text(r, 21);
  z.created_by = row_int(r, 22);
  z.version = static_cast<int>(row_int(r, 23));
  z.created_at = row_int(r, 24);
  z.updated_at = row_int(r, 25);
  z.lon = optional_double(r, 26);
  z.lat = optional_double(r, 27);
  return z;
}

}  // namespace

Result<std::optional<CustomsRuleSet>> CustomsRepository::current_rules(soci::session& s) {
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id, version, rules, note, created_by, created_at FROM "
                    "customs_rule_sets ORDER BY version DESC LIMIT 1");
  for (const auto& r : rows)
    return std::optional<CustomsRuleSet>(
        CustomsRuleSet{row_int(r, 0), static_cast<int>(row_int(r, 1)), row_text(r, 2),
                       row_text(r, 3), row_int(r, 4), row_int(r, 5)});
  return std::optional<CustomsRuleSet>();
}

Result<CustomsRuleSet> CustomsRepository::insert_rules(soci::session& s, CustomsRuleSet r) {
  r.created_at = now_ms();
  long long by = r.created_by, at = r.created_at, id = 0;
  s << "INSERT INTO customs_rule_sets (version, rules, note, created_by, created_at) VALUES (:v, "
       ":r, :n, :b, :c) RETURNING id",
      soci::use(r.version), soci::use(r.rules_json), soci::use(r.note), soci::use(by),
      soci::use(at), soci::into(id);
  r.id = id;
  return r;
}

Result<CustomsAssessment> CustomsRepository::insert_assessment(soci::session& s,
                                                               CustomsAssessment a) {
  a.created_at = now_ms();
  a.version = 1;
  NullableInt value(a.declared_value_fen), quantity(a.quantity);
  NullableDouble weight(a.weight_kg);
  long long owner = a.owner_department_id, by = a.created_by, at = a.created_at, id = 0;
  s << "INSERT INTO customs_assessments (declaration_no, kind, hs_code, description, "
       "origin_country, transit_countries, consignor, consignee, consignor_key, consignee_key, "
       "declared_value_fen, weight_kg, quantity, score, level, recommendation, reasons, scan, "
       "rules_version, owner_department_id, created_by, version, created_at) VALUES (:no, :kind, "
       ":hs, :d, :o, :t, :cr, :ce, :crk, :cek, :val, :w, :q, :score, :level, :rec, :reasons, "
       ":scan, :rv, :owner, :by, 1, :at) RETURNING id",
      soci::use(a.declaration_no), soci::use(a.kind), soci::use(a.hs_code),
      soci::use(a.description), soci::use(a.origin_country), soci::use(a.transit_countries_json),
      soci::use(a.consignor), soci::use(a.consignee), soci::use(a.consignor_key),
      soci::use(a.consignee_key), soci::use(value.value, value.ind),
      soci::use(weight.value, weight.ind), soci::use(quantity.value, quantity.ind),
      soci::use(a.score), soci::use(a.level), soci::use(a.recommendation),
      soci::use(a.reasons_json), soci::use(a.scan_json), soci::use(a.rules_version),
      soci::use(owner), soci::use(by), soci::use(at), soci::into(id);
  a.id = id;
  return a;
}

Result<std::optional<CustomsAssessment>> CustomsRepository::find_assessment(soci::session& s,
                                                                            std::int64_t id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kAssessmentSelect) + " WHERE id = :id", soci::use(key));
  for (const auto& r : rows) return std::optional<CustomsAssessment>(assessment_from_row(r));
  return std::optional<CustomsAssessment>();
}

Result<std::vector<CustomsAssessment>> CustomsRepository::list_assessments(soci::session& s,
                                                                           const AssessmentQuery& q,
                                                                           std::int64_t* total) {
  const bool sqlite = is_sqlite(s);
  // ASCII letters ignore case on both backends (SQLite's LIKE already does).
  const std::string like = sqlite ? "LIKE" : "ILIKE";
  auto contains = [&](const std::optional<std::string>& v) {
    return v ? text_search(*v, sqlite).pattern : std::string();
  };
  int fv = q.visible_to_department ? 1 : 0, has_from = q.created_from ? 1 : 0,
      has_to = q.created_to ? 1 : 0, has_level = q.level ? 1 : 0,
      has_rec = q.recommendation ? 1 : 0, has_cr = q.consignor ? 1 : 0,
      has_ce = q.consignee ? 1 : 0, has_hs = q.hs_code ? 1 : 0, has_text = q.text ? 1 : 0;
  long long v = q.visible_to_department.value_or(0), from = q.created_from.value_or(0),
            to = q.created_to.value_or(0);
  std::string level = q.level.value_or(""), rec = q.recommendation.value_or(""),
              consignor = contains(q.consignor), consignee = contains(q.consignee),
              hs = q.hs_code.value_or("") + "%", text = contains(q.text);
  const std::string where =
      " WHERE (:fv = 0 OR owner_department_id = :v)"
      " AND (:hf = 0 OR created_at >= :f) AND (:ht = 0 OR created_at < :t)"
      " AND (:hl = 0 OR level = :l) AND (:hr = 0 OR recommendation = :r)"
      " AND (:hcr = 0 OR consignor " +
      like + " :cr ESCAPE '\\') AND (:hce = 0 OR consignee " + like +
      " :ce ESCAPE '\\') AND (:hh = 0 OR hs_code LIKE :h) AND (:hq = 0 OR declaration_no " + like +
      " :q1 ESCAPE '\\' OR description " + like + " :q2 ESCAPE '\\' OR hs_code " + like +
      " :q3 ESCAPE '\\' OR consignor " + like + " :q4 ESCAPE '\\' OR consignee " + like +
      " :q5 ESCAPE '\\')";
  if (total) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM customs_assessments" + where, soci::into(n), soci::use(fv),
        soci::use(v), soci::use(has_from), soci::use(from), soci::use(has_to), soci::use(to),
        soci::use(has_level), soci::use(level), soci::use(has_rec), soci::use(rec),
        soci::use(has_cr), soci::use(consignor), soci::use(has_ce), soci::use(consignee),
        soci::use(has_hs), soci::use(hs), soci::use(has_text), soci::use(text), soci::use(text),
        soci::use(text), soci::use(text), soci::use(text);
    *total = n;
  }
  int limit = q.limit, offset = q.offset;
  std::vector<CustomsAssessment> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kAssessmentSelect) + where +
                        " ORDER BY created_at DESC, id DESC LIMIT :lim OFFSET :off",
       soci::use(fv), soci::use(v), soci::use(has_from), soci::use(from), soci::use(has_to),
       soci::use(to), soci::use(has_level), soci::use(level), soci::use(has_rec), soci::use(rec),
       soci::use(has_cr), soci::use(consignor), soci::use(has_ce), soci::use(consignee),
       soci::use(has_hs), soci::use(hs), soci::use(has_text), soci::use(text), soci::use(text),
       soci::use(text), soci::use(text), soci::use(text), soci::use(limit), soci::use(offset));
  for (const auto& r : rows) out.push_back(assessment_from_row(r));
  return out;
}

Result<PartyHistory> CustomsRepository::party_history(soci::session& s,
                                                      const std::string& party_key) {
  PartyHistory h;
  if (party_key.empty()) return h;
  long long seizures = 0, high = 0;
  s << "SELECT COUNT(*) FROM seizures WHERE consignor_key = :a OR consignee_key = :b",
      soci::into(seizures), soci::use(party_key), soci::use(party_key);
  s << "SELECT COUNT(*) FROM customs_assessments WHERE level = 'high' AND (consignor_key = :a OR "
       "consignee_key = :b)",
      soci::into(high), soci::use(party_key), soci::use(party_key);
  h.seizures = seizures;
  h.high_assessments = high;
  return h;
}

Result<std::vector<double>> CustomsRepository::value_per_kg_history(soci::session& s,
                                                                    const std::string& heading,
                                                                    int limit) {
  const std::string pattern = heading + "%";
  std::vector<double> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT declared_value_fen, weight_kg FROM customs_assessments WHERE hs_code "
                    "LIKE :p AND declared_value_fen IS NOT NULL AND weight_kg IS NOT NULL AND "
                    "weight_kg > 0 ORDER BY created_at DESC, id DESC LIMIT :l",
       soci::use(pattern), soci::use(limit));
  for (const auto& r : rows) out.push_back(static_cast<double>(row_int(r, 0)) / row_double(r, 1));
  return out;
}

Result<Seizure> CustomsRepository::insert_seizure(soci::session& s, Seizure z) {
  z.created_at = z.updated_at = now_ms();
  z.version = 1;
  NullableInt pieces(z.quantity_pieces), assessment(z.assessment_id), case_id(z.case_id);
  NullableDouble weight(z.weight_kg), lon(z.lon), lat(z.lat);
  long long seized = z.seized_at, owner = z.owner_department_id, by = z.created_by,
            at = z.created_at, id = 0;
  s << "INSERT INTO seizures (reference_no, seized_at, discovery_place, discovery_country, "
       "species_text, product_type, quantity_pieces, weight_kg, origins, export_country, transit, "
       "destination_country, consignor, consignee, consignor_key, consignee_key, note, "
       "assessment_id, case_id, owner_department_id, created_by, version, created_at, "
       "updated_at, lon, lat) VALUES (:ref, :seized, :place, :dc, :species, :product, :pieces, "
       ":w, :origins, :export, :transit, :dest, :cr, :ce, :crk, :cek, :note, :a, :case_id, "
       ":owner, :by, 1, :c, :u, :lon, :lat) RETURNING id",
      soci::use(z.reference_no), soci::use(seized), soci::use(z.discovery_place),
      soci::use(z.discovery_country), soci::use(z.species_text), soci::use(z.product_type),
      soci::use(pieces.value, pieces.ind), soci::use(weight.value, weight.ind),
      soci::use(z.origins_json), soci::use(z.export_country), soci::use(z.transit_json),
      soci::use(z.destination_country), soci::use(z.consignor), soci::use(z.consignee),
      soci::use(z.consignor_key), soci::use(z.consignee_key), soci::use(z.note),
      soci::use(assessment.value, assessment.ind), soci::use(case_id.value, case_id.ind),
      soci::use(owner), soci::use(by), soci::use(at), soci::use(at), soci::use(lon.value, lon.ind),
      soci::use(lat.value, lat.ind), soci::into(id);
  auto stored = find_seizure(s, id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return fail(ErrorCode::kInternal, "查获记录写入后无法读取");
  return **stored;
}

Result<std::optional<Seizure>> CustomsRepository::find_seizure(soci::session& s, std::int64_t id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSeizureSelect) + " WHERE z.id = :id", soci::use(key));
  for (const auto& r : rows) return std::optional<Seizure>(seizure_from_row(r));
  return std::optional<Seizure>();
}

Result<std::vector<Seizure>> CustomsRepository::list_seizures(soci::session& s,
                                                              const SeizureQuery& q,
                                                              std::int64_t* total) {
  int fv = q.visible_to_department ? 1 : 0;
  long long v = q.visible_to_department.value_or(0);
  int has_from = q.seized_from ? 1 : 0, has_to = q.seized_to ? 1 : 0,
      has_type = q.product_type ? 1 : 0;
  long long from = q.seized_from.value_or(0), to = q.seized_to.value_or(0);
  std::string type = q.product_type.value_or("");
  const std::string where =
      " WHERE (:fv = 0 OR z.owner_department_id = :v OR EXISTS (SELECT 1 FROM record_shares r "
      "WHERE r.entity = 'seizure' AND r.entity_id = z.id AND r.department_id = :v2))"
      " AND (:hf = 0 OR z.seized_at >= :f) AND (:ht = 0 OR z.seized_at < :t)"
      " AND (:hp = 0 OR z.product_type = :p)";
  if (total) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM seizures z" + where, soci::into(n), soci::use(fv), soci::use(v),
        soci::use(v), soci::use(has_from), soci::use(from), soci::use(has_to), soci::use(to),
        soci::use(has_type), soci::use(type);
    *total = n;
  }
  int limit = q.limit, offset = q.offset;
  std::vector<Seizure> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSeizureSelect) + where +
                        " ORDER BY z.seized_at DESC, z.id DESC LIMIT :l OFFSET :o",
       soci::use(fv), soci::use(v), soci::use(v), soci::use(has_from), soci::use(from),
       soci::use(has_to), soci::use(to), soci::use(has_type), soci::use(type), soci::use(limit),
       soci::use(offset));
  for (const auto& r : rows) out.push_back(seizure_from_row(r));
  return out;
}

}  // namespace qf::store
