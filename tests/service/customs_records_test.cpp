// The customs records on both backends: the stored risk assessments listed
// with their filters (period, level, recommendation, parties, HS code, free
// text) under the row-level rule, and read one by one (404 for what one may
// not see); seizures with an optional map point, validated, that the
// statistics map then places.
#include <gtest/gtest.h>

#include "core/clock.h"
#include "service/customs_service.h"
#include "service/statistics_series.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using testing::ServiceFixture;

CustomsDeclaration declaration(const std::string& no, const std::string& hs,
                               const std::string& description, const std::string& origin,
                               const std::string& consignor, const std::string& consignee) {
  CustomsDeclaration d;
  d.declaration_no = no;
  d.kind = "postal";
  d.hs_code = hs;
  d.description = description;
  d.origin_country = origin;
  d.consignor = consignor;
  d.consignee = consignee;
  d.declared_value_fen = 20000;
  d.weight_kg = 0.4;
  return d;
}

class CustomsRecordsTest : public ::testing::Test {
 protected:
  CustomsRecordsTest()
      : office(f.make_user("office1", Role::kOffice, "OFFICE")),
        hg_officer(f.make_user("hg-officer", Role::kOfficer, "HG")),
        ga_officer(f.make_user("ga-officer", Role::kOfficer, "GA")),
        inspector(f.make_user("inspector", Role::kInspector, "ZF")) {}

  store::CustomsAssessment assess(const store::User& by, const CustomsDeclaration& d) {
    auto a = CustomsService(f.ctx()).assess(f.as(by), d);
    EXPECT_TRUE(a) << (a ? "" : a.error().message);
    return a ? *a : store::CustomsAssessment{};
  }

  NewSeizure seizure() {
    NewSeizure z;
    z.reference_no = "ZW-1";
    z.seized_at = now_ms() - 3600000;
    z.discovery_place = "中卫邮件处理中心";
    z.species_text = "非洲象";
    z.product_type = "worked_ivory";
    z.quantity_pieces = 2;
    return z;
  }

  ServiceFixture f;
  store::User office, hg_officer, ga_officer, inspector;
};

TEST_F(CustomsRecordsTest, AssessmentsAreListedWithTheirFilters) {
  const auto high =
      assess(hg_officer, declaration("YJ-1", "9601", "象牙手镯", "NG", "Lagos Gift", "张某"));
  const auto low =
      assess(hg_officer, declaration("BG-1", "6117", "羊毛围巾", "MN", "UB Textile", "中卫商贸"));
  const auto by_office =
      assess(office, declaration("BG-2", "6117", "羊毛围巾", "MN", "UB Textile", "银川商贸"));
  ASSERT_EQ(high.level, "high");
  ASSERT_EQ(low.level, "low");
  CustomsService svc(f.ctx());
  auto count = [&](const store::User& u, store::AssessmentQuery q) -> std::int64_t {
    auto page = svc.assessments(f.as(u), std::move(q));
    EXPECT_TRUE(page) << (page ? "" : page.error().message);
    return page ? page->total : -1;
  };
  store::AssessmentQuery all;
  EXPECT_EQ(count(office, all), 3);
  EXPECT_EQ(count(inspector, all), 3);
  EXPECT_EQ(count(hg_officer, all), 2);  // 海关's own; the office's is the office's
  auto page = svc.assessments(f.as(office), all);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->items[0].id, by_office.id);  // newest first

  store::AssessmentQuery q;
  q.level = "high";
  EXPECT_EQ(count(office, q), 1);
  q = {};
  q.recommendation = "放行";
  EXPECT_EQ(count(office, q), 2);
  q = {};
  q.consignor = "lagos";  // part of the name, ASCII case ignored
  EXPECT_EQ(count(office, q), 1);
  q = {};
  q.consignee = "商贸";
  EXPECT_EQ(count(office, q), 2);
  q = {};
  q.hs_code = "96";
  EXPECT_EQ(count(office, q), 1);
  q = {};
  q.text = "围巾";
  EXPECT_EQ(count(office, q), 2);
  q = {};
  q.text = "YJ-1";
  EXPECT_EQ(count(office, q), 1);
  q = {};
  q.text = "100%";  // % is a character, not a wildcard
  EXPECT_EQ(count(office, q), 0);
  q = {};
  q.created_from = now_ms() + 3600000;
  EXPECT_EQ(count(office, q), 0);
  q = {};
  q.created_to = now_ms() + 3600000;
  EXPECT_EQ(count(office, q), 3);

  store::AssessmentQuery bad;
  bad.level = "severe";
  bad.hs_code = "96a";
  bad.recommendation = "扣留";
  auto refused = svc.assessments(f.as(office), bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(refused.error().fields.size(), 3u);

  // 公安 neither assesses nor reads assessments.
  auto police = svc.assessments(f.as(ga_officer), all);
  ASSERT_FALSE(police);
  EXPECT_EQ(police.error().code, ErrorCode::kForbidden);
}

