#include "cli/environment.h"

#include <filesystem>
#include <iostream>

#include "service/audit_writer.h"
#include "service/organisation_seeder.h"
#include "store/migrator.h"

namespace qf::cli {

void print_error(const Error& e) {
  std::cerr << "错误: " << e.message << "\n";
  for (const auto& f : e.fields) std::cerr << "  " << f.field << ": " << f.message << "\n";
}

Result<std::unique_ptr<Environment>> Environment::open(const Config& config, bool migrate) {
  auto env = std::unique_ptr<Environment>(new Environment());
  env->config_ = config;
  if (config.db_url.rfind("sqlite:", 0) == 0) {
    std::filesystem::path p(config.db_url.substr(7));
    std::error_code ec;
    if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
  }
  auto db = store::Database::open(config.db_url, config.db_pool_size);
  if (!db) return tl::unexpected(db.error());
  env->db_ = std::move(*db);
  auto blobs = store::BlobStore::open(config.evidence.dir);
  if (!blobs) return tl::unexpected(blobs.error());
  env->blobs_.emplace(std::move(*blobs));
  env->ctx_ = std::make_unique<service::ServiceContext>(
      service::ServiceContext{*env->db_, *env->blobs_, config.security, config.evidence});
  if (migrate) {
    auto report = store::Migrator(*env->db_).migrate();
    if (!report) return tl::unexpected(report.error());
    for (const auto& name : report->applied) std::cerr << "已应用迁移 " << name << "\n";
    auto seeded = service::OrganisationSeeder(*env->ctx_).seed(service::cli_call_context());
    if (!seeded) return tl::unexpected(seeded.error());
  }
  return env;
}

}  // namespace qf::cli
