// The joint-action report and press release on both backends: generated
// from live records (a case with its parties and items), the figures table
// from the statistics, the typical case anonymised in the report and told
// without any personal data in the press release, the template's texts,
// and the template parser's checks.
#include "report/joint_report.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <map>
#include <pugixml.hpp>

#include "core/clock.h"
#include "service/case_service.h"
#include "service/joint_report_service.h"
#include "support/service_fixture.h"

namespace qf::report {
namespace {

using testing::ServiceFixture;

std::string document_text(const std::string& docx) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(docx.data(), docx.size(), 0, &error);
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY, &error);
  if (za == nullptr) return {};
  zip_stat_t st;
  std::string xml;
  if (zip_stat(za, "word/document.xml", 0, &st) == 0) {
    zip_file_t* f = zip_fopen(za, "word/document.xml", 0);
    xml.resize(st.size);
    zip_fread(f, xml.data(), st.size);
    zip_fclose(f);
  }
  int images = 0;
  for (zip_int64_t i = 0; i < zip_get_num_entries(za, 0); ++i)
    if (std::string(zip_get_name(za, i, 0)).rfind("word/media/", 0) == 0) ++images;
  zip_close(za);
  pugi::xml_document doc;
  doc.load_string(xml.c_str());
  std::string text;
  for (auto p : doc.select_nodes("//w:p")) {
    for (auto t : p.node().select_nodes(".//w:t")) text += t.node().text().get();
    text += "\n";
  }
  return text + "[images:" + std::to_string(images) + "]";
}

class JointReportTest : public ::testing::Test {
 protected:
  JointReportTest()
      : office(f.make_user("office1", Role::kOffice, "OFFICE")),
        lc(f.make_user("lc-officer", Role::kOfficer, "LC")) {
    service::NewCase c;
    c.title = "张三丰非法猎捕灰鹤案";
    c.offence_type = "illegal_hunting";
    c.source = "patrol";
    c.place_text = "迎水桥镇";
    c.summary =
        "张三丰（身份证号640502198001011234，电话13995512345）在其住所沙坡头区文昌路18号"
        "藏匿死体灰鹤。李四协助运输。";
    c.occurred_at = now_ms() - kDayMs;
    store::CaseParty p1;
    p1.name = "张三丰";
    p1.id_number = "640502198001011234";
    p1.phones = "13995512345";
    p1.address = "沙坡头区文昌路18号";
    store::CaseParty p2;
    p2.name = "李四";
    c.parties = {p1, p2};
    store::CaseItem item;
    item.species = "灰鹤";
    item.count = 2;
    c.items = {item};
    auto created = service::CaseService(f.ctx()).create(f.as(lc), c);
    EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().message);
    case_id = created ? created->record.id : 0;
    draft.period_from = now_ms() - 10 * kDayMs;
    draft.period_to = now_ms() + kDayMs;
    draft.title = "测试联合行动报告";
    draft.case_ids = {case_id};
    draft.achievements = "一是机制顺畅。\n\n二是打击有力。";
    draft.shortcomings = "";
    draft.suggestions = "加强巡护。";
  }

  ServiceFixture f;
  store::User office, lc;
  std::int64_t case_id = 0;
  store::JointReport draft;
};

TEST(AnonymiseTest, NamesNumbersAndAddresses) {
  store::CaseParty a;
  a.name = "欧阳修文";
  a.phones = "0955-7000006, 13800000000";
  store::CaseParty b;
  b.kind = "organisation";
  b.name = "中卫某某餐饮有限公司";
  store::CaseParty c;
  c.name = "王五";
  c.address = "宣和镇宣和村六组";
  EXPECT_EQ(anonymised_name(a), "欧阳某");
  EXPECT_EQ(anonymised_name(b), "某单位");
  EXPECT_EQ(anonymised_name(c), "王某");
  const std::string out = anonymise(
      "欧阳修文、王五在宣和镇宣和村六组向中卫某某餐饮有限公司出售，联系电话0955-7000006、"
      "13800000000、13512345678，身份证11010519491231002X，住3栋401室",
      {a, b, c});
  EXPECT_EQ(
      out,
      "欧阳某、王某在某地向某单位出售，联系电话＊＊＊、＊＊＊、＊＊＊，身份证＊＊＊，住某栋某室");
}

