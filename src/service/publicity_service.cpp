#include "service/publicity_service.h"

#include <algorithm>

#include "core/text.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "service/audit_writer.h"
#include "store/department_repository.h"
#include "store/evidence_repository.h"

namespace qf::service {
namespace {

using json = nlohmann::json;
constexpr const char* kEntity = "publicity_event";
constexpr std::size_t kMaxEvidence = 50;
constexpr std::int64_t kMaxAttendees = 10'000'000;

struct Label {
  std::string_view code, label;
};

constexpr Label kKinds[] = {{"announcement", "宣传公告"},
                            {"poster", "宣传海报/展板"},
                            {"case_publicity", "典型案例宣传"},
                            {"media", "媒体报道"},
                            {"training", "培训"}};

constexpr const char* kKindsMessage =
    "应为 announcement、poster、case_publicity、media 或 training";

bool is_staff(const Actor& a) {
  return a.is_cli || (a.role != Role::kIntegration && a.role != Role::kAdmin);
}

void check_input(const PublicityInput& in, bool create, std::vector<FieldError>& errors) {
  auto text = [&](const std::optional<std::string>& v, const char* field, std::size_t max) {
    if (!v) return;
    if (v->size() > max)
      errors.push_back({field, "过长（最多 " + std::to_string(max) + " 字节）"});
    else if (!is_valid_utf8(*v))
      errors.push_back({field, "含无效的 UTF-8 字节"});
  };
  if (create && !in.kind) errors.push_back({"kind", "请选择类型"});
  if (in.kind && !publicity_kind_label(*in.kind)) errors.push_back({"kind", kKindsMessage});
  if ((create && !in.title) || (in.title && trimmed(*in.title).empty()))
    errors.push_back({"title", "请填写标题"});
  if (create && !in.held_at) errors.push_back({"held_at", "请填写时间"});
  if (in.held_at && (*in.held_at <= 0 || *in.held_at > now_ms() + kDayMs))
    errors.push_back({"held_at", "时间不能晚于今天"});
  if (in.attendees && (*in.attendees < 0 || *in.attendees > kMaxAttendees))
    errors.push_back({"attendees", "人数应在 0 到 10000000 之间"});
  text(in.title, "title", kMaxPublicityTitleBytes);
  text(in.place, "place", kMaxPublicityTextBytes);
  text(in.audience, "audience", kMaxPublicityTextBytes);
  text(in.note, "note", kMaxPublicityNoteBytes);
  if (in.evidence_ids && in.evidence_ids->size() > kMaxEvidence)
    errors.push_back({"evidence_ids", "最多关联 50 个附件"});
}

// Each id must name evidence the actor can see, except those already
// attached (kept).
Status check_evidence(soci::session& s, const CallContext& call,
                      const std::vector<std::int64_t>& ids,
                      const std::vector<std::int64_t>& kept = {}) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (std::find(kept.begin(), kept.end(), ids[i]) != kept.end()) continue;
    auto ev = store::EvidenceRepository::find_by_id(s, ids[i]);
    if (!ev) return tl::unexpected(ev.error());
    auto shares = store::RecordShareRepository::departments(s, "evidence", ids[i]);
    if (!shares) return tl::unexpected(shares.error());
    if (!*ev ||
        !AccessPolicy::can_see(call.actor, RecordScope{(*ev)->owner_department_id, *shares}))
      return invalid("evidence_ids/" + std::to_string(i), "附件不存在: " + std::to_string(ids[i]));
  }
  return {};
}

std::vector<std::int64_t> evidence_of(const store::PublicityEvent& e) {
  std::vector<std::int64_t> out;
  auto j = json::parse(e.evidence_ids_json, nullptr, false);
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_number_integer()) out.push_back(v.get<std::int64_t>());
  return out;
}

// Events are not shared: the organiser's scope alone.
RecordScope scope_of(const store::PublicityEvent& e) {
  return RecordScope{e.organiser_department_id, {}};
}

json audit_snapshot(const store::PublicityEvent& e) {
  return {{"id", e.id},
          {"kind", e.kind},
          {"title", e.title},
          {"held_at", format_iso8601(e.held_at)},
          {"place", e.place},
          {"audience", e.audience},
          {"attendees", e.attendees},
          {"organiser_department", e.organiser_department_code},
          {"note", e.note},
          {"evidence_ids", json::parse(e.evidence_ids_json, nullptr, false)},
          {"version", e.version}};
}

