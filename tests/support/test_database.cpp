#include "support/test_database.h"

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "store/migrator.h"

namespace qf::testing {
namespace {

std::string random_suffix() {
  std::random_device rd;
  std::string s;
  for (int i = 0; i < 12; ++i) s += "abcdefghijklmnopqrstuvwxyz0123456789"[rd() % 36];
  return s;
}

std::string replace_db_name(const std::string& url, const std::string& name) {
  auto slash = url.rfind('/');
  auto q = url.find('?', slash);
  return url.substr(0, slash + 1) + name + (q == std::string::npos ? "" : url.substr(q));
}

}  // namespace

std::string TestDatabase::backend_name() {
  const char* b = std::getenv("QINGFENG_TEST_BACKEND");
  return b && std::string(b) == "postgres" ? "postgres" : "sqlite";
}

TestDatabase::TestDatabase(bool migrate, std::size_t pool_size) {
  char tmpl[] = "/tmp/qingfeng-test.XXXXXX";
  dir_ = mkdtemp(tmpl);
  if (backend_name() == "postgres") {
    const char* pg = std::getenv("QINGFENG_TEST_PG");
    if (!pg || !*pg) {
      ADD_FAILURE() << "QINGFENG_TEST_PG is not set: run under scripts/with-postgres.sh";
      std::abort();
    }
    pg_admin_url_ = pg;
    pg_name_ = "qf_test_" + random_suffix();
    soci::session admin(soci::postgresql, *store::Database::postgres_conninfo(pg_admin_url_));
    admin << "CREATE DATABASE " + pg_name_;  // name is generated above, not user input
    url_ = replace_db_name(pg_admin_url_, pg_name_);
  } else {
    url_ = "sqlite:" + dir_ + "/test.db";
  }
  auto opened = store::Database::open(url_, pool_size);
  if (!opened) {
    ADD_FAILURE() << "cannot open test database: " << opened.error().message;
    std::abort();
  }
  db_ = std::move(*opened);
  if (migrate) {
    auto migrated = store::Migrator(*db_).migrate();
    if (!migrated) {
      ADD_FAILURE() << "migration failed: " << migrated.error().message;
      std::abort();
    }
  }
}

TestDatabase::~TestDatabase() {
  db_.reset();
  if (!pg_name_.empty()) {
    try {
      soci::session admin(soci::postgresql, *store::Database::postgres_conninfo(pg_admin_url_));
      admin << "DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)";
    } catch (const std::exception& e) {
      ADD_FAILURE() << "cannot drop test database: " << e.what();
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

}  // namespace qf::testing
