#include "service/saved_filter_service.h"

#include "core/clock.h"
#include "service/audit_writer.h"

namespace qf::service {

nlohmann::json to_json(const store::SavedFilter& f) {
  return {{"id", f.id},         {"user_id", f.user_id}, {"department_id", f.department_id},
          {"entity", f.entity}, {"name", f.name},       {"query", f.query},
          {"shared", f.shared}, {"created_at", format_iso8601(f.created_at)}};
}

Result<store::SavedFilter> SavedFilterService::create(const CallContext& call,
                                                      const std::string& entity,
                                                      const std::string& name,
                                                      const std::string& query, bool shared) {
  if (call.actor.user_id == 0) return forbidden();
  if (entity != "tips" && entity != "cases") return invalid("entity", "应为 tips 或 cases");
  if (name.empty() || name.size() > 200) return invalid("name", "请填写名称（200 字节以内）");
  if (query.size() > 2000) return invalid("query", "查询条件过长");
  for (unsigned char c : query)
    if (c < 0x20 || c == 0x7f || c == '#') return invalid("query", "查询条件应为 URL 查询字符串");
  return ctx_.db.transact([&](soci::session& s) -> Result<store::SavedFilter> {
    store::SavedFilter f;
    f.user_id = call.actor.user_id;
    f.department_id = call.actor.department_id;
    f.entity = entity;
    f.name = name;
    f.query = query.rfind('?', 0) == 0 ? query.substr(1) : query;
    f.shared = shared;
    auto inserted = store::SavedFilterRepository::insert(s, f);
    if (!inserted) return inserted;
    if (auto a = audit(s, call, "saved_filter.create", "saved_filter", std::to_string(inserted->id), nullptr,
                       to_json(*inserted));
        !a)
      return tl::unexpected(a.error());
    return inserted;
  });
}

Result<std::vector<store::SavedFilter>> SavedFilterService::list(
    const CallContext& call, const std::optional<std::string>& entity) {
  return ctx_.db.read([&](soci::session& s) {
    return store::SavedFilterRepository::visible_to(s, call.actor.user_id, call.actor.department_id,
                                                    entity);
  });
}

Status SavedFilterService::remove(const CallContext& call, std::int64_t id) {
  return ctx_.db.transact([&](soci::session& s) -> Status {
    auto f = store::SavedFilterRepository::find_by_id(s, id);
    if (!f) return tl::unexpected(f.error());
    const bool visible = *f && ((*f)->user_id == call.actor.user_id ||
                                ((*f)->shared && (*f)->department_id == call.actor.department_id));
    if (!visible) return not_found("筛选条件不存在");
    if ((*f)->user_id != call.actor.user_id) return forbidden("只能删除自己保存的筛选条件");
    if (auto r = store::SavedFilterRepository::remove(s, id); !r) return r;
    return audit(s, call, "saved_filter.delete", "saved_filter", std::to_string(id), to_json(**f), nullptr);
  });
}

}  // namespace qf::service
