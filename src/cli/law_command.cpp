#include "cli/law_command.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <set>
#include <sstream>

#include "cli/environment.h"
#include "law/legal_request.h"
#include "scan/chinese_romanizer.h"
#include "law/species_catalog.h"
#include "law/value_assessor.h"
#include "law/value_rules.h"

namespace qf::cli {
namespace {

using json = nlohmann::ordered_json;
using namespace qf::law;

// ---- input ----------------------------------------------------------------

Result<std::string> read_text(const std::string& path) {
  if (path == "-") return std::string(std::istreambuf_iterator<char>(std::cin), {});
  std::ifstream in(path, std::ios::binary);
  if (!in) return invalid("input", "无法读取文件: " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

Result<ValueRules> load_rules(const std::string& path) {
  if (path.empty()) return ValueRules::builtin();
  auto text = read_text(path);
  if (!text) return tl::unexpected(text.error());
  return ValueRules::parse(*text);
}


void print(const json& j) { std::cout << j.dump(2) << "\n"; }

int report_error(const Error& e) {
  print_error(e);
  return e.code == ErrorCode::kInvalidInput ? 2 : 1;
}

// ---- law assess ---------------------------------------------------------

struct AssessOptions {
  std::string species, cls, habitat, part, egg_class, origin;
  bool captive_list = false, egg_own_base = false;
  std::int64_t count = 0, species_id = 0;
  std::string weight, base_value, basis, part_value, stage_factor, price, rules;
};

// The options as the JSON request the API takes, so both read it alike.
json assess_request(const AssessOptions& o) {
  json r = json::object();
  auto text = [&](const char* key, const std::string& v) {
    if (!v.empty()) r[key] = v;
  };
  if (o.species_id > 0) r["species_id"] = o.species_id;
  text("species", o.species);
  text("class", o.cls);
  text("habitat", o.habitat);
  text("part", o.part);
  text("egg_class", o.egg_class);
  text("origin", o.origin);
  if (o.captive_list) r["on_captive_list"] = true;
  if (o.egg_own_base) r["egg_has_own_base_value"] = true;
  if (o.count > 0) r["count"] = o.count;
  text("weight_kg", o.weight);
  text("base_value_yuan", o.base_value);
  text("basis", o.basis);
  text("part_value_yuan", o.part_value);
  text("stage_factor", o.stage_factor);
  text("price_yuan", o.price);
  return r;
}

Result<SpeciesCatalog> load_catalog() { return SpeciesCatalog::builtin(&scan::romanize_chinese); }

}  // namespace

void add_law_command(CLI::App& app, int& exit_code) {
  auto* law = app.add_subcommand(
      "law", "Legal engine: valuation, criminal thresholds, penalties (JSON out)");
  law->require_subcommand(1);

  auto opts = std::make_shared<AssessOptions>();
  auto* assess = law->add_subcommand(
      "assess",
      "Value of seized wildlife per 国家林业局令第46号 / 农业农村部令2019年第5号, explained");
  assess->add_option("--species", opts->species,
                     "Species by Chinese, Latin or trade name (e.g. 穿山甲片); the catalog gives "
                     "its class, habitat and base value");
  assess->add_option("--species-id", opts->species_id, "Species by catalog id");
  assess->add_option("--class", opts->cls,
                     std::string(kProtectionClassCodes) + " (for an animal not in the catalog)");
  assess->add_option("--habitat", opts->habitat, "terrestrial|aquatic (default terrestrial)");
  assess->add_option("--count", opts->count, "Number of animals/eggs/pieces (default 1)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1'000'000'000}));
  assess->add_option("--weight", opts->weight, "Kilograms, when the base value is per kilogram");
  assess->add_option("--part", opts->part, "whole|product|egg (default whole)");
  assess->add_option("--egg-class", opts->egg_class, "amphibian|reptile|bird (terrestrial eggs)");
  assess->add_option("--origin", opts->origin, "wild|captive (default wild)");
  assess->add_flag("--captive-list", opts->captive_list,
                   "Species is on the 人工繁育国家重点保护野生动物名录");
  assess->add_option("--base-value", opts->base_value,
                     "Base value (基准价值) per unit in yuan; omitted = unknown, needs appraisal");
  assess->add_option("--basis", opts->basis, "Where the base value came from (e.g. 同属参照)");
  assess->add_option("--part-value", opts->part_value,
                     "Assessor's value of one product piece, yuan");
  assess->add_flag("--egg-own-base", opts->egg_own_base, "Aquatic egg with its own base value");
  assess->add_option("--stage-factor", opts->stage_factor,
                     "Aquatic juvenile development-stage factor (<= 1)");
  assess->add_option("--price", opts->price, "Actual trade price of the whole lot, yuan");
  assess->add_option("--rules", opts->rules, "Corrected value-rules TOML (default: compiled-in)");
  assess->callback([opts, &exit_code] {
    auto rules = load_rules(opts->rules);
    if (!rules) return void(exit_code = report_error(rules.error()));
    auto catalog = load_catalog();
    if (!catalog) return void(exit_code = report_error(catalog.error()));
    auto out = answer_assessment(assess_request(*opts), ValueAssessor(std::move(*rules)), &*catalog);
    if (!out) return void(exit_code = report_error(out.error()));
    print(*out);
  });

  auto input = std::make_shared<std::string>();
  auto offences_rules = std::make_shared<std::string>();
  auto* offences = law->add_subcommand(
      "offences",
      "Offences a case may make out (法释〔2022〕12号), 行刑衔接, penalties, jurisdiction");
  offences->add_option("--input", *input, "Case JSON file, or - for standard input")->required();
  offences->add_option("--rules", *offences_rules,
                       "Corrected value-rules TOML (default: compiled-in)");
  offences->callback([input, offences_rules, &exit_code] {
    auto rules = load_rules(*offences_rules);
    if (!rules) return void(exit_code = report_error(rules.error()));
    auto text = read_text(*input);
    if (!text) return void(exit_code = report_error(text.error()));
    json request;
    try {
      request = json::parse(*text);
    } catch (const json::parse_error& e) {
      return void(exit_code = report_error(
                      fail(ErrorCode::kMalformedRequest, std::string("案件文件不是有效的 JSON: ") + e.what())
                          .value()));
    }
    auto catalog = load_catalog();
    if (!catalog) return void(exit_code = report_error(catalog.error()));
    auto out = answer_offences(request, ValueAssessor(std::move(*rules)), &*catalog);
    if (!out) return void(exit_code = report_error(out.error()));
    print(*out);
  });

  auto show_rules = std::make_shared<std::string>();
  auto* rules_cmd =
      law->add_subcommand("rules", "The valuation constants in force, with their sources");
  rules_cmd->add_option("--rules", *show_rules, "Check and show this value-rules TOML instead");
  rules_cmd->callback([show_rules, &exit_code] {
    auto rules = load_rules(*show_rules);
    if (!rules) return void(exit_code = report_error(rules.error()));
    print(rules_json(*rules));
  });
}

}  // namespace qf::cli
