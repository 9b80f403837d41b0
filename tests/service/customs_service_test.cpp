// CustomsService on both backends: a risky declaration (象牙手镯, HS 9601,
// from a listed origin) scores high with its reasons and a plain one low;
// party history and value anomalies add their points; the rules are
// versioned, validated per field and audited; seizures keep their ETIS
// trade chain under the row-level rule; only 海关 and the office assess.
#include "service/customs_service.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using testing::count_rows;
using testing::ServiceFixture;

const nlohmann::json* reason(const store::CustomsAssessment& a, const std::string& rule) {
  static nlohmann::json reasons;
  reasons = nlohmann::json::parse(a.reasons_json);
  for (const auto& r : reasons)
    if (r["rule"] == rule) return &r;
  return nullptr;
}

CustomsDeclaration ivory() {
  CustomsDeclaration d;
  d.declaration_no = "YJ-1";
  d.kind = "postal";
  d.hs_code = "9601";
  d.description = "象牙手镯";
  d.origin_country = "NG";
  d.consignor = "Lagos Gift";
  d.consignee = "张某";
  d.declared_value_fen = 20000;
  d.weight_kg = 0.4;
  return d;
}

CustomsDeclaration scarves() {
  CustomsDeclaration d;
  d.declaration_no = "BG-1";
  d.kind = "cargo";
  d.hs_code = "6117";
  d.description = "羊毛围巾";
  d.origin_country = "MN";
  d.consignor = "UB Textile";
  d.consignee = "中卫商贸";
  d.declared_value_fen = 1200000;
  d.weight_kg = 80;
  return d;
}

class CustomsServiceTest : public ::testing::Test {
 protected:
  CustomsServiceTest()
      : office(f.make_user("office1", Role::kOffice, "OFFICE")),
        hg_officer(f.make_user("hg-officer", Role::kOfficer, "HG")),
        hg_leader(f.make_user("hg-leader", Role::kLeader, "HG")),
        ga_officer(f.make_user("ga-officer", Role::kOfficer, "GA")),
        lc_officer(f.make_user("lc-officer", Role::kOfficer, "LC")) {}

  store::CustomsAssessment assess(const CustomsDeclaration& d) {
    auto a = CustomsService(f.ctx()).assess(f.as(hg_officer), d);
    EXPECT_TRUE(a) << (a ? "" : a.error().message);
    return a ? *a : store::CustomsAssessment{};
  }

  ServiceFixture f;
  store::User office, hg_officer, hg_leader, ga_officer, lc_officer;
};

TEST_F(CustomsServiceTest, IvoryFromListedOriginScoresHighWithReasons) {
  auto a = assess(ivory());
  EXPECT_EQ(a.level, "high");
  EXPECT_EQ(a.recommendation, "重点查验");
  EXPECT_GE(a.score, 60);
  EXPECT_EQ(a.rules_version, 1);
  const auto* origin = reason(a, "origin_country");
  ASSERT_NE(origin, nullptr) << a.reasons_json;
  EXPECT_GT((*origin)["points"].get<int>(), 0);
  EXPECT_NE((*origin)["reason"].get<std::string>().find("尼日利亚"), std::string::npos);
  ASSERT_NE(reason(a, "hs_code"), nullptr) << a.reasons_json;
  const auto* description = reason(a, "description");
  ASSERT_NE(description, nullptr) << a.reasons_json << a.scan_json;
  auto scan = nlohmann::json::parse(a.scan_json);
  EXPECT_FALSE(scan["species"].empty()) << a.scan_json;
  // The points add up to the score.
  int sum = 0;
  for (const auto& r : nlohmann::json::parse(a.reasons_json)) sum += r["points"].get<int>();
  EXPECT_EQ(a.score, std::min(sum, 100));
  // Stored and audited.
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM customs_assessments"), 1);
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'customs.assess'"),
            1);
}

TEST_F(CustomsServiceTest, PlainDeclarationScoresLow) {
  auto a = assess(scarves());
  EXPECT_EQ(a.level, "low");
  EXPECT_EQ(a.recommendation, "放行");
  EXPECT_EQ(a.score, 0);
  EXPECT_EQ(nlohmann::json::parse(a.reasons_json).size(), 0u) << a.reasons_json;
}

TEST_F(CustomsServiceTest, TransitAndPartyHistoryAndValueAddPoints) {
  // A seizure marks its consignee for later declarations.
  NewSeizure z;
  z.seized_at = now_ms() - 86400000;
  z.species_text = "穿山甲";
  z.product_type = "scales";
  z.weight_kg = 3.2;
  z.consignee = "  Ningxia  Herbs Co ";
  auto seized = CustomsService(f.ctx()).record_seizure(f.as(hg_officer), z);
  ASSERT_TRUE(seized) << seized.error().message;

  CustomsDeclaration d = scarves();
  d.transit_countries = {"MY", "SG"};
  d.consignee = "ningxia herbs co";
  auto a = assess(d);
  const auto* party = reason(a, "consignee");
  ASSERT_NE(party, nullptr) << a.reasons_json;
  EXPECT_EQ((*party)["points"], 30);
  ASSERT_NE(reason(a, "transit_country"), nullptr) << a.reasons_json;

  // Five furskin declarations near 1000 元/kg; the sixth at 10 元/kg is an anomaly.
  for (int i = 0; i < 5; ++i) {
    CustomsDeclaration fur = scarves();
    fur.hs_code = "4302";
    fur.description = "已鞣毛皮";
    fur.declared_value_fen = 100000 * (10 + i);
    fur.weight_kg = 10;
    assess(fur);
  }
  CustomsDeclaration cheap = scarves();
  cheap.hs_code = "430219";
  cheap.description = "已鞣毛皮";
  cheap.declared_value_fen = 10000;
  cheap.weight_kg = 10;
  auto low_value = assess(cheap);
  ASSERT_NE(reason(low_value, "value"), nullptr) << low_value.reasons_json;
  CustomsDeclaration zero = scarves();
  zero.declared_value_fen = 0;
  ASSERT_NE(reason(assess(zero), "value"), nullptr);
}

