// DirectoryService: departments and user accounts — who is who in the
// coordination mechanism. Admins manage; everyone with kReadDirectory reads.
// Updates carry the version the caller last saw (If-Match): a stale version
// is kPreconditionFailed, so two admins never silently overwrite each other.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "service/service_context.h"
#include "store/department_repository.h"
#include "store/user_repository.h"

namespace qf::service {

struct NewUser {
  std::string username;
  std::string display_name;
  Role role = Role::kOfficer;
  std::string department_code;
  std::string password;
};

// Fields a profile update may change; unset fields stay as they are.
struct UserChanges {
  std::optional<std::string> display_name;
  std::optional<Role> role;
  std::optional<std::string> department_code;
  std::optional<bool> disabled;
};

struct DepartmentChanges {
  std::optional<std::string> name;
  std::optional<std::string> short_name;
  std::optional<std::string> duties;
  std::optional<bool> active;
};

struct NewUnit {
  std::string code;
  std::string name;
  std::string parent_code;
  std::string duties;
};

template <class T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;
};

class DirectoryService {
 public:
  explicit DirectoryService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<store::User> create_user(const CallContext& call, const NewUser& u);
  Result<store::User> update_user(const CallContext& call, std::int64_t id, const UserChanges& c,
                                  int expected_version);
  Status set_password(const CallContext& call, const std::string& username,
                      const std::string& password);
  Status disable_user(const CallContext& call, const std::string& username);
  Result<store::User> get_user(const CallContext& call, std::int64_t id);
  Result<Page<store::User>> list_users(const CallContext& call, const store::UserQuery& q);

  Result<std::vector<store::Department>> list_departments(const CallContext& call);
  Result<store::Department> get_department(const CallContext& call, std::int64_t id);
  Result<store::Department> update_department(const CallContext& call, std::int64_t id,
                                              const DepartmentChanges& c, int expected_version);
  Result<store::Department> create_unit(const CallContext& call, const NewUnit& u);

 private:
  ServiceContext& ctx_;
};

}  // namespace qf::service
