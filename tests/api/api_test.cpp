// HTTP integration tests: the real server on a loopback socket, on the
// backend ctest chose.
#include <gtest/gtest.h>

#include "service/audit_writer.h"
#include "service/demo_seeder.h"
#include "store/audit_log.h"
#include "support/test_server.h"

namespace qf::api {
namespace {

using testing::HttpClient;
using testing::HttpResult;
using testing::ServiceFixture;
using testing::TestServer;

long long count(store::Database& db, const std::string& table) {
  auto n = db.read([&](soci::session& s) -> Result<long long> {
    long long v = 0;
    s << "SELECT COUNT(*) FROM " + table, soci::into(v);  // table names are test constants
    return v;
  });
  return n ? *n : -1;
}

void expect_problem(const HttpResult& r, int status, const std::string& type) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.header("content-type").rfind("application/problem+json", 0), 0u) << r.header("content-type");
  auto j = r.json();
  ASSERT_TRUE(j.is_object()) << r.body;
  EXPECT_EQ(j.value("type", ""), "https://qingfeng.invalid/problems/" + type);
  EXPECT_EQ(j.value("status", 0), status);
  // The title is Chinese: at least one multi-byte UTF-8 character.
  std::string title = j.value("title", "");
  EXPECT_TRUE(std::any_of(title.begin(), title.end(), [](char c) { return (c & 0x80) != 0; })) << title;
}

TEST(ApiTest, HealthReadinessAndMetrics) {
  TestServer s;
  auto c = s.client();
  EXPECT_EQ(c.get("/healthz").status, 200);
  EXPECT_EQ(c.get("/readyz").status, 200);
  c.get("/api/v1/me");
  auto m = c.get("/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("qingfeng_http_requests_total{method=\"GET\",route=\"/api/v1/me\",status=\"401\"}"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("qingfeng_db_pool_size"), std::string::npos);
  EXPECT_NE(m.body.find("qingfeng_http_request_duration_seconds_bucket"), std::string::npos);
}

TEST(ApiTest, EachDemoRoleLogsInAndSeesItsPermissions) {
  TestServer s;
  auto& f = s.fixture();
  auto accounts = service::DemoSeeder(f.ctx()).seed(service::cli_call_context());
  ASSERT_TRUE(accounts);
  std::map<std::string, std::pair<bool, bool>> expected = {
      // role: manage_users, read_audit
      {"admin", {true, true}},    {"office", {false, true}},  {"leader", {false, false}},
      {"officer", {false, false}}, {"ranger", {false, false}}, {"inspector", {false, true}},
  };
  for (const auto& a : *accounts) {
    if (a.role == "integration") continue;  // integration accounts use API keys
    SCOPED_TRACE(a.username);
    auto c = s.client_as(a.username, a.password);
    auto me = c.get("/api/v1/me");
    ASSERT_EQ(me.status, 200) << me.body;
    auto j = me.json();
    EXPECT_EQ(j["username"], a.username);
    EXPECT_EQ(j["role"], a.role);
    EXPECT_EQ(j["department_code"], a.department_code);
    auto [users, audit] = expected.at(a.role);
    EXPECT_EQ(j["permissions"]["manage_users"], users);
    EXPECT_EQ(j["permissions"]["read_audit"], audit);
    EXPECT_EQ(c.get("/api/v1/audit").status, audit ? 200 : 403);
  }
}

TEST(ApiTest, MissingOrBadTokenIs401Problem) {
  TestServer s;
  auto c = s.client();
  auto r = c.get("/api/v1/me");
  expect_problem(r, 401, "unauthenticated");
  EXPECT_EQ(r.header("www-authenticate"), "Bearer");
  c.set_token("qfs_not-a-real-token");
  expect_problem(c.get("/api/v1/me"), 401, "unauthenticated");
}

TEST(ApiTest, LogoutEndsTheSession) {
  TestServer s;
  s.fixture().make_user("zhang", Role::kOfficer, "LC");
  auto c = s.client_as("zhang");
  EXPECT_EQ(c.get("/api/v1/me").status, 200);
  EXPECT_EQ(c.request("POST", "/api/v1/auth/logout").status, 204);
  EXPECT_EQ(c.get("/api/v1/me").status, 401);
}

TEST(ApiTest, RepeatedFailedLoginsLockWith429AndRetryAfter) {
  TestServer s;
  s.fixture().make_user("zhang", Role::kOfficer, "LC");
  auto c = s.client();
  for (int i = 0; i < 5; ++i)
    expect_problem(c.post_json("/api/v1/auth/login", {{"username", "zhang"}, {"password", "wrong password"}}), 401, "unauthenticated");
  auto locked = c.post_json("/api/v1/auth/login", {{"username", "zhang"}, {"password", ServiceFixture::kPassword}});
  expect_problem(locked, 429, "locked");
  EXPECT_FALSE(locked.header("retry-after").empty());
}

TEST(ApiTest, BadInputGetsProblemJsonAndChangesNothing) {
  TestServer s;
  auto& f = s.fixture();
  f.make_user("root", Role::kAdmin, "OFFICE");
  auto c = s.client_as("root");
  const long long users = count(f.db(), "users");
  const long long audit = count(f.db(), "audit_log");
  const std::map<std::string, std::string> json = {{"Content-Type", "application/json"}};

  expect_problem(c.request("POST", "/api/v1/users", "{\"username\": ", json), 400, "malformed-request");
  expect_problem(c.request("POST", "/api/v1/users", "{\"username\": \"\xff\xfe\"}", json), 400, "malformed-request");
  expect_problem(c.request("POST", "/api/v1/users", "[1,2]", json), 400, "malformed-request");
  expect_problem(c.request("POST", "/api/v1/users", "username=x", {{"Content-Type", "application/x-www-form-urlencoded"}}), 415, "unsupported-media-type");

  auto wrong_types = c.post_json("/api/v1/users", {{"username", 42}, {"role", "officer"}, {"department_code", "LC"}, {"password", true}, {"nickname", "x"}});
  expect_problem(wrong_types, 422, "invalid-input");
  std::set<std::string> fields;
  const auto problem = wrong_types.json();
  for (const auto& e : problem["errors"]) fields.insert(e["field"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"username", "password", "nickname"}));

  expect_problem(c.post_json("/api/v1/users", {{"username", "li"}, {"role", "emperor"}, {"department_code", "LC"}, {"password", "long enough password"}}), 422, "invalid-input");
  expect_problem(c.post_json("/api/v1/users", {{"username", "li"}, {"role", "officer"}, {"department_code", "NOPE"}, {"password", "long enough password"}}), 422, "invalid-input");

  std::string huge(20 * 1024, 'x');
  expect_problem(c.request("POST", "/api/v1/users", "{\"username\":\"" + huge + "\"}", json), 413, "too-large");

  expect_problem(c.get("/api/v1/users/999999"), 404, "not-found");
  expect_problem(c.get("/api/v1/users/abc"), 404, "not-found");
  expect_problem(c.get("/api/v1/users?page_size=500"), 422, "invalid-input");
  expect_problem(c.get("/api/v1/nothing-here"), 404, "not-found");
  expect_problem(c.get("/api/v1/cases?q=%FF%FE"), 400, "malformed-request");
  expect_problem(c.get("/api/v1/users?q=%C0%AF"), 400, "malformed-request");

  EXPECT_EQ(count(f.db(), "users"), users);
  EXPECT_EQ(count(f.db(), "audit_log"), audit);
}

