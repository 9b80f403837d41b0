#include "law/value_assessor.h"

#include <algorithm>

namespace qf::law {
namespace {

namespace vr = value_rule;

// The interpretation that decides which valuation method applies.
constexpr std::string_view kArt15 = "法释〔2022〕12号, 第十五条";
constexpr std::string_view kArt15Item2 = "法释〔2022〕12号, 第十五条第（二）项";
constexpr std::string_view kArt16 = "法释〔2022〕12号, 第十六条";
// The base value itself comes from the caller (the species catalog).
constexpr std::string_view kTerrestrialCatalog = "《陆生野生动物基准价值标准目录》（物种名录提供）";
constexpr std::string_view kAquaticCatalog = "《水生野生动物基准价值标准目录》（物种名录提供）";

std::string yuan_text(Fen f) { return format_yuan(f) + " 元"; }

// Builds the explanation while tracking the running amount. The amount may be
// an upper bound (a product whose own value is unknown is worth at most its
// whole animal) — every later step applies to the bound alike.
class Explainer {
 public:
  Explainer(const ValueRules& rules, Assessment& out) : rules_(rules), out_(out) {}

  void start(std::string factor, Fen amount, std::string source) {
    amount_ = amount;
    out_.steps.push_back({std::move(factor), yuan_text(amount), std::move(source), amount, true});
  }

  // amount × the rule's factor; false when the rule's constant is unknown.
  bool multiply(std::string factor, std::string_view key) {
    const ValueRule& r = rules_.rule(key);
    if (!r.known || !r.factor) {
      out_.steps.push_back({factor, "未知", r.source, std::nullopt, r.verified});
      // A missing constant overrides a product's "unknown value, bounded by
      // the whole animal": without the constant there is no bound either.
      out_.unknown_reason = factor + "的系数未能取得（" + r.source + "），需鉴定: " + r.note;
      known_ = false;
      broken_ = true;
      return false;
    }
    amount_ = apply_ratio(*amount_, *r.factor);
    out_.steps.push_back(
        {std::move(factor), "×" + format_ratio(*r.factor), r.source, amount_, r.verified});
    if (!r.verified) unverified_.push_back(r.key);
    return true;
  }

  void multiply_by(std::string factor, Ratio by, std::string source) {
    amount_ = apply_ratio(*amount_, by);
    out_.steps.push_back({std::move(factor), "×" + format_ratio(by), std::move(source), amount_});
  }

  void replace(std::string factor, Fen amount, std::string source, bool verified = true) {
    amount_ = amount;
    out_.steps.push_back(
        {std::move(factor), yuan_text(amount), std::move(source), amount, verified});
  }

  void unknown(std::string reason) {
    if (out_.unknown_reason.empty()) out_.unknown_reason = std::move(reason);
    known_ = false;
  }

  // From here on the amount is an upper bound, not the value.
  void bound_only() { bound_ = true; }

  Fen amount() const { return *amount_; }
  bool known() const { return known_; }
  bool broken() const { return broken_; }
  bool bound() const { return bound_; }
  const std::vector<std::string>& unverified() const { return unverified_; }

