#include "cli/report_command.h"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <memory>

#include "cli/environment.h"
#include "report/evaluation_export.h"
#include "report/joint_report.h"
#include "report/stats_export.h"
#include "service/evaluation_service.h"
#include "service/joint_report_service.h"
#include "service/statistics_service.h"

namespace qf::cli {
namespace {

struct JointActionOptions {
  std::string from, to, format = "docx", output;
  std::vector<std::int64_t> cases;
  std::int64_t report_id = 0;
  bool press_release = false;
};

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
  auto* report_cmd = app.add_subcommand(
      "report", "Reports from the records (战果 statistics, department evaluation)");
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

  // `report evaluation`: the department evaluation (督导考核) of a period
  // with the current indicators, computed (not stored) as the console
  // operator; the API's POST /evaluation/runs stores a frozen run.
  auto eval_opts = std::make_shared<StatsOptions>();
  auto* evaluation = report_cmd->add_subcommand(
      "evaluation", "Department evaluation (督导考核) of a period [from, to): JSON, CSV or Excel");
  evaluation->add_option("--from", eval_opts->from, "First day, YYYY-MM-DD (China Standard Time)")
      ->required();
  evaluation->add_option("--to", eval_opts->to, "Day after the last, YYYY-MM-DD (exclusive)")
      ->required();
  evaluation->add_option("--format", eval_opts->format, "json (default) | csv | xlsx")
      ->check(CLI::IsMember({"json", "csv", "xlsx"}));
  evaluation->add_option("--output", eval_opts->output, "File to write (json/csv default: stdout)");
  evaluation->callback([&exit_code, load, &config, eval_opts] {
    if (!load()) return void(exit_code = 2);
    auto from = service::parse_stats_time(eval_opts->from, "from");
    if (!from) return void(exit_code = fail_with(from.error()));
    auto to = service::parse_stats_time(eval_opts->to, "to");
    if (!to) return void(exit_code = fail_with(to.error()));
    auto env = Environment::open(config, true);
    if (!env) return void(exit_code = fail_with(env.error()));
    auto result = service::EvaluationService((*env)->services())
                      .compute(service::cli_call_context(), *from, *to, "清风行动部门考核评价");
    if (!result) return void(exit_code = fail_with(result.error()));
    if (eval_opts->format == "xlsx") {
      std::string path = eval_opts->output;
      if (path.empty()) path = "考核评价-" + eval_opts->from + "-" + eval_opts->to + ".xlsx";
      if (auto ok = report::write_evaluation_xlsx(*result, path); !ok)
        return void(exit_code = fail_with(ok.error()));
      std::cout << "已写入 " << path << "\n";
      return;
    }
    const std::string body = eval_opts->format == "csv" ? report::evaluation_to_csv(*result)
                                                        : service::to_json(*result).dump(2) + "\n";
    if (eval_opts->output.empty()) {
      std::cout << body;
      return;
    }
    if (auto ok = write_file(eval_opts->output, body); !ok)
      return void(exit_code = fail_with(ok.error()));
    std::cout << "已写入 " << eval_opts->output << "\n";
  });

  // `report joint-action`: the joint-action report (联合行动报告) of a period
  // from the live records, with typical cases by id, as Word or PDF — the
  // same document as GET /api/v1/joint-reports/{id}.docx without a stored
  // draft (prose sections empty: write them in the web UI), or a stored
  // draft with --report ID.
  auto joint = std::make_shared<JointActionOptions>();
  auto* joint_cmd = report_cmd->add_subcommand(
      "joint-action", "Joint-action report (联合行动报告) of a period [from, to): docx or pdf");
  joint_cmd->add_option("--from", joint->from, "First day, YYYY-MM-DD (China Standard Time)");
  joint_cmd->add_option("--to", joint->to, "Day after the last, YYYY-MM-DD (exclusive)");
  joint_cmd->add_option("--cases", joint->cases, "Typical cases: case ids, comma-separated")
      ->delimiter(',');
  joint_cmd->add_option("--report", joint->report_id,
                        "A stored draft's id (instead of --from/--to)");
  joint_cmd->add_option("--format", joint->format, "docx (default) | pdf")
      ->check(CLI::IsMember({"docx", "pdf"}));
  joint_cmd->add_flag("--press-release", joint->press_release,
                      "The press release (新闻稿) instead");
  joint_cmd->add_option("--output", joint->output, "File to write")->required();
  joint_cmd->callback([&exit_code, load, &config, joint] {
    if (!load()) return void(exit_code = 2);
    auto env = Environment::open(config, true);
    if (!env) return void(exit_code = fail_with(env.error()));
    auto& ctx = (*env)->services();
    const auto call = service::cli_call_context();
    store::JointReport draft;
    if (joint->report_id > 0) {
      auto stored = service::JointReportService(ctx).get(call, joint->report_id);
      if (!stored) return void(exit_code = fail_with(stored.error()));
      draft = *stored;
    } else {
      if (joint->from.empty() || joint->to.empty())
        return void(exit_code =
                        fail_with(invalid("from", "请给出 --from 和 --to，或 --report").value()));
      auto from = service::parse_stats_time(joint->from, "from");
      if (!from) return void(exit_code = fail_with(from.error()));
      auto to = service::parse_stats_time(joint->to, "to");
      if (!to) return void(exit_code = fail_with(to.error()));
      if (*to <= *from)
        return void(exit_code = fail_with(invalid("to", "结束日期应晚于开始日期").value()));
      draft.period_from = *from;
      draft.period_to = *to;
      draft.title = service::default_joint_report_title(*from, *to);
      draft.case_ids = joint->cases;
    }
    if (joint->press_release && joint->format == "pdf")
      return void(exit_code = fail_with(invalid("format", "新闻稿只提供 Word 格式").value()));
    auto tpl = report::joint_report_template();
    if (!tpl) return void(exit_code = fail_with(tpl.error()));
    auto content = report::build_joint_report(ctx, call, draft, !joint->press_release);
    if (!content) return void(exit_code = fail_with(content.error()));
    auto docx = joint->press_release ? report::press_release_docx(*content, *tpl)
                                     : report::joint_report_docx(*content, *tpl);
    if (!docx) return void(exit_code = fail_with(docx.error()));
    std::string body = std::move(*docx);
    if (joint->format == "pdf") {
      auto pdf = report::docx_to_pdf(body);
      if (!pdf) return void(exit_code = fail_with(pdf.error()));
      body = std::move(*pdf);
    }
    if (auto ok = write_file(joint->output, body); !ok)
      return void(exit_code = fail_with(ok.error()));
    std::cout << "已写入 " << joint->output << "\n";
  });
}

}  // namespace qf::cli
