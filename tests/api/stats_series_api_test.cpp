// GET /api/v1/stats/series, /api/v1/stats/map and /api/v1/stats.xlsx over
// HTTP on the backend ctest chose: on the demo data the series add up to the
// /api/v1/stats figures of the same period; the map is GeoJSON of located
// points; the workbook downloads; errors are problem+json.
#include <gtest/gtest.h>

#include <set>
#include <tuple>
#include <vector>

#include "core/clock.h"
#include "service/demo_seeder.h"
#include "support/test_server.h"

namespace qf::api {
namespace {

using testing::TestServer;

class StatsSeriesApiTest : public ::testing::Test {
 protected:
  StatsSeriesApiTest() {
    auto& f = s.fixture();
    f.make_user("boss", Role::kOffice, "OFFICE");
    f.make_user("lc-officer", Role::kOfficer, "LC");
    f.make_user("sysadmin", Role::kAdmin, "OFFICE");
    auto seeded = service::DemoSeeder(f.ctx()).seed(service::cli_call_context());
    EXPECT_TRUE(seeded);
    const std::int64_t now = now_ms();
    // Records beside the demo's: seizures (the demo seeder makes none), and
    // transfers and seizures long ago, in a window of their own.
    const std::string lc = std::to_string(f.department_id("LC")),
                      ga = std::to_string(f.department_id("GA")),
                      hg = std::to_string(f.department_id("HG"));
    const std::string recent = std::to_string(now - 3 * kDayMs);
    const std::string old = std::to_string(kOld), older = std::to_string(kOld - 100 * kDayMs);
    auto exec = [&](const std::string& sql) {
      auto ok = f.db().transact([&](soci::session& db) -> Result<bool> {
        db << sql;
        return true;
      });
      EXPECT_TRUE(ok) << sql << ": " << (ok ? "" : ok.error().message);
    };
    for (const auto& [kind, from, to, state, at] :
         std::vector<std::tuple<std::string, std::string, std::string, std::string, std::string>>{
             {"criminal", lc, ga, "accepted", old},
             {"criminal", lc, ga, "returned", old},
             {"handover", ga, lc, "requested", old},
             {"criminal", lc, ga, "requested", older}})
      exec(
          "INSERT INTO transfers (entity, entity_id, kind, from_department_id, to_department_id, "
          "state, requested_by, requested_at) VALUES ('case', 1, '" +
          kind + "', " + from + ", " + to + ", '" + state + "', 1, " + at + ")");
    for (const auto& [type, at] :
         std::vector<std::pair<std::string, std::string>>{{"scales", recent},
                                                          {"raw_ivory", recent},
                                                          {"scales", old},
                                                          {"scales", old},
                                                          {"raw_ivory", old},
                                                          {"skin", older}})
      exec(
          "INSERT INTO seizures (seized_at, product_type, weight_kg, quantity_pieces, "
          "owner_department_id, created_at, updated_at) VALUES (" +
          at + ", '" + type + "', 1.5, 2, " + hg + ", " + at + ", " + at + ")");
    period = "from=" + std::to_string(now - 120 * kDayMs) + "&to=" + std::to_string(now + kDayMs);
  }
  TestServer s;
  std::string period;
  const std::int64_t kOld = now_ms() - 900 * kDayMs;
  // A window around kOld holding only this fixture's records.
  std::string old_window() const {
    return "from=" + std::to_string(kOld - kDayMs) + "&to=" + std::to_string(kOld + kDayMs);
  }
};

TEST_F(StatsSeriesApiTest, SeriesAddUpToTheStatistics) {
  for (const std::string user : {"boss", "lc-officer"}) {
    auto c = s.client_as(user);
    auto stats = c.get("/api/v1/stats?" + period);
    ASSERT_EQ(stats.status, 200) << stats.body;
    std::map<std::string, double> figures;
    const auto stats_json = stats.json();
    for (const auto& sec : stats_json["sections"])
      for (const auto& f : sec["figures"]) figures[f["code"]] = f["value"].get<double>();
    for (const std::string bucket : {"day", "week", "month"}) {
      auto r = c.get("/api/v1/stats/series?" + period + "&bucket=" + bucket);
      ASSERT_EQ(r.status, 200) << r.body;
      const auto j = r.json();
      EXPECT_EQ(j["bucket"], bucket);
      ASSERT_FALSE(j["series"].empty());
      for (const auto& series : j["series"]) {
        const std::string code = series["code"];
        ASSERT_TRUE(figures.count(code)) << code;
        double sum = 0;
        for (const auto& v : series["values"]) sum += v.get<double>();
        EXPECT_NEAR(sum, figures[code], 1e-6) << user << " " << bucket << " " << code;
        EXPECT_EQ(series["values"].size(), j["buckets"].size());
      }
    }
  }
  auto some = s.client_as("boss").get("/api/v1/stats/series?" + period +
                                      "&bucket=month&figures=cases.opened,patrols.km");
  ASSERT_EQ(some.status, 200) << some.body;
  ASSERT_EQ(some.json()["series"].size(), 2u);
  EXPECT_EQ(some.json()["series"][1]["unit"], "千米");
}

// Every drill link of /api/v1/stats is a list whose total is the figure
// (sums such as km, hours, kg, yuan and pieces link to the list of their
// records, whose total is a count, so only counts are compared), for the
// office, a department, and the office narrowed to a department.
TEST_F(StatsSeriesApiTest, EveryDrillLeadsToAListWithTheFigure) {
  const std::set<std::string> sums = {"publicity.attendees",    "patrols.km",
                                      "patrols.hours",          "customs.seizure_weight_kg",
                                      "customs.seizure_pieces", "specimens.count",
                                      "specimens.weight_kg",    "specimens.value_yuan",
                                      "cases.fines_yuan",       "patrols.tools_removed"};
  int checked = 0;
  for (const auto& [user, extra] : std::vector<std::pair<std::string, std::string>>{
           {"boss", ""}, {"lc-officer", ""}, {"boss", "&department=LC"}}) {
    auto c = s.client_as(user);
    auto stats = c.get("/api/v1/stats?" + period + extra);
    ASSERT_EQ(stats.status, 200) << stats.body;
    const auto stats_json = stats.json();
    for (const auto& sec : stats_json["sections"])
      for (const auto& f : sec["figures"]) {
        const std::string code = f["code"];
        if (f["drill"].is_null() || sums.count(code)) continue;
        auto list = c.get(f["drill"].get<std::string>());
        ASSERT_EQ(list.status, 200) << user << " " << code << " " << list.body;
        EXPECT_EQ(list.json()["total"].get<double>(), f["value"].get<double>())
            << user << extra << " " << code << " " << f["drill"];
        ++checked;
        for (const auto& b : f["breakdown"]) {
          if (b["drill"].is_null()) continue;
          auto part = c.get(b["drill"].get<std::string>());
          ASSERT_EQ(part.status, 200) << code << " " << b.dump() << " " << part.body;
          EXPECT_EQ(part.json()["total"].get<double>(), b["value"].get<double>())
              << user << extra << " " << code << " " << b.dump();
        }
      }
  }
  EXPECT_GT(checked, 10);
}

// The list filters the drill links use: transfers by requested_at,
// seizures by seized_at and product type, rectifications by issue date.
TEST_F(StatsSeriesApiTest, ListsFilterByPeriod) {
  auto boss = s.client_as("boss");
  const std::string w = old_window();
  auto criminal = boss.get("/api/v1/transfers?" + w + "&kind=criminal");
  ASSERT_EQ(criminal.status, 200) << criminal.body;
  EXPECT_EQ(criminal.json()["total"], 2);
  EXPECT_EQ(boss.get("/api/v1/transfers?" + w).json()["total"], 3);
  EXPECT_EQ(boss.get("/api/v1/transfers?" + w + "&kind=criminal&state=returned").json()["total"],
            1);
  EXPECT_EQ(boss.get("/api/v1/seizures?" + w).json()["total"], 3);
  EXPECT_EQ(boss.get("/api/v1/seizures?" + w + "&product_type=scales").json()["total"], 2);
  EXPECT_EQ(boss.get("/api/v1/seizures").json()["total"], 6);
  EXPECT_EQ(boss.get("/api/v1/seizures?product_type=nope").status, 422);
  EXPECT_EQ(boss.get("/api/v1/transfers?from=x").status, 422);
  auto orders = boss.get("/api/v1/rectifications?" + period);
  ASSERT_EQ(orders.status, 200) << orders.body;
  EXPECT_LE(orders.json()["total"].get<int>(),
            boss.get("/api/v1/rectifications").json()["total"].get<int>());
  auto none = boss.get("/api/v1/rectifications?from=0&to=1");
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_EQ(none.json()["total"], 0);
}

TEST_F(StatsSeriesApiTest, MapIsGeoJsonOfLocatedPoints) {
  auto r = s.client_as("boss").get("/api/v1/stats/map?" + period);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto j = r.json();
  EXPECT_EQ(j["type"], "FeatureCollection");
  ASSERT_FALSE(j["features"].empty());
  const auto& first = j["features"][0];
  EXPECT_EQ(first["type"], "Feature");
  EXPECT_EQ(first["geometry"]["type"], "Point");
  EXPECT_EQ(first["geometry"]["coordinates"].size(), 2u);
  for (const char* key : {"kind", "kind_label", "id", "label", "date", "link", "api"})
    EXPECT_TRUE(first["properties"].contains(key)) << key;
  // The link's record opens.
  auto record = s.client_as("boss").get(first["properties"]["api"].get<std::string>());
  EXPECT_EQ(record.status, 200) << record.body;
  EXPECT_FALSE(j["truncated"]);
  // Seizures carry an optional point (migration 0018): counted, not set aside.
  EXPECT_TRUE(j["not_located"].empty());

  auto capped =
      s.client_as("boss").get("/api/v1/stats/map?" + period + "&limit=1&kinds=observations");
  ASSERT_EQ(capped.status, 200) << capped.body;
  EXPECT_EQ(capped.json()["features"].size(), 1u);
  EXPECT_TRUE(capped.json()["truncated"]);
}

TEST_F(StatsSeriesApiTest, TheWorkbookDownloads) {
  auto r = s.client_as("lc-officer").get("/api/v1/stats.xlsx?" + period);
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  EXPECT_EQ(r.header("content-type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_NE(r.header("content-disposition").find(".xlsx"), std::string::npos);
  ASSERT_GT(r.body.size(), 4u);
  EXPECT_EQ(r.body.substr(0, 2), "PK");  // a zip container
}

TEST_F(StatsSeriesApiTest, ErrorsAreProblems) {
  auto boss = s.client_as("boss");
  for (const std::string& q : std::vector<std::string>{
           "/api/v1/stats/series?" + period + "&bucket=hour",
           "/api/v1/stats/series?" + period + "&figures=cases.nope",
           "/api/v1/stats/series?from=2020-01-01&to=2021-06-01&bucket=day",
           "/api/v1/stats/series?to=2026-04-01", "/api/v1/stats/map?" + period + "&kinds=zones",
           "/api/v1/stats/map?" + period + "&limit=x", "/api/v1/stats/map?" + period + "&limit=0",
           "/api/v1/stats.xlsx?from=2026-04-01&to=2026-03-01"}) {
    auto r = boss.get(q);
    EXPECT_EQ(r.status, 422) << q << " " << r.body;
    EXPECT_EQ(r.header("content-type").rfind("application/problem+json", 0), 0u) << q;
  }
  EXPECT_EQ(s.client().get("/api/v1/stats/series?" + period).status, 401);
  EXPECT_EQ(s.client_as("sysadmin").get("/api/v1/stats/map?" + period).status, 403);
  EXPECT_EQ(s.client_as("sysadmin").get("/api/v1/stats.xlsx?" + period).status, 403);
}

}  // namespace
}  // namespace qf::api
