#include "service/joint_report_service.h"

#include <cstdio>
#include <set>

#include "core/access_policy.h"
#include "core/clock.h"
#include "service/audit_writer.h"
#include "service/statistics_service.h"
#include "store/case_repository.h"

namespace qf::service {
namespace {

constexpr const char* kEntity = "joint_report";

bool valid_state(const std::string& s) { return s == "draft" || s == "final"; }

Status require_office(const CallContext& call) {
  if (!AccessPolicy::allows(call.actor, Action::kManageReporting))
    return forbidden("只有协调机制办公室可以编写联合行动报告");
  return {};
}

void check_text(const std::optional<std::string>& v, const char* field, std::size_t max,
                std::vector<FieldError>& errors) {
  if (v && v->size() > max)
    errors.push_back({field, "内容过长（最多 " + std::to_string(max / 3) + " 个汉字）"});
}

void apply(const JointReportInput& in, store::JointReport& r) {
  if (in.title) r.title = *in.title;
  if (in.period_from) r.period_from = *in.period_from;
  if (in.period_to) r.period_to = *in.period_to;
  if (in.case_ids) r.case_ids = *in.case_ids;
  if (in.overview_note) r.overview_note = *in.overview_note;
  if (in.achievements) r.achievements = *in.achievements;
  if (in.shortcomings) r.shortcomings = *in.shortcomings;
  if (in.suggestions) r.suggestions = *in.suggestions;
  if (in.state) r.state = *in.state;
}

// The record's own rules, after the input is applied.
Status check(soci::session& s, const store::JointReport& r) {
  std::vector<FieldError> errors;
  if (r.period_from <= 0) errors.push_back({"period_from", "请填写报告期间的开始日期"});
  if (r.period_to <= 0) errors.push_back({"period_to", "请填写报告期间的结束日期"});
  if (r.period_from > 0 && r.period_to > 0) {
    if (r.period_to <= r.period_from)
      errors.push_back({"period_to", "结束日期应晚于开始日期"});
    else if (r.period_to - r.period_from > kMaxStatsPeriodDays * kDayMs)
      errors.push_back({"period_to", "报告期间不能超过 5 年"});
  }
  if (!valid_state(r.state)) errors.push_back({"state", "应为 draft（草稿）或 final（定稿）"});
  if (r.case_ids.size() > kMaxJointReportCases)
    errors.push_back({"case_ids", "典型案例最多 " + std::to_string(kMaxJointReportCases) + " 起"});
  std::set<std::int64_t> seen;
  for (auto id : r.case_ids) {
    if (!seen.insert(id).second) {
      errors.push_back({"case_ids", "典型案例重复：" + std::to_string(id)});
      continue;
    }
    auto c = store::CaseRepository::find_by_id(s, id);
    if (!c) return tl::unexpected(c.error());
    if (!*c) errors.push_back({"case_ids", "案件不存在：" + std::to_string(id)});
  }
  if (!errors.empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});
  return {};
}

Status check_input(const JointReportInput& in) {
  std::vector<FieldError> errors;
  check_text(in.title, "title", kMaxJointReportTitleBytes, errors);
  check_text(in.overview_note, "overview_note", kMaxJointReportSectionBytes, errors);
  check_text(in.achievements, "achievements", kMaxJointReportSectionBytes, errors);
  check_text(in.shortcomings, "shortcomings", kMaxJointReportSectionBytes, errors);
  check_text(in.suggestions, "suggestions", kMaxJointReportSectionBytes, errors);
  if (in.title && in.title->find_first_not_of(" \t\r\n") == std::string::npos)
    errors.push_back({"title", "标题不能为空"});
  if (!errors.empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});
  return {};
}

Result<store::JointReport> load(soci::session& s, std::int64_t id) {
  auto r = store::JointReportRepository::find_by_id(s, id);
  if (!r) return tl::unexpected(r.error());
  if (!*r) return not_found("联合行动报告不存在");
  return **r;
}

}  // namespace

std::string china_date(std::int64_t ms) {
  // civil_from_days (Howard Hinnant), on the China Standard Time day.
  std::int64_t z = (ms + kChinaOffsetMs) / kDayMs;
  if ((ms + kChinaOffsetMs) % kDayMs < 0) --z;
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = yoe + era * 400;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", static_cast<long long>(y),
                static_cast<long long>(m), static_cast<long long>(d));
  return buf;
}

