#include "report/docx_writer.h"

#include <zip.h>

#include <cmath>
#include <memory>
#include <pugixml.hpp>
#include <sstream>

namespace qf::report {
namespace {

constexpr const char* kW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr const char* kR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr const char* kWp =
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
constexpr const char* kA = "http://schemas.openxmlformats.org/drawingml/2006/main";
constexpr const char* kPic = "http://schemas.openxmlformats.org/drawingml/2006/picture";
constexpr const char* kPkgRels = "http://schemas.openxmlformats.org/package/2006/relationships";
constexpr const char* kRelBase =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

// A4 in twips and the GB/T 9704 margins (37/35/28/26 mm).
constexpr int kPageWidth = 11906, kPageHeight = 16838;
constexpr int kMarginTop = 2098, kMarginBottom = 1984, kMarginLeft = 1588, kMarginRight = 1474;
constexpr int kTextWidth = kPageWidth - kMarginLeft - kMarginRight;
constexpr long kEmuPerCm = 360000;

constexpr const char* kTitleFont = "方正小标宋简体";
constexpr const char* kBodyFont = "仿宋_GB2312";
constexpr const char* kHeiFont = "黑体";
constexpr const char* kKaiFont = "楷体_GB2312";
constexpr const char* kLatinFont = "Times New Roman";

class StringWriter : public pugi::xml_writer {
 public:
  void write(const void* data, size_t size) override {
    out.append(static_cast<const char*>(data), size);
  }
  std::string out;
};

std::string serialise(const pugi::xml_document& doc) {
  StringWriter w;
  w.out = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
  doc.save(w, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
  return std::move(w.out);
}

// Drops the C0 controls XML 1.0 cannot carry (tab and newline are handled by
// the caller).
std::string xml_safe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t' && c != '\n') continue;
    out += c;
  }
  return out;
}

pugi::xml_node child(pugi::xml_node parent, const char* name) { return parent.append_child(name); }

pugi::xml_node val(pugi::xml_node parent, const char* name, const std::string& value) {
  auto n = parent.append_child(name);
  n.append_attribute("w:val") = value.c_str();
  return n;
}

void fonts(pugi::xml_node rpr, const char* east_asia) {
  auto f = child(rpr, "w:rFonts");
  f.append_attribute("w:ascii") = kLatinFont;
  f.append_attribute("w:hAnsi") = kLatinFont;
  f.append_attribute("w:eastAsia") = east_asia;
  f.append_attribute("w:cs") = kLatinFont;
}

void size(pugi::xml_node rpr, int half_points) {
  val(rpr, "w:sz", std::to_string(half_points));
  val(rpr, "w:szCs", std::to_string(half_points));
}

// Runs of `text`, a <w:br/> for each newline, a <w:tab/> for each tab.
void add_text(pugi::xml_node p, const std::string& text, bool bold = false) {
  auto r = child(p, "w:r");
  if (bold) child(child(r, "w:rPr"), "w:b");
  std::string clean = xml_safe(text);
  std::size_t start = 0;
  while (start <= clean.size()) {
    std::size_t end = clean.find_first_of("\n\t", start);
    std::string piece =
        clean.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!piece.empty()) {
      auto t = child(r, "w:t");
      t.append_attribute("xml:space") = "preserve";
      t.text().set(piece.c_str());
    }
    if (end == std::string::npos) break;
    child(r, clean[end] == '\n' ? "w:br" : "w:tab");
    start = end + 1;
  }
}

pugi::xml_node styled_paragraph(pugi::xml_node body, const char* style) {
  auto p = child(body, "w:p");
  val(child(p, "w:pPr"), "w:pStyle", style);
  return p;
}

// ---- styles ---------------------------------------------------------------------

