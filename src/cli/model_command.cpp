#include "cli/model_command.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli/environment.h"
#include "cli/scan_input.h"
#include "core/clock.h"
#include "service/listing_model_service.h"

namespace qf::cli {
namespace {

namespace fs = std::filesystem;
using namespace qf::cli::scanning;

struct TrainOptions {
  std::string out, labels, db;
  bool decisions = false, activate = false;
  std::int64_t min_decisions = service::kDefaultMinDecisions;
  scan::TrainingOptions training;
};

int fail_with(const Error& e) {
  print_error(e);
  return e.code == ErrorCode::kInvalidInput ? 2 : 1;
}

// The labelled listings of a scan-eval file as training examples.
Result<std::vector<scan::ClassifierExample>> read_labels(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return invalid("labels", "无法读取文件: " + path);
  const InputFormat format =
      fs::path(path).extension() == ".csv" ? InputFormat::kCsv : InputFormat::kJsonLines;
  RecordReader reader(f, format);
  std::vector<scan::ClassifierExample> out;
  RawRecord r;
  while (reader.next(r)) {
    ParsedListing p = parse_listing(r, format);
    const std::string at = path + ":" + std::to_string(r.line) + ": ";
    if (!p.listing) return invalid("labels", at + p.error);
    auto label = scan::parse_label(p.listing->label);
    if (!label)
      return invalid("labels", at + "label 须为 wildlife、tool、marketing 或 benign，而不是「" +
                                   p.listing->label + "」");
    out.push_back({scan::listing_document(p.listing->title, p.listing->text).text, *label});
  }
  if (!reader.error().empty()) return invalid("labels", path + ": " + reader.error());
  return out;
}

Status write_file(const std::string& path, const std::string& bytes) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) return invalid("out", "无法写入 " + path);
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return invalid("out", "无法写入 " + path + ": " + ec.message());
  return {};
}

void print_training(const scan::ClassifierTraining& t) {
  std::cout << "训练样本 " << t.examples << " 条（训练 " << t.training_examples << "，留出 "
            << t.holdout_examples << "）：";
  for (int l = 0; l < 4; ++l)
    std::cout << (l ? "，" : "") << scan::kLabels[l] << " " << t.examples_by_label[l];
  std::cout << "\n留出的 20% 上（模型单独判断）：准确率 " << std::fixed << std::setprecision(3)
            << t.holdout_accuracy() << "\n"
            << std::left << std::setw(12) << "label" << std::right << std::setw(10) << "precision"
            << std::setw(8) << "recall" << std::setw(8) << "F1" << std::setw(9) << "support"
            << "\n";
  for (int l = 0; l < 4; ++l) {
    const auto& m = t.holdout[l];
    std::cout << std::left << std::setw(12) << scan::kLabels[l] << std::right << std::setw(10)
              << m.precision() << std::setw(8) << m.recall() << std::setw(8) << m.f1()
              << std::setw(9) << (m.tp + m.fn) << "\n";
  }
  std::cout << std::setprecision(2) << "训练用时 " << t.seconds << " 秒；模型 " << t.version << "（"
            << std::setprecision(1) << t.model_bytes.size() / 1048576.0 << " MiB）\n";
  std::cout.unsetf(std::ios::fixed);
}

