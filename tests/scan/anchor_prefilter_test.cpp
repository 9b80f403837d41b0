// AnchorPrefilter's promise: "no" only when the full pipeline finds no
// anchor term. Checked on random mixes of the lexicon's own characters, their
// homophones, traditional and full-width forms, noise and Latin spellings,
// and on listings whose answer is known; plus the scanner's verdict with and
// without the prefilter.
#include "scan/anchor_prefilter.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "core/utf8.h"
#include "scan/listing_document.h"
#include "scan/unicode_tables.h"
#include "scan_test_support.h"

namespace qf::scan {
namespace {

using testing::builtin_matcher;
using testing::explain;
using testing::match_builtin;

bool may(std::string_view text) {
  PrefilterScratch scratch;
  return builtin_matcher().current()->prefilter().may_contain_anchor(text, scratch);
}

bool has_anchor(std::string_view text) {
  for (const auto& m : match_builtin(text))
    if (is_anchor_category(m.category)) return true;
  return false;
}

std::string utf8(char32_t cp) {
  std::string out;
  append_utf8(out, cp);
  return out;
}

TEST(AnchorPrefilter, LetsEverySpellingOfAnAnchorThrough) {
  for (std::string text :
       {"出售象*牙手镯", "橡牙手镯", "xiang牙 手串", "x i a n g y a 摆件", "ＸＩＡＮＧＹＡ",
        "熊膽粉", "穿 山 甲 片", "川山甲", "🐘牙雕刻", "长江野生鱼", "电鱼机", "捕兽夹 出售",
        "chuanshanjia", "犭昔套", "三层刺网", "象\xE2\x80\x8D牙"}) {
    EXPECT_TRUE(has_anchor(text)) << text << ": the example itself is wrong";
    EXPECT_TRUE(may(text)) << text;
  }
}

TEST(AnchorPrefilter, RulesOutOrdinaryListings) {
  for (std::string text :
       {"全新iPhone 15 手机壳 包邮 ¥25 加微信 13812345678", "东北大米 五常 10斤装 现货",
        "电动车电池 48V 以旧换新", "Cherry机械键盘 青轴 九成新", "Switch游戏机 同城自提",
        "瑜伽垫 加厚 防滑", "实木餐桌 搬家处理 可小刀", ""}) {
    EXPECT_FALSE(has_anchor(text)) << text << ": the example itself is wrong";
    EXPECT_FALSE(may(text)) << text;
  }
}

TEST(AnchorPrefilter, InvalidUtf8IsLeftToTheFullPass) {
  EXPECT_TRUE(may("手机壳 \xFF 包邮"));
  ListingScanner scanner(builtin_matcher());
  auto v = scanner.scan("手机壳 \xFF 包邮");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->invalid_utf8.size(), 1u);
}

// Random listings made of what the lexicon's anchors are made of: their
// characters, the characters read like them, the forms that normalise to
// them, noise between them, their pinyin in Latin letters (any case, any
// width), next to ordinary characters. "No" must never meet an anchor.
TEST(AnchorPrefilter, NeverRulesOutARandomListingWithAnAnchor) {
  const auto compiled = builtin_matcher().current();
  std::vector<std::vector<char32_t>> terms;
  std::set<char32_t> term_chars;
  std::set<unsigned> term_syllables;
  for (const LexiconTerm& t : compiled->lexicon().terms()) {
    if (!is_anchor_category(t.category) || t.is_regex) continue;
    terms.emplace_back();
    for (std::size_t i = 0; i < t.normalized.size();) {
      char32_t cp = 0;
      const std::size_t n = decode_utf8(t.normalized, i, cp);
      ASSERT_GT(n, 0u);
      i += n;
      terms.back().push_back(cp);
      term_chars.insert(cp);
      if (const unsigned s = map_char(cp).pinyin(); s != 0) term_syllables.insert(s);
    }
  }
  // Other ways to write a term's character: Han characters read the same
  // (up to 6 a syllable), forms that normalise to it (繁體, compatibility).
  std::map<unsigned, std::vector<std::string>> homophones;
  std::map<char32_t, std::vector<std::string>> variants;
  for (char32_t cp = 0x2000; cp < 0x30000; ++cp) {
    const CharMapping m = map_char(cp);
    if (m.action() == CharAction::kDrop) continue;
    if (m.action() == CharAction::kReplace) {
      char32_t r = 0;
      const std::string_view rep = m.replacement();
      if (decode_utf8(rep, 0, r) == rep.size() && term_chars.count(r) != 0)
        variants[r].push_back(utf8(cp));
    }
    if (term_syllables.count(m.pinyin()) != 0 && homophones[m.pinyin()].size() < 6)
      homophones[m.pinyin()].push_back(utf8(cp));
  }
  auto spelled = [](std::string_view syllable, int style) {
    std::string out;
    for (char c : syllable) {
      if (style == 0) out += c;
      if (style == 1) out += static_cast<char>(c - 'a' + 'A');
      if (style == 2) out += utf8(0xFF41 + static_cast<char32_t>(c - 'a'));  // ａ-ｚ
    }
    return out;
  };
  const std::vector<std::string> noise = {" ",  "*",  "·", "\xE2\x80\x8B", "😊",  "-", "\n", "的",
                                          "手", "机", "3", "三",           "ｘ", "v", "🐘",  "ng"};
  std::mt19937 random(20261129);
  auto pick = [&](const std::vector<std::string>& from) { return from[random() % from.size()]; };
  // One character of a term, written one way or another.
  auto write = [&](char32_t c) {
    const unsigned syllable = map_char(c).pinyin();
    switch (random() % 6) {
      case 0:
        if (syllable != 0 && !homophones[syllable].empty()) return pick(homophones[syllable]);
        break;
      case 1:
        if (!variants[c].empty()) return pick(variants[c]);
        break;
      case 2:
        if (syllable != 0)
          return spelled(pinyin_syllable(syllable), static_cast<int>(random() % 3));
        break;
    }
    return utf8(c);
  };
  const AnchorPrefilter& prefilter = compiled->prefilter();
  PrefilterScratch scratch;
  std::size_t anchors = 0, ruled_out = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int n = 1 + static_cast<int>(random() % 4);
    const int split = static_cast<int>(random() % static_cast<unsigned>(n + 1));
    std::size_t split_at = 0;  // a piece boundary: where a title would end
    for (int k = 0; k < n; ++k) {
      if (k == split) split_at = text.size();
      if (random() % 2 == 0) {
        text += pick(noise);
        continue;
      }
      const auto& term = terms[random() % terms.size()];
      for (std::size_t i = 0; i < term.size(); ++i) {
        // A character dropped now and then: a term broken in the middle.
        if (random() % 8 != 0) text += write(term[i]);
        if (random() % 3 == 0) text += pick(noise);
      }
    }
    if (split == n) split_at = text.size();
    const bool maybe = may(text);
    const bool anchor = has_anchor(text);
    // Title and text apart (a listing document without building it): the
    // same answer as for title + "\n" + text.
    const std::string_view first = std::string_view(text).substr(0, split_at),
                           second = std::string_view(text).substr(split_at);
    ASSERT_EQ(prefilter.may_contain_anchor(first, second, scratch),
              may(std::string(first) + "\n" + std::string(second)))
        << first << " | " << second;
    if (anchor) ++anchors;
    if (!maybe) ++ruled_out;
    ASSERT_FALSE(anchor && !maybe) << "the prefilter ruled out an anchor in: " << text;
  }
  // The mix must exercise both answers.
  EXPECT_GT(anchors, 2000u);
  EXPECT_GT(ruled_out, 2000u);
  std::printf("random listings: %zu with an anchor, %zu ruled out by the prefilter\n", anchors,
              ruled_out);
}

