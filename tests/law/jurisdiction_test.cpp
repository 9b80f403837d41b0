// Section 六 of the plan (协调机制及职责分工) as a decision table.
#include "law/jurisdiction.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/case_vocabulary.h"

namespace qf::law {
namespace {

Jurisdiction decide(Habitat h, Behaviour b, std::string_view place, bool crime = false) {
  auto j = decide_jurisdiction(h, b, place, crime);
  EXPECT_TRUE(j) << (j ? "" : j.error().message);
  return j ? *j : Jurisdiction{};
}

using Codes = std::vector<std::string>;

TEST(JurisdictionTest, WildlifeDepartmentsLeadByHabitat) {
  auto j = decide(Habitat::kTerrestrial, Behaviour::kHunting, "protected_area");
  EXPECT_EQ(j.lead, "LC");
  EXPECT_TRUE(j.co.empty());
  EXPECT_EQ(decide(Habitat::kAquatic, Behaviour::kHunting, "").lead, "NY");
  EXPECT_EQ(decide(Habitat::kTerrestrial, Behaviour::kBreeding, "farm").lead, "LC");
  EXPECT_EQ(decide(Habitat::kAquatic, Behaviour::kBreeding, "farm").lead, "NY");
}

TEST(JurisdictionTest, FishingIsAgricultureWithTransportHelping) {
  auto j = decide(Habitat::kAquatic, Behaviour::kFishing, "no_fishing_water");
  EXPECT_EQ(j.lead, "NY");
  EXPECT_EQ(j.co, Codes{"JT"});  // 交通运输: 配合…查处非法捕捞
  // Fishing stays with 农业农村 even if the caller marks the species terrestrial.
  EXPECT_EQ(decide(Habitat::kTerrestrial, Behaviour::kFishing, "").lead, "NY");
}

TEST(JurisdictionTest, MarketsRestaurantsAndOnlineTradingAreMarketRegulation) {
  auto j = decide(Habitat::kTerrestrial, Behaviour::kSale, "market");
  EXPECT_EQ(j.lead, "SJ");
  EXPECT_EQ(j.co, Codes{"LC"});
  j = decide(Habitat::kAquatic, Behaviour::kEating, "restaurant");
  EXPECT_EQ(j.lead, "SJ");
  EXPECT_EQ(j.co, Codes{"NY"});
  j = decide(Habitat::kTerrestrial, Behaviour::kSale, "internet");
  EXPECT_EQ(j.lead, "SJ");
  EXPECT_EQ(j.co, (Codes{"LC", "WX"}));  // 网信: 网上相关内容清理
  EXPECT_EQ(j.reasons.size(), 3u);
}

TEST(JurisdictionTest, OnlineContentWithoutTradingBringsInCyberspace) {
  auto j = decide(Habitat::kTerrestrial, Behaviour::kHunting, "internet");
  EXPECT_EQ(j.lead, "LC");
  EXPECT_EQ(j.co, Codes{"WX"});
}

TEST(JurisdictionTest, TransportBringsInTransportAndPolice) {
  auto j = decide(Habitat::kTerrestrial, Behaviour::kTransport, "road_transport");
  EXPECT_EQ(j.lead, "LC");
  EXPECT_EQ(j.co, (Codes{"JT", "GA"}));
  // The place alone is enough.
  EXPECT_EQ(decide(Habitat::kAquatic, Behaviour::kSale, "road_transport").co, (Codes{"JT", "GA"}));
}

TEST(JurisdictionTest, ImportAndExportAreCustoms) {
  auto j = decide(Habitat::kTerrestrial, Behaviour::kSmuggling, "port_mail");
  EXPECT_EQ(j.lead, "HG");
  EXPECT_EQ(j.co, Codes{"LC"});
  j = decide(Habitat::kTerrestrial, Behaviour::kTransport, "port_mail");
  EXPECT_EQ(j.lead, "LC");
  EXPECT_NE(std::find(j.co.begin(), j.co.end(), "HG"), j.co.end());
}

TEST(JurisdictionTest, SuspectedCrimeBringsInThePolice) {
  auto j = decide(Habitat::kTerrestrial, Behaviour::kHunting, "protected_area", true);
  EXPECT_EQ(j.lead, "LC");
  EXPECT_EQ(j.co, Codes{"GA"});
  // Never listed twice.
  j = decide(Habitat::kTerrestrial, Behaviour::kTransport, "road_transport", true);
  EXPECT_EQ(std::count(j.co.begin(), j.co.end(), "GA"), 1);
}

TEST(JurisdictionTest, EveryPlaceAndBehaviourHasALead) {
  for (const auto& place : place_types())
    for (auto b : all_behaviours())
      for (auto h : {Habitat::kTerrestrial, Habitat::kAquatic}) {
        auto j = decide(h, b, place.code);
        EXPECT_FALSE(j.lead.empty());
        EXPECT_EQ(std::count(j.co.begin(), j.co.end(), j.lead), 0);
      }
}

TEST(JurisdictionTest, UnknownPlaceIsRefused) {
  auto j = decide_jurisdiction(Habitat::kTerrestrial, Behaviour::kHunting, "moon");
  ASSERT_FALSE(j);
  EXPECT_EQ(j.error().fields.at(0).field, "place_type");
}

}  // namespace
}  // namespace qf::law
