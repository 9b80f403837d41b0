// File-driven cases (tests/scan/cases/*.txt), one block per listing:
//
//   # comment
//   text 出售象*牙手镯 加V          the listing (rest of the line); escapes
//                                  \xNN (a raw byte) and \uXXXX (a character)
//   risk high                      expected risk: none|low|medium|high, or a
//                                  set "none|low" (not flagged)
//   category wildlife              optional: none|wildlife|tool|marketing
//   counted 象牙 出售              optional: terms that must count in the score
//   suppressed 象牙                optional: terms that must be hit and suppressed
//
// A block ends at a blank line. Reviewers add cases here without C++.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/utf8.h"
#include "scan_test_support.h"

namespace qf::scan {
namespace {

struct GoldenCase {
  std::string file;
  int line = 0;
  std::string text;
  std::vector<std::string> risks;
  std::string category;
  std::vector<std::string> counted, suppressed;
};

std::vector<std::string> words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string unescape(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] == 'x') {
      out += static_cast<char>(std::stoi(s.substr(i + 2, 2), nullptr, 16));
      i += 3;
    } else if (s[i] == '\\' && i + 5 < s.size() && s[i + 1] == 'u') {
      append_utf8(out, static_cast<char32_t>(std::stoi(s.substr(i + 2, 4), nullptr, 16)));
      i += 5;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<GoldenCase> load_cases() {
  std::vector<GoldenCase> cases;
  auto dir = testing::tests_path("scan/cases");
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".txt") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    std::string line;
    int n = 0;
    GoldenCase cur;
    auto flush = [&] {
      if (!cur.text.empty() || !cur.risks.empty()) cases.push_back(cur);
      cur = GoldenCase{};
    };
    while (std::getline(in, line)) {
      ++n;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) {
        flush();
        continue;
      }
      if (line[0] == '#') continue;
      auto sp = line.find(' ');
      std::string key = line.substr(0, sp),
                  value = sp == std::string::npos ? "" : line.substr(sp + 1);
      cur.file = path.filename().string();
      if (key == "text") {
        cur.line = n;
        cur.text = unescape(value);
      } else if (key == "risk") {
        std::istringstream rs(value);
        for (std::string r; std::getline(rs, r, '|');) cur.risks.push_back(r);
      } else if (key == "category") {
        cur.category = value;
      } else if (key == "counted") {
        cur.counted = words(value);
      } else if (key == "suppressed") {
        cur.suppressed = words(value);
      } else {
        ADD_FAILURE() << path << ":" << n << ": unknown key " << key;
      }
    }
    flush();
  }
  return cases;
}

TEST(GoldenCases, EveryCaseGetsItsExpectedVerdict) {
  auto cases = load_cases();
  ASSERT_GE(cases.size(), 40u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file + ":" + std::to_string(c.line) + " " + c.text);
    ASSERT_FALSE(c.risks.empty()) << "case without risk";
    auto v = testing::scan_builtin(c.text);
    std::string risk(risk_name(v.risk));
    EXPECT_NE(std::find(c.risks.begin(), c.risks.end(), risk), c.risks.end())
        << "risk " << risk << "\n"
        << testing::explain(v);
    if (!c.category.empty()) {
      EXPECT_EQ(verdict_name(v.category), c.category) << testing::explain(v);
    }
    for (const auto& t : c.counted)
      EXPECT_NE(testing::counted(v, t), nullptr) << t << "\n" << testing::explain(v);
    for (const auto& t : c.suppressed) {
      const ExplainedHit* h = testing::any_hit(v, t);
      EXPECT_TRUE(h && h->suppressed_by) << t << "\n" << testing::explain(v);
    }
  }
}

}  // namespace
}  // namespace qf::scan
