#include "law/criminal_thresholds.h"

#include <algorithm>
#include <functional>

namespace qf::law {
namespace {

// ---- the thresholds, one table, each with its article ---------------------
//
// All from 法释〔2022〕12号 (spc-spp-wildlife-crimes-2022.md) and 刑法
// (criminal-law.md); "以上" includes the amount (刑法第九十九条).

constexpr std::string_view kInterp = "法释〔2022〕12号";

struct Band {
  Fen from;  // inclusive ("以上")
  std::string_view code;
  std::string_view label;
  std::string_view penalty;
};

// 法释 第六条第一款 → 刑法第三百四十一条第一款.
constexpr Band k341Para1Bands[] = {
    {yuan(20000), "base", "基本犯（价值二万元以上不满二十万元）",
     "处五年以下有期徒刑或者拘役，并处罚金"},
    {yuan(200000), "serious", "情节严重（价值二十万元以上不满二百万元）",
     "处五年以上十年以下有期徒刑，并处罚金"},
    {yuan(2000000), "especially_serious", "情节特别严重（价值二百万元以上）",
     "处十年以上有期徒刑，并处罚金或者没收财产"},
};

// 法释 第二条第一款 → 刑法第一百五十一条第二款.
constexpr Band kSmugglingBands[] = {
    {yuan(20000), "minor", "情节较轻（价值二万元以上不满二十万元）",
     "处五年以下有期徒刑，并处罚金"},
    {yuan(200000), "base", "基本犯（价值二十万元以上不满二百万元）",
     "处五年以上十年以下有期徒刑，并处罚金"},
    {yuan(2000000), "especially_serious", "情节特别严重（价值二百万元以上）",
     "处十年以上有期徒刑或者无期徒刑，并处没收财产"},
};

// 法释 第七条第一款第（一）项: 非法猎捕野生动物价值一万元以上.
constexpr Fen kHuntingValue = yuan(10000);
// 法释 第八条第一款第（一）项: 三有或地方重点保护陆生野生动物价值一万元以上.
constexpr Fen kEatingSanyouValue = yuan(10000);
// 法释 第八条第一款第（二）项: 其他陆生野生动物价值五万元以上.
constexpr Fen kEatingOtherValue = yuan(50000);
// 法释 第三条第一款第（一）项: 五百公斤以上或者价值一万元以上.
constexpr Grams kFishingWeight = kilograms(500);
constexpr Fen kFishingValue = yuan(10000);
// 法释 第三条第一款第（二）项: 苗种、怀卵亲体或种质资源保护区: 五十公斤以上或者价值一千元以上.
constexpr Grams kFishingSensitiveWeight = kilograms(50);
constexpr Fen kFishingSensitiveValue = yuan(1000);

// 刑法 penalties of the single-band offences.
constexpr std::string_view kPenalty340 = "处三年以下有期徒刑、拘役、管制或者罚金";  // 第三百四十条
constexpr std::string_view kPenalty341Para2 =
    "处三年以下有期徒刑、拘役、管制或者罚金";  // 第三百四十一条第二款; 第三款依照前款
constexpr std::string_view kPenalty312 =
    "处三年以下有期徒刑、拘役或者管制，并处或者单处罚金；情节严重的，处三年以上七年以下有期徒刑，并"
    "处罚金";

std::string art(std::string_view article) {
  return std::string(kInterp) + " " + std::string(article);
}

std::string money(Fen f) { return format_yuan(f) + " 元"; }

// ---- sums over the items an offence counts --------------------------------

struct Sum {
  Fen value = 0;  // known values plus lower bounds of unknown ones
  bool value_complete = true;
  Grams weight = 0;
  bool weight_complete = true;
  std::size_t count = 0;
  bool any_accumulated = false;
  std::vector<std::string> unknown_labels;
};

Sum sum_items(const std::vector<const CaseItem*>& items) {
  Sum s;
  for (const auto* i : items) {
    ++s.count;
    s.any_accumulated = s.any_accumulated || i->accumulated;
    if (i->value) {
      s.value += *i->value;
    } else {
      s.value_complete = false;
      s.value += i->value_lower_bound.value_or(0);
      s.unknown_labels.push_back(i->label.empty() ? "（未命名物品）" : i->label);
    }
    if (i->weight)
      s.weight += *i->weight;
    else
      s.weight_complete = false;
  }
  return s;
}

std::vector<const CaseItem*> select(const std::vector<CaseItem>& items,
                                    const std::function<bool(const CaseItem&)>& pred) {
  std::vector<const CaseItem*> out;
  for (const auto& i : items)
    if (pred(i)) out.push_back(&i);
  return out;
}

template <std::size_t N>
const Band* band_for(const Band (&bands)[N], Fen value) {
  const Band* found = nullptr;
  for (const auto& b : bands)
    if (value >= b.from) found = &b;
  return found;
}

void note_sum(OffenceFinding& f, const Sum& s, std::string_view what) {
  f.value_total = s.value;
  f.value_complete = s.value_complete;
  if (s.any_accumulated)
    f.reasons.push_back("含二年内未经处理的前次行为，数量、数额累计计算（" + art("第十二条") +
                        "）");
  std::string text = std::string(what) + "价值合计 " + money(s.value);
  if (!s.value_complete) {
    text += "（另有价值待鉴定：";
    for (std::size_t i = 0; i < s.unknown_labels.size(); ++i)
      text += (i ? "、" : "") + s.unknown_labels[i];
    text += "）";
  }
  f.reasons.push_back(text);
}

// Applies a banded table: made out at the highest band reached; with unknown
// values, a band reached by the known part is a floor, and no band reached
// leaves the finding undetermined.
template <std::size_t N>
void apply_bands(OffenceFinding& f, const Band (&bands)[N], const Sum& s,
                 std::string_view article) {
  const Band* b = band_for(bands, s.value);
  if (b) {
    f.status = FindingStatus::kMadeOut;
    f.band = b->code;
    f.band_label = b->label;
    f.penalty = b->penalty;
    f.reasons.push_back("价值达到“" + format_yuan(b->from) + " 元以上”，属" +
                        std::string(b->label) + "（" + art(article) +
                        "；“以上”包括本数，刑法第九十九条）");
    if (!s.value_complete && b != &bands[N - 1])
      f.notes.push_back("部分物品价值待鉴定，鉴定后档次可能更高");
  } else if (!s.value_complete) {
    f.status = FindingStatus::kUndetermined;
    f.reasons.push_back("已知价值不满 " + format_yuan(bands[0].from) +
                        " 元，但部分物品价值待鉴定，暂不能判断（" + art("第十五条、第十六条") +
                        "）");
  } else {
    f.status = FindingStatus::kNotMadeOut;
    f.reasons.push_back("价值不满 " + format_yuan(bands[0].from) + " 元，未达到入罪标准（" +
                        art(article) + "）");
  }
}

// 法释 第十三条: captive-bred animals.
void apply_captive_rules(OffenceFinding& f, const std::vector<const CaseItem*>& items,
                         const Circumstances& c) {
  std::size_t captive = 0, lenient = 0;
  for (const auto* i : items) {
    if (i->origin != Origin::kCaptive) continue;
    ++captive;
    if (i->on_captive_list || c.captive_pet_trade) ++lenient;
  }
  if (captive == 0) return;
  f.notes.push_back(
      "涉案动物有人工繁育来源：认定是否构成犯罪及量刑时应综合考虑是否系人工繁育、濒危程度、人工繁育"
      "情况、"
      "是否列入人工繁育国家重点保护野生动物名录等情节，定罪量刑明显过重的可依法妥当处理（" +
      art("第十三条第一款") + "）");
  if (lenient == 0) return;
  if (lenient == items.size() && f.status == FindingStatus::kMadeOut) {
    f.generally_not_crime = true;
    f.mitigating.push_back(
        "涉案动物均系人工繁育，且列入人工繁育国家重点保护野生动物名录或人工繁育技术成熟、已成规模、"
        "作为宠物买卖运输，"
        "对所涉案件一般不作为犯罪处理；需要追究刑事责任的，应当依法从宽处理（" +
        art("第十三条第二款") + "）");
  } else {
    f.mitigating.push_back("部分涉案动物系人工繁育且符合" + art("第十三条第二款") +
                           "所列情形，对该部分应依法从宽考虑");
  }
}

void add_if(std::vector<std::string>& out, bool cond, std::string text) {
  if (cond) out.push_back(std::move(text));
}

bool is_any(Behaviour b, std::initializer_list<Behaviour> set) {
  return std::find(set.begin(), set.end(), b) != set.end();
}

// ---- 刑法第三百四十一条第一款 -------------------------------------------

std::optional<OffenceFinding> precious_animals(const CaseFacts& facts) {
  const auto b = facts.behaviour;
  const auto& c = facts.circumstances;
  // 猎捕、杀害、收购、运输、出售 (刑法第三百四十一条第一款; 法释 第五条 defines
  // the last three). Catching a national key aquatic animal is 猎捕 too.
  if (!is_any(b, {Behaviour::kHunting, Behaviour::kKilling, Behaviour::kPurchase,
                  Behaviour::kTransport, Behaviour::kSale, Behaviour::kFishing}))
    return std::nullopt;
  auto objects =
      select(facts.items, [](const CaseItem& i) { return is_national_key(i.protection); });
  if (objects.empty()) return std::nullopt;

  OffenceFinding f;
  f.code = "cl-341-1";
  f.name = "危害珍贵、濒危野生动物罪";
  f.articles = {"刑法 第三百四十一条第一款", art("第四条"), art("第五条"), art("第六条")};
  // 法释 第十九条: in marine waters the standards of 法释〔2016〕17号 apply.
  if (c.marine_waters) {
    auto marine = select(facts.items, [](const CaseItem& i) {
      return is_national_key(i.protection) && i.habitat == Habitat::kAquatic;
    });
    if (!marine.empty()) {
      f.articles.push_back(art("第十九条"));
      f.notes.push_back(
          "在海洋水域非法采捕或收购、运输、出售珍贵、濒危水生野生动物的，定罪量刑标准适用法释〔2016"
          "〕17号（不在本系统参考资料中），"
          "相关物品未计入本项计算（" +
          art("第十九条") + "）");
      objects = select(facts.items, [](const CaseItem& i) {
        return is_national_key(i.protection) && i.habitat == Habitat::kTerrestrial;
      });
      if (objects.empty()) {
        f.status = FindingStatus::kUndetermined;
        f.reasons.push_back("涉案珍贵、濒危水生野生动物发生在海洋水域，须依法释〔2016〕17号认定");
        return f;
      }
    }
  }
  if (b == Behaviour::kFishing) f.notes.push_back("捕捞国家重点保护水生野生动物属于“猎捕”");
  const Sum s = sum_items(objects);
  f.reasons.push_back("对象为国家重点保护的珍贵、濒危野生动物（" + art("第四条") + "），行为为" +
                      std::string(behaviour_label(b)));
  note_sum(f, s, "国家重点保护野生动物及其制品");
  apply_bands(f, k341Para1Bands, s, "第六条第一款");

  add_if(f.aggravating, c.crime_group_leader,
         "属于犯罪集团的首要分子（" + art("第六条第二款第（一）项") + "）");
  add_if(f.aggravating, c.special_vehicle,
         "为逃避监管，使用特种交通工具实施（" + art("第六条第二款第（二）项") + "）");
  add_if(f.aggravating, c.serious_research_impact,
         "严重影响野生动物科研工作（" + art("第六条第二款第（三）项") + "）");
  add_if(f.aggravating, c.prior_admin_penalty_within_2y,
         "二年内曾因破坏野生动物资源受过行政处罚（" + art("第六条第二款第（四）项") + "）");
  if (!f.aggravating.empty()) f.notes.push_back("具有从重处罚情节");

  // 法释 第六条第三款: no ¶2 circumstance, no animal dead or lost, full
  // restitution and remorse → each band may drop.
  if (f.status == FindingStatus::kMadeOut && c.full_restitution_and_remorse &&
      f.aggravating.empty() && !c.animal_died_or_unrecoverable) {
    std::string who = art("第六条第三款");
    if (f.band == "especially_serious")
      f.mitigating.push_back("可以认定为“情节严重”，处五年以上十年以下有期徒刑，并处罚金（" + who +
                             "第（一）项）");
    else if (f.band == "serious")
      f.mitigating.push_back("可以处五年以下有期徒刑或者拘役，并处罚金（" + who + "第（二）项）");
    else
      f.mitigating.push_back(
          "可以认定为犯罪情节轻微，不起诉或者免予刑事处罚；情节显著轻微危害不大的，不作为犯罪处理"
          "（" +
          who + "第（三）项）");
  }
  apply_captive_rules(f, objects, c);
  return f;
}

// ---- 刑法第三百四十一条第二款 -------------------------------------------

std::optional<OffenceFinding> illegal_hunting(const CaseFacts& facts) {
  if (facts.behaviour != Behaviour::kHunting) return std::nullopt;
  const auto& c = facts.circumstances;
  auto objects =
      select(facts.items, [](const CaseItem& i) { return i.habitat == Habitat::kTerrestrial; });
  const bool precondition =
      c.closed_hunting_area || c.closed_hunting_season || c.banned_hunting_tools;

  OffenceFinding f;
  f.code = "cl-341-2";
  f.name = "非法狩猎罪";
  f.articles = {"刑法 第三百四十一条第二款", art("第七条")};
  if (!precondition) {
    f.status = FindingStatus::kNotMadeOut;
    f.reasons.push_back(
        "非法狩猎罪以违反狩猎法规，在禁猎区、禁猎期或者使用禁用的工具、方法狩猎为前提，本案未见（刑"
        "法 第三百四十一条第二款）");
    return f;
  }
  std::vector<std::string> where;
  add_if(where, c.closed_hunting_area, "在禁猎区");
  add_if(where, c.closed_hunting_season, "在禁猎期");
  add_if(where, c.banned_hunting_tools, "使用禁用的工具、方法");
  std::string how;
  for (const auto& w : where) how += (how.empty() ? "" : "、") + w;
  f.reasons.push_back("违反狩猎法规狩猎：" + how);

  const Sum s = sum_items(objects);
  if (!objects.empty()) note_sum(f, s, "猎获物");
  std::vector<std::string> serious;
  if (s.value >= kHuntingValue)
    serious.push_back("非法猎捕野生动物价值一万元以上（" + art("第七条第一款第（一）项") + "）");
  if (c.closed_hunting_area && c.banned_hunting_tools)
    serious.push_back("在禁猎区使用禁用的工具或者方法狩猎（" + art("第七条第一款第（二）项") +
                      "）");
  if (c.closed_hunting_season && c.banned_hunting_tools)
    serious.push_back("在禁猎期使用禁用的工具或者方法狩猎（" + art("第七条第一款第（三）项") +
                      "）");
  if (!serious.empty()) {
    f.status = FindingStatus::kMadeOut;
    f.band = "serious";
    f.band_label = "情节严重";
    f.penalty = std::string(kPenalty341Para2);
    for (auto& r : serious) f.reasons.push_back("属“情节严重”: " + r);
  } else if (!s.value_complete) {
    f.status = FindingStatus::kUndetermined;
    f.reasons.push_back("已知猎获物价值不满一万元，但部分价值待鉴定，暂不能判断（" +
                        art("第七条第一款第（一）项") + "）");
  } else {
    f.status = FindingStatus::kNotMadeOut;
    f.reasons.push_back("猎获物价值不满一万元，且不属于在禁猎区或禁猎期使用禁用工具、方法狩猎（" +
                        art("第七条第一款") +
                        "）；是否属“其他情节严重的情形”（第（四）项）由办案部门判断");
  }
  add_if(f.aggravating, c.violent_resistance,
         "暴力抗拒、阻碍国家机关工作人员依法履行职务，尚未构成妨害公务罪、袭警罪（" +
             art("第七条第二款第（一）项") + "）");
  add_if(f.aggravating, c.serious_damage,
         "对野生动物资源或者栖息地生态造成严重损害（" + art("第七条第二款第（二）项") + "）");
  add_if(f.aggravating, c.prior_admin_penalty_within_2y,
         "二年内曾因破坏野生动物资源受过行政处罚（" + art("第七条第二款第（三）项") + "）");
  if (f.status == FindingStatus::kMadeOut && c.voluntary_penalty_and_restoration)
    f.mitigating.push_back(
        "对野生动物资源危害明显较轻的，综合考虑猎捕动机、目的、自愿接受行政处罚、积极修复生态环境等"
        "情节，可以认定为犯罪情节轻微，"
        "不起诉或者免予刑事处罚（" +
        art("第七条第三款") + "）");
  return f;
}

// ---- 刑法第三百四十一条第三款 -------------------------------------------

std::optional<OffenceFinding> terrestrial_for_eating(const CaseFacts& facts) {
  const auto b = facts.behaviour;
  const auto& c = facts.circumstances;
  // 以食用为目的非法猎捕、收购、运输、出售 (法释 第五条第二款, 第八条).
  if (!c.for_eating || !is_any(b, {Behaviour::kHunting, Behaviour::kPurchase, Behaviour::kTransport,
                                   Behaviour::kSale}))
    return std::nullopt;
  // 第一款规定以外的在野外环境自然生长繁殖的陆生野生动物.
  auto objects = select(facts.items, [](const CaseItem& i) {
    return i.habitat == Habitat::kTerrestrial && !is_national_key(i.protection) &&
           i.origin == Origin::kWild;
  });
  if (objects.empty()) return std::nullopt;

  OffenceFinding f;
  f.code = "cl-341-3";
  f.name = "非法猎捕、收购、运输、出售陆生野生动物罪";
  f.articles = {"刑法 第三百四十一条第三款", art("第五条第二款"), art("第八条"), art("第十一条")};
  f.reasons.push_back("以食用为目的" + std::string(behaviour_label(b)) +
                      "国家重点保护以外的在野外环境自然生长繁殖的陆生野生动物");
  auto group1 = select(facts.items, [&](const CaseItem& i) {
    return std::find(objects.begin(), objects.end(), &i) != objects.end() &&
           is_sanyou_or_provincial(i.protection);
  });
  auto group2 = select(facts.items, [&](const CaseItem& i) {
    return std::find(objects.begin(), objects.end(), &i) != objects.end() &&
           !is_sanyou_or_provincial(i.protection);
  });
  const Sum all = sum_items(objects);
  const Sum s1 = sum_items(group1);
  const Sum s2 = sum_items(group2);
  f.value_total = all.value;
  f.value_complete = all.value_complete;
  if (all.any_accumulated)
    f.reasons.push_back("含二年内未经处理的前次行为，数量、数额累计计算（" + art("第十二条") +
                        "）");
  std::vector<std::string> serious;
  if (!group1.empty()) {
    f.reasons.push_back("三有或地方重点保护陆生野生动物价值合计 " + money(s1.value) +
                        (s1.value_complete ? "" : "（部分待鉴定）"));
    if (s1.value >= kEatingSanyouValue)
      serious.push_back("三有或地方重点保护陆生野生动物价值一万元以上（" +
                        art("第八条第一款第（一）项") + "）");
  }
  if (!group2.empty()) {
    f.reasons.push_back("其他陆生野生动物价值合计 " + money(s2.value) +
                        (s2.value_complete ? "" : "（部分待鉴定）"));
    if (s2.value >= kEatingOtherValue)
      serious.push_back("其他陆生野生动物价值五万元以上（" + art("第八条第一款第（二）项") + "）");
    if (std::any_of(group2.begin(), group2.end(),
                    [](const CaseItem* i) { return is_cites_unapproved(i->protection); }))
      f.notes.push_back(
          "未经核准按国家重点保护管理的CITES附录物种按“其他陆生野生动物”计算；其是否属“在野外环境自"
          "然生长繁殖”须查明");
  }
  if (!serious.empty()) {
    f.status = FindingStatus::kMadeOut;
    f.band = "serious";
    f.band_label = "情节严重";
    f.penalty = std::string(kPenalty341Para2);
    for (auto& r : serious) f.reasons.push_back("属“情节严重”: " + r);
  } else if (!all.value_complete) {
    f.status = FindingStatus::kUndetermined;
    f.reasons.push_back("已知价值未达标准，但部分价值待鉴定，暂不能判断");
  } else {
    f.status = FindingStatus::kNotMadeOut;
    f.reasons.push_back("三有/地方重点不满一万元、其他陆生野生动物不满五万元（" +
                        art("第八条第一款") +
                        "）；两类分别计算，是否属“其他情节严重的情形”（第（三）项）由办案部门判断");
  }
  if (b == Behaviour::kHunting)
    f.notes.push_back(
        "同时构成非法狩猎罪的，依照刑法第三百四十一条第三款，以非法猎捕陆生野生动物罪定罪处罚（" +
        art("第八条第二款") + "）");
  if (std::any_of(facts.items.begin(), facts.items.end(), [](const CaseItem& i) {
        return i.habitat == Habitat::kTerrestrial && i.origin == Origin::kCaptive &&
               !is_national_key(i.protection);
      }))
    f.notes.push_back("人工繁育的动物不属于“在野外环境自然生长繁殖”的陆生野生动物，未计入");
  return f;
}

// ---- 刑法第三百四十条 ---------------------------------------------------

std::optional<OffenceFinding> illegal_fishing(const CaseFacts& facts) {
  if (facts.behaviour != Behaviour::kFishing) return std::nullopt;
  const auto& c = facts.circumstances;
  OffenceFinding f;
  f.code = "cl-340";
  f.name = "非法捕捞水产品罪";
  f.articles = {"刑法 第三百四十条", art("第三条")};
  if (c.marine_waters) {
    f.articles.push_back(art("第十九条"));
    f.status = FindingStatus::kUndetermined;
    f.reasons.push_back(
        "在海洋水域非法捕捞水产品的，定罪量刑标准适用法释〔2016〕17号（不在本系统参考资料中），须依"
        "该解释认定（" +
        art("第十九条") + "）");
    return f;
  }
  const bool banned_tools = c.banned_fishing_tools || c.destructive_fishing;
  if (!(c.closed_fishing_area || c.closed_fishing_season || banned_tools)) {
    f.status = FindingStatus::kNotMadeOut;
    f.reasons.push_back(
        "非法捕捞水产品罪以违反保护水产资源法规，在禁渔区、禁渔期或者使用禁用的工具、方法捕捞为前提"
        "，本案未见（刑法 第三百四十条）");
    return f;
  }
  std::vector<std::string> where;
  add_if(where, c.closed_fishing_area, "在禁渔区");
  add_if(where, c.closed_fishing_season, "在禁渔期");
  add_if(where, banned_tools,
         c.destructive_fishing ? "使用电鱼、毒鱼、炸鱼等禁用方法或工具" : "使用禁用的工具、方法");
  std::string how;
  for (const auto& w : where) how += (how.empty() ? "" : "、") + w;
  f.reasons.push_back("在内陆水域捕捞水产品：" + how);

  auto catch_items =
      select(facts.items, [](const CaseItem& i) { return i.habitat == Habitat::kAquatic; });
  const Sum s = sum_items(catch_items);
  f.value_total = s.value;
  f.value_complete = s.value_complete;
  f.weight_total = s.weight;
  if (s.any_accumulated)
    f.reasons.push_back("含二年内未经处理的前次行为，数量、数额累计计算（" + art("第十二条") +
                        "）");
  if (!catch_items.empty())
    f.reasons.push_back("渔获物合计 " + format_kilograms(s.weight) + " 千克" +
                        (s.weight_complete ? "" : "（部分重量不明）") + "，价值 " + money(s.value) +
                        (s.value_complete ? "" : "（部分价值待鉴定）"));

  std::vector<std::string> serious;
  if (s.weight >= kFishingWeight || s.value >= kFishingValue)
    serious.push_back("非法捕捞水产品五百公斤以上或者价值一万元以上（" +
                      art("第三条第一款第（一）项") + "）");
  // 苗种、怀卵亲体, or everything caught inside a 水产种质资源保护区.
  auto sensitive = c.germplasm_reserve ? catch_items : select(facts.items, [](const CaseItem& i) {
    return i.habitat == Habitat::kAquatic && i.fry_or_brood;
  });
  Sum ss = sum_items(sensitive);
  if (!sensitive.empty() &&
      (ss.weight >= kFishingSensitiveWeight || ss.value >= kFishingSensitiveValue))
    serious.push_back(std::string(c.germplasm_reserve
                                      ? "在水产种质资源保护区内捕捞水产品"
                                      : "非法捕捞有重要经济价值的水生动物苗种、怀卵亲体") +
                      "五十公斤以上或者价值一千元以上（" + art("第三条第一款第（二）项") + "）");
  if (c.closed_fishing_area && c.destructive_fishing)
    serious.push_back("在禁渔区使用电鱼、毒鱼、炸鱼等严重破坏渔业资源的禁用方法或者禁用工具捕捞（" +
                      art("第三条第一款第（三）项") + "）");
  if (c.closed_fishing_season && c.destructive_fishing)
    serious.push_back("在禁渔期使用电鱼、毒鱼、炸鱼等严重破坏渔业资源的禁用方法或者禁用工具捕捞（" +
                      art("第三条第一款第（四）项") + "）");
  if (!serious.empty()) {
    f.status = FindingStatus::kMadeOut;
    f.band = "serious";
    f.band_label = "情节严重";
    f.penalty = std::string(kPenalty340);
    for (auto& r : serious) f.reasons.push_back("属“情节严重”: " + r);
  } else if (!s.value_complete || !s.weight_complete ||
             (!sensitive.empty() && (!ss.value_complete || !ss.weight_complete))) {
    f.status = FindingStatus::kUndetermined;
    f.reasons.push_back("已知数量、价值未达标准，但部分重量或价值不明，暂不能判断（" +
                        art("第三条第一款") + "）");
  } else {
    f.status = FindingStatus::kNotMadeOut;
    f.reasons.push_back(
        "渔获物不满五百公斤且价值不满一万元（苗种、怀卵亲体或种质资源保护区内不满五十公斤且不满一千"
        "元），"
        "也未在禁渔区、禁渔期使用电鱼、毒鱼、炸鱼等方法（" +
        art("第三条第一款") + "）；是否属“其他情节严重的情形”（第（五）项）由办案部门判断");
  }
  add_if(f.aggravating, c.violent_resistance,
         "暴力抗拒、阻碍国家机关工作人员依法履行职务，尚未构成妨害公务罪、袭警罪（" +
             art("第三条第二款第（一）项") + "）");
  add_if(f.aggravating, c.prior_admin_penalty_within_2y,
         "二年内曾因破坏野生动物资源受过行政处罚（" + art("第三条第二款第（二）项") + "）");
  add_if(f.aggravating, c.serious_damage,
         "对水生生物资源或者水域生态造成严重损害（" + art("第三条第二款第（三）项") + "）");
  add_if(f.aggravating, c.multiple_boats,
         "纠集多条船只非法捕捞（" + art("第三条第二款第（四）项") + "）");
  add_if(f.aggravating, c.fishing_as_business,
         "以非法捕捞为业（" + art("第三条第二款第（五）项") + "）");
  if (f.status == FindingStatus::kMadeOut && c.voluntary_penalty_and_restoration)
    f.mitigating.push_back(
        "对水生生物资源危害明显较轻的，综合考虑自愿接受行政处罚、积极修复生态环境等情节，可以认定为"
        "犯罪情节轻微，"
        "不起诉或者免予刑事处罚（" +
        art("第三条第三款") + "）");
  return f;
}

// ---- 刑法第一百五十一条第二款 -------------------------------------------

std::optional<OffenceFinding> smuggling(const CaseFacts& facts) {
  if (facts.behaviour != Behaviour::kSmuggling) return std::nullopt;
  const auto& c = facts.circumstances;
  auto on_cites = [](const CaseItem& i) {
    return is_cites_unapproved(i.protection) ||
           (i.cites_appendix && (*i.cites_appendix == 1 || *i.cites_appendix == 2));
  };
  OffenceFinding f;
  f.code = "cl-151-2";
  f.name = "走私珍贵动物、珍贵动物制品罪";
  f.articles = {"刑法 第一百五十一条第二款", art("第一条"), art("第二条")};
  // 第一条: (一) CITES I/II, import or export; (二) national key, export only.
  std::vector<const CaseItem*> objects;
  std::vector<std::string> direction_unknown;
  for (const auto& i : facts.items) {
    if (on_cites(i)) {
      objects.push_back(&i);
    } else if (is_national_key(i.protection)) {
      if (c.direction == Direction::kExport)
        objects.push_back(&i);
      else if (!c.direction)
        direction_unknown.push_back(i.label);
    }
  }
  if (objects.empty() && direction_unknown.empty()) return std::nullopt;
  if (!direction_unknown.empty())
    f.notes.push_back(
        "国家重点保护野生动物（非CITES附录物种）仅在“出口”时属于国家禁止进出口的珍贵动物（" +
        art("第一条第（二）项") + "）；未注明进出口方向，未计入");
  f.reasons.push_back("未经批准擅自" +
                      std::string(c.direction == Direction::kExport   ? "出口"
                                  : c.direction == Direction::kImport ? "进口"
                                                                      : "进出口") +
                      "CITES附录一、附录二或国家重点保护野生动物及其制品（" + art("第一条") + "）");
  const Sum s = sum_items(objects);
  note_sum(f, s, "珍贵动物及其制品");
  if (objects.empty()) {
    f.status = FindingStatus::kUndetermined;
    f.reasons.push_back("须查明进出口方向");
    return f;
  }
  apply_bands(f, kSmugglingBands, s, "第二条第一款");
  if (f.status == FindingStatus::kNotMadeOut)
    f.notes.push_back(
        "价值不满二万元的，由海关依照法律、行政法规处罚（野生动物保护法 第五十六条）");
  add_if(f.aggravating, c.crime_group_leader,
         "属于犯罪集团的首要分子（" + art("第二条第二款第（一）项") + "）");
  add_if(f.aggravating, c.special_vehicle,
         "为逃避监管，使用特种交通工具实施（" + art("第二条第二款第（二）项") + "）");
  add_if(f.aggravating, c.prior_admin_penalty_within_2y,
         "二年内曾因破坏野生动物资源受过行政处罚（" + art("第二条第二款第（三）项") + "）");
  if (f.status == FindingStatus::kMadeOut && c.full_restitution_and_remorse &&
      f.aggravating.empty() && !c.animal_died_or_unrecoverable) {
    std::string who = art("第二条第三款");
    if (f.band == "especially_serious")
      f.mitigating.push_back("可以处五年以上十年以下有期徒刑，并处罚金（" + who + "第（一）项）");
    else if (f.band == "base")
      f.mitigating.push_back("可以认定为“情节较轻”，处五年以下有期徒刑，并处罚金（" + who +
                             "第（二）项）");
    else
      f.mitigating.push_back(
          "可以认定为犯罪情节轻微，不起诉或者免予刑事处罚；情节显著轻微危害不大的，不作为犯罪处理"
          "（" +
          who + "第（三）项）");
  }
  f.notes.push_back("走私犯罪案件由海关侦查走私犯罪公安机构负责侦查（海关法 第四条）");
  apply_captive_rules(f, objects, c);
  return f;
}

// ---- 刑法第三百一十二条 (法释 第九条) ------------------------------------

std::optional<OffenceFinding> concealing_proceeds(const CaseFacts& facts) {
  const auto& c = facts.circumstances;
  if (!c.knowingly_handling_criminal_catch ||
      !is_any(facts.behaviour, {Behaviour::kPurchase, Behaviour::kSale, Behaviour::kTransport}))
    return std::nullopt;
  OffenceFinding f;
  f.code = "cl-312";
  f.name = "掩饰、隐瞒犯罪所得罪";
  f.articles = {"刑法 第三百一十二条", art("第九条")};
  f.status = FindingStatus::kMadeOut;
  f.band = "base";
  f.band_label = "基本犯";
  f.penalty = std::string(kPenalty312);
  f.reasons.push_back(
      "明知是非法捕捞犯罪所得的水产品、非法狩猎犯罪所得的猎获物而收购、贩卖或者以其他方法掩饰、隐瞒"
      "（" +
      art("第九条") + "）");
  f.notes.push_back("以上游行为构成犯罪及行为人“明知”为前提，须查证");
  return f;
}

Status validate(const CaseFacts& facts) {
  for (std::size_t n = 0; n < facts.items.size(); ++n) {
    const auto& i = facts.items[n];
    const std::string at = "items/" + std::to_string(n);
    if (i.value && *i.value < 0) return invalid(at + "/value", "价值不能为负");
    if (i.value_lower_bound && *i.value_lower_bound < 0)
      return invalid(at + "/value", "价值不能为负");
    if (i.weight && *i.weight < 0) return invalid(at + "/weight", "重量不能为负");
    if (i.cites_appendix && *i.cites_appendix != 1 && *i.cites_appendix != 2)
      return invalid(at + "/cites_appendix", "CITES附录只能是1或2");
    if (i.protection == ProtectionClass::kSanyou && i.habitat == Habitat::kAquatic)
      return invalid(at + "/class", "“三有”名录只收录陆生野生动物");
  }
  return {};
}

}  // namespace

std::optional<Direction> parse_direction(std::string_view code) {
  if (code == "import") return Direction::kImport;
  if (code == "export") return Direction::kExport;
  return std::nullopt;
}

std::string_view direction_code(Direction d) {
  return d == Direction::kImport ? "import" : "export";
}

std::string_view finding_status_code(FindingStatus s) {
  switch (s) {
    case FindingStatus::kMadeOut:
      return "made_out";
    case FindingStatus::kNotMadeOut:
      return "not_made_out";
    case FindingStatus::kUndetermined:
      return "undetermined";
  }
  return "undetermined";
}

std::string_view finding_status_label(FindingStatus s) {
  switch (s) {
    case FindingStatus::kMadeOut:
      return "达到入罪标准（涉嫌）";
    case FindingStatus::kNotMadeOut:
      return "未达到入罪标准";
    case FindingStatus::kUndetermined:
      return "待鉴定后判断";
  }
  return "待鉴定后判断";
}

Result<OffenceReport> evaluate_offences(const CaseFacts& facts) {
  if (auto ok = validate(facts); !ok) return tl::unexpected(ok.error());
  OffenceReport r;
  for (auto* rule : {&smuggling, &illegal_fishing, &precious_animals, &illegal_hunting,
                     &terrestrial_for_eating, &concealing_proceeds})
    if (auto f = (*rule)(facts)) r.offences.push_back(std::move(*f));

  const auto& c = facts.circumstances;
  bool generally_not_crime = false;
  for (const auto& f : r.offences) {
    if (f.status == FindingStatus::kMadeOut && !f.generally_not_crime) r.suspected_crime = true;
    if (f.status == FindingStatus::kMadeOut && f.generally_not_crime) generally_not_crime = true;
    if (f.status == FindingStatus::kUndetermined) r.needs_appraisal = true;
  }
  if (r.suspected_crime) {
    r.conclusion = std::string(kTransferConclusion);
    r.transfer_basis = {"《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）, 第三条",
                        "《中华人民共和国野生动物保护法》（2022）, 第三十五条第四款"};
    if (std::any_of(r.offences.begin(), r.offences.end(), [](const OffenceFinding& f) {
          return f.code == "cl-151-2" && f.status == FindingStatus::kMadeOut;
        }))
      r.transfer_basis.push_back(
          "《中华人民共和国海关法》, 第四条（走私犯罪由海关侦查走私犯罪公安机构侦查）");
    r.notes.push_back(
        "司法机关认为不需要追究刑事责任但应当予以行政处罚的，将案件移回主管部门依法处理（" +
        art("第十四条") + "；野生动物保护法 第三十五条第五款）");
  } else if (r.needs_appraisal) {
    r.conclusion = "价值或数量待鉴定，暂不能判断是否涉嫌犯罪";
  } else if (generally_not_crime) {
    r.conclusion = "涉案动物系人工繁育，一般不作为犯罪处理（" + art("第十三条第二款") +
                   "）；需要追究刑事责任的，可移送公安机关";
  } else {
    r.conclusion = "未发现达到定罪标准的情形，依法作行政处理";
  }
  if (r.suspected_crime && r.needs_appraisal) r.notes.push_back("另有罪名的价值或数量待鉴定");

  // A hint the department may miss: for-eating purpose would open 第三款.
  if (!c.for_eating &&
      is_any(facts.behaviour, {Behaviour::kHunting, Behaviour::kPurchase, Behaviour::kTransport,
                               Behaviour::kSale}) &&
      std::any_of(facts.items.begin(), facts.items.end(), [](const CaseItem& i) {
        return i.habitat == Habitat::kTerrestrial && !is_national_key(i.protection) &&
               i.origin == Origin::kWild;
      }))
    r.notes.push_back("如查明以食用为目的（" + art("第十一条") +
                      "），还应按刑法第三百四十一条第三款（" + art("第八条") +
                      "）评价：三有/地方重点一万元、其他陆生野生动物五万元");
  if (facts.behaviour == Behaviour::kEating)
    r.notes.push_back(
        "食用行为本身不在刑法第三百四十一条所列行为之内；为食用而购买的，按“收购”评价（" +
        art("第五条") + "），并适用野生动物保护法第五十三条");
  if (c.by_unit)
    r.notes.push_back(
        "单位实施的，依照相应自然人犯罪的定罪量刑标准，对直接负责的主管人员和其他直接责任人员定罪处"
        "罚，并对单位判处罚金（" +
        art("第十八条") + "）");
  if (std::any_of(r.offences.begin(), r.offences.end(), [](const OffenceFinding& f) {
        return !f.mitigating.empty() && f.mitigating.back().find("不起诉") != std::string::npos;
      }))
    r.notes.push_back("被不起诉或者免予刑事处罚的，依法移送有关主管机关给予行政处罚（" +
                      art("第十四条") + "）");
  std::size_t made_out =
      std::count_if(r.offences.begin(), r.offences.end(),
                    [](const OffenceFinding& f) { return f.status == FindingStatus::kMadeOut; });
  if (made_out > 1)
    r.notes.push_back("同一行为可能同时符合多个罪名，罪名的最终认定由司法机关依法决定");
  return r;
}

}  // namespace qf::law
