// ReportingService on both backends: the office opens periods (no one
// else); a department's submission from the missing preview through the
// draft (figures taken from the statistics at the first save, refreshed only
// on request), submission, return with a reason and a notification,
// correction and resubmission (the first submission time kept), acceptance;
// every wrong transition a 409; who reads which department; overdue counts
// and reminders to the departments that have not submitted.
#include "service/reporting_service.h"

#include <gtest/gtest.h>

#include <set>

#include "core/clock.h"
#include "service/publicity_service.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using nlohmann::json;
using testing::count_rows;
using testing::ServiceFixture;

const std::int64_t kFrom = *parse_china_date("2026-03-01");
const std::int64_t kTo = *parse_china_date("2026-04-01");
const std::int64_t kIn = kFrom + 5 * kDayMs;

// The value of one figure in a submission's figures JSON (-1: absent).
double figure(const json& figures, const std::string& code) {
  if (!figures.contains("sections")) return -1;
  for (const auto& sec : figures["sections"])
    for (const auto& f : sec["figures"])
      if (f.value("code", "") == code) return f.value("value", -1.0);
  return -1;
}

class ReportingServiceTest : public ::testing::Test {
 protected:
  ReportingServiceTest()
      : office(f.make_user("office1", Role::kOffice, "OFFICE")),
        inspector(f.make_user("inspector1", Role::kInspector, "ZF")),
        lc(f.make_user("lc-officer", Role::kOfficer, "LC")),
        lc_leader(f.make_user("lc-leader", Role::kLeader, "LC")),
        bhq(f.make_user("bhq-officer", Role::kOfficer, "LC-BHQ")),
        ny(f.make_user("ny-officer", Role::kOfficer, "NY")),
        sj(f.make_user("sj-leader", Role::kLeader, "SJ")),
        ranger(f.make_user("ranger1", Role::kRanger, "LC-BHQ")),
        admin(f.make_user("admin1", Role::kAdmin, "OFFICE")) {}

  ReportingService svc() { return ReportingService(f.ctx()); }

  // March 2026, due on 5 April (long past).
  std::int64_t march(const std::string& title = "2026年3月月报") {
    NewReportPeriod p{"monthly", title, kFrom, kTo, kTo + 5 * kDayMs};
    auto r = svc().create_period(f.as(office), p);
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r ? r->period.id : 0;
  }
  void training(const store::User& u, std::int64_t at, std::int64_t attendees) {
    PublicityInput in;
    in.kind = "training";
    in.title = "培训";
    in.held_at = at;
    in.attendees = attendees;
    auto r = PublicityService(f.ctx()).create(f.as(u), in);
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
  }
  SubmissionView save(const store::User& u, std::int64_t period, const std::string& dept,
                      const std::string& body, int version, bool refresh = false) {
    SubmissionInput in;
    in.body = body;
    in.refresh_figures = refresh;
    auto r = svc().save(f.as(u), period, dept, in, version);
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r ? *r : SubmissionView{};
  }
  static ErrorCode code_of(const Result<SubmissionView>& r) {
    EXPECT_FALSE(r);
    return r ? ErrorCode::kInternal : r.error().code;
  }

  ServiceFixture f;
  store::User office, inspector, lc, lc_leader, bhq, ny, sj, ranger, admin;
};

TEST_F(ReportingServiceTest, OnlyTheOfficeOpensPeriods) {
  NewReportPeriod p{"monthly", "三月月报", kFrom, kTo, kTo + 5 * kDayMs};
  auto created = svc().create_period(f.as(office), p);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->period.kind, "monthly");
  EXPECT_EQ(created->owed, 8);  // the eight member departments, not the office or sub-units
  ASSERT_EQ(created->departments.size(), 8u);
  std::set<std::string> codes;
  for (const auto& d : created->departments) codes.insert(d.department.code);
  EXPECT_EQ(codes, (std::set<std::string>{"LC", "NY", "ZF", "GA", "JT", "WX", "SJ", "HG"}));
  EXPECT_EQ(count_rows(f.db(),
                       "SELECT COUNT(*) FROM audit_log WHERE action = "
                       "'report_period.create'"),
            1);
  for (const auto* u : {&lc, &inspector, &admin, &ranger})
    EXPECT_EQ(svc().create_period(f.as(*u), p).error().code, ErrorCode::kForbidden);

  NewReportPeriod bad{"yearly", " ", kTo, kFrom, kFrom - 1};
  auto refused = svc().create_period(f.as(office), bad);
  ASSERT_FALSE(refused);
  std::set<std::string> fields;
  for (const auto& e : refused.error().fields) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"kind", "title", "period_to", "due_at"}));
}