TEST(ApiTest, ForbiddenActionIs403AndChangesNothing) {
  TestServer s;
  auto& f = s.fixture();
  f.make_user("zhang", Role::kOfficer, "LC");
  auto c = s.client_as("zhang");
  const long long users = count(f.db(), "users");
  expect_problem(c.post_json("/api/v1/users", {{"username", "li"}, {"role", "admin"}, {"department_code", "LC"}, {"password", "long enough password"}}), 403, "forbidden");
  EXPECT_EQ(count(f.db(), "users"), users);
}

TEST(ApiTest, StaleIfMatchIs412AndMissingIs428) {
  TestServer s;
  auto& f = s.fixture();
  f.make_user("root", Role::kAdmin, "OFFICE");
  auto target = f.make_user("zhang", Role::kOfficer, "LC");
  auto a = s.client_as("root");
  auto path = "/api/v1/users/" + std::to_string(target.id);
  auto got = a.get(path);
  ASSERT_EQ(got.status, 200);
  std::string etag = got.header("etag");
  ASSERT_EQ(etag, "\"v1\"");
  const std::map<std::string, std::string> json = {{"Content-Type", "application/json"}};

  auto missing = a.request("PATCH", path, R"({"display_name":"张三"})", json);
  expect_problem(missing, 428, "precondition-required");

  auto h = json;
  h["If-Match"] = etag;
  auto first = a.request("PATCH", path, R"({"display_name":"张三"})", h);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.header("etag"), "\"v2\"");

  auto second = a.request("PATCH", path, R"({"display_name":"李四"})", h);  // still v1
  expect_problem(second, 412, "precondition-failed");
  EXPECT_EQ(a.get(path).json()["display_name"], "张三");
}

