#include "store/audit_log.h"

#include <gtest/gtest.h>

#include <thread>

#include "support/test_database.h"

namespace qf::store {
namespace {

Status append_n(Database& db, int n, const std::string& who) {
  for (int i = 0; i < n; ++i) {
    auto r = db.transact([&](soci::session& s) -> Result<AuditEntry> {
      AuditEntry e;
      e.actor = who;
      e.action = "test.write";
      e.entity = "thing";
      e.entity_id = std::to_string(i);
      e.after_json = R"({"n":)" + std::to_string(i) + "}";
      return AuditLog::append(s, e);
    });
    if (!r) return tl::unexpected(r.error());
  }
  return {};
}

TEST(AuditLogTest, ChainVerifiesAndTamperingIsCaughtAtTheRightRow) {
  testing::TestDatabase t;
  ASSERT_TRUE(append_n(t.db(), 5, "zhang"));
  auto ok = AuditLog::verify(t.db());
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->rows_checked, 5);
  EXPECT_FALSE(ok->first_bad_seq);

  ASSERT_TRUE(t.db().read([](soci::session& s) -> Status {
    s << "UPDATE audit_log SET after_json = '{\"n\":99}' WHERE seq = 3";
    return {};
  }));
  auto bad = AuditLog::verify(t.db());
  ASSERT_TRUE(bad);
  ASSERT_TRUE(bad->first_bad_seq);
  EXPECT_EQ(*bad->first_bad_seq, 3);
}

TEST(AuditLogTest, DeletedRowsAreCaught) {
  testing::TestDatabase t;
  ASSERT_TRUE(append_n(t.db(), 4, "zhang"));
  ASSERT_TRUE(t.db().read([](soci::session& s) -> Status {
    s << "DELETE FROM audit_log WHERE seq = 2";
    return {};
  }));
  auto middle = AuditLog::verify(t.db());
  ASSERT_TRUE(middle && middle->first_bad_seq);
  EXPECT_EQ(*middle->first_bad_seq, 2);

  testing::TestDatabase t2;
  ASSERT_TRUE(append_n(t2.db(), 4, "zhang"));
  ASSERT_TRUE(t2.db().read([](soci::session& s) -> Status {
    s << "DELETE FROM audit_log WHERE seq = 4";
    return {};
  }));
  auto tail = AuditLog::verify(t2.db());
  ASSERT_TRUE(tail && tail->first_bad_seq);
  EXPECT_EQ(*tail->first_bad_seq, 4);
}

TEST(AuditLogTest, ConcurrentAppendersKeepOneUnbrokenChain) {
  testing::TestDatabase t(true, 4);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int w = 0; w < 4; ++w)
    threads.emplace_back([&, w] {
      if (!append_n(t.db(), 25, "writer" + std::to_string(w))) failures++;
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto v = AuditLog::verify(t.db());
  ASSERT_TRUE(v);
  EXPECT_EQ(v->rows_checked, 100);
  EXPECT_FALSE(v->first_bad_seq) << v->problem;
}

TEST(AuditLogTest, RolledBackWritesLeaveNoAuditRow) {
  testing::TestDatabase t;
  auto r = t.db().transact([](soci::session& s) -> Status {
    AuditEntry e;
    e.actor = "zhang";
    e.action = "test.write";
    e.entity = "thing";
    if (auto a = AuditLog::append(s, e); !a) return tl::unexpected(a.error());
    return fail(ErrorCode::kInvalidInput, "later validation failed");
  });
  ASSERT_FALSE(r);
  auto page = AuditLog::query(t.db(), {});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 0);
  auto v = AuditLog::verify(t.db());
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->first_bad_seq);
}

TEST(AuditLogTest, QueryFiltersByEntityAndActor) {
  testing::TestDatabase t;
  ASSERT_TRUE(append_n(t.db(), 3, "zhang"));
  ASSERT_TRUE(append_n(t.db(), 2, "li"));
  auto li = AuditLog::query(t.db(), {.actor = std::string("li")});
  ASSERT_TRUE(li);
  EXPECT_EQ(li->total, 2);
  EXPECT_EQ(li->rows.front().seq, 5);  // newest first
  auto one = AuditLog::query(t.db(), {.entity = std::string("thing"), .entity_id = std::string("1")});
  ASSERT_TRUE(one);
  EXPECT_EQ(one->total, 2);
}

}  // namespace
}  // namespace qf::store
