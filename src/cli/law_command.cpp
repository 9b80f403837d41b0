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
#include "law/admin_penalties.h"
#include "law/criminal_thresholds.h"
#include "law/jurisdiction.h"
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

// Reads one JSON object field by field; fields it never asked for are errors,
// as for API bodies (a misspelt "for_eatng" must not silently read as false).
class Fields {
 public:
  Fields(const json& j, std::string path) : j_(j), path_(std::move(path)) {}

  bool is_object() const { return j_.is_object(); }
  std::string at(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "/" + std::string(key);
  }
  const json* get(std::string_view key) {
    seen_.insert(std::string(key));
    auto it = j_.find(std::string(key));
    if (it == j_.end() || it->is_null()) return nullptr;
    return &*it;
  }
  Result<bool> boolean(std::string_view key) {
    const json* v = get(key);
    if (!v) return false;
    if (!v->is_boolean()) return invalid(at(key), "应为 true 或 false");
    return v->get<bool>();
  }
  Result<std::optional<std::string>> text(std::string_view key) {
    const json* v = get(key);
    if (!v) return std::optional<std::string>();
    if (!v->is_string()) return invalid(at(key), "应为字符串");
    return std::optional<std::string>(v->get<std::string>());
  }
  // Yuan as a string ("19999.99", exact) or a JSON number.
  Result<std::optional<Fen>> money(std::string_view key) {
    const json* v = get(key);
    if (!v) return std::optional<Fen>();
    if (v->is_string()) {
      auto f = parse_yuan(v->get<std::string>(), at(key));
      if (!f) return tl::unexpected(f.error());
      return std::optional<Fen>(*f);
    }
    if (v->is_number_unsigned() || v->is_number_integer()) {
      auto n = v->get<std::int64_t>();
      if (n < 0 || n > 1'000'000'000'000LL) return invalid(at(key), "金额超出范围");
      return std::optional<Fen>(yuan(n));
    }
    if (v->is_number_float()) {
      double d = v->get<double>();
      double fen = std::round(d * 100);
      if (d < 0 || d > 1e12 || std::fabs(d * 100 - fen) > 1e-6)
        return invalid(at(key), "金额应为非负数，最多两位小数");
      return std::optional<Fen>(static_cast<Fen>(fen));
    }
    return invalid(at(key), "金额应为数字或字符串（元）");
  }
  Result<std::optional<Grams>> kilograms(std::string_view key) {
    const json* v = get(key);
    if (!v) return std::optional<Grams>();
    std::string s;
    if (v->is_string())
      s = v->get<std::string>();
    else if (v->is_number_integer() || v->is_number_unsigned())
      s = std::to_string(v->get<std::int64_t>());
    else if (v->is_number_float())
      s = v->dump();
    else
      return invalid(at(key), "重量应为数字或字符串（千克）");
    auto g = parse_kilograms(s, at(key));
    if (!g) return tl::unexpected(g.error());
    return std::optional<Grams>(*g);
  }
  Result<std::optional<std::int64_t>> integer(std::string_view key) {
    const json* v = get(key);
    if (!v) return std::optional<std::int64_t>();
    if (!v->is_number_integer() && !v->is_number_unsigned()) return invalid(at(key), "应为整数");
    return std::optional<std::int64_t>(v->get<std::int64_t>());
  }
  Status finish() const {
    if (!j_.is_object()) return invalid(path_.empty() ? "/" : path_, "应为 JSON 对象");
    for (const auto& [k, v] : j_.items())
      if (!seen_.count(k)) return invalid(at(k), "未知字段: " + k);
    return {};
  }

 private:
  const json& j_;
  std::string path_;
  std::set<std::string> seen_;
};