void apply(const PublicityInput& in, store::PublicityEvent& e) {
  if (in.kind) e.kind = *in.kind;
  if (in.title) e.title = trimmed(*in.title);
  if (in.held_at) e.held_at = *in.held_at;
  if (in.place) e.place = trimmed(*in.place);
  if (in.audience) e.audience = trimmed(*in.audience);
  if (in.attendees) e.attendees = *in.attendees;
  if (in.note) e.note = *in.note;
  if (in.evidence_ids) e.evidence_ids_json = json(*in.evidence_ids).dump();
}

PublicityView view_of(const CallContext& call, store::PublicityEvent e) {
  PublicityView v;
  v.evidence_ids = evidence_of(e);
  v.can_edit = AccessPolicy::allows(call.actor, Action::kRecordPublicity) &&
               AccessPolicy::can_modify(call.actor, scope_of(e));
  v.event = std::move(e);
  return v;
}

Result<std::int64_t> department_id_of(soci::session& s, const std::string& code,
                                      const char* field) {
  auto d = store::DepartmentRepository::find_by_code(s, code);
  if (!d) return tl::unexpected(d.error());
  if (!*d || !(*d)->active) return invalid(field, "没有这个部门: " + code);
  return (*d)->id;
}

}  // namespace

std::optional<std::string_view> publicity_kind_label(std::string_view kind) {
  for (const auto& l : kKinds)
    if (l.code == kind) return l.label;
  return std::nullopt;
}

json to_json(const PublicityView& v) {
  const auto& e = v.event;
  return {{"id", e.id},
          {"kind", e.kind},
          {"kind_label", publicity_kind_label(e.kind).value_or("")},
          {"title", e.title},
          {"held_at", e.held_at},
          {"held_at_iso", format_iso8601(e.held_at)},
          {"place", e.place},
          {"audience", e.audience},
          {"attendees", e.attendees},
          {"organiser_department", e.organiser_department_code},
          {"organiser_department_name", e.organiser_department_name},
          {"note", e.note},
          {"evidence_ids", v.evidence_ids},
          {"demo", e.demo},
          {"can_edit", v.can_edit},
          {"created_by", e.created_by},
          {"created_at", format_iso8601(e.created_at)},
          {"updated_at", format_iso8601(e.updated_at)},
          {"version", e.version}};
}

Result<PublicityView> PublicityService::create(const CallContext& call, const PublicityInput& in) {
  if (!AccessPolicy::allows(call.actor, Action::kRecordPublicity))
    return forbidden("只有各部门领导、执法人员或协调机制办公室可以登记宣传培训");
  if (call.actor.department_id == 0 && !call.actor.is_cli)
    return forbidden("登记宣传培训须属于一个部门");
  std::vector<FieldError> errors;
  check_input(in, true, errors);
  const bool names_organiser =
      in.organiser_department_code && !in.organiser_department_code->empty();
  if (names_organiser && !call.actor.is_cli && call.actor.role != Role::kOffice)
    errors.push_back({"organiser_department", "只能登记本部门组织的宣传培训"});
  if (!errors.empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});
  auto stored = ctx_.db.transact([&](soci::session& s) -> Result<store::PublicityEvent> {
    if (in.evidence_ids)
      if (auto ok = check_evidence(s, call, *in.evidence_ids); !ok)
        return tl::unexpected(ok.error());
    store::PublicityEvent e;
    apply(in, e);
    if (names_organiser) {
      auto id = department_id_of(s, *in.organiser_department_code, "organiser_department");
      if (!id) return tl::unexpected(id.error());
      e.organiser_department_id = *id;
    } else if (call.actor.department_id != 0) {
      e.organiser_department_id = call.actor.department_id;
    } else {  // the console operator records for the office
      auto id = department_id_of(s, "OFFICE", "organiser_department");
      if (!id) return tl::unexpected(id.error());
      e.organiser_department_id = *id;
    }
    e.created_by = call.actor.user_id;
    e.demo = in.demo;
    auto inserted = store::PublicityRepository::insert(s, std::move(e));
    if (!inserted) return tl::unexpected(inserted.error());
    if (auto a = audit(s, call, "publicity_event.create", kEntity, std::to_string(inserted->id),
                       nullptr, audit_snapshot(*inserted));
        !a)
      return tl::unexpected(a.error());
    return inserted;
  });
  if (!stored) return tl::unexpected(stored.error());
  return view_of(call, std::move(*stored));
}

