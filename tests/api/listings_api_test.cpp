// Online listings over HTTP, on the backend ctest chose: a platform's key
// scans a batch, reviewers work the queue, the takedown is tracked and a
// confirmed listing becomes a case — with permissions, the audit, and bad
// input answered as problem+json.
#include <gtest/gtest.h>

#include <algorithm>

#include "support/test_server.h"

namespace qf::api {
namespace {

using testing::HttpClient;
using testing::HttpResult;
using testing::TestServer;

void expect_problem(const HttpResult& r, int status, const std::string& type) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.header("content-type").rfind("application/problem+json", 0), 0u) << r.body;
  const auto j = r.json();
  EXPECT_EQ(j.value("type", ""), "https://qingfeng.invalid/problems/" + type) << r.body;
  // The title is Chinese (UTF-8 multi-byte), not an English fallback.
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

nlohmann::json listing(const std::string& external_id, const std::string& text,
                       const std::string& seller = "shop-88") {
  return {{"platform", "闲鱼"},
          {"external_id", external_id},
          {"url", "https://example.invalid/item/" + external_id},
          {"title", ""},
          {"text", text},
          {"seller_account", seller},
          {"seller_name", "老张的小店"},
          {"price", "1280.00"},
          {"posted_at", 1700000000000LL}};
}

std::string id_of(const nlohmann::json& j) { return std::to_string(j["id"].get<long long>()); }

class ListingsApiTest : public ::testing::Test {
 protected:
  ListingsApiTest() {
    auto& f = s.fixture();
    f.make_user("boss", Role::kOffice, "OFFICE");
    f.make_user("root", Role::kAdmin, "OFFICE");
    f.make_user("wx-officer", Role::kOfficer, "WX");
    f.make_user("sj-officer", Role::kOfficer, "SJ");
    f.make_user("lc-officer", Role::kOfficer, "LC");
    f.make_user("ga-officer", Role::kOfficer, "GA");
    platform_id = f.make_user("xianyu", Role::kIntegration, "WX").id;
  }

  // An admin issues the platform its key, as in production.
  HttpClient platform_client(const std::vector<std::string>& scopes = {"listings:write"}) {
    auto admin = s.client_as("root");
    auto r = admin.post_json("/api/v1/api-keys",
                             {{"user_id", platform_id}, {"name", "闲鱼对接"}, {"scopes", scopes}});
    EXPECT_EQ(r.status, 201) << r.body;
    HttpClient c = s.client();
    if (r.status == 201) c.set_token(r.json()["key"].get<std::string>());
    return c;
  }

  TestServer s;
  std::int64_t platform_id = 0;
};

TEST_F(ListingsApiTest, ListingToHitToConfirmToTakedownToCase) {
  auto platform = platform_client();
  const nlohmann::json batch = {
      {"listings",
       {listing("x1", "出售象*牙手镯，加V私聊"), listing("x2", "象牙白手机壳 包邮 现货")}}};
  auto scanned = platform.post_json("/api/v1/listings:scan", batch, {{"Idempotency-Key", "b-1"}});
  ASSERT_EQ(scanned.status, 200) << scanned.body;
  const auto result = scanned.json();
  EXPECT_EQ(result["created"], 2);
  const auto& flagged = result["results"][0];
  EXPECT_EQ(flagged["risk"], "high");
  EXPECT_EQ(flagged["category"], "wildlife");
  EXPECT_EQ(flagged["review_state"], "pending");
  bool ivory = false;
  for (const auto& h : flagged["hits"])
    if (h["term"] == "象牙") {
      ivory = true;
      EXPECT_EQ(h["text"], "象*牙");
      EXPECT_EQ(h["char_start"], 2);
    }
  EXPECT_TRUE(ivory) << flagged.dump();
  const auto& benign = result["results"][1];
  EXPECT_TRUE(benign["risk"] == "none" || benign["risk"] == "low") << benign.dump();
  const std::string id = id_of(flagged);

  // A resend with the same key replays; a new request recognises the posts.
  auto replay = platform.post_json("/api/v1/listings:scan", batch, {{"Idempotency-Key", "b-1"}});
  EXPECT_EQ(replay.status, 200);
  EXPECT_EQ(replay.header("idempotent-replayed"), "true");
  EXPECT_EQ(replay.body, scanned.body);
  auto again = platform.post_json("/api/v1/listings:scan", batch);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["duplicates"], 2);
  EXPECT_EQ(again.json()["results"][0]["outcome"], "duplicate");

