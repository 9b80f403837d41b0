// Case and tip exports on both backends: only the rows the caller's list
// shows, confidential fields masked for every role (the office and a tip's
// handler included), filters as in the lists, the row cap, and the audit row
// that records the export without its data.
#include "report/list_exports.h"

#include <gtest/gtest.h>

#include <set>

#include "service/case_service.h"
#include "service/tip_service.h"
#include "support/service_fixture.h"

namespace qf::report {
namespace {

using service::CallContext;
using testing::ServiceFixture;

constexpr const char* kLcId = "640502198001011234";
constexpr const char* kLcIdMasked = "6405**********1234";
constexpr const char* kLcPhone = "13912345678";
constexpr const char* kLcPhoneMasked = "139****5678";
constexpr const char* kNyId = "640521198505052012";
constexpr const char* kReporter = "马小兰";
constexpr const char* kReporterPhone = "13987654321";

service::NewCase lc_case() {
  service::NewCase c;
  c.title = "迎水桥镇农贸市场非法出售野生鸟类案";
  c.offence_type = "illegal_trade";
  c.source = "market_inspection";
  c.place_type = "market";
  c.place_text = "中卫市沙坡头区迎水桥镇农贸市场";
  service::CaseItem bird;
  bird.species = "画眉";
  bird.count = 12;
  bird.part = "whole_live";
  bird.origin = "wild";
  c.items = {bird};
  service::CaseParty suspect;
  suspect.name = "王某";
  suspect.id_number = kLcId;
  suspect.phones = kLcPhone;
  c.parties = {suspect};
  return c;
}

service::NewCase ny_case() {
  service::NewCase c;
  c.title = "黄河禁捕水域电鱼案";
  c.offence_type = "illegal_fishing";
  c.source = "patrol";
  c.place_type = "no_fishing_water";
  service::CaseParty suspect;
  suspect.name = "李某";
  suspect.id_number = kNyId;
  suspect.phones = "13700001111";
  c.parties = {suspect};
  return c;
}

service::NewTip tip(const std::string& content) {
  service::NewTip t;
  t.channel = "hotline";
  t.reporter_category = "villager";
  t.reporter_name = kReporter;
  t.reporter_phone = kReporterPhone;
  t.content = content;
  t.place_text = "沙坡头区迎水桥镇";
  t.species_text = "红隼";
  return t;
}

// The cells of one column, by header.
std::vector<std::string> column(const Table& t, const std::string& header) {
  std::size_t at = 0;
  while (at < t.columns.size() && t.columns[at].header != header) ++at;
  EXPECT_LT(at, t.columns.size()) << header;
  std::vector<std::string> out;
  for (const auto& row : t.rows) {
    if (at >= row.size()) continue;
    if (const auto* s = std::get_if<std::string>(&row[at]))
      out.push_back(*s);
    else if (const auto* d = std::get_if<double>(&row[at]))
      out.push_back(std::to_string(static_cast<long long>(*d)));
    else
      out.push_back("");
  }
  return out;
}

std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

class ListExportsTest : public ::testing::Test {
 protected:
  ListExportsTest()
      : office(f.make_user("office1", Role::kOffice, "OFFICE")),
        inspector(f.make_user("inspector", Role::kInspector, "OFFICE")),
        lc_leader(f.make_user("lc-leader", Role::kLeader, "LC")),
        lc_officer(f.make_user("lc-officer", Role::kOfficer, "LC")),
        lc_ranger(f.make_user("lc-ranger", Role::kRanger, "LC")),
        ny_officer(f.make_user("ny-officer", Role::kOfficer, "NY")),
        ga_officer(f.make_user("ga-officer", Role::kOfficer, "GA")) {
    service::CaseService cases(f.ctx());
    auto lc = cases.create(f.as(lc_officer), lc_case());
    EXPECT_TRUE(lc) << (lc ? "" : lc.error().message);
    lc_number = lc ? lc->record.number : "";
    auto ny = cases.create(f.as(ny_officer), ny_case());
    EXPECT_TRUE(ny) << (ny ? "" : ny.error().message);
    ny_number = ny ? ny->record.number : "";

    // Two tips: one assigned to LC with an LC officer as handler (who then
    // reads the reporter), one assigned to NY.
    service::TipService tips(f.ctx());
    auto t1 = tips.create(f.as(office), tip("保护区边上有人用鸟网捕鸟"));
    EXPECT_TRUE(t1) << (t1 ? "" : t1.error().message);
    lc_tip = t1 ? t1->tip.id : 0;
    EXPECT_TRUE(tips.assign(f.as(office), lc_tip, "LC"));
    auto current = tips.get(f.as(office), lc_tip);
    service::TipChanges handler;
    handler.handler_id = lc_officer.id;
    auto handled =
        tips.update(f.as(lc_leader), lc_tip, handler, current ? current->tip.version : 0);
    EXPECT_TRUE(handled) << (handled ? "" : handled.error().message);
    auto t2 = tips.create(f.as(office), tip("=HYPERLINK(\"http://evil\") 黄河边有人电鱼"));
    EXPECT_TRUE(t2) << (t2 ? "" : t2.error().message);
    ny_tip = t2 ? t2->tip.id : 0;
    EXPECT_TRUE(tips.assign(f.as(office), ny_tip, "NY"));
  }

