#include "scan/listing_normalizer.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "core/utf8.h"
#include "scan/unicode_tables.h"

namespace qf::scan {
namespace {

std::string norm(std::string_view s) { return ListingNormalizer().normalize_text(s); }

TEST(ListingNormalizer, DropsNoiseBetweenCharacters) {
  EXPECT_EQ(norm("象*牙"), "象牙");
  EXPECT_EQ(norm("象 牙"), "象牙");
  EXPECT_EQ(norm("象\xE3\x80\x80牙"), "象牙");  // ideographic space
  EXPECT_EQ(norm("象\xE2\x80\x8D牙"), "象牙");  // zero-width joiner
  EXPECT_EQ(norm("象\xE2\x80\x8B牙"), "象牙");  // zero-width space
  EXPECT_EQ(norm("象\xEF\xB8\x8F牙"), "象牙");  // variation selector-16
  EXPECT_EQ(norm("象😊牙"), "象牙");             // emoji
  EXPECT_EQ(norm("象🔥✨👍牙"), "象牙");           // emoji that stand for no character
  EXPECT_EQ(norm("象——…、。牙！！"), "象牙");
  EXPECT_EQ(norm("  \t\n"), "");
}

TEST(ListingNormalizer, FoldsWidthCaseAndCompatibilityForms) {
  EXPECT_EQ(norm("ＶＸ：ＡＢＣ１２３"), "vxabc123");
  EXPECT_EQ(norm("加V"), "加v");
  EXPECT_EQ(norm("ＱＱ"), "qq");
  EXPECT_EQ(norm("￥５００"), "¥500");
  EXPECT_EQ(norm("⼈"), "人");      // Kangxi radical
  EXPECT_EQ(norm("Café"), "cafe");  // accents are noise for matching
}

// Sellers write an animal emoji for the Han character it pictures.
TEST(ListingNormalizer, AnimalEmojiBecomeTheirHanCharacter) {
  EXPECT_EQ(norm("🐘牙手镯"), "象牙手镯");
  EXPECT_EQ(norm("🐘🦷"), "象牙");
  EXPECT_EQ(norm("🐯骨酒"), "虎骨酒");
  EXPECT_EQ(norm("🐅皮"), "虎皮");
  EXPECT_EQ(norm("电🐟机"), "电鱼机");
  EXPECT_EQ(norm("长江野生🐠"), "长江野生鱼");
  EXPECT_EQ(norm("🐻胆粉"), "熊胆粉");
  EXPECT_EQ(norm("🦏角"), "犀角");
  EXPECT_EQ(norm("🐢甲"), "龟甲");
  EXPECT_EQ(norm("🦌茸"), "鹿茸");
  EXPECT_EQ(norm("🐍胆"), "蛇胆");
  EXPECT_EQ(norm("🦅"), "鹰");
  EXPECT_EQ(norm("🐒🐵"), "猴猴");
  EXPECT_EQ(norm("🐆皮"), "豹皮");
  EXPECT_EQ(norm("🐘\xEF\xB8\x8F牙"), "象牙");  // with variation selector-16
  // Traced to the emoji's four bytes, and read in the pinyin stream.
  NormalizedListing out;
  ListingNormalizer().normalize("🐘牙", out);
  ASSERT_EQ(out.normalized.text(), "象牙");
  EXPECT_EQ(out.normalized.source_of(0, 3), (ByteSpan{0, 4}));
  EXPECT_EQ(out.pinyin_text(), " xiang ya ");
}

TEST(ListingNormalizer, TraditionalBecomesSimplified) {
  EXPECT_EQ(norm("熊膽"), "熊胆");
  EXPECT_EQ(norm("獵夾"), "猎夹");
  EXPECT_EQ(norm("鱷魚皮"), "鳄鱼皮");
  EXPECT_EQ(norm("穿山甲鱗片"), "穿山甲鳞片");
  EXPECT_EQ(norm("長江野生魚"), "长江野生鱼");
}

TEST(ListingNormalizer, DigitsOfEveryKindBecomeAscii) {
  EXPECT_EQ(norm("①③⑧"), "138");
  EXPECT_EQ(norm("❶➂⓼"), "138");
  EXPECT_EQ(norm("一三八幺二三四五六七八"), "13812345678");
  EXPECT_EQ(norm("壹叁捌"), "138");
  EXPECT_EQ(norm("𝟏𝟑𝟖"), "138");  // mathematical bold digits
  EXPECT_EQ(norm("١٣٨"), "138");  // Arabic-Indic digits
  EXPECT_EQ(norm("⑴⒊"), "13");
  EXPECT_EQ(norm("⑳"), "20");
}

// The normaliser's ASCII fast path must agree with the generated table.
TEST(ListingNormalizer, AsciiFastPathAgreesWithTheTable) {
  for (char32_t c = 0; c < 0x80; ++c) {
    CharMapping m = map_char(c);
    std::string expected = m.action() == CharAction::kKeep ? std::string(1, static_cast<char>(c))
                           : m.action() == CharAction::kReplace ? std::string(m.replacement())
                                                                : std::string();
    EXPECT_EQ(norm(std::string(1, static_cast<char>(c))), expected) << "byte " << int(c);
  }
}

TEST(ListingNormalizer, IsIdempotent) {
  for (std::string s :
       {"象 牙 手镯 ＶＸ：ａｂｃ", "熊膽粉①②", "xiang牙 川山甲", "長江野生魚 ¥500"}) {
    std::string once = norm(s);
    EXPECT_EQ(norm(once), once) << s;
  }
}

TEST(ListingNormalizer, MapsEveryByteBackToItsCharacter) {
  std::string original = "出售 象\xE2\x80\x8D牙（ＶＸ）";
  NormalizedListing out;
  ListingNormalizer().normalize(original, out);
  ASSERT_EQ(out.normalized.text(), "出售象牙vx");
  // 象牙 is bytes 6..12 of the normalised text; in the original 象 starts at
  // byte 7 (after "出售 ") and 牙 ends after the ZWJ and 牙: byte 16.
  auto span = out.normalized.source_of(6, 12);
  EXPECT_EQ(original.substr(span.begin, span.end - span.begin), "象\xE2\x80\x8D牙");
  auto vx = out.normalized.source_of(12, 14);
  EXPECT_EQ(original.substr(vx.begin, vx.end - vx.begin), "ＶＸ");
}

TEST(ListingNormalizer, ReportsInvalidUtf8AndCarriesOn) {
  std::string original = "象\xFF\xFE牙\xE8\xB1";  // stray bytes, then a truncated 3-byte char
  NormalizedListing out;
  ListingNormalizer().normalize(original, out);
  EXPECT_EQ(out.normalized.text(), "象牙");
  ASSERT_EQ(out.invalid_utf8.size(), 2u);
  EXPECT_EQ(out.invalid_utf8[0], (ByteSpan{3, 5}));
  EXPECT_EQ(out.invalid_utf8[1], (ByteSpan{8, 10}));
  // Overlongs and surrogates are invalid too.
  ListingNormalizer().normalize("\xC0\xAF\xED\xA0\x80", out);
  EXPECT_EQ(out.normalized.text(), "");
  EXPECT_EQ(out.invalid_utf8.size(), 1u);
}

TEST(ListingNormalizer, PinyinStreamHasOneTokenPerSyllable) {
  NormalizedListing out;
  ListingNormalizer().normalize("橡牙", out);
  EXPECT_EQ(out.pinyin_text(), " xiang ya ");
  ListingNormalizer().normalize("xiang牙", out);
  EXPECT_EQ(out.pinyin_text(), " xiang ya ");
  ListingNormalizer().normalize("川山甲123片", out);
  EXPECT_EQ(out.pinyin_text(), " chuan shan jia - pian ");
  ListingNormalizer().normalize("我想要", out);
  EXPECT_EQ(out.pinyin_text(), " wo xiang yao ");  // " xiang ya " does not match inside it
  ListingNormalizer().normalize("一三八", out);    // digits in the text, readings in the stream
  EXPECT_EQ(out.normalized.text(), "138");
  EXPECT_EQ(out.pinyin_text(), " yi san ba ");
  ListingNormalizer().normalize("xy", out);
  EXPECT_EQ(out.pinyin_text(), " - ");
}

TEST(ListingNormalizer, PinyinMapsBackToTheOriginal) {
  std::string original = "卖 川-山-甲 片";
  NormalizedListing out;
  ListingNormalizer().normalize(original, out);
  ASSERT_EQ(out.pinyin_text(), " mai chuan shan jia pian ");  // spaces and dashes are noise
  auto span = out.original_of_pinyin(1, 4);
  EXPECT_EQ(original.substr(span.begin, span.end - span.begin), "川-山-甲");
}

// Property: for random byte strings and random mixes of interesting
// characters, every traced span lies inside the original, starts and ends on
// UTF-8 character boundaries, and the normalised text is valid UTF-8.
TEST(ListingNormalizer, SpansStayInsideTheOriginalOnCharacterBoundaries) {
  const std::vector<std::string> pieces = {
      "象",   "牙", "熊膽", "Ａ", "ｖｘ", " ",        "\xE2\x80\x8D", "①", "❶", "一",
      "🐘",    "x",  "iang", "。", "\xFF", "\xE8\xB1", "\xC0\xAF",     "é", "⑴", "\xF0\x9F",
      "长江", "⼈", "ß",    "İ",  "ﬁ",    "㍻"};
  std::mt19937 rng(20260401);
  NormalizedListing out;
  auto boundary = [](std::string_view s, std::size_t i) {
    return i == s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
  };
  for (int round = 0; round < 3000; ++round) {
    std::string original;
    int n = static_cast<int>(rng() % 24);
    for (int k = 0; k < n; ++k) {
      if (rng() % 4 == 0)
        original += static_cast<char>(rng() % 256);
      else
        original += pieces[rng() % pieces.size()];
    }
    ListingNormalizer().normalize(original, out);
    const std::string_view t = out.normalized.text();
    ASSERT_TRUE(is_valid_utf8(t)) << round;
    for (std::size_t b = 0; b < t.size(); ++b) {
      if (!boundary(t, b)) continue;
      std::size_t e = b + 1;
      while (!boundary(t, e)) ++e;
      ByteSpan s = out.normalized.source_of(b, e);
      ASSERT_LT(s.begin, s.end);
      ASSERT_LE(s.end, original.size());
      // A source span holds whole, valid characters.
      std::string src = original.substr(s.begin, s.end - s.begin);
      ASSERT_TRUE(is_valid_utf8(src)) << round;
    }
    for (std::size_t k = 0; k < out.pinyin.size(); ++k) {
      const PinyinToken& tok = out.pinyin[k];
      ASSERT_LT(tok.normalized.begin, tok.normalized.end);
      ASSERT_LE(tok.normalized.end, t.size());
      ASSERT_TRUE(boundary(t, tok.normalized.begin) && boundary(t, tok.normalized.end));
      if (k > 0) {
        ASSERT_FALSE(tok.syllable == 0 && out.pinyin[k - 1].syllable == 0);
      }
    }
    for (ByteSpan bad : out.invalid_utf8) {
      ASSERT_LT(bad.begin, bad.end);
      ASSERT_LE(bad.end, original.size());
    }
    ASSERT_EQ(ListingNormalizer().normalize_text(t), t) << "not idempotent, round " << round;
  }
}

}  // namespace
}  // namespace qf::scan
