#include "scan/unicode_tables.h"

#include <vector>

namespace qf::scan {

std::string_view pinyin_syllable(unsigned id) {
  // Lengths measured once: this runs for every Han character of every listing.
  static const std::vector<std::string_view> syllables = [] {
    std::vector<std::string_view> v;
    for (std::size_t i = 0; i < tables::kPinyinSyllableCount; ++i)
      v.emplace_back(tables::kPinyinSyllables[i]);
    return v;
  }();
  return syllables[id];
}

}  // namespace qf::scan
