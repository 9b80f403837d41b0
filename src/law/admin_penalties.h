// Administrative penalties: the articles of 《中华人民共和国野生动物保护法》
// (2022年修订, wildlife-protection-law-2022.md, 第四十七条 onward) that apply
// to a behaviour, with the fine range computed from the assessed value.
// Fishing outside the wildlife law (野生动物保护法第二条第四款) falls under
// 《中华人民共和国渔业法》第三十八条 (fisheries-law.md), included for it.
//
// Fines are computed as the text says, e.g. 第四十八条第一款: "并处猎获物价值
// 二倍以上二十倍以下罚款；没有猎获物或者猎获物价值不足五千元的，并处一万元以上
// 十万元以下罚款" → value < 5,000 元 gives 10,000–100,000 元, otherwise
// 2×value–20×value. With an unknown value the range is left open and says so.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "law/law_types.h"

namespace qf::law {

struct PenaltyFacts {
  Behaviour behaviour = Behaviour::kHunting;
  ProtectionClass protection = ProtectionClass::kNone;
  Habitat habitat = Habitat::kTerrestrial;
  Origin origin = Origin::kWild;
  // 猎获物价值 / 野生动物及其制品价值 as assessed; nullopt = unknown.
  std::optional<Fen> value;
  bool no_catch = false;  // 没有猎获物
  std::optional<Fen> illegal_gains;  // 违法所得 (第五十二条第三款、第五十三条第二款、第五十五条)
  bool protected_or_closed = false;  // 在自然保护地、禁猎（渔）区、禁猎（渔）期
  bool banned_tools = false;         // 使用禁用的工具、方法
  // Holds the permit the behaviour needs (特许猎捕证、狩猎证、批准文件、专用标识、
  // 合法来源证明、人工繁育许可证); the articles on acting without one then drop out.
  bool has_permit = false;
  bool for_eating = false;  // 以食用为目的 / 为食用
  bool serious = false;     // 情节严重 (only some articles use it)
  std::string place_type;   // core/case_vocabulary.h place_types()
};

struct AdminPenalty {
  std::string article;  // e.g. "野生动物保护法 第四十八条第一款第（一）项、第（二）项"
  std::string violation;  // what it punishes, in the words of the article
  std::string target;  // 行为人 / 网络平台、商品交易市场、餐饮场所 / 承运企业 / 食品经营者
  std::string authority;              // 由…按照职责分工
  std::vector<std::string> measures;  // 没收…、吊销…
  std::string fine_basis;             // the fine as the article states it
  std::optional<Fen> fine_min;        // computed; nullopt when not computable
  std::optional<Fen> fine_max;
  std::vector<std::string> notes;
};

std::vector<AdminPenalty> applicable_admin_penalties(const PenaltyFacts& facts);

}  // namespace qf::law
