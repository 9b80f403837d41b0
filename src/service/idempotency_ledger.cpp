#include "service/idempotency_ledger.h"

namespace qf::service {

Result<std::optional<store::IdempotentResponse>> IdempotencyLedger::find(const Actor& actor,
                                                                        const std::string& key) {
  return ctx_.db.read(
      [&](soci::session& s) { return store::IdempotencyRepository::find(s, actor.user_id, key); });
}

Status IdempotencyLedger::remember(const Actor& actor, const std::string& key,
                                   const std::string& method, const std::string& path,
                                   const store::IdempotentResponse& response) {
  auto r = ctx_.db.transact([&](soci::session& s) {
    return store::IdempotencyRepository::put(s, actor.user_id, key, method, path, response);
  });
  if (!r && r.error().code == ErrorCode::kConflict) return {};
  return r;
}

}  // namespace qf::service
