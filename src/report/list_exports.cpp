#include "report/list_exports.h"

#include <map>
#include <set>

#include "core/case_vocabulary.h"
#include "core/clock.h"
#include "core/tip_rules.h"
#include "service/audit_writer.h"
#include "service/case_service.h"
#include "service/directory_service.h"

namespace qf::report {
namespace {

// Rows fetched per service call: big enough to keep the number of queries
// down, small enough that one page is a modest read.
constexpr int kPageSize = 1000;

std::string label(const std::vector<Term>& vocabulary, const std::string& code) {
  return std::string(term_label(vocabulary, code).value_or(code));
}

std::string yes_no(bool v) { return v ? "是" : "否"; }

std::string join(const std::vector<std::string>& parts, const char* separator = "；") {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += separator;
    out += p;
  }
  return out;
}

std::vector<std::string> string_array(const std::string& json_text) {
  std::vector<std::string> out;
  auto j = nlohmann::json::parse(json_text, nullptr, false);
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::string number_text(double v) {
  std::string s = std::to_string(v);  // "2.500000"
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

std::string party_role_label(const std::string& role) {
  static const std::map<std::string, std::string> labels = {
      {"suspect", "违法嫌疑人"}, {"witness", "证人"}, {"owner", "物主"}, {"victim", "受害人"}};
  auto it = labels.find(role);
  return it == labels.end() ? role : it->second;
}

std::string item_text(const store::CaseItem& i) {
  std::string s = i.species;
  if (i.count > 0) s += " " + number_text(i.count) + i.unit;
  if (i.weight_kg > 0) s += " " + number_text(i.weight_kg) + "kg";
  s += "（" + label(item_parts(), i.part) + "，" + label(item_origins(), i.origin) + "）";
  return s;
}

// Departments by id and by code, shown by their short names (林草).
struct DepartmentNames {
  std::map<std::int64_t, std::string> by_id;
  std::map<std::string, std::int64_t> id_of_code;
  std::map<std::string, std::string> by_code;

  std::string of(std::int64_t id, const std::string& fallback) const {
    auto it = by_id.find(id);
    return it == by_id.end() ? fallback : it->second;
  }
  std::string of_code(const std::string& code) const {
    auto it = by_code.find(code);
    return it == by_code.end() ? code : it->second;
  }
};

// The directory read as the routes read it for filters: the department list
// is no secret, and the caller's own role may not include directory reads.
Result<DepartmentNames> department_names(service::ServiceContext& ctx) {
  auto depts = service::DirectoryService(ctx).list_departments(service::cli_call_context());
  if (!depts) return tl::unexpected(depts.error());
  DepartmentNames names;
  for (const auto& d : *depts) {
    const std::string shown = d.short_name.empty() ? d.name : d.short_name;
    names.by_id[d.id] = shown;
    names.by_code[d.code] = shown;
    names.id_of_code[d.code] = d.id;
  }
  return names;
}

Error too_many_rows(std::int64_t total, std::int64_t max) {
  return Error{ErrorCode::kInvalidInput,
               "导出数据过多",
               {{"filters", "符合条件的记录有 " + std::to_string(total) + " 条，超过导出上限 " +
                                std::to_string(max) + " 条，请缩小筛选范围后分批导出"}},
               0};
}

nlohmann::json optional_json(const std::optional<std::string>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json optional_json(const std::optional<bool>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

std::string title_of(const std::string& what, std::int64_t rows, const std::string& masked) {
  return what + "（导出时间 " + format_local_datetime(now_ms()) + "，共 " + std::to_string(rows) +
         " 条；" + masked + "已脱敏）";
}

}  // namespace

Result<ExportFormat> parse_export_format(std::string_view text) {
  if (text.empty() || text == "csv") return ExportFormat::kCsv;
  if (text == "xlsx") return ExportFormat::kXlsx;
  return invalid("format", "导出格式应为 csv 或 xlsx");
}

Result<Table> ListExporter::case_table(const service::CallContext& call, const CaseFilters& f) {
  auto names = department_names(ctx_);
  if (!names) return tl::unexpected(names.error());

  Table t;
  t.columns = {
      {"案件编号", 16},
      {"案件名称", 36},
      {"违法类型", 18},
      {"案件来源", 10},
      {"场所类型", 14},
      {"发生地点", 30},
      {"发生日期", 12, ColumnKind::kDate},
      {"状态", 12},
      {"主办部门", 10},
      {"从重从快", 24},
      {"重大案件", 10},
      {"涉案物品", 36},
      {"当事人", 20},
      {"身份证号（已脱敏）", 22},
      {"联系电话（已脱敏）", 18},
      {"罚款金额（元）", 14, ColumnKind::kNumber, "#,##0.00"},
      {"办理期限", 12, ColumnKind::kDate},
      {"是否超期", 10},
      {"登记时间", 17, ColumnKind::kDateTime},
      {"案情摘要", 50},
  };

  service::CaseService cases(ctx_);
  std::set<std::int64_t> seen;
  const std::int64_t now = now_ms();
  for (int offset = 0;; offset += kPageSize) {
    auto page = cases.list(call, f, kPageSize, offset);
    if (!page) return tl::unexpected(page.error());
    if (page->total > max_rows_) return tl::unexpected(too_many_rows(page->total, max_rows_));
    for (const auto& c : page->items) {
      // Pages are separate reads: a case registered meanwhile shifts the
      // next page by one, and the row seen twice is kept once.
      if (!seen.insert(c.record.id).second) continue;
      const auto& r = c.record;
      // The masked forms come from the list representation itself, so an
      // export can never show more than the list does.
      const nlohmann::json shown = service::to_json(c, /*mask_confidential=*/true);
      std::vector<std::string> items, parties, ids, phones;
      for (const auto& i : r.items) items.push_back(item_text(i));
      const bool many = shown["parties"].size() > 1;
      for (const auto& p : shown["parties"]) {
        parties.push_back(p.value("name", "") + "（" + party_role_label(p.value("role", "")) +
                          "）");
        const std::string id = p.value("id_number", ""), phone = p.value("phones", "");
        ids.push_back(id.empty() && many ? "—" : id);
        phones.push_back(phone.empty() && many ? "—" : phone);
      }
      const auto priority = string_array(r.priority_reasons_json);
      t.rows.push_back({
          r.number,
          r.title,
          label(offence_types(), r.offence_type),
          label(case_sources(), r.source),
          r.place_type.empty() ? std::string() : label(place_types(), r.place_type),
          r.place_text,
          Timestamp{r.occurred_at},
          label(case_states(), r.state),
          names->of(r.owner_department_id, r.owner_department_code),
          r.priority ? "是：" + join(priority) : std::string("否"),
          yes_no(r.major),
          join(items),
          join(parties),
          join(ids),
          join(phones),
          r.penalty_amount_fen ? Cell(static_cast<double>(r.penalty_amount_fen) / 100.0) : Cell(),
          Timestamp{r.due_at},
          yes_no(r.due_at > 0 && r.due_at < now),
          Timestamp{r.created_at},
          r.summary,
      });
    }
    if (static_cast<std::int64_t>(t.rows.size()) > max_rows_)
      return tl::unexpected(too_many_rows(static_cast<std::int64_t>(t.rows.size()), max_rows_));
    if (static_cast<int>(page->items.size()) < kPageSize) break;
  }
  t.sheet_name = "案件列表";
  t.title = title_of("案件列表", static_cast<std::int64_t>(t.rows.size()), "身份证号、电话");
  return t;
}

Result<Table> ListExporter::tip_table(const service::CallContext& call,
                                      const service::TipQueryParams& filters) {
  auto names = department_names(ctx_);
  if (!names) return tl::unexpected(names.error());

  Table t;
  t.columns = {
      {"线索ID", 8, ColumnKind::kNumber, "0"},
      {"接收时间", 17, ColumnKind::kDateTime},
      {"来源渠道", 12},
      {"举报人类别", 10},
      {"举报人（已脱敏）", 12},
      {"联系电话（已脱敏）", 16},
      {"举报内容", 50},
      {"发生时间", 17, ColumnKind::kDateTime},
      {"地点", 30},
      {"涉及物种", 18},
      {"状态", 10},
      {"承办部门", 10},
      {"建议部门", 14},
      {"办理期限", 12, ColumnKind::kDate},
      {"是否超期", 10},
      {"关联案件ID", 10, ColumnKind::kNumber, "0"},
      {"反馈举报人", 30},
  };

  service::TipService tips(ctx_);
  service::TipQueryParams q = filters;
  std::set<std::int64_t> seen;
  q.limit = kPageSize;
  for (q.offset = 0;; q.offset += kPageSize) {
    auto page = tips.list(call, q);
    if (!page) return tl::unexpected(page.error());
    if (page->total > max_rows_) return tl::unexpected(too_many_rows(page->total, max_rows_));
    for (const auto& v : page->items) {
      if (!seen.insert(v.tip.id).second) continue;
      const auto& tip = v.tip;
      // The list reveals the reporter to the office and the handler; an
      // export never does (the same masks the service uses elsewhere).
      std::string reporter = v.reporter_revealed ? mask_name(v.reporter_name) : v.reporter_name;
      std::string phone = v.reporter_revealed ? mask_phone(v.reporter_phone) : v.reporter_phone;
      if (tip.anonymous) reporter = "匿名";
      std::vector<std::string> suggested;
      std::string code;
      for (char c : tip.suggested_department_code + ",") {
        if (c != ',') {
          code += c;
        } else if (!code.empty()) {
          suggested.push_back(names->of_code(code));
          code.clear();
        }
      }
      t.rows.push_back({
          static_cast<double>(tip.id),
          Timestamp{tip.created_at},
          label(tip_channels(), tip.channel),
          tip.reporter_category.empty() ? std::string()
                                        : label(tip_reporter_categories(), tip.reporter_category),
          reporter,
          phone,
          tip.content,
          Timestamp{tip.occurred_at},
          tip.place_text,
          tip.species_text,
          label(tip_states(), tip.state),
          tip.assigned_department_id
              ? names->of(*tip.assigned_department_id, tip.assigned_department_code)
              : std::string(),
          join(suggested, "、"),
          Timestamp{tip.due_at},
          yes_no(v.overdue),
          tip.case_id ? Cell(static_cast<double>(*tip.case_id)) : Cell(),
          tip.public_feedback,
      });
    }
    if (static_cast<std::int64_t>(t.rows.size()) > max_rows_)
      return tl::unexpected(too_many_rows(static_cast<std::int64_t>(t.rows.size()), max_rows_));
    if (static_cast<int>(page->items.size()) < kPageSize) break;
  }
  t.sheet_name = "举报线索列表";
  t.title = title_of("举报线索列表", static_cast<std::int64_t>(t.rows.size()), "举报人姓名、电话");
  return t;
}

Result<ExportFile> ListExporter::export_cases(const service::CallContext& call,
                                              const CaseFilters& f, ExportFormat format) {
  auto table = case_table(call, f);
  if (!table) return tl::unexpected(table.error());
  nlohmann::json filters = {{"state", optional_json(f.state)},
                            {"offence_type", optional_json(f.offence_type)},
                            {"owner_department", optional_json(f.owner_department)},
                            {"priority", optional_json(f.priority)},
                            {"overdue", optional_json(f.overdue)},
                            {"major", optional_json(f.major)},
                            {"mine", f.mine},
                            {"q", optional_json(f.text)}};
  return finish(call, *table, format, "case.export", "case", "案件列表", "cases",
                std::move(filters));
}

Result<ExportFile> ListExporter::export_tips(const service::CallContext& call,
                                             const service::TipQueryParams& f,
                                             ExportFormat format) {
  auto table = tip_table(call, f);
  if (!table) return tl::unexpected(table.error());
  nlohmann::json filters = {{"state", optional_json(f.state)},
                            {"channel", optional_json(f.channel)},
                            {"department", optional_json(f.assigned_department_code)},
                            {"overdue", f.overdue_only},
                            {"q", optional_json(f.search)}};
  return finish(call, *table, format, "tip.export", "tip", "举报线索列表", "tips",
                std::move(filters));
}

Result<ExportFile> ListExporter::finish(const service::CallContext& call, const Table& table,
                                        ExportFormat format, const std::string& action,
                                        const std::string& entity, const std::string& base_name,
                                        const std::string& ascii_base_name,
                                        nlohmann::json filters) {
  ExportFile file;
  file.rows = static_cast<std::int64_t>(table.rows.size());
  const std::string day = format_local_date(now_ms());
  std::string stamp;
  for (char c : day)
    if (c != '-') stamp += c;
  const char* ext = format == ExportFormat::kCsv ? ".csv" : ".xlsx";
  file.filename = base_name + "-" + stamp + ext;
  file.ascii_filename = ascii_base_name + "-" + stamp + ext;
  if (format == ExportFormat::kCsv) {
    file.content_type = "text/csv; charset=utf-8";
    file.body = to_csv(table);
  } else {
    file.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    auto bytes = to_xlsx_bytes(table);
    if (!bytes) return tl::unexpected(bytes.error());
    file.body = std::move(*bytes);
  }
  // Who took which slice of the data, when and how much: the audit keeps
  // the request, not the rows.
  nlohmann::json after = {{"format", format == ExportFormat::kCsv ? "csv" : "xlsx"},
                          {"filters", std::move(filters)},
                          {"rows", file.rows}};
  auto audited = ctx_.db.transact([&](soci::session& s) -> Status {
    return service::audit(s, call, action, entity, "", nullptr, after);
  });
  if (!audited) return tl::unexpected(audited.error());
  return file;
}

}  // namespace qf::report
