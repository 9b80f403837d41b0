#include "service/organisation_seeder.h"

#include <toml++/toml.h>

#include "core/embedded_files.h"
#include "service/audit_writer.h"
#include "service/representations.h"
#include "store/department_repository.h"

namespace qf::service {

Result<std::vector<std::string>> OrganisationSeeder::seed(const CallContext& call) {
  auto text = embedded_file("config/organisation.toml");
  if (!text) return fail(ErrorCode::kInternal, "程序中缺少组织机构配置");
  return seed_from(call, std::string(*text));
}

Result<std::vector<std::string>> OrganisationSeeder::seed_from(const CallContext& call,
                                                               const std::string& text) {
  toml::table doc;
  try {
    doc = toml::parse(text);
  } catch (const toml::parse_error& e) {
    return invalid("organisation.toml", std::string("组织机构配置格式错误: ") + std::string(e.description()));
  }
  struct Entry {
    std::string code, kind, name, short_name, duties, parent;
  };
  std::vector<Entry> entries;
  auto read = [&](const char* key, const char* kind) -> Status {
    const auto* arr = doc[key].as_array();
    if (!arr) return {};
    for (const auto& node : *arr) {
      const auto* t = node.as_table();
      if (!t) return invalid(key, "组织机构配置项应为表");
      Entry e;
      e.code = (*t)["code"].value_or(std::string());
      e.kind = (*t)["kind"].value_or(std::string(kind));
      e.name = (*t)["name"].value_or(std::string());
      e.short_name = (*t)["short_name"].value_or(std::string());
      e.duties = (*t)["duties"].value_or(std::string());
      e.parent = (*t)["parent"].value_or(std::string());
      if (e.code.empty() || e.name.empty()) return invalid(key, "组织机构配置项缺少 code 或 name");
      entries.push_back(std::move(e));
    }
    return {};
  };
  if (auto r = read("department", "department"); !r) return tl::unexpected(r.error());
  if (auto r = read("unit", "unit"); !r) return tl::unexpected(r.error());

  return ctx_.db.transact([&](soci::session& s) -> Result<std::vector<std::string>> {
    std::vector<std::string> inserted;
    for (const auto& e : entries) {
      auto existing = store::DepartmentRepository::find_by_code(s, e.code);
      if (!existing) return tl::unexpected(existing.error());
      if (*existing) continue;
      store::Department d;
      d.code = e.code;
      d.kind = e.kind;
      d.name = e.name;
      d.short_name = e.short_name;
      d.duties = e.duties;
      if (!e.parent.empty()) {
        auto parent = store::DepartmentRepository::find_by_code(s, e.parent);
        if (!parent) return tl::unexpected(parent.error());
        if (!*parent) return invalid("organisation.toml", "上级部门不存在: " + e.parent);
        d.parent_id = (*parent)->id;
      }
      auto row = store::DepartmentRepository::insert(s, d);
      if (!row) return tl::unexpected(row.error());
      if (auto a = audit(s, call, "department.seed", "department", std::to_string(row->id),
                         nullptr, to_json(*row));
          !a)
        return tl::unexpected(a.error());
      inserted.push_back(e.code);
    }
    return inserted;
  });
}

}  // namespace qf::service
