// The lexicon editor's API on the backend ctest chose: read with its ETag,
// check, trial scan, save with If-Match (stale, missing, unchanged, broken
// refused as problem+json), a platform's next batch scanned with the new
// revision, history and one revision.
#include <gtest/gtest.h>

#include "support/test_server.h"

namespace qf::api {
namespace {

using testing::HttpClient;
using testing::HttpResult;
using testing::TestServer;

const char* kNewTerm = "鸟王神器";

void expect_problem(const HttpResult& r, int status, const std::string& type) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.header("content-type").rfind("application/problem+json", 0), 0u) << r.body;
  EXPECT_EQ(r.json().value("type", ""), "https://qingfeng.invalid/problems/" + type) << r.body;
}

bool has_hit(const nlohmann::json& explanation, const std::string& term) {
  for (const auto& h : explanation["hits"])
    if (h.value("term", "") == term) return true;
  return false;
}

nlohmann::json with_new_tool(nlohmann::json files, const std::string& line) {
  for (auto& f : files)
    if (f["name"] == "tools.txt") f["content"] = f["content"].get<std::string>() + line + "\n";
  return files;
}

HttpResult put_lexicon(HttpClient& c, const nlohmann::json& body, const std::string& etag) {
  std::map<std::string, std::string> h = {{"Content-Type", "application/json"}};
  if (!etag.empty()) h["If-Match"] = etag;
  return c.request("PUT", "/api/v1/lexicon", body.dump(), h);
}

class LexiconApiTest : public ::testing::Test {
 protected:
  LexiconApiTest() {
    auto& f = s.fixture();
    f.make_user("boss", Role::kOffice, "OFFICE");
    f.make_user("wx-officer", Role::kOfficer, "WX");
    f.make_user("ga-officer", Role::kOfficer, "GA");
  }
  TestServer s;
};

TEST_F(LexiconApiTest, EditCheckTrySaveAndTheNextBatchUsesIt) {
  auto boss = s.client_as("boss");
  auto current = boss.get("/api/v1/lexicon");
  ASSERT_EQ(current.status, 200) << current.body;
  EXPECT_EQ(current.header("etag"), "\"v0\"");
  const auto files = current.json()["files"];
  ASSERT_GT(files.size(), 5u);

  // Check and trial: nothing saved.
  auto checked =
      boss.post_json("/api/v1/lexicon:check", {{"files", with_new_tool(files, kNewTerm)}});
  ASSERT_EQ(checked.status, 200) << checked.body;
  EXPECT_EQ(checked.json()["terms"], current.json()["terms"].get<int>() + 1);
  EXPECT_FALSE(checked.json().contains("files"));
  auto broken = boss.post_json("/api/v1/lexicon:check",
                               {{"files", with_new_tool(files, "鸟王神器 colour=red")}});
  expect_problem(broken, 422, "invalid-input");
  auto trial = boss.post_json("/api/v1/lexicon:trial", {{"text", std::string("出售") + kNewTerm},
                                                        {"files", with_new_tool(files, kNewTerm)}});
  ASSERT_EQ(trial.status, 200) << trial.body;
  EXPECT_TRUE(has_hit(trial.json(), kNewTerm));

  // Save: If-Match required and must be the revision edited.
  const nlohmann::json body = {{"files", with_new_tool(files, kNewTerm)},
                               {"note", "新出现的诱捕器俗称"}};
  expect_problem(put_lexicon(boss, body, ""), 428, "precondition-required");
  expect_problem(put_lexicon(boss, body, "\"v3\""), 412, "precondition-failed");
  auto saved = put_lexicon(boss, body, "\"v0\"");
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(saved.header("etag"), "\"v1\"");
  EXPECT_EQ(saved.json()["revision"], 1);
  expect_problem(put_lexicon(boss, body, "\"v0\""), 412, "precondition-failed");
  expect_problem(put_lexicon(boss, body, "\"v1\""), 409, "conflict");

  // The next batch handed in is scanned with revision 1.
  auto wx = s.client_as("wx-officer");
  auto batch =
      wx.post_json("/api/v1/listings:scan", {{"listings",
                                              {{{"platform", "闲鱼"},
                                                {"external_id", "n1"},
                                                {"url", "https://example.invalid/item/n1"},
                                                {"text", std::string("出售") + kNewTerm}}}}});
  ASSERT_EQ(batch.status, 200) << batch.body;
  EXPECT_EQ(batch.json()["lexicon_version"], saved.json()["lexicon_version"]);
  const auto item = batch.json()["results"][0];
  auto listing = wx.get("/api/v1/listings/" + std::to_string(item["id"].get<long long>()));
  ASSERT_EQ(listing.status, 200) << listing.body;
  EXPECT_TRUE(has_hit(listing.json()["explanation"], kNewTerm)) << listing.body;

  auto history = wx.get("/api/v1/lexicon/revisions");
  ASSERT_EQ(history.status, 200) << history.body;
  EXPECT_EQ(history.json()["total"], 1);
  EXPECT_EQ(history.json()["items"][0]["note"], "新出现的诱捕器俗称");
  EXPECT_EQ(history.json()["items"][0]["created_by"], "boss");
  auto zero = wx.get("/api/v1/lexicon/revisions/0");
  ASSERT_EQ(zero.status, 200);
  EXPECT_FALSE(zero.json()["in_force"].get<bool>());
  expect_problem(wx.get("/api/v1/lexicon/revisions/7"), 404, "not-found");
  expect_problem(wx.get("/api/v1/lexicon/revisions/-1"), 404, "not-found");
}

TEST_F(LexiconApiTest, BadInputAndForbiddenActionsChangeNothing) {
  auto boss = s.client_as("boss");
  const auto files = boss.get("/api/v1/lexicon").json()["files"];
  auto not_json =
      boss.request("PUT", "/api/v1/lexicon",
                   "{files:", {{"Content-Type", "application/json"}, {"If-Match", "\"v0\""}});
  EXPECT_EQ(not_json.status, 400) << not_json.body;
  auto wrong_type = put_lexicon(boss, {{"files", "species.txt"}, {"note", "x"}}, "\"v0\"");
  expect_problem(wrong_type, 422, "invalid-input");
  auto unknown = put_lexicon(boss, {{"files", files}, {"note", "x"}, {"colour", 1}}, "\"v0\"");
  expect_problem(unknown, 422, "invalid-input");
  auto wx = s.client_as("wx-officer");
  expect_problem(
      put_lexicon(wx, {{"files", with_new_tool(files, kNewTerm)}, {"note", "想加"}}, "\"v0\""), 403,
      "forbidden");
  expect_problem(s.client_as("ga-officer").get("/api/v1/lexicon"), 403, "forbidden");
  EXPECT_EQ(boss.get("/api/v1/lexicon/revisions").json()["total"], 0);
}

}  // namespace
}  // namespace qf::api
