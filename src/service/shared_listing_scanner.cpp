#include "service/shared_listing_scanner.h"

#include <memory>

#include "scan/lexicon.h"
#include "scan/lexicon_matcher.h"

namespace qf::service {
namespace {

struct SharedMatcher {
  std::unique_ptr<scan::LexiconMatcher> matcher;
  Error error;
};

const SharedMatcher& shared_matcher() {
  static const SharedMatcher shared = [] {
    SharedMatcher m;
    auto lexicon = scan::Lexicon::builtin();
    if (!lexicon) {
      m.error = lexicon.error();
      return m;
    }
    auto compiled = scan::CompiledLexicon::compile(std::move(*lexicon));
    if (!compiled) {
      m.error = compiled.error();
      return m;
    }
    m.matcher = std::make_unique<scan::LexiconMatcher>(std::move(*compiled));
    return m;
  }();
  return shared;
}

}  // namespace

Result<scan::ListingScanner*> thread_listing_scanner() {
  const auto& shared = shared_matcher();
  if (!shared.matcher)
    return fail(ErrorCode::kInternal, "网上巡查词库无法加载: " + shared.error.message);
  thread_local std::unique_ptr<scan::ListingScanner> scanner;
  if (!scanner) scanner = std::make_unique<scan::ListingScanner>(*shared.matcher);
  return scanner.get();
}

}  // namespace qf::service
