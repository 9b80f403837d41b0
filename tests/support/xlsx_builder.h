// Small .xlsx workbooks for the import tests, packed with libzip: the parts
// a test gives (worksheet XML, shared strings, styles …) plus the package
// relationships and the workbook that make the first sheet findable, as
// Excel writes them. Tests that check refusals replace or leave out parts.
#pragma once

#include <zip.h>

#include <cstdio>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace qf::testing {

// part name → content, packed in order into a ZIP held in memory.
inline std::string zip_parts(const std::map<std::string, std::string>& parts,
                             zip_int32_t method = ZIP_CM_DEFLATE) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (!buffer) throw std::runtime_error("zip buffer");
  zip_source_keep(buffer);
  std::unique_ptr<zip_source_t, decltype(&zip_source_free)> keep(buffer, &zip_source_free);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (!archive) throw std::runtime_error("zip open");
  for (const auto& [name, content] : parts) {
    zip_source_t* src = zip_source_buffer(archive, content.data(), content.size(), 0);
    const zip_int64_t index = src ? zip_file_add(archive, name.c_str(), src, ZIP_FL_ENC_UTF_8) : -1;
    if (index < 0) throw std::runtime_error("zip add " + name);
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), method, 9);
  }
  if (zip_close(archive) < 0) throw std::runtime_error("zip close");
  zip_source_open(buffer);
  zip_source_seek(buffer, 0, SEEK_END);
  const zip_int64_t n = zip_source_tell(buffer);
  zip_source_seek(buffer, 0, SEEK_SET);
  std::string out(static_cast<std::size_t>(n), '\0');
  zip_source_read(buffer, out.data(), out.size());
  zip_source_close(buffer);
  return out;
}

constexpr const char* kSheetNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

// <worksheet><sheetData>rows</sheetData></worksheet>
inline std::string worksheet(const std::string& rows) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>") +
         "<worksheet xmlns=\"" + kSheetNs + "\"><sheetData>" + rows + "</sheetData></worksheet>";
}

// <sst> of the strings as plain <si><t>; pass raw XML items with raw_items.
inline std::string shared_strings(const std::vector<std::string>& strings,
                                  const std::string& raw_items = "") {
  std::string items;
  for (const auto& s : strings) items += "<si><t xml:space=\"preserve\">" + s + "</t></si>";
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"") + kSheetNs + "\">" +
         items + raw_items + "</sst>";
}

// Styles with cellXfs 0 = General, 1 = built-in date (14), 2 = custom
// "yyyy\"年\"m\"月\"d\"日\"", 3 = "0.00".
inline std::string date_styles() {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"") + kSheetNs +
         "\"><numFmts count=\"1\"><numFmt numFmtId=\"176\" "
         "formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/></numFmts>"
         "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/>"
         "<xf numFmtId=\"176\" applyNumberFormat=\"1\"/><xf "
         "numFmtId=\"2\"/></cellXfs></styleSheet>";
}

// A whole workbook: the sheet XML and, when given, shared strings and
// styles; `extra` adds or replaces parts (an empty content removes one).
inline std::string xlsx(const std::string& sheet_xml, const std::string& shared = "",
                        const std::string& styles = "",
                        const std::map<std::string, std::string>& extra = {}) {
  std::map<std::string, std::string> parts;
  parts["[Content_Types].xml"] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" "
      "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";
  parts["_rels/.rels"] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
      "Id=\"rId1\" "
      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
      "Target=\"xl/workbook.xml\"/></Relationships>";
  parts["xl/workbook.xml"] =
      std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"") + kSheetNs +
      "\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
      "<sheets><sheet name=\"场所\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
  std::string rels =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" "
      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
      "Target=\"worksheets/sheet1.xml\"/>";
  if (!shared.empty())
    rels +=
        "<Relationship Id=\"rId2\" "
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        "sharedStrings\" Target=\"sharedStrings.xml\"/>";
  if (!styles.empty())
    rels +=
        "<Relationship Id=\"rId3\" "
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
        "Target=\"/xl/styles.xml\"/>";
  parts["xl/_rels/workbook.xml.rels"] = rels + "</Relationships>";
  parts["xl/worksheets/sheet1.xml"] = sheet_xml;
  if (!shared.empty()) parts["xl/sharedStrings.xml"] = shared;
  if (!styles.empty()) parts["xl/styles.xml"] = styles;
  for (const auto& [name, content] : extra) {
    if (content.empty())
      parts.erase(name);
    else
      parts[name] = content;
  }
  return zip_parts(parts);
}

// An inline-string cell: <c r="A1" t="inlineStr"><is><t>text</t></is></c>.
inline std::string inline_cell(const std::string& ref, const std::string& text) {
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
}

// A row of inline-string cells from column A on (empty texts are skipped,
// leaving a gap as Excel does).
inline std::string inline_row(int row, const std::vector<std::string>& texts) {
  std::string out = "<row r=\"" + std::to_string(row) + "\">";
  for (std::size_t c = 0; c < texts.size(); ++c) {
    if (texts[c].empty()) continue;
    std::string ref;
    for (std::size_t n = c + 1; n > 0; n = (n - 1) / 26)
      ref.insert(ref.begin(), static_cast<char>('A' + (n - 1) % 26));
    out += inline_cell(ref + std::to_string(row), texts[c]);
  }
  return out + "</row>";
}

}  // namespace qf::testing