TEST_F(CustomsServiceTest, OnlyCustomsAndOfficeAssess) {
  auto refused = CustomsService(f.ctx()).assess(f.as(ga_officer), ivory());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
  EXPECT_TRUE(CustomsService(f.ctx()).assess(f.as(office), ivory()));
  CustomsDeclaration bad = ivory();
  bad.kind = "ship";
  bad.origin_country = "nigeria";
  bad.hs_code = "96x1";
  auto invalid_input = CustomsService(f.ctx()).assess(f.as(hg_officer), bad);
  ASSERT_FALSE(invalid_input);
  EXPECT_EQ(invalid_input.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(invalid_input.error().fields.size(), 3u);
}

TEST_F(CustomsServiceTest, RulesAreVersionedValidatedAndAudited) {
  CustomsService svc(f.ctx());
  auto current = svc.rules(f.as(hg_officer));
  ASSERT_TRUE(current);
  EXPECT_EQ(current->version, 1);
  EXPECT_TRUE(current->builtin);
  EXPECT_FALSE(current->rules.countries.empty());
  for (const auto& c : current->rules.countries) EXPECT_FALSE(c.source.empty()) << c.code;
  for (const auto& h : current->rules.hs_codes) EXPECT_FALSE(h.reason.empty()) << h.prefix;

  nlohmann::json doc = customs_rules_json(current->rules);
  nlohmann::json countries = nlohmann::json::array();
  for (const auto& c : doc["countries"])
    if (c["code"] != "NG") countries.push_back(c);
  doc["countries"] = countries;

  auto by_officer = svc.update_rules(f.as(hg_officer), doc, "去掉尼日利亚", 1);
  ASSERT_FALSE(by_officer);
  EXPECT_EQ(by_officer.error().code, ErrorCode::kForbidden);
  auto stale = svc.update_rules(f.as(hg_leader), doc, "去掉尼日利亚", 2);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kPreconditionFailed);
  nlohmann::json broken = doc;
  broken["countries"][0]["code"] = "nga";
  broken["levels"]["medium"] = 90;
  broken["extra"] = 1;
  auto invalid_rules = svc.update_rules(f.as(hg_leader), broken, "", 1);
  ASSERT_FALSE(invalid_rules);
  EXPECT_EQ(invalid_rules.error().code, ErrorCode::kInvalidInput);
  std::set<std::string> fields;
  for (const auto& e : invalid_rules.error().fields) fields.insert(e.field);
  EXPECT_TRUE(fields.count("rules/countries/0/code"));
  EXPECT_TRUE(fields.count("rules/levels/medium"));
  EXPECT_TRUE(fields.count("rules/extra"));

  auto updated = svc.update_rules(f.as(hg_leader), doc, "去掉尼日利亚", 1);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->version, 2);
  EXPECT_FALSE(updated->builtin);
  auto reread = svc.rules(f.as(office));
  ASSERT_TRUE(reread);
  EXPECT_EQ(reread->version, 2);
  EXPECT_EQ(reread->note, "去掉尼日利亚");
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'customs.rules'"), 1);
  auto a = assess(ivory());
  EXPECT_EQ(a.rules_version, 2);
  EXPECT_EQ(reason(a, "origin_country"), nullptr) << a.reasons_json;
}

TEST_F(CustomsServiceTest, SeizuresKeepTheTradeChainUnderTheRowLevelRule) {
  auto a = assess(ivory());
  NewSeizure z;
  z.reference_no = "ZW-1";
  z.seized_at = now_ms() - 3600000;
  z.discovery_place = "中卫邮件处理中心";
  z.species_text = "非洲象";
  z.product_type = "worked_ivory";
  z.quantity_pieces = 2;
  z.weight_kg = 0.38;
  z.origins = {{"NG", 70.0}, {"CM", 30.0}};
  z.export_country = "NG";
  z.transit = {{"ET", true}, {"AE", false}};
  z.destination_country = "CN";
  z.assessment_id = a.id;
  CustomsService svc(f.ctx());
  auto stored = svc.record_seizure(f.as(hg_officer), z);
  ASSERT_TRUE(stored) << stored.error().message;
  auto chain = nlohmann::json::parse(stored->transit_json);
  EXPECT_EQ(chain[0]["country"], "ET");
  EXPECT_EQ(chain[0]["chain_of_custody"], true);
  EXPECT_EQ(nlohmann::json::parse(stored->origins_json)[1]["share_pct"], 30.0);
  EXPECT_EQ(stored->owner_department_code, "HG");

  auto hidden = svc.seizure(f.as(lc_officer), stored->id);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code, ErrorCode::kNotFound);
  auto lc_list = svc.seizures(f.as(lc_officer), 20, 0);
  ASSERT_TRUE(lc_list);
  EXPECT_EQ(lc_list->total, 0);
  auto office_list = svc.seizures(f.as(office), 20, 0);
  ASSERT_TRUE(office_list);
  EXPECT_EQ(office_list->total, 1);

  NewSeizure over = z;
  over.origins = {{"NG", 70.0}, {"CM", 40.0}};
  over.assessment_id = 999999;
  auto refused = svc.record_seizure(f.as(hg_officer), over);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
  auto by_police = svc.record_seizure(f.as(ga_officer), z);
  ASSERT_FALSE(by_police);
  EXPECT_EQ(by_police.error().code, ErrorCode::kForbidden);
}

}  // namespace
}  // namespace qf::service
