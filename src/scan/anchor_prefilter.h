// AnchorPrefilter: decides, without building the traced normalised text,
// that a listing cannot contain any anchor term — a term of a category that
// can make a listing suspicious on its own account (species,
// species_product, code, tool, marketing; lexicon.h's is_anchor_category).
// Most listings are ordinary goods; for them the scanner skips
// normalisation, matching and scoring and answers the empty verdict, which
// is what the full pipeline answers too for a listing without an anchor hit
// (listing_scorer.h).
//
// The promise is one-sided: may_contain_anchor() == false only when the full
// pipeline (ListingNormalizer + CompiledLexicon::match) finds no hit of an
// anchor term by any route (exact, normalised, pinyin). "true" means
// "maybe": the full pipeline decides. The fuzz target (fuzz/fuzz_scan.cpp)
// and tests/scan/anchor_prefilter_test.cpp check it.
//
// How. The normaliser maps each code point on its own, without context, so
// one table look-up per code point tells what it adds to the two streams the
// matcher reads: normalised characters, and pinyin tokens (a syllable, a
// Latin letter of a run, or a break). The prefilter runs both streams
// without writing them, keeping only the last two symbols of each, and says
// "maybe" as soon as a stream shows the start of an anchor term: its first
// three symbols side by side (its first two, or its one, when it is that
// short) — characters of a literal in the normalised text, syllables of a
// pinyin pattern in the token stream (Latin runs split with split_pinyin, as
// the normaliser does). Every hit the matcher reports begins that way, so
// nothing it could find is missed. Invalid UTF-8 says "maybe" at once (the
// full pass reports the bytes).
//
// Cost: one look-up and a few bit tests per character (a packed table for
// ASCII and three-byte characters); no allocation once a PrefilterScratch
// has seen its longest run of Latin letters.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scan/pinyin_syllables.h"

namespace qf::scan {

// A thread's buffers for AnchorPrefilter. Not thread-safe; reusable.
struct PrefilterScratch {
  // The current run of Latin letters: its length, and its first 64 letters
  // (a longer run is no pinyin to split_pinyin).
  std::uint32_t run_length = 0;
  char run[64];
  std::vector<LatinPiece> pieces;
};

class AnchorPrefilter {
 public:
  // Collects the anchor terms, then build() makes the tables.
  class Builder {
   public:
    // A literal anchor term as normalised (ListingNormalizer output); an
    // empty one (an anchor regex) lets every listing through.
    void add_literal(std::string_view normalized);
    // A pinyin pattern of an anchor term: its syllable ids (at least two).
    void add_syllables(const std::vector<std::uint16_t>& syllables);
    AnchorPrefilter build() const;

   private:
    std::vector<std::string> literals_;
    std::vector<std::vector<std::uint16_t>> syllables_;
  };

  // A prefilter with no terms: no listing can contain an anchor.
  AnchorPrefilter() = default;

  // False only when the listing certainly contains no anchor term (see the
  // file comment) — and then its bytes are well-formed UTF-8, as every
  // character has been read. `original` is the raw listing text, any bytes.
  bool may_contain_anchor(std::string_view original, PrefilterScratch& scratch) const;
  // The same for the text first + kPartSeparator + second, without building
  // it (a listing document: title, line break, text). The separator is
  // noise to the normaliser, so the two parts are read as one stream.
  static constexpr char kPartSeparator = '\n';
  bool may_contain_anchor(std::string_view first, std::string_view second,
                          PrefilterScratch& scratch) const;

  // Bytes of the tables, for the benchmark's memory report.
  std::size_t table_bytes() const;

 private:
  // The first (up to) three symbols of a set of sequences, to spot where one
  // may start in a stream of symbols. Symbols are dense ids from 1; 0 stands
  // for any symbol that begins no sequence's first three.
  class SequenceStarts {
   public:
    struct Cursor {
      std::uint16_t previous = 0;
      std::uint32_t pending = 0;  // the last two symbols when they begin a longer sequence
    };
    void add(const std::vector<std::uint16_t>& symbols);  // at least one
    void build(std::size_t symbol_count);
    // Feeds the next symbol; true when the stream now ends with the start
    // of a sequence.
    bool feed(Cursor& c, std::uint16_t symbol) const {
      if (symbol == 0) {  // the common case: most characters begin nothing
        c = {};
        return false;
      }
      return feed_symbol(c, symbol);
    }
    // feed() for a symbol that is no one-symbol sequence, told whether it
    // begins one (the character tables know both).
    bool feed_known(Cursor& c, std::uint16_t symbol, bool first) const {
      if (symbol == 0) {
        c = {};
        return false;
      }
      if (idle(c)) {
        c.previous = first ? symbol : 0;
        return false;
      }
      return feed_symbol(c, symbol);
    }
    std::size_t bytes() const;
    // Whether `symbol` is the first of some sequence: after any other
    // symbol fed to an idle cursor, the cursor is idle again.
    bool starts(std::uint16_t symbol) const { return bit(first_, symbol); }
    // Whether `symbol` alone is a sequence.
    bool whole(std::uint16_t symbol) const { return bit(whole_, symbol); }
    static bool idle(const Cursor& c) { return c.previous == 0 && c.pending == 0; }

