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

// The syllables (at most 6 letters a-z) in a trie: splitting a run walks
// forward from each letter and stops as soon as no syllable continues, so
// ordinary English or model numbers cost a step or two per letter.
class SyllableTrie {
 public:
  SyllableTrie() : nodes_(1) {
    for (std::size_t i = 1; i < pinyin_syllable_count(); ++i) {
      std::string_view s = pinyin_syllable(static_cast<unsigned>(i));
      if (s.size() <= kMaxSyllable) add(s, static_cast<std::uint16_t>(i));
    }
  }
  // The child of `node` for letter c ('a'..'z'); 0 when there is none.
  std::uint16_t next(std::uint16_t node, char c) const {
    return nodes_[node].next[static_cast<std::size_t>(c - 'a')];
  }
  std::uint16_t id(std::uint16_t node) const { return nodes_[node].id; }

 private:
  struct Node {
    std::array<std::uint16_t, 26> next{};
    std::uint16_t id = 0;
  };
  void add(std::string_view s, std::uint16_t id) {
    std::uint16_t node = 0;
    for (char c : s) {
      auto& child = nodes_[node].next[static_cast<std::size_t>(c - 'a')];
      if (child == 0) {
        child = static_cast<std::uint16_t>(nodes_.size());
        nodes_.emplace_back();  // invalidates `child`: not used after this
      }
      node = nodes_[node].next[static_cast<std::size_t>(c - 'a')];
    }
    nodes_[node].id = id;
  }
  std::vector<Node> nodes_;
};

const SyllableTrie& trie() {
  static const SyllableTrie t;
  return t;
}

}  // namespace

bool is_pinyin_syllable(std::string_view s) {
  if (s.empty() || s.size() > kMaxSyllable) return false;
  const SyllableTrie& t = trie();
  std::uint16_t node = 0;
  for (char c : s) {
    if (c < 'a' || c > 'z') return false;
    node = t.next(node, c);
    if (node == 0) return false;
  }
  return t.id(node) != 0;
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
  // starts[j][len]: the id of the syllable letters[j, j + len), 0 if none.
  std::array<std::array<std::uint16_t, kMaxSyllable + 1>, kMaxRun> starts;
  const SyllableTrie& t = trie();
  for (std::size_t j = 0; j < n; ++j) {
    starts[j].fill(0);
    std::uint16_t node = 0;
    for (std::size_t len = 1; len <= kMaxSyllable && j + len <= n; ++len) {
      node = t.next(node, letters[j + len - 1]);
      if (node == 0) break;
      starts[j][len] = t.id(node);
    }
  }
  std::array<std::uint16_t, kMaxRun + 1> syllable_id{};  // 0: not a syllable
  best[0] = {0, 0};
  for (std::size_t i = 1; i <= n; ++i) {
    best[i] = {best[i - 1].uncovered + 1, best[i - 1].pieces + 1};
    from[i] = 1;
    syllable_id[i] = 0;
    for (std::size_t len = 1; len <= kMaxSyllable && len <= i; ++len) {
      const std::uint16_t id = starts[i - len][len];
      if (id == 0) continue;
      Cost c{best[i - len].uncovered, best[i - len].pieces + 1};
      if (c < best[i]) {
        best[i] = c;
        from[i] = static_cast<std::uint8_t>(len);
        syllable_id[i] = id;
      }
    }
  }
  for (std::size_t i = n; i > 0; i -= from[i])
    out.push_back(
        {static_cast<std::uint32_t>(i - from[i]), from[i], syllable_id[i] != 0, syllable_id[i]});
  std::reverse(out.begin(), out.end());
}

}  // namespace qf::scan
