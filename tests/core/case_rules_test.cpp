#include "core/case_rules.h"

#include <gtest/gtest.h>

#include "core/case_vocabulary.h"

namespace qf {
namespace {

TEST(CaseRulesTest, AdministrativeAndCriminalTracks) {
  EXPECT_TRUE(case_transition("registered", "filed")->needs_approval);
  EXPECT_FALSE(case_transition("registered", "investigating"));
  EXPECT_FALSE(case_transition("closed", "investigating"));
  auto penalty = case_transition("investigating", "penalty_decided");
  ASSERT_TRUE(penalty);
  EXPECT_EQ(penalty->required_fields.size(), 2u);
  EXPECT_TRUE(case_transition("investigating", "transferred_to_police")->via_transfer_only);
  EXPECT_TRUE(case_transition("police_accepted", "police_filed")->police_step);
  // Direct next steps never include those that need a transfer.
  auto next = next_case_states("investigating");
  EXPECT_EQ(std::count(next.begin(), next.end(), "transferred_to_police"), 0);
  EXPECT_EQ(std::count(next.begin(), next.end(), "penalty_decided"), 1);
  // Every state named by a rule is in the vocabulary.
  for (const auto& s : case_states())
    for (auto to : next_case_states(s.code)) EXPECT_TRUE(term_label(case_states(), to)) << to;
}

TEST(CaseRulesTest, PriorityFollowsThePlan) {
  CaseFacts ivory{"illegal_trade", "market", {"象牙手镯"}, {"product"}, 1, false};
  auto r = priority_reasons(ivory);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_NE(r[0].find("象牙"), std::string::npos);

  EXPECT_FALSE(priority_reasons({"illegal_trade", "market", {"画眉"}, {}, 1, false}).size());
  EXPECT_EQ(priority_reasons({"illegal_eating", "restaurant", {"果子狸"}, {}, 1, false}).size(), 1u);
  EXPECT_EQ(priority_reasons({"illegal_fishing", "no_fishing_water", {"鲤鱼"}, {}, 1, false}).size(), 1u);
  EXPECT_EQ(priority_reasons({"illegal_hunting", "bird_wintering", {"麻雀"}, {}, 1, false}).size(), 1u);
  EXPECT_EQ(priority_reasons({"illegal_hunting", "protected_area", {"灰鹤"}, {}, 1, false}).size(), 1u);
  EXPECT_EQ(priority_reasons({"illegal_hunting", "protected_area", {"野兔"}, {}, 1, false}).size(), 0u);
}

TEST(CaseRulesTest, MajorCasesBySuspectsAndRegion) {
  MajorCaseRules rules{3, true};
  EXPECT_TRUE(major_reasons({"illegal_trade", "", {}, {}, 3, false}, rules).empty());
  EXPECT_EQ(major_reasons({"illegal_trade", "", {}, {}, 4, false}, rules).size(), 1u);
  EXPECT_EQ(major_reasons({"illegal_trade", "", {}, {}, 4, true}, rules).size(), 2u);
}

TEST(CaseRulesTest, MajorCasesByFirstClassSpeciesAndValue) {
  MajorCaseRules rules{3, true, true, 200000LL * 100};
  CaseFacts f{"illegal_trade", "", {"马来穿山甲"}, {}, 1, false, {"马来穿山甲"}, 0};
  auto reasons = major_reasons(f, rules);
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_EQ(reasons[0], "涉及国家一级保护野生动物：马来穿山甲");
  rules.first_class_species = false;
  EXPECT_TRUE(major_reasons(f, rules).empty());
  // The value edge: exactly the threshold is major, a fen below is not.
  f.established_value_fen = 200000LL * 100;
  ASSERT_EQ(major_reasons(f, rules).size(), 1u);
  EXPECT_EQ(major_reasons(f, rules)[0], "涉案价值 200000 元（不低于 200000 元）");
  f.established_value_fen -= 1;
  EXPECT_TRUE(major_reasons(f, rules).empty());
  rules.value_at_least_fen = 0;
  f.established_value_fen = 1LL << 40;
  EXPECT_TRUE(major_reasons(f, rules).empty()) << "0 turns the value rule off";
}

TEST(CaseRulesTest, DeadlinesSkipWeekendsAndHalveForPriority) {
  // 2026-11-27 is a Friday; 10:00 China Standard Time = 02:00 UTC.
  const std::int64_t friday = 1795744800000LL;
  const std::int64_t day = 24LL * 3600 * 1000;
  EXPECT_EQ(add_working_days(friday, 1), friday + 3 * day);  // Monday
  EXPECT_EQ(add_working_days(friday, 5), friday + 7 * day);  // next Friday
  EXPECT_EQ(case_state_deadline_days("investigating", false), 60);
  EXPECT_EQ(case_state_deadline_days("investigating", true), 30);
  EXPECT_EQ(case_state_deadline_days("registered", true), 4);
  EXPECT_EQ(case_state_deadline_days("closed", false), 0);
}

}  // namespace
}  // namespace qf
