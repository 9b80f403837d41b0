// List exports and the historical case import over HTTP: status, headers
// (file name, type, no caching), visible rows and masking, the audit row,
// route precedence over /cases/{id}, and the import's dry run and answers.
#include <gtest/gtest.h>

#include "support/test_server.h"

namespace qf::api {
namespace {

using testing::HttpClient;
using testing::TestServer;

const std::map<std::string, std::string> kCsv = {{"Content-Type", "text/csv; charset=utf-8"}};

constexpr const char* kIdNumber = "640502198001011234";
constexpr const char* kIdMasked = "6405**********1234";

nlohmann::json lc_case() {
  return {{"title", "沙坡头保护区非法猎捕灰鹤案"},
          {"offence_type", "illegal_hunting"},
          {"source", "patrol"},
          {"items", {{{"species", "灰鹤"}, {"count", 2}}}},
          {"parties", {{{"name", "马某"}, {"id_number", kIdNumber}, {"phones", "13809551234"}}}}};
}

nlohmann::json ny_case() {
  return {
      {"title", "黄河禁捕水域电鱼案"}, {"offence_type", "illegal_fishing"}, {"source", "patrol"}};
}

class ExportApiTest : public ::testing::Test {
 protected:
  ExportApiTest() {
    auto& f = s.fixture();
    f.make_user("lc.officer", Role::kOfficer, "LC");
    f.make_user("ny.officer", Role::kOfficer, "NY");
    f.make_user("boss", Role::kOffice, "OFFICE");
    f.make_user("watcher", Role::kInspector, "OFFICE");
  }
  TestServer s;
};

TEST_F(ExportApiTest, CaseExportAsCsvAndXlsxWithHeadersRowsAndAudit) {
  auto officer = s.client_as("lc.officer");
  auto ny = s.client_as("ny.officer");
  auto office = s.client_as("boss");
  auto created = officer.post_json("/api/v1/cases", lc_case());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string lc_number = created.json()["number"];
  ASSERT_EQ(ny.post_json("/api/v1/cases", ny_case()).status, 201);

  // /cases/export is its own route, not /cases/{id} with id "export".
  auto xlsx = officer.get("/api/v1/cases/export?format=xlsx");
  ASSERT_EQ(xlsx.status, 200) << xlsx.body;
  EXPECT_EQ(xlsx.header("content-type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  const std::string disposition = xlsx.header("content-disposition");
  EXPECT_EQ(disposition.rfind("attachment; filename=\"cases-", 0), 0u) << disposition;
  // 案件列表 percent-encoded in filename* (RFC 6266 / 8187).
  EXPECT_NE(disposition.find("filename*=UTF-8''%E6%A1%88%E4%BB%B6%E5%88%97%E8%A1%A8-"),
            std::string::npos)
      << disposition;
  EXPECT_EQ(disposition.substr(disposition.size() - 5), ".xlsx");
  EXPECT_EQ(xlsx.header("cache-control"), "no-store");
  EXPECT_EQ(xlsx.header("x-export-rows"), "1");  // the LC officer's own case only
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");

  auto csv = office.get("/api/v1/cases/export?format=csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.header("x-export-rows"), "2");
  EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.body.find(lc_number), std::string::npos);
  EXPECT_NE(csv.body.find(kIdMasked), std::string::npos);
  EXPECT_EQ(csv.body.find(kIdNumber), std::string::npos);  // masked even for the office
  EXPECT_EQ(csv.body.find("13809551234"), std::string::npos);

  // The list's filters apply; csv is the default format.
  auto filtered = office.get("/api/v1/cases/export?owner_department=NY");
  ASSERT_EQ(filtered.status, 200);
  EXPECT_EQ(filtered.header("x-export-rows"), "1");
  EXPECT_EQ(filtered.body.find(lc_number), std::string::npos);
  auto by_text = office.get("/api/v1/cases/export?q=%E7%81%B0%E9%B9%A4");  // 灰鹤
  ASSERT_EQ(by_text.status, 200);
  EXPECT_EQ(by_text.header("x-export-rows"), "1");

  // /cases/{id} is untouched by the literal route beside it.
  const std::string id = std::to_string(created.json()["id"].get<long long>());
  EXPECT_EQ(officer.get("/api/v1/cases/" + id).status, 200);

  auto audit = office.get("/api/v1/audit?action=case.export");
  ASSERT_EQ(audit.status, 200) << audit.body;
  const auto rows = audit.json();
  ASSERT_EQ(rows["total"], 4);
  for (const auto& row : rows["items"]) {
    EXPECT_EQ(row.dump().find("灰鹤案"), std::string::npos);  // no row data, only filters and count
    EXPECT_EQ(row.dump().find(kIdMasked), std::string::npos);
  }
}

TEST_F(ExportApiTest, BadRequestsAndTips) {
  auto office = s.client_as("boss");
  EXPECT_EQ(s.client().get("/api/v1/cases/export").status, 401);
  EXPECT_EQ(s.client().get("/api/v1/tips/export").status, 401);
  auto pdf = office.get("/api/v1/cases/export?format=pdf");
  EXPECT_EQ(pdf.status, 422);
  EXPECT_EQ(pdf.json()["errors"][0]["field"], "format");
  EXPECT_EQ(office.get("/api/v1/cases/export?q=%FF").status, 400);
  EXPECT_EQ(office.get("/api/v1/tips/export?state=nonsense").status, 422);

  nlohmann::json tip = {{"channel", "hotline"},
                        {"reporter_name", "马小兰"},
                        {"reporter_phone", "13987654321"},
                        {"content", "保护区边上有人用鸟网捕鸟"}};
  ASSERT_EQ(office.post_json("/api/v1/tips", tip).status, 201);
  auto tips = office.get("/api/v1/tips/export?format=xlsx");
  ASSERT_EQ(tips.status, 200) << tips.body;
  EXPECT_EQ(tips.header("x-export-rows"), "1");
  EXPECT_NE(tips.header("content-disposition").find("tips-"), std::string::npos);
  auto tips_csv = office.get("/api/v1/tips/export");
  ASSERT_EQ(tips_csv.status, 200);
  EXPECT_EQ(tips_csv.body.find("马小兰"), std::string::npos);
  EXPECT_EQ(tips_csv.body.find("13987654321"), std::string::npos);
  EXPECT_NE(tips_csv.body.find("139****4321"), std::string::npos);
  // An inspector's export is audited like anyone's.
  ASSERT_EQ(s.client_as("watcher").get("/api/v1/tips/export").status, 200);
  EXPECT_EQ(office.get("/api/v1/audit?action=tip.export").json()["total"], 3);
}

TEST_F(ExportApiTest, ImportDryRunBadRowsAndRealImport) {
  auto officer = s.client_as("lc.officer");
  const std::string header =
      "title,offence_type,source,occurred_at,species,count,suspect_name,suspect_id_number\r\n";
  const std::string good =
      header +
      "沙坡头猎捕灰鹤案,illegal_hunting,patrol,2021-11-03,灰鹤,2,马某,640502198001011234\r\n"
      "市场出售画眉案,非法出售/收购/利用,市场检查,2022-03-05,画眉,12,,\r\n";
  const std::string bad =
      header +
      "沙坡头猎捕灰鹤案,illegal_hunting,patrol,2021-11-03,灰鹤,2,马某,640502198001011234\r\n"
      "坏行,盗猎,patrol,2021-13-01,,,,\r\n";

  auto missing = officer.request("POST", "/api/v1/cases/import", good, kCsv);
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(missing.json()["errors"][0]["field"], "dry_run");
  EXPECT_EQ(officer
                .request("POST", "/api/v1/cases/import?dry_run=true", good,
                         {{"Content-Type", "application/json"}})
                .status,
            415);
  EXPECT_EQ(officer
                .request("POST", "/api/v1/cases/import?dry_run=true", good,
                         {{"Content-Type", "text/csv; charset=gbk"}})
                .status,
            415);

  auto dry =
      officer.request("POST", "/api/v1/cases/import?dry_run=true", "\xEF\xBB\xBF" + good, kCsv);
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.json()["dry_run"], true);
  EXPECT_EQ(dry.json()["valid"], true);
  EXPECT_EQ(dry.json()["rows"], 2);
  EXPECT_EQ(dry.json()["imported"], 0);
  EXPECT_EQ(officer.get("/api/v1/cases").json()["total"], 0);

  auto rejected = officer.request("POST", "/api/v1/cases/import?dry_run=false", bad, kCsv);
  ASSERT_EQ(rejected.status, 422) << rejected.body;
  EXPECT_EQ(rejected.header("content-type"), "application/problem+json; charset=utf-8");
  const auto problem = rejected.json();
  EXPECT_EQ(problem["dry_run"], false);
  EXPECT_EQ(problem["rows"], 2);
  ASSERT_EQ(problem["row_errors"].size(), 2u);
  EXPECT_EQ(problem["row_errors"][0]["row"], 3);
  EXPECT_EQ(problem["row_errors"][0]["column"], "offence_type");
  EXPECT_EQ(problem["row_errors"][1]["column"], "occurred_at");
  EXPECT_EQ(problem["errors"][0]["field"], "rows/3/offence_type");
  EXPECT_NE(problem["detail"].get<std::string>().find("未导入任何案件"), std::string::npos);
  EXPECT_EQ(officer.get("/api/v1/cases").json()["total"],
            0);  // the good row was not imported either

  auto imported = officer.request("POST", "/api/v1/cases/import?dry_run=false", good, kCsv);
  ASSERT_EQ(imported.status, 201) << imported.body;
  EXPECT_EQ(imported.json()["imported"], 2);
  ASSERT_EQ(imported.json()["cases"].size(), 2u);
  EXPECT_EQ(imported.json()["cases"][0]["row"], 2);
  EXPECT_EQ(imported.json()["cases"][0]["number"].get<std::string>().substr(0, 3), "LC-");
  EXPECT_EQ(officer.get("/api/v1/cases").json()["total"], 2);

  // Read-only roles may not import.
  EXPECT_EQ(s.client_as("watcher")
                .request("POST", "/api/v1/cases/import?dry_run=true", good, kCsv)
                .status,
            403);
  auto audit = s.client_as("boss").get("/api/v1/audit?action=case.import");
  ASSERT_EQ(audit.status, 200);
  EXPECT_EQ(audit.json()["total"], 1);
}

}  // namespace
}  // namespace qf::api
