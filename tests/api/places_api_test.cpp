// Places and joint inspections over HTTP, on the backend ctest chose: the
// registry with If-Match and the CSV import, a joint group, the checklist,
// an inspection of a farm over its licence that becomes a case, and a
// rectification order with its recheck — with the JSON shapes the web pages
// rely on, permissions, and bad input answered as problem+json.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/clock.h"
#include "support/test_server.h"

namespace qf::api {
namespace {

using testing::HttpClient;
using testing::HttpResult;
using testing::TestServer;

constexpr std::int64_t kDay = 86'400'000LL;

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

std::string id_of(const nlohmann::json& j) { return std::to_string(j["id"].get<long long>()); }

class PlacesApiTest : public ::testing::Test {
 protected:
  PlacesApiTest() {
    auto& f = s.fixture();
    f.make_user("boss", Role::kOffice, "OFFICE");
    sj_id = f.make_user("sj-officer", Role::kOfficer, "SJ").id;
    lc_id = f.make_user("lc-officer", Role::kOfficer, "LC").id;
    ga_id = f.make_user("ga-officer", Role::kOfficer, "GA").id;
    f.make_user("jt-officer", Role::kOfficer, "JT");
    f.make_user("ny-officer", Role::kOfficer, "NY");
  }

  nlohmann::json farm_body() {
    const std::int64_t now = now_ms();
    return {{"place_type", "breeding_farm"},
            {"name", "宣和梅花鹿养殖场"},
            {"address", "宣和镇宣和村六组"},
            {"township", "宣和镇"},
            {"lon", 105.3187},
            {"lat", 37.4452},
            {"operator", "宁夏某某鹿业有限公司"},
            {"contact_phone", "0955-7000006"},
            {"business_licence_no", "91640502MA7DEMO006"},
            {"licences",
             {{{"licence_no", "宁林繁字〔2024〕第017号"},
               {"issuer", "宁夏回族自治区林业和草原局"},
               {"valid_from", now - 300 * kDay},
               {"valid_to", now + 300 * kDay},
               {"species", {{{"species", "梅花鹿"}, {"quantity", 20}}}}}}}};
  }

  TestServer s;
  std::int64_t sj_id = 0, lc_id = 0, ga_id = 0;
};

TEST_F(PlacesApiTest, RegistryShapesIfMatchAndProblems) {
  auto lc = s.client_as("lc-officer");
  auto created = lc.post_json("/api/v1/places", farm_body());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("etag"), "\"v1\"");
  const auto place = created.json();
  for (const char* key : {"id",
                          "place_type",
                          "place_type_label",
                          "name",
                          "parent_id",
                          "parent_name",
                          "address",
                          "township",
                          "lon",
                          "lat",
                          "operator",
                          "contact_phone",
                          "business_licence_no",
                          "department_code",
                          "status",
                          "status_label",
                          "closed_at",
                          "closure_basis",
                          "note",
                          "demo",
                          "licences",
                          "licence_state",
                          "licence_state_label",
                          "version",
                          "created_at",
                          "updated_at"})
    EXPECT_TRUE(place.contains(key)) << key;
  EXPECT_EQ(place["place_type_label"], "养殖场(户)");
  EXPECT_EQ(place["department_code"], "LC");
  EXPECT_EQ(place["licence_state"], "valid");
  EXPECT_EQ(place["licences"][0]["species"][0]["quantity"], 20);
  EXPECT_TRUE(place["parent_id"].is_null());
  const std::string path = "/api/v1/places/" + id_of(place);

  // Readable by every staff member; registering is not everyone's duty.
  auto jt = s.client_as("jt-officer");
  EXPECT_EQ(jt.get(path).status, 200);
  expect_problem(jt.post_json("/api/v1/places", farm_body()), 403, "forbidden");
  expect_problem(jt.get("/api/v1/places/999999"), 404, "not-found");

  // Bad input: per-field problems.
  auto bad = lc.post_json("/api/v1/places",
                          {{"place_type", "breeding_farm"}, {"lon", "east"}, {"colour", "red"}});
  expect_problem(bad, 422, "invalid-input");
  EXPECT_TRUE(has_field_error(bad, "name"));
  EXPECT_TRUE(has_field_error(bad, "lon"));
  EXPECT_TRUE(has_field_error(bad, "colour"));
  auto wrong_type = lc.post_json("/api/v1/places", {{"place_type", "zoo"}, {"name", "动物园"}});
  expect_problem(wrong_type, 422, "invalid-input");
  EXPECT_TRUE(has_field_error(wrong_type, "place_type"));
  auto broken =
      lc.request("POST", "/api/v1/places", "{not json", {{"Content-Type", "application/json"}});
  expect_problem(broken, 400, "malformed-request");

