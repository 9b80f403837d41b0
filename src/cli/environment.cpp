#include "cli/environment.h"

#include <fcntl.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <thread>

#include "report/joint_report.h"
#include "service/audit_writer.h"
#include "service/field_cipher.h"
#include "service/organisation_seeder.h"
#include "law/value_rules.h"
#include "service/species_catalog_service.h"
#include "store/crypto.h"
#include "store/migrator.h"
#include "store/system_settings.h"

namespace qf::cli {
namespace {

// The data key seals confidential fields (service/field_cipher.h). A
// missing file is created once — O_EXCL, so two processes starting together
// cannot both write one — with mode 0600. An existing file must hold exactly
// 32 bytes: running on with a wrong key would seal new values under it and
// leave the old ones unreadable, so a bad file stops the command instead.
Result<std::string> load_data_key(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path p(path);
  if (!fs::exists(p, ec)) {
    if (p.has_parent_path()) fs::create_directories(p.parent_path(), ec);
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
      std::string key = service::FieldCipher::generate_key();
      const bool written =
          ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) &&
          ::fsync(fd) == 0;
      ::close(fd);
      sodium_memzero(key.data(), key.size());
      if (!written) {
        ::unlink(path.c_str());
        return fail(ErrorCode::kInternal, "无法写入数据加密密钥文件 " + path);
      }
      spdlog::warn(
          "已生成数据加密密钥 {}（32 字节，权限 0600），用于加密举报人姓名和电话。"
          "请与数据库一并备份；多节点部署须把同一文件复制到每个节点",
          path);
    } else if (errno != EEXIST) {
      return fail(ErrorCode::kInternal,
                  "无法创建数据加密密钥文件 " + path + ": " + std::strerror(errno));
    }
  }
  std::string key;
  // Another process may have just created the file and not yet written it.
  for (int attempt = 0; attempt < 20; ++attempt) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(ErrorCode::kInternal, "无法读取数据加密密钥文件 " + path);
    key.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (!key.empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (key.size() != service::FieldCipher::kKeyBytes)
    return fail(ErrorCode::kInternal, "数据加密密钥文件 " + path + " 应为 32 字节（现为 " +
                                          std::to_string(key.size()) + " 字节）");
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & 077) != 0)
    spdlog::warn("数据加密密钥文件 {} 可被其他用户读取，请执行 chmod 600 {}", path, path);
  return key;
}

}  // namespace

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
  auto data_key = load_data_key(config.data_key_file);
  if (!data_key) return tl::unexpected(data_key.error());
  env->config_.security.data_key = std::move(*data_key);
  env->ctx_ = std::make_unique<service::ServiceContext>(service::ServiceContext{
      *env->db_, *env->blobs_, env->config_.security, env->config_.evidence, env->config_.cases,
      env->config_.tips});
  // The joint-action report's fixed texts: checked now, read at each export.
  report::set_joint_report_template_file(config.joint_report_template_file);
  if (!config.joint_report_template_file.empty()) {
    if (auto t = report::joint_report_template(); !t) return tl::unexpected(t.error());
  }
  if (!config.value_rules_file.empty()) {
    std::ifstream in(config.value_rules_file, std::ios::binary);
    if (!in) return fail(ErrorCode::kInvalidInput, "无法读取价值评估规则文件 " + config.value_rules_file);
    std::ostringstream text;
    text << in.rdbuf();
    auto rules = law::ValueRules::parse(text.str());
    if (!rules) {
      Error e = rules.error();
      e.message = "价值评估规则文件 " + config.value_rules_file + " 有误：" + e.message;
      return tl::unexpected(e);
    }
    env->ctx_->assessor = std::make_shared<const law::ValueAssessor>(std::move(*rules));
  }
  if (migrate) {
    auto report = store::Migrator(*env->db_).migrate();
    if (!report) return tl::unexpected(report.error());
    for (const auto& name : report->applied) std::cerr << "已应用迁移 " << name << "\n";
    // Every node must seal with the same key: compare its fingerprint with
    // the one the first node recorded.
    const std::string fingerprint =
        store::sha256_hex("qingfeng data key fingerprint\n" + env->config_.security.data_key).substr(0, 32);
    auto recorded = env->db_->transact([&](soci::session& s) {
      return store::SystemSettings::put_if_absent(s, "data_key_fingerprint", fingerprint);
    });
    if (!recorded) return tl::unexpected(recorded.error());
    if (*recorded != fingerprint)
      return fail(ErrorCode::kInternal,
                  "数据加密密钥 " + config.data_key_file +
                      " 与数据库中记录的不一致：请使用首次部署时生成的密钥文件（多节点须共用同一文件）");
    auto seeded = service::OrganisationSeeder(*env->ctx_).seed(service::cli_call_context());
    if (!seeded) return tl::unexpected(seeded.error());
    // The species lists shipped with this version (only files that changed).
    auto species = service::SpeciesCatalogService(*env->ctx_).sync_shipped(service::cli_call_context());
    if (!species) return tl::unexpected(species.error());
    if (*species > 0) std::cerr << "已载入物种名录 " << *species << " 份\n";
  }
  return env;
}

}  // namespace qf::cli
