#include "scan/chinese_romanizer.h"

#include "core/utf8.h"
#include "scan/unicode_tables.h"

namespace qf::scan {

std::string romanize_chinese(std::string_view utf8) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(utf8, i, cp);
    i += len == 0 ? 1 : len;  // a broken byte is skipped
    if (len == 0) continue;
    const unsigned id = map_char(cp).pinyin();
    if (id == 0) continue;
    if (!out.empty()) out += ' ';
    out += pinyin_syllable(id);
  }
  return out;
}

}  // namespace qf::scan
