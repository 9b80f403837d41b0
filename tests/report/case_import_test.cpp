// CSV import of historical cases on both backends: the parser, a dry run
// that reports every bad row and creates nothing, all-or-nothing imports,
// correct numbers, items and parties, department rules and the audit.
#include "report/case_import.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "report/table_export.h"
#include "service/case_service.h"
#include "support/service_fixture.h"

namespace qf::report {
namespace {

using testing::ServiceFixture;

const std::string kHeader =
    "title,offence_type,source,place_type,place_text,occurred_at,summary,species,count,weight_kg,"
    "part,"
    "origin,suspect_name,suspect_id_number,owner_department\r\n";

// Three good rows: codes and Chinese labels, quoting with a comma, a quote
// and a line break, Excel's YYYY/M/D date, no item or suspect in the last.
const std::string kGoodRows =
    "沙坡头保护区猎捕灰鹤案,illegal_hunting,patrol,protected_area,腾格里沙漠边缘,2021-11-03,"
    "\"夜间巡护发现，现场\"\"鸟网\"\"两张\n已收缴\",灰鹤,2,,whole_dead,wild,马某,"
    "640502198001011234,\r\n"
    "迎水桥镇市场出售画眉案,非法出售/收购/利用,市场检查,农贸/花鸟市场,迎水桥镇农贸市场,2022/3/"
    "5,,画眉,12,"
    "0.8,整体（活体）,野外,王某,,\r\n"
    "黄河禁捕水域电鱼案,illegal_fishing,tip,no_fishing_water,黄河沙坡头段,,,,,,,,,,\r\n";

std::string bom() { return "\xEF\xBB\xBF"; }

class CaseImportTest : public ::testing::Test {
 protected:
  CaseImportTest()
      : office(f.make_user("office1", Role::kOffice, "OFFICE")),
        lc_officer(f.make_user("lc-officer", Role::kOfficer, "LC")),
        inspector(f.make_user("inspector", Role::kInspector, "OFFICE")) {}

  long long count(const std::string& sql) {
    auto n = f.db().read([&](soci::session& s) -> Result<long long> {
      long long v = 0;
      s << sql, soci::into(v);
      return v;
    });
    return n ? *n : -1;
  }
  long long cases() { return count("SELECT COUNT(*) FROM cases"); }

  std::vector<std::string> problems(const ImportReport& r) {
    std::vector<std::string> out;
    for (const auto& p : r.problems) out.push_back(std::to_string(p.row) + ":" + p.column);
    return out;
  }

  ServiceFixture f;
  store::User office, lc_officer, inspector;
};

TEST_F(CaseImportTest, GoodFileImportsEveryRowInOrderWithNumbersItemsAndParties) {
  auto r = CaseImporter(f.ctx()).run(f.as(lc_officer), bom() + kHeader + kGoodRows, false);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(r->ok()) << describe(r->problems[0]);
  EXPECT_FALSE(r->dry_run);
  EXPECT_EQ(r->rows, 3);
  ASSERT_EQ(r->created.size(), 3u);
  const std::string year = format_local_date(now_ms()).substr(0, 4);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(r->created[i].row, i + 2);
    EXPECT_EQ(r->created[i].number, "LC-" + year + "-0000" + std::to_string(i + 1));
  }
  EXPECT_EQ(cases(), 3);

  service::CaseService service(f.ctx());
  auto first = service.get(f.as(lc_officer), r->created[0].id);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->record.title, "沙坡头保护区猎捕灰鹤案");
  EXPECT_EQ(first->record.offence_type, "illegal_hunting");
  EXPECT_EQ(first->record.state, "registered");
  EXPECT_EQ(first->record.owner_department_code, "LC");
  EXPECT_EQ(first->record.summary, "夜间巡护发现，现场\"鸟网\"两张\n已收缴");
  EXPECT_EQ(format_local_date(first->record.occurred_at), "2021-11-03");
  ASSERT_EQ(first->record.items.size(), 1u);
  EXPECT_EQ(first->record.items[0].species, "灰鹤");
  EXPECT_EQ(first->record.items[0].count, 2);
  EXPECT_EQ(first->record.items[0].origin, "wild");
  ASSERT_EQ(first->record.parties.size(), 1u);
  EXPECT_EQ(first->record.parties[0].id_number, "640502198001011234");
  EXPECT_TRUE(first->record.priority);  // killing migratory birds: the rules ran

