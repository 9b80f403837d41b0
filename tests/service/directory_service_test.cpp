#include "service/directory_service.h"

#include <gtest/gtest.h>

#include "service/audit_writer.h"
#include "service/demo_seeder.h"
#include "store/audit_log.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using testing::ServiceFixture;

TEST(DirectoryServiceTest, OrganisationHasTheOfficeAndEightDepartments) {
  ServiceFixture f;
  auto list = DirectoryService(f.ctx()).list_departments(cli_call_context());
  ASSERT_TRUE(list);
  std::vector<std::string> top;
  for (const auto& d : *list)
    if (d.kind != "unit") top.push_back(d.code);
  EXPECT_EQ(top, (std::vector<std::string>{"OFFICE", "LC", "NY", "ZF", "GA", "JT", "WX", "SJ", "HG"}));
  for (const auto& d : *list) EXPECT_FALSE(d.duties.empty()) << d.code;
}

TEST(DirectoryServiceTest, StaleVersionIsRefusedAndChangesNothing) {
  ServiceFixture f;
  auto u = f.make_user("zhang", Role::kOfficer, "LC");
  DirectoryService dir(f.ctx());
  UserChanges first;
  first.display_name = "张三";
  auto updated = dir.update_user(cli_call_context(), u.id, first, u.version);
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->version, u.version + 1);

  UserChanges second;
  second.display_name = "李四";
  auto stale = dir.update_user(cli_call_context(), u.id, second, u.version);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kPreconditionFailed);
  auto now = dir.get_user(cli_call_context(), u.id);
  ASSERT_TRUE(now);
  EXPECT_EQ(now->display_name, "张三");
}

TEST(DirectoryServiceTest, EveryWriteIsAuditedWithBeforeAndAfterAndNoSecrets) {
  ServiceFixture f;
  auto u = f.make_user("zhang", Role::kOfficer, "LC");
  UserChanges c;
  c.role = Role::kLeader;
  ASSERT_TRUE(DirectoryService(f.ctx()).update_user(cli_call_context(), u.id, c, u.version));
  auto page = store::AuditLog::query(f.db(), {.entity = std::string("user"), .entity_id = std::to_string(u.id)});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->total, 2);
  const auto& update = page->rows[0];
  EXPECT_EQ(update.action, "user.update");
  EXPECT_NE(update.before_json.find("\"officer\""), std::string::npos);
  EXPECT_NE(update.after_json.find("\"leader\""), std::string::npos);
  EXPECT_EQ(page->rows[1].action, "user.create");
  for (const auto& row : page->rows) {
    EXPECT_EQ(row.after_json.find("argon2"), std::string::npos);
    EXPECT_EQ(row.after_json.find("password_hash"), std::string::npos);
  }
}

TEST(DirectoryServiceTest, AFailedWriteLeavesNeitherRowNorAudit) {
  ServiceFixture f;
  auto before = store::AuditLog::query(f.db(), {});
  ASSERT_TRUE(before);
  auto r = DirectoryService(f.ctx()).create_user(cli_call_context(), {"zhang", "", Role::kOfficer, "NOPE", ServiceFixture::kPassword});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  auto after = store::AuditLog::query(f.db(), {});
  ASSERT_TRUE(after);
  EXPECT_EQ(after->total, before->total);
  f.make_user("li", Role::kOfficer, "LC");
  auto dup = DirectoryService(f.ctx()).create_user(cli_call_context(), {"li", "", Role::kOfficer, "LC", ServiceFixture::kPassword});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
}

TEST(DirectoryServiceTest, DemoSeedIsIdempotentAndCoversEveryRole) {
  ServiceFixture f;
  auto first = DemoSeeder(f.ctx()).seed(cli_call_context());
  ASSERT_TRUE(first) << first.error().message;
  std::set<std::string> roles;
  for (const auto& a : *first) {
    EXPECT_FALSE(a.password.empty()) << a.username;
    roles.insert(a.role);
  }
  EXPECT_EQ(roles.size(), all_roles().size());
  auto second = DemoSeeder(f.ctx()).seed(cli_call_context());
  ASSERT_TRUE(second);
  for (const auto& a : *second) EXPECT_TRUE(a.password.empty()) << a.username;
}

TEST(DirectoryServiceTest, SubUnitsHangUnderADepartment) {
  ServiceFixture f;
  auto unit = DirectoryService(f.ctx()).create_unit(cli_call_context(), {"GA-YSQ", "迎水桥派出所", "GA", ""});
  ASSERT_TRUE(unit) << unit.error().message;
  EXPECT_EQ(unit->parent_id, f.department_id("GA"));
  EXPECT_FALSE(DirectoryService(f.ctx()).create_unit(cli_call_context(), {"GA-YSQ", "重复", "GA", ""}));
  EXPECT_FALSE(DirectoryService(f.ctx()).create_unit(cli_call_context(), {"X", "无上级", "NONE", ""}));
}

}  // namespace
}  // namespace qf::service
