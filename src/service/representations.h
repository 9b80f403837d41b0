// JSON shapes of the records, shared by the API responses and the audit
// log's before/after snapshots so both always show the same fields. Secrets
// (password and token hashes) never appear here.
#pragma once

#include <nlohmann/json.hpp>

#include "store/credential_repository.h"
#include "store/department_repository.h"
#include "store/evidence_repository.h"
#include "store/user_repository.h"

namespace qf::service {

nlohmann::json to_json(const store::User& u);
nlohmann::json to_json(const store::Department& d);
nlohmann::json to_json(const store::EvidenceFile& f);
nlohmann::json to_json(const store::ApiKeyRecord& k);

}  // namespace qf::service