  auto wx = s.client_as("wx-officer");
  auto queue = wx.get("/api/v1/listings?state=pending&risk=high&page=1&page_size=10");
  ASSERT_EQ(queue.status, 200) << queue.body;
  const auto page = queue.json();
  EXPECT_EQ(page["total"], 1);
  EXPECT_EQ(page["page_size"], 10);
  EXPECT_EQ(id_of(page["items"][0]), id);

  auto detail = wx.get("/api/v1/listings/" + id);
  ASSERT_EQ(detail.status, 200) << detail.body;
  EXPECT_EQ(detail.header("etag"), "\"v1\"");
  const auto d = detail.json();
  EXPECT_EQ(d["price"], "1280.00");
  bool marked = false;
  for (const auto& seg : d["highlight"]["text"])
    if (seg["marked"].get<bool>() && seg["text"] == "象*牙") marked = true;
  EXPECT_TRUE(marked) << d["highlight"].dump();
  EXPECT_FALSE(d["explanation"]["reasons"].empty());

  auto reviewed = wx.post_json("/api/v1/listings/" + id + "/review",
                               {{"decision", "confirmed"}, {"note", "出售象牙制品"}});
  ASSERT_EQ(reviewed.status, 200) << reviewed.body;
  EXPECT_EQ(reviewed.json()["review_state"], "confirmed");
  EXPECT_EQ(reviewed.json()["review_state_label"], "确认违法");

  auto office = s.client_as("boss");
  auto audit = office.get("/api/v1/audit?entity=listing&entity_id=" + id);
  ASSERT_EQ(audit.status, 200) << audit.body;
  const auto audit_page = audit.json();
  ASSERT_EQ(audit_page["total"], 1);
  EXPECT_EQ(audit_page["items"][0]["action"], "listing.review");
  EXPECT_EQ(audit_page["items"][0]["actor"], "wx-officer");
  EXPECT_EQ(audit_page["items"][0]["before"]["review_state"], "pending");
  EXPECT_EQ(audit_page["items"][0]["after"]["review_state"], "confirmed");

  auto requested = wx.post_json("/api/v1/listings/" + id + "/takedown",
                                {{"step", "request"}, {"note", "已通知平台"}});
  ASSERT_EQ(requested.status, 200) << requested.body;
  EXPECT_EQ(requested.json()["takedown_state"], "requested");
  auto down = platform.post_json("/api/v1/listings/" + id + "/takedown", {{"step", "taken_down"}});
  ASSERT_EQ(down.status, 200) << down.body;
  const auto taken = down.json();
  EXPECT_EQ(taken["takedown_state"], "taken_down");
  ASSERT_TRUE(taken["time_to_takedown_ms"].is_number()) << down.body;
  EXPECT_GE(taken["time_to_takedown_ms"].get<long long>(), 0);

  auto made = wx.post_json("/api/v1/listings/" + id + "/case", {{"note", "网信办巡查移交"}});
  ASSERT_EQ(made.status, 201) << made.body;
  const auto c = made.json();
  EXPECT_EQ(c["offence_type"], "online_trade");
  EXPECT_EQ(c["source"], "online_scan");
  EXPECT_EQ(c["place_type"], "internet");
  EXPECT_NE(c["summary"].get<std::string>().find("https://example.invalid/item/x1"),
            std::string::npos);
  EXPECT_EQ(wx.get("/api/v1/cases/" + id_of(c)).status, 200);
  auto linked = wx.get("/api/v1/listings/" + id);
  EXPECT_EQ(linked.json()["case_id"], c["id"]);
  expect_problem(wx.post_json("/api/v1/listings/" + id + "/case", nlohmann::json::object()), 409,
                 "conflict");

  auto seller = wx.get("/api/v1/sellers?platform=%E9%97%B2%E9%B1%BC&account=shop-88");
  ASSERT_EQ(seller.status, 200) << seller.body;
  const auto sv = seller.json();
  EXPECT_EQ(sv["total"], 2);
  EXPECT_EQ(sv["by_review_state"]["confirmed"], 1);
  EXPECT_EQ(sv["listings"]["total"], 2);
}

