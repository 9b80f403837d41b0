#include "http/router.h"

#include <gtest/gtest.h>

namespace qf::http {
namespace {

Handler named(std::string name) {
  return [name](Request&) { return Response::text(200, name); };
}

std::string call(const Router::Match& m) {
  Request req;
  return m.route->handler(req).body;
}

TEST(RouterTest, MatchesLiteralRoute) {
  Router r;
  r.add("GET", "/api/v1/health", named("health"));
  auto m = r.match("GET", "/api/v1/health");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/health");
  EXPECT_TRUE(m.params.empty());
  EXPECT_TRUE(m.allowed_methods.empty());
  EXPECT_EQ(call(m), "health");
}

TEST(RouterTest, ExtractsPlaceholders) {
  Router r;
  r.add("GET", "/api/v1/departments/{dept}/users/{id}", named("user"));
  auto m = r.match("GET", "/api/v1/departments/42/users/7");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("dept"), "42");
  EXPECT_EQ(m.params.at("id"), "7");
}

TEST(RouterTest, PlaceholderNeedsNonEmptySegment) {
  Router r;
  r.add("GET", "/users/{id}", named("user"));
  EXPECT_EQ(r.match("GET", "/users/").route, nullptr);
  EXPECT_EQ(r.match("GET", "/users").route, nullptr);
  EXPECT_EQ(r.match("GET", "/users/1/extra").route, nullptr);
}

TEST(RouterTest, TrailingSlashIsSignificant) {
  Router r;
  r.add("GET", "/users", named("list"));
  EXPECT_NE(r.match("GET", "/users").route, nullptr);
  EXPECT_EQ(r.match("GET", "/users/").route, nullptr);
}

TEST(RouterTest, RootPattern) {
  Router r;
  r.add("GET", "/", named("root"));
  EXPECT_NE(r.match("GET", "/").route, nullptr);
  EXPECT_EQ(r.match("GET", "/x").route, nullptr);
}

TEST(RouterTest, LiteralBeatsPlaceholderWhateverTheOrder) {
  for (bool literal_first : {true, false}) {
    Router r;
    if (literal_first) r.add("GET", "/users/me", named("me"));
    r.add("GET", "/users/{id}", named("by-id"));
    if (!literal_first) r.add("GET", "/users/me", named("me"));

    auto me = r.match("GET", "/users/me");
    ASSERT_NE(me.route, nullptr);
    EXPECT_EQ(call(me), "me") << "literal_first=" << literal_first;
    EXPECT_TRUE(me.params.empty());

    auto other = r.match("GET", "/users/17");
    ASSERT_NE(other.route, nullptr);
    EXPECT_EQ(call(other), "by-id");
    EXPECT_EQ(other.params.at("id"), "17");
  }
}

TEST(RouterTest, LeftmostLiteralDecides) {
  Router r;
  r.add("GET", "/a/{x}/c", named("x-c"));
  r.add("GET", "/{y}/b/c", named("y-b-c"));
  r.add("GET", "/a/{x}/{z}", named("x-z"));
  EXPECT_EQ(call(r.match("GET", "/a/b/c")), "x-c");
  EXPECT_EQ(call(r.match("GET", "/a/b/d")), "x-z");
  EXPECT_EQ(call(r.match("GET", "/q/b/c")), "y-b-c");
}

TEST(RouterTest, MethodMismatchReportsAllowedMethods) {
  Router r;
  r.add("GET", "/users/{id}", named("get"));
  r.add("PUT", "/users/{id}", named("put"));
  r.add("POST", "/users", named("create"));
  auto m = r.match("DELETE", "/users/3");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed_methods, (std::vector<std::string>{"GET", "HEAD", "PUT"}));
}

TEST(RouterTest, UnknownPathHasNoAllowedMethods) {
  Router r;
  r.add("GET", "/users/{id}", named("get"));
  auto m = r.match("GET", "/nothing/here");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.allowed_methods.empty());
}

TEST(RouterTest, HeadMatchesGetRoutes) {
  Router r;
  r.add("GET", "/files/{id}", named("get"));
  auto m = r.match("HEAD", "/files/9");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->method, "GET");
  EXPECT_EQ(m.params.at("id"), "9");
  // Not the other way round.
  Router only_head;
  only_head.add("HEAD", "/x", named("head"));
  EXPECT_EQ(only_head.match("GET", "/x").route, nullptr);
}

TEST(RouterTest, ExplicitHeadRouteWinsOverGet) {
  Router r;
  r.add("GET", "/x", named("get"));
  r.add("HEAD", "/x", named("head"));
  EXPECT_EQ(call(r.match("HEAD", "/x")), "head");
  EXPECT_EQ(call(r.match("GET", "/x")), "get");
}

TEST(RouterTest, MethodMatchingRouteIsPreferredOverMoreLiteralOne) {
  // DELETE /users/me is not a route, but DELETE /users/{id} is, so that one
  // serves it rather than answering 405 for the literal pattern.
  Router r;
  r.add("GET", "/users/me", named("me"));
  r.add("DELETE", "/users/{id}", named("delete"));
  auto m = r.match("DELETE", "/users/me");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(call(m), "delete");
  EXPECT_EQ(m.params.at("id"), "me");
}

TEST(RouterTest, MethodsAreCaseSensitive) {
  Router r;
  r.add("GET", "/x", named("get"));
  auto m = r.match("get", "/x");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed_methods, (std::vector<std::string>{"GET", "HEAD"}));
}

TEST(RouterTest, KeepsRouteOptionsAndFallback) {
  Router r;
  RouteOptions opts;
  opts.body_limit = 123;
  opts.stream_body_to_file = true;
  r.add("POST", "/upload", named("upload"), opts);
  auto m = r.match("POST", "/upload");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->options.body_limit, 123u);
  EXPECT_TRUE(m.route->options.stream_body_to_file);
  EXPECT_EQ(r.routes().size(), 1u);
  EXPECT_EQ(r.routes()[0].segments, (std::vector<std::string>{"upload"}));

  EXPECT_FALSE(r.fallback());
  r.set_fallback(named("spa"));
  EXPECT_TRUE(r.fallback());
}

TEST(RouterTest, PlaceholderWithSuffix) {
  Router r;
  r.add("GET", "/r/{id}", named("record"));
  r.add("GET", "/r/{id}.docx", named("docx"));
  r.add("GET", "/r/{id}/press.docx", named("press"));
  auto m = r.match("GET", "/r/12.docx");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(call(m), "docx");
  EXPECT_EQ(m.params.at("id"), "12");
  m = r.match("GET", "/r/12");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(call(m), "record");
  EXPECT_EQ(m.params.at("id"), "12");
  m = r.match("GET", "/r/12.pdf");  // no .pdf route: the plain placeholder takes it
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(call(m), "record");
  m = r.match("GET", "/r/.docx");  // an empty id is not a match for the suffix
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(call(m), "record");
  m = r.match("GET", "/r/3/press.docx");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(call(m), "press");
}

}  // namespace
}  // namespace qf::http
