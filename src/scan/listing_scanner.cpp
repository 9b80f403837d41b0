#include "scan/listing_scanner.h"

#include <cstdint>
#include <limits>

namespace qf::scan {

Result<ScanVerdict> ListingScanner::scan(std::string_view text) {
  ScanVerdict verdict;
  if (auto ok = scan(text, verdict); !ok) return tl::unexpected(ok.error());
  return verdict;
}

Status ListingScanner::scan(std::string_view text, ScanVerdict& out) {
  if (text.size() >= std::numeric_limits<std::uint32_t>::max())
    return fail(ErrorCode::kTooLarge, "文本过长（须小于 4 GiB）");
  const std::shared_ptr<const CompiledLexicon> compiled = matcher_.current();
  if (options_.prefilter && !options_.explain_without_anchor &&
      !compiled->prefilter().may_contain_anchor(text, prefilter_scratch_)) {
    // The empty verdict, in place.
    out.risk = Risk::kNone;
    out.category = VerdictCategory::kNone;
    out.score = 0;
    out.hits.clear();
    out.reasons.clear();
    out.species.clear();
    out.contacts.clear();
    out.invalid_utf8.clear();
    out.lexicon_version = compiled->lexicon().version();
    return {};
  }
  normalizer_.normalize(text, listing_);
  hits_.clear();
  if (auto ok = compiled->match(text, listing_, scratch_, hits_); !ok)
    return tl::unexpected(ok.error());
  out = scorer_.score(compiled->lexicon(), listing_.normalized.text(), hits_,
                      options_.explain_without_anchor);
  out.invalid_utf8 = listing_.invalid_utf8;
  return {};
}

}  // namespace qf::scan