void paragraph_style(pugi::xml_node styles, const char* id, const char* name, const char* font,
                     int half_points, const char* jc, int first_line_chars, int line_twips,
                     bool exact, int after_twips = 0, int outline = -1, bool bold = false) {
  auto s = child(styles, "w:style");
  s.append_attribute("w:type") = "paragraph";
  s.append_attribute("w:styleId") = id;
  if (std::string(id) == "Normal") s.append_attribute("w:default") = "1";
  val(s, "w:name", name);
  if (std::string(id) != "Normal") val(s, "w:basedOn", "Normal");
  if (std::string(id) != "Normal") val(s, "w:next", "Normal");
  child(s, "w:qFormat");
  auto ppr = child(s, "w:pPr");
  if (outline >= 0) child(ppr, "w:keepNext");
  // Tables, images and captions keep their own line height: the page's
  // line grid (docGrid) would stretch every line to 29 pt.
  if (!exact) val(ppr, "w:snapToGrid", "0");
  auto sp = child(ppr, "w:spacing");
  sp.append_attribute("w:before") = "0";
  sp.append_attribute("w:after") = std::to_string(after_twips).c_str();
  sp.append_attribute("w:line") = std::to_string(line_twips).c_str();
  sp.append_attribute("w:lineRule") = exact ? "exact" : "auto";
  auto ind = child(ppr, "w:ind");
  ind.append_attribute("w:firstLineChars") = std::to_string(first_line_chars).c_str();
  // The twip value for readers that ignore *Chars (2 characters of 16 pt = 640).
  ind.append_attribute("w:firstLine") = std::to_string(first_line_chars * half_points / 10).c_str();
  val(ppr, "w:jc", jc);
  if (outline >= 0) val(ppr, "w:outlineLvl", std::to_string(outline));
  auto rpr = child(s, "w:rPr");
  fonts(rpr, font);
  if (bold) child(rpr, "w:b");
  size(rpr, half_points);
}

std::string styles_xml() {
  pugi::xml_document doc;
  auto styles = doc.append_child("w:styles");
  styles.append_attribute("xmlns:w") = kW;
  auto defaults = child(styles, "w:docDefaults");
  auto rpr = child(child(defaults, "w:rPrDefault"), "w:rPr");
  fonts(rpr, kBodyFont);
  size(rpr, 32);
  auto lang = child(rpr, "w:lang");
  lang.append_attribute("w:val") = "en-US";
  lang.append_attribute("w:eastAsia") = "zh-CN";
  child(child(defaults, "w:pPrDefault"), "w:pPr");

  // Body: 仿宋 三号, fixed 29 pt lines (580 twips), indent 2 characters.
  paragraph_style(styles, "Normal", "Normal", kBodyFont, 32, "both", 200, 580, true);
  paragraph_style(styles, "Title", "Title", kTitleFont, 44, "center", 0, 700, true, 580);
  paragraph_style(styles, "Subtitle", "Subtitle", kKaiFont, 32, "center", 0, 580, true, 0);
  paragraph_style(styles, "Heading1", "heading 1", kHeiFont, 32, "both", 200, 580, true, 0, 0);
  paragraph_style(styles, "Heading2", "heading 2", kKaiFont, 32, "both", 200, 580, true, 0, 1);
  paragraph_style(styles, "Plain", "Plain Text", kBodyFont, 32, "both", 0, 580, true);
  paragraph_style(styles, "Right", "Signature", kBodyFont, 32, "right", 0, 580, true);
  paragraph_style(styles, "TableText", "Table Text", kBodyFont, 24, "center", 0, 240, false);
  // Images: auto line height, or a fixed line would clip them.
  paragraph_style(styles, "Figure", "Figure", kBodyFont, 32, "center", 0, 240, false, 120);
  paragraph_style(styles, "Footer", "footer", kLatinFont, 28, "center", 0, 240, false);
  paragraph_style(styles, "Caption", "caption", kBodyFont, 28, "center", 0, 240, false, 240);

  auto t = child(styles, "w:style");
  t.append_attribute("w:type") = "table";
  t.append_attribute("w:styleId") = "TableGrid";
  val(t, "w:name", "Table Grid");
  return serialise(doc);
}

