#include "scan/lexicon.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace qf::scan {
namespace {

using ::testing::HasSubstr;

std::string error_of(const std::string& content) {
  auto lex = Lexicon::parse({{"data/lexicon/test.txt", content}});
  if (lex) return "";
  return lex.error().fields.empty() ? lex.error().message : lex.error().fields[0].message;
}

constexpr const char* kHeader = "@category species\n@weight 3\n@source 名录\n";

TEST(Lexicon, BuiltinParsesAndHasEveryCategory) {
  auto lex = Lexicon::builtin();
  ASSERT_TRUE(lex) << lex.error().fields[0].message;
  EXPECT_EQ(lex->version().rfind("lex-", 0), 0u);
  bool seen[kTermCategoryCount] = {};
  for (const auto& t : lex->terms()) {
    seen[static_cast<int>(t.category)] = true;
    EXPECT_FALSE(t.source.empty()) << t.term;
    EXPECT_GT(t.line, 0);
  }
  for (int c = 0; c < kTermCategoryCount; ++c)
    EXPECT_TRUE(seen[c]) << category_name(static_cast<TermCategory>(c));
}

TEST(Lexicon, DirectivesAndOverridesApplyToTerms) {
  auto lex = Lexicon::parse(
      {{"a.txt", std::string(kHeader) + "穿山甲   # 注释\n"
                                        "川山甲  weight=2  species=穿山甲\n"
                                        "熊膽\n"
                                        "@category exclusion\n@weight 0\n"
                                        "仿真 scope=listing\n人工养殖 needs=licence\n"}});
  ASSERT_TRUE(lex) << lex.error().fields[0].message;
  const auto& t = lex->terms();
  ASSERT_EQ(t.size(), 5u);
  EXPECT_EQ(t[0].term, "穿山甲");
  EXPECT_EQ(t[0].weight, 3);
  EXPECT_EQ(t[0].species, "穿山甲");
  EXPECT_EQ(t[0].source, "名录");
  EXPECT_TRUE(t[0].pinyin);  // three characters
  EXPECT_EQ(t[1].weight, 2);
  EXPECT_EQ(t[1].species, "穿山甲");
  EXPECT_EQ(t[1].line, 5);
  EXPECT_EQ(t[2].normalized, "熊胆");  // terms are normalised like listings
  EXPECT_FALSE(t[2].pinyin);           // two characters: only with pinyin=yes
  EXPECT_EQ(t[3].scope, ExclusionScope::kListing);
  EXPECT_TRUE(t[3].suppresses_category(TermCategory::kSpecies));
  EXPECT_FALSE(t[3].suppresses_category(TermCategory::kIntent));
  EXPECT_EQ(t[4].needs, TermCategory::kLicence);
}

TEST(Lexicon, BadLinesNameFileAndLine) {
  EXPECT_THAT(error_of("穿山甲\n"), HasSubstr("data/lexicon/test.txt:1: "));
  EXPECT_THAT(error_of(std::string(kHeader) + "穿山甲 weight=eleven\n"),
              HasSubstr("test.txt:4: 权重"));
  EXPECT_THAT(error_of(std::string(kHeader) + "穿山甲 weight=11\n"), HasSubstr("test.txt:4:"));
  EXPECT_THAT(error_of(std::string(kHeader) + "\n\n穿山甲 colour=red\n"),
              HasSubstr("test.txt:6: 未知的键 'colour'"));
  EXPECT_THAT(error_of("@category beast\n"), HasSubstr("test.txt:1: 未知的类别 'beast'"));
  EXPECT_THAT(error_of("@colour red\n"), HasSubstr("未知的指令"));
  EXPECT_THAT(error_of(std::string(kHeader) + "穿山甲 scope=span\n"),
              HasSubstr("只用于 exclusion"));
  EXPECT_THAT(error_of(std::string(kHeader) + "！！！\n"),
              HasSubstr("test.txt:4: 词条规范化后为空"));
  EXPECT_THAT(error_of(std::string(kHeader) + "熊胆\n熊膽\n"), HasSubstr("test.txt:5: 重复的词条"));
  EXPECT_THAT(error_of(std::string(kHeader) + "re:(abc\n"),
              HasSubstr("test.txt:4: 正则表达式有误"));
  EXPECT_THAT(error_of(std::string(kHeader) + "re:a*\n"), HasSubstr("可匹配空文本"));
  EXPECT_THAT(error_of(std::string(kHeader) + "穿山甲 weight\n"), HasSubstr("key=value"));
  EXPECT_THAT(error_of(""), HasSubstr("词库为空"));
}

TEST(Lexicon, VersionFollowsContent) {
  std::string a = std::string(kHeader) + "穿山甲\n";
  auto v1 = Lexicon::parse({{"x.txt", a}});
  auto v2 = Lexicon::parse({{"x.txt", a}});
  auto v3 = Lexicon::parse({{"x.txt", a + "黑熊\n"}});
  auto v4 = Lexicon::parse({{"y.txt", a}});
  ASSERT_TRUE(v1 && v2 && v3 && v4);
  EXPECT_EQ(v1->version(), v2->version());
  EXPECT_NE(v1->version(), v3->version());
  EXPECT_NE(v1->version(), v4->version());
}

}  // namespace
}  // namespace qf::scan
