// Credentials other than passwords: login sessions, integration API keys and
// the shared failed-login throttle. Tokens and keys are stored only as
// SHA-256 hashes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

struct SessionRecord {
  std::int64_t id = 0;
  std::string token_hash;
  std::int64_t user_id = 0;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  std::int64_t expires_at = 0;
  std::int64_t revoked_at = 0;
  std::string client_address;
};

struct ApiKeyRecord {
  std::int64_t id = 0;
  std::string key_hash;
  std::string prefix;
  std::int64_t user_id = 0;
  std::string name;
  std::string scopes;  // space separated
  std::int64_t created_at = 0;
  std::int64_t last_used_at = 0;
  std::int64_t revoked_at = 0;
};

struct ThrottleState {
  int failures = 0;
  std::int64_t last_failure_at = 0;
  std::int64_t locked_until = 0;
};

class SessionRepository {
 public:
  static Result<SessionRecord> insert(soci::session& s, SessionRecord r);
  static Result<std::optional<SessionRecord>> find_by_hash(soci::session& s, const std::string& h);
  static Status touch(soci::session& s, std::int64_t id, std::int64_t at);
  static Status revoke(soci::session& s, std::int64_t id, std::int64_t at);
  // Revokes every live session of a user (password change, disable).
  static Result<int> revoke_all_for_user(soci::session& s, std::int64_t user_id, std::int64_t at);
};

class ApiKeyRepository {
 public:
  static Result<ApiKeyRecord> insert(soci::session& s, ApiKeyRecord r);
  static Result<std::optional<ApiKeyRecord>> find_by_hash(soci::session& s, const std::string& h);
  static Result<std::optional<ApiKeyRecord>> find_by_id(soci::session& s, std::int64_t id);
  static Result<std::vector<ApiKeyRecord>> list(soci::session& s);
  static Status touch(soci::session& s, std::int64_t id, std::int64_t at);
  static Status revoke(soci::session& s, std::int64_t id, std::int64_t at);
};

class LoginThrottleRepository {
 public:
  static Result<ThrottleState> get(soci::session& s, const std::string& subject);
  static Status put(soci::session& s, const std::string& subject, const ThrottleState& state);
  static Status clear(soci::session& s, const std::string& subject);
};

}  // namespace qf::store