std::string default_joint_report_title(std::int64_t from, std::int64_t to) {
  return "清风行动联合行动报告（" + china_date(from) + " 至 " + china_date(to - 1) + "）";
}

nlohmann::json to_json(const store::JointReport& r) {
  return {{"id", r.id},
          {"title", r.title},
          {"period_from", r.period_from},
          {"period_to", r.period_to},
          {"period_from_date", china_date(r.period_from)},
          {"period_to_date", china_date(r.period_to - 1)},
          {"case_ids", r.case_ids},
          {"overview_note", r.overview_note},
          {"achievements", r.achievements},
          {"shortcomings", r.shortcomings},
          {"suggestions", r.suggestions},
          {"state", r.state},
          {"demo", r.demo},
          {"created_by", r.created_by},
          {"created_by_name", r.created_by_name},
          {"version", r.version},
          {"created_at", r.created_at},
          {"updated_at", r.updated_at}};
}

Result<store::JointReport> JointReportService::create(const CallContext& call,
                                                      const JointReportInput& in) {
  if (auto ok = require_office(call); !ok) return tl::unexpected(ok.error());
  if (auto ok = check_input(in); !ok) return tl::unexpected(ok.error());
  std::vector<FieldError> errors;
  if (!in.period_from) errors.push_back({"period_from", "请填写报告期间的开始日期"});
  if (!in.period_to) errors.push_back({"period_to", "请填写报告期间的结束日期"});
  if (!errors.empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});
  return ctx_.db.transact([&](soci::session& s) -> Result<store::JointReport> {
    store::JointReport r;
    apply(in, r);
    if (!in.title) r.title = default_joint_report_title(r.period_from, r.period_to);
    r.demo = in.demo;
    r.created_by = call.actor.user_id;
    if (auto ok = check(s, r); !ok) return tl::unexpected(ok.error());
    auto created = store::JointReportRepository::insert(s, r);
    if (!created) return tl::unexpected(created.error());
    if (auto a = audit(s, call, "joint_report.create", kEntity, std::to_string(created->id),
                       nullptr, to_json(*created));
        !a)
      return tl::unexpected(a.error());
    return *created;
  });
}

Result<store::JointReport> JointReportService::update(const CallContext& call, std::int64_t id,
                                                      const JointReportInput& in,
                                                      int expected_version) {
  if (auto ok = require_office(call); !ok) return tl::unexpected(ok.error());
  if (auto ok = check_input(in); !ok) return tl::unexpected(ok.error());
  return ctx_.db.transact([&](soci::session& s) -> Result<store::JointReport> {
    auto before = load(s, id);
    if (!before) return tl::unexpected(before.error());
    if (before->version != expected_version)
      return fail(ErrorCode::kPreconditionFailed, "该报告已被他人修改，请刷新后重试");
    store::JointReport r = *before;
    apply(in, r);
    // A final report changes only by being set back to draft first (alone).
    if (before->state == "final") {
      const bool reopening = in.state == "draft" && !in.title && !in.period_from && !in.period_to &&
                             !in.case_ids && !in.overview_note && !in.achievements &&
                             !in.shortcomings && !in.suggestions;
      if (!reopening) return fail(ErrorCode::kConflict, "报告已定稿，请先改回草稿再修改");
    }
    if (auto ok = check(s, r); !ok) return tl::unexpected(ok.error());
    auto after = store::JointReportRepository::update(s, r, expected_version);
    if (!after) return tl::unexpected(after.error());
    if (auto a = audit(s, call, "joint_report.update", kEntity, std::to_string(id),
                       to_json(*before), to_json(*after));
        !a)
      return tl::unexpected(a.error());
    return *after;
  });
}

Result<store::JointReport> JointReportService::get(const CallContext& call, std::int64_t id) {
  if (auto ok = require_office(call); !ok) return tl::unexpected(ok.error());
  return ctx_.db.read([&](soci::session& s) { return load(s, id); });
}

Result<Page<store::JointReport>> JointReportService::list(const CallContext& call, int limit,
                                                          int offset) {
  if (auto ok = require_office(call); !ok) return tl::unexpected(ok.error());
  return ctx_.db.read([&](soci::session& s) -> Result<Page<store::JointReport>> {
    Page<store::JointReport> page;
    auto items = store::JointReportRepository::list(s, limit, offset, &page.total);
    if (!items) return tl::unexpected(items.error());
    page.items = std::move(*items);
    return page;
  });
}

}  // namespace qf::service
