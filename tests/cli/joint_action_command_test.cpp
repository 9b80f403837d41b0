// `qingfeng report joint-action` as an operator runs it, on the backend
// ctest chose: a Word report of a period with a typical case (a zip whose
// document holds the anonymised case and the figures), the press release,
// a PDF when LibreOffice is installed, and bad input refused with exit 2.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <iterator>

#include "core/clock.h"
#include "support/shell_command.h"
#include "support/test_database.h"

namespace qf::cli {
namespace {

using testing::CommandResult;

using testing::read_file;
CommandResult shell(const std::string& cmd) { return testing::run_shell_merged(cmd); }

class JointActionCommandTest : public ::testing::Test {
 protected:
  CommandResult run(const std::string& args) {
    return testing::run_qingfeng_in(t.dir(), t.url(), args);
  }
  // One 林草 case in March 2026 with a named suspect.
  long long add_case() {
    const std::int64_t at = *parse_china_date("2026-03-10");
    long long id = 0;
    auto ok = t.db().transact([&](soci::session& s) -> Result<bool> {
      long long dept = 0, created = at;
      s << "SELECT id FROM departments WHERE code = 'LC'", soci::into(dept);
      s << "INSERT INTO cases (number, title, offence_type, source, state, owner_department_id, "
           "created_at, updated_at) VALUES ('LC-2026-00001', '赵大勇猎捕灰鹤案', "
           "'illegal_hunting', 'tip', 'filed', :d, :c, :u)",
          soci::use(dept), soci::use(created), soci::use(created);
      s << "SELECT id FROM cases WHERE number = 'LC-2026-00001'", soci::into(id);
      s << "INSERT INTO case_parties (case_id, position, kind, role, name) VALUES (:c, 0, "
           "'person', "
           "'suspect', '赵大勇')",
          soci::use(id);
      return true;
    });
    EXPECT_TRUE(ok) << ok.error().message;
    return id;
  }
  testing::TestDatabase t{/*migrate=*/false};
};

const std::string kPeriod = "report joint-action --from 2026-03-01 --to 2026-04-01";

TEST_F(JointActionCommandTest, WordReportPressReleaseAndPdf) {
  auto first = run(kPeriod + " --output empty.docx");
  ASSERT_EQ(first.exit_code, 0) << first.out;
  const long long id = add_case();
  auto docx = run(kPeriod + " --cases " + std::to_string(id) + " --output report.docx");
  ASSERT_EQ(docx.exit_code, 0) << docx.out;
  EXPECT_NE(docx.out.find("已写入 report.docx"), std::string::npos);
  const std::string bytes = read_file(t.dir() + "/report.docx");
  ASSERT_EQ(bytes.substr(0, 2), "PK");
  // The document XML is deflated inside the zip: read it with unzip -p.
  auto xml = shell("unzip -p '" + t.dir() + "/report.docx' word/document.xml");
  ASSERT_EQ(xml.exit_code, 0) << xml.out;
  EXPECT_NE(xml.out.find("赵某猎捕灰鹤案"), std::string::npos);
  EXPECT_EQ(xml.out.find("赵大勇"), std::string::npos);
  EXPECT_NE(xml.out.find("立案查处涉野生动物案件1起"), std::string::npos);

  auto press = run(kPeriod + " --cases " + std::to_string(id) + " --press-release --output p.docx");
  ASSERT_EQ(press.exit_code, 0) << press.out;
  auto press_xml = shell("unzip -p '" + t.dir() + "/p.docx' word/document.xml");
  EXPECT_EQ(press_xml.out.find("赵"), std::string::npos);
  EXPECT_NE(press_xml.out.find("查处一起"), std::string::npos);

  if (std::system("command -v soffice >/dev/null 2>&1") == 0) {
    auto pdf = run(kPeriod + " --format pdf --output report.pdf");
    ASSERT_EQ(pdf.exit_code, 0) << pdf.out;
    EXPECT_EQ(read_file(t.dir() + "/report.pdf").substr(0, 5), "%PDF-");
  }
}

TEST_F(JointActionCommandTest, RefusesBadInput) {
  EXPECT_EQ(run("report joint-action --from 2026-03-01 --output x.docx").exit_code, 2);
  EXPECT_EQ(run("report joint-action --from 2026-04-01 --to 2026-03-01 --output x.docx").exit_code,
            2);
  EXPECT_EQ(run(kPeriod + " --cases 999 --format docx --output x.docx").exit_code, 0)
      << "an unknown case is left out of an ad-hoc report";
  EXPECT_EQ(run(kPeriod + " --press-release --format pdf --output x.pdf").exit_code, 2);
  EXPECT_NE(run(kPeriod).exit_code, 0);  // --output is required
}

}  // namespace
}  // namespace qf::cli