  std::vector<std::pair<std::string, store::User>> everyone() const {
    return {{"office", office},         {"inspector", inspector}, {"lc-leader", lc_leader},
            {"lc-officer", lc_officer}, {"lc-ranger", lc_ranger}, {"ny-officer", ny_officer},
            {"ga-officer", ga_officer}};
  }

  long long audit_count(const std::string& action) {
    auto n = f.db().read([&](soci::session& s) -> Result<long long> {
      long long count = 0;
      s << "SELECT COUNT(*) FROM audit_log WHERE action = :a", soci::into(count), soci::use(action);
      return count;
    });
    return n ? *n : -1;
  }

  ServiceFixture f;
  store::User office, inspector, lc_leader, lc_officer, lc_ranger, ny_officer, ga_officer;
  std::string lc_number, ny_number;
  std::int64_t lc_tip = 0, ny_tip = 0;
};

TEST_F(ListExportsTest, CaseExportHasOnlyVisibleRowsAndMasksForEveryRole) {
  const std::map<std::string, std::set<std::string>> expected = {
      {"office", {lc_number, ny_number}},
      {"inspector", {lc_number, ny_number}},
      {"lc-leader", {lc_number}},
      {"lc-officer", {lc_number}},
      {"lc-ranger", {lc_number}},
      {"ny-officer", {ny_number}},
      {"ga-officer", {}}};
  for (const auto& [name, user] : everyone()) {
    SCOPED_TRACE(name);
    auto table = ListExporter(f.ctx()).case_table(f.as(user), {});
    ASSERT_TRUE(table) << table.error().message;
    EXPECT_EQ(as_set(column(*table, "案件编号")), expected.at(name));
    const std::string csv = to_csv(*table);
    // The owning department's leader reads the full ID in the case itself;
    // no export carries it, whoever asks.
    EXPECT_EQ(csv.find(kLcId), std::string::npos);
    EXPECT_EQ(csv.find(kLcPhone), std::string::npos);
    EXPECT_EQ(csv.find(kNyId), std::string::npos);
    if (expected.at(name).count(lc_number)) {
      EXPECT_NE(csv.find(kLcIdMasked), std::string::npos);
      EXPECT_NE(csv.find(kLcPhoneMasked), std::string::npos);
      EXPECT_NE(csv.find("王某（违法嫌疑人）"), std::string::npos);
      EXPECT_NE(csv.find("画眉 12只（整体（活体），野外）"), std::string::npos);
    }
  }
}

TEST_F(ListExportsTest, CaseExportFiltersAsTheList) {
  ListExporter exporter(f.ctx());
  CaseFilters ny;
  ny.owner_department = "NY";
  auto t = exporter.case_table(f.as(office), ny);
  ASSERT_TRUE(t);
  EXPECT_EQ(column(*t, "案件编号"), std::vector<std::string>{ny_number});
  EXPECT_EQ(column(*t, "主办部门"), std::vector<std::string>{"农业农村"});

  CaseFilters unknown;
  unknown.owner_department = "XX";
  t = exporter.case_table(f.as(office), unknown);
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->rows.empty());

  CaseFilters text;
  text.text = "画眉";
  t = exporter.case_table(f.as(office), text);
  ASSERT_TRUE(t);
  EXPECT_EQ(column(*t, "案件编号"), std::vector<std::string>{lc_number});

