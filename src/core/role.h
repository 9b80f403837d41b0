// Roles of the plan's 协调机制, as the system knows them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qf {

enum class Role {
  kAdmin,        // 系统管理员: accounts, departments, configuration
  kOffice,       // 协调机制办公室: sees everything, assigns, reports
  kLeader,       // 部门负责人: approves in own department
  kOfficer,      // 执法人员: handles own department's work
  kRanger,       // 护林员/渔政协管: field data only
  kInspector,    // 督导组: read-only across departments, reads audit
  kIntegration,  // platforms and other systems, by API key, scoped
};

std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view name);
const std::vector<Role>& all_roles();
// Chinese label for the UI and CLI listings.
std::string_view role_label(Role role);

}  // namespace qf
