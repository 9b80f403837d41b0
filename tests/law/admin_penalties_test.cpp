// Fine ranges of 野生动物保护法 (2022) 第四章, written from its text
// (wildlife-protection-law-2022.md).
#include "law/admin_penalties.h"

#include <gtest/gtest.h>

namespace qf::law {
namespace {

const AdminPenalty* find(const std::vector<AdminPenalty>& ps, std::string_view article_prefix) {
  for (const auto& p : ps)
    if (p.article.rfind(article_prefix, 0) == 0) return &p;
  return nullptr;
}

// A copy, so that no pointer outlives the vector it came from.
std::optional<AdminPenalty> penalty(const PenaltyFacts& f, std::string_view article_prefix) {
  auto ps = applicable_admin_penalties(f);
  if (const auto* p = find(ps, article_prefix)) return *p;
  return std::nullopt;
}

PenaltyFacts facts(Behaviour b, ProtectionClass c, std::optional<Fen> value) {
  PenaltyFacts f;
  f.behaviour = b;
  f.protection = c;
  f.value = value;
  return f;
}

TEST(AdminPenaltiesTest, Article48HuntingNationalKey) {
  // "并处猎获物价值二倍以上二十倍以下罚款；没有猎获物或者猎获物价值不足五千元的，
  //  并处一万元以上十万元以下罚款"
  auto f = facts(Behaviour::kHunting, ProtectionClass::kNational2, yuan(5000) - 1);
  auto p = penalty(f, "野生动物保护法 第四十八条第一款");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->article, "野生动物保护法 第四十八条第一款第（二）项");  // no 特许猎捕证
  EXPECT_EQ(p->fine_min, yuan(10000));
  EXPECT_EQ(p->fine_max, yuan(100000));
  f.value = yuan(5000);
  p = penalty(f, "野生动物保护法 第四十八条");
  EXPECT_EQ(p->fine_min, yuan(10000));
  EXPECT_EQ(p->fine_max, yuan(100000));
  f.value = yuan(60000);
  p = penalty(f, "野生动物保护法 第四十八条");
  EXPECT_EQ(p->fine_min, yuan(120000));
  EXPECT_EQ(p->fine_max, yuan(1200000));
  f.value.reset();
  f.no_catch = true;
  p = penalty(f, "野生动物保护法 第四十八条");
  EXPECT_EQ(p->fine_min, yuan(10000));
  // Unknown value: no range, said so.
  f.no_catch = false;
  p = penalty(f, "野生动物保护法 第四十八条");
  EXPECT_FALSE(p->fine_min);
  EXPECT_NE(p->notes[0].find("待鉴定"), std::string::npos);
  // Every item that applies is cited.
  f.protected_or_closed = true;
  f.banned_tools = true;
  EXPECT_EQ(penalty(f, "野生动物保护法 第四十八条")->article,
            "野生动物保护法 第四十八条第一款第（一）项、第（二）项、第（三）项");
  // With a permit and nothing else wrong, 第四十八条 does not apply.
  f = facts(Behaviour::kHunting, ProtectionClass::kNational2, yuan(100));
  f.has_permit = true;
  EXPECT_FALSE(penalty(f, "野生动物保护法 第四十八条"));
}

TEST(AdminPenaltiesTest, Article49HuntingSanyouAndOthers) {
  auto f = facts(Behaviour::kHunting, ProtectionClass::kSanyou, yuan(2000) - 1);
  auto p = *penalty(f, "野生动物保护法 第四十九条第一款");
  EXPECT_EQ(p.fine_min, yuan(2000));
  EXPECT_EQ(p.fine_max, yuan(20000));
  f.value = yuan(3000);
  p = *penalty(f, "野生动物保护法 第四十九条第一款");
  EXPECT_EQ(p.fine_min, yuan(3000));   // 一倍
  EXPECT_EQ(p.fine_max, yuan(30000));  // 十倍
  // Other terrestrial animals: only in protected areas, closed seasons or with banned tools.
  f = facts(Behaviour::kHunting, ProtectionClass::kNone, yuan(500));
  EXPECT_TRUE(applicable_admin_penalties(f).empty());
  f.banned_tools = true;
  p = *penalty(f, "野生动物保护法 第四十九条第二款");
  EXPECT_EQ(p.fine_min, yuan(1000));
  EXPECT_EQ(p.fine_max, yuan(3000));
  f.value = yuan(2000);
  p = *penalty(f, "野生动物保护法 第四十九条第二款");
  EXPECT_EQ(p.fine_min, yuan(2000));
  EXPECT_EQ(p.fine_max, yuan(6000));
}

TEST(AdminPenaltiesTest, Article50ForEating) {
  auto f = facts(Behaviour::kHunting, ProtectionClass::kNone, yuan(1500));
  f.for_eating = true;
  auto p = penalty(f, "野生动物保护法 第五十条第二款");
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->fine_min);  // fine only when 情节严重
  f.serious = true;
  p = penalty(f, "野生动物保护法 第五十条第二款");
  EXPECT_EQ(p->fine_min, yuan(2000));  // 不足二千元: 二千元以上一万元以下
  EXPECT_EQ(p->fine_max, yuan(10000));
  // National key for eating: 第四十八条, 从重 per 第五十条第一款.
  f = facts(Behaviour::kHunting, ProtectionClass::kNational1, yuan(8000));
  f.for_eating = true;
  p = penalty(f, "野生动物保护法 第四十八条");
  bool heavier = false;
  for (const auto& n : p->notes) heavier = heavier || n.find("第五十条第一款") != std::string::npos;
  EXPECT_TRUE(heavier);
}