TEST(AnchorPrefilter, ScannerGivesTheSameVerdictWithAndWithoutIt) {
  ListingScanner with(builtin_matcher()), without(builtin_matcher(), {.prefilter = false});
  for (std::string text :
       {"出售 包邮 ¥25 加微信 13812345678", "象牙白手机壳 出售", "穿山甲片 出售 加V", "湘雅医院",
        "电动车电瓶不包邮", "仿真象牙 树脂摆件", "老虎钳 五金", ""}) {
    auto a = with.scan(text);
    auto b = without.scan(text);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(explain(*a), explain(*b)) << text;
    EXPECT_EQ(a->lexicon_version, b->lexicon_version);
    ScanVerdict c;
    ASSERT_TRUE(with.scan_candidate(text, c));
    EXPECT_EQ(explain(c), explain(*b)) << text;
  }
}

// What `qingfeng scan` does with a listing's two fields: ask the scanner
// about title and text apart, take the empty verdict on "no", scan the
// document otherwise.
TEST(AnchorPrefilter, TitleAndTextApartAsTheirDocument) {
  ListingScanner scanner(builtin_matcher()), without(builtin_matcher(), {.prefilter = false});
  const std::pair<std::string, std::string> listings[] = {
      {"象", "牙手镯 出售"},  // a term across the line break
      {"xiang", "ya 摆件"},   // a Latin run across it
      {"手机壳", "包邮 ¥25"}, {"", "穿山甲片 出售"},
      {"电动车", ""},         {"手机壳 \xFF", "包邮"},  // not UTF-8: never ruled out
  };
  for (const auto& [title, text] : listings) {
    const ListingDocument d = listing_document(title, text);
    auto full = without.scan(d.text);
    ASSERT_TRUE(full);
    ScanVerdict v;
    if (scanner.may_contain_anchor(title, text)) {
      ASSERT_TRUE(scanner.scan_candidate(d.text, v));
    } else {
      EXPECT_TRUE(is_valid_utf8(d.text)) << d.text;
      scanner.empty_verdict(v);
    }
    EXPECT_EQ(explain(v), explain(*full)) << d.text;
    EXPECT_EQ(v.invalid_utf8.size(), full->invalid_utf8.size()) << d.text;
  }
  ListingScanner unfiltered(builtin_matcher(), {.prefilter = false});
  EXPECT_TRUE(unfiltered.may_contain_anchor("手机壳", "包邮"));
}

