#include "service/reporting_service.h"

#include <algorithm>

#include "core/text.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "service/audit_writer.h"
#include "service/statistics_service.h"
#include "store/case_repository.h"
#include "store/evidence_repository.h"

namespace qf::service {
namespace {

using json = nlohmann::json;
constexpr const char* kPeriodEntity = "report_period";
constexpr const char* kSubmissionEntity = "report_submission";
constexpr std::size_t kMaxEvidence = 50;
constexpr std::int64_t kMaxPeriodDays = 400;

struct Label {
  std::string_view code, label;
};

constexpr Label kKinds[] = {{"weekly", "周报"}, {"monthly", "月报"}, {"campaign", "专项行动总结"}};
constexpr Label kStates[] = {{"missing", "未提交"},
                             {"draft", "草稿"},
                             {"submitted", "已提交"},
                             {"returned", "已退回"},
                             {"accepted", "已采纳"}};

template <std::size_t N>
std::optional<std::string_view> label_of(const Label (&labels)[N], std::string_view code) {
  for (const auto& l : labels)
    if (l.code == code) return l.label;
  return std::nullopt;
}

bool manages(const Actor& a) { return AccessPolicy::allows(a, Action::kManageReporting); }

// Who reads reporting at all: the office, the 督导组, the console, and the
// departments' staff who submit.
bool reads_reporting(const Actor& a) {
  return manages(a) || AccessPolicy::sees_all(a) || AccessPolicy::allows(a, Action::kSubmitReports);
}

// Whether the actor reads this department's submission.
bool reads_department(const Actor& a, std::int64_t department_id) {
  return AccessPolicy::sees_all(a) || a.department_id == department_id;
}

// Whether the actor writes this department's submission: its own staff
// (and the console).
bool writes_department(const Actor& a, std::int64_t department_id) {
  if (a.is_cli) return true;
  return AccessPolicy::allows(a, Action::kSubmitReports) && a.role != Role::kOffice &&
         a.department_id == department_id;
}

bool is_submitted(const std::string& state) { return state == "submitted" || state == "accepted"; }

// The departments that owe a report: top-level member departments, active.
Result<std::vector<store::Department>> owing_departments(soci::session& s) {
  auto all = store::DepartmentRepository::list(s);
  if (!all) return tl::unexpected(all.error());
  std::vector<store::Department> out;
  for (auto& d : *all)
    if (!d.parent_id && d.active && d.kind == "department") out.push_back(std::move(d));
  return out;
}

DepartmentReportStatus status_of(const store::Department& d,
                                 std::optional<store::ReportSubmission> sub,
                                 const store::ReportPeriod& p, std::int64_t now) {
  DepartmentReportStatus st;
  st.department = d;
  st.state = sub ? sub->state : "missing";
  st.overdue = !is_submitted(st.state) && now > p.due_at;
  st.late = sub && sub->first_submitted_at > p.due_at;
  st.submission = std::move(sub);
  return st;
}

Result<ReportPeriodView> period_view(soci::session& s, const Actor& actor,
                                     const store::ReportPeriod& p, bool with_departments) {
  auto departments = owing_departments(s);
  if (!departments) return tl::unexpected(departments.error());
  auto subs = store::ReportRepository::submissions(s, p.id);
  if (!subs) return tl::unexpected(subs.error());
  const std::int64_t now = now_ms();
  ReportPeriodView v;
  v.period = p;
  for (const auto& d : *departments) {
    std::optional<store::ReportSubmission> sub;
    for (const auto& x : *subs)
      if (x.department_id == d.id) sub = x;
    auto st = status_of(d, std::move(sub), p, now);
    ++v.owed;
    if (is_submitted(st.state))
      ++v.submitted;
    else
      ++v.not_submitted;
    if (st.state == "accepted") ++v.accepted;
    if (st.state == "returned") ++v.returned;
    if (st.overdue) ++v.overdue;
    if (with_departments && reads_department(actor, d.id)) v.departments.push_back(std::move(st));
  }
  return v;
}

Result<store::ReportPeriod> load_period(soci::session& s, std::int64_t id) {
  auto p = store::ReportRepository::find_period(s, id);
  if (!p) return tl::unexpected(p.error());
  if (!*p) return not_found("报告期不存在");
  return **p;
}

// The owing department of that code, if the actor may read its submission.
Result<store::Department> load_department(soci::session& s, const Actor& actor,
                                          const std::string& code) {
  auto departments = owing_departments(s);
  if (!departments) return tl::unexpected(departments.error());
  for (const auto& d : *departments)
    if (d.code == code) {
      if (!reads_department(actor, d.id)) break;
      return d;
    }
  return not_found("没有该部门的报告");
}

json compact_figures(const Statistics& stats, std::int64_t at) {
  json sections = json::array();
  for (const auto& sec : stats.sections) {
    json figures = json::array();
    for (const auto& f : sec.figures)
      figures.push_back({{"code", f.code},
                         {"label", f.label},
                         {"unit", f.unit},
                         {"value", f.value},
                         {"drill", f.drill.empty() ? json(nullptr) : json(f.drill)}});
    sections.push_back({{"code", sec.code}, {"label", sec.label}, {"figures", std::move(figures)}});
  }
  json omitted = json::array();
  for (const auto& [section, why] : stats.omitted)
    omitted.push_back({{"section", section}, {"reason", why}});
  return {{"from", stats.from},
          {"to", stats.to},
          {"department", stats.department_code},
          {"computed_at", at},
          {"sections", std::move(sections)},
          {"omitted", std::move(omitted)}};
}

std::vector<std::int64_t> evidence_of(const std::string& ids_json) {
  std::vector<std::int64_t> out;
  auto j = json::parse(ids_json, nullptr, false);
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_number_integer()) out.push_back(v.get<std::int64_t>());
  return out;
}

Status check_evidence(soci::session& s, const CallContext& call,
                      const std::vector<std::int64_t>& ids, const std::vector<std::int64_t>& kept) {
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

json period_snapshot(const store::ReportPeriod& p) {
  return {{"id", p.id},
          {"kind", p.kind},
          {"title", p.title},
          {"period_from", format_iso8601(p.period_from)},
          {"period_to", format_iso8601(p.period_to)},
          {"due_at", format_iso8601(p.due_at)}};
}

// The audit keeps the state, the times and the text's size, not the figures
// (they are the statistics, reproducible from the records).
json submission_snapshot(const store::ReportSubmission& x) {
  return {{"id", x.id},
          {"period_id", x.period_id},
          {"department", x.department_code},
          {"state", x.state},
          {"figures_at", format_iso8601(x.figures_at)},
          {"body_bytes", x.body.size()},
          {"evidence_ids", json::parse(x.evidence_ids_json, nullptr, false)},
          {"submitted_at", format_iso8601(x.submitted_at)},
          {"first_submitted_at", format_iso8601(x.first_submitted_at)},
          {"returned_reason", x.returned_reason},
          {"accepted_at", format_iso8601(x.accepted_at)},
          {"version", x.version}};
}

std::string china_date(std::int64_t ms) {
  // YYYY-MM-DD of China Standard Time (UTC+8), as the exports show dates.
  const std::string iso = format_iso8601(ms + 8 * 3600 * 1000LL);
  return iso.substr(0, 10);
}

Status notify_department(soci::session& s, std::int64_t department_id, const std::string& kind,
                         const std::string& title, const std::string& body, std::int64_t period_id,
                         int* users) {
  auto handlers = store::NotificationRepository::department_handlers(s, department_id);
  if (!handlers) return tl::unexpected(handlers.error());
  const std::int64_t now = now_ms();
  for (auto user : *handlers) {
    store::Notification n;
    n.user_id = user;
    n.kind = kind;
    n.title = title;
    n.body = body;
    n.entity = kPeriodEntity;
    n.entity_id = period_id;
    n.created_at = now;
    if (auto ok = store::NotificationRepository::insert(s, n); !ok)
      return tl::unexpected(ok.error());
  }
  if (users) *users = static_cast<int>(handlers->size());
  return {};
}

}  // namespace

std::optional<std::string_view> report_period_kind_label(std::string_view kind) {
  return label_of(kKinds, kind);
}

std::optional<std::string_view> report_state_label(std::string_view state) {
  return label_of(kStates, state);
}

json to_json(const store::ReportPeriod& p) {
  return {{"id", p.id},
          {"kind", p.kind},
          {"kind_label", report_period_kind_label(p.kind).value_or("")},
          {"title", p.title},
          {"period_from", p.period_from},
          {"period_to", p.period_to},
          {"due_at", p.due_at},
          {"due_at_iso", format_iso8601(p.due_at)},
          {"demo", p.demo},
          {"created_by", p.created_by},
          {"created_at", format_iso8601(p.created_at)},
          {"version", p.version}};
}

namespace {

json status_json(const DepartmentReportStatus& st) {
  const auto& x = st.submission;
  return {{"department_code", st.department.code},
          {"department_name", st.department.name},
          {"short_name", st.department.short_name},
          {"state", st.state},
          {"state_label", report_state_label(st.state).value_or("")},
          {"overdue", st.overdue},
          {"late", st.late},
          {"submitted_at", x ? x->submitted_at : 0},
          {"first_submitted_at", x ? x->first_submitted_at : 0},
          {"returned_reason", x ? x->returned_reason : ""},
          {"updated_at", x ? x->updated_at : 0},
          {"version", x ? x->version : 0}};
}

}  // namespace

json to_json(const ReportPeriodView& v) {
  json out = to_json(v.period);
  json departments = json::array();
  for (const auto& st : v.departments) departments.push_back(status_json(st));
  out["departments"] = std::move(departments);
  out["counts"] = {
      {"owed", v.owed},         {"submitted", v.submitted},         {"accepted", v.accepted},
      {"returned", v.returned}, {"not_submitted", v.not_submitted}, {"overdue", v.overdue}};
  return out;
}

json to_json(const SubmissionView& v) {
  const auto& x = v.status.submission;
  json out = status_json(v.status);
  out["period"] = to_json(v.period);
  out["figures"] = v.figures;
  out["figures_preview"] = v.figures_preview;
  out["figures_at"] = x ? x->figures_at : 0;
  out["body"] = x ? x->body : "";
  out["evidence_ids"] = v.evidence_ids;
  out["accepted_at"] = x ? x->accepted_at : 0;
  out["can_edit"] = v.can_edit;
  out["can_submit"] = v.can_submit;
  out["can_return"] = v.can_return;
  out["can_accept"] = v.can_accept;
  return out;
}

json to_json(const ReminderResult& r) {
  return {{"departments", r.department_codes.size()},
          {"department_codes", r.department_codes},
          {"unreachable", r.unreachable},
          {"users", r.users}};
}

Result<ReportPeriodView> ReportingService::create_period(const CallContext& call,
                                                         const NewReportPeriod& in) {
  if (!manages(call.actor)) return forbidden("只有协调机制办公室可以设置报告期");
  std::vector<FieldError> errors;
  if (!label_of(kKinds, in.kind)) errors.push_back({"kind", "应为 weekly、monthly 或 campaign"});
  if (is_blank(in.title))
    errors.push_back({"title", "请填写报告期名称"});
  else if (in.title.size() > 200 || !is_valid_utf8(in.title))
    errors.push_back({"title", "名称过长（最多 200 字节）"});
  if (in.period_from <= 0) errors.push_back({"period_from", "请填写起始日期"});
  if (in.period_to <= in.period_from)
    errors.push_back({"period_to", "截止日期应晚于起始日期"});
  else if (in.period_to - in.period_from > kMaxPeriodDays * kDayMs)
    errors.push_back({"period_to", "报告期不能超过 400 天"});
  if (in.due_at <= in.period_from) errors.push_back({"due_at", "报送期限应晚于起始日期"});
  if (!errors.empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});
  return ctx_.db.transact([&](soci::session& s) -> Result<ReportPeriodView> {
    store::ReportPeriod p;
    p.kind = in.kind;
    p.title = trimmed(in.title);
    p.period_from = in.period_from;
    p.period_to = in.period_to;
    p.due_at = in.due_at;
    p.demo = in.demo;
    p.created_by = call.actor.user_id;
    auto stored = store::ReportRepository::insert_period(s, std::move(p));
    if (!stored) return tl::unexpected(stored.error());
    if (auto a = audit(s, call, "report_period.create", kPeriodEntity, std::to_string(stored->id),
                       nullptr, period_snapshot(*stored));
        !a)
      return tl::unexpected(a.error());
    return period_view(s, call.actor, *stored, true);
  });
}

