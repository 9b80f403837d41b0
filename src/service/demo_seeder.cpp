#include "service/demo_seeder.h"

#include "service/demo_patrols.h"
#include "service/demo_evaluation.h"
#include "service/demo_places.h"
#include "service/directory_service.h"
#include "service/organisation_seeder.h"
#include "store/crypto.h"

namespace qf::service {
namespace {

struct DemoUser {
  const char* username;
  const char* display_name;
  Role role;
  const char* department;
};

// One account per role, plus officers in three other departments so the
// row-level rule can be seen at work (each sees only its own department's
// records and what is shared with it).
constexpr DemoUser kDemoUsers[] = {
    {"admin", "系统管理员", Role::kAdmin, "OFFICE"},
    {"office", "协调办 李主任", Role::kOffice, "OFFICE"},
    {"lc.leader", "林草局 王局长", Role::kLeader, "LC"},
    {"lc.officer", "林草局 张执法", Role::kOfficer, "LC"},
    {"lc.ranger", "保护区 马护林员", Role::kRanger, "LC-BHQ"},
    {"ny.leader", "农业农村局 杨局长", Role::kLeader, "NY"},
    {"ny.officer", "农业农村局 刘执法", Role::kOfficer, "NY"},
    {"sj.leader", "市场监管局 吴局长", Role::kLeader, "SJ"},
    {"sj.officer", "市场监管局 陈执法", Role::kOfficer, "SJ"},
    {"jt.leader", "交通运输局 孙局长", Role::kLeader, "JT"},
    {"jt.officer", "交通运输局 何科员", Role::kOfficer, "JT"},
    {"hg.leader", "中卫海关 郭科长", Role::kLeader, "HG"},
    {"hg.officer", "中卫海关 林关员", Role::kOfficer, "HG"},
    {"ga.officer", "公安分局 赵民警", Role::kOfficer, "GA"},
    {"wx.officer", "网信办 黄干部", Role::kOfficer, "WX"},
    {"inspector", "督导组 周组长", Role::kInspector, "ZF"},
    {"platform", "网络平台对接", Role::kIntegration, "WX"},
};

}  // namespace

Result<std::vector<DemoAccount>> DemoSeeder::seed(const CallContext& call) {
  if (auto org = OrganisationSeeder(ctx_).seed(call); !org) return tl::unexpected(org.error());
  DirectoryService directory(ctx_);
  std::vector<DemoAccount> out;
  for (const auto& d : kDemoUsers) {
    DemoAccount account{d.username, std::string(role_name(d.role)), d.department, ""};
    auto exists = ctx_.db.read([&](soci::session& s) {
      return store::UserRepository::find_by_username(s, d.username);
    });
    if (!exists) return tl::unexpected(exists.error());
    if (!*exists) {
      NewUser nu{d.username, d.display_name, d.role, d.department,
                 "Qf-" + store::random_token(9)};
      auto created = directory.create_user(call, nu);
      if (!created) return tl::unexpected(created.error());
      account.password = nu.password;
    }
    out.push_back(std::move(account));
  }
  // Places and joint inspections, registered by the accounts above.
  if (auto places = seed_demo_places(ctx_); !places) return tl::unexpected(places.error());
  // Zones, plans and patrols with tracks, recorded by the accounts above.
  if (auto patrols = seed_demo_patrols(ctx_); !patrols) return tl::unexpected(patrols.error());
  // Supervision visits with their outcomes, by the demo 督导组 account.
  if (auto evaluation = seed_demo_evaluation(ctx_); !evaluation)
    return tl::unexpected(evaluation.error());
  return out;
}

}  // namespace qf::service
