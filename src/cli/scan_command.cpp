#include "cli/scan_command.h"

#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>
#include <utility>

#include "cli/environment.h"
#include "cli/json_text.h"
#include "cli/listing_pipeline.h"
#include "cli/model_command.h"
#include "cli/scan_input.h"
#include "scan/lexicon.h"
#include "scan/lexicon_matcher.h"
#include "scan/listing_classifier.h"
#include "scan/listing_document.h"
#include "scan/listing_scanner.h"

namespace qf::cli {
namespace {

using json = nlohmann::ordered_json;
using namespace qf::scan;
using namespace qf::cli::scanning;
using namespace std::string_view_literals;

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

struct TextOptions {
  std::string input = "-";
  std::string lexicon;
  unsigned threads = 1;
};

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

// ---- listings: JSON Lines / CSV in, one JSON line per listing out ----------

// ---- a small JSON writer for the verdict lines ------------------------------
// `qingfeng scan` writes one line per listing at hundreds of MB/s of input;
// building an nlohmann tree per verdict and dumping it cost more than the
// scan itself, so the verdict line is written directly.

// `s` as a JSON string: escapes, and invalid UTF-8 replaced by U+FFFD (CSV
// input is not validated before the scanner, which reports such bytes).
void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  const auto* b = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0, run = 0;  // bytes [run, i) are copied as they are
  auto flush = [&] { out.append(s.data() + run, i - run); };
  while (i < n) {
    i = json_text::skip_plain(b, i, n);
    if (i >= n) break;
    const unsigned char c = b[i];
    if (c < 0x80) {
      if (c >= 0x20 && c != '"' && c != '\\') {
        ++i;
        continue;
      }
      flush();
      switch (c) {
        case '"':
          out += "\\\""sv;
          break;
        case '\\':
          out += "\\\\"sv;
          break;
        case '\n':
          out += "\\n"sv;
          break;
        case '\r':
          out += "\\r"sv;
          break;
        case '\t':
          out += "\\t"sv;
          break;
        default:
          out += "\\u00"sv;
          out += kHex[c >> 4];
          out += kHex[c & 15];
      }
      run = ++i;
      continue;
    }
    // A well-formed multi-byte sequence (no overlongs, surrogates or > U+10FFFF).
    std::size_t len = 0;
    if (c >= 0xC2 && c <= 0xDF)
      len = 2;
    else if (c >= 0xE0 && c <= 0xEF)
      len = 3;
    else if (c >= 0xF0 && c <= 0xF4)
      len = 4;
    bool ok = len > 0 && i + len <= n;
    for (std::size_t k = 1; ok && k < len; ++k) ok = (b[i + k] & 0xC0) == 0x80;
    if (ok && len == 3) {
      if (c == 0xE0 && b[i + 1] < 0xA0) ok = false;
      if (c == 0xED && b[i + 1] >= 0xA0) ok = false;
    }
    if (ok && len == 4) {
      if (c == 0xF0 && b[i + 1] < 0x90) ok = false;
      if (c == 0xF4 && b[i + 1] >= 0x90) ok = false;
    }
    if (ok) {
      i += len;
    } else {
      flush();
      out += "\xEF\xBF\xBD"sv;
      run = ++i;
    }
  }
  flush();
  out += '"';
}

void append_number(std::string& out, double d) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  std::string_view text(buf, static_cast<std::size_t>(end - buf));
  out += text;
  if (text.find_first_of(".e") == std::string_view::npos) out += ".0"sv;
}

void append_number(std::string& out, std::uint64_t n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, static_cast<std::size_t>(end - buf));
}

