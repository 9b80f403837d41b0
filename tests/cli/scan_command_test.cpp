// `qingfeng scan` as an operator runs it: a subprocess, listings on stdin,
// JSON lines on stdout. It needs no database.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace qf::cli {
namespace {

struct Run {
  int exit_code = -1;
  std::string out, err;
};

Run run_scan(const std::string& args, const std::string& input) {
  auto dir = std::filesystem::temp_directory_path() / ("qf-scan-cli-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "in.txt", std::ios::binary) << input;
  std::string cmd = "'" QINGFENG_BINARY "' scan " + args + " < '" + (dir / "in.txt").string() +
                    "' 2> '" + (dir / "err.txt").string() + "'";
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  std::array<char, 4096> buf;
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) r.out.append(buf.data(), n);
  int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream err(dir / "err.txt");
  std::stringstream s;
  s << err.rdbuf();
  r.err = s.str();
  std::filesystem::remove_all(dir);
  return r;
}

std::vector<nlohmann::json> json_lines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

TEST(ScanCommand, WritesOneExplainedVerdictPerLine) {
  auto r =
      run_scan("text --threads 2", "出售象*牙手镯 加V私聊\n象牙白手机壳 包邮\n獵夾 現貨 批發\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_EQ(lines[0]["id"], 1);
  EXPECT_EQ(lines[0]["risk"], "high");
  EXPECT_EQ(lines[0]["category"], "wildlife");
  bool ivory = false;
  for (const auto& h : lines[0]["hits"]) {
    if (h["term"] != "象牙") continue;
    ivory = true;
    EXPECT_EQ(h["start"], 6);  // after 出售
    EXPECT_EQ(h["end"], 13);   // 象*牙
    EXPECT_EQ(h["via"], "normalized");
    EXPECT_EQ(h["field"], "text");
  }
  EXPECT_TRUE(ivory) << lines[0].dump();
  EXPECT_EQ(lines[1]["risk"], "none");
  EXPECT_EQ(lines[2]["category"], "tool");
  EXPECT_NE(r.err.find("已扫描 3 条"), std::string::npos) << r.err;
}

TEST(ScanCommand, InvalidUtf8IsReportedPerListing) {
  auto r = run_scan("text -", "出售象\xFF牙\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["invalid_utf8"], nlohmann::json::parse("[[9,10]]"));
}

TEST(ScanCommand, BadLexiconNamesFileAndLine) {
  auto dir = std::filesystem::temp_directory_path() / ("qf-scan-lex-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "a.txt") << "@category species\n@weight 3\n@source 测试\n穿山甲 colour=red\n";
  auto r = run_scan("text --lexicon '" + dir.string() + "'", "穿山甲\n");
  std::filesystem::remove_all(dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("a.txt:4"), std::string::npos) << r.err;
}

TEST(ScanCommand, ExportsNormalisedTerms) {
  auto r = run_scan("terms", "");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\n象牙\n"), std::string::npos);
  EXPECT_EQ(r.out.find("象牙白"), std::string::npos);  // exclusions are not search terms
}

}  // namespace
}  // namespace qf::cli
