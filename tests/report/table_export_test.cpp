// Table → CSV (RFC 4180, BOM, formula neutralisation) and → XLSX (a real
// zip with the sheet, header, merged title, frozen panes and filter),
// checked with the system's unzip.
#include "report/table_export.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace qf::report {
namespace {

namespace fs = std::filesystem;

// Output of a shell command (tests only; paths are our own temp names).
std::string run(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (fs::temp_directory_path() / "qf-report-test-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  std::size_t entries() const {
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(path_), fs::directory_iterator()));
  }

 private:
  fs::path path_;
};

Table sample() {
  Table t;
  t.title = "案件列表（测试）";
  t.columns = {{"案件编号", 16},
               {"备注", 30},
               {"罚款金额（元）", 12, ColumnKind::kNumber, "#,##0.00"},
               {"发生日期", 12, ColumnKind::kDate},
               {"登记时间", 17, ColumnKind::kDateTime}};
  // 2026-03-01 08:30 in Beijing is 00:30 UTC.
  const std::int64_t at = 1772325000000LL;
  t.rows.push_back({std::string("LC-2026-00001"), std::string("普通文字"), 1234.5, Timestamp{at},
                    Timestamp{at}});
  t.rows.push_back({std::string("LC-2026-00002"), std::string("含,逗号与\"引号\"\n和换行"), Cell(),
                    Timestamp{0}, Timestamp{at}});
  t.rows.push_back(
      {std::string("=HYPERLINK(\"http://x\")"), std::string("+86 139"), -3.0, Cell(), Cell()});
  t.rows.push_back({std::string("@SUM(A1)"), std::string("-1+1"), Cell(), Cell(), Cell()});
  return t;
}

TEST(TableExportTest, CsvHasBomCrlfAndRfc4180Quoting) {
  const std::string csv = to_csv(sample());
  ASSERT_GE(csv.size(), 3u);
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  const std::string expected =
      "\xEF\xBB\xBF"
      "案件编号,备注,罚款金额（元）,发生日期,登记时间\r\n"
      "LC-2026-00001,普通文字,1234.5,2026-03-01,2026-03-01 08:30\r\n"
      "LC-2026-00002,\"含,逗号与\"\"引号\"\"\n和换行\",,,2026-03-01 08:30\r\n"
      "\"'=HYPERLINK(\"\"http://x\"\")\",'+86 139,-3,,\r\n"
      "'@SUM(A1),'-1+1,,,\r\n";
  EXPECT_EQ(csv, expected);
}

TEST(TableExportTest, FormulaNeutralisation) {
  EXPECT_EQ(neutralise_formula("=1+1"), "'=1+1");
  EXPECT_EQ(neutralise_formula("+1"), "'+1");
  EXPECT_EQ(neutralise_formula("-1"), "'-1");
  EXPECT_EQ(neutralise_formula("@x"), "'@x");
  EXPECT_EQ(neutralise_formula("\tx"), "'\tx");
  EXPECT_EQ(neutralise_formula("灰鹤=2"), "灰鹤=2");
  EXPECT_EQ(neutralise_formula(""), "");
}

TEST(TableExportTest, CsvReplacesBrokenUtf8) {
  Table t;
  t.title = "x";
  t.columns = {{"名称"}};
  t.rows.push_back(
      {std::string("ab\xFF"
                   "c")});
  EXPECT_EQ(to_csv(t),
            "\xEF\xBB\xBF名称\r\nab\xEF\xBF\xBD"
            "c\r\n");
}

TEST(TableExportTest, LocalTimesAreChinaStandardTime) {
  EXPECT_EQ(format_local_date(0), "");
  // Midnight in Beijing is 16:00 UTC the day before.
  EXPECT_EQ(format_local_date(1772380800000LL - 1), "2026-03-01");
  EXPECT_EQ(format_local_date(1772380800000LL), "2026-03-02");
  EXPECT_EQ(format_local_datetime(1772325000000LL), "2026-03-01 08:30");
}

