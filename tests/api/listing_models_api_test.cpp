// The listing classifier's models over HTTP, on the backend ctest chose:
// the list (empty, then with the model in force and its measures), training
// from the reviewers' decisions (refused below the minimum, for the office
// and administrators only, unknown fields refused), activation, and
// deactivation (DELETE …/activation: the rules alone until activated again).
#include <gtest/gtest.h>

#include "service/listing_service.h"
#include "support/listing_examples.h"
#include "support/test_server.h"

namespace qf::api {
namespace {

using testing::HttpResult;
using testing::TestServer;

void expect_problem(const HttpResult& r, int status, const std::string& type) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.header("content-type").rfind("application/problem+json", 0), 0u) << r.body;
  EXPECT_EQ(r.json().value("type", ""), "https://qingfeng.invalid/problems/" + type) << r.body;
}

class ListingModelsApiTest : public ::testing::Test {
 protected:
  ListingModelsApiTest() {
    auto& f = s.fixture();
    f.make_user("boss", Role::kOffice, "OFFICE");
    wx = f.make_user("wx-officer", Role::kOfficer, "WX");
  }

  // The hand-written listings handed in and decided as labelled.
  void decide_all() {
    auto& f = s.fixture();
    std::vector<service::ListingInput> batch;
    const auto& all = qf::testing::labelled_listings();
    for (std::size_t i = 0; i < all.size(); ++i) {
      service::ListingInput in;
      in.platform = "抖音";
      in.external_id = "m-" + std::to_string(i);
      in.title = all[i].title;
      in.text = all[i].text;
      batch.push_back(in);
    }
    service::ListingService listings(f.ctx());
    auto ingested = listings.ingest(f.as(wx), batch);
    ASSERT_TRUE(ingested) << ingested.error().message;
    for (std::size_t i = 0; i < all.size(); ++i) {
      service::ListingReview r;
      r.decision = std::string(all[i].label) == "benign" ? "dismissed" : "confirmed";
      r.note = "测试";
      ASSERT_TRUE(listings.review(f.as(wx), ingested->items[i].id, r));
    }
  }

  TestServer s;
  store::User wx;
};

TEST_F(ListingModelsApiTest, TrainListAndActivate) {
  auto boss = s.client_as("boss");
  auto empty = boss.get("/api/v1/listing-models");
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_EQ(empty.json()["total"], 0);
  EXPECT_TRUE(empty.json()["active_version"].is_null());

  auto officer = s.client_as("wx-officer");
  expect_problem(officer.post_json("/api/v1/listing-models", {{"min_decisions", 1}}), 403,
                 "forbidden");
  expect_problem(boss.post_json("/api/v1/listing-models", {{"epochs", 3}}), 422, "invalid-input");
  expect_problem(boss.post_json("/api/v1/listing-models", nlohmann::json::object()), 422,
                 "invalid-input");  // no decisions yet, 200 needed

  decide_all();
  auto trained =
      boss.post_json("/api/v1/listing-models", {{"min_decisions", 20}, {"activate", true}});
  ASSERT_EQ(trained.status, 201) << trained.body;
  const auto model = trained.json();
  const std::string version = model["version"];
  EXPECT_EQ(version.rfind("ft-", 0), 0u);
  EXPECT_TRUE(model["active"].get<bool>());
  EXPECT_EQ(model["decisions"], qf::testing::labelled_listings().size());
  EXPECT_TRUE(model["metrics"]["labels"].contains("benign")) << trained.body;

  auto listed = officer.get("/api/v1/listing-models?page=1&page_size=5");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.json()["total"], 1);
  EXPECT_EQ(listed.json()["active_version"], version);
  EXPECT_EQ(listed.json()["items"][0]["version"], version);

  expect_problem(boss.post_json("/api/v1/listing-models/ft-0000000000000000/activation",
                                nlohmann::json::object()),
                 404, "not-found");
  auto activated =
      boss.post_json("/api/v1/listing-models/" + version + "/activation", nlohmann::json::object());
  ASSERT_EQ(activated.status, 200) << activated.body;
  EXPECT_TRUE(activated.json()["active"].get<bool>());

  // Deactivation: for the office and administrators, a Chinese problem for
  // a model that is unknown or not in force.
  const std::string activation = "/api/v1/listing-models/" + version + "/activation";
  expect_problem(officer.request("DELETE", activation), 403, "forbidden");
  expect_problem(boss.request("DELETE", "/api/v1/listing-models/ft-0000000000000000/activation"),
                 404, "not-found");
  auto off = boss.request("DELETE", activation);
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(off.json()["version"], version);
  EXPECT_FALSE(off.json()["active"].get<bool>());
  EXPECT_TRUE(off.json()["deactivated_at"].is_string()) << off.body;
  auto none = officer.get("/api/v1/listing-models");
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_TRUE(none.json()["active_version"].is_null()) << none.body;
  EXPECT_FALSE(none.json()["items"][0]["active"].get<bool>());
  EXPECT_FALSE(none.json()["items"][0]["deactivated_at"].is_null());

  // The listings handed in now are judged by the rules alone.
  const nlohmann::json post = {
      {"platform", "抖音"}, {"title", "象牙手串 出"}, {"text", "老象牙手串，加V"}};
  auto scanned =
      officer.post_json("/api/v1/listings:scan", {{"listings", nlohmann::json::array({post})}});
  ASSERT_EQ(scanned.status, 200) << scanned.body;
  const std::string listing = std::to_string(scanned.json()["results"][0]["id"].get<long long>());
  auto detail = officer.get("/api/v1/listings/" + listing);
  ASSERT_EQ(detail.status, 200) << detail.body;
  EXPECT_FALSE(detail.json()["explanation"].contains("model")) << detail.body;

  // Again: the same answer (idempotent), audited once.
  auto repeated = boss.request("DELETE", activation);
  ASSERT_EQ(repeated.status, 200) << repeated.body;
  EXPECT_EQ(repeated.json()["deactivated_at"], off.json()["deactivated_at"]);
  auto audit = boss.get("/api/v1/audit?action=listing_model.deactivate");
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_EQ(audit.json()["total"], 1);
  EXPECT_EQ(audit.json()["items"][0]["entity_id"], version);

  // Switched on again: in force, and DELETE works again.
  auto on = boss.post_json(activation, nlohmann::json::object());
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_TRUE(on.json()["deactivated_at"].is_null()) << on.body;
  EXPECT_EQ(officer.get("/api/v1/listing-models").json()["active_version"], version);
}

}  // namespace
}  // namespace qf::api