TEST_F(ReportingServiceTest, SubmissionFromDraftToAcceptance) {
  training(lc, kIn, 40);
  training(ny, kIn, 7);
  training(lc, kTo + kDayMs, 99);  // after the period
  const auto id = march();

  // Missing: a live preview of the department's own figures.
  auto missing = svc().get_submission(f.as(lc), id, "LC");
  ASSERT_TRUE(missing) << missing.error().message;
  EXPECT_EQ(missing->status.state, "missing");
  EXPECT_TRUE(missing->figures_preview);
  EXPECT_EQ(figure(missing->figures, "publicity.trainings"), 1);
  EXPECT_EQ(figure(missing->figures, "publicity.attendees"), 40);
  EXPECT_TRUE(missing->can_edit);
  EXPECT_FALSE(missing->can_submit);
  EXPECT_EQ(code_of(svc().submit(f.as(lc), id, "LC", std::nullopt)), ErrorCode::kConflict);

  // The first save stores the draft with the figures.
  auto draft = save(lc, id, "LC", "", 0);
  EXPECT_EQ(draft.status.state, "draft");
  EXPECT_FALSE(draft.figures_preview);
  EXPECT_EQ(figure(draft.figures, "publicity.attendees"), 40);
  ASSERT_TRUE(draft.status.submission);
  EXPECT_EQ(draft.status.submission->version, 1);
  EXPECT_GT(draft.status.submission->figures_at, 0);
  EXPECT_TRUE(draft.can_submit);
  // A second "first save" (no If-Match) is refused.
  SubmissionInput again;
  EXPECT_EQ(code_of(svc().save(f.as(lc), id, "LC", again, 0)), ErrorCode::kPreconditionRequired);
  EXPECT_EQ(code_of(svc().save(f.as(lc), id, "LC", again, 7)), ErrorCode::kPreconditionFailed);
  // Text is required to submit.
  auto empty = svc().submit(f.as(lc), id, "LC", std::nullopt);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidInput);

  auto written = save(lc_leader, id, "LC", "一、本月工作情况……", 1);
  EXPECT_EQ(written.status.submission->version, 2);
  EXPECT_EQ(code_of(svc().submit(f.as(lc), id, "LC", 1)), ErrorCode::kPreconditionFailed);
  auto submitted = svc().submit(f.as(lc), id, "LC", 2);
  ASSERT_TRUE(submitted) << submitted.error().message;
  EXPECT_EQ(submitted->status.state, "submitted");
  const auto first = submitted->status.submission->first_submitted_at;
  EXPECT_GT(first, 0);
  EXPECT_EQ(submitted->status.submission->submitted_at, first);
  EXPECT_TRUE(submitted->status.late);  // after 5 April
  EXPECT_FALSE(submitted->status.overdue);
  EXPECT_FALSE(submitted->can_edit);

  // Submitted: no edits, no second submission; the office decides.
  EXPECT_EQ(code_of(svc().save(f.as(lc), id, "LC", again, 3)), ErrorCode::kConflict);
  EXPECT_EQ(code_of(svc().submit(f.as(lc), id, "LC", std::nullopt)), ErrorCode::kConflict);
  EXPECT_EQ(code_of(svc().return_for_correction(f.as(lc), id, "LC", "x", std::nullopt)),
            ErrorCode::kForbidden);
  EXPECT_EQ(code_of(svc().return_for_correction(f.as(office), id, "LC", "  ", std::nullopt)),
            ErrorCode::kInvalidInput);
  auto office_view = svc().get_submission(f.as(office), id, "LC");
  ASSERT_TRUE(office_view);
  EXPECT_TRUE(office_view->can_return);
  EXPECT_FALSE(office_view->can_edit);

  auto returned =
      svc().return_for_correction(f.as(office), id, "LC", "请补充培训情况", std::nullopt);
  ASSERT_TRUE(returned) << returned.error().message;
  EXPECT_EQ(returned->status.state, "returned");
  EXPECT_EQ(returned->status.submission->returned_reason, "请补充培训情况");
  // Both of 林草's leader and officer are told.
  EXPECT_EQ(count_rows(f.db(),
                       "SELECT COUNT(*) FROM notifications WHERE kind = "
                       "'report_returned' AND entity = 'report_period'"),
            2);
  EXPECT_EQ(code_of(svc().accept(f.as(office), id, "LC", std::nullopt)), ErrorCode::kConflict);
  EXPECT_EQ(code_of(svc().return_for_correction(f.as(office), id, "LC", "再退", std::nullopt)),
            ErrorCode::kConflict);

  // Corrected and submitted again: the first submission time stays.
  auto corrected = save(lc, id, "LC", "一、本月工作情况……（已补充培训情况）",
                        returned->status.submission->version);
  EXPECT_EQ(corrected.status.state, "returned");
  EXPECT_TRUE(corrected.can_submit);
  auto resubmitted = svc().submit(f.as(lc), id, "LC", std::nullopt);
  ASSERT_TRUE(resubmitted) << resubmitted.error().message;
  EXPECT_EQ(resubmitted->status.state, "submitted");
  EXPECT_EQ(resubmitted->status.submission->first_submitted_at, first);
  EXPECT_GE(resubmitted->status.submission->submitted_at, first);

  auto accepted = svc().accept(f.as(office), id, "LC", std::nullopt);
  ASSERT_TRUE(accepted) << accepted.error().message;
  EXPECT_EQ(accepted->status.state, "accepted");
  EXPECT_GT(accepted->status.submission->accepted_at, 0);
  EXPECT_EQ(code_of(svc().accept(f.as(office), id, "LC", std::nullopt)), ErrorCode::kConflict);
  EXPECT_EQ(code_of(svc().save(f.as(lc), id, "LC", again, 0)), ErrorCode::kConflict);
  // Nothing to return or accept where nothing was submitted.
  EXPECT_EQ(code_of(svc().accept(f.as(office), id, "NY", std::nullopt)), ErrorCode::kConflict);

  for (const char* action :
       {"report_submission.create", "report_submission.update", "report_submission.submit",
        "report_submission.return", "report_submission.accept"})
    EXPECT_GE(count_rows(f.db(), std::string("SELECT COUNT(*) FROM audit_log WHERE action = '") +
                                     action + "'"),
              1)
        << action;
}

