#include "report/xlsx_reader.h"

#include <gtest/gtest.h>

#include "support/xlsx_builder.h"

namespace qf::report {
namespace {

using namespace qf::testing;

TEST(XlsxReaderTest, SharedStringsRichTextNumbersBooleansAndGaps) {
  const std::string shared = shared_strings(
      {"place_type", "name", "lon"},
      // a rich-text item (two runs) and one with a phonetic guide
      "<si><r><rPr><b/></rPr><t>沙坡头</t></r><r><t xml:space=\"preserve\"> 农贸市场</t></r></si>"
      "<si><t>宾馆</t><rPh sb=\"0\" eb=\"2\"><t>ひんかん</t></rPh></si>"
      "<si><t>a_x000D_b</t></si>");
  const std::string sheet = worksheet(
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
      "<c r=\"D1\" t=\"s\"><v>2</v></c></row>"
      // row 2 is blank in the file; row 3 has a gap at C
      "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>3</v></c><c r=\"B3\" t=\"s\"><v>4</v></c>"
      "<c r=\"D3\"><v>105.19000000000001</v></c><c r=\"E3\"><v>13900000000</v></c>"
      "<c r=\"F3\" t=\"b\"><v>1</v></c><c r=\"G3\" t=\"str\"><f>A1</f><v>place_type</v></c>"
      "<c r=\"H3\" t=\"e\"><v>#N/A</v></c><c r=\"I3\" t=\"s\"><v>5</v></c></row>"
      // an empty styled row is left out
      "<row r=\"4\"><c r=\"A4\" s=\"0\"/></row>"
      // cells without references follow one another
      "<row><c t=\"inlineStr\"><is><t>x</t></is></c><c><v>-0.5</v></c></row>");
  auto t = read_xlsx(xlsx(sheet, shared));
  ASSERT_FALSE(t.problem) << t.problem->message;
  ASSERT_EQ(t.records.size(), 3u);
  EXPECT_EQ(t.records[0], (std::vector<std::string>{"place_type", "name", "", "lon"}));
  EXPECT_EQ(t.records[1],
            (std::vector<std::string>{"沙坡头 农贸市场", "宾馆", "", "105.19", "13900000000",
                                      "TRUE", "place_type", "#N/A", "a\rb"}));
  EXPECT_EQ(t.records[2], (std::vector<std::string>{"x", "-0.5"}));
  EXPECT_EQ(t.record_rows, (std::vector<int>{1, 3, 5}));
}

TEST(XlsxReaderTest, DateSerialsInDateFormattedCellsOnly) {
  // 46387 = 2026-12-31; style 1 is built-in 14, 2 a custom 年月日 format,
  // 3 a number format ("0.00"), 0 General.
  const std::string sheet = worksheet(
      "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>46387</v></c><c r=\"B1\" s=\"2\"><v>45658</v></c>"
      "<c r=\"C1\" s=\"3\"><v>46387</v></c><c r=\"D1\"><v>46387</v></c>"
      "<c r=\"E1\" s=\"1\"><v>46387.5</v></c><c r=\"F1\" t=\"d\"><v>2027-03-01T00:00:00</v></c>"
      "</row>");
  auto t = read_xlsx(xlsx(sheet, "", date_styles()));
  ASSERT_FALSE(t.problem) << t.problem->message;
  ASSERT_EQ(t.records.size(), 1u);
  EXPECT_EQ(t.records[0], (std::vector<std::string>{"2026-12-31", "2025-01-01", "46387", "46387",
                                                    "2026-12-31 12:00:00", "2027-03-01"}));

  EXPECT_EQ(excel_serial_date("1"), "1900-01-01");
  EXPECT_EQ(excel_serial_date("61"), "1900-03-01");
  EXPECT_EQ(excel_serial_date("45658"), "2025-01-01");
  EXPECT_EQ(excel_serial_date("0", true), "1904-01-01");
  EXPECT_FALSE(excel_serial_date("0"));
  EXPECT_FALSE(excel_serial_date("abc"));
  EXPECT_FALSE(excel_serial_date("99999999"));
}

TEST(XlsxReaderTest, FindsTheFirstVisibleWorksheetThroughTheWorkbook) {
  const std::string hidden = worksheet(inline_row(1, {"hidden"}));
  const std::string shown = worksheet(inline_row(1, {"shown"}));
  auto book = xlsx(
      hidden, "", "",
      {{"xl/workbook.xml",
        std::string("<workbook xmlns=\"") + kSheetNs +
            "\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
            "<sheets><sheet name=\"h\" sheetId=\"1\" state=\"hidden\" r:id=\"rId1\"/>"
            "<sheet name=\"s\" sheetId=\"2\" r:id=\"rId9\"/></sheets></workbook>"},
       {"xl/_rels/workbook.xml.rels",
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://x/relationships/worksheet\" "
        "Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId9\" "
        "Type=\"http://x/relationships/worksheet\" Target=\"../xl/worksheets/other.xml\"/>"
        "</Relationships>"},
       {"xl/worksheets/other.xml", shown}});
  auto t = read_xlsx(book);
  ASSERT_FALSE(t.problem) << t.problem->message;
  ASSERT_EQ(t.records.size(), 1u);
  EXPECT_EQ(t.records[0][0], "shown");
}

TEST(XlsxReaderTest, MalformedFilesAreProblemsNotCrashes) {
  // Not a ZIP, an old .xls / encrypted file, a truncated ZIP.
  EXPECT_TRUE(read_xlsx("place_type,name\n").problem);
  auto xls = read_xlsx(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(100, '\0'));
  ASSERT_TRUE(xls.problem);
  EXPECT_NE(xls.problem->message.find(".xls"), std::string::npos);
  const std::string good = xlsx(worksheet(inline_row(1, {"a"})));
  auto cut = read_xlsx(good.substr(0, good.size() / 2));
  ASSERT_TRUE(cut.problem);
  EXPECT_EQ(cut.problem->row, 0);

  // Malformed sheet XML: the problem names the row before the error.
  auto broken = read_xlsx(xlsx(worksheet(inline_row(1, {"a"}) + inline_row(2, {"b"}) +
                                         "<row r=\"3\"><c r=\"A3\"><v>1</c></row>")));
  ASSERT_TRUE(broken.problem);
  EXPECT_EQ(broken.problem->row, 3);
  EXPECT_NE(broken.problem->message.find("XML"), std::string::npos);

  // A shared string index out of range, a bad reference, a cell of another row.
  auto missing = read_xlsx(xlsx(worksheet("<row r=\"2\"><c r=\"A2\" t=\"s\"><v>7</v></c></row>"),
                                shared_strings({"x"})));
  ASSERT_TRUE(missing.problem);
  EXPECT_EQ(missing.problem->row, 2);
  EXPECT_NE(missing.problem->message.find("第 2 行"), std::string::npos);
  EXPECT_TRUE(read_xlsx(xlsx(worksheet("<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>"))).problem);
  EXPECT_TRUE(read_xlsx(xlsx(worksheet("<row r=\"1\"><c r=\"A2\"><v>1</v></c></row>"))).problem);
  // Rows out of order.
  EXPECT_TRUE(read_xlsx(xlsx(worksheet(inline_row(2, {"a"}) + inline_row(1, {"b"})))).problem);

  // No workbook, no worksheet part.
  EXPECT_TRUE(read_xlsx(xlsx(worksheet(""), "", "", {{"xl/workbook.xml", ""}})).problem);
  EXPECT_TRUE(read_xlsx(xlsx(worksheet(""), "", "", {{"xl/worksheets/sheet1.xml", ""}})).problem);
}

TEST(XlsxReaderTest, RefusesOversizePartsAndTooManyColumns) {
  // A zip bomb: a sheet that inflates past the part limit (a few hundred
  // kilobytes compressed).
  std::string huge = worksheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>" +
                               std::string(kXlsxMaxPartBytes + 1, 'a') + "</t></is></c></row>");
  const std::string bomb = xlsx(huge);
  huge.clear();
  huge.shrink_to_fit();
  EXPECT_LT(bomb.size(), 1u << 20);
  auto t = read_xlsx(bomb);
  ASSERT_TRUE(t.problem);
  EXPECT_NE(t.problem->message.find("过大"), std::string::npos);

  auto wide = read_xlsx(xlsx(worksheet("<row r=\"4\"><c r=\"AMA4\"><v>1</v></c></row>")));
  ASSERT_TRUE(wide.problem);
  EXPECT_EQ(wide.problem->row, 4);
  // Empty formatted cells far to the right are not content.
  auto styled = read_xlsx(
      xlsx(worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"XFD1\" s=\"0\"/></row>")));
  ASSERT_FALSE(styled.problem);
  EXPECT_EQ(styled.records[0].size(), 1u);
}

TEST(XlsxReaderTest, RecognisesTheZipMagic) {
  EXPECT_TRUE(looks_like_zip(xlsx(worksheet(""))));
  EXPECT_FALSE(looks_like_zip("place_type,name"));
  EXPECT_FALSE(looks_like_zip("PK"));
}

}  // namespace
}  // namespace qf::report
