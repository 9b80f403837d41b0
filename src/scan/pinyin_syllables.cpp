#include "scan/pinyin_syllables.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "scan/unicode_tables.h"

namespace qf::scan {
namespace {

constexpr std::size_t kMaxSyllable = 6;  // zhuang, shuang, chuang
constexpr std::size_t kMaxRun = 64;

// Syllables (at most 6 letters a-z) packed into base-27 numbers, sorted:
// a Latin run is split with binary searches, no string hashing.
std::uint32_t pack(std::string_view s) {
  std::uint32_t v = 0;
  for (char c : s) v = v * 27 + static_cast<std::uint32_t>(c - 'a' + 1);
  return v;
}

const std::vector<std::uint32_t>& syllable_codes() {
  static const std::vector<std::uint32_t> codes = [] {
    std::vector<std::uint32_t> v;
    for (std::size_t i = 1; i < pinyin_syllable_count(); ++i) {
      std::string_view s = pinyin_syllable(static_cast<unsigned>(i));
      if (s.size() <= kMaxSyllable) v.push_back(pack(s));
    }
    std::sort(v.begin(), v.end());
    return v;
  }();
  return codes;
}

bool known(std::string_view s) {
  const auto& codes = syllable_codes();
  return std::binary_search(codes.begin(), codes.end(), pack(s));
}

}  // namespace

bool is_pinyin_syllable(std::string_view s) {
  if (s.empty() || s.size() > kMaxSyllable) return false;
  for (char c : s)
    if (c < 'a' || c > 'z') return false;
  return known(s);
}

void split_pinyin(std::string_view letters, std::vector<LatinPiece>& out) {
  out.clear();
  const std::size_t n = letters.size();
  if (n == 0) return;
  if (n > kMaxRun) {
    out.push_back({0, static_cast<std::uint32_t>(n), false});
    return;
  }
  // best[i]: (uncovered letters, pieces) for letters[0, i); from[i]: piece length.
  struct Cost {
    std::uint32_t uncovered, pieces;
    bool operator<(const Cost& o) const {
      return uncovered != o.uncovered ? uncovered < o.uncovered : pieces < o.pieces;
    }
  };
  std::array<Cost, kMaxRun + 1> best;
  std::array<std::uint8_t, kMaxRun + 1> from{};
  std::array<bool, kMaxRun + 1> is_syllable{};
  best[0] = {0, 0};
  for (std::size_t i = 1; i <= n; ++i) {
    best[i] = {best[i - 1].uncovered + 1, best[i - 1].pieces + 1};
    from[i] = 1;
    is_syllable[i] = false;
    for (std::size_t len = 1; len <= kMaxSyllable && len <= i; ++len) {
      if (!known(letters.substr(i - len, len))) continue;
      Cost c{best[i - len].uncovered, best[i - len].pieces + 1};
      if (c < best[i]) {
        best[i] = c;
        from[i] = static_cast<std::uint8_t>(len);
        is_syllable[i] = true;
      }
    }
  }
  for (std::size_t i = n; i > 0; i -= from[i])
    out.push_back({static_cast<std::uint32_t>(i - from[i]), from[i], is_syllable[i]});
  std::reverse(out.begin(), out.end());
}

}  // namespace qf::scan
