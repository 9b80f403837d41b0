// ListingScanner: normalise, match and score one listing — the engine's
// whole pipeline behind one call, with every buffer reused between calls.
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

class ListingScanner {
 public:
  explicit ListingScanner(const LexiconMatcher& matcher) : matcher_(matcher) {}

  // kTooLarge for texts of 4 GiB or more; kInternal if vectorscan fails.
  Result<ScanVerdict> scan(std::string_view text);

  // The normalised streams of the last scanned listing (for diagnostics).
  const NormalizedListing& last_normalized() const { return listing_; }

 private:
  const LexiconMatcher& matcher_;
  ListingNormalizer normalizer_;
  ListingScorer scorer_;
  NormalizedListing listing_;
  MatchScratch scratch_;
  std::vector<TermHit> hits_;
};

}  // namespace qf::scan
