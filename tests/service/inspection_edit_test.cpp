// Correcting inspection groups and inspections after the fact, on both
// backends: only the fields given change, a stale version is refused, the
// recording department and the office may edit (a department the record is
// only shared with may not), findings a case was opened from stay, a closed
// case freezes the inspection, an order fixes the place, a farm's count is
// re-checked against its licence, and every change is audited with before
// and after.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "service/inspection_service.h"
#include "service/place_service.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using testing::count_rows;
using testing::ServiceFixture;

constexpr std::int64_t kDay = 86'400'000LL;

std::string last_audit(store::Database& db, const std::string& action, const char* column) {
  auto v = db.read([&](soci::session& s) -> Result<std::string> {
    std::string out;
    s << "SELECT " + std::string(column) + " FROM audit_log WHERE action = :a ORDER BY seq DESC " +
             "LIMIT 1",
        soci::use(action), soci::into(out);
    return out;
  });
  return v ? *v : "";
}

class InspectionEditTest : public ::testing::Test {
 protected:
  InspectionEditTest()
      : office(f.make_user("office1", Role::kOffice, "OFFICE")),
        sj_officer(f.make_user("sj-officer", Role::kOfficer, "SJ")),
        lc_officer(f.make_user("lc-officer", Role::kOfficer, "LC")),
        ga_officer(f.make_user("ga-officer", Role::kOfficer, "GA")),
        ny_officer(f.make_user("ny-officer", Role::kOfficer, "NY")),
        lc_ranger(f.make_user("lc-ranger", Role::kRanger, "LC")) {}

  store::Place place(const std::string& type, const std::string& name) {
    PlaceInput p;
    p.place_type = type;
    p.name = name;
    auto created = PlaceService(f.ctx()).create(f.as(sj_officer), p);
    EXPECT_TRUE(created) << (created ? "" : created.error().message);
    return created ? *created : store::Place{};
  }

  store::Place farm() {
    const std::int64_t now = now_ms();
    PlaceInput p;
    p.place_type = "breeding_farm";
    p.name = "宣和梅花鹿养殖场";
    p.licences = std::vector<LicenceInput>{{"宁林繁字〔2024〕第017号",
                                            "林草局",
                                            now - 300 * kDay,
                                            now + 300 * kDay,
                                            {{"梅花鹿", std::nullopt, 20}}}};
    auto created = PlaceService(f.ctx()).create(f.as(lc_officer), p);
    EXPECT_TRUE(created) << (created ? "" : created.error().message);
    return created ? *created : store::Place{};
  }

  store::InspectionGroup group() {
    GroupInput g;
    g.name = "联合检查一组";
    g.note = "第一季度";
    g.members = {{sj_officer.id, true}, {lc_officer.id, false}};
    auto created = InspectionService(f.ctx()).create_group(f.as(sj_officer), g);
    EXPECT_TRUE(created) << (created ? "" : created.error().message);
    return created ? *created : store::InspectionGroup{};
  }

  store::Inspection restaurant_inspection(const store::User& by, std::int64_t place_id) {
    InspectionInput in;
    in.place_id = place_id;
    in.inspected_at = now_ms() - 5 * 3600 * 1000;
    in.answers = {{"wild_game_menu", "fail", "菜单有“野味”"}};
    in.findings = {{"wild_game_menu", "菜单列有野兔", {}}, {"no_source_proof", "无票据", {}}};
    in.conclusion = "初查";
    auto i = InspectionService(f.ctx()).create(f.as(by), in);
    EXPECT_TRUE(i) << (i ? "" : i.error().message);
    return i ? *i : store::Inspection{};
  }

  ServiceFixture f;
  store::User office, sj_officer, lc_officer, ga_officer, ny_officer, lc_ranger;
};

