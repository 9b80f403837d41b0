#include "service/intake_service.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <array>
#include <charconv>
#include <cmath>

#include "core/clock.h"
#include "core/utf8.h"
#include "service/tip_service.h"
#include "store/credential_repository.h"
#include "store/crypto.h"

namespace qf::service {
namespace {

using json = nlohmann::json;

Error error_of(ErrorCode code, std::string message, std::vector<FieldError> fields = {}) {
  return Error{code, std::move(message), std::move(fields), 0};
}

// The field names of an error, for the refusal log (never their values).
std::string field_names(const Error& e) {
  std::string out;
  for (const auto& f : e.fields) out += (out.empty() ? "" : ",") + f.field;
  return out.substr(0, 1000);
}

std::array<unsigned char, crypto_auth_hmacsha256_BYTES> hmac(const std::string& key,
                                                             const std::string& timestamp,
                                                             const std::string& body) {
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(timestamp.data()),
                                timestamp.size());
  const unsigned char dot = '.';
  crypto_auth_hmacsha256_update(&st, &dot, 1);
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(body.data()),
                                body.size());
  crypto_auth_hmacsha256_final(&st, mac.data());
  sodium_memzero(&st, sizeof st);
  return mac;
}

std::optional<std::int64_t> parse_ms(const std::string& s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

Status validate(const IntakeEventInput& e) {
  std::vector<FieldError> errors;
  auto need = [&](bool ok, const char* field, const char* message) {
    if (!ok) errors.push_back({field, message});
  };
  auto blank = [](const std::string& s) {
    return s.find_first_not_of(" \t\r\n") == std::string::npos;
  };
  need(!blank(e.event_id) && e.event_id.size() <= 200 && is_valid_utf8(e.event_id), "event_id",
       "请提供事件编号（200 字节以内）");
  need(e.source == "grid_worker" || e.source == "xueliang_video", "source",
       "应为 grid_worker（网格员）或 xueliang_video（雪亮工程）");
  need(e.occurred_at > 0 && e.occurred_at <= now_ms() + 3600 * 1000, "occurred_at",
       "请提供发生时间（毫秒，不能晚于现在）");
  need(!blank(e.description), "description", "请提供事件描述");
  need(e.lon.has_value() == e.lat.has_value(), "lon", "经纬度应同时提供");
  if (e.lon) need(*e.lon >= -180 && *e.lon <= 180, "lon", "经度应在 -180 到 180 之间");
  if (e.lat) need(*e.lat >= -90 && *e.lat <= 90, "lat", "纬度应在 -90 到 90 之间");
  need(e.camera_id.size() <= 200, "camera_id", "摄像头编号过长");
  if (!errors.empty())
    return tl::unexpected(error_of(ErrorCode::kMalformedRequest, "事件数据有误", errors));
  return {};
}

NewTip tip_of(const IntakeEventInput& e) {
  NewTip t;
  const bool grid = e.source == "grid_worker";
  t.channel = e.source;
  t.reporter_category = grid ? "grid_worker" : "";
  t.reporter_name = e.reporter_name;
  t.reporter_phone = e.reporter_phone;
  t.content = e.description + "\n（" + (grid ? "网格员上报" : "雪亮工程视频告警") +
              (e.camera_id.empty() ? "" : "，摄像头 " + e.camera_id) + "，事件编号 " + e.event_id +
              "）";
  t.occurred_at = e.occurred_at;
  t.place_text = e.place_text;
  t.lon = e.lon;
  t.lat = e.lat;
  t.species_text = e.species_text;
  return t;
}

}  // namespace

std::string intake_signature(const std::string& key, const std::string& timestamp,
                             const std::string& body) {
  const auto mac = hmac(key, timestamp, body);
  std::string hex(mac.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), mac.data(), mac.size());
  hex.pop_back();
  return "sha256=" + hex;
}

json to_json(const store::IntakeEvent& e) {
  return {{"id", e.id},
          {"event_id", e.event_id},
          {"source", e.source},
          {"source_label", e.source == "grid_worker" ? "网格员上报" : "雪亮工程视频发现"},
          {"occurred_at", format_iso8601(e.occurred_at)},
          {"place_text", e.place_text},
          {"lon", e.lon ? json(*e.lon) : json(nullptr)},
          {"lat", e.lat ? json(*e.lat) : json(nullptr)},
          {"species_text", e.species_text},
          {"camera_id", e.camera_id},
          {"api_key_id", e.api_key_id},
          {"tip_id", e.tip_id},
          {"received_at", format_iso8601(e.received_at)}};
}

