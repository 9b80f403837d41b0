// CustomsService: risk assessment of declared goods and postal items, and
// seizure records (the plan's 五(六): 海关要强化情报经营和风险评估工作，加大对
// 高风险地区出入境货物和行邮物品的查验力度).
//
//  - Assessment: a declaration or postal item is scored by configurable
//    rules, each reason naming its rule and points:
//      origin_country / transit_country — the country lists of the rules
//        (defaults: Parties the CITES ivory action-plan process (NIAP) and
//        the ETIS analyses to the Conferences of the Parties name for ivory,
//        and countries public CITES/UNODC reporting names as sources or
//        transit of pangolin scales and rhino horn; each entry says which);
//      hs_code — HS headings of concern (0106 live animals, 0208 other meat,
//        0506 bone and horn-cores, 0507 ivory, horns, 0508 coral and shells,
//        0510 ambergris, musk, bile …, 4103 reptile hides, 4301/4302
//        furskins, 9601 worked ivory and bone), longest prefix wins;
//      description — the declared description through the online-listing
//        scanner (the same normaliser and lexicon, service/
//        shared_listing_scanner.h): a wildlife verdict scores by its risk;
//      consignor / consignee — a party with earlier seizures, or earlier
//        high assessments, on record (matched on the normalised name);
//      value — declared value per kg far below what earlier declarations
//        of the same HS heading declared (their median, once there are
//        enough), or a declared value of zero.
//    The total (capped at 100) gives the level: high ≥ levels.high →
//    重点查验, medium ≥ levels.medium → 查验, else low → 放行. Every
//    assessment is stored with its reasons, scan and rules version.
//  - Rules: one JSON document (shape in customs_rules_json()), versioned in
//    the database; none stored means the compiled-in defaults (version 1).
//    A change needs the version it is based on (If-Match), is validated per
//    field, and is audited with the versions before and after.
//  - Seizures (查获) in the ETIS style: origins with their share, export
//    country, transit countries each with a chain-of-custody flag (whether
//    the goods are known to have passed through it), destination, where
//    they were discovered; species, product type, pieces and kilograms; an
//    optional link to an assessment and to a case, and an optional map
//    point (lon/lat, WGS-84, both or neither, as on transport checks) that
//    puts it on the 战果 map. A seizure marks its consignor and consignee for
//    later assessments.
//  - The assessment record (GET /api/v1/customs/assessments[/{id}]): every
//    stored assessment with its reasons, filtered by period, level,
//    recommendation, consignor/consignee, HS code and free text, newest
//    first; the statistics' customs.assessments figure drills into it.
//
// Permissions: assessing, recording seizures and reading the rules need
// kRecordCustoms (海关, the office); changing the rules also a leader or the
// office. Stored assessments are read like the rules (kRecordCustoms, or the
// office and inspector who see everything) through the row-level rule: the
// assessing department's own, all for office and inspector; another
// department's assessment is kNotFound, the list for anyone else kForbidden. Seizures are read by
// any staff member through the row-level rule (own department, shared, or all for office and
// inspector). Every write is audited in its own transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "service/directory_service.h"
#include "service/service_context.h"
#include "store/customs_repository.h"

