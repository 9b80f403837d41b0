// The `qingfeng` binary as an operator uses it, as a subprocess, on the
// backend ctest chose.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "support/shell_command.h"
#include "support/test_database.h"

namespace qf::cli {
namespace {

using testing::CommandResult;

class CliTest : public ::testing::Test {
 protected:
  CommandResult run(const std::string& args, const std::string& stdin_text = "",
                    const std::string& env = "") {
    std::string input = t.dir() + "/stdin.txt";
    FILE* in = std::fopen(input.c_str(), "w");
    std::fputs(stdin_text.c_str(), in);
    std::fclose(in);
    std::string cmd = "cd '" + t.dir() + "' && " + env + "QINGFENG_EVIDENCE_DIR='" + t.dir() +
                      "/evidence' '" QINGFENG_BINARY "' --db '" + t.url() + "' " + args + " < '" +
                      input + "' 2>&1";
    return testing::run_shell(cmd);
  }

  testing::TestDatabase t{/*migrate=*/false};
};

TEST_F(CliTest, HelpExplainsEverySubcommand) {
  auto r = run("--help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* sub : {"serve", "migrate", "demo", "user", "audit", "backup", "restore"})
    EXPECT_NE(r.out.find(sub), std::string::npos) << sub;
  auto user = run("user add --help");
  EXPECT_NE(user.out.find("--password-stdin"), std::string::npos);
}

TEST_F(CliTest, DemoThenUserLifecycle) {
  auto demo = run("demo --cases 30");
  ASSERT_EQ(demo.exit_code, 0) << demo.out;
  EXPECT_NE(demo.out.find("lc.officer"), std::string::npos);
  EXPECT_NE(demo.out.find("密码: "), std::string::npos);
  EXPECT_NE(demo.out.find("已生成演示案件 30 件"), std::string::npos) << demo.out;
  // The scanner's review queue has work: evasive wildlife ads, banned tools
  // and marketing wait for review; look-alike goods do not.
  EXPECT_NE(demo.out.find("已生成演示网络商品信息 20 条（待审核 14 条）"), std::string::npos)
      << demo.out;
  auto again = run("demo --cases 30");
  ASSERT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.out.find("密码: "), std::string::npos) << "passwords are printed only once";
  EXPECT_NE(again.out.find("跳过演示案件"), std::string::npos);
  EXPECT_EQ(again.out.find("演示网络商品信息"), std::string::npos) << "listings are seeded once";

  auto add = run("user add li --role officer --department NY --display-name 李明 --password-stdin",
                 "a long enough password\n");
  ASSERT_EQ(add.exit_code, 0) << add.out;
  EXPECT_NE(add.out.find("已创建用户 li"), std::string::npos);

  auto weak = run("user add wu --role officer --department NY --password-stdin", "short\n");
  EXPECT_NE(weak.exit_code, 0);
  EXPECT_NE(weak.out.find("密码至少"), std::string::npos);

  auto bad_role =
      run("user add wu --role king --department NY --password-stdin", "a long enough password\n");
  EXPECT_NE(bad_role.exit_code, 0);

  EXPECT_EQ(run("user passwd li --password-stdin", "another long password\n").exit_code, 0);
  EXPECT_EQ(run("user disable li").exit_code, 0);
  auto list = run("user list");
  ASSERT_EQ(list.exit_code, 0);
  EXPECT_NE(list.out.find("li\tofficer\tNY\t停用"), std::string::npos) << list.out;
  EXPECT_NE(run("user disable nobody").exit_code, 0);
}

TEST_F(CliTest, AuditVerifyCatchesATamperedRow) {
  ASSERT_EQ(run("demo --cases 30").exit_code, 0);
  auto ok = run("audit verify");
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_NE(ok.out.find("审计链完整"), std::string::npos);

  auto tampered = t.db().read([](soci::session& s) -> Status {
    s << "UPDATE audit_log SET actor = 'mallory' WHERE seq = 5";
    return {};
  });
  ASSERT_TRUE(tampered);
  auto bad = run("audit verify");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("第 5 条"), std::string::npos) << bad.out;
}

TEST_F(CliTest, MigrateRefusesAnEditedMigration) {
  ASSERT_EQ(run("migrate").exit_code, 0);
  ASSERT_TRUE(t.db().read([](soci::session& s) -> Status {
    s << "UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1";
    return {};
  }));
  auto r = run("migrate");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.out.find("0001_foundation.sql"), std::string::npos) << r.out;
  auto serve = run("serve --listen 127.0.0.1:0");
  EXPECT_NE(serve.exit_code, 0) << "serve must refuse to start";
}

