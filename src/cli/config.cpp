#include "cli/config.h"

#include <toml++/toml.h>

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "http/webhook_client.h"

namespace qf::cli {
namespace {

template <class T>
void read(const toml::table& t, const char* section, const char* key, T& target) {
  if (auto v = t[section][key].value<T>()) target = *v;
}

}  // namespace

Status set_listen(Config& c, const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return invalid("listen", "监听地址应为 HOST:PORT，例如 127.0.0.1:8080");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  char* end = nullptr;
  long port = std::strtol(listen.c_str() + colon + 1, &end, 10);
  if (*end != '\0' || port < 0 || port > 65535) return invalid("listen", "端口应为 0–65535");
  c.server.host = host;
  c.server.port = static_cast<std::uint16_t>(port);
  return {};
}

Result<Config> load_config(const std::string& path) {
  Config c;
  if (!path.empty()) {
    toml::table t;
    try {
      t = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
      return invalid("config", "配置文件 " + path + " 有误: " + std::string(e.description()));
    }
    read(t, "database", "url", c.db_url);
    if (auto v = t["database"]["pool_size"].value<std::int64_t>()) c.db_pool_size = static_cast<std::size_t>(std::max<std::int64_t>(1, *v));
    if (auto v = t["server"]["listen"].value<std::string>())
      if (auto ok = set_listen(c, *v); !ok) return tl::unexpected(ok.error());
    read(t, "server", "web_dir", c.web_dir);
    if (const auto* proxies = t["server"]["trusted_proxies"].as_array())
      for (const auto& p : *proxies)
        if (auto v = p.value<std::string>()) c.server.trusted_proxies.push_back(*v);
    if (auto v = t["server"]["threads"].value<std::int64_t>()) c.server.threads = static_cast<int>(*v);
    if (auto v = t["server"]["max_connections"].value<std::int64_t>()) c.server.max_connections = static_cast<int>(*v);
    if (auto v = t["server"]["read_timeout_seconds"].value<std::int64_t>()) c.server.read_timeout = std::chrono::seconds(*v);
    if (auto v = t["server"]["write_timeout_seconds"].value<std::int64_t>()) c.server.write_timeout = std::chrono::seconds(*v);
    read(t, "evidence", "dir", c.evidence.dir);
    if (auto v = t["evidence"]["max_file_mb"].value<std::int64_t>()) c.evidence.max_file_bytes = static_cast<std::uint64_t>(*v) << 20;
    if (auto v = t["security"]["session_hours"].value<std::int64_t>()) c.security.session_ttl_ms = *v * 3600 * 1000;
    if (auto v = t["security"]["idle_minutes"].value<std::int64_t>()) c.security.session_idle_ms = *v * 60 * 1000;
    if (auto v = t["security"]["lock_after_failures"].value<std::int64_t>()) c.security.account_lock_threshold = static_cast<int>(*v);
    if (auto v = t["security"]["lock_minutes"].value<std::int64_t>()) c.security.account_lock_ms = *v * 60 * 1000;
    if (auto v = t["security"]["argon2_ops"].value<std::int64_t>()) c.security.password_cost.ops = static_cast<unsigned long long>(*v);
    if (auto v = t["security"]["argon2_mem_mb"].value<std::int64_t>()) c.security.password_cost.mem_bytes = static_cast<std::size_t>(*v) << 20;
    read(t, "security", "data_key_file", c.data_key_file);
    read(t, "cases", "number_pattern", c.cases.number_pattern);
    if (auto v = t["cases"]["major_suspects_over"].value<std::int64_t>()) c.cases.major_suspects_over = static_cast<int>(*v);
    if (auto v = t["cases"]["major_first_class_species"].value<bool>()) c.cases.major_first_class_species = *v;
    if (auto v = t["cases"]["major_value_yuan"].value<std::int64_t>()) {
      if (*v < 0) return invalid("cases.major_value_yuan", "不能为负（0 表示不按价值判断）");
      c.cases.major_value_fen = *v * 100;
    }
    if (const auto* days = t["cases"]["deadline_days"].as_table())
      for (const auto& [state, value] : *days)
        if (auto d = value.value<std::int64_t>(); d && *d >= 0)
          c.cases.deadline_days[std::string(state.str())] = static_cast<int>(*d);
    if (auto v = t["tips"]["pending_days"].value<std::int64_t>()) c.tips.deadlines.pending_days = static_cast<int>(*v);
    if (auto v = t["tips"]["assigned_days"].value<std::int64_t>()) c.tips.deadlines.assigned_days = static_cast<int>(*v);
    if (auto v = t["tips"]["verifying_days"].value<std::int64_t>()) c.tips.deadlines.verifying_days = static_cast<int>(*v);
    if (auto v = t["tips"]["public_per_window"].value<std::int64_t>()) c.tips.public_submissions_per_window = static_cast<int>(*v);
    if (auto v = t["tips"]["public_window_minutes"].value<std::int64_t>()) c.tips.public_window_ms = *v * 60 * 1000;
    if (c.cases.number_pattern.find("{seq") == std::string::npos)
      return invalid("cases.number_pattern", "案件编号格式须包含 {seq} 或 {seq:05}");
    read(t, "webhook", "url", c.webhook.url);
    read(t, "webhook", "secret_file", c.webhook_secret_file);
    read(t, "law", "value_rules", c.value_rules_file);
    read(t, "reports", "joint_report_template", c.joint_report_template_file);
    if (auto v = t["webhook"]["max_attempts"].value<std::int64_t>()) {
      if (*v < 1 || *v > 100) return invalid("webhook.max_attempts", "应为 1–100");
      c.webhook.max_attempts = static_cast<int>(*v);
    }
    read(t, "log", "level", c.log_level);
  }
  if (const char* v = std::getenv("QINGFENG_DB"); v && *v) c.db_url = v;
  if (const char* v = std::getenv("QINGFENG_LISTEN"); v && *v)
    if (auto ok = set_listen(c, v); !ok) return tl::unexpected(ok.error());
  if (const char* v = std::getenv("QINGFENG_WEB"); v && *v) c.web_dir = v;
  if (const char* v = std::getenv("QINGFENG_EVIDENCE_DIR"); v && *v) c.evidence.dir = v;
  if (const char* v = std::getenv("QINGFENG_LOG_LEVEL"); v && *v) c.log_level = v;
  if (const char* v = std::getenv("QINGFENG_DATA_KEY_FILE"); v && *v) c.data_key_file = v;
  if (const char* v = std::getenv("QINGFENG_WEBHOOK_URL"); v && *v) c.webhook.url = v;
  if (const char* v = std::getenv("QINGFENG_WEBHOOK_SECRET_FILE"); v && *v) c.webhook_secret_file = v;
  if (const char* v = std::getenv("QINGFENG_VALUE_RULES"); v && *v) c.value_rules_file = v;
  if (const char* v = std::getenv("QINGFENG_JOINT_REPORT_TEMPLATE"); v && *v)
    c.joint_report_template_file = v;
  // A wrong URL (https://, a typo) is a configuration error, found at start-up
  // rather than at the first major case.
  if (!c.webhook.url.empty())
    if (auto url = http::parse_webhook_url(c.webhook.url); !url) return tl::unexpected(url.error());
  return c;
}

Result<service::WebhookSettings> load_webhook_settings(const Config& c) {
  service::WebhookSettings out = c.webhook;
  if (out.url.empty()) return out;
  const std::string& path = c.webhook_secret_file;
  if (path.empty())
    return invalid("webhook.secret_file",
                   "已配置 webhook.url，但未指定签名密钥文件 webhook.secret_file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return invalid("webhook.secret_file", "无法读取 Webhook 签名密钥文件 " + path);
  out.secret.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  // `echo SECRET > file` leaves a newline the receiver would not expect.
  while (!out.secret.empty() && (out.secret.back() == '\n' || out.secret.back() == '\r' ||
                                 out.secret.back() == ' ' || out.secret.back() == '\t'))
    out.secret.pop_back();
  if (out.secret.size() < 16)
    return invalid("webhook.secret_file",
                   "Webhook 签名密钥至少 16 字节（例如 openssl rand -hex 32 > " + path + "）");
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & 077) != 0)
    spdlog::warn("Webhook 签名密钥文件 {} 可被其他用户读取，请执行 chmod 600 {}", path, path);
  return out;
}

}  // namespace qf::cli
