#include "scan/lexicon.h"

#include <hs.h>

#include <cstdio>
#include <map>
#include <memory>
#include <sstream>

#include "scan/listing_normalizer.h"

namespace qf::scan {
namespace {

constexpr std::string_view kCategoryNames[kTermCategoryCount] = {
    "species", "species_product", "product", "code",     "intent", "contact", "price",
    "tool",    "marketing",       "licence", "exclusion"};

std::uint32_t bit(TermCategory c) { return 1u << static_cast<unsigned>(c); }

// Categories that add to a score (what an exclusion may suppress).
std::uint32_t scoring_categories() {
  std::uint32_t all = 0;
  for (int i = 0; i < kTermCategoryCount; ++i) all |= 1u << i;
  return all & ~bit(TermCategory::kExclusion) & ~bit(TermCategory::kLicence);
}

std::uint32_t wildlife_categories() {
  return bit(TermCategory::kSpecies) | bit(TermCategory::kSpeciesProduct) |
         bit(TermCategory::kProduct) | bit(TermCategory::kCode);
}

bool default_pinyin(TermCategory c) {
  return c == TermCategory::kSpecies || c == TermCategory::kSpeciesProduct ||
         c == TermCategory::kCode || c == TermCategory::kTool || c == TermCategory::kMarketing;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Drops a comment: '#' at the start, or after a space or tab.
std::string_view strip_comment(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i)
    if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t'))
      return line.substr(0, i);
  return line;
}

std::vector<std::string_view> tokens(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    std::size_t b = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

std::optional<double> parse_weight(std::string_view s) {
  std::string str(s);
  char* end = nullptr;
  double v = std::strtod(str.c_str(), &end);
  if (end != str.c_str() + str.size() || str.empty() || !(v >= 0 && v <= 10)) return std::nullopt;
  return v;
}

std::string fnv1a_hex(const std::vector<LexiconFile>& files) {
  std::uint64_t h = 1469598103934665603ull;
  auto feed = [&](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0xFF;  // separator, so ("ab","c") and ("a","bc") differ
    h *= 1099511628211ull;
  };
  for (const auto& f : files) {
    feed(f.name);
    feed(f.content);
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return std::string("lex-") + buf;
}

// Checks a regex with vectorscan as the matcher will compile it.
std::optional<std::string> regex_problem(const std::string& expression) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_expression_info(expression.c_str(), HS_FLAG_UTF8 | HS_FLAG_SOM_LEFTMOST, &info, &error) !=
      HS_SUCCESS) {
    std::string message = error && error->message ? error->message : "无法编译";
    hs_free_compile_error(error);
    return message;
  }
  bool empty_match = info->min_width == 0;
  std::free(info);  // allocated by vectorscan's default allocator (malloc)
  if (empty_match) return std::string("可匹配空文本");
  return std::nullopt;
}

struct Defaults {
  std::optional<TermCategory> category;
  std::optional<double> weight;
  std::optional<std::string> source;
  std::optional<ExclusionScope> scope;
  std::optional<std::uint32_t> suppresses;
  std::optional<bool> pinyin;
};

class FileParser {
 public:
  FileParser(const LexiconFile& file, std::vector<LexiconTerm>& terms,
             std::map<std::pair<std::string, TermCategory>, std::string>& seen)
      : file_(file), terms_(terms), seen_(seen) {}

  Status parse() {
    std::istringstream in(file_.content);
    std::string raw;
    while (std::getline(in, raw)) {
      ++line_;
      std::string_view line = trim(strip_comment(raw));
      if (line.empty()) continue;
      auto ok = line.front() == '@' ? directive(line) : term(line);
      if (!ok) return ok;
    }
    return {};
  }

 private:
  tl::unexpected<Error> bad(const std::string& what) const {
    return invalid("lexicon", file_.name + ":" + std::to_string(line_) + ": " + what);
  }

  Result<std::uint32_t> category_set(std::string_view list) const {
    std::uint32_t set = 0;
    std::size_t i = 0;
    while (i <= list.size()) {
      std::size_t comma = list.find(',', i);
      if (comma == std::string_view::npos) comma = list.size();
      auto c = parse_category(list.substr(i, comma - i));
      if (!c) return bad("未知的类别 '" + std::string(list.substr(i, comma - i)) + "'");
      set |= bit(*c);
      i = comma + 1;
    }
    return set;
  }

  Status directive(std::string_view line) {
    std::size_t sp = line.find_first_of(" \t");
    std::string_view name = line.substr(1, sp == std::string_view::npos ? line.size() : sp - 1);
    std::string_view value =
        sp == std::string_view::npos ? std::string_view() : trim(line.substr(sp));
    if (value.empty()) return bad("指令 @" + std::string(name) + " 缺少取值");
    if (name == "category") {
      auto c = parse_category(value);
      if (!c) return bad("未知的类别 '" + std::string(value) + "'");
      d_.category = c;
    } else if (name == "weight") {
      auto w = parse_weight(value);
      if (!w) return bad("权重应为 0 到 10 之间的数字: '" + std::string(value) + "'");
      d_.weight = w;
    } else if (name == "source") {
      d_.source = std::string(value);
    } else if (name == "scope") {
      if (value == "span")
        d_.scope = ExclusionScope::kSpan;
      else if (value == "listing")
        d_.scope = ExclusionScope::kListing;
      else
        return bad("scope 应为 span 或 listing");
    } else if (name == "suppresses") {
      auto s = category_set(value);
      if (!s) return tl::unexpected(s.error());
      d_.suppresses = *s;
    } else if (name == "pinyin") {
      if (value != "yes" && value != "no") return bad("pinyin 应为 yes 或 no");
      d_.pinyin = value == "yes";
    } else {
      return bad("未知的指令 '@" + std::string(name) + "'");
    }
    return {};
  }

