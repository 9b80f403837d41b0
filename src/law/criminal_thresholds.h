// Criminal thresholds (行刑衔接): given a case — what was done, to which
// animals, worth how much, where, when and how — which offences may be made
// out under 《最高人民法院、最高人民检察院关于办理破坏野生动物资源刑事案件适用
// 法律若干问题的解释》(法释〔2022〕12号), with the band (档次), the articles,
// the reasons, and the aggravating and mitigating circumstances the text
// names; and whether the case must be transferred to the police.
//
// Offences covered (刑法 articles as amended, criminal-law.md):
//  - 第一百五十一条第二款 走私珍贵动物、珍贵动物制品罪 — 法释 第一条、第二条
//  - 第三百四十条 非法捕捞水产品罪 — 法释 第三条
//  - 第三百四十一条第一款 危害珍贵、濒危野生动物罪 — 法释 第四条至第六条
//  - 第三百四十一条第二款 非法狩猎罪 — 法释 第七条
//  - 第三百四十一条第三款 非法猎捕、收购、运输、出售陆生野生动物罪 — 法释 第八条
//  - 第三百一十二条 掩饰、隐瞒犯罪所得罪 — 法释 第九条 (only when declared)
//
// "以上" includes the amount itself and "不满" excludes it (刑法第九十九条):
// exactly 20,000.00 元 is 二万元以上, 19,999.99 元 is not.
//
// Everything here is "may be made out" (涉嫌): whether a crime is made out is
// for the police, procuratorate and court to decide. The engine decides only
// whether an administrative department must transfer the case.
//
// Marine waters: 法释 第十九条 sends fishing and precious aquatic animals in
// 海洋水域 to 法释〔2016〕17号, which is not in the reference texts — those
// items are reported as undetermined, never guessed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "law/law_types.h"

namespace qf::law {

enum class Direction { kImport, kExport };
std::optional<Direction> parse_direction(std::string_view code);  // import | export
std::string_view direction_code(Direction d);

struct CaseItem {
  std::string label;  // e.g. species name, shown in reasons
  ProtectionClass protection = ProtectionClass::kNone;
  Habitat habitat = Habitat::kTerrestrial;
  // Assessed value of the whole item (all its animals/pieces); nullopt when
  // unknown (needs appraisal). value_lower_bound: what is known of it then.
  std::optional<Fen> value;
  std::optional<Fen> value_lower_bound;
  std::optional<Grams> weight;  // catch weight, for 非法捕捞
  Origin origin = Origin::kWild;
  bool on_captive_list = false;  // 人工繁育国家重点保护野生动物名录
  // On CITES appendix I or II (national key species may be too; cites_1/2
  // classes imply it). Matters for smuggling (法释 第一条第（一）项).
  std::optional<int> cites_appendix;
  // 有重要经济价值的水生动物苗种、怀卵亲体 (法释 第三条第一款第（二）项).
  bool fry_or_brood = false;
  // From an earlier act within two years that was not handled (未经处理), or
  // an earlier crime still to be prosecuted: amounts add up (法释 第十二条).
  // An earlier act already punished administratively is not accumulated; it
  // is the aggravating circumstance prior_admin_penalty_within_2y instead.
  bool accumulated = false;
};

struct Circumstances {
  // Where, when and how (the preconditions of 刑法 第三百四十条、第三百四十一条第二款).
  bool closed_hunting_area = false;    // 禁猎区
  bool closed_hunting_season = false;  // 禁猎期
  bool banned_hunting_tools = false;   // 使用禁用的工具、方法狩猎
  bool closed_fishing_area = false;    // 禁渔区
  bool closed_fishing_season = false;  // 禁渔期
  bool banned_fishing_tools = false;   // 使用禁用的工具、方法捕捞
  // 电鱼、毒鱼、炸鱼等严重破坏渔业资源的禁用方法或者禁用工具 (implies banned_fishing_tools).
  bool destructive_fishing = false;
  bool germplasm_reserve = false;  // 在水产种质资源保护区内捕捞
  bool marine_waters = false;      // 海洋水域 (法释 第十九条)
  bool for_eating = false;  // 以食用为目的 (法释 第十一条 says how it is established)
  std::optional<Direction> direction;  // smuggling: import or export

  // Aggravating (从重处罚), as each article lists them.
  bool prior_admin_penalty_within_2y = false;  // 二年内曾因破坏野生动物资源受过行政处罚
  bool crime_group_leader = false;             // 犯罪集团的首要分子
  bool special_vehicle = false;                // 为逃避监管，使用特种交通工具
  bool serious_research_impact = false;  // 严重影响野生动物科研工作
  bool violent_resistance = false;  // 暴力抗拒、阻碍国家机关工作人员依法履行职务
  bool serious_damage = false;      // 对资源、栖息地或水域生态造成严重损害
  bool multiple_boats = false;      // 纠集多条船只非法捕捞
  bool fishing_as_business = false;  // 以非法捕捞为业

  // Mitigating (从宽).
  bool full_restitution_and_remorse = false;  // 全部退赃退赔，确有悔罪表现
  bool animal_died_or_unrecoverable = false;  // 造成动物死亡或者动物、动物制品无法追回
  bool voluntary_penalty_and_restoration = false;  // 自愿接受行政处罚、积极修复生态环境
  bool captive_pet_trade = false;  // 人工繁育技术成熟、已成规模，作为宠物买卖、运输 (第十三条)

  // Others.
  bool knowingly_handling_criminal_catch = false;  // 明知是犯罪所得的水产品、猎获物 (第九条)
  bool by_unit = false;                            // 单位实施 (第十八条)
};

struct CaseFacts {
  Behaviour behaviour = Behaviour::kHunting;
  std::vector<CaseItem> items;
  Circumstances circumstances;
};

enum class FindingStatus { kMadeOut, kNotMadeOut, kUndetermined };
std::string_view finding_status_code(FindingStatus s);  // made_out | not_made_out | undetermined
std::string_view finding_status_label(FindingStatus s);

struct OffenceFinding {
  std::string code;  // stable: "cl-151-2", "cl-340", "cl-341-1", "cl-341-2", "cl-341-3", "cl-312"
  std::string name;  // 罪名
  std::vector<std::string> articles;  // every article relied on
  FindingStatus status = FindingStatus::kNotMadeOut;
  std::string band;                // base | serious | especially_serious | minor; empty if none
  std::string band_label;          // Chinese
  std::string penalty;             // the statutory range of the band
  std::optional<Fen> value_total;  // counted items; a lower bound when !value_complete
  bool value_complete = true;
  std::optional<Grams> weight_total;
  bool generally_not_crime = false;  // 法释 第十三条第二款
  std::vector<std::string> reasons;
  std::vector<std::string> aggravating;
  std::vector<std::string> mitigating;
  std::vector<std::string> notes;
};

struct OffenceReport {
  std::vector<OffenceFinding> offences;     // those whose behaviour and objects fit
  bool suspected_crime = false;             // → 涉嫌犯罪，应当移送公安机关
  bool needs_appraisal = false;             // a value or weight decides and is unknown
  std::string conclusion;                   // Chinese, one line
  std::vector<std::string> transfer_basis;  // articles requiring the transfer
  std::vector<std::string> notes;
};

inline constexpr std::string_view kTransferConclusion = "涉嫌犯罪，应当移送公安机关";

// kInvalidInput for negative values or weights, or contradictory items.
Result<OffenceReport> evaluate_offences(const CaseFacts& facts);

}  // namespace qf::law
