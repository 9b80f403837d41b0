// The case workflow over HTTP: register, file, investigate, send to the
// police through 行刑衔接 with its checklist, police steps, close.
#include <gtest/gtest.h>

#include "core/clock.h"
#include "support/test_server.h"

namespace qf::api {
namespace {

using testing::HttpClient;
using testing::TestServer;

const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

long long upload_pdf(HttpClient& c, const std::string& name, int salt) {
  std::string pdf = "%PDF-1.7\n" + std::string(30 + salt, 'a') + "\n%%EOF\n";
  auto r = c.request("POST", "/api/v1/evidence?name=" + name, pdf, {{"Content-Type", "application/pdf"}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json().value("id", 0LL);
}

TEST(CasesApiTest, FromRegistrationThroughCriminalTransferToClosure) {
  TestServer s;
  auto& f = s.fixture();
  f.make_user("lc.officer", Role::kOfficer, "LC");
  f.make_user("lc.leader", Role::kLeader, "LC");
  f.make_user("ga.officer", Role::kOfficer, "GA");
  f.make_user("boss", Role::kOffice, "OFFICE");
  auto officer = s.client_as("lc.officer");
  auto leader = s.client_as("lc.leader");
  auto police = s.client_as("ga.officer");
  auto office = s.client_as("boss");

  nlohmann::json body = {
      {"title", "沙坡头保护区非法猎捕灰鹤案"},
      {"offence_type", "illegal_hunting"},
      {"source", "patrol"},
      {"place_type", "protected_area"},
      {"place_text", "沙坡头国家级自然保护区 腾格里沙漠边缘"},
      {"lon", 104.98},
      {"lat", 37.46},
      {"items", {{{"species", "灰鹤"}, {"count", 2}, {"part", "whole_dead"}, {"origin", "wild"}}}},
      {"parties", {{{"name", "马某"}, {"id_number", "640502198505051234"}, {"phones", "13809551234"}}}}};
  auto created = officer.post_json("/api/v1/cases", body);
  ASSERT_EQ(created.status, 201) << created.body;
  auto c = created.json();
  const std::string id = std::to_string(c["id"].get<long long>());
  EXPECT_EQ(c["state"], "registered");
  EXPECT_EQ(c["number"].get<std::string>().substr(0, 3), "LC-");
  EXPECT_EQ(c["priority"], true);  // killing migratory birds: 从重从快
  EXPECT_EQ(c["parties"][0]["id_number"], "640502198505051234");
  EXPECT_EQ(created.header("etag"), "\"v1\"");

  auto bad = officer.post_json("/api/v1/cases", {{"title", "x"}, {"offence_type", "illegal_hunting"}, {"source", "patrol"},
                                                 {"items", {{{"species", "灰鹤"}, {"count", "two"}}}}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json()["errors"][0]["field"], "items/0/count");

  EXPECT_EQ(officer.post_json("/api/v1/cases/" + id + "/transitions", {{"to", "filed"}}).status, 403);
  ASSERT_EQ(leader.post_json("/api/v1/cases/" + id + "/transitions", {{"to", "filed"}}).status, 200);
  ASSERT_EQ(officer.post_json("/api/v1/cases/" + id + "/transitions", {{"to", "investigating"}}).status, 200);
  EXPECT_EQ(officer.post_json("/api/v1/cases/" + id + "/transitions", {{"to", "transferred_to_police"}}).status, 409);

  auto incomplete = officer.post_json("/api/v1/cases/" + id + "/transfers",
                                      {{"to_department", "GA"}, {"kind", "criminal"}, {"reason", "猎捕国家二级保护野生动物"}});
  ASSERT_EQ(incomplete.status, 422);
  EXPECT_EQ(incomplete.json()["errors"].size(), 4u);
  EXPECT_EQ(police.get("/api/v1/cases/" + id).status, 404);

  nlohmann::json docs = nlohmann::json::array();
  int salt = 0;
  for (const char* kind : {"transfer_letter", "investigation_report", "item_list", "inspection_conclusion"})
    docs.push_back({{"kind", kind}, {"evidence_id", upload_pdf(officer, kind, salt++)}});
  auto sent = officer.post_json("/api/v1/cases/" + id + "/transfers",
                                {{"to_department", "GA"}, {"kind", "criminal"}, {"reason", "猎捕国家二级保护野生动物"}, {"documents", docs}});
  ASSERT_EQ(sent.status, 201) << sent.body;
  const std::string transfer = std::to_string(sent.json()["id"].get<long long>());
  EXPECT_EQ(officer.get("/api/v1/cases/" + id).json()["state"], "transferred_to_police");

  auto notes = police.get("/api/v1/notifications?unread=true");
  ASSERT_EQ(notes.status, 200);
  EXPECT_EQ(notes.json()["total"], 1);

  // The receiver finds what waits for it, reads the case and its documents
  // to decide, and gains no other right before accepting.
  auto incoming = police.get("/api/v1/transfers?direction=incoming&state=requested");
  ASSERT_EQ(incoming.status, 200) << incoming.body;
  const auto waiting = incoming.json();
  ASSERT_EQ(waiting["total"], 1);
  EXPECT_EQ(waiting["items"][0]["case"]["number"], c["number"]);
  EXPECT_EQ(waiting["items"][0]["kind"], "criminal");
  EXPECT_EQ(police.get("/api/v1/transfers?direction=outgoing").json()["total"], 0);
  EXPECT_EQ(officer.get("/api/v1/transfers?direction=outgoing").json()["total"], 1);
  EXPECT_EQ(police.get("/api/v1/transfers?direction=sideways").status, 422);
  ASSERT_EQ(police.get("/api/v1/cases/" + id).status, 200);
  EXPECT_EQ(police.get("/api/v1/cases/" + id + "/timeline").status, 200);
  const std::int64_t letter = docs[0]["evidence_id"];
  EXPECT_EQ(police.get("/api/v1/evidence/" + std::to_string(letter)).status, 200);
  EXPECT_EQ(police.request("PATCH", "/api/v1/cases/" + id, R"({"title":"改"})",
                           {{"Content-Type", "application/json"}, {"If-Match", "\"v9\""}})
                .status,
            404);

  EXPECT_EQ(officer.request("POST", "/api/v1/transfers/" + transfer + "/accept").status, 403);
  auto accepted = police.request("POST", "/api/v1/transfers/" + transfer + "/accept", R"({"note":"已受理"})", kJson);
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  auto seen = police.get("/api/v1/cases/" + id);
  ASSERT_EQ(seen.status, 200);
  EXPECT_EQ(seen.json()["state"], "police_accepted");
  EXPECT_EQ(seen.json()["parties"][0]["id_number"], "6405**********1234");  // masked for the police view
  EXPECT_EQ(police.post_json("/api/v1/transfers/" + transfer + "/return", {{"reason", "晚了"}}).status, 409);

  ASSERT_EQ(police.post_json("/api/v1/cases/" + id + "/transitions", {{"to", "police_filed"}}).status, 200);
  ASSERT_EQ(police.post_json("/api/v1/cases/" + id + "/transitions", {{"to", "prosecuted"}}).status, 200);
  auto closed = leader.post_json("/api/v1/cases/" + id + "/transitions", {{"to", "closed"}});
  ASSERT_EQ(closed.status, 200);
  EXPECT_EQ(closed.json()["state"], "closed");
  EXPECT_EQ(closed.json()["next_states"].size(), 0u);

  auto timeline = office.get("/api/v1/cases/" + id + "/timeline");
  ASSERT_EQ(timeline.status, 200);
  std::vector<std::string> kinds;
  const auto events = timeline.json();
  for (const auto& e : events["items"]) {
    kinds.push_back(e["kind"]);
    if (e["kind"] == "flag") EXPECT_EQ(e["summary"], "从重从快：非法捕杀候鸟（二(四)）");
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"created", "flag", "transition", "transition", "transfer", "transfer",
                                              "transition", "transition", "transition"}));

  // Lists always mask.
  auto list = office.get("/api/v1/cases?q=灰鹤");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json()["total"], 1);
  EXPECT_EQ(list.json()["items"][0]["parties"][0]["id_number"], "6405**********1234");

  auto audit = office.get("/api/v1/audit?entity=case&entity_id=" + id);
  ASSERT_EQ(audit.status, 200);
  // create, five direct transitions, and the two state changes the transfer made
  EXPECT_EQ(audit.json()["total"], 8);
}

TEST(CasesApiTest, StaleVersionAndForeignDepartment) {
  TestServer s;
  auto& f = s.fixture();
  f.make_user("lc.officer", Role::kOfficer, "LC");
  f.make_user("sj.officer", Role::kOfficer, "SJ");
  auto lc = s.client_as("lc.officer");
  auto sj = s.client_as("sj.officer");
  auto created = lc.post_json("/api/v1/cases", {{"title", "花鸟市场出售画眉"}, {"offence_type", "illegal_trade"}, {"source", "market_inspection"}});
  ASSERT_EQ(created.status, 201);
  const std::string path = "/api/v1/cases/" + std::to_string(created.json()["id"].get<long long>());
  EXPECT_EQ(sj.get(path).status, 404);
  EXPECT_EQ(sj.request("PATCH", path, R"({"title":"x"})", {{"Content-Type", "application/json"}, {"If-Match", "\"v1\""}}).status, 404);
  auto ok = lc.request("PATCH", path, R"({"summary":"现场查获画眉 12 只"})", {{"Content-Type", "application/json"}, {"If-Match", "\"v1\""}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(lc.request("PATCH", path, R"({"summary":"y"})", {{"Content-Type", "application/json"}, {"If-Match", "\"v1\""}}).status, 412);
  EXPECT_EQ(lc.get(path).json()["summary"], "现场查获画眉 12 只");
  auto vocab = lc.get("/api/v1/case-vocabulary");
  ASSERT_EQ(vocab.status, 200);
  EXPECT_EQ(vocab.json()["criminal_transfer_checklist"].size(), 5u);
}


namespace qf::api {
namespace {

TEST(SavedFiltersApiTest, OwnAndDepartmentSharedFilters) {
  TestServer s;
  auto& f = s.fixture();
  f.make_user("lc1", Role::kOfficer, "LC");
  f.make_user("lc2", Role::kOfficer, "LC");
  f.make_user("ny1", Role::kOfficer, "NY");
  auto lc1 = s.client_as("lc1");
  auto lc2 = s.client_as("lc2");
  auto ny1 = s.client_as("ny1");
  auto mine = lc1.post_json("/api/v1/saved-filters", {{"entity", "cases"}, {"name", "我的超期案件"}, {"query", "overdue=true"}});
  ASSERT_EQ(mine.status, 201) << mine.body;
  auto shared = lc1.post_json("/api/v1/saved-filters",
                              {{"entity", "cases"}, {"name", "本部门从重从快"}, {"query", "?priority=true"}, {"shared", true}});
  ASSERT_EQ(shared.status, 201);
  EXPECT_EQ(shared.json()["query"], "priority=true");
  EXPECT_EQ(lc1.post_json("/api/v1/saved-filters", {{"entity", "users"}, {"name", "x"}, {"query", ""}}).status, 422);
  EXPECT_EQ(lc1.get("/api/v1/saved-filters?entity=cases").json()["total"], 2);
  EXPECT_EQ(lc2.get("/api/v1/saved-filters").json()["total"], 1);
  EXPECT_EQ(ny1.get("/api/v1/saved-filters").json()["total"], 0);
  const std::string shared_path = "/api/v1/saved-filters/" + std::to_string(shared.json()["id"].get<long long>());
  EXPECT_EQ(lc2.request("DELETE", shared_path).status, 403);
  EXPECT_EQ(ny1.request("DELETE", shared_path).status, 404);
  EXPECT_EQ(lc1.request("DELETE", shared_path).status, 204);
  EXPECT_EQ(lc2.get("/api/v1/saved-filters").json()["total"], 0);
}

}  // namespace
}  // namespace qf::api

// Sorting, the major/mine filters and the registration-time window of the
// case list; the export applies the same parameters.
TEST(CasesApiTest, ListSortsAndFiltersByMajorMineAndTime) {
  TestServer s;
  auto& f = s.fixture();
  f.make_user("lc.officer", Role::kOfficer, "LC");
  f.make_user("lc.other", Role::kOfficer, "LC");
  auto me = s.client_as("lc.officer");
  auto other = s.client_as("lc.other");
  const std::int64_t before = now_ms();
  auto make = [](HttpClient& c, const std::string& title, int suspects) {
    nlohmann::json parties = nlohmann::json::array();
    for (int i = 0; i < suspects; ++i) parties.push_back({{"name", "嫌疑人" + std::to_string(i)}});
    nlohmann::json body = {{"title", title}, {"offence_type", "illegal_trade"}, {"source", "patrol"}};
    if (suspects > 0) body["parties"] = parties;
    auto r = c.post_json("/api/v1/cases", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["number"].get<std::string>();
  };
  const std::string a = make(me, "甲", 0), b = make(other, "乙", 5), c = make(me, "丙", 0);

  auto numbers = [&](const std::string& query) {
    auto r = me.get("/api/v1/cases?" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    const auto page = r.json();
    std::vector<std::string> out;
    for (const auto& item : page["items"]) out.push_back(item["number"]);
    return out;
  };
  EXPECT_EQ(numbers("sort=created"), (std::vector<std::string>{a, b, c}));
  EXPECT_EQ(numbers("sort=-number"), (std::vector<std::string>{c, b, a}));
  EXPECT_EQ(numbers("mine=true&sort=created"), (std::vector<std::string>{a, c}));
  EXPECT_EQ(numbers("major=true"), (std::vector<std::string>{b}));  // more than 3 suspects
  EXPECT_EQ(numbers("created_from=" + std::to_string(now_ms() + 60000)).size(), 0u);
  EXPECT_EQ(numbers("created_from=" + std::to_string(before) + "&created_to=" +
                    std::to_string(now_ms() + 1000))
                .size(),
            3u);
  EXPECT_EQ(me.get("/api/v1/cases?sort=colour").status, 422);
  EXPECT_EQ(me.get("/api/v1/cases?major=maybe").status, 422);
  EXPECT_EQ(me.get("/api/v1/cases?created_from=yesterday").status, 422);
  auto exported = me.get("/api/v1/cases/export?format=csv&mine=true");
  ASSERT_EQ(exported.status, 200);
  EXPECT_EQ(exported.header("x-export-rows"), "2");
}

}  // namespace
}  // namespace qf::api
