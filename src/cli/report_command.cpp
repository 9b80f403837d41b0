#include "cli/report_command.h"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <memory>

#include "cli/environment.h"
#include "report/stats_export.h"
#include "service/statistics_service.h"

namespace qf::cli {
namespace {

struct StatsOptions {
  std::string from, to, department, format = "json", output;
};

int fail_with(const Error& e) {
  print_error(e);
  return e.code == ErrorCode::kInvalidInput ? 2 : 1;
}

Status write_file(const std::string& path, const std::string& body) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << body;
  out.close();
  if (!out) return invalid("output", "无法写入文件 " + path);
  return {};
}

}  // namespace

void add_report_command(CLI::App& app, int& exit_code, std::function<bool()> load,
                        const Config& config) {
  auto* report_cmd = app.add_subcommand("report", "Reports from the records (战果 statistics)");
  report_cmd->require_subcommand(1);
  auto opts = std::make_shared<StatsOptions>();
  auto* stats = report_cmd->add_subcommand(
      "stats", "战果 figures of a period [from, to) per department: JSON, CSV or Excel");
  stats->add_option("--from", opts->from, "First day, YYYY-MM-DD (China Standard Time)")
      ->required();
  stats->add_option("--to", opts->to, "Day after the last, YYYY-MM-DD (exclusive)")->required();
  stats->add_option("--department", opts->department, "Department code (LC, NY, GA …)");
  stats->add_option("--format", opts->format, "json (default) | csv | xlsx")
      ->check(CLI::IsMember({"json", "csv", "xlsx"}));
  stats->add_option("--output", opts->output, "File to write (json/csv default: stdout)");
  stats->callback([&exit_code, load, &config, opts] {
    if (!load()) return void(exit_code = 2);
    service::StatisticsRequest request;
    auto from = service::parse_stats_time(opts->from, "from");
    if (!from) return void(exit_code = fail_with(from.error()));
    auto to = service::parse_stats_time(opts->to, "to");
    if (!to) return void(exit_code = fail_with(to.error()));
    request.from = *from;
    request.to = *to;
    request.department_code = opts->department;
    auto env = Environment::open(config, true);
    if (!env) return void(exit_code = fail_with(env.error()));
    auto result = service::StatisticsService((*env)->services())
                      .compute(service::cli_call_context(), request);
    if (!result) return void(exit_code = fail_with(result.error()));

    if (opts->format == "xlsx") {
      std::string path = opts->output;
      if (path.empty()) path = "战果统计-" + opts->from + "-" + opts->to + ".xlsx";
      if (auto ok = report::write_stats_xlsx(*result, path); !ok)
        return void(exit_code = fail_with(ok.error()));
      std::cout << "已写入 " << path << "\n";
      return;
    }
    const std::string body = opts->format == "csv" ? report::stats_to_csv(*result)
                                                   : service::to_json(*result).dump(2) + "\n";
    if (opts->output.empty()) {
      std::cout << body;
      return;
    }
    if (auto ok = write_file(opts->output, body); !ok)
      return void(exit_code = fail_with(ok.error()));
    std::cout << "已写入 " << opts->output << "\n";
  });
}

}  // namespace qf::cli
