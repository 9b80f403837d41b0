// libFuzzer target for the scanner engine: ListingNormalizer + the built-in
// lexicon's matcher and scorer on arbitrary bytes. Besides crashes and
// sanitizer reports it checks the engine's promises: the normalised text is
// valid UTF-8 and a fixed point of the normaliser, and every hit, contact and
// invalid-byte span lies inside the input, hits on UTF-8 boundaries; and the
// anchor prefilter never rules out a listing in which the full pipeline finds
// an anchor term, so the scanner's verdict is the same with and without it
// (also when asked about a title and a text apart). The input's first line,
// read as a regex, tries RegexStartFinder's parser; when it compiles, its
// backward walk and its forward pass agree on the normalised text.
//
//   CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DQINGFENG_FUZZ=ON
//   cmake --build build-fuzz --target fuzz_scan
//   build-fuzz/fuzz_scan -max_total_time=60 -max_len=4096 CORPUS_DIR
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <vector>

#include "core/utf8.h"
#include "scan/lexicon.h"
#include "scan/lexicon_matcher.h"
#include "scan/listing_normalizer.h"
#include "scan/listing_scanner.h"
#include "scan/regex_start_finder.h"

namespace {

using namespace qf::scan;

// Character boundaries as the normaliser reads the text: after each valid
// UTF-8 character and after each invalid byte (a stray continuation byte is
// a character of its own). boundaries[i] for 0 <= i <= size.
std::vector<bool> char_boundaries(std::string_view s) {
  std::vector<bool> b(s.size() + 1, false);
  std::size_t i = 0;
  while (i < s.size()) {
    b[i] = true;
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80             ? 1
                      : (c & 0xE0) == 0xC0 ? 2
                      : (c & 0xF0) == 0xE0 ? 3
                      : (c & 0xF8) == 0xF0 ? 4
                                           : 1;
    if (len > 1 && (i + len > s.size() || !qf::is_valid_utf8(s.substr(i, len)))) len = 1;
    i += len;
  }
  b[s.size()] = true;
  return b;
}

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::unique_ptr<LexiconMatcher> matcher = [] {
    auto lexicon = Lexicon::builtin();
    check(lexicon.has_value());
    auto compiled = CompiledLexicon::compile(std::move(*lexicon));
    check(compiled.has_value());
    return std::make_unique<LexiconMatcher>(*compiled);
  }();
  static ListingScanner scanner(*matcher,
                                {.prefilter = false});  // the full pipeline for every input
  static ListingScanner shortcut(*matcher);

  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto verdict = scanner.scan(text);
  check(verdict.has_value());
  const NormalizedListing& n = scanner.last_normalized();
  const std::string_view norm = n.normalized.text();
  check(qf::is_valid_utf8(norm));
  check(ListingNormalizer().normalize_text(norm) == norm);
  const std::vector<bool> boundary = char_boundaries(text);
  for (const auto& h : verdict->hits) {
    check(h.original.begin < h.original.end && h.original.end <= size);
    check(boundary[h.original.begin] && boundary[h.original.end]);
  }
  for (ByteSpan c : verdict->contacts) check(c.begin < c.end && c.end <= size);
  for (ByteSpan b : verdict->invalid_utf8) check(b.begin < b.end && b.end <= size);
  check(verdict->invalid_utf8.empty() == qf::is_valid_utf8(text));

  // The empty verdict has no hit; any hit means an anchor was found.
  auto fast = shortcut.scan(text);
  check(fast.has_value());
  check(fast->hits.size() == verdict->hits.size() && fast->risk == verdict->risk &&
        fast->score == verdict->score && fast->reasons == verdict->reasons &&
        fast->invalid_utf8 == verdict->invalid_utf8);
  for (std::size_t i = 0; i < fast->hits.size(); ++i)
    check(fast->hits[i].term == verdict->hits[i].term &&
          fast->hits[i].original == verdict->hits[i].original);

  // Title and text apart (the text is a listing document when it has a line
  // break: the title before the first one): "no" means the empty verdict,
  // and well-formed UTF-8.
  const std::size_t nl = text.find('\n');
  const std::string_view title =
      nl == std::string_view::npos ? std::string_view() : text.substr(0, nl);
  const std::string_view body = nl == std::string_view::npos ? text : text.substr(nl + 1);
  if (!shortcut.may_contain_anchor(title, body))
    check(verdict->hits.empty() && verdict->risk == Risk::kNone && verdict->invalid_utf8.empty());

  if (const auto finder = RegexStartFinder::compile(title)) {
    std::vector<std::size_t> forward;
    finder->leftmost_starts(norm, forward);
    check(forward.size() == norm.size() + 1);
    for (std::size_t end = 0; end <= norm.size(); ++end) {
      if (end < norm.size() && (static_cast<unsigned char>(norm[end]) & 0xC0) == 0x80) continue;
      std::size_t budget = norm.size() + 1, start = 0;
      check(finder->leftmost_start(norm, end, budget, start));
      check(start == forward[end]);
      check(start == RegexStartFinder::kNoMatch || start < end);
    }
  }
  return 0;
}
