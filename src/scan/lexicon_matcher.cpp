#include "scan/lexicon_matcher.h"

#include <hs.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>
#include <unordered_map>

#include "core/utf8.h"
#include "scan/regex_start_finder.h"
#include "scan/unicode_tables.h"

namespace qf::scan {
namespace {

struct DatabaseDeleter {
  void operator()(hs_database_t* db) const { hs_free_database(db); }
};
using DatabasePtr = std::unique_ptr<hs_database_t, DatabaseDeleter>;

std::atomic<std::uint64_t> next_serial{1};

bool is_ascii_letter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

// Splits normalised text into its UTF-8 characters.
std::vector<std::string_view> utf8_chars(std::string_view s) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

char32_t decode_char(std::string_view ch) {
  char32_t cp = 0;
  return decode_utf8(ch, 0, cp) == ch.size() ? cp : 0;
}

Result<DatabasePtr> compile_literals(const std::vector<std::string>& patterns, const char* what) {
  if (patterns.empty()) return DatabasePtr();
  std::vector<const char*> exprs;
  std::vector<std::size_t> lens;
  std::vector<unsigned> ids, flags(patterns.size(), 0);
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    exprs.push_back(patterns[i].data());
    lens.push_back(patterns[i].size());
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_lit_multi(exprs.data(), flags.data(), ids.data(), lens.data(),
                           static_cast<unsigned>(patterns.size()), HS_MODE_BLOCK, nullptr, &db,
                           &error) != HS_SUCCESS) {
    std::string message = error && error->message ? error->message : "unknown error";
    hs_free_compile_error(error);
    return fail(ErrorCode::kInternal, std::string("词库编译失败 (") + what + "): " + message);
  }
  return DatabasePtr(db);
}

// Whether every match of `pattern` has the same length in bytes. Such a
// pattern keeps vectorscan's start of match: it costs nothing to track (the
// start is the end minus the width), and with one such pattern in the
// database vectorscan also compiles it in less than half the time (0.018
// vs 0.045 s for the built-in lexicon's; bench/README.md).
bool fixed_width(const std::string& pattern) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_expression_info(pattern.c_str(), HS_FLAG_UTF8, &info, &error) != HS_SUCCESS) {
    hs_free_compile_error(error);
    return false;  // compile_regexes reports it
  }
  const bool fixed = info->min_width == info->max_width;
  std::free(info);
  return fixed;
}

// The lexicon's regexes in one database; a pattern vectorscan refuses fails
// with its file:line.
Result<DatabasePtr> compile_regexes(const std::vector<const char*>& exprs,
                                    const std::vector<unsigned>& flags,
                                    const std::vector<unsigned>& ids,
                                    const std::vector<LexiconTerm>& terms,
                                    const std::vector<std::uint32_t>& regex_term) {
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()),
                       HS_MODE_BLOCK, nullptr, &db, &error) == HS_SUCCESS)
    return DatabasePtr(db);
  std::string where;
  if (error && error->expression >= 0) {
    const auto& t = terms[regex_term[static_cast<std::size_t>(error->expression)]];
    where = t.file + ":" + std::to_string(t.line) + ": ";
  }
  std::string message = error && error->message ? error->message : "unknown error";
  hs_free_compile_error(error);
  return invalid("lexicon", where + "正则表达式无法编译: " + message);
}

}  // namespace

std::string_view via_name(MatchVia v) {
  switch (v) {
    case MatchVia::kExact:
      return "exact";
    case MatchVia::kNormalized:
      return "normalized";
    case MatchVia::kPinyin:
      return "pinyin";
  }
  return "normalized";
}

struct CompiledLexicon::Databases {
  // Normalised literals: one pattern per distinct normalised text.
  DatabasePtr literal;
  std::vector<std::uint32_t> literal_length;
  std::vector<std::vector<std::uint32_t>> literal_terms;
  // Pinyin: one pattern per distinct syllable-id sequence (at least two),
  // found through its first two syllables: a bit per (first, second) pair
  // rules out almost every position with one load, then the patterns that
  // start with that pair are compared.
  struct PinyinPattern {
    std::vector<std::uint16_t> syllables;
    std::vector<std::uint32_t> terms;
  };
  std::vector<PinyinPattern> pinyin_patterns;
  std::size_t syllable_count = 0;
  std::vector<std::uint64_t> pinyin_pair_bits;  // bit first * syllable_count + second
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> pinyin_by_pair;
  std::uint32_t pair_key(unsigned first, unsigned second) const {
    return static_cast<std::uint32_t>(first * syllable_count + second);
  }
  bool may_start(unsigned first, unsigned second) const {
    const std::uint32_t k = pair_key(first, second);
    return (pinyin_pair_bits[k >> 6] >> (k & 63)) & 1u;
  }
  std::vector<std::vector<std::string_view>> term_chars;  // per term, for pinyin anchors
  // Regexes: pattern id = index here -> term. A pattern with a finder is
  // compiled without vectorscan's start of match: the finder finds it
  // (regex_start_finder.h).
  DatabasePtr regex;
  std::vector<std::uint32_t> regex_term;
  std::vector<std::optional<RegexStartFinder>> regex_finder;
};

