#include "core/case_rules.h"

#include <algorithm>
#include <array>

namespace qf {
namespace {

const std::vector<CaseTransition>& transitions() {
  // The administrative track: 登记 → 立案 (or 不予立案) → 调查取证 → 处罚决定 →
  // 执行 → 结案; the 行刑衔接 track: 调查取证 → 移送公安 → 公安受理 →
  // 公安立案/不立案(退回) → 移送起诉; 撤销 from any open administrative state.
  static const std::vector<CaseTransition> t = {
      {"registered", "filed", true, false, false, {}},
      {"registered", "not_filed", true, false, false, {"reason"}},
      {"registered", "revoked", true, false, false, {"reason"}},
      {"filed", "investigating", false, false, false, {}},
      {"filed", "revoked", true, false, false, {"reason"}},
      {"investigating", "penalty_decided", true, false, false, {"penalty_decision_no", "penalty_amount_fen"}},
      {"investigating", "transferred_to_police", false, false, true, {}},
      {"investigating", "revoked", true, false, false, {"reason"}},
      {"penalty_decided", "executing", false, false, false, {}},
      {"executing", "closed", true, false, false, {}},
      {"transferred_to_police", "police_accepted", false, true, true, {}},
      {"transferred_to_police", "police_rejected", false, true, true, {"reason"}},
      {"police_accepted", "police_filed", false, true, false, {}},
      {"police_accepted", "police_rejected", false, true, false, {"reason"}},
      {"police_filed", "prosecuted", false, true, false, {}},
      // Returned by the police: the administrative department continues
      // (it may still impose an administrative penalty).
      {"police_rejected", "investigating", false, false, false, {}},
      {"prosecuted", "closed", true, false, false, {}},
  };
  return t;
}

bool contains_any(const std::string& text, std::initializer_list<std::string_view> words,
                  std::string_view* hit) {
  for (auto w : words)
    if (text.find(w) != std::string::npos) {
      if (hit) *hit = w;
      return true;
    }
  return false;
}

}  // namespace

std::optional<CaseTransition> case_transition(std::string_view from, std::string_view to) {
  for (const auto& t : transitions())
    if (t.from == from && t.to == to) return t;
  return std::nullopt;
}

std::vector<std::string_view> next_case_states(std::string_view from) {
  std::vector<std::string_view> out;
  for (const auto& t : transitions())
    if (t.from == from && !t.via_transfer_only) out.push_back(t.to);
  return out;
}

bool is_final_case_state(std::string_view state) {
  return state == "closed" || state == "not_filed" || state == "revoked";
}

std::vector<std::string> priority_reasons(const CaseFacts& f) {
  std::vector<std::string> reasons;
  // 二(四): 对非法交易象牙、犀角、虎（豹）骨（皮）等珍贵、濒危野生动物 … 要依法从重从快查处。
  for (const auto& s : f.species) {
    std::string_view hit;
    if (contains_any(s, {"象牙", "犀角", "犀牛角", "虎骨", "虎皮", "豹骨", "豹皮"}, &hit)) {
      reasons.push_back("涉及" + std::string(hit) + "（二(四) 珍贵、濒危野生动物制品）");
      break;
    }
  }
  // 非法食用陆生野生动物
  if (f.offence_type == "illegal_eating") reasons.push_back("非法食用野生动物（二(四)）");
  // 非法捕杀候鸟
  if (f.offence_type == "illegal_hunting") {
    bool bird_place = f.place_type == "bird_wintering";
    bool bird_species = std::any_of(f.species.begin(), f.species.end(), [](const std::string& s) {
      return contains_any(s, {"候鸟", "天鹅", "大雁", "鸿雁", "灰鹤", "鹤", "鹳", "雁", "鸭", "鹭"}, nullptr);
    });
    if (bird_place || bird_species) reasons.push_back("非法捕杀候鸟（二(四)）");
  }
  // 非法捕捞水生野生动物
  if (f.offence_type == "illegal_fishing") reasons.push_back("非法捕捞水生野生动物（二(四)）");
  return reasons;
}

std::vector<std::string> major_reasons(const CaseFacts& f, const MajorCaseRules& rules) {
  std::vector<std::string> reasons;
  if (f.suspects > rules.suspects_over)
    reasons.push_back("涉案人员 " + std::to_string(f.suspects) + " 人（超过 " +
                      std::to_string(rules.suspects_over) + " 人）");
  if (rules.cross_region && f.cross_region) reasons.push_back("跨区域案件");
  if (rules.first_class_species && !f.first_class_species.empty()) {
    std::string names;
    for (const auto& n : f.first_class_species) names += (names.empty() ? "" : "、") + n;
    reasons.push_back("涉及国家一级保护野生动物：" + names);
  }
  if (rules.value_at_least_fen > 0 && f.established_value_fen >= rules.value_at_least_fen)
    reasons.push_back("涉案价值 " + std::to_string(f.established_value_fen / 100) + " 元（不低于 " +
                      std::to_string(rules.value_at_least_fen / 100) + " 元）");
  return reasons;
}

int case_state_deadline_days(std::string_view state, bool priority) {
  static const std::array<std::pair<std::string_view, int>, 8> kDays = {{
      {"registered", 7},       // 立案审查
      {"filed", 5},
      {"investigating", 60},
      {"penalty_decided", 15},
      {"executing", 30},
      {"transferred_to_police", 3},  // 公安机关应当自接受移送之日起3日内审查（国务院令第310号 第8条）
      {"police_accepted", 30},
      {"police_rejected", 10},
  }};
  for (const auto& [s, d] : kDays)
    if (s == state) return priority ? (d + 1) / 2 : d;
  return 0;
}

std::int64_t add_working_days(std::int64_t start_ms, int days) {
  constexpr std::int64_t kDay = 24LL * 3600 * 1000;
  // China Standard Time: weekdays are judged in UTC+8.
  constexpr std::int64_t kOffset = 8LL * 3600 * 1000;
  std::int64_t t = start_ms;
  while (days > 0) {
    t += kDay;
    // 1970-01-01 was a Thursday (weekday index 4 with Monday = 1).
    std::int64_t local_days = (t + kOffset) / kDay;
    int weekday = static_cast<int>((local_days + 3) % 7);  // 0 = Monday
    if (weekday < 5) days--;
  }
  return t;
}

}  // namespace qf
