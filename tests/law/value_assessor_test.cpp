// Worked examples of the valuation rules as data/law/value-rules.toml states
// them. Base values here are round illustrative numbers, not entries of any
// 基准价值标准目录 (which the project does not hold): the rules are what is
// under test.
#include "law/value_assessor.h"

#include <gtest/gtest.h>

#include <random>

#include "core/embedded_files.h"

namespace qf::law {
namespace {

ValueAssessor assessor() { return ValueAssessor(*ValueRules::builtin()); }

AssessmentInput terrestrial(ProtectionClass c, std::int64_t base_yuan, std::int64_t count = 1) {
  AssessmentInput in;
  in.protection = c;
  in.habitat = Habitat::kTerrestrial;
  in.base_value = yuan(base_yuan);
  in.quantity = Ratio{count, 1};
  return in;
}

Assessment run(const AssessmentInput& in) {
  auto a = assessor().assess(in);
  EXPECT_TRUE(a) << (a ? "" : a.error().message);
  return a ? *a : Assessment{};
}

bool mentions(const std::vector<AssessmentStep>& steps, std::string_view text) {
  for (const auto& s : steps)
    if (s.factor.find(text) != std::string::npos || s.source.find(text) != std::string::npos)
      return true;
  return false;
}

TEST(ValueAssessorTest, LevelMultipliers) {
  // 一级 ×10, 二级 ×5, 三有/地方重点 ×1 (国家林业局令第46号).
  EXPECT_EQ(run(terrestrial(ProtectionClass::kNational1, 1000)).value, yuan(10000));
  EXPECT_EQ(run(terrestrial(ProtectionClass::kNational2, 1000)).value, yuan(5000));
  EXPECT_EQ(run(terrestrial(ProtectionClass::kSanyou, 1000)).value, yuan(1000));
  EXPECT_EQ(run(terrestrial(ProtectionClass::kProvincial, 1000)).value, yuan(1000));
  auto three = run(terrestrial(ProtectionClass::kNational2, 1000, 3));
  EXPECT_EQ(three.value, yuan(15000));
  // The explanation: base, level (×5 with its article), quantity.
  ASSERT_GE(three.steps.size(), 3u);
  EXPECT_EQ(three.steps[0].amount, yuan(1000));
  EXPECT_EQ(three.steps[1].value, "×5");
  EXPECT_NE(three.steps[1].source.find("国家林业局令第46号"), std::string::npos);
  EXPECT_NE(three.steps[1].source.find("第四条"), std::string::npos);
  EXPECT_FALSE(three.steps[1].verified);  // secondary quotation, flagged
  EXPECT_FALSE(three.notes.empty());
}

TEST(ValueAssessorTest, SanyouNotesTheSaleAmountRuleOfTheInterpretation) {
  auto a = run(terrestrial(ProtectionClass::kSanyou, 300));
  bool noted = false;
  for (const auto& n : a.notes) noted = noted || n.find("第十五条第（二）项") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST(ValueAssessorTest, Eggs) {
  // Whole animal: 1000 × 5 = 5000 元.
  auto egg = [](EggClass e) {
    auto in = terrestrial(ProtectionClass::kNational2, 1000);
    in.part = Part::kEgg;
    in.egg_class = e;
    return in;
  };
  EXPECT_EQ(run(egg(EggClass::kAmphibian)).value, yuan(5));  // 1/1000
  EXPECT_EQ(run(egg(EggClass::kReptile)).value, yuan(500));  // 1/10
  EXPECT_EQ(run(egg(EggClass::kBird)).value, yuan(2500));    // 1/2
  auto twelve = egg(EggClass::kBird);
  twelve.quantity = Ratio{12, 1};
  EXPECT_EQ(run(twelve).value, yuan(30000));
  // An egg of a 三有 amphibian worth 20 元: 2 fen — kept exact, not rounded to yuan.
  auto small = terrestrial(ProtectionClass::kSanyou, 20);
  small.part = Part::kEgg;
  small.egg_class = EggClass::kAmphibian;
  EXPECT_EQ(run(small).value, 2);
}

TEST(ValueAssessorTest, CaptiveBred) {
  auto in = terrestrial(ProtectionClass::kNational2, 1000);
  in.origin = Origin::kCaptive;
  EXPECT_EQ(run(in).value, yuan(2500));  // 50%
  in.on_captive_list = true;
  auto listed = run(in);
  EXPECT_EQ(listed.value, yuan(1250));  // 25% on the 人工繁育国家重点保护野生动物名录
  EXPECT_TRUE(mentions(listed.steps, "人工繁育国家重点保护野生动物名录"));
  // On the list but wild: no reduction.
  in.origin = Origin::kWild;
  EXPECT_EQ(run(in).value, yuan(5000));
}

TEST(ValueAssessorTest, ActualPriceAboveTheAssessedValueReplacesIt) {
  auto in = terrestrial(ProtectionClass::kNational2, 100);  // 500 元
  in.actual_price = yuan(800);
  auto higher = run(in);
  EXPECT_EQ(higher.value, yuan(800));
  EXPECT_TRUE(mentions(higher.steps, "实际交易价格"));
  in.actual_price = yuan(300);
  EXPECT_EQ(run(in).value, yuan(500));
  in.actual_price = yuan(500);  // equal: not "高于", the assessed value stands
  EXPECT_FALSE(mentions(run(in).steps, "按实际交易价格执行"));
}

TEST(ValueAssessorTest, ProductsNeverExceedTheWholeAnimal) {
  auto in = terrestrial(ProtectionClass::kNational1, 1000);  // whole: 10000 元
  in.part = Part::kProduct;
  in.product_unit_value = yuan(4000);
  EXPECT_EQ(run(in).value, yuan(4000));
  in.product_unit_value = yuan(12000);
  auto capped = run(in);
  EXPECT_EQ(capped.value, yuan(10000));
  EXPECT_TRUE(mentions(capped.steps, "不超过"));
  // No assessor's figure: unknown, at most the whole animal per piece.
  in.product_unit_value.reset();
  in.quantity = Ratio{3, 1};
  auto unknown = run(in);
  EXPECT_FALSE(unknown.value);
  EXPECT_TRUE(unknown.needs_appraisal());
  EXPECT_EQ(unknown.upper_bound, yuan(30000));
  EXPECT_NE(unknown.unknown_reason.find("第五条"), std::string::npos);
}

TEST(ValueAssessorTest, MissingBaseValueIsUnknownNeverInvented) {
  auto in = terrestrial(ProtectionClass::kNational1, 0);
  in.base_value.reset();
  auto a = run(in);
  EXPECT_FALSE(a.value);
  EXPECT_NE(a.unknown_reason.find("需鉴定"), std::string::npos);
  EXPECT_NE(a.unknown_reason.find("第十六条"), std::string::npos);
  EXPECT_FALSE(a.lower_bound);
  // With an actual trade price, the value is at least that price.
  in.actual_price = yuan(30000);
  EXPECT_EQ(run(in).lower_bound, yuan(30000));
}

TEST(ValueAssessorTest, CitesWithoutNaturalRangeUsesTheReferenceSpecies) {
  auto in = terrestrial(ProtectionClass::kCites2, 800);
  in.base_value_basis = "同属参照：某三有物种";
  auto a = run(in);
  EXPECT_EQ(a.value, yuan(800));  // ×1: valued as the 三有/地方重点 relative
  EXPECT_TRUE(mentions(a.steps, "同属参照：某三有物种"));  // which fallback was used is reported
  EXPECT_TRUE(mentions(a.steps, "第八条"));
}

TEST(ValueAssessorTest, OtherAnimalsAreValuedBySaleAmountOnly) {
  AssessmentInput in;
  in.protection = ProtectionClass::kNone;
  in.base_value = yuan(100);  // ignored: no method applies
  auto a = run(in);
  EXPECT_FALSE(a.value);
  EXPECT_NE(a.unknown_reason.find("第十五条第（二）项"), std::string::npos);
  in.actual_price = yuan(640);
  EXPECT_EQ(run(in).value, yuan(640));
  // Aquatic 地方重点: outside the aquatic method's scope (its 第二条).
  in.habitat = Habitat::kAquatic;
  in.protection = ProtectionClass::kProvincial;
  EXPECT_EQ(run(in).value, yuan(640));
}

TEST(ValueAssessorTest, AquaticMethod) {
  AssessmentInput in;
  in.habitat = Habitat::kAquatic;
  in.protection = ProtectionClass::kNational1;
  in.base_value = yuan(2000);
  EXPECT_EQ(run(in).value, yuan(20000));  // 第四条: 10
  in.protection = ProtectionClass::kNational2;
  EXPECT_EQ(run(in).value, yuan(10000));  // 5
  in.protection = ProtectionClass::kCites1;
  EXPECT_EQ(run(in).value, yuan(2000));  // unapproved CITES: 1
  // Juveniles: × development-stage factor ≤ 1 (第五条).
  in.protection = ProtectionClass::kNational2;
  in.stage_factor = Ratio{3, 10};
  EXPECT_EQ(run(in).value, yuan(3000));
  in.stage_factor = Ratio{3, 2};
  EXPECT_FALSE(assessor().assess(in));
  in.stage_factor.reset();
  // 人工繁育: the constant is not known — unknown, not guessed.
  in.origin = Origin::kCaptive;
  auto captive = run(in);
  EXPECT_FALSE(captive.value);
  EXPECT_FALSE(captive.upper_bound);
  EXPECT_NE(captive.unknown_reason.find("需鉴定"), std::string::npos);
  // Eggs: with their own base value, base × level (第六条); otherwise the
  // 繁殖力系数 is needed and unknown.
  in.origin = Origin::kWild;
  in.part = Part::kEgg;
  EXPECT_FALSE(run(in).value);
  in.egg_has_own_base_value = true;
  EXPECT_EQ(run(in).value, yuan(10000));
  // Actual price: not known to replace the value in the aquatic method — a note only.
  in.part = Part::kWhole;
  in.egg_has_own_base_value = false;
  in.actual_price = yuan(99999);
  auto priced = run(in);
  EXPECT_EQ(priced.value, yuan(10000));
}

TEST(ValueAssessorTest, WeightsAsQuantity) {
  auto in = terrestrial(ProtectionClass::kNational1, 1000);  // per kg: 10000 元/kg
  in.quantity = Ratio{2500, 1000};                           // 2.5 kg
  EXPECT_EQ(run(in).value, yuan(25000));
}

TEST(ValueAssessorTest, RefusesContradictoryInput) {
  auto in = terrestrial(ProtectionClass::kNational2, 100);
  in.part = Part::kEgg;  // terrestrial egg without class
  EXPECT_EQ(assessor().assess(in).error().fields.at(0).field, "egg_class");
  in = terrestrial(ProtectionClass::kSanyou, 100);
  in.habitat = Habitat::kAquatic;
  EXPECT_EQ(assessor().assess(in).error().fields.at(0).field, "class");
  in = terrestrial(ProtectionClass::kNational2, 100);
  in.quantity = Ratio{0, 1};
  EXPECT_EQ(assessor().assess(in).error().fields.at(0).field, "count");
  in = terrestrial(ProtectionClass::kNational2, 100);
  in.product_unit_value = yuan(10);  // a product value for a whole animal
  EXPECT_FALSE(assessor().assess(in));
  in = terrestrial(ProtectionClass::kNational2, 100);
  in.stage_factor = Ratio{1, 2};  // terrestrial has no stage factor
  EXPECT_FALSE(assessor().assess(in));
}

TEST(ValueAssessorTest, CorrectedRulesTakeEffectWithoutCodeChanges) {
  std::string text(*embedded_file(kValueRulesPath));
  auto at = text.find("key = \"aquatic.captive.general\"\nstatus = \"unknown\"");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, std::string("key = \"aquatic.captive.general\"\nstatus = \"unknown\"").size(),
               "key = \"aquatic.captive.general\"\nfactor = \"1/2\"");
  ValueAssessor corrected(*ValueRules::parse(text));
  AssessmentInput in;
  in.habitat = Habitat::kAquatic;
  in.protection = ProtectionClass::kNational2;
  in.base_value = yuan(2000);
  in.origin = Origin::kCaptive;
  EXPECT_EQ(corrected.assess(in)->value, yuan(5000));
}

// Property: over random inputs, the value never decreases with the count, is
// never negative, and a product never exceeds its whole animal.
TEST(ValueAssessorTest, PropertiesHoldOverRandomInputs) {
  std::mt19937 rng(20220409);  // seed: 法释〔2022〕12号 in force since 2022-04-09
  const ProtectionClass classes[] = {ProtectionClass::kNational1, ProtectionClass::kNational2,
                                     ProtectionClass::kSanyou,    ProtectionClass::kProvincial,
                                     ProtectionClass::kCites1,    ProtectionClass::kCites2,
                                     ProtectionClass::kNone};
  auto a = assessor();
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  auto effective = [](const Assessment& x) -> std::optional<Fen> {
    return x.value ? x.value : x.upper_bound;
  };
  for (int round = 0; round < 3000; ++round) {
    AssessmentInput in;
    in.protection = classes[pick(7)];
    in.habitat = (pick(2) == 0 || in.protection == ProtectionClass::kSanyou) ? Habitat::kTerrestrial
                                                                             : Habitat::kAquatic;
    in.base_value = yuan(pick(200000));
    in.origin = pick(2) ? Origin::kWild : Origin::kCaptive;
    in.on_captive_list = pick(2);
    if (pick(3) == 0) in.actual_price = yuan(pick(500000));
    const std::int64_t count = 1 + pick(50);
    in.quantity = Ratio{count, 1};

    auto whole = a.assess(in);
    ASSERT_TRUE(whole) << whole.error().message;
    auto more_in = in;
    more_in.quantity = Ratio{count + 1, 1};
    auto more = a.assess(more_in);
    ASSERT_TRUE(more);
    if (whole->value) {
      EXPECT_GE(*whole->value, 0);
      ASSERT_TRUE(more->value);
      EXPECT_GE(*more->value, *whole->value) << "count " << count;
    }

    auto product_in = in;
    product_in.part = Part::kProduct;
    if (pick(2)) product_in.product_unit_value = yuan(pick(3000000));
    auto product = a.assess(product_in);
    ASSERT_TRUE(product);
    auto p = effective(*product);
    if (p && whole->value) {
      EXPECT_LE(*p, *whole->value) << protection_class_code(in.protection);
    }
    if (p) {
      EXPECT_GE(*p, 0);
    }
    auto more_product_in = product_in;
    more_product_in.quantity = Ratio{count + 1, 1};
    auto more_product = a.assess(more_product_in);
    if (p) {
      EXPECT_GE(*effective(*more_product), *p);
    }
  }
}

}  // namespace
}  // namespace qf::law
