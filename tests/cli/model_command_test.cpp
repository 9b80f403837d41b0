// `qingfeng model` and `scan --model` as a subprocess, on the backend ctest
// chose: train on a labelled file (no database), the counts and held-out
// measures printed; `scan --model` re-scores a verdict with a reason and the
// model's opinion while `scan` without it prints what it always printed; a
// file that is not a model is refused; --activate stores the model and
// `model list` shows it in force; `model deactivate` withdraws it (the list
// says the rules alone judge, a second call says there is nothing to
// withdraw) and `model activate` puts it back; training from the database's
// decisions refuses while there are too few.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "support/listing_examples.h"
#include "support/shell_command.h"
#include "support/test_database.h"

namespace qf::cli {
namespace {

using testing::CommandResult;

// Bird cages: the rules read 画眉 + 出售 as a songbird for sale (medium);
// reviewers who dismissed such listings teach the model they are cages.
const char* kCages[][2] = {
    {"画眉鸟笼 红木", "红木画眉鸟笼，老师傅手工做的，笼钩是铜的，出售"},
    {"竹编鸟笼 画眉笼", "竹编画眉笼一只，九成新，搬家出售，同城自提"},
    {"八哥鸟笼 方笼", "方形八哥笼，带食罐水罐，出售，私聊"},
    {"百灵鸟笼 高笼", "百灵高台笼，台子可拆，闲置出售，加微信"},
    {"鹦鹉站架", "原木鹦鹉站架带托盘，出售，包邮"},
    {"鸟笼罩 防风", "画眉笼专用笼罩，加厚防风，出售"},
    {"绣眼笼 苏式", "苏式绣眼鸟笼，雕花竹丝，出售给爱好者"},
    {"鸟食罐 瓷", "青花瓷鸟食罐一对，画眉笼配件，出售"},
    {"遛鸟笼 出", "遛鸟用的画眉笼，配笼衣，私聊价格"},
    {"老鸟笼 收藏", "民国老鸟笼，竹子包浆，出售，可验货"},
};
const char* kCageTitle = "鸟笼 出售";
const char* kCageText = "手工竹制画眉鸟笼出售，私聊";

class ModelCommandTest : public ::testing::Test {
 protected:
  CommandResult run(const std::string& args, bool with_stderr = true) {
    std::string cmd = "cd '" + t.dir() + "' && '" QINGFENG_BINARY "' --db '" + t.url() + "' " +
                      args + (with_stderr ? " < /dev/null 2>&1" : " < /dev/null 2>/dev/null");
    return testing::run_shell(cmd);
  }

  std::string write_labels() {
    const std::string path = t.dir() + "/labels.jsonl";
    std::ofstream out(path, std::ios::binary);
    int id = 0;
    for (const auto& l : testing::labelled_listings())
      out << nlohmann::json{{"id", ++id}, {"title", l.title}, {"text", l.text}, {"label", l.label}}
                 .dump()
          << "\n";
    for (const auto& c : kCages)
      out << nlohmann::json{{"id", ++id}, {"title", c[0]}, {"text", c[1]}, {"label", "benign"}}
                 .dump()
          << "\n";
    return path;
  }

