#include "cli/scan_input.h"

#include <cstring>

namespace qf::cli::scanning {

RecordReader::RecordReader(std::FILE* file, InputFormat format)
    : file_(file), format_(format), buf_(1u << 20) {}

RecordReader::~RecordReader() {
  if (file_ && file_ != stdin) std::fclose(file_);
}

bool RecordReader::fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    std::memmove(buf_.data(), buf_.data() + pos_, len_ - pos_);
    len_ -= pos_;
    pos_ = 0;
  }
  if (len_ == buf_.size()) return true;  // caller consumes before asking again
  const std::size_t n = std::fread(buf_.data() + len_, 1, buf_.size() - len_, file_);
  if (n == 0) {
    eof_ = true;
    return false;
  }
  len_ += n;
  bytes_ += n;
  return true;
}

// One line without its "\n" (a "\r" before it stays: inside a quoted CSV
// field a CRLF is data; records drop their final "\r"). Past kMaxRecordBytes
// the rest of the line is skipped and too_long set.
bool RecordReader::physical_line(std::string& out, bool& too_long) {
  bool any = false;
  for (;;) {
    if (pos_ == len_ && !fill()) {
      if (any) ++line_;
      return any;
    }
    any = true;
    const char* begin = buf_.data() + pos_;
    const char* nl = static_cast<const char*>(std::memchr(begin, '\n', len_ - pos_));
    const std::size_t take = nl ? static_cast<std::size_t>(nl - begin) : len_ - pos_;
    if (!too_long) {
      if (out.size() + take > kMaxRecordBytes) {
        too_long = true;
        out.clear();
        out.shrink_to_fit();
      } else {
        out.append(begin, take);
      }
    }
    pos_ += take;
    if (nl) {
      ++pos_;
      ++line_;
      return true;
    }
  }
}

namespace {

std::size_t quotes_in(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) n += c == '"';
  return n;
}

}  // namespace

std::optional<std::vector<std::string>> split_csv(const std::string& record) {
  std::vector<std::string> fields(1);
  bool quoted = false, was_quoted = false;
  for (std::size_t i = 0; i < record.size(); ++i) {
    const char c = record[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < record.size() && record[i + 1] == '"') {
          fields.back() += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        fields.back() += c;
      }
    } else if (c == ',') {
      fields.emplace_back();
      was_quoted = false;
    } else if (c == '"') {
      if (!fields.back().empty() || was_quoted) return std::nullopt;  // a"b
      quoted = was_quoted = true;
    } else {
      if (was_quoted) return std::nullopt;  // "a"b
      fields.back() += c;
    }
  }
  if (quoted) return std::nullopt;
  return fields;
}

bool RecordReader::next(RawRecord& out) {
  for (;;) {
    out.bytes.clear();
    out.too_long = false;
    out.columns = nullptr;
    if (!physical_line(out.bytes, out.too_long)) return false;
    out.line = line_;
    auto drop_cr = [&] {
      if (!out.bytes.empty() && out.bytes.back() == '\r') out.bytes.pop_back();
    };
    if (format_ == InputFormat::kJsonLines) {
      drop_cr();
      if (!out.too_long && out.bytes.find_first_not_of(" \t") == std::string::npos) continue;
      return true;
    }
    // CSV: a record goes on while a quoted field is open (odd quote count).
    std::size_t quotes = quotes_in(out.bytes);
    while (quotes % 2 == 1) {
      std::string more;
      bool more_long = false;
      if (!physical_line(more, more_long)) break;
      if (more_long || out.bytes.size() + more.size() + 1 > kMaxRecordBytes) {
        out.too_long = true;
        out.bytes.clear();
      }
      if (!out.too_long) out.bytes.append("\n").append(more);
      quotes += quotes_in(more);
    }
    drop_cr();
    if (!out.too_long && out.bytes.empty()) continue;  // blank line
    if (!header_done_) {
      header_done_ = true;
      auto fields = out.too_long ? std::nullopt : split_csv(out.bytes);
      auto cols = std::make_shared<CsvColumns>();
      if (fields) {
        cols->count = fields->size();
        for (std::size_t i = 0; i < fields->size(); ++i) {
          std::string name = (*fields)[i];
          if (i == 0 && name.rfind("\xEF\xBB\xBF", 0) == 0) name.erase(0, 3);  // BOM
          const int at = static_cast<int>(i);
          if (name == "id") cols->id = at;
          if (name == "platform") cols->platform = at;
          if (name == "url") cols->url = at;
          if (name == "title") cols->title = at;
          if (name == "text") cols->text = at;
          if (name == "price") cols->price = at;
          if (name == "label") cols->label = at;
        }
      }
      if (!fields || (cols->title < 0 && cols->text < 0)) {
        error_ = "CSV 表头须含 title 或 text 列（首行为列名：id,platform,url,title,text,…）";
        error_line_ = out.line;
        return false;
      }
      columns_ = std::move(cols);
      continue;
    }
    out.columns = columns_;
    return true;
  }
}

namespace {

// A JSON string member, or an error when present with another type.
bool string_member(const nlohmann::json& j, const char* key, std::string& out,
                   std::string& error) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return true;
  if (!it->is_string()) {
    error = std::string("字段 ") + key + " 须为字符串";
    return false;
  }
  out = it->get<std::string>();
  return true;
}

}  // namespace

ParsedListing parse_listing(const RawRecord& r, InputFormat format) {
  ParsedListing p;
  if (r.too_long) {
    p.error = "记录过长（超过 " + std::to_string(kMaxRecordBytes >> 20) + " MiB）";
    return p;
  }
  Listing l;
  if (format == InputFormat::kJsonLines) {
    nlohmann::json j = nlohmann::json::parse(r.bytes, nullptr, false);
    if (j.is_discarded()) {
      p.error = "不是合法的 JSON（或含无效 UTF-8）";
      return p;
    }
    if (!j.is_object()) {
      p.error = "每行须为一个 JSON 对象";
      return p;
    }
    if (!j.contains("title") && !j.contains("text")) {
      p.error = "缺少 title 和 text";
      return p;
    }
    if (auto it = j.find("id"); it != j.end()) {
      if (!it->is_string() && !it->is_number_integer() && !it->is_number_unsigned() &&
          !it->is_null()) {
        p.error = "字段 id 须为字符串或整数";
        return p;
      }
      l.id = *it;
    }
    if (!string_member(j, "platform", l.platform, p.error) ||
        !string_member(j, "title", l.title, p.error) ||
        !string_member(j, "text", l.text, p.error) ||
        !string_member(j, "label", l.label, p.error))
      return p;
  } else {
    auto fields = split_csv(r.bytes);
    if (!fields) {
      p.error = "CSV 引号不配对";
      return p;
    }
    const CsvColumns& c = *r.columns;
    if (fields->size() != c.count) {
      p.error = "CSV 字段数 " + std::to_string(fields->size()) + " 与表头的 " +
                std::to_string(c.count) + " 列不符";
      return p;
    }
    auto field = [&](int at) { return at < 0 ? std::string() : (*fields)[at]; };
    if (c.id >= 0) l.id = field(c.id);
    l.platform = field(c.platform);
    l.title = field(c.title);
    l.text = field(c.text);
    l.label = field(c.label);
  }
  p.listing = std::move(l);
  return p;
}

}  // namespace qf::cli::scanning
