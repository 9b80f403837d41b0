#include "store/saved_filter_repository.h"

#include "core/clock.h"
#include "store/row_reader.h"

namespace qf::store {
namespace {

const char* kSelect =
    "SELECT id, user_id, department_id, entity, name, query, shared, created_at FROM "
    "saved_filters";

SavedFilter from_row(const soci::row& r) {
  return SavedFilter{row_int(r, 0),  row_int(r, 1),      row_int(r, 2), row_text(r, 3),
                     row_text(r, 4), row_text(r, 5), row_int(r, 6) != 0, row_int(r, 7)};
}

}  // namespace

Result<SavedFilter> SavedFilterRepository::insert(soci::session& s, SavedFilter f) {
  f.created_at = now_ms();
  long long user = f.user_id, dept = f.department_id, at = f.created_at, id = 0;
  int shared = f.shared ? 1 : 0;
  s << "INSERT INTO saved_filters (user_id, department_id, entity, name, query, shared, created_at) "
       "VALUES (:u, :d, :e, :n, :q, :s, :a) RETURNING id",
      soci::use(user), soci::use(dept), soci::use(f.entity), soci::use(f.name), soci::use(f.query),
      soci::use(shared), soci::use(at), soci::into(id);
  f.id = id;
  return f;
}

Result<std::vector<SavedFilter>> SavedFilterRepository::visible_to(
    soci::session& s, std::int64_t user_id, std::int64_t department_id,
    const std::optional<std::string>& entity) {
  long long user = user_id, dept = department_id;
  int has_entity = entity ? 1 : 0;
  std::string e = entity.value_or("");
  std::vector<SavedFilter> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelect) +
                        " WHERE (user_id = :u OR (shared = 1 AND department_id = :d)) AND (:he = 0 "
                        "OR entity = :e) ORDER BY name, id",
       soci::use(user), soci::use(dept), soci::use(has_entity), soci::use(e));
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

Result<std::optional<SavedFilter>> SavedFilterRepository::find_by_id(soci::session& s,
                                                                     std::int64_t id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelect) + " WHERE id = :id", soci::use(key));
  for (const auto& r : rows) return std::optional<SavedFilter>(from_row(r));
  return std::optional<SavedFilter>();
}

Status SavedFilterRepository::remove(soci::session& s, std::int64_t id) {
  long long key = id;
  s << "DELETE FROM saved_filters WHERE id = :id", soci::use(key);
  return {};
}

}  // namespace qf::store
