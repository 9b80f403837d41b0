// What every service call needs: storage, evidence blobs, settings, and —
// per call — who is acting and from where (for permissions and the audit).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "core/access_policy.h"
#include "core/tip_rules.h"
#include "law/value_assessor.h"
#include "store/blob_store.h"
#include "store/crypto.h"
#include "store/database.h"

namespace qf::service {

struct SecuritySettings {
  store::PasswordHashCost password_cost;
  std::size_t min_password_length = 10;
  std::int64_t session_ttl_ms = 12LL * 3600 * 1000;    // absolute lifetime
  std::int64_t session_idle_ms = 30LL * 60 * 1000;     // idle timeout
  int account_lock_threshold = 5;                      // consecutive failures
  std::int64_t account_lock_ms = 15LL * 60 * 1000;
  int address_lock_threshold = 20;                     // failures per window per IP
  std::int64_t address_window_ms = 15LL * 60 * 1000;
  std::int64_t address_lock_ms = 15LL * 60 * 1000;
  std::string data_key;  // 32 raw bytes for confidential fields (service/field_cipher.h)
};

struct EvidenceSettings {
  std::string dir = "var/evidence";
  std::uint64_t max_file_bytes = 200ull << 20;
};

struct CaseSettings {
  // Placeholders: {dept} department code, {year}, {seq:05} zero-padded sequence.
  std::string number_pattern = "{dept}-{year}-{seq:05}";
  int major_suspects_over = 3;  // more suspects than this makes a case major
  // Items of a 国家一级 species make a case major; so does an established
  // item value of at least this (fen; 0 = off). Default 20万元, the 情节严重
  // band of 刑法第三百四十一条第一款 under 法释〔2022〕12号 第六条.
  bool major_first_class_species = true;
  std::int64_t major_value_fen = 200000LL * 100;
  // Working days allowed per state, overriding core/case_rules.cpp's
  // defaults ([cases.deadline_days] in the configuration).
  std::map<std::string, int> deadline_days;
};

struct TipSettings {
  TipDeadlines deadlines;
  int public_submissions_per_window = 5;             // per client address
  std::int64_t public_window_ms = 10LL * 60 * 1000;  // 10 minutes
  DuplicateRule duplicates;
};


// The outgoing webhook that reports major cases (service/webhook_dispatcher.h).
// An empty url means none is configured and nothing is queued for it.
struct WebhookSettings {
  std::string url;     // http:// only; checked by http/webhook_client.h
  std::string secret;  // HMAC-SHA256 key, read from webhook.secret_file
  int max_attempts = 10;
};

class SpeciesCatalogCache;  // service/species_catalog_service.h
std::shared_ptr<SpeciesCatalogCache> new_species_catalog_cache();

struct ServiceContext {
  store::Database& db;
  store::BlobStore& blobs;
  SecuritySettings security;
  EvidenceSettings evidence;
  CaseSettings cases = {};
  TipSettings tips = {};
  WebhookSettings webhook = {};
  // The built species catalog, shared by every call on this node.
  std::shared_ptr<SpeciesCatalogCache> species_cache = new_species_catalog_cache();
  // The valuation rules in force; null: the compiled-in ones.
  std::shared_ptr<const law::ValueAssessor> assessor = nullptr;
};

// The assessor of ctx (the configured rules, else the compiled-in ones).
const law::ValueAssessor& value_assessor(const ServiceContext& ctx);

// Per-request facts recorded with every audited write.
struct CallContext {
  Actor actor;
  std::string request_id;
  std::string client_address;
};

// The console operator running a CLI command (acts with full rights; the OS
// user is recorded in the audit log).
CallContext cli_call_context();

}  // namespace qf::service
