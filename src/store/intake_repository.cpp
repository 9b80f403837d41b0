#include "store/intake_repository.h"

#include "core/clock.h"
#include "store/row_reader.h"

namespace qf::store {
namespace {

const char* kSelect =
    "SELECT id, api_key_id, user_id, event_id, source, occurred_at, place_text, lon, lat, "
    "species_text, camera_id, payload_sha256, tip_id, received_at FROM intake_events";

std::optional<double> optional_double(const soci::row& r, std::size_t i) {
  if (row_is_null(r, i)) return std::nullopt;
  return row_double(r, i);
}

IntakeEvent from_row(const soci::row& r) {
  IntakeEvent e;
  e.id = row_int(r, 0);
  e.api_key_id = row_int(r, 1);
  e.user_id = row_int(r, 2);
  e.event_id = row_text(r, 3);
  e.source = row_text(r, 4);
  e.occurred_at = row_int(r, 5);
  e.place_text = row_text(r, 6);
  e.lon = optional_double(r, 7);
  e.lat = optional_double(r, 8);
  e.species_text = row_text(r, 9);
  e.camera_id = row_text(r, 10);
  e.payload_sha256 = row_text(r, 11);
  e.tip_id = row_int(r, 12);
  e.received_at = row_int(r, 13);
  return e;
}

}  // namespace

Result<IntakeEvent> IntakeRepository::insert(soci::session& s, IntakeEvent e) {
  e.received_at = now_ms();
  long long key = e.api_key_id, user = e.user_id, occurred = e.occurred_at, tip = e.tip_id,
            received = e.received_at, id = 0;
  double lon = e.lon.value_or(0), lat = e.lat.value_or(0);
  soci::indicator lon_ind = e.lon ? soci::i_ok : soci::i_null,
                  lat_ind = e.lat ? soci::i_ok : soci::i_null;
  s << "INSERT INTO intake_events (api_key_id, user_id, event_id, source, occurred_at, "
       "place_text, lon, lat, species_text, camera_id, payload_sha256, tip_id, received_at) "
       "VALUES (:k, :u, :e, :s, :o, :p, :lon, :lat, :sp, :cam, :h, :t, :r) RETURNING id",
      soci::use(key), soci::use(user), soci::use(e.event_id), soci::use(e.source),
      soci::use(occurred), soci::use(e.place_text), soci::use(lon, lon_ind),
      soci::use(lat, lat_ind), soci::use(e.species_text), soci::use(e.camera_id),
      soci::use(e.payload_sha256), soci::use(tip), soci::use(received), soci::into(id);
  e.id = id;
  return e;
}

Result<std::optional<IntakeEvent>> IntakeRepository::find(soci::session& s, std::int64_t api_key_id,
                                                          const std::string& event_id) {
  long long key = api_key_id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelect) + " WHERE api_key_id = :k AND event_id = :e",
       soci::use(key), soci::use(event_id));
  for (const auto& r : rows) return std::optional<IntakeEvent>(from_row(r));
  return std::optional<IntakeEvent>();
}

Result<std::vector<IntakeEvent>> IntakeRepository::list(soci::session& s, const IntakeQuery& q,
                                                        std::int64_t* total) {
  int fu = q.user_id ? 1 : 0, fs = q.source ? 1 : 0;
  long long user = q.user_id.value_or(0);
  std::string source = q.source.value_or("");
  const std::string where = " WHERE (:fu = 0 OR user_id = :u) AND (:fs = 0 OR source = :s)";
  if (total) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM intake_events" + where, soci::into(n), soci::use(fu),
        soci::use(user), soci::use(fs), soci::use(source);
    *total = n;
  }
  int limit = q.limit, offset = q.offset;
  std::vector<IntakeEvent> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelect) + where +
                        " ORDER BY received_at DESC, id DESC LIMIT :l OFFSET :o",
       soci::use(fu), soci::use(user), soci::use(fs), soci::use(source), soci::use(limit),
       soci::use(offset));
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

Result<IntakeRejection> IntakeRepository::reject(soci::session& s, IntakeRejection r) {
  r.received_at = now_ms();
  long long key = r.api_key_id.value_or(0), at = r.received_at, id = 0;
  soci::indicator key_ind = r.api_key_id ? soci::i_ok : soci::i_null;
  s << "INSERT INTO intake_rejections (api_key_id, reason, detail, client_address, received_at) "
       "VALUES (:k, :r, :d, :a, :t) RETURNING id",
      soci::use(key, key_ind), soci::use(r.reason), soci::use(r.detail),
      soci::use(r.client_address), soci::use(at), soci::into(id);
  r.id = id;
  return r;
}

Result<std::vector<IntakeRejection>> IntakeRepository::rejections(soci::session& s, int limit,
                                                                  int offset, std::int64_t* total) {
  if (total) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM intake_rejections", soci::into(n);
    *total = n;
  }
  std::vector<IntakeRejection> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id, api_key_id, reason, detail, client_address, received_at FROM "
                    "intake_rejections ORDER BY received_at DESC, id DESC LIMIT :l OFFSET :o",
       soci::use(limit), soci::use(offset));
  for (const auto& r : rows) {
    IntakeRejection j;
    j.id = row_int(r, 0);
    if (!row_is_null(r, 1)) j.api_key_id = row_int(r, 1);
    j.reason = row_text(r, 2);
    j.detail = row_text(r, 3);
    j.client_address = row_text(r, 4);
    j.received_at = row_int(r, 5);
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace qf::store
