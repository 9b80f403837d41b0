// UserRepository: accounts. Password hashes are argon2id strings; the
// repository stores them and never sees a plain password.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"
#include "core/role.h"

namespace qf::store {

struct User {
  std::int64_t id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::kOfficer;
  std::int64_t department_id = 0;
  std::string department_code;  // joined from departments, read-only
  // The top-level department whose duties (plan 六) the user works under:
  // the parent's code for a sub-unit (保护区 staff act for 林草), else
  // department_code. Read-only.
  std::string duty_department_code;
  std::string password_hash;
  bool disabled = false;
  int failed_logins = 0;
  std::int64_t locked_until = 0;  // epoch ms; 0 = not locked
  std::int64_t password_changed_at = 0;
  int version = 1;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct UserQuery {
  std::optional<std::int64_t> department_id;
  std::optional<std::string> role;
  std::optional<std::string> search;  // matches username or display name
  int limit = 50;
  int offset = 0;
};

class UserRepository {
 public:
  static Result<User> insert(soci::session& s, User u);
  // Writes profile fields (display_name, role, department, disabled) if the
  // stored version is expected_version; kPreconditionFailed otherwise.
  static Result<User> update(soci::session& s, User u, int expected_version);
  static Status set_password(soci::session& s, std::int64_t id, const std::string& hash);
  // Records a failed login; locks the account until locked_until if given.
  static Status record_failure(soci::session& s, std::int64_t id, std::int64_t locked_until);
  static Status clear_failures(soci::session& s, std::int64_t id);
  static Result<std::optional<User>> find_by_id(soci::session& s, std::int64_t id);
  static Result<std::optional<User>> find_by_username(soci::session& s, const std::string& name);
  static Result<std::vector<User>> list(soci::session& s, const UserQuery& q, std::int64_t* total);
};

}  // namespace qf::store
