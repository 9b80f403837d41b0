#include "service/auth_service.h"

#include <algorithm>
#include <optional>

#include "core/clock.h"
#include "service/audit_writer.h"
#include "service/representations.h"
#include "store/crypto.h"

namespace qf::service {
namespace {

constexpr std::string_view kSessionPrefix = "qfs_";
constexpr std::string_view kApiKeyPrefix = "qfk_";
// Touching last_seen on every request would turn every read into a write.
constexpr std::int64_t kTouchIntervalMs = 60 * 1000;

Error locked_error(std::int64_t until, std::int64_t now, const std::string& what) {
  Error e{ErrorCode::kLocked, what, {}, 0};
  e.retry_after_seconds = static_cast<int>(std::max<std::int64_t>(1, (until - now + 999) / 1000));
  e.message += "，请于 " + std::to_string((e.retry_after_seconds + 59) / 60) + " 分钟后重试";
  return e;
}

Error bad_credentials() { return Error{ErrorCode::kUnauthenticated, "用户名或密码错误", {}, 0}; }

}  // namespace

Actor actor_for(const store::User& u) {
  Actor a;
  a.user_id = u.id;
  a.username = u.username;
  a.role = u.role;
  a.department_id = u.department_id;
  a.department_code = u.department_code;
  a.duty_department_code = u.duty_department_code;
  return a;
}

const std::vector<std::string>& AuthService::known_scopes() {
  static const std::vector<std::string> scopes = {"records:write", "directory:read",
                                                  "listings:write", "events:write"};
  return scopes;
}

Status AuthService::check_password_policy(const std::string& username,
                                          const std::string& password) const {
  // Length in code points: a Chinese passphrase counts per character.
  std::size_t chars = 0;
  for (unsigned char c : password)
    if ((c & 0xC0) != 0x80) chars++;
  if (chars < ctx_.security.min_password_length)
    return invalid("password",
                   "密码至少 " + std::to_string(ctx_.security.min_password_length) + " 个字符");
  if (password == username) return invalid("password", "密码不能与用户名相同");
  return {};
}

Result<LoginResult> AuthService::login(const std::string& username, const std::string& password,
                                       const CallContext& call) {
  const auto& sec = ctx_.security;
  const std::string ip_subject = "ip:" + call.client_address;

  // Phase 1, read-only: refuse locked subjects and check the password. The
  // argon2id verification (tens of milliseconds, by design) runs outside any
  // transaction so it never holds SQLite's write lock.
  struct Candidate {
    store::ThrottleState ip;
    std::optional<store::User> user;
  };
  auto candidate = ctx_.db.read([&](soci::session& s) -> Result<Candidate> {
    auto ip = store::LoginThrottleRepository::get(s, ip_subject);
    if (!ip) return tl::unexpected(ip.error());
    auto user = store::UserRepository::find_by_username(s, username);
    if (!user) return tl::unexpected(user.error());
    return Candidate{*ip, *user};
  });
  if (!candidate) return tl::unexpected(candidate.error());
  const std::int64_t started = now_ms();
  if (candidate->ip.locked_until > started)
    return tl::unexpected(locked_error(candidate->ip.locked_until, started,
                                       "该地址登录失败次数过多，已暂时禁止登录"));
  if (candidate->user && candidate->user->locked_until > started)
    return tl::unexpected(
        locked_error(candidate->user->locked_until, started, "账户因多次登录失败已锁定"));
  bool ok;
  if (candidate->user) {
    ok = !candidate->user->disabled &&
         store::verify_password(candidate->user->password_hash, password);
  } else {
    // Spend the same work for an unknown name, so timing does not reveal
    // which accounts exist.
    static const std::string decoy = *store::hash_password("qingfeng-decoy", sec.password_cost);
    store::verify_password(decoy, password);
    ok = false;
  }

  // Phase 2, one transaction: record the outcome on fresh rows. Failures
  // must commit their counters, so the transaction carries the login's own
  // result out as a value.
  auto outcome = ctx_.db.transact([&](soci::session& s) -> Result<Result<LoginResult>> {
    const std::int64_t now = now_ms();
    auto user = store::UserRepository::find_by_username(s, username);
    if (!user) return tl::unexpected(user.error());
    // The account may have been disabled or had its password changed while
    // we were verifying; the stored hash must still be the one we checked.
    const bool still_ok = ok && *user && !(*user)->disabled &&
                          (*user)->password_hash == candidate->user->password_hash;
    CallContext audited = call;
    if (!still_ok) {
      auto ip_state = store::LoginThrottleRepository::get(s, ip_subject);
      if (!ip_state) return tl::unexpected(ip_state.error());
      store::ThrottleState st = *ip_state;
      if (now - st.last_failure_at > sec.address_window_ms) st.failures = 0;
      st.failures++;
      st.last_failure_at = now;
      if (st.failures >= sec.address_lock_threshold) st.locked_until = now + sec.address_lock_ms;
      if (auto put = store::LoginThrottleRepository::put(s, ip_subject, st); !put)
        return tl::unexpected(put.error());
      std::string entity_id;
      if (*user) {
        const auto& u = **user;
        const bool lock = u.failed_logins + 1 >= sec.account_lock_threshold;
        if (auto r = store::UserRepository::record_failure(s, u.id,
                                                           lock ? now + sec.account_lock_ms : 0);
            !r)
          return tl::unexpected(r.error());
        entity_id = std::to_string(u.id);
        audited.actor = actor_for(u);
      }
      nlohmann::json after = {
          {"username", username},
          {"reason", *user && (*user)->disabled ? "disabled" : "bad_credentials"}};
      if (auto a = audit(s, audited, "auth.login_failed", "user", entity_id, nullptr, after); !a)
        return tl::unexpected(a.error());
      return Result<LoginResult>(tl::unexpected(bad_credentials()));
    }

    const auto& u = **user;
    if (u.failed_logins > 0)
      if (auto r = store::UserRepository::clear_failures(s, u.id); !r)
        return tl::unexpected(r.error());
    LoginResult result;
    result.token = std::string(kSessionPrefix) + store::random_token(32);
    store::SessionRecord rec;
    rec.token_hash = store::sha256_hex(result.token);
    rec.user_id = u.id;
    rec.created_at = rec.last_seen_at = now;
    rec.expires_at = result.expires_at = now + sec.session_ttl_ms;
    rec.client_address = call.client_address;
    auto inserted = store::SessionRepository::insert(s, rec);
    if (!inserted) return tl::unexpected(inserted.error());
    result.user = u;
    audited.actor = actor_for(u);
    if (auto a = audit(s, audited, "auth.login", "session", std::to_string(inserted->id), nullptr,
                       {{"user_id", u.id}, {"expires_at", format_iso8601(rec.expires_at)}});
        !a)
      return tl::unexpected(a.error());
    return Result<LoginResult>(std::move(result));
  });
  if (!outcome) return tl::unexpected(outcome.error());
  return std::move(*outcome);
}

Status AuthService::logout(const std::string& token, const CallContext& call) {
  return ctx_.db.transact([&](soci::session& s) -> Status {
    auto rec = store::SessionRepository::find_by_hash(s, store::sha256_hex(token));
    if (!rec) return tl::unexpected(rec.error());
    if (!*rec || (*rec)->revoked_at != 0) return {};
    const std::int64_t now = now_ms();
    if (auto r = store::SessionRepository::revoke(s, (*rec)->id, now); !r) return r;
    return audit(s, call, "auth.logout", "session", std::to_string((*rec)->id), nullptr,
                 {{"revoked_at", format_iso8601(now)}});
  });
}

Result<Actor> AuthService::authenticate(const std::string& credential) {
  if (credential.rfind(kSessionPrefix, 0) == 0) return authenticate_session(credential);
  if (credential.rfind(kApiKeyPrefix, 0) == 0) return authenticate_api_key(credential);
  return fail(ErrorCode::kUnauthenticated, "登录凭证无效");
}

Result<Actor> AuthService::authenticate_session(const std::string& token) {
  struct Found {
    store::SessionRecord session;
    store::User user;
  };
  auto found = ctx_.db.read([&](soci::session& s) -> Result<Found> {
    auto rec = store::SessionRepository::find_by_hash(s, store::sha256_hex(token));
    if (!rec) return tl::unexpected(rec.error());
    if (!*rec) return fail(ErrorCode::kUnauthenticated, "登录已失效，请重新登录");
    auto user = store::UserRepository::find_by_id(s, (*rec)->user_id);
    if (!user) return tl::unexpected(user.error());
    if (!*user) return fail(ErrorCode::kUnauthenticated, "登录已失效，请重新登录");
    return Found{**rec, **user};
  });
  if (!found) return tl::unexpected(found.error());
  const std::int64_t now = now_ms();
  const auto& sess = found->session;
  const auto& user = found->user;
  if (sess.revoked_at != 0 || sess.expires_at <= now ||
      now - sess.last_seen_at > ctx_.security.session_idle_ms || user.disabled ||
      user.password_changed_at > sess.created_at)
    return fail(ErrorCode::kUnauthenticated, "登录已失效，请重新登录");
  if (now - sess.last_seen_at > kTouchIntervalMs) {
    auto touched = ctx_.db.read(
        [&](soci::session& s) { return store::SessionRepository::touch(s, sess.id, now); });
    if (!touched) return tl::unexpected(touched.error());
  }
  return actor_for(user);
}

Result<Actor> AuthService::authenticate_api_key(const std::string& key) {
  struct Found {
    store::ApiKeyRecord key;
    store::User user;
  };
  auto found = ctx_.db.read([&](soci::session& s) -> Result<Found> {
    auto rec = store::ApiKeyRepository::find_by_hash(s, store::sha256_hex(key));
    if (!rec) return tl::unexpected(rec.error());
    if (!*rec || (*rec)->revoked_at != 0)
      return fail(ErrorCode::kUnauthenticated, "API 密钥无效或已吊销");
    auto user = store::UserRepository::find_by_id(s, (*rec)->user_id);
    if (!user) return tl::unexpected(user.error());
    if (!*user || (*user)->disabled)
      return fail(ErrorCode::kUnauthenticated, "API 密钥无效或已吊销");
    return Found{**rec, **user};
  });
  if (!found) return tl::unexpected(found.error());
  const std::int64_t now = now_ms();
  if (now - found->key.last_used_at > kTouchIntervalMs) {
    auto touched = ctx_.db.read(
        [&](soci::session& s) { return store::ApiKeyRepository::touch(s, found->key.id, now); });
    if (!touched) return tl::unexpected(touched.error());
  }
  Actor a = actor_for(found->user);
  a.scopes = to_json(found->key)["scopes"].get<std::vector<std::string>>();
  return a;
}

Status AuthService::change_own_password(const CallContext& call, const std::string& old_password,
                                        const std::string& new_password) {
  if (call.actor.user_id == 0) return forbidden();
  if (auto p = check_password_policy(call.actor.username, new_password); !p) return p;
  auto hash = store::hash_password(new_password, ctx_.security.password_cost);
  if (!hash) return tl::unexpected(hash.error());
  return ctx_.db.transact([&](soci::session& s) -> Status {
    auto user = store::UserRepository::find_by_id(s, call.actor.user_id);
    if (!user) return tl::unexpected(user.error());
    if (!*user) return not_found();
    if (!store::verify_password((*user)->password_hash, old_password))
      return invalid("old_password", "原密码不正确");
    if (auto r = store::UserRepository::set_password(s, (*user)->id, *hash); !r) return r;
    auto revoked = store::SessionRepository::revoke_all_for_user(s, (*user)->id, now_ms());
    if (!revoked) return tl::unexpected(revoked.error());
    return audit(s, call, "user.password_change", "user", std::to_string((*user)->id), nullptr,
                 {{"sessions_revoked", *revoked}});
  });
}

Result<IssuedApiKey> AuthService::issue_api_key(const CallContext& call,
                                                std::int64_t integration_user_id,
                                                const std::string& name,
                                                const std::vector<std::string>& scopes) {
  if (!AccessPolicy::allows(call.actor, Action::kManageApiKeys)) return forbidden();
  if (name.empty() || name.size() > 200) return invalid("name", "请填写密钥名称（200 字以内）");
  std::string joined;
  for (const auto& sc : scopes) {
    const auto& known = known_scopes();
    if (std::find(known.begin(), known.end(), sc) == known.end())
      return invalid("scopes", "未知的权限范围: " + sc);
    joined += (joined.empty() ? "" : " ") + sc;
  }
  return ctx_.db.transact([&](soci::session& s) -> Result<IssuedApiKey> {
    auto user = store::UserRepository::find_by_id(s, integration_user_id);
    if (!user) return tl::unexpected(user.error());
    if (!*user) return invalid("user_id", "用户不存在");
    if ((*user)->role != Role::kIntegration)
      return invalid("user_id", "只能为“系统对接”角色的账户签发密钥");
    IssuedApiKey out;
    out.key = std::string(kApiKeyPrefix) + store::random_token(32);
    store::ApiKeyRecord rec;
    rec.key_hash = store::sha256_hex(out.key);
    rec.prefix = out.key.substr(0, 10);
    rec.user_id = integration_user_id;
    rec.name = name;
    rec.scopes = joined;
    rec.created_at = now_ms();
    auto inserted = store::ApiKeyRepository::insert(s, rec);
    if (!inserted) return tl::unexpected(inserted.error());
    out.record = *inserted;
    if (auto a = audit(s, call, "api_key.create", "api_key", std::to_string(inserted->id), nullptr,
                       to_json(*inserted));
        !a)
      return tl::unexpected(a.error());
    return out;
  });
}

Status AuthService::revoke_api_key(const CallContext& call, std::int64_t key_id) {
  if (!AccessPolicy::allows(call.actor, Action::kManageApiKeys)) return forbidden();
  return ctx_.db.transact([&](soci::session& s) -> Status {
    auto rec = store::ApiKeyRepository::find_by_id(s, key_id);
    if (!rec) return tl::unexpected(rec.error());
    if (!*rec) return not_found("API 密钥不存在");
    auto before = to_json(**rec);
    if (auto r = store::ApiKeyRepository::revoke(s, key_id, now_ms()); !r) return r;
    auto after = before;
    after["revoked"] = true;
    return audit(s, call, "api_key.revoke", "api_key", std::to_string(key_id), before, after);
  });
}

Result<std::vector<store::ApiKeyRecord>> AuthService::list_api_keys(const CallContext& call) {
  if (!AccessPolicy::allows(call.actor, Action::kManageApiKeys)) return forbidden();
  return ctx_.db.read([](soci::session& s) { return store::ApiKeyRepository::list(s); });
}

}  // namespace qf::service
