// Publicity records and periodic reporting over HTTP, on the backend ctest
// chose: shapes and ETags, field errors, If-Match on changes, 404 for
// another department's records, the statistics' publicity drill links
// leading to lists whose totals (and attendees) equal the figures, and a
// report's whole path — draft, submit, 409 on a wrong step, return with a
// reason, correction, resubmission, the office's period view, reminders and
// acceptance.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/clock.h"
#include "support/test_server.h"

namespace qf::api {
namespace {

using testing::HttpResult;
using testing::TestServer;

const std::int64_t kFrom = *parse_china_date("2026-03-01");
const std::int64_t kTo = *parse_china_date("2026-04-01");
const std::int64_t kIn = kFrom + 3 * kDayMs;
const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

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

std::map<std::string, std::string> if_match(const std::string& etag) {
  auto h = kJson;
  h["If-Match"] = etag;
  return h;
}

nlohmann::json event(const std::string& kind, std::int64_t at, std::int64_t attendees) {
  return {{"kind", kind},        {"title", "宣传活动"}, {"held_at", at},
          {"place", "沙坡头区"}, {"audience", "群众"},  {"attendees", attendees}};
}

class ReportingApiTest : public ::testing::Test {
 protected:
  ReportingApiTest() {
    auto& f = s.fixture();
    f.make_user("boss", Role::kOffice, "OFFICE");
    f.make_user("lc-officer", Role::kOfficer, "LC");
    f.make_user("lc-leader", Role::kLeader, "LC");
    f.make_user("ny-officer", Role::kOfficer, "NY");
    f.make_user("sysadmin", Role::kAdmin, "OFFICE");
  }
  static const nlohmann::json* figure(const nlohmann::json& stats, const std::string& code) {
    for (const auto& sec : stats["sections"])
      for (const auto& f : sec["figures"])
        if (f["code"] == code) return &f;
    return nullptr;
  }
  TestServer s;
};

TEST_F(ReportingApiTest, PublicityRecordsAndTheirFigures) {
  auto lc = s.client_as("lc-officer");
  auto created = lc.post_json("/api/v1/publicity-events", event("training", kIn, 40));
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("etag"), "\"v1\"");
  const auto c = created.json();
  EXPECT_EQ(c["kind_label"], "培训");
  EXPECT_EQ(c["organiser_department"], "LC");
  EXPECT_EQ(c["can_edit"], true);
  const std::string path = "/api/v1/publicity-events/" + std::to_string(c["id"].get<long long>());
  ASSERT_EQ(lc.post_json("/api/v1/publicity-events", event("poster", kIn, 300)).status, 201);
  ASSERT_EQ(lc.post_json("/api/v1/publicity-events", event("media", kTo + 1, 0)).status, 201);
  auto ny = s.client_as("ny-officer");
  ASSERT_EQ(ny.post_json("/api/v1/publicity-events", event("announcement", kIn, 900)).status, 201);

  auto bad = event("party", kIn, -1);
  bad["colour"] = "red";
  bad["evidence_ids"] = {0};
  auto refused = lc.post_json("/api/v1/publicity-events", bad);
  expect_problem(refused, 422, "invalid-input");
  for (const char* field : {"colour", "attendees", "evidence_ids/0"})
    EXPECT_TRUE(has_field_error(refused, field)) << field << " " << refused.body;

  auto list = lc.get("/api/v1/publicity-events?kind=training,poster&page_size=1");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json()["total"], 2);
  EXPECT_EQ(list.json()["attendees"], 340);
  EXPECT_EQ(list.json()["items"].size(), 1u);
  EXPECT_EQ(lc.get("/api/v1/publicity-events?q=%E5%AE%A3%E4%BC%A0").json()["total"], 3);
  expect_problem(lc.get("/api/v1/publicity-events?kind=party"), 422, "invalid-input");
  expect_problem(lc.get("/api/v1/publicity-events?from=soon"), 422, "invalid-input");
  expect_problem(ny.get(path), 404, "not-found");
  expect_problem(s.client_as("sysadmin").get("/api/v1/publicity-events"), 403, "forbidden");