   private:
    bool feed_symbol(Cursor& c, std::uint16_t symbol) const;
    bool bit(const std::vector<std::uint64_t>& bits, std::size_t k) const {
      return (bits[k >> 6] >> (k & 63)) & 1u;
    }
    std::vector<std::vector<std::uint16_t>> added_;
    std::size_t count_ = 0;
    std::vector<std::uint64_t> first_;     // symbols that begin a sequence
    std::vector<std::uint64_t> whole_;     // one-symbol sequences
    std::vector<std::uint64_t> complete_;  // pair a * count_ + b is a whole two-symbol sequence
    std::vector<std::uint64_t> prefix_;    // pair a * count_ + b begins a longer one
    std::vector<std::uint64_t> triples_;   // sorted (a << 32) | (b << 16) | c
  };

  // What a code point adds to the streams. Most code points are one
  // normalised character and one pinyin event (kOne); a few are a list of
  // steps (compatibility forms written as several characters).
  enum class Kind : std::uint8_t { kDrop, kOne, kSteps };
  enum class Pinyin : std::uint8_t { kNone, kToken, kLetter };
  struct Step {
    bool is_char = false;         // writes a normalised character …
    std::uint16_t character = 0;  // … whose literal symbol is this
    Pinyin pinyin = Pinyin::kNone;
    std::uint16_t value =
        0;  // kToken: syllable symbol (0: a break or no start); kLetter: the letter
  };
  struct Entry {
    Kind kind = Kind::kDrop;
    Step one;                 // kOne
    std::uint32_t steps = 0;  // kSteps: steps_[steps, steps + count)
    std::uint32_t count = 0;
  };
  struct State {
    SequenceStarts::Cursor literal, pinyin;
  };

  bool take(const Step& s, State& state, PrefilterScratch& scratch) const;
  std::uint32_t packed_info(char32_t cp) const;
  // Feeds characters from s[at] with the packed tables until one needs the
  // careful way (at stops there) or the end; true when an anchor may start.
  bool fast_run(const unsigned char* s, std::size_t n, std::size_t& at, State& state) const;
  // Feeds all of `text`; true when an anchor may start (or a byte is not UTF-8).
  bool feed_text(std::string_view text, State& state, PrefilterScratch& scratch) const;
  bool flush_latin(State& state, PrefilterScratch& scratch) const;
  bool may_spell_symbol(std::string_view run) const;

  bool always_ = false;  // an empty anchor term: every listing may match
  bool empty_ = true;    // no anchor term at all
  SequenceStarts literals_;
  SequenceStarts syllables_;
  std::vector<std::uint16_t> syllable_symbol_;  // syllable id -> symbol (for Latin pieces)
  // Letters that begin a symbol's spelling: bit a * 26 + b for two letters,
  // bit 26 * 26 + a for a one-letter syllable. A run without any of them
  // splits into no symbol, so it need not be split.
  std::uint64_t spelling_starts_[11] = {};
  std::vector<std::uint16_t> stage1_;  // cp >> 8 -> block
  std::vector<std::uint16_t> stage2_;  // block * 256 + (cp & 0xFF) -> entry
  std::vector<Entry> entries_;
  std::vector<Step> steps_;
  // The common characters packed for the main loop: ASCII bytes and the
  // code points of three-byte UTF-8 sequences (all of Han) whose entry is
  // one normalised character and one pinyin token — bits 0-13 the pinyin
  // symbol, 14-27 the literal symbol, and the flags below — or kDropped (no
  // effect on the streams) or kCareful (anything else: Latin letters,
  // compatibility forms of several characters, what is not UTF-8).
  static constexpr std::uint32_t kSymbolBits = 14, kSymbolMask = (1u << kSymbolBits) - 1;
  static constexpr std::uint32_t kSyllableFirst = 1u << 28, kLiteralFirst = 1u << 29,
                                 kWhole = 1u << 30;  // either symbol alone is a sequence
  static constexpr std::uint32_t kDropped = 0xFFFFFFFE, kCareful = 0xFFFFFFFF;
  std::uint32_t ascii_info_[128] = {};
  std::vector<std::uint32_t> three_byte_info_;  // 0x10000 entries
};

}  // namespace qf::scan
