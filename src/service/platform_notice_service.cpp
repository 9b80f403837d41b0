#include "service/platform_notice_service.h"

#include <algorithm>

#include "core/clock.h"
#include "core/text.h"
#include "core/utf8.h"
#include "service/audit_writer.h"
#include "service/field_cipher.h"
#include "service/listing_service.h"
#include "service/webhook_dispatcher.h"
#include "store/crypto.h"
#include "store/user_repository.h"

namespace qf::service {
namespace {

using json = nlohmann::json;
constexpr const char* kEndpointEntity = "platform_endpoint";
constexpr const char* kTargetPrefix = "platform:";
constexpr std::size_t kSecretHintChars = 6;

std::string target_of(const std::string& code) { return kTargetPrefix + code; }

// The rules of http/webhook_client.h's parse_webhook_url (which the sender
// applies again), checked here so a bad URL is refused when it is entered:
// http:// only, a host, an optional port 1–65535, no user information, no
// spaces, control or non-ASCII characters.
std::optional<std::string> notice_url_problem(const std::string& url) {
  if (url.size() > kMaxNoticeUrlBytes) return "过长";
  std::string lower = url.substr(0, 8);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower.rfind("https://", 0) == 0)
    return "本系统不含 TLS 客户端，请填写 http:// 地址（https 接收方请经本机中继转发，例如 nginx "
           "proxy_pass）";
  if (lower.rfind("http://", 0) != 0) return "应以 http:// 开头";
  for (unsigned char c : url)
    if (c <= 0x20 || c >= 0x7f) return "不能含空格、控制字符或非 ASCII 字符";
  const std::string rest = url.substr(7);
  const std::string authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string::npos) return "不能含用户名或密码（会出现在日志中）";
  std::string host = authority, port;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string::npos) return "IPv6 地址缺少 ]";
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return "主机名有误";
      port = authority.substr(close + 2);
    }
  } else if (const auto colon = authority.rfind(':'); colon != std::string::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (port.empty()) return "端口有误";
  }
  if (host.empty()) return "缺少主机名";
  if (!port.empty()) {
    if (port.size() > 5 || !std::all_of(port.begin(), port.end(), ::isdigit)) return "端口有误";
    const int n = std::stoi(port);
    if (n < 1 || n > 65535) return "端口应为 1–65535";
  }
  return std::nullopt;
}

json audit_snapshot(const store::PlatformEndpoint& p) {
  json j = to_json(p);
  j.erase("open_notices");
  j.erase("overdue_notices");
  return j;
}

std::string secret_hint(const std::string& secret) {
  return secret.substr(0, std::min(secret.size(), kSecretHintChars));
}

struct NewSecret {
  std::string plain, sealed, hint;
};

Result<NewSecret> generate_secret(const ServiceContext& ctx) {
  auto cipher = FieldCipher::from_key(ctx.security.data_key);
  if (!cipher) return tl::unexpected(cipher.error());
  NewSecret out;
  out.plain = store::random_token(32);
  out.sealed = cipher->seal(out.plain);
  out.hint = secret_hint(out.plain);
  return out;
}

std::string_view notice_status(const store::TakedownNotice& n) {
  if (n.channel != "webhook") return "manual";
  if (n.delivery_status == "delivered") return "sent";
  if (n.delivery_status == "failed") return "gave_up";
  return n.delivery_attempts > 0 ? "retrying" : "queued";
}

std::string_view notice_status_label(std::string_view status) {
  if (status == "queued") return "待发送";
  if (status == "retrying") return "发送失败重试中";
  if (status == "sent") return "已发送";
  if (status == "gave_up") return "已放弃";
  return "须人工通知";
}

std::string_view category_label(const std::string& category) {
  if (category == "wildlife") return "野生动物及其制品";
  if (category == "tool") return "禁止使用的猎捕工具、渔具";
  if (category == "marketing") return "违规宣传";
  return "其他违法信息";
}

}  // namespace

// ---- delivery targets ------------------------------------------------------

