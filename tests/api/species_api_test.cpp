// The species catalog and the legal engine over HTTP: search with total and
// paging, detail, the lists with their official totals, CSV imports and
// their refusals, and the assessment/offence answers by species name.
#include <gtest/gtest.h>

#include "core/embedded_files.h"
#include "law/value_rules.h"
#include "support/test_server.h"

namespace qf::api {
namespace {

using testing::TestServer;

const std::map<std::string, std::string> kCsv = {{"Content-Type", "text/csv; charset=utf-8"}};

class SpeciesApiTest : public ::testing::Test {
 protected:
  SpeciesApiTest() {
    auto& f = s.fixture();
    f.make_user("lc.officer", Role::kOfficer, "LC");
    f.make_user("admin", Role::kAdmin, "OFFICE");
    f.load_species_catalog();
  }
  TestServer s;
};

TEST_F(SpeciesApiTest, SearchFindsByTradeNameTaxonAndFiltersWithTotal) {
  auto c = s.client_as("lc.officer");
  auto r = c.get("/api/v1/species?q=%E8%B1%A1%E7%89%99");  // 象牙
  ASSERT_EQ(r.status, 200) << r.body;
  const auto ivory = r.json();
  ASSERT_GE(ivory["total"].get<int>(), 2);
  std::set<std::string> top = {ivory["items"][0]["chinese_name"], ivory["items"][1]["chinese_name"]};
  EXPECT_EQ(top, (std::set<std::string>{"非洲象", "亚洲象"}));
  EXPECT_EQ(ivory["items"][0]["matched_by"], "别名「象牙」");

  // Every owl, a page at a time; level and habitat filters.
  auto owls = c.get("/api/v1/species?q=%E9%B8%AE%E5%BD%A2%E7%9B%AE&page_size=5");  // 鸮形目
  ASSERT_EQ(owls.status, 200) << owls.body;
  const auto owl_page = owls.json();
  EXPECT_GT(owl_page["total"].get<int>(), 20);
  EXPECT_EQ(owl_page["items"].size(), 5u);
  auto aquatic = c.get("/api/v1/species?list=national2021&level=1&aquatic=true&page_size=200");
  ASSERT_EQ(aquatic.status, 200);
  const auto aquatic_page = aquatic.json();
  for (const auto& item : aquatic_page["items"]) {
    EXPECT_EQ(item["class"], "national_1");
    EXPECT_EQ(item["habitat"], "aquatic");
    EXPECT_EQ(item["department"], "NY");
  }
  EXPECT_EQ(c.get("/api/v1/species?level=3").status, 422);
  EXPECT_EQ(c.get("/api/v1/species?aquatic=yes").status, 422);
  EXPECT_EQ(s.client().get("/api/v1/species").status, 401);
}

TEST_F(SpeciesApiTest, DetailShowsAliasesCoveringTaxonAndNoInventedBaseValue) {
  auto c = s.client_as("lc.officer");
  auto found = c.get("/api/v1/species?q=Manis%20javanica");
  ASSERT_EQ(found.status, 200);
  const auto page = found.json();
  ASSERT_FALSE(page["items"].empty());
  const std::int64_t id = page["items"][0]["id"];
  auto detail = c.get("/api/v1/species/" + std::to_string(id));
  ASSERT_EQ(detail.status, 200) << detail.body;
  const auto d = detail.json();
  EXPECT_EQ(d["chinese_name"], "马来穿山甲");
  EXPECT_EQ(d["cites_appendix"], 1);
  EXPECT_TRUE(d["base_value"].is_null());
  bool scales = false;
  for (const auto& a : d["aliases"]) scales |= a["alias"] == "穿山甲片";
  EXPECT_TRUE(scales);
  EXPECT_EQ(c.get("/api/v1/species/999999999").status, 404);
  EXPECT_EQ(c.get("/api/v1/species/abc").status, 404);

  auto lists = c.get("/api/v1/species/lists");
  ASSERT_EQ(lists.status, 200);
  const auto l = lists.json();
  bool national = false;
  for (const auto& item : l["items"])
    if (item["code"] == "national2021") {
      national = true;
      EXPECT_EQ(item["official"]["species"], 980);
      EXPECT_EQ(item["counts"]["species"], 977);
      EXPECT_FALSE(item["complete"].get<bool>());
    }
  EXPECT_TRUE(national);
}

TEST_F(SpeciesApiTest, ImportIsForAdministratorsCsvOnlyAndSaysDryRun) {
  auto officer = s.client_as("lc.officer");
  auto admin = s.client_as("admin");
  const std::string csv =
      "rank,chinese_name,latin_name,level,habitat\nspecies,测试鼠,Murus testus,provincial,terrestrial\n";
  const std::string target =
      "/api/v1/species/lists/ningxia2024?title=%E5%AE%81%E5%A4%8F&source=%E6%B5%8B%E8%AF%95";
  EXPECT_EQ(officer.request("POST", target + "&dry_run=false", csv, kCsv).status, 403);
  EXPECT_EQ(admin.request("POST", target, csv, kCsv).status, 422) << "dry_run must be said";
  EXPECT_EQ(admin.request("POST", target + "&dry_run=false", csv,
                          {{"Content-Type", "application/json"}})
                .status,
            415);
  auto dry = admin.request("POST", target + "&dry_run=true", csv, kCsv);
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(admin.get("/api/v1/species?q=Murus%20testus").json()["total"], 0);
  auto done = admin.request("POST", target + "&dry_run=false", csv, kCsv);
  ASSERT_EQ(done.status, 201) << done.body;
  EXPECT_EQ(done.json()["inserted"], 1);
  auto hit = officer.get("/api/v1/species?q=Murus%20testus");
  ASSERT_EQ(hit.json()["total"], 1);
  EXPECT_EQ(hit.json()["items"][0]["class"], "provincial");
  EXPECT_EQ(admin.request("POST", "/api/v1/species/lists/national2021?title=x&source=y&dry_run=false",
                          csv, kCsv)
                .status,
            409);
}

TEST_F(SpeciesApiTest, AssessAndOffencesBySpeciesName) {
  auto c = s.client_as("lc.officer");
  auto assessed = c.post_json("/api/v1/law/assess",
                              {{"species", "马来穿山甲"}, {"count", 2}, {"price_yuan", "30000"}});
  ASSERT_EQ(assessed.status, 200) << assessed.body;
  const auto a = assessed.json();
  EXPECT_EQ(a["species"]["chinese_name"], "马来穿山甲");
  EXPECT_EQ(a["input"]["class"], "national_1");
  EXPECT_TRUE(a["needs_appraisal"].get<bool>()) << "no base value is shipped";
  EXPECT_EQ(a["lower_bound_yuan"], "30000.00");

  auto ambiguous = c.post_json("/api/v1/law/assess", {{"species", "象牙"}, {"count", 1}});
  ASSERT_EQ(ambiguous.status, 422);
  EXPECT_NE(ambiguous.body.find("非洲象"), std::string::npos);
  EXPECT_EQ(c.post_json("/api/v1/law/assess", {{"species", "马来穿山甲"}, {"colour", "red"}}).status,
            422);
  EXPECT_EQ(c.request("POST", "/api/v1/law/assess", "{not json",
                      {{"Content-Type", "application/json"}})
                .status,
            400);

  // 出售 two pangolins assessed at 25,000 元: over 2万, 刑法341条第1款.
  auto offences = c.post_json(
      "/api/v1/law/offences",
      {{"behaviour", "sale"},
       {"items", {{{"species", "马来穿山甲"}, {"value_yuan", "25000"}}}}});
  ASSERT_EQ(offences.status, 200) << offences.body;
  const auto o = offences.json();
  EXPECT_TRUE(o["suspected_crime"].get<bool>());
  EXPECT_EQ(o["transfer"], "涉嫌犯罪，应当移送公安机关");
  EXPECT_EQ(o["items"][0]["class"], "national_1");
  EXPECT_EQ(o["jurisdiction"]["lead"], "LC");
}


TEST_F(SpeciesApiTest, PinyinFindsTheSpecies) {
  auto c = s.client_as("lc.officer");
  auto r = c.get("/api/v1/species?q=daxiongmao");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto page = r.json();
  ASSERT_FALSE(page["items"].empty());
  EXPECT_EQ(page["items"][0]["chinese_name"], "大熊猫");
  EXPECT_EQ(page["items"][0]["matched_by"], "拼音");
}

// A corrected rules file in force (what [law] value_rules loads) is what
// the API shows and values with.
TEST_F(SpeciesApiTest, TheRulesInForceAreShownAndUsed) {
  auto c = s.client_as("lc.officer");
  auto builtin = c.get("/api/v1/law/rules");
  ASSERT_EQ(builtin.status, 200);
  const auto rules = builtin.json();
  EXPECT_FALSE(rules["rules"].empty());
  const nlohmann::json request = {{"class", "national_2"}, {"count", 1}, {"base_value_yuan", "100"}};
  EXPECT_EQ(c.post_json("/api/v1/law/assess", request).json()["value_yuan"], "500.00");

  std::string text(*embedded_file(law::kValueRulesPath));
  const std::string from = "key = \"terrestrial.level.national_2\"\nfactor = \"5\"";
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, from.size(), "key = \"terrestrial.level.national_2\"\nfactor = \"6\"");
  text.replace(text.find("version = \""), 11, "version = \"更正版 ");
  auto corrected = law::ValueRules::parse(text);
  ASSERT_TRUE(corrected) << corrected.error().message;
  s.fixture().ctx().assessor = std::make_shared<const law::ValueAssessor>(std::move(*corrected));

  EXPECT_EQ(c.post_json("/api/v1/law/assess", request).json()["value_yuan"], "600.00");
  EXPECT_EQ(c.get("/api/v1/law/rules").json()["version"].get<std::string>().rfind("更正版", 0), 0u);
}

}  // namespace
}  // namespace qf::api
