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

// Literal segments score 1, placeholders 0; comparing the vectors
// lexicographically makes the leftmost literal decide, so /users/me beats
// /users/{id} and /a/{x}/c beats /a/{x}/{y}.
bool matches(const Route& route, const std::vector<std::string_view>& parts,
             std::vector<int>& score) {
  if (route.segments.size() != parts.size()) return false;
  score.assign(parts.size(), 0);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& seg = route.segments[i];
    if (is_placeholder(seg)) {
      if (parts[i].empty()) return false;
    } else {
      if (seg != parts[i]) return false;
      score[i] = 1;
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
      if (is_placeholder(r.segments[i])) {
        result.params[r.segments[i].substr(1, r.segments[i].size() - 2)] = std::string(parts[i]);
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