Result<Page<ReportPeriodView>> ReportingService::list_periods(const CallContext& call,
                                                              std::optional<std::string> kind,
                                                              int limit, int offset) {
  if (!reads_reporting(call.actor)) return forbidden("无权查看情况报告");
  if (kind && !label_of(kKinds, *kind)) return invalid("kind", "应为 weekly、monthly 或 campaign");
  return ctx_.db.read([&](soci::session& s) -> Result<Page<ReportPeriodView>> {
    store::ReportPeriodQuery q;
    q.kind = kind;
    q.limit = limit;
    q.offset = offset;
    Page<ReportPeriodView> out;
    auto periods = store::ReportRepository::list_periods(s, q, &out.total);
    if (!periods) return tl::unexpected(periods.error());
    for (const auto& p : *periods) {
      // A department's staff see their own row in the list as well.
      auto v = period_view(s, call.actor, p, !AccessPolicy::sees_all(call.actor));
      if (!v) return tl::unexpected(v.error());
      out.items.push_back(std::move(*v));
    }
    return out;
  });
}

Result<ReportPeriodView> ReportingService::get_period(const CallContext& call, std::int64_t id) {
  if (!reads_reporting(call.actor)) return forbidden("无权查看情况报告");
  return ctx_.db.read([&](soci::session& s) -> Result<ReportPeriodView> {
    auto p = load_period(s, id);
    if (!p) return tl::unexpected(p.error());
    return period_view(s, call.actor, *p, true);
  });
}

