#include "cli/lexicon_command.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/environment.h"
#include "core/clock.h"
#include "service/lexicon_service.h"

namespace qf::cli {
namespace {

namespace fs = std::filesystem;

struct LexiconOptions {
  std::string dir, note;
  bool dry_run = false;
};

int fail_with(const Error& e) {
  print_error(e);
  return e.code == ErrorCode::kInvalidInput ? 2 : 1;
}

// DIR/*.txt in name order, as the build embeds data/lexicon.
Result<std::vector<store::LexiconFileText>> read_dir(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return invalid("dir", "不是目录: " + dir);
  std::vector<fs::path> paths;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".txt") paths.push_back(e.path());
  if (ec) return invalid("dir", "无法读取目录 " + dir + ": " + ec.message());
  std::sort(paths.begin(), paths.end());
  std::vector<store::LexiconFileText> files;
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) return invalid("dir", "无法读取 " + p.string());
    files.push_back({p.filename().string(), std::move(content)});
  }
  if (files.empty()) return invalid("dir", dir + " 中没有 .txt 词库文件");
  return files;
}

void print_state(const service::LexiconState& st) {
  const auto& r = st.revision;
  std::cout << (r.number == 0 ? std::string("程序内置词库")
                              : "第 " + std::to_string(r.number) + " 版")
            << (st.in_force ? "（生效中）" : "") << "：" << r.terms << " 个词条，"
            << r.lexicon_version << "\n";
  if (r.number)
    std::cout << "  " << r.created_by_name << " " << format_iso8601(r.created_at) << " " << r.note
              << "\n";
  for (const auto& [category, n] : st.terms_by_category)
    std::cout << "  " << category << " " << n << "\n";
}

}  // namespace

void add_lexicon_command(CLI::App& app, int& exit_code, std::function<bool()> load,
                         const Config& config) {
  auto* cmd = app.add_subcommand(
      "lexicon", "The online-listing scanner's lexicon in the database: show, export, import");
  cmd->require_subcommand(1);
  auto opts = std::make_shared<LexiconOptions>();

  auto* show = cmd->add_subcommand("show", "The revision in force and the saved history");
  show->callback([&exit_code, load, &config] {
    if (!load()) return void(exit_code = 2);
    auto env = Environment::open(config, true);
    if (!env) return void(exit_code = fail_with(env.error()));
    service::LexiconService svc((*env)->services());
    auto st = svc.current(service::cli_call_context());
    if (!st) return void(exit_code = fail_with(st.error()));
    print_state(*st);
    auto history = svc.history(service::cli_call_context(), 20, 0);
    if (!history) return void(exit_code = fail_with(history.error()));
    for (const auto& r : history->items)
      std::cout << "  第 " << r.number << " 版  " << format_iso8601(r.created_at) << "  "
                << r.created_by_name << "  " << r.terms << " 词条  " << r.note << "\n";
    exit_code = 0;
  });

  auto* exp = cmd->add_subcommand(
      "export", "Write the lexicon in force to DIR (then: qingfeng scan --lexicon DIR)");
  exp->add_option("--dir", opts->dir, "Directory to write the .txt files into (created if missing)")
      ->required();
  exp->callback([&exit_code, load, &config, opts] {
    if (!load()) return void(exit_code = 2);
    auto env = Environment::open(config, true);
    if (!env) return void(exit_code = fail_with(env.error()));
    auto st = service::LexiconService((*env)->services()).current(service::cli_call_context());
    if (!st) return void(exit_code = fail_with(st.error()));
    std::error_code ec;
    fs::create_directories(opts->dir, ec);
    const auto files = service::to_json(*st)["files"];
    for (const auto& f : files) {
      const fs::path path = fs::path(opts->dir) / f["name"].get<std::string>();
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out << f["content"].get<std::string>();
      out.close();
      if (!out)
        return void(exit_code = fail_with(invalid("dir", "无法写入 " + path.string()).value()));
    }
    std::cout << "已导出 " << files.size() << " 个文件到 " << opts->dir << "（"
              << (st->revision.number ? "第 " + std::to_string(st->revision.number) + " 版"
                                      : std::string("程序内置词库"))
              << "）\n";
    exit_code = 0;
  });

  auto* imp = cmd->add_subcommand(
      "import", "Save DIR/*.txt as a new lexicon revision, in force on every node at once");
  imp->add_option("--dir", opts->dir, "Directory holding the lexicon's .txt files")
      ->required()
      ->check(CLI::ExistingDirectory);
  imp->add_option("--note", opts->note,
                  "Why it changed (recorded with the revision and in the audit)");
  imp->add_flag("--dry-run", opts->dry_run, "Only parse and compile, save nothing");
  imp->callback([&exit_code, load, &config, opts] {
    if (!load()) return void(exit_code = 2);
    auto files = read_dir(opts->dir);
    if (!files) return void(exit_code = fail_with(files.error()));
    auto env = Environment::open(config, true);
    if (!env) return void(exit_code = fail_with(env.error()));
    service::LexiconService svc((*env)->services());
    auto now = svc.current(service::cli_call_context());
    if (!now) return void(exit_code = fail_with(now.error()));
    service::LexiconEdit edit;
    edit.files = std::move(*files);
    edit.note = opts->note;
    edit.dry_run = opts->dry_run;
    edit.base_revision = now->revision.number;
    auto saved = svc.save(service::cli_call_context(), edit);
    if (!saved) return void(exit_code = fail_with(saved.error()));
    if (opts->dry_run) std::cout << "检查通过（试运行，未保存）：";
    print_state(*saved);
    exit_code = 0;
  });
}

}  // namespace qf::cli
