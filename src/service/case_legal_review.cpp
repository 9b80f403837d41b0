#include "service/case_legal_review.h"

#include <cmath>
#include <optional>
#include <sstream>
#include <string>

#include "law/criminal_thresholds.h"
#include "law/legal_request.h"
#include "service/case_service.h"
#include "service/species_catalog_service.h"

namespace qf::service {
namespace {

using Json = law::Json;

// The behaviour of 法释〔2022〕12号 an offence type stands for; none for
// those the interpretation does not grade (tools, marketing).
std::optional<std::string> behaviour_of(const std::string& offence_type) {
  if (offence_type == "illegal_hunting") return "hunting";
  if (offence_type == "illegal_eating") return "eating";
  if (offence_type == "illegal_trade" || offence_type == "online_trade") return "sale";
  if (offence_type == "illegal_transport") return "transport";
  if (offence_type == "smuggling") return "smuggling";
  if (offence_type == "illegal_breeding") return "breeding";
  if (offence_type == "illegal_fishing") return "fishing";
  return std::nullopt;
}

std::string part_of(const std::string& item_part) {
  if (item_part == "product" || item_part == "part") return "product";
  if (item_part == "egg") return "egg";
  return "whole";
}

// The catalog entry of an item: its species_id, or its species text when
// that names exactly one entry.
const law::SpeciesRecord* species_of(const store::CaseItem& item,
                                     const law::SpeciesCatalog& catalog) {
  if (item.species_id)
    if (const auto* r = catalog.find(*item.species_id)) return r;
  auto found = catalog.resolve(item.species);
  return found.size() == 1 ? found.front() : nullptr;
}

}  // namespace

Result<nlohmann::json> CaseLegalReview::review(const CallContext& call, std::int64_t case_id) {
  auto c = CaseService(ctx_).get(call, case_id);
  if (!c) return tl::unexpected(c.error());
  auto catalog = SpeciesCatalogService(ctx_).catalog();
  if (!catalog) return tl::unexpected(catalog.error());
  const store::CaseRecord& rec = c->record;

  Json out;
  out["case_id"] = rec.id;
  out["case_number"] = rec.number;
  const auto behaviour = behaviour_of(rec.offence_type);
  out["applicable"] = behaviour.has_value();
  if (!behaviour) {
    out["suspected_crime"] = false;
    out["transfer"] = nullptr;
    out["conclusion"] =
        "该违法类型不适用破坏野生动物资源犯罪的入罪标准（法释〔2022〕12号），请按相关法律另行判断";
    out["items"] = Json::array();
    out["offences"] = Json::array();
    out["unchecked"] = Json::array();
    out["transfer_action"] = {{"available", false}, {"reason", "不适用"}};
    return nlohmann::json(out);
  }

  // The engine's request, from what the case records.
  Json request = {{"behaviour", *behaviour}, {"items", Json::array()}};
  if (!rec.place_type.empty()) request["place_type"] = rec.place_type;
  Json circumstances = Json::object();
  Json unchecked = Json::array();
  const bool fishing = *behaviour == "fishing";
  if (rec.place_type == "protected_area") circumstances["closed_hunting_area"] = true;
  if (rec.place_type == "no_fishing_water") circumstances["closed_fishing_area"] = true;
  if (fishing) {
    unchecked.push_back("是否在禁渔期、使用禁用工具或方法（电鱼、毒鱼、炸鱼等）");
  } else if (*behaviour == "hunting") {
    unchecked.push_back("是否在禁猎期、使用禁用工具或方法");
  }
  if (*behaviour == "eating" || *behaviour == "purchase" || *behaviour == "sale")
    unchecked.push_back("是否以食用为目的");
  unchecked.push_back("行为人二年内是否因破坏野生动物资源受过行政处罚（从重情节）");
  unchecked.push_back("二年内未经处理的同类行为（数额累计，法释第十二条）");
  if (!circumstances.empty()) request["circumstances"] = circumstances;

  Json items = Json::array();
  Json skipped = Json::array();
  for (const auto& item : rec.items) {
    const law::SpeciesRecord* sp = species_of(item, **catalog);
    Json row = {{"item_id", item.id}, {"label", item.species}};
    if (!sp) {
      row["reason"] = "「" + item.species +
                      "」不在物种名录中或对应多个物种，无法判断保护级别；请在涉案物品中选定物种";
      skipped.push_back(row);
      continue;
    }
    Json engine_item = {{"species_id", sp->id}, {"label", item.species}};
    if (item.origin == "captive") engine_item["origin"] = "captive";
    if (item.weight_kg > 0) {
      std::ostringstream kg;
      kg.precision(3);
      kg << std::fixed << item.weight_kg;
      engine_item["weight_kg"] = kg.str();
    }
    if (item.value_fen) {
      engine_item["value_yuan"] = law::format_yuan(*item.value_fen);
    } else {
      Json assess = {{"part", part_of(item.part)}};
      const double count = std::round(item.count);
      if (item.count >= 1 && std::fabs(item.count - count) < 1e-9)
        assess["count"] = static_cast<std::int64_t>(count);
      else if (item.weight_kg > 0)
        assess["weight_kg"] = engine_item["weight_kg"];
      engine_item["assess"] = assess;
    }
    request["items"].push_back(engine_item);
    row["origin_assumed_wild"] = item.origin == "unknown";
    if (item.value_fen) row["value_basis"] = item.value_basis;
    items.push_back(row);
  }

  auto answer = law::answer_offences(request, value_assessor(ctx_), catalog->get());
  if (!answer) {
    // A case's own data the engine refuses (e.g. an egg of a class it cannot
    // value) is shown as undetermined, with the engine's words.
    out["suspected_crime"] = false;
    out["transfer"] = nullptr;
    std::string why = answer.error().message;
    for (const auto& f : answer.error().fields) why += "；" + f.field + "：" + f.message;
    out["conclusion"] = "无法判断：" + why;
    out["items"] = items;
    out["skipped_items"] = skipped;
    out["offences"] = Json::array();
    out["unchecked"] = unchecked;
    out["transfer_action"] = {{"available", false}, {"reason", "无法判断"}};
    return nlohmann::json(out);
  }
  const Json& a = *answer;
  // Per item: the value and where it came from.
  for (std::size_t n = 0; n < items.size() && n < a["items"].size(); ++n) {
    const Json& engine = a["items"][n];
    items[n]["species"] = engine["species"];
    items[n]["class"] = engine["class"];
    items[n]["value_yuan"] = engine["value_yuan"];
    if (engine.contains("assessment")) {
      items[n]["value_source"] = "价值评估";
      items[n]["needs_appraisal"] = engine["assessment"]["needs_appraisal"];
      items[n]["assessment"] = engine["assessment"];
    } else {
      items[n]["value_source"] = "案件记录";
      items[n]["needs_appraisal"] = false;
    }
  }

  out["suspected_crime"] = a["suspected_crime"];
  out["transfer"] = a["transfer"];
  out["conclusion"] = a["conclusion"];
  out["needs_appraisal"] = a["needs_appraisal"];
  out["transfer_basis"] = a["transfer_basis"];
  Json reasons = Json::array();
  Json offences = Json::array();
  for (const auto& o : a["offences"]) {
    offences.push_back(o);
    if (o["status"] == "made_out")
      for (const auto& r : o["reasons"]) reasons.push_back(r);
  }
  out["reasons"] = reasons;
  out["offences"] = offences;
  out["items"] = items;
  out["skipped_items"] = skipped;
  out["unchecked"] = unchecked;
  out["admin_penalties"] = a["admin_penalties"];
  out["jurisdiction"] = a["jurisdiction"];

  // The criminal transfer, unless one is already on its way.
  bool pending = false;
  for (const auto& t : c->transfers)
    if (t.kind == "criminal" && (t.state == "requested" || t.state == "accepted")) pending = true;
  const bool suspected = a["suspected_crime"].get<bool>();
  // The states CaseService::request_transfer accepts a criminal transfer in.
  const bool ready = rec.state == "investigating" || rec.state == "police_rejected";
  Json action = {{"available", suspected && !pending && ready}};
  if (!suspected)
    action["reason"] = "未达入罪标准或尚需鉴定";
  else if (pending)
    action["reason"] = "已提出或已接受移送";
  else if (!ready)
    action["reason"] = "涉嫌犯罪：案件进入“调查取证”阶段后即可移送公安机关";
  else
    action["request"] = {{"method", "POST"},
                         {"path", "/api/v1/cases/" + std::to_string(rec.id) + "/transfers"},
                         {"body", {{"kind", "criminal"}}}};
  out["transfer_action"] = action;
  return nlohmann::json(out);
}

}  // namespace qf::service