  std::string write(const std::string& name, const std::string& content) {
    const std::string path = t.dir() + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  testing::TestDatabase t{/*migrate=*/false};
};

TEST_F(ModelCommandTest, TrainOnLabelsThenScanWithTheModel) {
  const std::string labels = write_labels(), model = t.dir() + "/listing.model";
  auto trained = run("model train --labels '" + labels + "' --out '" + model + "' --epoch 50");
  ASSERT_EQ(trained.exit_code, 0) << trained.out;
  EXPECT_NE(trained.out.find("训练样本 " + std::to_string(testing::labelled_listings().size() +
                                                          std::size(kCages))),
            std::string::npos)
      << trained.out;
  EXPECT_NE(trained.out.find("precision"), std::string::npos) << trained.out;
  EXPECT_NE(trained.out.find("wildlife"), std::string::npos) << trained.out;
  ASSERT_TRUE(std::filesystem::exists(model));

  // The rules flag a bird cage as a songbird for sale; the model knows
  // cages and lowers it one step, saying why.
  const std::string input =
      write("in.jsonl",
            nlohmann::json{{"id", "x1"}, {"title", kCageTitle}, {"text", kCageText}}.dump() + "\n");
  auto plain = run("scan --threads 1 '" + input + "'", false);
  ASSERT_EQ(plain.exit_code, 0) << plain.out;
  const auto before = nlohmann::json::parse(plain.out);
  EXPECT_FALSE(before.contains("model"));

  auto scanned = run("scan --threads 1 --model '" + model + "' '" + input + "'", false);
  ASSERT_EQ(scanned.exit_code, 0) << scanned.out;
  const auto after = nlohmann::json::parse(scanned.out);
  ASSERT_TRUE(after.contains("model")) << scanned.out;
  EXPECT_EQ(after["model"]["label"], "benign") << scanned.out;
  EXPECT_GE(after["model"]["p"].get<double>(), 0.9) << scanned.out;
  EXPECT_EQ(after["model"]["version"].get<std::string>().rfind("ft-", 0), 0u);
  EXPECT_EQ(before["risk"], "medium") << plain.out;
  EXPECT_EQ(after["risk"], "low") << scanned.out;
  EXPECT_EQ(after["model"]["risk_before"], "medium");
  const std::string reason = after["reasons"].back();
  EXPECT_NE(reason.find("模型判断为正常信息"), std::string::npos) << reason;
  // Everything else is the rules' verdict.
  EXPECT_EQ(after["hits"], before["hits"]);
  EXPECT_EQ(after["score"], before["score"]);

  // scan-eval with the model names it.
  auto eval = run("scan-eval --threads 1 --model '" + model + "' '" + labels + "'", false);
  ASSERT_EQ(eval.exit_code, 0) << eval.out;
  EXPECT_NE(eval.out.find("模型 ft-"), std::string::npos) << eval.out;

  // Not a model: refused with a message, exit 2.
  const std::string junk = write("junk.model", std::string(4096, 'x'));
  auto bad = run("scan --model '" + junk + "' '" + input + "'");
  EXPECT_EQ(bad.exit_code, 2) << bad.out;
  EXPECT_NE(bad.out.find("fastText"), std::string::npos) << bad.out;
}

TEST_F(ModelCommandTest, ActivateStoresAndListShowsTheModelInForce) {
  auto empty = run("model list");
  ASSERT_EQ(empty.exit_code, 0) << empty.out;
  EXPECT_NE(empty.out.find("尚无"), std::string::npos) << empty.out;

  // No decisions yet: refused, with the count.
  auto few = run("model train --out '" + t.dir() + "/m.bin' --min-decisions 10");
  EXPECT_EQ(few.exit_code, 2) << few.out;
  EXPECT_NE(few.out.find("审核决定不足"), std::string::npos) << few.out;

  const std::string labels = write_labels();
  auto trained = run("model train --labels '" + labels + "' --out '" + t.dir() +
                     "/m.bin' --activate --epoch 50");
  ASSERT_EQ(trained.exit_code, 0) << trained.out;
  EXPECT_NE(trained.out.find("已保存到数据库并启用"), std::string::npos) << trained.out;

  auto listed = run("model list");
  ASSERT_EQ(listed.exit_code, 0) << listed.out;
  EXPECT_NE(listed.out.find("（生效中）"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("labels"), std::string::npos) << listed.out;
  const auto at = listed.out.find("生效中：ft-");
  ASSERT_NE(at, std::string::npos) << listed.out;
  const std::string version = listed.out.substr(at + std::string("生效中：").size(), 19);

  auto off = run("model deactivate");
  ASSERT_EQ(off.exit_code, 0) << off.out;
  EXPECT_NE(off.out.find("已停用 " + version), std::string::npos) << off.out;
  auto rules = run("model list");
  ASSERT_EQ(rules.exit_code, 0) << rules.out;
  EXPECT_NE(rules.out.find("当前没有生效中的模型：判定只依据规则"), std::string::npos) << rules.out;
  EXPECT_EQ(rules.out.find("（生效中）"), std::string::npos) << rules.out;
  EXPECT_NE(rules.out.find(" 停用）"), std::string::npos) << rules.out;
  auto nothing = run("model deactivate");
  EXPECT_EQ(nothing.exit_code, 1) << nothing.out;
  EXPECT_NE(nothing.out.find("没有生效中的复核模型"), std::string::npos) << nothing.out;

  EXPECT_EQ(run("model activate ft-0000000000000000").exit_code, 1);
  auto on = run("model activate " + version);
  ASSERT_EQ(on.exit_code, 0) << on.out;
  EXPECT_NE(on.out.find("已启用 " + version), std::string::npos) << on.out;
  EXPECT_NE(run("model list").out.find(version + "（生效中）"), std::string::npos);
}

}  // namespace
}  // namespace qf::cli