  Status term(std::string_view line) {
    if (!d_.category || !d_.weight || !d_.source)
      return bad("词条之前须先给出 @category、@weight 和 @source");
    auto toks = tokens(line);
    LexiconTerm t;
    t.file = file_.name;
    t.line = line_;
    t.where = t.file + ":" + std::to_string(t.line);
    t.category = *d_.category;
    t.weight = *d_.weight;
    t.source = *d_.source;
    std::string_view first = toks[0];
    if (first.substr(0, 3) == "re:") {
      t.is_regex = true;
      t.term = std::string(first.substr(3));
      if (t.term.empty()) return bad("正则表达式为空");
    } else {
      t.term = std::string(first);
    }
    std::optional<bool> pinyin = d_.pinyin;
    std::optional<ExclusionScope> scope = d_.scope;
    std::optional<std::uint32_t> suppresses = d_.suppresses;
    bool exclusion_key = false;
    for (std::size_t k = 1; k < toks.size(); ++k) {
      std::string_view kv = toks[k];
      std::size_t eq = kv.find('=');
      if (eq == std::string_view::npos || eq == 0 || eq + 1 == kv.size())
        return bad("应为 key=value: '" + std::string(kv) + "'");
      std::string_view key = kv.substr(0, eq), value = kv.substr(eq + 1);
      if (key == "weight") {
        auto w = parse_weight(value);
        if (!w) return bad("权重应为 0 到 10 之间的数字: '" + std::string(value) + "'");
        t.weight = *w;
      } else if (key == "species") {
        t.species = std::string(value);
      } else if (key == "pinyin") {
        if (value != "yes" && value != "no") return bad("pinyin 应为 yes 或 no");
        pinyin = value == "yes";
      } else if (key == "scope") {
        exclusion_key = true;
        if (value == "span")
          scope = ExclusionScope::kSpan;
        else if (value == "listing")
          scope = ExclusionScope::kListing;
        else
          return bad("scope 应为 span 或 listing");
      } else if (key == "suppresses") {
        exclusion_key = true;
        auto s = category_set(value);
        if (!s) return tl::unexpected(s.error());
        suppresses = *s;
      } else if (key == "needs") {
        exclusion_key = true;
        auto c = parse_category(value);
        if (!c) return bad("未知的类别 '" + std::string(value) + "'");
        t.needs = c;
      } else {
        return bad("未知的键 '" + std::string(key) + "'");
      }
    }
    const bool is_exclusion = t.category == TermCategory::kExclusion;
    if (exclusion_key && !is_exclusion) return bad("scope/suppresses/needs 只用于 exclusion 类别");
    if (!t.species.empty() && t.category != TermCategory::kSpecies &&
        t.category != TermCategory::kSpeciesProduct && t.category != TermCategory::kCode)
      return bad("species= 只用于 species、species_product 和 code 类别");
    if (is_exclusion) {
      t.scope = scope.value_or(ExclusionScope::kSpan);
      t.suppresses = suppresses.value_or(t.scope == ExclusionScope::kSpan ? scoring_categories()
                                                                          : wildlife_categories());
    }
    if (t.is_regex) {
      if (pinyin.value_or(false)) return bad("正则表达式不能按拼音匹配");
      if (auto problem = regex_problem(t.term)) return bad("正则表达式有误: " + *problem);
    } else {
      t.normalized = ListingNormalizer().normalize_text(t.term);
      if (t.normalized.empty())
        return bad("词条规范化后为空（只含标点、空白或符号）: '" + t.term + "'");
      // Two-character terms only by choice (pinyin=yes): two syllables
      // collide with everyday words too often (虎骨 ~ 护骨).
      std::size_t chars = 0;
      for (unsigned char c : t.normalized) chars += (c & 0xC0) != 0x80;
      t.pinyin = pinyin.value_or(default_pinyin(t.category) && chars >= 3);
    }
    if ((t.category == TermCategory::kSpecies || t.category == TermCategory::kSpeciesProduct ||
         t.category == TermCategory::kCode) &&
        t.species.empty())
      t.species = t.term;
    std::string key = t.is_regex ? "re:" + t.term : t.normalized;
    auto [it, inserted] =
        seen_.emplace(std::make_pair(key, t.category), file_.name + ":" + std::to_string(line_));
    if (!inserted) return bad("重复的词条 '" + t.term + "'（与 " + it->second + " 规范化后相同）");
    terms_.push_back(std::move(t));
    return {};
  }

  const LexiconFile& file_;
  std::vector<LexiconTerm>& terms_;
  std::map<std::pair<std::string, TermCategory>, std::string>& seen_;
  Defaults d_;
  int line_ = 0;
};

}  // namespace

std::string_view category_name(TermCategory c) { return kCategoryNames[static_cast<int>(c)]; }

std::optional<TermCategory> parse_category(std::string_view name) {
  for (int i = 0; i < kTermCategoryCount; ++i)
    if (kCategoryNames[i] == name) return static_cast<TermCategory>(i);
  return std::nullopt;
}

Result<Lexicon> Lexicon::parse(const std::vector<LexiconFile>& files) {
  Lexicon lex;
  std::map<std::pair<std::string, TermCategory>, std::string> seen;
  for (const auto& f : files) {
    if (auto ok = FileParser(f, lex.terms_, seen).parse(); !ok) return tl::unexpected(ok.error());
  }
  if (lex.terms_.empty()) return invalid("lexicon", "词库为空");
  lex.version_ = fnv1a_hex(files);
  return lex;
}

Result<Lexicon> Lexicon::builtin() { return parse(builtin_lexicon_files()); }

}  // namespace qf::scan