int train(const TrainOptions& o, const std::function<bool()>& load, Config& config) {
  std::vector<scan::ClassifierExample> labelled;
  if (!o.labels.empty()) {
    auto read = read_labels(o.labels);
    if (!read) return fail_with(read.error());
    labelled = std::move(*read);
  }
  const bool use_decisions = o.labels.empty() || o.decisions;
  if (!use_decisions && !o.activate) {
    // A labelled file alone: no database.
    auto t = scan::ListingClassifier::train(labelled, o.training);
    if (!t) return fail_with(t.error());
    print_training(*t);
    if (auto ok = write_file(o.out, t->model_bytes); !ok) return fail_with(ok.error());
    std::cout << "已写入 " << o.out << "\n";
    return 0;
  }
  if (!load()) return 2;
  if (!o.db.empty()) config.db_url = o.db;
  auto env = Environment::open(config, true);
  if (!env) return fail_with(env.error());
  service::ModelTrainingRequest request;
  request.use_decisions = use_decisions;
  request.min_decisions = o.min_decisions;
  request.examples = std::move(labelled);
  request.store = o.activate;
  request.activate = o.activate;
  request.options = o.training;
  auto report =
      service::ListingModelService((*env)->services()).train(service::cli_call_context(), request);
  if (!report) return fail_with(report.error());
  if (use_decisions)
    std::cout << "审核决定 " << report->decisions << " 条（其中确认但未分类而跳过 "
              << report->skipped_decisions << " 条）\n";
  print_training(report->training);
  if (auto ok = write_file(o.out, report->training.model_bytes); !ok) return fail_with(ok.error());
  std::cout << "已写入 " << o.out << "\n";
  if (report->activated)
    std::cout << "已保存到数据库并启用（第 " << report->model.activation
              << " 次启用）：各节点下一批网络信息起用它复核\n";
  return 0;
}

int list(const std::function<bool()>& load, Config& config, const std::string& db) {
  if (!load()) return 2;
  if (!db.empty()) config.db_url = db;
  auto env = Environment::open(config, true);
  if (!env) return fail_with(env.error());
  service::ListingModelService svc((*env)->services());
  auto page = svc.list(service::cli_call_context(), 50, 0);
  if (!page) return fail_with(page.error());
  if (page->items.empty()) {
    std::cout << "尚无训练好的分类模型（qingfeng model train --activate 训练并启用）\n";
    return 0;
  }
  if (page->active_version.empty())
    std::cout << "当前没有生效中的模型：判定只依据规则（qingfeng model activate VERSION 启用）\n";
  else
    std::cout << "生效中：" << page->active_version
              << "（qingfeng model deactivate 停用，改为只依据规则）\n";
  for (const auto& m : page->items) {
    const auto j = service::to_json(m, m.version == page->active_version);
    const bool active = j["active"].get<bool>();
    std::cout << m.version
              << (active             ? "（生效中）"
                  : m.deactivated_at ? "（已于 " + format_iso8601(m.deactivated_at) + " 停用）"
                                     : std::string())
              << "  " << format_iso8601(m.created_at) << "  " << m.created_by_name << "  "
              << m.source << "  样本 " << m.examples << "（留出 " << m.holdout_examples
              << "）  准确率 " << j["metrics"].value("accuracy", 0.0) << "\n";
    const nlohmann::json labels = j["metrics"].value("labels", nlohmann::json::object());
    for (const auto& [label, mm] : labels.items())
      std::cout << "    " << label << "  P " << mm.value("precision", 0.0) << "  R "
                << mm.value("recall", 0.0) << "  F1 " << mm.value("f1", 0.0) << "  ("
                << mm.value("support", 0) << ")\n";
  }
  return 0;
}

// Opens the database and runs one change of the model in force.
int switch_model(const std::function<bool()>& load, Config& config, const std::string& db,
                 const std::string& version, bool activate) {
  if (!load()) return 2;
  if (!db.empty()) config.db_url = db;
  auto env = Environment::open(config, true);
  if (!env) return fail_with(env.error());
  service::ListingModelService svc((*env)->services());
  const auto call = service::cli_call_context();
  auto m = activate ? svc.activate(call, version) : svc.deactivate(call, version);
  if (!m) return fail_with(m.error());
  if (activate)
    std::cout << "已启用 " << m->version << "（第 " << m->activation
              << " 次启用）：各节点下一批网络信息起用它复核\n";
  else
    std::cout << "已停用 " << m->version
              << "：各节点下一批网络信息起只依据规则判定（qingfeng model activate VERSION "
                 "重新启用）\n";
  return 0;
}

}  // namespace