TEST_F(InspectionEditTest, AGroupIsCorrectedByItsLeadDepartmentOrTheOffice) {
  InspectionService svc(f.ctx());
  const auto g = group();
  GroupChanges c;
  c.name = "联合检查第一组";
  c.note = "";  // cleared
  auto renamed = svc.update_group(f.as(sj_officer), g.id, c, g.version);
  ASSERT_TRUE(renamed) << renamed.error().message;
  EXPECT_EQ(renamed->name, "联合检查第一组");
  EXPECT_EQ(renamed->note, "");
  EXPECT_EQ(renamed->members.size(), 2u);  // not given: unchanged
  EXPECT_EQ(renamed->version, g.version + 1);

  // Stale version.
  EXPECT_EQ(svc.update_group(f.as(sj_officer), g.id, c, g.version).error().code,
            ErrorCode::kPreconditionFailed);
  // A member's department is not the lead; 交通运输 records no inspections.
  EXPECT_EQ(svc.update_group(f.as(lc_officer), g.id, c, renamed->version).error().code,
            ErrorCode::kForbidden);
  EXPECT_EQ(svc.update_group(f.as(lc_ranger), g.id, c, renamed->version).error().code,
            ErrorCode::kForbidden);
  EXPECT_EQ(svc.update_group(f.as(sj_officer), 9999, c, renamed->version).error().code,
            ErrorCode::kNotFound);

  // Members as on creation: still two departments.
  GroupChanges alone;
  alone.members = std::vector<GroupMemberInput>{{sj_officer.id, true}};
  EXPECT_EQ(svc.update_group(f.as(office), g.id, alone, renamed->version).error().code,
            ErrorCode::kInvalidInput);
  GroupChanges members;
  members.members = std::vector<GroupMemberInput>{
      {sj_officer.id, false}, {ny_officer.id, true}, {ga_officer.id, false}};
  members.lead_department_code = "NY";
  auto changed = svc.update_group(f.as(office), g.id, members, renamed->version);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(changed->lead_department_code, "NY");
  ASSERT_EQ(changed->members.size(), 3u);
  EXPECT_EQ(changed->members[0].user_id, ny_officer.id);  // the leader first
  EXPECT_EQ(count_rows(f.db(),
                       "SELECT COUNT(*) FROM audit_log WHERE action = "
                       "'inspection_group.update'"),
            2);
  auto before = nlohmann::json::parse(last_audit(f.db(), "inspection_group.update", "before_json"));
  auto after = nlohmann::json::parse(last_audit(f.db(), "inspection_group.update", "after_json"));
  EXPECT_EQ(before["lead_department_code"], "SJ");
  EXPECT_EQ(after["lead_department_code"], "NY");
  // Now NY leads: SJ may no longer edit it.
  EXPECT_EQ(svc.update_group(f.as(sj_officer), g.id, c, changed->version).error().code,
            ErrorCode::kForbidden);
}

TEST_F(InspectionEditTest, OnlyTheFieldsGivenChangeAndTheChangeIsAudited) {
  InspectionService svc(f.ctx());
  const auto p = place("restaurant", "黄河宴宾馆");
  const auto g = group();
  const auto i = restaurant_inspection(sj_officer, p.id);
  ASSERT_EQ(i.findings.size(), 2u);

  InspectionChanges c;
  c.conclusion = "责令整改";
  c.group_id = g.id;
  c.inspector_ids = std::vector<std::int64_t>{sj_officer.id, ga_officer.id};
  c.findings =
      std::vector<FindingEdit>{{i.findings[0].id, {"wild_game_menu", "菜单列有野兔、斑鸠", {}}},
                               {std::nullopt, {"illegal_sale", "后厨冷柜有斑鸠 3 只", {}}}};
  auto after = svc.update(f.as(sj_officer), i.id, c, i.version);
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ(after->conclusion, "责令整改");
  EXPECT_EQ(after->group_id, g.id);
  EXPECT_EQ(after->inspectors.size(), 2u);
  EXPECT_EQ(after->inspected_at, i.inspected_at);  // not given
  EXPECT_EQ(after->answers_json, i.answers_json);
  ASSERT_EQ(after->findings.size(), 2u);
  EXPECT_EQ(after->findings[0].id, i.findings[0].id);  // kept its id
  EXPECT_EQ(after->findings[0].note, "菜单列有野兔、斑鸠");
  EXPECT_EQ(after->findings[1].kind, "illegal_sale");
  EXPECT_EQ(after->version, i.version + 1);

  // GA joined as an inspector and LC through the group: both now see it.
  EXPECT_TRUE(svc.get(f.as(ga_officer), i.id));
  EXPECT_TRUE(svc.get(f.as(lc_officer), i.id));
  EXPECT_EQ(svc.get(f.as(ny_officer), i.id).error().code, ErrorCode::kNotFound);

  auto before_json = nlohmann::json::parse(last_audit(f.db(), "inspection.update", "before_json"));
  auto after_json = nlohmann::json::parse(last_audit(f.db(), "inspection.update", "after_json"));
  EXPECT_EQ(before_json["conclusion"], "初查");
  EXPECT_EQ(after_json["conclusion"], "责令整改");

  // Clearing: the conclusion emptied, the group left.
  InspectionChanges clear;
  clear.conclusion = "";
  clear.clear_group = true;
  auto cleared = svc.update(f.as(sj_officer), i.id, clear, after->version);
  ASSERT_TRUE(cleared) << cleared.error().message;
  EXPECT_EQ(cleared->conclusion, "");
  EXPECT_FALSE(cleared->group_id);
  // Shares given stay: LC still sees it.
  EXPECT_TRUE(svc.get(f.as(lc_officer), i.id));
}

