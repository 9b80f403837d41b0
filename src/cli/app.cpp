#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <sodium.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <iterator>

#include "cli/environment.h"
#include "cli/law_command.h"
#include "cli/lexicon_command.h"
#include "cli/model_command.h"
#include "cli/report_command.h"
#include "cli/scan_command.h"
#include "cli/serve_command.h"
#include "report/case_import.h"
#include "service/species_catalog_service.h"
#include "service/audit_service.h"
#include "service/audit_writer.h"
#include "service/auth_service.h"
#include "service/demo_cases.h"
#include "service/demo_seeder.h"
#include "service/demo_borders.h"
#include "service/demo_joint_reports.h"
#include "service/demo_listings.h"
#include "service/demo_patrols.h"
#include "service/demo_reporting.h"
#include "service/demo_tips.h"
#include "service/directory_service.h"
#include "store/audit_log.h"
#include "store/sqlite_backup.h"
#include "store/user_repository.h"

namespace qf::cli {
namespace {

// Reads a password from stdin (one line, trailing newline dropped), so it
// never appears in the process list or shell history.
Result<std::string> read_password_stdin() {
  std::string line;
  if (!std::getline(std::cin, line)) return invalid("password", "标准输入中没有密码");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int report(const Status& s) {
  if (!s) {
    print_error(s.error());
    return s.error().code == ErrorCode::kInvalidInput ? 2 : 1;
  }
  return 0;
}

}  // namespace

int run(int argc, char** argv) {
  if (sodium_init() < 0) {
    std::cerr << "libsodium 初始化失败\n";
    return 1;
  }
  spdlog::set_default_logger(spdlog::stderr_color_mt("qingfeng"));

  CLI::App app{
      "清风 (Qingfeng) — 野生动物保护联合执法平台\n"
      "Joint wildlife-law enforcement platform for the 清风行动 campaign.\n\n"
      "Quick start:  qingfeng demo && qingfeng serve   (SQLite in var/qingfeng.db)\n"
      "Configuration: --config FILE (TOML), then environment (QINGFENG_DB, QINGFENG_LISTEN,\n"
      "QINGFENG_WEB, QINGFENG_EVIDENCE_DIR, QINGFENG_LOG_LEVEL), then flags."};
  app.require_subcommand(1);
  std::string config_path, db_flag;
  if (const char* v = std::getenv("QINGFENG_CONFIG")) config_path = v;
  app.add_option("--config", config_path, "TOML configuration file (env QINGFENG_CONFIG)");
  app.add_option("--db", db_flag,
                 "Database URL: sqlite:PATH or postgresql://USER@HOST:PORT/DB (env QINGFENG_DB)");

  Config config;
  auto load = [&]() -> bool {
    auto c = load_config(config_path);
    if (!c) {
      print_error(c.error());
      return false;
    }
    config = *c;
    if (!db_flag.empty()) config.db_url = db_flag;
    spdlog::set_level(spdlog::level::from_str(config.log_level));
    return true;
  };
  int exit_code = 0;

  // serve
  auto* serve_cmd = app.add_subcommand("serve", "Run the HTTP API (and web UI); migrates first");
  std::string listen, web;
  serve_cmd->add_option("--listen", listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
  serve_cmd->add_option("--web", web, "Directory of the built web UI to serve at /");
  serve_cmd->callback([&] {
    if (!load()) return void(exit_code = 2);
    if (!listen.empty())
      if (auto ok = set_listen(config, listen); !ok) return void(exit_code = report(ok));
    if (!web.empty()) config.web_dir = web;
    exit_code = serve(config);
  });

  // migrate
  app.add_subcommand("migrate", "Apply pending database migrations (refuses on checksum mismatch)")
      ->callback([&] {
        if (!load()) return void(exit_code = 2);
        auto env = Environment::open(config, true);
        if (!env) return void(exit_code = report(tl::unexpected(env.error())));
        std::cout << "数据库已是最新结构\n";
      });

  // demo
  unsigned demo_seed = 20210315;
  int demo_case_count = 240;
  auto* demo_cmd = app.add_subcommand(
      "demo", "Seed the organisation, one demo account per role and a district's demo cases (idempotent)");
  demo_cmd->add_option("--seed", demo_seed, "Random seed of the demo dataset (same seed, same data)");
  demo_cmd->add_option("--cases", demo_case_count, "Number of demo cases")->check(CLI::Range(0, 100000));
  demo_cmd->callback([&] {
        if (!load()) return void(exit_code = 2);
        auto env = Environment::open(config, true);
        if (!env) return void(exit_code = report(tl::unexpected(env.error())));
        auto accounts = service::DemoSeeder((*env)->services()).seed(service::cli_call_context());
        if (!accounts) return void(exit_code = report(tl::unexpected(accounts.error())));
        bool any_new = false;
        std::cout << "演示账户 (demo accounts):\n";
        for (const auto& a : *accounts) {
          std::cout << "  " << a.username << "\t" << a.role << "\t" << a.department_code << "\t"
                    << (a.password.empty() ? "(已存在，密码不再显示；重置: qingfeng user passwd " + a.username + " --password-stdin)"
                                           : "密码: " + a.password)
                    << "\n";
          any_new = any_new || !a.password.empty();
        }
        if (any_new) std::cout << "以上密码只显示这一次，请妥善保存。\n";
        auto demo_cases = service::seed_demo_cases((*env)->services(), demo_seed, demo_case_count);
        if (!demo_cases) return void(exit_code = report(tl::unexpected(demo_cases.error())));
        auto demo_tips = service::seed_demo_tips((*env)->services(), demo_seed + 1, demo_case_count);
        if (!demo_tips) return void(exit_code = report(tl::unexpected(demo_tips.error())));
        if (!demo_tips->skipped) std::cout << "已生成演示举报线索 " << demo_tips->created << " 条。\n";
        if (demo_cases->skipped)
          std::cout << "已有案件数据，跳过演示案件。\n";
        else
          std::cout << "已生成演示案件 " << demo_cases->created << " 件（随机种子 " << demo_seed << "）。\n";
        auto demo_listings = service::seed_demo_listings((*env)->services());
        if (!demo_listings) return void(exit_code = report(tl::unexpected(demo_listings.error())));
        if (!demo_listings->skipped)
          std::cout << "已生成演示网络商品信息 " << demo_listings->created << " 条（待审核 "
                    << demo_listings->flagged << " 条）。\n";
        // Field work comes last: its handovers and tips would otherwise make
        // the demo cases and tips above skip themselves (they only seed an
        // empty table). Zones, patrols and places are seeded with the accounts.
        auto patrol_tips = service::seed_demo_patrol_tips((*env)->services());
        if (!patrol_tips) return void(exit_code = report(tl::unexpected(patrol_tips.error())));
        auto borders = service::seed_demo_borders((*env)->services());
        if (!borders) return void(exit_code = report(tl::unexpected(borders.error())));
        if (!borders->skipped)
          std::cout << "已生成演示运输检查 " << borders->checks << " 次、海关风险评估 "
                    << borders->assessments << " 份、查获 " << borders->seizures
                    << " 起、网格与视频事件 " << borders->events << " 条。\n";
        // Publicity records and this month's 月报: its stored figures are
        // taken from the records above, so it comes after them.
        auto reporting = service::seed_demo_reporting((*env)->services());
        if (!reporting) return void(exit_code = report(tl::unexpected(reporting.error())));
        // The joint-action report's draft picks its typical cases from the above.
        auto joint = service::seed_demo_joint_reports((*env)->services());
        if (!joint) return void(exit_code = report(tl::unexpected(joint.error())));
        if (!joint->skipped) std::cout << "已生成演示联合行动报告草稿 1 份（编号 " << joint->id << "）。\n";
      });

  // user
  auto* user_cmd = app.add_subcommand("user", "Manage accounts");
  user_cmd->require_subcommand(1);
  std::string u_name, u_role, u_dept, u_display;
  bool u_stdin = false;
  auto* user_add = user_cmd->add_subcommand("add", "Create an account (password read from stdin)");
  user_add->add_option("name", u_name, "Login name")->required();
  user_add->add_option("--role", u_role, "admin|office|leader|officer|ranger|inspector|integration")->required();
  user_add->add_option("--department", u_dept, "Department code, e.g. LC, NY, OFFICE")->required();
  user_add->add_option("--display-name", u_display, "Full name shown in the UI");
  user_add->add_flag("--password-stdin", u_stdin, "Read the password from standard input")->required();
  user_add->callback([&] {
    if (!load()) return void(exit_code = 2);
    auto role = parse_role(u_role);
    if (!role) return void(exit_code = report(invalid("role", "未知角色: " + u_role)));
    auto password = read_password_stdin();
    if (!password) return void(exit_code = report(tl::unexpected(password.error())));
    auto env = Environment::open(config, true);
    if (!env) return void(exit_code = report(tl::unexpected(env.error())));
    auto u = service::DirectoryService((*env)->services())
                 .create_user(service::cli_call_context(), {u_name, u_display, *role, u_dept, *password});
    if (!u) return void(exit_code = report(tl::unexpected(u.error())));
    std::cout << "已创建用户 " << u->username << " (id " << u->id << ")\n";
  });

  auto* user_passwd = user_cmd->add_subcommand("passwd", "Set an account's password (from stdin); ends its sessions");
  user_passwd->add_option("name", u_name, "Login name")->required();
  user_passwd->add_flag("--password-stdin", u_stdin, "Read the password from standard input")->required();
  user_passwd->callback([&] {
    if (!load()) return void(exit_code = 2);
    auto password = read_password_stdin();
    if (!password) return void(exit_code = report(tl::unexpected(password.error())));
    auto env = Environment::open(config, true);
    if (!env) return void(exit_code = report(tl::unexpected(env.error())));
    exit_code = report(service::DirectoryService((*env)->services())
                           .set_password(service::cli_call_context(), u_name, *password));
    if (exit_code == 0) std::cout << "已更新 " << u_name << " 的密码\n";
  });

  auto* user_disable = user_cmd->add_subcommand("disable", "Disable an account and end its sessions");
  user_disable->add_option("name", u_name, "Login name")->required();
  user_disable->callback([&] {
    if (!load()) return void(exit_code = 2);
    auto env = Environment::open(config, true);
    if (!env) return void(exit_code = report(tl::unexpected(env.error())));
    exit_code = report(service::DirectoryService((*env)->services()).disable_user(service::cli_call_context(), u_name));
    if (exit_code == 0) std::cout << "已停用 " << u_name << "\n";
  });

  user_cmd->add_subcommand("list", "List accounts")->callback([&] {
    if (!load()) return void(exit_code = 2);
    auto env = Environment::open(config, true);
    if (!env) return void(exit_code = report(tl::unexpected(env.error())));
    store::UserQuery q;
    q.limit = 100000;
    auto page = service::DirectoryService((*env)->services()).list_users(service::cli_call_context(), q);
    if (!page) return void(exit_code = report(tl::unexpected(page.error())));
    std::cout << "ID\t用户名\t角色\t部门\t状态\t姓名\n";
    for (const auto& u : page->items)
      std::cout << u.id << "\t" << u.username << "\t" << role_name(u.role) << "\t" << u.department_code
                << "\t" << (u.disabled ? "停用" : "正常") << "\t" << u.display_name << "\n";
  });

  // audit
  auto* audit_cmd = app.add_subcommand("audit", "Audit log tools");
  audit_cmd->require_subcommand(1);
  audit_cmd->add_subcommand("verify", "Check the audit hash chain; exit 1 and name the first bad row")->callback([&] {
    if (!load()) return void(exit_code = 2);
    auto env = Environment::open(config, false);
    if (!env) return void(exit_code = report(tl::unexpected(env.error())));
    auto v = store::AuditLog::verify((*env)->db());
    if (!v) return void(exit_code = report(tl::unexpected(v.error())));
    if (v->first_bad_seq) {
      std::cout << "审计链校验失败: 第 " << *v->first_bad_seq << " 条 — " << v->problem << "\n";
      exit_code = 1;
    } else {
      std::cout << "审计链完整: 已校验 " << v->rows_checked << " 条记录\n";
    }
  });

  // import
  auto* import_cmd = app.add_subcommand("import", "Import historical records");
  import_cmd->require_subcommand(1);
  std::string import_file, import_as;
  bool import_dry_run = false;
  auto* import_cases = import_cmd->add_subcommand(
      "cases", "Import cases from a UTF-8 CSV file; nothing is imported if any row is bad");
  import_cases->add_option("file", import_file, "CSV file (header: title,offence_type,source,...)")
      ->required()
      ->check(CLI::ExistingFile);
  import_cases->add_flag("--dry-run", import_dry_run, "Only check every row, import nothing");
  import_cases->add_option("--as", import_as, "Register the cases as this account (its department and rights)")
      ->required();
  import_cases->callback([&] {
    if (!load()) return void(exit_code = 2);
    std::ifstream in(import_file, std::ios::binary);
    std::string csv((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) return void(exit_code = report(invalid("file", "无法读取文件 " + import_file)));
    if (csv.size() > report::kMaxImportBytes)
      return void(exit_code = report(invalid("file", "文件超过 20 MiB，请分批导入")));
    auto env = Environment::open(config, true);
    if (!env) return void(exit_code = report(tl::unexpected(env.error())));
    // The cases belong to a real account, as if it had entered them: its
    // department owns them and its rights apply. The audit rows name that
    // account, with "console" as the address and the OS user who ran the
    // command as the request id.
    auto user = (*env)->db().read([&](soci::session& s) { return store::UserRepository::find_by_username(s, import_as); });
    if (!user) return void(exit_code = report(tl::unexpected(user.error())));
    if (!*user || (*user)->disabled) return void(exit_code = report(invalid("as", "用户不存在或已停用: " + import_as)));
    service::CallContext call = service::cli_call_context();
    call.request_id = call.actor.username;  // "cli:<OS user>"
    call.actor = service::actor_for(**user);
    auto outcome = report::CaseImporter((*env)->services()).run(call, csv, import_dry_run);
    if (!outcome) return void(exit_code = report(tl::unexpected(outcome.error())));
    if (!outcome->ok()) {
      for (const auto& p : outcome->problems) std::cout << report::describe(p) << "\n";
      std::cout << "共 " << outcome->rows << " 行案件数据，发现 " << outcome->problems.size()
                << " 处错误；未导入任何案件。\n";
      return void(exit_code = 2);
    }
    if (outcome->dry_run) {
      std::cout << "校验通过：共 " << outcome->rows << " 行案件数据（试运行，未导入）。\n";
    } else {
      std::cout << "已导入 " << outcome->created.size() << " 件案件：" << outcome->created.front().number << " … "
                << outcome->created.back().number << "\n";
    }
  });

  // import species: a provincial key list, CITES statuses, aliases or the
  // base values (基准价值), as the API's POST /api/v1/species/lists/{code}.
  auto species_import = std::make_shared<service::SpeciesImport>();
  std::string species_file;
  auto* import_species = import_cmd->add_subcommand(
      "species", "Load a species list, aliases or base values (基准价值) from a UTF-8 CSV file; all or nothing");
  import_species->add_option("file", species_file, "CSV file (see GET /api/v1/species/lists/{code} in the API docs)")
      ->required()
      ->check(CLI::ExistingFile);
  import_species->add_option("--code", species_import->code, "List code, e.g. ningxia2024 (reloading replaces it)")
      ->required();
  import_species->add_option("--title", species_import->title, "Title, e.g. 宁夏回族自治区重点保护野生动物名录")
      ->required();
  import_species->add_option("--source", species_import->source, "The document: issuing body and number")
      ->required();
  import_species->add_option("--kind", species_import->kind, "species (default) | aliases | base_values");
  import_species->add_flag("--dry-run", species_import->dry_run, "Only check the file, load nothing");
  import_species->callback([&, species_import] {
    if (!load()) return void(exit_code = 2);
    std::ifstream in(species_file, std::ios::binary);
    species_import->csv.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    auto env = Environment::open(config, true);
    if (!env) return void(exit_code = report(tl::unexpected(env.error())));
    auto r = service::SpeciesCatalogService((*env)->services()).import(service::cli_call_context(), *species_import);
    if (!r) return void(exit_code = report(tl::unexpected(r.error())));
    if (r->dry_run)
      std::cout << "校验通过：共 " << r->rows << " 行（试运行，未载入）。\n";
    else
      std::cout << "已载入「" << r->code << "」：" << r->rows << " 行（新增 " << r->counts.inserted << "，更新 "
                << r->counts.updated << "，停用 " << r->counts.retired << "）。\n";
  });

  // backup / restore
  std::string backup_out, restore_from;
  auto* backup_cmd = app.add_subcommand("backup", "Consistent online backup of the SQLite database");
  backup_cmd->add_option("--out", backup_out, "Backup file to write")->required();
  backup_cmd->callback([&] {
    if (!load()) return void(exit_code = 2);
    if (config.db_url.rfind("sqlite:", 0) != 0) {
      std::cout << "PostgreSQL 数据库请使用 pg_dump 备份，例如:\n  pg_dump --format=custom --file=qingfeng.dump '"
                << config.db_url.substr(0, config.db_url.find('@') == std::string::npos ? config.db_url.size() : 0)
                << "<数据库地址>'\n恢复: pg_restore --clean --if-exists --dbname=<数据库地址> qingfeng.dump\n";
      return void(exit_code = 0);
    }
    exit_code = report(store::sqlite_backup(config.db_url.substr(7), backup_out));
    if (exit_code == 0) std::cout << "已备份到 " << backup_out << "\n";
  });
  auto* restore_cmd = app.add_subcommand("restore", "Replace the SQLite database with a backup (stop serve first)");
  restore_cmd->add_option("--from", restore_from, "Backup file made by `qingfeng backup`")->required();
  restore_cmd->callback([&] {
    if (!load()) return void(exit_code = 2);
    if (config.db_url.rfind("sqlite:", 0) != 0) {
      std::cout << "PostgreSQL 数据库请使用 pg_restore 恢复: pg_restore --clean --if-exists --dbname=<数据库地址> FILE\n";
      return void(exit_code = 2);
    }
    exit_code = report(store::sqlite_restore(restore_from, config.db_url.substr(7)));
    if (exit_code == 0) std::cout << "已从 " << restore_from << " 恢复\n";
  });

  // law: the legal engine, no database
  add_law_command(app, exit_code);

  // scan: the online-listing scanner, no database
  add_scan_command(app, exit_code);

  // report stats: 战果 statistics
  add_report_command(app, exit_code, load, config);

  // lexicon: the scanner's lexicon in the database (show, export, import)
  add_lexicon_command(app, exit_code, load, config);

  // model: the scanner's fastText re-scorer (train, list, activate, deactivate)
  add_model_command(app, exit_code, load, config);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}

}  // namespace qf::cli
