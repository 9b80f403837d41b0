// IntakeService: events from grid-worker apps (网格化服务管理) and 雪亮工程
// camera-alert systems (the plan's 七(二): 发挥基层综治中心、网格员和“雪亮
// 工程”等作用), each becoming a tip the coordination office triages.
//
//  - Senders hold an integration API key with scope events:write. Every
//    delivery is signed: X-Qingfeng-Timestamp (epoch ms) and
//    X-Qingfeng-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw
//    body>">, keyed with the API key itself. The MAC is compared in
//    constant time; a timestamp more than five minutes from the server's
//    clock is refused, so a captured delivery cannot be replayed later.
//  - Idempotent per (key, event_id): the same event again answers the first
//    result (the same tip), never a second tip — also when two copies race
//    (the UNIQUE index decides; the loser answers the winner's result).
//  - The event row and its tip (TipService, channel grid_worker or
//    xueliang_video, the reporter sealed there) are written in one
//    transaction: never half-stored.
//  - Every refusal — no or unknown key, a key without the scope, bad or
//    missing timestamp or signature, stale timestamp, malformed or invalid
//    payload — is logged in its own transaction with the reason, the key's
//    id when known, field names or header problems, the client address and
//    the time; never the body or the key. The office, inspectors and
//    administrators read the log (kReadAudit).
//  - Accepted events are read by the office and inspectors (all) and by
//    the integration account that sent them (its own).
//
// Answers: a refused signature is kUnauthenticated (401); a bad or stale
// timestamp and a malformed or invalid payload are kMalformedRequest (400)
// with the fields named.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "service/directory_service.h"
#include "service/service_context.h"
#include "store/intake_repository.h"

namespace qf::service {

inline constexpr std::int64_t kIntakeClockSkewMs = 5 * 60 * 1000;

struct IntakeEventInput {
  std::string event_id;          // required, ≤ 200 bytes
  std::string source;            // grid_worker | xueliang_video
  std::int64_t occurred_at = 0;  // epoch ms, required
  std::string description;       // required
  std::string place_text;
  std::optional<double> lon, lat;  // WGS-84, both or neither
  std::string species_text;
  std::string camera_id;
  std::string reporter_name, reporter_phone;  // go into the tip, sealed
};

// One delivery as it arrived. `event` is the body as the HTTP layer read it
// (its error, if any, names the malformed fields); it is only looked at once
// the signature holds.
struct SignedDelivery {
  std::string api_key;
  std::optional<std::string> timestamp;
  std::optional<std::string> signature;
  std::string body;
  Result<IntakeEventInput> event;
};

struct IntakeOutcome {
  store::IntakeEvent event;
  bool replayed = false;  // the same (key, event_id) was accepted before
};

nlohmann::json to_json(const store::IntakeEvent& e);
nlohmann::json to_json(const store::IntakeRejection& r);

// "sha256=<hex>" for a body signed with `key` at `timestamp` (for senders,
// tests and the demo).
std::string intake_signature(const std::string& key, const std::string& timestamp,
                             const std::string& body);

class IntakeService {
 public:
  explicit IntakeService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<IntakeOutcome> receive(const CallContext& call, const SignedDelivery& d);
  // Logs a delivery refused before any key was recognised; returns the
  // error to answer (kUnauthenticated).
  Error refuse_unauthenticated(const CallContext& call, const Error& why);

  Result<Page<store::IntakeEvent>> events(const CallContext& call,
                                          const std::optional<std::string>& source, int limit,
                                          int offset);
  Result<Page<store::IntakeRejection>> rejections(const CallContext& call, int limit, int offset);

 private:
  Error refuse(const CallContext& call, std::optional<std::int64_t> key_id,
               const std::string& reason, const std::string& detail, Error answer);
  ServiceContext& ctx_;
};

}  // namespace qf::service
