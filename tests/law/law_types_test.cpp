#include "law/law_types.h"

#include <gtest/gtest.h>

namespace qf::law {
namespace {

TEST(LawTypesTest, YuanParsesExactlyToFen) {
  EXPECT_EQ(*parse_yuan("20000", "v"), 2000000);
  EXPECT_EQ(*parse_yuan("19999.99", "v"), 1999999);
  EXPECT_EQ(*parse_yuan("0.5", "v"), 50);
  EXPECT_EQ(*parse_yuan("0", "v"), 0);
  for (auto bad : {"", "-1", "1.234", "1e5", "abc", "1.", ".5", " 1", "1,000"}) {
    auto r = parse_yuan(bad, "price");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(r.error().fields.at(0).field, "price");
  }
  EXPECT_FALSE(parse_yuan("1234567890123456", "v"));  // 16 integer digits: refused, no overflow
}

TEST(LawTypesTest, YuanFormatsWithTwoDecimals) {
  EXPECT_EQ(format_yuan(2000000), "20000.00");
  EXPECT_EQ(format_yuan(1999999), "19999.99");
  EXPECT_EQ(format_yuan(5), "0.05");
  EXPECT_EQ(format_yuan(-150), "-1.50");
}

TEST(LawTypesTest, KilogramsParseToGrams) {
  EXPECT_EQ(*parse_kilograms("500", "w"), 500000);
  EXPECT_EQ(*parse_kilograms("499.999", "w"), 499999);
  EXPECT_EQ(format_kilograms(12500), "12.5");
  EXPECT_EQ(format_kilograms(500000), "500");
  EXPECT_FALSE(parse_kilograms("1.0001", "w"));
}

TEST(LawTypesTest, RatiosAreExact) {
  auto r = *parse_ratio("1/1000", "f");
  EXPECT_EQ(r.num, 1);
  EXPECT_EQ(r.den, 1000);
  EXPECT_EQ(format_ratio(*parse_ratio("50%", "f")), "1/2");
  EXPECT_EQ(format_ratio(*parse_ratio("25%", "f")), "1/4");
  EXPECT_EQ(format_ratio(*parse_ratio("0.25", "f")), "1/4");
  EXPECT_EQ(format_ratio(*parse_ratio("10", "f")), "10");
  EXPECT_FALSE(parse_ratio("1/0", "f"));
  EXPECT_FALSE(parse_ratio("-1", "f"));
  EXPECT_FALSE(parse_ratio("x", "f"));
  // Rounded half up to the fen.
  EXPECT_EQ(apply_ratio(500, Ratio{1, 1000}), 1);  // 0.5 fen → 1 fen
  EXPECT_EQ(apply_ratio(499, Ratio{1, 1000}), 0);
  EXPECT_EQ(apply_ratio(yuan(5000), Ratio{1, 1000}), yuan(5));
  EXPECT_TRUE(ratio_at_most(Ratio{3, 10}, Ratio{1, 1}));
  EXPECT_FALSE(ratio_at_most(Ratio{11, 10}, Ratio{1, 1}));
}

TEST(LawTypesTest, CodesRoundTrip) {
  for (auto code :
       {"national_1", "national_2", "sanyou", "provincial", "cites_1", "cites_2", "none"})
    EXPECT_EQ(protection_class_code(*parse_protection_class(code)), code);
  for (auto b : all_behaviours()) EXPECT_EQ(parse_behaviour(behaviour_code(b)), b);
  EXPECT_FALSE(parse_protection_class("national_3"));
  EXPECT_EQ(*parse_part("egg"), Part::kEgg);
  EXPECT_EQ(*parse_egg_class("reptile"), EggClass::kReptile);
  EXPECT_EQ(*parse_origin("captive"), Origin::kCaptive);
  EXPECT_EQ(*parse_habitat("aquatic"), Habitat::kAquatic);
}

}  // namespace
}  // namespace qf::law
