// Worked examples at every band edge of 法释〔2022〕12号, written from its text
// (spc-spp-wildlife-crimes-2022.md). "以上" includes the amount (刑法第九十九条),
// "不满" excludes it.
#include "law/criminal_thresholds.h"

#include <gtest/gtest.h>

namespace qf::law {
namespace {

CaseItem item(ProtectionClass c, std::optional<Fen> value, Habitat h = Habitat::kTerrestrial) {
  CaseItem i;
  i.label = std::string(protection_class_code(c));
  i.protection = c;
  i.habitat = h;
  i.value = value;
  return i;
}

OffenceReport evaluate(Behaviour b, std::vector<CaseItem> items, Circumstances c = {}) {
  auto r = evaluate_offences({b, std::move(items), c});
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return r ? *r : OffenceReport{};
}

const OffenceFinding* find(const OffenceReport& r, std::string_view code) {
  for (const auto& f : r.offences)
    if (f.code == code) return &f;
  return nullptr;
}

bool any_contains(const std::vector<std::string>& texts, std::string_view needle) {
  for (const auto& t : texts)
    if (t.find(needle) != std::string::npos) return true;
  return false;
}

// ---- 刑法第三百四十一条第一款 / 法释 第六条 ----

struct BandCase {
  Fen value;
  FindingStatus status;
  std::string band;
};

TEST(CriminalThresholdsTest, PreciousAnimalsBandEdges) {
  const BandCase cases[] = {
      {yuan(20000) - 1, FindingStatus::kNotMadeOut, ""},
      {yuan(20000), FindingStatus::kMadeOut, "base"},
      {yuan(20000) + 1, FindingStatus::kMadeOut, "base"},
      {yuan(200000) - 1, FindingStatus::kMadeOut, "base"},
      {yuan(200000), FindingStatus::kMadeOut, "serious"},
      {yuan(200000) + 1, FindingStatus::kMadeOut, "serious"},
      {yuan(2000000) - 1, FindingStatus::kMadeOut, "serious"},
      {yuan(2000000), FindingStatus::kMadeOut, "especially_serious"},
      {yuan(2000000) + 1, FindingStatus::kMadeOut, "especially_serious"},
  };
  for (auto b : {Behaviour::kHunting, Behaviour::kKilling, Behaviour::kPurchase,
                 Behaviour::kTransport, Behaviour::kSale}) {
    for (const auto& c : cases) {
      auto r = evaluate(b, {item(ProtectionClass::kNational2, c.value)});
      const auto* f = find(r, "cl-341-1");
      ASSERT_TRUE(f) << format_yuan(c.value);
      EXPECT_EQ(f->status, c.status) << format_yuan(c.value);
      EXPECT_EQ(f->band, c.band) << format_yuan(c.value);
      EXPECT_EQ(r.suspected_crime, c.status == FindingStatus::kMadeOut);
      EXPECT_EQ(r.conclusion == kTransferConclusion, c.status == FindingStatus::kMadeOut);
      EXPECT_EQ(f->value_total, c.value);
    }
  }
}

TEST(CriminalThresholdsTest, PreciousAnimalsExplainsWithArticles) {
  auto r = evaluate(Behaviour::kSale, {item(ProtectionClass::kNational1, yuan(200000))});
  const auto* f = find(r, "cl-341-1");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->name, "危害珍贵、濒危野生动物罪");
  EXPECT_EQ(f->penalty, "处五年以上十年以下有期徒刑，并处罚金");
  EXPECT_TRUE(any_contains(f->articles, "刑法 第三百四十一条第一款"));
  EXPECT_TRUE(any_contains(f->reasons, "第六条第一款"));
  EXPECT_TRUE(any_contains(f->reasons, "刑法第九十九条"));
  EXPECT_TRUE(any_contains(r.transfer_basis, "国务院令第310号"));
  EXPECT_TRUE(any_contains(r.transfer_basis, "第三十五条第四款"));
}

TEST(CriminalThresholdsTest, OnlyNationalKeyAnimalsCountForParagraphOne) {
  // 三有 worth 30,000 sold (not for eating): not an object of 第一款.
  auto r = evaluate(Behaviour::kSale, {item(ProtectionClass::kSanyou, yuan(30000))});
  EXPECT_FALSE(find(r, "cl-341-1"));
  EXPECT_FALSE(r.suspected_crime);
  EXPECT_TRUE(any_contains(r.notes, "以食用为目的"));  // the hint towards 第三款
  // Mixed: only the national key part counts.
  r = evaluate(Behaviour::kSale, {item(ProtectionClass::kNational2, yuan(15000)),
                                  item(ProtectionClass::kSanyou, yuan(15000))});
  EXPECT_EQ(find(r, "cl-341-1")->status, FindingStatus::kNotMadeOut);
}

TEST(CriminalThresholdsTest, UnknownValuesAreUndeterminedUnlessTheKnownPartSuffices) {
  auto r = evaluate(Behaviour::kSale, {item(ProtectionClass::kNational2, yuan(15000)),
                                       item(ProtectionClass::kNational1, std::nullopt)});
  const auto* f = find(r, "cl-341-1");
  EXPECT_EQ(f->status, FindingStatus::kUndetermined);
  EXPECT_FALSE(f->value_complete);
  EXPECT_TRUE(r.needs_appraisal);
  EXPECT_FALSE(r.suspected_crime);
  EXPECT_NE(r.conclusion.find("待鉴定"), std::string::npos);

  r = evaluate(Behaviour::kSale, {item(ProtectionClass::kNational2, yuan(25000)),
                                  item(ProtectionClass::kNational1, std::nullopt)});
  f = find(r, "cl-341-1");
  EXPECT_EQ(f->status, FindingStatus::kMadeOut);
  EXPECT_EQ(f->band, "base");
  EXPECT_TRUE(any_contains(f->notes, "档次可能更高"));
  EXPECT_TRUE(r.suspected_crime);

  // A lower bound from the assessment (actual price) counts.
  auto priced = item(ProtectionClass::kNational1, std::nullopt);
  priced.value_lower_bound = yuan(20000);
  EXPECT_EQ(find(evaluate(Behaviour::kSale, {priced}), "cl-341-1")->status,
            FindingStatus::kMadeOut);
}

TEST(CriminalThresholdsTest, AccumulationWithinTwoYears) {
  auto earlier = item(ProtectionClass::kNational2, yuan(10000));
  earlier.accumulated = true;
  auto r = evaluate(Behaviour::kSale, {item(ProtectionClass::kNational2, yuan(10000)), earlier});
  const auto* f = find(r, "cl-341-1");
  EXPECT_EQ(f->status, FindingStatus::kMadeOut);
  EXPECT_EQ(f->value_total, yuan(20000));
  EXPECT_TRUE(any_contains(f->reasons, "第十二条"));
}

TEST(CriminalThresholdsTest, AggravatingAndMitigatingCircumstances) {
  Circumstances c;
  c.full_restitution_and_remorse = true;
  auto r = evaluate(Behaviour::kSale, {item(ProtectionClass::kNational2, yuan(30000))}, c);
  const auto* f = find(r, "cl-341-1");
  ASSERT_EQ(f->mitigating.size(), 1u);
  EXPECT_NE(f->mitigating[0].find("第六条第三款第（三）项"), std::string::npos);
  EXPECT_TRUE(any_contains(r.notes, "第十四条"));
  EXPECT_TRUE(r.suspected_crime);  // still transferred: not the department's call

  r = evaluate(Behaviour::kSale, {item(ProtectionClass::kNational2, yuan(2000000))}, c);
  EXPECT_TRUE(any_contains(find(r, "cl-341-1")->mitigating, "可以认定为“情节严重”"));

  // An aggravating circumstance of 第二款 excludes 第三款's leniency.
  c.prior_admin_penalty_within_2y = true;
  r = evaluate(Behaviour::kSale, {item(ProtectionClass::kNational2, yuan(30000))}, c);
  f = find(r, "cl-341-1");
  EXPECT_TRUE(f->mitigating.empty());
  EXPECT_TRUE(any_contains(f->aggravating, "第六条第二款第（四）项"));
  // So does a dead animal.
  c.prior_admin_penalty_within_2y = false;
  c.animal_died_or_unrecoverable = true;
  r = evaluate(Behaviour::kSale, {item(ProtectionClass::kNational2, yuan(30000))}, c);
  EXPECT_TRUE(find(r, "cl-341-1")->mitigating.empty());
}

TEST(CriminalThresholdsTest, CaptiveBredOnTheListIsGenerallyNotACrime) {
  auto bred = item(ProtectionClass::kNational2, yuan(50000));
  bred.origin = Origin::kCaptive;
  bred.on_captive_list = true;
  auto r = evaluate(Behaviour::kSale, {bred});
  const auto* f = find(r, "cl-341-1");
  EXPECT_EQ(f->status, FindingStatus::kMadeOut);
  EXPECT_TRUE(f->generally_not_crime);
  EXPECT_FALSE(r.suspected_crime);
  EXPECT_NE(r.conclusion.find("第十三条第二款"), std::string::npos);
  // Captive but not on the list: the value rule alone decides (a note of 第十三条第一款).
  bred.on_captive_list = false;
  r = evaluate(Behaviour::kSale, {bred});
  EXPECT_TRUE(r.suspected_crime);
  EXPECT_TRUE(any_contains(find(r, "cl-341-1")->notes, "第十三条第一款"));
}

TEST(CriminalThresholdsTest, MarineAquaticAnimalsGoToTheOtherInterpretation) {
  Circumstances c;
  c.marine_waters = true;
  auto r = evaluate(Behaviour::kSale,
                    {item(ProtectionClass::kNational1, yuan(5000000), Habitat::kAquatic)}, c);
  EXPECT_EQ(find(r, "cl-341-1")->status, FindingStatus::kUndetermined);
  EXPECT_TRUE(any_contains(find(r, "cl-341-1")->reasons, "法释〔2016〕17号"));
}

// ---- 刑法第三百四十一条第二款 / 法释 第七条 ----

TEST(CriminalThresholdsTest, IllegalHunting) {
  Circumstances season;
  season.closed_hunting_season = true;
  auto r = evaluate(Behaviour::kHunting, {item(ProtectionClass::kSanyou, yuan(10000) - 1)}, season);
  EXPECT_EQ(find(r, "cl-341-2")->status, FindingStatus::kNotMadeOut);
  EXPECT_FALSE(r.suspected_crime);
  r = evaluate(Behaviour::kHunting, {item(ProtectionClass::kSanyou, yuan(10000))}, season);
  EXPECT_EQ(find(r, "cl-341-2")->status, FindingStatus::kMadeOut);
  EXPECT_TRUE(any_contains(find(r, "cl-341-2")->reasons, "第七条第一款第（一）项"));
  EXPECT_EQ(find(r, "cl-341-2")->penalty, "处三年以下有期徒刑、拘役、管制或者罚金");
  EXPECT_TRUE(r.suspected_crime);

  // Closed area or season with banned tools: 情节严重 whatever the value.
  Circumstances area_tools;
  area_tools.closed_hunting_area = true;
  area_tools.banned_hunting_tools = true;
  r = evaluate(Behaviour::kHunting, {item(ProtectionClass::kNone, yuan(0))}, area_tools);
  EXPECT_TRUE(any_contains(find(r, "cl-341-2")->reasons, "第七条第一款第（二）项"));
  EXPECT_EQ(find(r, "cl-341-2")->status, FindingStatus::kMadeOut);
  Circumstances season_tools;
  season_tools.closed_hunting_season = true;
  season_tools.banned_hunting_tools = true;
  r = evaluate(Behaviour::kHunting, {}, season_tools);
  EXPECT_TRUE(any_contains(find(r, "cl-341-2")->reasons, "第七条第一款第（三）项"));

  // Without 禁猎区/禁猎期/禁用工具 there is no 非法狩猎罪, whatever the value.
  r = evaluate(Behaviour::kHunting, {item(ProtectionClass::kSanyou, yuan(90000))});
  EXPECT_EQ(find(r, "cl-341-2")->status, FindingStatus::kNotMadeOut);

  // Aggravating circumstances of 第二款.
  season.violent_resistance = true;
  r = evaluate(Behaviour::kHunting, {item(ProtectionClass::kSanyou, yuan(10000))}, season);
  EXPECT_TRUE(any_contains(find(r, "cl-341-2")->aggravating, "第七条第二款第（一）项"));
}

// ---- 刑法第三百四十一条第三款 / 法释 第八条 ----

TEST(CriminalThresholdsTest, ForEatingThresholds) {
  Circumstances eat;
  eat.for_eating = true;
  for (auto c : {ProtectionClass::kSanyou, ProtectionClass::kProvincial}) {
    auto r = evaluate(Behaviour::kPurchase, {item(c, yuan(10000) - 1)}, eat);
    EXPECT_EQ(find(r, "cl-341-3")->status, FindingStatus::kNotMadeOut);
    r = evaluate(Behaviour::kPurchase, {item(c, yuan(10000))}, eat);
    EXPECT_EQ(find(r, "cl-341-3")->status, FindingStatus::kMadeOut);
    EXPECT_TRUE(any_contains(find(r, "cl-341-3")->reasons, "第八条第一款第（一）项"));
  }
  auto r = evaluate(Behaviour::kTransport, {item(ProtectionClass::kNone, yuan(50000) - 1)}, eat);
  EXPECT_EQ(find(r, "cl-341-3")->status, FindingStatus::kNotMadeOut);
  r = evaluate(Behaviour::kTransport, {item(ProtectionClass::kNone, yuan(50000))}, eat);
  EXPECT_EQ(find(r, "cl-341-3")->status, FindingStatus::kMadeOut);
  EXPECT_TRUE(any_contains(find(r, "cl-341-3")->reasons, "第八条第一款第（二）项"));
  // The two groups are counted separately: 9,000 三有 + 40,000 other is neither.
  r = evaluate(
      Behaviour::kSale,
      {item(ProtectionClass::kSanyou, yuan(9000)), item(ProtectionClass::kNone, yuan(40000))}, eat);
  EXPECT_EQ(find(r, "cl-341-3")->status, FindingStatus::kNotMadeOut);
  // Captive-bred animals are not "在野外环境自然生长繁殖".
  auto bred = item(ProtectionClass::kSanyou, yuan(90000));
  bred.origin = Origin::kCaptive;
  r = evaluate(Behaviour::kSale, {bred}, eat);
  EXPECT_FALSE(find(r, "cl-341-3"));
  // Without the eating purpose the paragraph does not apply.
  r = evaluate(Behaviour::kSale, {item(ProtectionClass::kSanyou, yuan(90000))});
  EXPECT_FALSE(find(r, "cl-341-3"));
  // Hunting for eating in a closed season: both 第二款 and 第三款, and 第八条第二款 says which.
  eat.closed_hunting_season = true;
  r = evaluate(Behaviour::kHunting, {item(ProtectionClass::kSanyou, yuan(10000))}, eat);
  EXPECT_EQ(find(r, "cl-341-3")->status, FindingStatus::kMadeOut);
  EXPECT_EQ(find(r, "cl-341-2")->status, FindingStatus::kMadeOut);
  EXPECT_TRUE(any_contains(find(r, "cl-341-3")->notes, "第八条第二款"));
}

// ---- 刑法第三百四十条 / 法释 第三条 ----

CaseItem fish(std::int64_t grams, Fen value) {
  CaseItem i = item(ProtectionClass::kNone, value, Habitat::kAquatic);
  i.label = "渔获物";
  i.weight = grams;
  return i;
}

TEST(CriminalThresholdsTest, IllegalFishingQuantities) {
  Circumstances season;
  season.closed_fishing_season = true;
  auto status = [&](std::vector<CaseItem> items, Circumstances c) {
    return find(evaluate(Behaviour::kFishing, std::move(items), c), "cl-340")->status;
  };
  EXPECT_EQ(status({fish(kilograms(500) - 1, yuan(10000) - 1)}, season),
            FindingStatus::kNotMadeOut);
  EXPECT_EQ(status({fish(kilograms(500), yuan(100))}, season), FindingStatus::kMadeOut);
  EXPECT_EQ(status({fish(kilograms(1), yuan(10000))}, season), FindingStatus::kMadeOut);
  // Two hauls add up.
  EXPECT_EQ(status({fish(kilograms(250), yuan(10)), fish(kilograms(250), yuan(10))}, season),
            FindingStatus::kMadeOut);
  // 苗种、怀卵亲体: 50 kg or 1,000 元.
  auto fry = fish(kilograms(50) - 1, yuan(1000) - 1);
  fry.fry_or_brood = true;
  EXPECT_EQ(status({fry}, season), FindingStatus::kNotMadeOut);
  fry.weight = kilograms(50);
  EXPECT_EQ(status({fry}, season), FindingStatus::kMadeOut);
  fry.weight = kilograms(1);
  fry.value = yuan(1000);
  EXPECT_EQ(status({fry}, season), FindingStatus::kMadeOut);
  // In a 水产种质资源保护区 every catch counts at the lower threshold.
  Circumstances reserve = season;
  reserve.germplasm_reserve = true;
  EXPECT_EQ(status({fish(kilograms(1), yuan(1000))}, reserve), FindingStatus::kMadeOut);
  EXPECT_EQ(status({fish(kilograms(1), yuan(1000) - 1)}, reserve), FindingStatus::kNotMadeOut);
  // Unknown weight and value below the line: needs appraisal.
  CaseItem unknown = fish(0, 0);
  unknown.weight.reset();
  unknown.value.reset();
  EXPECT_EQ(status({unknown}, season), FindingStatus::kUndetermined);
}

TEST(CriminalThresholdsTest, IllegalFishingMethods) {
  Circumstances area;
  area.closed_fishing_area = true;
  area.destructive_fishing = true;
  auto r = evaluate(Behaviour::kFishing, {}, area);
  EXPECT_EQ(find(r, "cl-340")->status, FindingStatus::kMadeOut);
  EXPECT_TRUE(any_contains(find(r, "cl-340")->reasons, "第三条第一款第（三）项"));
  EXPECT_TRUE(r.suspected_crime);
  Circumstances season;
  season.closed_fishing_season = true;
  season.destructive_fishing = true;
  r = evaluate(Behaviour::kFishing, {fish(kilograms(1), yuan(20))}, season);
  EXPECT_TRUE(any_contains(find(r, "cl-340")->reasons, "第三条第一款第（四）项"));
  // Banned tools outside closed areas and seasons: only the quantities count.
  Circumstances tools;
  tools.banned_fishing_tools = true;
  r = evaluate(Behaviour::kFishing, {fish(kilograms(3), yuan(60))}, tools);
  EXPECT_EQ(find(r, "cl-340")->status, FindingStatus::kNotMadeOut);
  // Without 禁渔区/禁渔期/禁用工具 there is no 非法捕捞水产品罪.
  r = evaluate(Behaviour::kFishing, {fish(kilograms(900), yuan(90000))});
  EXPECT_EQ(find(r, "cl-340")->status, FindingStatus::kNotMadeOut);
  // Aggravating circumstances of 第二款.
  season.multiple_boats = true;
  season.fishing_as_business = true;
  r = evaluate(Behaviour::kFishing, {}, season);
  EXPECT_EQ(find(r, "cl-340")->aggravating.size(), 2u);
  // Marine waters: 法释〔2016〕17号, not guessed.
  Circumstances marine = season;
  marine.marine_waters = true;
  r = evaluate(Behaviour::kFishing, {fish(kilograms(900), yuan(90000))}, marine);
  EXPECT_EQ(find(r, "cl-340")->status, FindingStatus::kUndetermined);
}

TEST(CriminalThresholdsTest, FishingANationalKeyAnimalIsAlsoParagraphOne) {
  Circumstances season;
  season.closed_fishing_season = true;
  auto r = evaluate(Behaviour::kFishing,
                    {item(ProtectionClass::kNational2, yuan(20000), Habitat::kAquatic)}, season);
  EXPECT_EQ(find(r, "cl-341-1")->status, FindingStatus::kMadeOut);
  EXPECT_EQ(find(r, "cl-340")->status, FindingStatus::kMadeOut);
  EXPECT_TRUE(any_contains(r.notes, "多个罪名"));
}

// ---- 刑法第一百五十一条第二款 / 法释 第一条、第二条 ----

TEST(CriminalThresholdsTest, SmugglingBandEdges) {
  Circumstances import;
  import.direction = Direction::kImport;
  const BandCase cases[] = {
      {yuan(20000) - 1, FindingStatus::kNotMadeOut, ""},
      {yuan(20000), FindingStatus::kMadeOut, "minor"},
      {yuan(200000) - 1, FindingStatus::kMadeOut, "minor"},
      {yuan(200000), FindingStatus::kMadeOut, "base"},
      {yuan(2000000) - 1, FindingStatus::kMadeOut, "base"},
      {yuan(2000000), FindingStatus::kMadeOut, "especially_serious"},
  };
  for (const auto& c : cases) {
    auto r = evaluate(Behaviour::kSmuggling, {item(ProtectionClass::kCites2, c.value)}, import);
    const auto* f = find(r, "cl-151-2");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->status, c.status) << format_yuan(c.value);
    EXPECT_EQ(f->band, c.band) << format_yuan(c.value);
    EXPECT_EQ(r.suspected_crime, c.status == FindingStatus::kMadeOut);
  }
  auto r = evaluate(Behaviour::kSmuggling, {item(ProtectionClass::kCites1, yuan(20000))}, import);
  EXPECT_EQ(find(r, "cl-151-2")->band_label, "情节较轻（价值二万元以上不满二十万元）");
  EXPECT_TRUE(any_contains(r.transfer_basis, "海关法"));
}

