// The listing classifier's models over HTTP, on the backend ctest chose:
// the list (empty, then with the model in force and its measures), training
// from the reviewers' decisions (refused below the minimum, for the office
// and administrators only, unknown fields refused) and activation.
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
}

}  // namespace
}  // namespace qf::api