TEST_F(InspectionEditTest, ValidationVersionAndWhoMayEdit) {
  InspectionService svc(f.ctx());
  const auto p = place("restaurant", "黄河宴宾馆");
  const auto i = restaurant_inspection(sj_officer, p.id);
  InspectionChanges c;
  c.conclusion = "改";
  EXPECT_EQ(svc.update(f.as(sj_officer), i.id, c, i.version + 1).error().code,
            ErrorCode::kPreconditionFailed);
  EXPECT_EQ(svc.update(f.as(ny_officer), i.id, c, i.version).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(svc.update(f.as(sj_officer), 99999, c, i.version).error().code, ErrorCode::kNotFound);

  // Shared with LC through an inspector: LC reads it but does not edit it.
  InspectionChanges add_lc;
  add_lc.inspector_ids = std::vector<std::int64_t>{sj_officer.id, lc_officer.id};
  auto shared = svc.update(f.as(sj_officer), i.id, add_lc, i.version);
  ASSERT_TRUE(shared) << shared.error().message;
  EXPECT_TRUE(svc.get(f.as(lc_officer), i.id));
  EXPECT_EQ(svc.update(f.as(lc_officer), i.id, c, shared->version).error().code,
            ErrorCode::kForbidden);
  // The office may.
  auto by_office = svc.update(f.as(office), i.id, c, shared->version);
  ASSERT_TRUE(by_office) << by_office.error().message;

  // The same checks as on creation.
  InspectionChanges bad;
  bad.inspected_at = now_ms() + 10 * kDay;
  bad.answers = std::vector<AnswerInput>{{"nope", "pass", ""}};
  bad.findings = std::vector<FindingEdit>{{std::nullopt, {"gossip", "", {}}}};
  auto refused = svc.update(f.as(sj_officer), i.id, bad, by_office->version);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
  std::set<std::string> fields;
  for (const auto& e : refused.error().fields) fields.insert(e.field);
  EXPECT_TRUE(fields.count("inspected_at"));
  EXPECT_TRUE(fields.count("findings/0/kind"));
  // Answers are checked against the checklist the inspection answered.
  InspectionChanges answers;
  answers.answers = std::vector<AnswerInput>{{"nope", "pass", ""}};
  EXPECT_EQ(svc.update(f.as(sj_officer), i.id, answers, by_office->version).error().code,
            ErrorCode::kInvalidInput);
  // A finding id of another inspection.
  InspectionChanges foreign;
  foreign.findings = std::vector<FindingEdit>{{123456, {"other", "", {}}}};
  EXPECT_EQ(svc.update(f.as(sj_officer), i.id, foreign, by_office->version).error().code,
            ErrorCode::kInvalidInput);
  // Another place only of the same type.
  const auto market = place("farmers_market", "中卫农贸市场");
  InspectionChanges move;
  move.place_id = market.id;
  EXPECT_EQ(svc.update(f.as(sj_officer), i.id, move, by_office->version).error().code,
            ErrorCode::kInvalidInput);
  const auto other = place("restaurant", "沙坡头饭店");
  move.place_id = other.id;
  auto moved = svc.update(f.as(sj_officer), i.id, move, by_office->version);
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_EQ(moved->place_name, "沙坡头饭店");
  // Nothing refused was written: one audit row per accepted change.
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'inspection.update'"),
            3);
}

