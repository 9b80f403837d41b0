#include "report/joint_report.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <regex>
#include <sstream>

#include <toml++/toml.h>

#include "core/case_vocabulary.h"
#include "core/clock.h"
#include "core/embedded_files.h"
#include "report/chart_png.h"
#include "service/case_service.h"
#include "service/joint_report_service.h"

namespace qf::report {
namespace {

namespace fs = std::filesystem;
using service::Statistics;

constexpr const char* kEmbeddedTemplate = "data/report-templates/joint-action.toml";

// fontconfig rules for the PDF conversion: each font the .docx names
// (report/docx_writer.h) → the usual Windows/Founder names → Noto CJK SC.
constexpr const char* kFontSubstitutes = R"(<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="strong"><family>方正小标宋简体</family>
    <prefer><family>方正小标宋_GBK</family><family>FZXiaoBiaoSong-B05S</family><family>宋体</family><family>SimSun</family><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="strong"><family>仿宋_GB2312</family>
    <prefer><family>仿宋</family><family>FangSong</family><family>FangSong_GB2312</family><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="strong"><family>仿宋</family><prefer><family>FangSong</family><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="strong"><family>楷体_GB2312</family>
    <prefer><family>楷体</family><family>KaiTi</family><family>AR PL UKai CN</family><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="strong"><family>楷体</family><prefer><family>KaiTi</family><family>AR PL UKai CN</family><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="strong"><family>黑体</family>
    <prefer><family>SimHei</family><family>Noto Sans CJK SC</family><family>WenQuanYi Micro Hei</family></prefer></alias>
  <alias binding="strong"><family>宋体</family><prefer><family>SimSun</family><family>Noto Serif CJK SC</family></prefer></alias>
</fontconfig>
)";

std::mutex template_mutex;
std::string template_file;  // guarded by template_mutex

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  if (from.empty()) return s;
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

// "12", "12.5", "1,234": whole numbers without decimals, others with one or two.
std::string number(double v) {
  char buf[64];
  if (std::fabs(v - std::round(v)) < 1e-9)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else if (std::fabs(v * 10 - std::round(v * 10)) < 1e-9)
    std::snprintf(buf, sizeof buf, "%.1f", v);
  else
    std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// "2026年3月1日" from "2026-03-01".
std::string chinese_date(const std::string& iso) {
  if (iso.size() != 10) return iso;
  return iso.substr(0, 4) + "年" + std::to_string(std::stoi(iso.substr(5, 2))) + "月" +
         std::to_string(std::stoi(iso.substr(8, 2))) + "日";
}

// "2026年3月1日至3月31日" (the year once when both days share it).
std::string period_text(std::int64_t from, std::int64_t to) {
  const std::string a = service::china_date(from), b = service::china_date(to - 1);
  std::string end = chinese_date(b);
  if (a.substr(0, 4) == b.substr(0, 4)) end = end.substr(end.find("年") + 3);
  return chinese_date(a) + "至" + end;
}

std::string fill(std::string text, const JointReportContent& c, const JointReportTemplate& t) {
  text = replace_all(std::move(text), "{period}", c.period_text);
  text = replace_all(std::move(text), "{issuer}", t.issuer);
  return replace_all(std::move(text), "{hotline}", t.hotline);
}

// ---- the generated 总体情况 --------------------------------------------------------

class Figures {
 public:
  explicit Figures(const Statistics& s) : s_(s) {}
  bool has(const char* code) const { return s_.figure(code) != nullptr; }
  double value(const char* code) const {
    const auto* f = s_.figure(code);
    return f ? f->value : 0;
  }
  std::string text(const char* code) const { return number(value(code)); }
  bool any(std::initializer_list<const char*> codes) const {
    for (const char* c : codes)
      if (value(c) > 0) return true;
    return false;
  }

 private:
  const Statistics& s_;
};

std::string overview_text(const Statistics& stats, const std::string& period) {
  Figures f(stats);
  std::string out;
  if (f.has("tips.received") && f.has("cases.opened")) {
    out += period + "，各成员单位共受理举报线索" + f.text("tips.received") + "条，核实" +
           f.text("tips.verified") + "条；立案查处涉野生动物案件" + f.text("cases.opened") +
           "起，办结" + f.text("cases.closed") + "起";
    if (f.any({"cases.priority", "cases.major"}))
      out += "，其中从重从快案件" + f.text("cases.priority") + "起、重大案件" +
             f.text("cases.major") + "起";
    out += "。";
  }
  if (f.has("transfers.criminal_sent") &&
      f.any({"transfers.criminal_sent", "transfers.handovers_sent"}))
    out += "向公安机关移送涉嫌犯罪案件" + f.text("transfers.criminal_sent") + "起，公安机关已接受" +
           f.text("transfers.criminal_accepted") + "起；部门间移交案件" +
           f.text("transfers.handovers_sent") + "起。";
  if (f.any({"specimens.count", "specimens.weight_kg"})) {
    out += "查获涉案野生动物及其制品" + f.text("specimens.count") + "只（件）";
    if (f.value("specimens.weight_kg") > 0) out += "、" + f.text("specimens.weight_kg") + "千克";
    if (f.value("specimens.value_yuan") > 0)
      out += "，已认定涉案价值" + f.text("specimens.value_yuan") + "元";
    out += "。";
  }
  if (f.value("cases.fines_yuan") > 0 || f.value("cases.penalised") > 0)
    out += "作出行政处罚决定" + f.text("cases.penalised") + "起，罚没款" +
           f.text("cases.fines_yuan") + "元。";
  if (f.any({"listings.received", "listings.taken_down"}))
    out += "网上巡查接收涉野生动物网络信息" + f.text("listings.received") + "条，确认违法信息" +
           f.text("listings.confirmed") + "条，督促平台下架" + f.text("listings.taken_down") +
           "条。";
  if (f.any({"patrols.count"}))
    out += "开展野外巡护" + f.text("patrols.count") + "次，巡护里程" + f.text("patrols.km") +
           "公里、" + f.text("patrols.hours") + "小时，清除猎捕工具" +
           f.text("patrols.tools_removed") + "件。";
  if (f.any({"inspections.count", "rectifications.issued", "places.closed"}))
    out += "联合检查市场、餐饮、养殖等场所" + f.text("inspections.places") + "处" +
           f.text("inspections.count") + "次，发现问题" + f.text("inspections.with_findings") +
           "次，下达整改通知" + f.text("rectifications.issued") + "份，依法取缔" +
           f.text("places.closed") + "处。";
  if (f.any({"transport.checks", "customs.seizures"}))
    out += "交通运输环节检查" + f.text("transport.checks") + "次，海关查获涉野生动物走私" +
           f.text("customs.seizures") + "起。";
  if (f.any({"publicity.events", "publicity.trainings"}))
    out += "开展宣传活动" + f.text("publicity.events") + "次、业务培训" +
           f.text("publicity.trainings") + "次，参训" + f.text("publicity.attendees") + "人次。";
  if (out.empty()) out = period + "，平台未记录可统计的执法数据。";
  return out;
}

// The columns of the 各部门战果 table, in this order, when the statistics rank them.
const std::vector<const char*>& table_columns() {
  static const std::vector<const char*> codes = {
      "tips.received",   "cases.opened",  "cases.closed",      "transfers.criminal_sent",
      "specimens.count", "patrols.count", "inspections.count", "listings.taken_down"};
  return codes;
}

DocxTable department_table(const Statistics& stats) {
  DocxTable t;
  t.header.push_back("部门");
  std::vector<const service::StatsColumn*> columns;
  for (const char* code : table_columns())
    for (const auto& c : stats.ranking_columns)
      if (c.code == code && columns.size() < 7) {
        columns.push_back(&c);
        t.header.push_back(c.label + (c.unit.empty() ? "" : "（" + c.unit + "）"));
      }
  for (const auto& d : stats.departments) {
    std::vector<std::string> row{d.short_name.empty() ? d.name : d.short_name};
    double sum = 0;
    for (const auto* c : columns) {
      auto it = d.values.find(c->code);
      const double v = it == d.values.end() ? 0 : it->second;
      sum += v;
      row.push_back(number(v));
    }
    // The office records little itself: shown only when it has figures.
    if (sum == 0 && d.code == "OFFICE") continue;
    t.rows.push_back(std::move(row));
  }
  std::vector<std::string> total{"合计"};
  for (const auto* c : columns) {
    const auto* f = stats.figure(c->code);
    total.push_back(number(f ? f->value : 0));
  }
  t.rows.push_back(std::move(total));
  t.column_weights.assign(t.header.size(), 1.0);
  if (!t.column_weights.empty()) t.column_weights[0] = 1.6;
  return t;
}

// ---- anonymisation -----------------------------------------------------------------

// The first UTF-8 character of s.
std::string first_character(const std::string& s) {
  if (s.empty()) return s;
  const auto lead = static_cast<unsigned char>(s[0]);
  std::size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  return s.substr(0, std::min(n, s.size()));
}

// Two-character surnames common enough to matter (欧阳, 司马 …).
bool compound_surname(const std::string& name) {
  static const char* compounds[] = {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟",
                                    "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯"};
  for (const char* c : compounds)
    if (name.rfind(c, 0) == 0) return true;
  return false;
}

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// The label of a code in a vocabulary, the code itself when unknown.
std::string label(const std::vector<Term>& vocabulary, const std::string& code) {
  auto l = term_label(vocabulary, code);
  return l ? std::string(*l) : code;
}

std::string department_name(const Statistics& stats, const std::string& code, bool short_name) {
  for (int pass = 0; pass < 2; ++pass) {
    const std::string wanted = pass == 0 ? code : code.substr(0, code.find('-'));
    for (const auto& d : stats.departments)
      if (d.code == wanted) return short_name && !d.short_name.empty() ? d.short_name : d.name;
  }
  return code;
}

std::string items_text(const store::CaseRecord& c) {
  std::string out;
  for (const auto& item : c.items) {
    if (trim(item.species).empty()) continue;
    if (!out.empty()) out += "、";
    out += item.species;
    if (item.count > 0) out += number(item.count) + item.unit;
    if (item.weight_kg > 0)
      out += (item.count > 0 ? "（" : "") + number(item.weight_kg) + "千克" +
             (item.count > 0 ? "）" : "");
  }
  return out;
}

// What stage a case has reached, for the public: only whether it is still
// being handled, decided or sent on.
std::string public_stage(const store::CaseRecord& c) {
  if (c.state == "closed") return "已依法办结";
  if (c.state == "prosecuted") return "已移送审查起诉";
  if (c.state == "transferred_to_police" || c.state == "police_accepted" ||
      c.state == "police_filed")
    return "已移送公安机关依法处理";
  if (c.state == "penalty_decided" || c.state == "executing" || c.penalty_amount_fen > 0)
    return "已依法作出行政处罚";
  return "正在进一步办理中";
}

TypicalCase typical_case(const service::Case& kase, const Statistics& stats) {
  const auto& c = kase.record;
  TypicalCase out;
  out.id = c.id;
  out.title = anonymise(c.title, c.parties);
  const std::string department = department_name(stats, c.owner_department_code, false);
  const std::string when = c.occurred_at > 0 ? chinese_date(service::china_date(c.occurred_at))
                                             : chinese_date(service::china_date(c.created_at));
  std::string text = "【" + out.title + "】" + when + "，";
  const std::string summary = trim(anonymise(c.summary, c.parties));
  text += summary.empty() ? "经查发现" + label(offence_types(), c.offence_type) + "行为" : summary;
  if (!text.ends_with("。")) text += "。";
  const std::string items = items_text(c);
  if (!items.empty()) text += "涉案物品：" + items + "。";
  text += "本案由" + department + "办理（案号" + c.number + "），目前处于“" +
          label(case_states(), c.state) + "”阶段";
  if (c.penalty_amount_fen > 0)
    text += "，已作出行政处罚，罚款" + number(c.penalty_amount_fen / 100.0) + "元";
  text += "。";
  out.report_text = text;

  // Public: structured fields only.
  const std::string month = service::china_date(c.occurred_at > 0 ? c.occurred_at : c.created_at);
  std::string pub = std::to_string(std::stoi(month.substr(5, 2))) + "月，" +
                    department_name(stats, c.owner_department_code, false) + "查处一起" +
                    label(offence_types(), c.offence_type) + "案件";
  if (!items.empty()) pub += "，查获" + items;
  pub += "，" + public_stage(c) + "。";
  out.public_text = pub;
  return out;
}

// ---- the trend ---------------------------------------------------------------------

struct Bucket {
  std::int64_t from, to;
  std::string label;
};

// Weeks for a period of up to 62 days, months up to 24 months, else years.
std::vector<Bucket> buckets(std::int64_t from, std::int64_t to) {
  std::vector<Bucket> out;
  if (to - from <= 62 * kDayMs) {
    for (std::int64_t a = from; a < to; a += 7 * kDayMs) {
      const std::string d = service::china_date(a);
      out.push_back({a, std::min(a + 7 * kDayMs, to),
                     std::to_string(std::stoi(d.substr(5, 2))) + "/" +
                         std::to_string(std::stoi(d.substr(8, 2)))});
    }
    return out;
  }
  const std::string start = service::china_date(from);
  int y = std::stoi(start.substr(0, 4)), m = std::stoi(start.substr(5, 2));
  const bool by_year = to - from > 731 * kDayMs;
  std::int64_t a = from;
  while (a < to && out.size() < 60) {
    int ny = y, nm = m;
    if (by_year) {
      ++ny;
      nm = 1;
    } else if (++nm > 12) {
      nm = 1;
      ++ny;
    }
    const std::int64_t next = days_from_civil(ny, nm, 1) * kDayMs - kChinaOffsetMs;
    out.push_back({a, std::min(next, to),
                   by_year ? std::to_string(y) + "年"
                           : (m == 1 || out.empty() ? std::to_string(y % 100) + "年" : "") +
                                 std::to_string(m) + "月"});
    a = next;
    y = ny;
    m = nm;
  }
  return out;
}

Result<std::string> trend_chart(service::ServiceContext& ctx, const service::CallContext& call,
                                const store::JointReport& draft) {
  TrendChart chart;
  chart.title = "立案与举报线索趋势";
  chart.unit = "件";
  chart.bar_name = "立案查处";
  chart.line_name = "受理举报线索";
  service::StatisticsService stats(ctx);
  for (const auto& b : buckets(draft.period_from, draft.period_to)) {
    service::StatisticsRequest r;
    r.from = b.from;
    r.to = b.to;
    auto s = stats.compute(call, r);
    if (!s) return tl::unexpected(s.error());
    const auto* cases = s->figure("cases.opened");
    const auto* tips = s->figure("tips.received");
    chart.labels.push_back(b.label);
    chart.bars.push_back(cases ? cases->value : 0);
    chart.line.push_back(tips ? tips->value : 0);
  }
  return render_trend_chart(chart);
}

Result<std::string> department_chart(const Statistics& stats) {
  BarChart chart;
  chart.title = "各部门立案查处案件数";
  chart.unit = "起";
  for (const auto& d : stats.departments) {
    auto it = d.values.find("cases.opened");
    const double v = it == d.values.end() ? 0 : it->second;
    if (d.code == "OFFICE" && v == 0) continue;
    chart.bars.push_back({d.short_name.empty() ? d.name : d.short_name, v});
  }
  return render_bar_chart(chart);
}

// Prose as the office typed it: a paragraph per non-empty line.
void prose(DocxDocument& doc, const std::string& text, const std::string& empty) {
  std::istringstream in(text);
  std::string line;
  bool any = false;
  while (std::getline(in, line)) {
    line = trim(line);
    if (line.empty()) continue;
    doc.paragraph(line);
    any = true;
  }
  if (!any) doc.paragraph(empty);
}

std::string today_text() { return chinese_date(service::china_date(now_ms())); }

Result<std::string> read_text_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return fail(ErrorCode::kUnavailable, "无法读取文件 " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

// ---- templates ---------------------------------------------------------------------

Result<JointReportTemplate> parse_joint_report_template(const std::string& toml_text) {
  toml::table doc;
  try {
    doc = toml::parse(toml_text);
  } catch (const toml::parse_error& e) {
    return invalid("template",
                   std::string("报告模板不是有效的 TOML：") + std::string(e.description()));
  }
  JointReportTemplate t;
  std::vector<FieldError> errors;
  auto get = [&](std::string& out, const char* path) {
    auto v = doc.at_path(path).value<std::string>();
    if (!v || v->empty())
      errors.push_back({std::string("template/") + path, "报告模板缺少此项"});
    else
      out = *v;
  };
  get(t.issuer, "issuer");
  get(t.hotline, "hotline");
  get(t.opening, "report.opening");
  get(t.closing, "report.closing");
  get(t.empty_section, "report.empty_section");
  get(t.overview_heading, "report.headings.overview");
  get(t.departments_heading, "report.headings.departments");
  get(t.cases_heading, "report.headings.cases");
  get(t.achievements_heading, "report.headings.achievements");
  get(t.shortcomings_heading, "report.headings.shortcomings");
  get(t.suggestions_heading, "report.headings.suggestions");
  get(t.departments_intro, "report.intro.departments");
  get(t.cases_intro, "report.intro.cases");
  get(t.press_title, "press_release.title");
  get(t.press_lead, "press_release.lead");
  get(t.press_cases_intro, "press_release.cases_intro");
  get(t.press_closing, "press_release.closing");
  if (!errors.empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "报告模板不完整", errors, 0});
  return t;
}

void set_joint_report_template_file(std::string path) {
  std::lock_guard lock(template_mutex);
  template_file = std::move(path);
}

Result<JointReportTemplate> joint_report_template() {
  std::string path;
  {
    std::lock_guard lock(template_mutex);
    path = template_file;
  }
  if (!path.empty()) {
    auto text = read_text_file(path);
    if (!text) return tl::unexpected(text.error());
    auto t = parse_joint_report_template(*text);
    if (!t)
      return fail(ErrorCode::kUnavailable, "报告模板 " + path + " 有误：" + t.error().message);
    return t;
  }
  auto embedded = embedded_file(kEmbeddedTemplate);
  if (!embedded) return fail(ErrorCode::kInternal, "程序中缺少报告模板");
  return parse_joint_report_template(std::string(*embedded));
}

// ---- anonymisation -----------------------------------------------------------------

std::string anonymised_name(const store::CaseParty& party) {
  if (party.kind != "person") return "某单位";
  const std::string name = trim(party.name);
  if (name.empty()) return "某某";
  if (compound_surname(name)) return name.substr(0, 6) + "某";
  return first_character(name) + "某";
}

std::string anonymise(const std::string& text, const std::vector<store::CaseParty>& parties) {
  std::string out = text;
  // Longest first, so 张三丰 is replaced before 张三.
  std::vector<const store::CaseParty*> sorted;
  for (const auto& p : parties) sorted.push_back(&p);
  std::sort(sorted.begin(), sorted.end(),
            [](const auto* a, const auto* b) { return a->name.size() > b->name.size(); });
  for (const auto* p : sorted) {
    const std::string name = trim(p->name);
    // A person's name already anonymised (马某) stays as it is.
    if (!name.empty() && (p->kind != "person" || name.find("某") == std::string::npos))
      out = replace_all(out, name, anonymised_name(*p));
    if (!trim(p->address).empty()) out = replace_all(out, trim(p->address), "某地");
    if (!trim(p->id_number).empty()) out = replace_all(out, trim(p->id_number), "＊＊＊");
    std::istringstream phones(p->phones);
    std::string phone;
    while (std::getline(phones, phone, ',')) {
      phone = trim(phone);
      if (phone.size() >= 5) out = replace_all(out, phone, "＊＊＊");
    }
  }
  static const std::regex id_number(R"(\d{17}[\dXx]|\d{15})");
  static const std::regex mobile(R"((\+?86[- ]?)?1[3-9]\d{9})");
  static const std::regex landline(R"(0\d{2,3}[- ]?\d{7,8})");
  static const std::regex house(R"(\d+(号|栋|幢|单元|室|楼|弄))");
  out = std::regex_replace(out, id_number, "＊＊＊");
  out = std::regex_replace(out, mobile, "＊＊＊");
  out = std::regex_replace(out, landline, "＊＊＊");
  out = std::regex_replace(out, house, "某$1");
  return out;
}

// ---- building ----------------------------------------------------------------------

Result<JointReportContent> build_joint_report(service::ServiceContext& ctx,
                                              const service::CallContext& call,
                                              const store::JointReport& draft, bool with_charts) {
  JointReportContent c;
  c.draft = draft;
  c.period_text = period_text(draft.period_from, draft.period_to);
  service::StatisticsRequest request;
  request.from = draft.period_from;
  request.to = draft.period_to;
  auto stats = service::StatisticsService(ctx).compute(call, request);
  if (!stats) return tl::unexpected(stats.error());
  c.stats = std::move(*stats);
  c.overview = overview_text(c.stats, c.period_text);
  c.department_table = department_table(c.stats);
  service::CaseService cases(ctx);
  for (auto id : draft.case_ids) {
    auto kase = cases.get(call, id);
    if (!kase) {
      // A case deleted or no longer visible is left out, not an error.
      if (kase.error().code == ErrorCode::kNotFound) continue;
      return tl::unexpected(kase.error());
    }
    c.cases.push_back(typical_case(*kase, c.stats));
  }
  if (with_charts) {
    auto bars = department_chart(c.stats);
    if (!bars) return tl::unexpected(bars.error());
    c.department_chart_png = std::move(*bars);
    auto trend = trend_chart(ctx, call, draft);
    if (!trend) return tl::unexpected(trend.error());
    c.trend_chart_png = std::move(*trend);
  }
  return c;
}

nlohmann::json preview_json(const JointReportContent& c) {
  nlohmann::json cases = nlohmann::json::array();
  for (const auto& k : c.cases)
    cases.push_back({{"id", k.id},
                     {"title", k.title},
                     {"text", k.report_text},
                     {"public_text", k.public_text}});
  return {{"period_text", c.period_text},
          {"overview", c.overview},
          {"table", {{"header", c.department_table.header}, {"rows", c.department_table.rows}}},
          {"cases", std::move(cases)}};
}

Result<std::string> joint_report_docx(const JointReportContent& c, const JointReportTemplate& t) {
  DocxDocument doc(c.draft.title);
  doc.title(c.draft.title);
  doc.paragraph(fill(t.opening, c, t));

  doc.heading1(t.overview_heading);
  doc.paragraph(c.overview);
  prose(doc, c.draft.overview_note, "");
  if (!c.trend_chart_png.empty()) {
    doc.image({c.trend_chart_png, 15, "立案与举报线索趋势"});
    doc.caption("图1　立案与举报线索趋势");
  }

  doc.heading1(t.departments_heading);
  doc.paragraph(fill(t.departments_intro, c, t));
  doc.table(c.department_table);
  if (!c.department_chart_png.empty()) {
    doc.image({c.department_chart_png, 15, "各部门立案查处案件数"});
    doc.caption("图2　各部门立案查处案件数");
  }

  doc.heading1(t.cases_heading);
  if (c.cases.empty()) {
    doc.paragraph(t.empty_section);
  } else {
    doc.paragraph(fill(t.cases_intro, c, t));
    for (const auto& k : c.cases) doc.paragraph(k.report_text);
  }

  doc.heading1(t.achievements_heading);
  prose(doc, c.draft.achievements, t.empty_section);
  doc.heading1(t.shortcomings_heading);
  prose(doc, c.draft.shortcomings, t.empty_section);
  doc.heading1(t.suggestions_heading);
  prose(doc, c.draft.suggestions, t.empty_section);

  doc.paragraph(fill(t.closing, c, t));
  doc.right(t.issuer);
  doc.right(today_text());
  return write_docx(doc);
}

Result<std::string> press_release_docx(const JointReportContent& c, const JointReportTemplate& t) {
  Figures f(c.stats);
  DocxDocument doc(t.press_title);
  doc.title(t.press_title);
  doc.subtitle(t.issuer + "　" + today_text());
  doc.paragraph(fill(t.press_lead, c, t));
  std::string figures = "行动期间，";
  std::vector<std::string> parts;
  if (f.has("tips.received")) parts.push_back("受理群众举报线索" + f.text("tips.received") + "条");
  if (f.has("cases.opened"))
    parts.push_back("立案查处涉野生动物案件" + f.text("cases.opened") + "起");
  if (f.value("transfers.criminal_sent") > 0)
    parts.push_back("移送涉嫌犯罪案件" + f.text("transfers.criminal_sent") + "起");
  if (f.value("specimens.count") > 0)
    parts.push_back("查获野生动物及其制品" + f.text("specimens.count") + "只（件）");
  if (f.value("listings.taken_down") > 0)
    parts.push_back("督促下架网络违法信息" + f.text("listings.taken_down") + "条");
  if (f.value("patrols.count") > 0)
    parts.push_back("开展野外巡护" + f.text("patrols.count") + "次");
  if (f.value("inspections.places") > 0)
    parts.push_back("检查重点场所" + f.text("inspections.places") + "处");
  for (std::size_t i = 0; i < parts.size(); ++i) figures += (i ? "，" : "") + parts[i];
  if (!parts.empty()) doc.paragraph(figures + "。");
  if (!c.cases.empty()) {
    doc.paragraph(fill(t.press_cases_intro, c, t));
    int n = 0;
    for (const auto& k : c.cases)
      doc.paragraph("案例" + chinese_numeral(++n) + "：" + k.public_text);
  }
  doc.paragraph(fill(t.press_closing, c, t));
  doc.right(t.issuer);
  return write_docx(doc);
}

// ---- PDF -----------------------------------------------------------------------------

bool pdf_conversion_available() {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    if (::access((fs::path(dir) / "soffice").c_str(), X_OK) == 0) return true;
  }
  return false;
}

Result<std::string> docx_to_pdf(const std::string& docx, std::chrono::seconds timeout) {
  if (!pdf_conversion_available())
    return fail(
        ErrorCode::kUnavailable,
        "服务器未安装 LibreOffice（soffice），无法生成 PDF；请下载 Word 版本，或由管理员安装 "
        "libreoffice-writer-nogui");
  std::string pattern = (fs::temp_directory_path() / "qingfeng-pdf-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr)
    return fail(ErrorCode::kInternal, "无法创建 PDF 转换临时目录");
  const fs::path dir = pattern;
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup{dir};
  {
    std::ofstream out(dir / "report.docx", std::ios::binary);
    out << docx;
    if (!out) return fail(ErrorCode::kInternal, "无法写入 PDF 转换临时文件");
  }
  {
    // The official fonts when installed, else the CJK serif/sans this
    // machine has: fontconfig would otherwise give 仿宋_GB2312 any CJK font.
    std::ofstream conf(dir / "fonts.conf");
    conf << kFontSubstitutes;
  }
  const std::string profile = "-env:UserInstallation=file://" + (dir / "profile").string();
  const std::string seconds = std::to_string(timeout.count());
  const std::string dir_text = dir.string(), input = (dir / "report.docx").string();
  const pid_t pid = ::fork();
  if (pid < 0) return fail(ErrorCode::kInternal, "无法启动 PDF 转换");
  if (pid == 0) {
    // The child: quiet, in its own directory, ended by timeout(1) if it hangs.
    std::freopen("/dev/null", "w", stdout);
    std::freopen("/dev/null", "w", stderr);
    if (::chdir(dir_text.c_str()) != 0) ::_exit(126);
    ::setenv("FONTCONFIG_FILE", (dir_text + "/fonts.conf").c_str(), 1);
    ::execlp("timeout", "timeout", "-k", "5", seconds.c_str(), "soffice", profile.c_str(),
             "--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir_text.c_str(),
             input.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return fail(ErrorCode::kInternal, "PDF 转换进程异常");
  }
  const fs::path pdf = dir / "report.pdf";
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !fs::exists(pdf)) {
    if (WIFEXITED(status) && WEXITSTATUS(status) == 124)
      return fail(ErrorCode::kInternal, "PDF 转换超时");
    return fail(ErrorCode::kInternal, "LibreOffice 未能把报告转换为 PDF");
  }
  auto bytes = read_text_file(pdf);
  if (!bytes) return fail(ErrorCode::kInternal, "无法读取转换后的 PDF");
  return bytes;
}

std::string joint_report_file_stem(const store::JointReport& r, bool press_release) {
  return std::string(press_release ? "新闻稿" : "联合行动报告") + "-" +
         service::china_date(r.period_from) + "-" + service::china_date(r.period_to - 1);
}

std::string joint_report_ascii_stem(const store::JointReport& r, bool press_release) {
  return std::string(press_release ? "press-release" : "joint-report") + "-" +
         service::china_date(r.period_from) + "-" + service::china_date(r.period_to - 1);
}

}  // namespace qf::report
