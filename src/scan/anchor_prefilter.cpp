#include "scan/anchor_prefilter.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "core/utf8.h"
#include "scan/unicode_tables.h"

namespace qf::scan {
namespace {

constexpr char32_t kCodePoints = 0x110000;

bool is_letter(char32_t c) { return c >= 'a' && c <= 'z'; }

std::vector<char32_t> code_points(std::string_view utf8) {
  std::vector<char32_t> out;
  for (std::size_t k = 0; k < utf8.size();) {
    char32_t c = 0;
    const std::size_t n = decode_utf8(utf8, k, c);
    if (n == 0) break;  // normalised text and generated replacements are valid UTF-8
    out.push_back(c);
    k += n;
  }
  return out;
}

}  // namespace

void AnchorPrefilter::SequenceStarts::add(const std::vector<std::uint16_t>& symbols) {
  assert(!symbols.empty());
  // Only the first three count: a longer sequence starts like its first three.
  added_.emplace_back(symbols.begin(), symbols.begin() + std::min<std::size_t>(symbols.size(), 3));
}

void AnchorPrefilter::SequenceStarts::build(std::size_t symbol_count) {
  using Pair = std::pair<std::uint16_t, std::uint16_t>;
  const std::size_t width = symbol_count + 1;
  std::vector<bool> whole(width, false);
  std::set<Pair> complete;
  std::map<Pair, std::vector<std::uint16_t>> thirds;         // a prefix pair -> its third symbols
  std::map<std::uint16_t, std::set<std::uint16_t>> seconds;  // a first symbol -> what may follow
  for (const auto& s : added_) {
    if (s.size() == 1) whole[s[0]] = true;
    if (s.size() == 2) complete.insert({s[0], s[1]});
    if (s.size() >= 2) seconds[s[0]].insert(s[1]);
    if (s.size() >= 3) thirds[{s[0], s[1]}].push_back(s[2]);
  }
  // The states: 0 (nothing can start here), one per first symbol (the
  // stream ends with it), one per pair that begins a longer sequence. Each
  // remembers the last symbol (0 when it begins nothing) and that pair.
  std::map<std::uint16_t, std::uint32_t> first_state;
  std::map<Pair, std::uint32_t> prefix_state;
  std::vector<std::uint16_t> last = {0};
  std::vector<const std::vector<std::uint16_t>*> pending_thirds = {nullptr};
  for (const auto& s : added_)
    if (first_state.try_emplace(s[0], static_cast<std::uint32_t>(last.size())).second) {
      last.push_back(s[0]);
      pending_thirds.push_back(nullptr);
    }
  for (const auto& [pair, third] : thirds) {
    prefix_state[pair] = static_cast<std::uint32_t>(last.size());
    last.push_back(first_state.count(pair.second) ? pair.second : 0);
    pending_thirds.push_back(&third);
  }
  const std::size_t states = last.size();
  auto start_next = [&](std::uint16_t x) -> std::uint32_t {
    auto f = first_state.find(x);
    return f == first_state.end() ? 0 : f->second;
  };
  // A state's row differs from the start state's only where a pair or
  // triple continues: those cells are its exceptions.
  struct Exception {
    std::uint16_t symbol;
    std::uint32_t next_state;
    bool found;
  };
  std::vector<std::vector<Exception>> exceptions(states);
  for (std::size_t state = 1; state < states; ++state) {
    std::set<std::uint16_t> columns;
    if (auto it = seconds.find(last[state]); last[state] != 0 && it != seconds.end())
      columns.insert(it->second.begin(), it->second.end());
    if (pending_thirds[state])
      columns.insert(pending_thirds[state]->begin(), pending_thirds[state]->end());
    for (std::uint16_t x : columns) {
      const Pair pair{last[state], x};
      const bool found = whole[x] || complete.count(pair) ||
                         (pending_thirds[state] &&
                          std::find(pending_thirds[state]->begin(), pending_thirds[state]->end(),
                                    x) != pending_thirds[state]->end());
      auto p = prefix_state.find(pair);
      const std::uint32_t next = p != prefix_state.end() ? p->second : start_next(x);
      if (found != whole[x] || next != start_next(x)) exceptions[state].push_back({x, next, found});
    }
  }
  // Overlay the rows: each state (the fullest rows first) gets a base, not
  // yet any state's, where all its exception cells are free. Candidates put
  // the row's first exception on a free cell, found through a "next free
  // cell" forest; after kTries misfits the row goes past the end (bounded
  // build time, and the array stays about as large as the exceptions).
  std::vector<std::uint32_t> base(states, 0);
  std::vector<std::size_t> order(states - 1);
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k + 1;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return exceptions[a].size() > exceptions[b].size();
  });
  std::vector<std::size_t> next_free;  // next_free[i]: a free cell at or after i (compressed)
  std::vector<bool> taken = {true};    // bases in use; 0 is the start state's
  std::size_t end = 0;                 // cells [end, ∞) are all free
  auto free_from = [&](std::size_t i) {
    if (i >= end) return i;
    std::size_t r = i;
    while (r < end && next_free[r] != r) r = next_free[r];
    while (i < end && next_free[i] != i) i = std::exchange(next_free[i], r);
    return r;
  };
  auto fits = [&](std::size_t state, std::size_t b) {
    if (b < taken.size() && taken[b]) return false;
    for (const Exception& e : exceptions[state])
      if (free_from(b + e.symbol) != b + e.symbol) return false;
    return true;
  };
  constexpr int kTries = 8192;
  for (std::size_t state : order) {
    std::size_t b = end + 1;  // past the end: always fits, and not a base yet
    if (!exceptions[state].empty()) {
      const std::size_t lowest = exceptions[state][0].symbol;
      std::size_t cell = free_from(lowest + 1);
      for (int tries = 0; tries < kTries && cell < end; ++tries, cell = free_from(cell + 1))
        if (fits(state, cell - lowest)) {
          b = cell - lowest;
          break;
        }
      if (b == end + 1) {
        b = std::max(end, lowest + 1) - lowest;
        while (!fits(state, b)) ++b;
      }
    } else {
      while (b < taken.size() && taken[b]) ++b;
    }
    base[state] = static_cast<std::uint32_t>(b);
    if (taken.size() <= b) taken.resize(b + 1, false);
    taken[b] = true;
    for (const Exception& e : exceptions[state]) {
      const std::size_t cell = b + e.symbol;
      while (end <= cell) {
        next_free.push_back(end);
        ++end;
      }
      next_free[cell] = cell + 1;  // taken: the next free one is further on
    }
  }
  const std::size_t top = *std::max_element(base.begin(), base.end());
  assert(top + width < kFound);
  cells_.assign(top + width, Cell{});
  for (std::size_t state = 1; state < states; ++state)
    for (const Exception& e : exceptions[state])
      cells_[base[state] + e.symbol] = {base[state], base[e.next_state] | (e.found ? kFound : 0)};
  start_.assign(width, 0);
  for (std::size_t x = 1; x < width; ++x)
    start_[x] = base[start_next(static_cast<std::uint16_t>(x))] | (whole[x] ? kFound : 0);
  added_.clear();
  added_.shrink_to_fit();
}

