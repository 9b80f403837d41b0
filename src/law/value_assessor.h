// ValueAssessor: the value of seized wildlife (价值评估), explained step by
// step with the article each factor comes from.
//
// Which method applies (法释〔2022〕12号 第十五条):
//  - national key species and CITES species: the valuation standards of the
//    State Council wildlife departments — terrestrial 《野生动物及其制品价值
//    评估方法》(国家林业局令第46号), aquatic 《水生野生动物及其制品价值评估
//    办法》(农业农村部令2019年第5号);
//  - 三有 and 地方重点 (terrestrial): the same method (factor 1), with a note
//    that in criminal cases 第十五条第（二）项 puts the sale amount first;
//  - every other animal (and aquatic animals outside the 办法's scope, its
//    第二条): the sale amount or market price only — without it the value is
//    unknown and needs 价格认定/鉴定 (第十六条).
//
// The base value (基准价值) comes from the caller (the species catalog): the
// assessor never invents one. Without it the value is "unknown — 需鉴定",
// with a lower bound when an actual trade price is known (the method lets a
// higher actual price replace the assessed value, so the value is at least it).
//
// Properties (tests/law): the value never decreases with the quantity, is
// never negative, and a product never exceeds its whole animal.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "law/law_types.h"
#include "law/value_rules.h"

namespace qf::law {

struct AssessmentInput {
  ProtectionClass protection = ProtectionClass::kNone;
  Habitat habitat = Habitat::kTerrestrial;
  // On the 人工繁育国家重点保护野生动物名录 (matters only when captive-bred).
  bool on_captive_list = false;
  // Per unit (只、千克…) from the base value catalog; nullopt = none known.
  std::optional<Fen> base_value;
  // How the catalog found the base value, echoed in the explanation, e.g.
  // "本种" or "同属：穿山甲属" (the genus/family/order fallback it used).
  std::string base_value_basis;
  Part part = Part::kWhole;
  std::optional<EggClass> egg_class;    // terrestrial eggs: required
  bool egg_has_own_base_value = false;  // aquatic eggs (办法第六条): base_value is the egg's
  Origin origin = Origin::kWild;
  // Number of animals/eggs/product pieces, or kilograms when the base value
  // is per kilogram: a ratio so that 2.5 kg stays exact.
  Ratio quantity{1, 1};
  // The assessor's value of one product piece (第46号令第五条: 由执法机关或者
  // 评估机构核算); capped at the whole animal.
  std::optional<Fen> product_unit_value;
  // Aquatic juveniles (办法第五条): ≤ 1, set by the assessor.
  std::optional<Ratio> stage_factor;
  // Actual trade price of the whole lot (销赃数额/实际交易价格).
  std::optional<Fen> actual_price;
};

struct AssessmentStep {
  std::string factor;         // what the step is, e.g. "保护级别系数（国家二级）"
  std::string value;          // "×5", "1/1000", "12000.00 元"
  std::string source;         // "document, article"
  std::optional<Fen> amount;  // running amount after the step, when known
  // false: the step's constant rests on a secondary quote not yet checked
  // against the official text; steps that only carry input are true.
  bool verified = true;
};

struct Assessment {
  std::optional<Fen> value;        // nullopt: unknown — 需鉴定
  std::optional<Fen> lower_bound;  // when unknown: the value is at least this
  std::optional<Fen> upper_bound;  // when unknown: the value is at most this
  std::string method;              // which method was applied
  std::vector<AssessmentStep> steps;
  std::vector<std::string> notes;  // Chinese
  std::string unknown_reason;      // Chinese; set when value is nullopt

  bool needs_appraisal() const { return !value.has_value(); }
};

class ValueAssessor {
 public:
  explicit ValueAssessor(ValueRules rules);

  // kInvalidInput for inputs that contradict each other (a terrestrial egg
  // without its class, 三有 marked aquatic, a stage factor above 1, …).
  Result<Assessment> assess(const AssessmentInput& in) const;

  const ValueRules& rules() const { return rules_; }

 private:
  ValueRules rules_;
};

}  // namespace qf::law
