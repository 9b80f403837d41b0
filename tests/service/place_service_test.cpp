// PlaceService on both backends: registering places with the permissions of
// the plan's duties (交通运输 may not), shops in markets, breeding licences
// with species resolved in the catalog, 取缔 with its basis and audit row,
// the list filters, optimistic versions, and the CSV import — all or
// nothing, a dry run leaving nothing behind.
#include "service/place_service.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using testing::count_rows;
using testing::ServiceFixture;

constexpr std::int64_t kDay = 86'400'000LL;

PlaceInput place(const std::string& type, const std::string& name) {
  PlaceInput p;
  p.place_type = type;
  p.name = name;
  p.address = "沙坡头区滨河镇" + name;
  p.township = "滨河镇";
  p.lon = 105.19;
  p.lat = 37.51;
  return p;
}

PlaceInput deer_farm(std::int64_t valid_to) {
  PlaceInput p = place("breeding_farm", "宣和梅花鹿养殖场");
  p.township = "宣和镇";
  p.licences =
      std::vector<LicenceInput>{{"宁林繁字〔2024〕第017号",
                                 "宁夏回族自治区林业和草原局",
                                 valid_to - 1000 * kDay,
                                 valid_to,
                                 {{"梅花鹿", std::nullopt, 20}, {"马鹿", std::nullopt, 5}}}};
  return p;
}

class PlaceServiceTest : public ::testing::Test {
 protected:
  PlaceServiceTest()
      : office(f.make_user("office1", Role::kOffice, "OFFICE")),
        sj_officer(f.make_user("sj-officer", Role::kOfficer, "SJ")),
        lc_officer(f.make_user("lc-officer", Role::kOfficer, "LC")),
        jt_officer(f.make_user("jt-officer", Role::kOfficer, "JT")),
        ranger(f.make_user("ranger", Role::kRanger, "LC")),
        admin(f.make_user("admin1", Role::kAdmin, "OFFICE")) {}

  ServiceFixture f;
  store::User office, sj_officer, lc_officer, jt_officer, ranger, admin;
};

TEST_F(PlaceServiceTest, DutiesDecideWhoRegistersAndStaffRead) {
  PlaceService svc(f.ctx());
  auto denied = svc.create(f.as(jt_officer), place("restaurant", "黄河宴宾馆"));
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::kForbidden);
  EXPECT_FALSE(svc.create(f.as(ranger), place("restaurant", "黄河宴宾馆")));
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM places"), 0);

  auto created = svc.create(f.as(sj_officer), place("restaurant", "黄河宴宾馆"));
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->owner_department_code, "SJ");
  EXPECT_EQ(created->status, "active");
  EXPECT_EQ(created->version, 1);
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'place.create'"), 1);

  // Every staff member reads the registry; the administrator does not.
  EXPECT_TRUE(svc.get(f.as(jt_officer), created->id));
  EXPECT_TRUE(svc.get(f.as(ranger), created->id));
  EXPECT_EQ(svc.get(f.as(admin), created->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(svc.get(f.as(jt_officer), created->id + 100).error().code, ErrorCode::kNotFound);

  // Only the office registers for another department.
  PlaceInput other = place("tool_shop", "东园渔具店");
  other.owner_department_code = "LC";
  EXPECT_EQ(svc.create(f.as(sj_officer), other).error().code, ErrorCode::kForbidden);
  auto by_office = svc.create(f.as(office), other);
  ASSERT_TRUE(by_office) << by_office.error().message;
  EXPECT_EQ(by_office->owner_department_code, "LC");
}

TEST_F(PlaceServiceTest, ShopsLieInMarketsAndInputIsChecked) {
  PlaceService svc(f.ctx());
  auto market = svc.create(f.as(sj_officer), place("flower_bird_market", "鼓楼花鸟市场"));
  ASSERT_TRUE(market) << market.error().message;
  auto hotel = svc.create(f.as(sj_officer), place("restaurant", "黄河宴宾馆"));
  ASSERT_TRUE(hotel);

  auto orphan = svc.create(f.as(sj_officer), place("market_shop", "老马鸟店"));
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().fields.at(0).field, "parent_id");
  PlaceInput in_hotel = place("market_shop", "老马鸟店");
  in_hotel.parent_id = hotel->id;
  EXPECT_EQ(svc.create(f.as(sj_officer), in_hotel).error().code, ErrorCode::kInvalidInput);
  PlaceInput shop = place("market_shop", "老马鸟店");
  shop.parent_id = market->id;
  auto created = svc.create(f.as(sj_officer), shop);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->parent_name, "鼓楼花鸟市场");

  PlaceInput bad = place("zoo", "");
  bad.lat.reset();
  auto refused = svc.create(f.as(sj_officer), bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
  EXPECT_GE(refused.error().fields.size(), 3u);  // type, name, lat
  // Licences belong to breeding farms only.
  PlaceInput licensed_hotel = deer_farm(now_ms() + 100 * kDay);
  licensed_hotel.place_type = "restaurant";
  EXPECT_EQ(svc.create(f.as(lc_officer), licensed_hotel).error().code, ErrorCode::kInvalidInput);
}

