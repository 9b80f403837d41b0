// InspectionService on both backends: joint groups need two departments; a
// farm holding more deer than its licence allows is flagged and becomes a
// case in one transaction (once); species on no valid licence and expired
// licences are flagged; an inspection is invisible to an unrelated
// department; checklists are the office's and versioned; rectification
// orders, their recheck and the overdue filter; the demo data.
#include "service/inspection_service.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "service/demo_places.h"
#include "service/demo_seeder.h"
#include "service/place_service.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using testing::count_rows;
using testing::ServiceFixture;

constexpr std::int64_t kDay = 86'400'000LL;

const store::InspectionFinding* finding(const store::Inspection& i, const std::string& kind) {
  for (const auto& f : i.findings)
    if (f.kind == kind) return &f;
  return nullptr;
}

class InspectionServiceTest : public ::testing::Test {
 protected:
  InspectionServiceTest()
      : office(f.make_user("office1", Role::kOffice, "OFFICE")),
        sj_officer(f.make_user("sj-officer", Role::kOfficer, "SJ")),
        lc_officer(f.make_user("lc-officer", Role::kOfficer, "LC")),
        lc_leader(f.make_user("lc-leader", Role::kLeader, "LC")),
        ga_officer(f.make_user("ga-officer", Role::kOfficer, "GA")),
        ny_officer(f.make_user("ny-officer", Role::kOfficer, "NY")),
        jt_officer(f.make_user("jt-officer", Role::kOfficer, "JT")),
        inspector(f.make_user("inspector", Role::kInspector, "ZF")) {}

  // A deer farm licensed for 20 梅花鹿 (valid) whose 环颈雉 licence expired.
  store::Place farm() {
    const std::int64_t now = now_ms();
    PlaceInput p;
    p.place_type = "breeding_farm";
    p.name = "宣和梅花鹿养殖场";
    p.address = "宣和镇宣和村";
    p.lon = 105.31;
    p.lat = 37.44;
    p.licences = std::vector<LicenceInput>{{"宁林繁字〔2024〕第017号",
                                            "林草局",
                                            now - 300 * kDay,
                                            now + 300 * kDay,
                                            {{"梅花鹿", std::nullopt, 20}}},
                                           {"中林繁字〔2021〕第009号",
                                            "林草局",
                                            now - 2000 * kDay,
                                            now - 30 * kDay,
                                            {{"环颈雉", std::nullopt, 500}}}};
    auto created = PlaceService(f.ctx()).create(f.as(lc_officer), p);
    EXPECT_TRUE(created) << (created ? "" : created.error().message);
    return created ? *created : store::Place{};
  }

  store::Place restaurant() {
    PlaceInput p;
    p.place_type = "restaurant";
    p.name = "黄河宴宾馆";
    auto created = PlaceService(f.ctx()).create(f.as(sj_officer), p);
    EXPECT_TRUE(created) << (created ? "" : created.error().message);
    return created ? *created : store::Place{};
  }

  store::InspectionGroup group() {
    GroupInput g;
    g.name = "联合检查一组";
    g.members = {{sj_officer.id, true}, {lc_officer.id, false}, {ga_officer.id, false}};
    auto created = InspectionService(f.ctx()).create_group(f.as(sj_officer), g);
    EXPECT_TRUE(created) << (created ? "" : created.error().message);
    return created ? *created : store::InspectionGroup{};
  }

  ServiceFixture f;
  store::User office, sj_officer, lc_officer, lc_leader, ga_officer, ny_officer, jt_officer,
      inspector;
};

TEST_F(InspectionServiceTest, AGroupIsJointOnlyWithTwoDepartments) {
  InspectionService svc(f.ctx());
  GroupInput alone;
  alone.name = "林草独组";
  alone.members = {{lc_officer.id, true}, {lc_leader.id, false}};
  auto refused = svc.create_group(f.as(lc_officer), alone);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
  GroupInput by_jt = alone;
  by_jt.members = {{jt_officer.id, true}, {lc_officer.id, false}};
  EXPECT_EQ(svc.create_group(f.as(jt_officer), by_jt).error().code, ErrorCode::kForbidden);

  auto g = group();
  EXPECT_EQ(g.lead_department_code, "SJ");
  EXPECT_EQ(g.members.size(), 3u);
  EXPECT_TRUE(g.members[0].leader);
  auto page = svc.list_groups(f.as(jt_officer), 20, 0);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 1);
}