  // PATCH needs If-Match; a stale one is refused; 取缔 needs its basis.
  const std::string close = R"({"status":"closed"})";
  std::map<std::string, std::string> json_type = {{"Content-Type", "application/json"}};
  expect_problem(lc.request("PATCH", path, close, json_type), 428, "precondition-required");
  auto h = json_type;
  h["If-Match"] = "\"v1\"";
  auto no_basis = lc.request("PATCH", path, close, h);
  expect_problem(no_basis, 422, "invalid-input");
  EXPECT_TRUE(has_field_error(no_basis, "closure_basis"));
  auto closed = lc.request(
      "PATCH", path, R"({"status":"closed","closure_basis":"取缔决定书 沙林取字〔2026〕1号"})", h);
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json()["status"], "closed");
  EXPECT_EQ(closed.json()["status_label"], "取缔");
  EXPECT_NE(closed.json()["closed_at"], "");
  EXPECT_EQ(closed.header("etag"), "\"v2\"");
  expect_problem(lc.request("PATCH", path, R"({"note":"x"})", h), 412, "precondition-failed");

  // The list with filters and paging.
  auto market = lc.post_json(
      "/api/v1/places",
      {{"place_type", "farmers_market"}, {"name", "滨河农贸市场"}, {"township", "滨河镇"}});
  ASSERT_EQ(market.status, 201) << market.body;
  auto shop = lc.post_json(
      "/api/v1/places",
      {{"place_type", "market_shop"}, {"name", "张记干货"}, {"parent_id", market.json()["id"]}});
  ASSERT_EQ(shop.status, 201) << shop.body;
  EXPECT_EQ(shop.json()["parent_name"], "滨河农贸市场");
  auto list = jt.get("/api/v1/places?type=breeding_farm&status=closed&page=1&page_size=5");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json()["total"], 1);
  EXPECT_EQ(list.json()["page_size"], 5);
  EXPECT_EQ(list.json()["items"][0]["name"], "宣和梅花鹿养殖场");
  auto by_text = jt.get("/api/v1/places?q=%E5%86%9C%E8%B4%B8");  // 农贸
  ASSERT_EQ(by_text.status, 200);
  EXPECT_EQ(by_text.json()["total"], 1);
  expect_problem(jt.get("/api/v1/places?status=gone"), 422, "invalid-input");
  expect_problem(jt.get("/api/v1/places?licence_expiring_before=soon"), 422, "invalid-input");
}

TEST_F(PlacesApiTest, CsvImportDryRunThenImport) {
  auto sj = s.client_as("sj-officer");
  const std::string csv =
      "place_type,name,parent,address,township\n"
      "花鸟市场,鼓楼花鸟市场,,鼓楼西街6号,文昌镇\n"
      "市场商户,老马鸟店,鼓楼花鸟市场,B区12号,文昌镇\n";
  std::map<std::string, std::string> csv_type = {{"Content-Type", "text/csv; charset=utf-8"}};
  expect_problem(sj.request("POST", "/api/v1/places:import", csv, csv_type), 422, "invalid-input");
  auto dry = sj.request("POST", "/api/v1/places:import?dry_run=true", csv, csv_type);
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.json()["valid"], true);
  EXPECT_EQ(dry.json()["rows"], 2);
  EXPECT_EQ(sj.get("/api/v1/places").json()["total"], 0);

  auto bad =
      sj.request("POST", "/api/v1/places:import?dry_run=false", csv + "游乐场,,,,\n", csv_type);
  expect_problem(bad, 422, "invalid-input");
  ASSERT_TRUE(bad.json().contains("row_errors")) << bad.body;
  EXPECT_EQ(bad.json()["row_errors"][0]["row"], 4);
  EXPECT_EQ(sj.get("/api/v1/places").json()["total"], 0);

  expect_problem(sj.request("POST", "/api/v1/places:import?dry_run=false", csv,
                            {{"Content-Type", "application/json"}}),
                 415, "unsupported-media-type");
  auto done = sj.request("POST", "/api/v1/places:import?dry_run=false", csv, csv_type);
  ASSERT_EQ(done.status, 201) << done.body;
  ASSERT_EQ(done.json()["created"].size(), 2u);
  EXPECT_EQ(done.json()["created"][1]["name"], "老马鸟店");
  EXPECT_EQ(sj.get("/api/v1/places").json()["total"], 2);
}

