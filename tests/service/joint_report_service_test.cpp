// Joint-action report drafts on both backends: the office creates and edits
// them (default title, chosen cases checked, If-Match, final is read-only
// until set back to draft), everyone else is refused, and every write is
// audited.
#include "service/joint_report_service.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "service/case_service.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using testing::count_rows;
using testing::ServiceFixture;

class JointReportServiceTest : public ::testing::Test {
 protected:
  JointReportServiceTest()
      : office(f.make_user("office1", Role::kOffice, "OFFICE")),
        lc_leader(f.make_user("lc-leader", Role::kLeader, "LC")),
        inspector(f.make_user("inspector", Role::kInspector, "OFFICE")) {
    NewCase c;
    c.title = "灰鹤案";
    c.offence_type = "illegal_hunting";
    c.source = "patrol";
    auto created = CaseService(f.ctx()).create(f.as(lc_leader), c);
    EXPECT_TRUE(created.has_value());
    case_id = created ? created->record.id : 0;
  }

  JointReportInput march() {
    JointReportInput in;
    in.period_from = *parse_china_date("2026-03-01");
    in.period_to = *parse_china_date("2026-04-01");
    return in;
  }

  ServiceFixture f;
  store::User office, lc_leader, inspector;
  std::int64_t case_id = 0;
};

TEST_F(JointReportServiceTest, CreatesWithDefaultTitleAndAudits) {
  auto in = march();
  in.case_ids = std::vector<std::int64_t>{case_id};
  in.achievements = "一是……";
  auto r = JointReportService(f.ctx()).create(f.as(office), in);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->title, "清风行动联合行动报告（2026-03-01 至 2026-03-31）");
  EXPECT_EQ(r->state, "draft");
  EXPECT_EQ(r->version, 1);
  EXPECT_EQ(r->case_ids, std::vector<std::int64_t>{case_id});
  EXPECT_EQ(r->achievements, "一是……");
  EXPECT_EQ(r->created_by, office.id);
  EXPECT_EQ(count_rows(f.db(),
                       "SELECT COUNT(*) FROM audit_log WHERE action = 'joint_report.create' "
                       "AND entity = 'joint_report'"),
            1);
  auto page = JointReportService(f.ctx()).list(f.as(office), 20, 0);
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->total, 1);
  EXPECT_EQ(page->items.at(0).created_by_name, office.display_name);
}

TEST_F(JointReportServiceTest, ChecksPeriodCasesAndTexts) {
  JointReportService svc(f.ctx());
  JointReportInput missing;
  auto r = svc.create(f.as(office), missing);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(r.error().fields.size(), 2u);

  auto backwards = march();
  std::swap(*backwards.period_from, *backwards.period_to);
  r = svc.create(f.as(office), backwards);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().fields.at(0).field, "period_to");

  auto unknown = march();
  unknown.case_ids = std::vector<std::int64_t>{case_id, 999999};
  r = svc.create(f.as(office), unknown);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().fields.at(0).field, "case_ids");

  auto twice = march();
  twice.case_ids = std::vector<std::int64_t>{case_id, case_id};
  EXPECT_FALSE(svc.create(f.as(office), twice).has_value());

  auto state = march();
  state.state = "sent";
  r = svc.create(f.as(office), state);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().fields.at(0).field, "state");

  auto longer = march();
  longer.suggestions = std::string(kMaxJointReportSectionBytes + 1, 'x');
  EXPECT_FALSE(svc.create(f.as(office), longer).has_value());
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM joint_reports"), 0);
}

TEST_F(JointReportServiceTest, OnlyTheOfficeReadsAndWrites) {
  JointReportService svc(f.ctx());
  auto r = svc.create(f.as(office), march());
  ASSERT_TRUE(r.has_value());
  for (const auto* u : {&lc_leader, &inspector}) {
    EXPECT_EQ(svc.create(f.as(*u), march()).error().code, ErrorCode::kForbidden);
    EXPECT_EQ(svc.get(f.as(*u), r->id).error().code, ErrorCode::kForbidden);
    EXPECT_EQ(svc.list(f.as(*u), 20, 0).error().code, ErrorCode::kForbidden);
    JointReportInput edit;
    edit.achievements = "x";
    EXPECT_EQ(svc.update(f.as(*u), r->id, edit, 1).error().code, ErrorCode::kForbidden);
  }
  EXPECT_EQ(svc.get(f.as(office), 424242).error().code, ErrorCode::kNotFound);
}

TEST_F(JointReportServiceTest, UpdatesAtTheVersionAndFinalIsReadOnly) {
  JointReportService svc(f.ctx());
  auto r = svc.create(f.as(office), march());
  ASSERT_TRUE(r.has_value());
  JointReportInput edit;
  edit.shortcomings = "线索核查不够及时";
  edit.case_ids = std::vector<std::int64_t>{case_id};
  auto v2 = svc.update(f.as(office), r->id, edit, 1);
  ASSERT_TRUE(v2.has_value()) << v2.error().message;
  EXPECT_EQ(v2->version, 2);
  EXPECT_EQ(v2->shortcomings, "线索核查不够及时");
  EXPECT_EQ(v2->title, r->title);  // untouched fields stay
  EXPECT_EQ(svc.update(f.as(office), r->id, edit, 1).error().code, ErrorCode::kPreconditionFailed);

  JointReportInput finalise;
  finalise.state = "final";
  auto v3 = svc.update(f.as(office), r->id, finalise, 2);
  ASSERT_TRUE(v3.has_value());
  EXPECT_EQ(v3->state, "final");
  JointReportInput late;
  late.suggestions = "补充";
  EXPECT_EQ(svc.update(f.as(office), r->id, late, 3).error().code, ErrorCode::kConflict);
  JointReportInput reopen;
  reopen.state = "draft";
  auto v4 = svc.update(f.as(office), r->id, reopen, 3);
  ASSERT_TRUE(v4.has_value());
  EXPECT_TRUE(svc.update(f.as(office), r->id, late, 4).has_value());
  EXPECT_EQ(
      count_rows(f.db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'joint_report.update'"), 4);
}

TEST(ChinaDateTest, FormatsTheChinaDay) {
  EXPECT_EQ(china_date(*parse_china_date("2026-03-01")), "2026-03-01");
  EXPECT_EQ(china_date(*parse_china_date("2024-02-29") + kDayMs - 1), "2024-02-29");
  EXPECT_EQ(china_date(*parse_china_date("1999-12-31")), "1999-12-31");
}

}  // namespace
}  // namespace qf::service
