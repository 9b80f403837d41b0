// Whitespace of typed-in form fields: what counts as "left empty" and the
// value without its leading and trailing spaces, tabs and line breaks. One
// definition, so every service refuses the same blank input.
#pragma once

#include <string>
#include <string_view>

namespace qf {

// True when `s` has nothing but spaces, tabs and line breaks.
inline bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// `s` without leading and trailing spaces, tabs and line breaks.
inline std::string trimmed(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

}  // namespace qf