TEST_F(CliTest, RefusesToRunWithAnotherDataKey) {
  ASSERT_EQ(run("migrate").exit_code, 0);
  std::filesystem::remove(t.dir() + "/var/data.key");  // a node started without the shared key
  auto r = run("migrate");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.out.find("数据加密密钥"), std::string::npos) << r.out;
}

TEST_F(CliTest, BackupAndRestore) {
  ASSERT_EQ(run("demo --cases 30").exit_code, 0);
  if (testing::TestDatabase::backend_name() == "postgres") {
    auto advice = run("backup --out x.db");
    EXPECT_EQ(advice.exit_code, 0);
    EXPECT_NE(advice.out.find("pg_dump"), std::string::npos);
    return;
  }
  auto backup = run("backup --out backup.db");
  ASSERT_EQ(backup.exit_code, 0) << backup.out;
  ASSERT_EQ(run("user add late --role officer --department LC --password-stdin",
                "a long enough password\n")
                .exit_code,
            0);
  EXPECT_NE(run("user list").out.find("late"), std::string::npos);
  auto restore = run("restore --from backup.db");
  ASSERT_EQ(restore.exit_code, 0) << restore.out;
  EXPECT_EQ(run("user list").out.find("late"), std::string::npos);
  EXPECT_EQ(run("audit verify").exit_code, 0);

  FILE* junk = std::fopen((t.dir() + "/junk.db").c_str(), "w");
  std::fputs("not a database at all", junk);
  std::fclose(junk);
  EXPECT_NE(run("restore --from junk.db").exit_code, 0);
}

}  // namespace
}  // namespace qf::cli

#include "cli/config.h"

namespace qf::cli {
namespace {

TEST_F(CliTest, LawAssessBySpeciesAndSpeciesImport) {
  auto assessed = run("law assess --species 马来穿山甲 --count 2 --price 30000");
  ASSERT_EQ(assessed.exit_code, 0) << assessed.out;
  EXPECT_NE(assessed.out.find("\"needs_appraisal\": true"), std::string::npos) << assessed.out;
  EXPECT_NE(assessed.out.find("\"lower_bound_yuan\": \"30000.00\""), std::string::npos);
  auto ambiguous = run("law assess --species 象牙");
  EXPECT_EQ(ambiguous.exit_code, 2);
  EXPECT_NE(ambiguous.out.find("非洲象"), std::string::npos) << ambiguous.out;

  const std::string csv = t.dir() + "/ningxia.csv";
  FILE* f = std::fopen(csv.c_str(), "w");
  std::fputs(
      "rank,chinese_name,latin_name,level,habitat\nspecies,测试鼠,Murus "
      "testus,provincial,terrestrial\n",
      f);
  std::fclose(f);
  auto dry = run("import species '" + csv +
                 "' --code ningxia2024 --title 宁夏测试 --source 测试 --dry-run");
  ASSERT_EQ(dry.exit_code, 0) << dry.out;
  EXPECT_NE(dry.out.find("试运行"), std::string::npos);
  auto loaded =
      run("import species '" + csv + "' --code ningxia2024 --title 宁夏测试 --source 测试");
  ASSERT_EQ(loaded.exit_code, 0) << loaded.out;
  EXPECT_NE(loaded.out.find("新增 1"), std::string::npos) << loaded.out;
  auto shipped = run("import species '" + csv + "' --code national2021 --title x --source y");
  EXPECT_NE(shipped.exit_code, 0);
}

TEST_F(CliTest, ACorruptValueRulesFileStopsTheStart) {
  const std::string rules = t.dir() + "/rules.toml";
  FILE* f = std::fopen(rules.c_str(), "w");
  std::fputs("[meta]\ntitle = \"x\"\n[[rule]]\nkey = \"no.such.key\"\n", f);
  std::fclose(f);
  auto r = run("migrate", "", "QINGFENG_VALUE_RULES='" + rules + "' ");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.out.find("价值评估规则文件"), std::string::npos) << r.out;
}

TEST(ConfigTest, ExampleConfigurationLoadsWithItsDocumentedDefaults) {
  auto c = load_config(QINGFENG_SOURCE_DIR "/config/qingfeng.example.toml");
  ASSERT_TRUE(c) << c.error().message;
  Config defaults;
  EXPECT_EQ(c->server.port, 8080);
  EXPECT_EQ(c->cases.number_pattern, defaults.cases.number_pattern);
  EXPECT_EQ(c->cases.deadline_days.at("transferred_to_police"), 3);
  EXPECT_EQ(c->tips.deadlines.verifying_days, defaults.tips.deadlines.verifying_days);
  EXPECT_EQ(c->tips.public_window_ms, defaults.tips.public_window_ms);
  EXPECT_EQ(c->security.session_idle_ms, defaults.security.session_idle_ms);
}

}  // namespace
}  // namespace qf::cli
