// `qingfeng report stats` as an operator runs it, on the backend ctest
// chose: JSON to stdout, CSV and Excel files (the workbook is a zip holding
// both sheets, with the title and the merged section headers), bad periods
// refused with exit code 2.
#include <gtest/gtest.h>

#include <cstdio>
#include <iterator>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "support/shell_command.h"
#include "support/test_database.h"

namespace qf::cli {
namespace {

using testing::CommandResult;

using testing::read_file;
CommandResult shell(const std::string& cmd) { return testing::run_shell_merged(cmd); }

class ReportCommandTest : public ::testing::Test {
 protected:
  CommandResult run(const std::string& args) {
    return testing::run_qingfeng_in(t.dir(), t.url(), args);
  }
  // One 林草 case in March 2026 (the first run migrated and seeded the
  // departments).
  void add_case() {
    const std::int64_t at = *parse_china_date("2026-03-10");
    auto ok = t.db().transact([&](soci::session& s) -> Result<bool> {
      long long dept = 0, created = at;
      s << "SELECT id FROM departments WHERE code = 'LC'", soci::into(dept);
      s << "INSERT INTO cases (number, title, offence_type, source, state, owner_department_id, "
           "created_at, updated_at) VALUES ('LC-2026-00001', '案件', 'illegal_hunting', 'tip', "
           "'filed', :d, :c, :u)",
          soci::use(dept), soci::use(created), soci::use(created);
      return true;
    });
    ASSERT_TRUE(ok) << ok.error().message;
  }
  testing::TestDatabase t{/*migrate=*/false};
};

const std::string kPeriod = "report stats --from 2026-03-01 --to 2026-04-01";

TEST_F(ReportCommandTest, JsonCsvAndExcel) {
  auto first = run(kPeriod);
  ASSERT_EQ(first.exit_code, 0) << first.out;
  add_case();
  auto json = run(kPeriod + " --output stats.json");
  ASSERT_EQ(json.exit_code, 0) << json.out;
  auto j = nlohmann::json::parse(read_file(t.dir() + "/stats.json"));
  bool found = false;
  for (const auto& sec : j["sections"])
    for (const auto& f : sec["figures"])
      if (f["code"] == "cases.opened") {
        found = true;
        EXPECT_EQ(f["value"], 1);
      }
  EXPECT_TRUE(found);

  auto csv = run(kPeriod + " --format csv --output stats.csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.out;
  const std::string text = read_file(t.dir() + "/stats.csv");
  EXPECT_EQ(text.rfind("\xEF\xBB\xBF", 0), 0u);  // BOM for Excel
  EXPECT_NE(text.find("分组,指标,分类/部门,数值,单位,下钻"), std::string::npos)
      << text.substr(0, 200);
  EXPECT_NE(text.find("案件查办,登记案件,合计,1,件,/api/v1/cases?created_from="),
            std::string::npos);
  EXPECT_NE(text.find("案件查办,登记案件,部门：林草,1,件"), std::string::npos);

  auto xlsx = run(kPeriod + " --department LC --format xlsx --output stats.xlsx");
  ASSERT_EQ(xlsx.exit_code, 0) << xlsx.out;
  const std::string path = t.dir() + "/stats.xlsx";
  EXPECT_EQ(read_file(path).rfind("PK\x03\x04", 0), 0u);  // a zip
  auto workbook = shell("unzip -p '" + path + "' xl/workbook.xml");
  ASSERT_EQ(workbook.exit_code, 0) << workbook.out;
  EXPECT_NE(workbook.out.find("各部门战果"), std::string::npos);
  EXPECT_NE(workbook.out.find("指标明细"), std::string::npos);
  auto strings = shell("unzip -p '" + path + "' xl/sharedStrings.xml");
  EXPECT_NE(strings.out.find("清风行动战果统计（2026-03-01 至 2026-03-31）"), std::string::npos);
  EXPECT_NE(strings.out.find("案件查办"), std::string::npos);
  auto sheet = shell("unzip -p '" + path + "' xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.out.find("<mergeCell "), std::string::npos);  // title and section headers
}

TEST_F(ReportCommandTest, BadPeriodExitsTwo) {
  auto inverted = run("report stats --from 2026-04-01 --to 2026-03-01");
  EXPECT_EQ(inverted.exit_code, 2) << inverted.out;
  EXPECT_NE(inverted.out.find("统计截止时间应晚于起始时间"), std::string::npos) << inverted.out;
  auto bad_date = run("report stats --from 2026-13-01 --to 2026-03-01");
  EXPECT_EQ(bad_date.exit_code, 2) << bad_date.out;
  auto bad_format = run(kPeriod + " --format pdf");
  EXPECT_NE(bad_format.exit_code, 0);
}

}  // namespace
}  // namespace qf::cli
