// The evaluation and supervision routes over HTTP, on the backend ctest
// chose: indicators with ETag/If-Match, a run whose drill link is a working
// list query, the Excel table (a zip with both sheets), supervision visits
// with row-level 404s, and problem+json errors.
#include <gtest/gtest.h>

#include "core/clock.h"
#include "support/test_server.h"

namespace qf::api {
namespace {

using testing::TestServer;

const std::int64_t kFrom = *parse_china_date("2026-03-01");
const std::int64_t kIn = kFrom + 3 * kDayMs;

class EvaluationApiTest : public ::testing::Test {
 protected:
  EvaluationApiTest() {
    auto& f = s.fixture();
    f.make_user("boss", Role::kOffice, "OFFICE");
    f.make_user("watcher", Role::kInspector, "ZF");
    f.make_user("lc-leader", Role::kLeader, "LC");
    f.make_user("wx-officer", Role::kOfficer, "WX");
    for (const char* state : {"closed", "filed"})
      exec(
          "INSERT INTO cases (number, title, offence_type, source, state, owner_department_id, "
          "created_at, updated_at) VALUES ('C-" +
          std::string(state) + "', '案件', 'illegal_trade', 'tip', '" + state + "', " +
          std::to_string(f.department_id("LC")) + ", " + std::to_string(kIn) + ", " +
          std::to_string(kIn) + ")");
  }
  void exec(const std::string& sql) {
    auto ok = s.fixture().db().transact([&](soci::session& db) -> Result<bool> {
      db << sql;
      return true;
    });
    ASSERT_TRUE(ok) << ok.error().message;
  }
  TestServer s;
};

TEST_F(EvaluationApiTest, IndicatorsRunDrillAndExcel) {
  auto boss = s.client_as("boss");
  auto got = boss.get("/api/v1/evaluation/indicators");
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.header("etag"), "\"v0\"");
  EXPECT_EQ(got.json()["version"], 0);

  nlohmann::json body = {{"indicators", {{{"code", "reports.on_time"}, {"weight", 0}}}}};
  auto no_match = boss.request("PUT", "/api/v1/evaluation/indicators", body.dump(),
                               {{"Content-Type", "application/json"}});
  EXPECT_EQ(no_match.status, 428) << no_match.body;
  auto put = boss.request("PUT", "/api/v1/evaluation/indicators", body.dump(),
                          {{"Content-Type", "application/json"}, {"If-Match", "\"v0\""}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json()["version"], 1);
  auto stale = boss.request("PUT", "/api/v1/evaluation/indicators", body.dump(),
                            {{"Content-Type", "application/json"}, {"If-Match", "\"v0\""}});
  EXPECT_EQ(stale.status, 412) << stale.body;
  nlohmann::json unknown = {{"indicators", {{{"code", "tips.on_time"}, {"weight", 5}, {"x", 1}}}}};
  auto bad = boss.request("PUT", "/api/v1/evaluation/indicators", unknown.dump(),
                          {{"Content-Type", "application/json"}, {"If-Match", "\"v1\""}});
  EXPECT_EQ(bad.status, 422) << bad.body;

  auto run = boss.post_json("/api/v1/evaluation/runs",
                            {{"title", "三月考核"}, {"from", "2026-03-01"}, {"to", "2026-04-01"}});
  ASSERT_EQ(run.status, 201) << run.body;
  const auto j = run.json();
  EXPECT_EQ(j["indicator_version"], 1);
  const nlohmann::json* lc = nullptr;
  for (const auto& d : j["departments"])
    if (d["department_code"] == "LC") lc = &d;
  ASSERT_NE(lc, nullptr);
  const nlohmann::json* closure = nullptr;
  for (const auto& sc : (*lc)["scores"])
    if (sc["code"] == "cases.closure_rate") closure = &sc;
  ASSERT_NE(closure, nullptr);
  EXPECT_EQ((*closure)["score"], 50);
  // The drill link is a working list query holding the denominator's records.
  auto list = boss.get((*closure)["drills"][0]["href"].get<std::string>());
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json()["total"], (*closure)["denominator"]);

  const std::string id = std::to_string(j["id"].get<std::int64_t>());
  auto leader = s.client_as("lc-leader");
  auto read = leader.get("/api/v1/evaluation/runs/" + id);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.json()["departments"], j["departments"]);
  auto runs = leader.get("/api/v1/evaluation/runs");
  ASSERT_EQ(runs.status, 200);
  EXPECT_EQ(runs.json()["total"], 1);

  auto xlsx = leader.get("/api/v1/evaluation/runs/" + id + ".xlsx");
  ASSERT_EQ(xlsx.status, 200) << xlsx.body;
  EXPECT_NE(xlsx.header("content-type").find("spreadsheetml"), std::string::npos);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_NE(xlsx.header("content-disposition").find("evaluation-" + id + ".xlsx"),
            std::string::npos);

  // An officer may not read rankings; the inspector may not run one.
  EXPECT_EQ(s.client_as("wx-officer").get("/api/v1/evaluation/runs").status, 403);
  EXPECT_EQ(s.client_as("watcher")
                .post_json("/api/v1/evaluation/runs",
                           {{"title", "x"}, {"from", "2026-03-01"}, {"to", "2026-04-01"}})
                .status,
            403);
  auto bad_period = boss.post_json("/api/v1/evaluation/runs",
                                   {{"title", "x"}, {"from", "2026-04-01"}, {"to", "2026-03-01"}});
  EXPECT_EQ(bad_period.status, 422) << bad_period.body;
  EXPECT_EQ(boss.get("/api/v1/evaluation/runs/999").status, 404);
}

TEST_F(EvaluationApiTest, SupervisionVisits) {
  auto watcher = s.client_as("watcher");
  nlohmann::json visit = {{"visited_at", kIn},
                          {"members", {"周组长", "钱督导"}},
                          {"departments", {{{"department", "LC"}, {"outcome", "praise"}}}},
                          {"findings", "巡护到位"},
                          {"rectification", ""},
                          {"evidence_ids", nlohmann::json::array()}};
  auto created = watcher.post_json("/api/v1/supervision-visits", visit);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto v = created.json();
  EXPECT_EQ(v["departments"][0]["outcome_label"], "表扬");
  const std::string path = "/api/v1/supervision-visits/" + std::to_string(v["id"].get<int>());

  EXPECT_EQ(s.client_as("lc-leader").get(path).status, 200);
  EXPECT_EQ(s.client_as("wx-officer").get(path).status, 404);
  EXPECT_EQ(s.client_as("wx-officer").get("/api/v1/supervision-visits").json()["total"], 0);

  auto patch = watcher.request("PATCH", path, R"({"findings":"巡护到位，记录完整"})",
                               {{"Content-Type", "application/json"}, {"If-Match", "\"v1\""}});
  ASSERT_EQ(patch.status, 200) << patch.body;
  EXPECT_EQ(patch.json()["version"], 2);
  auto by_leader = s.client_as("lc-leader")
                       .request("PATCH", path, R"({"findings":"x"})",
                                {{"Content-Type", "application/json"}, {"If-Match", "\"v2\""}});
  EXPECT_EQ(by_leader.status, 403);

  visit["departments"] = {{{"department", "LC"}, {"outcome", "scolding"}}};
  auto bad = watcher.post_json("/api/v1/supervision-visits", visit);
  EXPECT_EQ(bad.status, 422) << bad.body;
  visit["surprise"] = 1;
  EXPECT_EQ(watcher.post_json("/api/v1/supervision-visits", visit).status, 422);
}

}  // namespace
}  // namespace qf::api
