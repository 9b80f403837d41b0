// Every registered route is documented in src/api/openapi.json and every
// documented operation exists: the document cannot drift from the code.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "api/api.h"
#include "core/embedded_files.h"
#include "support/service_fixture.h"

namespace qf::api {
namespace {

TEST(OpenApiTest, DocumentAndRouterAgree) {
  testing::ServiceFixture f;
  http::Metrics metrics;
  http::Router router;
  register_api(router, ApiDeps{f.ctx(), metrics});

  auto text = embedded_file("src/api/openapi.json");
  ASSERT_TRUE(text);
  auto doc = nlohmann::json::parse(*text, nullptr, false);
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc.value("openapi", ""), "3.1.0");

  std::set<std::string> routes, documented;
  for (const auto& r : router.routes()) {
    std::string method = r.method;
    std::transform(method.begin(), method.end(), method.begin(), ::tolower);
    routes.insert(method + " " + r.pattern);
  }
  for (const auto& [path, item] : doc["paths"].items())
    for (const auto& [method, op] : item.items())
      if (method == "get" || method == "post" || method == "patch" || method == "put" || method == "delete")
        documented.insert(method + " " + path);

  for (const auto& r : routes) EXPECT_TRUE(documented.count(r)) << "route missing from openapi.json: " << r;
  for (const auto& d : documented) EXPECT_TRUE(routes.count(d)) << "documented but not routed: " << d;
  EXPECT_GE(routes.size(), 20u);
}

}  // namespace
}  // namespace qf::api