Result<ReminderResult> ReportingService::remind(const CallContext& call, std::int64_t period_id) {
  if (!manages(call.actor)) return forbidden("只有协调机制办公室可以催报");
  return ctx_.db.transact([&](soci::session& s) -> Result<ReminderResult> {
    auto p = load_period(s, period_id);
    if (!p) return tl::unexpected(p.error());
    auto v = period_view(s, call.actor, *p, true);
    if (!v) return tl::unexpected(v.error());
    ReminderResult out;
    const std::string title = "请报送" + p->title;
    for (const auto& st : v->departments) {
      if (is_submitted(st.state)) continue;
      std::string body = "贵部门尚未提交「" + p->title + "」（" + china_date(p->period_from) +
                         " 至 " + china_date(p->period_to - 1) + "），报送期限 " +
                         china_date(p->due_at) + "。";
      if (st.overdue) body += "已逾期，请尽快报送。";
      if (st.state == "returned") body += "报告已被退回，请修改后重新提交。";
      int users = 0;
      if (auto ok =
              notify_department(s, st.department.id, "report_reminder", title, body, p->id, &users);
          !ok)
        return tl::unexpected(ok.error());
      if (users > 0)
        out.department_codes.push_back(st.department.code);
      else
        out.unreachable.push_back(st.department.code);
      out.users += users;
    }
    if (auto a = audit(s, call, "report_period.remind", kPeriodEntity, std::to_string(p->id),
                       nullptr, to_json(out));
        !a)
      return tl::unexpected(a.error());
    return out;
  });
}