Result<std::shared_ptr<const scan::ListingClassifier>> load_model_file(const std::string& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) return invalid("model", "无法读取模型文件: " + path);
  if (size > scan::kMaxModelBytes)
    return invalid("model", "模型文件过大（最多 " + std::to_string(scan::kMaxModelBytes >> 20) +
                                " MiB）: " + path);
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return invalid("model", "无法读取模型文件: " + path);
  auto model = scan::ListingClassifier::load(bytes);
  if (!model) {
    const Error& e = model.error();
    return invalid("model", path + ": " + (e.fields.empty() ? e.message : e.fields[0].message));
  }
  return model;
}

std::string model_json_member(const scan::ModelOpinion& o) {
  nlohmann::ordered_json j = {{"label", scan::kLabels[o.label]},
                              {"p", std::round(o.probability * 1000) / 1000},
                              {"version", o.model_version}};
  if (o.changed()) {
    j["risk_before"] = scan::risk_name(o.risk_before);
    j["risk_after"] = scan::risk_name(o.risk_after);
  }
  return ",\"model\":" + j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void add_model_command(CLI::App& app, int& exit_code, std::function<bool()> load, Config& config) {
  auto* cmd = app.add_subcommand(
      "model",
      "The online-listing scanner's fastText re-scorer: train it from reviewers' decisions "
      "or a labelled file, list the stored models, activate or deactivate one");
  cmd->require_subcommand(1);

  auto o = std::make_shared<TrainOptions>();
  auto* tr = cmd->add_subcommand(
      "train",
      "Train a model (characters as tokens, word n-grams) on 80 % of the examples and measure it "
      "on the other 20 %; write it to --out (use with `qingfeng scan --model`)");
  tr->add_option("--out", o->out, "Model file to write")->required();
  tr->add_option("--labels", o->labels,
                 "Labelled listings (scan-eval format: JSON Lines or .csv with a label column); "
                 "alone: no database is used");
  tr->add_flag("--decisions", o->decisions,
               "Also train on the reviewers' decisions in the database (the default without "
               "--labels)");
  tr->add_option("--min-decisions", o->min_decisions,
                 "Refuse while fewer decisions exist (default 200)")
      ->check(CLI::NonNegativeNumber);
  tr->add_flag("--activate", o->activate,
               "Store the model in the database and put it in force on every node");
  tr->add_option("--db", o->db, "Database URL (as the global --db)");
  tr->add_option("--dim", o->training.dim, "Vector dimension (default 16)")
      ->check(CLI::Range(2, 300));
  tr->add_option("--epoch", o->training.epoch, "Training epochs (default 25)")
      ->check(CLI::Range(1, 500));
  tr->add_option("--word-ngrams", o->training.word_ngrams, "Word n-grams (default 3)")
      ->check(CLI::Range(1, 5));
  tr->callback([&exit_code, load, &config, o] { exit_code = train(*o, load, config); });

  auto db = std::make_shared<std::string>();
  auto* ls = cmd->add_subcommand("list", "The stored models with their held-out measures");
  ls->add_option("--db", *db, "Database URL (as the global --db)");
  ls->callback([&exit_code, load, &config, db] { exit_code = list(load, config, *db); });

  auto act = std::make_shared<std::pair<std::string, std::string>>();  // version, db
  auto* on = cmd->add_subcommand(
      "activate", "Put a stored model in force on every node (from its next ingest batch)");
  on->add_option("version", act->first, "The model's version (ft-…, see `model list`)")->required();
  on->add_option("--db", act->second, "Database URL (as the global --db)");
  on->callback([&exit_code, load, &config, act] {
    exit_code = switch_model(load, config, act->second, act->first, true);
  });

  auto off_args = std::make_shared<std::pair<std::string, std::string>>();  // version, db
  auto* off = cmd->add_subcommand(
      "deactivate",
      "Withdraw the model in force: every node scans with the rules alone from its next batch");
  off->add_option("version", off_args->first,
                  "Only if this model is the one in force (default: whichever is)");
  off->add_option("--db", off_args->second, "Database URL (as the global --db)");
  off->callback([&exit_code, load, &config, off_args] {
    exit_code = switch_model(load, config, off_args->second, off_args->first, false);
  });
}

}  // namespace qf::cli
