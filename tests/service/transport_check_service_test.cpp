// TransportCheckService on both backends: recording with the plan's duties
// (公安, 交通运输, the office; 网信 refused), sealed and masked personal
// fields, the row-level rule, the hand-over as a case plus a pending
// transfer that 林草 sees, the default receivers of 六, and the per-company
// spot-check counts.
#include "service/transport_check_service.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using testing::count_rows;
using testing::ServiceFixture;

NewTransportCheck parcel(const std::string& species = "穿山甲",
                         const std::string& finding = "wildlife_product") {
  NewTransportCheck c;
  c.kind = "express";
  c.place_text = "中卫城区快递网点";
  c.lon = 105.19;
  c.lat = 37.51;
  c.checked_at = now_ms() - 3600 * 1000;
  c.company = "沙坡头速递";
  c.waybill_no = "SPT-1";
  c.sender_name = "王小明";
  c.sender_phone = "13912345678";
  c.receiver_name = "李四";
  c.receiver_phone = "13800001111";
  c.route_origin = "南宁";
  c.route_destination = "中卫";
  c.goods = "中药材";
  c.spot_check = true;
  c.finding = finding;
  c.species_text = species;
  c.finding_note = finding == "none" ? "" : "开箱发现";
  c.quantity = 2;
  c.weight_kg = 1.25;
  return c;
}

class TransportCheckServiceTest : public ::testing::Test {
 protected:
  TransportCheckServiceTest()
      : office(f.make_user("office1", Role::kOffice, "OFFICE")),
        ga_officer(f.make_user("ga-officer", Role::kOfficer, "GA")),
        jt_officer(f.make_user("jt-officer", Role::kOfficer, "JT")),
        lc_officer(f.make_user("lc-officer", Role::kOfficer, "LC")),
        wx_officer(f.make_user("wx-officer", Role::kOfficer, "WX")),
        inspector(f.make_user("inspector", Role::kInspector, "OFFICE")) {}

  TransportCheckView record(const store::User& u, const NewTransportCheck& c) {
    auto v = TransportCheckService(f.ctx()).record(f.as(u), c);
    EXPECT_TRUE(v) << (v ? "" : v.error().message);
    return v ? *v : TransportCheckView{};
  }

  ServiceFixture f;
  store::User office, ga_officer, jt_officer, lc_officer, wx_officer, inspector;
};

TEST_F(TransportCheckServiceTest, RecordsSealsAndMasksPersonalFields) {
  auto v = record(ga_officer, parcel());
  EXPECT_GT(v.check.id, 0);
  EXPECT_EQ(v.check.owner_department_code, "GA");
  EXPECT_EQ(v.check.company_name, "沙坡头速递");
  EXPECT_TRUE(v.personal_revealed);
  EXPECT_EQ(v.sender_phone, "13912345678");
  // Sealed at rest: the phone is nowhere in the table.
  EXPECT_EQ(count_rows(f.db(),
                       "SELECT COUNT(*) FROM transport_checks WHERE sender_phone_enc "
                       "LIKE '%13912345678%' OR receiver_name_enc LIKE '%李四%'"),
            0);
  // Lists mask for everyone; another department's reader sees masked
  // detail only if it may see the record at all.
  TransportCheckFilters all;
  auto page = TransportCheckService(f.ctx()).list(f.as(ga_officer), all);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->total, 1);
  EXPECT_EQ(page->items[0].sender_phone, "139****5678");
  EXPECT_EQ(page->items[0].sender_name, "王*");
  EXPECT_FALSE(page->items[0].personal_revealed);
  auto as_inspector = TransportCheckService(f.ctx()).get(f.as(inspector), v.check.id);
  ASSERT_TRUE(as_inspector);
  EXPECT_EQ(as_inspector->receiver_phone, "138****1111");
  auto as_office = TransportCheckService(f.ctx()).get(f.as(office), v.check.id);
  ASSERT_TRUE(as_office);
  EXPECT_EQ(as_office->receiver_name, "李四");
  // The audit keeps no personal field.
  EXPECT_EQ(count_rows(f.db(),
                       "SELECT COUNT(*) FROM audit_log WHERE action = "
                       "'transport_check.create' AND after_json LIKE '%13912345678%'"),
            0);
}

