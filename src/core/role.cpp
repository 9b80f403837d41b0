#include "core/role.h"

#include <array>

namespace qf {
namespace {

struct RoleInfo {
  Role role;
  std::string_view name;
  std::string_view label;
};

constexpr std::array<RoleInfo, 7> kRoles = {{
    {Role::kAdmin, "admin", "系统管理员"},
    {Role::kOffice, "office", "协调机制办公室"},
    {Role::kLeader, "leader", "部门负责人"},
    {Role::kOfficer, "officer", "执法人员"},
    {Role::kRanger, "ranger", "护林员/渔政协管"},
    {Role::kInspector, "inspector", "督导组"},
    {Role::kIntegration, "integration", "系统对接"},
}};

}  // namespace

std::string_view role_name(Role role) {
  for (const auto& r : kRoles)
    if (r.role == role) return r.name;
  return "unknown";
}

std::string_view role_label(Role role) {
  for (const auto& r : kRoles)
    if (r.role == role) return r.label;
  return "未知";
}

std::optional<Role> parse_role(std::string_view name) {
  for (const auto& r : kRoles)
    if (r.name == name) return r.role;
  return std::nullopt;
}

const std::vector<Role>& all_roles() {
  static const std::vector<Role> roles = [] {
    std::vector<Role> v;
    for (const auto& r : kRoles) v.push_back(r.role);
    return v;
  }();
  return roles;
}

}  // namespace qf