void AnchorPrefilter::Builder::add_literal(std::string_view normalized) {
  literals_.emplace_back(normalized);
}

void AnchorPrefilter::Builder::add_syllables(const std::vector<std::uint16_t>& syllables) {
  syllables_.push_back(syllables);
}

AnchorPrefilter AnchorPrefilter::Builder::build() const {
  AnchorPrefilter f;
  f.empty_ = literals_.empty() && syllables_.empty();

  // Symbols: the characters among the first three of some anchor literal,
  // the syllables among the first three of some pinyin pattern.
  std::map<char32_t, std::uint16_t> char_symbol;
  for (const std::string& term : literals_) {
    const std::vector<char32_t> cps = code_points(term);
    if (cps.empty()) {
      f.always_ = true;
      continue;
    }
    std::vector<std::uint16_t> symbols;
    for (std::size_t k = 0; k < cps.size() && k < 3; ++k)
      symbols.push_back(char_symbol.try_emplace(cps[k], char_symbol.size() + 1).first->second);
    f.literals_.add(symbols);
  }
  f.literals_.build(char_symbol.size());
  f.syllable_symbol_.assign(pinyin_syllable_count(), 0);
  std::uint16_t next_syllable = 1;
  for (const auto& pattern : syllables_) {
    std::vector<std::uint16_t> symbols;
    for (std::size_t k = 0; k < pattern.size() && k < 3; ++k) {
      std::uint16_t& symbol = f.syllable_symbol_[pattern[k]];
      if (symbol == 0) symbol = next_syllable++;
      symbols.push_back(symbol);
    }
    f.syllables_.add(symbols);
  }
  f.syllables_.build(next_syllable - 1u);
  for (std::size_t id = 1; id < f.syllable_symbol_.size(); ++id) {
    if (f.syllable_symbol_[id] == 0) continue;
    const std::string_view spelling = pinyin_syllable(static_cast<unsigned>(id));
    const std::size_t bit = spelling.size() == 1
                                ? 26 * 26 + static_cast<std::size_t>(spelling[0] - 'a')
                                : static_cast<std::size_t>(spelling[0] - 'a') * 26 +
                                      static_cast<std::size_t>(spelling[1] - 'a');
    f.spelling_starts_[bit >> 6] |= std::uint64_t{1} << (bit & 63);
  }

  auto char_step = [&](char32_t c) {
    Step s;
    s.is_char = true;
    if (auto it = char_symbol.find(c); it != char_symbol.end()) s.character = it->second;
    return s;
  };
  auto token = [&](Step& s, unsigned syllable) {
    s.pinyin = Pinyin::kToken;
    s.value = syllable != 0 ? f.syllable_symbol_[syllable] : 0;
  };
  auto letter = [](Step& s, char32_t c) {
    s.pinyin = Pinyin::kLetter;
    s.value = static_cast<std::uint16_t>(c);
  };
  // What the normaliser does with `cp`, step by step (ListingNormalizer::normalize),
  // into `steps` (reused: this runs for every code point with a reading).
  auto steps_of = [&](char32_t cp, std::vector<Step>& steps) {
    steps.clear();
    if (cp < 0x80) {  // the normaliser's ASCII fast path
      const char32_t lower = cp >= 'A' && cp <= 'Z' ? cp | 0x20 : cp;
      if (is_letter(lower)) {
        steps.push_back(char_step(lower));
        letter(steps.back(), lower);
      } else if ((cp >= '0' && cp <= '9') || cp == '@' || cp == '$') {
        steps.push_back(char_step(cp));
        token(steps.back(), 0);
      }
      return;
    }
    const CharMapping m = map_char(cp);
    if (m.action() == CharAction::kDrop) return;
    if (m.action() == CharAction::kKeep) {
      steps.push_back(char_step(cp));
      token(steps.back(), m.pinyin());
      return;
    }
    for (char32_t rc : code_points(m.replacement())) {
      steps.push_back(char_step(rc));
      if (m.pinyin() != 0) continue;  // the reading of the whole comes after
      // Each character of the replacement feeds its own pinyin.
      if (const unsigned syllable = map_char(rc).pinyin(); syllable != 0)
        token(steps.back(), syllable);
      else if (is_letter(rc))
        letter(steps.back(), rc);
      else
        token(steps.back(), 0);
    }
    if (m.pinyin() != 0) {  // one character with a reading (繁 -> 简, 三 -> 3)
      if (steps.size() != 1) steps.emplace_back();
      token(steps.back(), m.pinyin());
    }
  };

  // Every code point's entry, deduplicated (by its steps' fields packed into
  // a string); blocks of 256 deduplicated too.
  std::string key;
  auto key_of = [&key](const std::vector<Step>& steps) -> const std::string& {
    key.clear();
    for (const Step& s : steps)
      for (const unsigned v : {unsigned{s.is_char}, unsigned{s.character},
                               static_cast<unsigned>(s.pinyin), unsigned{s.value}}) {
        key += static_cast<char>(v & 0xFF);
        key += static_cast<char>(v >> 8);
      }
    return key;
  };
  std::unordered_map<std::string, std::uint16_t> entry_ids;
  std::vector<Step> steps;
  std::unordered_map<std::u16string, std::uint16_t> blocks;  // hashed: most blocks are alike
  f.entries_.emplace_back();                                 // 0: dropped
  f.stage1_.assign(kCodePoints >> 8, 0);
  std::u16string block(256, u'\0');
  // Most code points (unassigned ones, most of Unicode) are kept as they
  // are, without a reading and without a symbol: one shared entry, found
  // without building their steps (this loop runs once per lexicon version).
  std::uint16_t plain_entry = 0;
  std::vector<bool> has_symbol(kCodePoints, false);
  std::vector<bool> block_has_symbol(kCodePoints >> 8, false);
  for (const auto& [c, symbol] : char_symbol) has_symbol[c] = block_has_symbol[c >> 8] = true;
  // Blocks of the normaliser's table that share its mappings (most of the
  // unassigned planes) and hold no symbol get the same block here: built once.
  std::unordered_map<std::uint16_t, std::uint16_t> block_of_mappings;
  for (char32_t base = 0; base < kCodePoints; base += 256) {
    const bool reusable = base != 0 && !block_has_symbol[base >> 8];
    if (reusable) {
      if (auto it = block_of_mappings.find(mapping_block(base)); it != block_of_mappings.end()) {
        f.stage1_[base >> 8] = it->second;
        continue;
      }
    }
    for (char32_t low = 0; low < 256; ++low) {
      const char32_t cp = base + low;
      if (plain_entry != 0 && cp >= 0x80) {
        const CharMapping m = map_char(cp);
        if (m.action() == CharAction::kKeep && m.pinyin() == 0 && !has_symbol[cp]) {
          block[low] = static_cast<char16_t>(plain_entry);
          continue;
        }
      }
      steps_of(cp, steps);
      if (steps.empty()) {
        block[low] = 0;
        continue;
      }
      auto [it, inserted] = entry_ids.try_emplace(key_of(steps), 0);
      if (inserted) {
        assert(f.entries_.size() < 0xFFFF);
        it->second = static_cast<std::uint16_t>(f.entries_.size());
        Entry e;
        if (steps.size() == 1) {
          e.kind = Kind::kOne;
          e.one = steps[0];
        } else {
          e.kind = Kind::kSteps;
          e.steps = static_cast<std::uint32_t>(f.steps_.size());
          e.count = static_cast<std::uint32_t>(steps.size());
          f.steps_.insert(f.steps_.end(), steps.begin(), steps.end());
        }
        f.entries_.push_back(e);
      }
      block[low] = static_cast<char16_t>(it->second);
      if (plain_entry == 0 && cp >= 0x80 && steps.size() == 1 && steps[0].is_char &&
          steps[0].character == 0 && steps[0].pinyin == Pinyin::kToken && steps[0].value == 0 &&
          map_char(cp).action() == CharAction::kKeep && map_char(cp).pinyin() == 0)
        plain_entry = it->second;
    }
    auto [it, inserted] =
        blocks.try_emplace(block, static_cast<std::uint16_t>(f.stage2_.size() / 256));
    if (inserted) f.stage2_.insert(f.stage2_.end(), block.begin(), block.end());
    f.stage1_[base >> 8] = it->second;
    if (reusable) block_of_mappings.emplace(mapping_block(base), it->second);
  }
  // Three-byte sequences that are not characters (overlong, surrogates) take
  // the careful way, which reports them.
  f.packed_.assign(kAsciiBase + 0x80, kCareful);
  for (char32_t cp = 0x800; cp < 0x10000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    const std::uint32_t w = (0xE0u | (cp >> 12)) | ((0x80u | ((cp >> 6) & 0x3Fu)) << 8) |
                            ((0x80u | (cp & 0x3Fu)) << 16);
    f.packed_[three_byte_index(w)] = f.packed_info(cp);
  }
  for (char32_t cp = 0; cp < 0x80; ++cp) f.packed_[kAsciiBase + cp] = f.packed_info(cp);
  // The two-part may_contain_anchor() relies on the line break between a
  // listing's title and text being noise.
  assert(f.packed_[kAsciiBase + static_cast<unsigned char>(kPartSeparator)] == kDropped);
  return f;
}