#define QF_TRY(var, expr)                               \
  auto var##_r = (expr);                                \
  if (!var##_r) return tl::unexpected(var##_r.error()); \
  auto var = std::move(*var##_r)

template <class T>
Result<T> parse_code(const std::optional<std::string>& text,
                     std::optional<T> (*parse)(std::string_view), const std::string& field,
                     T fallback, std::string_view allowed) {
  if (!text) return fallback;
  auto v = parse(*text);
  if (!v) return invalid(field, "取值应为 " + std::string(allowed) + "，收到: " + *text);
  return *v;
}

constexpr std::string_view kClasses =
    "national_1|national_2|sanyou|provincial|cites_1|cites_2|none";
constexpr std::string_view kBehaviours =
    "hunting|killing|purchase|transport|sale|eating|fishing|smuggling|breeding";

// ---- output -------------------------------------------------------------

json money_json(std::optional<Fen> f) { return f ? json(format_yuan(*f)) : json(nullptr); }

json assessment_json(const Assessment& a) {
  json steps = json::array();
  for (const auto& s : a.steps)
    steps.push_back({{"factor", s.factor},
                     {"value", s.value},
                     {"source", s.source},
                     {"amount_yuan", money_json(s.amount)},
                     {"verified", s.verified}});
  json out = {{"value_yuan", money_json(a.value)},
              {"value_fen", a.value ? json(*a.value) : json(nullptr)},
              {"needs_appraisal", a.needs_appraisal()},
              {"display", a.value ? format_yuan(*a.value) + " 元" : "未知——需鉴定"}};
  if (a.lower_bound) out["lower_bound_yuan"] = format_yuan(*a.lower_bound);
  if (a.upper_bound) out["upper_bound_yuan"] = format_yuan(*a.upper_bound);
  if (!a.unknown_reason.empty()) out["unknown_reason"] = a.unknown_reason;
  out["method"] = a.method;
  out["steps"] = steps;
  out["notes"] = a.notes;
  return out;
}

json finding_json(const OffenceFinding& f) {
  json out = {{"code", f.code},
              {"name", f.name},
              {"status", finding_status_code(f.status)},
              {"status_label", finding_status_label(f.status)},
              {"band", f.band.empty() ? json(nullptr) : json(f.band)},
              {"band_label", f.band_label.empty() ? json(nullptr) : json(f.band_label)},
              {"penalty", f.penalty.empty() ? json(nullptr) : json(f.penalty)},
              {"articles", f.articles},
              {"value_total_yuan", money_json(f.value_total)},
              {"value_complete", f.value_complete}};
  if (f.weight_total) out["weight_total_kg"] = format_kilograms(*f.weight_total);
  out["generally_not_crime"] = f.generally_not_crime;
  out["reasons"] = f.reasons;
  out["aggravating"] = f.aggravating;
  out["mitigating"] = f.mitigating;
  out["notes"] = f.notes;
  return out;
}

json penalty_json(const AdminPenalty& p) {
  return {{"article", p.article},
          {"violation", p.violation},
          {"target", p.target},
          {"authority", p.authority},
          {"measures", p.measures},
          {"fine_basis", p.fine_basis},
          {"fine_min_yuan", money_json(p.fine_min)},
          {"fine_max_yuan", money_json(p.fine_max)},
          {"notes", p.notes}};
}

json jurisdiction_json(const Jurisdiction& j) {
  return {{"lead", j.lead}, {"co", j.co}, {"reasons", j.reasons}};
}

json rules_json(const ValueRules& rules) {
  json rows = json::array();
  for (const auto& r : rules.rules()) {
    json row = {{"key", r.key}};
    if (!r.known)
      row["value"] = nullptr;
    else if (r.factor)
      row["value"] = format_ratio(*r.factor);
    else
      row["value"] = r.applies.value_or(false);
    row["status"] = r.known ? "known" : "unknown";
    row["source"] = r.source;
    row["verified"] = r.verified;
    row["note"] = r.note;
    rows.push_back(row);
  }
  return {{"title", rules.title()}, {"version", rules.version()}, {"rules", rows}};
}

void print(const json& j) { std::cout << j.dump(2) << "\n"; }

int report_error(const Error& e) {
  print_error(e);
  return e.code == ErrorCode::kInvalidInput ? 2 : 1;
}

// ---- law offences -------------------------------------------------------

struct ParsedItem {
  CaseItem item;
  std::optional<Assessment> assessment;
};

Result<ParsedItem> parse_item(const json& j, const std::string& path,
                              const ValueAssessor& assessor) {
  Fields f(j, path);
  if (!f.is_object()) return invalid(path, "应为 JSON 对象");
  ParsedItem out;
  CaseItem& i = out.item;
  QF_TRY(label, f.text("label"));
  i.label = label.value_or("");
  QF_TRY(cls_text, f.text("class"));
  if (!cls_text) return invalid(f.at("class"), "缺少保护类别（" + std::string(kClasses) + "）");
  QF_TRY(cls, parse_code(cls_text, &parse_protection_class, f.at("class"), ProtectionClass::kNone,
                         kClasses));
  i.protection = cls;
  QF_TRY(hab_text, f.text("habitat"));
  QF_TRY(hab, parse_code(hab_text, &parse_habitat, f.at("habitat"), Habitat::kTerrestrial,
                         "terrestrial|aquatic"));
  i.habitat = hab;
  QF_TRY(origin_text, f.text("origin"));
  QF_TRY(origin,
         parse_code(origin_text, &parse_origin, f.at("origin"), Origin::kWild, "wild|captive"));
  i.origin = origin;
  QF_TRY(listed, f.boolean("on_captive_list"));
  i.on_captive_list = listed;
  QF_TRY(value, f.money("value_yuan"));
  i.value = value;
  QF_TRY(weight, f.kilograms("weight_kg"));
  i.weight = weight;
  QF_TRY(cites, f.integer("cites_appendix"));
  i.cites_appendix = cites ? std::optional<int>(static_cast<int>(*cites)) : std::nullopt;
  QF_TRY(fry, f.boolean("fry_or_brood"));
  i.fry_or_brood = fry;
  QF_TRY(accumulated, f.boolean("accumulated"));
  i.accumulated = accumulated;

  // "assess": have the value assessed instead of giving it.
  if (const json* a = f.get("assess")) {
    if (value) return invalid(f.at("assess"), "已给出 value_yuan 时不再评估");
    Fields af(*a, f.at("assess"));
    if (!af.is_object()) return invalid(f.at("assess"), "应为 JSON 对象");
    AssessmentInput in;
    in.protection = i.protection;
    in.habitat = i.habitat;
    in.origin = i.origin;
    in.on_captive_list = i.on_captive_list;
    QF_TRY(base, af.money("base_value_yuan"));
    in.base_value = base;
    QF_TRY(basis, af.text("basis"));
    in.base_value_basis = basis.value_or("");
    QF_TRY(part_text, af.text("part"));
    QF_TRY(part,
           parse_code(part_text, &parse_part, af.at("part"), Part::kWhole, "whole|product|egg"));
    in.part = part;
    QF_TRY(egg_text, af.text("egg_class"));
    if (egg_text) {
      QF_TRY(egg, parse_code(egg_text, &parse_egg_class, af.at("egg_class"), EggClass::kBird,
                             "amphibian|reptile|bird"));
      in.egg_class = egg;
    }
    QF_TRY(own, af.boolean("egg_has_own_base_value"));
    in.egg_has_own_base_value = own;
    QF_TRY(count, af.integer("count"));
    QF_TRY(kg, af.kilograms("weight_kg"));
    if (count && kg) return invalid(af.at("count"), "count 与 weight_kg 只能给一个");
    if (count && *count < 1) return invalid(af.at("count"), "数量必须大于0");
    if (count) in.quantity = Ratio{*count, 1};
    if (kg) in.quantity = Ratio{*kg, 1000};
    QF_TRY(part_value, af.money("part_value_yuan"));
    in.product_unit_value = part_value;
    QF_TRY(stage_text, af.text("stage_factor"));
    if (stage_text) {
      auto s = parse_ratio(*stage_text, af.at("stage_factor"));
      if (!s) return tl::unexpected(s.error());
      in.stage_factor = *s;
    }
    QF_TRY(price, af.money("price_yuan"));
    in.actual_price = price;
    if (auto ok = af.finish(); !ok) return tl::unexpected(ok.error());
    auto assessed = assessor.assess(in);
    if (!assessed) {
      Error e = assessed.error();
      for (auto& fe : e.fields) fe.field = af.at(fe.field);
      return tl::unexpected(e);
    }
    i.value = assessed->value;
    i.value_lower_bound = assessed->lower_bound;
    out.assessment = *assessed;
  }
  if (auto ok = f.finish(); !ok) return tl::unexpected(ok.error());
  return out;
}

Result<Circumstances> parse_circumstances(const json* j) {
  Circumstances c;
  if (!j) return c;
  Fields f(*j, "circumstances");
  if (!f.is_object()) return invalid("circumstances", "应为 JSON 对象");
  struct Flag {
    const char* key;
    bool Circumstances::*field;
  };
  static const Flag flags[] = {
      {"closed_hunting_area", &Circumstances::closed_hunting_area},
      {"closed_hunting_season", &Circumstances::closed_hunting_season},
      {"banned_hunting_tools", &Circumstances::banned_hunting_tools},
      {"closed_fishing_area", &Circumstances::closed_fishing_area},
      {"closed_fishing_season", &Circumstances::closed_fishing_season},
      {"banned_fishing_tools", &Circumstances::banned_fishing_tools},
      {"destructive_fishing", &Circumstances::destructive_fishing},
      {"germplasm_reserve", &Circumstances::germplasm_reserve},
      {"marine_waters", &Circumstances::marine_waters},
      {"for_eating", &Circumstances::for_eating},
      {"prior_admin_penalty_within_2y", &Circumstances::prior_admin_penalty_within_2y},
      {"crime_group_leader", &Circumstances::crime_group_leader},
      {"special_vehicle", &Circumstances::special_vehicle},
      {"serious_research_impact", &Circumstances::serious_research_impact},
      {"violent_resistance", &Circumstances::violent_resistance},
      {"serious_damage", &Circumstances::serious_damage},
      {"multiple_boats", &Circumstances::multiple_boats},
      {"fishing_as_business", &Circumstances::fishing_as_business},
      {"full_restitution_and_remorse", &Circumstances::full_restitution_and_remorse},
      {"animal_died_or_unrecoverable", &Circumstances::animal_died_or_unrecoverable},
      {"voluntary_penalty_and_restoration", &Circumstances::voluntary_penalty_and_restoration},
      {"captive_pet_trade", &Circumstances::captive_pet_trade},
      {"knowingly_handling_criminal_catch", &Circumstances::knowingly_handling_criminal_catch},
      {"by_unit", &Circumstances::by_unit},
  };
  for (const auto& flag : flags) {
    auto v = f.boolean(flag.key);
    if (!v) return tl::unexpected(v.error());
    c.*flag.field = *v;
  }
  QF_TRY(dir_text, f.text("direction"));
  if (dir_text) {
    auto d = parse_direction(*dir_text);
    if (!d) return invalid(f.at("direction"), "取值应为 import|export");
    c.direction = d;
  }
  if (auto ok = f.finish(); !ok) return tl::unexpected(ok.error());
  return c;
}

Result<json> run_offences(const std::string& text, const ValueAssessor& assessor) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    return fail(ErrorCode::kMalformedRequest, std::string("案件文件不是有效的 JSON: ") + e.what());
  }
  Fields f(doc, "");
  if (!f.is_object()) return invalid("/", "案件文件应为 JSON 对象");
  QF_TRY(behaviour_text, f.text("behaviour"));
  if (!behaviour_text) return invalid("behaviour", "缺少行为（" + std::string(kBehaviours) + "）");
  QF_TRY(behaviour, parse_code(behaviour_text, &parse_behaviour, "behaviour", Behaviour::kHunting,
                               kBehaviours));
  QF_TRY(place, f.text("place_type"));
  QF_TRY(circumstances, parse_circumstances(f.get("circumstances")));

  std::vector<ParsedItem> items;
  if (const json* arr = f.get("items")) {
    if (!arr->is_array()) return invalid("items", "应为数组");
    for (std::size_t n = 0; n < arr->size(); ++n) {
      QF_TRY(item, parse_item((*arr)[n], "items/" + std::to_string(n), assessor));
      items.push_back(std::move(item));
    }
  }
  // Facts only the administrative penalties need.
  PenaltyFacts penalty_base;
  if (const json* p = f.get("penalty")) {
    Fields pf(*p, "penalty");
    if (!pf.is_object()) return invalid("penalty", "应为 JSON 对象");
    QF_TRY(permit, pf.boolean("has_permit"));
    QF_TRY(serious, pf.boolean("serious"));
    QF_TRY(no_catch, pf.boolean("no_catch"));
    QF_TRY(gains, pf.money("illegal_gains_yuan"));
    if (auto ok = pf.finish(); !ok) return tl::unexpected(ok.error());
    penalty_base.has_permit = permit;
    penalty_base.serious = serious;
    penalty_base.no_catch = no_catch;
    penalty_base.illegal_gains = gains;
  }
  if (auto ok = f.finish(); !ok) return tl::unexpected(ok.error());

  CaseFacts facts;
  facts.behaviour = behaviour;
  facts.circumstances = circumstances;
  for (const auto& i : items) facts.items.push_back(i.item);
  QF_TRY(report, evaluate_offences(facts));

  json out;
  out["behaviour"] = behaviour_code(behaviour);
  json items_out = json::array();
  for (const auto& i : items) {
    json row = {{"label", i.item.label},
                {"class", protection_class_code(i.item.protection)},
                {"habitat", habitat_code(i.item.habitat)},
                {"value_yuan", money_json(i.item.value)}};
    if (i.item.weight) row["weight_kg"] = format_kilograms(*i.item.weight);
    if (i.assessment) row["assessment"] = assessment_json(*i.assessment);
    items_out.push_back(row);
  }
  out["items"] = items_out;
  out["suspected_crime"] = report.suspected_crime;
  out["transfer"] = report.suspected_crime ? json(std::string(kTransferConclusion)) : json(nullptr);
  out["conclusion"] = report.conclusion;
  out["needs_appraisal"] = report.needs_appraisal;
  out["transfer_basis"] = report.transfer_basis;
  json offences = json::array();
  for (const auto& o : report.offences) offences.push_back(finding_json(o));
  out["offences"] = offences;
  out["notes"] = report.notes;

  // Administrative penalties, per group of items the same articles treat
  // alike (national key of either level, 三有, 地方重点, other; by habitat and
  // origin): their values add up, as the articles value "猎获物" as a whole.
  // Penalties on a venue or a carrier (not the offender) are listed once.
  const bool fishing = behaviour == Behaviour::kFishing;
  const std::string place_code = place.value_or("");
  auto category = [](ProtectionClass c) {
    return is_national_key(c)       ? ProtectionClass::kNational2
           : is_cites_unapproved(c) ? ProtectionClass::kNone
                                    : c;
  };
  struct Group {
    ProtectionClass protection;
    Habitat habitat;
    Origin origin;
    std::optional<Fen> value = 0;
    std::vector<std::string> labels;
  };
  std::vector<Group> groups;
  for (const auto& i : facts.items) {
    auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) {
      return category(g.protection) == category(i.protection) && g.habitat == i.habitat &&
             g.origin == i.origin;
    });
    if (it == groups.end()) {
      groups.push_back({i.protection, i.habitat, i.origin, 0, {}});
      it = groups.end() - 1;
    }
    if (it->value && i.value)
      *it->value += *i.value;
    else
      it->value.reset();
    it->labels.push_back(i.label);
  }
  if (groups.empty())
    groups.push_back({ProtectionClass::kNone,
                      fishing ? Habitat::kAquatic : Habitat::kTerrestrial,
                      Origin::kWild,
                      std::nullopt,
                      {}});
  json penalties = json::array();
  for (const auto& g : groups) {
    PenaltyFacts pf = penalty_base;
    pf.behaviour = behaviour;
    pf.protection = g.protection;
    pf.habitat = g.habitat;
    pf.origin = g.origin;
    pf.value = g.value;
    pf.for_eating = circumstances.for_eating;
    pf.protected_or_closed = circumstances.closed_hunting_area ||
                             circumstances.closed_hunting_season ||
                             circumstances.closed_fishing_area ||
                             circumstances.closed_fishing_season || place_code == "protected_area";
    pf.banned_tools = circumstances.banned_hunting_tools || circumstances.banned_fishing_tools ||
                      circumstances.destructive_fishing;
    pf.place_type = place_code;
    for (const auto& p : applicable_admin_penalties(pf)) {
      if (p.target != "行为人") {
        auto seen = std::find_if(penalties.begin(), penalties.end(),
                                 [&](const json& row) { return row["article"] == p.article; });
        if (seen != penalties.end()) {
          for (const auto& l : g.labels) (*seen)["items"].push_back(l);
          continue;
        }
      }
      json row = penalty_json(p);
      row["items"] = g.labels;
      penalties.push_back(row);
    }
  }
  out["admin_penalties"] = penalties;

  // Jurisdiction: the wildlife department of every habitat present takes part.
  std::vector<Habitat> habitats;
  for (const auto& i : facts.items)
    if (std::find(habitats.begin(), habitats.end(), i.habitat) == habitats.end())
      habitats.push_back(i.habitat);
  if (habitats.empty()) habitats.push_back(fishing ? Habitat::kAquatic : Habitat::kTerrestrial);
  QF_TRY(j, decide_jurisdiction(habitats[0], behaviour, place_code, report.suspected_crime));
  for (std::size_t n = 1; n < habitats.size(); ++n) {
    QF_TRY(other, decide_jurisdiction(habitats[n], behaviour, place_code, report.suspected_crime));
    if (other.lead != j.lead && std::find(j.co.begin(), j.co.end(), other.lead) == j.co.end()) {
      j.co.push_back(other.lead);
      j.reasons.push_back(other.reasons.front());
    }
  }
  out["jurisdiction"] = jurisdiction_json(j);
  return out;
}

