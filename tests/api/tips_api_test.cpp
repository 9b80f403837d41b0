// Tips over HTTP, on the backend ctest chose: the public routes without
// login, the staff routes with permissions, row-level visibility, the state
// machine, If-Match, confidential reporter fields (responses, lists and the
// audit table), duplicates, merge and conversion into a case.
#include <gtest/gtest.h>
#include <sodium.h>

#include <set>

#include "support/test_server.h"

namespace qf::api {
namespace {

using testing::HttpClient;
using testing::HttpResult;
using testing::TestServer;

constexpr const char* kPhone = "13987654321";
constexpr const char* kName = "马小兰";

void expect_problem(const HttpResult& r, int status, const std::string& type) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.header("content-type").rfind("application/problem+json", 0), 0u) << r.body;
  EXPECT_EQ(r.json().value("type", ""), "https://qingfeng.invalid/problems/" + type) << r.body;
}

std::string all_audit_text(store::Database& db) {
  auto text = db.read([](soci::session& s) -> Result<std::string> {
    std::string all;
    soci::rowset<soci::row> rows =
        (s.prepare << "SELECT action, before_json, after_json FROM audit_log ORDER BY seq");
    for (const auto& r : rows)
      for (std::size_t i = 0; i < 3; ++i)
        if (r.get_indicator(i) != soci::i_null) all += r.get<std::string>(i) + "\n";
    return all;
  });
  return text ? *text : "";
}

nlohmann::json hotline_tip() {
  return {{"channel", "hotline"},
          {"reporter_category", "villager"},
          {"reporter_name", kName},
          {"reporter_phone", kPhone},
          {"content", "沙坡头保护区边上有人用鸟网捕鸟，大约十几只"},
          {"place_text", "沙坡头区迎水桥镇"},
          {"lon", 105.05},
          {"lat", 37.5},
          {"species_text", "红隼、百灵"}};
}

class TipsApiTest : public ::testing::Test {
 protected:
  TipsApiTest() {
    auto& f = s.fixture();
    f.make_user("boss", Role::kOffice, "OFFICE");
    lc_leader_id = f.make_user("lc-leader", Role::kLeader, "LC").id;
    lc_officer_id = f.make_user("lc-officer", Role::kOfficer, "LC").id;
    f.make_user("lc-other", Role::kOfficer, "LC");
    f.make_user("ny-officer", Role::kOfficer, "NY");
    f.make_user("inspector", Role::kInspector, "OFFICE");
  }

