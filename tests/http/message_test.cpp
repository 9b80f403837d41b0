#include "http/message.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/problem.h"

namespace qf::http {
namespace {

using Query = std::vector<std::pair<std::string, std::string>>;

TEST(MessageTest, HeaderNamesCompareCaseInsensitively) {
  CaseInsensitiveLess less;
  EXPECT_FALSE(less("Content-Type", "content-type"));
  EXPECT_FALSE(less("content-type", "CONTENT-TYPE"));
  EXPECT_TRUE(less("accept", "Content-Type"));
  EXPECT_TRUE(less("X-A", "x-b"));

  Request req;
  req.headers.emplace("Content-Type", "application/json");
  req.headers.emplace("X-Multi", "first");
  req.headers.emplace("x-multi", "second");
  EXPECT_EQ(req.header("content-type"), "application/json");
  EXPECT_EQ(req.header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(req.header("x-MULTI"), "first");
  EXPECT_FALSE(req.header("Authorization").has_value());
}

TEST(MessageTest, QueryParamReturnsFirstOccurrence) {
  Request req;
  req.query = {{"page", "2"}, {"tag", "a"}, {"tag", "b"}, {"empty", ""}};
  EXPECT_EQ(req.query_param("page"), "2");
  EXPECT_EQ(req.query_param("tag"), "a");
  EXPECT_EQ(req.query_param("empty"), "");
  EXPECT_FALSE(req.query_param("Page").has_value());  // keys are case-sensitive
}

TEST(MessageTest, ResponseHelpers) {
  auto j = Response::json(201, R"({"ok":true})");
  EXPECT_EQ(j.status, 201);
  EXPECT_EQ(j.body, R"({"ok":true})");
  EXPECT_EQ(j.header("content-type"), "application/json; charset=utf-8");

  auto t = Response::text(200, "hi");
  EXPECT_EQ(t.header("Content-Type"), "text/plain; charset=utf-8");
  auto csv = Response::text(200, "a,b", "text/csv; charset=utf-8");
  EXPECT_EQ(csv.header("Content-Type"), "text/csv; charset=utf-8");

  auto n = Response::no_content();
  EXPECT_EQ(n.status, 204);
  EXPECT_TRUE(n.body.empty());
}

TEST(MessageTest, SetHeaderReplacesAllValuesOfThatName) {
  Response r;
  r.headers.emplace("Cache-Control", "a");
  r.headers.emplace("cache-control", "b");
  r.set_header("CACHE-CONTROL", "no-store");
  EXPECT_EQ(r.headers.count("cache-control"), 1u);
  EXPECT_EQ(r.header("Cache-Control"), "no-store");
}

TEST(MessageTest, ParseTargetSplitsAndDecodes) {
  std::string path;
  Query query;
  ASSERT_TRUE(parse_target("/api/v1/users/%E5%BC%A0%20san?page=2&q=a+b%2Bc&flag&&x=", path, query));
  EXPECT_EQ(path, "/api/v1/users/张 san");
  EXPECT_EQ(query, (Query{{"page", "2"}, {"q", "a b+c"}, {"flag", ""}, {"x", ""}}));
}

TEST(MessageTest, ParseTargetKeepsPlusInPath) {
  std::string path;
  Query query;
  ASSERT_TRUE(parse_target("/a+b", path, query));
  EXPECT_EQ(path, "/a+b");
  EXPECT_TRUE(query.empty());
}

TEST(MessageTest, ParseTargetWithEmptyQuery) {
  std::string path;
  Query query;
  ASSERT_TRUE(parse_target("/x?", path, query));
  EXPECT_EQ(path, "/x");
  EXPECT_TRUE(query.empty());
}

TEST(MessageTest, ParseTargetRejectsNonOriginForm) {
  std::string path;
  Query query;
  EXPECT_FALSE(parse_target("", path, query));
  EXPECT_FALSE(parse_target("*", path, query));
  EXPECT_FALSE(parse_target("http://example.com/x", path, query));
  EXPECT_FALSE(parse_target("example.com:443", path, query));
  EXPECT_FALSE(parse_target("/x#frag", path, query));
}

TEST(MessageTest, ParseTargetRejectsBrokenEncoding) {
  std::string path;
  Query query;
  EXPECT_FALSE(parse_target("/a%zz", path, query));
  EXPECT_FALSE(parse_target("/a%2", path, query));
  EXPECT_FALSE(parse_target("/a%00b", path, query));
  EXPECT_FALSE(parse_target("/ok?x=%G1", path, query));
  EXPECT_FALSE(parse_target("/ok?x=%00", path, query));
  EXPECT_FALSE(parse_target("/ok?%=1", path, query));
  EXPECT_TRUE(path.empty());
  EXPECT_TRUE(query.empty());
}

TEST(MessageTest, PercentDecode) {
  EXPECT_EQ(percent_decode("a%2Fb%2fc", false), "a/b/c");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("%2B", true), "+");
  EXPECT_EQ(percent_decode("", true), "");
  EXPECT_FALSE(percent_decode("%", false).has_value());
  EXPECT_FALSE(percent_decode("%4", false).has_value());
  EXPECT_FALSE(percent_decode("%4g", false).has_value());
  EXPECT_FALSE(percent_decode("x%00", false).has_value());
  EXPECT_FALSE(percent_decode(std::string_view("a\0b", 3), false).has_value());
}

TEST(ProblemTest, BodyHasTypeTitleStatusAndOptionalParts) {
  auto r = problem(404, "not-found", "未找到该接口");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.header("Content-Type"), "application/problem+json; charset=utf-8");
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["type"], "https://qingfeng.invalid/problems/not-found");
  EXPECT_EQ(j["title"], "未找到该接口");
  EXPECT_EQ(j["status"], 404);
  EXPECT_FALSE(j.contains("detail"));
  EXPECT_FALSE(j.contains("errors"));