  // Changes need If-Match.
  expect_problem(lc.request("PATCH", path, R"({"attendees":41})", kJson), 428,
                 "precondition-required");
  auto changed = lc.request("PATCH", path, R"({"attendees":41})", if_match("\"v1\""));
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.header("etag"), "\"v2\"");
  EXPECT_EQ(changed.json()["attendees"], 41);
  expect_problem(lc.request("PATCH", path, R"({"attendees":42})", if_match("\"v1\"")), 412,
                 "precondition-failed");
  expect_problem(ny.request("PATCH", path, R"({"attendees":42})", if_match("\"v2\"")), 404,
                 "not-found");

  // The statistics count them; every drill leads to the same number.
  auto boss = s.client_as("boss");
  auto stats = boss.get("/api/v1/stats?from=2026-03-01&to=2026-04-01");
  ASSERT_EQ(stats.status, 200) << stats.body;
  const auto j = stats.json();
  const auto* events = figure(j, "publicity.events");
  const auto* trainings = figure(j, "publicity.trainings");
  const auto* attendees = figure(j, "publicity.attendees");
  ASSERT_TRUE(events && trainings && attendees) << stats.body;
  EXPECT_EQ((*events)["value"], 2);
  EXPECT_EQ((*trainings)["value"], 1);
  EXPECT_EQ((*attendees)["value"], 41);
  EXPECT_EQ(boss.get((*events)["drill"].get<std::string>()).json()["total"], 2);
  EXPECT_EQ(boss.get((*trainings)["drill"].get<std::string>()).json()["total"], 1);
  EXPECT_EQ(boss.get((*attendees)["drill"].get<std::string>()).json()["attendees"], 41);
  for (const auto& b : (*events)["breakdown"])
    EXPECT_EQ(boss.get(b["drill"].get<std::string>()).json()["total"], b["value"]) << b.dump();
  // For 林草 itself, and with a department filter.
  auto mine = lc.get("/api/v1/stats?from=2026-03-01&to=2026-04-01").json();
  EXPECT_EQ((*figure(mine, "publicity.events"))["value"], 1);
  EXPECT_EQ(lc.get((*figure(mine, "publicity.events"))["drill"].get<std::string>()).json()["total"],
            1);
  auto ny_stats = boss.get("/api/v1/stats?from=2026-03-01&to=2026-04-01&department=NY").json();
  const auto* ny_events = figure(ny_stats, "publicity.events");
  EXPECT_EQ((*ny_events)["value"], 1);
  EXPECT_EQ(boss.get((*ny_events)["drill"].get<std::string>()).json()["total"], 1);
  bool ranked = false;
  for (const auto& col : j["ranking"]["columns"])
    if (col["code"] == "publicity.trainings") ranked = col["group"] == "宣传培训";
  EXPECT_TRUE(ranked);
}

