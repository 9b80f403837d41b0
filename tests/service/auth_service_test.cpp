#include "service/auth_service.h"

#include <gtest/gtest.h>

#include "service/directory_service.h"
#include "store/audit_log.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using testing::ServiceFixture;

CallContext from(const std::string& ip) { return CallContext{{}, "req", ip}; }

TEST(AuthServiceTest, LoginIssuesASessionThatAuthenticates) {
  ServiceFixture f;
  auto u = f.make_user("zhang", Role::kOfficer, "LC");
  AuthService auth(f.ctx());
  auto login = auth.login("zhang", ServiceFixture::kPassword, from("10.0.0.1"));
  ASSERT_TRUE(login) << login.error().message;
  EXPECT_EQ(login->token.rfind("qfs_", 0), 0u);
  EXPECT_GE(login->token.size(), 4u + 43u);  // 256 bits in base64url
  auto actor = auth.authenticate(login->token);
  ASSERT_TRUE(actor);
  EXPECT_EQ(actor->user_id, u.id);
  EXPECT_EQ(actor->department_code, "LC");
  // The token itself is not stored, only its hash.
  auto stored = f.db().read([&](soci::session& s) -> Result<long long> {
    long long n = 0;
    s << "SELECT COUNT(*) FROM sessions WHERE token_hash = :t", soci::into(n), soci::use(login->token);
    return n;
  });
  ASSERT_TRUE(stored);
  EXPECT_EQ(*stored, 0);
}

TEST(AuthServiceTest, WrongPasswordAndUnknownUserLookTheSame) {
  ServiceFixture f;
  f.make_user("zhang", Role::kOfficer, "LC");
  AuthService auth(f.ctx());
  auto bad_pass = auth.login("zhang", "wrong password!", from("10.0.0.1"));
  auto no_user = auth.login("nobody", "wrong password!", from("10.0.0.1"));
  ASSERT_FALSE(bad_pass);
  ASSERT_FALSE(no_user);
  EXPECT_EQ(bad_pass.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(bad_pass.error().message, no_user.error().message);
}

TEST(AuthServiceTest, AccountLocksAfterRepeatedFailuresEvenForTheRightPassword) {
  ServiceFixture f;
  f.make_user("zhang", Role::kOfficer, "LC");
  AuthService auth(f.ctx());
  for (int i = 0; i < f.ctx().security.account_lock_threshold; ++i)
    ASSERT_FALSE(auth.login("zhang", "wrong password!", from("10.0.0." + std::to_string(i))));
  auto locked = auth.login("zhang", ServiceFixture::kPassword, from("10.0.1.1"));
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().code, ErrorCode::kLocked);
  EXPECT_GT(locked.error().retry_after_seconds, 0);
  // Failures were recorded in the audit log although each login "failed".
  auto page = store::AuditLog::query(f.db(), {.action = std::string("auth.login_failed")});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, f.ctx().security.account_lock_threshold);
}

TEST(AuthServiceTest, AddressLocksAfterFailuresAcrossAccounts) {
  ServiceFixture f;
  f.make_user("zhang", Role::kOfficer, "LC");
  f.ctx().security.address_lock_threshold = 3;
  AuthService auth(f.ctx());
  for (int i = 0; i < 3; ++i) ASSERT_FALSE(auth.login("guess" + std::to_string(i), "x", from("10.9.9.9")));
  auto blocked = auth.login("zhang", ServiceFixture::kPassword, from("10.9.9.9"));
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code, ErrorCode::kLocked);
  EXPECT_TRUE(auth.login("zhang", ServiceFixture::kPassword, from("10.9.9.10")));
}