  auto v = problem(422, "invalid-input", "输入数据有误", "请检查输入",
                   {{"password", "密码太短"}, {"items/0/qty", "必须为正数"}});
  auto k = nlohmann::json::parse(v.body);
  EXPECT_EQ(k["detail"], "请检查输入");
  ASSERT_EQ(k["errors"].size(), 2u);
  EXPECT_EQ(k["errors"][0]["field"], "password");
  EXPECT_EQ(k["errors"][0]["message"], "密码太短");
  EXPECT_EQ(k["errors"][1]["field"], "items/0/qty");
}

TEST(ProblemTest, InvalidUtf8InDetailDoesNotThrow) {
  Response r;
  ASSERT_NO_THROW(r = problem(400, "malformed-request", "请求格式错误", "bad \xff byte"));
  EXPECT_TRUE(nlohmann::json::accept(r.body));
}

TEST(ProblemTest, StatusForEveryCode) {
  EXPECT_EQ(status_for(ErrorCode::kMalformedRequest), 400);
  EXPECT_EQ(status_for(ErrorCode::kInvalidInput), 422);
  EXPECT_EQ(status_for(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(status_for(ErrorCode::kForbidden), 403);
  EXPECT_EQ(status_for(ErrorCode::kNotFound), 404);
  EXPECT_EQ(status_for(ErrorCode::kConflict), 409);
  EXPECT_EQ(status_for(ErrorCode::kPreconditionFailed), 412);
  EXPECT_EQ(status_for(ErrorCode::kPreconditionRequired), 428);
  EXPECT_EQ(status_for(ErrorCode::kTooLarge), 413);
  EXPECT_EQ(status_for(ErrorCode::kUnsupportedMedia), 415);
  EXPECT_EQ(status_for(ErrorCode::kLocked), 429);
  EXPECT_EQ(status_for(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(status_for(ErrorCode::kInternal), 500);
}

TEST(ProblemTest, FromErrorUsesFixedTitleAndMessageAsDetail) {
  auto r = problem_from_error(Error{ErrorCode::kConflict, "用户名已存在", {}, 0});
  EXPECT_EQ(r.status, 409);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["type"], "https://qingfeng.invalid/problems/conflict");
  EXPECT_EQ(j["title"], "数据冲突");
  EXPECT_EQ(j["detail"], "用户名已存在");
  EXPECT_FALSE(r.header("Retry-After").has_value());
}

TEST(ProblemTest, FromErrorCarriesFieldErrors) {
  Error e = invalid("email", "邮箱格式不正确").value();
  auto r = problem_from_error(e);
  EXPECT_EQ(r.status, 422);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["title"], "输入数据有误");
  ASSERT_EQ(j["errors"].size(), 1u);
  EXPECT_EQ(j["errors"][0]["field"], "email");
  EXPECT_EQ(j["errors"][0]["message"], "邮箱格式不正确");
}

TEST(ProblemTest, LockedSetsRetryAfter) {
  auto r = problem_from_error(Error{ErrorCode::kLocked, "请 60 秒后再试", {}, 60});
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.header("Retry-After"), "60");
  EXPECT_EQ(nlohmann::json::parse(r.body)["title"], "尝试次数过多，请稍后再试");

  auto no_hint = problem_from_error(Error{ErrorCode::kLocked, "稍后再试", {}, 0});
  EXPECT_FALSE(no_hint.header("Retry-After").has_value());
}

TEST(ProblemTest, EmptyMessageOmitsDetail) {
  auto r = problem_from_error(Error{ErrorCode::kInternal, "", {}, 0});
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["status"], 500);
  EXPECT_EQ(j["title"], "服务器内部错误");
  EXPECT_FALSE(j.contains("detail"));
}

}  // namespace
}  // namespace qf::http