// The id as nlohmann writes it; plain ids (numbers, printable ASCII
// strings) without building a string first.
void append_id(std::string& out, const json& id) {
  if (id.is_number_unsigned()) return append_number(out, id.get<std::uint64_t>());
  if (id.is_string()) {
    const auto& s = id.get_ref<const std::string&>();
    if (std::all_of(s.begin(), s.end(),
                    [](char c) { return c >= 0x20 && c < 0x7F && c != '"' && c != '\\'; })) {
      out += '"';
      out += s;
      out += '"';
      return;
    }
  }
  out += id.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Verdicts written to a file (or /dev/null) go out a megabyte a write;
// stdio's default is one write per 4 KiB, a tenth of `qingfeng scan`'s
// system time. A pipe or terminal keeps it: whoever reads a live stream
// sees each batch's lines as they come. Once per process, before the
// first verdict (setvbuf must come before any output on the stream).
void buffer_file_output() {
  static bool done = false;
  if (std::exchange(done, true)) return;
  struct stat st {};
  if (::fstat(STDOUT_FILENO, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISCHR(st.st_mode)) ||
      ::isatty(STDOUT_FILENO))
    return;
  static char buffer[1 << 20];  // never freed: stdio flushes it at exit
  std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
}

bool is_empty_verdict(const ScanVerdict& v) {
  return v.risk == Risk::kNone && v.category == VerdictCategory::kNone && v.score == 0 &&
         v.hits.empty() && v.species.empty() && v.contacts.empty() && v.reasons.empty() &&
         v.invalid_utf8.empty();
}

// Everything after the id. Enum names (risk, categories, via) are plain
// ASCII words and go out without the escaping check.
void append_listing_rest(std::string& out, const ListingDocument& d, const ScanVerdict& v) {
  auto name = [&](std::string_view plain) {
    out += plain;
    out += '"';
  };
  out += ",\"risk\":\""sv;
  name(risk_name(v.risk));
  out += ",\"category\":\""sv;
  name(verdict_name(v.category));
  out += ",\"score\":"sv;
  append_number(out, v.score);
  out += ",\"hits\":["sv;
  for (std::size_t i = 0; i < v.hits.size(); ++i) {
    const auto& h = v.hits[i];
    const FieldSpan f = field_span(d, h.original);
    out += i ? ",{\"term\":"sv : "{\"term\":"sv;
    append_json_string(out, h.term);
    out += ",\"category\":\""sv;
    name(category_name(h.category));
    out += f.in_title ? ",\"field\":\"title\",\"start\":"sv : ",\"field\":\"text\",\"start\":"sv;
    append_number(out, std::uint64_t{f.begin});
    out += ",\"end\":"sv;
    append_number(out, std::uint64_t{f.end});
    out += ",\"via\":\""sv;
    name(via_name(h.via));
    out += ",\"weight\":"sv;
    append_number(out, h.weight);
    out += h.counted ? ",\"counted\":true"sv : ",\"counted\":false"sv;
    if (f.crosses_fields) out += ",\"crosses_fields\":true"sv;
    if (h.suppressed_by) {
      out += ",\"suppressed_by\":"sv;
      append_json_string(out, v.hits[*h.suppressed_by].term);
    }
    if (!h.species.empty() && h.category != TermCategory::kExclusion) {
      out += ",\"species\":"sv;
      append_json_string(out, h.species);
    }
    out += ",\"source\":"sv;
    append_json_string(out, h.source);
    out += '}';
  }
  out += "],\"species\":["sv;
  for (std::size_t i = 0; i < v.species.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, v.species[i]);
  }
  out += "],\"contacts\":["sv;
  for (std::size_t i = 0; i < v.contacts.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, field_text(d, field_span(d, v.contacts[i])));
  }
  out += "],\"reasons\":["sv;
  for (std::size_t i = 0; i < v.reasons.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, v.reasons[i]);
  }
  out += ']';
  if (!v.invalid_utf8.empty()) {
    out += ",\"invalid_utf8\":["sv;
    for (std::size_t i = 0; i < v.invalid_utf8.size(); ++i) {
      const FieldSpan f = field_span(d, v.invalid_utf8[i]);
      if (i) out += ',';
      out += f.in_title ? "{\"field\":\"title\",\"start\":"sv : "{\"field\":\"text\",\"start\":"sv;
      append_number(out, std::uint64_t{f.begin});
      out += ",\"end\":"sv;
      append_number(out, std::uint64_t{f.end});
      out += '}';
    }
    out += ']';
  }
  out += ",\"lexicon\":"sv;
  append_json_string(out, v.lexicon_version);
  out += '}';
}