Result<SubmissionView> ReportingService::get_submission(const CallContext& call,
                                                        std::int64_t period_id,
                                                        const std::string& department_code) {
  if (!reads_reporting(call.actor)) return forbidden("无权查看情况报告");
  struct Loaded {
    store::ReportPeriod period;
    store::Department department;
    std::optional<store::ReportSubmission> submission;
  };
  auto loaded = ctx_.db.read([&](soci::session& s) -> Result<Loaded> {
    auto p = load_period(s, period_id);
    if (!p) return tl::unexpected(p.error());
    auto d = load_department(s, call.actor, department_code);
    if (!d) return tl::unexpected(d.error());
    auto x = store::ReportRepository::find_submission(s, p->id, d->id);
    if (!x) return tl::unexpected(x.error());
    return Loaded{*p, *d, *x};
  });
  if (!loaded) return tl::unexpected(loaded.error());
  SubmissionView v;
  v.period = loaded->period;
  if (loaded->submission) {
    v.figures = json::parse(loaded->submission->figures_json, nullptr, false);
    if (v.figures.is_discarded()) v.figures = json::object();
    v.evidence_ids = evidence_of(loaded->submission->evidence_ids_json);
  } else {
    // Not saved yet: the figures it would start from.
    auto stats = StatisticsService(ctx_).compute(
        call, {loaded->period.period_from, loaded->period.period_to, loaded->department.code});
    if (!stats) return tl::unexpected(stats.error());
    v.figures = compact_figures(*stats, now_ms());
    v.figures_preview = true;
  }
  v.status = status_of(loaded->department, loaded->submission, loaded->period, now_ms());
  const bool writes = writes_department(call.actor, loaded->department.id);
  v.can_edit = writes && !is_submitted(v.status.state);
  v.can_submit = writes && (v.status.state == "draft" || v.status.state == "returned");
  v.can_return = manages(call.actor) && v.status.state == "submitted";
  v.can_accept = v.can_return;
  return v;
}