  std::string create_tip(HttpClient& c, const nlohmann::json& body = hotline_tip()) {
    auto r = c.post_json("/api/v1/tips", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? std::to_string(r.json()["id"].get<long long>()) : "0";
  }

  HttpResult patch(HttpClient& c, const std::string& path, const nlohmann::json& body,
                   const std::string& etag) {
    std::map<std::string, std::string> h = {{"Content-Type", "application/json"}};
    if (!etag.empty()) h["If-Match"] = etag;
    return c.request("PATCH", path, body.dump(), h);
  }

  TestServer s;
  std::int64_t lc_leader_id = 0, lc_officer_id = 0;
};

TEST_F(TipsApiTest, PublicSubmissionAndProgressWithoutLogin) {
  auto anon = s.client();
  auto r = anon.post_json("/api/v1/public/tips", {{"content", "黄河边有人电鱼"},
                                                  {"reporter_phone", kPhone},
                                                  {"reporter_category", "birdwatcher"},
                                                  {"place_text", "沙坡头区黄河段"},
                                                  {"occurred_at", 1717725600000LL}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.header("cache-control"), "no-store");
  auto body = r.json();
  ASSERT_EQ(body.size(), 1u) << r.body;
  const std::string code = body["receipt_code"];
  EXPECT_EQ(code.size(), 10u);

  auto progress = anon.get("/api/v1/public/tips/" + code);
  ASSERT_EQ(progress.status, 200) << progress.body;
  auto p = progress.json();
  std::set<std::string> keys;
  for (const auto& [k, v] : p.items()) keys.insert(k);
  EXPECT_EQ(keys, (std::set<std::string>{"receipt_code", "state", "state_label", "public_feedback",
                                         "received_at", "last_progress_at"}));
  EXPECT_EQ(p["state_label"], "待分派");
  EXPECT_EQ(progress.body.find(kPhone), std::string::npos);
  EXPECT_EQ(progress.body.find("电鱼"), std::string::npos) << "not even the content";

  expect_problem(anon.get("/api/v1/public/tips/ZZZZZZZZZZ"), 404, "not-found");
  expect_problem(anon.get("/api/v1/public/tips/short"), 404, "not-found");
  // The staff list is not public.
  expect_problem(anon.get("/api/v1/tips"), 401, "unauthenticated");

  expect_problem(anon.post_json("/api/v1/public/tips", {{"content", "x"}, {"channel", "hotline"}}),
                 422, "invalid-input");
  expect_problem(anon.post_json("/api/v1/public/tips", {{"place_text", "x"}}), 422,
                 "invalid-input");
  expect_problem(
      anon.post_json("/api/v1/public/tips", {{"content", "x"}, {"lon", "east"}, {"lat", 37}}), 422,
      "invalid-input");
  // Over the route's limit (three photos of 5 MB in base64, and the text).
  std::string huge = "{\"content\":\"" + std::string(22u << 20, 'x') + "\"}";
  expect_problem(
      anon.request("POST", "/api/v1/public/tips", huge, {{"Content-Type", "application/json"}}),
      413, "too-large");
}

TEST_F(TipsApiTest, PublicSubmissionsAreRateLimitedPerAddress) {
  auto anon = s.client();
  for (int i = 0; i < 5; ++i)
    ASSERT_EQ(anon.post_json("/api/v1/public/tips", {{"content", "市场上有人卖野鸟"}}).status, 201)
        << i;
  auto limited = anon.post_json("/api/v1/public/tips", {{"content", "市场上有人卖野鸟"}});
  expect_problem(limited, 429, "locked");
  EXPECT_FALSE(limited.header("retry-after").empty());
  EXPECT_NE(limited.json().value("detail", "").find("0955-8812769"), std::string::npos);
}

TEST_F(TipsApiTest, OfficeTriagesTheAssignedDepartmentWorksOthersSeeNothing) {
  auto office = s.client_as("boss");
  auto lc = s.client_as("lc-officer");
  auto ny = s.client_as("ny-officer");
  auto inspector = s.client_as("inspector");

  auto created = office.post_json("/api/v1/tips", hotline_tip());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("etag"), "\"v1\"");
  auto tip = created.json();
  EXPECT_EQ(tip["state"], "pending");
  EXPECT_EQ(tip["suggested_departments"][0], "LC");
  EXPECT_EQ(tip["suggestion"][0]["code"], "LC");
  const std::string path = "/api/v1/tips/" + std::to_string(tip["id"].get<long long>());

  // Unassigned: LC cannot see it, and cannot assign what it cannot see.
  expect_problem(lc.get(path), 404, "not-found");
  expect_problem(lc.post_json(path + "/assign", {{"department", "LC"}}), 404, "not-found");
  expect_problem(inspector.post_json(path + "/assign", {{"department", "LC"}}), 403, "forbidden");
  expect_problem(office.post_json(path + "/assign", {{"department", "NOPE"}}), 422,
                 "invalid-input");
  expect_problem(office.post_json(path + "/assign", {{"dept", "LC"}}), 422, "invalid-input");

  auto assigned = office.post_json(path + "/assign", {{"department", "LC"}});
  ASSERT_EQ(assigned.status, 200) << assigned.body;
  EXPECT_EQ(assigned.json()["state_label"], "已分派");
  EXPECT_EQ(assigned.json()["assigned_department_code"], "LC");

  EXPECT_EQ(lc.get(path).status, 200);
  expect_problem(ny.get(path), 404, "not-found");
  EXPECT_EQ(ny.get("/api/v1/tips").json()["total"], 0);
  EXPECT_EQ(lc.get("/api/v1/tips").json()["total"], 1);
  EXPECT_EQ(lc.get("/api/v1/tips?department=LC&state=assigned").json()["total"], 1);
  EXPECT_EQ(office.get("/api/v1/tips?state=pending").json()["total"], 0);
  EXPECT_EQ(office.get("/api/v1/tips?q=%E9%B8%9F%E7%BD%91").json()["total"], 1);  // 鸟网
  EXPECT_EQ(office.get("/api/v1/tips?overdue=true").json()["total"], 0);
  EXPECT_EQ(office.get("/api/v1/tips?sort=-due").json()["total"], 1);
  expect_problem(office.get("/api/v1/tips?sort=colour"), 422, "invalid-input");
  expect_problem(office.get("/api/v1/tips?created_from=-5"), 422, "invalid-input");
  expect_problem(office.get("/api/v1/tips?state=flying"), 422, "invalid-input");
  expect_problem(office.get("/api/v1/tips?overdue=maybe"), 422, "invalid-input");
  // Seen now, but assigning stays with the office.
  expect_problem(lc.post_json(path + "/assign", {{"department", "NY"}}), 403, "forbidden");

  // The state machine: no skipping, 已立案 only through convert.
  expect_problem(lc.post_json(path + "/transitions", {{"to", "concluded"}, {"note", "x"}}), 409,
                 "conflict");
  expect_problem(lc.post_json(path + "/transitions", {{"to", "case_opened"}}), 422,
                 "invalid-input");
  expect_problem(ny.post_json(path + "/transitions", {{"to", "verifying"}}), 404, "not-found");
  auto verifying =
      lc.post_json(path + "/transitions", {{"to", "verifying"}, {"public_feedback", "已安排核查"}});
  ASSERT_EQ(verifying.status, 200) << verifying.body;
  EXPECT_EQ(verifying.json()["state"], "verifying");
  EXPECT_EQ(s.client()
                .get("/api/v1/public/tips/" + tip["receipt_code"].get<std::string>())
                .json()["public_feedback"],
            "已安排核查");
  expect_problem(lc.post_json(path + "/transitions", {{"to", "unfounded"}}), 422, "invalid-input");
  auto done =
      lc.post_json(path + "/transitions", {{"to", "unfounded"}, {"note", "现场未发现鸟网"}});
  ASSERT_EQ(done.status, 200) << done.body;
  expect_problem(office.post_json(path + "/transitions", {{"to", "concluded"}, {"note", "x"}}), 409,
                 "conflict");
}

TEST_F(TipsApiTest, PatchNeedsIfMatch) {
  auto office = s.client_as("boss");
  const std::string path = "/api/v1/tips/" + create_tip(office);
  auto got = office.get(path);
  ASSERT_EQ(got.status, 200);
  const std::string etag = got.header("etag");
  expect_problem(patch(office, path, {{"species_text", "红隼"}}, ""), 428, "precondition-required");
  auto first = patch(office, path, {{"species_text", "红隼"}, {"public_feedback", "已受理"}}, etag);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.header("etag"), "\"v2\"");
  expect_problem(patch(office, path, {{"species_text", "百灵"}}, etag), 412, "precondition-failed");
  expect_problem(patch(office, path, {{"colour", "red"}}, first.header("etag")), 422,
                 "invalid-input");
  EXPECT_EQ(office.get(path).json()["species_text"], "红隼");
}

