// GET /api/v1/stats over HTTP, on the backend ctest chose: the answer's
// shape, drill links that lead to lists whose totals equal the figures (for
// the office and for a 林草 officer), period and parameter errors as
// problem+json, and who may ask.
#include <gtest/gtest.h>

#include "core/clock.h"
#include "support/test_server.h"

namespace qf::api {
namespace {

using testing::HttpResult;
using testing::TestServer;

const std::int64_t kFrom = *parse_china_date("2026-03-01");
const std::int64_t kTo = *parse_china_date("2026-04-01");
const std::int64_t kIn = kFrom + 3 * kDayMs;

class StatsApiTest : public ::testing::Test {
 protected:
  StatsApiTest() {
    auto& f = s.fixture();
    f.make_user("boss", Role::kOffice, "OFFICE");
    f.make_user("lc-officer", Role::kOfficer, "LC");
    f.make_user("sysadmin", Role::kAdmin, "OFFICE");
    int seq = 0;
    auto add_case = [&](const std::string& dept, const std::string& offence, std::int64_t at) {
      const std::string n = std::to_string(++seq);
      exec(
          "INSERT INTO cases (number, title, offence_type, source, state, owner_department_id, "
          "created_at, updated_at) VALUES ('C-" +
          n + "', '案件', '" + offence + "', 'tip', 'filed', " +
          std::to_string(f.department_id(dept)) + ", " + std::to_string(at) + ", " +
          std::to_string(at) + ")");
    };
    add_case("LC", "illegal_hunting", kIn);
    add_case("LC", "illegal_trade", kIn);
    add_case("NY", "illegal_fishing", kIn);
    add_case("LC", "illegal_hunting", kFrom - kDayMs);  // before the period
  }
  void exec(const std::string& sql) {
    auto ok = s.fixture().db().transact([&](soci::session& db) -> Result<bool> {
      db << sql;
      return true;
    });
    ASSERT_TRUE(ok) << ok.error().message;
  }
  static const nlohmann::json* figure(const nlohmann::json& stats, const std::string& code) {
    for (const auto& sec : stats["sections"])
      for (const auto& f : sec["figures"])
        if (f["code"] == code) return &f;
    return nullptr;
  }
  TestServer s;
};

const std::string kPeriod = "from=2026-03-01&to=2026-04-01";

TEST_F(StatsApiTest, ShapeAndDrillLinksMatchTheLists) {
  auto boss = s.client_as("boss");
  auto r = boss.get("/api/v1/stats?" + kPeriod);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto j = r.json();
  EXPECT_EQ(j["period"]["from"], kFrom);
  EXPECT_EQ(j["period"]["to"], kTo);
  EXPECT_EQ(j["scope"], "all");
  EXPECT_TRUE(j["department"].is_null());
  ASSERT_TRUE(j["sections"].is_array());
  for (const char* key : {"ranking", "omitted", "not_counted"}) EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_FALSE(j["ranking"]["columns"].empty());
  EXPECT_EQ(j["ranking"]["rows"][0]["department_code"], "OFFICE");
  const auto* opened = figure(j, "cases.opened");
  ASSERT_NE(opened, nullptr);
  EXPECT_EQ((*opened)["value"], 3);
  EXPECT_EQ((*opened)["unit"], "件");
  ASSERT_TRUE((*opened)["drill"].is_string());
  // The drill link is a working list query with the same total.
  auto list = boss.get((*opened)["drill"].get<std::string>());
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json()["total"], 3);
  for (const auto& b : (*opened)["breakdown"]) {
    auto part = boss.get(b["drill"].get<std::string>());
    ASSERT_EQ(part.status, 200) << part.body;
    EXPECT_EQ(part.json()["total"], b["value"]) << b.dump();
  }
  // A figure no list reproduces has a null drill.
  EXPECT_TRUE((*figure(j, "cases.closed"))["drill"].is_null());

  // Epoch milliseconds work as well as dates; a department narrows.
  auto ny = boss.get("/api/v1/stats?from=" + std::to_string(kFrom) + "&to=" + std::to_string(kTo) +
                     "&department=NY");
  ASSERT_EQ(ny.status, 200) << ny.body;
  const auto ny_stats = ny.json();
  const auto* ny_opened = figure(ny_stats, "cases.opened");
  EXPECT_EQ((*ny_opened)["value"], 1);
  auto ny_list = boss.get((*ny_opened)["drill"].get<std::string>());
  EXPECT_EQ(ny_list.json()["total"], 1);
}

TEST_F(StatsApiTest, LinCaoOfficerCountsItsOwnCases) {
  auto lc = s.client_as("lc-officer");
  auto r = lc.get("/api/v1/stats?" + kPeriod);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto j = r.json();
  EXPECT_EQ(j["scope"], "visible_to_department");
  const auto* opened = figure(j, "cases.opened");
  EXPECT_EQ((*opened)["value"], 2);
  auto list = lc.get((*opened)["drill"].get<std::string>());
  EXPECT_EQ(list.json()["total"], 2);
  EXPECT_EQ(figure(j, "intake.events"), nullptr);
}

TEST_F(StatsApiTest, BadPeriodsAndCallersAreProblems) {
  auto boss = s.client_as("boss");
  for (const std::string q : {"from=2026-04-01&to=2026-03-01", "to=2026-04-01", "from=2026-03-01",
                              "from=yesterday&to=2026-04-01", "from=2020-01-01&to=2026-04-01",
                              "from=2026-03-01&to=2026-04-01&department=NOPE",
                              "from=2026-03-01&to=2026-04-01&township=%E9%95%87"}) {
    auto r = boss.get("/api/v1/stats?" + q);
    EXPECT_EQ(r.status, 422) << q << " " << r.body;
    EXPECT_EQ(r.header("content-type").rfind("application/problem+json", 0), 0u) << q;
  }
  EXPECT_EQ(s.client().get("/api/v1/stats?" + kPeriod).status, 401);
  EXPECT_EQ(s.client_as("sysadmin").get("/api/v1/stats?" + kPeriod).status, 403);
}

}  // namespace
}  // namespace qf::api