Result<SubmissionView> ReportingService::save(const CallContext& call, std::int64_t period_id,
                                              const std::string& department_code,
                                              const SubmissionInput& in, int expected_version) {
  if (!reads_reporting(call.actor)) return forbidden("无权填报情况报告");
  std::vector<FieldError> errors;
  if (in.body && (in.body->size() > kMaxReportBodyBytes || !is_valid_utf8(*in.body)))
    errors.push_back({"body", "正文过长（最多 100000 字节）或含无效字符"});
  if (in.evidence_ids && in.evidence_ids->size() > kMaxEvidence)
    errors.push_back({"evidence_ids", "最多关联 50 个附件"});
  if (!errors.empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});
  // First: who, which period, and whether the figures must be taken (the
  // statistics read on their own, outside the write).
  auto current = get_submission(call, period_id, department_code);
  if (!current) return tl::unexpected(current.error());
  if (!writes_department(call.actor, current->status.department.id))
    return forbidden("只有本部门的领导和执法人员可以填报本部门的报告");
  if (is_submitted(current->status.state))
    return fail(ErrorCode::kConflict, current->status.state == "accepted"
                                          ? "报告已采纳，不能再修改"
                                          : "报告已提交，不能修改；如需更正，请协调机制办公室退回");
  json figures;
  const bool creating = !current->status.submission;
  if (creating || in.refresh_figures) {
    if (creating) {
      figures = current->figures;
    } else {
      auto stats = StatisticsService(ctx_).compute(
          call, {current->period.period_from, current->period.period_to, department_code});
      if (!stats) return tl::unexpected(stats.error());
      figures = compact_figures(*stats, now_ms());
    }
  }
  auto done = ctx_.db.transact([&](soci::session& s) -> Result<bool> {
    auto found =
        store::ReportRepository::find_submission(s, period_id, current->status.department.id);
    if (!found) return tl::unexpected(found.error());
    const auto kept =
        *found ? evidence_of((*found)->evidence_ids_json) : std::vector<std::int64_t>{};
    if (in.evidence_ids)
      if (auto ok = check_evidence(s, call, *in.evidence_ids, kept); !ok)
        return tl::unexpected(ok.error());
    if (!*found) {
      if (expected_version != 0)
        return fail(ErrorCode::kPreconditionFailed, "该报告已被他人修改，请刷新后重试");
      store::ReportSubmission x;
      x.period_id = period_id;
      x.department_id = current->status.department.id;
      x.state = "draft";
      x.figures_json = figures.dump();
      x.figures_at = now_ms();
      x.body = in.body.value_or("");
      x.evidence_ids_json = json(in.evidence_ids.value_or(std::vector<std::int64_t>{})).dump();
      x.created_by = call.actor.user_id;
      auto stored = store::ReportRepository::insert_submission(s, std::move(x));
      if (!stored) return tl::unexpected(stored.error());
      if (auto a = audit(s, call, "report_submission.create", kSubmissionEntity,
                         std::to_string(stored->id), nullptr, submission_snapshot(*stored));
          !a)
        return tl::unexpected(a.error());
      return true;
    }
    const store::ReportSubmission before = **found;
    if (expected_version == 0)
      return fail(ErrorCode::kPreconditionRequired, "更新须携带 If-Match 请求头（记录的 ETag）");
    if (before.version != expected_version)
      return fail(ErrorCode::kPreconditionFailed, "该报告已被他人修改，请刷新后重试");
    if (is_submitted(before.state))
      return fail(ErrorCode::kConflict, "报告已提交，不能修改；如需更正，请协调机制办公室退回");
    store::ReportSubmission x = before;
    if (in.body) x.body = *in.body;
    if (in.evidence_ids) x.evidence_ids_json = json(*in.evidence_ids).dump();
    if (in.refresh_figures) {
      x.figures_json = figures.dump();
      x.figures_at = now_ms();
    }
    auto after = store::ReportRepository::update_submission(s, x, expected_version);
    if (!after) return tl::unexpected(after.error());
    if (auto a =
            audit(s, call, "report_submission.update", kSubmissionEntity, std::to_string(before.id),
                  submission_snapshot(before), submission_snapshot(*after));
        !a)
      return tl::unexpected(a.error());
    return true;
  });
  if (!done) return tl::unexpected(done.error());
  return get_submission(call, period_id, department_code);
}

