// A fresh, migrated database for one test, on the backend ctest chose via
// QINGFENG_TEST_BACKEND (sqlite, the default, or postgres). PostgreSQL tests
// create their own database on the cluster named by QINGFENG_TEST_PG and
// drop it afterwards; without that variable they fail loudly rather than
// skip, so a CI run cannot silently test only SQLite.
#pragma once

#include <memory>
#include <string>

#include "store/database.h"

namespace qf::testing {

class TestDatabase {
 public:
  // Creates and migrates (unless migrate is false) a new database.
  explicit TestDatabase(bool migrate = true, std::size_t pool_size = 4);
  ~TestDatabase();

  store::Database& db() { return *db_; }
  const std::string& url() const { return url_; }
  static std::string backend_name();
  // A scratch directory removed with the database (evidence blobs, files).
  const std::string& dir() const { return dir_; }

 private:
  std::unique_ptr<store::Database> db_;
  std::string url_;
  std::string dir_;
  std::string pg_admin_url_;
  std::string pg_name_;
};

}  // namespace qf::testing
