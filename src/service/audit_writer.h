// Appends the audit row for a write inside the write's own transaction.
#pragma once

#include <string>

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include "core/result.h"
#include "service/service_context.h"

namespace qf::service {

// before/after are JSON snapshots of the record (null when absent). Secrets
// (password hashes, token hashes) must already be stripped by the caller.
Status audit(soci::session& s, const CallContext& call, const std::string& action,
             const std::string& entity, const std::string& entity_id,
             const nlohmann::json& before, const nlohmann::json& after);

}  // namespace qf::service