TEST(CriminalThresholdsTest, SmugglingNationalKeyOnlyOnExport) {
  Circumstances c;
  c.direction = Direction::kImport;
  // A national key species that is not on a CITES appendix: importing is not 第一条.
  auto r = evaluate(Behaviour::kSmuggling, {item(ProtectionClass::kNational2, yuan(50000))}, c);
  EXPECT_FALSE(find(r, "cl-151-2"));
  // ... unless it is on a CITES appendix.
  auto listed = item(ProtectionClass::kNational1, yuan(50000));
  listed.cites_appendix = 1;
  EXPECT_EQ(find(evaluate(Behaviour::kSmuggling, {listed}, c), "cl-151-2")->status,
            FindingStatus::kMadeOut);
  c.direction = Direction::kExport;
  r = evaluate(Behaviour::kSmuggling, {item(ProtectionClass::kNational2, yuan(50000))}, c);
  EXPECT_EQ(find(r, "cl-151-2")->status, FindingStatus::kMadeOut);
  EXPECT_TRUE(any_contains(find(r, "cl-151-2")->reasons, "第一条"));
  // Direction unknown: not counted, and said so.
  c.direction.reset();
  r = evaluate(Behaviour::kSmuggling, {item(ProtectionClass::kNational2, yuan(50000))}, c);
  EXPECT_EQ(find(r, "cl-151-2")->status, FindingStatus::kUndetermined);
}

