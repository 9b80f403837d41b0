// Field records corrected and found over HTTP, on the backend ctest chose:
// PATCH of a joint inspection group and of an inspection (If-Match: 428
// without it, 412 when stale; only the fields sent change; 409 in Chinese
// for a finding a case was opened from; 403/404 as the access policy says;
// the audit entry), the customs assessment list and record (filters,
// 403/404), and seizures with a map point on the record and on the
// statistics map.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/clock.h"
#include "support/test_server.h"

namespace qf::api {
namespace {

using testing::HttpClient;
using testing::HttpResult;
using testing::TestServer;

std::string id_of(const nlohmann::json& j) { return std::to_string(j["id"].get<long long>()); }

bool has_field_error(const HttpResult& r, const std::string& field) {
  const auto j = r.json();
  if (!j.contains("errors")) return false;
  for (const auto& e : j["errors"])
    if (e.value("field", "") == field) return true;
  return false;
}

bool chinese_title(const HttpResult& r) {
  const std::string title = r.json().value("title", "");
  return std::any_of(title.begin(), title.end(), [](char c) { return c & 0x80; });
}

HttpResult patch(HttpClient c, const std::string& path, const nlohmann::json& body,
                 const std::string& etag) {
  std::map<std::string, std::string> headers = {{"Content-Type", "application/json"}};
  if (!etag.empty()) headers["If-Match"] = etag;
  return c.request("PATCH", path, body.dump(), headers);
}

class FieldRecordEditsApiTest : public ::testing::Test {
 protected:
  FieldRecordEditsApiTest() {
    auto& f = s.fixture();
    f.make_user("boss", Role::kOffice, "OFFICE");
    sj_id = f.make_user("sj-officer", Role::kOfficer, "SJ").id;
    lc_id = f.make_user("lc-officer", Role::kOfficer, "LC").id;
    ga_id = f.make_user("ga-officer", Role::kOfficer, "GA").id;
    f.make_user("ny-officer", Role::kOfficer, "NY");
    f.make_user("hg-officer", Role::kOfficer, "HG");
    f.make_user("inspector", Role::kInspector, "ZF");
  }

  nlohmann::json create_inspection() {
    auto sj = s.client_as("sj-officer");
    auto place = sj.post_json("/api/v1/places", {{"place_type", "restaurant"}, {"name", "黄河宴"}});
    EXPECT_EQ(place.status, 201) << place.body;
    auto i = sj.post_json("/api/v1/inspections",
                          {{"place_id", place.json()["id"]},
                           {"inspected_at", now_ms() - 3600000},
                           {"answers", {{{"code", "wild_game_menu"}, {"result", "fail"}}}},
                           {"findings",
                            {{{"kind", "wild_game_menu"}, {"note", "菜单列有野兔"}},
                             {{"kind", "no_source_proof"}, {"note", "无票据"}}}},
                           {"conclusion", "初查"}});
    EXPECT_EQ(i.status, 201) << i.body;
    return i.json();
  }

