#include "http/router.h"

#include <algorithm>

namespace qf::http {

namespace {

// "/a/b" -> {"a", "b"}; "/" -> {""}; "/a/" -> {"a", ""}. Patterns and paths
// are split the same way, so a trailing slash is significant on both sides.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  for (;;) {
    auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool is_placeholder(std::string_view segment) {
  return segment.size() >= 3 && segment.front() == '{' && segment.back() == '}';
}

// "{id}.docx": a placeholder followed by a literal suffix (a file format of
// the record, /reports/{id}.docx beside /reports/{id}). Returns the suffix,
// or empty when the segment is not of that shape.
std::string_view placeholder_suffix(std::string_view segment) {
  if (segment.size() < 4 || segment.front() != '{' || segment.back() == '}') return {};
  auto close = segment.find('}');
  if (close == std::string_view::npos || close < 2) return {};
  return segment.substr(close + 1);
}

// Literal segments score 2, placeholders with a suffix 1, placeholders 0;
// comparing the vectors lexicographically makes the leftmost literal decide,
// so /users/me beats /users/{id}, /a/{x}/c beats /a/{x}/{y} and
// /r/{id}.docx beats /r/{id}.
bool matches(const Route& route, const std::vector<std::string_view>& parts,
             std::vector<int>& score) {
  if (route.segments.size() != parts.size()) return false;
  score.assign(parts.size(), 0);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& seg = route.segments[i];
    if (is_placeholder(seg)) {
      if (parts[i].empty()) return false;
    } else if (auto suffix = placeholder_suffix(seg); !suffix.empty()) {
      if (parts[i].size() <= suffix.size() || !parts[i].ends_with(suffix)) return false;
      score[i] = 1;
    } else {
      if (seg != parts[i]) return false;
      score[i] = 2;
    }
  }
  return true;
}

bool method_matches(std::string_view route_method, std::string_view method) {
  return route_method == method || (method == "HEAD" && route_method == "GET");
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  Route route;
  for (auto s : split_path(pattern)) route.segments.emplace_back(s);
  route.method = std::move(method);
  route.pattern = std::move(pattern);
  route.handler = std::move(handler);
  route.options = std::move(options);
  routes_.push_back(std::move(route));
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match result;
  const auto parts = split_path(path);
  std::vector<int> score;
  std::vector<int> best_score;
  bool best_exact_method = false;
  bool path_known = false;

  for (const Route& route : routes_) {
    if (!matches(route, parts, score)) continue;
    path_known = true;
    if (!method_matches(route.method, method)) continue;
    // An explicit HEAD route is preferred to the implicit HEAD-via-GET one
    // for the same pattern specificity.
    bool exact = route.method == method;
    if (result.route == nullptr || score > best_score ||
        (score == best_score && exact && !best_exact_method)) {
      result.route = &route;
      best_score = score;
      best_exact_method = exact;
    }
  }

  if (result.route != nullptr) {
    const Route& r = *result.route;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const std::string& seg = r.segments[i];
      if (is_placeholder(seg)) {
        result.params[seg.substr(1, seg.size() - 2)] = std::string(parts[i]);
      } else if (auto suffix = placeholder_suffix(seg); !suffix.empty()) {
        result.params[seg.substr(1, seg.find('}') - 1)] =
            std::string(parts[i].substr(0, parts[i].size() - suffix.size()));
      }
    }
    return result;
  }

  if (path_known) {
    for (const Route& route : routes_) {
      if (!matches(route, parts, score)) continue;
      result.allowed_methods.push_back(route.method);
      if (route.method == "GET") result.allowed_methods.emplace_back("HEAD");
    }
    std::sort(result.allowed_methods.begin(), result.allowed_methods.end());
    result.allowed_methods.erase(
        std::unique(result.allowed_methods.begin(), result.allowed_methods.end()),
        result.allowed_methods.end());
  }
  return result;
}

}  // namespace qf::http
