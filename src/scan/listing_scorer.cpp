#include "scan/listing_scorer.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace qf::scan {
namespace {

// printf's "%+.1f" (to_chars with a precision rounds as printf does),
// without printf's cost: a reason per counted hit of every listing.
std::string points(double p) {
  char buf[328];  // DBL_MAX in fixed notation fits
  char* at = buf;
  if (!std::signbit(p)) *at++ = '+';
  const auto [end, ec] = std::to_chars(at, buf + sizeof buf, p, std::chars_format::fixed, 1);
  return std::string(buf, ec == std::errc() ? end : at);
}

std::string_view category_label(TermCategory c) {
  switch (c) {
    case TermCategory::kSpecies:
      return "保护物种";
    case TermCategory::kSpeciesProduct:
      return "物种制品";
    case TermCategory::kProduct:
      return "制品部位";
    case TermCategory::kCode:
      return "暗语";
    case TermCategory::kIntent:
      return "交易意图";
    case TermCategory::kContact:
      return "联系方式";
    case TermCategory::kPrice:
      return "价格";
    case TermCategory::kTool:
      return "禁用猎捕工具";
    case TermCategory::kMarketing:
      return "违规营销用语";
    case TermCategory::kLicence:
      return "许可证";
    case TermCategory::kExclusion:
      return "排除语境";
  }
  return "";
}

bool is_species_signal(TermCategory c) {
  return c == TermCategory::kSpecies || c == TermCategory::kSpeciesProduct ||
         c == TermCategory::kCode;
}

// The strongest live hit of a category, or none.
std::optional<std::size_t> strongest(const std::vector<ExplainedHit>& hits, TermCategory c) {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < hits.size(); ++i) {
    if (hits[i].category != c || hits[i].suppressed_by) continue;
    if (!best || hits[i].weight > hits[*best].weight) best = i;
  }
  return best;
}

// The negation written right before a normalised position (非, 不是, 并非,
// 绝非, 不 …: 非仿真, 不违法), or empty. Normalised text has no spaces or punctuation,
// so "非 仿真" and "非-仿真" read the same.
std::string_view negated(std::string_view normalized, std::uint32_t at) {
  static constexpr std::string_view kNegations[] = {"绝不是", "不是", "并非", "绝非", "非", "不"};
  const std::string_view before = normalized.substr(0, at);
  for (std::string_view n : kNegations)
    if (before.size() >= n.size() && before.substr(before.size() - n.size()) == n) return n;
  return {};
}

}  // namespace

std::string_view risk_name(Risk r) {
  constexpr std::string_view kNames[] = {"none", "low", "medium", "high"};
  return kNames[static_cast<int>(r)];
}

std::string_view verdict_name(VerdictCategory c) {
  constexpr std::string_view kNames[] = {"none", "wildlife", "tool", "marketing"};
  return kNames[static_cast<int>(c)];
}

