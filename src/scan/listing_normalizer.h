// ListingNormalizer: turns the text of an online listing into the two
// streams the lexicon is matched against, in one table-driven pass.
//
//  normalized  full-width -> half-width and the other NFKC compatibility
//              forms, traditional -> simplified (OpenCC's character table),
//              case folded, Chinese/circled/odd digits -> ASCII digits, and
//              animal emoji written for a Han character -> that character
//              (🐘牙 -> 象牙, 🐯骨 -> 虎骨, 电🐟机 -> 电鱼机; the list is in
//              tools/generate_unicode_tables.cpp), and noise dropped (spaces,
//              punctuation, symbols, other emoji, zero-width and format
//              characters, variation selectors, invalid bytes).
//              "象 * 牙", "象\u200d牙", "象牙" in full-width and "象牙" in
//              traditional all become "象牙". Each byte traces back to the
//              original bytes it came from.
//  pinyin      one toneless syllable per Han character of the normalised
//              text, and runs of Latin letters split into pinyin syllables,
//              as " xiang ya ": every token (syllable, or "-" for anything
//              that has no pinyin) is followed by one space and the stream
//              starts with one, so a pattern " xiang ya " only matches whole
//              syllables. Each byte traces back to normalised bytes.
//
// Invalid UTF-8 never stops the pass: each maximal run of bad bytes is
// treated as noise (as if replaced by U+FFFD, which is noise) and reported.
// Offsets are 32-bit: listings over 4 GiB are refused by the caller.
//
// Thread safety: a ListingNormalizer has no state; NormalizedListing is a
// per-thread buffer that is reused across listings.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scan/pinyin_syllables.h"
#include "scan/traced_text.h"

namespace qf::scan {

struct NormalizedListing {
  TracedText normalized;               // sources are byte offsets in the original text
  TracedText pinyin;                   // sources are byte offsets in `normalized`
  std::vector<ByteSpan> invalid_utf8;  // in the original text, in order
  // Scratch of the pinyin writer (a run of Latin letters and its syllables),
  // kept here so that a per-thread NormalizedListing stops allocating.
  std::string latin_run;
  std::vector<LatinPiece> latin_pieces;

  // The original bytes the pinyin bytes [begin, end) came from.
  ByteSpan original_of_pinyin(std::size_t begin, std::size_t end) const {
    ByteSpan n = pinyin.source_of(begin, end);
    return normalized.source_of(n.begin, n.end);
  }
  void clear() {
    normalized.clear();
    pinyin.clear();
    invalid_utf8.clear();
  }
};

class ListingNormalizer {
 public:
  // Normalises `original` into `out` (cleared first). original.size() must
  // be below 4 GiB.
  void normalize(std::string_view original, NormalizedListing& out) const;

  // Convenience for lexicon terms and tests: the normalised text only.
  std::string normalize_text(std::string_view original) const;
};

}  // namespace qf::scan