namespace qf::http {
namespace {

TEST(ClientAddressTest, OnlyTrustedProxiesMayNameTheClient) {
  const std::vector<std::string> proxies = {"127.0.0.1", "10.0.0.2"};
  EXPECT_EQ(client_address_behind_proxies("203.0.113.9", "1.2.3.4", proxies), "203.0.113.9");
  EXPECT_EQ(client_address_behind_proxies("127.0.0.1", "198.51.100.7", proxies), "198.51.100.7");
  // A client cannot plant an address in front of the real one.
  EXPECT_EQ(client_address_behind_proxies("127.0.0.1", "6.6.6.6, 198.51.100.7", proxies), "198.51.100.7");
  EXPECT_EQ(client_address_behind_proxies("127.0.0.1", "198.51.100.7, 10.0.0.2", proxies), "198.51.100.7");
  EXPECT_EQ(client_address_behind_proxies("127.0.0.1", "not an address", proxies), "127.0.0.1");
  EXPECT_EQ(client_address_behind_proxies("127.0.0.1", "", proxies), "127.0.0.1");
  EXPECT_EQ(client_address_behind_proxies("127.0.0.1", "2001:db8::1", {"127.0.0.1"}), "2001:db8::1");
}

}  // namespace
}  // namespace qf::http

namespace qf::http {
namespace {

TEST(ParseTargetTest, RefusesPathsAndQueriesThatAreNotUtf8) {
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;
  EXPECT_TRUE(parse_target("/api/v1/cases?q=%E7%81%B0%E9%B9%A4", path, query));
  EXPECT_EQ(query.at(0).second, "灰鹤");
  EXPECT_FALSE(parse_target("/api/v1/cases?q=%FF%FE", path, query));
  EXPECT_FALSE(parse_target("/api/v1/cases/%C0%AF", path, query));  // overlong '/'
  EXPECT_FALSE(parse_target("/api/v1/cases?%ED%A0%80=1", path, query));  // surrogate
}

}  // namespace
}  // namespace qf::http