// ---- the other fixed parts --------------------------------------------------------

std::string font_table_xml() {
  pugi::xml_document doc;
  auto root = doc.append_child("w:fonts");
  root.append_attribute("xmlns:w") = kW;
  struct Font {
    const char* name;
    const char* alt;
    const char* family;
  };
  for (const Font& f :
       {Font{kTitleFont, "宋体", "roman"}, Font{kBodyFont, "仿宋", "modern"},
        Font{kHeiFont, "Noto Sans CJK SC", "swiss"}, Font{kKaiFont, "楷体", "modern"},
        Font{"宋体", "Noto Serif CJK SC", "roman"}, Font{"仿宋", "Noto Serif CJK SC", "modern"},
        Font{"楷体", "Noto Serif CJK SC", "modern"},
        Font{kLatinFont, "Liberation Serif", "roman"}}) {
    auto n = child(root, "w:font");
    n.append_attribute("w:name") = f.name;
    val(n, "w:altName", f.alt);
    val(n, "w:charset", std::string(f.name) == kLatinFont ? "00" : "86");
    val(n, "w:family", f.family);
    val(n, "w:pitch", "variable");
  }
  return serialise(doc);
}

std::string settings_xml() {
  pugi::xml_document doc;
  auto root = doc.append_child("w:settings");
  root.append_attribute("xmlns:w") = kW;
  val(root, "w:defaultTabStop", "420");
  val(root, "w:characterSpacingControl", "compressPunctuation");
  auto c = child(child(root, "w:compat"), "w:compatSetting");
  c.append_attribute("w:name") = "compatibilityMode";
  c.append_attribute("w:uri") = "http://schemas.microsoft.com/office/word";
  c.append_attribute("w:val") = "15";
  return serialise(doc);
}

// "— 1 —" centred: GB/T 9704's page number in 4号 digits between dashes.
std::string footer_xml() {
  pugi::xml_document doc;
  auto ftr = doc.append_child("w:ftr");
  ftr.append_attribute("xmlns:w") = kW;
  auto p = styled_paragraph(ftr, "Footer");
  add_text(p, "— ");
  auto field = child(p, "w:fldSimple");
  field.append_attribute("w:instr") = " PAGE ";
  add_text(field, "1");
  add_text(p, " —");
  return serialise(doc);
}

std::string core_xml(const std::string& title) {
  pugi::xml_document doc;
  auto root = doc.append_child("cp:coreProperties");
  root.append_attribute("xmlns:cp") =
      "http://schemas.openxmlformats.org/package/2006/metadata/core-properties";
  root.append_attribute("xmlns:dc") = "http://purl.org/dc/elements/1.1/";
  root.append_attribute("xmlns:dcterms") = "http://purl.org/dc/terms/";
  root.append_attribute("xmlns:xsi") = "http://www.w3.org/2001/XMLSchema-instance";
  child(root, "dc:title").text().set(xml_safe(title).c_str());
  child(root, "dc:creator").text().set("清风行动协调机制办公室");
  return serialise(doc);
}

std::string app_xml() {
  pugi::xml_document doc;
  auto root = doc.append_child("Properties");
  root.append_attribute("xmlns") =
      "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties";
  child(root, "Application").text().set("Qingfeng");
  return serialise(doc);
}

struct Relationship {
  std::string id, type, target;
};

std::string rels_xml(const std::vector<Relationship>& rels) {
  pugi::xml_document doc;
  auto root = doc.append_child("Relationships");
  root.append_attribute("xmlns") = kPkgRels;
  for (const auto& r : rels) {
    auto n = child(root, "Relationship");
    n.append_attribute("Id") = r.id.c_str();
    n.append_attribute("Type") = r.type.c_str();
    n.append_attribute("Target") = r.target.c_str();
  }
  return serialise(doc);
}