TEST_F(TransportCheckServiceTest, DutiesAndRowLevelRule) {
  auto refused = TransportCheckService(f.ctx()).record(f.as(wx_officer), parcel());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
  auto by_lc = TransportCheckService(f.ctx()).record(f.as(lc_officer), parcel());
  ASSERT_FALSE(by_lc);
  EXPECT_EQ(by_lc.error().code, ErrorCode::kForbidden);
  auto v = record(jt_officer, parcel("", "none"));
  record(office, parcel("", "none"));
  // 林草 sees none of them; 公安 sees none of 交通运输's; an unseen record is 404.
  auto lc_list = TransportCheckService(f.ctx()).list(f.as(lc_officer), {});
  ASSERT_TRUE(lc_list);
  EXPECT_EQ(lc_list->total, 0);
  auto hidden = TransportCheckService(f.ctx()).get(f.as(ga_officer), v.check.id);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code, ErrorCode::kNotFound);
  auto office_list = TransportCheckService(f.ctx()).list(f.as(office), {});
  ASSERT_TRUE(office_list);
  EXPECT_EQ(office_list->total, 2);
}

TEST_F(TransportCheckServiceTest, InputIsCheckedPerField) {
  NewTransportCheck c = parcel();
  c.company = "";
  c.finding = "dragon";
  c.lat.reset();
  auto r = TransportCheckService(f.ctx()).record(f.as(ga_officer), c);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  std::set<std::string> fields;
  for (const auto& e : r.error().fields) fields.insert(e.field);
  EXPECT_TRUE(fields.count("company"));
  EXPECT_TRUE(fields.count("finding"));
  EXPECT_TRUE(fields.count("lon"));
  NewTransportCheck silent = parcel("", "wildlife");
  silent.finding_note = "";
  auto r2 = TransportCheckService(f.ctx()).record(f.as(ga_officer), silent);
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().fields.at(0).field, "finding_note");
}

TEST_F(TransportCheckServiceTest, HandoverOpensCaseAndTransferThatLinCaoSees) {
  auto v = record(ga_officer, parcel("穿山甲"));
  TransportCheckService svc(f.ctx());
  auto done = svc.handover(f.as(ga_officer), v.check.id, {});
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->created_case.record.owner_department_code, "GA");
  EXPECT_EQ(done->created_case.record.offence_type, "illegal_transport");
  EXPECT_EQ(done->created_case.record.source, "transport_check");
  EXPECT_EQ(done->transfer.kind, "handover");
  EXPECT_EQ(done->transfer.state, "requested");
  EXPECT_EQ(done->transfer.to_department_id, f.department_id("LC"));
  ASSERT_FALSE(done->reasons.empty());
  EXPECT_NE(done->reasons[0].find("林业和草原"), std::string::npos);
  EXPECT_EQ(done->check.check.case_id, done->created_case.record.id);
  EXPECT_EQ(done->check.check.transfer_id, done->transfer.id);
  EXPECT_EQ(done->check.check.handed_to_department_code, "LC");
  // The case summary carries no personal field.
  EXPECT_EQ(done->created_case.record.summary.find("13912345678"), std::string::npos);

  // 林草 finds the transfer waiting, reads the case and the check.
  CaseService cases(f.ctx());
  auto waiting = cases.transfers(f.as(lc_officer), {});
  ASSERT_TRUE(waiting);
  ASSERT_EQ(waiting->total, 1);
  auto seen = cases.get(f.as(lc_officer), done->created_case.record.id);
  ASSERT_TRUE(seen) << seen.error().message;
  auto check = svc.get(f.as(lc_officer), v.check.id);
  ASSERT_TRUE(check) << check.error().message;
  EXPECT_FALSE(check->personal_revealed);
  EXPECT_EQ(check->sender_phone, "139****5678");
  auto accepted = cases.accept_transfer(f.as(lc_officer), done->transfer.id, "接收");
  ASSERT_TRUE(accepted) << accepted.error().message;

  // Once only; a check without a finding is not handed over; others may not.
  auto again = svc.handover(f.as(ga_officer), v.check.id, {});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  auto clean = record(ga_officer, parcel("", "none"));
  auto nothing = svc.handover(f.as(ga_officer), clean.check.id, {});
  ASSERT_FALSE(nothing);
  EXPECT_EQ(nothing.error().code, ErrorCode::kConflict);
  auto other = record(ga_officer, parcel("穿山甲"));
  auto by_jt = svc.handover(f.as(jt_officer), other.check.id, {});
  ASSERT_FALSE(by_jt);
  EXPECT_EQ(by_jt.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(count_rows(f.db(),
                       "SELECT COUNT(*) FROM audit_log WHERE action = "
                       "'transport_check.handover'"),
            1);
}