Result<WebhookEndpoint> resolve_webhook_target(const ServiceContext& ctx, soci::session& s,
                                               const std::string& target) {
  if (target.rfind(kTargetPrefix, 0) != 0)
    return fail(ErrorCode::kInternal, "未知的投递目标 " + target);
  const std::string code = target.substr(std::string(kTargetPrefix).size());
  auto found = store::PlatformEndpointRepository::find_by_code(s, code);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return fail(ErrorCode::kNotFound, "平台「" + code + "」未登记下架通知接口");
  const auto& p = **found;
  if (!p.enabled) return fail(ErrorCode::kConflict, "平台「" + code + "」的下架通知已停用");
  if (p.notice_url.empty() || p.secret_sealed.empty())
    return fail(ErrorCode::kConflict, "平台「" + code + "」未配置通知地址或签名密钥");
  auto cipher = FieldCipher::from_key(ctx.security.data_key);
  if (!cipher) return tl::unexpected(cipher.error());
  auto secret = cipher->open(p.secret_sealed);
  if (!secret)
    return fail(ErrorCode::kInternal,
                "平台「" + code + "」的签名密钥无法用本节点的数据密钥解开，请重新生成密钥");
  return WebhookEndpoint{p.notice_url, *secret};
}

// ---- the registry ----------------------------------------------------------

json to_json(const store::PlatformEndpoint& p) {
  return {{"code", p.code},
          {"name", p.name},
          {"notice_url", p.notice_url},
          {"enabled", p.enabled},
          {"deadline_hours", p.deadline_hours},
          {"account", p.account_username},
          {"has_secret", !p.secret_sealed.empty()},
          {"secret_hint", p.secret_hint},
          {"note", p.note},
          {"open_notices", p.open_notices},
          {"overdue_notices", p.overdue_notices},
          {"version", p.version},
          {"created_at", format_iso8601(p.created_at)},
          {"updated_at", format_iso8601(p.updated_at)}};
}

bool PlatformEndpointService::may_manage(const Actor& a) {
  // As the major-case webhook's delivery log: the office, which runs the
  // reporting, and the administrator, who runs the system.
  return a.is_cli || ((a.role == Role::kOffice || a.role == Role::kAdmin) &&
                      AccessPolicy::allows(a, Action::kReadAudit));
}

bool PlatformEndpointService::may_read(const Actor& a) {
  return may_manage(a) || AccessPolicy::allows(a, Action::kReadListings);
}

namespace {

// Applies the input to p, collecting problems; the account is resolved to
// an integration user.
Status apply(soci::session& s, const PlatformEndpointInput& in, store::PlatformEndpoint& p) {
  std::vector<FieldError> errors;
  if (in.name) {
    if (in.name->size() > 200 || !is_valid_utf8(*in.name))
      errors.push_back({"name", "过长或含无效字符"});
    else
      p.name = trimmed(*in.name);
  }
  if (in.notice_url) {
    const std::string url = trimmed(*in.notice_url);
    if (auto problem = url.empty() ? std::nullopt : notice_url_problem(url))
      errors.push_back({"notice_url", *problem});
    else
      p.notice_url = url;
  }
  if (in.deadline_hours) {
    if (*in.deadline_hours < 1 || *in.deadline_hours > kMaxNoticeDeadlineHours)
      errors.push_back(
          {"deadline_hours", "应为 1–" + std::to_string(kMaxNoticeDeadlineHours) + " 小时"});
    else
      p.deadline_hours = *in.deadline_hours;
  }
  if (in.note) {
    if (in.note->size() > 4000 || !is_valid_utf8(*in.note))
      errors.push_back({"note", "过长或含无效字符"});
    else
      p.note = *in.note;
  }
  if (in.account) {
    const std::string name = trimmed(*in.account);
    if (name.empty()) {
      p.account_user_id.reset();
      p.account_username.clear();
    } else {
      auto user = store::UserRepository::find_by_username(s, name);
      if (!user) return tl::unexpected(user.error());
      if (!*user || (*user)->role != Role::kIntegration || (*user)->disabled) {
        errors.push_back({"account", "应为有效的“系统对接”角色账户"});
      } else {
        p.account_user_id = (*user)->id;
        p.account_username = (*user)->username;
      }
    }
  }
  if (in.enabled) p.enabled = *in.enabled;
  if (p.enabled && p.notice_url.empty() && errors.empty())
    errors.push_back({"notice_url", "启用下架通知须填写通知地址"});
  if (!errors.empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});
  return {};
}

