// A migrated test database with the organisation seeded, an evidence store
// in a scratch directory, fast password hashing, and helpers to create users
// and act as them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "service/service_context.h"
#include "store/blob_store.h"
#include "store/user_repository.h"
#include "support/test_database.h"

namespace qf::testing {

class ServiceFixture {
 public:
  ServiceFixture();
  service::ServiceContext& ctx() { return *ctx_; }
  store::Database& db() { return t_.db(); }
  const std::string& url() const { return t_.url(); }
  const std::string& dir() const { return t_.dir(); }

  // Creates an account (password "correct horse battery") and returns it.
  store::User make_user(const std::string& name, Role role, const std::string& department);
  // Loads the shipped species lists (as `migrate` does); only the tests that
  // need the catalog pay for it.
  void load_species_catalog();
  // The CallContext of a user, as if authenticated.
  service::CallContext as(const store::User& u) const;
  std::int64_t department_id(const std::string& code);

  static constexpr const char* kPassword = "correct horse battery";

 private:
  TestDatabase t_;
  std::optional<store::BlobStore> blobs_;
  std::unique_ptr<service::ServiceContext> ctx_;
};

// The number a counting query (SELECT COUNT(*) …, no parameters) answers;
// -1 when it fails.
inline std::int64_t count_rows(store::Database& db, const std::string& sql) {
  auto n = db.read([&](soci::session& s) -> Result<std::int64_t> {
    long long v = 0;
    s << sql, soci::into(v);
    return static_cast<std::int64_t>(v);
  });
  return n ? *n : -1;
}

// Runs one INSERT of the test's own (constants, no input) with RETURNING id
// appended and answers the id; a failure fails the test and answers 0.
inline std::int64_t insert_row(store::Database& db, const std::string& sql) {
  auto id = db.transact([&](soci::session& s) -> Result<std::int64_t> {
    long long v = 0;
    s << sql + " RETURNING id", soci::into(v);
    return static_cast<std::int64_t>(v);
  });
  EXPECT_TRUE(id) << sql << ": " << (id ? "" : id.error().message);
  return id ? *id : 0;
}

// Runs one statement of the test's own; a failure fails the test.
inline void exec_sql(store::Database& db, const std::string& sql) {
  auto ok = db.transact([&](soci::session& s) -> Status {
    s << sql;
    return {};
  });
  EXPECT_TRUE(ok) << sql << ": " << (ok ? "" : ok.error().message);
}

}  // namespace qf::testing