TEST_F(JointReportTest, ReportHasFiguresTableChartsAndAnonymisedCase) {
  auto tpl = joint_report_template();
  ASSERT_TRUE(tpl.has_value()) << tpl.error().message;
  auto content = build_joint_report(f.ctx(), f.as(office), draft, true);
  ASSERT_TRUE(content.has_value()) << content.error().message;
  EXPECT_NE(content->overview.find("立案查处涉野生动物案件1起"), std::string::npos)
      << content->overview;
  // The table: department rows and a 合计 row holding the period's figure.
  const auto& t = content->department_table;
  ASSERT_GE(t.header.size(), 3u);
  EXPECT_EQ(t.header[0], "部门");
  ASSERT_FALSE(t.rows.empty());
  EXPECT_EQ(t.rows.back()[0], "合计");
  bool lc_row = false;
  for (const auto& row : t.rows)
    if (row[0] == "林草" || row[0].find("林") != std::string::npos) lc_row = true;
  EXPECT_TRUE(lc_row);
  ASSERT_EQ(content->cases.size(), 1u);
  const auto& k = content->cases[0];
  EXPECT_EQ(k.title, "张某非法猎捕灰鹤案");
  EXPECT_EQ(k.report_text.find("张三丰"), std::string::npos) << k.report_text;
  EXPECT_EQ(k.report_text.find("13995512345"), std::string::npos);
  EXPECT_EQ(k.report_text.find("640502198001011234"), std::string::npos);
  EXPECT_EQ(k.report_text.find("文昌路18号"), std::string::npos);
  EXPECT_NE(k.report_text.find("李某协助运输"), std::string::npos) << k.report_text;
  EXPECT_NE(k.report_text.find("灰鹤2只"), std::string::npos) << k.report_text;
  EXPECT_FALSE(content->department_chart_png.empty());
  EXPECT_FALSE(content->trend_chart_png.empty());

  auto docx = joint_report_docx(*content, *tpl);
  ASSERT_TRUE(docx.has_value()) << docx.error().message;
  const std::string text = document_text(*docx);
  for (const char* s : {"测试联合行动报告", "一、总体情况", "二、各部门战果", "三、典型案例",
                        "四、主要成绩", "五、存在不足", "六、下一步工作建议", "一是机制顺畅。",
                        "二是打击有力。", "（待补充）", "加强巡护。", "张某非法猎捕灰鹤案",
                        "清风行动协调机制办公室", "特此报告。", "合计", "[images:2]"})
    EXPECT_NE(text.find(s), std::string::npos) << s << "\n" << text;
  EXPECT_EQ(text.find("张三丰"), std::string::npos);

  auto json = preview_json(*content);
  EXPECT_EQ(json["cases"][0]["title"], "张某非法猎捕灰鹤案");
  EXPECT_EQ(json["table"]["header"][0], "部门");
}

TEST_F(JointReportTest, PressReleaseCarriesNoPersonalData) {
  auto tpl = joint_report_template();
  ASSERT_TRUE(tpl.has_value());
  auto content = build_joint_report(f.ctx(), f.as(office), draft, false);
  ASSERT_TRUE(content.has_value());
  auto docx = press_release_docx(*content, *tpl);
  ASSERT_TRUE(docx.has_value());
  const std::string text = document_text(*docx);
  EXPECT_NE(text.find(tpl->press_title), std::string::npos);
  EXPECT_NE(text.find("0955-8812769"), std::string::npos);  // the hotline
  EXPECT_NE(text.find("查处一起非法猎捕/杀害案件，查获灰鹤2只"), std::string::npos) << text;
  for (const char* s : {"张", "李四", "13995512345", "640502198001011234", "文昌路", "LC-"})
    EXPECT_EQ(text.find(s), std::string::npos) << s << "\n" << text;
  EXPECT_NE(text.find("[images:0]"), std::string::npos);
}

TEST_F(JointReportTest, OnlyTheCasesTheCallerSeesAndTheCallersFigures) {
  // Built as an LC officer (the API allows only the office, but the builder
  // still reads through the services' rules): LC's own case is there.
  auto content = build_joint_report(f.ctx(), f.as(lc), draft, false);
  ASSERT_TRUE(content.has_value());
  EXPECT_EQ(content->cases.size(), 1u);
  auto other = f.make_user("ga-officer", Role::kOfficer, "GA");
  content = build_joint_report(f.ctx(), f.as(other), draft, false);
  ASSERT_TRUE(content.has_value());
  EXPECT_TRUE(content->cases.empty());  // not visible to GA: left out
}

TEST(JointReportTemplateTest, ParsesAndNamesMissingKeys) {
  auto embedded = joint_report_template();
  ASSERT_TRUE(embedded.has_value());
  EXPECT_EQ(embedded->issuer, "清风行动协调机制办公室");
  auto broken = parse_joint_report_template("issuer = \"x\"\n");
  ASSERT_FALSE(broken.has_value());
  EXPECT_EQ(broken.error().code, ErrorCode::kInvalidInput);
  bool names_opening = false;
  for (const auto& e : broken.error().fields)
    if (e.field == "template/report.opening") names_opening = true;
  EXPECT_TRUE(names_opening);
  EXPECT_FALSE(parse_joint_report_template("not toml [").has_value());
}

}  // namespace
}  // namespace qf::report