TEST_F(TipsApiTest, ReporterIdentityIsMaskedForEveryoneButTheOfficeAndTheHandler) {
  auto office = s.client_as("boss");
  auto leader = s.client_as("lc-leader");
  auto handler = s.client_as("lc-officer");
  auto colleague = s.client_as("lc-other");
  auto inspector = s.client_as("inspector");
  const std::string id = create_tip(office);
  const std::string path = "/api/v1/tips/" + id;
  ASSERT_EQ(office.post_json(path + "/assign", {{"department", "LC"}}).status, 200);

  auto identity = [&](HttpClient& c) {
    auto r = c.get(path);
    EXPECT_EQ(r.status, 200) << r.body;
    auto j = r.json();
    return j["reporter_name"].get<std::string>() + "/" + j["reporter_phone"].get<std::string>();
  };
  const std::string plain = std::string(kName) + "/" + kPhone, masked = "马*/139****4321";
  EXPECT_EQ(identity(office), plain);
  EXPECT_EQ(identity(leader), masked);
  EXPECT_EQ(identity(handler), masked);
  EXPECT_EQ(identity(inspector), masked);

  // An officer cannot make himself the handler; his leader can.
  auto etag = office.get(path).header("etag");
  expect_problem(patch(handler, path, {{"handler_id", lc_officer_id}}, etag), 403, "forbidden");
  auto chosen = patch(leader, path, {{"handler_id", lc_officer_id}}, etag);
  ASSERT_EQ(chosen.status, 200) << chosen.body;
  EXPECT_EQ(chosen.json()["reporter_revealed"], false) << "the leader still sees it masked";

  EXPECT_EQ(identity(handler), plain);
  EXPECT_EQ(identity(colleague), masked);
  // "My tips": the handler's, nobody else's.
  EXPECT_EQ(handler.get("/api/v1/tips?mine=true").json()["total"], 1);
  EXPECT_EQ(colleague.get("/api/v1/tips?mine=true").json()["total"], 0);
  for (auto* c : {&colleague, &inspector, &leader}) {
    auto list = c->get("/api/v1/tips");
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(list.body.find(kPhone), std::string::npos) << list.body;
    EXPECT_NE(list.body.find("139****4321"), std::string::npos);
  }
  EXPECT_NE(handler.get("/api/v1/tips").body.find(kPhone), std::string::npos);
  EXPECT_NE(office.get("/api/v1/tips").body.find(kPhone), std::string::npos);

  // The audit log holds masks only — neither in the table nor via the API.
  ASSERT_EQ(handler.post_json(path + "/transitions", {{"to", "verifying"}}).status, 200);
  const auto audit = all_audit_text(s.fixture().db());
  EXPECT_NE(audit.find("tip.create"), std::string::npos);
  EXPECT_NE(audit.find("139****4321"), std::string::npos);
  EXPECT_EQ(audit.find(kPhone), std::string::npos);
  EXPECT_EQ(audit.find(kName), std::string::npos);
  auto api_audit = office.get("/api/v1/audit?entity=tip");
  ASSERT_EQ(api_audit.status, 200) << api_audit.body;
  EXPECT_GE(api_audit.json()["total"].get<int>(), 4);
  EXPECT_EQ(api_audit.body.find(kPhone), std::string::npos);
}

