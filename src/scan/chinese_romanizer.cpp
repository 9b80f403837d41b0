#include "scan/chinese_romanizer.h"

#include "scan/unicode_tables.h"

namespace qf::scan {
namespace {

// The code point at `i` (advancing i), or nothing for a byte that does not
// start a well-formed sequence (i moves past it).
bool next_code_point(std::string_view s, std::size_t& i, char32_t& cp) {
  const auto b = static_cast<unsigned char>(s[i]);
  const int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return false;
  }
  cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) {
      ++i;
      return false;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  i += len;
  return cp <= 0x10FFFF;
}

}  // namespace

std::string romanize_chinese(std::string_view utf8) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t cp = 0;
    if (!next_code_point(utf8, i, cp)) continue;
    const unsigned id = map_char(cp).pinyin();
    if (id == 0) continue;
    if (!out.empty()) out += ' ';
    out += pinyin_syllable(id);
  }
  return out;
}

}  // namespace qf::scan
