#include "scan/listing_normalizer.h"

#include <algorithm>

#include "core/utf8.h"
#include "scan/pinyin_syllables.h"
#include "scan/unicode_tables.h"

namespace qf::scan {
namespace {

// Builds the pinyin stream from the normalised characters as they are
// written: Han syllables at once, Latin letters collected into runs and split
// into syllables when the run ends.
class PinyinWriter {
 public:
  PinyinWriter(std::vector<PinyinToken>& out, std::string& run, std::vector<LatinPiece>& pieces)
      : out_(out), run_(run), pieces_(pieces) {
    run_.clear();
  }

  void han(unsigned syllable, ByteSpan normalized) {
    flush_latin();
    out_.push_back({static_cast<std::uint16_t>(syllable), normalized});
    broken_ = false;
  }
  void latin(char letter, std::uint32_t normalized_offset) {
    if (run_.empty()) run_start_ = normalized_offset;
    run_.push_back(letter);
  }
  void other(ByteSpan normalized) {
    flush_latin();
    brk(normalized);
  }
  void finish() { flush_latin(); }

 private:
  void brk(ByteSpan normalized) {
    if (broken_) return;  // one break stands for any number of non-pinyin characters
    out_.push_back({0, normalized});
    broken_ = true;
  }
  void flush_latin() {
    if (run_.empty()) return;
    split_pinyin(run_, pieces_);
    for (const LatinPiece& p : pieces_) {
      ByteSpan span{run_start_ + p.offset, run_start_ + p.offset + p.length};
      if (p.syllable) {
        out_.push_back({p.id, span});
        broken_ = false;
      } else {
        brk(span);
      }
    }
    run_.clear();
  }

  std::vector<PinyinToken>& out_;
  std::string& run_;
  std::uint32_t run_start_ = 0;
  std::vector<LatinPiece>& pieces_;
  bool broken_ = false;
};

// The pinyin side of one normalised character written at [begin, end).
inline void feed_pinyin(PinyinWriter& py, char32_t cp, unsigned syllable, std::uint32_t begin,
                        std::uint32_t end) {
  if (syllable != 0) {
    py.han(syllable, {begin, end});
  } else if (cp >= 'a' && cp <= 'z') {
    py.latin(static_cast<char>(cp), begin);
  } else {
    py.other({begin, end});
  }
}

}  // namespace

void ListingNormalizer::normalize(std::string_view original, NormalizedListing& out) const {
  out.clear();
  TracedText& norm = out.normalized;
  norm.reserve(original.size());  // normalising rarely grows text; no reallocation mid-pass
  PinyinWriter py(out.pinyin, out.latin_run, out.latin_pieces);
  const auto* s = reinterpret_cast<const unsigned char*>(original.data());
  const std::size_t n = original.size();
  std::size_t i = 0;
  while (i < n) {
    // ASCII fast path: most bytes of a listing are ASCII or 3-byte Han; an
    // ASCII letter or digit is kept, lower-cased; the rest is noise.
    if (s[i] < 0x80) {
      const unsigned char c = s[i];
      const auto at = static_cast<std::uint32_t>(i);
      const auto w = static_cast<std::uint32_t>(norm.size());
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        norm.append(static_cast<char>(c), {at, at + 1});
        if (c >= 'a')
          py.latin(static_cast<char>(c), w);
        else
          py.other({w, w + 1});
      } else if (c >= 'A' && c <= 'Z') {
        norm.append(static_cast<char>(c | 0x20), {at, at + 1});
        py.latin(static_cast<char>(c | 0x20), w);
      } else if (c == '@' || c == '$') {  // kept like the generated table keeps them
        norm.append(static_cast<char>(c), {at, at + 1});
        py.other({w, w + 1});
      }
      ++i;
      continue;
    }
    char32_t cp;
    std::size_t len;
    // Three-byte characters (all of Han) decoded inline; anything unusual
    // goes through the one decoder of the system.
    if ((s[i] & 0xF0) == 0xE0 && i + 2 < n && (s[i + 1] & 0xC0) == 0x80 &&
        (s[i + 2] & 0xC0) == 0x80) {
      cp = (static_cast<char32_t>(s[i] & 0x0F) << 12) |
           (static_cast<char32_t>(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
      len = cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF) ? 3 : 0;
    } else {
      len = decode_utf8(original, i, cp);
    }
    const auto at = static_cast<std::uint32_t>(i);
    if (len == 0) {
      // One bad byte at a time; adjacent bad bytes form one reported span.
      if (!out.invalid_utf8.empty() && out.invalid_utf8.back().end == at)
        out.invalid_utf8.back().end = at + 1;
      else
        out.invalid_utf8.push_back({at, at + 1});
      i += 1;
      continue;
    }
    const ByteSpan source{at, static_cast<std::uint32_t>(i + len)};
    CharMapping m = map_char(cp);
    switch (m.action()) {
      case CharAction::kKeep: {
        auto begin = static_cast<std::uint32_t>(norm.size());
        norm.append(original.data() + i, len, source);
        feed_pinyin(py, cp, m.pinyin(), begin, begin + static_cast<std::uint32_t>(len));
        break;
      }
      case CharAction::kDrop:
        break;
      case CharAction::kReplace: {
        std::string_view r = m.replacement();
        auto begin = static_cast<std::uint32_t>(norm.size());
        norm.append(r.data(), r.size(), source);
        if (m.pinyin() != 0) {  // one character with a reading (繁->简, 三 -> 3)
          py.han(m.pinyin(), {begin, begin + static_cast<std::uint32_t>(r.size())});
          break;
        }
        // Each character of the replacement is itself normal: its own
        // mapping is kKeep and carries its pinyin.
        for (std::size_t k = 0; k < r.size();) {
          char32_t rc;
          std::size_t rl = decode_utf8(r, k, rc);
          if (rl == 0) break;  // the generator writes well-formed UTF-8
          auto b = begin + static_cast<std::uint32_t>(k);
          feed_pinyin(py, rc, map_char(rc).pinyin(), b, b + static_cast<std::uint32_t>(rl));
          k += rl;
        }
        break;
      }
    }
    i += len;
  }
  py.finish();
}

std::string NormalizedListing::pinyin_text() const {
  std::string out = " ";
  for (const PinyinToken& t : pinyin) {
    out += t.syllable != 0 ? pinyin_syllable(t.syllable) : std::string_view("-");
    out += ' ';
  }
  return out;
}

std::string ListingNormalizer::normalize_text(std::string_view original) const {
  NormalizedListing out;
  normalize(original, out);
  return std::string(out.normalized.text());
}

}  // namespace qf::scan