// One listing's verdict as a JSON line (no newline), with each hit and
// invalid byte run in its field (title|text) at byte offsets of that field:
// {"id","risk","category","score","hits":[{"term","category","field","start",
// "end","via","weight","counted","crosses_fields"?,"suppressed_by"?,
// "species"?,"source"}],"species","contacts","reasons","invalid_utf8"?,"lexicon"}
void append_listing_json(std::string& out, const json& id, const ListingDocument& d,
                         const ScanVerdict& v) {
  out += "{\"id\":"sv;
  append_id(out, id);
  if (is_empty_verdict(v)) {
    // Most listings: the same line after the id, written once per lexicon
    // version and thread.
    thread_local std::string version, rest;
    if (rest.empty() || version != v.lexicon_version) {
      version = v.lexicon_version;
      rest.clear();
      append_listing_rest(rest, d, v);
    }
    out += rest;
    return;
  }
  append_listing_rest(out, d, v);
}

InputFormat format_of(const std::string& path, const std::string& forced) {
  if (forced == "text") return InputFormat::kTextLines;  // `scan text`
  if (forced == "csv") return InputFormat::kCsv;
  if (forced == "jsonl") return InputFormat::kJsonLines;
  const auto ext = std::filesystem::path(path).extension().string();
  return ext == ".csv" || ext == ".CSV" ? InputFormat::kCsv : InputFormat::kJsonLines;
}

std::string where(const std::vector<Source>& sources, const Record& r) {
  const std::string& path = sources[r.source].path;
  return (path == "-" ? std::string("<stdin>") : path) + ":" + std::to_string(r.raw.line);
}

// The error line written in place of a listing's verdict.
json error_json(const std::vector<Source>& sources, const Record& r, const std::string& error) {
  json j = {{"line", r.raw.line}};
  if (sources[r.source].path != "-") j["file"] = sources[r.source].path;
  j["error"] = error;
  return j;
}

std::vector<Source> sources_of(const std::vector<std::string>& files, const std::string& format) {
  std::vector<Source> sources;
  for (const auto& f : files) sources.push_back({f, format_of(f, format)});
  if (sources.empty()) sources.push_back({"-", format_of("-", format)});
  return sources;
}

unsigned default_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

struct ListingOptions {
  std::vector<std::string> files;
  std::string lexicon;
  std::string format;  // jsonl|csv; empty: by extension (.csv), else JSON Lines
  unsigned threads = 0;
  bool export_terms = false;
  std::string model;  // a `qingfeng model train` file: re-score candidates with it
};

struct ScanOut {
  std::size_t begin = 0, end = 0;  // the JSON line (verdict or error) in the batch's text
  std::string error;               // set for a malformed record
  Risk risk = Risk::kNone;
  bool invalid_utf8 = false;  // the verdict reports invalid bytes (CSV and text input)
};

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

int export_terms(const std::string& lexicon_dir);

