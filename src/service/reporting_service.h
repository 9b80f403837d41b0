// ReportingService: the periodic reporting of the departments to the
// coordination office (情况报告制度, the plan's 七(三)–(四)).
//
//  - Periods: the office (kManageReporting) opens a reporting period —
//    weekly (周报), monthly (月报) or a campaign's end (专项行动总结) — with
//    its dates [from, to) and a due time. Every top-level member department
//    (kind "department", active: the eight of the plan; not the office, not
//    sub-units) owes one submission per period.
//  - Submissions: a department's leaders and officers (kSubmitReports, their
//    own department only) open their submission. Until the first save it is
//    "missing" and shows the department's statistics of the period as a
//    preview; the first save (PUT without If-Match) stores a draft with those
//    figures (StatisticsService::compute for the department and the period,
//    as the submitter may count them) and they stay as stored unless a save
//    asks to refresh them. The department adds its own text and attachments
//    (evidence ids), saves (If-Match), and submits.
//  - State rules (kConflict with a Chinese message otherwise):
//      missing → draft (save); draft/returned → draft/returned (save);
//      draft/returned → submitted (submit, the text required);
//      submitted → returned (the office, with a reason; the department's
//      leaders and officers are notified); submitted → accepted (the office).
//    Submitted and accepted reports are not edited. submitted_at is the
//    latest submission, first_submitted_at the first (kept through returns),
//    so "on time" is first_submitted_at ≤ due_at.
//  - Overdue: past due_at and not submitted (missing, draft or returned).
//  - Reminders: the office notifies (notifications table) every active
//    leader and officer of each department that has not submitted; the
//    answer counts departments and users reminded.
//  - Reading: the office and the inspector (督导组) read every period and
//    submission; a department's staff read the periods and their own
//    department's submission only (another's is kNotFound, as a missing
//    record). Integration keys, administrators and rangers: kForbidden.
//  - Every write is audited in its own transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "service/directory_service.h"
#include "service/service_context.h"
#include "store/department_repository.h"
#include "store/report_repository.h"

namespace qf::service {

// weekly 周报 | monthly 月报 | campaign 专项行动总结.
std::optional<std::string_view> report_period_kind_label(std::string_view kind);
// missing 未提交 | draft 草稿 | submitted 已提交 | returned 已退回 | accepted 已采纳.
std::optional<std::string_view> report_state_label(std::string_view state);

inline constexpr std::size_t kMaxReportBodyBytes = 100'000;
inline constexpr std::size_t kMaxReturnReasonBytes = 2000;

struct NewReportPeriod {
  std::string kind;
  std::string title;
  std::int64_t period_from = 0;  // epoch ms, inclusive
  std::int64_t period_to = 0;    // epoch ms, exclusive; at most 400 days after from
  std::int64_t due_at = 0;       // after period_from
  bool demo = false;             // demo seeding only
};

// One department's place in a period.
struct DepartmentReportStatus {
  store::Department department;
  std::optional<store::ReportSubmission> submission;  // none: missing
  std::string state;     // missing | draft | submitted | returned | accepted
  bool overdue = false;  // past due and not submitted
  bool late = false;     // first submitted after the due time
};

struct ReportPeriodView {
  store::ReportPeriod period;
  // Every department that owes a report, or only the caller's own.
  std::vector<DepartmentReportStatus> departments;
  int owed = 0;       // departments owing a report (all, whoever asks)
  int submitted = 0;  // submitted or accepted
  int accepted = 0;
  int returned = 0;
  int not_submitted = 0;  // missing, draft or returned
  int overdue = 0;
};

struct SubmissionView {
  store::ReportPeriod period;
  DepartmentReportStatus status;
  nlohmann::json figures;        // stored, or the live preview while missing
  bool figures_preview = false;  // not stored yet
  std::vector<std::int64_t> evidence_ids;
  bool can_edit = false, can_submit = false, can_return = false, can_accept = false;
};

struct SubmissionInput {
  std::optional<std::string> body;
  std::optional<std::vector<std::int64_t>> evidence_ids;  // at most 50
  bool refresh_figures = false;                           // take the figures anew
};

struct ReminderResult {
  std::vector<std::string> department_codes;  // reminded (with at least one user)
  std::vector<std::string> unreachable;       // not submitted but nobody to notify
  int users = 0;
};

nlohmann::json to_json(const store::ReportPeriod& p);
nlohmann::json to_json(const ReportPeriodView& v);
nlohmann::json to_json(const SubmissionView& v);
nlohmann::json to_json(const ReminderResult& r);

class ReportingService {
 public:
  explicit ReportingService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<ReportPeriodView> create_period(const CallContext& call, const NewReportPeriod& in);
  // Newest period first; each with its counts (departments left empty).
  Result<Page<ReportPeriodView>> list_periods(const CallContext& call,
                                              std::optional<std::string> kind, int limit,
                                              int offset);
  Result<ReportPeriodView> get_period(const CallContext& call, std::int64_t id);
  Result<ReminderResult> remind(const CallContext& call, std::int64_t period_id);

  Result<SubmissionView> get_submission(const CallContext& call, std::int64_t period_id,
                                        const std::string& department_code);
  // expected_version 0: the submission does not exist yet (creates the
  // draft); kPreconditionRequired when it does.
  Result<SubmissionView> save(const CallContext& call, std::int64_t period_id,
                              const std::string& department_code, const SubmissionInput& in,
                              int expected_version);
  // expected_version: the If-Match version, when the caller sent one.
  Result<SubmissionView> submit(const CallContext& call, std::int64_t period_id,
                                const std::string& department_code,
                                std::optional<int> expected_version);
  Result<SubmissionView> return_for_correction(const CallContext& call, std::int64_t period_id,
                                               const std::string& department_code,
                                               const std::string& reason,
                                               std::optional<int> expected_version);
  Result<SubmissionView> accept(const CallContext& call, std::int64_t period_id,
                                const std::string& department_code,
                                std::optional<int> expected_version);

 private:
  ServiceContext& ctx_;
};

}  // namespace qf::service