TEST_F(PlaceServiceTest, LicencesResolveSpeciesAndReportTheirState) {
  f.load_species_catalog();
  PlaceService svc(f.ctx());
  const std::int64_t now = now_ms();
  auto farm = svc.create(f.as(lc_officer), deer_farm(now + 10 * kDay));
  ASSERT_TRUE(farm) << farm.error().message;
  ASSERT_EQ(farm->licences.size(), 1u);
  ASSERT_EQ(farm->licences[0].species.size(), 2u);
  EXPECT_TRUE(farm->licences[0].species[0].species_id.has_value());
  EXPECT_EQ(farm->licences[0].species[0].quantity, 20);
  auto j = to_json(*farm, now);
  EXPECT_EQ(j["licence_state"], "expiring");
  EXPECT_EQ(j["licences"][0]["state"], "expiring");
  EXPECT_EQ(to_json(*farm, now + 20 * kDay)["licence_state"], "expired");

  // Filter: licences ending before a date (expired ones too).
  auto other = svc.create(f.as(lc_officer), deer_farm(now + 400 * kDay));
  ASSERT_TRUE(other);
  PlaceListFilters soon;
  soon.licence_expiring_before = now + 30 * kDay;
  auto page = svc.list(f.as(jt_officer), soon, 20, 0);
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->total, 1);
  EXPECT_EQ(page->items[0].id, farm->id);
}

TEST_F(PlaceServiceTest, ListFiltersByTypeTownshipStatusAndText) {
  PlaceService svc(f.ctx());
  ASSERT_TRUE(svc.create(f.as(sj_officer), place("farmers_market", "滨河农贸市场")));
  PlaceInput hotel = place("restaurant", "黄河宴宾馆");
  hotel.township = "迎水桥镇";
  ASSERT_TRUE(svc.create(f.as(sj_officer), hotel));
  ASSERT_TRUE(svc.create(f.as(sj_officer), place("restaurant", "香山农家乐")));

  PlaceListFilters by_type;
  by_type.place_type = "restaurant";
  EXPECT_EQ(svc.list(f.as(lc_officer), by_type, 20, 0)->total, 2);
  PlaceListFilters by_township;
  by_township.township = "迎水桥镇";
  EXPECT_EQ(svc.list(f.as(lc_officer), by_township, 20, 0)->total, 1);
  PlaceListFilters by_text;
  by_text.text = "农";
  EXPECT_EQ(svc.list(f.as(lc_officer), by_text, 20, 0)->total, 2);
  by_text.text = "100%";  // literal, not a wildcard
  EXPECT_EQ(svc.list(f.as(lc_officer), by_text, 20, 0)->total, 0);
  PlaceListFilters bad;
  bad.status = "gone";
  EXPECT_EQ(svc.list(f.as(lc_officer), bad, 20, 0).error().code, ErrorCode::kInvalidInput);
  auto paged = svc.list(f.as(lc_officer), {}, 2, 2);
  ASSERT_TRUE(paged);
  EXPECT_EQ(paged->total, 3);
  EXPECT_EQ(paged->items.size(), 1u);
}