  auto second = service.get(f.as(lc_officer), r->created[1].id);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->record.offence_type, "illegal_trade");
  EXPECT_EQ(second->record.source, "market_inspection");
  EXPECT_EQ(second->record.place_type, "market");
  EXPECT_EQ(format_local_date(second->record.occurred_at), "2022-03-05");
  ASSERT_EQ(second->record.items.size(), 1u);
  EXPECT_EQ(second->record.items[0].part, "whole_live");
  EXPECT_DOUBLE_EQ(second->record.items[0].weight_kg, 0.8);

  auto third = service.get(f.as(lc_officer), r->created[2].id);
  ASSERT_TRUE(third);
  EXPECT_TRUE(third->record.items.empty());
  EXPECT_TRUE(third->record.parties.empty());
  EXPECT_EQ(third->record.occurred_at, 0);

  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'case.create'"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'case.import'"), 1);
}

TEST_F(CaseImportTest, DryRunChecksEverythingAndCreatesNothing) {
  auto r = CaseImporter(f.ctx()).run(f.as(lc_officer), kHeader + kGoodRows, true);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->ok());
  EXPECT_TRUE(r->dry_run);
  EXPECT_EQ(r->rows, 3);
  EXPECT_TRUE(r->created.empty());
  EXPECT_EQ(cases(), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'case.%'"), 0);
}

TEST_F(CaseImportTest, DryRunReportsEveryBadRowAndColumn) {
  const std::string csv =
      kHeader +
      // row 2: fine
      "好的一行,illegal_hunting,patrol,,,,,,,,,,,,\r\n"
      // row 3: no title, unknown offence type
      ",盗猎,patrol,,,,,,,,,,,,\r\n"
      // row 4: bad date, negative count, unknown part
      "案件四,illegal_hunting,patrol,,,2023-02-30,,灰鹤,-1,,头,,,,\r\n"
      // blank row: skipped, not an error
      ",,,,,,,,,,,,,,\r\n"
      // row 6: wrong ID check digit, unknown department, future date
      "案件六,illegal_hunting,巡护,,,2999-01-01,,,,,,,张某,640502198001011235,XX\r\n"
      // row 7: weight without species, ID without name, no source
      "案件七,illegal_hunting,,,,,,,,3kg,,,,640502198001011234,\r\n";
  auto r = CaseImporter(f.ctx()).run(f.as(lc_officer), csv, true);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(r->ok());
  EXPECT_EQ(r->rows, 5);
  EXPECT_EQ(problems(*r), (std::vector<std::string>{
                              "3:title", "3:offence_type",                                   //
                              "4:occurred_at", "4:count", "4:part",                          //
                              "6:occurred_at", "6:suspect_id_number", "6:owner_department",  //
                              "7:source", "7:weight_kg", "7:species", "7:suspect_name"}));
  for (const auto& p : r->problems) EXPECT_FALSE(p.message.empty());
  EXPECT_NE(
      describe(r->problems[1]).find("第 3 行「违法类型」(offence_type)：未知的违法类型「盗猎」"),
      std::string::npos)
      << describe(r->problems[1]);
  EXPECT_EQ(cases(), 0);
}