Status check_code(const std::string& code) {
  if (is_blank(code)) return invalid("code", "请填写平台名称（与网络信息的“平台”一致）");
  if (code.size() > kMaxListingFieldBytes || !is_valid_utf8(code))
    return invalid("code", "过长或含无效字符");
  if (code != trimmed(code)) return invalid("code", "首尾不能有空格");
  if (code.find('/') != std::string::npos || code.find(':') != std::string::npos)
    return invalid("code", "不能含 / 或 :");
  return {};
}

}  // namespace

Result<PlatformRegistry> PlatformEndpointService::list(const CallContext& call) {
  if (!may_read(call.actor)) return forbidden();
  return ctx_.db.read([&](soci::session& s) -> Result<PlatformRegistry> {
    const std::int64_t now = now_ms();
    PlatformRegistry out;
    auto items = store::PlatformEndpointRepository::list(s, now);
    if (!items) return tl::unexpected(items.error());
    out.items = std::move(*items);
    auto overdue = store::TakedownNoticeRepository::count_overdue(s, now);
    if (!overdue) return tl::unexpected(overdue.error());
    out.overdue_notices = *overdue;
    return out;
  });
}

Result<store::PlatformEndpoint> PlatformEndpointService::get(const CallContext& call,
                                                             const std::string& code) {
  if (!may_read(call.actor)) return forbidden();
  return ctx_.db.read([&](soci::session& s) -> Result<store::PlatformEndpoint> {
    auto all = store::PlatformEndpointRepository::list(s, now_ms());
    if (!all) return tl::unexpected(all.error());
    for (auto& p : *all)
      if (p.code == code) return std::move(p);
    return not_found("平台不存在");
  });
}

Result<SavedPlatformEndpoint> PlatformEndpointService::create(const CallContext& call,
                                                              const std::string& code,
                                                              const PlatformEndpointInput& in) {
  if (!may_manage(call.actor))
    return forbidden("只有协调机制办公室或系统管理员可以管理平台下架通知");
  if (auto ok = check_code(code); !ok) return tl::unexpected(ok.error());
  auto secret = generate_secret(ctx_);
  if (!secret) return tl::unexpected(secret.error());
  return ctx_.db.transact([&](soci::session& s) -> Result<SavedPlatformEndpoint> {
    auto existing = store::PlatformEndpointRepository::find_by_code(s, code);
    if (!existing) return tl::unexpected(existing.error());
    if (*existing) return fail(ErrorCode::kConflict, "平台「" + code + "」已登记");
    store::PlatformEndpoint p;
    p.code = code;
    p.name = code;
    if (auto ok = apply(s, in, p); !ok) return tl::unexpected(ok.error());
    p.secret_sealed = secret->sealed;
    p.secret_hint = secret->hint;
    p.created_by = call.actor.user_id;
    auto stored = store::PlatformEndpointRepository::insert(s, p);
    if (!stored) return tl::unexpected(stored.error());
    json after = audit_snapshot(*stored);
    after["secret_generated"] = true;
    if (auto a = audit(s, call, "platform.create", kEndpointEntity, code, nullptr, after); !a)
      return tl::unexpected(a.error());
    return SavedPlatformEndpoint{*stored, secret->plain};
  });
}