json to_json(const store::IntakeRejection& r) {
  return {{"id", r.id},
          {"api_key_id", r.api_key_id ? json(*r.api_key_id) : json(nullptr)},
          {"reason", r.reason},
          {"detail", r.detail},
          {"client_address", r.client_address},
          {"received_at", format_iso8601(r.received_at)}};
}

Error IntakeService::refuse(const CallContext& call, std::optional<std::int64_t> key_id,
                            const std::string& reason, const std::string& detail, Error answer) {
  auto logged = ctx_.db.transact([&](soci::session& s) -> Result<store::IntakeRejection> {
    store::IntakeRejection r;
    r.api_key_id = key_id;
    r.reason = reason;
    r.detail = detail;
    r.client_address = call.client_address;
    return store::IntakeRepository::reject(s, r);
  });
  if (!logged)
    spdlog::error("request {}: intake refusal ({}) not logged: {}", call.request_id, reason,
                  logged.error().message);
  return answer;
}

Error IntakeService::refuse_unauthenticated(const CallContext& call, const Error& why) {
  return refuse(call, std::nullopt, "unauthenticated", "", why);
}

Result<IntakeOutcome> IntakeService::receive(const CallContext& call, const SignedDelivery& d) {
  // The sending key: its id names the sender in the log and the dedupe.
  auto key = ctx_.db.read([&](soci::session& s) {
    return store::ApiKeyRepository::find_by_hash(s, store::sha256_hex(d.api_key));
  });
  if (!key) return tl::unexpected(key.error());
  if (!*key || (*key)->revoked_at != 0)
    return tl::unexpected(
        refuse(call, std::nullopt, "forbidden", "not an integration key",
               error_of(ErrorCode::kForbidden, "事件接入须使用集成密钥（events:write）")));
  const std::int64_t key_id = (*key)->id;
  if (!AccessPolicy::allows(call.actor, Action::kIntakeEvents))
    return tl::unexpected(
        refuse(call, key_id, "forbidden", "scope events:write missing",
               error_of(ErrorCode::kForbidden, "该密钥无事件接入权限（需 events:write）")));

  const auto ts = d.timestamp ? parse_ms(*d.timestamp) : std::nullopt;
  if (!ts)
    return tl::unexpected(refuse(
        call, key_id, "bad_timestamp",
        d.timestamp ? "X-Qingfeng-Timestamp not ms" : "X-Qingfeng-Timestamp missing",
        error_of(ErrorCode::kMalformedRequest, "缺少或无法识别 X-Qingfeng-Timestamp（毫秒时间戳）",
                 {{"X-Qingfeng-Timestamp", "应为毫秒时间戳"}})));
  constexpr std::string_view kPrefix = "sha256=";
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> presented{};
  std::size_t decoded = 0;
  const bool well_formed =
      d.signature && d.signature->size() == kPrefix.size() + presented.size() * 2 &&
      d.signature->compare(0, kPrefix.size(), kPrefix) == 0 &&
      sodium_hex2bin(presented.data(), presented.size(), d.signature->data() + kPrefix.size(),
                     d.signature->size() - kPrefix.size(), nullptr, &decoded, nullptr) == 0 &&
      decoded == presented.size();
  if (!well_formed)
    return tl::unexpected(
        refuse(call, key_id, "missing_signature",
               d.signature ? "X-Qingfeng-Signature malformed" : "X-Qingfeng-Signature missing",
               error_of(ErrorCode::kUnauthenticated, "缺少或无法识别签名 X-Qingfeng-Signature")));
  const auto expected = hmac(d.api_key, *d.timestamp, d.body);
  if (sodium_memcmp(expected.data(), presented.data(), presented.size()) != 0)
    return tl::unexpected(refuse(call, key_id, "bad_signature", "",
                                 error_of(ErrorCode::kUnauthenticated, "签名校验失败")));
  if (std::llabs(now_ms() - *ts) > kIntakeClockSkewMs)
    return tl::unexpected(
        refuse(call, key_id, "stale_timestamp", "",
               error_of(ErrorCode::kMalformedRequest, "时间戳与服务器时间相差超过 5 分钟",
                        {{"X-Qingfeng-Timestamp", "与服务器时间相差超过 5 分钟"}})));

  if (!d.event) {
    Error e = d.event.error();
    e.code = ErrorCode::kMalformedRequest;
    return tl::unexpected(refuse(call, key_id, "malformed", field_names(e), e));
  }
  const IntakeEventInput& ev = *d.event;
  if (auto ok = validate(ev); !ok)
    return tl::unexpected(refuse(call, key_id, "invalid", field_names(ok.error()), ok.error()));

  auto existing = ctx_.db.read(
      [&](soci::session& s) { return store::IntakeRepository::find(s, key_id, ev.event_id); });
  if (!existing) return tl::unexpected(existing.error());
  if (*existing) return IntakeOutcome{**existing, true};

  // events:write is what lets a sender's events become tips: the tip is
  // written with the sender's identity and that right.
  CallContext tip_call = call;
  if (tip_call.actor.role == Role::kIntegration) tip_call.actor.scopes.push_back("records:write");
  const NewTip tip = tip_of(ev);
  auto stored = ctx_.db.transact([&](soci::session& s) -> Result<store::IntakeEvent> {
    auto created = TipService(ctx_).create(s, tip_call, tip);
    if (!created) return tl::unexpected(created.error());
    store::IntakeEvent row;
    row.api_key_id = key_id;
    row.user_id = call.actor.user_id;
    row.event_id = ev.event_id;
    row.source = ev.source;
    row.occurred_at = ev.occurred_at;
    row.place_text = ev.place_text;
    row.lon = ev.lon;
    row.lat = ev.lat;
    row.species_text = ev.species_text;
    row.camera_id = ev.camera_id;
    row.payload_sha256 = store::sha256_hex(d.body);
    row.tip_id = created->tip.id;
    return store::IntakeRepository::insert(s, std::move(row));
  });
  if (stored) return IntakeOutcome{std::move(*stored), false};
  if (stored.error().code == ErrorCode::kConflict) {
    // Another copy of the same event won the race: answer its result.
    auto winner = ctx_.db.read(
        [&](soci::session& s) { return store::IntakeRepository::find(s, key_id, ev.event_id); });
    if (!winner) return tl::unexpected(winner.error());
    if (*winner) return IntakeOutcome{**winner, true};
  }
  if (stored.error().code == ErrorCode::kInvalidInput) {
    Error e = stored.error();
    e.code = ErrorCode::kMalformedRequest;
    return tl::unexpected(refuse(call, key_id, "invalid", field_names(e), e));
  }
  return tl::unexpected(stored.error());
}