int scan_listings(const ListingOptions& opts) {
  if (opts.export_terms) return export_terms(opts.lexicon);
  auto compiled = compile_lexicon(opts.lexicon);
  if (!compiled) return report_error(compiled.error());
  LexiconMatcher matcher(*compiled);
  std::shared_ptr<const ListingClassifier> model;  // shared by the workers (const)
  if (!opts.model.empty()) {
    auto loaded = load_model_file(opts.model);
    if (!loaded) return report_error(loaded.error());
    model = std::move(*loaded);
  }
  const unsigned threads = opts.threads ? opts.threads : default_threads();
  const std::vector<Source> sources = sources_of(opts.files, opts.format);
  // One scanner and one set of buffers per worker, reused for every listing.
  struct Workspace {
    explicit Workspace(const LexiconMatcher& m) : scanner(m) {}
    ListingScanner scanner;
    Listing listing;
    ListingDocument document;
    ScanVerdict verdict;  // of candidates: its hits keep their buffers
    ScanVerdict empty;    // of the listings the prefilter skips
  };
  std::vector<std::unique_ptr<Workspace>> spaces;
  for (unsigned t = 0; t < threads; ++t) spaces.push_back(std::make_unique<Workspace>(matcher));

  auto work = [&](unsigned t, const Record& r, ScanOut& o, std::string& text) {
    Workspace& w = *spaces[t];
    o.begin = text.size();
    o.error.clear();
    o.risk = Risk::kNone;
    o.invalid_utf8 = false;
    auto verdict = [&]() -> bool {
      if (!r.error.empty()) {
        o.error = r.error;
        return false;
      }
      if (!parse_listing(r.raw, sources[r.source].format, w.listing, o.error, /*lazy=*/true))
        return false;
      // Most listings: read once, in the prefilter, straight from the line.
      // (A model has nothing to re-score: the empty verdict is no candidate.)
      if (w.listing.raw && !w.scanner.may_contain_anchor(w.listing.raw_title, w.listing.raw_text)) {
        w.scanner.empty_verdict(w.empty);
        append_listing_json(text, w.listing.id, w.document, w.empty);  // no hit: no offsets
        return true;
      }
      // Raw fields (the prefilter has said "maybe") go into the document as
      // they stand; the scan checks their UTF-8 on its way.
      const bool candidate = w.listing.raw;
      assign_listing_document(w.document, candidate ? w.listing.raw_title : w.listing.title,
                              candidate ? w.listing.raw_text : w.listing.text);
      if (auto ok = candidate ? w.scanner.scan_candidate(w.document.text, w.verdict)
                              : w.scanner.scan(w.document.text, w.verdict);
          !ok) {
        o.error = ok.error().message;
        return false;
      }
      if (candidate && !w.verdict.invalid_utf8.empty()) {
        o.error = kNotWellFormed;
        return false;
      }
      std::optional<ModelOpinion> opinion;
      if (model) opinion = rescore(*model, w.document.text, w.verdict);
      o.risk = w.verdict.risk;
      o.invalid_utf8 = !w.verdict.invalid_utf8.empty();
      append_listing_json(text, w.listing.id, w.document, w.verdict);
      if (opinion) text.insert(text.size() - 1, model_json_member(*opinion));
      return true;
    };
    if (!verdict()) text += dump(error_json(sources, r, o.error));
    text += '\n';
    o.end = text.size();
  };

  const bool progress = ::isatty(STDERR_FILENO);
  const auto started = std::chrono::steady_clock::now();
  auto last_progress = started;
  std::size_t listings = 0, errors = 0, bytes = 0, with_invalid = 0;
  std::size_t by_risk[4] = {};
  bool unreadable = false;  // an input file could not be opened
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  auto write = [&](const Record& r, ScanOut& o, std::size_t record_bytes, const std::string& text) {
    std::fwrite(text.data() + o.begin, 1, o.end - o.begin, stdout);
    bytes += record_bytes;
    if (!o.error.empty()) {
      ++errors;
      if (r.raw.line == 0) unreadable = true;
      std::cerr << (progress ? "\r\033[K" : "") << where(sources, r) << ": " << o.error << "\n";
    } else {
      ++listings;
      ++by_risk[static_cast<int>(o.risk)];
      with_invalid += o.invalid_utf8;
    }
    if (progress && (listings + errors) % 1024 == 0) {
      const auto now = std::chrono::steady_clock::now();
      if (now - last_progress > std::chrono::milliseconds(200)) {
        last_progress = now;
        const double s = elapsed(), mb = bytes / 1e6;
        std::cerr << "\r\033[K已扫描 " << listings << " 条，" << std::fixed << std::setprecision(1)
                  << mb << " MB，" << (s > 0 ? mb / s : 0.0) << " MB/s" << std::flush;
      }
    }
  };
  buffer_file_output();
  run_pipeline<ScanOut>(sources, threads, work, write);
  std::fflush(stdout);
  const double seconds = elapsed(), mb = bytes / 1e6;
  if (progress) std::cerr << "\r\033[K";
  std::cerr << std::fixed << std::setprecision(2) << "已扫描 " << listings << " 条（" << mb
            << " MB，" << seconds << " 秒，" << (seconds > 0 ? mb / seconds : 0.0) << " MB/s，"
            << threads << " 线程）：high " << by_risk[3] << "，medium " << by_risk[2] << "，low "
            << by_risk[1] << "，none " << by_risk[0] << "；格式错误 " << errors << " 行；";
  if (with_invalid) std::cerr << "含无效 UTF-8 " << with_invalid << " 条；";
  std::cerr << "词库 " << (*compiled)->lexicon().version() << "\n";
  return unreadable ? 2 : 0;
}