TEST_F(InspectionEditTest, FindingsACaseWasOpenedFromStayAndAClosedCaseFreezesTheRecord) {
  InspectionService svc(f.ctx());
  const auto p = place("restaurant", "黄河宴宾馆");
  const auto i = restaurant_inspection(sj_officer, p.id);
  auto opened = svc.open_case(f.as(sj_officer), i.id, {});
  ASSERT_TRUE(opened) << opened.error().message;
  auto linked = svc.get(f.as(sj_officer), i.id);
  ASSERT_TRUE(linked);

  // Removing a finding, or changing its kind: 409.
  InspectionChanges drop;
  drop.findings = std::vector<FindingEdit>{{linked->findings[0].id, {"wild_game_menu", "", {}}}};
  auto refused = svc.update(f.as(sj_officer), i.id, drop, linked->version);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_NE(refused.error().message.find("案件"), std::string::npos);
  InspectionChanges rekind;
  rekind.findings = std::vector<FindingEdit>{{linked->findings[0].id, {"other", "", {}}},
                                             {linked->findings[1].id, {"no_source_proof", "", {}}}};
  EXPECT_EQ(svc.update(f.as(sj_officer), i.id, rekind, linked->version).error().code,
            ErrorCode::kConflict);
  // The time the case was made from is fixed.
  InspectionChanges time;
  time.inspected_at = linked->inspected_at - 3600 * 1000;
  EXPECT_EQ(svc.update(f.as(sj_officer), i.id, time, linked->version).error().code,
            ErrorCode::kConflict);

  // Notes may be completed and findings added.
  InspectionChanges add;
  add.findings = std::vector<FindingEdit>{
      {linked->findings[0].id, {"wild_game_menu", "菜单列有野兔（已拍照）", {}}},
      {linked->findings[1].id, {"no_source_proof", "无票据", {}}},
      {std::nullopt, {"illegal_sale", "冷柜有斑鸠", {}}}};
  auto added = svc.update(f.as(sj_officer), i.id, add, linked->version);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->findings.size(), 3u);
  EXPECT_EQ(added->case_id, linked->case_id);

  // The case closed: nothing changes any more.
  ASSERT_TRUE(f.db().transact([&](soci::session& s) -> Status {
    long long id = *added->case_id;
    s << "UPDATE cases SET state = 'closed' WHERE id = :id", soci::use(id);
    return {};
  }));
  InspectionChanges note;
  note.conclusion = "结案后补记";
  auto frozen = svc.update(f.as(office), i.id, note, added->version);
  ASSERT_FALSE(frozen);
  EXPECT_EQ(frozen.error().code, ErrorCode::kConflict);
  EXPECT_NE(frozen.error().message.find("已办结"), std::string::npos);
}

TEST_F(InspectionEditTest, AnOrderFixesThePlaceAndAFarmCountIsRechecked) {
  f.load_species_catalog();
  InspectionService svc(f.ctx());
  const auto p = farm();
  InspectionInput in;
  in.place_id = p.id;
  in.inspected_at = now_ms() - 3600 * 1000;
  in.holdings = {{"梅花鹿", std::nullopt, 18}};
  auto i = svc.create(f.as(lc_officer), in);
  ASSERT_TRUE(i) << i.error().message;
  EXPECT_TRUE(i->findings.empty());

  // Recounted: 32 deer, 20 licensed → an automatic over_licence finding.
  InspectionChanges recount;
  recount.holdings = std::vector<HoldingInput>{{"梅花鹿", std::nullopt, 32}};
  auto over = svc.update(f.as(lc_officer), i->id, recount, i->version);
  ASSERT_TRUE(over) << over.error().message;
  ASSERT_EQ(over->findings.size(), 1u);
  EXPECT_EQ(over->findings[0].kind, "over_licence");
  EXPECT_TRUE(over->findings[0].automatic);
  EXPECT_EQ(over->holdings[0].licensed, 20);
  // An automatic finding is not edited by hand.
  InspectionChanges by_hand;
  by_hand.findings = std::vector<FindingEdit>{{over->findings[0].id, {"other", "", {}}}};
  EXPECT_EQ(svc.update(f.as(lc_officer), i->id, by_hand, over->version).error().code,
            ErrorCode::kInvalidInput);
  // Manual findings replaced: the automatic one stays.
  InspectionChanges manual;
  manual.findings = std::vector<FindingEdit>{{std::nullopt, {"no_source_proof", "台账不全", {}}}};
  auto both = svc.update(f.as(lc_officer), i->id, manual, over->version);
  ASSERT_TRUE(both) << both.error().message;
  EXPECT_EQ(both->findings.size(), 2u);

  // An order issued: the place is fixed, the time stays before its deadline.
  RectificationInput order{"核减存栏", now_ms() + 10 * kDay};
  auto r = svc.order_rectification(f.as(lc_officer), i->id, order);
  ASSERT_TRUE(r) << r.error().message;
  auto current = svc.get(f.as(lc_officer), i->id);
  ASSERT_TRUE(current);
  PlaceInput other_farm;
  other_farm.place_type = "breeding_farm";
  other_farm.name = "另一养殖场";
  auto other = PlaceService(f.ctx()).create(f.as(lc_officer), other_farm);
  ASSERT_TRUE(other);
  InspectionChanges move;
  move.place_id = other->id;
  EXPECT_EQ(svc.update(f.as(lc_officer), i->id, move, current->version).error().code,
            ErrorCode::kConflict);
}

}  // namespace
}  // namespace qf::service