std::uint32_t AnchorPrefilter::packed_info(char32_t cp) const {
  const Entry& e = entries_[stage2_[std::size_t{stage1_[cp >> 8]} * 256 + (cp & 0xFF)]];
  if (e.kind == Kind::kDrop) return kDropped;
  if (e.kind != Kind::kOne || !e.one.is_char || e.one.pinyin != Pinyin::kToken) return kCareful;
  const std::uint16_t literal = e.one.character, syllable = e.one.value;
  if (literal > kSymbolMask || syllable > kSymbolMask) return kCareful;
  return (std::uint32_t{literal} << kSymbolBits) | syllable;
}

std::size_t AnchorPrefilter::table_bytes() const {
  return literals_.bytes() + syllables_.bytes() +
         (syllable_symbol_.size() + stage1_.size() + stage2_.size()) * sizeof(std::uint16_t) +
         packed_.size() * sizeof(std::uint32_t) + entries_.size() * sizeof(Entry) +
         steps_.size() * sizeof(Step);
}

bool AnchorPrefilter::may_spell_symbol(std::string_view run) const {
  auto has = [&](std::size_t bit) { return (spelling_starts_[bit >> 6] >> (bit & 63)) & 1u; };
  const std::size_t n = run.size();
  for (std::size_t k = 0; k < n; ++k) {
    const auto a = static_cast<std::size_t>(run[k] - 'a');
    if (has(26 * 26 + a)) return true;
    if (k + 1 < n && has(a * 26 + static_cast<std::size_t>(run[k + 1] - 'a'))) return true;
  }
  return false;
}

