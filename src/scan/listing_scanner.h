// ListingScanner: normalise, match and score one listing — the engine's
// whole pipeline behind one call, with every buffer reused between calls.
//
// Listings that cannot contain an anchor term (anchor_prefilter.h) get the
// empty verdict without being normalised; the verdict is the same as the full
// pipeline's (listing_scorer.h), which a scanner built with
// ScanOptions::prefilter = false runs for every listing (tests compare the two).
//
// One ListingScanner per thread (it owns that thread's vectorscan scratch
// and buffers); many scanners may share one LexiconMatcher. Each scan() takes
// the matcher's current compiled lexicon, so a lexicon swap is picked up by
// the next listing.
#pragma once

#include <string_view>
#include <vector>

#include "core/result.h"
#include "scan/lexicon_matcher.h"
#include "scan/listing_normalizer.h"
#include "scan/listing_scorer.h"

namespace qf::scan {

struct ScanOptions {
  // Skip listings that cannot contain an anchor term (anchor_prefilter.h).
  bool prefilter = true;
  // Explain every hit also when no anchor term was found (risk stays none).
  // For the lexicon try-out, where an editor checks which terms a text hits;
  // implies no prefilter.
  bool explain_without_anchor = false;
};

class ListingScanner {
 public:
  explicit ListingScanner(const LexiconMatcher& matcher, ScanOptions options = {})
      : matcher_(matcher), options_(options) {}

  // kTooLarge for texts of 4 GiB or more; kInternal if vectorscan fails.
  Result<ScanVerdict> scan(std::string_view text);
  // The same into `out`, whose buffers are reused: a stream of listings
  // that are mostly skipped allocates nothing per listing.
  Status scan(std::string_view text, ScanVerdict& out);

  // The prefilter's answer for the listing document title + "\n" + text
  // (listing_document.h) without building it, for callers that hold the
  // two fields apart (`qingfeng scan` reads them straight from the input
  // line): false only when scan() of that document gives the empty
  // verdict, and then the bytes are well-formed UTF-8. Always true for a
  // scanner without prefilter.
  bool may_contain_anchor(std::string_view title, std::string_view text);
  // The empty verdict (of the current lexicon), into `out`.
  void empty_verdict(ScanVerdict& out) const;
  // scan() without asking the prefilter again, for a document that
  // may_contain_anchor() let through (the verdict is the same either way).
  Status scan_candidate(std::string_view text, ScanVerdict& out);

  // The normalised streams of the last listing that was normalised (for
  // diagnostics; a listing the prefilter skipped leaves them as they were).
  const NormalizedListing& last_normalized() const { return listing_; }

 private:
  Status scan_full(const CompiledLexicon& compiled, std::string_view text, ScanVerdict& out);

  const LexiconMatcher& matcher_;
  ScanOptions options_;
  PrefilterScratch prefilter_scratch_;
  ListingNormalizer normalizer_;
  ListingScorer scorer_;
  NormalizedListing listing_;
  MatchScratch scratch_;
  std::vector<TermHit> hits_;
};

}  // namespace qf::scan
