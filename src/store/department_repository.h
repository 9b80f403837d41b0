// DepartmentRepository: the coordination office, the member departments and
// their sub-units (保护区管理局, 乡镇, 派出所, 林场 …).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

struct Department {
  std::int64_t id = 0;
  std::string code;  // OFFICE, LC, NY, ZF, GA, JT, WX, SJ, HG, or a sub-unit code
  std::string name;
  std::string short_name;
  std::string kind;  // office | department | unit
  std::optional<std::int64_t> parent_id;
  std::string duties;
  bool active = true;
  int version = 1;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

class DepartmentRepository {
 public:
  static Result<Department> insert(soci::session& s, Department d);
  // Writes every field of d if its stored version is still expected_version;
  // otherwise kPreconditionFailed. Returns the row as stored (version + 1).
  static Result<Department> update(soci::session& s, Department d, int expected_version);
  static Result<std::optional<Department>> find_by_id(soci::session& s, std::int64_t id);
  static Result<std::optional<Department>> find_by_code(soci::session& s, const std::string& code);
  static Result<std::vector<Department>> list(soci::session& s);
};

}  // namespace qf::store