TEST(AuthServiceTest, LogoutPasswordChangeAndDisableEndSessions) {
  ServiceFixture f;
  auto u = f.make_user("zhang", Role::kOfficer, "LC");
  AuthService auth(f.ctx());
  auto a = auth.login("zhang", ServiceFixture::kPassword, from("1.1.1.1"));
  auto b = auth.login("zhang", ServiceFixture::kPassword, from("1.1.1.1"));
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(auth.logout(a->token, f.as(u)));
  EXPECT_FALSE(auth.authenticate(a->token));
  EXPECT_TRUE(auth.authenticate(b->token));

  ASSERT_TRUE(auth.change_own_password(f.as(u), ServiceFixture::kPassword, "a brand new passphrase"));
  EXPECT_FALSE(auth.authenticate(b->token));
  EXPECT_FALSE(auth.login("zhang", ServiceFixture::kPassword, from("1.1.1.1")));
  auto c = auth.login("zhang", "a brand new passphrase", from("1.1.1.1"));
  ASSERT_TRUE(c);

  ASSERT_TRUE(DirectoryService(f.ctx()).disable_user(cli_call_context(), "zhang"));
  EXPECT_FALSE(auth.authenticate(c->token));
  EXPECT_FALSE(auth.login("zhang", "a brand new passphrase", from("1.1.1.1")));
}

TEST(AuthServiceTest, IdleAndExpiredSessionsAreRefused) {
  ServiceFixture f;
  f.make_user("zhang", Role::kOfficer, "LC");
  AuthService auth(f.ctx());
  auto login = auth.login("zhang", ServiceFixture::kPassword, from("1.1.1.1"));
  ASSERT_TRUE(login);
  f.ctx().security.session_idle_ms = -1;  // any pause is too long
  EXPECT_FALSE(auth.authenticate(login->token));
  f.ctx().security.session_idle_ms = 3600 * 1000;
  EXPECT_TRUE(auth.authenticate(login->token));
  ASSERT_TRUE(f.db().read([](soci::session& s) -> Status {
    s << "UPDATE sessions SET expires_at = 1";
    return {};
  }));
  EXPECT_FALSE(auth.authenticate(login->token));
}

TEST(AuthServiceTest, PasswordPolicyRefusesShortPasswords) {
  ServiceFixture f;
  auto r = DirectoryService(f.ctx()).create_user(cli_call_context(), {"li", "", Role::kOfficer, "LC", "short"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  ASSERT_EQ(r.error().fields.size(), 1u);
  EXPECT_EQ(r.error().fields[0].field, "password");
  // Ten Chinese characters are ten characters, not thirty bytes short of policy.
  EXPECT_TRUE(DirectoryService(f.ctx()).create_user(cli_call_context(), {"wang", "", Role::kOfficer, "LC", "清风行动保护野生动物"}));
}

TEST(AuthServiceTest, ApiKeysCarryScopesAndCanBeRevoked) {
  ServiceFixture f;
  auto admin = f.make_user("root", Role::kAdmin, "OFFICE");
  auto platform = f.make_user("platform", Role::kIntegration, "WX");
  auto officer = f.make_user("zhang", Role::kOfficer, "LC");
  AuthService auth(f.ctx());
  EXPECT_FALSE(auth.issue_api_key(f.as(officer), platform.id, "k", {"records:write"}));
  EXPECT_FALSE(auth.issue_api_key(f.as(admin), officer.id, "k", {"records:write"}));
  EXPECT_FALSE(auth.issue_api_key(f.as(admin), platform.id, "k", {"everything"}));
  auto key = auth.issue_api_key(f.as(admin), platform.id, "某电商平台", {"records:write"});
  ASSERT_TRUE(key) << key.error().message;
  auto actor = auth.authenticate(key->key);
  ASSERT_TRUE(actor);
  EXPECT_EQ(actor->role, Role::kIntegration);
  EXPECT_EQ(actor->scopes, std::vector<std::string>{"records:write"});
  ASSERT_TRUE(auth.revoke_api_key(f.as(admin), key->record.id));
  EXPECT_FALSE(auth.authenticate(key->key));
}

}  // namespace
}  // namespace qf::service
