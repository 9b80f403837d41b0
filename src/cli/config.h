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
  service::CaseSettings cases;         // [cases]: numbering, major-case rule, deadlines
  service::TipSettings tips;           // [tips]: deadlines, public rate limit
  // [webhook]: the signed outgoing webhook reporting major cases. url (env
  // QINGFENG_WEBHOOK_URL) must be http:// and is checked on load; the HMAC
  // secret is read from webhook_secret_file (env QINGFENG_WEBHOOK_SECRET_FILE)
  // only by `serve`, so other commands need not be able to read it.
  service::WebhookSettings webhook;
  std::string webhook_secret_file;
  // [law] value_rules (QINGFENG_VALUE_RULES): a corrected copy of
  // data/law/value-rules.toml that `serve` values with instead of the
  // compiled-in one — how an administrator fixes a constant without a rebuild.
  std::string value_rules_file;
  // [reports] joint_report_template (QINGFENG_JOINT_REPORT_TEMPLATE): an edited
  // copy of data/report-templates/joint-action.toml, the joint-action report's
  // fixed texts (report/joint_report.h); empty: the compiled-in one.
  std::string joint_report_template_file;
  std::string log_level = "info";      // QINGFENG_LOG_LEVEL
};

// Reads the TOML file if path is non-empty, then the environment.
Result<Config> load_config(const std::string& path);

// Parses "HOST:PORT" into the server options.
Status set_listen(Config& c, const std::string& listen);

// The webhook settings `serve` runs with: the configured ones plus the secret
// from webhook_secret_file. Without a url there is no webhook and nothing is read.
Result<service::WebhookSettings> load_webhook_settings(const Config& c);

}  // namespace qf::cli
