#include "scan/regex_start_finder.h"

#include "core/utf8.h"

#include <gtest/gtest.h>

#include <random>
#include <regex>
#include <string>
#include <vector>

namespace qf::scan {
namespace {

constexpr std::size_t kNoMatch = RegexStartFinder::kNoMatch;

std::size_t start_of(const RegexStartFinder& f, std::string_view text, std::size_t end) {
  std::size_t budget = 1'000'000, start = 0;
  EXPECT_TRUE(f.leftmost_start(text, end, budget, start));
  return start;
}

TEST(RegexStartFinder, FindsTheStartOfTheLexiconsPricePattern) {
  const auto f = RegexStartFinder::compile("[0-9]+(百|千|万|w|k)?(元|块|rmb|圆)");
  ASSERT_TRUE(f);
  const std::string text = "售价1999元包邮2万元12rmb";
  EXPECT_EQ(start_of(*f, text, text.find("元") + 3), text.find("1999"));
  EXPECT_EQ(start_of(*f, text, text.find("万元") + 6), text.find("2万"));
  EXPECT_EQ(start_of(*f, text, text.size()), text.find("12rmb"));
  EXPECT_EQ(start_of(*f, text, text.find("包邮") + 3), kNoMatch);
}

TEST(RegexStartFinder, RefusesWhatItDoesNotUnderstand) {
  for (const char* p :
       {"^abc", "abc$", "a\\b", "(?i)ab", "(?=a)b", "(a)\\1", "a++", "a{", "a{,3}", "[[:digit:]]",
        "[]a]", "\\x41", "a{3}{2}", "\\p{Han}", "a*", "(a|)?", "x{2000}", "[a-\\d]"})
    EXPECT_FALSE(RegexStartFinder::compile(p)) << p;
  EXPECT_FALSE(
      RegexStartFinder::compile(std::string(100'000, '(') + "a" + std::string(100'000, ')')));
  EXPECT_TRUE(RegexStartFinder::compile(std::string(20, '(') + "a" + std::string(20, ')')));
  for (const char* p : {"a", "a+?", "(?:ab|c){2,3}", "[^a-c]\\d", "\\.\\$", "[a\\-]", "[-a]",
                        "[a-]", ".{0,12}[0-9]{4,}", "\\w+@\\s"})
    EXPECT_TRUE(RegexStartFinder::compile(p)) << p;
}

TEST(RegexStartFinder, WrittenOutRepeatsAreBounded) {
  const auto f = RegexStartFinder::compile("(qq|企鹅)号?[0-9]{5,11}");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->positions(), 2u + 2u + 1u + 11u);
  EXPECT_TRUE(RegexStartFinder::compile("[0-9]{64}"));
  EXPECT_FALSE(RegexStartFinder::compile("[0-9]{65}"));
  EXPECT_FALSE(RegexStartFinder::compile("(a{3,9}){8}"));
}

TEST(RegexStartFinder, StopsWhenTheBudgetRunsOutAndTheForwardPassAnswers) {
  const auto f = RegexStartFinder::compile(".*元");
  ASSERT_TRUE(f);
  std::string text;
  for (int i = 0; i < 100; ++i) text += "元";
  std::size_t budget = 50, start = 0;
  EXPECT_FALSE(f->leftmost_start(text, text.size(), budget, start));
  EXPECT_EQ(budget, 0u);
  budget = 100;
  ASSERT_TRUE(f->leftmost_start(text, text.size(), budget, start));
  EXPECT_EQ(start, 0u);
  std::vector<std::size_t> starts;
  f->leftmost_starts(text, starts);
  for (std::size_t end = 0; end <= text.size(); ++end)
    EXPECT_EQ(starts[end], end > 0 && end % 3 == 0 ? 0 : RegexStartFinder::kNoMatch) << end;
}

// --- against vectorscan's own start of match --------------------------------

// Random patterns over a small alphabet, so that they match often.
class PatternMaker {
 public:
  explicit PatternMaker(std::mt19937& rng) : rng_(rng) {}
  std::string pattern(int depth = 0) {
    std::string out;
    const int items = 1 + pick(3);
    for (int i = 0; i < items; ++i) out += quantified(depth);
    if (depth < 2 && pick(5) == 0) {
      out += '|';
      out += pattern(depth + 1);
    }
    return out;
  }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  std::string quantified(int depth) {
    std::string a = atom(depth);
    switch (pick(9)) {
      case 0:
        return a + "?";
      case 1:
        return a + "*";
      case 2:
        return a + "+";
      case 3:
        return a + "{" + std::to_string(pick(3)) + "," + std::to_string(2 + pick(3)) + "}";
      case 4:
        return a + "{" + std::to_string(1 + pick(2)) + "}";
      case 5:
        return a + "+?";
      default:
        return a;
    }
  }
  std::string atom(int depth) {
    static const std::vector<std::string> atoms = {
        "a",   "b",   "0",    "1",     "象",    "牙",      "元",      ".",   "\\d",    "\\w",
        "\\s", "\\D", "[ab]", "[0-9]", "[^a0]", "[象-豹]", "[\\d牙]", "\\.", "[a\\-]", "(?:a|元)"};
    if (depth < 2 && pick(6) == 0) {
      std::string group = "(";
      group += pattern(depth + 1);
      group += ')';
      return group;
    }
    return atoms[static_cast<std::size_t>(pick(static_cast<int>(atoms.size())))];
  }
  std::mt19937& rng_;
};

std::string random_text(std::mt19937& rng) {
  static const std::vector<std::string> chars = {"a",  "b", "0",  "1", "象", "牙", "元",
                                                 "豹", " ", "\n", "_", ".",  "-",  "x"};
  std::string out;
  const int n = std::uniform_int_distribution<int>(0, 24)(rng);
  for (int i = 0; i < n; ++i)
    out += chars[std::uniform_int_distribution<std::size_t>(0, chars.size() - 1)(rng)];
  return out;
}

std::wstring wide(std::string_view utf8) {
  std::wstring out;
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(utf8, i, cp);
    if (len == 0) return {};
    out += static_cast<wchar_t>(cp);
    i += len;
  }
  return out;
}

// The reference: the leftmost start of a whole match of every substring
// that ends at each character boundary, by std::wregex (ECMAScript reads the
// generator's patterns as PCRE does). Not vectorscan: 5.4.9 on AVX-512
// misses some matches of such patterns (\s1+ after 16 bytes of text).
TEST(RegexStartFinder, AgreesWithABruteForceReference) {
  std::mt19937 rng(20261130);
  PatternMaker maker(rng);
  int matches = 0;
  for (int round = 0; round < 600; ++round) {
    const std::string pattern = maker.pattern();
    const std::wregex reference(wide(pattern),
                                std::regex::ECMAScript | std::regex_constants::__polynomial);
    const auto finder = RegexStartFinder::compile(pattern);
    if (!finder) {  // only a pattern that matches the empty text (vectorscan refuses it too)
      ASSERT_TRUE(std::regex_match(std::wstring(), reference)) << pattern;
      continue;
    }
    for (int t = 0; t < 8; ++t) {
      const std::string text = random_text(rng);
      std::vector<std::size_t> offsets;  // character -> byte offset, and the end
      for (std::size_t i = 0; i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) offsets.push_back(i);
      offsets.push_back(text.size());
      const std::wstring w = wide(text);
      std::vector<std::size_t> forward;
      finder->leftmost_starts(text, forward);
      ASSERT_EQ(forward.size(), text.size() + 1);
      for (std::size_t e = 0; e < offsets.size(); ++e) {
        std::size_t expected = kNoMatch;
        for (std::size_t s = 0; s < e && expected == kNoMatch; ++s)
          if (std::regex_match(w.begin() + static_cast<std::ptrdiff_t>(s),
                               w.begin() + static_cast<std::ptrdiff_t>(e), reference))
            expected = offsets[s];
        ASSERT_EQ(start_of(*finder, text, offsets[e]), expected)
            << "pattern " << pattern << " text [" << text << "] end " << offsets[e];
        ASSERT_EQ(forward[offsets[e]], expected)
            << "forward: pattern " << pattern << " text [" << text << "] end " << offsets[e];
        matches += expected != kNoMatch;
      }
    }
  }
  // The generator must keep producing patterns that match.
  EXPECT_GT(matches, 5000);
}

}  // namespace
}  // namespace qf::scan
