// IdempotencyLedger: remembers the first response to a POST that carried an
// Idempotency-Key, per actor, so a field device that resends after a lost
// connection gets the same answer instead of a duplicate record.
#pragma once

#include <optional>
#include <string>

#include "core/result.h"
#include "service/service_context.h"
#include "store/evidence_repository.h"

namespace qf::service {

class IdempotencyLedger {
 public:
  explicit IdempotencyLedger(ServiceContext& ctx) : ctx_(ctx) {}
  Result<std::optional<store::IdempotentResponse>> find(const Actor& actor, const std::string& key);
  // A concurrent duplicate that lost the race is not an error: the first
  // stored response stands.
  Status remember(const Actor& actor, const std::string& key, const std::string& method,
                  const std::string& path, const store::IdempotentResponse& response);

 private:
  ServiceContext& ctx_;
};

}  // namespace qf::service
