// OrganisationSeeder: puts the coordination office, the eight member
// departments and their sub-units from config/organisation.toml (compiled
// into the binary) into the database. Inserts only codes that are missing,
// so administrators' later edits survive every restart.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "service/service_context.h"

namespace qf::service {

class OrganisationSeeder {
 public:
  explicit OrganisationSeeder(ServiceContext& ctx) : ctx_(ctx) {}
  // Returns the codes inserted by this call.
  Result<std::vector<std::string>> seed(const CallContext& call);
  // Seeds from the given TOML text instead of the bundled file (tests).
  Result<std::vector<std::string>> seed_from(const CallContext& call, const std::string& toml);

 private:
  ServiceContext& ctx_;
};

}  // namespace qf::service