TEST(CriminalThresholdsTest, SmugglingMitigation) {
  Circumstances c;
  c.direction = Direction::kImport;
  c.full_restitution_and_remorse = true;
  auto r = evaluate(Behaviour::kSmuggling, {item(ProtectionClass::kCites1, yuan(300000))}, c);
  EXPECT_TRUE(any_contains(find(r, "cl-151-2")->mitigating, "第二条第三款第（二）项"));
  c.special_vehicle = true;
  r = evaluate(Behaviour::kSmuggling, {item(ProtectionClass::kCites1, yuan(300000))}, c);
  EXPECT_TRUE(find(r, "cl-151-2")->mitigating.empty());
  EXPECT_TRUE(any_contains(find(r, "cl-151-2")->aggravating, "第二条第二款第（二）项"));
}

TEST(CriminalThresholdsTest, KnowinglyBuyingCriminalCatch) {
  Circumstances c;
  c.knowingly_handling_criminal_catch = true;
  auto r = evaluate(Behaviour::kPurchase, {fish(kilograms(10), yuan(200))}, c);
  ASSERT_TRUE(find(r, "cl-312"));
  EXPECT_TRUE(any_contains(find(r, "cl-312")->articles, "第九条"));
}

TEST(CriminalThresholdsTest, RefusesNegativeValues) {
  auto r = evaluate_offences({Behaviour::kSale, {item(ProtectionClass::kNational2, -1)}, {}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields.at(0).field, "items/0/value");
}

TEST(CriminalThresholdsTest, NothingToTransferBelowEveryLine) {
  auto r = evaluate(Behaviour::kSale, {item(ProtectionClass::kNational2, yuan(5000))});
  EXPECT_FALSE(r.suspected_crime);
  EXPECT_EQ(r.conclusion, "未发现达到定罪标准的情形，依法作行政处理");
  EXPECT_TRUE(r.transfer_basis.empty());
}

}  // namespace
}  // namespace qf::law