TEST_F(InspectionServiceTest, AFarmOverItsLicenceIsFlaggedAndBecomesACaseInOneTransaction) {
  f.load_species_catalog();
  const auto p = farm();
  const auto g = group();
  InspectionService svc(f.ctx());
  InspectionInput in;
  in.place_id = p.id;
  in.group_id = g.id;
  in.inspected_at = now_ms() - 3600 * 1000;
  in.inspector_ids = {lc_officer.id, sj_officer.id};
  in.answers = {{"stock_matches", "fail", "清点 32 只"}, {"licence_valid", "pass", ""}};
  in.holdings = {
      {"梅花鹿", std::nullopt, 32}, {"环颈雉", std::nullopt, 40}, {"马鹿", std::nullopt, 0}};
  in.conclusion = "超许可繁育";
  auto i = svc.create(f.as(lc_officer), in);
  ASSERT_TRUE(i) << i.error().message;

  const auto* over = finding(*i, "over_licence");
  ASSERT_NE(over, nullptr);
  EXPECT_TRUE(over->automatic);
  EXPECT_EQ(over->counted, 32);
  EXPECT_EQ(over->licensed, 20);
  EXPECT_NE(over->note.find("超出 12 只"), std::string::npos) << over->note;
  const auto* unlicensed = finding(*i, "unlicensed_breeding");
  ASSERT_NE(unlicensed, nullptr);
  EXPECT_EQ(unlicensed->species_text, "环颈雉");
  EXPECT_NE(unlicensed->note.find("过期"), std::string::npos) << unlicensed->note;
  EXPECT_EQ(i->findings.size(), 2u);  // 马鹿 counted 0: nothing to flag
  auto j = to_json(*i, now_ms());
  bool expired_flag = false;
  for (const auto& flag : j["flags"]) expired_flag |= flag["kind"] == "licence_expired";
  EXPECT_TRUE(expired_flag) << j["flags"].dump();
  EXPECT_EQ(j["holdings"][0]["excess"], 12);
  EXPECT_EQ(j["answers"][0]["text"], "存栏数量与许可是否一致");
  EXPECT_TRUE(i->holdings[0].species_id.has_value());

  // Bad answers are refused as a whole.
  InspectionInput bad = in;
  bad.answers = {{"no_such_item", "fail", ""}, {"ledger", "maybe", ""}};
  EXPECT_EQ(svc.create(f.as(lc_officer), bad).error().fields.size(), 2u);

  // The case: in the same transaction, once.
  const auto cases_before = count_rows(f.db(), "SELECT COUNT(*) FROM cases");
  EXPECT_EQ(svc.open_case(f.as(jt_officer), i->id, {}).error().code, ErrorCode::kNotFound);
  auto c = svc.open_case(f.as(lc_officer), i->id, {});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->record.offence_type, "illegal_breeding");
  EXPECT_EQ(c->record.source, "market_inspection");
  EXPECT_EQ(c->record.place_type, "farm");
  EXPECT_NE(c->record.summary.find("宣和梅花鹿养殖场"), std::string::npos);
  EXPECT_NE(c->record.summary.find("超出 12 只"), std::string::npos);
  ASSERT_EQ(c->record.items.size(), 2u);
  EXPECT_EQ(c->record.items[0].species, "梅花鹿");
  EXPECT_EQ(c->record.items[0].count, 12);
  EXPECT_EQ(c->record.items[0].origin, "captive");
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM cases"), cases_before + 1);
  auto linked = svc.get(f.as(lc_officer), i->id);
  ASSERT_TRUE(linked);
  EXPECT_EQ(linked->case_id, c->record.id);
  auto again = svc.open_case(f.as(lc_officer), i->id, {});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM cases"), cases_before + 1);
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'inspection.case'"),
            1);

  // A case that cannot be created leaves the inspection unlinked.
  auto i2 = svc.create(f.as(lc_officer), in);
  ASSERT_TRUE(i2);
  InspectionCaseRequest wrong;
  wrong.offence_type = "not_an_offence";
  EXPECT_FALSE(svc.open_case(f.as(lc_officer), i2->id, wrong));
  EXPECT_FALSE(svc.get(f.as(lc_officer), i2->id)->case_id.has_value());
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM cases"), cases_before + 1);
}