CompiledLexicon::CompiledLexicon(Lexicon lexicon, std::unique_ptr<Databases> dbs,
                                 AnchorPrefilter prefilter)
    : lexicon_(std::move(lexicon)),
      dbs_(std::move(dbs)),
      prefilter_(std::move(prefilter)),
      serial_(next_serial.fetch_add(1)) {}

CompiledLexicon::~CompiledLexicon() = default;

Result<std::shared_ptr<const CompiledLexicon>> CompiledLexicon::compile(Lexicon lexicon,
                                                                        RegexStarts starts) {
  auto dbs = std::make_unique<Databases>();
  const auto& terms = lexicon.terms();
  dbs->term_chars.resize(terms.size());

  std::map<std::string, std::uint32_t> literal_ids;
  std::map<std::vector<std::uint16_t>, std::uint32_t> pinyin_ids;
  std::vector<std::string> literal_patterns;
  dbs->syllable_count = pinyin_syllable_count();
  dbs->pinyin_pair_bits.assign((dbs->syllable_count * dbs->syllable_count + 63) / 64, 0);
  std::vector<const char*> regex_exprs;
  std::vector<unsigned> regex_ids;
  AnchorPrefilter::Builder anchors;
  for (std::uint32_t t = 0; t < terms.size(); ++t) {
    const LexiconTerm& term = terms[t];
    const bool anchor = is_anchor_category(term.category);
    // An anchor regex could match anything: the prefilter must let every
    // listing through. The built-in lexicon has none (regexes are contact,
    // price and licence patterns).
    if (anchor && term.is_regex) anchors.add_literal("");
    if (term.is_regex) {
      regex_exprs.push_back(term.term.c_str());
      regex_ids.push_back(static_cast<unsigned>(dbs->regex_term.size()));
      dbs->regex_term.push_back(t);
      dbs->regex_finder.push_back(starts == RegexStarts::kWalkBack && !fixed_width(term.term)
                                      ? RegexStartFinder::compile(term.term)
                                      : std::nullopt);
      continue;
    }
    auto [it, inserted] =
        literal_ids.emplace(term.normalized, static_cast<std::uint32_t>(literal_patterns.size()));
    if (inserted) {
      literal_patterns.push_back(term.normalized);
      dbs->literal_length.push_back(static_cast<std::uint32_t>(term.normalized.size()));
      dbs->literal_terms.emplace_back();
    }
    dbs->literal_terms[it->second].push_back(t);
    if (anchor) anchors.add_literal(term.normalized);

    if (!term.pinyin) continue;
    // Pinyin only for terms made of Han characters that all have a reading.
    auto chars = utf8_chars(term.normalized);
    if (chars.size() < 2 || chars.size() > 255) continue;
    std::vector<std::uint16_t> py;
    bool all_han = true;
    for (auto ch : chars) {
      unsigned id = map_char(decode_char(ch)).pinyin();
      if (id == 0) {
        all_han = false;
        break;
      }
      py.push_back(static_cast<std::uint16_t>(id));
    }
    if (!all_han) continue;
    dbs->term_chars[t] = chars;  // views into lexicon_ terms: stable after the move below
    if (anchor) anchors.add_syllables(py);
    auto [pit, pinserted] =
        pinyin_ids.emplace(py, static_cast<std::uint32_t>(dbs->pinyin_patterns.size()));
    if (pinserted) {
      const std::uint32_t key = dbs->pair_key(py[0], py[1]);
      dbs->pinyin_pair_bits[key >> 6] |= std::uint64_t{1} << (key & 63);
      dbs->pinyin_by_pair[key].push_back(pit->second);
      dbs->pinyin_patterns.push_back({std::move(py), {}});
    }
    dbs->pinyin_patterns[pit->second].terms.push_back(t);
  }

  auto literal = compile_literals(literal_patterns, "literal");
  if (!literal) return tl::unexpected(literal.error());
  dbs->literal = std::move(*literal);
  if (!regex_exprs.empty()) {
    std::vector<unsigned> flags;
    for (const auto& finder : dbs->regex_finder)
      flags.push_back(finder ? HS_FLAG_UTF8 : HS_FLAG_UTF8 | HS_FLAG_SOM_LEFTMOST);
    auto db = compile_regexes(regex_exprs, flags, regex_ids, terms, dbs->regex_term);
    if (!db) return tl::unexpected(db.error());
    dbs->regex = std::move(*db);
  }
  // term_chars hold views into `lexicon`'s strings; moving a std::vector of
  // std::string keeps every string's buffer, so the views stay valid.
  return std::shared_ptr<const CompiledLexicon>(
      new CompiledLexicon(std::move(lexicon), std::move(dbs), anchors.build()));
}

