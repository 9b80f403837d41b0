#include "service/supervision_service.h"

#include <algorithm>
#include <set>

#include "core/access_policy.h"
#include "core/utf8.h"
#include "service/audit_writer.h"
#include "store/department_repository.h"
#include "store/evidence_repository.h"

namespace qf::service {
namespace {

using nlohmann::json;

constexpr const char* kEntity = "supervision_visit";
constexpr std::int64_t kMaxTime = 4102444800000LL;  // 2100-01-01

bool is_staff(const Actor& a) {
  return a.is_cli || (a.role != Role::kIntegration && a.role != Role::kAdmin);
}

std::vector<std::string> parse_strings(const std::string& text) {
  std::vector<std::string> out;
  auto j = json::parse(text, nullptr, false);
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::vector<std::int64_t> parse_ids(const std::string& text) {
  std::vector<std::int64_t> out;
  auto j = json::parse(text, nullptr, false);
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_number_integer()) out.push_back(v.get<std::int64_t>());
  return out;
}

Status validate(const SupervisionInput& in, bool create) {
  std::vector<FieldError> errors;
  auto need = [&](bool ok, const std::string& field, const std::string& msg) {
    if (!ok) errors.push_back({field, msg});
  };
  if (create) {
    need(in.visited_at.has_value(), "visited_at", "请填写督导日期");
    need(in.departments && !in.departments->empty(), "departments", "请至少选择一个被督导部门");
    need(in.members && !in.members->empty(), "members", "请填写督导组成员");
  }
  if (in.visited_at)
    need(*in.visited_at > 0 && *in.visited_at < kMaxTime, "visited_at", "日期无效");
  if (in.members) {
    need(in.members->size() <= kMaxSupervisionMembers, "members", "督导组成员最多 30 人");
    for (std::size_t i = 0; i < in.members->size(); ++i) {
      const auto& m = (*in.members)[i];
      need(!m.empty() && m.size() <= 100 && is_valid_utf8(m), "members/" + std::to_string(i),
           "成员姓名应为 1–100 字节");
    }
  }
  if (in.departments) {
    need(in.departments->size() <= kMaxSupervisionDepartments, "departments",
         "被督导部门最多 20 个");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < in.departments->size(); ++i) {
      const auto& d = (*in.departments)[i];
      const std::string at = "departments/" + std::to_string(i) + "/";
      need(
          !supervision_outcome_label(d.outcome).empty(), at + "outcome",
          "应为 praise（表扬）、criticism（通报批评）、interview（约谈）、accountability（追责）或 "
          "none（无）");
      need(seen.insert(d.department_code).second, at + "department", "部门重复");
    }
    if (in.departments->empty() && !create)
      errors.push_back({"departments", "请至少选择一个被督导部门"});
  }
  for (const auto* text : {&in.findings, &in.rectification})
    if (*text)
      need((*text)->size() <= kMaxSupervisionTextBytes && is_valid_utf8(**text),
           text == &in.findings ? "findings" : "rectification", "最长 8000 字节");
  if (in.rectification_due_at)
    need(*in.rectification_due_at >= 0 && *in.rectification_due_at < kMaxTime,
         "rectification_due_at", "日期无效");
  if (in.evidence_ids)
    need(in.evidence_ids->size() <= 50, "evidence_ids", "最多关联 50 个证据文件");
  if (!errors.empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});
  return {};
}

Status check_evidence(soci::session& s, const CallContext& call,
                      const std::vector<std::int64_t>& ids) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto ev = store::EvidenceRepository::find_by_id(s, ids[i]);
    if (!ev) return tl::unexpected(ev.error());
    auto shares = store::RecordShareRepository::departments(s, "evidence", ids[i]);
    if (!shares) return tl::unexpected(shares.error());
    if (!*ev ||
        !AccessPolicy::can_see(call.actor, RecordScope{(*ev)->owner_department_id, *shares}))
      return invalid("evidence_ids/" + std::to_string(i),
                     "证据文件不存在: " + std::to_string(ids[i]));
  }
  return {};
}

