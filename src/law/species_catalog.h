// SpeciesCatalog: the protected-species lists (国家重点 2021, 三有 2023,
// CITES, provincial lists an administrator loads), their aliases and trade
// names, and the base values (基准价值) of the valuation methods — searched
// and resolved in memory. No I/O: the lists arrive as CSV text (compiled-in
// files under data/species, or rows the store loaded) and the catalog is an
// immutable value built from them, cheap to share between threads.
//
// Taxon rows ("类": 闭壳龟属所有种, 红珊瑚科所有种 …) are records of rank
// genus/family/order; a species in such a taxon is protected at its level
// even when no row names it (protection_for_taxon).
//
// Base values fall back species → genus → family → order, and the answer
// says which one it used ("同属参照：穿山甲属 Manis"); without any, the value
// is unknown and the assessment asks for an appraisal. The catalog never
// makes a base value up.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "law/law_types.h"

namespace qf::law {

enum class TaxonRank { kSpecies, kGenus, kFamily, kOrder };
std::optional<TaxonRank> parse_taxon_rank(std::string_view code);  // species|genus|family|order
std::string_view taxon_rank_code(TaxonRank r);

struct Taxonomy {
  std::string class_name, class_latin;  // 纲
  std::string order_name, order_latin;  // 目
  std::string family_name, family_latin;  // 科
};

struct SpeciesRecord {
  std::int64_t id = 0;  // stable id from the store; position+1 in a catalog built from files
  std::string list;     // list code: national2021, sanyou2023, cites, or an imported one
  TaxonRank rank = TaxonRank::kSpecies;
  std::string chinese_name;
  std::string latin_name;  // binomial, or the taxon's name for genus/family/order rows
  ProtectionClass protection = ProtectionClass::kNone;
  Habitat habitat = Habitat::kTerrestrial;
  Taxonomy taxonomy;
  std::optional<int> cites_appendix;  // 1, 2 or 3
  std::string remark;      // the list's remark: 仅限野外种群, 原名…
  std::string correction;  // what differs from the source document, and why
  std::string source;      // the document the row transcribes

  bool wild_only() const;  // 仅限野外种群
  std::string genus() const;  // first word of a binomial; the name of a genus row
  // The class of animal its eggs belong to for the terrestrial method
  // (两栖纲, 爬行纲, 鸟纲), when it is one of those.
  std::optional<EggClass> egg_class() const;
};

// A CITES row that names a species already listed elsewhere: it only adds
// the appendix to that record.
struct CitesAnnotation {
  std::string latin_name;
  int appendix = 0;
};

struct SpeciesAlias {
  std::string alias;  // 象牙, 炮山甲 …
  TaxonRank target_rank = TaxonRank::kSpecies;
  std::string target_latin;
  std::string kind;  // product | trade_name | common | former
  std::string remark;
};

struct BaseValue {
  TaxonRank rank = TaxonRank::kSpecies;
  std::string latin_name;
  Fen value = 0;     // per unit
  std::string unit;  // 只, 千克 …
  std::string source;  // document and article/row
};

// One list file, parsed. Problems carry the spreadsheet row (header = 1).
struct ParsedSpeciesList {
  std::vector<SpeciesRecord> records;
  std::vector<CitesAnnotation> annotations;
};

// Columns (header names, any order): rank, chinese_name, latin_name, level
// (1|2|sanyou|provincial|cites1|cites2, or empty for a CITES annotation row),
// habitat (terrestrial|aquatic), and optional class, class_latin, order,
// order_latin, family, family_latin, cites_appendix (I|II|III), remark,
// correction, source. `default_source` fills an empty source.
Result<ParsedSpeciesList> parse_species_csv(std::string_view csv, std::string_view list_code,
                                            std::string_view default_source);
// alias, target_rank, target, kind, remark.
Result<std::vector<SpeciesAlias>> parse_alias_csv(std::string_view csv);
// rank, latin_name, value_yuan, unit, source (every row must name its source).
Result<std::vector<BaseValue>> parse_base_value_csv(std::string_view csv);

// The level column's codes ↔ protection classes.
std::optional<ProtectionClass> parse_list_level(std::string_view code);
std::string_view list_level_code(ProtectionClass c);

struct SpeciesQuery {
  std::string q;                    // name, Latin name, alias, taxon, pinyin; empty = all
  std::optional<std::string> list;  // list code
  std::optional<int> level;         // 1 or 2 (national key, CITES approved included)
  std::optional<Habitat> habitat;
  std::size_t offset = 0;
  std::size_t limit = 50;
};

struct SpeciesMatch {
  const SpeciesRecord* record = nullptr;
  std::string matched_by;  // Chinese: "中文名", "别名「象牙」", "分类：鸮形目", "拼音", "近似学名"
  int score = 0;           // higher first
};

struct SpeciesPage {
  std::vector<SpeciesMatch> items;
  std::size_t total = 0;
};

struct BaseValueHit {
  BaseValue value;
  std::string basis;  // "本种" or "同属参照：穿山甲属 Manis" …
  bool fallback = false;
};

struct ListCounts {
  std::size_t species = 0, level1 = 0, level2 = 0, terrestrial = 0, aquatic = 0;
  std::size_t taxa = 0, taxa_level1 = 0, taxa_level2 = 0;
};

// Romanises a Chinese text to toneless pinyin syllables separated by
// spaces ("象牙" → "xiang ya"); empty when it cannot. Optional.
using Romanizer = std::function<std::string(std::string_view)>;

class SpeciesCatalog {
 public:
  SpeciesCatalog() = default;
  SpeciesCatalog(std::vector<SpeciesRecord> records, std::vector<CitesAnnotation> annotations,
                 std::vector<SpeciesAlias> aliases, std::vector<BaseValue> base_values,
                 Romanizer romanize = {});

  // The lists Qingfeng ships (data/species, compiled in), ids by position.
  static Result<SpeciesCatalog> builtin(Romanizer romanize = {});

  const std::vector<SpeciesRecord>& records() const { return records_; }
  const std::vector<SpeciesAlias>& aliases() const { return aliases_; }
  const SpeciesRecord* find(std::int64_t id) const;

  SpeciesPage search(const SpeciesQuery& q) const;
  // Exact name, Latin name or alias → every record it names (an alias may
  // name several: 象牙 → 非洲象, 亚洲象; a taxon alias names the taxon row if
  // one exists, else every species in it).
  std::vector<const SpeciesRecord*> resolve(std::string_view name) const;
  // Aliases that point at a record (by its species or any taxon above it).
  std::vector<const SpeciesAlias*> aliases_of(const SpeciesRecord& r) const;

  // The strongest national protection a taxon row gives the species (by its
  // genus, family or order), e.g. 红珊瑚科所有种 for Corallium rubrum.
  const SpeciesRecord* covering_taxon(const SpeciesRecord& r) const;

  std::optional<BaseValueHit> base_value(const SpeciesRecord& r) const;

  ListCounts count(std::string_view list) const;

 private:
  std::vector<SpeciesRecord> records_;
  std::vector<SpeciesAlias> aliases_;
  std::vector<BaseValue> base_values_;
  std::map<std::int64_t, std::size_t> by_id_;
  std::vector<std::string> pinyin_;   // per record: "xiang ya"
  std::vector<std::string> initials_; // per record: "xy"
};

}  // namespace qf::law
