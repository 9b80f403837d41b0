// Transport checks and customs over HTTP, on the backend ctest chose: shapes
// of every route, the hand-over answered with its case and transfer,
// permissions as problem+json, 404 for unseen and unknown records, the
// rules' ETag and If-Match, seizures with their trade chain.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/clock.h"
#include "support/test_server.h"

namespace qf::api {
namespace {

using testing::HttpResult;
using testing::TestServer;

void expect_problem(const HttpResult& r, int status, const std::string& type) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.header("content-type").rfind("application/problem+json", 0), 0u) << r.body;
  const auto j = r.json();
  EXPECT_EQ(j.value("type", ""), "https://qingfeng.invalid/problems/" + type) << r.body;
  const std::string title = j.value("title", "");
  EXPECT_TRUE(std::any_of(title.begin(), title.end(), [](char c) { return c & 0x80; })) << r.body;
}

bool has_field_error(const HttpResult& r, const std::string& field) {
  const auto j = r.json();
  if (!j.contains("errors")) return false;
  for (const auto& e : j["errors"])
    if (e.value("field", "") == field) return true;
  return false;
}

nlohmann::json parcel() {
  return {{"kind", "express"},
          {"place_text", "中卫城区快递网点"},
          {"lon", 105.19},
          {"lat", 37.51},
          {"checked_at", now_ms() - 3600000},
          {"company", "沙坡头速递"},
          {"waybill_no", "SPT-9"},
          {"sender_name", "王小明"},
          {"sender_phone", "13912345678"},
          {"receiver_name", "李四"},
          {"receiver_phone", "13800001111"},
          {"route_origin", "南宁"},
          {"route_destination", "中卫"},
          {"goods", "中药材"},
          {"spot_check", true},
          {"finding", "wildlife_product"},
          {"finding_note", "开箱发现疑似穿山甲鳞片"},
          {"species_text", "穿山甲"},
          {"quantity", 2},
          {"weight_kg", 1.2},
          {"evidence_ids", nlohmann::json::array()}};
}

class TransportCustomsApiTest : public ::testing::Test {
 protected:
  TransportCustomsApiTest() {
    auto& f = s.fixture();
    f.make_user("boss", Role::kOffice, "OFFICE");
    f.make_user("ga-officer", Role::kOfficer, "GA");
    f.make_user("lc-officer", Role::kOfficer, "LC");
    f.make_user("wx-officer", Role::kOfficer, "WX");
    f.make_user("hg-officer", Role::kOfficer, "HG");
    f.make_user("hg-leader", Role::kLeader, "HG");
  }
  TestServer s;
};

