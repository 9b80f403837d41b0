// ListingScorer: turns a listing's lexicon hits into an explainable verdict.
//
// A listing without any hit of an anchor category (species, species_product,
// code, tool, marketing: lexicon.h) gets the empty verdict: risk none, no
// hits, no reasons. 包邮, a price or a phone number alone are not findings,
// and the scanner skips such listings without normalising them
// (anchor_prefilter.h), so reporting their context words would make the
// answer depend on a shortcut. Suppressed anchor hits count: 象牙白 over 象牙
// is explained.
//
// Exclusions first: an active exclusion (one whose needs= category is also
// present) suppresses the hits it covers — span exclusions the hits that
// overlap it (象牙白 over 象牙, 虎皮鹦鹉 over 虎皮, 老虎钳 over 老虎), listing
// exclusions every hit of their categories (仿真, 树脂). Suppressed hits stay
// in the explanation with the exclusion that suppressed them.
//
// Then one score per verdict category, from what co-occurs:
//   wildlife  = strongest species / species_product / code word
//             + strongest product word next to it (≤ 2 characters apart or
//               overlapping: 穿山甲的鳞片, 川山甲片; not inside it: the 牙 of
//               象牙) — a product word alone proves nothing
//             + strongest trade intent + contact cue + price
//   tool      = strongest banned tool + intent + contact + price
//   marketing = strongest banned marketing phrase + intent + contact + price
// Each addend is the largest weight of its kind (several 出售 count once).
// A pinyin hit counts kPinyinFactor of its weight. A category without its
// own signal scores 0: 包邮 and a phone number alone are not suspicious.
// The verdict takes the highest category; risk is high at kHighScore, medium
// at kMediumScore, low above 0, none at 0.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scan/lexicon.h"
#include "scan/lexicon_matcher.h"

namespace qf::scan {

enum class Risk : std::uint8_t { kNone, kLow, kMedium, kHigh };
enum class VerdictCategory : std::uint8_t { kNone, kWildlife, kTool, kMarketing };
std::string_view risk_name(Risk r);                // none, low, medium, high
std::string_view verdict_name(VerdictCategory c);  // none, wildlife, tool, marketing

constexpr double kPinyinFactor = 0.7;
constexpr double kHighScore = 7;
constexpr double kMediumScore = 4;
constexpr std::uint32_t kProductDistanceBytes = 6;  // two CJK characters in normalised text

struct ExplainedHit {
  std::string term;  // as written in the lexicon (regexes: the normalised text matched)
  TermCategory category = TermCategory::kSpecies;
  double weight = 0;  // effective: pinyin hits are discounted
  MatchVia via = MatchVia::kNormalized;
  ByteSpan original;    // byte range in the original text
  std::string species;  // species, species_product and code hits
  std::string source;   // the lexicon line: "data/lexicon/species.txt:12"
  // Index in ScanVerdict::hits of the exclusion that suppressed this hit.
  std::optional<std::size_t> suppressed_by;
  bool counted = false;  // contributed to the verdict's score
};

struct ScanVerdict {
  Risk risk = Risk::kNone;
  VerdictCategory category = VerdictCategory::kNone;
  double score = 0;
  std::vector<ExplainedHit> hits;    // ordered by original start
  std::vector<std::string> reasons;  // Chinese, one line per addend and exclusion
  std::vector<std::string> species;  // distinct catalog names of counted hits
  std::vector<ByteSpan> contacts;    // counted contact hits
  std::vector<ByteSpan> invalid_utf8;
  std::string lexicon_version;

  // Risk none, no score, reasons, species or contacts. The hits, the
  // invalid bytes and the version stay: a verdict reused listing after
  // listing keeps its hits' buffers for the next one.
  void clear_findings() {
    risk = Risk::kNone;
    category = VerdictCategory::kNone;
    score = 0;
    reasons.clear();
    species.clear();
    contacts.clear();
  }
};

// One per thread: it keeps a buffer between calls.
class ListingScorer {
 public:
  // The verdict into `out` (all of it but invalid_utf8, which the scorer
  // does not see). `hits` come from CompiledLexicon::match with `lexicon`
  // on a listing whose normalised text is `normalized`.
  // explain_without_anchor: list every hit even without an anchor hit (the
  // lexicon try-out); the risk is none all the same.
  // `out` is overwritten in place: a verdict reused for listing after
  // listing keeps its hits' strings and stops allocating for them.
  void score(const Lexicon& lexicon, std::string_view normalized, const std::vector<TermHit>& hits,
             bool explain_without_anchor, ScanVerdict& out);

 private:
  std::vector<ByteSpan> normalized_;  // per hit of the verdict: its span in the normalised text
};

}  // namespace qf::scan
