// `qingfeng report evaluation` as an operator runs it, on the backend ctest
// chose: the evaluation as JSON (not stored), CSV with the long score table,
// and the Excel table (a zip with both sheets, the title and merged group
// headers); a bad period exits 2.
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

class EvaluationReportTest : public ::testing::Test {
 protected:
  CommandResult run(const std::string& args) {
    return testing::run_qingfeng_in(t.dir(), t.url(), args);
  }
  // Two 林草 cases in March 2026, one closed (the first run migrated and
  // seeded the departments).
  void add_cases() {
    const std::int64_t at = *parse_china_date("2026-03-10");
    auto ok = t.db().transact([&](soci::session& s) -> Result<bool> {
      long long dept = 0, created = at;
      s << "SELECT id FROM departments WHERE code = 'LC'", soci::into(dept);
      for (const char* state : {"closed", "filed"}) {
        std::string number = std::string("LC-2026-") + state, st = state;
        s << "INSERT INTO cases (number, title, offence_type, source, state, "
             "owner_department_id, created_at, updated_at) VALUES (:n, '案件', "
             "'illegal_hunting', 'tip', :s, :d, :c, :u)",
            soci::use(number), soci::use(st), soci::use(dept), soci::use(created),
            soci::use(created);
      }
      return true;
    });
    ASSERT_TRUE(ok) << ok.error().message;
  }
  testing::TestDatabase t{/*migrate=*/false};
};

const std::string kPeriod = "report evaluation --from 2026-03-01 --to 2026-04-01";

TEST_F(EvaluationReportTest, JsonCsvAndExcel) {
  auto first = run(kPeriod);
  ASSERT_EQ(first.exit_code, 0) << first.out;
  add_cases();
  auto json = run(kPeriod + " --output evaluation.json");
  ASSERT_EQ(json.exit_code, 0) << json.out;
  auto j = nlohmann::json::parse(read_file(t.dir() + "/evaluation.json"));
  EXPECT_EQ(j["indicator_version"], 0);
  bool found = false;
  for (const auto& d : j["departments"])
    if (d["department_code"] == "LC")
      for (const auto& s : d["scores"])
        if (s["code"] == "cases.closure_rate") {
          found = true;
          EXPECT_EQ(s["score"], 50);
          EXPECT_EQ(s["denominator"], 2);
        }
  EXPECT_TRUE(found);
  // Computed, not stored.
  auto stored = t.db().read([&](soci::session& s) -> Result<long long> {
    long long n = -1;
    s << "SELECT COUNT(*) FROM evaluation_runs", soci::into(n);
    return n;
  });
  ASSERT_TRUE(stored);
  EXPECT_EQ(*stored, 0);

  auto csv = run(kPeriod + " --format csv --output evaluation.csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.out;
  const std::string text = read_file(t.dir() + "/evaluation.csv");
  EXPECT_EQ(text.rfind("\xEF\xBB\xBF", 0), 0u);
  EXPECT_NE(text.find("名次,部门,总分,指标组,指标,是否计分"), std::string::npos)
      << text.substr(0, 200);
  EXPECT_NE(text.find("案件结案率,计分,1,2,50"), std::string::npos);
  EXPECT_NE(text.find("巡护计划完成率（次数）,不适用"), std::string::npos);

  auto xlsx = run(kPeriod + " --format xlsx --output evaluation.xlsx");
  ASSERT_EQ(xlsx.exit_code, 0) << xlsx.out;
  const std::string path = t.dir() + "/evaluation.xlsx";
  EXPECT_EQ(read_file(path).rfind("PK\x03\x04", 0), 0u);
  auto workbook = shell("unzip -p '" + path + "' xl/workbook.xml");
  ASSERT_EQ(workbook.exit_code, 0) << workbook.out;
  EXPECT_NE(workbook.out.find("考核排名"), std::string::npos);
  EXPECT_NE(workbook.out.find("得分明细"), std::string::npos);
  auto strings = shell("unzip -p '" + path + "' xl/sharedStrings.xml");
  EXPECT_NE(strings.out.find("清风行动部门考核评价（2026-03-01 至 2026-03-31）"),
            std::string::npos);
  EXPECT_NE(strings.out.find("线索与案件"), std::string::npos);
  EXPECT_NE(strings.out.find("不适用"), std::string::npos);
  auto sheet = shell("unzip -p '" + path + "' xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.out.find("<mergeCell "), std::string::npos);
}

TEST_F(EvaluationReportTest, BadPeriodExitsTwo) {
  auto inverted = run("report evaluation --from 2026-04-01 --to 2026-03-01");
  EXPECT_EQ(inverted.exit_code, 2) << inverted.out;
  EXPECT_NE(inverted.out.find("考核截止时间应晚于起始时间"), std::string::npos) << inverted.out;
}

}  // namespace
}  // namespace qf::cli