TEST_F(CustomsRecordsTest, AnAssessmentIsReadUnderTheRowLevelRule) {
  const auto a =
      assess(hg_officer, declaration("YJ-1", "9601", "象牙手镯", "NG", "Lagos Gift", "张某"));
  const auto by_office =
      assess(office, declaration("BG-2", "6117", "羊毛围巾", "MN", "UB Textile", "银川商贸"));
  CustomsService svc(f.ctx());
  auto read = svc.assessment(f.as(hg_officer), a.id);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->reasons_json, a.reasons_json);
  EXPECT_EQ(read->score, a.score);
  EXPECT_TRUE(svc.assessment(f.as(office), a.id));
  EXPECT_TRUE(svc.assessment(f.as(inspector), a.id));
  EXPECT_EQ(svc.assessment(f.as(hg_officer), by_office.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(svc.assessment(f.as(ga_officer), a.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(svc.assessment(f.as(office), 999999).error().code, ErrorCode::kNotFound);
}

TEST_F(CustomsRecordsTest, ASeizureMayCarryAPointThatTheMapPlaces) {
  CustomsService svc(f.ctx());
  NewSeizure z = seizure();
  z.lon = 105.19;
  z.lat = 37.51;
  auto located = svc.record_seizure(f.as(hg_officer), z);
  ASSERT_TRUE(located) << located.error().message;
  EXPECT_EQ(located->lon, 105.19);
  EXPECT_EQ(located->lat, 37.51);
  auto read = svc.seizure(f.as(hg_officer), located->id);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->lat, 37.51);
  auto unlocated = svc.record_seizure(f.as(hg_officer), seizure());
  ASSERT_TRUE(unlocated) << unlocated.error().message;
  EXPECT_FALSE(unlocated->lon);

  NewSeizure half = seizure();
  half.lon = 105.19;
  auto refused = svc.record_seizure(f.as(hg_officer), half);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
  NewSeizure outside = seizure();
  outside.lon = 190;
  outside.lat = 95;
  auto out_of_range = svc.record_seizure(f.as(hg_officer), outside);
  ASSERT_FALSE(out_of_range);
  EXPECT_EQ(out_of_range.error().fields.size(), 2u);

  MapRequest m;
  m.period.from = now_ms() - 86'400'000LL;
  m.period.to = now_ms() + 86'400'000LL;
  m.kinds = {"seizures"};
  auto map = StatisticsSeriesService(f.ctx()).map(f.as(office), m);
  ASSERT_TRUE(map) << map.error().message;
  ASSERT_EQ(map->features.size(), 1u);
  EXPECT_EQ(map->features[0].id, located->id);
  EXPECT_EQ(map->features[0].link, "/seizures/" + std::to_string(located->id));
  EXPECT_EQ(map->features[0].detail, "象牙制品");
  ASSERT_EQ(map->counts.size(), 1u);
  EXPECT_EQ(map->counts[0].located, 1);
  EXPECT_EQ(map->counts[0].unlocated, 1);
  EXPECT_TRUE(map->not_located.empty());
  // The row-level rule: 公安 sees no 海关 seizure on the map.
  auto police = StatisticsSeriesService(f.ctx()).map(f.as(ga_officer), m);
  ASSERT_TRUE(police) << police.error().message;
  EXPECT_TRUE(police->features.empty());
}

}  // namespace
}  // namespace qf::service