std::string content_types_xml() {
  pugi::xml_document doc;
  auto root = doc.append_child("Types");
  root.append_attribute("xmlns") = "http://schemas.openxmlformats.org/package/2006/content-types";
  auto def = [&](const char* ext, const char* type) {
    auto n = child(root, "Default");
    n.append_attribute("Extension") = ext;
    n.append_attribute("ContentType") = type;
  };
  def("rels", "application/vnd.openxmlformats-package.relationships+xml");
  def("xml", "application/xml");
  def("png", "image/png");
  auto over = [&](const char* part, const char* type) {
    auto n = child(root, "Override");
    n.append_attribute("PartName") = part;
    n.append_attribute("ContentType") = type;
  };
  const std::string wml = "application/vnd.openxmlformats-officedocument.wordprocessingml.";
  over("/word/document.xml", (wml + "document.main+xml").c_str());
  over("/word/styles.xml", (wml + "styles+xml").c_str());
  over("/word/settings.xml", (wml + "settings+xml").c_str());
  over("/word/fontTable.xml", (wml + "fontTable+xml").c_str());
  over("/word/footer1.xml", (wml + "footer+xml").c_str());
  over("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml");
  over("/docProps/app.xml",
       "application/vnd.openxmlformats-officedocument.extended-properties+xml");
  return serialise(doc);
}

// ---- the body ------------------------------------------------------------------------