std::size_t CompiledLexicon::database_bytes() const {
  std::size_t total = 0;
  for (hs_database_t* db : {dbs_->literal.get(), dbs_->regex.get()}) {
    std::size_t size = 0;
    if (db && hs_database_size(db, &size) == HS_SUCCESS) total += size;
  }
  return total;
}

namespace {

struct Found {
  unsigned id;
  unsigned long long from, to;
};

int collect(unsigned id, unsigned long long from, unsigned long long to, unsigned, void* ctx) {
  static_cast<std::vector<Found>*>(ctx)->push_back({id, from, to});
  return 0;
}

Status scan(const hs_database_t* db, std::string_view text, hs_scratch_t* scratch,
            std::vector<Found>& found) {
  found.clear();
  if (!db || text.empty()) return {};
  hs_error_t rc =
      hs_scan(db, text.data(), static_cast<unsigned>(text.size()), 0, scratch, collect, &found);
  if (rc != HS_SUCCESS)
    return fail(ErrorCode::kInternal, "词库匹配失败 (vectorscan " + std::to_string(rc) + ")");
  return {};
}

}  // namespace

Status CompiledLexicon::match(std::string_view original, const NormalizedListing& listing,
                              MatchScratch& scratch, std::vector<TermHit>& hits) const {
  if (auto ok = scratch.prepare(*this); !ok) return ok;
  const auto& terms = lexicon_.terms();
  const std::string_view norm = listing.normalized.text();
  const std::size_t first_new = hits.size();
  thread_local std::vector<Found> found;

  // 1. literals on the normalised text
  if (auto ok = scan(dbs_->literal.get(), norm, scratch.get(), found); !ok) return ok;
  for (const Found& f : found) {
    const auto to = static_cast<std::uint32_t>(f.to);
    const std::uint32_t from = to - dbs_->literal_length[f.id];
    const ByteSpan original_span = listing.normalized.source_of(from, to);
    const std::string_view matched =
        original.substr(original_span.begin, original_span.end - original_span.begin);
    for (std::uint32_t t : dbs_->literal_terms[f.id]) {
      const LexiconTerm& term = terms[t];
      // A Latin term (vx, qq, 加v) must not be glued to other Latin letters
      // (of any width) in the original: "devx" or "加VIP" are not contact
      // cues, while "v x" spaced out by the seller still is one.
      const auto first = static_cast<unsigned char>(term.normalized.front());
      const auto last = static_cast<unsigned char>(term.normalized.back());
      if (is_ascii_letter(first) && from > 0 &&
          is_ascii_letter(static_cast<unsigned char>(norm[from - 1])) &&
          listing.normalized.source_of(from - 1, from).end == original_span.begin)
        continue;
      if (is_ascii_letter(last) && to < norm.size() &&
          is_ascii_letter(static_cast<unsigned char>(norm[to])) &&
          listing.normalized.source_of(to, to + 1).begin == original_span.end)
        continue;
      hits.push_back({t,
                      matched == term.term ? MatchVia::kExact : MatchVia::kNormalized,
                      original_span,
                      {from, to},
                      0});
    }
  }

  // 2. pinyin patterns on the syllable stream
  const std::vector<PinyinToken>& py = listing.pinyin;
  thread_local std::vector<ByteSpan> sources;
  for (std::size_t i = 0; i + 1 < py.size(); ++i) {
    const unsigned first = py[i].syllable, second = py[i + 1].syllable;
    if (first == 0 || second == 0 || !dbs_->may_start(first, second)) continue;
    for (std::uint32_t p : dbs_->pinyin_by_pair.find(dbs_->pair_key(first, second))->second) {
      const auto& pattern = dbs_->pinyin_patterns[p];
      const std::size_t n = pattern.syllables.size();
      if (i + n > py.size()) continue;
      bool same = true;
      for (std::size_t k = 2; k < n && same; ++k) same = py[i + k].syllable == pattern.syllables[k];
      if (!same) continue;
      // Where each syllable came from in the normalised text.
      sources.clear();
      for (std::size_t k = 0; k < n; ++k) sources.push_back(py[i + k].normalized);
      const ByteSpan normalized_span{sources.front().begin, sources.back().end};
      const ByteSpan original_span =
          listing.normalized.source_of(normalized_span.begin, normalized_span.end);
      const auto syllables = static_cast<std::uint8_t>(n);
      for (std::uint32_t t : pattern.terms) {
        std::size_t anchors = 0;
        const auto& chars = dbs_->term_chars[t];
        for (std::size_t k = 0; k < n; ++k) {
          std::string_view src(norm.data() + sources[k].begin, sources[k].end - sources[k].begin);
          if (src == chars[k]) ++anchors;
        }
        if (anchors == n) continue;                   // the same text: already a literal hit
        if (syllables < 3 && anchors == 0) continue;  // two pure homophones: too weak
        hits.push_back({t, MatchVia::kPinyin, original_span, normalized_span, syllables});
      }
    }
  }

  // 3. regexes on the normalised text: longest match per start, and a
  // number must not run on into more digits (a phone inside a longer number).
  if (auto ok = scan(dbs_->regex.get(), norm, scratch.get(), found); !ok) return ok;
  {
    // The starts vectorscan did not track: walk back from each end. A
    // pattern like .*元 could walk over the whole text for every match:
    // past a budget linear in the text, one forward pass per pattern
    // answers for all its ends.
    std::size_t budget = 4 * norm.size() + 256;
    thread_local std::unordered_map<unsigned, std::vector<std::size_t>> forward;
    forward.clear();
    std::size_t kept = 0;
    for (const Found& f : found) {
      const auto& finder = dbs_->regex_finder[f.id];
      std::size_t start = f.from;
      if (finder && !finder->leftmost_start(norm, f.to, budget, start)) {
        auto [it, fresh] = forward.try_emplace(f.id);
        if (fresh) finder->leftmost_starts(norm, it->second);
        start = it->second[f.to];
      }
      if (start == RegexStartFinder::kNoMatch) continue;
      found[kept++] = {f.id, start, f.to};
    }
    found.resize(kept);
  }
  std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    return a.id != b.id ? a.id < b.id : a.from != b.from ? a.from < b.from : a.to > b.to;
  });
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (i > 0 && found[i].id == found[i - 1].id && found[i].from == found[i - 1].from) continue;
    const auto from = static_cast<std::uint32_t>(found[i].from),
               to = static_cast<std::uint32_t>(found[i].to);
    if (from >= to) continue;
    if (is_digit(norm[from]) && from > 0 && is_digit(norm[from - 1])) continue;
    if (is_digit(norm[to - 1]) && to < norm.size() && is_digit(norm[to])) continue;
    hits.push_back({dbs_->regex_term[found[i].id],
                    MatchVia::kNormalized,
                    listing.normalized.source_of(from, to),
                    {from, to},
                    0});
  }

  std::sort(hits.begin() + static_cast<std::ptrdiff_t>(first_new), hits.end(),
            [](const TermHit& a, const TermHit& b) {
              if (a.original.begin != b.original.begin) return a.original.begin < b.original.begin;
              if (a.original.end != b.original.end) return a.original.end > b.original.end;
              return a.term < b.term;
            });
  return {};
}

MatchScratch::~MatchScratch() {
  if (scratch_) hs_free_scratch(scratch_);
}

MatchScratch::MatchScratch(MatchScratch&& other) noexcept
    : scratch_(std::exchange(other.scratch_, nullptr)),
      prepared_for_(std::exchange(other.prepared_for_, 0)) {}

MatchScratch& MatchScratch::operator=(MatchScratch&& other) noexcept {
  if (this != &other) {
    if (scratch_) hs_free_scratch(scratch_);
    scratch_ = std::exchange(other.scratch_, nullptr);
    prepared_for_ = std::exchange(other.prepared_for_, 0);
  }
  return *this;
}

Status MatchScratch::prepare(const CompiledLexicon& set) {
  if (prepared_for_ == set.serial()) return {};
  for (hs_database_t* db : {set.dbs_->literal.get(), set.dbs_->regex.get()}) {
    if (!db) continue;
    if (hs_alloc_scratch(db, &scratch_) != HS_SUCCESS)
      return fail(ErrorCode::kInternal, "无法分配 vectorscan 临时空间");
  }
  prepared_for_ = set.serial();
  return {};
}

}  // namespace qf::scan
