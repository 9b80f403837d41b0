// Shared set-up for the scanner tests: the built-in lexicon compiled once,
// and a scanner per test.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "scan/lexicon.h"
#include "scan/lexicon_matcher.h"
#include "scan/listing_scanner.h"

namespace qf::scan::testing {

// A file or directory under tests/ (e.g. "data/scan/dev.jsonl"). With
// ccache's CCACHE_BASEDIR, __FILE__ is relative to the build directory
// (where ninja runs the compiler) while ctest runs the binary in
// <build>/tests: a relative __FILE__ is resolved against the build
// directory, found from the binary.
inline std::filesystem::path tests_path(const std::filesystem::path& relative) {
  const std::filesystem::path rel =
      std::filesystem::path(__FILE__).parent_path().parent_path() / relative;
  if (rel.is_absolute() || std::filesystem::exists(rel)) return rel;
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto from_build = exe.parent_path().parent_path() / rel;
    if (std::filesystem::exists(from_build)) return from_build;
  }
  return rel;
}

inline const LexiconMatcher& builtin_matcher() {
  static const LexiconMatcher matcher = [] {
    auto lexicon = Lexicon::builtin();
    if (!lexicon)
      throw std::runtime_error(lexicon.error().fields.empty() ? lexicon.error().message
                                                              : lexicon.error().fields[0].message);
    auto compiled = CompiledLexicon::compile(std::move(*lexicon));
    if (!compiled) throw std::runtime_error(compiled.error().message);
    return LexiconMatcher(*compiled);
  }();
  return matcher;
}

inline ScanVerdict scan_builtin(std::string_view text) {
  ListingScanner scanner(builtin_matcher());
  auto v = scanner.scan(text);
  if (!v) throw std::runtime_error(v.error().message);
  return std::move(*v);
}

// What the matcher finds, before the scorer: every hit of every category,
// also in a listing without an anchor term (whose verdict has none).
struct MatchedTerm {
  std::string term;  // the lexicon's term; for regexes the normalised text matched
  TermCategory category;
  MatchVia via;
};

inline std::vector<MatchedTerm> match_builtin(std::string_view text) {
  const auto compiled = builtin_matcher().current();
  NormalizedListing listing;
  ListingNormalizer().normalize(text, listing);
  MatchScratch scratch;
  std::vector<TermHit> hits;
  if (auto ok = compiled->match(text, listing, scratch, hits); !ok)
    throw std::runtime_error(ok.error().message);
  std::vector<MatchedTerm> out;
  for (const TermHit& h : hits) {
    const LexiconTerm& t = compiled->lexicon().terms()[h.term];
    out.push_back({t.is_regex ? std::string(listing.normalized.text().substr(
                                    h.normalized.begin, h.normalized.end - h.normalized.begin))
                              : t.term,
                   t.category, h.via});
  }
  return out;
}

inline bool has_match(const std::vector<MatchedTerm>& found, std::string_view term) {
  for (const auto& m : found)
    if (m.term == term) return true;
  return false;
}

// The hit for `term` that counted towards the score, or null.
inline const ExplainedHit* counted(const ScanVerdict& v, std::string_view term) {
  for (const auto& h : v.hits)
    if (h.counted && h.term == term) return &h;
  return nullptr;
}

inline const ExplainedHit* any_hit(const ScanVerdict& v, std::string_view term) {
  for (const auto& h : v.hits)
    if (h.term == term) return &h;
  return nullptr;
}

// Everything a failing expectation needs to show.
inline std::string explain(const ScanVerdict& v) {
  std::string s = std::string(risk_name(v.risk)) + " " + std::string(verdict_name(v.category)) +
                  " " + std::to_string(v.score) + "\n";
  for (const auto& h : v.hits)
    s += "  hit " + h.term + " [" + std::string(category_name(h.category)) + "] " +
         std::string(via_name(h.via)) + " " + std::to_string(h.original.begin) + "-" +
         std::to_string(h.original.end) + (h.counted ? " counted" : "") +
         (h.suppressed_by ? " suppressed by " + v.hits[*h.suppressed_by].term : "") + "\n";
  for (const auto& r : v.reasons) s += "  reason " + r + "\n";
  return s;
}

}  // namespace qf::scan::testing
