#include "cli/scan_command.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

#include "cli/environment.h"
#include "scan/lexicon.h"
#include "scan/lexicon_matcher.h"
#include "scan/listing_scanner.h"

namespace qf::cli {
namespace {

using json = nlohmann::ordered_json;
using namespace qf::scan;

int report_error(const Error& e) {
  print_error(e);
  return e.code == ErrorCode::kInvalidInput ? 2 : 1;
}

// The scan layer does no I/O: the CLI reads the files and hands them over.
Result<Lexicon> load_lexicon(const std::string& dir) {
  if (dir.empty()) return Lexicon::builtin();
  std::vector<std::filesystem::path> paths;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    if (e.path().extension() == ".txt") paths.push_back(e.path());
  if (ec) return invalid("lexicon", "无法读取词库目录 " + dir + ": " + ec.message());
  std::sort(paths.begin(), paths.end());
  std::vector<LexiconFile> files;
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return invalid("lexicon", "无法读取文件: " + p.string());
    std::ostringstream s;
    s << in.rdbuf();
    files.push_back({p.string(), s.str()});
  }
  return Lexicon::parse(files);
}

Result<std::shared_ptr<const CompiledLexicon>> compile_lexicon(const std::string& dir) {
  auto lexicon = load_lexicon(dir);
  if (!lexicon) return tl::unexpected(lexicon.error());
  return CompiledLexicon::compile(std::move(*lexicon));
}

json verdict_json(std::size_t id, std::string_view text, const ScanVerdict& v) {
  json hits = json::array();
  for (const auto& h : v.hits) {
    json j = {{"term", h.term},        {"category", category_name(h.category)},
              {"field", "text"},       {"start", h.original.begin},
              {"end", h.original.end}, {"via", via_name(h.via)},
              {"weight", h.weight},    {"counted", h.counted}};
    if (h.suppressed_by) j["suppressed_by"] = v.hits[*h.suppressed_by].term;
    if (!h.species.empty() && h.category != TermCategory::kExclusion) j["species"] = h.species;
    j["source"] = h.source;
    hits.push_back(std::move(j));
  }
  json contacts = json::array();
  for (ByteSpan c : v.contacts)
    contacts.push_back(std::string(text.substr(c.begin, c.end - c.begin)));
  json out = {{"id", id},
              {"risk", risk_name(v.risk)},
              {"category", verdict_name(v.category)},
              {"score", v.score},
              {"hits", std::move(hits)},
              {"species", v.species},
              {"contacts", std::move(contacts)},
              {"reasons", v.reasons}};
  if (!v.invalid_utf8.empty()) {
    json bad = json::array();
    for (ByteSpan b : v.invalid_utf8) bad.push_back({b.begin, b.end});
    out["invalid_utf8"] = std::move(bad);
  }
  out["lexicon"] = v.lexicon_version;
  return out;
}

struct TextOptions {
  std::string input = "-";
  std::string lexicon;
  unsigned threads = 1;
};

int scan_text(const TextOptions& opts) {
  auto compiled = compile_lexicon(opts.lexicon);
  if (!compiled) return report_error(compiled.error());
  LexiconMatcher matcher(*compiled);

  std::ifstream file;
  std::istream* in = &std::cin;
  if (opts.input != "-") {
    file.open(opts.input, std::ios::binary);
    if (!file)
      return report_error(Error{ErrorCode::kInvalidInput, "无法读取文件: " + opts.input, {}, 0});
    in = &file;
  }
  const unsigned threads = std::max(1u, opts.threads);
  std::vector<ListingScanner> scanners;
  scanners.reserve(threads);
  for (unsigned t = 0; t < threads; ++t) scanners.emplace_back(matcher);

  // Bounded memory: a batch of lines at a time, scanned by `threads`
  // threads (one scanner each), written in input order.
  constexpr std::size_t kBatch = 4096;
  std::vector<std::string> lines, out(kBatch);
  std::vector<Error> errors(kBatch);
  std::size_t next_id = 1, total = 0, bytes = 0, with_invalid = 0;
  std::size_t by_risk[4] = {};
  const auto started = std::chrono::steady_clock::now();
  bool eof = false;
  while (!eof) {
    lines.clear();
    std::string line;
    while (lines.size() < kBatch) {
      if (!std::getline(*in, line)) {
        eof = true;
        break;
      }
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines.push_back(std::move(line));
    }
    std::vector<Risk> risks(lines.size());
    std::vector<char> invalid_seen(lines.size(), 0);
    std::vector<char> failed(lines.size(), 0);
    auto work = [&](unsigned t) {
      for (std::size_t i = t; i < lines.size(); i += threads) {
        auto v = scanners[t].scan(lines[i]);
        if (!v) {
          failed[i] = 1;
          errors[i] = v.error();
          continue;
        }
        risks[i] = v->risk;
        invalid_seen[i] = !v->invalid_utf8.empty();
        out[i] = verdict_json(next_id + i, lines[i], *v)
                     .dump(-1, ' ', false, json::error_handler_t::replace);
      }
    };
    if (threads == 1 || lines.size() < 64) {
      for (unsigned t = 0; t < threads; ++t) work(t);
    } else {
      std::vector<std::jthread> pool;
      for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work, t);
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (failed[i]) return report_error(errors[i]);
      std::cout << out[i] << '\n';
      ++by_risk[static_cast<int>(risks[i])];
      with_invalid += invalid_seen[i];
      bytes += lines[i].size() + 1;
    }
    next_id += lines.size();
    total += lines.size();
  }
  std::cout.flush();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cerr << "已扫描 " << total << " 条（" << bytes << " 字节，" << seconds << " 秒）：high "
            << by_risk[3] << "，medium " << by_risk[2] << "，low " << by_risk[1] << "，none "
            << by_risk[0] << "；含无效 UTF-8 " << with_invalid << " 条；词库 "
            << (*compiled)->lexicon().version() << "\n";
  return 0;
}

int export_terms(const std::string& lexicon_dir) {
  auto lexicon = load_lexicon(lexicon_dir);
  if (!lexicon) return report_error(lexicon.error());
  std::vector<std::string> terms;
  for (const auto& t : lexicon->terms())
    if (!t.is_regex && t.category != TermCategory::kExclusion) terms.push_back(t.normalized);
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  for (const auto& t : terms) std::cout << t << '\n';
  return 0;
}

}  // namespace

void add_scan_command(CLI::App& app, int& exit_code) {
  auto* scan = app.add_subcommand(
      "scan",
      "Online-listing scanner: wildlife products, banned tools and marketing (JSON lines out)");
  scan->require_subcommand(1);

  auto opts = std::make_shared<TextOptions>();
  auto* text =
      scan->add_subcommand("text", "Scan listings, one per line, from FILE or standard input");
  text->add_option("input", opts->input,
                   "File of listings, one per line; - for standard input (default)");
  text->add_option("--lexicon", opts->lexicon,
                   "Lexicon directory of *.txt files (default: compiled-in)");
  text->add_option("--threads", opts->threads, "Scanning threads (default 1)")
      ->check(CLI::Range(1u, 256u));
  text->callback([opts, &exit_code] { exit_code = scan_text(*opts); });

  auto terms_dir = std::make_shared<std::string>();
  auto* terms =
      scan->add_subcommand("terms", "Print the lexicon's literal terms, normalised, one per line");
  terms->add_option("--lexicon", *terms_dir,
                    "Lexicon directory of *.txt files (default: compiled-in)");
  terms->callback([terms_dir, &exit_code] { exit_code = export_terms(*terms_dir); });
}

}  // namespace qf::cli