Result<AnchorPrefilter> prefilter_of(const std::string& file) {
  auto lexicon = Lexicon::parse({{"test.txt", file}});
  if (!lexicon) return tl::unexpected(lexicon.error());
  auto compiled = CompiledLexicon::compile(std::move(*lexicon));
  if (!compiled) return tl::unexpected(compiled.error());
  return (*compiled)->prefilter();
}

TEST(AnchorPrefilter, FollowsTheLexicon) {
  PrefilterScratch scratch;
  // No anchor category at all: nothing can contain one.
  auto context_only = prefilter_of("@category intent\n@weight 1\n@source t\n出售\n");
  ASSERT_TRUE(context_only);
  EXPECT_FALSE(context_only->may_contain_anchor("出售 出售", scratch));
  // … and then "no" still means well-formed UTF-8 (the full pass reports bad bytes).
  EXPECT_TRUE(context_only->may_contain_anchor("出售 \xFF", scratch));
  EXPECT_TRUE(context_only->may_contain_anchor("出售", "\xED\xA0\x80", scratch));
  // A one-character anchor.
  auto one = prefilter_of("@category species\n@weight 3\n@source t\n虎\n");
  ASSERT_TRUE(one);
  EXPECT_TRUE(one->may_contain_anchor("老 虎", scratch));
  EXPECT_TRUE(one->may_contain_anchor("🐯皮", scratch));  // the emoji stands for 虎
  EXPECT_FALSE(one->may_contain_anchor("老鼠", scratch));
  // An anchor written as a regex could match anything.
  auto regex = prefilter_of("@category code\n@weight 3\n@source t\nre:x[0-9]+y\n");
  ASSERT_TRUE(regex);
  EXPECT_TRUE(regex->may_contain_anchor("手机壳", scratch));
  // Long terms need their first three characters side by side.
  auto long_term = prefilter_of("@category tool\n@weight 3\n@source t\n超声波捕鱼器\n");
  ASSERT_TRUE(long_term);
  EXPECT_TRUE(long_term->may_contain_anchor("超 声 波", scratch));
  EXPECT_FALSE(long_term->may_contain_anchor("超声 清洗 波", scratch));
}

// The automaton on a large lexicon (many states sharing the overlaid rows):
// literals of plain Han characters only, which the normaliser keeps as they
// are, so "maybe" must be exactly "some term's first three characters (or
// the whole of a shorter one) stand side by side in the text".
TEST(AnchorPrefilter, LargeLexiconAnswersLikeASubstringSearch) {
  std::vector<char32_t> alphabet;  // kept Han characters, the normaliser's identity
  for (char32_t c = 0x4E00; alphabet.size() < 120; ++c) {
    const CharMapping m = map_char(c);
    if (m.action() == CharAction::kKeep) alphabet.push_back(c);
  }
  std::mt19937 rng(29);
  auto pick = [&](std::size_t from, std::size_t to) {
    return std::uniform_int_distribution<std::size_t>(from, to)(rng);
  };
  AnchorPrefilter::Builder builder;
  std::set<std::string> starts;
  for (int t = 0; t < 1500; ++t) {
    std::string term;
    const std::size_t length = t < 2 ? 1 : pick(2, 5);  // two one-character terms
    for (std::size_t k = 0; k < length; ++k) append_utf8(term, alphabet[pick(0, 79)]);
    builder.add_literal(term);
    starts.insert(term.substr(0, std::min<std::size_t>(term.size(), 9)));  // 3 characters
  }
  const AnchorPrefilter prefilter = builder.build();
  PrefilterScratch scratch;
  int maybe = 0;
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    for (std::size_t k = pick(0, 30); k > 0; --k) append_utf8(text, alphabet[pick(0, 119)]);
    bool expected = false;  // every character here is three bytes
    for (std::size_t at = 0; at < text.size(); at += 3)
      for (std::size_t bytes : {3, 6, 9})
        expected |= at + bytes <= text.size() && starts.count(text.substr(at, bytes));
    ASSERT_EQ(prefilter.may_contain_anchor(text, scratch), expected) << text;
    maybe += expected;
  }
  EXPECT_GT(maybe, 200);  // both answers are exercised
  EXPECT_LT(maybe, 1800);
}

}  // namespace
}  // namespace qf::scan