TEST_F(PlaceServiceTest, ClosingNeedsABasisAndIsAudited) {
  PlaceService svc(f.ctx());
  auto workshop = svc.create(f.as(sj_officer), place("processing_plant", "镇罗地笼网作坊"));
  ASSERT_TRUE(workshop);
  PlaceInput close;
  close.status = "closed";
  auto no_basis = svc.update(f.as(sj_officer), workshop->id, close, 1);
  ASSERT_FALSE(no_basis);
  EXPECT_EQ(no_basis.error().fields.at(0).field, "closure_basis");
  EXPECT_EQ(svc.update(f.as(jt_officer), workshop->id, close, 1).error().code,
            ErrorCode::kForbidden);

  close.closure_basis = "取缔决定书 沙市监取字〔2026〕3号";
  auto closed = svc.update(f.as(sj_officer), workshop->id, close, 1);
  ASSERT_TRUE(closed) << closed.error().message;
  EXPECT_EQ(closed->status, "closed");
  EXPECT_GT(closed->closed_at, 0);
  EXPECT_EQ(closed->version, 2);
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'place.close'"), 1);

  // A stale version is refused; nothing changes.
  PlaceInput rename;
  rename.name = "改名";
  EXPECT_EQ(svc.update(f.as(sj_officer), workshop->id, rename, 1).error().code,
            ErrorCode::kPreconditionFailed);
  EXPECT_EQ(svc.get(f.as(sj_officer), workshop->id)->name, "镇罗地笼网作坊");
}

TEST_F(PlaceServiceTest, CsvImportIsAllOrNothingAndADryRunChangesNothing) {
  PlaceService svc(f.ctx());
  const std::string good =
      "场所类型,name,parent,address,township,lon,lat,licence_no,licence_valid_to,licensed_species\n"
      "农贸市场,滨河农贸市场,,应理南街18号,滨河镇,105.19,37.51,,,\n"
      "market_shop,张记干货,滨河农贸市场,B区3号,滨河镇,,,,,\n"
      "breeding_farm,宣和梅花鹿养殖场,,宣和村,宣和镇,,,宁林繁字〔2024〕第017号,2027-02-28,"
      "梅花鹿:20;马鹿：5\n";
  const auto audit_before = count_rows(f.db(), "SELECT COUNT(*) FROM audit_log");
  auto dry = svc.import_csv(f.as(sj_officer), good, true);
  ASSERT_TRUE(dry) << dry.error().message;
  EXPECT_TRUE(dry->ok()) << (dry->problems.empty() ? "" : describe(dry->problems[0]));
  EXPECT_EQ(dry->rows, 3);
  EXPECT_TRUE(dry->created.empty());
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM places"), 0);
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM breeding_licences"), 0);
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM audit_log"), audit_before);

  // One bad row: every problem reported, nothing imported.
  const std::string bad = good + "zoo,,,,,,,,,\nrestaurant,老店,,,,abc,37.5,,,\n";
  auto refused = svc.import_csv(f.as(sj_officer), bad, false);
  ASSERT_TRUE(refused);
  EXPECT_FALSE(refused->ok());
  EXPECT_GE(refused->problems.size(), 3u);
  EXPECT_EQ(refused->problems[0].row, 5);
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM places"), 0);

  // A shop in an unknown market is found while importing: still nothing.
  auto unknown_parent = svc.import_csv(
      f.as(sj_officer), "place_type,name,parent\nfarmers_market,甲市场,\nmarket_shop,乙店,丙市场\n",
      false);
  ASSERT_TRUE(unknown_parent);
  ASSERT_FALSE(unknown_parent->ok());
  EXPECT_EQ(unknown_parent->problems[0].row, 3);
  EXPECT_EQ(unknown_parent->problems[0].column, "parent");
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM places"), 0);

  EXPECT_EQ(svc.import_csv(f.as(jt_officer), good, true).error().code, ErrorCode::kForbidden);

  auto imported = svc.import_csv(f.as(sj_officer), good, false);
  ASSERT_TRUE(imported);
  ASSERT_TRUE(imported->ok()) << describe(imported->problems[0]);
  ASSERT_EQ(imported->created.size(), 3u);
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM places"), 3);
  auto shop = svc.get(f.as(sj_officer), imported->created[1].id);
  ASSERT_TRUE(shop);
  EXPECT_EQ(shop->parent_id, imported->created[0].id);
  auto farm = svc.get(f.as(sj_officer), imported->created[2].id);
  ASSERT_TRUE(farm);
  ASSERT_EQ(farm->licences.size(), 1u);
  ASSERT_EQ(farm->licences[0].species.size(), 2u);
  EXPECT_EQ(farm->licences[0].species[1].species_text, "马鹿");
  EXPECT_EQ(farm->licences[0].species[1].quantity, 5);
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'place.import'"), 1);
}

}  // namespace
}  // namespace qf::service
