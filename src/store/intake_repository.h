// IntakeRepository: events accepted from grid-worker apps and 雪亮工程
// camera alerts (one per sending key and event id, each with its tip) and
// the deliveries refused (why, from which key, when — nothing of the body).
// Signature checks, parsing and the tip live in service/intake_service.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

struct IntakeEvent {
  std::int64_t id = 0;
  std::int64_t api_key_id = 0;
  std::int64_t user_id = 0;
  std::string event_id;
  std::string source;
  std::int64_t occurred_at = 0;
  std::string place_text;
  std::optional<double> lon, lat;
  std::string species_text;
  std::string camera_id;
  std::string payload_sha256;
  std::int64_t tip_id = 0;
  std::int64_t received_at = 0;
};

struct IntakeRejection {
  std::int64_t id = 0;
  std::optional<std::int64_t> api_key_id;
  std::string reason;
  std::string detail;
  std::string client_address;
  std::int64_t received_at = 0;
};

struct IntakeQuery {
  std::optional<std::int64_t> user_id;  // an integration account sees its own events
  std::optional<std::string> source;
  int limit = 20;
  int offset = 0;
};

class IntakeRepository {
 public:
  // Sets id and received_at. A second event with the same (key, event id)
  // fails the UNIQUE index (kConflict from the transaction).
  static Result<IntakeEvent> insert(soci::session& s, IntakeEvent e);
  static Result<std::optional<IntakeEvent>> find(soci::session& s, std::int64_t api_key_id,
                                                 const std::string& event_id);
  // Newest first.
  static Result<std::vector<IntakeEvent>> list(soci::session& s, const IntakeQuery& q,
                                               std::int64_t* total);

  static Result<IntakeRejection> reject(soci::session& s, IntakeRejection r);
  // Newest first.
  static Result<std::vector<IntakeRejection>> rejections(soci::session& s, int limit, int offset,
                                                         std::int64_t* total);
};

}  // namespace qf::store