  TestServer s;
  std::int64_t sj_id = 0, lc_id = 0, ga_id = 0;
};

TEST_F(FieldRecordEditsApiTest, AGroupIsCorrectedWithIfMatch) {
  auto sj = s.client_as("sj-officer");
  auto created =
      sj.post_json("/api/v1/inspection-groups",
                   {{"name", "联合检查一组"},
                    {"note", "一季度"},
                    {"members", {{{"user_id", sj_id}, {"leader", true}}, {{"user_id", lc_id}}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string path = "/api/v1/inspection-groups/" + id_of(created.json());
  auto got = sj.get(path);
  ASSERT_EQ(got.status, 200) << got.body;
  const std::string etag = got.header("etag");
  EXPECT_EQ(etag, "\"v1\"");

  EXPECT_EQ(patch(sj, path, {{"name", "一组"}}, "").status, 428);
  EXPECT_EQ(patch(sj, path, {{"name", "一组"}}, "\"v9\"").status, 412);
  auto unknown = patch(sj, path, {{"colour", "red"}}, etag);
  EXPECT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_TRUE(has_field_error(unknown, "colour"));
  auto lone = patch(sj, path, {{"members", {{{"user_id", sj_id}}}}}, etag);
  EXPECT_EQ(lone.status, 422) << lone.body;
  EXPECT_EQ(patch(s.client_as("lc-officer"), path, {{"name", "一组"}}, etag).status, 403);
  EXPECT_EQ(patch(sj, "/api/v1/inspection-groups/9999", {{"name", "一组"}}, etag).status, 404);

  auto ok = patch(
      sj, path,
      {{"name", "联合检查第一组"},
       {"note", ""},
       {"members",
        {{{"user_id", sj_id}, {"leader", true}}, {{"user_id", lc_id}}, {{"user_id", ga_id}}}}},
      etag);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.header("etag"), "\"v2\"");
  const auto g = ok.json();
  EXPECT_EQ(g["name"], "联合检查第一组");
  EXPECT_EQ(g["note"], "");
  EXPECT_EQ(g["members"].size(), 3u);
  EXPECT_EQ(g["department_codes"].size(), 3u);

  auto audit = s.client_as("boss").get("/api/v1/audit?action=inspection_group.update");
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_GE(audit.json()["total"].get<int>(), 1);
}

TEST_F(FieldRecordEditsApiTest, AnInspectionIsCorrectedAndACaseFindingStays) {
  const auto i = create_inspection();
  const std::string path = "/api/v1/inspections/" + id_of(i);
  auto sj = s.client_as("sj-officer");
  const std::string etag = sj.get(path).header("etag");

  EXPECT_EQ(patch(sj, path, {{"conclusion", "责令整改"}}, "").status, 428);
  EXPECT_EQ(patch(sj, path, {{"conclusion", "责令整改"}}, "\"v7\"").status, 412);
  EXPECT_EQ(patch(s.client_as("ny-officer"), path, {{"conclusion", "x"}}, etag).status, 404);
  EXPECT_EQ(patch(s.client_as("inspector"), path, {{"conclusion", "x"}}, etag).status, 403);
  auto bad = patch(sj, path,
                   {{"inspected_at", now_ms() + 30LL * 86400000},
                    {"findings", {{{"kind", "gossip"}}}},
                    {"inspector_ids", {"x"}}},
                   etag);
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_TRUE(has_field_error(bad, "inspector_ids")) << bad.body;
  auto invalid = patch(
      sj, path,
      {{"inspected_at", now_ms() + 30LL * 86400000}, {"findings", {{{"kind", "gossip"}}}}}, etag);
  EXPECT_EQ(invalid.status, 422) << invalid.body;
  EXPECT_TRUE(has_field_error(invalid, "inspected_at")) << invalid.body;
  EXPECT_TRUE(has_field_error(invalid, "findings/0/kind")) << invalid.body;

  const auto f0 = i["findings"][0]["id"], f1 = i["findings"][1]["id"];
  auto ok = patch(sj, path,
                  {{"conclusion", "责令整改"},
                   {"inspector_ids", {sj_id, ga_id}},
                   {"findings",
                    {{{"id", f0}, {"kind", "wild_game_menu"}, {"note", "菜单列有野兔、斑鸠"}},
                     {{"id", f1}, {"kind", "no_source_proof"}, {"note", "无票据"}}}}},
                  etag);
  ASSERT_EQ(ok.status, 200) << ok.body;
  const auto after = ok.json();
  EXPECT_EQ(after["conclusion"], "责令整改");
  EXPECT_EQ(after["findings"][0]["id"], f0);
  EXPECT_EQ(after["findings"][0]["note"], "菜单列有野兔、斑鸠");
  EXPECT_EQ(after["inspectors"].size(), 2u);
  EXPECT_EQ(after["answers"], i["answers"]);                   // not sent: unchanged
  EXPECT_EQ(s.client_as("ga-officer").get(path).status, 200);  // GA joined

  auto audit = s.client_as("boss").get("/api/v1/audit?action=inspection.update");
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_EQ(audit.json()["total"], 1);

  // A case from the findings: they stay.
  auto opened = sj.post_json(path + "/case", nlohmann::json::object());
  ASSERT_EQ(opened.status, 201) << opened.body;
  const std::string etag2 = sj.get(path).header("etag");
  auto removed = patch(sj, path, {{"findings", {{{"id", f0}, {"kind", "wild_game_menu"}}}}}, etag2);
  EXPECT_EQ(removed.status, 409) << removed.body;
  EXPECT_TRUE(chinese_title(removed)) << removed.body;
  EXPECT_NE(removed.json().value("detail", "").find("案件"), std::string::npos) << removed.body;
  auto note = patch(sj, path, {{"conclusion", "已立案"}}, etag2);
  EXPECT_EQ(note.status, 200) << note.body;
}

TEST_F(FieldRecordEditsApiTest, AssessmentsAreListedForCustomsAndTheOffice) {
  auto hg = s.client_as("hg-officer");
  auto high = hg.post_json("/api/v1/customs/assess", {{"declaration_no", "YJ-1"},
                                                      {"kind", "postal"},
                                                      {"hs_code", "9601"},
                                                      {"description", "象牙手镯"},
                                                      {"origin_country", "NG"},
                                                      {"consignor", "Lagos Gift"},
                                                      {"consignee", "张某"}});
  ASSERT_EQ(high.status, 201) << high.body;
  auto low = hg.post_json("/api/v1/customs/assess", {{"declaration_no", "BG-1"},
                                                     {"kind", "cargo"},
                                                     {"hs_code", "6117"},
                                                     {"description", "羊毛围巾"},
                                                     {"consignor", "UB Textile"},
                                                     {"consignee", "中卫商贸"}});
  ASSERT_EQ(low.status, 201) << low.body;

  auto all = hg.get("/api/v1/customs/assessments");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.json()["total"], 2);
  EXPECT_EQ(all.json()["page_size"], 20);
  EXPECT_EQ(all.json()["items"][0]["declaration_no"], "BG-1");  // newest first
  auto boss = s.client_as("boss");
  EXPECT_EQ(boss.get("/api/v1/customs/assessments?level=high").json()["total"], 1);
  EXPECT_EQ(
      boss.get("/api/v1/customs/assessments?recommendation=%E6%94%BE%E8%A1%8C").json()["total"],
      1);  // 放行
  EXPECT_EQ(boss.get("/api/v1/customs/assessments?consignor=LAGOS").json()["total"], 1);
  EXPECT_EQ(boss.get("/api/v1/customs/assessments?hs_code=61").json()["total"], 1);
  EXPECT_EQ(boss.get("/api/v1/customs/assessments?q=%E5%9B%B4%E5%B7%BE").json()["total"],
            1);  // 围巾
  EXPECT_EQ(boss.get("/api/v1/customs/assessments?from=" + std::to_string(now_ms() + 3600000))
                .json()["total"],
            0);
  auto bad = boss.get("/api/v1/customs/assessments?level=severe&from=x");
  EXPECT_EQ(bad.status, 422) << bad.body;
  auto bad_level = boss.get("/api/v1/customs/assessments?level=severe");
  EXPECT_EQ(bad_level.status, 422) << bad_level.body;
  EXPECT_TRUE(has_field_error(bad_level, "level"));
  EXPECT_EQ(s.client_as("lc-officer").get("/api/v1/customs/assessments").status, 403);

  const std::string path = "/api/v1/customs/assessments/" + id_of(high.json());
  auto one = hg.get(path);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.header("etag"), "\"v1\"");
  EXPECT_EQ(one.json()["level"], "high");
  EXPECT_FALSE(one.json()["reasons"].empty());
  EXPECT_EQ(s.client_as("inspector").get(path).status, 200);
  EXPECT_EQ(s.client_as("lc-officer").get(path).status, 404);
  EXPECT_EQ(hg.get("/api/v1/customs/assessments/999999").status, 404);
}

TEST_F(FieldRecordEditsApiTest, ASeizureWithAPointIsOnTheMap) {
  auto hg = s.client_as("hg-officer");
  const std::int64_t now = now_ms();
  nlohmann::json body = {{"seized_at", now - 3600000},
                         {"species_text", "穿山甲"},
                         {"product_type", "scales"},
                         {"weight_kg", 2.5},
                         {"discovery_place", "中卫邮件处理中心"},
                         {"lon", 105.19},
                         {"lat", 37.51}};
  auto created = hg.post_json("/api/v1/seizures", body);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json()["lon"], 105.19);
  auto read = hg.get("/api/v1/seizures/" + id_of(created.json()));
  EXPECT_EQ(read.json()["lat"], 37.51);
  auto list = hg.get("/api/v1/seizures");
  EXPECT_EQ(list.json()["items"][0]["lat"], 37.51);
  body.erase("lat");
  auto half = hg.post_json("/api/v1/seizures", body);
  EXPECT_EQ(half.status, 422) << half.body;
  EXPECT_TRUE(has_field_error(half, "lon"));
  body["lat"] = 91;
  auto outside = hg.post_json("/api/v1/seizures", body);
  EXPECT_EQ(outside.status, 422) << outside.body;
  EXPECT_TRUE(has_field_error(outside, "lat"));

  const std::string period =
      "from=" + std::to_string(now - 86400000) + "&to=" + std::to_string(now + 86400000);
  auto map = s.client_as("boss").get("/api/v1/stats/map?" + period + "&kinds=seizures");
  ASSERT_EQ(map.status, 200) << map.body;
  const auto j = map.json();
  ASSERT_EQ(j["features"].size(), 1u);
  EXPECT_EQ(j["features"][0]["properties"]["link"], "/seizures/" + id_of(created.json()));
  EXPECT_EQ(j["features"][0]["geometry"]["coordinates"][0], 105.19);
  EXPECT_TRUE(j["not_located"].empty());
  auto police = s.client_as("ga-officer").get("/api/v1/stats/map?" + period + "&kinds=seizures");
  ASSERT_EQ(police.status, 200) << police.body;
  EXPECT_TRUE(police.json()["features"].empty());
}

}  // namespace
}  // namespace qf::api