bool AnchorPrefilter::flush_latin(State& state, PrefilterScratch& scratch) const {
  const std::uint32_t n = scratch.run_length;
  scratch.run_length = 0;
  // A run over 64 letters is one non-syllable piece (split_pinyin); a run
  // spelling no symbol feeds only breaks: either way, a break.
  const std::string_view run(scratch.run, n > sizeof scratch.run ? 0 : n);
  if (run.empty() || !may_spell_symbol(run)) {
    state.pinyin = {};
    return false;
  }
  split_pinyin(run, scratch.pieces);
  for (const LatinPiece& p : scratch.pieces)
    if (syllables_.feed(state.pinyin, p.syllable ? syllable_symbol_[p.id] : 0)) return true;
  return false;
}

inline bool AnchorPrefilter::take(const Step& s, State& state, PrefilterScratch& scratch) const {
  if (s.is_char && literals_.feed(state.literal, s.character)) return true;
  if (s.pinyin == Pinyin::kLetter) {
    if (scratch.run_length < sizeof scratch.run)
      scratch.run[scratch.run_length] = static_cast<char>(s.value);
    ++scratch.run_length;
  } else if (s.pinyin == Pinyin::kToken) {
    if (scratch.run_length != 0 && flush_latin(state, scratch)) return true;
    if (syllables_.feed(state.pinyin, s.value)) return true;
  }
  return false;
}

