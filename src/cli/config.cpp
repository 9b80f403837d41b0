#include "cli/config.h"

#include <toml++/toml.h>

#include <cstdlib>

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
    read(t, "log", "level", c.log_level);
  }
  if (const char* v = std::getenv("QINGFENG_DB"); v && *v) c.db_url = v;
  if (const char* v = std::getenv("QINGFENG_LISTEN"); v && *v)
    if (auto ok = set_listen(c, v); !ok) return tl::unexpected(ok.error());
  if (const char* v = std::getenv("QINGFENG_WEB"); v && *v) c.web_dir = v;
  if (const char* v = std::getenv("QINGFENG_EVIDENCE_DIR"); v && *v) c.evidence.dir = v;
  if (const char* v = std::getenv("QINGFENG_LOG_LEVEL"); v && *v) c.log_level = v;
  if (const char* v = std::getenv("QINGFENG_DATA_KEY_FILE"); v && *v) c.data_key_file = v;
  return c;
}

}  // namespace qf::cli