void add_table(pugi::xml_node body, const DocxTable& t) {
  const std::size_t columns = t.header.size();
  if (columns == 0) return;
  std::vector<double> weights = t.column_weights;
  if (weights.size() != columns) {
    weights.assign(columns, 1.0);
    weights[0] = 2.0;
  }
  double total = 0;
  for (double w : weights) total += w;
  std::vector<int> widths;
  for (double w : weights) widths.push_back(static_cast<int>(kTextWidth * w / total));

  auto tbl = child(body, "w:tbl");
  auto pr = child(tbl, "w:tblPr");
  val(pr, "w:tblStyle", "TableGrid");
  auto tw = child(pr, "w:tblW");
  tw.append_attribute("w:w") = std::to_string(kTextWidth).c_str();
  tw.append_attribute("w:type") = "dxa";
  val(pr, "w:jc", "center");
  auto borders = child(pr, "w:tblBorders");
  for (const char* side : {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"}) {
    auto b = child(borders, side);
    b.append_attribute("w:val") = "single";
    b.append_attribute("w:sz") = "4";
    b.append_attribute("w:space") = "0";
    b.append_attribute("w:color") = "000000";
  }
  auto layout = child(pr, "w:tblLayout");
  layout.append_attribute("w:type") = "fixed";
  auto grid = child(tbl, "w:tblGrid");
  for (int w : widths) child(grid, "w:gridCol").append_attribute("w:w") = std::to_string(w).c_str();

  auto row = [&](const std::vector<std::string>& cells, bool header) {
    auto tr = child(tbl, "w:tr");
    auto trpr = child(tr, "w:trPr");
    if (header) child(trpr, "w:tblHeader");
    child(trpr, "w:cantSplit");
    for (std::size_t c = 0; c < columns; ++c) {
      auto tc = child(tr, "w:tc");
      auto tcpr = child(tc, "w:tcPr");
      auto w = child(tcpr, "w:tcW");
      w.append_attribute("w:w") = std::to_string(widths[c]).c_str();
      w.append_attribute("w:type") = "dxa";
      if (header) {
        auto shd = child(tcpr, "w:shd");
        shd.append_attribute("w:val") = "clear";
        shd.append_attribute("w:color") = "auto";
        shd.append_attribute("w:fill") = "D9D9D9";
      }
      val(tcpr, "w:vAlign", "center");
      auto p = child(tc, "w:p");
      auto ppr = child(p, "w:pPr");
      val(ppr, "w:pStyle", "TableText");
      if (c == 0 && !header) val(ppr, "w:jc", "left");
      add_text(p, c < cells.size() ? cells[c] : std::string(), header);
    }
  };
  row(t.header, true);
  for (const auto& r : t.rows) row(r, false);
  // Word needs a paragraph between a table and what follows it.
  styled_paragraph(body, "TableText");
}

void add_image(pugi::xml_node body, const DocxImage& image, const std::string& rel_id, int n) {
  int wpx = 0, hpx = 0;
  png_size(image.png, wpx, hpx);
  const double max_cm = kTextWidth / 566.93;  // twips per cm
  const double width_cm = std::min(image.width_cm > 0 ? image.width_cm : max_cm, max_cm);
  const long cx = std::lround(width_cm * kEmuPerCm);
  const long cy = std::lround(width_cm * kEmuPerCm * hpx / std::max(wpx, 1));
  const std::string scx = std::to_string(cx), scy = std::to_string(cy);
  const std::string name = "图 " + std::to_string(n);

  auto p = styled_paragraph(body, "Figure");
  auto inline_ = child(child(child(p, "w:r"), "w:drawing"), "wp:inline");
  for (const char* d : {"distT", "distB", "distL", "distR"}) inline_.append_attribute(d) = "0";
  auto extent = child(inline_, "wp:extent");
  extent.append_attribute("cx") = scx.c_str();
  extent.append_attribute("cy") = scy.c_str();
  auto doc_pr = child(inline_, "wp:docPr");
  doc_pr.append_attribute("id") = n;
  doc_pr.append_attribute("name") = name.c_str();
  doc_pr.append_attribute("descr") = xml_safe(image.description).c_str();
  child(child(inline_, "wp:cNvGraphicFramePr"), "a:graphicFrameLocks")
      .append_attribute("noChangeAspect") = "1";
  auto data = child(child(inline_, "a:graphic"), "a:graphicData");
  data.append_attribute("uri") = kPic;
  auto pic = child(data, "pic:pic");
  auto nv = child(pic, "pic:nvPicPr");
  auto cnv = child(nv, "pic:cNvPr");
  cnv.append_attribute("id") = n;
  cnv.append_attribute("name") = ("image" + std::to_string(n) + ".png").c_str();
  child(nv, "pic:cNvPicPr");
  auto fill = child(pic, "pic:blipFill");
  child(fill, "a:blip").append_attribute("r:embed") = rel_id.c_str();
  child(child(fill, "a:stretch"), "a:fillRect");
  auto sp = child(pic, "pic:spPr");
  auto xfrm = child(sp, "a:xfrm");
  auto off = child(xfrm, "a:off");
  off.append_attribute("x") = "0";
  off.append_attribute("y") = "0";
  auto ext = child(xfrm, "a:ext");
  ext.append_attribute("cx") = scx.c_str();
  ext.append_attribute("cy") = scy.c_str();
  auto geom = child(sp, "a:prstGeom");
  geom.append_attribute("prst") = "rect";
  child(geom, "a:avLst");
}

// Packs the parts with libzip into a memory buffer.
Result<std::string> zip_parts(const std::vector<std::pair<std::string, std::string>>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) return fail(ErrorCode::kInternal, "无法创建 Word 文件缓冲区");
  zip_source_keep(buffer);
  std::unique_ptr<zip_source_t, decltype(&zip_source_free)> keep(buffer, &zip_source_free);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    zip_error_fini(&error);
    return fail(ErrorCode::kInternal, "无法创建 Word 文件");
  }
  for (const auto& [name, content] : parts) {
    zip_source_t* src = zip_source_buffer(archive, content.data(), content.size(), 0);
    if (src == nullptr || zip_file_add(archive, name.c_str(), src, ZIP_FL_ENC_UTF_8) < 0) {
      if (src != nullptr) zip_source_free(src);
      zip_discard(archive);
      return fail(ErrorCode::kInternal, "无法写入 Word 文件部件 " + name);
    }
  }
  if (zip_close(archive) < 0) {
    zip_discard(archive);
    return fail(ErrorCode::kInternal, "无法完成 Word 文件");
  }
  if (zip_source_open(buffer) < 0) return fail(ErrorCode::kInternal, "无法读取 Word 文件缓冲区");
  zip_source_seek(buffer, 0, SEEK_END);
  const zip_int64_t n = zip_source_tell(buffer);
  zip_source_seek(buffer, 0, SEEK_SET);
  std::string out(n > 0 ? static_cast<std::size_t>(n) : 0, '\0');
  const zip_int64_t read = n > 0 ? zip_source_read(buffer, out.data(), out.size()) : 0;
  zip_source_close(buffer);
  if (read != n) return fail(ErrorCode::kInternal, "无法读取 Word 文件缓冲区");
  return out;
}

}  // namespace