TEST_F(TransportCustomsApiTest, CheckToHandoverToLinCao) {
  auto ga = s.client_as("ga-officer");
  auto created = ga.post_json("/api/v1/transport-checks", parcel());
  ASSERT_EQ(created.status, 201) << created.body;
  auto c = created.json();
  EXPECT_EQ(created.header("etag"), "\"v1\"");
  EXPECT_EQ(c["kind_label"], "快递");
  EXPECT_EQ(c["finding_label"], "野生动物制品");
  EXPECT_EQ(c["company"], "沙坡头速递");
  EXPECT_EQ(c["sender_phone"], "13912345678");
  EXPECT_EQ(c["personal_revealed"], true);
  EXPECT_EQ(c["owner_department"], "GA");
  EXPECT_TRUE(c["case_id"].is_null());
  EXPECT_TRUE(c["handed_to"].is_null());
  const std::string id = std::to_string(c["id"].get<long long>());

  auto list = ga.get("/api/v1/transport-checks?finding=any&page_size=5");
  ASSERT_EQ(list.status, 200) << list.body;
  auto l = list.json();
  EXPECT_EQ(l["total"], 1);
  EXPECT_EQ(l["page_size"], 5);
  EXPECT_EQ(l["items"][0]["sender_phone"], "139****5678");
  EXPECT_EQ(l["items"][0]["receiver_name"], "李*");

  auto lc = s.client_as("lc-officer");
  expect_problem(lc.get("/api/v1/transport-checks/" + id), 404, "not-found");
  expect_problem(ga.get("/api/v1/transport-checks/999999"), 404, "not-found");
  expect_problem(s.client_as("wx-officer").post_json("/api/v1/transport-checks", parcel()), 403,
                 "forbidden");
  auto bad = parcel();
  bad["kind"] = "ship";
  bad["unknown"] = 1;
  bad["evidence_ids"] = {0};
  auto refused = ga.post_json("/api/v1/transport-checks", bad);
  expect_problem(refused, 422, "invalid-input");
  EXPECT_TRUE(has_field_error(refused, "unknown")) << refused.body;
  EXPECT_TRUE(has_field_error(refused, "evidence_ids/0")) << refused.body;

  auto handed =
      ga.post_json("/api/v1/transport-checks/" + id + "/handover", {{"note", "请林草局查处"}});
  ASSERT_EQ(handed.status, 201) << handed.body;
  auto h = handed.json();
  EXPECT_EQ(h["transfer"]["to_department"], "LC");
  EXPECT_EQ(h["transfer"]["state"], "requested");
  EXPECT_EQ(h["transfer"]["kind"], "handover");
  EXPECT_EQ(h["case"]["owner_department"], "GA");
  EXPECT_FALSE(h["case"]["number"].get<std::string>().empty());
  EXPECT_EQ(h["check"]["handed_to"], "LC");
  EXPECT_EQ(h["check"]["case_id"], h["case"]["id"]);
  EXPECT_FALSE(h["reasons"].empty());
  expect_problem(
      ga.post_json("/api/v1/transport-checks/" + id + "/handover", nlohmann::json::object()), 409,
      "conflict");

  // 林草 now reads the check (shared) and the case waiting for it.
  auto shared = lc.get("/api/v1/transport-checks/" + id);
  ASSERT_EQ(shared.status, 200) << shared.body;
  EXPECT_EQ(shared.json()["sender_phone"], "139****5678");
  auto the_case = lc.get("/api/v1/cases/" + std::to_string(h["case"]["id"].get<long long>()));
  EXPECT_EQ(the_case.status, 200) << the_case.body;

  auto companies = s.client_as("boss").get("/api/v1/logistics-companies");
  ASSERT_EQ(companies.status, 200) << companies.body;
  auto co = companies.json();
  ASSERT_EQ(co["items"].size(), 1u);
  EXPECT_EQ(co["items"][0]["name"], "沙坡头速递");
  EXPECT_EQ(co["items"][0]["checks"], 1);
  EXPECT_EQ(co["items"][0]["spot_checks"], 1);
  EXPECT_EQ(co["items"][0]["findings"], 1);
  EXPECT_EQ(co["items"][0]["handed_over"], 1);
}