TEST_F(TipsApiTest, DuplicatesMergeAndConvert) {
  auto office = s.client_as("boss");
  auto lc = s.client_as("lc-officer");
  const std::string first = create_tip(office);
  auto again = hotline_tip();
  again["reporter_phone"] = "+86 139 8765 4321";
  again["content"] = "又有人在林带里张网";
  const std::string second = create_tip(office, again);

  auto dups = office.get("/api/v1/tips/" + first + "/duplicates");
  ASSERT_EQ(dups.status, 200) << dups.body;
  auto items = dups.json()["items"];
  ASSERT_EQ(items.size(), 1u) << dups.body;
  EXPECT_EQ(std::to_string(items[0]["id"].get<long long>()), second);
  EXPECT_EQ(items[0]["duplicate_reasons"][0], "同一举报电话");

  expect_problem(lc.post_json("/api/v1/tips/" + second + "/merge", {{"into", std::stoll(first)}}),
                 404, "not-found");
  expect_problem(
      office.post_json("/api/v1/tips/" + second + "/merge", {{"into", std::stoll(second)}}), 422,
      "invalid-input");
  auto merged =
      office.post_json("/api/v1/tips/" + second + "/merge", {{"into", std::stoll(first)}});
  ASSERT_EQ(merged.status, 200) << merged.body;
  EXPECT_EQ(merged.json()["state"], "concluded");
  EXPECT_EQ(std::to_string(merged.json()["merged_into_id"].get<long long>()), first);

  const std::string path = "/api/v1/tips/" + first;
  ASSERT_EQ(office.post_json(path + "/assign", {{"department", "LC"}}).status, 200);
  nlohmann::json conversion = {{"title", "迎水桥镇非法捕鸟案"},
                               {"offence_type", "illegal_hunting"},
                               {"place_type", "protected_area"}};
  expect_problem(lc.post_json(path + "/convert", conversion), 409, "conflict");
  ASSERT_EQ(lc.post_json(path + "/transitions", {{"to", "verifying"}}).status, 200);
  expect_problem(lc.post_json(path + "/convert", {{"title", "x"}}), 422, "invalid-input");
  auto created = lc.post_json(path + "/convert", conversion);
  ASSERT_EQ(created.status, 201) << created.body;
  auto c = created.json();
  EXPECT_EQ(c["tip_id"].get<long long>(), std::stoll(first)) << created.body;
  EXPECT_EQ(c["source"], "tip");
  EXPECT_EQ(c["number"].get<std::string>().rfind("LC-", 0), 0u) << created.body;
  auto tip = lc.get(path).json();
  EXPECT_EQ(tip["state"], "case_opened");
  EXPECT_EQ(tip["state_label"], "已立案");
  EXPECT_EQ(tip["case_id"], c["id"]);
  EXPECT_EQ(lc.get("/api/v1/cases/" + std::to_string(c["id"].get<long long>())).status, 200);
  expect_problem(lc.post_json(path + "/convert", conversion), 409, "conflict");
}