namespace qf::service {

struct CustomsCountryRule {
  std::string code;  // ISO 3166-1 alpha-2
  std::string name;  // Chinese
  int origin_points = 0;
  int transit_points = 0;
  std::vector<std::string> commodities;  // e.g. 象牙, 穿山甲鳞片, 犀牛角
  std::string source;                    // which public reporting names it
};

struct CustomsHsRule {
  std::string prefix;  // 2–10 digits
  std::string label;
  int points = 0;
  std::string reason;
};

struct CustomsRules {
  int high_level = 60, medium_level = 30;
  std::vector<CustomsCountryRule> countries;
  std::vector<CustomsHsRule> hs_codes;
  int description_high = 35, description_medium = 25, description_low = 15;
  int party_seizure_points = 30, party_high_points = 15;
  double value_ratio_below = 0.2;  // of the heading's median value per kg
  int value_points = 15;
  int value_min_history = 5;  // earlier declarations needed for a median
  int zero_value_points = 10;
};

// The compiled-in defaults, with the reason for each entry.
const CustomsRules& default_customs_rules();
nlohmann::json customs_rules_json(const CustomsRules& r);
// Every problem per field ("countries/3/code"); kInvalidInput.
Result<CustomsRules> parse_customs_rules(const nlohmann::json& j);

struct CustomsRuleSetView {
  int version = 1;
  bool builtin = true;
  std::string note;
  std::int64_t updated_by = 0;
  std::int64_t updated_at = 0;
  CustomsRules rules;
};

struct CustomsDeclaration {
  std::string declaration_no;
  std::string kind;  // cargo | postal | passenger
  std::string hs_code;
  std::string description;
  std::string origin_country;                  // alpha-2
  std::vector<std::string> transit_countries;  // alpha-2
  std::string consignor, consignee;
  std::optional<std::int64_t> declared_value_fen;
  std::optional<double> weight_kg;
  std::optional<std::int64_t> quantity;
};

struct NewSeizure {
  struct Origin {
    std::string country;
    std::optional<double> share_pct;  // 0–100; shares add up to at most 100
  };
  struct Transit {
    std::string country;
    bool chain_of_custody = false;  // known to have passed through it
  };
  std::string reference_no;
  std::int64_t seized_at = 0;  // epoch ms, required
  std::string discovery_place;
  std::string discovery_country = "CN";
  std::optional<double> lon, lat;  // WGS-84 point of discovery, both or neither
  std::string species_text;
  std::string product_type;  // customs_product_types()
  std::optional<std::int64_t> quantity_pieces;
  std::optional<double> weight_kg;
  std::vector<Origin> origins;
  std::string export_country;
  std::vector<Transit> transit;
  std::string destination_country;
  std::string consignor, consignee;
  std::string note;
  std::optional<std::int64_t> assessment_id;
  std::optional<std::int64_t> case_id;
};

// raw_ivory 原牙 | worked_ivory 象牙制品 | scales 鳞片 | horn 角 | skin 皮张 |
// bone 骨 | live 活体 | meat 肉类 | other 其他.
std::optional<std::string_view> seizure_product_label(std::string_view code);

nlohmann::json to_json(const store::CustomsAssessment& a);
nlohmann::json to_json(const store::Seizure& z);
nlohmann::json to_json(const CustomsRuleSetView& v);

class CustomsService {
 public:
  explicit CustomsService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<store::CustomsAssessment> assess(const CallContext& call, const CustomsDeclaration& d);
  // The stored assessments (filters of `q`; its visibility is the caller's).
  // level, recommendation and hs_code are checked (kInvalidInput per field).
  Result<Page<store::CustomsAssessment>> assessments(const CallContext& call,
                                                     store::AssessmentQuery q);
  Result<store::CustomsAssessment> assessment(const CallContext& call, std::int64_t id);
  Result<CustomsRuleSetView> rules(const CallContext& call);
  Result<CustomsRuleSetView> update_rules(const CallContext& call, const nlohmann::json& rules,
                                          const std::string& note, int expected_version);

  Result<store::Seizure> record_seizure(const CallContext& call, const NewSeizure& in);
  Result<Page<store::Seizure>> seizures(const CallContext& call, int limit, int offset);
  // The same filtered (seized_from/to, product_type; limit and offset of `q`
  // are used, its visibility is the caller's).
  Result<Page<store::Seizure>> seizures(const CallContext& call, store::SeizureQuery q);
  Result<store::Seizure> seizure(const CallContext& call, std::int64_t id);

 private:
  ServiceContext& ctx_;
};

// The name as the history match compares it: trimmed, inner whitespace
// collapsed, ASCII lower-cased ("ACME  Trading " = "acme trading").
std::string customs_party_key(const std::string& name);

}  // namespace qf::service
