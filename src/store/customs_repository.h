// CustomsRepository: the customs risk rules (versioned JSON documents), the
// assessments made with them, and seizures with their ETIS-style trade chain
// (the plan's 五(六)). The scoring itself lives in
// service/customs_service.h; this layer stores and finds, and answers the
// history questions the scoring asks (a party's earlier seizures and high
// assessments, the declared values of an HS heading).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

struct CustomsRuleSet {
  std::int64_t id = 0;
  int version = 0;
  std::string rules_json;
  std::string note;
  std::int64_t created_by = 0;
  std::int64_t created_at = 0;
};

struct CustomsAssessment {
  std::int64_t id = 0;
  std::string declaration_no;
  std::string kind;
  std::string hs_code;
  std::string description;
  std::string origin_country;
  std::string transit_countries_json = "[]";
  std::string consignor, consignee;
  std::string consignor_key, consignee_key;
  std::optional<std::int64_t> declared_value_fen;
  std::optional<double> weight_kg;
  std::optional<std::int64_t> quantity;
  int score = 0;
  std::string level;
  std::string recommendation;
  std::string reasons_json = "[]";
  std::string scan_json = "{}";
  int rules_version = 0;
  std::int64_t owner_department_id = 0;
  std::int64_t created_by = 0;
  int version = 1;
  std::int64_t created_at = 0;
};

struct Seizure {
  std::int64_t id = 0;
  std::string reference_no;
  std::int64_t seized_at = 0;
  std::string discovery_place;
  std::string discovery_country = "CN";
  std::optional<double> lon, lat;  // WGS-84 point of discovery, both or neither
  std::string species_text;
  std::string product_type;
  std::optional<std::int64_t> quantity_pieces;
  std::optional<double> weight_kg;
  std::string origins_json = "[]";
  std::string export_country;
  std::string transit_json = "[]";
  std::string destination_country;
  std::string consignor, consignee;
  std::string consignor_key, consignee_key;
  std::string note;
  std::optional<std::int64_t> assessment_id;
  std::optional<std::int64_t> case_id;
  std::int64_t owner_department_id = 0;
  std::string owner_department_code;  // read-only, joined
  std::int64_t created_by = 0;
  int version = 1;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct OwnedQuery {
  // Row-level rule: set for actors who do not see everything.
  std::optional<std::int64_t> visible_to_department;
  int limit = 20;
  int offset = 0;
};

// The seizure list's filters: seized in [seized_from, seized_to) (epoch
// ms) and of one product type; unset: all.
struct SeizureQuery : OwnedQuery {
  std::optional<std::int64_t> seized_from, seized_to;
  std::optional<std::string> product_type;
};

// The assessment list's filters (GET /api/v1/customs/assessments): made in
// [created_from, created_to) (epoch ms); level (high | medium | low);
// recommendation (重点查验 | 查验 | 放行); consignor / consignee: part of the
// name, case-insensitive for ASCII; hs_code: a prefix of the digits; text:
// part of the declaration number, description, HS code or either party.
// Unset: all. Newest first.
struct AssessmentQuery : OwnedQuery {
  std::optional<std::int64_t> created_from, created_to;
  std::optional<std::string> level, recommendation, consignor, consignee, hs_code, text;
};

// What the records say about one party (by its normalised key).
struct PartyHistory {
  std::int64_t seizures = 0;
  std::int64_t high_assessments = 0;
};

class CustomsRepository {
 public:
  // The rule set in force (highest version), or none stored.
  static Result<std::optional<CustomsRuleSet>> current_rules(soci::session& s);
  // Inserts `version`; a concurrent writer of the same version makes the
  // UNIQUE constraint fail (kConflict from the transaction).
  static Result<CustomsRuleSet> insert_rules(soci::session& s, CustomsRuleSet r);

  static Result<CustomsAssessment> insert_assessment(soci::session& s, CustomsAssessment a);
  static Result<std::optional<CustomsAssessment>> find_assessment(soci::session& s,
                                                                  std::int64_t id);
  static Result<std::vector<CustomsAssessment>> list_assessments(soci::session& s,
                                                                 const AssessmentQuery& q,
                                                                 std::int64_t* total);
  // Across every department: a party's record is intelligence for whoever
  // assesses, and the answer is counts, not the records.
  static Result<PartyHistory> party_history(soci::session& s, const std::string& party_key);
  // Declared value per kg of earlier assessments whose HS code starts with
  // `heading` (4 digits), newest first, at most `limit`.
  static Result<std::vector<double>> value_per_kg_history(soci::session& s,
                                                          const std::string& heading, int limit);

  static Result<Seizure> insert_seizure(soci::session& s, Seizure z);
  static Result<std::optional<Seizure>> find_seizure(soci::session& s, std::int64_t id);
  // Newest seizure first.
  static Result<std::vector<Seizure>> list_seizures(soci::session& s, const SeizureQuery& q,
                                                    std::int64_t* total);
};

}  // namespace qf::store