// The cursors live in locals here (no address escapes), so they stay in
// registers; they go back to `state` when a character needs the careful way.
inline bool AnchorPrefilter::fast_run(const unsigned char* s, std::size_t n, std::size_t& at,
                                      State& state) const {
  const std::uint32_t* const packed = packed_.data();
  const SequenceStarts::Cell* const literal_cells = literals_.cells();
  const SequenceStarts::Cell* const pinyin_cells = syllables_.cells();
  const std::uint32_t* const literal_start = literals_.start();
  const std::uint32_t* const pinyin_start = syllables_.start();
  constexpr std::uint32_t kFound = SequenceStarts::kFound;
  SequenceStarts::Cursor literal = state.literal, pinyin = state.pinyin;
  std::size_t i = at;
  bool found = false;
  // Four bytes at a time (little-endian: the character's first byte is the
  // low byte); the last three bytes of the text take the careful way.
  while (i + 4 <= n) {
    std::uint32_t w;
    std::memcpy(&w, s + i, 4);
    const bool ascii = (w & 0x80u) == 0;
    if (!ascii && (w & 0xC0C0F0u) != 0x8080E0u) break;  // 1110xxxx 10xxxxxx 10xxxxxx
    const std::uint32_t index = ascii ? kAsciiBase + (w & 0x7Fu) : three_byte_index(w);
    const std::uint32_t info = packed[index];
    if (info == kCareful) break;
    i += ascii ? 1 : 3;
    if (info == kDropped) continue;
    const std::uint32_t literal_symbol = (info >> kSymbolBits) & kSymbolMask;
    const std::uint32_t pinyin_symbol = info & kSymbolMask;
    const SequenceStarts::Cell lc = literal_cells[literal + literal_symbol];
    const SequenceStarts::Cell pc = pinyin_cells[pinyin + pinyin_symbol];
    const std::uint32_t next_literal = lc.base == literal ? lc.next : literal_start[literal_symbol];
    const std::uint32_t next_pinyin = pc.base == pinyin ? pc.next : pinyin_start[pinyin_symbol];
    literal = next_literal & ~kFound;
    pinyin = next_pinyin & ~kFound;
    if ((next_literal | next_pinyin) & kFound) {
      found = true;
      break;
    }
  }
  state.literal = literal;
  state.pinyin = pinyin;
  at = i;
  return found;
}

