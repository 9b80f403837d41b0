// The joint-action report over HTTP, on the backend ctest chose: the office
// creates a draft for a period (dates as the web page sends them), reads it
// with the generated 总体情况, table and anonymised case, edits a section
// with If-Match, and downloads the .docx (a zip with word/document.xml
// holding the edited text), the press release and — when LibreOffice is
// installed — the PDF; everyone else is refused; bad input is problem+json.
#include <gtest/gtest.h>
#include <zip.h>

#include <algorithm>
#include <cstdlib>

#include "core/clock.h"
#include "service/case_service.h"
#include "service/joint_report_service.h"
#include "service/statistics_service.h"
#include "support/test_server.h"

namespace qf::api {
namespace {

using testing::HttpResult;
using testing::TestServer;

void expect_problem(const HttpResult& r, int status, const std::string& type) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.header("content-type").rfind("application/problem+json", 0), 0u) << r.body;
  EXPECT_EQ(r.json().value("type", ""), "https://qingfeng.invalid/problems/" + type) << r.body;
}

std::string zip_entry(const std::string& bytes, const char* name) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* za = src ? zip_open_from_source(src, ZIP_RDONLY, &error) : nullptr;
  if (za == nullptr) return {};
  std::string out;
  zip_stat_t st;
  if (zip_stat(za, name, 0, &st) == 0) {
    zip_file_t* f = zip_fopen(za, name, 0);
    out.resize(st.size);
    zip_fread(f, out.data(), st.size);
    zip_fclose(f);
  }
  zip_close(za);
  return out;
}

class JointReportsApiTest : public ::testing::Test {
 protected:
  JointReportsApiTest() {
    auto& f = s.fixture();
    f.make_user("boss", Role::kOffice, "OFFICE");
    auto lc = f.make_user("lc-leader", Role::kLeader, "LC");
    service::NewCase c;
    c.title = "王小明非法出售画眉案";
    c.offence_type = "illegal_trade";
    c.source = "market_inspection";
    c.summary = "王小明在花鸟市场出售画眉，电话13995500000。";
    store::CaseParty p;
    p.name = "王小明";
    p.phones = "13995500000";
    c.parties = {p};
    auto created = service::CaseService(f.ctx()).create(f.as(lc), c);
    EXPECT_TRUE(created.has_value());
    case_id = created ? created->record.id : 0;
    // Today's period, as the page sends it: first day and the day after the last.
    from = service::china_date(now_ms() - 3 * kDayMs);
    to = service::china_date(now_ms() + kDayMs);
  }

  TestServer s;
  std::int64_t case_id = 0;
  std::string from, to;
};

TEST_F(JointReportsApiTest, OfficeDraftsEditsAndDownloads) {
  auto boss = s.client_as("boss");
  auto created = boss.post_json(
      "/api/v1/joint-reports", {{"period_from", from}, {"period_to", to}, {"case_ids", {case_id}}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("etag"), "\"v1\"");
  const auto id = std::to_string(created.json()["id"].get<long long>());
  EXPECT_EQ(created.json()["state"], "draft");
  EXPECT_EQ(created.json()["period_from_date"], from);

  auto list = boss.get("/api/v1/joint-reports");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.json()["total"], 1);

  auto one = boss.get("/api/v1/joint-reports/" + id);
  ASSERT_EQ(one.status, 200) << one.body;
  const auto generated = one.json()["generated"];
  EXPECT_NE(generated["overview"].get<std::string>().find("立案查处涉野生动物案件1起"),
            std::string::npos);
  EXPECT_EQ(generated["table"]["header"][0], "部门");
  EXPECT_EQ(generated["cases"][0]["title"], "王某非法出售画眉案");
  EXPECT_EQ(one.body.find("13995500000"), std::string::npos);

  std::map<std::string, std::string> h = {{"Content-Type", "application/json"}};
  const std::string edit = R"({"achievements":"一是联合检查花鸟市场，查处出售画眉案件。"})";
  expect_problem(boss.request("PATCH", "/api/v1/joint-reports/" + id, edit, h), 428,
                 "precondition-required");
  h["If-Match"] = "\"v1\"";
  auto patched = boss.request("PATCH", "/api/v1/joint-reports/" + id, edit, h);
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.header("etag"), "\"v2\"");
  expect_problem(boss.request("PATCH", "/api/v1/joint-reports/" + id, edit, h), 412,
                 "precondition-failed");

  auto docx = boss.get("/api/v1/joint-reports/" + id + ".docx");
  ASSERT_EQ(docx.status, 200) << docx.body;
  EXPECT_EQ(docx.header("content-type"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_NE(docx.header("content-disposition").find("filename*=UTF-8''"), std::string::npos);
  EXPECT_EQ(docx.body.substr(0, 2), "PK");
  const std::string xml = zip_entry(docx.body, "word/document.xml");
  EXPECT_NE(xml.find("一是联合检查花鸟市场，查处出售画眉案件。"), std::string::npos);
  EXPECT_NE(xml.find("王某非法出售画眉案"), std::string::npos);
  EXPECT_EQ(xml.find("王小明"), std::string::npos);
  EXPECT_FALSE(zip_entry(docx.body, "word/media/image1.png").empty());

  auto press = boss.get("/api/v1/joint-reports/" + id + "/press-release.docx");
  ASSERT_EQ(press.status, 200);
  const std::string press_xml = zip_entry(press.body, "word/document.xml");
  EXPECT_NE(press_xml.find("查处一起"), std::string::npos);
  EXPECT_EQ(press_xml.find("王"), std::string::npos);

  auto pdf = boss.get("/api/v1/joint-reports/" + id + ".pdf");
  if (std::system("command -v soffice >/dev/null 2>&1") == 0) {
    ASSERT_EQ(pdf.status, 200) << pdf.body;
    EXPECT_EQ(pdf.header("content-type"), "application/pdf");
    EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  } else {
    expect_problem(pdf, 503, "unavailable");
  }
  EXPECT_EQ(boss.get("/api/v1/joint-reports/999999.docx").status, 404);
}

TEST_F(JointReportsApiTest, OthersAreRefusedAndBadInputIsNamed) {
  auto boss = s.client_as("boss");
  auto created =
      boss.post_json("/api/v1/joint-reports", {{"period_from", from}, {"period_to", to}});
  ASSERT_EQ(created.status, 201);
  const auto id = std::to_string(created.json()["id"].get<long long>());
  auto lc = s.client_as("lc-leader");
  expect_problem(lc.get("/api/v1/joint-reports"), 403, "forbidden");
  expect_problem(lc.get("/api/v1/joint-reports/" + id + ".docx"), 403, "forbidden");
  expect_problem(lc.post_json("/api/v1/joint-reports", {{"period_from", from}, {"period_to", to}}),
                 403, "forbidden");

  auto bad = boss.post_json(
      "/api/v1/joint-reports",
      {{"period_from", "昨天"}, {"period_to", to}, {"case_ids", {0}}, {"colour", "red"}});
  expect_problem(bad, 422, "invalid-input");
  std::vector<std::string> fields;
  const auto problem = bad.json();
  for (const auto& e : problem["errors"]) fields.push_back(e["field"].get<std::string>());
  for (const char* f : {"period_from", "case_ids", "colour"})
    EXPECT_NE(std::find(fields.begin(), fields.end(), f), fields.end()) << f << bad.body;
  auto unknown_case = boss.post_json(
      "/api/v1/joint-reports", {{"period_from", from}, {"period_to", to}, {"case_ids", {99999}}});
  expect_problem(unknown_case, 422, "invalid-input");
}

}  // namespace
}  // namespace qf::api