// Applies the input to the visit, resolving department codes.
Status apply(soci::session& s, const SupervisionInput& in, store::SupervisionVisit& v) {
  if (in.visited_at) v.visited_at = *in.visited_at;
  if (in.members) v.members = json(*in.members).dump();
  if (in.findings) v.findings = *in.findings;
  if (in.rectification) v.rectification = *in.rectification;
  if (in.rectification_due_at) v.rectification_due_at = *in.rectification_due_at;
  if (in.evidence_ids) v.evidence_ids = json(*in.evidence_ids).dump();
  if (in.departments) {
    v.departments.clear();
    for (std::size_t i = 0; i < in.departments->size(); ++i) {
      const auto& d = (*in.departments)[i];
      auto found = store::DepartmentRepository::find_by_code(s, d.department_code);
      if (!found) return tl::unexpected(found.error());
      if (!*found || (*found)->kind == "office")
        return invalid("departments/" + std::to_string(i) + "/department",
                       "没有这个被督导部门: " + d.department_code);
      v.departments.push_back({(*found)->id, (*found)->code, (*found)->name, d.outcome});
    }
  }
  return {};
}

// The top-level department whose visits the actor reads; nullopt: all.
Result<std::optional<std::int64_t>> reader_department(soci::session& s, const Actor& a) {
  if (AccessPolicy::sees_all(a)) return std::optional<std::int64_t>();
  auto d = store::DepartmentRepository::find_by_id(s, a.department_id);
  if (!d) return tl::unexpected(d.error());
  if (!*d) return std::optional<std::int64_t>(-1);
  return std::optional<std::int64_t>((*d)->parent_id.value_or((*d)->id));
}

Result<bool> concerns(soci::session& s, const store::SupervisionVisit& v, std::int64_t top) {
  for (const auto& d : v.departments) {
    if (d.department_id == top) return true;
    auto dep = store::DepartmentRepository::find_by_id(s, d.department_id);
    if (!dep) return tl::unexpected(dep.error());
    if (*dep && (*dep)->parent_id == top) return true;
  }
  return false;
}

}  // namespace

std::string_view supervision_outcome_label(std::string_view o) {
  if (o == "praise") return "表扬";
  if (o == "criticism") return "通报批评";
  if (o == "interview") return "约谈";
  if (o == "accountability") return "追责";
  if (o == "none") return "无";
  return {};
}

json to_json(const store::SupervisionVisit& v) {
  json departments = json::array();
  for (const auto& d : v.departments)
    departments.push_back({{"department_code", d.code},
                           {"department_name", d.name},
                           {"outcome", d.outcome},
                           {"outcome_label", supervision_outcome_label(d.outcome)}});
  return {{"id", v.id},
          {"visited_at", v.visited_at},
          {"members", parse_strings(v.members)},
          {"departments", departments},
          {"findings", v.findings},
          {"rectification", v.rectification},
          {"rectification_due_at",
           v.rectification_due_at ? json(v.rectification_due_at) : json(nullptr)},
          {"evidence_ids", parse_ids(v.evidence_ids)},
          {"demo", v.demo},
          {"version", v.version},
          {"created_at", v.created_at},
          {"updated_at", v.updated_at}};
}

Result<store::SupervisionVisit> SupervisionService::create(const CallContext& call,
                                                           const SupervisionInput& in) {
  if (!AccessPolicy::allows(call.actor, Action::kRecordSupervision))
    return forbidden("只有督导组和协调机制办公室可以记录督导情况");
  if (auto ok = validate(in, true); !ok) return tl::unexpected(ok.error());
  return ctx_.db.transact([&](soci::session& s) -> Result<store::SupervisionVisit> {
    store::SupervisionVisit v;
    v.demo = in.demo;
    v.created_by = call.actor.user_id;
    if (auto ok = apply(s, in, v); !ok) return tl::unexpected(ok.error());
    if (in.evidence_ids)
      if (auto ok = check_evidence(s, call, *in.evidence_ids); !ok)
        return tl::unexpected(ok.error());
    auto stored = store::SupervisionRepository::insert(s, std::move(v));
    if (!stored) return stored;
    if (auto a = audit(s, call, "supervision_visit.create", kEntity, std::to_string(stored->id),
                       nullptr, to_json(*stored));
        !a)
      return tl::unexpected(a.error());
    return stored;
  });
}