// Full-text search (FTS5 trigram on SQLite, pg_trgm on PostgreSQL): long and
// short queries, any searched field, mixed case, and characters that mean
// something to LIKE or to FTS5 taken literally.
TEST_F(TipsApiTest, SearchFindsSubstringsInEveryFieldLongOrShort) {
  auto office = s.client_as("boss");
  ASSERT_EQ(office.post_json("/api/v1/tips", hotline_tip()).status, 201);
  nlohmann::json other = hotline_tip();
  other["content"] = "黄河边有人电鱼 100% 确定，车牌 NX-A12345";
  other["place_text"] = "柔远镇";
  other["species_text"] = "鲤鱼";
  ASSERT_EQ(office.post_json("/api/v1/tips", other).status, 201);
  auto total = [&](const std::string& q) {
    auto r = office.get("/api/v1/tips?q=" + q);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["total"].get<int>();
  };
  EXPECT_EQ(total("%E7%94%A8%E9%B8%9F%E7%BD%91%E6%8D%95"), 1);  // 用鸟网捕 (content, 4 characters)
  EXPECT_EQ(total("%E8%BF%8E%E6%B0%B4%E6%A1%A5"), 1);           // 迎水桥 (place)
  EXPECT_EQ(total("%E7%BA%A2%E9%9A%BC%E3%80%81%E7%99%BE"), 1);  // 红隼、百 (species)
  EXPECT_EQ(total("%E9%B8%9F"), 1);                             // 鸟 (one character: scans)
  EXPECT_EQ(total("nx-a123"), 1) << "ASCII letters ignore case";
  EXPECT_EQ(total("100%25%20"), 1) << "% is a character, not a wildcard";
  EXPECT_EQ(total("0%25%20%E7%A1%AE"), 1);
  EXPECT_EQ(total("%25%25%25"), 0);
  EXPECT_EQ(total("%22%E9%BB%84%E6%B2%B3%22"), 0) << "quotes are characters too";
  EXPECT_EQ(total("%E9%BB%84%E6%B2%B3%E8%BE%B9"), 1);  // 黄河边
  EXPECT_EQ(total("%E4%B8%8D%E5%AD%98%E5%9C%A8%E7%9A%84%E8%AF%8D"), 0);
}


