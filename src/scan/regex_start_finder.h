// RegexStartFinder: where a match of a regex that ends at a known offset
// begins — the leftmost start, as vectorscan reports it with
// HS_FLAG_SOM_LEFTMOST — found by running the regex backwards from the end.
//
// Why: tracking the start of match inside vectorscan costs the lexicon's
// regex database about 40 % of its speed (bench/README.md). The matcher
// scans without it and asks this for the start of each match: a few
// characters back from its end, for the lexicon's contact and price
// patterns.
//
// The pattern language is the part of vectorscan's (HS_FLAG_UTF8, without
// UCP, CASELESS, DOTALL) that lexicon regexes use: literal characters,
// escaped punctuation, \d \D \w \W \s \S (ASCII classes, as without UCP),
// '.' (any character but a line feed), classes [...] and [^...] with ranges
// and those escapes, groups (...) and (?:...), alternation, and the
// quantifiers ? * + {m} {m,} {m,n}, each perhaps lazy (a trailing '?',
// which changes no match's start). compile() answers nullopt for anything
// else — anchors, \b, look-around, back-references, options, other escapes,
// a '{' or ']' that PCRE would read as a literal — and for a pattern of more
// than kMaxPositions characters once its bounded repeats are written out;
// vectorscan then tracks that pattern's start itself.
//
// Cost: a backward walk visits the characters of the match and stops where
// no longer match could begin — for [0-9]+元, the digits before 元. A
// pattern such as .*元 could walk back over the whole text for every match;
// the caller gives each text a budget of characters and, when it runs out,
// asks leftmost_starts() instead: one forward pass over the whole text that
// answers for every end at once (linear time either way).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace qf::scan {

class RegexStartFinder {
 public:
  static constexpr std::size_t kMaxPositions = 64;

  // The finder for `pattern`, or nullopt when it is outside the supported
  // language (see the file comment). A pattern vectorscan would refuse may
  // still compile here; callers compile it with vectorscan too.
  static std::optional<RegexStartFinder> compile(std::string_view pattern);

  // The leftmost `start` such that text[start, end) matches the whole
  // pattern. `text` is well-formed UTF-8 and `end` a character boundary.
  // Each character stepped over costs one unit of `budget`; when the
  // budget runs out the answer is unknown: returns false (`budget` is then
  // 0). True with start == kNoMatch when no match ends at `end`.
  static constexpr std::size_t kNoMatch = static_cast<std::size_t>(-1);
  bool leftmost_start(std::string_view text, std::size_t end, std::size_t& budget,
                      std::size_t& start) const;
  // For every end offset e of `text` (0 … size), starts[e] = the leftmost
  // start of a match ending at e, or kNoMatch: the same answers as
  // leftmost_start(), in one pass.
  void leftmost_starts(std::string_view text, std::vector<std::size_t>& starts) const;

  // Character positions of the pattern (bounded repeats written out).
  std::size_t positions() const { return classes_.size(); }

 private:
  using Positions = std::uint64_t;  // bit p: position p
  // A set of code points: sorted, disjoint, inclusive ranges.
  using CharClass = std::vector<std::pair<char32_t, char32_t>>;
  struct Builder;

  static bool contains(const CharClass& c, char32_t cp);
  // The positions among `candidates` whose class has `cp`.
  Positions taking(Positions candidates, char32_t cp) const;

  // Glushkov automaton: a match begins in a position of first_, each
  // position p is followed by one of successors_[p] (preceded by one of
  // predecessors_[p]), and a match ends in a position of last_.
  std::vector<CharClass> classes_;
  std::vector<Positions> predecessors_, successors_;
  Positions first_ = 0, last_ = 0;
  Positions ascii_[128] = {};  // the positions whose class has that character
};

}  // namespace qf::scan
