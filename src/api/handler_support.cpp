#include "api/handler_support.h"

#include <spdlog/spdlog.h>

#include <cctype>
#include <charconv>

#include "api/json_input.h"
#include "service/auth_service.h"
#include "service/idempotency_ledger.h"
#include "store/crypto.h"

namespace qf::api {
namespace {

std::optional<std::string> bearer(const http::Request& req) {
  auto h = req.header("Authorization");
  if (!h) return std::nullopt;
  constexpr std::string_view kPrefix = "Bearer ";
  if (h->size() <= kPrefix.size() || h->substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  return std::string(h->substr(kPrefix.size()));
}

bool valid_idempotency_key(std::string_view key) {
  if (key.empty() || key.size() > 200) return false;
  for (unsigned char c : key)
    if (c < 0x21 || c > 0x7e) return false;
  return true;
}

Result<std::string> request_fingerprint(const http::Request& req) {
  std::string body_hash;
  if (!req.body_file.empty()) {
    auto h = store::sha256_file_hex(req.body_file);
    if (!h) return tl::unexpected(h.error());
    body_hash = *h;
  } else {
    body_hash = store::sha256_hex(req.body);
  }
  return store::sha256_hex(req.method + " " + req.target + " " + body_hash);
}

std::optional<int> parse_int(std::string_view s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

service::CallContext anonymous_call(const http::Request& req) {
  service::CallContext c;
  c.request_id = req.request_id;
  c.client_address = req.client_address;
  return c;
}

http::Response error_response(const http::Request& req, const Error& e) {
  if (e.code == ErrorCode::kInternal || e.code == ErrorCode::kUnavailable) {
    spdlog::error("request {} {} {} failed: {}", req.request_id, req.method, req.path, e.message);
    Error shown = e;
    shown.message = e.code == ErrorCode::kInternal ? "请求处理失败，请联系管理员并提供请求编号 " + req.request_id
                                                   : "服务暂不可用，请稍后重试";
    return http::problem_from_error(shown);
  }
  return http::problem_from_error(e);
}

http::Response json_response(int status, const nlohmann::json& body) {
  return http::Response::json(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

http::Response record_response(int status, const nlohmann::json& record) {
  auto r = json_response(status, record);
  if (record.contains("version")) r.set_header("ETag", "\"v" + std::to_string(record["version"].get<int>()) + "\"");
  return r;
}

Result<nlohmann::json> json_body(const http::Request& req) {
  return parse_json_body(req.body, req.header("Content-Type").value_or(""));
}

Result<Paging> paging(const http::Request& req) {
  Paging p;
  if (auto v = req.query_param("page")) {
    auto n = parse_int(*v);
    if (!n || *n < 1 || *n > 1000000) return invalid("page", "页码应为 1 以上的整数");
    p.page = *n;
  }
  if (auto v = req.query_param("page_size")) {
    auto n = parse_int(*v);
    if (!n || *n < 1 || *n > 200) return invalid("page_size", "每页条数应为 1–200");
    p.page_size = *n;
  }
  return p;
}

nlohmann::json page_json(nlohmann::json items, std::int64_t total, const Paging& p) {
  return {{"items", std::move(items)}, {"total", total}, {"page", p.page}, {"page_size", p.page_size}};
}

Result<std::int64_t> id_param(const http::Request& req, const std::string& name) {
  auto it = req.params.find(name);
  if (it == req.params.end()) return not_found();
  std::int64_t v = 0;
  const auto& s = it->second;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v <= 0) return not_found();
  return v;
}

Result<int> if_match_version(const http::Request& req, int min_version) {
  auto h = req.header("If-Match");
  if (!h) {
    return fail(ErrorCode::kPreconditionRequired, "更新须携带 If-Match 请求头（记录的 ETag）");
  }
  std::string_view v = *h;
  if (v.size() >= 2 && v.substr(0, 2) == "W/") v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  if (!v.empty() && v.front() == 'v') v.remove_prefix(1);
  auto n = parse_int(v);
  if (!n || *n < min_version) return fail(ErrorCode::kPreconditionFailed, "If-Match 格式错误，应为记录的 ETag");
  return *n;
}

http::Handler authed(ApiDeps deps, AuthedHandler handler) {
  return [deps, handler = std::move(handler)](http::Request& req) -> http::Response {
    auto token = bearer(req);
    if (!token) {
      auto r = http::problem(401, "unauthenticated", "未登录或登录已失效", "请先登录（Authorization: Bearer …）");
      r.set_header("WWW-Authenticate", "Bearer");
      return r;
    }
    auto actor = service::AuthService(deps.ctx).authenticate(*token);
    if (!actor) {
      auto r = error_response(req, actor.error());
      if (actor.error().code == ErrorCode::kUnauthenticated) r.set_header("WWW-Authenticate", "Bearer");
      return r;
    }
    service::CallContext call{*actor, req.request_id, req.client_address};

    auto key = req.header("Idempotency-Key");
    if (req.method != "POST" || !key) return handler(req, call);
    if (!valid_idempotency_key(*key))
      return http::problem(400, "malformed-request", "请求格式错误", "Idempotency-Key 应为 1–200 个可见 ASCII 字符");
    auto fingerprint = request_fingerprint(req);
    if (!fingerprint) return error_response(req, fingerprint.error());
    service::IdempotencyLedger ledger(deps.ctx);
    auto seen = ledger.find(call.actor, std::string(*key));
    if (!seen) return error_response(req, seen.error());
    if (*seen) {
      if ((*seen)->request_hash != *fingerprint)
        return http::problem(422, "idempotency-key-reused", "幂等键已用于另一个请求",
                             "同一个 Idempotency-Key 只能用于内容相同的请求");
      auto replay = http::Response::json((*seen)->status, (*seen)->body);
      replay.set_header("Idempotent-Replayed", "true");
      return replay;
    }
    http::Response r = handler(req, call);
    // Only outcomes worth repeating are stored: a 5xx may succeed on retry,
    // and a response marked no-store carries a secret (a new API key) that
    // must not rest in the ledger.
    const bool no_store = r.header("Cache-Control").value_or("").find("no-store") != std::string_view::npos;
    if (r.status < 500 && r.file_path.empty() && !no_store) {
      if (auto ok = ledger.remember(call.actor, std::string(*key), req.method, req.path,
                                    {*fingerprint, r.status, r.body});
          !ok)
        spdlog::warn("request {}: idempotency record not stored: {}", req.request_id, ok.error().message);
    }
    return r;
  };
}

Status require_csv_body(const http::Request& req) {
  std::string type(req.header("Content-Type").value_or(""));
  for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string media = type.substr(0, type.find(';'));
  auto trimmed = media.substr(0, media.find_last_not_of(' ') + 1);
  if (trimmed != "text/csv" && trimmed != "application/csv" && trimmed != "text/plain")
    return fail(ErrorCode::kUnsupportedMedia,
                "请以 Content-Type: text/csv（UTF-8 编码）上传 CSV 文件");
  if (auto at = type.find("charset="); at != std::string::npos) {
    std::string charset = type.substr(at + 8);
    charset = charset.substr(0, charset.find(';'));
    std::erase(charset, '"');
    std::erase(charset, ' ');
    if (charset != "utf-8" && charset != "utf8")
      return fail(ErrorCode::kUnsupportedMedia,
                  "CSV 文件须为 UTF-8 编码（当前为 " + charset + "）");
  }
  return {};
}


std::string attachment_disposition(const std::string& name, const std::string& ascii_name) {
  static const char* hex = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : name) {
    if (std::isalnum(c) ||
        std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos) {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += hex[c >> 4];
      encoded += hex[c & 15];
    }
  }
  return "attachment; filename=\"" + ascii_name + "\"; filename*=UTF-8''" + encoded;
}

}  // namespace qf::api
