// The normaliser's character tables, generated at build time by
// src/scan/tools/generate_unicode_tables.cpp from Debian's UnicodeData,
// CaseFolding, Unihan and OpenCC data (never committed; see scan.cmake).
//
// One look-up per code point gives everything the normaliser does to it,
// already composed: NFKC-style decomposition (full-width, circled, font and
// compatibility forms, Kangxi radicals, compatibility ideographs), case
// folding, traditional -> simplified, numerals -> ASCII digits, animal emoji
// that stand for a Han character (🐘 -> 象, 🐯 -> 虎, 🐟 -> 鱼 …), and noise
// removal; plus the toneless pinyin of the result when it is one Han
// character. Applying the mapping to its own output changes nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace qf::scan {

namespace tables {
extern const std::uint16_t kStage1[];
extern const std::uint32_t kStage2[];
extern const std::uint32_t kReplacementOffset[];
extern const std::uint8_t kReplacementLength[];
extern const char kReplacementPool[];
extern const char* const kPinyinSyllables[];
extern const std::uint8_t kPinyinSyllableLength[];
extern const std::size_t kPinyinSyllableCount;
extern const std::size_t kStage2Blocks;
extern const std::size_t kReplacementCount;
}  // namespace tables

enum class CharAction : std::uint8_t {
  kKeep = 0,     // the character is already normal: copy it
  kDrop = 1,     // noise: leave it out
  kReplace = 2,  // write replacement() instead (one or more characters)
};

// What the normaliser does with one code point. Trivially copyable.
class CharMapping {
 public:
  explicit constexpr CharMapping(std::uint32_t bits) : bits_(bits) {}
  CharAction action() const { return static_cast<CharAction>(bits_ & 3u); }
  // Toneless pinyin syllable id of the (single-character) result; 0 = none.
  unsigned pinyin() const { return (bits_ >> 2) & 0x3FFu; }
  // Only for kReplace: the normalised UTF-8 text.
  std::string_view replacement() const {
    std::uint32_t i = bits_ >> 12;
    return {tables::kReplacementPool + tables::kReplacementOffset[i],
            tables::kReplacementLength[i]};
  }

 private:
  std::uint32_t bits_;
};

// cp must be <= 0x10FFFF (surrogates map to kDrop).
inline CharMapping map_char(char32_t cp) {
  return CharMapping(
      tables::kStage2[static_cast<std::size_t>(tables::kStage1[cp >> 8]) * 256 + (cp & 0xFF)]);
}

// The block of the mapping table that code points [base, base + 256) share
// (base a multiple of 256): blocks with the same id map alike.
inline std::uint16_t mapping_block(char32_t base) { return tables::kStage1[base >> 8]; }

// The syllable text ("xiang") of a pinyin id from CharMapping::pinyin(); 1 <= id < count.
// Inline: it runs for every Han character of every listing.
inline std::string_view pinyin_syllable(unsigned id) {
  return {tables::kPinyinSyllables[id], tables::kPinyinSyllableLength[id]};
}
inline std::size_t pinyin_syllable_count() { return tables::kPinyinSyllableCount; }

// Bytes of the generated tables, for the benchmark's memory report.
inline std::size_t unicode_table_bytes() {
  return 4352 * sizeof(std::uint16_t) + tables::kStage2Blocks * 256 * sizeof(std::uint32_t) +
         tables::kReplacementCount * 5;
}

}  // namespace qf::scan
