// Router: maps method + path pattern to a handler, with per-route limits.
//
// Patterns are literal segments and `{name}` placeholders, e.g.
// "/api/v1/users/{id}", and a placeholder with a literal suffix,
// "/api/v1/reports/{id}.docx" (id = the text before ".docx"; it beats
// "/api/v1/reports/{id}" for "/api/v1/reports/5.docx"). A path that matches no pattern answers 404; a path
// that matches with another method answers 405 with Allow.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "http/message.h"

namespace qf::http {

using Handler = std::function<Response(Request&)>;

struct RouteOptions {
  std::uint64_t body_limit = 1 << 20;  // bytes; larger bodies answer 413 unread
  bool stream_body_to_file = false;    // body goes to Request::body_file, not memory
  std::string summary;                 // one line for humans (OpenAPI cross-check uses pattern)
};

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;  // pattern split on '/'
  Handler handler;
  RouteOptions options;
};

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});

  // Served when no route matches a GET/HEAD (static files, SPA fallback).
  void set_fallback(Handler handler) { fallback_ = std::move(handler); }

  struct Match {
    const Route* route = nullptr;                // null: no route
    std::map<std::string, std::string> params;  // placeholder values
    std::vector<std::string> allowed_methods;    // non-empty: path known, method not
  };
  Match match(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }
  const Handler& fallback() const { return fallback_; }

 private:
  std::vector<Route> routes_;
  Handler fallback_;
};

}  // namespace qf::http
