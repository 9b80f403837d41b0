// The legal review of a case (GET /api/v1/cases/{id}/legal): items whose
// established value crosses a threshold flag the case for 行刑衔接 with the
// reasons and offer the criminal transfer; items that cannot be classified
// or valued are named, never guessed; species ids and values are checked
// when items are recorded.
#include <gtest/gtest.h>

#include <algorithm>

#include "support/test_server.h"

namespace qf::api {
namespace {

using testing::HttpClient;
using testing::TestServer;

class CaseLegalApiTest : public ::testing::Test {
 protected:
  CaseLegalApiTest() {
    auto& f = s.fixture();
    f.make_user("lc.officer", Role::kOfficer, "LC");
    f.make_user("lc.leader", Role::kLeader, "LC");
    f.make_user("ny.officer", Role::kOfficer, "NY");
    f.load_species_catalog();
  }
  std::int64_t species_id(HttpClient& c, const std::string& latin) {
    std::string q = latin;
    std::replace(q.begin(), q.end(), ' ', '+');
    auto r = c.get("/api/v1/species?q=" + q);
    const auto page = r.json();
    EXPECT_EQ(page["items"][0]["latin_name"], latin);
    return page["items"][0]["id"];
  }
  std::string create(HttpClient& c, nlohmann::json body) {
    auto r = c.post_json("/api/v1/cases", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::to_string(r.json()["id"].get<long long>());
  }
  TestServer s;
};

TEST_F(CaseLegalApiTest, ItemsOverTheThresholdFlagTheCaseForTransferWithReasons) {
  auto lc = s.client_as("lc.officer");
  const auto pangolin = species_id(lc, "Manis javanica");
  const std::string id = create(
      lc, {{"title", "网络出售穿山甲案"},
           {"offence_type", "illegal_trade"},
           {"source", "online_scan"},
           {"place_type", "internet"},
           {"items",
            {{{"species", "马来穿山甲"}, {"species_id", pangolin}, {"count", 2},
              {"value_yuan", "25000"}, {"value_basis", "鉴定意见（测试）"}}}}});
  // A 国家一级 species from the catalog makes it a major case at once.
  const auto registered = lc.get("/api/v1/cases/" + id).json();
  EXPECT_TRUE(registered["major"].get<bool>());
  EXPECT_EQ(registered["major_reasons"][0], "涉及国家一级保护野生动物：马来穿山甲");

  auto r = lc.get("/api/v1/cases/" + id + "/legal");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto review = r.json();
  EXPECT_TRUE(review["applicable"].get<bool>());
  EXPECT_TRUE(review["suspected_crime"].get<bool>());
  EXPECT_EQ(review["transfer"], "涉嫌犯罪，应当移送公安机关");
  ASSERT_FALSE(review["reasons"].empty());
  EXPECT_EQ(review["items"][0]["value_yuan"], "25000.00");
  EXPECT_EQ(review["items"][0]["value_source"], "案件记录");
  EXPECT_EQ(review["items"][0]["value_basis"], "鉴定意见（测试）");
  EXPECT_EQ(review["items"][0]["class"], "national_1");
  // Registered, not yet investigated: the transfer is announced, not offered.
  EXPECT_FALSE(review["transfer_action"]["available"].get<bool>());
  EXPECT_NE(review["transfer_action"]["reason"].get<std::string>().find("调查取证"), std::string::npos);
  ASSERT_EQ(s.client_as("lc.leader").post_json("/api/v1/cases/" + id + "/transitions", {{"to", "filed"}}).status, 200);
  ASSERT_EQ(lc.post_json("/api/v1/cases/" + id + "/transitions", {{"to", "investigating"}}).status, 200);
  const auto ready = lc.get("/api/v1/cases/" + id + "/legal").json();
  EXPECT_TRUE(ready["transfer_action"]["available"].get<bool>());
  EXPECT_EQ(ready["transfer_action"]["request"]["body"]["kind"], "criminal");
  bool made_out = false;
  for (const auto& o : review["offences"]) made_out |= o["status"] == "made_out";
  EXPECT_TRUE(made_out);

  // Another department cannot read it, as for the case itself.
  EXPECT_EQ(s.client_as("ny.officer").get("/api/v1/cases/" + id + "/legal").status, 404);
  EXPECT_EQ(lc.get("/api/v1/cases/999999/legal").status, 404);
}

TEST_F(CaseLegalApiTest, UnknownValueOrSpeciesIsNamedNotGuessed) {
  auto lc = s.client_as("lc.officer");
  const std::string id = create(
      lc, {{"title", "收购野生动物案"},
           {"offence_type", "illegal_trade"},
           {"source", "market_inspection"},
           {"items",
            {{{"species", "马来穿山甲"}, {"count", 1}},            // no base value: 需鉴定
             {{"species", "某种不存在的动物"}, {"count", 3}}}}});  // not in the catalog
  auto r = lc.get("/api/v1/cases/" + id + "/legal");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto review = r.json();
  EXPECT_FALSE(review["suspected_crime"].get<bool>());
  EXPECT_TRUE(review["needs_appraisal"].get<bool>());
  EXPECT_FALSE(review["transfer_action"]["available"].get<bool>());
  ASSERT_EQ(review["items"].size(), 1u);
  EXPECT_EQ(review["items"][0]["value_source"], "价值评估");
  EXPECT_TRUE(review["items"][0]["needs_appraisal"].get<bool>());
  ASSERT_EQ(review["skipped_items"].size(), 1u);
  EXPECT_EQ(review["skipped_items"][0]["label"], "某种不存在的动物");
  EXPECT_FALSE(review["unchecked"].empty());

  // Offence types the interpretation does not grade.
  const std::string tools = create(
      lc, {{"title", "销售猎夹案"}, {"offence_type", "banned_tools"}, {"source", "market_inspection"}});
  auto t = lc.get("/api/v1/cases/" + tools + "/legal");
  ASSERT_EQ(t.status, 200);
  EXPECT_FALSE(t.json()["applicable"].get<bool>());
}

TEST_F(CaseLegalApiTest, ItemsAreCheckedAgainstTheCatalogAndValuesNeedTheirBasis) {
  auto lc = s.client_as("lc.officer");
  auto unknown = lc.post_json("/api/v1/cases", {{"title", "x"},
                                                {"offence_type", "illegal_hunting"},
                                                {"source", "patrol"},
                                                {"items", {{{"species", "虎"}, {"species_id", 99999999}}}}});
  ASSERT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(unknown.json()["errors"][0]["field"], "items/0/species_id");
  auto no_basis = lc.post_json("/api/v1/cases", {{"title", "x"},
                                                 {"offence_type", "illegal_hunting"},
                                                 {"source", "patrol"},
                                                 {"items", {{{"species", "虎"}, {"value_yuan", 100}}}}});
  ASSERT_EQ(no_basis.status, 422);
  EXPECT_EQ(no_basis.json()["errors"][0]["field"], "items/0/value_basis");
  auto bad_money = lc.post_json("/api/v1/cases", {{"title", "x"},
                                                  {"offence_type", "illegal_hunting"},
                                                  {"source", "patrol"},
                                                  {"items", {{{"species", "虎"}, {"value_yuan", "12.345"}, {"value_basis", "鉴定"}}}}});
  ASSERT_EQ(bad_money.status, 422);
  EXPECT_EQ(bad_money.json()["errors"][0]["field"], "items/0/value_yuan");
}


// An item registered with free text gets its species and its appraised
// value later: the review then flags the case.
TEST_F(CaseLegalApiTest, CorrectingAnItemFeedsTheReview) {
  auto lc = s.client_as("lc.officer");
  auto created = lc.post_json("/api/v1/cases", {{"title", "收购穿山甲案"},
                                                {"offence_type", "illegal_trade"},
                                                {"source", "patrol"},
                                                {"items", {{{"species", "穿山甲（未定种）"}, {"count", 2}}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto c = created.json();
  const std::string id = std::to_string(c["id"].get<long long>());
  const std::string item = std::to_string(c["items"][0]["id"].get<long long>());
  EXPECT_EQ(lc.get("/api/v1/cases/" + id + "/legal").json()["skipped_items"].size(), 1u);

  const auto pangolin = species_id(lc, "Manis javanica");
  const nlohmann::json fixed = {{"species", "马来穿山甲"}, {"species_id", pangolin}, {"count", 2},
                                {"value_yuan", "30000"}, {"value_basis", "鉴定意见（测试）"}};
  const std::string path = "/api/v1/cases/" + id + "/items/" + item;
  EXPECT_EQ(lc.request("PATCH", path, fixed.dump(), {{"Content-Type", "application/json"}}).status, 428);
  const std::string etag = created.header("etag");
  EXPECT_EQ(lc.request("PATCH", path, fixed.dump(), {{"Content-Type", "application/json"}, {"If-Match", "\"v99\""}}).status, 412);
  EXPECT_EQ(s.client_as("ny.officer").request("PATCH", path, fixed.dump(), {{"Content-Type", "application/json"}, {"If-Match", etag}}).status, 404);
  EXPECT_EQ(lc.request("PATCH", "/api/v1/cases/" + id + "/items/999999", fixed.dump(),
                       {{"Content-Type", "application/json"}, {"If-Match", etag}}).status, 404);
  auto bad = lc.request("PATCH", path, R"({"species":"x","colour":"red"})",
                        {{"Content-Type", "application/json"}, {"If-Match", etag}});
  EXPECT_EQ(bad.status, 422);
  auto ok = lc.request("PATCH", path, fixed.dump(), {{"Content-Type", "application/json"}, {"If-Match", etag}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json()["items"][0]["value_yuan"], "30000.00");
  EXPECT_NE(ok.header("etag"), etag);
  const auto review = lc.get("/api/v1/cases/" + id + "/legal").json();
  EXPECT_TRUE(review["suspected_crime"].get<bool>());
  EXPECT_TRUE(review["skipped_items"].empty());
  // The search index follows the corrected item (a trigger on SQLite).
  EXPECT_EQ(lc.get("/api/v1/cases?q=%E9%A9%AC%E6%9D%A5%E7%A9%BF").json()["total"], 1);  // 马来穿
  EXPECT_EQ(lc.get("/api/v1/cases?q=%E6%9C%AA%E5%AE%9A%E7%A7%8D").json()["total"], 0);  // 未定种
  EXPECT_EQ(lc.get("/api/v1/cases?q=%E6%94%B6%E8%B4%AD%E7%A9%BF").json()["total"], 1);  // 收购穿 (title)
}

}  // namespace
}  // namespace qf::api
