#include "scan/listing_scanner.h"

#include <cstdint>
#include <limits>

namespace qf::scan {

Result<ScanVerdict> ListingScanner::scan(std::string_view text) {
  if (text.size() >= std::numeric_limits<std::uint32_t>::max())
    return fail(ErrorCode::kTooLarge, "文本过长（须小于 4 GiB）");
  const std::shared_ptr<const CompiledLexicon> compiled = matcher_.current();
  if (options_.prefilter && !options_.explain_without_anchor &&
      !compiled->prefilter().may_contain_anchor(text, prefilter_scratch_)) {
    ScanVerdict empty;
    empty.lexicon_version = compiled->lexicon().version();
    return empty;
  }
  normalizer_.normalize(text, listing_);
  hits_.clear();
  if (auto ok = compiled->match(text, listing_, scratch_, hits_); !ok)
    return tl::unexpected(ok.error());
  ScanVerdict verdict = scorer_.score(compiled->lexicon(), listing_.normalized.text(), hits_,
                                      options_.explain_without_anchor);
  verdict.invalid_utf8 = listing_.invalid_utf8;
  return verdict;
}

}  // namespace qf::scan
