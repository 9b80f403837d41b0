#include "service/evidence_service.h"

#include "service/audit_writer.h"
#include "service/representations.h"
#include "store/department_repository.h"

namespace qf::service {
namespace {

constexpr const char* kEntity = "evidence";

nlohmann::json view_json(const EvidenceView& v) {
  auto j = to_json(v.file);
  j["shared_with"] = v.shared_with;
  return j;
}

}  // namespace

Result<EvidenceView> EvidenceService::load_visible(soci::session& s, const CallContext& call,
                                                   std::int64_t id) {
  auto file = store::EvidenceRepository::find_by_id(s, id);
  if (!file) return tl::unexpected(file.error());
  if (!*file) return not_found("证据文件不存在");
  auto shares = store::RecordShareRepository::departments(s, kEntity, id);
  if (!shares) return tl::unexpected(shares.error());
  EvidenceView v{**file, *shares};
  if (!AccessPolicy::can_see(call.actor, RecordScope{v.file.owner_department_id, v.shared_with}))
    return not_found("证据文件不存在");
  return v;
}

Result<EvidenceView> EvidenceService::upload(const CallContext& call, const EvidenceUpload& up) {
  if (!AccessPolicy::allows(call.actor, Action::kCreateRecord)) return forbidden();
  if (up.original_name.size() > 255) return invalid("name", "文件名过长");
  if (up.description.size() > 2000) return invalid("description", "说明过长");
  if (up.owner_department_code && !AccessPolicy::sees_all(call.actor))
    return forbidden("只有协调机制办公室可以代其他部门上传");
  // Store the bytes first: content addressing makes a blob without a row
  // harmless (an orphan is deduplicated on the next upload of the same file).
  auto blob = ctx_.blobs.put_file(up.source_path, ctx_.evidence.max_file_bytes);
  if (!blob) return tl::unexpected(blob.error());
  return ctx_.db.transact([&](soci::session& s) -> Result<EvidenceView> {
    std::int64_t owner = call.actor.department_id;
    if (up.owner_department_code) {
      auto d = store::DepartmentRepository::find_by_code(s, *up.owner_department_code);
      if (!d) return tl::unexpected(d.error());
      if (!*d) return invalid("department", "部门代码不存在");
      owner = (*d)->id;
    }
    if (owner == 0) return invalid("department", "请指定所属部门");
    store::EvidenceFile f;
    f.sha256 = blob->sha256;
    f.size = static_cast<std::int64_t>(blob->size);
    f.mime = blob->type.mime;
    f.original_name = up.original_name;
    f.description = up.description;
    f.owner_department_id = owner;
    f.uploaded_by = call.actor.user_id;
    auto inserted = store::EvidenceRepository::insert(s, f);
    if (!inserted) return tl::unexpected(inserted.error());
    EvidenceView v{*inserted, {}};
    if (auto a = audit(s, call, "evidence.upload", kEntity, std::to_string(v.file.id), nullptr,
                       view_json(v));
        !a)
      return tl::unexpected(a.error());
    return v;
  });
}

Result<EvidenceView> EvidenceService::get(const CallContext& call, std::int64_t id) {
  return ctx_.db.read([&](soci::session& s) { return load_visible(s, call, id); });
}

Result<std::pair<EvidenceView, std::string>> EvidenceService::content(const CallContext& call,
                                                                      std::int64_t id) {
  auto v = get(call, id);
  if (!v) return tl::unexpected(v.error());
  auto path = ctx_.blobs.verified_path(v->file.sha256);
  if (!path) return tl::unexpected(path.error());
  return std::make_pair(*v, *path);
}

Result<EvidenceView> EvidenceService::share(const CallContext& call, std::int64_t id,
                                            const std::string& department_code) {
  return ctx_.db.transact([&](soci::session& s) -> Result<EvidenceView> {
    auto v = load_visible(s, call, id);
    if (!v) return v;
    if (!AccessPolicy::allows(call.actor, Action::kShareRecord)) return forbidden();
    auto d = store::DepartmentRepository::find_by_code(s, department_code);
    if (!d) return tl::unexpected(d.error());
    if (!*d) return invalid("department", "部门代码不存在: " + department_code);
    auto before = view_json(*v);
    auto added = store::RecordShareRepository::add(s, kEntity, id, (*d)->id);
    if (!added) return tl::unexpected(added.error());
    if (!*added) return v;  // already shared: nothing changed, nothing to audit
    auto after = load_visible(s, call, id);
    if (!after) return after;
    if (auto a = audit(s, call, "evidence.share", kEntity, std::to_string(id), before, view_json(*after)); !a)
      return tl::unexpected(a.error());
    return after;
  });
}

Result<Page<EvidenceView>> EvidenceService::list(const CallContext& call, int limit, int offset) {
  return ctx_.db.read([&](soci::session& s) -> Result<Page<EvidenceView>> {
    store::EvidenceQuery q;
    if (!AccessPolicy::sees_all(call.actor)) q.visible_to_department = call.actor.department_id;
    q.limit = limit;
    q.offset = offset;
    Page<EvidenceView> page;
    auto files = store::EvidenceRepository::list(s, q, &page.total);
    if (!files) return tl::unexpected(files.error());
    for (auto& f : *files) {
      auto shares = store::RecordShareRepository::departments(s, kEntity, f.id);
      if (!shares) return tl::unexpected(shares.error());
      page.items.push_back(EvidenceView{std::move(f), std::move(*shares)});
    }
    return page;
  });
}

}  // namespace qf::service
