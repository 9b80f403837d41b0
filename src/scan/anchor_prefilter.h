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
// Cost: per character one look-up in a packed table (ASCII and three-byte
// characters) and one automaton step per stream, without a branch on what
// the character is; no allocation once a PrefilterScratch has seen its
// longest run of Latin letters.
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
  //
  // A small automaton: its state is what of the stream's end can still
  // begin a sequence — nothing, a first symbol, or a pair that begins a
  // longer sequence. Each step reads the next state and whether the stream
  // now ends with a sequence's start, without a branch (which characters
  // begin something is as good as random to a branch predictor).
  //
  // The transition table is mostly the start state's row: from any state,
  // a symbol leads where it leads from the start, except after the first
  // symbol(s) of a sequence. Only those exceptions are stored, the rows
  // overlaid in one array (each state's row begins at its own base; a cell
  // says which base it belongs to), so the tables grow with the lexicon's
  // sequences, not with states × symbols.
  class SequenceStarts {
   public:
    // A state, as the base of its row.
    using Cursor = std::uint32_t;
    void add(const std::vector<std::uint16_t>& symbols);  // at least one
    void build(std::size_t symbol_count);
    // Feeds the next symbol; true when the stream now ends with the start
    // of a sequence.
    bool feed(Cursor& c, std::uint32_t symbol) const {
      const Cell cell = cells_[c + symbol];
      const std::uint32_t next = cell.base == c ? cell.next : start_[symbol];
      c = next & ~kFound;
      return next & kFound;
    }
    std::size_t bytes() const {
      return cells_.size() * sizeof(Cell) + start_.size() * sizeof(std::uint32_t);
    }

    // A transition: the next state's base, | kFound when the stream now
    // ends with a start.
    static constexpr std::uint32_t kFound = 1u << 31;
    static constexpr std::uint32_t kNoBase = 0xFFFFFFFF;
    struct Cell {
      std::uint32_t base = kNoBase;  // of the state whose row has this cell
      std::uint32_t next = 0;
    };
    // For a loop that keeps them in registers (feed() spelled out).
    const Cell* cells() const { return cells_.data(); }
    const std::uint32_t* start() const { return start_.data(); }

   private:
    std::vector<std::vector<std::uint16_t>> added_;
    std::vector<Cell> cells_ = std::vector<Cell>(1);
    std::vector<std::uint32_t> start_ = {0};  // the start state's row, by symbol
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
    SequenceStarts::Cursor literal = 0, pinyin = 0;
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
  // The common characters packed for the main loop, indexed by the bits of
  // a three-byte UTF-8 sequence (all of Han; three_byte_index), or
  // kAsciiBase + an ASCII byte: bits 0-13 the pinyin symbol, 14-27 the literal symbol of a
  // character that is one normalised character and one pinyin token, or
  // kDropped (no effect on the streams), or kCareful (anything else: Latin
  // letters, compatibility forms of several characters, what is not UTF-8).
  static constexpr std::uint32_t kSymbolBits = 14, kSymbolMask = (1u << kSymbolBits) - 1;
  static constexpr std::uint32_t kDropped = 1u << 28, kCareful = 0xFFFFFFFF;
  static constexpr std::uint32_t kAsciiBase = 0x10000;
  // The sixteen payload bits of a three-byte sequence read little-endian
  // into `w`, in an order that takes three masks and two shifts (a
  // permutation of the code point's bits; the table is built the same way).
  static std::uint32_t three_byte_index(std::uint32_t w) {
    return (w & 0x0Fu) | ((w >> 4) & 0x3F0u) | ((w >> 6) & 0xFC00u);
  }
  std::vector<std::uint32_t> packed_;  // kAsciiBase + 0x80 entries
};

}  // namespace qf::scan
