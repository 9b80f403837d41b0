// Issue 3's "done when", over HTTP on both backends: a tip submitted by the
// public is triaged, assigned, verified, turned into a case, investigated,
// transferred to the police through 行刑衔接 (checklist enforced) and closed;
// the timeline, permissions, confidentiality and the audit hold at every step.
#include <gtest/gtest.h>

#include "support/test_server.h"

namespace qf::api {
namespace {

using testing::HttpClient;
using testing::TestServer;

TEST(TipToCaseFlowTest, PublicTipToClosedCriminalCase) {
  TestServer s;
  auto& f = s.fixture();
  f.make_user("boss", Role::kOffice, "OFFICE");
  f.make_user("lc.leader", Role::kLeader, "LC");
  f.make_user("lc.officer", Role::kOfficer, "LC");
  f.make_user("ga.officer", Role::kOfficer, "GA");
  f.make_user("sj.officer", Role::kOfficer, "SJ");
  f.make_user("inspector", Role::kInspector, "ZF");
  auto office = s.client_as("boss");
  auto leader = s.client_as("lc.leader");
  auto officer = s.client_as("lc.officer");
  auto police = s.client_as("ga.officer");
  auto market = s.client_as("sj.officer");
  auto inspector = s.client_as("inspector");
  auto anonymous = s.client();

  // 1. A villager reports through the public page.
  const std::string phone = "13995551234";
  auto submitted = anonymous.post_json("/api/v1/public/tips",
                                       {{"reporter_category", "villager"},
                                        {"reporter_name", "马大爷"},
                                        {"reporter_phone", phone},
                                        {"content", "腾格里沙漠边有人下猎套抓野兔和石鸡，还打死了两只灰鹤"},
                                        {"place_text", "沙坡头区迎水桥镇北"},
                                        {"lon", 105.02},
                                        {"lat", 37.52},
                                        {"species_text", "灰鹤、石鸡"}});
  ASSERT_EQ(submitted.status, 201) << submitted.body;
  const std::string receipt = submitted.json()["receipt_code"];
  auto progress = anonymous.get("/api/v1/public/tips/" + receipt);
  ASSERT_EQ(progress.status, 200);
  EXPECT_EQ(progress.json()["state"], "pending");
  EXPECT_EQ(progress.body.find(phone), std::string::npos);

  // 2. The office triages: sees the reporter, the suggestion, and assigns to 林草.
  auto tips = office.get("/api/v1/tips?state=pending");
  ASSERT_EQ(tips.status, 200);
  ASSERT_EQ(tips.json()["total"], 1);
  const auto tip = tips.json()["items"][0];
  const std::string tip_id = std::to_string(tip["id"].get<long long>());
  auto tip_detail = office.get("/api/v1/tips/" + tip_id);
  EXPECT_EQ(tip_detail.json()["reporter_phone"], phone);
  const auto suggested = tip_detail.json()["suggested_departments"];
  EXPECT_NE(std::find(suggested.begin(), suggested.end(), "LC"), suggested.end()) << tip_detail.body;
  EXPECT_EQ(officer.get("/api/v1/tips/" + tip_id).status, 404);  // not yet assigned
  ASSERT_EQ(office.post_json("/api/v1/tips/" + tip_id + "/assign", {{"department", "LC"}}).status, 200);

  // 3. 林草 verifies; the officer (not the handler) sees the reporter masked.
  auto seen = officer.get("/api/v1/tips/" + tip_id);
  ASSERT_EQ(seen.status, 200);
  EXPECT_NE(seen.json()["reporter_phone"], phone);
  EXPECT_EQ(market.get("/api/v1/tips/" + tip_id).status, 404);
  ASSERT_EQ(officer.post_json("/api/v1/tips/" + tip_id + "/transitions", {{"to", "verifying"}, {"note", "已派员核查"}}).status, 200);

  // 4. Verified: turned into a case owned by 林草.
  auto converted = officer.post_json("/api/v1/tips/" + tip_id + "/convert",
                                     {{"title", "迎水桥镇北非法猎捕灰鹤案"}, {"offence_type", "illegal_hunting"}, {"place_type", "protected_area"}});
  ASSERT_EQ(converted.status, 201) << converted.body;
  const auto kase = converted.json();
  const std::string case_id = std::to_string(kase["id"].get<long long>());
  EXPECT_EQ(kase["owner_department"], "LC");
  EXPECT_EQ(kase["source"], "tip");
  EXPECT_EQ(anonymous.get("/api/v1/public/tips/" + receipt).json()["state"], "case_opened");
  // The investigation adds what was found: killing migratory birds makes it 从重从快.
  auto items = officer.post_json("/api/v1/cases/" + case_id + "/items",
                                 {{"items", {{{"species", "灰鹤"}, {"count", 2}, {"part", "whole_dead"}, {"origin", "wild"}}}}});
  ASSERT_EQ(items.status, 200) << items.body;
  EXPECT_EQ(items.json()["priority"], true);
  EXPECT_EQ(market.post_json("/api/v1/cases/" + case_id + "/parties", {{"parties", {{{"name", "某人"}}}}}).status, 404);
  ASSERT_EQ(officer.post_json("/api/v1/cases/" + case_id + "/parties", {{"parties", {{{"name", "马某"}, {"id_number", "640502197001011234"}}}}}).status, 200);

  // 5. Filed and investigated.
  ASSERT_EQ(leader.post_json("/api/v1/cases/" + case_id + "/transitions", {{"to", "filed"}}).status, 200);
  ASSERT_EQ(officer.post_json("/api/v1/cases/" + case_id + "/transitions", {{"to", "investigating"}}).status, 200);
  auto comment = officer.post_json("/api/v1/cases/" + case_id + "/comments", {{"text", "现场提取猎套 23 副，灰鹤尸体 2 只"}});
  ASSERT_EQ(comment.status, 201);

  // 6. 行刑衔接: refused without the checklist, accepted with it.
  auto refused = officer.post_json("/api/v1/cases/" + case_id + "/transfers",
                                   {{"to_department", "GA"}, {"kind", "criminal"}, {"reason", "非法猎捕国家二级保护野生动物灰鹤"}});
  ASSERT_EQ(refused.status, 422);
  nlohmann::json docs = nlohmann::json::array();
  int n = 0;
  for (const char* kind : {"transfer_letter", "investigation_report", "item_list", "inspection_conclusion"}) {
    std::string pdf = "%PDF-1.5\n" + std::string(40 + n++, 'z') + "\n%%EOF\n";
    auto up = officer.request("POST", std::string("/api/v1/evidence?name=") + kind + ".pdf", pdf,
                              {{"Content-Type", "application/pdf"}});
    ASSERT_EQ(up.status, 201) << up.body;
    docs.push_back({{"kind", kind}, {"evidence_id", up.json()["id"]}});
  }
  auto sent = officer.post_json("/api/v1/cases/" + case_id + "/transfers",
                                {{"to_department", "GA"}, {"kind", "criminal"}, {"reason", "非法猎捕国家二级保护野生动物灰鹤"}, {"documents", docs}});
  ASSERT_EQ(sent.status, 201) << sent.body;
  const std::string transfer_id = std::to_string(sent.json()["id"].get<long long>());
  // Waiting for 公安: it reads the case to decide.
  EXPECT_EQ(police.get("/api/v1/cases/" + case_id).status, 200);
  ASSERT_EQ(police.request("POST", "/api/v1/transfers/" + transfer_id + "/accept").status, 200);
  ASSERT_EQ(police.post_json("/api/v1/cases/" + case_id + "/transitions", {{"to", "police_filed"}}).status, 200);
  ASSERT_EQ(police.post_json("/api/v1/cases/" + case_id + "/transitions", {{"to", "prosecuted"}}).status, 200);
  EXPECT_EQ(market.get("/api/v1/cases/" + case_id).status, 404);

  // 7. Closed by the leader.
  auto closed = leader.post_json("/api/v1/cases/" + case_id + "/transitions", {{"to", "closed"}});
  ASSERT_EQ(closed.status, 200);
  EXPECT_EQ(closed.json()["state"], "closed");

  // The timeline tells the whole story, in order.
  auto timeline = inspector.get("/api/v1/cases/" + case_id + "/timeline");
  ASSERT_EQ(timeline.status, 200);
  const auto timeline_json = timeline.json();
  const auto& events = timeline_json["items"];
  std::vector<std::string> kinds;
  for (const auto& e : events) kinds.push_back(e["kind"]);
  EXPECT_EQ(kinds, (std::vector<std::string>{"created", "edit", "flag", "edit", "transition", "transition", "comment",
                                              "transfer", "transfer", "transition", "transition", "transition"}));

  // Every step is in the audit chain, which still verifies; the reporter's
  // phone never reached it.
  auto audit = inspector.get("/api/v1/audit?page_size=200");
  ASSERT_EQ(audit.status, 200);
  EXPECT_EQ(audit.body.find(phone), std::string::npos);
  std::set<std::string> actions;
  const auto audit_rows = audit.json();
  for (const auto& row : audit_rows["items"]) actions.insert(row["action"].get<std::string>());
  for (const char* a : {"tip.submit", "tip.assign", "tip.transition", "tip.convert", "case.create", "case.add_details", "case.transition",
                        "case.comment", "transfer.request", "transfer.accept", "case.transfer_update"})
    EXPECT_TRUE(actions.count(a)) << a << " in " << nlohmann::json(actions).dump();
  EXPECT_EQ(inspector.get("/api/v1/audit/verify").json()["ok"], true);
}

}  // namespace
}  // namespace qf::api