 private:
  const ValueRules& rules_;
  Assessment& out_;
  std::optional<Fen> amount_;
  bool known_ = true;
  bool bound_ = false;
  bool broken_ = false;
  std::vector<std::string> unverified_;
};

std::string_view level_key(Habitat h, ProtectionClass c) {
  if (h == Habitat::kTerrestrial) {
    switch (c) {
      case ProtectionClass::kNational1:
        return vr::kTerrestrialNational1;
      case ProtectionClass::kNational2:
        return vr::kTerrestrialNational2;
      case ProtectionClass::kProvincial:
        return vr::kTerrestrialProvincial;
      case ProtectionClass::kSanyou:
        return vr::kTerrestrialSanyou;
      case ProtectionClass::kCites1:
      case ProtectionClass::kCites2:
        return vr::kTerrestrialCites;
      case ProtectionClass::kNone:
        break;
    }
    return {};
  }
  switch (c) {
    case ProtectionClass::kNational1:
      return vr::kAquaticNational1;
    case ProtectionClass::kNational2:
      return vr::kAquaticNational2;
    case ProtectionClass::kCites1:
    case ProtectionClass::kCites2:
      return vr::kAquaticCites;
    default:
      break;
  }
  return {};
}

std::string_view egg_key(EggClass e) {
  switch (e) {
    case EggClass::kAmphibian:
      return vr::kTerrestrialEggAmphibian;
    case EggClass::kReptile:
      return vr::kTerrestrialEggReptile;
    case EggClass::kBird:
      return vr::kTerrestrialEggBird;
  }
  return vr::kTerrestrialEggBird;
}

Status validate(const AssessmentInput& in, const ValueRules& rules) {
  if (!ratio_positive(in.quantity)) return invalid("count", "数量必须大于0");
  if (in.base_value && *in.base_value < 0) return invalid("base_value", "基准价值不能为负");
  if (in.actual_price && *in.actual_price < 0) return invalid("price", "实际交易价格不能为负");
  if (in.product_unit_value && *in.product_unit_value < 0)
    return invalid("part_value", "制品价值不能为负");
  if (in.product_unit_value && in.part != Part::kProduct)
    return invalid("part_value", "只有制品才填写评估机构核定的制品价值");
  // The 三有 list is by definition terrestrial (野生动物保护法第十条第三款).
  if (in.protection == ProtectionClass::kSanyou && in.habitat == Habitat::kAquatic)
    return invalid("class", "“三有”名录只收录陆生野生动物，不能标为水生");
  if (in.part == Part::kEgg && in.habitat == Habitat::kTerrestrial && !in.egg_class)
    return invalid("egg_class", "陆生野生动物的卵、蛋须注明两栖类、爬行类或鸟类");
  if (in.egg_has_own_base_value && !(in.part == Part::kEgg && in.habitat == Habitat::kAquatic))
    return invalid("egg_has_own_base_value", "“卵有单独基准价值”只用于水生野生动物的卵");
  if (in.stage_factor) {
    if (in.habitat != Habitat::kAquatic || in.part != Part::kWhole)
      return invalid("stage_factor", "发育阶段系数只用于水生野生动物幼年整体");
    const auto& max = rules.rule(vr::kAquaticStageMax);
    if (!ratio_positive(*in.stage_factor) ||
        (max.factor && !ratio_at_most(*in.stage_factor, *max.factor)))
      return invalid("stage_factor", "发育阶段系数应大于0且不超过1（" + max.source + "）");
  }
  return {};
}

}  // namespace

ValueAssessor::ValueAssessor(ValueRules rules) : rules_(std::move(rules)) {}

Result<Assessment> ValueAssessor::assess(const AssessmentInput& in) const {
  if (auto ok = validate(in, rules_); !ok) return tl::unexpected(ok.error());
  Assessment out;
  const bool terrestrial = in.habitat == Habitat::kTerrestrial;
  const std::string_view level = level_key(in.habitat, in.protection);

  // ---- animals outside both methods: sale amount or market price only ----
  if (level.empty()) {
    out.method = "销赃数额或市场价格（" + std::string(kArt15Item2) + "）";
    if (!terrestrial && in.protection == ProtectionClass::kProvincial)
      out.notes.push_back(
          "《水生野生动物及其制品价值评估办法》只适用于国家重点保护水生野生动物及CITES附录水生物种"
          "（其第二条），地方重点保护水生野生动物按销赃数额或市场价格认定");
    if (in.actual_price) {
      out.steps.push_back({"销赃数额/实际交易价格", yuan_text(*in.actual_price),
                           std::string(kArt15Item2), in.actual_price});
      out.value = in.actual_price;
    } else {
      out.unknown_reason = "该物种不适用价值评估方法，且无销赃数额或市场价格，需价格认定或鉴定（" +
                           std::string(kArt15Item2) + "；" + std::string(kArt16) + "）";
    }
    return out;
  }

  out.method = terrestrial ? "《野生动物及其制品价值评估方法》（国家林业局令第46号）"
                           : "《水生野生动物及其制品价值评估办法》（农业农村部令2019年第5号）";
  if (is_sanyou_or_provincial(in.protection))
    out.notes.push_back(
        "刑事案件中，三有和地方重点保护野生动物的价值首先根据销赃数额认定；无销赃数额、难以查证或明"
        "显偏低的，"
        "根据市场价格核算，必要时参照本评估方法（" +
        std::string(kArt15Item2) + "）");

  Explainer ex(rules_, out);

  // ---- base value: from the catalog, never invented ----
  if (!in.base_value) {
    out.unknown_reason = "该物种无可用的基准价值（含同属、同科、同目参照），需鉴定（" +
                         std::string(kArt15) + "第（一）项；" + std::string(kArt16) + "）";
    out.steps.push_back({"基准价值", "未知",
                         std::string(terrestrial ? kTerrestrialCatalog : kAquaticCatalog),
                         std::nullopt});
    // A higher actual price replaces the assessed value, so the value is at
    // least the price (terrestrial method only while the aquatic rule is unknown).
    const auto& price_rule =
        rules_.rule(terrestrial ? vr::kTerrestrialActualPrice : vr::kAquaticActualPrice);
    if (in.actual_price && price_rule.known && price_rule.applies.value_or(false)) {
      out.lower_bound = in.actual_price;
      out.notes.push_back("实际交易价格 " + yuan_text(*in.actual_price) +
                          " 高于评估价值时按实际交易价格执行，故价值不低于该价格（" +
                          price_rule.source + "）");
    }
    return out;
  }
  std::string basis = in.base_value_basis.empty() ? "" : "（" + in.base_value_basis + "）";
  ex.start("基准价值（每单位）" + basis, *in.base_value,
           std::string(terrestrial ? kTerrestrialCatalog : kAquaticCatalog));
  if (is_cites_unapproved(in.protection) && terrestrial)
    out.notes.push_back(
        "在我国没有自然分布、未经核准的CITES附录物种，按同属、同科或者同目的地方重点保护或三有野生"
        "动物的价值核算；"
        "基准价值应取自该参照物种" +
        (in.base_value_basis.empty() ? std::string("（请注明参照物种）") : basis));

  // ---- level factor ----
  if (!ex.multiply("保护级别系数（" + std::string(protection_class_label(in.protection)) + "）",
                   level))
    return out;
  const Fen whole_value = ex.amount();  // one adult whole animal

  // ---- part ----
  switch (in.part) {
    case Part::kWhole:
      if (in.stage_factor)
        ex.multiply_by("发育阶段系数（幼年整体，评估机构确定）", *in.stage_factor,
                       rules_.rule(vr::kAquaticStageMax).source);
      break;
    case Part::kEgg:
      if (terrestrial) {
        ex.multiply("卵、蛋（" + std::string(egg_class_label(*in.egg_class)) + "，按整体价值折算）",
                    egg_key(*in.egg_class));
      } else if (in.egg_has_own_base_value) {
        out.notes.push_back("卵有单独基准价值，按其基准价值乘以保护级别系数计算（" +
                            rules_.rule(vr::kAquaticEggFecundity).source + "）");
      } else {
        ex.multiply("卵（成年整体价值×繁殖力系数）", vr::kAquaticEggFecundity);
      }
      break;
    case Part::kProduct: {
      const auto cap_key = terrestrial ? vr::kTerrestrialProductCap : vr::kAquaticProductCap;
      const ValueRule& cap_rule = rules_.rule(cap_key);
      const Fen cap = apply_ratio(whole_value, *cap_rule.factor);
      if (!terrestrial) {
        const ValueRule& part_rule = rules_.rule(vr::kAquaticProductPart);
        out.notes.push_back("水生野生动物制品的核算规则未能取得（" + part_rule.source +
                            "）: " + part_rule.note);
      }
      if (in.product_unit_value) {
        ex.replace("制品价值（执法机关或评估机构核算，每单位）", *in.product_unit_value,
                   terrestrial ? cap_rule.source : "评估机构核算");
        if (*in.product_unit_value > cap)
          ex.replace("制品价值不超过该种野生动物的整体价值", cap, cap_rule.source,
                     cap_rule.verified);
      } else {
        ex.unknown("制品价值须由执法机关或评估机构根据实际情况核算（" + cap_rule.source +
                   "），未提供；其上限为该种野生动物的整体价值");
        ex.replace("制品价值上限＝整体价值×" + format_ratio(*cap_rule.factor), cap, cap_rule.source,
                   cap_rule.verified);
        ex.bound_only();
      }
      break;
    }
  }

  // ---- origin ----
  if (in.origin == Origin::kCaptive) {
    const bool listed = in.on_captive_list;
    const auto key = terrestrial
                         ? (listed ? vr::kTerrestrialCaptiveListed : vr::kTerrestrialCaptive)
                         : (listed ? vr::kAquaticCaptiveListed : vr::kAquaticCaptive);
    ex.multiply(listed ? "人工繁育（列入人工繁育国家重点保护野生动物名录）" : "人工繁育", key);
  } else if (in.on_captive_list) {
    out.notes.push_back(
        "该物种列入人工繁育国家重点保护野生动物名录，但涉案动物为野外来源，不适用人工繁育折算");
  }

  // ---- quantity ----
  // A product of unknown value goes on as an upper bound; a missing constant
  // (e.g. aquatic 人工繁育) stops the arithmetic.
  if (ex.broken()) return out;
  if (!(in.quantity.num == in.quantity.den))
    ex.multiply_by("数量", in.quantity, "涉案数量");
  else
    out.steps.push_back({"数量", "×1", "涉案数量", ex.amount()});
  Fen total = ex.amount();

  // ---- actual trade price ----
  const ValueRule& price_rule =
      rules_.rule(terrestrial ? vr::kTerrestrialActualPrice : vr::kAquaticActualPrice);
  if (in.actual_price) {
    if (!price_rule.known) {
      out.notes.push_back("实际交易价格 " + yuan_text(*in.actual_price) + " 仅供参考：" +
                          price_rule.note + "（" + price_rule.source + "）");
    } else if (price_rule.applies.value_or(false) && ex.bound()) {
      // Whatever the product is finally assessed at, a higher actual price
      // replaces it: the value lies between the price and max(price, cap).
      out.lower_bound = in.actual_price;
      total = std::max(total, *in.actual_price);
    } else if (price_rule.applies.value_or(false) && *in.actual_price > total) {
      ex.replace("实际交易价格高于评估价值，按实际交易价格执行", *in.actual_price,
                 price_rule.source, price_rule.verified);
      total = *in.actual_price;
    }
  }

  if (ex.bound()) {
    out.upper_bound = total;
  } else if (ex.known()) {
    out.value = total;
  }
  if (!ex.unverified().empty())
    out.notes.push_back(
        "评估方法原文不在本系统参考资料中，所用系数为二手转引、尚未核对公报（verified=false "
        "的步骤）；"
        "管理员可更正 data/law/value-rules.toml 并以 --rules 加载");
  return out;
}

}  // namespace qf::law
