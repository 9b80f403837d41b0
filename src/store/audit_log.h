// AuditLog: the append-only, hash-chained record of every write.
//
// append() runs inside the caller's transaction, so the audit row commits or
// rolls back with the change it describes. Each row's hash is
// SHA-256(prev_hash || canonical(row)), where canonical(row) is the row's
// fields as a JSON array in fixed order; changing, deleting or reordering any
// committed row breaks the chain from that row on, and verify() names the
// first row that no longer matches.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"
#include "store/database.h"

namespace qf::store {

struct AuditEntry {
  std::int64_t seq = 0;
  std::int64_t at = 0;  // epoch ms
  std::int64_t actor_id = 0;
  std::string actor;   // username, or "cli:<os user>" for console operations
  std::string action;  // e.g. "user.create", "auth.login"
  std::string entity;  // e.g. "user"
  std::string entity_id;
  std::string before_json;  // "" when nothing existed before
  std::string after_json;   // "" when nothing exists after
  std::string request_id;
  std::string client_address;
  std::string prev_hash;
  std::string hash;
};

// Filters left out match everything (designated initialisers name only the
// ones they set; the {} keep -Wmissing-field-initializers quiet about the rest).
struct AuditQuery {
  std::optional<std::string> entity{};
  std::optional<std::string> entity_id{};
  std::optional<std::string> actor{};
  std::optional<std::string> action{};
  std::optional<std::int64_t> from_ms{};
  std::optional<std::int64_t> to_ms{};
  int limit = 50;
  int offset = 0;
};

struct AuditPage {
  std::vector<AuditEntry> rows;  // newest first
  std::int64_t total = 0;
};

struct AuditVerification {
  std::int64_t rows_checked = 0;
  std::optional<std::int64_t> first_bad_seq;  // set when the chain is broken
  std::string problem;                        // what is wrong with that row
};

class AuditLog {
 public:
  // Appends inside the current transaction; fills seq, at (if 0), hashes.
  static Result<AuditEntry> append(soci::session& s, AuditEntry entry);

  static Result<AuditPage> query(Database& db, const AuditQuery& q);
  static Result<AuditVerification> verify(Database& db);

  // The canonical text hashed for a row (exposed for tests and tools).
  static std::string canonical(const AuditEntry& e);
};

}  // namespace qf::store
