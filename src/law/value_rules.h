// ValueRules: the constants of the valuation methods, read from
// data/law/value-rules.toml (compiled into the binary; a corrected copy can
// be passed in by the CLI). Each rule carries its source "document, article"
// and whether it has been checked against the official text, so that every
// assessment step can cite it — and say when it rests on a secondary quote.
//
// The texts of 国家林业局令第46号 and 农业农村部令2019年第5号 are not in the
// reference folder; a rule whose constant could not be stated is kept with
// status "unknown", and the assessor answers "unknown — 需鉴定" when it needs
// one instead of guessing.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "law/law_types.h"

namespace qf::law {

struct ValueRule {
  std::string key;
  std::optional<Ratio> factor;  // for factor rules; nullopt when unknown or a switch
  std::optional<bool> applies;  // for on/off rules; nullopt when unknown or a factor
  bool known = true;            // false: status = "unknown"
  std::string source;           // "document, article"
  bool verified = false;
  std::string note;
};

// Every key the engine looks up; the loader refuses a file that lacks one or
// has one more (a misspelt key would otherwise be silently ignored).
namespace value_rule {
inline constexpr std::string_view kTerrestrialNational1 = "terrestrial.level.national_1";
inline constexpr std::string_view kTerrestrialNational2 = "terrestrial.level.national_2";
inline constexpr std::string_view kTerrestrialProvincial = "terrestrial.level.provincial";
inline constexpr std::string_view kTerrestrialSanyou = "terrestrial.level.sanyou";
inline constexpr std::string_view kTerrestrialCites = "terrestrial.level.cites_unapproved";
inline constexpr std::string_view kTerrestrialEggAmphibian = "terrestrial.egg.amphibian";
inline constexpr std::string_view kTerrestrialEggReptile = "terrestrial.egg.reptile";
inline constexpr std::string_view kTerrestrialEggBird = "terrestrial.egg.bird";
inline constexpr std::string_view kTerrestrialProductCap = "terrestrial.product.cap";
inline constexpr std::string_view kTerrestrialActualPrice = "terrestrial.actual_price";
inline constexpr std::string_view kTerrestrialCaptive = "terrestrial.captive.general";
inline constexpr std::string_view kTerrestrialCaptiveListed = "terrestrial.captive.listed";
inline constexpr std::string_view kAquaticNational1 = "aquatic.level.national_1";
inline constexpr std::string_view kAquaticNational2 = "aquatic.level.national_2";
inline constexpr std::string_view kAquaticCites = "aquatic.level.cites_unapproved";
inline constexpr std::string_view kAquaticStageMax = "aquatic.stage.max";
inline constexpr std::string_view kAquaticEggFecundity = "aquatic.egg.fecundity";
inline constexpr std::string_view kAquaticProductPart = "aquatic.product.part";
inline constexpr std::string_view kAquaticProductCap = "aquatic.product.cap";
inline constexpr std::string_view kAquaticCaptive = "aquatic.captive.general";
inline constexpr std::string_view kAquaticCaptiveListed = "aquatic.captive.listed";
inline constexpr std::string_view kAquaticActualPrice = "aquatic.actual_price";
}  // namespace value_rule

// Which keys are factors and which are switches.
const std::vector<std::string_view>& value_rule_factor_keys();
const std::vector<std::string_view>& value_rule_switch_keys();

class ValueRules {
 public:
  // Parses and validates a rules file. Errors are kInvalidInput with the
  // offending rule in the field ("rule[3].factor") and a Chinese message.
  static Result<ValueRules> parse(std::string_view toml_text);
  // The rules compiled into the binary (data/law/value-rules.toml), parsed once.
  static Result<ValueRules> builtin();

  // The rule for a key of value_rule::*; every such key exists after parse().
  const ValueRule& rule(std::string_view key) const;
  const std::vector<ValueRule>& rules() const { return rules_; }
  const std::string& title() const { return title_; }
  const std::string& version() const { return version_; }

 private:
  std::vector<ValueRule> rules_;
  std::string title_;
  std::string version_;
};

// The path of the compiled-in rules, as embedded by cmake/embed.cmake.
inline constexpr std::string_view kValueRulesPath = "data/law/value-rules.toml";

}  // namespace qf::law
