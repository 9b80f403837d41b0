// Online backup and restore of the SQLite database with SQLite's backup API:
// a consistent copy while the service keeps running (readers and writers are
// not stopped; the copy restarts pages that change underneath it).
// PostgreSQL deployments use pg_dump/pg_restore instead.
#pragma once

#include <string>

#include "core/result.h"

namespace qf::store {

// Copies the live database at db_path into out_path (overwritten).
Status sqlite_backup(const std::string& db_path, const std::string& out_path);

// Replaces the database at db_path with the backup at from_path, after
// checking that the backup is a sound Qingfeng database (integrity check and
// schema_migrations present). Stop `serve` first.
Status sqlite_restore(const std::string& from_path, const std::string& db_path);

}  // namespace qf::store
