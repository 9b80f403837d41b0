// A small Word (.docx, Office Open XML) writer for official documents laid
// out in the GB/T 9704 manner (党政机关公文格式), so the report code builds a
// document model and never touches XML.
//
//  - Page: A4, margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right;
//    page numbers "— N —" centred in the footer.
//  - Styles (word/styles.xml): the title in 方正小标宋简体 二号 (22 pt),
//    centred; body text 仿宋_GB2312 三号 (16 pt) on a fixed 29 pt line, the
//    first line indented two characters; level-1 headings 黑体, numbered
//    "一、二、…"; level-2 headings 楷体_GB2312, numbered "（一）（二）…"
//    (restarting under each level-1 heading). Fonts a machine lacks fall
//    back to 宋体/仿宋/黑体/楷体 and then Noto Serif CJK SC (word/fontTable.xml
//    names the alternatives; LibreOffice substitutes through fontconfig).
//  - Tables: single borders, a shaded header row repeated on each page,
//    small 仿宋 (四号) cells, the first column left-aligned, the rest centred.
//  - Images: PNG only, inline and centred, stored under word/media with a
//    relationship each; the size comes from the PNG header and the width
//    asked for (cm), keeping the aspect ratio.
//  - Text: line breaks inside a paragraph become <w:br/>; characters XML
//    cannot carry (controls) are dropped.
//
// The package is written in memory with libzip ([Content_Types].xml first)
// and the parts with pugixml; write_docx fails (kInternal) only when libzip
// does, or (kInvalidInput) when an image is not a PNG.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace qf::report {

struct DocxTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each as many cells as the header
  // Relative widths of the columns; empty: the first column twice the others.
  std::vector<double> column_weights;
};

struct DocxImage {
  std::string png;          // the PNG file's bytes
  double width_cm = 15.0;   // shown width; the height follows the aspect ratio
  std::string description;  // alt text
};

enum class DocxBlockKind {
  kTitle,      // 标题
  kSubtitle,   // a centred line under the title (period, 发文机关)
  kHeading1,   // 一、
  kHeading2,   // （一）
  kParagraph,  // body text, first line indented
  kPlain,      // body text without the indent (a note, a table caption)
  kRight,      // right-aligned (落款, 日期)
  kCaption,    // centred, under a figure or table
  kTable,
  kImage,
  kPageBreak,
};

struct DocxBlock {
  DocxBlockKind kind = DocxBlockKind::kParagraph;
  std::string text;
  DocxTable table;
  DocxImage image;
};

class DocxDocument {
 public:
  explicit DocxDocument(std::string title_property = {}) : title_(std::move(title_property)) {}

  DocxDocument& title(std::string text) { return add(DocxBlockKind::kTitle, std::move(text)); }
  DocxDocument& subtitle(std::string text) {
    return add(DocxBlockKind::kSubtitle, std::move(text));
  }
  // The number (一、 / （一）) is added by the writer.
  DocxDocument& heading1(std::string text) {
    return add(DocxBlockKind::kHeading1, std::move(text));
  }
  DocxDocument& heading2(std::string text) {
    return add(DocxBlockKind::kHeading2, std::move(text));
  }
  DocxDocument& paragraph(std::string text) {
    return add(DocxBlockKind::kParagraph, std::move(text));
  }
  DocxDocument& plain(std::string text) { return add(DocxBlockKind::kPlain, std::move(text)); }
  DocxDocument& right(std::string text) { return add(DocxBlockKind::kRight, std::move(text)); }
  DocxDocument& caption(std::string text) { return add(DocxBlockKind::kCaption, std::move(text)); }
  DocxDocument& table(DocxTable t);
  DocxDocument& image(DocxImage i);
  DocxDocument& page_break() { return add(DocxBlockKind::kPageBreak, {}); }

  const std::vector<DocxBlock>& blocks() const { return blocks_; }
  // docProps/core.xml's title (the file's title in Word's properties).
  const std::string& title_property() const { return title_; }

 private:
  DocxDocument& add(DocxBlockKind kind, std::string text);
  std::string title_;
  std::vector<DocxBlock> blocks_;
};

// "一", "二", … "九十九" (1..99; larger numbers in digits).
std::string chinese_numeral(int n);

// Width and height in pixels from a PNG's IHDR; false when `png` is not one.
bool png_size(const std::string& png, int& width, int& height);

// The .docx package's bytes.
Result<std::string> write_docx(const DocxDocument& doc);

}  // namespace qf::report