DocxDocument& DocxDocument::add(DocxBlockKind kind, std::string text) {
  DocxBlock b;
  b.kind = kind;
  b.text = std::move(text);
  blocks_.push_back(std::move(b));
  return *this;
}

DocxDocument& DocxDocument::table(DocxTable t) {
  DocxBlock b;
  b.kind = DocxBlockKind::kTable;
  b.table = std::move(t);
  blocks_.push_back(std::move(b));
  return *this;
}

DocxDocument& DocxDocument::image(DocxImage i) {
  DocxBlock b;
  b.kind = DocxBlockKind::kImage;
  b.image = std::move(i);
  blocks_.push_back(std::move(b));
  return *this;
}

std::string chinese_numeral(int n) {
  static const char* digits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n <= 0 || n > 99) return std::to_string(n);
  if (n < 10) return digits[n];
  std::string out = n / 10 == 1 ? "" : digits[n / 10];
  out += "十";
  if (n % 10) out += digits[n % 10];
  return out;
}

bool png_size(const std::string& png, int& width, int& height) {
  static const char sig[] = "\x89PNG\r\n\x1a\n";
  if (png.size() < 24 || png.compare(0, 8, sig, 8) != 0 || png.compare(12, 4, "IHDR") != 0)
    return false;
  auto be32 = [&](std::size_t at) {
    return (static_cast<unsigned>(static_cast<unsigned char>(png[at])) << 24) |
           (static_cast<unsigned>(static_cast<unsigned char>(png[at + 1])) << 16) |
           (static_cast<unsigned>(static_cast<unsigned char>(png[at + 2])) << 8) |
           static_cast<unsigned>(static_cast<unsigned char>(png[at + 3]));
  };
  width = static_cast<int>(be32(16));
  height = static_cast<int>(be32(20));
  return width > 0 && height > 0;
}

