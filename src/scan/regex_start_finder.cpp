#include "scan/regex_start_finder.h"

#include <algorithm>

#include "core/utf8.h"

namespace qf::scan {
namespace {

constexpr char32_t kMaxCodePoint = 0x10FFFF;
constexpr unsigned kUnbounded = static_cast<unsigned>(-1);
// Larger counts would blow kMaxPositions anyway.
constexpr unsigned kMaxCount = 1000;

using CharClass = std::vector<std::pair<char32_t, char32_t>>;

CharClass normalized(CharClass c) {
  std::sort(c.begin(), c.end());
  CharClass out;
  for (const auto& r : c) {
    if (!out.empty() && r.first <= out.back().second + 1)
      out.back().second = std::max(out.back().second, r.second);
    else
      out.push_back(r);
  }
  return out;
}

CharClass complement(const CharClass& c) {
  CharClass out;
  char32_t next = 0;
  for (const auto& [lo, hi] : c) {
    if (lo > next) out.push_back({next, lo - 1});
    next = hi + 1;
  }
  if (next <= kMaxCodePoint) out.push_back({next, kMaxCodePoint});
  return out;
}

// A parsed pattern: character classes combined by concatenation,
// alternation and repetition.
struct Node {
  enum class Kind { kClass, kConcat, kAlternation, kRepeat } kind = Kind::kConcat;
  CharClass chars;             // kClass
  std::vector<Node> children;  // kConcat, kAlternation; kRepeat: one
  unsigned min = 0, max = 0;   // kRepeat; max may be kUnbounded
};

Node node(Node::Kind kind) {
  Node n;
  n.kind = kind;
  return n;
}

// Recursive descent over the pattern's code points; any construct outside
// the supported language makes the parse fail (ok = false).
class Parser {
 public:
  explicit Parser(std::string_view p) : p_(p) {}

  std::optional<Node> parse() {
    Node n = alternation();
    if (!ok_ || at_ != p_.size()) return std::nullopt;
    return n;
  }

 private:
  bool done() const { return at_ >= p_.size(); }
  char peek() const { return p_[at_]; }
  void fail() { ok_ = false; }

  Node alternation() {
    Node alt = node(Node::Kind::kAlternation);
    alt.children.push_back(sequence());
    while (ok_ && !done() && peek() == '|') {
      ++at_;
      alt.children.push_back(sequence());
    }
    return alt.children.size() == 1 ? std::move(alt.children.front()) : alt;
  }

  Node sequence() {
    Node seq = node(Node::Kind::kConcat);
    while (ok_ && !done() && peek() != '|' && peek() != ')') seq.children.push_back(quantified());
    return seq;
  }

  Node quantified() {
    Node atom_node = atom();
    if (!ok_ || done()) return atom_node;
    unsigned min = 0, max = 0;
    switch (peek()) {
      case '?':
        min = 0, max = 1, ++at_;
        break;
      case '*':
        min = 0, max = kUnbounded, ++at_;
        break;
      case '+':
        min = 1, max = kUnbounded, ++at_;
        break;
      case '{':
        if (!counts(min, max)) fail();
        break;
      default:
        return atom_node;
    }
    if (!ok_) return atom_node;
    if (!done() && peek() == '?') ++at_;  // lazy: the same matches
    // Possessive quantifiers and quantified quantifiers are not ours.
    if (!done() && (peek() == '+' || peek() == '*' || peek() == '?' || peek() == '{')) fail();
    Node rep = node(Node::Kind::kRepeat);
    rep.min = min;
    rep.max = max;
    rep.children.push_back(std::move(atom_node));
    return rep;
  }

