// The webhook delivery log over HTTP: a major case registered through the API
// queues one delivery; the office and the administrator list and retry it,
// everyone else gets 403. No dispatcher runs here, so nothing is sent (the
// configured URL is a loopback port nobody serves).
#include <gtest/gtest.h>

#include "support/test_server.h"

namespace qf::api {
namespace {

using testing::TestServer;

nlohmann::json major_case_body() {
  nlohmann::json parties = nlohmann::json::array();
  for (int i = 0; i < 4; ++i)
    parties.push_back({{"name", "马某" + std::to_string(i)},
                       {"id_number", "64050219850505123" + std::to_string(i)},
                       {"phones", "1380955123" + std::to_string(i)}});
  return {{"title", "沙坡头区象牙制品走私案"},
          {"offence_type", "illegal_trade"},
          {"source", "market_inspection"},
          {"items", {{{"species", "象牙制品"}, {"count", 3}, {"part", "product"}}}},
          {"parties", parties}};
}

TEST(WebhookApiTest, OfficeAndAdminListAndRetryOthersAreForbidden) {
  TestServer s;
  auto& f = s.fixture();
  f.ctx().webhook.url = "http://127.0.0.1:9/qingfeng";  // set before any request
  f.ctx().webhook.secret = "api test secret, long enough";
  f.make_user("lc.officer", Role::kOfficer, "LC");
  f.make_user("boss", Role::kOffice, "OFFICE");
  f.make_user("root", Role::kAdmin, "OFFICE");
  f.make_user("inspector", Role::kInspector, "ZF");
  auto officer = s.client_as("lc.officer");
  auto office = s.client_as("boss");
  auto admin = s.client_as("root");
  auto inspector = s.client_as("inspector");

  auto created = officer.post_json("/api/v1/cases", major_case_body());
  ASSERT_EQ(created.status, 201) << created.body;
  ASSERT_EQ(created.json()["major"], true);
  const long long case_id = created.json()["id"].get<long long>();

  EXPECT_EQ(officer.get("/api/v1/webhook-deliveries").status, 403);
  EXPECT_EQ(inspector.get("/api/v1/webhook-deliveries").status, 403);
  EXPECT_EQ(s.client().get("/api/v1/webhook-deliveries").status, 401);

  auto list = office.get("/api/v1/webhook-deliveries");
  ASSERT_EQ(list.status, 200) << list.body;
  auto page = list.json();
  ASSERT_EQ(page["total"], 1);
  EXPECT_EQ(page["page"], 1);
  auto d = page["items"][0];
  EXPECT_EQ(d["event"], "case.major");
  EXPECT_EQ(d["entity"], "case");
  EXPECT_EQ(d["entity_id"], case_id);
  EXPECT_EQ(d["status"], "pending");
  EXPECT_EQ(d["payload"]["case"]["id"], case_id);
  EXPECT_EQ(list.body.find("马某"), std::string::npos);  // nothing confidential
  EXPECT_EQ(list.body.find("6405021985"), std::string::npos);
  const std::string id = std::to_string(d["id"].get<long long>());

  EXPECT_EQ(admin
                .get("/api/v1/webhook-deliveries?status=pending&entity=case&entity_id=" +
                     std::to_string(case_id))
                .json()["total"],
            1);
  EXPECT_EQ(admin.get("/api/v1/webhook-deliveries?status=delivered").json()["total"], 0);
  EXPECT_EQ(admin.get("/api/v1/webhook-deliveries?status=sent").status, 422);
  EXPECT_EQ(admin.get("/api/v1/webhook-deliveries?entity_id=abc").status, 422);

  const std::string retry = "/api/v1/webhook-deliveries/" + id + "/retry";
  EXPECT_EQ(officer.post_json(retry, nlohmann::json::object()).status, 403);
  EXPECT_EQ(inspector.post_json(retry, nlohmann::json::object()).status, 403);
  EXPECT_EQ(
      office.post_json("/api/v1/webhook-deliveries/999999/retry", nlohmann::json::object()).status,
      404);
  auto retried = office.request("POST", retry);
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(retried.json()["status"], "pending");
  EXPECT_EQ(admin.request("POST", retry).status, 200);

  auto audit = office.get("/api/v1/audit?action=webhook.retry");
  ASSERT_EQ(audit.status, 200);
  EXPECT_EQ(audit.json()["total"], 2);
  EXPECT_EQ(audit.json()["items"][0]["entity"], "webhook_delivery");
}

}  // namespace
}  // namespace qf::api