TEST_F(InspectionServiceTest, AnInspectionIsSeenByItsDepartmentsOnly) {
  const auto p = restaurant();
  InspectionService svc(f.ctx());
  InspectionInput in;
  in.place_id = p.id;
  in.inspected_at = now_ms() - 1000;
  in.inspector_ids = {sj_officer.id, ga_officer.id};
  in.findings = {{"wild_game_menu", "菜单有野兔", {}}};
  auto i = svc.create(f.as(sj_officer), in);
  ASSERT_TRUE(i) << i.error().message;
  EXPECT_EQ(i->owner_department_code, "SJ");

  EXPECT_TRUE(svc.get(f.as(sj_officer), i->id));
  EXPECT_TRUE(svc.get(f.as(ga_officer), i->id));  // an inspector's department
  EXPECT_TRUE(svc.get(f.as(office), i->id));
  EXPECT_TRUE(svc.get(f.as(inspector), i->id));
  auto hidden = svc.get(f.as(ny_officer), i->id);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(svc.list(f.as(ny_officer), {}, 20, 0)->total, 0);
  EXPECT_EQ(svc.list(f.as(ga_officer), {}, 20, 0)->total, 1);
  InspectionListFilters by_kind;
  by_kind.finding_kind = "wild_game_menu";
  EXPECT_EQ(svc.list(f.as(office), by_kind, 20, 0)->total, 1);
  by_kind.finding_kind = "banned_tools";
  EXPECT_EQ(svc.list(f.as(office), by_kind, 20, 0)->total, 0);
  InspectionListFilters clean;
  clean.has_findings = false;
  EXPECT_EQ(svc.list(f.as(office), clean, 20, 0)->total, 0);
  // Orders follow their inspection.
  EXPECT_EQ(
      svc.order_rectification(f.as(ny_officer), i->id, {"撤下野味", now_ms() + kDay}).error().code,
      ErrorCode::kNotFound);
  EXPECT_EQ(svc.create(f.as(jt_officer), in).error().code, ErrorCode::kForbidden);
}

TEST_F(InspectionServiceTest, ChecklistsAreTheOfficesAndVersioned) {
  InspectionService svc(f.ctx());
  auto c = svc.checklist(f.as(jt_officer), "restaurant");
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->is_default);
  EXPECT_EQ(c->version, 0);
  EXPECT_EQ(c->items[0].text, "菜单是否有野味");
  EXPECT_EQ(svc.checklist(f.as(jt_officer), "zoo").error().code, ErrorCode::kNotFound);

  std::vector<ChecklistEntry> items = c->items;
  items.push_back({"cold_storage", "冷库中是否存放野生动物", "illegal_sale"});
  EXPECT_EQ(svc.put_checklist(f.as(sj_officer), "restaurant", items, 0).error().code,
            ErrorCode::kForbidden);
  auto v1 = svc.put_checklist(f.as(office), "restaurant", items, 0);
  ASSERT_TRUE(v1) << v1.error().message;
  EXPECT_EQ(v1->version, 1);
  EXPECT_FALSE(v1->is_default);
  EXPECT_EQ(svc.put_checklist(f.as(office), "restaurant", items, 0).error().code,
            ErrorCode::kPreconditionFailed);
  items.push_back({"cold_storage", "重复", ""});
  EXPECT_EQ(svc.put_checklist(f.as(office), "restaurant", items, 1).error().code,
            ErrorCode::kInvalidInput);

  // An inspection answers the version in force and keeps its text.
  const auto p = restaurant();
  InspectionInput in;
  in.place_id = p.id;
  in.inspected_at = now_ms() - 1000;
  in.answers = {{"cold_storage", "pass", ""}};
  auto i = svc.create(f.as(sj_officer), in);
  ASSERT_TRUE(i) << i.error().message;
  EXPECT_EQ(i->checklist_version, 1);
  EXPECT_NE(i->answers_json.find("冷库"), std::string::npos);
}