  // {m}, {m,}, {m,n} at at_; consumes it on success.
  bool counts(unsigned& min, unsigned& max) {
    std::size_t i = at_ + 1;
    auto number = [&](unsigned& out) {
      const std::size_t from = i;
      out = 0;
      while (i < p_.size() && p_[i] >= '0' && p_[i] <= '9') {
        out = out * 10 + static_cast<unsigned>(p_[i] - '0');
        if (out > kMaxCount) return false;
        ++i;
      }
      return i > from;
    };
    if (!number(min)) return false;
    if (i < p_.size() && p_[i] == '}') {
      max = min;
    } else if (i < p_.size() && p_[i] == ',') {
      ++i;
      if (i < p_.size() && p_[i] == '}') {
        max = kUnbounded;
      } else if (!number(max) || max < min) {
        return false;
      }
      if (i >= p_.size() || p_[i] != '}') return false;
    } else {
      return false;
    }
    at_ = i + 1;
    return true;
  }

  Node atom() {
    Node n = node(Node::Kind::kClass);
    const char c = peek();
    switch (c) {
      case '(': {
        // Deeper nesting than any lexicon needs: not ours (and no deep
        // recursion here or in the construction).
        if (++depth_ > kMaxDepth) {
          fail();
          return n;
        }
        ++at_;
        if (!done() && peek() == '?') {
          if (at_ + 1 >= p_.size() || p_[at_ + 1] != ':') {
            fail();
            return n;
          }
          at_ += 2;
        }
        Node inner = alternation();
        if (done() || peek() != ')') {
          fail();
          return n;
        }
        ++at_;
        --depth_;
        return inner;
      }
      case '[':
        ++at_;
        n.chars = bracket();
        return n;
      case '.':
        ++at_;
        n.chars = complement({{U'\n', U'\n'}});
        return n;
      case '\\':
        ++at_;
        if (!escape(n.chars)) fail();
        n.chars = normalized(std::move(n.chars));
        return n;
      case '^':
      case '$':
      case '*':
      case '+':
      case '?':
      case '{':
      case '}':
      case ']':
        fail();  // anchors, a quantifier of nothing, PCRE's literal braces
        return n;
      default: {
        char32_t cp = 0;
        if (!literal(cp)) fail();
        n.chars = {{cp, cp}};
        return n;
      }
    }
  }

  bool literal(char32_t& cp) {
    const std::size_t len = decode_utf8(p_, at_, cp);
    if (len == 0) return false;
    at_ += len;
    return true;
  }

  // The escape after a backslash (at_ is past it): a class escape or an
  // escaped ASCII punctuation character.
  bool escape(CharClass& out) {
    if (done()) return false;
    const char c = peek();
    ++at_;
    const CharClass digit = {{U'0', U'9'}};
    const CharClass word = {{U'0', U'9'}, {U'A', U'Z'}, {U'_', U'_'}, {U'a', U'z'}};
    // PCRE's \s: space, \t, \n, \v, \f, \r.
    const CharClass space = {{U'\t', U'\r'}, {U' ', U' '}};
    const CharClass* named = nullptr;
    switch (c) {
      case 'd':
      case 'D':
        named = &digit;
        break;
      case 'w':
      case 'W':
        named = &word;
        break;
      case 's':
      case 'S':
        named = &space;
        break;
      default:
        break;
    }
    if (named) {
      const bool negated = c == 'D' || c == 'W' || c == 'S';
      const CharClass add = negated ? complement(*named) : *named;
      out.insert(out.end(), add.begin(), add.end());
      return true;
    }
    const auto u = static_cast<unsigned char>(c);
    const bool punctuation =
        u < 0x80 && u > ' ' && !(u >= '0' && u <= '9') && !((u | 0x20) >= 'a' && (u | 0x20) <= 'z');
    if (!punctuation) return false;
    out.push_back({u, u});
    return true;
  }

  // A '-' at at_ that makes a range in a bracket expression (not its last
  // character, which is a literal '-').
  bool range_dash() const {
    return !done() && peek() == '-' && at_ + 1 < p_.size() && p_[at_ + 1] != ']';
  }

