// The .docx writer: the package is a zip whose parts, content types and
// relationships agree, the body carries the styles, numbered headings,
// table cells and the embedded image; and LibreOffice opens it (converted
// to PDF headless, the Chinese text found in the PDF).
#include "report/docx_writer.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <pugixml.hpp>
#include <sstream>

#include "report/chart_png.h"
#include "report/joint_report.h"

namespace qf::report {
namespace {

namespace fs = std::filesystem;

// Every entry of a zip held in memory, by name.
std::map<std::string, std::string> unzip(const std::string& bytes) {
  std::map<std::string, std::string> out;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* za = src ? zip_open_from_source(src, ZIP_RDONLY, &error) : nullptr;
  if (za == nullptr) {
    if (src) zip_source_free(src);
    return out;
  }
  for (zip_int64_t i = 0; i < zip_get_num_entries(za, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(za, i, 0, &st);
    zip_file_t* f = zip_fopen_index(za, i, 0);
    std::string content(st.size, '\0');
    zip_fread(f, content.data(), st.size);
    zip_fclose(f);
    out[st.name] = content;
  }
  zip_close(za);
  return out;
}

std::string first_entry_name(const std::string& bytes) {
  // Local file header: name length at 26, name at 30.
  if (bytes.size() < 30 || bytes.compare(0, 4, "PK\x03\x04") != 0) return {};
  const std::size_t len =
      static_cast<unsigned char>(bytes[26]) | (static_cast<unsigned char>(bytes[27]) << 8);
  return bytes.substr(30, len);
}

DocxDocument sample(bool with_image) {
  DocxDocument doc("清风行动联合行动报告");
  doc.title("清风行动联合行动报告")
      .subtitle("（2026年3月1日至2026年3月31日）")
      .heading1("总体情况")
      .paragraph("本期共受理举报线索12条，立案查处案件5起。\n第二行")
      .heading2("案件查办")
      .paragraph("控制符\x01被去掉")
      .heading1("各部门战果");
  DocxTable t;
  t.header = {"部门", "立案", "结案"};
  t.rows = {{"林草局", "3", "1"}, {"公安局", "2", "2"}};
  doc.table(t);
  if (with_image) {
    BarChart chart{"各部门立案数", "件", {{"林草局", 3}, {"公安局", 2}}};
    auto png = render_bar_chart(chart, 600, 350);
    EXPECT_TRUE(png.has_value());
    doc.image({png.value_or(""), 14, "各部门立案数"});
  }
  doc.heading1("建议").heading2("第一条").heading2("第二条").right("清风行动协调机制办公室");
  return doc;
}

TEST(DocxWriterTest, ChineseNumerals) {
  EXPECT_EQ(chinese_numeral(1), "一");
  EXPECT_EQ(chinese_numeral(10), "十");
  EXPECT_EQ(chinese_numeral(12), "十二");
  EXPECT_EQ(chinese_numeral(20), "二十");
  EXPECT_EQ(chinese_numeral(35), "三十五");
}

TEST(DocxWriterTest, PackagePartsContentTypesAndRelationships) {
  auto bytes = write_docx(sample(true));
  ASSERT_TRUE(bytes.has_value()) << bytes.error().message;
  EXPECT_EQ(first_entry_name(*bytes), "[Content_Types].xml");
  auto parts = unzip(*bytes);
  for (const char* name :
       {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
        "word/styles.xml", "word/settings.xml", "word/fontTable.xml", "word/footer1.xml",
        "docProps/core.xml", "docProps/app.xml", "word/media/image1.png"})
    EXPECT_TRUE(parts.count(name)) << name;

  pugi::xml_document types;
  ASSERT_TRUE(types.load_string(parts["[Content_Types].xml"].c_str()));
  std::map<std::string, std::string> overrides, defaults;
  for (auto n : types.child("Types").children("Override"))
    overrides[n.attribute("PartName").value()] = n.attribute("ContentType").value();
  for (auto n : types.child("Types").children("Default"))
    defaults[n.attribute("Extension").value()] = n.attribute("ContentType").value();
  EXPECT_EQ(overrides["/word/document.xml"],
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml");
  EXPECT_EQ(defaults["png"], "image/png");
  // Every part but the rels and media has an Override.
  for (const auto& [name, _] : parts)
    if (name.ends_with(".xml") && name != "[Content_Types].xml")
      EXPECT_TRUE(overrides.count("/" + name)) << name;

  // Every relationship resolves to a part of the package.
  pugi::xml_document rels;
  ASSERT_TRUE(rels.load_string(parts["word/_rels/document.xml.rels"].c_str()));
  std::map<std::string, std::string> targets;
  for (auto r : rels.child("Relationships").children("Relationship")) {
    const std::string target = std::string("word/") + r.attribute("Target").value();
    EXPECT_TRUE(parts.count(target)) << target;
    targets[r.attribute("Id").value()] = target;
  }
  pugi::xml_document root_rels;
  ASSERT_TRUE(root_rels.load_string(parts["_rels/.rels"].c_str()));
  for (auto r : root_rels.child("Relationships").children("Relationship"))
    EXPECT_TRUE(parts.count(r.attribute("Target").value())) << r.attribute("Target").value();

  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(parts["word/document.xml"].c_str()));
  auto body = doc.child("w:document").child("w:body");
  // The image's r:embed names the media part.
  auto blip = doc.select_node("//a:blip").node();
  ASSERT_TRUE(blip);
  EXPECT_EQ(targets[blip.attribute("r:embed").value()], "word/media/image1.png");
  EXPECT_EQ(parts["word/media/image1.png"].substr(1, 3), "PNG");
  // The footer relationship and the A4 page with the official margins.
  auto sect = body.child("w:sectPr");
  EXPECT_EQ(targets[sect.child("w:footerReference").attribute("r:id").value()], "word/footer1.xml");
  EXPECT_STREQ(sect.child("w:pgSz").attribute("w:w").value(), "11906");
  EXPECT_STREQ(sect.child("w:pgMar").attribute("w:top").value(), "2098");
  EXPECT_NE(parts["word/footer1.xml"].find("PAGE"), std::string::npos);

  // Paragraph texts with their styles; numbered headings.
  std::vector<std::pair<std::string, std::string>> paragraphs;
  for (auto p : body.children("w:p")) {
    std::string text;
    for (auto t : p.select_nodes(".//w:t")) text += t.node().text().get();
    paragraphs.emplace_back(p.child("w:pPr").child("w:pStyle").attribute("w:val").value(), text);
  }
  auto has = [&](const std::string& style, const std::string& text) {
    for (const auto& p : paragraphs)
      if (p.first == style && p.second == text) return true;
    return false;
  };
  EXPECT_TRUE(has("Title", "清风行动联合行动报告"));
  EXPECT_TRUE(has("Heading1", "一、总体情况"));
  EXPECT_TRUE(has("Heading2", "（一）案件查办"));
  EXPECT_TRUE(has("Heading1", "三、建议"));
  EXPECT_TRUE(has("Heading2", "（一）第一条"));  // restarts under each level-1 heading
  EXPECT_TRUE(has("Heading2", "（二）第二条"));
  EXPECT_TRUE(has("", "本期共受理举报线索12条，立案查处案件5起。第二行"));
  EXPECT_TRUE(has("", "控制符被去掉"));
  EXPECT_TRUE(has("Right", "清风行动协调机制办公室"));
  EXPECT_TRUE(doc.select_node("//w:p/w:r/w:br"));  // the newline

  // The table: a repeated, shaded header row, then the cells in order.
  auto tbl = body.child("w:tbl");
  ASSERT_TRUE(tbl);
  std::vector<std::vector<std::string>> cells;
  for (auto tr : tbl.children("w:tr")) {
    cells.emplace_back();
    for (auto tc : tr.children("w:tc")) {
      std::string text;
      for (auto t : tc.select_nodes(".//w:t")) text += t.node().text().get();
      cells.back().push_back(text);
    }
  }
  ASSERT_EQ(cells.size(), 3u);
  EXPECT_EQ(cells[0], (std::vector<std::string>{"部门", "立案", "结案"}));
  EXPECT_EQ(cells[2], (std::vector<std::string>{"公安局", "2", "2"}));
  EXPECT_TRUE(tbl.child("w:tr").child("w:trPr").child("w:tblHeader"));
  EXPECT_TRUE(tbl.child("w:tblPr").child("w:tblBorders").child("w:insideH"));

  // Styles: 仿宋 三号 body on fixed 29 pt lines, 小标宋 二号 title, 黑体 and 楷体 headings.
  pugi::xml_document styles;
  ASSERT_TRUE(styles.load_string(parts["word/styles.xml"].c_str()));
  auto style = [&](const char* id) {
    return styles.select_node((std::string("//w:style[@w:styleId='") + id + "']").c_str()).node();
  };
  EXPECT_STREQ(style("Normal").child("w:rPr").child("w:rFonts").attribute("w:eastAsia").value(),
               "仿宋_GB2312");
  EXPECT_STREQ(style("Normal").child("w:rPr").child("w:sz").attribute("w:val").value(), "32");
  EXPECT_STREQ(style("Normal").child("w:pPr").child("w:spacing").attribute("w:line").value(),
               "580");
  EXPECT_STREQ(style("Normal").child("w:pPr").child("w:ind").attribute("w:firstLine").value(),
               "640");
  EXPECT_STREQ(style("Title").child("w:rPr").child("w:rFonts").attribute("w:eastAsia").value(),
               "方正小标宋简体");
  EXPECT_STREQ(style("Title").child("w:rPr").child("w:sz").attribute("w:val").value(), "44");
  EXPECT_STREQ(style("Heading1").child("w:rPr").child("w:rFonts").attribute("w:eastAsia").value(),
               "黑体");
  EXPECT_STREQ(style("Heading2").child("w:rPr").child("w:rFonts").attribute("w:eastAsia").value(),
               "楷体_GB2312");
}

TEST(DocxWriterTest, RefusesAnImageThatIsNotPng) {
  DocxDocument doc;
  doc.image({"GIF89a not a png", 10, "x"});
  auto bytes = write_docx(doc);
  ASSERT_FALSE(bytes.has_value());
  EXPECT_EQ(bytes.error().code, ErrorCode::kInvalidInput);
}

std::string run(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

bool have(const char* program) {
  return std::system((std::string("command -v ") + program + " >/dev/null 2>&1").c_str()) == 0;
}

// Word-compatibility in practice: LibreOffice opens the file and renders it
// to PDF with its pages and the Chinese text.
TEST(DocxWriterTest, LibreOfficeConvertsItToPdf) {
  if (!have("soffice")) GTEST_SKIP() << "soffice (libreoffice-writer-nogui) is not installed";
  auto bytes = write_docx(sample(true));
  ASSERT_TRUE(bytes.has_value());
  const fs::path dir = fs::temp_directory_path() / ("qf-docx-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  // docx_to_pdf: LibreOffice headless in its own directory and profile.
  auto converted = docx_to_pdf(*bytes);
  ASSERT_TRUE(converted.has_value()) << converted.error().message;
  const fs::path pdf = dir / "report.pdf";
  { std::ofstream(pdf, std::ios::binary) << *converted; }
  const std::string content = *converted;
  EXPECT_EQ(content.substr(0, 5), "%PDF-");
  if (have("pdftotext")) {
    const std::string text = run("pdftotext -enc UTF-8 '" + pdf.string() + "' -");
    EXPECT_NE(text.find("清风行动联合行动报告"), std::string::npos) << text;
    EXPECT_NE(text.find("一、总体情况"), std::string::npos);
    EXPECT_NE(text.find("林草局"), std::string::npos);  // a table cell
    // The body in a CJK serif (the official fonts, or Noto Serif CJK SC).
    const std::string fonts = run("pdffonts '" + pdf.string() + "'");
    EXPECT_TRUE(fonts.find("SerifCJK") != std::string::npos ||
                fonts.find("FangSong") != std::string::npos)
        << fonts;
    const std::string info = run("pdfinfo '" + pdf.string() + "'");
    const auto at = info.find("Pages:");
    ASSERT_NE(at, std::string::npos) << info;
    EXPECT_GE(std::atoi(info.c_str() + at + 6), 1) << info;
  } else {
    EXPECT_NE(content.find("/Page"), std::string::npos);
    EXPECT_NE(content.find("/FontFile"), std::string::npos);  // fonts embedded
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace qf::report
