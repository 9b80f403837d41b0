#include "law/value_rules.h"

#include <toml++/toml.h>

#include <algorithm>

#include "core/check.h"
#include "core/embedded_files.h"

namespace qf::law {
namespace {

namespace vr = value_rule;

std::string field_of(std::size_t index, std::string_view name) {
  return "rule[" + std::to_string(index) + "]." + std::string(name);
}

bool contains(const std::vector<std::string_view>& keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

}  // namespace

const std::vector<std::string_view>& value_rule_factor_keys() {
  static const std::vector<std::string_view> v = {
      vr::kTerrestrialNational1,     vr::kTerrestrialNational2,
      vr::kTerrestrialProvincial,    vr::kTerrestrialSanyou,
      vr::kTerrestrialCites,         vr::kTerrestrialEggAmphibian,
      vr::kTerrestrialEggReptile,    vr::kTerrestrialEggBird,
      vr::kTerrestrialProductCap,    vr::kTerrestrialCaptive,
      vr::kTerrestrialCaptiveListed, vr::kAquaticNational1,
      vr::kAquaticNational2,         vr::kAquaticCites,
      vr::kAquaticStageMax,          vr::kAquaticEggFecundity,
      vr::kAquaticProductPart,       vr::kAquaticProductCap,
      vr::kAquaticCaptive,           vr::kAquaticCaptiveListed,
  };
  return v;
}

const std::vector<std::string_view>& value_rule_switch_keys() {
  static const std::vector<std::string_view> v = {vr::kTerrestrialActualPrice,
                                                  vr::kAquaticActualPrice};
  return v;
}

Result<ValueRules> ValueRules::parse(std::string_view toml_text) {
  toml::table doc;
  try {
    doc = toml::parse(toml_text);
  } catch (const toml::parse_error& e) {
    return invalid("value-rules.toml",
                   std::string("价值评估规则文件格式错误: ") + std::string(e.description()));
  }
  ValueRules out;
  out.title_ = doc["meta"]["title"].value_or(std::string());
  out.version_ = doc["meta"]["version"].value_or(std::string());

  const toml::array* rows = doc["rule"].as_array();
  if (!rows) return invalid("rule", "价值评估规则文件中没有 [[rule]] 条目");
  std::size_t index = 0;
  for (const auto& node : *rows) {
    const toml::table* t = node.as_table();
    if (!t) return invalid(field_of(index, ""), "[[rule]] 条目必须是表");
    // Unknown fields are refused: a misspelt "facter" must not pass as "unknown".
    for (const auto& [k, v] : *t) {
      static const std::vector<std::string_view> allowed = {
          "key", "factor", "applies", "status", "source", "verified", "note"};
      if (!contains(allowed, k.str()))
        return invalid(field_of(index, k.str()), "未知字段: " + std::string(k.str()));
    }
    ValueRule r;
    r.key = (*t)["key"].value_or(std::string());
    r.source = (*t)["source"].value_or(std::string());
    r.note = (*t)["note"].value_or(std::string());
    r.verified = (*t)["verified"].value_or(false);
    std::string status = (*t)["status"].value_or(std::string("known"));
    const bool is_factor = contains(value_rule_factor_keys(), r.key);
    const bool is_switch = contains(value_rule_switch_keys(), r.key);
    if (!is_factor && !is_switch) return invalid(field_of(index, "key"), "未知的规则键: " + r.key);
    for (const auto& seen : out.rules_)
      if (seen.key == r.key) return invalid(field_of(index, "key"), "规则键重复: " + r.key);
    // "document, article": an administrator correcting a constant must see
    // where it came from, so a row without both is refused.
    if (r.source.find(',') == std::string::npos)
      return invalid(field_of(index, "source"), "来源必须写成“文件, 条款”: " + r.key);
    if (status != "known" && status != "unknown")
      return invalid(field_of(index, "status"), "status 只能是 known 或 unknown: " + r.key);
    r.known = status == "known";
    auto factor_text = (*t)["factor"].value<std::string>();
    auto applies = (*t)["applies"].value<bool>();
    if (!r.known) {
      if (factor_text || applies)
        return invalid(field_of(index, "status"), "未知规则不应给出数值: " + r.key);
    } else if (is_factor) {
      if (!factor_text) return invalid(field_of(index, "factor"), "缺少系数: " + r.key);
      if (applies) return invalid(field_of(index, "applies"), "系数规则不用 applies: " + r.key);
      auto f = parse_ratio(*factor_text, field_of(index, "factor"));
      if (!f) return tl::unexpected(f.error());
      if (!ratio_positive(*f)) return invalid(field_of(index, "factor"), "系数必须大于0: " + r.key);
      r.factor = *f;
    } else {
      if (!applies) return invalid(field_of(index, "applies"), "缺少 applies: " + r.key);
      if (factor_text) return invalid(field_of(index, "factor"), "开关规则不用 factor: " + r.key);
      r.applies = *applies;
    }
    out.rules_.push_back(std::move(r));
    ++index;
  }
  for (auto keys : {&value_rule_factor_keys(), &value_rule_switch_keys()})
    for (auto key : *keys)
      if (std::none_of(out.rules_.begin(), out.rules_.end(),
                       [&](const ValueRule& r) { return r.key == key; }))
        return invalid("rule", "缺少规则: " + std::string(key));
  // Caps and limits below 1 would make "不超过整体价值" stricter than the
  // text; above 1 would let a product exceed its animal.
  for (auto key : {vr::kTerrestrialProductCap, vr::kAquaticProductCap, vr::kAquaticStageMax}) {
    const auto& r = out.rule(key);
    if (r.factor && !(r.factor->num == r.factor->den))
      return invalid("rule", "上限系数应为1: " + std::string(key));
  }
  return out;
}

Result<ValueRules> ValueRules::builtin() {
  static const Result<ValueRules> parsed = []() -> Result<ValueRules> {
    auto text = embedded_file(kValueRulesPath);
    if (!text) return fail(ErrorCode::kInternal, "程序中缺少内置的价值评估规则文件");
    return parse(*text);
  }();
  return parsed;
}

const ValueRule& ValueRules::rule(std::string_view key) const {
  for (const auto& r : rules_)
    if (r.key == key) return r;
  QF_CHECK(false && "rule key validated by ValueRules::parse");
  return rules_.front();
}

}  // namespace qf::law