TEST(AdminPenaltiesTest, Article52Trade) {
  auto f = facts(Behaviour::kSale, ProtectionClass::kNational2, yuan(10000));
  auto p = *penalty(f, "野生动物保护法 第五十二条第一款");
  EXPECT_EQ(p.fine_min, yuan(20000));
  EXPECT_EQ(p.fine_max, yuan(200000));
  f = facts(Behaviour::kTransport, ProtectionClass::kProvincial, yuan(700));
  auto ps = applicable_admin_penalties(f);
  p = *find(ps, "野生动物保护法 第五十二条第二款");
  EXPECT_EQ(p.fine_min, yuan(700));
  EXPECT_EQ(p.fine_max, yuan(7000));
  // Carriers that did not check: 第五十二条第三款, on their illegal gains.
  const auto* carrier = find(ps, "野生动物保护法 第五十二条第三款");
  ASSERT_TRUE(carrier);
  EXPECT_EQ(carrier->target, "承运、寄递企业");
  // Buying 三有 is not named by 第五十二条第二款.
  f = facts(Behaviour::kPurchase, ProtectionClass::kSanyou, yuan(700));
  EXPECT_FALSE(penalty(f, "野生动物保护法 第五十二条"));
  // With the papers: nothing under 第五十二条.
  f = facts(Behaviour::kSale, ProtectionClass::kNational2, yuan(10000));
  f.has_permit = true;
  EXPECT_FALSE(penalty(f, "野生动物保护法 第五十二条第一款"));
}

TEST(AdminPenaltiesTest, Article53Eating) {
  auto f = facts(Behaviour::kEating, ProtectionClass::kSanyou, yuan(1000));
  auto p = *penalty(f, "野生动物保护法 第五十三条第一款");
  EXPECT_EQ(p.fine_min, yuan(2000));
  EXPECT_EQ(p.fine_max, yuan(20000));
  f = facts(Behaviour::kEating, ProtectionClass::kNone, yuan(1000));
  p = *penalty(f, "野生动物保护法 第五十三条第一款");
  EXPECT_FALSE(p.fine_min);  // 批评教育; fine only when 情节严重
  f.serious = true;
  p = *penalty(f, "野生动物保护法 第五十三条第一款");
  EXPECT_EQ(p.fine_max, yuan(5000));
  // A restaurant serving it: 第五十三条第二款 (food business) and 第五十五条 (the venue).
  f = facts(Behaviour::kEating, ProtectionClass::kNational2, yuan(1000));
  f.place_type = "restaurant";
  f.illegal_gains = yuan(3000);
  auto ps = applicable_admin_penalties(f);
  p = *find(ps, "野生动物保护法 第五十三条第二款");
  EXPECT_EQ(p.fine_min, yuan(45000));  // 十五倍
  EXPECT_EQ(p.fine_max, yuan(90000));  // 三十倍
  p = *find(ps, "野生动物保护法 第五十五条");
  EXPECT_EQ(p.fine_min, yuan(10000));  // 违法所得不足五千元: 一万元以上十万元以下
  EXPECT_EQ(p.fine_max, yuan(100000));
}

TEST(AdminPenaltiesTest, Article51Breeding) {
  auto f = facts(Behaviour::kBreeding, ProtectionClass::kNational2, yuan(4000));
  auto p = *penalty(f, "野生动物保护法 第五十一条第一款");
  EXPECT_EQ(p.fine_min, yuan(4000));
  EXPECT_EQ(p.fine_max, yuan(40000));
  f = facts(Behaviour::kBreeding, ProtectionClass::kSanyou, std::nullopt);
  p = *penalty(f, "野生动物保护法 第五十一条第二款");
  EXPECT_EQ(p.fine_min, yuan(500));
  EXPECT_EQ(p.fine_max, yuan(2000));
}

TEST(AdminPenaltiesTest, FishingAndSmuggling) {
  auto f = facts(Behaviour::kFishing, ProtectionClass::kNone, yuan(300));
  f.habitat = Habitat::kAquatic;
  EXPECT_TRUE(applicable_admin_penalties(f).empty());
  f.protected_or_closed = true;
  auto p = *penalty(f, "渔业法 第三十八条");
  EXPECT_EQ(p.fine_max, yuan(50000));
  // A national key aquatic animal caught: 野生动物保护法第四十八条.
  f.protection = ProtectionClass::kNational2;
  f.value = yuan(20000);
  p = *penalty(f, "野生动物保护法 第四十八条");
  EXPECT_EQ(p.fine_min, yuan(40000));
  f = facts(Behaviour::kSmuggling, ProtectionClass::kCites1, yuan(20000));
  p = *penalty(f, "野生动物保护法 第五十六条");
  EXPECT_FALSE(p.fine_min);
  EXPECT_EQ(p.authority, "海关、公安机关、海警机构");
}

}  // namespace
}  // namespace qf::law
