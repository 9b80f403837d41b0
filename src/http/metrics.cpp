#include "http/metrics.h"

#include <charconv>
#include <string_view>
#include <vector>

namespace qf::http {

namespace {

// Methods are client-controlled tokens; folding unknown ones together keeps
// a scanner from growing the label set without bound.
std::string normalise_method(const std::string& method) {
  static constexpr std::string_view kKnown[] = {"GET",    "HEAD",    "POST",  "PUT",    "PATCH",
                                                "DELETE", "OPTIONS", "TRACE", "CONNECT"};
  for (auto m : kKnown) {
    if (method == m) return method;
  }
  return "OTHER";
}

std::string escape_label(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string format_double(double v) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

// Keys join the label values, already escaped, with '\n': escaping removes
// every raw newline, so the separator is unambiguous.
constexpr char kSep = '\n';

std::vector<std::string_view> split_key(std::string_view key) {
  std::vector<std::string_view> parts;
  for (;;) {
    auto pos = key.find(kSep);
    parts.push_back(key.substr(0, pos));
    if (pos == std::string_view::npos) break;
    key.remove_prefix(pos + 1);
  }
  return parts;
}

std::string labels(std::string_view method, std::string_view route) {
  return "method=\"" + std::string(method) + "\",route=\"" + std::string(route) + "\"";
}

}  // namespace

void Metrics::record(const std::string& method, const std::string& route, int status,
                     double seconds) {
  std::string series_key = escape_label(normalise_method(method)) + kSep + escape_label(route);
  std::string request_key = series_key + kSep + std::to_string(status);
  if (!(seconds >= 0)) seconds = 0;  // also catches NaN

  std::lock_guard lock(mu_);
  ++requests_[request_key];
  Series& s = latency_[series_key];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++s.buckets[i];  // stored cumulatively
  }
  ++s.count;
  s.sum += seconds;
}

void Metrics::set_gauge_source(std::function<std::string()> source) {
  std::lock_guard lock(mu_);
  gauges_ = std::move(source);
}

std::string Metrics::render() const {
  std::string out;
  std::function<std::string()> gauges;
  {
    std::lock_guard lock(mu_);
    out += "# HELP qingfeng_http_requests_total HTTP requests served, by route and status.\n";
    out += "# TYPE qingfeng_http_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
      auto p = split_key(key);
      out += "qingfeng_http_requests_total{" + labels(p[0], p[1]) + ",status=\"" +
             std::string(p[2]) + "\"} " + std::to_string(n) + "\n";
    }
    out +=
        "# HELP qingfeng_http_request_duration_seconds Time from request header to response "
        "written.\n";
    out += "# TYPE qingfeng_http_request_duration_seconds histogram\n";
    for (const auto& [key, s] : latency_) {
      auto p = split_key(key);
      std::string l = labels(p[0], p[1]);
      for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        out += "qingfeng_http_request_duration_seconds_bucket{" + l + ",le=\"" +
               format_double(kBuckets[i]) + "\"} " + std::to_string(s.buckets[i]) + "\n";
      }
      out += "qingfeng_http_request_duration_seconds_bucket{" + l + ",le=\"+Inf\"} " +
             std::to_string(s.count) + "\n";
      out += "qingfeng_http_request_duration_seconds_sum{" + l + "} " + format_double(s.sum) + "\n";
      out += "qingfeng_http_request_duration_seconds_count{" + l + "} " + std::to_string(s.count) +
             "\n";
    }
    gauges = gauges_;
  }
  // Outside the lock: the source may be slow (it asks the DB pool) and must
  // not block request recording.
  if (gauges) {
    std::string extra = gauges();
    if (!extra.empty()) {
      out += extra;
      if (extra.back() != '\n') out += '\n';
    }
  }
  return out;
}

}  // namespace qf::http