// `scan text`: one listing's text per line, through the same pipeline and
// verdict writer as `qingfeng scan` (ids are line numbers; every hit is in
// the "text" field).
int scan_text(const TextOptions& opts) {
  ListingOptions listing;
  listing.files = {opts.input};
  listing.lexicon = opts.lexicon;
  listing.format = "text";
  listing.threads = std::max(1u, opts.threads);
  return scan_listings(listing);
}

// ---- scan-eval --------------------------------------------------------------

struct EvalOptions {
  std::string file;
  std::string lexicon;
  std::string format;
  unsigned threads = 0;
  bool as_json = false;
  bool show_misses = false;
  std::string model;  // re-score candidates with this model file
  // Only the listings `model train` holds out (scan::held_out): measures a
  // model trained on this same file on examples it never saw.
  bool holdout_only = false;
};

struct EvalOut {
  bool skipped = false;  // not held out (--holdout-only)
  std::string error;
  int label = 0, prediction = 0;
  json id;
  std::string title;
  Risk risk = Risk::kNone;
  VerdictCategory category = VerdictCategory::kNone;
  double score = 0;
  std::vector<std::string> reasons;
};

json measures_json(const Measures& m) {
  auto round3 = [](double x) { return std::round(x * 1000) / 1000; };
  return {{"precision", round3(m.precision())},
          {"recall", round3(m.recall())},
          {"f1", round3(m.f1())},
          {"tp", m.tp},
          {"fp", m.fp},
          {"fn", m.fn}};
}