// Photos with a public report: images only (by their bytes), at most three,
// stored as the office's evidence in the same all-or-nothing submission.
TEST_F(TipsApiTest, PublicReportsCarryPhotos) {
  auto pub = s.client();
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, 'p');
  auto b64 = [](const std::string& bytes) {
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                      bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);
    return out;
  };
  nlohmann::json body = {{"content", "黄河边有人用电瓶电鱼，附照片"}, {"place_text", "柔远镇"}};
  body["photos"] = {{{"name", "现场.png"}, {"data", b64(png)}}};
  auto r = pub.post_json("/api/v1/public/tips", body);
  ASSERT_EQ(r.status, 201) << r.body;

  auto office = s.client_as("boss");
  const auto found = office.get("/api/v1/tips?q=%E7%94%B5%E7%93%B6%E7%94%B5%E9%B1%BC").json();  // 电瓶电鱼
  ASSERT_EQ(found["total"], 1);
  const auto tip =
      office.get("/api/v1/tips/" + std::to_string(found["items"][0]["id"].get<long long>())).json();
  ASSERT_EQ(tip["attachments"].size(), 1u);
  const std::string evidence =
      "/api/v1/evidence/" + std::to_string(tip["attachments"][0].get<long long>());
  auto file = office.get(evidence);
  ASSERT_EQ(file.status, 200) << file.body;
  EXPECT_EQ(file.json()["mime"], "image/png");
  EXPECT_EQ(s.client_as("ny-officer").get(evidence).status, 404) << "the office's until shared";
  // The system account that uploads them cannot log in.
  EXPECT_EQ(pub.post_json("/api/v1/auth/login", {{"username", "public-web"}, {"password", ""}}).status / 100, 4);

  // Refusals create nothing.
  nlohmann::json text_file = body;
  text_file["content"] = "第二条举报附件不是图片";
  text_file["photos"] = {{{"name", "a.png"}, {"data", b64("just some text, not an image")}}};
  EXPECT_EQ(pub.post_json("/api/v1/public/tips", text_file).status, 415) << "no known file type";
  nlohmann::json pdf = text_file;
  pdf["photos"] = {{{"name", "a.png"}, {"data", b64("%PDF-1.5\n" + std::string(40, 'z') + "\n%%EOF\n")}}};
  EXPECT_EQ(pub.post_json("/api/v1/public/tips", pdf).status, 422) << "a document is not a photo";
  nlohmann::json four = text_file;
  four["photos"] = nlohmann::json::array();
  for (int i = 0; i < 4; ++i) four["photos"].push_back({{"data", b64(png)}});
  EXPECT_EQ(pub.post_json("/api/v1/public/tips", four).status, 422);
  nlohmann::json broken = text_file;
  broken["photos"] = {{{"data", "@@not base64@@"}}};
  EXPECT_EQ(pub.post_json("/api/v1/public/tips", broken).status, 422);
  nlohmann::json named = text_file;
  named.erase("photos");
  named["attachments"] = {1};
  EXPECT_EQ(pub.post_json("/api/v1/public/tips", named).status, 422);
  EXPECT_EQ(office.get("/api/v1/tips?q=%E9%99%84%E4%BB%B6%E4%B8%8D%E6%98%AF").json()["total"], 0);
}

}  // namespace
}  // namespace qf::api