TEST_F(ReportingServiceTest, FiguresStayAsStoredUntilRefreshed) {
  training(lc, kIn, 40);
  const auto id = march();
  auto draft = save(lc, id, "LC", "正文", 0);
  EXPECT_EQ(figure(draft.figures, "publicity.trainings"), 1);
  training(lc, kIn + kDayMs, 5);
  auto kept = svc().get_submission(f.as(lc), id, "LC");
  ASSERT_TRUE(kept);
  EXPECT_EQ(figure(kept->figures, "publicity.trainings"), 1);
  auto refreshed = save(lc, id, "LC", "正文", 1, true);
  EXPECT_EQ(figure(refreshed.figures, "publicity.trainings"), 2);
  EXPECT_EQ(figure(refreshed.figures, "publicity.attendees"), 45);
  EXPECT_EQ(refreshed.status.submission->body, "正文");
}

TEST_F(ReportingServiceTest, EachDepartmentReadsItsOwn) {
  const auto id = march();
  save(lc, id, "LC", "正文", 0);

  EXPECT_EQ(code_of(svc().get_submission(f.as(ny), id, "LC")), ErrorCode::kNotFound);
  EXPECT_EQ(code_of(svc().save(f.as(ny), id, "LC", {}, 1)), ErrorCode::kNotFound);
  EXPECT_EQ(code_of(svc().get_submission(f.as(lc), id, "OFFICE")), ErrorCode::kNotFound);
  EXPECT_EQ(code_of(svc().get_submission(f.as(lc), id, "LC-BHQ")), ErrorCode::kNotFound);
  EXPECT_EQ(code_of(svc().get_submission(f.as(bhq), id, "LC")), ErrorCode::kNotFound);
  EXPECT_EQ(code_of(svc().get_submission(f.as(lc), id + 100, "LC")), ErrorCode::kNotFound);
  EXPECT_EQ(code_of(svc().get_submission(f.as(ranger), id, "LC")), ErrorCode::kForbidden);
  EXPECT_EQ(code_of(svc().get_submission(f.as(admin), id, "LC")), ErrorCode::kForbidden);

  // The office and the 督导组 read every department but write none.
  auto read = svc().get_submission(f.as(inspector), id, "LC");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->status.state, "draft");
  EXPECT_FALSE(read->can_edit);
  EXPECT_EQ(code_of(svc().save(f.as(office), id, "LC", {}, 1)), ErrorCode::kForbidden);
  EXPECT_EQ(code_of(svc().save(f.as(inspector), id, "NY", {}, 0)), ErrorCode::kForbidden);

  // The period: a department sees its own row, the counts of all.
  auto mine = svc().get_period(f.as(ny), id);
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->departments.size(), 1u);
  EXPECT_EQ(mine->departments[0].department.code, "NY");
  EXPECT_EQ(mine->owed, 8);
  auto all = svc().get_period(f.as(office), id);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->departments.size(), 8u);
  auto list = svc().list_periods(f.as(lc), std::nullopt, 20, 0);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->total, 1);
  ASSERT_EQ(list->items[0].departments.size(), 1u);
  EXPECT_EQ(list->items[0].departments[0].state, "draft");
  EXPECT_EQ(svc().list_periods(f.as(admin), std::nullopt, 20, 0).error().code,
            ErrorCode::kForbidden);
  EXPECT_FALSE(svc().list_periods(f.as(office), std::string("yearly"), 20, 0));
}