Result<std::string> write_docx(const DocxDocument& doc) {
  std::vector<Relationship> rels = {
      {"rIdStyles", std::string(kRelBase) + "styles", "styles.xml"},
      {"rIdSettings", std::string(kRelBase) + "settings", "settings.xml"},
      {"rIdFonts", std::string(kRelBase) + "fontTable", "fontTable.xml"},
      {"rIdFooter1", std::string(kRelBase) + "footer", "footer1.xml"},
  };
  std::vector<std::pair<std::string, std::string>> media;

  pugi::xml_document xml;
  auto root = xml.append_child("w:document");
  root.append_attribute("xmlns:w") = kW;
  root.append_attribute("xmlns:r") = kR;
  root.append_attribute("xmlns:wp") = kWp;
  root.append_attribute("xmlns:a") = kA;
  root.append_attribute("xmlns:pic") = kPic;
  auto body = child(root, "w:body");

  int h1 = 0, h2 = 0, images = 0;
  for (const auto& b : doc.blocks()) {
    switch (b.kind) {
      case DocxBlockKind::kTitle:
        add_text(styled_paragraph(body, "Title"), b.text);
        break;
      case DocxBlockKind::kSubtitle:
        add_text(styled_paragraph(body, "Subtitle"), b.text);
        break;
      case DocxBlockKind::kHeading1:
        ++h1;
        h2 = 0;
        add_text(styled_paragraph(body, "Heading1"), chinese_numeral(h1) + "、" + b.text);
        break;
      case DocxBlockKind::kHeading2:
        ++h2;
        add_text(styled_paragraph(body, "Heading2"), "（" + chinese_numeral(h2) + "）" + b.text);
        break;
      case DocxBlockKind::kParagraph:
        add_text(child(body, "w:p"), b.text);
        break;
      case DocxBlockKind::kPlain:
        add_text(styled_paragraph(body, "Plain"), b.text);
        break;
      case DocxBlockKind::kCaption:
        add_text(styled_paragraph(body, "Caption"), b.text);
        break;
      case DocxBlockKind::kRight:
        add_text(styled_paragraph(body, "Right"), b.text);
        break;
      case DocxBlockKind::kTable:
        add_table(body, b.table);
        break;
      case DocxBlockKind::kImage: {
        int w = 0, h = 0;
        if (!png_size(b.image.png, w, h)) return invalid("image", "插图不是 PNG 图片");
        ++images;
        const std::string id = "rIdImage" + std::to_string(images);
        const std::string target = "media/image" + std::to_string(images) + ".png";
        rels.push_back({id, std::string(kRelBase) + "image", target});
        media.emplace_back("word/" + target, b.image.png);
        add_image(body, b.image, id, images);
        break;
      }
      case DocxBlockKind::kPageBreak: {
        auto br = child(child(child(body, "w:p"), "w:r"), "w:br");
        br.append_attribute("w:type") = "page";
        break;
      }
    }
  }

  auto sect = child(body, "w:sectPr");
  auto footer = child(sect, "w:footerReference");
  footer.append_attribute("w:type") = "default";
  footer.append_attribute("r:id") = "rIdFooter1";
  auto pg = child(sect, "w:pgSz");
  pg.append_attribute("w:w") = std::to_string(kPageWidth).c_str();
  pg.append_attribute("w:h") = std::to_string(kPageHeight).c_str();
  auto mar = child(sect, "w:pgMar");
  mar.append_attribute("w:top") = std::to_string(kMarginTop).c_str();
  mar.append_attribute("w:right") = std::to_string(kMarginRight).c_str();
  mar.append_attribute("w:bottom") = std::to_string(kMarginBottom).c_str();
  mar.append_attribute("w:left") = std::to_string(kMarginLeft).c_str();
  mar.append_attribute("w:header") = "851";
  mar.append_attribute("w:footer") = "992";
  mar.append_attribute("w:gutter") = "0";
  auto grid = child(sect, "w:docGrid");
  grid.append_attribute("w:type") = "lines";
  grid.append_attribute("w:linePitch") = "579";

  const std::string pkg = "http://schemas.openxmlformats.org/package/2006/relationships/";
  std::vector<std::pair<std::string, std::string>> parts = {
      {"[Content_Types].xml", content_types_xml()},
      {"_rels/.rels",
       rels_xml({{"rId1", std::string(kRelBase) + "officeDocument", "word/document.xml"},
                 {"rId2", pkg + "metadata/core-properties", "docProps/core.xml"},
                 {"rId3", std::string(kRelBase) + "extended-properties", "docProps/app.xml"}})},
      {"docProps/core.xml", core_xml(doc.title_property())},
      {"docProps/app.xml", app_xml()},
      {"word/document.xml", serialise(xml)},
      {"word/_rels/document.xml.rels", rels_xml(rels)},
      {"word/styles.xml", styles_xml()},
      {"word/settings.xml", settings_xml()},
      {"word/fontTable.xml", font_table_xml()},
      {"word/footer1.xml", footer_xml()},
  };
  for (auto& m : media) parts.push_back(std::move(m));
  return zip_parts(parts);
}

}  // namespace qf::report
