// SavedFilterRepository: named list queries (saved_filters).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

struct SavedFilter {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::int64_t department_id = 0;
  std::string entity;
  std::string name;
  std::string query;
  bool shared = false;
  std::int64_t created_at = 0;
};

class SavedFilterRepository {
 public:
  static Result<SavedFilter> insert(soci::session& s, SavedFilter f);
  // The user's own filters and those shared within the department.
  static Result<std::vector<SavedFilter>> visible_to(soci::session& s, std::int64_t user_id,
                                                     std::int64_t department_id,
                                                     const std::optional<std::string>& entity);
  static Result<std::optional<SavedFilter>> find_by_id(soci::session& s, std::int64_t id);
  static Status remove(soci::session& s, std::int64_t id);
};

}  // namespace qf::store