TEST_F(InspectionServiceTest, RectificationRecheckAndOverdueOrders) {
  const auto p = restaurant();
  InspectionService svc(f.ctx());
  InspectionInput in;
  in.place_id = p.id;
  in.inspected_at = now_ms() - 20 * kDay;
  in.findings = {{"wild_game_menu", "菜单有野兔", {}}};
  auto i = svc.create(f.as(sj_officer), in);
  ASSERT_TRUE(i);

  EXPECT_EQ(svc.order_rectification(f.as(sj_officer), i->id, {"", in.inspected_at - 1})
                .error()
                .fields.size(),
            2u);
  auto late =
      svc.order_rectification(f.as(sj_officer), i->id, {"撤下野味菜品", now_ms() - 5 * kDay});
  ASSERT_TRUE(late) << late.error().message;
  auto soon =
      svc.order_rectification(f.as(sj_officer), i->id, {"补齐进货台账", now_ms() + 5 * kDay});
  ASSERT_TRUE(soon);
  EXPECT_EQ(PlaceService(f.ctx()).get(f.as(sj_officer), p.id)->status, "rectifying");

  RectificationFilters overdue;
  overdue.overdue_only = true;
  auto listed = svc.list_rectifications(f.as(sj_officer), overdue, 20, 0);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->total, 1);
  EXPECT_EQ(listed->items[0].id, late->id);
  EXPECT_TRUE(to_json(listed->items[0], now_ms())["overdue"].get<bool>());
  EXPECT_EQ(svc.list_rectifications(f.as(ny_officer), {}, 20, 0)->total, 0);

  // Not done, with a new deadline: open again and no longer overdue.
  RecheckInput extend{"not_done", "仍有野味", now_ms() + 3 * kDay};
  auto extended = svc.recheck(f.as(sj_officer), late->id, extend);
  ASSERT_TRUE(extended) << extended.error().message;
  EXPECT_EQ(extended->state, "open");
  EXPECT_EQ(svc.list_rectifications(f.as(sj_officer), overdue, 20, 0)->total, 0);
  EXPECT_EQ(svc.recheck(f.as(ny_officer), late->id, {"done", "", std::nullopt}).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(svc.recheck(f.as(sj_officer), late->id, {"maybe", "", std::nullopt}).error().code,
            ErrorCode::kInvalidInput);

  auto done = svc.recheck(f.as(sj_officer), late->id, {"done", "已撤下", std::nullopt});
  ASSERT_TRUE(done);
  EXPECT_EQ(done->state, "done");
  EXPECT_GT(done->rechecked_at, 0);
  EXPECT_EQ(svc.recheck(f.as(sj_officer), late->id, {"done", "", std::nullopt}).error().code,
            ErrorCode::kConflict);
  // One order left: still rectifying; then none, and the place is active.
  EXPECT_EQ(PlaceService(f.ctx()).get(f.as(sj_officer), p.id)->status, "rectifying");
  ASSERT_TRUE(svc.recheck(f.as(sj_officer), soon->id, {"done", "台账已补", std::nullopt}));
  EXPECT_EQ(PlaceService(f.ctx()).get(f.as(sj_officer), p.id)->status, "active");
  EXPECT_EQ(
      count_rows(f.db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'rectification.recheck'"),
      3);
  auto detail = svc.get(f.as(sj_officer), i->id);
  ASSERT_TRUE(detail);
  EXPECT_EQ(detail->rectifications.size(), 2u);
}

TEST_F(InspectionServiceTest, DemoDataIsSeededOnceWithAFlaggedFarm) {
  ASSERT_TRUE(DemoSeeder(f.ctx()).seed(cli_call_context()));
  EXPECT_GE(count_rows(f.db(), "SELECT COUNT(*) FROM places WHERE demo = 1"), 9);
  EXPECT_EQ(count_rows(f.db(),
                       "SELECT COUNT(*) FROM inspection_findings WHERE kind = 'over_licence' AND "
                       "automatic = 1"),
            1);
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM places WHERE status = 'closed'"), 1);
  RectificationFilters overdue;
  overdue.overdue_only = true;
  auto listed = InspectionService(f.ctx()).list_rectifications(f.as(office), overdue, 20, 0);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->total, 1);
  auto again = seed_demo_places(f.ctx());
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->skipped);
}

}  // namespace
}  // namespace qf::service