Result<Page<store::IntakeEvent>> IntakeService::events(const CallContext& call,
                                                       const std::optional<std::string>& source,
                                                       int limit, int offset) {
  const bool all = AccessPolicy::sees_all(call.actor);
  const bool own = call.actor.role == Role::kIntegration &&
                   AccessPolicy::allows(call.actor, Action::kIntakeEvents);
  if (!all && !own) return forbidden("只有协调机制办公室、督导组或事件来源系统可以查看接入事件");
  if (source && *source != "grid_worker" && *source != "xueliang_video")
    return invalid("source", "应为 grid_worker 或 xueliang_video");
  return ctx_.db.read([&](soci::session& s) -> Result<Page<store::IntakeEvent>> {
    store::IntakeQuery q;
    if (!all) q.user_id = call.actor.user_id;
    q.source = source;
    q.limit = limit;
    q.offset = offset;
    Page<store::IntakeEvent> page;
    auto rows = store::IntakeRepository::list(s, q, &page.total);
    if (!rows) return tl::unexpected(rows.error());
    page.items = std::move(*rows);
    return page;
  });
}

Result<Page<store::IntakeRejection>> IntakeService::rejections(const CallContext& call, int limit,
                                                               int offset) {
  if (!AccessPolicy::allows(call.actor, Action::kReadAudit))
    return forbidden("只有协调机制办公室、督导组或系统管理员可以查看被拒绝的事件");
  return ctx_.db.read([&](soci::session& s) -> Result<Page<store::IntakeRejection>> {
    Page<store::IntakeRejection> page;
    auto rows = store::IntakeRepository::rejections(s, limit, offset, &page.total);
    if (!rows) return tl::unexpected(rows.error());
    page.items = std::move(*rows);
    return page;
  });
}

}  // namespace qf::service
