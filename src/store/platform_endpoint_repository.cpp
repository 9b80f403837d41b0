#include "store/platform_endpoint_repository.h"

#include "core/clock.h"
#include "store/row_reader.h"

namespace qf::store {
namespace {

// The notice counts: a listing still 'requested' whose current round's
// notice (requested_at = the listing's takedown_requested_at) is open, and
// overdue once its deadline passed.
const char* kOpenNotice =
    "FROM takedown_notices n JOIN listings l ON l.id = n.listing_id AND l.takedown_state = "
    "'requested' AND l.takedown_requested_at = n.requested_at";

const char* kEndpointSelect =
    "SELECT p.id, p.code, p.name, p.notice_url, p.secret_sealed, p.secret_hint, p.enabled, "
    "p.deadline_hours, p.account_user_id, u.username, p.note, p.created_by, p.version, "
    "p.created_at, p.updated_at FROM platform_endpoints p LEFT JOIN users u ON u.id = "
    "p.account_user_id";

PlatformEndpoint endpoint_from_row(const soci::row& r) {
  PlatformEndpoint p;
  p.id = row_int(r, 0);
  p.code = row_text(r, 1);
  p.name = row_text(r, 2);
  p.notice_url = row_text(r, 3);
  p.secret_sealed = row_text(r, 4);
  p.secret_hint = row_text(r, 5);
  p.enabled = row_int(r, 6) != 0;
  p.deadline_hours = static_cast<int>(row_int(r, 7));
  if (!row_is_null(r, 8)) p.account_user_id = row_int(r, 8);
  p.account_username = row_text(r, 9);
  p.note = row_text(r, 10);
  p.created_by = row_int(r, 11);
  p.version = static_cast<int>(row_int(r, 12));
  p.created_at = row_int(r, 13);
  p.updated_at = row_int(r, 14);
  return p;
}

const char* kNoticeSelect =
    "SELECT n.id, n.listing_id, n.platform, n.channel, n.delivery_id, n.requested_at, "
    "n.deadline_at, n.sent_at, n.acknowledged_at, n.created_by, n.created_at, d.status, "
    "d.attempts, d.next_attempt_at, d.last_status_code, d.last_error FROM takedown_notices n "
    "LEFT JOIN webhook_deliveries d ON d.id = n.delivery_id";

TakedownNotice notice_from_row(const soci::row& r) {
  TakedownNotice n;
  n.id = row_int(r, 0);
  n.listing_id = row_int(r, 1);
  n.platform = row_text(r, 2);
  n.channel = row_text(r, 3);
  if (!row_is_null(r, 4)) n.delivery_id = row_int(r, 4);
  n.requested_at = row_int(r, 5);
  n.deadline_at = row_int(r, 6);
  n.sent_at = row_int(r, 7);
  n.acknowledged_at = row_int(r, 8);
  n.created_by = row_int(r, 9);
  n.created_at = row_int(r, 10);
  n.delivery_status = row_text(r, 11);
  n.delivery_attempts = static_cast<int>(row_int(r, 12));
  n.delivery_next_attempt_at = row_int(r, 13);
  n.delivery_last_status_code = static_cast<int>(row_int(r, 14));
  n.delivery_last_error = row_text(r, 15);
  return n;
}

}  // namespace

Result<PlatformEndpoint> PlatformEndpointRepository::insert(soci::session& s, PlatformEndpoint p) {
  p.created_at = p.updated_at = now_ms();
  p.version = 1;
  long long account = p.account_user_id.value_or(0), by = p.created_by, at = p.created_at, id = 0;
  soci::indicator account_ind = p.account_user_id ? soci::i_ok : soci::i_null;
  int enabled = p.enabled ? 1 : 0, hours = p.deadline_hours;
  s << "INSERT INTO platform_endpoints (code, name, notice_url, secret_sealed, secret_hint, "
       "enabled, deadline_hours, account_user_id, note, created_by, version, created_at, "
       "updated_at) VALUES (:c, :n, :u, :s, :h, :e, :dh, :a, :no, :by, 1, :ca, :ua) RETURNING id",
      soci::use(p.code), soci::use(p.name), soci::use(p.notice_url), soci::use(p.secret_sealed),
      soci::use(p.secret_hint), soci::use(enabled), soci::use(hours),
      soci::use(account, account_ind), soci::use(p.note), soci::use(by), soci::use(at),
      soci::use(at), soci::into(id);
  auto stored = find_by_code(s, p.code);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return fail(ErrorCode::kInternal, "平台写入后无法读取");
  return **stored;
}

Result<PlatformEndpoint> PlatformEndpointRepository::update(soci::session& s,
                                                            const PlatformEndpoint& p,
                                                            int expected_version) {
  long long account = p.account_user_id.value_or(0), at = now_ms(), id = p.id;
  soci::indicator account_ind = p.account_user_id ? soci::i_ok : soci::i_null;
  int enabled = p.enabled ? 1 : 0, hours = p.deadline_hours;
  soci::statement st =
      (s.prepare << "UPDATE platform_endpoints SET name = :n, notice_url = :u, secret_sealed = "
                    ":s, secret_hint = :h, enabled = :e, deadline_hours = :dh, account_user_id = "
                    ":a, note = :no, version = version + 1, updated_at = :ua WHERE id = :id AND "
                    "version = :v",
       soci::use(p.name), soci::use(p.notice_url), soci::use(p.secret_sealed),
       soci::use(p.secret_hint), soci::use(enabled), soci::use(hours),
       soci::use(account, account_ind), soci::use(p.note), soci::use(at), soci::use(id),
       soci::use(expected_version));
  st.execute(true);
  if (st.get_affected_rows() != 1) {
    auto current = find_by_code(s, p.code);
    if (!current) return tl::unexpected(current.error());
    if (!*current) return not_found("平台不存在");
    return fail(ErrorCode::kPreconditionFailed, "该平台配置已被他人修改，请刷新后重试");
  }
  auto stored = find_by_code(s, p.code);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return not_found("平台不存在");
  return **stored;
}

Result<std::optional<PlatformEndpoint>> PlatformEndpointRepository::find_by_code(
    soci::session& s, const std::string& code) {
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kEndpointSelect) + " WHERE p.code = :c", soci::use(code));
  for (const auto& r : rows) return std::optional<PlatformEndpoint>(endpoint_from_row(r));
  return std::optional<PlatformEndpoint>();
}

