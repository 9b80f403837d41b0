// Config: how an operator configures `qingfeng`. Three layers, each
// overriding the one before: the TOML file (--config or QINGFENG_CONFIG),
// environment variables, command-line flags. See config/qingfeng.example.toml
// for every key with its default.
#pragma once

#include <string>

#include "core/result.h"
#include "http/server.h"
#include "service/service_context.h"

namespace qf::cli {

struct Config {
  std::string db_url = "sqlite:var/qingfeng.db";  // QINGFENG_DB
  std::size_t db_pool_size = 8;
  http::ServerOptions server;  // listen QINGFENG_LISTEN
  std::string web_dir;         // QINGFENG_WEB: built web UI, served at /
  service::SecuritySettings security;
  // QINGFENG_DATA_KEY_FILE: 32 random bytes sealing confidential fields
  // (tip reporters); created with mode 0600 when missing. Every node of one
  // database needs the same file, and backups are useless without it.
  std::string data_key_file = "var/data.key";
  service::EvidenceSettings evidence;  // dir: QINGFENG_EVIDENCE_DIR
  std::string log_level = "info";      // QINGFENG_LOG_LEVEL
};

// Reads the TOML file if path is non-empty, then the environment.
Result<Config> load_config(const std::string& path);

// Parses "HOST:PORT" into the server options.
Status set_listen(Config& c, const std::string& listen);

}  // namespace qf::cli