Result<SavedPlatformEndpoint> PlatformEndpointService::update(const CallContext& call,
                                                              const std::string& code,
                                                              const PlatformEndpointInput& in,
                                                              int expected_version) {
  if (!may_manage(call.actor))
    return forbidden("只有协调机制办公室或系统管理员可以管理平台下架通知");
  std::optional<NewSecret> secret;
  if (in.rotate_secret) {
    auto made = generate_secret(ctx_);
    if (!made) return tl::unexpected(made.error());
    secret = std::move(*made);
  }
  return ctx_.db.transact([&](soci::session& s) -> Result<SavedPlatformEndpoint> {
    auto before = store::PlatformEndpointRepository::find_by_code(s, code);
    if (!before) return tl::unexpected(before.error());
    if (!*before) return not_found("平台不存在");
    store::PlatformEndpoint p = **before;
    if (auto ok = apply(s, in, p); !ok) return tl::unexpected(ok.error());
    if (secret) {
      p.secret_sealed = secret->sealed;
      p.secret_hint = secret->hint;
    }
    auto stored = store::PlatformEndpointRepository::update(s, p, expected_version);
    if (!stored) return tl::unexpected(stored.error());
    json after = audit_snapshot(*stored);
    if (secret) after["secret_rotated"] = true;
    if (auto a = audit(s, call, "platform.update", kEndpointEntity, code, audit_snapshot(**before),
                       after);
        !a)
      return tl::unexpected(a.error());
    return SavedPlatformEndpoint{*stored, secret ? secret->plain : std::string()};
  });
}

// ---- notices ---------------------------------------------------------------

json to_json(const store::TakedownNotice& n, const store::Listing& l, std::int64_t now) {
  const std::string_view status = notice_status(n);
  const bool open =
      l.takedown_state == takedown_state::kRequested && l.takedown_requested_at == n.requested_at;
  return {{"id", n.id},
          {"channel", n.channel},
          {"status", status},
          {"status_label", notice_status_label(status)},
          {"deadline_at", format_iso8601(n.deadline_at)},
          {"overdue", open && now > n.deadline_at},
          {"attempts", n.delivery_attempts},
          {"next_attempt_at", status == "retrying" || status == "queued"
                                  ? format_iso8601(n.delivery_next_attempt_at)
                                  : ""},
          {"last_status_code", n.delivery_last_status_code},
          {"last_error", n.delivery_last_error},
          {"sent_at", format_iso8601(n.sent_at)},
          {"acknowledged_at", format_iso8601(n.acknowledged_at)},
          {"delivery_id", n.delivery_id ? json(*n.delivery_id) : json(nullptr)}};
}

Result<TakedownNotices::Plan> TakedownNotices::plan(soci::session& s, const std::string& platform) {
  auto found = store::PlatformEndpointRepository::find_by_code(s, platform);
  if (!found) return tl::unexpected(found.error());
  Plan p;
  if (*found) {
    p.deadline_hours = (*found)->deadline_hours;
    p.sends =
        (*found)->enabled && !(*found)->notice_url.empty() && !(*found)->secret_sealed.empty();
  }
  return p;
}

std::string TakedownNotices::legal_basis(const std::string& category) {
  const std::string platform_duty =
      "《中华人民共和国电子商务法》第二十九条：电子商务平台经营者发现平台内的商品或者服务信息违法"
      "的，应当依法采取必要的处置措施，并向有关主管部门报告。";
  if (category == "marketing")
    return "《中华人民共和国长江保护法》第五十三条（长江流域重点水域禁捕）；《中华人民共和国广告法"
           "》"
           "第二十八条（虚假广告）。" +
           platform_duty;
  if (category == "tool")
    return "《中华人民共和国野生动物保护法》第三十二条：禁止为出售、购买、利用野生动物或者禁止使用"
           "的猎捕工具发布广告；第三十三条：禁止网络平台为违法出售、购买、利用野生动物及其制品或者"
           "禁止使用的猎捕工具提供展示、交易、消费服务。" +
           platform_duty;
  return "《中华人民共和国野生动物保护法》第三十二条：禁止为违法出售、购买、利用野生动物制品发布广"
         "告；"
         "第三十三条：禁止网络平台为违法出售、购买、食用及利用野生动物及其制品提供展示、交易、消费"
         "服务。" +
         platform_duty;
}