namespace {

// One state change of an existing submission: loads it, checks the version
// (when given) and the allowed source states, applies `change`, stores and
// audits; notifies when `notify` is set.
template <class Change>
Result<store::ReportSubmission> transition(ServiceContext& ctx, const CallContext& call,
                                           std::int64_t period_id,
                                           const store::Department& department,
                                           std::optional<int> expected_version,
                                           const std::vector<std::string>& from,
                                           const std::string& refused, const std::string& action,
                                           Change change) {
  return ctx.db.transact([&](soci::session& s) -> Result<store::ReportSubmission> {
    auto p = load_period(s, period_id);
    if (!p) return tl::unexpected(p.error());
    auto found = store::ReportRepository::find_submission(s, period_id, department.id);
    if (!found) return tl::unexpected(found.error());
    if (!*found) return fail(ErrorCode::kConflict, refused);
    const store::ReportSubmission before = **found;
    if (expected_version && before.version != *expected_version)
      return fail(ErrorCode::kPreconditionFailed, "该报告已被他人修改，请刷新后重试");
    if (std::find(from.begin(), from.end(), before.state) == from.end())
      return fail(ErrorCode::kConflict, refused);
    store::ReportSubmission x = before;
    if (auto ok = change(s, *p, x); !ok) return tl::unexpected(ok.error());
    auto after = store::ReportRepository::update_submission(s, x, before.version);
    if (!after) return tl::unexpected(after.error());
    if (auto a = audit(s, call, action, kSubmissionEntity, std::to_string(before.id),
                       submission_snapshot(before), submission_snapshot(*after));
        !a)
      return tl::unexpected(a.error());
    return after;
  });
}

std::string state_refusal(const std::string& verb, const std::string& state) {
  return "报告当前状态为「" + std::string(report_state_label(state).value_or(state)) + "」，不能" +
         verb;
}

}  // namespace

