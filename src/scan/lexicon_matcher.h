// LexiconMatcher: finds a lexicon's terms in a normalised listing with
// vectorscan, and reports every hit at its byte range in the ORIGINAL text.
//
// A CompiledLexicon is built once per lexicon version and never changes:
//  - a literal database (hs_compile_lit_multi) of the normalised terms,
//    scanned over the normalised text;
//  - the terms' syllable-id sequences (象牙 -> xiang ya), looked for in the
//    listing's pinyin token stream, for homophone and Latin spellings (橡牙,
//    xiang牙, 川山甲): a bitmap of the sequences' first two syllables, then a
//    comparison of the few sequences starting with that pair. A pinyin hit
//    counts when it has at least 3 syllables, or 2 syllables of which at
//    least one is the term's own character (象芽, xiang牙); 2 syllables of
//    pure homophones (湘雅 for 象牙) do not count;
//  - a small regex database (contact, price, licence patterns), scanned over
//    the normalised text, leftmost start, longest match per start (the start
//    found by walking back from the end, regex_start_finder.h, for patterns
//    it understands; by vectorscan for the others);
//  - an AnchorPrefilter of the anchor terms (literal and pinyin), for the
//    scanner to skip listings that cannot contain one.
//
// LexiconMatcher holds the current CompiledLexicon behind an atomic
// shared_ptr: replace() swaps in a new version while scans in flight finish
// on the one they started with.
//
// Scratch contract: vectorscan needs one scratch per thread. Each thread
// keeps one MatchScratch (never shared between threads at the same time);
// match() prepares it for the compiled set it is given, so a scratch survives
// lexicon swaps (it is grown, not freed, when a new version arrives).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "scan/anchor_prefilter.h"
#include "scan/lexicon.h"
#include "scan/listing_normalizer.h"

struct hs_database;
struct hs_scratch;

namespace qf::scan {

enum class MatchVia : std::uint8_t {
  kExact,       // the original bytes are the term as written
  kNormalized,  // the term after normalisation (spacing, width, 繁體, digits…)
  kPinyin,      // through the pinyin stream
};
std::string_view via_name(MatchVia v);

struct TermHit {
  std::uint32_t term = 0;  // index in Lexicon::terms()
  MatchVia via = MatchVia::kNormalized;
  ByteSpan original;           // in the original text; on UTF-8 character boundaries
  ByteSpan normalized;         // in the normalised text
  std::uint8_t syllables = 0;  // pinyin hits: syllables matched
};

class MatchScratch;

// Who finds where a regex match begins: a walk back from its end where
// RegexStartFinder understands the pattern (faster), or always vectorscan
// (HS_FLAG_SOM_LEFTMOST; for tests that compare the two). Same hits.
enum class RegexStarts : std::uint8_t { kWalkBack, kVectorscan };

class CompiledLexicon {
 public:
  // Compiles every term; a term vectorscan refuses fails with its file:line.
  static Result<std::shared_ptr<const CompiledLexicon>> compile(
      Lexicon lexicon, RegexStarts starts = RegexStarts::kWalkBack);
  ~CompiledLexicon();
  CompiledLexicon(const CompiledLexicon&) = delete;
  CompiledLexicon& operator=(const CompiledLexicon&) = delete;

  const Lexicon& lexicon() const { return lexicon_; }
  // Unique per compiled set in this process (scratch bookkeeping).
  std::uint64_t serial() const { return serial_; }
  // Bytes of the compiled vectorscan databases.
  std::size_t database_bytes() const;
  // Rules out, cheaply, listings that cannot contain an anchor term.
  const AnchorPrefilter& prefilter() const { return prefilter_; }

  // Appends the hits of `listing` (normalised from `original`) to `hits`,
  // ordered by original start. `scratch` belongs to the calling thread.
  Status match(std::string_view original, const NormalizedListing& listing, MatchScratch& scratch,
               std::vector<TermHit>& hits) const;

 private:
  friend class MatchScratch;
  struct Databases;
  CompiledLexicon(Lexicon lexicon, std::unique_ptr<Databases> dbs, AnchorPrefilter prefilter);

  Lexicon lexicon_;
  std::unique_ptr<Databases> dbs_;
  AnchorPrefilter prefilter_;
  std::uint64_t serial_;
};

// A thread's vectorscan scratch space. Not thread-safe; movable.
class MatchScratch {
 public:
  MatchScratch() = default;
  ~MatchScratch();
  MatchScratch(MatchScratch&& other) noexcept;
  MatchScratch& operator=(MatchScratch&& other) noexcept;
  MatchScratch(const MatchScratch&) = delete;
  MatchScratch& operator=(const MatchScratch&) = delete;

  // Makes the scratch usable with `set` (cheap when it already is).
  Status prepare(const CompiledLexicon& set);
  hs_scratch* get() const { return scratch_; }

 private:
  hs_scratch* scratch_ = nullptr;
  std::uint64_t prepared_for_ = 0;  // serial of the last set prepared
};

class LexiconMatcher {
 public:
  explicit LexiconMatcher(std::shared_ptr<const CompiledLexicon> compiled)
      : current_(std::move(compiled)) {}

  // The compiled set to use for the next scan (never null).
  std::shared_ptr<const CompiledLexicon> current() const { return current_.load(); }
  // Swaps in a new version; scans holding the old one keep it alive.
  void replace(std::shared_ptr<const CompiledLexicon> compiled) {
    current_.store(std::move(compiled));
  }

 private:
  std::atomic<std::shared_ptr<const CompiledLexicon>> current_;
};

}  // namespace qf::scan
