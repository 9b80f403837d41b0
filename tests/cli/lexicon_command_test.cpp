// `qingfeng lexicon` as an administrator uses it, as a subprocess, on the
// backend ctest chose: export the built-in set, add a term, import it as a
// revision (a dry run saves nothing; a bad line is refused with file:line),
// and `qingfeng scan --lexicon` over the export finds the new term.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "support/shell_command.h"
#include "support/test_database.h"

namespace qf::cli {
namespace {

using testing::CommandResult;

class LexiconCommandTest : public ::testing::Test {
 protected:
  CommandResult run(const std::string& args) {
    std::string cmd = "cd '" + t.dir() + "' && '" QINGFENG_BINARY "' --db '" + t.url() + "' " +
                      args + " < /dev/null 2>&1";
    return testing::run_shell(cmd);
  }

  void append(const std::string& file, const std::string& line) {
    std::ofstream out(file, std::ios::app | std::ios::binary);
    out << line << "\n";
  }

  testing::TestDatabase t{/*migrate=*/false};
};

TEST_F(LexiconCommandTest, ExportEditImportAndScanWithIt) {
  const std::string dir = t.dir() + "/lexicon";
  auto shown = run("lexicon show");
  ASSERT_EQ(shown.exit_code, 0) << shown.out;
  EXPECT_NE(shown.out.find("程序内置词库"), std::string::npos) << shown.out;

  auto exported = run("lexicon export --dir '" + dir + "'");
  ASSERT_EQ(exported.exit_code, 0) << exported.out;
  ASSERT_TRUE(std::filesystem::exists(dir + "/tools.txt")) << exported.out;

  append(dir + "/tools.txt", "鸟王神器 colour=red");
  auto bad = run("lexicon import --dir '" + dir + "' --note 写错了");
  EXPECT_EQ(bad.exit_code, 2) << bad.out;
  EXPECT_NE(bad.out.find("tools.txt:"), std::string::npos) << bad.out;

  auto rerun = run("lexicon export --dir '" + dir + "'");  // back to the file in force
  ASSERT_EQ(rerun.exit_code, 0);
  append(dir + "/tools.txt", "鸟王神器");
  auto dry = run("lexicon import --dir '" + dir + "' --dry-run");
  ASSERT_EQ(dry.exit_code, 0) << dry.out;
  EXPECT_NE(dry.out.find("试运行"), std::string::npos) << dry.out;
  EXPECT_NE(run("lexicon show").out.find("程序内置词库（生效中）"), std::string::npos);

  auto no_note = run("lexicon import --dir '" + dir + "'");
  EXPECT_EQ(no_note.exit_code, 2) << no_note.out;
  auto saved = run("lexicon import --dir '" + dir + "' --note 新出现的诱捕器俗称");
  ASSERT_EQ(saved.exit_code, 0) << saved.out;
  EXPECT_NE(saved.out.find("第 1 版（生效中）"), std::string::npos) << saved.out;
  auto again = run("lexicon import --dir '" + dir + "' --note 再来一次");
  EXPECT_NE(again.exit_code, 0) << again.out;  // unchanged: nothing to save

  // The exported set scans offline exactly as the service will.
  const std::string input = t.dir() + "/in.jsonl";
  std::ofstream(input) << R"({"id":"a1","text":"出售鸟王神器 包邮"})"
                       << "\n";
  auto scanned = run("scan --lexicon '" + dir + "' '" + input + "'");
  ASSERT_EQ(scanned.exit_code, 0) << scanned.out;
  EXPECT_NE(scanned.out.find("鸟王神器"), std::string::npos) << scanned.out;
  auto builtin = run("scan '" + input + "'");
  EXPECT_EQ(builtin.out.find("\"鸟王神器\""), std::string::npos) << builtin.out;
}

}  // namespace
}  // namespace qf::cli
