// The places import from an Excel workbook (.xlsx) over HTTP, on the backend
// ctest chose: the same places from a workbook and from a CSV become the
// same records; a dry run writes nothing; a damaged workbook or a bad row is
// a 422 naming the row; the media type or the ZIP bytes select the reader;
// the template downloads and imports as it is.
#include <gtest/gtest.h>

#include <algorithm>

#include "support/test_server.h"
#include "support/xlsx_builder.h"

namespace qf::api {
namespace {

using testing::HttpResult;
using testing::TestServer;

const std::map<std::string, std::string> kXlsxType = {
    {"Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}};
const std::map<std::string, std::string> kCsvType = {{"Content-Type", "text/csv; charset=utf-8"}};

// The places of the workbook below, as a CSV.
const std::string kCsv =
    "place_type,name,parent,address,township,lon,lat,contact_phone,licence_no,licence_issuer,"
    "licence_valid_from,licence_valid_to,licensed_species\n"
    "花鸟市场,鼓楼花鸟市场,,鼓楼西街6号,文昌镇,105.19,37.51,,,,,,\n"
    "市场商户,老马鸟店,鼓楼花鸟市场,B区12号,文昌镇,,,,,,,,\n"
    "breeding_farm,宣和梅花鹿养殖场,,宣和镇宣和村六组,宣和镇,105.3187,37.4452,13900000000,"
    "宁林繁字〔2024〕第017号,宁夏回族自治区林业和草原局,2025-01-01,2027-12-31,梅花鹿:20;马鹿:5\n";

// The same places as Excel saves them: the header in Chinese titles and in
// another order, shared and inline strings, a rich-text run, an empty row,
// skipped cells, numbers (the phone too), the validity end in a date cell
// and its start as a date serial typed into a General cell.
std::string workbook() {
  using namespace qf::testing;
  const std::string shared = shared_strings(
      {"场所名称", "场所类型", "所在市场", "地址", "乡镇街道", "经度", "纬度", "联系电话",
       "许可证编号", "发证机关", "有效期起", "有效期至", "许可物种", "花鸟市场", "文昌镇"},
      "<si><r><t>鼓楼</t></r><r><rPr><b/></rPr><t>花鸟市场</t></r></si>");  // index 15
  auto s = [](const std::string& ref, int index) {
    return "<c r=\"" + ref + "\" t=\"s\"><v>" + std::to_string(index) + "</v></c>";
  };
  auto n = [](const std::string& ref, const std::string& v, int style = 0) {
    return "<c r=\"" + ref + "\" s=\"" + std::to_string(style) + "\"><v>" + v + "</v></c>";
  };
  std::string header = "<row r=\"1\">";
  const char* cols = "ABCDEFGHIJKLM";
  for (int c = 0; c < 13; ++c) header += s(std::string(1, cols[c]) + "1", c);
  header += "</row>";
  const std::string rows =
      header + "<row r=\"2\" spans=\"1:13\"/>" +  // an empty row
      "<row r=\"3\">" + s("A3", 15) + s("B3", 13) + inline_cell("D3", "鼓楼西街6号") + s("E3", 14) +
      n("F3", "105.19") + n("G3", "37.509999999999998") + "</row>" + "<row r=\"4\">" +
      inline_cell("A4", "老马鸟店") + inline_cell("B4", "市场商户") + s("C4", 15) +
      inline_cell("D4", "B区12号") + s("E4", 14) + "</row>" + "<row r=\"5\">" +
      inline_cell("A5", "宣和梅花鹿养殖场") + inline_cell("B5", "breeding_farm") +
      inline_cell("D5", "宣和镇宣和村六组") + inline_cell("E5", "宣和镇") + n("F5", "105.3187") +
      n("G5", "37.4452") + n("H5", "13900000000") + inline_cell("I5", "宁林繁字〔2024〕第017号") +
      inline_cell("J5", "宁夏回族自治区林业和草原局") + n("K5", "45658") + n("L5", "46752", 1) +
      inline_cell("M5", "梅花鹿:20;马鹿:5") + "</row>";
  return xlsx(worksheet(rows), shared, date_styles());
}

// A place as the API shows it, without what differs between two imports.
nlohmann::json comparable(nlohmann::json p) {
  for (const char* k : {"id", "parent_id", "created_at", "updated_at"}) p.erase(k);
  for (auto& l : p["licences"]) l.erase("id");
  return p;
}

std::vector<nlohmann::json> imported(testing::HttpClient& c, const HttpResult& r) {
  std::vector<nlohmann::json> out;
  const auto body = r.json();
  for (const auto& created : body["created"]) {
    auto got = c.get("/api/v1/places/" + std::to_string(created["id"].get<long long>()));
    EXPECT_EQ(got.status, 200) << got.body;
    out.push_back(comparable(got.json()));
  }
  return out;
}

class PlacesXlsxApiTest : public ::testing::Test {
 protected:
  PlacesXlsxApiTest() {
    s.fixture().make_user("sj-officer", Role::kOfficer, "SJ");
    s.fixture().make_user("jt-officer", Role::kOfficer, "JT");
  }
  TestServer s;
};

TEST_F(PlacesXlsxApiTest, SamePlacesFromAWorkbookAndFromACsv) {
  auto sj = s.client_as("sj-officer");
  const std::string book = workbook();

  auto dry = sj.request("POST", "/api/v1/places:import?dry_run=true", book, kXlsxType);
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.json()["valid"], true);
  EXPECT_EQ(dry.json()["rows"], 3);
  EXPECT_EQ(dry.json()["created"].size(), 0u);
  EXPECT_EQ(sj.get("/api/v1/places").json()["total"], 0);  // the dry run wrote nothing

  auto from_xlsx = sj.request("POST", "/api/v1/places:import?dry_run=false", book, kXlsxType);
  ASSERT_EQ(from_xlsx.status, 201) << from_xlsx.body;
  ASSERT_EQ(from_xlsx.json()["created"].size(), 3u);
  EXPECT_EQ(from_xlsx.json()["created"][0]["row"], 3);  // rows as Excel numbers them
  auto from_csv = sj.request("POST", "/api/v1/places:import?dry_run=false", kCsv, kCsvType);
  ASSERT_EQ(from_csv.status, 201) << from_csv.body;

  const auto a = imported(sj, from_xlsx);
  const auto b = imported(sj, from_csv);
  ASSERT_EQ(a.size(), 3u);
  ASSERT_EQ(b.size(), 3u);
  for (std::size_t i = 0; i < a.size(); ++i)
    EXPECT_EQ(a[i], b[i]) << a[i].dump() << "\n" << b[i].dump();
  EXPECT_EQ(a[1]["parent_name"], "鼓楼花鸟市场");
  EXPECT_EQ(a[2]["contact_phone"], "13900000000");
  EXPECT_EQ(a[2]["lat"], 37.4452);
  ASSERT_EQ(a[2]["licences"].size(), 1u);
  EXPECT_EQ(a[2]["licences"][0]["species"].size(), 2u);
  EXPECT_EQ(sj.get("/api/v1/places").json()["total"], 6);
}

TEST_F(PlacesXlsxApiTest, BadRowsAndDamagedWorkbooksAre422AndNothingIsImported) {
  using namespace qf::testing;
  auto sj = s.client_as("sj-officer");
  // A row with an unknown type and a date that is no date.
  const std::string bad = xlsx(worksheet(
      inline_row(1, {"place_type", "name", "licence_no", "licence_valid_to", "licensed_species"}) +
      inline_row(2, {"农贸市场", "滨河农贸市场"}) + inline_row(3, {"游乐场", "欢乐谷"}) +
      inline_row(4, {"养殖场(户)", "某鹿场", "宁林繁字1号", "明年", "梅花鹿:3"})));
  auto r = sj.request("POST", "/api/v1/places:import?dry_run=false", bad, kXlsxType);
  ASSERT_EQ(r.status, 422) << r.body;
  const auto rows = r.json()["row_errors"];
  ASSERT_EQ(rows.size(), 2u) << r.body;
  EXPECT_EQ(rows[0]["row"], 3);
  EXPECT_EQ(rows[0]["column"], "place_type");
  EXPECT_EQ(rows[1]["row"], 4);
  EXPECT_EQ(rows[1]["column"], "licence_valid_to");
  EXPECT_NE(r.json()["errors"][0]["message"].get<std::string>().find("第 3 行"), std::string::npos);

  // Malformed XML in the sheet: the row near the damage.
  auto broken = sj.request(
      "POST", "/api/v1/places:import?dry_run=true",
      xlsx(worksheet(inline_row(1, {"place_type", "name"}) + "<row r=\"2\"><c r=\"A2\"><v>1</c>")),
      kXlsxType);
  ASSERT_EQ(broken.status, 422) << broken.body;
  EXPECT_EQ(broken.json()["row_errors"][0]["row"], 2);

  // Declared a workbook, sent a CSV; and a truncated ZIP.
  auto not_zip = sj.request("POST", "/api/v1/places:import?dry_run=true", kCsv, kXlsxType);
  ASSERT_EQ(not_zip.status, 422) << not_zip.body;
  EXPECT_EQ(not_zip.json()["row_errors"][0]["row"], 0);
  EXPECT_EQ(not_zip.json()["detail"].get<std::string>().rfind("文件无法读取", 0), 0u)
      << not_zip.body;
  auto cut = workbook();
  cut.resize(cut.size() / 2);
  EXPECT_EQ(sj.request("POST", "/api/v1/places:import?dry_run=true", cut, kXlsxType).status, 422);
  EXPECT_EQ(sj.get("/api/v1/places").json()["total"], 0);

  // Other media types are refused; a ZIP is a workbook whatever it is called.
  auto pdf = sj.request("POST", "/api/v1/places:import?dry_run=true", "%PDF-1.4",
                        {{"Content-Type", "application/pdf"}});
  EXPECT_EQ(pdf.status, 415) << pdf.body;
  auto sniffed = sj.request("POST", "/api/v1/places:import?dry_run=true", workbook(),
                            {{"Content-Type", "application/octet-stream"}});
  EXPECT_EQ(sniffed.status, 200) << sniffed.body;

  // Importing needs the right to register places.
  auto jt = s.client_as("jt-officer");
  EXPECT_EQ(jt.request("POST", "/api/v1/places:import?dry_run=true", workbook(), kXlsxType).status,
            403);
}

TEST_F(PlacesXlsxApiTest, TheTemplateImportsAsItIs) {
  auto sj = s.client_as("sj-officer");
  auto t = sj.get("/api/v1/places:import-template");
  ASSERT_EQ(t.status, 200) << t.body;
  EXPECT_EQ(t.header("content-type"), kXlsxType.at("Content-Type"));
  EXPECT_NE(t.header("content-disposition").find(".xlsx"), std::string::npos);
  auto done = sj.request("POST", "/api/v1/places:import?dry_run=false", t.body, kXlsxType);
  ASSERT_EQ(done.status, 201) << done.body;
  ASSERT_EQ(done.json()["created"].size(), 1u);
  auto farm =
      sj.get("/api/v1/places/" + std::to_string(done.json()["created"][0]["id"].get<long long>()));
  ASSERT_EQ(farm.status, 200);
  EXPECT_EQ(farm.json()["place_type"], "breeding_farm");
  EXPECT_EQ(farm.json()["contact_phone"], "13900000000");
  ASSERT_EQ(farm.json()["licences"].size(), 1u);
  EXPECT_EQ(farm.json()["licences"][0]["valid_to"].get<std::string>().substr(0, 10), "2027-12-31");
}

}  // namespace
}  // namespace qf::api