  // A bracket expression after its '[' (consumed through its ']').
  CharClass bracket() {
    CharClass chars;
    bool negated = false;
    if (!done() && peek() == '^') {
      negated = true;
      ++at_;
    }
    // A ']' first is a literal to PCRE: not ours.
    if (done() || peek() == ']') {
      fail();
      return chars;
    }
    bool first = true;
    while (ok_ && !done() && peek() != ']') {
      const char c = peek();
      if (c == '[') {  // POSIX classes and the like
        fail();
        break;
      }
      char32_t lo = 0;
      if (c == '\\') {
        ++at_;
        const std::size_t before = chars.size();
        if (!escape(chars)) {
          fail();
          break;
        }
        // A class escape cannot begin a range.
        if (chars.size() - before != 1 || chars.back().first != chars.back().second) {
          if (range_dash()) fail();
          first = false;
          continue;
        }
        lo = chars.back().first;
        chars.pop_back();
      } else if (!first && range_dash()) {
        fail();  // a '-' that PCRE would read as a range of something odd
        break;
      } else if (!literal(lo)) {
        fail();
        break;
      }
      first = false;
      char32_t hi = lo;
      if (range_dash()) {
        ++at_;
        if (peek() == '\\' || peek() == '[' || !literal(hi) || hi < lo) {
          fail();
          break;
        }
      }
      chars.push_back({lo, hi});
    }
    if (done()) {
      fail();
      return chars;
    }
    ++at_;  // ']'
    chars = normalized(std::move(chars));
    return negated ? complement(chars) : chars;
  }

  static constexpr int kMaxDepth = 32;
  std::string_view p_;
  std::size_t at_ = 0;
  int depth_ = 0;
  bool ok_ = true;
};

}  // namespace

// Glushkov's construction: one position per character class of the
// written-out pattern; a fragment knows its first and last positions and
// whether it matches the empty text, and concatenation links the left
// fragment's last positions to the right one's first.
struct RegexStartFinder::Builder {
  struct Fragment {
    Positions first = 0, last = 0;
    bool nullable = true;
  };

  RegexStartFinder& out;
  std::vector<Positions> follow;
  bool ok = true;

  Fragment position(const CharClass& chars) {
    Fragment f;
    if (out.classes_.size() >= kMaxPositions) {
      ok = false;
      return f;
    }
    const std::size_t p = out.classes_.size();
    out.classes_.push_back(chars);
    follow.push_back(0);
    f.first = f.last = Positions{1} << p;
    f.nullable = false;
    return f;
  }

  void link(const Positions& from, const Positions& to) {
    for (std::size_t p = 0; p < out.classes_.size(); ++p)
      if ((from >> p) & 1) follow[p] |= to;
  }

  Fragment then(Fragment a, const Fragment& b) {
    link(a.last, b.first);
    Fragment f;
    f.first = a.nullable ? a.first | b.first : a.first;
    f.last = b.nullable ? a.last | b.last : b.last;
    f.nullable = a.nullable && b.nullable;
    return f;
  }

