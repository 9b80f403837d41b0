// Tip rules: vocabularies, the state machine, deadlines, department
// suggestion, masking and duplicate hints — all pure.
#include "core/tip_rules.h"

#include <gtest/gtest.h>

#include <set>

namespace qf {
namespace {

std::set<std::string> codes_of(const std::vector<DepartmentSuggestion>& s) {
  std::set<std::string> out;
  for (const auto& d : s) out.insert(d.code);
  return out;
}

const DepartmentSuggestion* find(const std::vector<DepartmentSuggestion>& s,
                                 const std::string& code) {
  for (const auto& d : s)
    if (d.code == code) return &d;
  return nullptr;
}

// 2024-06-07 was a Friday; 10:00 in China (UTC+8) is 02:00 UTC.
constexpr std::int64_t kFriday10h = 1717725600000;
constexpr std::int64_t kDay = 24LL * 3600 * 1000;

TEST(TipRulesTest, VocabulariesFollowThePlan) {
  std::set<std::string> channels, categories;
  for (const auto& t : tip_channels()) channels.insert(std::string(t.code));
  for (const auto& t : tip_reporter_categories()) categories.insert(std::string(t.label));
  EXPECT_EQ(channels,
            (std::set<std::string>{"public_web", "hotline", "letter_visit", "12345", "grid_worker",
                                   "xueliang_video", "patrol", "department", "other"}));
  EXPECT_EQ(categories, (std::set<std::string>{"村民", "居民", "护林员", "渔政人员", "志愿者",
                                               "观鸟爱好者", "网格员", "其他"}));
  EXPECT_NE(std::string(*term_label(tip_channels(), "hotline")).find("0955-8812769"),
            std::string::npos);
  EXPECT_EQ(*term_label(tip_states(), "pending"), "待分派");
  EXPECT_EQ(*term_label(tip_states(), "case_opened"), "已立案");
}

TEST(TipRulesTest, TheHappyPathIsAllowed) {
  EXPECT_TRUE(check_tip_step("pending", "assigned", TipStep::kAssign));
  EXPECT_TRUE(check_tip_step("assigned", "assigned", TipStep::kAssign));  // reassign
  EXPECT_TRUE(check_tip_step("assigned", "verifying", TipStep::kTransition));
  for (const char* end : {"unfounded", "referred", "concluded"})
    EXPECT_TRUE(check_tip_step("verifying", end, TipStep::kTransition)) << end;
  EXPECT_TRUE(check_tip_step("verifying", "case_opened", TipStep::kConvert));
  EXPECT_TRUE(check_tip_step("pending", "concluded", TipStep::kMerge));
  EXPECT_TRUE(check_tip_step("verifying", "concluded", TipStep::kMerge));
}

TEST(TipRulesTest, RefusalsSayWhy) {
  auto code = [](std::string_view from, std::string_view to, TipStep step) {
    auto r = check_tip_step(from, to, step);
    return r ? std::optional<ErrorCode>() : std::optional<ErrorCode>(r.error().code);
  };
  // 已立案 only through a case; assignment only through assign.
  EXPECT_EQ(code("verifying", "case_opened", TipStep::kTransition), ErrorCode::kInvalidInput);
  EXPECT_EQ(code("pending", "assigned", TipStep::kTransition), ErrorCode::kInvalidInput);
  EXPECT_EQ(code("pending", "nonsense", TipStep::kTransition), ErrorCode::kInvalidInput);
  // Steps out of order are conflicts with the current state.
  EXPECT_EQ(code("pending", "verifying", TipStep::kTransition), ErrorCode::kConflict);
  EXPECT_EQ(code("assigned", "concluded", TipStep::kTransition), ErrorCode::kConflict);
  EXPECT_EQ(code("assigned", "case_opened", TipStep::kConvert), ErrorCode::kConflict);
  EXPECT_EQ(code("verifying", "assigned", TipStep::kAssign), ErrorCode::kConflict);
  // Final states stay final.
  for (const char* final_state : {"case_opened", "unfounded", "referred", "concluded"}) {
    EXPECT_TRUE(is_final_tip_state(final_state));
    EXPECT_EQ(code(final_state, "assigned", TipStep::kAssign), ErrorCode::kConflict);
    EXPECT_EQ(code(final_state, "concluded", TipStep::kMerge), ErrorCode::kConflict);
  }
  auto r = check_tip_step("assigned", "unfounded", TipStep::kTransition);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("已分派"), std::string::npos) << r.error().message;
}

TEST(TipRulesTest, DeadlinesCountWorkingDays) {
  TipDeadlines d;  // pending 1, assigned 2, verifying 10
  // Friday + 1 working day = Monday, same time of day.
  EXPECT_EQ(tip_due_at("pending", kFriday10h, d), kFriday10h + 3 * kDay);
  // Friday + 2 = Tuesday.
  EXPECT_EQ(tip_due_at("assigned", kFriday10h, d), kFriday10h + 4 * kDay);
  // Friday + 10 working days = two weeks later, Friday.
  EXPECT_EQ(tip_due_at("verifying", kFriday10h, d), kFriday10h + 14 * kDay);
  EXPECT_EQ(tip_due_at("concluded", kFriday10h, d), 0);
  d.verifying_days = 5;
  EXPECT_EQ(tip_due_at("verifying", kFriday10h, d), kFriday10h + 7 * kDay);

  const std::int64_t due = tip_due_at("pending", kFriday10h, TipDeadlines{});
  EXPECT_FALSE(tip_overdue("pending", due, due));
  EXPECT_TRUE(tip_overdue("pending", due, due + 1));
  EXPECT_FALSE(tip_overdue("concluded", due, due + 1));
  EXPECT_FALSE(tip_overdue("pending", 0, due + 1));
}

TEST(TipRulesTest, SuggestsTheDepartmentFromSectionSix) {
  auto lc = suggest_departments("有人在保护区用鸟网捕鸟", "", "");
  ASSERT_FALSE(lc.empty());
  EXPECT_EQ(lc[0].code, "LC");
  EXPECT_EQ(codes_of(lc), std::set<std::string>{"LC"});

  auto ny = suggest_departments("黄河边有人电鱼", "", "");
  ASSERT_FALSE(ny.empty());
  EXPECT_EQ(ny[0].code, "NY");
  EXPECT_NE(std::find(ny[0].matched.begin(), ny[0].matched.end(), "电鱼"), ny[0].matched.end());

  auto sj = suggest_departments("某饭店出售野味", "", "");
  EXPECT_TRUE(codes_of(sj).count("SJ"));
  EXPECT_TRUE(codes_of(sj).count("LC"));  // 野味: terrestrial animals eaten
  EXPECT_EQ(sj[0].code, "SJ");            // 饭店, 出售, 野味

  auto wx = suggest_departments("有人在抖音直播卖鹦鹉", "", "");
  EXPECT_EQ(wx[0].code, "WX");

  auto jt = suggest_departments("一辆货车拉着几笼东西", "", "");
  EXPECT_EQ(codes_of(jt), (std::set<std::string>{"JT", "GA"}));
  EXPECT_EQ(jt[0].code, "JT");  // first mentioned wins a tie

  auto hg = suggest_departments("疑似走私象牙制品", "", "中卫口岸");
  EXPECT_EQ(hg[0].code, "HG");
  ASSERT_NE(find(hg, "HG"), nullptr);
  EXPECT_EQ(find(hg, "HG")->matched, (std::vector<std::string>{"走私", "口岸"}));

  auto ga = suggest_departments("一个团伙带着猎枪进山", "", "");
  EXPECT_EQ(ga[0].code, "GA");
  EXPECT_TRUE(codes_of(ga).count("LC"));

  // Species and place count too.
  auto species = suggest_departments("看到有人卖", "大鲵", "");
  EXPECT_TRUE(codes_of(species).count("NY"));

  EXPECT_TRUE(suggest_departments("无关内容", "", "").empty());
  EXPECT_EQ(suggestion_codes(jt), "JT,GA");
}

TEST(TipRulesTest, LongerWordsWinOverTheShortOnesInside) {
  // 地枪 is a banned trap (林草), not a firearm; 闲鱼 is a trading app, not fish.
  auto trap = suggest_departments("山上有人下地枪", "", "");
  EXPECT_EQ(codes_of(trap), std::set<std::string>{"LC"});
  auto app = suggest_departments("闲鱼上有人卖", "", "");
  EXPECT_EQ(codes_of(app), std::set<std::string>{"SJ"});
}

TEST(TipRulesTest, MasksConfidentialFields) {
  EXPECT_EQ(mask_name("张三丰"), "张*");
  EXPECT_EQ(mask_name("Li Lei"), "L*");
  EXPECT_EQ(mask_name(""), "");
  EXPECT_EQ(mask_phone("13912345678"), "139****5678");
  EXPECT_EQ(mask_phone("0955-8812769"), "095****2769");
  EXPECT_EQ(mask_phone("12345"), "****");
  EXPECT_EQ(mask_phone(""), "");
  EXPECT_EQ(normalize_phone("+86 139-1234-5678"), "13912345678");
  EXPECT_EQ(normalize_phone("008613912345678"), "13912345678");
  EXPECT_EQ(normalize_phone("0955-8812769"), "09558812769");
}

TEST(TipRulesTest, SpeciesWordsDropCountsAndPunctuation) {
  EXPECT_EQ(species_words("红隼、雀鹰 2只"), (std::vector<std::string>{"红隼", "雀鹰"}));
  EXPECT_EQ(species_words("雀鹰2只，红隼；雀鹰"), (std::vector<std::string>{"雀鹰", "红隼"}));
  EXPECT_TRUE(species_words("").empty());
}

TEST(TipRulesTest, DuplicateHints) {
  TipFingerprint a{1, "h1", kFriday10h, 105.18, 37.51, "沙坡头", "红隼、雀鹰"};
  TipFingerprint b{2, "h2", kFriday10h + kDay, 105.185, 37.512, "别处", "雀鹰幼鸟"};
  auto reasons = duplicate_reasons(a, b);
  ASSERT_EQ(reasons.size(), 3u);
  EXPECT_NE(reasons[1].find("米"), std::string::npos);
  EXPECT_NE(reasons[2].find("雀鹰"), std::string::npos);

  // Too far apart in time, place or species: not a duplicate.
  TipFingerprint late = b;
  late.when_ms = kFriday10h + 4 * kDay;
  EXPECT_TRUE(duplicate_reasons(a, late).empty());
  TipFingerprint far = b;
  far.lon = 105.30;
  far.place_text = a.place_text;  // same village name, points 10 km apart
  EXPECT_TRUE(duplicate_reasons(a, far).empty());
  TipFingerprint other_species = b;
  other_species.species_text = "野兔";
  EXPECT_TRUE(duplicate_reasons(a, other_species).empty());

  // Without points, the same place text counts as close.
  TipFingerprint no_point{3, "", kFriday10h, std::nullopt, std::nullopt, "沙坡头", "红隼"};
  EXPECT_FALSE(duplicate_reasons(a, no_point).empty());

  // The same phone is enough on its own.
  TipFingerprint same_phone{4, "h1", kFriday10h + 30 * kDay, std::nullopt, std::nullopt, "", ""};
  auto phone = duplicate_reasons(a, same_phone);
  ASSERT_EQ(phone.size(), 1u);
  EXPECT_EQ(phone[0], "同一举报电话");

  EXPECT_NEAR(distance_m(105.0, 37.0, 105.0, 37.01), 1112, 2);
}

}  // namespace
}  // namespace qf