Result<std::vector<PlatformEndpoint>> PlatformEndpointRepository::list(soci::session& s,
                                                                       std::int64_t now) {
  std::vector<PlatformEndpoint> out;
  {
    soci::rowset<soci::row> rows = (s.prepare << std::string(kEndpointSelect) + " ORDER BY p.code");
    for (const auto& r : rows) out.push_back(endpoint_from_row(r));
  }
  long long at = now;
  soci::rowset<soci::row> counts =
      (s.prepare << std::string("SELECT n.platform, COUNT(*), SUM(CASE WHEN n.deadline_at < :now "
                                "THEN 1 ELSE 0 END) ") +
                        kOpenNotice + " GROUP BY n.platform",
       soci::use(at));
  for (const auto& r : counts) {
    const std::string platform = row_text(r, 0);
    for (auto& p : out)
      if (p.code == platform) {
        p.open_notices = row_int(r, 1);
        p.overdue_notices = row_int(r, 2);
      }
  }
  return out;
}

Result<TakedownNotice> TakedownNoticeRepository::insert(soci::session& s, TakedownNotice n) {
  n.created_at = now_ms();
  long long listing = n.listing_id, delivery = n.delivery_id.value_or(0),
            requested = n.requested_at, deadline = n.deadline_at, by = n.created_by,
            at = n.created_at, id = 0;
  soci::indicator delivery_ind = n.delivery_id ? soci::i_ok : soci::i_null;
  s << "INSERT INTO takedown_notices (listing_id, platform, channel, delivery_id, requested_at, "
       "deadline_at, created_by, created_at) VALUES (:l, :p, :c, :d, :r, :dl, :by, :at) "
       "RETURNING id",
      soci::use(listing), soci::use(n.platform), soci::use(n.channel),
      soci::use(delivery, delivery_ind), soci::use(requested), soci::use(deadline), soci::use(by),
      soci::use(at), soci::into(id);
  n.id = id;
  return n;
}