  Fragment instantiate(const Node& n) {
    if (!ok) return {};
    switch (n.kind) {
      case Node::Kind::kClass:
        return position(n.chars);
      case Node::Kind::kConcat: {
        Fragment f;
        for (const Node& c : n.children) f = then(f, instantiate(c));
        return f;
      }
      case Node::Kind::kAlternation: {
        Fragment f;
        f.nullable = false;
        for (const Node& c : n.children) {
          const Fragment g = instantiate(c);
          f.first |= g.first;
          f.last |= g.last;
          f.nullable = f.nullable || g.nullable;
        }
        return f;
      }
      case Node::Kind::kRepeat: {
        Fragment f;
        for (unsigned i = 0; i < n.min && ok; ++i) f = then(f, instantiate(n.children.front()));
        if (n.max == kUnbounded) {
          Fragment loop = instantiate(n.children.front());
          link(loop.last, loop.first);
          loop.nullable = true;
          f = then(f, loop);
        } else {
          for (unsigned i = n.min; i < n.max && ok; ++i) {
            Fragment optional = instantiate(n.children.front());
            optional.nullable = true;
            f = then(f, optional);
          }
        }
        return f;
      }
    }
    return {};
  }
};

std::optional<RegexStartFinder> RegexStartFinder::compile(std::string_view pattern) {
  std::optional<Node> tree = Parser(pattern).parse();
  if (!tree) return std::nullopt;
  RegexStartFinder finder;
  Builder builder{finder, {}};
  const Builder::Fragment whole = builder.instantiate(*tree);
  if (!builder.ok || whole.nullable) return std::nullopt;
  finder.first_ = whole.first;
  finder.last_ = whole.last;
  const std::size_t n = finder.classes_.size();
  finder.predecessors_.assign(n, 0);
  finder.successors_ = builder.follow;
  for (std::size_t p = 0; p < n; ++p)
    for (std::size_t q = 0; q < n; ++q)
      if ((builder.follow[p] >> q) & 1) finder.predecessors_[q] |= Positions{1} << p;
  for (char32_t c = 0; c < 128; ++c)
    for (std::size_t p = 0; p < n; ++p)
      if (contains(finder.classes_[p], c)) finder.ascii_[c] |= Positions{1} << p;
  return finder;
}

bool RegexStartFinder::contains(const CharClass& c, char32_t cp) {
  for (const auto& [lo, hi] : c) {
    if (cp < lo) return false;
    if (cp <= hi) return true;
  }
  return false;
}

RegexStartFinder::Positions RegexStartFinder::taking(Positions candidates, char32_t cp) const {
  if (cp < 128) return candidates & ascii_[cp];
  Positions taken = 0;
  for (; candidates != 0; candidates &= candidates - 1) {
    const auto p = static_cast<std::size_t>(__builtin_ctzll(candidates));
    if (contains(classes_[p], cp)) taken |= Positions{1} << p;
  }
  return taken;
}

bool RegexStartFinder::leftmost_start(std::string_view text, std::size_t end, std::size_t& budget,
                                      std::size_t& start) const {
  start = kNoMatch;
  // Positions the character before `at` may take, walking back from `end`.
  Positions candidates = last_;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t at = end;
  while (at > 0 && candidates != 0) {
    if (budget == 0) return false;
    --budget;
    std::size_t from = at - 1;
    char32_t cp = bytes[from];
    if (cp >= 0x80) {
      while (from > 0 && at - from < 4 && (bytes[from] & 0xC0) == 0x80) --from;
      if (decode_utf8(text, from, cp) != at - from) break;  // not UTF-8: no match runs over it
    }
    const Positions taken = taking(candidates, cp);
    if (taken == 0) break;
    at = from;
    if (taken & first_) start = at;
    candidates = 0;
    for (Positions t = taken; t != 0; t &= t - 1)
      candidates |= predecessors_[static_cast<std::size_t>(__builtin_ctzll(t))];
  }
  return true;
}

void RegexStartFinder::leftmost_starts(std::string_view text,
                                       std::vector<std::size_t>& starts) const {
  starts.assign(text.size() + 1, kNoMatch);
  // The positions the last character may have taken, each with the leftmost
  // start of a partial match that got there.
  Positions active = 0;
  std::size_t start_at[kMaxPositions];
  std::size_t next_start[kMaxPositions];
  for (std::size_t at = 0; at < text.size();) {
    char32_t cp = 0;
    std::size_t len = decode_utf8(text, at, cp);
    if (len == 0) {  // not UTF-8: no match runs over it
      active = 0;
      ++at;
      continue;
    }
    Positions reachable = first_;
    for (Positions a = active; a != 0; a &= a - 1)
      reachable |= successors_[static_cast<std::size_t>(__builtin_ctzll(a))];
    const Positions taken = taking(reachable, cp);
    for (Positions t = taken; t != 0; t &= t - 1) {
      const auto p = static_cast<std::size_t>(__builtin_ctzll(t));
      std::size_t best = (first_ >> p) & 1 ? at : kNoMatch;
      for (Positions a = active & predecessors_[p]; a != 0; a &= a - 1)
        best = std::min(best, start_at[static_cast<std::size_t>(__builtin_ctzll(a))]);
      next_start[p] = best;
    }
    active = taken;
    at += len;
    for (Positions t = taken; t != 0; t &= t - 1) {
      const auto p = static_cast<std::size_t>(__builtin_ctzll(t));
      start_at[p] = next_start[p];
      if ((last_ >> p) & 1) starts[at] = std::min(starts[at], start_at[p]);
    }
  }
}

}  // namespace qf::scan