Result<SubmissionView> ReportingService::submit(const CallContext& call, std::int64_t period_id,
                                                const std::string& department_code,
                                                std::optional<int> expected_version) {
  auto current = get_submission(call, period_id, department_code);
  if (!current) return tl::unexpected(current.error());
  if (!writes_department(call.actor, current->status.department.id))
    return forbidden("只有本部门的领导和执法人员可以提交本部门的报告");
  const std::string refused = current->status.state == "missing"
                                  ? "请先保存草稿再提交"
                                  : state_refusal("提交", current->status.state);
  auto done = transition(
      ctx_, call, period_id, current->status.department, expected_version, {"draft", "returned"},
      refused, "report_submission.submit",
      [&](soci::session&, const store::ReportPeriod&, store::ReportSubmission& x) -> Status {
        if (is_blank(x.body)) return invalid("body", "请填写报告正文后再提交");
        const std::int64_t now = now_ms();
        x.state = "submitted";
        x.submitted_at = now;
        if (x.first_submitted_at == 0) x.first_submitted_at = now;
        return {};
      });
  if (!done) return tl::unexpected(done.error());
  return get_submission(call, period_id, department_code);
}

Result<SubmissionView> ReportingService::return_for_correction(
    const CallContext& call, std::int64_t period_id, const std::string& department_code,
    const std::string& reason, std::optional<int> expected_version) {
  if (!manages(call.actor)) return forbidden("只有协调机制办公室可以退回报告");
  if (is_blank(reason)) return invalid("reason", "请填写退回原因");
  if (reason.size() > kMaxReturnReasonBytes || !is_valid_utf8(reason))
    return invalid("reason", "退回原因过长（最多 2000 字节）");
  auto current = get_submission(call, period_id, department_code);
  if (!current) return tl::unexpected(current.error());
  auto done = transition(
      ctx_, call, period_id, current->status.department, expected_version, {"submitted"},
      current->status.state == "missing" ? "该部门尚未提交报告，无需退回"
                                         : state_refusal("退回", current->status.state),
      "report_submission.return",
      [&](soci::session& s, const store::ReportPeriod& p, store::ReportSubmission& x) -> Status {
        x.state = "returned";
        x.returned_reason = trimmed(reason);
        return notify_department(s, x.department_id, "report_returned", "报告被退回：" + p.title,
                                 "退回原因：" + x.returned_reason, p.id, nullptr);
      });
  if (!done) return tl::unexpected(done.error());
  return get_submission(call, period_id, department_code);
}

Result<SubmissionView> ReportingService::accept(const CallContext& call, std::int64_t period_id,
                                                const std::string& department_code,
                                                std::optional<int> expected_version) {
  if (!manages(call.actor)) return forbidden("只有协调机制办公室可以采纳报告");
  auto current = get_submission(call, period_id, department_code);
  if (!current) return tl::unexpected(current.error());
  auto done = transition(
      ctx_, call, period_id, current->status.department, expected_version, {"submitted"},
      current->status.state == "missing" ? "该部门尚未提交报告"
                                         : state_refusal("采纳", current->status.state),
      "report_submission.accept",
      [&](soci::session&, const store::ReportPeriod&, store::ReportSubmission& x) -> Status {
        x.state = "accepted";
        x.accepted_at = now_ms();
        return {};
      });
  if (!done) return tl::unexpected(done.error());
  return get_submission(call, period_id, department_code);
}

}  // namespace qf::service