json TakedownNotices::payload(const store::Listing& l, const store::TakedownNotice& n,
                              const json& reasons) {
  const int hours = static_cast<int>((n.deadline_at - n.requested_at) / 3600000);
  return {{"event", kTakedownNoticeEvent},
          {"notice",
           {{"id", n.id},
            {"issued_at", format_iso8601(n.requested_at)},
            {"deadline_at", format_iso8601(n.deadline_at)},
            {"deadline_hours", hours}}},
          {"listing",
           {{"id", l.id},
            {"platform", l.platform},
            {"external_id", l.external_id},
            {"url", l.url},
            {"content_hash", l.content_hash},
            {"category", l.category},
            {"category_label", category_label(l.category)},
            {"risk", l.risk},
            {"reasons", reasons.is_array() ? reasons : json::array()}}},
          {"request", "请于期限内下架该信息，并按 callback 回报下架结果。"},
          {"legal_basis", legal_basis(l.category)},
          {"callback",
           {{"method", "POST"},
            {"path", "/api/v1/listings/" + std::to_string(l.id) + "/takedown"},
            {"auth", "Authorization: Bearer <平台的系统对接密钥（listings:write）>"},
            {"body", {{"step", "taken_down"}, {"at", "<下架时间，毫秒时间戳，可省略>"}}}}}};
}

Result<store::TakedownNotice> TakedownNotices::issue(soci::session& s, const CallContext& call,
                                                     const store::Listing& l, const Plan& plan) {
  store::TakedownNotice n;
  n.listing_id = l.id;
  n.platform = l.platform;
  n.channel = plan.sends ? "webhook" : "manual";
  n.requested_at = l.takedown_requested_at;
  n.deadline_at =
      l.takedown_requested_at + static_cast<std::int64_t>(plan.deadline_hours) * 3600000;
  n.created_by = call.actor.user_id;
  auto stored = store::TakedownNoticeRepository::insert(s, n);
  if (!stored) return tl::unexpected(stored.error());
  if (!plan.sends) return stored;
  json reasons = json::array();
  auto scan = store::ListingRepository::latest_scan(s, l.id);
  if (!scan) return tl::unexpected(scan.error());
  if (*scan) {
    json e = json::parse((*scan)->explanation_json, nullptr, false);
    if (e.is_object() && e.contains("reasons")) reasons = e["reasons"];
  }
  auto delivery =
      WebhookOutbox::enqueue_to(s, target_of(l.platform), kTakedownNoticeEvent,
                                kTakedownNoticeEntity, stored->id, payload(l, *stored, reasons));
  if (!delivery) return tl::unexpected(delivery.error());
  if (auto ok = store::TakedownNoticeRepository::set_delivery(s, stored->id, *delivery); !ok)
    return tl::unexpected(ok.error());
  stored->delivery_id = *delivery;
  stored->delivery_status = "pending";
  return stored;
}

Result<std::optional<store::TakedownNotice>> TakedownNotices::current(soci::session& s,
                                                                      const store::Listing& l) {
  if (l.takedown_state.empty() || !l.takedown_requested_at)
    return std::optional<store::TakedownNotice>();
  return store::TakedownNoticeRepository::find_for_round(s, l.id, l.takedown_requested_at);
}

Status TakedownNotices::acknowledge(soci::session& s, const store::Listing& l) {
  return store::TakedownNoticeRepository::acknowledge(s, l.id, l.takedown_requested_at,
                                                      l.taken_down_at);
}

Result<bool> TakedownNotices::platform_may_report(soci::session& s, const Actor& actor,
                                                  const store::Listing& l) {
  auto found = store::PlatformEndpointRepository::find_by_code(s, l.platform);
  if (!found) return tl::unexpected(found.error());
  if (*found && (*found)->account_user_id) return *(*found)->account_user_id == actor.user_id;
  return l.submitted_by == actor.user_id;
}

}  // namespace qf::service
