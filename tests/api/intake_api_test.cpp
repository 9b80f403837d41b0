// The event-intake webhook over HTTP, on the backend ctest chose: an admin
// issues an events:write key; a signed grid-worker event becomes a tip the
// office sees; a resend answers the same tip; bad, missing or stale
// signatures, malformed payloads and missing keys are refused as
// problem+json and appear in the refusal log for the office.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/clock.h"
#include "service/intake_service.h"
#include "support/test_server.h"

namespace qf::api {
namespace {

using testing::HttpClient;
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

std::string event_body(const std::string& id) {
  return nlohmann::json{{"event_id", id},
                        {"source", "grid_worker"},
                        {"occurred_at", now_ms() - 600000},
                        {"description", "河滩发现粘网 3 张，网上有死鸟"},
                        {"place_text", "迎水桥镇黄河湿地"},
                        {"lon", 105.06},
                        {"lat", 37.49},
                        {"reporter", {{"name", "网格员马某"}, {"phone", "13911112222"}}}}
      .dump();
}

class IntakeApiTest : public ::testing::Test {
 protected:
  IntakeApiTest() {
    auto& f = s.fixture();
    f.make_user("boss", Role::kOffice, "OFFICE");
    f.make_user("root", Role::kAdmin, "OFFICE");
    f.make_user("wx-officer", Role::kOfficer, "WX");
    sender_id = f.make_user("grid-app", Role::kIntegration, "OFFICE").id;
    auto admin = s.client_as("root");
    auto r = admin.post_json(
        "/api/v1/api-keys",
        {{"user_id", sender_id}, {"name", "网格化平台"}, {"scopes", {"events:write"}}});
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status == 201) key = r.json()["key"].get<std::string>();
  }

  HttpResult send(const std::string& body, std::int64_t at = 0,
                  std::optional<std::string> signature = std::nullopt) {
    const std::string ts = std::to_string(at ? at : now_ms());
    HttpClient c = s.client();
    c.set_token(key);
    return c.request(
        "POST", "/api/v1/intake/events", body,
        {{"Content-Type", "application/json"},
         {"X-Qingfeng-Timestamp", ts},
         {"X-Qingfeng-Signature", signature.value_or(service::intake_signature(key, ts, body))}});
  }

  TestServer s;
  std::int64_t sender_id = 0;
  std::string key;
};

TEST_F(IntakeApiTest, SignedEventBecomesTipOnce) {
  const std::string body = event_body("GW-100");
  auto first = send(body);
  ASSERT_EQ(first.status, 201) << first.body;
  auto e = first.json();
  EXPECT_EQ(e["event_id"], "GW-100");
  EXPECT_EQ(e["source"], "grid_worker");
  EXPECT_EQ(e["replayed"], false);
  const auto tip_id = e["tip_id"].get<long long>();
  EXPECT_GT(tip_id, 0);

  auto again = send(body);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["tip_id"], tip_id);
  EXPECT_EQ(again.json()["replayed"], true);

  auto office = s.client_as("boss");
  auto tip = office.get("/api/v1/tips/" + std::to_string(tip_id));
  ASSERT_EQ(tip.status, 200) << tip.body;
  EXPECT_EQ(tip.json()["channel"], "grid_worker");
  auto tips = office.get("/api/v1/tips");
  EXPECT_EQ(tips.json()["total"], 1);
  auto events = office.get("/api/v1/intake/events");
  ASSERT_EQ(events.status, 200) << events.body;
  EXPECT_EQ(events.json()["total"], 1);
  EXPECT_EQ(events.json()["items"][0]["tip_id"], tip_id);
  expect_problem(s.client_as("wx-officer").get("/api/v1/intake/events"), 403, "forbidden");
}

TEST_F(IntakeApiTest, RefusalsAnswerProblemsAndAreLogged) {
  const std::string body = event_body("GW-200");
  expect_problem(send(body, 0, std::string("sha256=") + std::string(64, '0')), 401,
                 "unauthenticated");
  expect_problem(send(body, 0, std::string("")), 401, "unauthenticated");
  expect_problem(send(body, now_ms() - 10 * 60 * 1000), 400, "malformed-request");
  auto broken = send("{\"event_id\": \"GW-201\", ");
  expect_problem(broken, 400, "malformed-request");
  auto wrong = send(nlohmann::json{{"event_id", "GW-202"}, {"source", "grid_worker"}}.dump());
  expect_problem(wrong, 400, "malformed-request");
  EXPECT_NE(wrong.body.find("occurred_at"), std::string::npos) << wrong.body;
  auto no_key = s.client().request("POST", "/api/v1/intake/events", body,
                                   {{"Content-Type", "application/json"}});
  expect_problem(no_key, 401, "unauthenticated");
  EXPECT_EQ(no_key.header("www-authenticate"), "Bearer");

  auto office = s.client_as("boss");
  EXPECT_EQ(office.get("/api/v1/tips").json()["total"], 0);
  auto log = office.get("/api/v1/intake/events?rejected=true");
  ASSERT_EQ(log.status, 200) << log.body;
  auto l = log.json();
  EXPECT_EQ(l["total"], 6);
  std::multiset<std::string> reasons;
  for (const auto& r : l["items"]) reasons.insert(r["reason"].get<std::string>());
  for (const char* why :
       {"bad_signature", "missing_signature", "stale_timestamp", "malformed", "unauthenticated"})
    EXPECT_TRUE(reasons.count(why)) << why << " " << log.body;
  EXPECT_EQ(log.body.find("13911112222"), std::string::npos);
  EXPECT_EQ(log.body.find(key), std::string::npos);
  EXPECT_EQ(s.client_as("root").get("/api/v1/intake/events?rejected=true").status, 200);
  expect_problem(s.client_as("wx-officer").get("/api/v1/intake/events?rejected=true"), 403,
                 "forbidden");
  expect_problem(office.get("/api/v1/intake/events?rejected=maybe"), 422, "invalid-input");
}

}  // namespace
}  // namespace qf::api
