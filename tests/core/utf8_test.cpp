#include "core/utf8.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace qf {
namespace {

// The reference: one decode_utf8 step after another.
bool valid_by_decoding(std::string_view s) {
  char32_t cp;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = decode_utf8(s, i, cp);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

TEST(Utf8, AcceptsWellFormedText) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ASCII, longer than eight bytes"));
  EXPECT_TRUE(is_valid_utf8("出售象牙手镯，加V私聊 ok 😀 é"));
  EXPECT_TRUE(is_valid_utf8("\xE0\xA0\x80 \xED\x9F\xBF \xEF\xBF\xBF \xF4\x8F\xBF\xBF"));
}

TEST(Utf8, RejectsOverlongSurrogatesAndTruncation) {
  const char* bad[] = {
      "\xE0\x80\x80 after an overlong three-byte NUL",  // overlong
      "\xE0\x9F\xBF padding to eight bytes",            // overlong (U+07FF)
      "\xED\xA0\x80 a lone high surrogate here",        // surrogate
      "\xED\xBF\xBF a lone low surrogate here",         // surrogate
      "\xC0\xAF overlong slash in two bytes",           // overlong
      "\xF4\x90\x80\x80 above U+10FFFF, padded",        // too large
      "eight bytes then a stray \x80",                  // continuation
      "truncated at the very end \xE8\xB1",             // truncated
  };
  for (const char* s : bad) EXPECT_FALSE(is_valid_utf8(s)) << s;
}

// The fast steps (eight ASCII bytes, one three-byte character) must agree
// with the decoder on every input. Random texts of valid pieces (ASCII runs,
// Han, emoji) with now and then a three-byte sequence from the edges — leads
// E0, ED, EF, E8 with second and third bytes at the ends of the
// continuation range or outside it — so that one bad sequence decides.
TEST(Utf8, AgreesWithTheDecoderOnRandomTexts) {
  std::mt19937 rng(20261129);
  const unsigned char leads[] = {0xE0, 0xED, 0xEF, 0xE8};
  const unsigned char tails[] = {0x80, 0x9F, 0xA0, 0xBF, 0x7F, 0xC0};
  std::size_t valid = 0, invalid = 0;
  for (int round = 0; round < 100000; ++round) {
    std::string s;
    const int pieces = static_cast<int>(rng() % 8);
    for (int k = 0; k < pieces; ++k) {
      switch (rng() % 4) {
        case 0:
          s += std::string(rng() % 12, 'a');
          break;
        case 1:
          s += "象牙";
          break;
        case 2:
          s += "😀";
          break;
        default:
          s += static_cast<char>(leads[rng() % 4]);
          s += static_cast<char>(tails[rng() % 6]);
          s += static_cast<char>(tails[rng() % 6]);
      }
    }
    const bool expected = valid_by_decoding(s);
    (expected ? valid : invalid) += 1;
    ASSERT_EQ(is_valid_utf8(s), expected) << testing::PrintToString(s);
  }
  EXPECT_GT(valid, 10000u);  // the mix reaches both answers often
  EXPECT_GT(invalid, 10000u);
}

}  // namespace
}  // namespace qf