TEST(ApiTest, IdempotencyKeyReplaysTheFirstResponse) {
  TestServer s;
  auto& f = s.fixture();
  f.make_user("root", Role::kAdmin, "OFFICE");
  auto c = s.client_as("root");
  nlohmann::json body = {{"username", "li"}, {"role", "officer"}, {"department_code", "LC"}, {"password", "long enough password"}};
  auto first = c.post_json("/api/v1/users", body, {{"Idempotency-Key", "device-42-req-7"}});
  ASSERT_EQ(first.status, 201) << first.body;
  const long long users = count(f.db(), "users");
  auto again = c.post_json("/api/v1/users", body, {{"Idempotency-Key", "device-42-req-7"}});
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.header("idempotent-replayed"), "true");
  EXPECT_EQ(again.json()["id"], first.json()["id"]);
  EXPECT_EQ(count(f.db(), "users"), users);

  body["username"] = "wang";
  expect_problem(c.post_json("/api/v1/users", body, {{"Idempotency-Key", "device-42-req-7"}}), 422, "idempotency-key-reused");
  EXPECT_EQ(count(f.db(), "users"), users);
}

TEST(ApiTest, EvidenceUploadDownloadAndRowLevelVisibility) {
  TestServer s;
  auto& f = s.fixture();
  f.make_user("zhang", Role::kOfficer, "LC");
  f.make_user("chen", Role::kOfficer, "SJ");
  f.make_user("boss", Role::kOffice, "OFFICE");
  auto lc = s.client_as("zhang");
  auto sj = s.client_as("chen");
  auto office = s.client_as("boss");

  std::string pdf = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EOF\n";
  auto up = lc.request("POST", "/api/v1/evidence?name=%E7%8C%8E%E5%A4%B9.pdf&description=%E7%8E%B0%E5%9C%BA",
                       pdf, {{"Content-Type", "application/octet-stream"}});
  ASSERT_EQ(up.status, 201) << up.body;
  auto meta = up.json();
  EXPECT_EQ(meta["mime"], "application/pdf");
  EXPECT_EQ(meta["original_name"], "猎夹.pdf");
  EXPECT_EQ(meta["size"], pdf.size());
  std::string id = std::to_string(meta["id"].get<long long>());

  auto down = lc.get("/api/v1/evidence/" + id + "/content");
  ASSERT_EQ(down.status, 200);
  EXPECT_EQ(down.body, pdf);
  EXPECT_EQ(down.header("x-content-sha256"), meta["sha256"]);

  expect_problem(sj.get("/api/v1/evidence/" + id), 404, "not-found");
  expect_problem(sj.get("/api/v1/evidence/" + id + "/content"), 404, "not-found");
  EXPECT_EQ(office.get("/api/v1/evidence/" + id).status, 200);
  EXPECT_EQ(sj.get("/api/v1/evidence").json()["total"], 0);

  auto shared = lc.post_json("/api/v1/evidence/" + id + "/shares", {{"department_code", "SJ"}});
  ASSERT_EQ(shared.status, 200) << shared.body;
  EXPECT_EQ(sj.get("/api/v1/evidence/" + id + "/content").body, pdf);

  auto exe = lc.request("POST", "/api/v1/evidence?name=x.exe", std::string("MZ\x90\0\3\0\0\0", 8) + std::string(100, 'A'),
                        {{"Content-Type", "application/octet-stream"}});
  expect_problem(exe, 415, "unsupported-media-type");
}

TEST(ApiTest, AuditLogListsWritesWithActorAndRequestId) {
  TestServer s;
  auto& f = s.fixture();
  f.make_user("root", Role::kAdmin, "OFFICE");
  auto c = s.client_as("root");
  auto created = c.post_json("/api/v1/users", {{"username", "li"}, {"role", "officer"}, {"department_code", "LC"}, {"password", "long enough password"}},
                             {{"X-Request-Id", "trace-abc-123"}});
  ASSERT_EQ(created.status, 201);
  auto log = c.get("/api/v1/audit?action=user.create&actor=root");
  ASSERT_EQ(log.status, 200);
  auto j = log.json();
  ASSERT_EQ(j["total"], 1);
  EXPECT_EQ(j["items"][0]["request_id"], "trace-abc-123");
  EXPECT_EQ(j["items"][0]["after"]["username"], "li");
  EXPECT_TRUE(j["items"][0]["before"].is_null());
  auto verify = c.get("/api/v1/audit/verify");
  EXPECT_EQ(verify.json()["ok"], true);
}

}  // namespace
}  // namespace qf::api
