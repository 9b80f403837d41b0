#include "law/value_rules.h"

#include <gtest/gtest.h>

#include <string>

#include "core/embedded_files.h"

namespace qf::law {
namespace {

std::string builtin_text() { return std::string(*embedded_file(kValueRulesPath)); }

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(ValueRulesTest, BuiltinFileIsEmbeddedAndComplete) {
  ASSERT_TRUE(embedded_file(kValueRulesPath));
  auto rules = ValueRules::builtin();
  ASSERT_TRUE(rules) << rules.error().message;
  EXPECT_FALSE(rules->version().empty());
  EXPECT_EQ(rules->rules().size(),
            value_rule_factor_keys().size() + value_rule_switch_keys().size());
  // Every row names "document, article".
  for (const auto& r : rules->rules()) {
    EXPECT_NE(r.source.find(','), std::string::npos) << r.key;
    EXPECT_FALSE(r.note.empty()) << r.key;
  }
}

TEST(ValueRulesTest, BuiltinConstantsAreThoseQuotedFromTheMethods) {
  auto rules = *ValueRules::builtin();
  auto factor = [&](std::string_view key) { return format_ratio(*rules.rule(key).factor); };
  namespace vr = value_rule;
  // 国家林业局令第46号 (secondary quotation): ×10, ×5, ×1; eggs 1/1000, 1/10, 1/2;
  // 人工繁育 50%, 25% on the 名录.
  EXPECT_EQ(factor(vr::kTerrestrialNational1), "10");
  EXPECT_EQ(factor(vr::kTerrestrialNational2), "5");
  EXPECT_EQ(factor(vr::kTerrestrialProvincial), "1");
  EXPECT_EQ(factor(vr::kTerrestrialSanyou), "1");
  EXPECT_EQ(factor(vr::kTerrestrialEggAmphibian), "1/1000");
  EXPECT_EQ(factor(vr::kTerrestrialEggReptile), "1/10");
  EXPECT_EQ(factor(vr::kTerrestrialEggBird), "1/2");
  EXPECT_EQ(factor(vr::kTerrestrialCaptive), "1/2");
  EXPECT_EQ(factor(vr::kTerrestrialCaptiveListed), "1/4");
  EXPECT_TRUE(*rules.rule(vr::kTerrestrialActualPrice).applies);
  // 农业农村部令2019年第5号 第四条: 10 / 5 / CITES 1.
  EXPECT_EQ(factor(vr::kAquaticNational1), "10");
  EXPECT_EQ(factor(vr::kAquaticNational2), "5");
  EXPECT_EQ(factor(vr::kAquaticCites), "1");
  // What could not be sourced stays unknown rather than guessed.
  for (auto key : {vr::kAquaticEggFecundity, vr::kAquaticProductPart, vr::kAquaticCaptive,
                   vr::kAquaticCaptiveListed, vr::kAquaticActualPrice})
    EXPECT_FALSE(rules.rule(key).known) << key;
  // None of it has been checked against a gazette yet, and it says so.
  for (const auto& r : rules.rules()) EXPECT_FALSE(r.verified) << r.key;
}

TEST(ValueRulesTest, AdministratorCanCorrectAConstant) {
  auto text = replace_once(builtin_text(), "factor = \"50%\"", "factor = \"40%\"");
  auto rules = ValueRules::parse(text);
  ASSERT_TRUE(rules) << rules.error().message;
  EXPECT_EQ(format_ratio(*rules->rule(value_rule::kTerrestrialCaptive).factor), "2/5");
}

TEST(ValueRulesTest, RefusesBrokenFiles) {
  auto expect_invalid = [](const std::string& text, const std::string& needle) {
    auto r = ValueRules::parse(text);
    ASSERT_FALSE(r) << needle;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    const std::string all =
        r.error().message + (r.error().fields.empty() ? "" : r.error().fields[0].message);
    EXPECT_NE(all.find(needle), std::string::npos) << all;
  };
  expect_invalid("this is = = not toml", "格式错误");
  expect_invalid("[meta]\ntitle = \"x\"\n", "没有 [[rule]]");
  // A misspelt key, a missing one, a duplicate, a source without its article.
  expect_invalid(replace_once(builtin_text(), "key = \"terrestrial.egg.bird\"",
                              "key = \"terrestrial.egg.birds\""),
                 "未知的规则键");
  expect_invalid(replace_once(builtin_text(), "key = \"terrestrial.egg.bird\"",
                              "key = \"terrestrial.egg.reptile\""),
                 "重复");
  expect_invalid(
      replace_once(
          builtin_text(),
          "source = \"《野生动物及其制品价值评估方法》（国家林业局令第46号）, 第四条第二款\"\n"
          "verified = false\nnote = \"鸟类",
          "source = \"国家林业局令第46号\"\nverified = false\nnote = \"鸟类"),
      "文件, 条款");
  expect_invalid(replace_once(builtin_text(), "factor = \"1/2\"", "facter = \"1/2\""), "未知字段");
  expect_invalid(replace_once(builtin_text(), "factor = \"1/2\"", "factor = \"0\""), "大于0");
  expect_invalid(replace_once(builtin_text(), "factor = \"1/2\"", "factor = \"half\""), "系数格式");
  expect_invalid(
      replace_once(builtin_text(), "key = \"aquatic.egg.fecundity\"\nstatus = \"unknown\"",
                   "key = \"aquatic.egg.fecundity\"\nstatus = \"unknown\"\nfactor = \"1/100\""),
      "未知规则不应给出数值");
}

TEST(ValueRulesTest, FillingInAnUnknownConstantMakesItKnown) {
  auto text =
      replace_once(builtin_text(), "key = \"aquatic.captive.general\"\nstatus = \"unknown\"",
                   "key = \"aquatic.captive.general\"\nfactor = \"50%\"");
  auto rules = ValueRules::parse(text);
  ASSERT_TRUE(rules) << rules.error().message;
  EXPECT_TRUE(rules->rule(value_rule::kAquaticCaptive).known);
}

}  // namespace
}  // namespace qf::law
