#include "report/case_import.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "core/access_policy.h"
#include "core/case_vocabulary.h"
#include "core/clock.h"
#include "core/csv_reader.h"
#include "service/audit_writer.h"
#include "service/case_service.h"
#include "service/directory_service.h"
#include "store/crypto.h"

namespace qf::report {
namespace {

constexpr double kMaxQuantity = 1e9;  // as the JSON API

// ---- text helpers -------------------------------------------------------

// Offset of the first byte that is not well-formed UTF-8, or npos.
std::size_t first_invalid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    std::size_t n = lead < 0x80             ? 1
                    : (lead & 0xE0) == 0xC0 ? 2
                    : (lead & 0xF0) == 0xE0 ? 3
                    : (lead & 0xF8) == 0xF0 ? 4
                                            : 0;
    if (n == 0 || i + n > s.size()) return i;
    std::uint32_t cp = n == 1 ? lead : n == 2 ? lead & 0x1F : n == 3 ? lead & 0x0F : lead & 0x07;
    for (std::size_t k = 1; k < n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (c & 0x3F);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      return i;
    i += n;
  }
  return std::string_view::npos;
}

// NUL and other C0 controls have no place in a case and PostgreSQL refuses
// NUL outright; tab and line breaks are ordinary text in a summary.
bool has_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7F;
  });
}

// ---- values -------------------------------------------------------------

// A vocabulary code, or its Chinese label.
std::optional<std::string> term_code(const std::vector<Term>& vocabulary, const std::string& v) {
  for (const auto& t : vocabulary)
    if (t.code == v || t.label == v) return std::string(t.code);
  return std::nullopt;
}

std::string examples(const std::vector<Term>& vocabulary) {
  std::string out;
  for (std::size_t i = 0; i < vocabulary.size() && i < 3; ++i)
    out += (i ? "、" : "") + std::string(vocabulary[i].code) + "（" +
           std::string(vocabulary[i].label) + "）";
  return out + (vocabulary.size() > 3 ? " 等" : "");
}

std::optional<std::int64_t> parse_date(const std::string& v) { return parse_china_date(v); }

std::optional<double> parse_quantity(const std::string& v) {
  double d = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d, std::chars_format::fixed);
  if (ec != std::errc() || end != v.data() + v.size() || !std::isfinite(d)) return std::nullopt;
  return d;
}

// Mainland resident ID numbers (GB 11643-1999): 18 characters, the last a
// check digit (or X); the old 15-digit form has none. Anything with letters
// elsewhere is another document (a passport) and passes; a run of digits of
// another length, or a wrong check digit, is a typo worth catching before
// it becomes a record.
std::optional<std::string> id_number_problem(const std::string& v) {
  const bool digits_only =
      std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
  const bool id18_shape =
      v.size() == 18 &&
      std::all_of(v.begin(), v.end() - 1, [](char c) { return c >= '0' && c <= '9'; }) &&
      ((v.back() >= '0' && v.back() <= '9') || v.back() == 'X' || v.back() == 'x');
  if (id18_shape) {
    static const int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; ++i) sum += (v[i] - '0') * kWeights[i];
    const char expected = "10X98765432"[sum % 11];
    if (std::toupper(static_cast<unsigned char>(v.back())) != expected)
      return "身份证号码校验位不正确，请核对";
    return std::nullopt;
  }
  if (digits_only && v.size() != 15) return "身份证号码位数不正确（应为 18 位或 15 位）";
  if (v.size() > 64) return "证件号码过长（64 字节以内）";
  return std::nullopt;
}

// ---- columns ------------------------------------------------------------

std::string column_label(std::string_view name) {
  for (const auto& c : case_import_columns())
    if (c.name == name) return std::string(c.label);
  return std::string(name);
}

// The service's field names of a NewCase, as import columns.
std::string column_of_field(const std::string& field) {
  static const std::map<std::string, std::string> columns = {
      {"items/0/species", "species"},
      {"items/0/count", "count"},
      {"items/0/weight_kg", "weight_kg"},
      {"items/0/part", "part"},
      {"items/0/origin", "origin"},
      {"parties/0/name", "suspect_name"},
      {"parties/0/id_number", "suspect_id_number"}};
  auto it = columns.find(field);
  return it == columns.end() ? field : it->second;
}