  CaseFilters offence;
  offence.offence_type = "illegal_fishing";
  t = exporter.case_table(f.as(office), offence);
  ASSERT_TRUE(t);
  EXPECT_EQ(column(*t, "违法类型"), std::vector<std::string>{"非法捕捞"});
}

TEST_F(ListExportsTest, TipExportHasOnlyVisibleRowsAndMasksTheReporterForEveryRole) {
  const std::string lc = std::to_string(lc_tip), ny = std::to_string(ny_tip);
  const std::map<std::string, std::set<std::string>> expected = {
      {"office", {lc, ny}}, {"inspector", {lc, ny}}, {"lc-leader", {lc}}, {"lc-officer", {lc}},
      {"lc-ranger", {lc}},  {"ny-officer", {ny}},    {"ga-officer", {}}};
  for (const auto& [name, user] : everyone()) {
    SCOPED_TRACE(name);
    auto table = ListExporter(f.ctx()).tip_table(f.as(user), {});
    ASSERT_TRUE(table) << table.error().message;
    EXPECT_EQ(as_set(column(*table, "线索ID")), expected.at(name));
    const std::string csv = to_csv(*table);
    // The office and the handler (lc-officer) read the reporter in the
    // list; the export never carries it.
    EXPECT_EQ(csv.find(kReporter), std::string::npos);
    EXPECT_EQ(csv.find(kReporterPhone), std::string::npos);
    for (const auto& reporter : column(*table, "举报人（已脱敏）")) EXPECT_EQ(reporter, "马*");
    for (const auto& phone : column(*table, "联系电话（已脱敏）")) EXPECT_EQ(phone, "139****4321");
    // No receipt codes: they are the reporter's key to the tip.
    for (const auto& c : table->columns) EXPECT_EQ(c.header.find("查询码"), std::string::npos);
  }
  // The tip that reads like a formula stays text in CSV.
  auto all = ListExporter(f.ctx()).tip_table(f.as(office), {});
  ASSERT_TRUE(all);
  EXPECT_NE(to_csv(*all).find("\"'=HYPERLINK(\"\"http://evil\"\") 黄河边有人电鱼\""),
            std::string::npos);

  service::TipQueryParams assigned;
  assigned.assigned_department_code = "NY";
  auto t = ListExporter(f.ctx()).tip_table(f.as(office), assigned);
  ASSERT_TRUE(t);
  EXPECT_EQ(column(*t, "线索ID"), std::vector<std::string>{ny});
  EXPECT_EQ(column(*t, "承办部门"), std::vector<std::string>{"农业农村"});
}

TEST_F(ListExportsTest, RowCapRefusesWithAClearMessage) {
  auto t = ListExporter(f.ctx(), 1).case_table(f.as(office), {});
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, ErrorCode::kInvalidInput);
  ASSERT_EQ(t.error().fields.size(), 1u);
  EXPECT_NE(t.error().fields[0].message.find("超过导出上限 1 条"), std::string::npos);
  // One visible row is within the cap.
  EXPECT_TRUE(ListExporter(f.ctx(), 1).case_table(f.as(lc_officer), {}));
}

TEST_F(ListExportsTest, ExportsAreAuditedWithFiltersAndCountButNoRows) {
  ListExporter exporter(f.ctx());
  CaseFilters filters;
  filters.text = "画眉";
  auto file = exporter.export_cases(f.as(office), filters, ExportFormat::kXlsx);
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(file->rows, 1);
  EXPECT_EQ(file->body.substr(0, 2), "PK");
  auto table = exporter.case_table(f.as(office), filters);
  ASSERT_TRUE(table);
  EXPECT_EQ(table->sheet_name, "案件列表");
  EXPECT_NE(table->title.find("共 1 条"), std::string::npos) << table->title;
  EXPECT_EQ(file->content_type,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(file->filename.substr(0, 13), "案件列表-");
  EXPECT_EQ(file->filename.substr(file->filename.size() - 5), ".xlsx");

  auto tips = exporter.export_tips(f.as(lc_officer), {}, ExportFormat::kCsv);
  ASSERT_TRUE(tips) << tips.error().message;
  EXPECT_EQ(tips->rows, 1);
  EXPECT_EQ(tips->content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(tips->ascii_filename.substr(0, 5), "tips-");

  EXPECT_EQ(audit_count("case.export"), 1);
  EXPECT_EQ(audit_count("tip.export"), 1);
  auto row = f.db().read([](soci::session& s) -> Result<std::pair<std::string, std::string>> {
    std::string actor, after;
    s << "SELECT actor, after_json FROM audit_log WHERE action = 'case.export'", soci::into(actor),
        soci::into(after);
    return std::make_pair(actor, after);
  });
  ASSERT_TRUE(row);
  EXPECT_EQ(row->first, "office1");
  auto after = nlohmann::json::parse(row->second);
  EXPECT_EQ(after["format"], "xlsx");
  EXPECT_EQ(after["rows"], 1);
  EXPECT_EQ(after["filters"]["q"], "画眉");
  EXPECT_EQ(row->second.find("迎水桥"), std::string::npos);  // no row data
  EXPECT_EQ(row->second.find(kLcIdMasked), std::string::npos);
}

TEST(ExportFormatTest, Parses) {
  EXPECT_EQ(*parse_export_format(""), ExportFormat::kCsv);
  EXPECT_EQ(*parse_export_format("csv"), ExportFormat::kCsv);
  EXPECT_EQ(*parse_export_format("xlsx"), ExportFormat::kXlsx);
  EXPECT_FALSE(parse_export_format("xls"));
}

}  // namespace
}  // namespace qf::report