Result<store::SupervisionVisit> SupervisionService::update(const CallContext& call, std::int64_t id,
                                                           const SupervisionInput& in,
                                                           int expected_version) {
  if (!AccessPolicy::allows(call.actor, Action::kRecordSupervision)) {
    // A department reader may see the visit but not change it; anyone
    // else must not learn that it exists.
    auto seen = get(call, id);
    if (!seen) return seen;
    return forbidden("只有督导组和协调机制办公室可以修改督导记录");
  }
  if (auto ok = validate(in, false); !ok) return tl::unexpected(ok.error());
  return ctx_.db.transact([&](soci::session& s) -> Result<store::SupervisionVisit> {
    auto found = store::SupervisionRepository::find_by_id(s, id);
    if (!found) return tl::unexpected(found.error());
    if (!*found) return not_found("督导记录不存在");
    const json before = to_json(**found);
    store::SupervisionVisit v = **found;
    if (auto ok = apply(s, in, v); !ok) return tl::unexpected(ok.error());
    if (in.evidence_ids)
      if (auto ok = check_evidence(s, call, *in.evidence_ids); !ok)
        return tl::unexpected(ok.error());
    auto stored = store::SupervisionRepository::update(s, v, expected_version);
    if (!stored) return stored;
    if (auto a = audit(s, call, "supervision_visit.update", kEntity, std::to_string(id), before,
                       to_json(*stored));
        !a)
      return tl::unexpected(a.error());
    return stored;
  });
}

Result<store::SupervisionVisit> SupervisionService::get(const CallContext& call, std::int64_t id) {
  if (!is_staff(call.actor)) return not_found("督导记录不存在");
  return ctx_.db.read([&](soci::session& s) -> Result<store::SupervisionVisit> {
    auto found = store::SupervisionRepository::find_by_id(s, id);
    if (!found) return tl::unexpected(found.error());
    if (!*found) return not_found("督导记录不存在");
    auto reader = reader_department(s, call.actor);
    if (!reader) return tl::unexpected(reader.error());
    if (*reader) {
      auto c = concerns(s, **found, **reader);
      if (!c) return tl::unexpected(c.error());
      if (!*c) return not_found("督导记录不存在");
    }
    return **found;
  });
}

Result<Page<store::SupervisionVisit>> SupervisionService::list(const CallContext& call,
                                                               const SupervisionFilters& f,
                                                               int limit, int offset) {
  if (!is_staff(call.actor)) return forbidden("无权查看督导记录");
  return ctx_.db.read([&](soci::session& s) -> Result<Page<store::SupervisionVisit>> {
    store::SupervisionQuery q;
    q.from = f.from;
    q.to = f.to;
    q.limit = limit;
    q.offset = offset;
    auto reader = reader_department(s, call.actor);
    if (!reader) return tl::unexpected(reader.error());
    std::optional<std::int64_t> wanted;
    if (f.department_code && !f.department_code->empty()) {
      auto d = store::DepartmentRepository::find_by_code(s, *f.department_code);
      if (!d) return tl::unexpected(d.error());
      if (!*d) return invalid("department", "没有这个部门: " + *f.department_code);
      wanted = (*d)->parent_id.value_or((*d)->id);
    }
    Page<store::SupervisionVisit> page;
    if (*reader && wanted && *wanted != **reader) return page;  // nothing it may see
    q.department_id = *reader ? *reader : wanted;
    auto rows = store::SupervisionRepository::list(s, q, &page.total);
    if (!rows) return tl::unexpected(rows.error());
    page.items = std::move(*rows);
    return page;
  });
}

}  // namespace qf::service
