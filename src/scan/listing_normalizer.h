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
//  pinyin      one token per Han character of the normalised text (its
//              toneless syllable id) and per pinyin syllable of a run of Latin
//              letters, and one break token for any run of characters that
//              have no pinyin. Matching works on syllable ids, so no pinyin
//              text is written per listing; pinyin_text() renders the stream
//              as " xiang ya - " for tests and diagnostics. Each token traces
//              back to normalised bytes.
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

// One token of the pinyin stream.
struct PinyinToken {
  std::uint16_t syllable = 0;  // id for pinyin_syllable(); 0 = a break (no reading)
  ByteSpan normalized;         // the normalised bytes it stands for
};

struct NormalizedListing {
  TracedText normalized;               // sources are byte offsets in the original text
  std::vector<PinyinToken> pinyin;     // never two breaks in a row
  std::vector<ByteSpan> invalid_utf8;  // in the original text, in order
  // Scratch of the pinyin writer (a run of Latin letters and its syllables),
  // kept here so that a per-thread NormalizedListing stops allocating.
  std::string latin_run;
  std::vector<LatinPiece> latin_pieces;

  // The original bytes the pinyin tokens [first, last) came from
  // (first < last <= pinyin.size(); the tokens are syllables).
  ByteSpan original_of_pinyin(std::size_t first, std::size_t last) const {
    return normalized.source_of(pinyin[first].normalized.begin, pinyin[last - 1].normalized.end);
  }
  // The stream as text: " xiang ya - pian " (a space before and after every
  // token, "-" for a break).
  std::string pinyin_text() const;
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
