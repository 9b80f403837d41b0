#include "core/access_policy.h"

#include <gtest/gtest.h>

namespace qf {
namespace {

Actor staff(Role role, std::string code, std::string duty = "") {
  Actor a;
  a.user_id = 1;
  a.role = role;
  a.department_id = 2;
  a.department_code = std::move(code);
  a.duty_department_code = std::move(duty);
  return a;
}

TEST(FieldDuties, FollowPlanSixByDepartment) {
  EXPECT_TRUE(AccessPolicy::allows(staff(Role::kOfficer, "LC"), Action::kManageZones));
  EXPECT_TRUE(AccessPolicy::allows(staff(Role::kOfficer, "NY"), Action::kRecordPatrols));
  EXPECT_FALSE(AccessPolicy::allows(staff(Role::kOfficer, "GA"), Action::kManageZones));
  EXPECT_TRUE(AccessPolicy::allows(staff(Role::kOfficer, "GA"), Action::kRecordInspections));
  EXPECT_FALSE(AccessPolicy::allows(staff(Role::kOfficer, "GA"), Action::kManagePlaces));
  EXPECT_TRUE(AccessPolicy::allows(staff(Role::kLeader, "JT"), Action::kRecordTransportChecks));
  EXPECT_FALSE(AccessPolicy::allows(staff(Role::kOfficer, "WX"), Action::kRecordTransportChecks));
  EXPECT_TRUE(AccessPolicy::allows(staff(Role::kOfficer, "HG"), Action::kRecordCustoms));
  EXPECT_FALSE(AccessPolicy::allows(staff(Role::kOfficer, "SJ"), Action::kRecordCustoms));
  EXPECT_TRUE(AccessPolicy::allows(staff(Role::kOffice, "OFFICE"), Action::kRecordCustoms));
  EXPECT_FALSE(AccessPolicy::allows(staff(Role::kInspector, "ZF"), Action::kRecordPatrols));
  EXPECT_FALSE(AccessPolicy::allows(staff(Role::kAdmin, "OFFICE"), Action::kManageZones));
}

TEST(FieldDuties, SubUnitsWorkUnderTheirParentsDuties) {
  // A reserve station's ranger (LC-BHQ under LC) patrols; a police
  // station's officer (GA-PCS under GA) checks transport.
  EXPECT_TRUE(AccessPolicy::allows(staff(Role::kRanger, "LC-BHQ", "LC"), Action::kRecordPatrols));
  EXPECT_FALSE(AccessPolicy::allows(staff(Role::kRanger, "LC-BHQ", "LC"), Action::kManageZones));
  EXPECT_FALSE(AccessPolicy::allows(staff(Role::kRanger, "GA-PCS", "GA"), Action::kRecordPatrols));
  EXPECT_TRUE(
      AccessPolicy::allows(staff(Role::kOfficer, "GA-PCS", "GA"), Action::kRecordTransportChecks));
  EXPECT_FALSE(
      AccessPolicy::allows(staff(Role::kOfficer, "GA-PCS"), Action::kRecordTransportChecks));
}

TEST(FieldDuties, EventIntakeNeedsTheIntegrationScope) {
  Actor key = staff(Role::kIntegration, "OFFICE");
  EXPECT_FALSE(AccessPolicy::allows(key, Action::kIntakeEvents));
  key.scopes = {"events:write"};
  EXPECT_TRUE(AccessPolicy::allows(key, Action::kIntakeEvents));
  EXPECT_FALSE(AccessPolicy::allows(key, Action::kRecordPatrols));
  EXPECT_FALSE(AccessPolicy::allows(staff(Role::kOfficer, "LC"), Action::kIntakeEvents));
}

}  // namespace
}  // namespace qf
