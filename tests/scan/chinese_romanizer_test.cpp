#include "scan/chinese_romanizer.h"

#include <gtest/gtest.h>

namespace qf::scan {
namespace {

TEST(ChineseRomanizerTest, NamesReadAsTonelessSyllables) {
  EXPECT_EQ(romanize_chinese("大熊猫"), "da xiong mao");
  EXPECT_EQ(romanize_chinese("穿山甲"), "chuan shan jia");
  // Traditional characters read as their simplified form.
  EXPECT_EQ(romanize_chinese("獼猴"), romanize_chinese("猕猴"));
}

TEST(ChineseRomanizerTest, NonChineseAndBrokenBytesAreLeftOut) {
  EXPECT_EQ(romanize_chinese(""), "");
  EXPECT_EQ(romanize_chinese("Panthera tigris"), "");
  EXPECT_EQ(romanize_chinese("虎（野生）"), "hu ye sheng");
  EXPECT_EQ(romanize_chinese("\xff虎\xe8"), "hu");
}

}  // namespace
}  // namespace qf::scan