void ListingScorer::score(const Lexicon& lexicon, std::string_view normalized_text,
                          const std::vector<TermHit>& hits, bool explain_without_anchor,
                          ScanVerdict& v) {
  v.clear_findings();
  v.lexicon_version = lexicon.version();
  const auto& terms = lexicon.terms();
  if (!explain_without_anchor && std::none_of(hits.begin(), hits.end(), [&](const TermHit& h) {
        return is_anchor_category(terms[h.term].category);
      })) {
    v.hits.clear();
    return;  // nothing to explain (see the header)
  }
  // Assigned in place: the strings keep their buffers from earlier listings.
  v.hits.resize(hits.size());
  std::vector<ByteSpan>& normalized = normalized_;  // parallel to v.hits
  normalized.clear();
  bool present[kTermCategoryCount] = {};
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const TermHit& h = hits[i];
    const LexiconTerm& t = terms[h.term];
    ExplainedHit& e = v.hits[i];
    if (t.is_regex)
      e.term.assign(
          normalized_text.substr(h.normalized.begin, h.normalized.end - h.normalized.begin));
    else
      e.term = t.term;
    e.category = t.category;
    e.weight = h.via == MatchVia::kPinyin ? t.weight * kPinyinFactor : t.weight;
    e.via = h.via;
    e.original = h.original;
    e.species = t.species;
    e.source = t.where;
    e.suppressed_by.reset();
    e.counted = false;
    normalized.push_back(h.normalized);
    present[static_cast<int>(t.category)] = true;
  }

  // Exclusions. Only literal matches exclude: a homophone of 象牙白 is no context.
  for (std::size_t x = 0; x < hits.size(); ++x) {
    const LexiconTerm& ex = terms[hits[x].term];
    if (ex.category != TermCategory::kExclusion || hits[x].via == MatchVia::kPinyin) continue;
    if (ex.needs && !present[static_cast<int>(*ex.needs)]) continue;
    // "非仿真", "不是树脂": a seller denying the benign context asserts the
    // opposite, so the exclusion does not apply.
    if (const auto negation = negated(normalized_text, hits[x].normalized.begin);
        !negation.empty()) {
      v.reasons.push_back("排除语境「" + v.hits[x].term + "」前有否定「" + std::string(negation) +
                          "」，不予排除");
      continue;
    }
    std::vector<std::string> suppressed;
    for (std::size_t i = 0; i < v.hits.size(); ++i) {
      ExplainedHit& h = v.hits[i];
      if (h.category == TermCategory::kExclusion || h.suppressed_by ||
          !ex.suppresses_category(h.category))
        continue;
      if (ex.scope == ExclusionScope::kSpan && !h.original.overlaps(v.hits[x].original)) continue;
      h.suppressed_by = x;
      suppressed.push_back(h.term);
    }
    if (!suppressed.empty()) {
      std::string line = "排除语境「" + v.hits[x].term + "」" +
                         (ex.scope == ExclusionScope::kListing ? "（全文）" : "") + "抑制: ";
      for (std::size_t k = 0; k < suppressed.size(); ++k) line += (k ? "、" : "") + suppressed[k];
      v.reasons.push_back(line);
    }
  }

  // The strongest species signal, and a product word next to one.
  std::optional<std::size_t> species;
  for (std::size_t i = 0; i < v.hits.size(); ++i) {
    const auto& h = v.hits[i];
    if (!is_species_signal(h.category) || h.suppressed_by) continue;
    if (!species || h.weight > v.hits[*species].weight) species = i;
  }
  // A product word inside ANY species word as written is part of that word,
  // not a second signal: the 牙 of 象牙 in "象牙和犀角" is not "牙 next to
  // 犀角". Pinyin hits are readings, not what was written: in 川山甲片 the
  // seller wrote 川山甲 + 甲片, whatever 穿山甲片 the pinyin stream also sees.
  auto inside_a_species_word = [&](std::size_t p) {
    for (std::size_t s = 0; s < v.hits.size(); ++s) {
      if (!is_species_signal(v.hits[s].category) || v.hits[s].suppressed_by ||
          v.hits[s].via == MatchVia::kPinyin)
        continue;
      if (normalized[p].begin >= normalized[s].begin && normalized[p].end <= normalized[s].end)
        return true;
    }
    return false;
  };
  std::optional<std::size_t> product;
  if (species) {
    for (std::size_t p = 0; p < v.hits.size(); ++p) {
      const auto& ph = v.hits[p];
      if (ph.category != TermCategory::kProduct || ph.suppressed_by) continue;
      if (inside_a_species_word(p)) continue;
      for (std::size_t s = 0; s < v.hits.size(); ++s) {
        if (!is_species_signal(v.hits[s].category) || v.hits[s].suppressed_by) continue;
        // Next to the species word (overlapping counts: 川山甲+甲片), but
        // not inside it (the 牙 of 象牙 is no second signal).
        const ByteSpan a = normalized[s], b = normalized[p];
        const std::uint32_t gap = b.begin >= a.end   ? b.begin - a.end
                                  : a.begin >= b.end ? a.begin - b.end
                                                     : 0;
        const bool inside = b.begin >= a.begin && b.end <= a.end;
        const bool near = gap <= kProductDistanceBytes && !inside;
        if (near && (!product || ph.weight > v.hits[*product].weight)) product = p;
      }
    }
  }
  auto intent = strongest(v.hits, TermCategory::kIntent);
  auto contact = strongest(v.hits, TermCategory::kContact);
  auto price = strongest(v.hits, TermCategory::kPrice);
  auto tool = strongest(v.hits, TermCategory::kTool);
  auto marketing = strongest(v.hits, TermCategory::kMarketing);

  auto weight = [&](const std::optional<std::size_t>& i) { return i ? v.hits[*i].weight : 0.0; };
  const double shared = weight(intent) + weight(contact) + weight(price);
  const double wildlife = species ? weight(species) + weight(product) + shared : 0;
  const double tool_score = tool ? weight(tool) + shared : 0;
  const double marketing_score = marketing ? weight(marketing) + shared : 0;

  std::optional<std::size_t> signal;
  if (wildlife > 0 && wildlife >= tool_score && wildlife >= marketing_score) {
    v.category = VerdictCategory::kWildlife;
    v.score = wildlife;
    signal = species;
  } else if (tool_score > 0 && tool_score >= marketing_score) {
    v.category = VerdictCategory::kTool;
    v.score = tool_score;
    signal = tool;
  } else if (marketing_score > 0) {
    v.category = VerdictCategory::kMarketing;
    v.score = marketing_score;
    signal = marketing;
  }
  v.score = std::round(v.score * 10) / 10;
  if (v.category == VerdictCategory::kNone) return;
  v.risk = v.score >= kHighScore     ? Risk::kHigh
           : v.score >= kMediumScore ? Risk::kMedium
                                     : Risk::kLow;

  auto count = [&](const std::optional<std::size_t>& i) {
    if (!i) return;
    ExplainedHit& h = v.hits[*i];
    h.counted = true;
    std::string line = std::string(category_label(h.category)) + "「" + h.term + "」";
    if (h.via == MatchVia::kPinyin) line += "（拼音/谐音）";
    v.reasons.push_back(line + " " + points(h.weight));
  };
  count(signal);
  if (v.category == VerdictCategory::kWildlife) count(product);
  count(intent);
  count(contact);
  count(price);

  // Every live hit of the chosen category's kind is part of the explanation.
  for (auto& h : v.hits) {
    if (h.suppressed_by) continue;
    if (v.category == VerdictCategory::kWildlife && is_species_signal(h.category) &&
        std::find(v.species.begin(), v.species.end(), h.species) == v.species.end())
      v.species.push_back(h.species);
    if (h.category == TermCategory::kContact) v.contacts.push_back(h.original);
  }
}

}  // namespace qf::scan