TEST_F(PlacesApiTest, JointInspectionOfAFarmOverItsLicenceBecomesACase) {
  auto lc = s.client_as("lc-officer");
  auto sj = s.client_as("sj-officer");
  auto farm = lc.post_json("/api/v1/places", farm_body());
  ASSERT_EQ(farm.status, 201) << farm.body;
  const auto place_id = farm.json()["id"];

  // A joint group.
  auto lonely = sj.post_json("/api/v1/inspection-groups",
                             {{"name", "单部门"}, {"members", {{{"user_id", sj_id}}}}});
  expect_problem(lonely, 422, "invalid-input");
  auto group = sj.post_json(
      "/api/v1/inspection-groups",
      {{"name", "联合检查一组"},
       {"lead_department", "SJ"},
       {"members",
        {{{"user_id", sj_id}, {"leader", true}}, {{"user_id", lc_id}}, {{"user_id", ga_id}}}}});
  ASSERT_EQ(group.status, 201) << group.body;
  const auto g = group.json();
  EXPECT_EQ(g["lead_department_code"], "SJ");
  EXPECT_EQ(g["members"].size(), 3u);
  EXPECT_EQ(g["department_codes"].size(), 3u);
  EXPECT_EQ(sj.get("/api/v1/inspection-groups").json()["total"], 1);

  // The checklist of farms (the default until the office edits it).
  auto checklist = lc.get("/api/v1/inspection-checklists/breeding_farm");
  ASSERT_EQ(checklist.status, 200) << checklist.body;
  EXPECT_EQ(checklist.json()["default"], true);
  EXPECT_EQ(checklist.header("etag"), "\"v0\"");
  EXPECT_EQ(checklist.json()["items"][0]["code"], "licence_valid");
  expect_problem(lc.get("/api/v1/inspection-checklists/zoo"), 404, "not-found");
  auto boss = s.client_as("boss");
  auto items = checklist.json()["items"];
  items.push_back({{"code", "vet_records"}, {"text", "防疫检疫记录是否齐全"}});
  for (auto& i : items) {
    i.erase("finding_kind_label");
  }
  nlohmann::json put_body = {{"items", items}};
  expect_problem(boss.request("PUT", "/api/v1/inspection-checklists/breeding_farm", put_body.dump(),
                              {{"Content-Type", "application/json"}}),
                 428, "precondition-required");
  expect_problem(lc.request("PUT", "/api/v1/inspection-checklists/breeding_farm", put_body.dump(),
                            {{"Content-Type", "application/json"}, {"If-Match", "\"v0\""}}),
                 403, "forbidden");
  auto put = boss.request("PUT", "/api/v1/inspection-checklists/breeding_farm", put_body.dump(),
                          {{"Content-Type", "application/json"}, {"If-Match", "\"v0\""}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json()["version"], 1);
  EXPECT_EQ(put.header("etag"), "\"v1\"");

  // The inspection: 32 deer counted where 20 are licensed.
  nlohmann::json body = {{"place_id", place_id},
                         {"group_id", g["id"]},
                         {"inspected_at", now_ms() - 3600 * 1000},
                         {"inspector_ids", {lc_id, sj_id}},
                         {"answers",
                          {{{"code", "stock_matches"}, {"result", "fail"}, {"note", "清点 32 只"}},
                           {{"code", "vet_records"}, {"result", "pass"}}}},
                         {"holdings", {{{"species", "梅花鹿"}, {"count", 32}}}},
                         {"findings",
                          {{{"kind", "no_source_proof"},
                            {"note", "2 只无来源凭证"},
                            {"evidence_ids", nlohmann::json::array()}}}},
                         {"conclusion", "超许可繁育，移交立案"}};
  auto bad = lc.post_json("/api/v1/inspections",
                          {{"place_id", place_id},
                           {"inspected_at", "yesterday"},
                           {"findings", {{{"kind", "bad"}, {"evidence_ids", {"x"}}}}}});
  expect_problem(bad, 422, "invalid-input");
  EXPECT_TRUE(has_field_error(bad, "inspected_at"));
  EXPECT_TRUE(has_field_error(bad, "findings/0/evidence_ids"));
  auto created = lc.post_json("/api/v1/inspections", body, {{"Idempotency-Key", "insp-1"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto i = created.json();
  for (const char* key : {"id",
                          "place_id",
                          "place_name",
                          "place_type",
                          "place_type_label",
                          "group_id",
                          "group_name",
                          "inspected_at",
                          "inspectors",
                          "checklist_version",
                          "answers",
                          "holdings",
                          "findings",
                          "flags",
                          "conclusion",
                          "department_code",
                          "case_id",
                          "demo",
                          "rectifications",
                          "version",
                          "created_at",
                          "updated_at"})
    EXPECT_TRUE(i.contains(key)) << key;
  EXPECT_EQ(i["checklist_version"], 1);
  EXPECT_EQ(i["answers"][0]["result_label"], "不合格");
  EXPECT_EQ(i["holdings"][0]["licensed"], 20);
  EXPECT_EQ(i["holdings"][0]["excess"], 12);
  ASSERT_EQ(i["findings"].size(), 2u);
  EXPECT_EQ(i["findings"][1]["kind"], "over_licence");
  EXPECT_EQ(i["findings"][1]["kind_label"], "超许可数量");
  EXPECT_EQ(i["findings"][1]["automatic"], true);
  EXPECT_EQ(i["flags"][0]["kind"], "over_licence");
  EXPECT_TRUE(i["case_id"].is_null());
  const std::string path = "/api/v1/inspections/" + id_of(i);
  // A resent POST (lost answer) replays instead of recording twice.
  auto replay = lc.post_json("/api/v1/inspections", body, {{"Idempotency-Key", "insp-1"}});
  EXPECT_EQ(replay.status, 201);
  EXPECT_EQ(replay.header("idempotent-replayed"), "true");
  EXPECT_EQ(lc.get("/api/v1/inspections").json()["total"], 1);

  // Seen by the group's departments, not by others.
  EXPECT_EQ(s.client_as("ga-officer").get(path).status, 200);
  expect_problem(s.client_as("ny-officer").get(path), 404, "not-found");
  EXPECT_EQ(s.client_as("ny-officer").get("/api/v1/inspections").json()["total"], 0);
  auto filtered = sj.get("/api/v1/inspections?finding_kind=over_licence&has_findings=true");
  ASSERT_EQ(filtered.status, 200) << filtered.body;
  EXPECT_EQ(filtered.json()["total"], 1);

  // The case, once.
  auto c = lc.post_json(path + "/case", nlohmann::json::object());
  ASSERT_EQ(c.status, 201) << c.body;
  EXPECT_EQ(c.json()["offence_type"], "illegal_breeding");
  EXPECT_EQ(c.json()["source"], "market_inspection");
  EXPECT_EQ(c.json()["items"][0]["count"], 12);
  expect_problem(lc.post_json(path + "/case", nlohmann::json::object()), 409, "conflict");
  EXPECT_EQ(lc.get(path).json()["case_id"], c.json()["id"]);

  // A rectification order and its recheck.
  auto order = lc.post_json(path + "/rectifications",
                            {{"requirement", "30 日内调减存栏"}, {"deadline", now_ms() - kDay}});
  expect_problem(order, 422, "invalid-input");  // due before the inspection took place
  order = lc.post_json(path + "/rectifications",
                       {{"requirement", "30 日内调减存栏"}, {"deadline", now_ms() + 30 * kDay}});
  ASSERT_EQ(order.status, 201) << order.body;
  const auto o = order.json();
  for (const char* key : {"id", "inspection_id", "place_id", "place_name", "requirement",
                          "deadline", "state", "state_label", "overdue", "recheck_note",
                          "rechecked_at", "rechecked_by", "version", "created_at", "updated_at"})
    EXPECT_TRUE(o.contains(key)) << key;
  EXPECT_EQ(o["state"], "open");
  EXPECT_EQ(o["overdue"], false);
  EXPECT_EQ(lc.get("/api/v1/places/" + std::to_string(place_id.get<long long>())).json()["status"],
            "rectifying");
  EXPECT_EQ(lc.get("/api/v1/rectifications?overdue=true").json()["total"], 0);
  EXPECT_EQ(lc.get("/api/v1/rectifications?state=open").json()["total"], 1);
  const std::string recheck = "/api/v1/rectifications/" + id_of(o) + "/recheck";
  expect_problem(lc.post_json(recheck, {{"result", "maybe"}}), 422, "invalid-input");
  expect_problem(s.client_as("ny-officer").post_json(recheck, {{"result", "done"}}), 404,
                 "not-found");
  auto done = lc.post_json(recheck, {{"result", "done"}, {"note", "已调减至 20 只"}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json()["state"], "done");
  EXPECT_EQ(done.json()["state_label"], "已整改");
  EXPECT_EQ(lc.get("/api/v1/places/" + std::to_string(place_id.get<long long>())).json()["status"],
            "active");
  expect_problem(lc.post_json(recheck, {{"result", "done"}}), 409, "conflict");
}

}  // namespace
}  // namespace qf::api