struct Departments {
  std::map<std::string, store::Department> by_code_or_name;
};

struct RowReader {
  const std::vector<std::string>& record;
  const std::map<std::string, std::size_t>& index;  // column name → position
  int row;
  std::vector<ImportProblem>& problems;

  std::string get(const char* name) const {
    auto it = index.find(name);
    if (it == index.end() || it->second >= record.size()) return {};
    return trim_cell(record[it->second]);
  }
  void problem(const char* column, std::string message) const {
    problems.push_back({row, column, std::move(message)});
  }
  // A text column: length and control characters.
  std::string text(const char* name, std::size_t max_bytes) const {
    std::string v = get(name);
    if (v.size() > max_bytes) {
      problem(name, "内容过长（" + std::to_string(max_bytes) + " 字节以内）");
    } else if (has_control(v)) {
      problem(name, "包含不允许的控制字符");
    }
    return v;
  }
  std::string term(const char* name, const std::vector<Term>& vocabulary, const char* what) const {
    std::string v = get(name);
    if (v.empty()) return {};
    auto code = term_code(vocabulary, v);
    if (!code) {
      problem(name, std::string("未知的") + what + "「" + v + "」，应填代码或名称，如 " +
                        examples(vocabulary));
      return {};
    }
    return *code;
  }
  std::optional<double> quantity(const char* name, const char* what) const {
    std::string v = get(name);
    if (v.empty()) return std::nullopt;
    auto d = parse_quantity(v);
    if (!d || *d < 0 || *d > kMaxQuantity) {
      problem(name, std::string(what) + "应为不小于 0 的数字（不带单位），而不是「" + v + "」");
      return std::nullopt;
    }
    return d;
  }
};

// One CSV record → a NewCase, reporting every problem of the row.
service::NewCase read_case(const RowReader& in, const service::CallContext& call,
                           const Departments& departments, std::int64_t today_end_ms) {
  service::NewCase c;
  c.title = in.text("title", 300);
  if (c.title.empty()) in.problem("title", "请填写案件名称");
  if (in.get("offence_type").empty())
    in.problem("offence_type", "请填写违法类型");
  else
    c.offence_type = in.term("offence_type", offence_types(), "违法类型");
  if (in.get("source").empty())
    in.problem("source", "请填写案件来源");
  else
    c.source = in.term("source", case_sources(), "案件来源");
  c.place_type = in.term("place_type", place_types(), "场所类型");
  c.place_text = in.text("place_text", 500);
  c.summary = in.text("summary", 20000);

  if (std::string v = in.get("occurred_at"); !v.empty()) {
    auto at = parse_date(v);
    if (!at) {
      in.problem("occurred_at", "日期「" + v + "」格式不正确，应为 YYYY-MM-DD，如 2023-05-17");
    } else if (*at <= 0) {
      in.problem("occurred_at", "日期不能早于 1970-01-02");
    } else if (*at >= today_end_ms) {
      in.problem("occurred_at", "发生日期不能晚于今天");
    } else {
      c.occurred_at = *at;
    }
  }

  // The item: species is what makes it one; the rest describes it.
  service::CaseItem item;
  item.species = in.text("species", 200);
  const auto count = in.quantity("count", "数量");
  const auto weight = in.quantity("weight_kg", "重量");
  const std::string part = in.term("part", item_parts(), "物品形态");
  const std::string origin = in.term("origin", item_origins(), "物品来源");
  if (!item.species.empty()) {
    item.count = count.value_or(0);
    item.weight_kg = weight.value_or(0);
    if (!part.empty()) item.part = part;
    if (!origin.empty()) item.origin = origin;
    c.items.push_back(item);
  } else {
    // The missing cell is the species, whatever else was filled in.
    for (const char* col : {"count", "weight_kg", "part", "origin"})
      if (!in.get(col).empty()) {
        in.problem("species", "填写了涉案物品的数量、重量、形态或来源，但没有填写物种");
        break;
      }
  }

  service::CaseParty suspect;
  suspect.kind = "person";
  suspect.role = "suspect";
  suspect.name = in.text("suspect_name", 200);
  suspect.id_number = in.text("suspect_id_number", 64);
  if (!suspect.id_number.empty())
    if (auto p = id_number_problem(suspect.id_number)) in.problem("suspect_id_number", *p);
  if (!suspect.name.empty()) {
    c.parties.push_back(suspect);
  } else if (!suspect.id_number.empty()) {
    in.problem("suspect_name", "填写了身份证号，但没有填写嫌疑人姓名");
  }

  if (std::string v = in.get("owner_department"); !v.empty()) {
    auto it = departments.by_code_or_name.find(v);
    if (it == departments.by_code_or_name.end()) {
      in.problem("owner_department", "部门「" + v + "」不存在，请填写部门代码，如 LC、NY");
    } else if (!it->second.active) {
      in.problem("owner_department", "部门「" + v + "」已停用");
    } else if (AccessPolicy::sees_all(call.actor)) {
      c.owner_department_code = it->second.code;
    } else if (it->second.id != call.actor.department_id) {
      // Same rule as CaseService::create: only the office registers cases
      // for another department. The own department is simply the default.
      in.problem("owner_department", "只有协调机制办公室可以为其他部门登记案件");
    }
  }
  return c;
}

}  // namespace

