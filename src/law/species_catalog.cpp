#include "law/species_catalog.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "core/csv_reader.h"
#include "core/embedded_files.h"
#include "core/utf8.h"

namespace qf::law {
namespace {

std::string trim(std::string_view s) {
  const auto* ws = " \t\r\n";
  const auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(ws) - b + 1));
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Spaces collapse and ASCII case folds, so "panthera  Tigris" finds the tiger.
std::string search_key(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : trim(s)) {
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool contains(std::string_view hay, std::string_view needle) {
  return !needle.empty() && hay.find(needle) != std::string_view::npos;
}

// Levenshtein distance bounded by `limit` (returns limit + 1 when above it).
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  if (a.size() > b.size() + limit || b.size() > a.size() + limit) return limit + 1;
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    std::size_t row_min = cur[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// A problem in an imported file: the message says where (row, column) and
// what, both as the error's message and as its field error, so a console
// user and an API client read the same sentence.
tl::unexpected<Error> file_problem(const std::string& what, std::string message) {
  return tl::unexpected<Error>(Error{ErrorCode::kInvalidInput, message, {{what, message}}, 0});
}

// Every problem of a file at once (as the case import reports them), in
// one error: its message the first problem and how many there are, each
// problem a field error.
tl::unexpected<Error> all_problems(const std::vector<Error>& problems) {
  Error out = problems.front();
  if (problems.size() > 1) out.message += "（共 " + std::to_string(problems.size()) + " 处错误）";
  out.fields.clear();
  for (const auto& p : problems)
    out.fields.insert(out.fields.end(), p.fields.begin(), p.fields.end());
  return tl::unexpected<Error>(std::move(out));
}

// A CSV with a header row, read into maps by column name; problems name the
// spreadsheet row and column.
class CsvRows {
 public:
  static Result<CsvRows> read(std::string_view csv, std::string_view what,
                              const std::set<std::string>& known,
                              const std::vector<std::string>& required) {
    if (!is_valid_utf8(csv))
      return file_problem(std::string(what), "文件不是 UTF-8 编码（Excel 请另存为“CSV UTF-8”）");
    CsvTable t = read_csv(csv);
    if (t.problem)
      return file_problem(std::string(what),
                          "第 " + std::to_string(t.problem->row) + " 行：" + t.problem->message);
    if (t.records.empty()) return file_problem(std::string(what), "文件为空：第一行应为列名");
    CsvRows out;
    for (const auto& h : t.records[0]) {
      std::string name = trim(h);
      if (!name.empty() && !known.count(name))
        return file_problem(std::string(what), "第 1 行：未知的列「" + name + "」");
      out.header_.push_back(name);
    }
    for (const auto& r : required)
      if (std::find(out.header_.begin(), out.header_.end(), r) == out.header_.end())
        return file_problem(std::string(what), "第 1 行：缺少列「" + r + "」");
    for (std::size_t n = 1; n < t.records.size(); ++n) {
      const auto& rec = t.records[n];
      if (std::all_of(rec.begin(), rec.end(), [](const std::string& c) { return trim(c).empty(); }))
        continue;
      if (rec.size() > out.header_.size())
        return file_problem(std::string(what),
                            "第 " + std::to_string(t.record_rows[n]) + " 行：单元格多于列名");
      std::map<std::string, std::string> row;
      for (std::size_t c = 0; c < rec.size(); ++c)
        if (!out.header_[c].empty()) row[out.header_[c]] = trim(rec[c]);
      out.rows_.push_back(std::move(row));
      out.row_numbers_.push_back(t.record_rows[n]);
    }
    return out;
  }
  std::size_t size() const { return rows_.size(); }
  const std::string& get(std::size_t n, const std::string& col) const {
    static const std::string empty;
    auto it = rows_[n].find(col);
    return it == rows_[n].end() ? empty : it->second;
  }
  Error problem(std::size_t n, const std::string& col, const std::string& message,
                std::string_view what) const {
    return file_problem(std::string(what),
                        "第 " + std::to_string(row_numbers_[n]) + " 行「" + col + "」：" + message)
        .value();
  }

 private:
  std::vector<std::string> header_;
  std::vector<std::map<std::string, std::string>> rows_;
  std::vector<int> row_numbers_;
};

std::optional<int> parse_appendix(std::string_view s) {
  if (s == "I" || s == "1" || s == "Ⅰ") return 1;
  if (s == "II" || s == "2" || s == "Ⅱ") return 2;
  if (s == "III" || s == "3" || s == "Ⅲ") return 3;
  return std::nullopt;
}

bool covers(const SpeciesRecord& taxon, const SpeciesRecord& r) {
  switch (taxon.rank) {
    case TaxonRank::kSpecies:
      return false;
    case TaxonRank::kGenus:
      return r.genus() == taxon.latin_name;
    case TaxonRank::kFamily:
      return !r.taxonomy.family_latin.empty() && r.taxonomy.family_latin == taxon.latin_name;
    case TaxonRank::kOrder:
      return !r.taxonomy.order_latin.empty() && r.taxonomy.order_latin == taxon.latin_name;
  }
  return false;
}

bool alias_targets(const SpeciesAlias& a, const SpeciesRecord& r) {
  switch (a.target_rank) {
    case TaxonRank::kSpecies:
      return r.latin_name == a.target_latin;
    case TaxonRank::kGenus:
      return r.genus() == a.target_latin;
    case TaxonRank::kFamily:
      return r.taxonomy.family_latin == a.target_latin ||
             (r.rank == TaxonRank::kFamily && r.latin_name == a.target_latin);
    case TaxonRank::kOrder:
      return r.taxonomy.order_latin == a.target_latin ||
             (r.rank == TaxonRank::kOrder && r.latin_name == a.target_latin);
  }
  return false;
}

int national_level(ProtectionClass c) {
  return c == ProtectionClass::kNational1 ? 1 : c == ProtectionClass::kNational2 ? 2 : 0;
}

}  // namespace

std::optional<TaxonRank> parse_taxon_rank(std::string_view code) {
  if (code == "species") return TaxonRank::kSpecies;
  if (code == "genus") return TaxonRank::kGenus;
  if (code == "family") return TaxonRank::kFamily;
  if (code == "order") return TaxonRank::kOrder;
  return std::nullopt;
}

std::string_view taxon_rank_code(TaxonRank r) {
  switch (r) {
    case TaxonRank::kSpecies:
      return "species";
    case TaxonRank::kGenus:
      return "genus";
    case TaxonRank::kFamily:
      return "family";
    case TaxonRank::kOrder:
      return "order";
  }
  return "species";
}

std::optional<ProtectionClass> parse_list_level(std::string_view code) {
  if (code == "1") return ProtectionClass::kNational1;
  if (code == "2") return ProtectionClass::kNational2;
  if (code == "sanyou") return ProtectionClass::kSanyou;
  if (code == "provincial") return ProtectionClass::kProvincial;
  if (code == "cites1") return ProtectionClass::kCites1;
  if (code == "cites2") return ProtectionClass::kCites2;
  return std::nullopt;
}

std::string_view list_level_code(ProtectionClass c) {
  switch (c) {
    case ProtectionClass::kNational1:
      return "1";
    case ProtectionClass::kNational2:
      return "2";
    case ProtectionClass::kSanyou:
      return "sanyou";
    case ProtectionClass::kProvincial:
      return "provincial";
    case ProtectionClass::kCites1:
      return "cites1";
    case ProtectionClass::kCites2:
      return "cites2";
    case ProtectionClass::kNone:
      return "";
  }
  return "";
}

bool SpeciesRecord::wild_only() const { return remark.find("仅限野外种群") != std::string::npos; }

std::string SpeciesRecord::genus() const {
  if (rank == TaxonRank::kGenus) return latin_name;
  if (rank != TaxonRank::kSpecies) return {};
  return latin_name.substr(0, latin_name.find(' '));
}

std::optional<EggClass> SpeciesRecord::egg_class() const {
  const auto& c = taxonomy.class_latin;
  if (c == "Amphibia") return EggClass::kAmphibian;
  if (c == "Reptilia") return EggClass::kReptile;
  if (c == "Aves") return EggClass::kBird;
  return std::nullopt;
}

Result<ParsedSpeciesList> parse_species_csv(std::string_view csv, std::string_view list_code,
                                            std::string_view default_source) {
  static const std::set<std::string> known = {
      "rank",         "chinese_name",   "latin_name", "level",       "habitat",
      "class",        "class_latin",    "order",      "order_latin", "family",
      "family_latin", "cites_appendix", "remark",     "correction",  "source"};
  const std::string what = "species_list";
  auto rows = CsvRows::read(csv, what, known, {"chinese_name", "latin_name", "level"});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Error> problems;
  ParsedSpeciesList out;
  std::set<std::pair<std::string, std::string>> seen;
  for (std::size_t n = 0; n < rows->size(); ++n) {
    auto col = [&](const char* c) -> const std::string& { return rows->get(n, c); };
    SpeciesRecord r;
    r.list = std::string(list_code);
    const std::string rank = col("rank").empty() ? "species" : col("rank");
    auto parsed_rank = parse_taxon_rank(rank);
    if (!parsed_rank) {
      problems.push_back(rows->problem(n, "rank", "应为 species|genus|family|order", what));
      continue;
    }
    r.rank = *parsed_rank;
    r.chinese_name = col("chinese_name");
    r.latin_name = col("latin_name");
    if (r.latin_name.empty()) {
      problems.push_back(rows->problem(n, "latin_name", "不能为空", what));
      continue;
    }
    std::optional<int> appendix;
    if (!col("cites_appendix").empty()) {
      appendix = parse_appendix(col("cites_appendix"));
      if (!appendix) {
        problems.push_back(rows->problem(n, "cites_appendix", "应为 I、II 或 III", what));
        continue;
      }
    }
    if (col("level").empty()) {  // CITES annotation of a species listed elsewhere
      if (!appendix) {
        problems.push_back(rows->problem(
            n, "level", "保护级别为空的行只能补充 CITES 附录，须填写 cites_appendix", what));
        continue;
      }
      out.annotations.push_back({r.latin_name, *appendix});
      continue;
    }
    auto level = parse_list_level(col("level"));
    if (!level) {
      problems.push_back(
          rows->problem(n, "level", "应为 1、2、sanyou、provincial、cites1 或 cites2", what));
      continue;
    }
    r.protection = *level;
    if (r.chinese_name.empty()) {
      problems.push_back(rows->problem(n, "chinese_name", "不能为空", what));
      continue;
    }
    const std::string habitat = col("habitat").empty() ? "terrestrial" : col("habitat");
    auto h = parse_habitat(habitat);
    if (!h) {
      problems.push_back(rows->problem(n, "habitat", "应为 terrestrial 或 aquatic", what));
      continue;
    }
    r.habitat = *h;
    r.taxonomy = {col("class"),       col("class_latin"), col("order"),
                  col("order_latin"), col("family"),      col("family_latin")};
    r.cites_appendix = appendix;
    r.remark = col("remark");
    r.correction = col("correction");
    r.source = col("source").empty() ? std::string(default_source) : col("source");
    if (!seen.emplace(rank, r.latin_name).second) {
      problems.push_back(rows->problem(n, "latin_name", "学名重复：" + r.latin_name, what));
      continue;
    }
    out.records.push_back(std::move(r));
  }
  if (!problems.empty()) return all_problems(problems);
  return out;
}

Result<std::vector<SpeciesAlias>> parse_alias_csv(std::string_view csv) {
  static const std::set<std::string> known = {"alias", "target_rank", "target", "kind", "remark"};
  const std::string what = "aliases";
  auto rows = CsvRows::read(csv, what, known, {"alias", "target"});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Error> problems;
  std::vector<SpeciesAlias> out;
  for (std::size_t n = 0; n < rows->size(); ++n) {
    SpeciesAlias a;
    a.alias = rows->get(n, "alias");
    if (a.alias.empty()) {
      problems.push_back(rows->problem(n, "alias", "不能为空", what));
      continue;
    }
    const std::string& rank = rows->get(n, "target_rank");
    auto r = parse_taxon_rank(rank.empty() ? "species" : rank);
    if (!r) {
      problems.push_back(rows->problem(n, "target_rank", "应为 species|genus|family|order", what));
      continue;
    }
    a.target_rank = *r;
    a.target_latin = rows->get(n, "target");
    if (a.target_latin.empty()) {
      problems.push_back(rows->problem(n, "target", "不能为空", what));
      continue;
    }
    a.kind = rows->get(n, "kind");
    a.remark = rows->get(n, "remark");
    out.push_back(std::move(a));
  }
  if (!problems.empty()) return all_problems(problems);
  return out;
}

Result<std::vector<BaseValue>> parse_base_value_csv(std::string_view csv) {
  static const std::set<std::string> known = {"rank",       "latin_name", "chinese_name",
                                              "value_yuan", "unit",       "source"};
  const std::string what = "base_values";
  auto rows = CsvRows::read(csv, what, known, {"latin_name", "value_yuan", "unit", "source"});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Error> problems;
  std::vector<BaseValue> out;
  std::set<std::pair<std::string, std::string>> seen;
  for (std::size_t n = 0; n < rows->size(); ++n) {
    BaseValue b;
    const std::string& rank = rows->get(n, "rank");
    auto r = parse_taxon_rank(rank.empty() ? "species" : rank);
    if (!r) {
      problems.push_back(rows->problem(n, "rank", "应为 species|genus|family|order", what));
      continue;
    }
    b.rank = *r;
    b.latin_name = rows->get(n, "latin_name");
    if (b.latin_name.empty()) {
      problems.push_back(rows->problem(n, "latin_name", "不能为空", what));
      continue;
    }
    auto v = parse_yuan(rows->get(n, "value_yuan"), "value_yuan");
    if (!v || *v <= 0) {
      problems.push_back(
          rows->problem(n, "value_yuan", "应为大于 0 的金额（元，最多两位小数）", what));
      continue;
    }
    b.value = *v;
    b.unit = rows->get(n, "unit");
    if (b.unit.empty()) {
      problems.push_back(rows->problem(n, "unit", "不能为空（如 只、千克）", what));
      continue;
    }
    b.source = rows->get(n, "source");
    if (b.source.empty()) {
      problems.push_back(
          rows->problem(n, "source", "每个基准价值都须注明出处（文件名称与条目）", what));
      continue;
    }
    if (!seen.emplace(std::string(taxon_rank_code(b.rank)), b.latin_name).second) {
      problems.push_back(rows->problem(n, "latin_name", "重复：" + b.latin_name, what));
      continue;
    }
    out.push_back(std::move(b));
  }
  if (!problems.empty()) return all_problems(problems);
  return out;
}

SpeciesCatalog::SpeciesCatalog(std::vector<SpeciesRecord> records,
                               std::vector<CitesAnnotation> annotations,
                               std::vector<SpeciesAlias> aliases,
                               std::vector<BaseValue> base_values, Romanizer romanize)
    : records_(std::move(records)),
      aliases_(std::move(aliases)),
      base_values_(std::move(base_values)) {
  for (std::size_t n = 0; n < records_.size(); ++n) {
    if (records_[n].id == 0) records_[n].id = static_cast<std::int64_t>(n + 1);
    by_id_[records_[n].id] = n;
  }
  for (const auto& a : annotations)
    for (auto& r : records_)
      if (r.latin_name == a.latin_name && r.rank == TaxonRank::kSpecies)
        r.cites_appendix = a.appendix;
  pinyin_.resize(records_.size());
  initials_.resize(records_.size());
  if (romanize) {
    for (std::size_t n = 0; n < records_.size(); ++n) {
      std::string syllables = romanize(records_[n].chinese_name);
      std::string joined, initials;
      bool start = true;
      for (char c : syllables) {
        if (c == ' ') {
          start = true;
          continue;
        }
        if (start) initials += c;
        joined += c;
        start = false;
      }
      pinyin_[n] = joined;
      initials_[n] = initials;
    }
  }
}

Result<SpeciesCatalog> SpeciesCatalog::builtin(Romanizer romanize) {
  auto manifest_text = embedded_file("data/species/lists.toml");
  if (!manifest_text) return fail(ErrorCode::kInternal, "物种名录清单未编入程序");
  toml::table manifest;
  try {
    manifest = toml::parse(*manifest_text);
  } catch (const toml::parse_error& e) {
    return fail(ErrorCode::kInternal, std::string("物种名录清单格式错误: ") + e.what());
  }
  std::vector<SpeciesRecord> records;
  std::vector<CitesAnnotation> annotations;
  if (auto* lists = manifest["list"].as_array()) {
    for (const auto& node : *lists) {
      const auto* t = node.as_table();
      if (!t) continue;
      const std::string code = (*t)["code"].value_or(std::string());
      const std::string file = "data/species/" + (*t)["file"].value_or(std::string());
      auto csv = embedded_file(file);
      if (!csv) return fail(ErrorCode::kInternal, "物种名录文件未编入程序: " + file);
      auto parsed = parse_species_csv(*csv, code, (*t)["source"].value_or(std::string()));
      if (!parsed) return tl::unexpected(parsed.error());
      for (auto& r : parsed->records) records.push_back(std::move(r));
      for (auto& a : parsed->annotations) annotations.push_back(a);
    }
  }
  std::vector<SpeciesAlias> aliases;
  if (auto csv = embedded_file("data/species/aliases.csv")) {
    auto parsed = parse_alias_csv(*csv);
    if (!parsed) return tl::unexpected(parsed.error());
    aliases = std::move(*parsed);
  }
  return SpeciesCatalog(std::move(records), std::move(annotations), std::move(aliases), {},
                        std::move(romanize));
}

const SpeciesRecord* SpeciesCatalog::find(std::int64_t id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &records_[it->second];
}

SpeciesPage SpeciesCatalog::search(const SpeciesQuery& q) const {
  const std::string key = search_key(q.q);
  // Taxa the query names (鸮形目, Strigiformes, 鹰科 …): every record under them.
  auto taxon_named = [&](const SpeciesRecord& r) -> std::string {
    const auto& t = r.taxonomy;
    for (const auto* name : {&t.order_name, &t.family_name, &t.class_name})
      if (!name->empty() && *name == key) return *name;
    for (const auto* name : {&t.order_latin, &t.family_latin, &t.class_latin})
      if (!name->empty() && lower_ascii(*name) == key) return *name;
    return {};
  };
  // Aliases the query names, exactly (90) or in part (55).
  std::vector<std::pair<const SpeciesAlias*, int>> alias_hits;
  if (!key.empty())
    for (const auto& a : aliases_) {
      const std::string alias = search_key(a.alias);
      if (alias == key || contains(alias, key)) alias_hits.emplace_back(&a, alias == key ? 90 : 55);
    }

  std::vector<SpeciesMatch> hits;
  for (std::size_t n = 0; n < records_.size(); ++n) {
    const SpeciesRecord& r = records_[n];
    if (q.list && r.list != *q.list) continue;
    if (q.level && national_level(r.protection) != *q.level) continue;
    if (q.habitat && r.habitat != *q.habitat) continue;
    SpeciesMatch m{&r, "", 0};
    if (key.empty()) {
      m.score = 1;
    } else {
      const std::string zh = r.chinese_name;
      const std::string la = lower_ascii(r.latin_name);
      if (zh == key || la == key) {
        m = {&r, zh == key ? "中文名" : "学名", 100};
      } else if (zh.rfind(key, 0) == 0 || la.rfind(key, 0) == 0) {
        m = {&r, zh.rfind(key, 0) == 0 ? "中文名" : "学名", 80};
      } else if (contains(zh, key) || contains(la, key)) {
        m = {&r, contains(zh, key) ? "中文名" : "学名", 60};
      }
      for (const auto& [a, score] : alias_hits)
        if (score > m.score && alias_targets(*a, r)) m = {&r, "别名「" + a->alias + "」", score};
      if (m.score < 50) {
        if (auto taxon = taxon_named(r); !taxon.empty()) m = {&r, "分类：" + taxon, 50};
      }
      if (m.score < 40 && !pinyin_[n].empty()) {
        std::string compact;
        for (char c : key)
          if (c != ' ') compact += c;
        if (compact == pinyin_[n] || (compact.size() >= 2 && compact == initials_[n]))
          m = {&r, "拼音", 45};
        else if (compact.size() >= 4 && pinyin_[n].rfind(compact, 0) == 0)
          m = {&r, "拼音", 35};
      }
      // A misspelt Latin name (Pantera tigris): close enough in edit distance.
      if (m.score < 30 && key.size() >= 6 &&
          key.find_first_not_of("abcdefghijklmnopqrstuvwxyz ") == std::string::npos) {
        const std::size_t limit = key.size() >= 12 ? 2 : 1;
        if (edit_distance(key, la, limit) <= limit) m = {&r, "近似学名", 30};
      }
    }
    if (m.score > 0) hits.push_back(std::move(m));
  }
  std::stable_sort(hits.begin(), hits.end(),
                   [](const SpeciesMatch& a, const SpeciesMatch& b) { return a.score > b.score; });
  SpeciesPage page;
  page.total = hits.size();
  for (std::size_t n = q.offset; n < hits.size() && page.items.size() < q.limit; ++n)
    page.items.push_back(hits[n]);
  return page;
}

std::vector<const SpeciesRecord*> SpeciesCatalog::resolve(std::string_view name) const {
  const std::string key = search_key(name);
  std::vector<const SpeciesRecord*> out;
  if (key.empty()) return out;
  auto add = [&](const SpeciesRecord* r) {
    if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
  };
  for (const auto& r : records_)
    if (r.chinese_name == key || lower_ascii(r.latin_name) == key) add(&r);
  if (!out.empty()) return out;
  for (const auto& a : aliases_) {
    if (search_key(a.alias) != key) continue;
    // A taxon alias names the taxon row when the lists have one (红珊瑚科所有种).
    const SpeciesRecord* taxon_row = nullptr;
    for (const auto& r : records_)
      if (r.rank == a.target_rank && r.rank != TaxonRank::kSpecies &&
          r.latin_name == a.target_latin)
        taxon_row = &r;
    if (taxon_row) {
      add(taxon_row);
      continue;
    }
    for (const auto& r : records_)
      if (r.rank == TaxonRank::kSpecies && alias_targets(a, r)) add(&r);
  }
  return out;
}

std::vector<const SpeciesAlias*> SpeciesCatalog::aliases_of(const SpeciesRecord& r) const {
  std::vector<const SpeciesAlias*> out;
  for (const auto& a : aliases_)
    if (alias_targets(a, r)) out.push_back(&a);
  return out;
}

const SpeciesRecord* SpeciesCatalog::covering_taxon(const SpeciesRecord& r) const {
  const SpeciesRecord* best = nullptr;
  for (const auto& t : records_) {
    if (&t == &r || !covers(t, r) || national_level(t.protection) == 0) continue;
    if (!best || national_level(t.protection) < national_level(best->protection)) best = &t;
  }
  return best;
}

std::optional<BaseValueHit> SpeciesCatalog::base_value(const SpeciesRecord& r) const {
  auto lookup = [&](TaxonRank rank, const std::string& latin) -> const BaseValue* {
    if (latin.empty()) return nullptr;
    for (const auto& b : base_values_)
      if (b.rank == rank && b.latin_name == latin) return &b;
    return nullptr;
  };
  if (const auto* b = lookup(r.rank, r.latin_name)) return BaseValueHit{*b, "本种", false};
  const std::string genus = r.genus();
  if (r.rank == TaxonRank::kSpecies)
    if (const auto* b = lookup(TaxonRank::kGenus, genus))
      return BaseValueHit{*b, "同属参照：" + genus, true};
  const auto& t = r.taxonomy;
  if (r.rank != TaxonRank::kFamily && r.rank != TaxonRank::kOrder)
    if (const auto* b = lookup(TaxonRank::kFamily, t.family_latin))
      return BaseValueHit{*b, "同科参照：" + t.family_name + " " + t.family_latin, true};
  if (r.rank != TaxonRank::kOrder)
    if (const auto* b = lookup(TaxonRank::kOrder, t.order_latin))
      return BaseValueHit{*b, "同目参照：" + t.order_name + " " + t.order_latin, true};
  return std::nullopt;
}

ListCounts SpeciesCatalog::count(std::string_view list) const {
  ListCounts c;
  for (const auto& r : records_) {
    if (r.list != list) continue;
    const int level = national_level(r.protection);
    if (r.rank == TaxonRank::kSpecies) {
      ++c.species;
      c.level1 += level == 1;
      c.level2 += level == 2;
      c.terrestrial += r.habitat == Habitat::kTerrestrial;
      c.aquatic += r.habitat == Habitat::kAquatic;
    } else {
      ++c.taxa;
      c.taxa_level1 += level == 1;
      c.taxa_level2 += level == 2;
    }
  }
  return c;
}

}  // namespace qf::law