// ---- law assess ---------------------------------------------------------

struct AssessOptions {
  std::string cls, habitat = "terrestrial", part = "whole", egg_class, origin = "wild";
  bool captive_list = false, egg_own_base = false;
  std::int64_t count = 0;
  std::string weight, base_value, basis, part_value, stage_factor, price, rules;
};

Result<json> run_assess(const AssessOptions& o) {
  AssessmentInput in;
  auto cls = parse_protection_class(o.cls);
  if (!cls) return invalid("class", "取值应为 " + std::string(kClasses));
  in.protection = *cls;
  auto habitat = parse_habitat(o.habitat);
  if (!habitat) return invalid("habitat", "取值应为 terrestrial|aquatic");
  in.habitat = *habitat;
  auto part = parse_part(o.part);
  if (!part) return invalid("part", "取值应为 whole|product|egg");
  in.part = *part;
  if (!o.egg_class.empty()) {
    auto e = parse_egg_class(o.egg_class);
    if (!e) return invalid("egg_class", "取值应为 amphibian|reptile|bird");
    in.egg_class = *e;
  }
  auto origin = parse_origin(o.origin);
  if (!origin) return invalid("origin", "取值应为 wild|captive");
  in.origin = *origin;
  in.on_captive_list = o.captive_list;
  in.egg_has_own_base_value = o.egg_own_base;
  if (o.count > 0 && !o.weight.empty()) return invalid("count", "--count 与 --weight 只能给一个");
  if (!o.weight.empty()) {
    auto g = parse_kilograms(o.weight, "weight");
    if (!g) return tl::unexpected(g.error());
    in.quantity = Ratio{*g, 1000};
  } else {
    in.quantity = Ratio{o.count > 0 ? o.count : 1, 1};
  }
  auto money = [](const std::string& text, const char* field) -> Result<std::optional<Fen>> {
    if (text.empty()) return std::optional<Fen>();
    auto f = parse_yuan(text, field);
    if (!f) return tl::unexpected(f.error());
    return std::optional<Fen>(*f);
  };
  QF_TRY(base, money(o.base_value, "base_value"));
  in.base_value = base;
  in.base_value_basis = o.basis;
  QF_TRY(part_value, money(o.part_value, "part_value"));
  in.product_unit_value = part_value;
  QF_TRY(price, money(o.price, "price"));
  in.actual_price = price;
  if (!o.stage_factor.empty()) {
    auto s = parse_ratio(o.stage_factor, "stage_factor");
    if (!s) return tl::unexpected(s.error());
    in.stage_factor = *s;
  }
  QF_TRY(rules, load_rules(o.rules));
  ValueAssessor assessor(std::move(rules));
  QF_TRY(a, assessor.assess(in));
  json input = {{"class", o.cls},
                {"habitat", o.habitat},
                {"part", o.part},
                {"origin", o.origin},
                {"on_captive_list", o.captive_list},
                {"quantity", format_ratio(in.quantity)},
                {"base_value_yuan", money_json(in.base_value)}};
  if (in.egg_class) input["egg_class"] = egg_class_code(*in.egg_class);
  if (in.actual_price) input["price_yuan"] = format_yuan(*in.actual_price);
  json out = {{"input", input}};
  const json explained = assessment_json(a);  // named: items() must not outlive it
  for (const auto& [k, v] : explained.items()) out[k] = v;
  out["rules_version"] = assessor.rules().version();
  return out;
}

}  // namespace

void add_law_command(CLI::App& app, int& exit_code) {
  auto* law = app.add_subcommand(
      "law", "Legal engine: valuation, criminal thresholds, penalties (JSON out)");
  law->require_subcommand(1);

  auto opts = std::make_shared<AssessOptions>();
  auto* assess = law->add_subcommand(
      "assess",
      "Value of seized wildlife per 国家林业局令第46号 / 农业农村部令2019年第5号, explained");
  assess->add_option("--class", opts->cls, std::string(kClasses))->required();
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
    auto out = run_assess(*opts);
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
    auto out = run_offences(*text, ValueAssessor(std::move(*rules)));
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