TEST_F(TransportCustomsApiTest, AssessRulesAndSeizures) {
  auto hg = s.client_as("hg-officer");
  auto risky = hg.post_json("/api/v1/customs/assess", {{"declaration_no", "YJ-1"},
                                                       {"kind", "postal"},
                                                       {"hs_code", "9601"},
                                                       {"description", "象牙手镯"},
                                                       {"origin_country", "NG"},
                                                       {"transit_countries", {"ET"}},
                                                       {"consignor", "Lagos Gift"},
                                                       {"consignee", "张某"},
                                                       {"declared_value", "200.00"},
                                                       {"weight_kg", 0.4},
                                                       {"quantity", 2}});
  ASSERT_EQ(risky.status, 201) << risky.body;
  auto a = risky.json();
  EXPECT_EQ(a["level"], "high");
  EXPECT_EQ(a["recommendation"], "重点查验");
  EXPECT_EQ(a["declared_value"], "200.00");
  EXPECT_EQ(a["declared_value_fen"], 20000);
  std::set<std::string> rules;
  for (const auto& r : a["reasons"]) {
    rules.insert(r["rule"].get<std::string>());
    EXPECT_GT(r["points"].get<int>(), 0);
    EXPECT_FALSE(r["reason"].get<std::string>().empty());
  }
  for (const char* rule : {"origin_country", "transit_country", "hs_code", "description"})
    EXPECT_TRUE(rules.count(rule)) << rule << " " << risky.body;
  EXPECT_TRUE(a["scan"].contains("risk"));

  auto plain = hg.post_json("/api/v1/customs/assess", {{"kind", "cargo"},
                                                       {"hs_code", "6117"},
                                                       {"description", "羊毛围巾"},
                                                       {"origin_country", "MN"}});
  ASSERT_EQ(plain.status, 201) << plain.body;
  EXPECT_EQ(plain.json()["level"], "low");
  EXPECT_EQ(plain.json()["recommendation"], "放行");
  expect_problem(s.client_as("ga-officer")
                     .post_json("/api/v1/customs/assess", {{"kind", "cargo"}, {"hs_code", "9601"}}),
                 403, "forbidden");
  auto invalid_kind = hg.post_json("/api/v1/customs/assess", {{"kind", "ship"}, {"hs_code", 9601}});
  expect_problem(invalid_kind, 422, "invalid-input");
  EXPECT_TRUE(has_field_error(invalid_kind, "hs_code")) << invalid_kind.body;

  auto rules_doc = hg.get("/api/v1/customs/rules");
  ASSERT_EQ(rules_doc.status, 200) << rules_doc.body;
  EXPECT_EQ(rules_doc.header("etag"), "\"v1\"");
  auto rd = rules_doc.json();
  EXPECT_EQ(rd["source"], "builtin");
  EXPECT_FALSE(rd["rules"]["countries"].empty());
  nlohmann::json change = {{"rules", rd["rules"]}, {"note", "提高象牙品目分值"}};
  change["rules"]["hs_codes"][0]["points"] = 30;
  auto leader = s.client_as("hg-leader");
  expect_problem(leader.request("PUT", "/api/v1/customs/rules", change.dump(),
                                {{"Content-Type", "application/json"}}),
                 428, "precondition-required");
  expect_problem(hg.request("PUT", "/api/v1/customs/rules", change.dump(),
                            {{"Content-Type", "application/json"}, {"If-Match", "\"v1\""}}),
                 403, "forbidden");
  auto put = leader.request("PUT", "/api/v1/customs/rules", change.dump(),
                            {{"Content-Type", "application/json"}, {"If-Match", "\"v1\""}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json()["version"], 2);
  EXPECT_EQ(put.json()["source"], "stored");
  EXPECT_EQ(put.header("etag"), "\"v2\"");
  expect_problem(leader.request("PUT", "/api/v1/customs/rules", change.dump(),
                                {{"Content-Type", "application/json"}, {"If-Match", "\"v1\""}}),
                 412, "precondition-failed");

  auto seized = hg.post_json("/api/v1/seizures",
                             {{"reference_no", "ZW-1"},
                              {"seized_at", now_ms() - 3600000},
                              {"discovery_place", "中卫邮件处理中心"},
                              {"species_text", "非洲象"},
                              {"product_type", "worked_ivory"},
                              {"quantity_pieces", 2},
                              {"weight_kg", 0.38},
                              {"origins", {{{"country", "NG"}, {"share_pct", 100}}}},
                              {"export_country", "NG"},
                              {"transit", {{{"country", "ET"}, {"chain_of_custody", true}}}},
                              {"destination_country", "CN"},
                              {"assessment_id", a["id"]}});
  ASSERT_EQ(seized.status, 201) << seized.body;
  auto z = seized.json();
  EXPECT_EQ(z["product_label"], "象牙制品");
  EXPECT_EQ(z["transit"][0]["chain_of_custody"], true);
  EXPECT_EQ(z["origins"][0]["share_pct"], 100);
  EXPECT_EQ(z["owner_department"], "HG");
  const std::string zid = std::to_string(z["id"].get<long long>());
  auto one = hg.get("/api/v1/seizures/" + zid);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.header("etag"), "\"v1\"");
  auto listed = s.client_as("boss").get("/api/v1/seizures");
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.json()["total"], 1);
  expect_problem(s.client_as("lc-officer").get("/api/v1/seizures/" + zid), 404, "not-found");
  expect_problem(hg.get("/api/v1/seizures/424242"), 404, "not-found");
  auto bad_chain = hg.post_json("/api/v1/seizures", {{"seized_at", now_ms()},
                                                     {"species_text", "穿山甲"},
                                                     {"product_type", "scales"},
                                                     {"origins", {{{"country", "XX1"}}}}});
  expect_problem(bad_chain, 422, "invalid-input");
  EXPECT_TRUE(has_field_error(bad_chain, "origins/0/country")) << bad_chain.body;
}

}  // namespace
}  // namespace qf::api