int scan_eval(const EvalOptions& opts) {
  auto compiled = compile_lexicon(opts.lexicon);
  if (!compiled) return report_error(compiled.error());
  LexiconMatcher matcher(*compiled);
  std::shared_ptr<const ListingClassifier> model;
  if (!opts.model.empty()) {
    auto loaded = load_model_file(opts.model);
    if (!loaded) return report_error(loaded.error());
    model = std::move(*loaded);
  }
  const unsigned threads = opts.threads ? opts.threads : default_threads();
  const std::vector<Source> sources = sources_of({opts.file}, opts.format);
  std::vector<std::unique_ptr<ListingScanner>> scanners;
  for (unsigned t = 0; t < threads; ++t)
    scanners.push_back(std::make_unique<ListingScanner>(matcher));

  auto evaluate = [&](unsigned t, const Record& r) {
    EvalOut o;
    if (!r.error.empty()) {
      o.error = r.error;
      return o;
    }
    ParsedListing p = parse_listing(r.raw, sources[r.source].format);
    if (!p.listing) {
      o.error = p.error;
      return o;
    }
    auto label = parse_label(p.listing->label);
    if (!label) {
      o.error =
          "label 须为 wildlife、tool、marketing 或 benign，而不是「" + p.listing->label + "」";
      return o;
    }
    const ListingDocument d = listing_document(p.listing->title, p.listing->text);
    auto v = scanners[t]->scan(d.text);
    if (!v) {
      o.error = v.error().message;
      return o;
    }
    if (opts.holdout_only && !held_out_document(d.text)) {
      o.skipped = true;
      return o;
    }
    if (model) rescore(*model, d.text, *v);
    o.label = *label;
    o.prediction = predicted(*v);
    o.id = p.listing->id;
    o.title = p.listing->title.empty() ? p.listing->text.substr(0, 60) : p.listing->title;
    o.risk = v->risk;
    o.category = v->category;
    o.score = v->score;
    if (opts.show_misses && o.label != o.prediction) o.reasons = v->reasons;
    return o;
  };

  auto work = [&](unsigned t, const Record& r, EvalOut& o, std::string&) { o = evaluate(t, r); };

  EvalTally tally;
  std::size_t errors = 0;
  bool unreadable = false;
  json misses = json::array();
  auto write = [&](const Record& r, EvalOut& o, std::size_t, const std::string&) {
    if (o.skipped) return;
    if (!o.error.empty()) {
      ++errors;
      if (r.raw.line == 0) unreadable = true;
      std::cerr << where(sources, r) << ": " << o.error << "\n";
      return;
    }
    tally.add(o.label, o.prediction);
    if (opts.show_misses && o.label != o.prediction)
      misses.push_back({{"id", o.id},
                        {"label", kLabels[o.label]},
                        {"predicted", o.prediction ? kLabels[o.prediction] : "none"},
                        {"risk", risk_name(o.risk)},
                        {"category", verdict_name(o.category)},
                        {"score", o.score},
                        {"title", o.title},
                        {"reasons", o.reasons}});
  };
  run_pipeline<EvalOut>(sources, threads, work, write);
  if (unreadable) return 2;

  constexpr std::array<std::string_view, 4> kPredicted = {"none", "wildlife", "tool", "marketing"};
  if (opts.as_json) {
    json j = {{"listings", tally.total()},
              {"errors", errors},
              {"lexicon", (*compiled)->lexicon().version()},
              {"overall", measures_json(tally.overall())}};
    json cats = json::object();
    for (int c = 1; c < 4; ++c) cats[std::string(kLabels[c])] = measures_json(tally.category(c));
    j["categories"] = std::move(cats);
    json confusion = json::object();
    for (int l : {1, 2, 3, 0}) {
      json row = json::object();
      for (int p : {1, 2, 3, 0}) row[std::string(kPredicted[p])] = tally.confusion[l][p];
      confusion[std::string(kLabels[l])] = std::move(row);
    }
    j["confusion"] = std::move(confusion);
    if (opts.show_misses) j["misses"] = std::move(misses);
    if (model) j["model"] = model->version();
    std::cout << dump(j) << "\n";
    return 0;
  }
  std::ostringstream out;
  out << "scan-eval: " << tally.total() << " 条已标注（格式错误 " << errors << " 行）；词库 "
      << (*compiled)->lexicon().version() << "\n"
      << "flagged = risk high 或 medium\n";
  if (model) out << "模型 " << model->version() << " 复核规则的候选（scan/listing_classifier.h）\n";
  if (opts.holdout_only) out << "仅 model train 留出的 1/5 样本\n";
  out << "\n";
  out << std::left << std::setw(12) << "" << std::right << std::setw(10) << "precision"
      << std::setw(8) << "recall" << std::setw(8) << "F1" << std::setw(6) << "TP" << std::setw(6)
      << "FP" << std::setw(6) << "FN"
      << "\n";
  auto row = [&](std::string_view name, const Measures& m) {
    out << std::left << std::setw(12) << name << std::right << std::fixed << std::setprecision(3)
        << std::setw(10) << m.precision() << std::setw(8) << m.recall() << std::setw(8) << m.f1()
        << std::setw(6) << m.tp << std::setw(6) << m.fp << std::setw(6) << m.fn << "\n";
  };
  row("overall", tally.overall());
  for (int c = 1; c < 4; ++c) row(kLabels[c], tally.category(c));
  out << "\nconfusion (rows: label, columns: predicted)\n"
      << std::left << std::setw(12) << "label" << std::right;
  for (int p : {1, 2, 3, 0}) out << std::setw(11) << kPredicted[p];
  out << "\n";
  for (int l : {1, 2, 3, 0}) {
    out << std::left << std::setw(12) << kLabels[l] << std::right;
    for (int p : {1, 2, 3, 0}) out << std::setw(11) << tally.confusion[l][p];
    out << "\n";
  }
  if (opts.show_misses) {
    out << "\nmisclassified:\n";
    for (const auto& m : misses) out << dump(m) << "\n";
  }
  std::cout << out.str();
  return 0;
}

}  // namespace

