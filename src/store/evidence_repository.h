// EvidenceRepository: metadata of evidence files (the bytes live in the
// BlobStore, addressed by SHA-256), and RecordShareRepository: which
// departments participate in a record owned by another one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

struct EvidenceFile {
  std::int64_t id = 0;
  std::string sha256;
  std::int64_t size = 0;
  std::string mime;
  std::string original_name;
  std::string description;
  std::int64_t owner_department_id = 0;
  std::int64_t uploaded_by = 0;
  int version = 1;
  std::int64_t created_at = 0;
};

struct EvidenceQuery {
  // Visibility filter: when set, only files owned by or shared with this
  // department. Unset = all (office, inspector).
  std::optional<std::int64_t> visible_to_department;
  int limit = 50;
  int offset = 0;
};

class EvidenceRepository {
 public:
  static Result<EvidenceFile> insert(soci::session& s, EvidenceFile f);
  static Result<std::optional<EvidenceFile>> find_by_id(soci::session& s, std::int64_t id);
  static Result<std::vector<EvidenceFile>> list(soci::session& s, const EvidenceQuery& q,
                                                std::int64_t* total);
};

class RecordShareRepository {
 public:
  // Idempotent: sharing twice keeps one row. Returns true if a row was added.
  static Result<bool> add(soci::session& s, const std::string& entity, std::int64_t id,
                          std::int64_t department_id);
  static Result<bool> remove(soci::session& s, const std::string& entity, std::int64_t id,
                             std::int64_t department_id);
  static Result<std::vector<std::int64_t>> departments(soci::session& s, const std::string& entity,
                                                       std::int64_t id);
};

struct IdempotentResponse {
  std::string request_hash;
  int status = 0;
  std::string body;
};

// Stored first responses to POSTs that carried an Idempotency-Key.
class IdempotencyRepository {
 public:
  static Result<std::optional<IdempotentResponse>> find(soci::session& s, std::int64_t actor_id,
                                                        const std::string& key);
  static Status put(soci::session& s, std::int64_t actor_id, const std::string& key,
                    const std::string& method, const std::string& path,
                    const IdempotentResponse& response);
};

}  // namespace qf::store
