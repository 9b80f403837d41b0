// The row-level rule and the role × action table, checked against an
// explicit expectation table (not derived from AccessPolicy) on both backends.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "service/audit_service.h"
#include "service/directory_service.h"
#include "service/evidence_service.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using testing::ServiceFixture;

// A tiny valid PNG header is enough for the type sniffer.
std::string png_bytes(int salt) {
  std::string s("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  s += std::string(64, static_cast<char>('a' + salt % 26));
  return s;
}

struct Expect {
  Role role;
  bool upload;
  bool see_own;
  bool see_shared;
  bool see_other;
  bool share_own;
  bool manage_users;
  bool read_audit;
};

// All actors sit in LC. "own" is owned by LC, "shared" is owned by NY and
// shared with LC, "other" is owned by SJ and shared with nobody.
const Expect kMatrix[] = {
    //  role               upload see_own see_shared see_other share_own users audit
    {Role::kAdmin,        false, true,  true,  false, false, true,  true},
    {Role::kOffice,       true,  true,  true,  true,  true,  false, true},
    {Role::kLeader,       true,  true,  true,  false, true,  false, false},
    {Role::kOfficer,      true,  true,  true,  false, true,  false, false},
    {Role::kRanger,       true,  true,  true,  false, false, false, false},
    {Role::kInspector,    false, true,  true,  true,  false, false, true},
    {Role::kIntegration,  true,  true,  true,  false, false, false, false},
};

class AccessMatrixTest : public ::testing::Test {
 protected:
  std::int64_t upload_as(const CallContext& call, int salt) {
    std::string path = f.dir() + "/upload-" + std::to_string(salt);
    std::ofstream(path, std::ios::binary) << png_bytes(salt);
    auto v = EvidenceService(f.ctx()).upload(call, {path, "photo.png", "", std::nullopt});
    EXPECT_TRUE(v) << (v ? "" : v.error().message);
    return v ? v->file.id : 0;
  }

  ServiceFixture f;
};

TEST_F(AccessMatrixTest, RoleByActionByOwnership) {
  auto lc_owner = f.make_user("lc-owner", Role::kOfficer, "LC");
  auto ny_owner = f.make_user("ny-owner", Role::kOfficer, "NY");
  auto sj_owner = f.make_user("sj-owner", Role::kOfficer, "SJ");
  const std::int64_t own = upload_as(f.as(lc_owner), 1);
  const std::int64_t shared = upload_as(f.as(ny_owner), 2);
  const std::int64_t other = upload_as(f.as(sj_owner), 3);
  ASSERT_TRUE(EvidenceService(f.ctx()).share(f.as(ny_owner), shared, "LC"));

  int salt = 10;
  for (const auto& e : kMatrix) {
    SCOPED_TRACE(std::string(role_name(e.role)));
    auto user = f.make_user(std::string("actor-") + std::string(role_name(e.role)), e.role, "LC");
    CallContext call = f.as(user);
    if (e.role == Role::kIntegration) call.actor.scopes = {"records:write"};
    EvidenceService evidence(f.ctx());

    auto expect_visible = [&](std::int64_t id, bool visible) {
      auto got = evidence.get(call, id);
      EXPECT_EQ(static_cast<bool>(got), visible);
      // An unseen record is indistinguishable from a missing one.
      if (!visible && !got) { EXPECT_EQ(got.error().code, ErrorCode::kNotFound); }
      auto content = evidence.content(call, id);
      EXPECT_EQ(static_cast<bool>(content), visible);
    };
    expect_visible(own, e.see_own);
    expect_visible(shared, e.see_shared);
    expect_visible(other, e.see_other);

    auto listed = evidence.list(call, 200, 0);
    ASSERT_TRUE(listed);
    std::map<std::int64_t, bool> in_list;
    for (const auto& v : listed->items) in_list[v.file.id] = true;
    EXPECT_EQ(in_list.count(own) > 0, e.see_own);
    EXPECT_EQ(in_list.count(shared) > 0, e.see_shared);
    EXPECT_EQ(in_list.count(other) > 0, e.see_other);

    std::string path = f.dir() + "/up-" + std::to_string(salt);
    std::ofstream(path, std::ios::binary) << png_bytes(salt++);
    auto up = evidence.upload(call, {path, "x.png", "", std::nullopt});
    EXPECT_EQ(static_cast<bool>(up), e.upload);
    if (!e.upload && !up) { EXPECT_EQ(up.error().code, ErrorCode::kForbidden); }

    auto sh = evidence.share(call, own, "GA");
    EXPECT_EQ(static_cast<bool>(sh), e.share_own);

    auto created = DirectoryService(f.ctx()).create_user(
        call, {"made-by-" + std::string(role_name(e.role)), "", Role::kOfficer, "LC", ServiceFixture::kPassword});
    EXPECT_EQ(static_cast<bool>(created), e.manage_users);
    if (!created) { EXPECT_EQ(created.error().code, ErrorCode::kForbidden); }

    auto audit = AuditService(f.ctx()).query(call, {});
    EXPECT_EQ(static_cast<bool>(audit), e.read_audit);
  }
}

TEST_F(AccessMatrixTest, IntegrationKeyWithoutWriteScopeCannotUpload) {
  auto user = f.make_user("platform", Role::kIntegration, "WX");
  CallContext call = f.as(user);
  call.actor.scopes = {"directory:read"};
  std::string path = f.dir() + "/p";
  std::ofstream(path, std::ios::binary) << png_bytes(5);
  auto up = EvidenceService(f.ctx()).upload(call, {path, "x.png", "", std::nullopt});
  ASSERT_FALSE(up);
  EXPECT_EQ(up.error().code, ErrorCode::kForbidden);
}

TEST_F(AccessMatrixTest, SharingOpensTheRecordToThatDepartmentOnly) {
  auto owner = f.make_user("owner", Role::kOfficer, "LC");
  auto ga = f.make_user("ga", Role::kOfficer, "GA");
  auto hg = f.make_user("hg", Role::kOfficer, "HG");
  const std::int64_t id = upload_as(f.as(owner), 7);
  EvidenceService evidence(f.ctx());
  EXPECT_FALSE(evidence.get(f.as(ga), id));
  auto shared = evidence.share(f.as(owner), id, "GA");
  ASSERT_TRUE(shared);
  EXPECT_EQ(shared->shared_with, std::vector<std::int64_t>{f.department_id("GA")});
  EXPECT_TRUE(evidence.get(f.as(ga), id));
  EXPECT_FALSE(evidence.get(f.as(hg), id));
  // A department that merely sees a shared record may not re-share it
  // unless its role allows sharing; officers do, and it stays scoped.
  EXPECT_TRUE(evidence.share(f.as(ga), id, "HG"));
  EXPECT_TRUE(evidence.get(f.as(hg), id));
}

}  // namespace
}  // namespace qf::service