Status TakedownNoticeRepository::set_delivery(soci::session& s, std::int64_t notice_id,
                                              std::int64_t delivery_id) {
  long long id = notice_id, delivery = delivery_id;
  s << "UPDATE takedown_notices SET delivery_id = :d WHERE id = :id", soci::use(delivery),
      soci::use(id);
  return {};
}

Result<std::optional<TakedownNotice>> TakedownNoticeRepository::find_for_round(
    soci::session& s, std::int64_t listing_id, std::int64_t requested_at) {
  long long listing = listing_id, requested = requested_at;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kNoticeSelect) +
                        " WHERE n.listing_id = :l AND n.requested_at = :r ORDER BY n.id DESC "
                        "LIMIT 1",
       soci::use(listing), soci::use(requested));
  for (const auto& r : rows) return std::optional<TakedownNotice>(notice_from_row(r));
  return std::optional<TakedownNotice>();
}

Status TakedownNoticeRepository::mark_sent(soci::session& s, std::int64_t notice_id,
                                           std::int64_t at) {
  long long id = notice_id, when = at;
  s << "UPDATE takedown_notices SET sent_at = :at WHERE id = :id AND sent_at = 0", soci::use(when),
      soci::use(id);
  // The listing's own record of when the platform was told, for the time
  // to takedown; a later round (requested again) is left alone.
  s << "UPDATE listings SET platform_notified_at = :at, version = version + 1, updated_at = :u "
       "WHERE platform_notified_at = 0 AND takedown_state = 'requested' AND id = (SELECT "
       "n.listing_id FROM takedown_notices n WHERE n.id = :id1) AND takedown_requested_at = "
       "(SELECT n.requested_at FROM takedown_notices n WHERE n.id = :id2)",
      soci::use(when), soci::use(when), soci::use(id), soci::use(id);
  return {};
}

Status TakedownNoticeRepository::acknowledge(soci::session& s, std::int64_t listing_id,
                                             std::int64_t requested_at, std::int64_t at) {
  long long listing = listing_id, requested = requested_at, when = at;
  s << "UPDATE takedown_notices SET acknowledged_at = :at WHERE listing_id = :l AND "
       "requested_at = :r AND acknowledged_at = 0",
      soci::use(when), soci::use(listing), soci::use(requested);
  return {};
}

Result<std::map<std::int64_t, TakedownNotice>> TakedownNoticeRepository::find_for_rounds(
    soci::session& s, const std::vector<Round>& rounds) {
  std::map<std::int64_t, TakedownNotice> out;
  if (rounds.empty()) return out;
  std::map<std::int64_t, std::int64_t> requested_at;  // listing id → its round
  for (const auto& r : rounds) requested_at[r.listing_id] = r.requested_at;
  // One bound parameter per listing (a page holds at most a few hundred);
  // the notices of the listings' earlier rounds are few and dropped here.
  std::vector<long long> ids;
  ids.reserve(requested_at.size());
  std::string in;
  for (const auto& [id, at] : requested_at) {
    in += (ids.empty() ? ":l" : ", :l") + std::to_string(ids.size());
    ids.push_back(id);
  }
  soci::details::prepare_temp_type query =
      (s.prepare << std::string(kNoticeSelect) + " WHERE n.listing_id IN (" + in +
                        ") ORDER BY n.id");
  for (auto& id : ids) query, soci::use(id);
  soci::rowset<soci::row> rows(query);
  for (const auto& r : rows) {
    TakedownNotice n = notice_from_row(r);
    if (requested_at[n.listing_id] != n.requested_at) continue;
    out[n.listing_id] = std::move(n);  // ordered by id: the newest stays
  }
  return out;
}

Result<std::int64_t> TakedownNoticeRepository::count_overdue(soci::session& s, std::int64_t now) {
  long long at = now, n = 0;
  s << std::string("SELECT COUNT(*) ") + kOpenNotice + " WHERE n.deadline_at < :now", soci::use(at),
      soci::into(n);
  return static_cast<std::int64_t>(n);
}

}  // namespace qf::store
