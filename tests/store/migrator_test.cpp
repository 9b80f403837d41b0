#include "store/migrator.h"

#include <gtest/gtest.h>

#include "support/test_database.h"

namespace qf::store {
namespace {

TEST(MigratorTest, AppliesBundledMigrationsOnceAndRecordsThem) {
  testing::TestDatabase t(/*migrate=*/false);
  auto first = Migrator(t.db()).migrate();
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_FALSE(first->applied.empty());
  EXPECT_EQ(first->applied.front(), "0001_foundation.sql");

  auto second = Migrator(t.db()).migrate();
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_TRUE(second->applied.empty());
  EXPECT_EQ(second->existing.size(), first->applied.size());

  auto count = t.db().read([](soci::session& s) -> Result<long long> {
    long long n = 0;
    s << "SELECT COUNT(*) FROM schema_migrations", soci::into(n);
    return n;
  });
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, static_cast<long long>(first->applied.size()));
}

TEST(MigratorTest, RefusesAMigrationEditedAfterItWasApplied) {
  testing::TestDatabase t;
  auto migrations = Migrator::bundled();
  migrations.front().sql += "\n-- edited later\n";
  migrations.front().checksum = "different";
  auto result = Migrator(t.db()).migrate(migrations);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kConflict);
  EXPECT_NE(result.error().message.find("0001_foundation.sql"), std::string::npos);
}

TEST(MigratorTest, AFailingMigrationLeavesNoTraceOfItself) {
  testing::TestDatabase t;
  Migration bad{9999, "9999_broken.sql", "CREATE TABLE half_done (id INTEGER);\nSELEC broken;", "x"};
  auto result = Migrator(t.db()).migrate({bad});
  ASSERT_FALSE(result);
  auto tables = t.db().read([](soci::session& s) -> Result<long long> {
    long long n = 0;
    s << "SELECT COUNT(*) FROM schema_migrations WHERE version = 9999", soci::into(n);
    return n;
  });
  ASSERT_TRUE(tables);
  EXPECT_EQ(*tables, 0);
  // The table created before the failing statement was rolled back with it.
  auto probe = t.db().read([](soci::session& s) -> Status {
    s << "SELECT COUNT(*) FROM half_done";
    return {};
  });
  EXPECT_FALSE(probe);
}

TEST(MigratorTest, RenderSplitsStatementsAndMapsIdColumns) {
  auto sqlite = Migrator::render("CREATE TABLE a (id {{id}}); -- c;d\nCREATE TABLE b (x INT);", Backend::kSqlite);
  ASSERT_EQ(sqlite.size(), 2u);
  EXPECT_NE(sqlite[0].find("AUTOINCREMENT"), std::string::npos);
  auto pg = Migrator::render("CREATE TABLE a (id {{id}});", Backend::kPostgres);
  ASSERT_EQ(pg.size(), 1u);
  EXPECT_NE(pg[0].find("IDENTITY"), std::string::npos);
}

TEST(MigratorTest, RenderKeepsTheBackendsBlocksAndWholeTriggers) {
  const std::string sql =
      "CREATE TABLE a (x INT);\n"
      "{{sqlite}}\nCREATE TRIGGER t AFTER INSERT ON a BEGIN\n  INSERT INTO b VALUES (1);\n"
      "  INSERT INTO b VALUES (2);\nEND;\nCREATE TABLE s (y INT);\n{{/sqlite}}\n"
      "{{postgres}}\nCREATE EXTENSION IF NOT EXISTS pg_trgm;\n{{/postgres}}\n";
  auto sqlite = Migrator::render(sql, Backend::kSqlite);
  ASSERT_EQ(sqlite.size(), 3u);
  EXPECT_NE(sqlite[1].find("INSERT INTO b VALUES (1);"), std::string::npos) << sqlite[1];
  EXPECT_NE(sqlite[1].find("END"), std::string::npos);
  EXPECT_NE(sqlite[2].find("CREATE TABLE s"), std::string::npos);
  auto pg = Migrator::render(sql, Backend::kPostgres);
  ASSERT_EQ(pg.size(), 2u);
  EXPECT_NE(pg[1].find("pg_trgm"), std::string::npos);
  for (const auto& st : pg) EXPECT_EQ(st.find("{{"), std::string::npos);
}

}  // namespace
}  // namespace qf::store
