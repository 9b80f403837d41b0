#include "geo/xml_support.h"

#include <charconv>
#include <string>

#include "core/clock.h"

namespace qf::geo::xml {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool parse_double(std::string_view s, double& out) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

std::string_view local_name(const pugi::xml_node& n) {
  std::string_view name = n.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& parent, std::string_view name) {
  for (auto c = parent.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local_name(c) == name) return c;
  return {};
}

std::vector<pugi::xml_node> children(const pugi::xml_node& parent, std::string_view name) {
  std::vector<pugi::xml_node> out;
  for (auto c = parent.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local_name(c) == name) out.push_back(c);
  return out;
}

std::vector<pugi::xml_node> descendants(const pugi::xml_node& root, std::string_view name) {
  // pugixml's traverse walks iteratively: a deeply nested hostile file
  // cannot exhaust the stack here.
  struct Walker : pugi::xml_tree_walker {
    std::string_view wanted;
    std::vector<pugi::xml_node> found;
    bool for_each(pugi::xml_node& n) override {
      if (n.type() == pugi::node_element && local_name(n) == wanted) found.push_back(n);
      return true;
    }
  } walker;
  walker.wanted = name;
  auto start = root;
  start.traverse(walker);
  return std::move(walker.found);
}

Status load(pugi::xml_document& doc, std::string_view text, const char* what) {
  // parse_default without DOCTYPE handling: no external entities exist in
  // pugixml, and the DTD is skipped.
  const auto result = doc.load_buffer(text.data(), text.size(), pugi::parse_default);
  if (!result)
    return fail(ErrorCode::kMalformedRequest, std::string(what) + " 文件格式错误（第 " +
                                                  std::to_string(result.offset) + " 字节附近）：" +
                                                  result.description());
  return {};
}

Result<std::vector<std::array<double, 2>>> coordinate_tuples(std::string_view text) {
  std::vector<std::array<double, 2>> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (start == i) break;
    const std::string_view tuple = text.substr(start, i - start);
    const auto c1 = tuple.find(',');
    double lon = 0, lat = 0;
    const auto c2 = c1 == std::string_view::npos ? c1 : tuple.find(',', c1 + 1);
    if (c1 == std::string_view::npos || !parse_double(tuple.substr(0, c1), lon) ||
        !parse_double(tuple.substr(c1 + 1, c2 == std::string_view::npos ? c2 : c2 - c1 - 1), lat))
      return fail(
          ErrorCode::kMalformedRequest,
          "坐标格式错误：“" + std::string(tuple.substr(0, 60)) + "”，应为“经度,纬度[,高程]”");
    out.push_back({lon, lat});
  }
  return out;
}

Result<std::int64_t> parse_iso8601_ms(std::string_view s) {
  s = trim(s);
  auto bad = [&] {
    return fail(ErrorCode::kMalformedRequest, "时间格式错误：“" + std::string(s.substr(0, 40)) +
                                                  "”，应为 ISO 8601（如 2026-11-20T08:30:00Z）");
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (s.size() < 19 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ') || !digits(s, 11, 2, h) ||
      s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, sec))
    return bad();
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return bad();
  std::size_t at = 19;
  std::int64_t ms = 0;
  if (at < s.size() && (s[at] == '.' || s[at] == ',')) {
    ++at;
    int scale = 100, n = 0;
    while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
      ms += (s[at] - '0') * scale;
      scale /= 10;
      ++at;
      ++n;
    }
    if (n == 0) return bad();
  }
  std::int64_t offset_minutes = 0;
  if (at < s.size()) {
    if (s[at] == 'Z' || s[at] == 'z') {
      ++at;
    } else if (s[at] == '+' || s[at] == '-') {
      const int sign = s[at] == '-' ? -1 : 1;
      int oh = 0, om = 0;
      if (!digits(s, at + 1, 2, oh)) return bad();
      at += 3;
      if (at < s.size() && s[at] == ':') ++at;
      if (at < s.size()) {
        if (!digits(s, at, 2, om)) return bad();
        at += 2;
      }
      if (oh > 14 || om > 59) return bad();
      offset_minutes = sign * (oh * 60 + om);
    }
  }
  if (at != s.size()) return bad();
  const std::int64_t days = days_from_civil(y, mo, d);
  const std::int64_t seconds = days * 86400 + h * 3600 + mi * 60 + sec - offset_minutes * 60;
  return seconds * 1000 + ms;
}

}  // namespace qf::geo::xml