TEST_F(CaseImportTest, OneBadRowImportsNothingEvenWithoutDryRun) {
  const std::string csv =
      kHeader + kGoodRows + "坏的一行,illegal_hunting,patrol,,,昨天,,,,,,,,,\r\n";
  auto r = CaseImporter(f.ctx()).run(f.as(lc_officer), csv, false);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(r->ok());
  EXPECT_EQ(problems(*r), std::vector<std::string>{"5:occurred_at"});
  EXPECT_TRUE(r->created.empty());
  EXPECT_EQ(cases(), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'case.%'"), 0);
  // The sequence was not touched either: the next case is still number 1.
  auto again = CaseImporter(f.ctx()).run(f.as(lc_officer), kHeader + kGoodRows, false);
  ASSERT_TRUE(again && again->ok());
  EXPECT_EQ(again->created[0].number.substr(again->created[0].number.size() - 5), "00001");
}

TEST_F(CaseImportTest, HeaderProblemsAndBrokenFiles) {
  CaseImporter importer(f.ctx());
  auto r = importer.run(f.as(lc_officer), "title,offence,source\r\nx,y,z\r\n", true);
  ASSERT_TRUE(r);
  EXPECT_EQ(problems(*r), (std::vector<std::string>{"1:offence", "1:offence_type"}));

  // Chinese labels work as headers; a repeated column does not.
  r = importer.run(f.as(lc_officer),
                   "案件名称,违法类型,案件来源,title\r\nx,illegal_hunting,patrol,y\r\n", true);
  ASSERT_TRUE(r);
  EXPECT_EQ(problems(*r), std::vector<std::string>{"1:title"});
  r = importer.run(f.as(lc_officer), "案件名称,违法类型,案件来源\r\nx,illegal_hunting,patrol\r\n",
                   true);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->ok());

  // GBK (as Excel's plain "CSV") is refused with the way out.
  r = importer.run(f.as(lc_officer), kHeader + "\xB0\xB8\xBC\xFE,illegal_hunting,patrol\r\n", true);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->problems.size(), 1u);
  EXPECT_EQ(r->problems[0].row, 2);
  EXPECT_NE(r->problems[0].message.find("UTF-8"), std::string::npos);

  r = importer.run(f.as(lc_officer), "", true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->problems.size(), 1u);
  r = importer.run(f.as(lc_officer), kHeader, true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->problems.size(), 1u);

  r = importer.run(f.as(lc_officer), kHeader + "x,illegal_hunting,patrol,,,,\"open\r\n", true);
  ASSERT_TRUE(r);
  EXPECT_EQ(problems(*r), std::vector<std::string>{"2:"});

  // More cells than the header has columns.
  r = importer.run(f.as(lc_officer),
                   "title,offence_type,source\r\nx,illegal_hunting,patrol,extra\r\n", true);
  ASSERT_TRUE(r);
  EXPECT_EQ(problems(*r), std::vector<std::string>{"2:"});

  // NUL has no place in a case (and PostgreSQL refuses it).
  r = importer.run(
      f.as(lc_officer),
      "title,offence_type,source\r\nx" + std::string(1, '\0') + "y,illegal_hunting,patrol\r\n",
      true);
  ASSERT_TRUE(r);
  EXPECT_EQ(problems(*r), std::vector<std::string>{"2:title"});
}

TEST_F(CaseImportTest, OwnerDepartmentIsTheOfficesChoice) {
  CaseImporter importer(f.ctx());
  const std::string to_ny =
      "title,offence_type,source,owner_department\r\n电鱼案,illegal_fishing,patrol,NY\r\n";
  auto r = importer.run(f.as(lc_officer), to_ny, false);
  ASSERT_TRUE(r);
  EXPECT_EQ(problems(*r), std::vector<std::string>{"2:owner_department"});
  EXPECT_EQ(cases(), 0);

  // An officer may name their own department (it is the default anyway).
  r = importer.run(f.as(lc_officer),
                   "title,offence_type,source,owner_department\r\n案,illegal_hunting,patrol,LC\r\n",
                   true);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->ok());

  r = importer.run(f.as(office), to_ny, false);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(r->ok()) << describe(r->problems[0]);
  ASSERT_EQ(r->created.size(), 1u);
  EXPECT_EQ(r->created[0].number.substr(0, 3), "NY-");

  // By short name too.
  r = importer.run(
      f.as(office),
      "title,offence_type,source,owner_department\r\n案,illegal_hunting,patrol,林草\r\n", false);
  ASSERT_TRUE(r && r->ok());
  EXPECT_EQ(r->created[0].number.substr(0, 3), "LC-");
}

TEST_F(CaseImportTest, ReadOnlyRolesMayNotImport) {
  auto r = CaseImporter(f.ctx()).run(f.as(inspector), kHeader + kGoodRows, true);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
}

}  // namespace
}  // namespace qf::report
