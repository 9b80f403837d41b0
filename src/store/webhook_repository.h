// WebhookRepository: the outbox of outgoing webhooks and their delivery log.
//
// enqueue() runs inside the transaction of the change being reported, so the
// delivery exists exactly when the change committed. Dispatchers on any
// number of nodes take due rows with claim_next(): a conditional UPDATE that
// only one session can win (on PostgreSQL the loser re-checks the row after
// the winner commits and matches nothing; on SQLite writers are serialised),
// and the claim is a lease that lapses if the claiming node dies mid-send.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

struct WebhookDelivery {
  std::int64_t id = 0;
  std::string event;  // e.g. case.major
  std::string entity;
  std::int64_t entity_id = 0;
  std::string payload_json = "{}";
  std::string status = "pending";  // pending | delivered | failed
  int attempts = 0;
  std::int64_t next_attempt_at = 0;
  int last_status_code = 0;  // 0: no HTTP answer (refused, timeout, ...)
  std::string last_error;
  std::int64_t created_at = 0;
  std::int64_t delivered_at = 0;
  std::string claimed_by;
  std::int64_t claimed_until = 0;
  // Where it goes: "" the configured major-case webhook, "platform:<code>"
  // that platform's takedown-notice endpoint (resolved when sent).
  std::string target;
};

// The outcome of one attempt, as the dispatcher decided it.
struct WebhookAttempt {
  std::string status;  // delivered | pending (retry later) | failed (gave up)
  int attempts = 0;    // total attempts including this one
  std::int64_t next_attempt_at = 0;
  int status_code = 0;
  std::string error;
  std::int64_t at = 0;
};

struct WebhookQuery {
  std::optional<std::string> status;
  std::optional<std::string> entity;
  std::optional<std::int64_t> entity_id;
  std::optional<std::string> target;
  int limit = 20;
  int offset = 0;
};

class WebhookRepository {
 public:
  // Inserts a pending delivery due at `now` for `target` (see
  // WebhookDelivery::target); returns its id.
  static Result<std::int64_t> enqueue(soci::session& s, const std::string& event,
                                      const std::string& entity, std::int64_t entity_id,
                                      const std::string& payload_json, std::int64_t now,
                                      const std::string& target = "");

  // Claims the oldest due, unclaimed pending delivery for `node` until
  // `claimed_until`; nullopt when nothing is due. Run it in its own
  // transaction and commit before sending, so other nodes see the claim.
  static Result<std::optional<WebhookDelivery>> claim_next(soci::session& s,
                                                           const std::string& node,
                                                           std::int64_t now,
                                                           std::int64_t claimed_until);

  // Records an attempt and releases the claim. False when `node` no longer
  // holds the claim (its lease lapsed and another node took the row over);
  // nothing is written then.
  static Result<bool> record_attempt(soci::session& s, std::int64_t id, const std::string& node,
                                     const WebhookAttempt& attempt);

  // Makes a delivery due again at `now`. A delivered or failed one starts
  // its retry schedule afresh (attempts 0); a pending one just comes forward.
  static Result<std::optional<WebhookDelivery>> reset_for_retry(soci::session& s, std::int64_t id,
                                                                std::int64_t now);

  static Result<std::optional<WebhookDelivery>> find_by_id(soci::session& s, std::int64_t id);

  // Newest first.
  static Result<std::vector<WebhookDelivery>> list(soci::session& s, const WebhookQuery& q,
                                                   std::int64_t* total);
};

}  // namespace qf::store
