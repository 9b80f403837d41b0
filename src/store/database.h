// Database: a pool of SOCI sessions on SQLite (embedded default) or
// PostgreSQL (multi-node deployments), and the only way code above the store
// layer reaches storage — through repositories that take a soci::session&.
//
// URLs: "sqlite:PATH" (file created on demand; WAL, foreign keys, busy
// timeout) or "postgresql://user@host:port/db" (libpq URI).
//
// transact() runs a function inside one transaction: it commits when the
// function returns a value and rolls back when it returns an Error or throws.
// SOCI exceptions never escape: they become Error values (unique-constraint
// violations kConflict, lost connections kUnavailable, the rest kInternal).
// On SQLite the transaction starts with BEGIN IMMEDIATE so two writers
// serialise on the write lock instead of deadlocking on lock upgrade.
#pragma once

#include <cstddef>
#include <atomic>
#include <exception>
#include <memory>
#include <string>
#include <type_traits>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

enum class Backend { kSqlite, kPostgres };

struct PoolStats {
  std::size_t size = 0;
  std::size_t in_use = 0;
};

class Database {
 public:
  static Result<std::unique_ptr<Database>> open(const std::string& url, std::size_t pool_size = 8);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Backend backend() const { return backend_; }
  const std::string& url_for_display() const { return display_url_; }  // password masked
  // For SQLite: the database file path; empty for PostgreSQL.
  const std::string& sqlite_path() const { return sqlite_path_; }

  // fn: (soci::session&) -> Result<T>
  template <class F>
  auto transact(F&& fn) -> std::invoke_result_t<F, soci::session&>;

  // Runs fn without an explicit transaction (single statements, reads).
  template <class F>
  auto read(F&& fn) -> std::invoke_result_t<F, soci::session&>;

  Status ping();
  PoolStats stats() const;

  // libpq keyword/value connection string for a postgresql:// URL (SOCI 4.0
  // does not take URIs). Percent-escapes are decoded; values are quoted.
  static Result<std::string> postgres_conninfo(const std::string& url);

  // Converts an exception thrown by SOCI/the backend into an Error.
  static Error error_from_exception(const std::exception& e);

 private:
  class Lease;
  Database() = default;
  Lease lease();
  void begin(soci::session& s);

  Backend backend_ = Backend::kSqlite;
  std::string display_url_;
  std::string sqlite_path_;
  std::size_t pool_size_ = 0;
  std::unique_ptr<soci::connection_pool> pool_;
  mutable std::atomic<std::size_t> in_use_{0};
};

// Returns a session to the pool when it goes out of scope.
class Database::Lease {
 public:
  Lease(Database& db, std::size_t pos) : db_(&db), pos_(pos) {}
  Lease(Lease&& other) noexcept : db_(other.db_), pos_(other.pos_) { other.db_ = nullptr; }
  Lease(const Lease&) = delete;
  ~Lease();
  soci::session& session() { return db_->pool_->at(pos_); }

 private:
  Database* db_;
  std::size_t pos_;
};

template <class F>
auto Database::transact(F&& fn) -> std::invoke_result_t<F, soci::session&> {
  using R = std::invoke_result_t<F, soci::session&>;
  Lease lease = this->lease();
  soci::session& s = lease.session();
  try {
    begin(s);
  } catch (const std::exception& e) {
    return R(tl::unexpected<Error>(error_from_exception(e)));
  }
  try {
    R result = fn(s);
    if (result) {
      s.commit();
    } else {
      s.rollback();
    }
    return result;
  } catch (const std::exception& e) {
    try {
      s.rollback();
    } catch (...) {
      // The connection is broken; the error below says so.
    }
    return R(tl::unexpected<Error>(error_from_exception(e)));
  }
}

template <class F>
auto Database::read(F&& fn) -> std::invoke_result_t<F, soci::session&> {
  using R = std::invoke_result_t<F, soci::session&>;
  Lease lease = this->lease();
  try {
    return fn(lease.session());
  } catch (const std::exception& e) {
    return R(tl::unexpected<Error>(error_from_exception(e)));
  }
}

}  // namespace qf::store
