#include "http/metrics.h"

#include <gtest/gtest.h>

#include <sstream>
#include <thread>
#include <vector>

namespace qf::http {
namespace {

bool has_line(const std::string& text, const std::string& line) {
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) {
    if (l == line) return true;
  }
  return false;
}

TEST(MetricsTest, EmptyRenderHasTypeLines) {
  Metrics m;
  auto out = m.render();
  EXPECT_TRUE(has_line(out, "# TYPE qingfeng_http_requests_total counter"));
  EXPECT_TRUE(has_line(out, "# TYPE qingfeng_http_request_duration_seconds histogram"));
  EXPECT_EQ(out.find("qingfeng_http_requests_total{"), std::string::npos);
}

TEST(MetricsTest, CountsRequestsPerMethodRouteStatus) {
  Metrics m;
  m.record("GET", "/api/v1/users/{id}", 200, 0.002);
  m.record("GET", "/api/v1/users/{id}", 200, 0.003);
  m.record("GET", "/api/v1/users/{id}", 404, 0.001);
  m.record("POST", "/api/v1/users", 201, 0.02);
  auto out = m.render();
  EXPECT_TRUE(has_line(
      out,
      R"(qingfeng_http_requests_total{method="GET",route="/api/v1/users/{id}",status="200"} 2)"))
      << out;
  EXPECT_TRUE(has_line(
      out,
      R"(qingfeng_http_requests_total{method="GET",route="/api/v1/users/{id}",status="404"} 1)"));
  EXPECT_TRUE(has_line(
      out, R"(qingfeng_http_requests_total{method="POST",route="/api/v1/users",status="201"} 1)"));
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
  Metrics m;
  m.record("GET", "/x", 200, 0.0005);  // <= 0.001
  m.record("GET", "/x", 200, 0.003);   // <= 0.005
  m.record("GET", "/x", 200, 0.3);     // <= 0.5
  m.record("GET", "/x", 200, 10.0);    // only +Inf
  auto out = m.render();
  const std::string p =
      R"(qingfeng_http_request_duration_seconds_bucket{method="GET",route="/x",le=")";
  EXPECT_TRUE(has_line(out, p + R"(0.001"} 1)")) << out;
  EXPECT_TRUE(has_line(out, p + R"(0.0025"} 1)"));
  EXPECT_TRUE(has_line(out, p + R"(0.005"} 2)"));
  EXPECT_TRUE(has_line(out, p + R"(0.25"} 2)"));
  EXPECT_TRUE(has_line(out, p + R"(0.5"} 3)"));
  EXPECT_TRUE(has_line(out, p + R"(1"} 3)"));
  EXPECT_TRUE(has_line(out, p + R"(2.5"} 3)"));
  EXPECT_TRUE(has_line(out, p + R"(+Inf"} 4)"));
  EXPECT_TRUE(
      has_line(out, R"(qingfeng_http_request_duration_seconds_count{method="GET",route="/x"} 4)"));
  const std::string sum_prefix =
      R"(qingfeng_http_request_duration_seconds_sum{method="GET",route="/x"} )";
  auto pos = out.find(sum_prefix);
  ASSERT_NE(pos, std::string::npos);
  double sum = std::stod(out.substr(pos + sum_prefix.size()));
  EXPECT_NEAR(sum, 10.3035, 1e-9);
}

TEST(MetricsTest, SeparateSeriesPerMethodAndRoute) {
  Metrics m;
  m.record("GET", "/a", 200, 0.01);
  m.record("DELETE", "/a", 204, 0.01);
  auto out = m.render();
  EXPECT_TRUE(
      has_line(out, R"(qingfeng_http_request_duration_seconds_count{method="GET",route="/a"} 1)"));
  EXPECT_TRUE(has_line(
      out, R"(qingfeng_http_request_duration_seconds_count{method="DELETE",route="/a"} 1)"));
}

TEST(MetricsTest, EscapesLabelValues) {
  Metrics m;
  m.record("GET", "/we\"ird\\path\nx", 200, 0.01);
  auto out = m.render();
  EXPECT_TRUE(has_line(
      out,
      R"(qingfeng_http_requests_total{method="GET",route="/we\"ird\\path\nx",status="200"} 1)"))
      << out;
}

TEST(MetricsTest, UnknownMethodsAreFoldedTogether) {
  Metrics m;
  m.record("BREW", "unmatched", 404, 0.001);
  m.record("X|Y", "unmatched", 404, 0.001);
  auto out = m.render();
  EXPECT_TRUE(has_line(
      out, R"(qingfeng_http_requests_total{method="OTHER",route="unmatched",status="404"} 2)"))
      << out;
  EXPECT_EQ(out.find("BREW"), std::string::npos);
}

TEST(MetricsTest, AppendsGaugeSourceOutput) {
  Metrics m;
  m.record("GET", "/x", 200, 0.01);
  m.set_gauge_source([] { return "# TYPE qingfeng_db_pool_idle gauge\nqingfeng_db_pool_idle 3"; });
  auto out = m.render();
  EXPECT_TRUE(has_line(out, "qingfeng_db_pool_idle 3"));
  EXPECT_EQ(out.back(), '\n');
  EXPECT_GT(out.find("qingfeng_db_pool_idle"), out.find("qingfeng_http_requests_total{"));
}

TEST(MetricsTest, ConcurrentRecordingIsCounted) {
  Metrics m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) m.record("GET", "/x", 200, 0.001);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_TRUE(has_line(
      m.render(), R"(qingfeng_http_requests_total{method="GET",route="/x",status="200"} 4000)"));
}

}  // namespace
}  // namespace qf::http