void add_scan_command(CLI::App& app, int& exit_code) {
  auto* scan = app.add_subcommand(
      "scan",
      "Online-listing scanner: wildlife products, banned tools and marketing. Without a "
      "subcommand: scan listings (JSON Lines or CSV) from FILEs or standard input, one JSON "
      "line out per listing");
  scan->require_subcommand(0, 1);
  auto listing_opts = std::make_shared<ListingOptions>();
  scan->add_option("files", listing_opts->files,
                   "Listing files (JSON Lines; .csv files as CSV); - or none: standard input");
  scan->add_option("--threads", listing_opts->threads,
                   "Scanning threads (default: all hardware threads)")
      ->check(CLI::Range(1u, 256u));
  scan->add_option("--lexicon", listing_opts->lexicon,
                   "Lexicon directory of *.txt files (default: compiled-in)");
  scan->add_option("--format", listing_opts->format,
                   "Input format: jsonl or csv (default: csv for *.csv, else jsonl)")
      ->check(CLI::IsMember({"jsonl", "csv"}));
  scan->add_option("--model", listing_opts->model,
                   "Re-score the rules' candidates with this model (qingfeng model train --out)");
  scan->add_flag("--export-terms", listing_opts->export_terms,
                 "Print the lexicon's literal terms, normalised, one per line (as `scan terms`)");

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

  scan->callback([scan, listing_opts, &exit_code] {
    if (!scan->get_subcommands().empty()) return;  // text / terms ran
    exit_code = scan_listings(*listing_opts);
  });

  auto eval_opts = std::make_shared<EvalOptions>();
  auto* eval = app.add_subcommand(
      "scan-eval",
      "Measure the scanner on labelled listings (label: wildlife|tool|marketing|benign): "
      "precision, recall and F1 of flagged (risk high or medium), overall and per category, "
      "and the confusion table");
  eval->add_option("labels", eval_opts->file, "Labelled listings (JSON Lines, or CSV)")->required();
  eval->add_option("--threads", eval_opts->threads,
                   "Scanning threads (default: all hardware threads)")
      ->check(CLI::Range(1u, 256u));
  eval->add_option("--lexicon", eval_opts->lexicon,
                   "Lexicon directory of *.txt files (default: compiled-in)");
  eval->add_option("--format", eval_opts->format, "Input format: jsonl or csv")
      ->check(CLI::IsMember({"jsonl", "csv"}));
  eval->add_flag("--json", eval_opts->as_json, "One JSON object instead of the table");
  eval->add_option("--model", eval_opts->model,
                   "Re-score the rules' candidates with this model (qingfeng model train --out)");
  eval->add_flag("--holdout-only", eval_opts->holdout_only,
                 "Only the fifth of the listings that `model train` holds out of training");
  eval->add_flag("--misses", eval_opts->show_misses,
                 "Also list every listing whose prediction differs from its label");
  eval->callback([eval_opts, &exit_code] { exit_code = scan_eval(*eval_opts); });
}

}  // namespace qf::cli