TEST(TableExportTest, XlsxIsAZipWithTheSheetHeaderTitleAndLayout) {
  ScratchDir dir;
  auto path = write_xlsx(sample(), dir.path());
  ASSERT_TRUE(path) << path.error().message;
  ASSERT_TRUE(fs::exists(*path));
  EXPECT_EQ(fs::status(*path).permissions() & fs::perms::others_read, fs::perms::none);

  std::ifstream in(*path, std::ios::binary);
  char magic[2] = {0, 0};
  in.read(magic, 2);
  EXPECT_EQ(std::string(magic, 2), "PK");

  const std::string listing = run("unzip -l '" + path->string() + "'");
  EXPECT_NE(listing.find("xl/worksheets/sheet1.xml"), std::string::npos) << listing;
  EXPECT_NE(listing.find("xl/styles.xml"), std::string::npos);

  const std::string sheet = run("unzip -p '" + path->string() + "' xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("案件编号"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("罚款金额（元）"), std::string::npos);
  EXPECT_NE(sheet.find("案件列表（测试）"), std::string::npos);
  EXPECT_NE(sheet.find("<mergeCell ref=\"A1:E1\"/>"), std::string::npos);
  EXPECT_NE(sheet.find("state=\"frozen\""), std::string::npos);
  EXPECT_NE(sheet.find("ySplit=\"2\""), std::string::npos);
  EXPECT_NE(sheet.find("<autoFilter ref=\"A2:E6\"/>"), std::string::npos);
  EXPECT_NE(sheet.find("<v>1234.5</v>"), std::string::npos);
  // Text that looks like a formula is stored as text, not as a formula.
  EXPECT_EQ(sheet.find("<f>"), std::string::npos);
  EXPECT_NE(sheet.find("=HYPERLINK"), std::string::npos);

  const std::string styles = run("unzip -p '" + path->string() + "' xl/styles.xml");
  EXPECT_NE(styles.find("yyyy-mm-dd hh:mm"), std::string::npos);
  EXPECT_NE(styles.find("#,##0.00"), std::string::npos);

  const std::string workbook = run("unzip -p '" + path->string() + "' xl/workbook.xml");
  EXPECT_NE(workbook.find("name=\"案件列表（测试）\""), std::string::npos) << workbook;
  EXPECT_NE(workbook.find("_xlnm._FilterDatabase"), std::string::npos);
  fs::remove(*path);
  EXPECT_EQ(dir.entries(), 0u);  // libxlsxwriter's own temp files are gone too
}

TEST(TableExportTest, XlsxOfAnEmptyTableHasTitleAndHeader) {
  ScratchDir dir;
  Table t = sample();
  t.rows.clear();
  t.title = "a/b:c*?[d]";  // characters a sheet name may not hold
  auto path = write_xlsx(t, dir.path());
  ASSERT_TRUE(path) << path.error().message;
  const std::string sheet = run("unzip -p '" + path->string() + "' xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<autoFilter ref=\"A2:E2\"/>"), std::string::npos) << sheet;
  const std::string workbook = run("unzip -p '" + path->string() + "' xl/workbook.xml");
  EXPECT_NE(workbook.find("name=\"abcd\""), std::string::npos) << workbook;
}

TEST(TableExportTest, FailedWriteLeavesNothingBehind) {
  auto path = write_xlsx(sample(), "/nonexistent-qingfeng-dir");
  EXPECT_FALSE(path);
}

TEST(TableExportTest, XlsxBytesRemoveTheirTempFile) {
  ScratchDir dir;
  const char* old = getenv("TMPDIR");
  const std::string saved = old ? old : "";
  setenv("TMPDIR", dir.path().c_str(), 1);
  auto bytes = to_xlsx_bytes(sample());
  if (old)
    setenv("TMPDIR", saved.c_str(), 1);
  else
    unsetenv("TMPDIR");
  ASSERT_TRUE(bytes) << bytes.error().message;
  EXPECT_EQ(bytes->substr(0, 2), "PK");
  EXPECT_GT(bytes->size(), 1000u);
  EXPECT_EQ(dir.entries(), 0u);
}

}  // namespace
}  // namespace qf::report
