#include "http/message.h"

#include "core/utf8.h"

#include <algorithm>

namespace qf::http {

namespace {

// ASCII only: header names are tokens, and locale-dependent tolower would
// make the ordering (and thus multimap lookups) depend on the environment.
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return static_cast<unsigned char>(lower(x)) < static_cast<unsigned char>(lower(y));
  });
}

std::optional<std::string_view> Request::header(std::string_view name) const {
  auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return std::string_view(it->second);
}

std::optional<std::string_view> Request::query_param(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

void Response::set_header(std::string name, std::string value) {
  auto range = headers.equal_range(name);
  headers.erase(range.first, range.second);
  headers.emplace(std::move(name), std::move(value));
}

std::optional<std::string_view> Response::header(std::string_view name) const {
  auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return std::string_view(it->second);
}

Response Response::json(int status, std::string body) {
  return text(status, std::move(body), "application/json; charset=utf-8");
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.set_header("Content-Type", std::move(content_type));
  return r;
}

Response Response::no_content() {
  Response r;
  r.status = 204;
  return r;
}

std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (in.size() - i < 3) return std::nullopt;
      int hi = hex_value(in[i + 1]);
      int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    // A NUL would truncate the value wherever it reaches a C API (file
    // names, database drivers), so no caller can want one.
    if (c == '\0') return std::nullopt;
    out.push_back(c);
  }
  return out;
}

bool parse_target(std::string_view target, std::string& path,
                  std::vector<std::pair<std::string, std::string>>& query) {
  path.clear();
  query.clear();
  // Only origin-form: absolute-form and authority-form are for proxies, and
  // a fragment is never sent by a conforming client.
  if (target.empty() || target.front() != '/') return false;
  if (target.find('#') != std::string_view::npos) return false;

  std::string_view raw_path = target;
  std::string_view raw_query;
  if (auto q = target.find('?'); q != std::string_view::npos) {
    raw_path = target.substr(0, q);
    raw_query = target.substr(q + 1);
  }

  // Everything above the HTTP layer handles text: a path or query that does
  // not decode to UTF-8 is refused here, once, as a malformed request.
  auto decoded_path = percent_decode(raw_path, false);
  if (!decoded_path || !is_valid_utf8(*decoded_path)) return false;
  path = std::move(*decoded_path);

  while (!raw_query.empty()) {
    auto amp = raw_query.find('&');
    std::string_view pair = raw_query.substr(0, amp);
    raw_query = amp == std::string_view::npos ? std::string_view{} : raw_query.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    auto key = percent_decode(pair.substr(0, eq), true);
    auto value = percent_decode(
        eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
    if (!key || !value || !is_valid_utf8(*key) || !is_valid_utf8(*value)) {
      path.clear();
      query.clear();
      return false;
    }
    query.emplace_back(std::move(*key), std::move(*value));
  }
  return true;
}

std::string client_address_behind_proxies(const std::string& peer, std::string_view forwarded_for,
                                          const std::vector<std::string>& trusted_proxies) {
  auto trusted = [&](std::string_view a) {
    return std::find(trusted_proxies.begin(), trusted_proxies.end(), a) != trusted_proxies.end();
  };
  if (!trusted(peer)) return peer;
  std::string current = peer;
  // Walk right to left: each hop was added by the proxy before it.
  while (!forwarded_for.empty()) {
    auto comma = forwarded_for.rfind(',');
    std::string_view hop = comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
    forwarded_for = comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    while (!hop.empty() && (hop.front() == ' ' || hop.front() == '\t')) hop.remove_prefix(1);
    while (!hop.empty() && (hop.back() == ' ' || hop.back() == '\t')) hop.remove_suffix(1);
    if (hop.empty() || hop.size() > 45) break;  // longest textual IPv6 address
    if (hop.find_first_not_of("0123456789abcdefABCDEF.:") != std::string_view::npos) break;
    current = std::string(hop);
    if (!trusted(current)) break;
  }
  return current;
}

}  // namespace qf::http
