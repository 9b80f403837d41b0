// Shared set-up for the scanner tests: the built-in lexicon compiled once,
// and a scanner per test.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "scan/lexicon.h"
#include "scan/lexicon_matcher.h"
#include "scan/listing_scanner.h"

namespace qf::scan::testing {

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
