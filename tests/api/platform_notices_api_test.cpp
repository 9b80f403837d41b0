// Takedown notices to platforms over HTTP, on the backend ctest chose: the
// administrator registers a platform's endpoint (a loopback receiver) and
// gets its secret once; a confirmed listing's takedown request queues a
// notice that the dispatcher (the real HTTP client, as `serve` runs it)
// sends signed — a 500 is retried, then delivered; the platform's key
// acknowledges and the listing is 平台已下架. A disabled platform's notice
// is left to be sent by hand; overdue notices are filtered and counted;
// other platforms' keys and other departments are refused; all audited.
#include <gtest/gtest.h>

#include "core/clock.h"
#include "http/webhook_client.h"
#include "service/webhook_dispatcher.h"
#include "support/loopback_receiver.h"
#include "support/test_server.h"

namespace qf::api {
namespace {

using testing::HttpClient;
using testing::LoopbackReceiver;
using testing::TestServer;

std::string encoded(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// What `qingfeng serve` plugs in: each delivery to its target's URL and secret.
service::WebhookTransport http_transport() {
  return [](const service::OutgoingWebhook& m) -> Result<int> {
    auto url = http::parse_webhook_url(m.url);
    if (!url) return tl::unexpected(url.error());
    http::WebhookClientOptions options;
    options.connect_timeout = std::chrono::seconds(2);
    options.response_timeout = std::chrono::seconds(2);
    return http::post_webhook(*url, m.secret, {m.event, m.delivery_id, m.timestamp, m.body},
                              options);
  };
}

class PlatformNoticesApiTest : public ::testing::Test {
 protected:
  PlatformNoticesApiTest() {
    auto& f = s.fixture();
    f.ctx().webhook = service::WebhookSettings{"", "", 5};
    f.make_user("boss", Role::kOffice, "OFFICE");
    f.make_user("root", Role::kAdmin, "OFFICE");
    f.make_user("wx-officer", Role::kOfficer, "WX");
    f.make_user("lc-officer", Role::kOfficer, "LC");
    f.make_user("ga-officer", Role::kOfficer, "GA");
    xianyu_id = f.make_user("xianyu", Role::kIntegration, "WX").id;
    pdd_id = f.make_user("pdd", Role::kIntegration, "WX").id;
  }

  HttpClient key_for(std::int64_t user_id) {
    auto admin = s.client_as("root");
    auto r = admin.post_json("/api/v1/api-keys",
                             {{"user_id", user_id},
                              {"name", "平台对接"},
                              {"scopes", std::vector<std::string>{"listings:write"}}});
    EXPECT_EQ(r.status, 201) << r.body;
    HttpClient c = s.client();
    if (r.status == 201) c.set_token(r.json()["key"].get<std::string>());
    return c;
  }

  // A listing of `platform` handed in by `platform_key` and confirmed by 网信.
  std::string confirmed(HttpClient& platform_key, const std::string& platform,
                        const std::string& external_id) {
    nlohmann::json item = {{"platform", platform},
                           {"external_id", external_id},
                           {"url", "https://example.invalid/item/" + external_id},
                           {"text", "出售象*牙手镯，加V私聊"},
                           {"seller_account", "shop-1"}};
    nlohmann::json batch = {{"listings", nlohmann::json::array({item})}};
    auto r = platform_key.post_json("/api/v1/listings:scan", batch);
    EXPECT_EQ(r.status, 200) << r.body;
    const std::string id = std::to_string(r.json()["results"][0]["id"].get<long long>());
    auto wx = s.client_as("wx-officer");
    EXPECT_EQ(
        wx.post_json("/api/v1/listings/" + id + "/review", {{"decision", "confirmed"}}).status,
        200);
    return id;
  }

  TestServer s;
  std::int64_t xianyu_id = 0, pdd_id = 0;
};

TEST_F(PlatformNoticesApiTest, NoticeIsSignedRetriedDeliveredAndAcknowledged) {
  LoopbackReceiver receiver({500, 200});
  auto admin = s.client_as("root");
  auto created = admin.post_json("/api/v1/platforms", {{"code", "闲鱼"},
                                                       {"name", "闲鱼（阿里巴巴）"},
                                                       {"notice_url", receiver.url()},
                                                       {"enabled", true},
                                                       {"deadline_hours", 24},
                                                       {"account", "xianyu"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string secret = created.json()["secret"].get<std::string>();
  ASSERT_GE(secret.size(), 32u);
  EXPECT_EQ(created.header("etag"), "\"v1\"");

  // The secret is never shown again.
  auto office = s.client_as("boss");
  auto got = office.get("/api/v1/platforms/" + encoded("闲鱼"));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.body.find(secret), std::string::npos);
  EXPECT_EQ(got.json()["has_secret"], true);
  EXPECT_EQ(got.json()["account"], "xianyu");
  auto list = s.client_as("wx-officer").get("/api/v1/platforms");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json()["total"], 1);
  EXPECT_EQ(list.body.find(secret), std::string::npos);

  auto xianyu = key_for(xianyu_id);
  const std::string id = confirmed(xianyu, "闲鱼", "t1");
  auto wx = s.client_as("wx-officer");
  auto requested = wx.post_json("/api/v1/listings/" + id + "/takedown", {{"step", "request"}});
  ASSERT_EQ(requested.status, 200) << requested.body;
  EXPECT_EQ(requested.json()["takedown_state"], "requested");
  auto detail = wx.get("/api/v1/listings/" + id).json();
  EXPECT_EQ(detail["notice"]["status"], "queued");
  EXPECT_EQ(detail["notice"]["status_label"], "待发送");
  EXPECT_EQ(detail["platform_notified_at"], "");

  // First attempt: the platform answers 500 — retried later.
  service::WebhookDispatcher dispatcher(s.fixture().ctx(), s.fixture().ctx().webhook,
                                        http_transport());
  const std::int64_t t0 = now_ms();
  ASSERT_EQ(dispatcher.deliver_due(t0), 1);
  detail = wx.get("/api/v1/listings/" + id).json();
  EXPECT_EQ(detail["notice"]["status"], "retrying");
  EXPECT_EQ(detail["notice"]["status_label"], "发送失败重试中");
  EXPECT_EQ(detail["notice"]["attempts"], 1);
  EXPECT_EQ(detail["notice"]["last_status_code"], 500);
  EXPECT_EQ(dispatcher.deliver_due(t0 + 1000), 0);  // not due yet
  ASSERT_EQ(dispatcher.deliver_due(t0 + 31000 + 2000), 1);
  detail = wx.get("/api/v1/listings/" + id).json();
  EXPECT_EQ(detail["notice"]["status"], "sent");
  EXPECT_EQ(detail["notice"]["status_label"], "已发送");
  EXPECT_NE(detail["platform_notified_at"], "");

  // What the platform received, twice, signed with its secret.
  auto got_requests = receiver.received();
  ASSERT_EQ(got_requests.size(), 2u);
  for (const auto& r : got_requests) {
    EXPECT_EQ(r.request_line, "POST /takedown HTTP/1.1");
    EXPECT_EQ(r.headers.at("x-qingfeng-event"), "listing.takedown_notice");
    const std::string& ts = r.headers.at("x-qingfeng-timestamp");
    EXPECT_EQ(r.headers.at("x-qingfeng-signature"),
              "sha256=" + testing::hmac_sha256_hex(secret, ts + "." + r.body));
    EXPECT_EQ(r.body.find("wx-officer"), std::string::npos);
  }
  EXPECT_EQ(got_requests[0].headers.at("x-qingfeng-delivery"),
            got_requests[1].headers.at("x-qingfeng-delivery"));  // receivers dedupe by it
  auto body = nlohmann::json::parse(got_requests[1].body);
  EXPECT_EQ(body["listing"]["external_id"], "t1");
  EXPECT_EQ(body["listing"]["platform"], "闲鱼");
  EXPECT_EQ(body["listing"]["category"], "wildlife");
  EXPECT_EQ(body["notice"]["id"], detail["notice"]["id"]);
  EXPECT_EQ(body["callback"]["path"], "/api/v1/listings/" + id + "/takedown");
  EXPECT_FALSE(body["legal_basis"].get<std::string>().empty());

  // The delivery log shows the target.
  auto log = office.get("/api/v1/webhook-deliveries?entity=takedown_notice");
  ASSERT_EQ(log.status, 200) << log.body;
  EXPECT_EQ(log.json()["items"][0]["target"], "platform:闲鱼");
  EXPECT_EQ(log.json()["items"][0]["status"], "delivered");

  // Another platform's key cannot acknowledge it; 闲鱼's can.
  auto pdd = key_for(pdd_id);
  EXPECT_EQ(pdd.post_json("/api/v1/listings/" + id + "/takedown", {{"step", "taken_down"}}).status,
            404);
  auto down = xianyu.post_json("/api/v1/listings/" + id + "/takedown", {{"step", "taken_down"}});
  ASSERT_EQ(down.status, 200) << down.body;
  EXPECT_EQ(down.json()["takedown_state"], "taken_down");
  EXPECT_EQ(down.json()["takedown_state_label"], "平台已下架");
  EXPECT_NE(down.json()["taken_down_at"], "");
  detail = wx.get("/api/v1/listings/" + id).json();
  EXPECT_NE(detail["notice"]["acknowledged_at"], "");

  // Audited: the endpoint, the request with its notice, the acknowledgement.
  auto audit = office.get("/api/v1/audit?entity=platform_endpoint");
  ASSERT_EQ(audit.status, 200);
  EXPECT_EQ(audit.json()["total"], 1);
  EXPECT_EQ(audit.json()["items"][0]["action"], "platform.create");
  EXPECT_EQ(audit.body.find(secret), std::string::npos);
  auto takedowns = office.get("/api/v1/audit?action=listing.takedown&entity_id=" + id);
  ASSERT_EQ(takedowns.status, 200);
  ASSERT_EQ(takedowns.json()["total"], 2);
  EXPECT_EQ(takedowns.json()["items"][0]["actor"], "xianyu");
  EXPECT_EQ(takedowns.json()["items"][1]["after"]["notice"]["channel"], "webhook");
}

TEST_F(PlatformNoticesApiTest, OnlyTheOfficeAndAdministratorManagePlatforms) {
  const nlohmann::json body = {{"code", "拼多多"}, {"notice_url", "http://127.0.0.1:9/n"}};
  for (const char* user : {"wx-officer", "lc-officer", "ga-officer"})
    EXPECT_EQ(s.client_as(user).post_json("/api/v1/platforms", body).status, 403) << user;
  EXPECT_EQ(key_for(pdd_id).post_json("/api/v1/platforms", body).status, 403);
  EXPECT_EQ(s.client().get("/api/v1/platforms").status, 401);
  EXPECT_EQ(s.client_as("ga-officer").get("/api/v1/platforms").status, 403);

  auto office = s.client_as("boss");
  auto https = office.post_json("/api/v1/platforms",
                                {{"code", "拼多多"}, {"notice_url", "https://pdd.example/n"}});
  EXPECT_EQ(https.status, 422) << https.body;
  EXPECT_NE(https.body.find("notice_url"), std::string::npos);
  EXPECT_EQ(office.post_json("/api/v1/platforms", {{"code", "拼多多"}, {"notice_url", "ftp://x/"}})
                .status,
            422);
  EXPECT_EQ(office.post_json("/api/v1/platforms", {{"code", "拼多多"}, {"secret", "mine"}}).status,
            422);  // secrets are generated, never chosen
  auto created = office.post_json("/api/v1/platforms", body);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(office.post_json("/api/v1/platforms", body).status, 409);

  const std::string path = "/api/v1/platforms/" + encoded("拼多多");
  const std::map<std::string, std::string> json = {{"Content-Type", "application/json"}};
  auto h = json;
  h["If-Match"] = "\"v1\"";
  EXPECT_EQ(s.client_as("wx-officer").request("PATCH", path, R"({"enabled":true})", h).status, 403);
  EXPECT_EQ(office.request("PATCH", path, R"({"enabled":true})", json).status, 428);
  auto rotated = s.client_as("root").request("PATCH", path, R"({"rotate_secret":true})", h);
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  EXPECT_NE(rotated.json()["secret"], created.json()["secret"]);
  EXPECT_EQ(office.request("PATCH", path, R"({"enabled":true})", h).status, 412);  // now v2
  EXPECT_EQ(office.get("/api/v1/platforms/" + encoded("抖音")).status, 404);

  auto audit = office.get("/api/v1/audit?entity=platform_endpoint");
  EXPECT_EQ(audit.json()["total"], 2);
  EXPECT_EQ(audit.json()["items"][0]["action"], "platform.update");
  EXPECT_EQ(audit.json()["items"][0]["after"]["secret_rotated"], true);
}

TEST_F(PlatformNoticesApiTest, ADisabledPlatformIsNotifiedByHandAndOverdueIsCounted) {
  auto office = s.client_as("boss");
  ASSERT_EQ(office
                .post_json("/api/v1/platforms", {{"code", "拼多多"},
                                                 {"notice_url", "http://127.0.0.1:9/n"},
                                                 {"enabled", false},
                                                 {"account", "pdd"}})
                .status,
            201);
  auto pdd = key_for(pdd_id);
  const std::string id = confirmed(pdd, "拼多多", "d1");
  auto wx = s.client_as("wx-officer");
  auto requested = wx.post_json("/api/v1/listings/" + id + "/takedown",
                                {{"step", "request"}, {"notified", false}});
  ASSERT_EQ(requested.status, 200) << requested.body;
  EXPECT_NE(requested.json()["takedown_note"].get<std::string>().find("须人工通知"),
            std::string::npos);
  auto detail = wx.get("/api/v1/listings/" + id).json();
  EXPECT_EQ(detail["notice"]["channel"], "manual");
  EXPECT_EQ(detail["notice"]["status_label"], "须人工通知");
  EXPECT_EQ(office.get("/api/v1/webhook-deliveries").json()["total"], 0);  // nothing to send

  // Its deadline passes: the queue's overdue filter finds it, the registry counts it.
  ASSERT_TRUE(s.fixture().db().transact([&](soci::session& sql) -> Status {
    long long past = now_ms() - 1000, key = std::stoll(id);
    sql << "UPDATE takedown_notices SET deadline_at = :d WHERE listing_id = :l", soci::use(past),
        soci::use(key);
    return {};
  }));
  auto overdue = wx.get("/api/v1/listings?takedown=overdue&state=confirmed");
  ASSERT_EQ(overdue.status, 200) << overdue.body;
  ASSERT_EQ(overdue.json()["total"], 1);
  EXPECT_EQ(std::to_string(overdue.json()["items"][0]["id"].get<long long>()), id);
  EXPECT_EQ(wx.get("/api/v1/listings?takedown=requested").json()["total"], 1);
  EXPECT_EQ(wx.get("/api/v1/listings?takedown=none&state=confirmed").json()["total"], 0);
  EXPECT_EQ(wx.get("/api/v1/listings?takedown=late").status, 422);
  auto registry = wx.get("/api/v1/platforms").json();
  EXPECT_EQ(registry["overdue_notices"], 1);
  EXPECT_EQ(registry["items"][0]["overdue_notices"], 1);
  EXPECT_EQ(wx.get("/api/v1/listings/" + id).json()["notice"]["overdue"], true);

  // The platform's key reports it: 平台已下架, no longer overdue.
  auto down = pdd.post_json("/api/v1/listings/" + id + "/takedown", {{"step", "taken_down"}});
  ASSERT_EQ(down.status, 200) << down.body;
  EXPECT_EQ(down.json()["takedown_state_label"], "平台已下架");
  EXPECT_EQ(wx.get("/api/v1/listings?takedown=overdue").json()["total"], 0);
  EXPECT_EQ(wx.get("/api/v1/platforms").json()["overdue_notices"], 0);
}

// The review queue's rows carry each listing's notice, and a notice whose
// delivery was given up is sent again through the delivery log's retry
// (office and administrator only), its new state in the row and the detail.
TEST_F(PlatformNoticesApiTest, QueueRowsShowTheNoticeAndAGivenUpNoticeIsRetried) {
  LoopbackReceiver receiver({200});
  auto admin = s.client_as("root");
  ASSERT_EQ(admin
                .post_json("/api/v1/platforms", {{"code", "闲鱼"},
                                                 {"notice_url", receiver.url()},
                                                 {"enabled", true},
                                                 {"account", "xianyu"}})
                .status,
            201);
  auto xianyu = key_for(xianyu_id);
  const std::string failed = confirmed(xianyu, "闲鱼", "r1");
  const std::string manual = confirmed(xianyu, "抖音", "r2");
  const std::string quiet = confirmed(xianyu, "闲鱼", "r3");
  auto wx = s.client_as("wx-officer");
  ASSERT_EQ(wx.post_json("/api/v1/listings/" + failed + "/takedown", {{"step", "request"}}).status,
            200);
  ASSERT_EQ(wx.post_json("/api/v1/listings/" + manual + "/takedown",
                         {{"step", "request"}, {"notified", false}})
                .status,
            200);

  // Switched off before the dispatcher ran: the delivery is given up.
  const std::string path = "/api/v1/platforms/" + encoded("闲鱼");
  std::map<std::string, std::string> h = {{"Content-Type", "application/json"},
                                          {"If-Match", "\"v1\""}};
  ASSERT_EQ(admin.request("PATCH", path, R"({"enabled":false})", h).status, 200);
  service::WebhookDispatcher dispatcher(s.fixture().ctx(), s.fixture().ctx().webhook,
                                        http_transport());
  ASSERT_EQ(dispatcher.deliver_due(now_ms()), 1);
  EXPECT_TRUE(receiver.received().empty());

  auto rows_of = [&](HttpClient& c) {
    auto r = c.get("/api/v1/listings?state=confirmed&page_size=50");
    EXPECT_EQ(r.status, 200) << r.body;
    std::map<std::string, nlohmann::json> out;
    const nlohmann::json page = r.json();
    for (const auto& item : page["items"])
      out[std::to_string(item["id"].get<long long>())] = item;
    return out;
  };
  auto rows = rows_of(wx);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[failed]["notice"]["status"], "gave_up");
  EXPECT_EQ(rows[failed]["notice"]["status_label"], "已放弃");
  EXPECT_EQ(rows[manual]["notice"]["channel"], "manual");
  EXPECT_EQ(rows[manual]["notice"]["status_label"], "须人工通知");
  EXPECT_EQ(rows[manual]["notice"]["overdue"], false);
  EXPECT_TRUE(rows[quiet]["notice"].is_null());
  EXPECT_TRUE(rows[quiet].contains("notice"));
  EXPECT_EQ(rows[failed]["notice"], wx.get("/api/v1/listings/" + failed).json()["notice"]);
  const long long delivery = rows[failed]["notice"]["delivery_id"].get<long long>();

  // Fixed and retried: reviewers may not operate the delivery log; the
  // office may. The notice waits to be sent, then is sent.
  h["If-Match"] = "\"v2\"";
  ASSERT_EQ(admin.request("PATCH", path, R"({"enabled":true})", h).status, 200);
  const std::string retry = "/api/v1/webhook-deliveries/" + std::to_string(delivery) + "/retry";
  EXPECT_EQ(wx.post_json(retry, nlohmann::json::object()).status, 403);
  EXPECT_EQ(s.client_as("boss")
                .post_json("/api/v1/webhook-deliveries/999999/retry", nlohmann::json::object())
                .status,
            404);
  auto retried = s.client_as("boss").post_json(retry, nlohmann::json::object());
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(retried.json()["status"], "pending");
  EXPECT_EQ(rows_of(wx)[failed]["notice"]["status"], "queued");
  ASSERT_EQ(dispatcher.deliver_due(now_ms()), 1);
  ASSERT_EQ(receiver.received().size(), 1u);
  rows = rows_of(wx);
  EXPECT_EQ(rows[failed]["notice"]["status"], "sent");
  EXPECT_NE(rows[failed]["platform_notified_at"], "");
  auto audit = s.client_as("boss").get("/api/v1/audit?action=webhook.retry");
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_EQ(audit.json()["total"], 1);
}

}  // namespace
}  // namespace qf::api