TEST_F(TransportCheckServiceTest, HandoverIsAllOrNothing) {
  auto v = record(ga_officer, parcel("穿山甲"));
  HandoverRequest r;
  r.department_code = "GA";  // not a receiving department
  auto refused = TransportCheckService(f.ctx()).handover(f.as(ga_officer), v.check.id, r);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM cases"), 0);
}

TEST_F(TransportCheckServiceTest, DefaultReceiverFollowsDuties) {
  f.load_species_catalog();
  TransportCheckService svc(f.ctx());
  auto fish = record(ga_officer, parcel("中华鲟", "wildlife"));
  auto to_ny = svc.handover(f.as(ga_officer), fish.check.id, {});
  ASSERT_TRUE(to_ny) << to_ny.error().message;
  EXPECT_EQ(to_ny->transfer.to_department_id, f.department_id("NY"));
  auto tools = record(jt_officer, parcel("", "banned_tool"));
  auto to_sj = svc.handover(f.as(jt_officer), tools.check.id, {});
  ASSERT_TRUE(to_sj) << to_sj.error().message;
  EXPECT_EQ(to_sj->transfer.to_department_id, f.department_id("SJ"));
  // The office hands over in the checking department's name.
  auto named = record(jt_officer, parcel("穿山甲"));
  HandoverRequest r;
  r.department_code = "SJ";
  auto by_office = svc.handover(f.as(office), named.check.id, r);
  ASSERT_TRUE(by_office) << by_office.error().message;
  EXPECT_EQ(by_office->created_case.record.owner_department_code, "JT");
  EXPECT_EQ(by_office->transfer.to_department_id, f.department_id("SJ"));
}

TEST_F(TransportCheckServiceTest, CompaniesCountSpotChecksAndFindings) {
  record(jt_officer, parcel("", "none"));
  auto targeted = parcel("画眉", "wildlife");
  targeted.spot_check = false;
  record(jt_officer, targeted);
  auto other = parcel("", "none");
  other.company = "黄河物流";
  other.kind = "logistics";
  record(ga_officer, other);
  auto rows = TransportCheckService(f.ctx()).companies(f.as(office));
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  const auto& spt = (*rows)[1].company.name == "沙坡头速递" ? (*rows)[1] : (*rows)[0];
  EXPECT_EQ(spt.company.name, "沙坡头速递");
  EXPECT_EQ(spt.checks, 2);
  EXPECT_EQ(spt.spot_checks, 1);
  EXPECT_EQ(spt.findings, 1);
  EXPECT_GT(spt.last_checked_at, 0);
  // 公安 counts only its own checks.
  auto ga_rows = TransportCheckService(f.ctx()).companies(f.as(ga_officer));
  ASSERT_TRUE(ga_rows);
  ASSERT_EQ(ga_rows->size(), 1u);
  EXPECT_EQ((*ga_rows)[0].company.name, "黄河物流");
}

}  // namespace
}  // namespace qf::service

#include "service/demo_borders.h"
#include "service/demo_seeder.h"
#include "service/intake_service.h"

namespace qf::service {
namespace {

TEST(DemoBordersTest, SeedsEveryKindOnceThroughTheRealPaths) {
  ServiceFixture f;
  ASSERT_TRUE(DemoSeeder(f.ctx()).seed(cli_call_context()));
  auto report = seed_demo_borders(f.ctx());
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_FALSE(report->skipped);
  EXPECT_EQ(report->checks, 7);
  EXPECT_EQ(report->handed_over, 1);
  EXPECT_EQ(report->assessments, 4);
  EXPECT_EQ(report->seizures, 2);
  EXPECT_EQ(report->events, 3);
  auto again = seed_demo_borders(f.ctx());
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->skipped);
  // The hand-over waits for 林草.
  store::TransferQuery q;
  auto transfers = CaseService(f.ctx()).transfers(cli_call_context(), q);
  ASSERT_TRUE(transfers);
  bool to_lc = false;
  for (const auto& t : transfers->items)
    to_lc = to_lc || (t.transfer.to_department_code == "LC" && t.transfer.state == "requested");
  EXPECT_TRUE(to_lc);
  auto events = IntakeService(f.ctx()).events(cli_call_context(), std::nullopt, 20, 0);
  ASSERT_TRUE(events);
  EXPECT_EQ(events->total, 3);
}

}  // namespace
}  // namespace qf::service
