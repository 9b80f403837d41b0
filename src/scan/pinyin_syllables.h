// Splitting runs of Latin letters into toneless pinyin syllables, so that
// "xiang牙" and "chuanshanjia" reach the pinyin stream as syllables.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace qf::scan {

// One piece of a Latin run: a syllable, or a letter that belongs to none.
struct LatinPiece {
  std::uint32_t offset = 0;  // in the run
  std::uint32_t length = 0;
  bool syllable = false;
  std::uint16_t id = 0;  // syllable id (pinyin_syllable(id)) when `syllable`
};

// Splits lowercase ASCII letters into pinyin syllables, covering as many
// letters as possible (then: as few pieces as possible). "xiangya" ->
// xiang, ya; "isellxiangya" -> i(-) se l(-) l(-) xiang ya. Runs longer than
// 64 letters (URLs, English prose) come back as one non-syllable piece.
void split_pinyin(std::string_view letters, std::vector<LatinPiece>& out);

// True when `s` is a toneless pinyin syllable of the generated table.
bool is_pinyin_syllable(std::string_view s);

}  // namespace qf::scan