bool AnchorPrefilter::may_contain_anchor(std::string_view original,
                                         PrefilterScratch& scratch) const {
  return may_contain_anchor(original, {}, scratch);
}

bool AnchorPrefilter::may_contain_anchor(std::string_view first, std::string_view second,
                                         PrefilterScratch& scratch) const {
  if (empty_) return !is_valid_utf8(first) || !is_valid_utf8(second);
  if (always_) return true;
  State state;
  scratch.run_length = 0;
  if (feed_text(first, state, scratch) || feed_text(second, state, scratch)) return true;
  return scratch.run_length != 0 && flush_latin(state, scratch);
}

bool AnchorPrefilter::feed_text(std::string_view text, State& state,
                                PrefilterScratch& scratch) const {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    // Most characters: one packed look-up feeds both streams. Not while a
    // run of Latin letters is open (the careful way collects and splits it).
    if (scratch.run_length == 0) {
      if (fast_run(s, n, i, state)) return true;
      if (i >= n) break;
    }
    // One character the careful way.
    char32_t cp;
    std::size_t len;
    if (s[i] < 0x80) {
      cp = s[i];
      len = 1;
    } else {
      len = decode_utf8(text, i, cp);
      if (len == 0) return true;  // invalid UTF-8: the full pass reports it
    }
    i += len;
    const Entry& e = entries_[stage2_[std::size_t{stage1_[cp >> 8]} * 256 + (cp & 0xFF)]];
    if (e.kind == Kind::kOne) {
      if (take(e.one, state, scratch)) return true;
    } else if (e.kind == Kind::kSteps) {
      for (std::uint32_t k = 0; k < e.count; ++k)
        if (take(steps_[e.steps + k], state, scratch)) return true;
    }
  }
  return false;
}

}  // namespace qf::scan