TEST_F(ListingsApiTest, OnlyTheChargedDepartmentsReviewAndEveryoneElseIsRefused) {
  auto platform = platform_client();
  auto scanned = platform.post_json("/api/v1/listings:scan",
                                    {{"listings", {listing("p1", "现货 猎夹 批发 加V")}}});
  ASSERT_EQ(scanned.status, 200) << scanned.body;
  const std::string id = id_of(scanned.json()["results"][0]);
  const nlohmann::json confirm = {{"decision", "confirmed"}};

  auto lc = s.client_as("lc-officer");
  EXPECT_EQ(lc.get("/api/v1/listings/" + id).status, 200);  // 林草 reads (五(三))
  expect_problem(lc.post_json("/api/v1/listings/" + id + "/review", confirm), 403, "forbidden");
  expect_problem(lc.post_json("/api/v1/listings:scan", {{"listings", {listing("p2", "出售")}}}),
                 403, "forbidden");
  auto ga = s.client_as("ga-officer");
  expect_problem(ga.get("/api/v1/listings"), 403, "forbidden");
  expect_problem(platform.get("/api/v1/listings"), 403, "forbidden");
  expect_problem(platform.post_json("/api/v1/listings/" + id + "/review", confirm), 403,
                 "forbidden");
  auto records_only = platform_client({"records:write"});
  expect_problem(
      records_only.post_json("/api/v1/listings:scan", {{"listings", {listing("p3", "出售")}}}), 403,
      "forbidden");

  auto me_lc = lc.get("/api/v1/me").json();
  EXPECT_EQ(me_lc["permissions"]["read_listings"], true);
  EXPECT_EQ(me_lc["permissions"]["review_listings"], false);
  auto sj = s.client_as("sj-officer");
  EXPECT_EQ(sj.get("/api/v1/me").json()["permissions"]["review_listings"], true);
  auto ok = sj.post_json("/api/v1/listings/" + id + "/review", confirm);
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST_F(ListingsApiTest, BadInputIsAProblemAndChangesNothing) {
  auto wx = s.client_as("wx-officer");
  nlohmann::json many = nlohmann::json::array();
  for (int i = 0; i < 1001; ++i) many.push_back({{"platform", "闲鱼"}, {"text", "出售"}});
  auto big = wx.post_json("/api/v1/listings:scan", {{"listings", many}});
  expect_problem(big, 422, "invalid-input");
  EXPECT_TRUE(has_field_error(big, "listings")) << big.body;

  nlohmann::json unknown = listing("u1", "出售象牙");
  unknown["colour"] = "red";
  auto u = wx.post_json("/api/v1/listings:scan", {{"listings", {unknown}}, {"extra", 1}});
  expect_problem(u, 422, "invalid-input");
  EXPECT_TRUE(has_field_error(u, "listings/0/colour")) << u.body;
  EXPECT_TRUE(has_field_error(u, "extra")) << u.body;

  nlohmann::json empty = listing("u2", "");
  auto e = wx.post_json("/api/v1/listings:scan", {{"listings", {empty}}});
  expect_problem(e, 422, "invalid-input");
  EXPECT_TRUE(has_field_error(e, "listings/0/text")) << e.body;

  // Invalid UTF-8 inside the JSON text: reported, and the server goes on.
  const std::string raw =
      "{\"listings\":[{\"platform\":\"闲鱼\",\"text\":\"出售象牙\xff\xfe手镯\"}]}";
  auto bad =
      wx.request("POST", "/api/v1/listings:scan", raw, {{"Content-Type", "application/json"}});
  expect_problem(bad, 400, "malformed-request");
  expect_problem(
      wx.request("POST", "/api/v1/listings:scan", "listings", {{"Content-Type", "text/plain"}}),
      415, "unsupported-media-type");

  expect_problem(wx.get("/api/v1/listings?risk=severe"), 422, "invalid-input");
  expect_problem(wx.get("/api/v1/listings?from=yesterday"), 422, "invalid-input");
  expect_problem(wx.get("/api/v1/listings?sort=random"), 422, "invalid-input");
  expect_problem(wx.get("/api/v1/listings/999999"), 404, "not-found");
  expect_problem(wx.get("/api/v1/sellers?platform=%E9%97%B2%E9%B1%BC"), 422, "invalid-input");
  expect_problem(wx.post_json("/api/v1/listings/1/review", {{"decision", "confirmed"}}), 404,
                 "not-found");

  auto listed = wx.get("/api/v1/listings");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.json()["total"], 0);

  auto good =
      wx.post_json("/api/v1/listings:scan", {{"listings", {listing("g1", "出售熊胆 加V")}}});
  ASSERT_EQ(good.status, 200) << good.body;
  const std::string id = id_of(good.json()["results"][0]);
  expect_problem(wx.post_json("/api/v1/listings/" + id + "/review", {{"decision", "maybe"}}), 422,
                 "invalid-input");
  expect_problem(wx.post_json("/api/v1/listings/" + id + "/takedown", {{"step", "request"}}), 409,
                 "conflict");
  expect_problem(wx.post_json("/api/v1/listings/" + id + "/takedown", {{"step", "explode"}}), 422,
                 "invalid-input");
}

}  // namespace
}  // namespace qf::api
