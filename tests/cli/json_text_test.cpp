#include "cli/json_text.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "core/utf8.h"

namespace qf::cli::json_text {
namespace {

// The plain run by its definition: characters from i, each printable ASCII
// other than '"' and '\\', or a well-formed three-byte character.
std::size_t plain_run_reference(const std::string& s, std::size_t i) {
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c < 0x20 || c == '"' || c == '\\') return i;
      ++i;
      continue;
    }
    char32_t cp;
    if (decode_utf8(s, i, cp) != 3) return i;
    i += 3;
  }
  return i;
}

std::size_t special_reference(const std::string& s, std::size_t i) {
  while (i < s.size() && static_cast<unsigned char>(s[i]) >= 0x20 && s[i] != '"' && s[i] != '\\')
    ++i;
  return i;
}

const auto* bytes(const std::string& s) { return reinterpret_cast<const unsigned char*>(s.data()); }

// Random texts of the pieces that matter: plain ASCII, Han, the bytes that
// stop a run, other UTF-8 lengths, and broken sequences (overlong E0,
// surrogate ED, truncated, stray continuation).
std::string random_text(std::mt19937& rng) {
  static const char* const kPieces[] = {"a",
                                        "plain ascii ",
                                        "象牙",
                                        "\xE4\xB8\x80",
                                        "\"",
                                        "\\",
                                        "\n",
                                        "\x01",
                                        "\x1F",
                                        "\x7F",
                                        "é",
                                        "😀",
                                        "\xE0\x9F\xBF",
                                        "\xED\xA0\x80",
                                        "\xE8\xB1",
                                        "\x80",
                                        "\xFF",
                                        "~ ",
                                        "\xEF\xBF\xBD"};
  std::uniform_int_distribution<std::size_t> count(0, 24), piece(0, std::size(kPieces) - 1);
  std::string s;
  for (std::size_t k = count(rng); k > 0; --k) s += kPieces[piece(rng)];
  return s;
}

TEST(JsonText, SkipPlainStopsAtTheFirstCharacterThatIsNotPlain) {
  std::mt19937 rng(20261130);
  for (int round = 0; round < 50000; ++round) {
    const std::string s = random_text(rng);
    for (std::size_t i = 0; i <= s.size(); i = plain_run_reference(s, i) + 1) {
      ASSERT_EQ(skip_plain(bytes(s), i, s.size()), plain_run_reference(s, i))
          << "text of " << s.size() << " bytes from " << i << ": " << ::testing::PrintToString(s);
      if (i == s.size()) break;
    }
  }
}

TEST(JsonText, FindSpecialFindsQuotesBackslashesAndControlCharacters) {
  std::mt19937 rng(7);
  for (int round = 0; round < 50000; ++round) {
    const std::string s = random_text(rng);
    ASSERT_EQ(find_special(bytes(s), 0, s.size()), special_reference(s, 0)) << s;
  }
  // Each flagged byte alone, at every place in an eight-byte word.
  for (char c : {'"', '\\', '\0', '\x1F'})
    for (std::size_t at = 0; at < 17; ++at) {
      std::string s(17, 'x');
      s[at] = c;
      EXPECT_EQ(find_special(bytes(s), 0, s.size()), at);
    }
}

}  // namespace
}  // namespace qf::cli::json_text
