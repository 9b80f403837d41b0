// Request and Response: the HTTP layer's plain value types.
//
// Everything above src/http/ sees only these; Boost.Beast stays inside
// server.cpp so it is compiled in one translation unit.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qf::http {

// Header names compare case-insensitively (RFC 9110 §5.1).
struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
  using is_transparent = void;
};
using Headers = std::multimap<std::string, std::string, CaseInsensitiveLess>;

struct Request {
  std::string method;  // upper case, e.g. "GET"
  std::string target;  // as received, e.g. "/api/v1/users?page=2"
  std::string path;    // percent-decoded path, no query
  std::vector<std::pair<std::string, std::string>> query;  // percent-decoded, in order
  Headers headers;
  std::string body;       // the body, for routes that keep it in memory
  std::string body_file;  // the body, for streaming-upload routes: a temp file
                          // the server deletes after the response is sent
  std::uint64_t body_size = 0;
  std::string client_address;  // peer IP, no port
  std::string request_id;      // X-Request-Id if the client sent a sane one, else generated
  std::map<std::string, std::string> params;  // from the route pattern, e.g. {id}

  std::optional<std::string_view> header(std::string_view name) const;
  std::optional<std::string_view> query_param(std::string_view name) const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // When set, the body is streamed from this file instead of `body`.
  std::string file_path;

  void set_header(std::string name, std::string value);
  std::optional<std::string_view> header(std::string_view name) const;

  static Response json(int status, std::string body);
  static Response text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  static Response no_content();
};

// Splits a target into its decoded path and query. Returns false for a
// target that is not origin-form or has broken percent-encoding.
bool parse_target(std::string_view target, std::string& path,
                  std::vector<std::pair<std::string, std::string>>& query);

// The client's address for logs, lockouts and the audit: the socket peer,
// or — when the peer is a trusted proxy — the nearest X-Forwarded-For entry
// that is not itself a trusted proxy.
std::string client_address_behind_proxies(const std::string& peer, std::string_view forwarded_for,
                                          const std::vector<std::string>& trusted_proxies);

// Percent-decodes one component ('+' is a space only when plus_is_space).
std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space);

}  // namespace qf::http
