#include "report/xlsx_reader.h"

#include <zip.h>

#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <vector>

#include "core/excel_cells.h"
#include "core/utf8.h"

namespace qf::report {
namespace {

constexpr int kExcelMaxRow = 1048576;

// A problem ends the read: the file is refused as a whole.
struct Refusal {
  int row = 0;
  std::string message;
};

std::string_view local_name(const char* name) {
  std::string_view n(name);
  const auto colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& parent, std::string_view name) {
  for (auto c : parent.children())
    if (c.type() == pugi::node_element && local_name(c.name()) == name) return c;
  return {};
}

// Text of the node's PCDATA/CDATA children (not of nested elements).
std::string node_text(const pugi::xml_node& n) {
  std::string out;
  for (auto c : n.children())
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
  return out;
}

void append_code_point(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0xD800 || cp > 0xDFFF) {  // a lone surrogate is dropped
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// OOXML escapes characters XML cannot carry as _xHHHH_ (_x000D_ for CR,
// _x005F_ for a literal underscore before such a pattern).
std::string unescape_ooxml(std::string s) {
  if (s.find("_x") == std::string::npos) return s;
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (i + 7 <= s.size() && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_') {
      unsigned code = 0;
      auto [p, ec] = std::from_chars(s.data() + i + 2, s.data() + i + 6, code, 16);
      if (ec == std::errc() && p == s.data() + i + 6) {
        append_code_point(out, static_cast<char32_t>(code));
        i += 7;
        continue;
      }
    }
    out += s[i++];
  }
  return out;
}

// Text of a string item (<si> or <is>): its own <t>, or its rich-text runs'
// <t> in order; phonetic guides (<rPh>) are annotations, not the text.
std::string string_item(const pugi::xml_node& item) {
  std::string out;
  for (auto c : item.children()) {
    if (c.type() != pugi::node_element) continue;
    const auto name = local_name(c.name());
    if (name == "t") {
      out += node_text(c);
    } else if (name == "r") {
      if (auto t = child(c, "t")) out += node_text(t);
    }
  }
  return unescape_ooxml(std::move(out));
}

// A part name relative to the part whose relationship names it
// ("worksheets/sheet1.xml" from "xl/workbook.xml"; "/xl/…" is absolute).
std::string resolve_target(std::string_view source_part, std::string_view target) {
  std::vector<std::string> parts;
  auto push_path = [&](std::string_view path) {
    std::size_t start = 0;
    while (start <= path.size()) {
      auto end = path.find('/', start);
      if (end == std::string_view::npos) end = path.size();
      std::string seg(path.substr(start, end - start));
      if (seg == "..") {
        if (!parts.empty()) parts.pop_back();
      } else if (!seg.empty() && seg != ".") {
        parts.push_back(seg);
      }
      start = end + 1;
    }
  };
  if (!target.empty() && target.front() == '/') {
    push_path(target.substr(1));
  } else {
    const auto slash = source_part.rfind('/');
    if (slash != std::string_view::npos) push_path(source_part.substr(0, slash));
    push_path(target);
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

// "xl/workbook.xml" → "xl/_rels/workbook.xml.rels".
std::string rels_of(std::string_view part) {
  const auto slash = part.rfind('/');
  if (slash == std::string_view::npos) return "_rels/" + std::string(part) + ".rels";
  return std::string(part.substr(0, slash)) + "/_rels/" + std::string(part.substr(slash + 1)) +
         ".rels";
}

struct Relationship {
  std::string type;  // the last segment of the type URI: worksheet, sharedStrings, styles …
  std::string target;
};

// A number as Excel shows it in a General cell: integers in full, other
// values to 15 significant digits (0.1+0.2 stored as 0.30000000000000004
// reads 0.3).
std::string number_text(std::string_view raw) {
  auto d = excel_decimal(raw);
  if (!d) return std::string(raw);
  char buf[64];
  if (std::floor(*d) == *d && std::fabs(*d) < 1e15) {
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, static_cast<std::int64_t>(*d));
    return std::string(buf, p);
  }
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, *d, std::chars_format::general, 15);
  return std::string(buf, p);
}

// Whether a number format shows a date or time: the built-in ones (14–22,
// 27–36 and 50–58 are the dates of Chinese, Japanese and Korean Excel,
// 45–47 times), or a custom code with y, m, d, h or s outside quoted text,
// escapes and [colour]/[$locale] brackets.
bool is_date_format(int id, const std::string& code) {
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
      (id >= 50 && id <= 58))
    return true;
  if (code.empty()) return false;
  bool quoted = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (quoted) {
      if (c == '"') quoted = false;
      continue;
    }
    if (c == '"') {
      quoted = true;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is literal (or padding)
    } else if (c == '[') {
      const auto close = code.find(']', i);
      if (close == std::string::npos) return false;
      const std::string inside = code.substr(i + 1, close - i - 1);
      if (!inside.empty() && inside.find_first_not_of("hHmMsS") == std::string::npos) return true;
      i = close;
    } else if (c == ';') {
      break;  // the first section decides
    } else if (std::string_view("yYmMdDhHsS").find(c) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

// "C12" → column 2 (0-based) and row 12; nullopt when malformed.
bool parse_cell_ref(std::string_view ref, int& column, int& row) {
  std::size_t i = 0;
  long col = 0;
  while (i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'))) {
    col = col * 26 + ((ref[i] | 0x20) - 'a' + 1);
    if (++i > 3) return false;
  }
  if (i == 0 || col > 16384) return false;
  long r = 0;
  auto [p, ec] = std::from_chars(ref.data() + i, ref.data() + ref.size(), r);
  if (ec != std::errc() || p != ref.data() + ref.size() || r < 1 || r > kExcelMaxRow) return false;
  column = static_cast<int>(col - 1);
  row = static_cast<int>(r);
  return true;
}

std::string column_letters(int column) {
  std::string out;
  for (int c = column + 1; c > 0; c = (c - 1) / 26)
    out.insert(out.begin(), static_cast<char>('A' + (c - 1) % 26));
  return out;
}

class Workbook {
 public:
  explicit Workbook(std::string_view bytes) : bytes_(bytes) {}
  ~Workbook() {
    if (archive_) zip_discard(archive_);
  }
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;

  std::optional<Refusal> open() {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src = zip_source_buffer_create(bytes_.data(), bytes_.size(), 0, &error);
    if (src) archive_ = zip_open_from_source(src, ZIP_RDONLY, &error);
    if (src && !archive_) zip_source_free(src);
    zip_error_fini(&error);
    if (!archive_) return Refusal{0, "文件不是有效的 .xlsx 文件（压缩包已损坏或不完整）"};
    return std::nullopt;
  }

  // The part's bytes; nullopt with `missing` set when the archive has no
  // such part, or with a refusal when it cannot be read within the limits.
  std::optional<std::string> part(const std::string& name, std::optional<Refusal>& refusal) {
    const zip_int64_t index = zip_name_locate(archive_, name.c_str(), ZIP_FL_NOCASE);
    if (index < 0) return std::nullopt;
    zip_file_t* f = zip_fopen_index(archive_, static_cast<zip_uint64_t>(index), 0);
    if (!f) {
      refusal = Refusal{0, "无法解压文件中的「" + name + "」：文件已损坏或加密"};
      return std::nullopt;
    }
    std::unique_ptr<zip_file_t, decltype(&zip_fclose)> close(f, &zip_fclose);
    std::string out;
    char buf[64 * 1024];
    for (;;) {
      const zip_int64_t n = zip_fread(f, buf, sizeof buf);
      if (n < 0) {
        refusal = Refusal{0, "无法解压文件中的「" + name + "」：文件已损坏"};
        return std::nullopt;
      }
      if (n == 0) break;
      const auto size = static_cast<std::size_t>(n);
      if (out.size() + size > kXlsxMaxPartBytes || read_ + out.size() + size > kXlsxMaxPartsBytes) {
        refusal =
            Refusal{0, "文件解压后过大（单个部件上限 " + std::to_string(kXlsxMaxPartBytes >> 20) +
                           " MB，合计上限 " + std::to_string(kXlsxMaxPartsBytes >> 20) +
                           " MB）：请删除多余的工作表、图片和格式，或分批导入"};
        return std::nullopt;
      }
      out.append(buf, size);
    }
    read_ += out.size();
    return out;
  }

  // Parses a part; a refusal names the part (and, for the worksheet, the
  // row near the error).
  std::optional<Refusal> parse(pugi::xml_document& doc, const std::string& text,
                               const std::string& name) {
    const auto r = doc.load_buffer(text.data(), text.size(),
                                   pugi::parse_default | pugi::parse_ws_pcdata_single);
    if (r) return std::nullopt;
    Refusal refusal;
    refusal.row = row_near(text, static_cast<std::size_t>(r.offset));
    refusal.message = "文件中的「" + name + "」不是有效的 XML（第 " + std::to_string(r.offset) +
                      " 字节附近：" + r.description() +
                      "）；文件可能已损坏，请在 Excel 中另存后再导入";
    return refusal;
  }

  std::map<std::string, Relationship> relationships(const std::string& source_part,
                                                    std::optional<Refusal>& refusal) {
    std::map<std::string, Relationship> out;
    const std::string name = rels_of(source_part);
    auto text = part(name, refusal);
    if (!text) return out;
    pugi::xml_document doc;
    if ((refusal = parse(doc, *text, name))) return out;
    for (auto rel : child(doc, "Relationships").children()) {
      if (local_name(rel.name()) != "Relationship") continue;
      std::string type = rel.attribute("Type").value();
      type = type.substr(type.rfind('/') + 1);
      if (std::string_view(rel.attribute("TargetMode").value()) == "External") continue;
      out[rel.attribute("Id").value()] = {
          type, resolve_target(source_part, rel.attribute("Target").value())};
    }
    return out;
  }

 private:
  // The spreadsheet row of the last <row r="…"> that starts before `offset`.
  static int row_near(const std::string& text, std::size_t offset) {
    const std::size_t from = std::min(offset, text.size());
    for (std::size_t at = text.rfind("<row", from); at != std::string::npos;
         at = at ? text.rfind("<row", at - 1) : std::string::npos) {
      const auto end = text.find('>', at);
      const auto r = text.find(" r=\"", at);
      if (r == std::string::npos || (end != std::string::npos && r > end)) return 0;
      int row = 0;
      std::from_chars(text.data() + r + 4, text.data() + text.size(), row);
      return row > 0 && row <= kExcelMaxRow ? row : 0;
    }
    return 0;
  }

  std::string_view bytes_;
  zip_t* archive_ = nullptr;
  std::size_t read_ = 0;
};

const char* attribute_by_local_name(const pugi::xml_node& n, std::string_view name, bool prefixed) {
  for (auto a : n.attributes()) {
    std::string_view full(a.name());
    if (prefixed && full.find(':') == std::string_view::npos) continue;
    if (local_name(a.name()) == name) return a.value();
  }
  return "";
}

CsvTable refuse(const Refusal& r) {
  CsvTable t;
  t.problem = CsvProblem{r.row, r.message};
  return t;
}

}  // namespace

bool looks_like_zip(std::string_view bytes) {
  return bytes.substr(0, 4) == std::string_view("PK\3\4", 4);
}

CsvTable read_xlsx(std::string_view bytes) {
  if (bytes.substr(0, 4) == std::string_view("\xD0\xCF\x11\xE0", 4))
    return refuse({0,
                   "文件是旧版 .xls 格式或已设置打开密码：请在 Excel 中取消密码，并“另存为” → "
                   "“Excel 工作簿(*.xlsx)”后再导入"});
  if (!looks_like_zip(bytes))
    return refuse({0, "文件不是 .xlsx 格式（Excel 工作簿）；CSV 文件请以 text/csv 上传"});
  Workbook book(bytes);
  if (auto r = book.open()) return refuse(*r);
  std::optional<Refusal> refusal;

  // The workbook part: the package's officeDocument, as Excel finds it.
  std::string workbook_part = "xl/workbook.xml";
  for (const auto& [id, rel] : book.relationships("", refusal))
    if (rel.type == "officeDocument") workbook_part = rel.target;
  if (refusal) return refuse(*refusal);
  auto workbook_xml = book.part(workbook_part, refusal);
  if (refusal) return refuse(*refusal);
  if (!workbook_xml)
    return refuse({0, "文件中没有工作簿（" + workbook_part + "）：不是 Excel 生成的 .xlsx 文件"});
  pugi::xml_document workbook;
  if (auto r = book.parse(workbook, *workbook_xml, workbook_part)) return refuse(*r);
  const auto workbook_root = child(workbook, "workbook");
  const std::string_view date_system =
      child(workbook_root, "workbookPr").attribute("date1904").value();
  const bool date1904 = date_system == "1" || date_system == "true";
  const auto rels = book.relationships(workbook_part, refusal);
  if (refusal) return refuse(*refusal);

  // The first worksheet a person sees: the first visible one in tab order
  // (chart sheets have other relationship types and are passed over).
  std::string sheet_part, sheet_name;
  for (int pass = 0; pass < 2 && sheet_part.empty(); ++pass)
    for (auto sheet : child(workbook_root, "sheets").children()) {
      if (local_name(sheet.name()) != "sheet") continue;
      const std::string_view state = sheet.attribute("state").value();
      if (pass == 0 && (state == "hidden" || state == "veryHidden")) continue;
      auto it = rels.find(attribute_by_local_name(sheet, "id", true));
      if (it == rels.end() || it->second.type != "worksheet") continue;
      sheet_part = it->second.target;
      sheet_name = sheet.attribute("name").value();
      break;
    }
  if (sheet_part.empty()) return refuse({0, "工作簿中没有工作表"});

  // Shared strings and the number formats of the cell styles.
  std::vector<std::string> shared;
  std::vector<bool> date_style;  // by cell style index (s="…")
  for (const auto& [id, rel] : rels) {
    if (rel.type != "sharedStrings" && rel.type != "styles") continue;
    auto text = book.part(rel.target, refusal);
    if (refusal) return refuse(*refusal);
    if (!text) continue;
    pugi::xml_document doc;
    if (auto r = book.parse(doc, *text, rel.target)) return refuse(*r);
    if (rel.type == "sharedStrings") {
      for (auto si : child(doc, "sst").children())
        if (local_name(si.name()) == "si") shared.push_back(string_item(si));
      continue;
    }
    const auto styles = child(doc, "styleSheet");
    std::map<int, std::string> codes;
    for (auto f : child(styles, "numFmts").children())
      if (local_name(f.name()) == "numFmt")
        codes[f.attribute("numFmtId").as_int(-1)] = f.attribute("formatCode").value();
    for (auto xf : child(styles, "cellXfs").children()) {
      if (local_name(xf.name()) != "xf") continue;
      const int id = xf.attribute("numFmtId").as_int(0);
      auto code = codes.find(id);
      date_style.push_back(is_date_format(id, code == codes.end() ? "" : code->second));
    }
  }

  auto sheet_xml = book.part(sheet_part, refusal);
  if (refusal) return refuse(*refusal);
  if (!sheet_xml)
    return refuse({0, "工作表「" + sheet_name + "」的内容（" + sheet_part + "）缺失"});
  pugi::xml_document sheet;
  if (auto r = book.parse(sheet, *sheet_xml, sheet_part)) return refuse(*r);
  sheet_xml.reset();  // the document keeps its own copy

  CsvTable out;
  int last_row = 0;
  for (auto row : child(child(sheet, "worksheet"), "sheetData").children()) {
    if (local_name(row.name()) != "row") continue;
    int row_number = last_row + 1;
    if (auto r = row.attribute("r")) {
      row_number = r.as_int(0);
      if (row_number < 1 || row_number > kExcelMaxRow)
        return refuse({last_row + 1, "第 " + std::to_string(last_row + 1) + " 行之后的行号「" +
                                         r.value() + "」无效；文件可能已损坏"});
    }
    if (row_number <= last_row)
      return refuse({row_number, "第 " + std::to_string(row_number) +
                                     " 行在工作表中重复出现或顺序颠倒；文件可能已损坏"});
    last_row = row_number;
    const std::string at = "第 " + std::to_string(row_number) + " 行";

    std::vector<std::string> record;
    int last_column = -1;
    bool any = false;
    for (auto c : row.children()) {
      if (local_name(c.name()) != "c") continue;
      int column = last_column + 1;
      if (auto ref = c.attribute("r")) {
        int ref_row = 0;
        if (!parse_cell_ref(ref.value(), column, ref_row) || ref_row != row_number)
          return refuse({row_number, at + "的单元格引用「" + std::string(ref.value()) +
                                         "」无效；文件可能已损坏"});
      }
      last_column = column;
      const std::string_view type = c.attribute("t").value();
      std::string value;
      if (type == "inlineStr") {
        value = string_item(child(c, "is"));
      } else {
        const std::string raw = node_text(child(c, "v"));
        if (type == "s") {
          const long index = raw.empty() ? -1 : std::strtol(raw.c_str(), nullptr, 10);
          if (index < 0 || static_cast<std::size_t>(index) >= shared.size())
            return refuse({row_number, at + "单元格 " + column_letters(column) +
                                           " 引用的共享文本不存在；文件可能已损坏"});
          value = shared[static_cast<std::size_t>(index)];
        } else if (type == "b") {
          value = raw.empty() ? "" : (raw == "0" ? "FALSE" : "TRUE");
        } else if (type == "str" || type == "e") {
          value = unescape_ooxml(raw);
        } else if (type == "d") {
          // ISO 8601 as text: the date, and the time when it is not midnight.
          value = raw.substr(0, 10);
          if (raw.size() >= 19 && raw.compare(10, 9, "T00:00:00") != 0)
            value += " " + raw.substr(11, 8);
        } else if (!raw.empty()) {  // a number
          const int style = c.attribute("s").as_int(0);
          std::optional<std::string> date;
          if (style >= 0 && static_cast<std::size_t>(style) < date_style.size() &&
              date_style[static_cast<std::size_t>(style)])
            date = excel_serial_date(raw, date1904);
          value = date ? *date : number_text(raw);
        }
      }
      if (value.empty()) continue;
      if (column >= kXlsxMaxColumns)
        return refuse({row_number, at + "第 " + column_letters(column) + " 列有内容：最多读取 " +
                                       std::to_string(kXlsxMaxColumns) + " 列，请删除多余的列"});
      if (!is_valid_utf8(value))
        return refuse({row_number, at + "单元格 " + column_letters(column) + " 含有无效的字符"});
      if (static_cast<std::size_t>(column) >= record.size()) record.resize(column + 1);
      record[static_cast<std::size_t>(column)] = std::move(value);
      any = true;
    }
    if (!any) continue;
    if (static_cast<int>(out.records.size()) >= kXlsxMaxRows)
      return refuse({row_number, "工作表超过 " + std::to_string(kXlsxMaxRows) + " 行，请分批导入"});
    out.records.push_back(std::move(record));
    out.record_rows.push_back(row_number);
  }
  return out;
}

}  // namespace qf::report
