#include "service/drill_link.h"

#include <string_view>

namespace qf::service {
namespace {

bool unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

std::string percent_encode(std::string_view v) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : v) {
    if (unreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string drill_link(const std::string& path,
                       std::initializer_list<std::pair<std::string, std::string>> params) {
  std::string out = path;
  char sep = '?';
  for (const auto& [k, v] : params) {
    if (v.empty()) continue;
    out += sep + k + "=" + percent_encode(v);
    sep = '&';
  }
  return out;
}

std::string with_filter(const std::string& drill, const std::string& key,
                        const std::string& value) {
  if (drill.empty()) return drill;
  return drill + (drill.find('?') == std::string::npos ? "?" : "&") + key + "=" +
         percent_encode(value);
}

}  // namespace qf::service
