// TransportCheckRepository: checks of consignments at road checkpoints,
// logistics and express companies and bus stations (the plan's 五(五)), the
// companies checked, and the per-company compliance counts (抽检抽查).
// Rules (who may do what, sealing of personal fields, the hand-over) live
// in service/transport_check_service.h; this layer stores and finds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

struct TransportCheck {
  std::int64_t id = 0;
  std::string kind;
  std::string place_text;
  std::optional<double> lon, lat;
  std::int64_t checked_at = 0;
  std::optional<std::int64_t> company_id;
  std::string company_name;  // read-only, joined
  std::string waybill_no;
  // FieldCipher-sealed ("" = not given)
  std::string sender_name_enc, sender_phone_enc, receiver_name_enc, receiver_phone_enc;
  std::string vehicle_plate;
  std::string route_origin, route_destination;
  std::string goods;
  bool spot_check = false;
  std::string finding = "none";
  std::string finding_note;
  std::string species_text;
  std::optional<std::int64_t> quantity;
  std::optional<double> weight_kg;
  std::string evidence_ids_json = "[]";
  std::int64_t owner_department_id = 0;
  std::string owner_department_code;  // read-only, joined
  std::optional<std::int64_t> case_id;
  std::optional<std::int64_t> transfer_id;
  std::optional<std::int64_t> handed_to_department_id;
  std::string handed_to_department_code;  // read-only, joined
  std::int64_t handed_over_at = 0;
  std::int64_t created_by = 0;
  int version = 1;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct TransportCheckQuery {
  // Row-level rule: set for actors who do not see everything — their
  // department's checks and those shared with it.
  std::optional<std::int64_t> visible_to_department;
  std::optional<std::string> kind;
  std::optional<std::string> finding;  // "any" = every finding but none
  std::optional<std::int64_t> company_id;
  std::optional<std::int64_t> checked_from, checked_to;  // [from, to), epoch ms
  int limit = 20;
  int offset = 0;
};

struct LogisticsCompany {
  std::int64_t id = 0;
  std::string name;
  std::int64_t created_at = 0;
};

// One company's checks as the row-level rule lets the caller count them.
struct CompanyCompliance {
  LogisticsCompany company;
  std::int64_t checks = 0;
  std::int64_t spot_checks = 0;
  std::int64_t findings = 0;  // checks with a finding other than none
  std::int64_t handed_over = 0;
  std::int64_t last_checked_at = 0;
};

class TransportCheckRepository {
 public:
  // Sets id, version 1, created_at and updated_at.
  static Result<TransportCheck> insert(soci::session& s, TransportCheck c);
  // Writes the hand-over fields if the stored version is still
  // expected_version (else kPreconditionFailed); version + 1.
  static Result<TransportCheck> record_handover(soci::session& s, const TransportCheck& c,
                                                int expected_version);
  static Result<std::optional<TransportCheck>> find_by_id(soci::session& s, std::int64_t id);
  // Newest check first.
  static Result<std::vector<TransportCheck>> list(soci::session& s, const TransportCheckQuery& q,
                                                  std::int64_t* total);

  // The company of that name (trimmed by the caller), created if new.
  static Result<LogisticsCompany> company_by_name(soci::session& s, const std::string& name);
  // Every company with its counts (visible checks only when
  // visible_to_department is set), by name.
  static Result<std::vector<CompanyCompliance>> compliance(
      soci::session& s, std::optional<std::int64_t> visible_to_department);
};

}  // namespace qf::store
