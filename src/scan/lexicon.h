// Lexicon: the reviewed terms the scanner looks for, parsed from the text
// files in data/lexicon/ (compiled into the binary; the CLI's --lexicon DIR
// reads others: this layer does no I/O). Immutable once parsed; identified by a version that
// changes whenever any file's name or content changes.
//
// File format (UTF-8, one term per line):
//
//   # comment: a line starting with '#', or anything after whitespace + '#'
//   @category species        directives set the defaults for the lines that
//   @weight 3                follow, until the next directive of the same
//   @source 《名录》(2021)     name; @category, @weight and @source must be set
//                            before the first term of a file
//   穿山甲                    a term: the first token of a line
//   川山甲  weight=2  species=穿山甲      optional key=value overrides
//   re:1[3-9]\d{9}           a regular expression (vectorscan syntax), written
//                            against NORMALISED text: lower case, half-width,
//                            simplified, ASCII digits, no spaces/punctuation
//
// Categories: species, species_product (a species and a part in one word:
// 象牙, 熊胆), product (a part or product: 鳞片, 熊掌), code (a code word or
// trade name standing for a protected species or product), intent (出售,
// 收购), contact (加v, 微信), price, tool (banned hunting/fishing tools and
// their euphemisms), marketing (banned phrases such as 长江野生鱼), licence
// (evidence of a licence, used by exclusions' needs=), exclusion (a context
// that makes hits benign).
//
// Keys: weight=N (0..10), species=中文名 (the catalog name a species, code or
// species_product term stands for; default the term itself), pinyin=yes|no
// (also match homophones through the pinyin stream; default yes for species,
// species_product, code, tool and marketing terms of three or more Han
// characters; two-character terms opt in with pinyin=yes after review), and for exclusions only:
// scope=span|listing (span: suppresses hits overlapping the exclusion's match, e.g. 象牙白 over
// 象牙; listing: suppresses hits anywhere in the listing, e.g. 仿真), suppresses=a,b (the
// categories suppressed; default every scoring category for span, the
// wildlife categories for listing), needs=CATEGORY (active only when a hit
// of that category is present too, e.g. 人工养殖 needs=licence).
//
// Terms are normalised with ListingNormalizer when parsed, so 象牙 in 繁體 or
// full-width in a file means the same as 象牙.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace qf::scan {

enum class TermCategory : std::uint8_t {
  kSpecies,
  kSpeciesProduct,
  kProduct,
  kCode,
  kIntent,
  kContact,
  kPrice,
  kTool,
  kMarketing,
  kLicence,
  kExclusion,
};
constexpr int kTermCategoryCount = 11;

// The categories that can make a listing suspicious on their own account:
// species, species_product, code, tool, marketing. A listing without a hit of
// one of them gets the empty verdict (listing_scorer.h), and the scanner may
// skip it without normalising (anchor_prefilter.h).
constexpr bool is_anchor_category(TermCategory c) {
  return c == TermCategory::kSpecies || c == TermCategory::kSpeciesProduct ||
         c == TermCategory::kCode || c == TermCategory::kTool || c == TermCategory::kMarketing;
}

// The file spelling of a category ("species_product").
std::string_view category_name(TermCategory c);
std::optional<TermCategory> parse_category(std::string_view name);

enum class ExclusionScope : std::uint8_t { kSpan, kListing };

struct LexiconTerm {
  std::string term;        // as written in the file (for regexes: without "re:")
  std::string normalized;  // literals: what is matched; empty for regexes
  bool is_regex = false;
  TermCategory category = TermCategory::kSpecies;
  double weight = 0;
  std::string species;  // catalog name for species, species_product and code terms
  bool pinyin = false;  // also matched on the pinyin stream
  std::string source;   // the document or review the term comes from
  std::string file;     // e.g. "data/lexicon/species.txt"
  int line = 0;
  std::string where;  // "file:line", what a verdict's hit cites (made once, at parse time)
  // exclusions only
  ExclusionScope scope = ExclusionScope::kSpan;
  std::uint32_t suppresses = 0;  // bit set of TermCategory
  std::optional<TermCategory> needs;

  bool suppresses_category(TermCategory c) const {
    return (suppresses >> static_cast<unsigned>(c)) & 1u;
  }
};

struct LexiconFile {
  std::string name;  // shown in errors, e.g. "data/lexicon/species.txt"
  std::string content;
};

class Lexicon {
 public:
  // Parses the files in the order given. Any bad line fails the whole
  // lexicon with kInvalidInput naming "file:line" and what is wrong.
  static Result<Lexicon> parse(const std::vector<LexiconFile>& files);
  // The lexicon compiled into the binary (data/lexicon/*.txt).
  static Result<Lexicon> builtin();

  // "lex-" + 16 hex digits (FNV-1a over every file name and content).
  const std::string& version() const { return version_; }
  const std::vector<LexiconTerm>& terms() const { return terms_; }

 private:
  Lexicon() = default;
  std::string version_;
  std::vector<LexiconTerm> terms_;
};

// data/lexicon/*.txt as compiled in (generated by src/scan/embed_lexicon.cmake).
const std::vector<LexiconFile>& builtin_lexicon_files();

}  // namespace qf::scan
