// Metrics: request counts and latency histograms per route, in Prometheus
// text format for GET /metrics. Thread-safe; recording is a short lock.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace qf::http {

class Metrics {
 public:
  // route is the matched pattern ("/api/v1/users/{id}") so ids do not
  // explode the label set; unmatched requests count under "unmatched".
  void record(const std::string& method, const std::string& route, int status, double seconds);

  // Extra gauges rendered with the request metrics (e.g. the DB pool).
  void set_gauge_source(std::function<std::string()> source);

  std::string render() const;

 private:
  static constexpr std::array<double, 11> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  2.5};
  struct Series {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::string, std::uint64_t> requests_;  // key: method|route|status
  std::map<std::string, Series> latency_;          // key: method|route
  std::function<std::string()> gauges_;
};

}  // namespace qf::http