TEST_F(ReportingServiceTest, OverdueDepartmentsAndReminders) {
  const auto past = march();
  save(lc, past, "LC", "林草月报", 0);
  ASSERT_TRUE(svc().submit(f.as(lc), past, "LC", std::nullopt));
  save(ny, past, "NY", "", 0);
  save(sj, past, "SJ", "市场监管月报", 0);
  ASSERT_TRUE(svc().submit(f.as(sj), past, "SJ", std::nullopt));
  ASSERT_TRUE(svc().return_for_correction(f.as(office), past, "SJ", "补充", std::nullopt));

  auto v = svc().get_period(f.as(office), past);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->submitted, 1);
  EXPECT_EQ(v->returned, 1);
  EXPECT_EQ(v->not_submitted, 7);
  EXPECT_EQ(v->overdue, 7);  // due 5 April 2026: all but 林草
  for (const auto& d : v->departments) {
    EXPECT_EQ(d.overdue, d.department.code != "LC") << d.department.code;
    if (d.department.code == "NY") {
      EXPECT_EQ(d.state, "draft");
    }
    if (d.department.code == "SJ") {
      EXPECT_EQ(d.state, "returned");
    }
    if (d.department.code == "GA") {
      EXPECT_EQ(d.state, "missing");
    }
  }

  // Reminders: every leader and officer of each department not submitted.
  EXPECT_EQ(svc().remind(f.as(lc), past).error().code, ErrorCode::kForbidden);
  auto reminded = svc().remind(f.as(office), past);
  ASSERT_TRUE(reminded) << reminded.error().message;
  EXPECT_EQ(reminded->department_codes, (std::vector<std::string>{"NY", "SJ"}))
      << to_json(*reminded).dump();
  EXPECT_EQ(reminded->users, 2);
  EXPECT_EQ(reminded->unreachable.size(), 5u);  // ZF, GA, JT, WX, HG have no staff here
  EXPECT_EQ(count_rows(f.db(),
                       "SELECT COUNT(*) FROM notifications WHERE kind = "
                       "'report_reminder'"),
            2);
  EXPECT_EQ(count_rows(f.db(),
                       "SELECT COUNT(*) FROM audit_log WHERE action = "
                       "'report_period.remind'"),
            1);
  EXPECT_EQ(svc().remind(f.as(office), past + 100).error().code, ErrorCode::kNotFound);

  // A period not yet due has nobody overdue.
  NewReportPeriod future{"weekly", "本周周报", now_ms() - 7 * kDayMs, now_ms(),
                         now_ms() + 3 * kDayMs};
  auto open = svc().create_period(f.as(office), future);
  ASSERT_TRUE(open);
  EXPECT_EQ(open->overdue, 0);
  EXPECT_EQ(open->not_submitted, 8);
}

}  // namespace
}  // namespace qf::service
