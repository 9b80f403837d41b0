#include "scan/listing_scanner.h"

#include <cstdint>
#include <limits>

namespace qf::scan {

Result<ScanVerdict> ListingScanner::scan(std::string_view text) {
  ScanVerdict verdict;
  if (auto ok = scan(text, verdict); !ok) return tl::unexpected(ok.error());
  return verdict;
}

namespace {

void assign_empty(ScanVerdict& out, const CompiledLexicon& compiled) {
  out.clear_findings();
  out.hits.clear();
  out.invalid_utf8.clear();
  out.lexicon_version = compiled.lexicon().version();
}

}  // namespace

void ListingScanner::empty_verdict(ScanVerdict& out) const {
  assign_empty(out, *matcher_.current());
}

bool ListingScanner::may_contain_anchor(std::string_view title, std::string_view text) {
  if (!options_.prefilter || options_.explain_without_anchor) return true;
  return matcher_.current()->prefilter().may_contain_anchor(title, text, prefilter_scratch_);
}

Status ListingScanner::scan(std::string_view text, ScanVerdict& out) {
  const std::shared_ptr<const CompiledLexicon> compiled = matcher_.current();
  if (options_.prefilter && !options_.explain_without_anchor &&
      !compiled->prefilter().may_contain_anchor(text, prefilter_scratch_)) {
    assign_empty(out, *compiled);
    return {};
  }
  return scan_full(*compiled, text, out);
}

Status ListingScanner::scan_candidate(std::string_view text, ScanVerdict& out) {
  return scan_full(*matcher_.current(), text, out);
}

Status ListingScanner::scan_full(const CompiledLexicon& compiled, std::string_view text,
                                 ScanVerdict& out) {
  if (text.size() >= std::numeric_limits<std::uint32_t>::max())
    return fail(ErrorCode::kTooLarge, "文本过长（须小于 4 GiB）");
  normalizer_.normalize(text, listing_);
  hits_.clear();
  if (auto ok = compiled.match(text, listing_, scratch_, hits_); !ok)
    return tl::unexpected(ok.error());
  scorer_.score(compiled.lexicon(), listing_.normalized.text(), hits_,
                options_.explain_without_anchor, out);
  out.invalid_utf8 = listing_.invalid_utf8;
  return {};
}

}  // namespace qf::scan
