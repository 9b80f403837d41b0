#include "law/legal_request.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/check.h"
#include "law/admin_penalties.h"
#include "law/criminal_thresholds.h"
#include "law/jurisdiction.h"

namespace qf::law {
namespace {

// Reads one JSON object field by field; fields it never asked for are errors,
// as for API bodies (a misspelt "for_eatng" must not silently read as false).
class Fields {
 public:
  Fields(const Json& j, std::string path) : j_(j), path_(std::move(path)) {}

  bool is_object() const { return j_.is_object(); }
  std::string at(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "/" + std::string(key);
  }
  const Json* get(std::string_view key) {
    seen_.insert(std::string(key));
    auto it = j_.find(std::string(key));
    if (it == j_.end() || it->is_null()) return nullptr;
    return &*it;
  }
  Result<bool> boolean(std::string_view key) {
    const Json* v = get(key);
    if (!v) return false;
    if (!v->is_boolean()) return invalid(at(key), "应为 true 或 false");
    return v->get<bool>();
  }
  Result<std::optional<std::string>> text(std::string_view key) {
    const Json* v = get(key);
    if (!v) return std::optional<std::string>();
    if (!v->is_string()) return invalid(at(key), "应为字符串");
    return std::optional<std::string>(v->get<std::string>());
  }
  // Yuan as a string ("19999.99", exact) or a JSON number.
  Result<std::optional<Fen>> money(std::string_view key) {
    const Json* v = get(key);
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
    const Json* v = get(key);
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
    const Json* v = get(key);
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
  const Json& j_;
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

constexpr std::string_view kBehaviours =
    "hunting|killing|purchase|transport|sale|eating|fishing|smuggling|breeding";

// ---- output -------------------------------------------------------------

Json money_json(std::optional<Fen> f) { return f ? Json(format_yuan(*f)) : Json(nullptr); }

Json finding_json(const OffenceFinding& f) {
  Json out = {{"code", f.code},
              {"name", f.name},
              {"status", finding_status_code(f.status)},
              {"status_label", finding_status_label(f.status)},
              {"band", f.band.empty() ? Json(nullptr) : Json(f.band)},
              {"band_label", f.band_label.empty() ? Json(nullptr) : Json(f.band_label)},
              {"penalty", f.penalty.empty() ? Json(nullptr) : Json(f.penalty)},
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

Json penalty_json(const AdminPenalty& p) {
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

Json jurisdiction_json(const Jurisdiction& j) {
  return {{"lead", j.lead}, {"co", j.co}, {"reasons", j.reasons}};
}

// ---- species ------------------------------------------------------------

// What a request's species gives the engine.
struct SpeciesFacts {
  const SpeciesRecord* record = nullptr;  // nullptr: class and habitat given directly
  ProtectionClass protection = ProtectionClass::kNone;
  Habitat habitat = Habitat::kTerrestrial;
  std::vector<std::string> notes;
};

Json species_brief(const SpeciesRecord& r) {
  return {{"id", r.id},
          {"chinese_name", r.chinese_name},
          {"latin_name", r.latin_name},
          {"rank", taxon_rank_code(r.rank)},
          {"list", r.list},
          {"class", protection_class_code(r.protection)},
          {"class_label", protection_class_label(r.protection)},
          {"habitat", habitat_code(r.habitat)}};
}

// species_id | species | class (+ habitat). Reads those fields of `f`.
Result<SpeciesFacts> read_species(Fields& f, const SpeciesCatalog* catalog) {
  QF_TRY(id, f.integer("species_id"));
  QF_TRY(name, f.text("species"));
  QF_TRY(cls_text, f.text("class"));
  QF_TRY(hab_text, f.text("habitat"));
  SpeciesFacts out;
  if (id || name) {
    if (id && name) return invalid(f.at("species"), "species_id 与 species 只能给一个");
    if (cls_text || hab_text)
      return invalid(f.at(cls_text ? "class" : "habitat"),
                     "已指定物种时，保护类别与栖息类型由物种名录给出，不能再填");
    if (!catalog) return invalid(f.at(id ? "species_id" : "species"), "没有可用的物种名录");
    if (id) {
      out.record = catalog->find(*id);
      if (!out.record) return invalid(f.at("species_id"), "物种名录中没有编号 " + std::to_string(*id));
    } else {
      auto found = catalog->resolve(*name);
      if (found.empty())
        return invalid(f.at("species"), "物种名录中没有「" + *name +
                                            "」；请用物种查询（GET /api/v1/species?q=）找到后以 species_id 指定");
      if (found.size() > 1) {
        std::string candidates;
        for (const auto* r : found)
          candidates += (candidates.empty() ? "" : "、") + r->chinese_name + "（" +
                        std::to_string(r->id) + "）";
        return invalid(f.at("species"), "「" + *name + "」对应多个物种：" + candidates +
                                            "；价值不同，请以 species_id 指定其一");
      }
      out.record = found.front();
    }
    out.protection = out.record->protection;
    out.habitat = out.record->habitat;
    // A species no row lists at a national level may still be covered by a
    // "类" row of its genus, family or order.
    if (!is_national_key(out.protection))
      if (const auto* taxon = catalog->covering_taxon(*out.record)) {
        out.protection = taxon->protection;
        out.notes.push_back("按「" + taxon->chinese_name + "所有种」列入国家重点保护（" +
                            std::string(protection_class_label(taxon->protection)) + "）");
      }
    if (out.record->wild_only())
      out.notes.push_back("名录注明“仅限野外种群”：人工繁育个体不按国家重点保护野生动物论处");
    return out;
  }
  if (!cls_text)
    return invalid(f.at("class"), "缺少物种（species_id 或 species）或保护类别（" +
                                      std::string(kProtectionClassCodes) + "）");
  QF_TRY(cls, parse_code(cls_text, &parse_protection_class, f.at("class"), ProtectionClass::kNone,
                         kProtectionClassCodes));
  QF_TRY(hab, parse_code(hab_text, &parse_habitat, f.at("habitat"), Habitat::kTerrestrial,
                         "terrestrial|aquatic"));
  out.protection = cls;
  out.habitat = hab;
  return out;
}

// The valuation fields (everything but the species and origin): part,
// egg_class, count|weight_kg, base_value_yuan, basis, part_value_yuan,
// egg_has_own_base_value, stage_factor, price_yuan.
Status read_valuation(Fields& f, const SpeciesFacts& sp, const SpeciesCatalog* catalog,
                      AssessmentInput& in) {
  in.protection = sp.protection;
  in.habitat = sp.habitat;
  QF_TRY(base, f.money("base_value_yuan"));
  QF_TRY(basis, f.text("basis"));
  in.base_value = base;
  in.base_value_basis = basis.value_or(base ? "请求给出" : "");
  if (!base && sp.record && catalog) {
    if (auto hit = catalog->base_value(*sp.record)) {
      in.base_value = hit->value.value;
      in.base_value_basis = hit->basis + "（" + hit->value.source + "，每" + hit->value.unit + "）";
    }
  }
  QF_TRY(part_text, f.text("part"));
  QF_TRY(part, parse_code(part_text, &parse_part, f.at("part"), Part::kWhole, "whole|product|egg"));
  in.part = part;
  QF_TRY(egg_text, f.text("egg_class"));
  if (egg_text) {
    QF_TRY(egg, parse_code(egg_text, &parse_egg_class, f.at("egg_class"), EggClass::kBird,
                           "amphibian|reptile|bird"));
    in.egg_class = egg;
  } else if (part == Part::kEgg && sp.record) {
    in.egg_class = sp.record->egg_class();
  }
  QF_TRY(own, f.boolean("egg_has_own_base_value"));
  in.egg_has_own_base_value = own;
  QF_TRY(count, f.integer("count"));
  QF_TRY(kg, f.kilograms("weight_kg"));
  if (count && kg) return invalid(f.at("count"), "count 与 weight_kg 只能给一个");
  if (count && (*count < 1 || *count > 1'000'000'000))
    return invalid(f.at("count"), "数量应为 1 至 10 亿");
  if (count) in.quantity = Ratio{*count, 1};
  if (kg) {
    if (*kg <= 0) return invalid(f.at("weight_kg"), "重量必须大于 0");
    in.quantity = Ratio{*kg, 1000};
  }
  QF_TRY(part_value, f.money("part_value_yuan"));
  in.product_unit_value = part_value;
  QF_TRY(stage_text, f.text("stage_factor"));
  if (stage_text) {
    auto r = parse_ratio(*stage_text, f.at("stage_factor"));
    if (!r) return tl::unexpected(r.error());
    in.stage_factor = *r;
  }
  QF_TRY(price, f.money("price_yuan"));
  in.actual_price = price;
  return {};
}

Result<Assessment> assess_with_paths(const ValueAssessor& assessor, const AssessmentInput& in,
                                     const Fields& f, const SpeciesFacts& sp) {
  auto assessed = assessor.assess(in);
  if (!assessed) {
    Error e = assessed.error();
    for (auto& fe : e.fields) fe.field = f.at(fe.field);
    return tl::unexpected(e);
  }
  for (const auto& n : sp.notes) assessed->notes.insert(assessed->notes.begin(), n);
  return assessed;
}

// ---- law offences -------------------------------------------------------

struct ParsedItem {
  CaseItem item;
  std::optional<Assessment> assessment;
  const SpeciesRecord* record = nullptr;
};

Result<ParsedItem> parse_item(const Json& j, const std::string& path,
                              const ValueAssessor& assessor, const SpeciesCatalog* catalog) {
  Fields f(j, path);
  if (!f.is_object()) return invalid(path, "应为 JSON 对象");
  ParsedItem out;
  CaseItem& i = out.item;
  QF_TRY(sp, read_species(f, catalog));
  out.record = sp.record;
  i.protection = sp.protection;
  i.habitat = sp.habitat;
  QF_TRY(label, f.text("label"));
  i.label = label.value_or(sp.record ? sp.record->chinese_name : "");
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
  if (cites && (*cites < 1 || *cites > 3)) return invalid(f.at("cites_appendix"), "应为 1、2 或 3");
  i.cites_appendix = cites ? std::optional<int>(static_cast<int>(*cites))
                     : sp.record ? sp.record->cites_appendix
                                 : std::nullopt;
  QF_TRY(fry, f.boolean("fry_or_brood"));
  i.fry_or_brood = fry;
  QF_TRY(accumulated, f.boolean("accumulated"));
  i.accumulated = accumulated;

  // "assess": have the value assessed instead of giving it.
  if (const Json* a = f.get("assess")) {
    if (value) return invalid(f.at("assess"), "已给出 value_yuan 时不再评估");
    Fields af(*a, f.at("assess"));
    if (!af.is_object()) return invalid(f.at("assess"), "应为 JSON 对象");
    AssessmentInput in;
    in.origin = i.origin;
    in.on_captive_list = i.on_captive_list;
    if (auto ok = read_valuation(af, sp, catalog, in); !ok) return tl::unexpected(ok.error());
    if (auto ok = af.finish(); !ok) return tl::unexpected(ok.error());
    QF_TRY(assessed, assess_with_paths(assessor, in, af, sp));
    i.value = assessed.value;
    i.value_lower_bound = assessed.lower_bound;
    out.assessment = std::move(assessed);
  }
  if (auto ok = f.finish(); !ok) return tl::unexpected(ok.error());
  return out;
}

Result<Circumstances> parse_circumstances(const Json* j) {
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

Result<Json> offences_answer(const Json& doc, const ValueAssessor& assessor,
                             const SpeciesCatalog* catalog) {
  Fields f(doc, "");
  if (!f.is_object()) return invalid("/", "请求应为 JSON 对象");
  QF_TRY(behaviour_text, f.text("behaviour"));
  if (!behaviour_text) return invalid("behaviour", "缺少行为（" + std::string(kBehaviours) + "）");
  QF_TRY(behaviour, parse_code(behaviour_text, &parse_behaviour, "behaviour", Behaviour::kHunting,
                               kBehaviours));
  QF_TRY(place, f.text("place_type"));
  QF_TRY(circumstances, parse_circumstances(f.get("circumstances")));

  std::vector<ParsedItem> items;
  if (const Json* arr = f.get("items")) {
    if (!arr->is_array()) return invalid("items", "应为数组");
    for (std::size_t n = 0; n < arr->size(); ++n) {
      QF_TRY(item, parse_item((*arr)[n], "items/" + std::to_string(n), assessor, catalog));
      items.push_back(std::move(item));
    }
  }
  // Facts only the administrative penalties need.
  PenaltyFacts penalty_base;
  if (const Json* p = f.get("penalty")) {
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

  Json out;
  out["behaviour"] = behaviour_code(behaviour);
  Json items_out = Json::array();
  for (const auto& i : items) {
    Json row = {{"label", i.item.label},
                {"species", i.record ? species_brief(*i.record) : Json(nullptr)},
                {"class", protection_class_code(i.item.protection)},
                {"habitat", habitat_code(i.item.habitat)},
                {"value_yuan", money_json(i.item.value)}};
    if (i.item.weight) row["weight_kg"] = format_kilograms(*i.item.weight);
    if (i.assessment) row["assessment"] = assessment_json(*i.assessment);
    items_out.push_back(row);
  }
  out["items"] = items_out;
  out["suspected_crime"] = report.suspected_crime;
  out["transfer"] = report.suspected_crime ? Json(std::string(kTransferConclusion)) : Json(nullptr);
  out["conclusion"] = report.conclusion;
  out["needs_appraisal"] = report.needs_appraisal;
  out["transfer_basis"] = report.transfer_basis;
  Json offences = Json::array();
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
  Json penalties = Json::array();
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
                                 [&](const Json& row) { return row["article"] == p.article; });
        if (seen != penalties.end()) {
          for (const auto& l : g.labels) (*seen)["items"].push_back(l);
          continue;
        }
      }
      Json row = penalty_json(p);
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


Result<Json> assessment_answer(const Json& doc, const ValueAssessor& assessor,
                               const SpeciesCatalog* catalog) {
  Fields f(doc, "");
  if (!f.is_object()) return invalid("/", "请求应为 JSON 对象");
  QF_TRY(sp, read_species(f, catalog));
  AssessmentInput in;
  QF_TRY(origin_text, f.text("origin"));
  QF_TRY(origin,
         parse_code(origin_text, &parse_origin, f.at("origin"), Origin::kWild, "wild|captive"));
  in.origin = origin;
  QF_TRY(listed, f.boolean("on_captive_list"));
  in.on_captive_list = listed;
  if (auto ok = read_valuation(f, sp, catalog, in); !ok) return tl::unexpected(ok.error());
  if (auto ok = f.finish(); !ok) return tl::unexpected(ok.error());
  QF_TRY(a, assess_with_paths(assessor, in, f, sp));

  Json input = {{"class", protection_class_code(in.protection)},
                {"habitat", habitat_code(in.habitat)},
                {"part", part_code(in.part)},
                {"origin", origin_code(in.origin)},
                {"on_captive_list", in.on_captive_list},
                {"quantity", format_ratio(in.quantity)},
                {"base_value_yuan", money_json(in.base_value)},
                {"base_value_basis", in.base_value_basis}};
  if (in.egg_class) input["egg_class"] = egg_class_code(*in.egg_class);
  if (in.actual_price) input["price_yuan"] = format_yuan(*in.actual_price);
  Json out;
  out["species"] = sp.record ? species_brief(*sp.record) : Json(nullptr);
  out["input"] = input;
  const Json explained = assessment_json(a);  // named: items() must not outlive it
  for (const auto& [k, v] : explained.items()) out[k] = v;
  out["rules_version"] = assessor.rules().version();
  return out;
}

}  // namespace

Json assessment_json(const Assessment& a) {
  Json steps = Json::array();
  for (const auto& s : a.steps)
    steps.push_back({{"factor", s.factor},
                     {"value", s.value},
                     {"source", s.source},
                     {"amount_yuan", money_json(s.amount)},
                     {"verified", s.verified}});
  Json out = {{"value_yuan", money_json(a.value)},
              {"value_fen", a.value ? Json(*a.value) : Json(nullptr)},
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

Json rules_json(const ValueRules& rules) {
  Json rows = Json::array();
  for (const auto& r : rules.rules()) {
    Json row = {{"key", r.key}};
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


const ValueAssessor& builtin_assessor() {
  static const ValueAssessor instance = [] {
    auto rules = ValueRules::builtin();
    QF_CHECK(rules.has_value());
    return ValueAssessor(std::move(*rules));
  }();
  return instance;
}

Result<Json> answer_assessment(const Json& request, const ValueAssessor& assessor,
                               const SpeciesCatalog* catalog) {
  return assessment_answer(request, assessor, catalog);
}

Result<Json> answer_offences(const Json& request, const ValueAssessor& assessor,
                             const SpeciesCatalog* catalog) {
  return offences_answer(request, assessor, catalog);
}

Json species_json(const SpeciesRecord& r, const SpeciesCatalog& catalog, bool detail) {
  Json out = species_brief(r);
  out["level"] = list_level_code(r.protection);
  out["taxonomy"] = {{"class", r.taxonomy.class_name},   {"class_latin", r.taxonomy.class_latin},
                     {"order", r.taxonomy.order_name},   {"order_latin", r.taxonomy.order_latin},
                     {"family", r.taxonomy.family_name}, {"family_latin", r.taxonomy.family_latin}};
  out["cites_appendix"] = r.cites_appendix ? Json(*r.cites_appendix) : Json(nullptr);
  out["remark"] = r.remark;
  out["wild_only"] = r.wild_only();
  out["source"] = r.source;
  out["correction"] = r.correction.empty() ? Json(nullptr) : Json(r.correction);
  out["department"] = r.habitat == Habitat::kAquatic ? "NY" : "LC";
  if (!detail) return out;
  Json aliases = Json::array();
  for (const auto* a : catalog.aliases_of(r))
    aliases.push_back({{"alias", a->alias}, {"kind", a->kind}, {"remark", a->remark}});
  out["aliases"] = aliases;
  const auto* taxon = catalog.covering_taxon(r);
  out["covered_by"] = taxon ? species_brief(*taxon) : Json(nullptr);
  if (auto hit = catalog.base_value(r))
    out["base_value"] = {{"value_yuan", format_yuan(hit->value.value)},
                         {"unit", hit->value.unit},
                         {"basis", hit->basis},
                         {"fallback", hit->fallback},
                         {"source", hit->value.source}};
  else
    out["base_value"] = nullptr;
  return out;
}


}  // namespace qf::law
