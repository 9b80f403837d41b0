#include "store/place_repository.h"

#include "core/clock.h"
#include "store/row_reader.h"
#include "store/text_search.h"

namespace qf::store {
namespace {

const char* kSelect =
    "SELECT p.id, p.place_type, p.name, p.parent_id, pp.name, p.address, p.township, p.lon, "
    "p.lat, p.operator_name, p.contact_phone, p.business_licence_no, p.owner_department_id, "
    "d.code, p.status, p.closed_at, p.closure_basis, p.note, p.demo, p.created_by, p.version, "
    "p.created_at, p.updated_at FROM places p JOIN departments d ON d.id = "
    "p.owner_department_id LEFT JOIN places pp ON pp.id = p.parent_id";

std::optional<std::int64_t> optional_int(const soci::row& r, std::size_t i) {
  if (row_is_null(r, i)) return std::nullopt;
  return row_int(r, i);
}

std::optional<double> optional_double(const soci::row& r, std::size_t i) {
  if (row_is_null(r, i)) return std::nullopt;
  return row_double(r, i);
}

Place from_row(const soci::row& r) {
  Place p;
  p.id = row_int(r, 0);
  p.place_type = row_text(r, 1);
  p.name = row_text(r, 2);
  p.parent_id = optional_int(r, 3);
  p.parent_name = row_text(r, 4);
  p.address = row_text(r, 5);
  p.township = row_text(r, 6);
  p.lon = optional_double(r, 7);
  p.lat = optional_double(r, 8);
  p.operator_name = row_text(r, 9);
  p.contact_phone = row_text(r, 10);
  p.business_licence_no = row_text(r, 11);
  p.owner_department_id = row_int(r, 12);
  p.owner_department_code = row_text(r, 13);
  p.status = row_text(r, 14);
  p.closed_at = row_int(r, 15);
  p.closure_basis = row_text(r, 16);
  p.note = row_text(r, 17);
  p.demo = row_int(r, 18) != 0;
  p.created_by = row_int(r, 19);
  p.version = static_cast<int>(row_int(r, 20));
  p.created_at = row_int(r, 21);
  p.updated_at = row_int(r, 22);
  return p;
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

Result<std::vector<BreedingLicence>> load_licences(soci::session& s, std::int64_t place_id) {
  std::vector<BreedingLicence> out;
  long long key = place_id;
  {
    soci::rowset<soci::row> rows =
        (s.prepare << "SELECT id, place_id, licence_no, issuer, valid_from, valid_to FROM "
                      "breeding_licences WHERE place_id = :p ORDER BY seq, id",
         soci::use(key));
    for (const auto& r : rows) {
      BreedingLicence l;
      l.id = row_int(r, 0);
      l.place_id = row_int(r, 1);
      l.licence_no = row_text(r, 2);
      l.issuer = row_text(r, 3);
      l.valid_from = row_int(r, 4);
      l.valid_to = row_int(r, 5);
      out.push_back(std::move(l));
    }
  }
  for (auto& l : out) {
    long long licence = l.id;
    soci::rowset<soci::row> rows =
        (s.prepare << "SELECT id, species_text, species_id, quantity FROM "
                      "breeding_licence_species WHERE licence_id = :l ORDER BY seq, id",
         soci::use(licence));
    for (const auto& r : rows)
      l.species.push_back({row_int(r, 0), row_text(r, 1), optional_int(r, 2), row_int(r, 3)});
  }
  return out;
}

Status delete_licences(soci::session& s, std::int64_t place_id) {
  long long key = place_id;
  s << "DELETE FROM breeding_licence_species WHERE licence_id IN (SELECT id FROM "
       "breeding_licences WHERE place_id = :p)",
      soci::use(key);
  s << "DELETE FROM breeding_licences WHERE place_id = :p", soci::use(key);
  return {};
}

Result<std::vector<BreedingLicence>> insert_licences(soci::session& s, std::int64_t place_id,
                                                     std::vector<BreedingLicence> licences) {
  int seq = 0;
  for (auto& l : licences) {
    long long place = place_id, from = l.valid_from, to = l.valid_to, id = 0;
    int position = seq++;
    s << "INSERT INTO breeding_licences (place_id, licence_no, issuer, valid_from, valid_to, "
         "seq) VALUES (:p, :n, :i, :f, :t, :s) RETURNING id",
        soci::use(place), soci::use(l.licence_no), soci::use(l.issuer), soci::use(from),
        soci::use(to), soci::use(position), soci::into(id);
    l.id = id;
    l.place_id = place_id;
    int species_seq = 0;
    for (auto& sp : l.species) {
      NullableInt species_id(sp.species_id);
      long long licence = l.id, quantity = sp.quantity, sid = 0;
      int sp_position = species_seq++;
      s << "INSERT INTO breeding_licence_species (licence_id, species_text, species_id, "
           "quantity, seq) VALUES (:l, :t, :s, :q, :n) RETURNING id",
          soci::use(licence), soci::use(sp.species_text),
          soci::use(species_id.value, species_id.ind), soci::use(quantity), soci::use(sp_position),
          soci::into(sid);
      sp.id = sid;
    }
  }
  return licences;
}

}  // namespace

Result<Place> PlaceRepository::insert(soci::session& s, Place p) {
  p.created_at = p.updated_at = now_ms();
  p.version = 1;
  NullableInt parent(p.parent_id);
  NullableDouble lon(p.lon), lat(p.lat);
  long long owner = p.owner_department_id, closed = p.closed_at, by = p.created_by,
            created = p.created_at, id = 0;
  int demo = p.demo ? 1 : 0;
  s << "INSERT INTO places (place_type, name, parent_id, address, township, lon, lat, "
       "operator_name, contact_phone, business_licence_no, owner_department_id, status, "
       "closed_at, closure_basis, note, demo, created_by, version, created_at, updated_at) "
       "VALUES (:t, :n, :p, :a, :tw, :lon, :lat, :o, :ph, :bl, :d, :st, :ca, :cb, :no, :demo, "
       ":by, 1, :c, :u) RETURNING id",
      soci::use(p.place_type), soci::use(p.name), soci::use(parent.value, parent.ind),
      soci::use(p.address), soci::use(p.township), soci::use(lon.value, lon.ind),
      soci::use(lat.value, lat.ind), soci::use(p.operator_name), soci::use(p.contact_phone),
      soci::use(p.business_licence_no), soci::use(owner), soci::use(p.status), soci::use(closed),
      soci::use(p.closure_basis), soci::use(p.note), soci::use(demo), soci::use(by),
      soci::use(created), soci::use(created), soci::into(id);
  p.id = id;
  auto licences = insert_licences(s, p.id, std::move(p.licences));
  if (!licences) return tl::unexpected(licences.error());
  auto stored = find_by_id(s, p.id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return fail(ErrorCode::kInternal, "场所写入后无法读取");
  return **stored;
}

Result<Place> PlaceRepository::update(soci::session& s, const Place& p, int expected_version) {
  NullableInt parent(p.parent_id);
  NullableDouble lon(p.lon), lat(p.lat);
  long long closed = p.closed_at, updated = now_ms(), id = p.id;
  soci::statement st =
      (s.prepare << "UPDATE places SET place_type = :t, name = :n, parent_id = :p, address = :a, "
                    "township = :tw, lon = :lon, lat = :lat, operator_name = :o, contact_phone = "
                    ":ph, business_licence_no = :bl, status = :st, closed_at = :ca, "
                    "closure_basis = :cb, note = :no, version = version + 1, updated_at = :u "
                    "WHERE id = :id AND version = :v",
       soci::use(p.place_type), soci::use(p.name), soci::use(parent.value, parent.ind),
       soci::use(p.address), soci::use(p.township), soci::use(lon.value, lon.ind),
       soci::use(lat.value, lat.ind), soci::use(p.operator_name), soci::use(p.contact_phone),
       soci::use(p.business_licence_no), soci::use(p.status), soci::use(closed),
       soci::use(p.closure_basis), soci::use(p.note), soci::use(updated), soci::use(id),
       soci::use(expected_version));
  st.execute(true);
  if (st.get_affected_rows() != 1) {
    auto current = find_by_id(s, p.id);
    if (!current) return tl::unexpected(current.error());
    if (!*current) return not_found("场所不存在");
    return fail(ErrorCode::kPreconditionFailed, "该场所已被他人修改，请刷新后重试");
  }
  if (auto d = delete_licences(s, p.id); !d) return tl::unexpected(d.error());
  auto licences = insert_licences(s, p.id, p.licences);
  if (!licences) return tl::unexpected(licences.error());
  auto stored = find_by_id(s, p.id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return not_found("场所不存在");
  return **stored;
}

Result<std::optional<Place>> PlaceRepository::find_by_id(soci::session& s, std::int64_t id) {
  long long key = id;
  std::optional<Place> out;
  {
    soci::rowset<soci::row> rows =
        (s.prepare << std::string(kSelect) + " WHERE p.id = :id", soci::use(key));
    for (const auto& r : rows) {
      out = from_row(r);
      break;
    }
  }
  if (!out) return out;
  auto licences = load_licences(s, out->id);
  if (!licences) return tl::unexpected(licences.error());
  out->licences = std::move(*licences);
  return out;
}

Result<std::vector<Place>> PlaceRepository::list(soci::session& s, const PlaceQuery& q,
                                                 std::int64_t* total) {
  int has_type = q.place_type ? 1 : 0, has_township = q.township ? 1 : 0,
      has_status = q.status ? 1 : 0, has_text = q.text && !q.text->empty() ? 1 : 0,
      has_parent = q.parent_id ? 1 : 0, has_expiry = q.licence_expiring_before ? 1 : 0;
  std::string type = q.place_type.value_or(""), township = q.township.value_or(""),
              status = q.status.value_or("");
  const bool sqlite = is_sqlite(s);
  std::string pattern = text_search(q.text.value_or(""), sqlite).pattern;
  long long parent = q.parent_id.value_or(0), expiry = q.licence_expiring_before.value_or(0);
  const std::string like = sqlite ? "LIKE" : "ILIKE";
  const std::string where =
      " WHERE (:ht = 0 OR p.place_type = :t) AND (:hw = 0 OR p.township = :w)"
      " AND (:hs = 0 OR p.status = :s) AND (:hp = 0 OR p.parent_id = :p)"
      " AND (:hq = 0 OR p.name " +
      like + " :q1 ESCAPE '\\' OR p.address " + like +
      " :q2 ESCAPE '\\') AND (:he = 0 OR EXISTS (SELECT 1 FROM breeding_licences bl WHERE "
      "bl.place_id = p.id AND bl.valid_to < :e))";
  if (total) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM places p" + where, soci::into(n), soci::use(has_type),
        soci::use(type), soci::use(has_township), soci::use(township), soci::use(has_status),
        soci::use(status), soci::use(has_parent), soci::use(parent), soci::use(has_text),
        soci::use(pattern), soci::use(pattern), soci::use(has_expiry), soci::use(expiry);
    *total = n;
  }
  int limit = q.limit, offset = q.offset;
  std::vector<Place> out;
  {
    soci::rowset<soci::row> rows =
        (s.prepare << std::string(kSelect) + where + " ORDER BY p.id DESC LIMIT :l OFFSET :o",
         soci::use(has_type), soci::use(type), soci::use(has_township), soci::use(township),
         soci::use(has_status), soci::use(status), soci::use(has_parent), soci::use(parent),
         soci::use(has_text), soci::use(pattern), soci::use(pattern), soci::use(has_expiry),
         soci::use(expiry), soci::use(limit), soci::use(offset));
    for (const auto& r : rows) out.push_back(from_row(r));
  }
  for (auto& p : out) {
    auto licences = load_licences(s, p.id);
    if (!licences) return tl::unexpected(licences.error());
    p.licences = std::move(*licences);
  }
  return out;
}

}  // namespace qf::store