const std::vector<ImportColumn>& case_import_columns() {
  static const std::vector<ImportColumn> columns = {
      {"title", "案件名称", true, "必填，300 字节以内"},
      {"offence_type", "违法类型", true,
       "必填，代码（如 illegal_hunting）或名称（如 非法猎捕/杀害）"},
      {"source", "案件来源", true, "必填，代码（如 patrol）或名称（如 巡护）"},
      {"place_type", "场所类型", false, "代码（如 protected_area）或名称（如 自然保护地）"},
      {"place_text", "发生地点", false, "500 字节以内"},
      {"occurred_at", "发生日期", false, "YYYY-MM-DD（也接受 YYYY/M/D），不晚于今天"},
      {"summary", "案情摘要", false, "20000 字节以内"},
      {"species", "物种", false, "涉案物品的物种；填写后才会登记涉案物品"},
      {"count", "数量", false, "不小于 0 的数字，单位“只”"},
      {"weight_kg", "重量（千克）", false, "不小于 0 的数字，单位千克"},
      {"part", "物品形态", false,
       "代码（如 whole_dead）或名称（如 整体（死体）），默认 整体（死体）"},
      {"origin", "物品来源", false,
       "代码（wild/captive/unknown）或名称（野外/人工繁育/不明），默认 不明"},
      {"suspect_name", "嫌疑人姓名", false, "违法嫌疑人（个人）姓名"},
      {"suspect_id_number", "嫌疑人身份证号", false,
       "18 位身份证号（校验位会被检查）或其他证件号码"},
      {"owner_department", "主办部门", false,
       "部门代码（如 LC）；仅协调机制办公室可为其他部门导入"},
  };
  return columns;
}

std::string describe(const ImportProblem& p) {
  std::string out = p.row > 0 ? "第 " + std::to_string(p.row) + " 行" : "文件";
  if (!p.column.empty()) out += "「" + column_label(p.column) + "」(" + p.column + ")";
  return out + "：" + p.message;
}

