// Environment: what a subcommand works with — configuration, the open and
// migrated database, the evidence store — built once from the config.
#pragma once

#include <memory>
#include <optional>

#include "cli/config.h"
#include "service/service_context.h"
#include "store/blob_store.h"
#include "store/database.h"

namespace qf::cli {

class Environment {
 public:
  // Opens the database; with migrate, applies migrations and inserts the
  // organisation's missing departments.
  static Result<std::unique_ptr<Environment>> open(const Config& config, bool migrate);

  const Config& config() const { return config_; }
  store::Database& db() { return *db_; }
  service::ServiceContext& services() { return *ctx_; }

 private:
  Config config_;
  std::unique_ptr<store::Database> db_;
  std::optional<store::BlobStore> blobs_;
  std::unique_ptr<service::ServiceContext> ctx_;
};

// Prints an Error for a console user (Chinese message plus field details).
void print_error(const Error& e);

}  // namespace qf::cli