TEST_F(ReportingApiTest, AReportFromDraftToAcceptance) {
  auto boss = s.client_as("boss");
  auto lc = s.client_as("lc-officer");
  const nlohmann::json period = {{"kind", "monthly"},
                                 {"title", "2026年3月月报"},
                                 {"period_from", kFrom},
                                 {"period_to", kTo},
                                 {"due_at", kTo + 5 * kDayMs}};
  expect_problem(lc.post_json("/api/v1/report-periods", period), 403, "forbidden");
  auto bad_period = period;
  bad_period["due_at"] = kFrom - 1;
  bad_period["extra"] = 1;
  auto refused = boss.post_json("/api/v1/report-periods", bad_period);
  expect_problem(refused, 422, "invalid-input");
  EXPECT_TRUE(has_field_error(refused, "extra")) << refused.body;
  auto created = boss.post_json("/api/v1/report-periods", period);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json()["counts"]["owed"], 8);
  EXPECT_EQ(created.json()["kind_label"], "月报");
  const std::string base =
      "/api/v1/report-periods/" + std::to_string(created.json()["id"].get<long long>());
  const std::string mine = base + "/submissions/LC";

  auto preview = lc.get(mine);
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(preview.json()["state"], "missing");
  EXPECT_EQ(preview.json()["figures_preview"], true);
  EXPECT_TRUE(preview.json()["figures"]["sections"].is_array());
  expect_problem(s.client_as("ny-officer").get(mine), 404, "not-found");
  expect_problem(lc.get(base + "/submissions/NOPE"), 404, "not-found");

  // The first save needs no If-Match; later ones do.
  auto draft = lc.request("PUT", mine, R"({"body":""})", kJson);
  ASSERT_EQ(draft.status, 200) << draft.body;
  EXPECT_EQ(draft.json()["state"], "draft");
  EXPECT_EQ(draft.header("etag"), "\"v1\"");
  expect_problem(lc.request("PUT", mine, R"({"body":"x"})", kJson), 428, "precondition-required");
  expect_problem(lc.request("PUT", mine, R"({"body":1})", if_match("\"v1\"")), 422,
                 "invalid-input");
  expect_problem(lc.post_json(mine + "/submit", nlohmann::json::object()), 422, "invalid-input");
  auto written = lc.request("PUT", mine, R"({"body":"一、工作开展情况……"})", if_match("\"v1\""));
  ASSERT_EQ(written.status, 200) << written.body;
  auto submitted = lc.request("POST", mine + "/submit", "", if_match("\"v2\""));
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(submitted.json()["state"], "submitted");
  EXPECT_EQ(submitted.json()["state_label"], "已提交");
  const auto first = submitted.json()["first_submitted_at"].get<long long>();
  EXPECT_GT(first, 0);

  // Wrong steps are 409 with a Chinese explanation.
  expect_problem(lc.request("PUT", mine, R"({"body":"改"})", if_match("\"v3\"")), 409, "conflict");
  expect_problem(lc.post_json(mine + "/submit", nlohmann::json::object()), 409, "conflict");
  expect_problem(boss.post_json(base + "/submissions/NY/accept", nlohmann::json::object()), 409,
                 "conflict");
  expect_problem(lc.post_json(mine + "/return", {{"reason", "x"}}), 403, "forbidden");
  auto no_reason = boss.post_json(mine + "/return", nlohmann::json::object());
  expect_problem(no_reason, 422, "invalid-input");
  EXPECT_TRUE(has_field_error(no_reason, "reason")) << no_reason.body;

  auto returned = boss.post_json(mine + "/return", {{"reason", "请补充培训情况"}});
  ASSERT_EQ(returned.status, 200) << returned.body;
  EXPECT_EQ(returned.json()["state"], "returned");
  auto notes = lc.get("/api/v1/notifications");
  ASSERT_EQ(notes.status, 200) << notes.body;
  ASSERT_FALSE(notes.json()["items"].empty()) << notes.body;
  EXPECT_EQ(notes.json()["items"][0]["kind"], "report_returned");

  const std::string etag = returned.header("etag");
  auto corrected =
      lc.request("PUT", mine, R"({"body":"一、工作开展情况（已补充）"})", if_match(etag));
  ASSERT_EQ(corrected.status, 200) << corrected.body;
  auto again = lc.post_json(mine + "/submit", nlohmann::json::object());
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["first_submitted_at"], first);

  // The office's view: who has submitted, who not, who is overdue.
  auto view = boss.get(base);
  ASSERT_EQ(view.status, 200) << view.body;
  const auto v = view.json();
  EXPECT_EQ(v["departments"].size(), 8u);
  EXPECT_EQ(v["counts"]["submitted"], 1);
  EXPECT_EQ(v["counts"]["not_submitted"], 7);
  EXPECT_EQ(v["counts"]["overdue"], 7);
  for (const auto& d : v["departments"])
    if (d["department_code"] == "LC") EXPECT_EQ(d["state"], "submitted");
  auto list = lc.get("/api/v1/report-periods");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json()["total"], 1);
  EXPECT_EQ(list.json()["items"][0]["departments"].size(), 1u);

  auto reminded = boss.post_json(base + "/reminders", nlohmann::json::object());
  ASSERT_EQ(reminded.status, 201) << reminded.body;
  EXPECT_EQ(reminded.json()["departments"], 1);  // 农业农村: the only one with staff here
  EXPECT_EQ(reminded.json()["users"], 1);
  expect_problem(lc.post_json(base + "/reminders", nlohmann::json::object()), 403, "forbidden");

  auto accepted = boss.post_json(mine + "/accept", nlohmann::json::object());
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(accepted.json()["state"], "accepted");
  expect_problem(boss.post_json(mine + "/accept", nlohmann::json::object()), 409, "conflict");
  expect_problem(s.client_as("sysadmin").get(base), 403, "forbidden");
  expect_problem(boss.get("/api/v1/report-periods/999999"), 404, "not-found");
}

}  // namespace
}  // namespace qf::api