Result<ImportReport> CaseImporter::run(const service::CallContext& call, std::string_view csv,
                                       bool dry_run) {
  if (!AccessPolicy::allows(call.actor, Action::kCreateRecord)) return forbidden("无权登记案件");
  ImportReport report;
  report.dry_run = dry_run;

  // The whole file must be UTF-8: the usual culprit is a CSV saved by Excel
  // as GBK ("CSV（逗号分隔）"), which would otherwise import as mojibake.
  if (auto bad = first_invalid_utf8(csv); bad != std::string_view::npos) {
    const int row = 1 + static_cast<int>(std::count(csv.begin(), csv.begin() + bad, '\n'));
    report.problems.push_back(
        {row, "", "文件不是 UTF-8 编码。在 Excel 中请“另存为” → “CSV UTF-8（逗号分隔）”后再导入"});
    return report;
  }
  CsvTable parsed = read_csv(csv);
  if (parsed.problem) {
    report.problems.push_back({parsed.problem->row, "", parsed.problem->message});
    return report;
  }
  if (parsed.records.empty()) {
    report.problems.push_back({1, "", "文件为空：第一行应为列名，如 title,offence_type,source"});
    return report;
  }

  // The header: known columns, each once, the required ones present.
  const auto& header = parsed.records[0];
  const auto index = map_csv_header(header, case_import_columns(), report.problems);
  if (!report.problems.empty()) return report;

  auto depts = service::DirectoryService(ctx_).list_departments(service::cli_call_context());
  if (!depts) return tl::unexpected(depts.error());
  Departments departments;
  for (const auto& d : *depts) {
    departments.by_code_or_name[d.code] = d;
    if (!d.short_name.empty()) departments.by_code_or_name.emplace(d.short_name, d);
  }

  // Midnight after today, China Standard Time: dates must be before it.
  const std::int64_t now = now_ms();
  const std::int64_t today_end = ((now + kChinaOffsetMs) / kDayMs + 1) * kDayMs - kChinaOffsetMs;

  std::vector<std::pair<int, service::NewCase>> cases;
  for (std::size_t r = 1; r < parsed.records.size(); ++r) {
    const auto& record = parsed.records[r];
    const int row = parsed.record_rows[r];
    // Rows left blank (",,,," from a spreadsheet) are not cases.
    if (std::all_of(record.begin(), record.end(),
                    [](const std::string& v) { return trim_cell(v).empty(); }))
      continue;
    ++report.rows;
    if (report.rows > kMaxImportRows) {
      report.problems.push_back(
          {row, "", "一次最多导入 " + std::to_string(kMaxImportRows) + " 件案件，请分批导入"});
      return report;
    }
    std::size_t last_used = 0;
    for (std::size_t c = 0; c < record.size(); ++c)
      if (!trim_cell(record[c]).empty()) last_used = c + 1;
    if (last_used > header.size()) {
      report.problems.push_back(
          {row, "", "这一行的单元格比表头多（表头 " + std::to_string(header.size()) + " 列）"});
      continue;
    }
    RowReader in{record, index, row, report.problems};
    cases.emplace_back(row, read_case(in, call, departments, today_end));
  }
  if (report.rows == 0) {
    report.problems.push_back({1, "", "文件中没有案件数据（只有表头）"});
    return report;
  }
  if (!report.problems.empty() || dry_run) return report;

  // Every row is valid: one transaction creates them all or none.
  int failed_row = 0;
  const std::string file_hash = store::sha256_hex(csv);
  service::CaseService service(ctx_);
  auto created = ctx_.db.transact([&](soci::session& s) -> Result<std::vector<ImportedCase>> {
    std::vector<ImportedCase> out;
    for (const auto& [row, nc] : cases) {
      auto c = service.create(s, call, nc);
      if (!c) {
        failed_row = row;
        return tl::unexpected(c.error());
      }
      out.push_back({row, c->record.id, c->record.number});
    }
    nlohmann::json after = {{"rows", out.size()},
                            {"first_number", out.front().number},
                            {"last_number", out.back().number},
                            {"file_sha256", file_hash}};
    if (auto a = service::audit(s, call, "case.import", "case", "", nullptr, after); !a)
      return tl::unexpected(a.error());
    return out;
  });
  if (!created) {
    const Error& e = created.error();
    // A rule the checks above did not foresee: still reported per row, and
    // the rollback left nothing behind.
    if (failed_row && e.code == ErrorCode::kInvalidInput) {
      for (const auto& f : e.fields)
        report.problems.push_back({failed_row, column_of_field(f.field), f.message});
      if (e.fields.empty()) report.problems.push_back({failed_row, "", e.message});
      return report;
    }
    Error shown = e;
    if (failed_row)
      shown.message =
          "第 " + std::to_string(failed_row) + " 行导入失败，未导入任何案件：" + e.message;
    return tl::unexpected(shown);
  }
  report.created = std::move(*created);
  return report;
}

}  // namespace qf::report
