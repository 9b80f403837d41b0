// `qingfeng scan` and `qingfeng scan-eval` as an operator runs them: a
// subprocess, listings on stdin or in files, JSON lines on stdout. They need
// no database.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/scan_input.h"
#include "core/utf8.h"

#include "support/shell_command.h"

namespace qf::cli {
namespace {

struct Run {
  int exit_code = -1;
  std::string out, err;
};

// Runs `qingfeng <command> <args>` with `input` on stdin; `files` are written
// first into a scratch directory whose path replaces "$DIR" in args.
Run run_qingfeng(const std::string& command, std::string args, const std::string& input,
                 const std::vector<std::pair<std::string, std::string>>& files = {}) {
  auto dir = std::filesystem::temp_directory_path() / ("qf-scan-cli-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "in.txt", std::ios::binary) << input;
  for (const auto& [name, content] : files) std::ofstream(dir / name, std::ios::binary) << content;
  for (std::size_t at; (at = args.find("$DIR")) != std::string::npos;)
    args.replace(at, 4, dir.string());
  std::string cmd = "'" QINGFENG_BINARY "' " + command + " " + args + " < '" +
                    (dir / "in.txt").string() + "' 2> '" + (dir / "err.txt").string() + "'";
  Run r;
  const testing::CommandResult c = testing::run_shell(cmd);
  r.out = c.out;
  r.exit_code = c.exit_code;
  std::ifstream err(dir / "err.txt");
  std::stringstream s;
  s << err.rdbuf();
  r.err = s.str();
  std::filesystem::remove_all(dir);
  return r;
}

Run run_scan(const std::string& args, const std::string& input) {
  return run_qingfeng("scan", args, input);
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

// `scan text` writes what `qingfeng scan` writes for a listing with only a
// text: invalid bytes are data here (reported, not a malformed line), and
// the id is the line number — blank lines count.
TEST(ScanCommand, InvalidUtf8IsReportedPerListing) {
  auto r = run_scan("text -", "出售象\xFF牙\r\n\n象牙\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_EQ(lines[0]["id"], 1);
  EXPECT_EQ(lines[0]["invalid_utf8"],
            nlohmann::json::parse(R"([{"field":"text","start":9,"end":10}])"));
  EXPECT_EQ(lines[1]["id"], 2);
  EXPECT_EQ(lines[1]["risk"], "none");
  EXPECT_FALSE(lines[1].contains("invalid_utf8"));
  EXPECT_EQ(lines[2]["id"], 3);
  EXPECT_EQ(lines[2]["hits"][0]["end"], 6);
  EXPECT_NE(r.err.find("含无效 UTF-8 1 条"), std::string::npos) << r.err;
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

// ---- qingfeng scan: listings (JSON Lines / CSV) ------------------------------

TEST(ScanListings, JsonLinesInOneVerdictPerListingWithFieldOffsets) {
  const std::string in =
      R"({"id":"a1","platform":"闲鱼","url":"https://x/1","title":"老象牙手镯","text":"出售，加V私聊","price":1200,"seller":"s1","posted_at":"2026-11-01"})"
      "\n"
      R"({"id":7,"platform":"淘宝","title":"象牙白手机壳","text":"包邮 现货"})"
      "\n\n"
      R"({"id":"t","title":"獵夾 現貨","text":"批發，微信 abc12345"})"
      "\n";
  auto r = run_qingfeng("scan", "--threads 1", in);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;  // the blank line is skipped
  EXPECT_EQ(lines[0]["id"], "a1");
  EXPECT_EQ(lines[0]["risk"], "high");
  EXPECT_EQ(lines[0]["category"], "wildlife");
  EXPECT_EQ(lines[0]["species"], nlohmann::json::parse(R"(["象"])"));
  bool ivory = false, intent = false;
  for (const auto& h : lines[0]["hits"]) {
    if (h["term"] == "象牙" && h["category"] == "species_product") {
      ivory = true;
      EXPECT_EQ(h["field"], "title");
      EXPECT_EQ(h["start"], 3);  // after 老
      EXPECT_EQ(h["end"], 9);
      EXPECT_EQ(h["via"], "exact");
    }
    if (h["term"] == "出售") {
      intent = true;
      EXPECT_EQ(h["field"], "text");
      EXPECT_EQ(h["start"], 0);
      EXPECT_EQ(h["end"], 6);
    }
  }
  EXPECT_TRUE(ivory && intent) << lines[0].dump();
  EXPECT_EQ(lines[0]["contacts"], nlohmann::json::parse(R"(["加V"])"));
  for (const char* key : {"score", "reasons", "lexicon"})
    EXPECT_TRUE(lines[0].contains(key)) << key;
  EXPECT_EQ(lines[1]["id"], 7);
  EXPECT_EQ(lines[1]["risk"], "none");
  EXPECT_EQ(lines[2]["category"], "tool");
  EXPECT_NE(r.err.find("已扫描 3 条"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("MB/s"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("high 2"), std::string::npos) << r.err;
}

TEST(ScanListings, CsvWithHeaderQuotesAndLineBreaks) {
  const std::string csv =
      "id,platform,title,text,price\r\n"
      "c1,闲鱼,\"犀角杯, 老货\",\"真品\r\n可验货，私聊\",3000\r\n"
      "c2,淘宝,老虎钳,\"五金工具 \"\"批发\"\"\",18\r\n"
      "c3,闲鱼,bad\xFF"
      "byte,出售象牙,1\r\n";  // CSV is not validated: the scanner reports it
  auto r = run_qingfeng("scan", "$DIR/listings.csv", "", {{"listings.csv", csv}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_EQ(lines[0]["id"], "c1");
  EXPECT_EQ(lines[0]["category"], "wildlife");
  EXPECT_NE(lines[0]["risk"], "none");
  bool checked = false;
  for (const auto& h : lines[0]["hits"])
    if (h["term"] == "可验货") {
      checked = true;
      EXPECT_EQ(h["field"], "text");
      EXPECT_EQ(h["start"], 8);  // 真品 + CR LF
    }
  EXPECT_TRUE(checked) << lines[0].dump();
  EXPECT_EQ(lines[1]["id"], "c2");
  EXPECT_EQ(lines[1]["risk"], "none");
  EXPECT_EQ(lines[2]["invalid_utf8"],
            nlohmann::json::parse(R"([{"field":"title","start":3,"end":4}])"));
  EXPECT_EQ(lines[2]["category"], "wildlife");

  // The same file through --format csv on standard input.
  auto piped = run_qingfeng("scan", "--format csv -", csv);
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(json_lines(piped.out).size(), 3u) << piped.out;
}

TEST(ScanListings, MalformedLinesAreReportedAndTheRunGoesOn) {
  const std::string in = R"({"id":1,"title":"出售象牙手镯","text":"私聊"})"
                         "\n"
                         R"({"id":2,"title":"broken)"
                         "\n"
                         R"(["not","an","object"])"
                         "\n"
                         R"({"id":4,"title":5})"
                         "\n"
                         R"({"id":5,"text":"猎夹 现货"})"
                         "\n";
  auto r = run_scan("--threads 2", in);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 5u) << r.out;
  EXPECT_EQ(lines[0]["id"], 1);
  EXPECT_EQ(lines[1]["line"], 2);
  EXPECT_TRUE(lines[1].contains("error"));
  EXPECT_FALSE(lines[1].contains("risk"));
  EXPECT_EQ(lines[2]["line"], 3);
  EXPECT_EQ(lines[3]["line"], 4);
  EXPECT_EQ(lines[4]["id"], 5);
  EXPECT_EQ(lines[4]["category"], "tool");
  EXPECT_NE(r.err.find("<stdin>:2:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("<stdin>:4:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("格式错误 3 行"), std::string::npos) << r.err;

  // A CSV file without a title or text column is one error line, not a crash.
  auto bad = run_qingfeng("scan", "$DIR/bad.csv", "", {{"bad.csv", "a,b\n1,2\n"}});
  ASSERT_EQ(bad.exit_code, 0) << bad.err;
  auto bad_lines = json_lines(bad.out);
  ASSERT_EQ(bad_lines.size(), 1u) << bad.out;
  EXPECT_EQ(bad_lines[0]["line"], 1);
  EXPECT_TRUE(bad_lines[0].contains("file"));
}

TEST(ScanListings, ManyThreadsKeepInputOrder) {
  std::string in;
  constexpr int kListings = 3000;  // several batches of 256
  for (int i = 0; i < kListings; ++i) {
    if (i % 3 == 0)
      in += R"({"id":)" + std::to_string(i) + R"(,"title":"出售象牙手镯","text":"加V私聊"})";
    else if (i % 3 == 1)
      in += R"({"id":)" + std::to_string(i) + R"(,"title":"电鱼机","text":"现货"})";
    else
      in += R"({"id":)" + std::to_string(i) + R"(,"title":"象牙白手机壳","text":"包邮"})";
    in += i == 1500 ? "\n{oops\n" : "\n";
  }
  auto r = run_scan("--threads 4", in);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), kListings + 1u);
  int expected = 0;
  for (const auto& l : lines) {
    if (l.contains("error")) {
      EXPECT_EQ(l["line"], 1502);
      continue;
    }
    ASSERT_EQ(l["id"], expected) << l.dump();
    const char* category = expected % 3 == 0 ? "wildlife" : expected % 3 == 1 ? "tool" : "none";
    EXPECT_EQ(l["category"], category) << l.dump();
    ++expected;
  }
  EXPECT_EQ(expected, kListings);
}

TEST(ScanListings, ExportTermsFlag) {
  auto r = run_scan("--export-terms", "");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, run_scan("terms", "").out);
  EXPECT_NE(r.out.find("\n象牙\n"), std::string::npos);
}

// ---- qingfeng scan-eval ---------------------------------------------------------

const char* kLabelled =
    R"({"id":"w1","title":"出售象牙手镯","text":"加V私聊","label":"wildlife"})"
    "\n"
    R"({"id":"w2","title":"牙料","text":"一点点","label":"wildlife"})"
    "\n"
    R"({"id":"t1","title":"猎夹 现货","text":"批发","label":"tool"})"
    "\n"
    R"({"id":"t2","title":"犀角杯 私聊","text":"现货","label":"tool"})"
    "\n"
    R"({"id":"m1","title":"长江野生鱼","text":"现捞现发 包邮","label":"marketing"})"
    "\n"
    R"({"id":"b1","title":"象牙白手机壳","text":"包邮 现货","label":"benign"})"
    "\n"
    R"({"id":"b2","title":"电鱼机","text":"出售 私聊","label":"benign"})"
    "\n"
    R"({"id":"x","title":"no label","text":"","label":"spam"})"
    "\n";

TEST(ScanEval, CountsPrecisionRecallAndConfusion) {
  auto r = run_qingfeng("scan-eval", "$DIR/labels.jsonl --json --threads 2", "",
                        {{"labels.jsonl", kLabelled}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.out;
  const auto& j = lines[0];
  EXPECT_EQ(j["listings"], 7);
  EXPECT_EQ(j["errors"], 1);  // the unknown label
  EXPECT_NE(r.err.find("labels.jsonl:8"), std::string::npos) << r.err;
  // Positives w1 w2 t1 t2 m1; flagged: w1, t1, t2 (as wildlife), m1, b2 (as tool).
  EXPECT_EQ(j["overall"]["tp"], 4);
  EXPECT_EQ(j["overall"]["fp"], 1);
  EXPECT_EQ(j["overall"]["fn"], 1);
  EXPECT_EQ(j["overall"]["precision"], 0.8);
  EXPECT_EQ(j["overall"]["recall"], 0.8);
  EXPECT_EQ(j["categories"]["wildlife"]["tp"], 1);
  EXPECT_EQ(j["categories"]["wildlife"]["fp"], 1);  // t2
  EXPECT_EQ(j["categories"]["wildlife"]["fn"], 1);  // w2 missed
  EXPECT_EQ(j["categories"]["tool"]["tp"], 1);
  EXPECT_EQ(j["categories"]["tool"]["fp"], 1);  // b2
  EXPECT_EQ(j["categories"]["tool"]["fn"], 1);  // t2 flagged as wildlife
  EXPECT_EQ(j["categories"]["marketing"]["f1"], 1.0);
  EXPECT_EQ(j["confusion"]["wildlife"]["wildlife"], 1);
  EXPECT_EQ(j["confusion"]["wildlife"]["none"], 1);
  EXPECT_EQ(j["confusion"]["tool"]["wildlife"], 1);
  EXPECT_EQ(j["confusion"]["benign"]["tool"], 1);
  EXPECT_EQ(j["confusion"]["benign"]["none"], 1);

  auto table = run_qingfeng("scan-eval", "$DIR/labels.jsonl", "", {{"labels.jsonl", kLabelled}});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("overall"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("confusion"), std::string::npos) << table.out;

  auto missing = run_qingfeng("scan-eval", "/nonexistent/labels.jsonl", "");
  EXPECT_EQ(missing.exit_code, 2);
}

// ---- JSON Lines input: the fast field extractor agrees with nlohmann -------

// What parse_listing makes of one JSON line: "id|platform|title|text|label" or "error: …".
std::string parsed(const std::string& line) {
  scanning::RawRecord r;
  r.line = 1;
  r.bytes = line;
  auto p = scanning::parse_listing(r, scanning::InputFormat::kJsonLines);
  if (!p.listing) return "error: " + p.error;
  const auto& l = *p.listing;
  return l.id.dump() + "|" + l.platform + "|" + l.title + "|" + l.text + "|" + l.label;
}

// The fast path takes flat objects; everything else goes to nlohmann. Either
// way the result is nlohmann's.
TEST(ScanInput, JsonLinesFieldsAsNlohmannReadsThem) {
  EXPECT_EQ(
      parsed(
          R"({"id":"a1","platform":"闲鱼","title":"象牙","text":"出售","price":12.5e1,"ok":true,"x":null})"),
      R"("a1"|闲鱼|象牙|出售|)");
  EXPECT_EQ(parsed(R"( { "id" : 42 , "text" : "t" } )"), "42|||t|");
  EXPECT_EQ(parsed(R"({"id":-7,"title":"a"})"), "-7||a||");
  EXPECT_EQ(parsed(R"({"id":12345678901234567890,"title":"a"})"), "12345678901234567890||a||");
  EXPECT_EQ(parsed(R"({"id":null,"title":"a","text":null,"label":"benign"})"), "null||a||benign");
  EXPECT_EQ(parsed(R"({"title":"a\"b\\c\/d\n\te"})"), "null||a\"b\\c/d\n\te||");
  EXPECT_EQ(parsed(R"({"title":"\u8c61牙"})"), "null||象牙||");
  EXPECT_EQ(parsed(R"({"title":"a","meta":{"k":[1,2,{"z":"w"}]}})"), "null||a||");
  // errors, with nlohmann's messages
  EXPECT_EQ(parsed(R"({"id":1.5,"title":"a"})"), "error: 字段 id 须为字符串或整数");
  EXPECT_EQ(parsed(R"({"title":5})"), "error: 字段 title 须为字符串");
  EXPECT_EQ(parsed(R"({"platform":"p"})"), "error: 缺少 title 和 text");
  EXPECT_EQ(parsed(R"({})"), "error: 缺少 title 和 text");
  EXPECT_EQ(parsed(R"([1])"), "error: 每行须为一个 JSON 对象");
  EXPECT_EQ(parsed(R"({"title":"a"} x)"), "error: 不是合法的 JSON（或含无效 UTF-8）");
  EXPECT_EQ(parsed(R"({"title":"a","price":01})"), "error: 不是合法的 JSON（或含无效 UTF-8）");
  EXPECT_EQ(parsed(R"({"title":"a",})"), "error: 不是合法的 JSON（或含无效 UTF-8）");
  EXPECT_EQ(parsed("{\"title\":\"a\x01\"}"), "error: 不是合法的 JSON（或含无效 UTF-8）");
  EXPECT_EQ(parsed("{\"title\":\"a\xFF\"}"), "error: 不是合法的 JSON（或含无效 UTF-8）");
  EXPECT_EQ(parsed("{\"title\":\"\xED\xA0\x80\"}"), "error: 不是合法的 JSON（或含无效 UTF-8）");
  EXPECT_EQ(parsed(R"({"title":"a\x"})"), "error: 不是合法的 JSON（或含无效 UTF-8）");
}

// A lazy parse (title and text left raw, for the reader to check their
// UTF-8) ends where the eager one does, on every line: the same fields, the
// same errors.
TEST(ScanInput, LazyParseEndsLikeTheEagerOne) {
  const std::string lines[] = {
      R"({"id":"a1","platform":"闲鱼","title":"象牙","text":"出售","price":12.5e1})",
      R"({"id":42,"text":"only text, longer than eight bytes"})",
      R"({"title":"a\"b","text":"raw text"})",       // escaped title, raw text
      R"({"title":"raw title","text":"\u8c61牙"})",  // raw title, escaped text
      R"({"title":null,"text":"t"})",
      "{\"title\":\"bad \xFF byte\",\"text\":\"ok\"}",
      "{\"title\":\"bad \xFF byte\",\"text\":\"esc\\n\"}",  // invalid raw beside an escape
      "{\"title\":\"\xED\xA0\x80 surrogate\"}",
      "{\"title\":\"ctl\x01\"}",
      R"({"title":"a"} x)",
      R"({"title":5})",
  };
  for (const std::string& line : lines) {
    scanning::RawRecord r;
    r.line = 1;
    r.bytes = line;
    scanning::Listing l;
    std::string error;
    std::string lazy;
    if (!scanning::parse_listing(r, scanning::InputFormat::kJsonLines, l, error, true))
      lazy = "error: " + error;
    else if (l.raw && !(is_valid_utf8(l.raw_title) && is_valid_utf8(l.raw_text)))
      lazy = std::string("error: ") + scanning::kNotWellFormed;
    else if (l.raw)
      lazy = l.id.dump() + "|" + l.platform + "|" + std::string(l.raw_title) + "|" +
             std::string(l.raw_text) + "|" + l.label;
    else
      lazy = l.id.dump() + "|" + l.platform + "|" + l.title + "|" + l.text + "|" + l.label;
    EXPECT_EQ(lazy, parsed(line)) << line;
  }
  // Raw only when neither field has an escape.
  scanning::RawRecord r;
  scanning::Listing l;
  std::string error;
  r.bytes = R"({"title":"象牙","text":"出售"})";
  ASSERT_TRUE(scanning::parse_listing(r, scanning::InputFormat::kJsonLines, l, error, true));
  EXPECT_TRUE(l.raw);
  EXPECT_EQ(l.raw_title, "象牙");
  EXPECT_TRUE(l.title.empty());
  r.bytes = R"({"title":"象\n牙","text":"出售"})";
  ASSERT_TRUE(scanning::parse_listing(r, scanning::InputFormat::kJsonLines, l, error, true));
  EXPECT_FALSE(l.raw);
  EXPECT_EQ(l.title, "象\n牙");
  EXPECT_EQ(l.text, "出售");
}

// `qingfeng scan` reads most listings only in the prefilter: a listing
// without any anchor whose title is not UTF-8 is still a malformed line (so
// is one with an anchor, whose raw fields go to the scan unchecked), and
// one with an escaped anchor is still found.
TEST(ScanListings, ListingsReadStraightFromTheLineAreStillChecked) {
  const std::string in =
      "{\"id\":1,\"title\":\"手机壳 \xFF\",\"text\":\"包邮\"}\n"
      R"({"id":2,"title":"\u8c61牙手镯","text":"出售 加V私聊"})"
      "\n"
      R"({"id":3,"title":"普通手机壳","text":"包邮"})"
      "\n"
      "{\"id\":4,\"title\":\"象牙手镯\",\"text\":\"出售 \xED\xA0\x80\"}\n";
  auto r = run_scan("--threads 1", in);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 4u) << r.out;
  EXPECT_EQ(lines[3]["line"], 4);
  EXPECT_EQ(lines[3]["error"], "不是合法的 JSON（或含无效 UTF-8）");
  EXPECT_NE(r.err.find("格式错误 2 行"), std::string::npos) << r.err;
  EXPECT_EQ(lines[0]["line"], 1);
  EXPECT_EQ(lines[0]["error"], "不是合法的 JSON（或含无效 UTF-8）");
  EXPECT_EQ(lines[1]["id"], 2);
  EXPECT_EQ(lines[1]["risk"], "high");
  EXPECT_EQ(lines[2]["id"], 3);
  EXPECT_EQ(lines[2]["risk"], "none");
  EXPECT_TRUE(lines[2]["hits"].empty());
}

}  // namespace
}  // namespace qf::cli
