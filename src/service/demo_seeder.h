// DemoSeeder: `qingfeng demo` — the organisation plus one account per role,
// so a newcomer can log in as each kind of user. Idempotent: accounts that
// exist are left alone (their passwords are not printed again; reset one
// with `qingfeng user passwd`). It also registers the field reference data
// the accounts work with — demo places and inspections (demo_places.h), zones,
// plans and patrols (demo_patrols.h) — which create no case or tip, so the
// demo cases and tips (seeded only into empty tables) still follow; the CLI
// adds the field work that does (patrol tips, transport handovers, intake).
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "service/service_context.h"

namespace qf::service {

struct DemoAccount {
  std::string username;
  std::string role;
  std::string department_code;
  std::string password;  // empty when the account already existed
};

class DemoSeeder {
 public:
  explicit DemoSeeder(ServiceContext& ctx) : ctx_(ctx) {}
  Result<std::vector<DemoAccount>> seed(const CallContext& call);

 private:
  ServiceContext& ctx_;
};

}  // namespace qf::service
