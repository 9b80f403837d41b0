// Migrator: applies the numbered migrations compiled into the binary
// (migrations/NNNN_name.sql), each in its own transaction, and records each
// with the SHA-256 of its text in schema_migrations.
//
// A recorded migration whose text has changed since it was applied is a
// deployment error (someone edited history): migrate() refuses with the
// migration's name, and `serve` refuses to start. Several nodes may start at
// once: on PostgreSQL an advisory lock serialises them, on SQLite the write
// lock does; each re-checks what is applied after taking the lock.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace qf::store {

struct Migration {
  int version = 0;
  std::string name;  // file name, e.g. "0001_foundation.sql"
  std::string sql;   // template text as shipped
  std::string checksum;
};

struct MigrationReport {
  std::vector<std::string> applied;   // applied by this call
  std::vector<std::string> existing;  // already there
};

class Migrator {
 public:
  explicit Migrator(Database& db);
  // The migrations compiled into this binary, by version.
  static std::vector<Migration> bundled();
  // Turns a migration template into the backend's SQL statements:
  // {{id}} becomes the backend's identity column; text between
  // {{sqlite}} … {{/sqlite}} or {{postgres}} … {{/postgres}} is kept for that
  // backend only; statements split at ';' except inside a
  // CREATE TRIGGER … END body.
  static std::vector<std::string> render(const std::string& sql, Backend backend);

  Result<MigrationReport> migrate();
  Result<MigrationReport> migrate(const std::vector<Migration>& migrations);

 private:
  Database& db_;
};

}  // namespace qf::store