Result<PublicityPage> PublicityService::list(const CallContext& call, const PublicityFilters& f) {
  if (!is_staff(call.actor)) return forbidden();
  std::vector<FieldError> errors;
  if (f.kinds.size() > std::size(kKinds))
    errors.push_back({"kind", kKindsMessage});
  else
    for (const auto& k : f.kinds)
      if (!publicity_kind_label(k)) {
        errors.push_back({"kind", kKindsMessage});
        break;
      }
  if (f.held_from && f.held_to && *f.held_from >= *f.held_to)
    errors.push_back({"to", "结束时间应晚于开始时间"});
  if (f.text && f.text->size() > 200) errors.push_back({"q", "搜索词过长"});
  if (!errors.empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});
  PublicityPage out;
  auto rows = ctx_.db.read([&](soci::session& s) -> Result<std::vector<store::PublicityEvent>> {
    store::PublicityQuery q;
    if (!AccessPolicy::sees_all(call.actor)) q.visible_to_department = call.actor.department_id;
    q.kinds = f.kinds;
    q.held_from = f.held_from;
    q.held_to = f.held_to;
    if (f.department_code && !f.department_code->empty()) {
      auto id = department_id_of(s, *f.department_code, "department");
      if (!id) return tl::unexpected(id.error());
      q.department_id = *id;
    }
    q.text = f.text;
    q.limit = f.limit;
    q.offset = f.offset;
    return store::PublicityRepository::list(s, q, &out.total, &out.attendees);
  });
  if (!rows) return tl::unexpected(rows.error());
  for (auto& e : *rows) out.items.push_back(view_of(call, std::move(e)));
  return out;
}

Result<PublicityView> PublicityService::get(const CallContext& call, std::int64_t id) {
  if (!is_staff(call.actor)) return forbidden();
  auto found = ctx_.db.read([&](soci::session& s) -> Result<store::PublicityEvent> {
    auto e = store::PublicityRepository::find_by_id(s, id);
    if (!e) return tl::unexpected(e.error());
    if (!*e || !AccessPolicy::can_see(call.actor, scope_of(**e)))
      return not_found("宣传培训记录不存在");
    return **e;
  });
  if (!found) return tl::unexpected(found.error());
  return view_of(call, std::move(*found));
}

Result<PublicityView> PublicityService::update(const CallContext& call, std::int64_t id,
                                               const PublicityInput& in, int expected_version) {
  if (!is_staff(call.actor)) return forbidden();
  std::vector<FieldError> errors;
  check_input(in, false, errors);
  if (in.organiser_department_code) errors.push_back({"organiser_department", "组织部门不能修改"});
  auto stored = ctx_.db.transact([&](soci::session& s) -> Result<store::PublicityEvent> {
    auto found = store::PublicityRepository::find_by_id(s, id);
    if (!found) return tl::unexpected(found.error());
    if (!*found || !AccessPolicy::can_see(call.actor, scope_of(**found)))
      return not_found("宣传培训记录不存在");
    const store::PublicityEvent before = **found;
    if (!AccessPolicy::allows(call.actor, Action::kRecordPublicity) ||
        !AccessPolicy::can_modify(call.actor, scope_of(before)))
      return forbidden("无权修改该宣传培训记录");
    if (!errors.empty())
      return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});
    if (before.version != expected_version)
      return fail(ErrorCode::kPreconditionFailed, "该宣传培训记录已被他人修改，请刷新后重试");
    if (in.evidence_ids) {
      // Attachments already on the record stay valid even when the editor
      // could not attach them anew (an office edit of a department's record).
      if (auto ok = check_evidence(s, call, *in.evidence_ids, evidence_of(before)); !ok)
        return tl::unexpected(ok.error());
    }
    store::PublicityEvent e = before;
    apply(in, e);
    auto after = store::PublicityRepository::update(s, e, expected_version);
    if (!after) return tl::unexpected(after.error());
    if (auto a = audit(s, call, "publicity_event.update", kEntity, std::to_string(id),
                       audit_snapshot(before), audit_snapshot(*after));
        !a)
      return tl::unexpected(a.error());
    return *after;
  });
  if (!stored) return tl::unexpected(stored.error());
  return view_of(call, std::move(*stored));
}

}  // namespace qf::service
