#include "cli/scan_input.h"

#include <charconv>
#include <cstdint>
#include <string_view>

#include "cli/json_text.h"
#include "core/utf8.h"

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
    if (format_ == InputFormat::kTextLines) {
      drop_cr();
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
bool string_member(const nlohmann::json& j, const char* key, std::string& out, std::string& error) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return true;
  if (!it->is_string()) {
    error = std::string("字段 ") + key + " 须为字符串";
    return false;
  }
  out = it->get<std::string>();
  return true;
}

// ---- fast path for JSON Lines -----------------------------------------------
// nlohmann builds a DOM of every line (every key, every string allocated)
// and was a quarter of `qingfeng scan`'s time. The fast path reads the
// common shape — one flat object whose values are strings, numbers, true,
// false or null — and extracts only id, platform, title, text and label. It
// accepts only what nlohmann accepts and yields the same values; on anything
// else (nested values, \u escapes, control characters, invalid UTF-8,
// duplicate keys of interest, malformed JSON, missing title and text, an id
// that is not a string, null or a small integer) it declines and nlohmann
// decides, with its error messages.
class FastJsonLine {
 public:
  // lazy: title and text may be left raw (Listing::raw).
  FastJsonLine(std::string_view s, bool lazy) : s_(s), lazy_(lazy) {}

  bool parse(Listing& l) {
    std::string_view raw[2];
    bool is_raw[2] = {};
    ws();
    if (!eat('{')) return false;
    ws();
    bool seen[5] = {};                // id platform title text label
    if (peek() == '}') return false;  // {}: no title/text, nlohmann reports it
    for (;;) {
      if (peek() != '"') return false;
      std::string_view key;
      if (!raw_key(key)) return false;
      ws();
      if (!eat(':')) return false;
      ws();
      int which = key == "id"         ? 0
                  : key == "platform" ? 1
                  : key == "title"    ? 2
                  : key == "text"     ? 3
                  : key == "label"    ? 4
                                      : -1;
      if (which >= 0) {
        if (seen[which]) return false;
        seen[which] = true;
        if (which == 0) {
          if (!id_value(l.id)) return false;
        } else {
          std::string* out = which == 1   ? &l.platform
                             : which == 2 ? &l.title
                             : which == 3 ? &l.text
                                          : &l.label;
          if (peek() == 'n') {
            if (!literal("null")) return false;
          } else if (peek() != '"') {
            return false;
          } else if (lazy_ && (which == 2 || which == 3) && raw_string(raw[which - 2])) {
            is_raw[which - 2] = true;
          } else if (!string_value(out)) {
            return false;
          }
        }
      } else if (!skip_value()) {
        return false;
      }
      ws();
      if (eat(',')) {
        ws();
        continue;
      }
      if (!eat('}')) return false;
      break;
    }
    ws();
    if (i_ != s_.size() || !(seen[2] || seen[3])) return false;
    if (lazy_ && (is_raw[0] || !seen[2]) && (is_raw[1] || !seen[3])) {
      l.raw = true;
      l.raw_title = raw[0];
      l.raw_text = raw[1];
      return true;
    }
    // One field raw, the other with escapes: check and copy the raw one now.
    for (int k = 0; k < 2; ++k) {
      if (!is_raw[k]) continue;
      if (!is_valid_utf8(raw[k])) return false;
      (k == 0 ? l.title : l.text).assign(raw[k]);
    }
    return true;
  }

 private:
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
      ++i_;
  }
  bool literal(std::string_view w) {
    if (s_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }
  // A key without escapes (a key with any is left to nlohmann).
  bool raw_key(std::string_view& key) {
    const std::size_t begin = ++i_;
    for (; i_ < s_.size(); ++i_) {
      const auto c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        key = s_.substr(begin, i_ - begin);
        ++i_;
        return true;
      }
      if (c == '\\' || c < 0x20 || c >= 0x80) return false;
    }
    return false;
  }
  // The string at s_[i_] == '"' as it stands, when it has no escape and no
  // control character (its UTF-8 is not checked); false, reading nothing,
  // otherwise.
  bool raw_string(std::string_view& out) {
    const auto* b = reinterpret_cast<const unsigned char*>(s_.data());
    const std::size_t begin = i_ + 1, end = json_text::find_special(b, begin, s_.size());
    if (end >= s_.size() || b[end] != '"') return false;
    out = s_.substr(begin, end - begin);
    i_ = end + 1;
    return true;
  }

  // A string at s_[i_] == '"'; appended to *out when out is set.
  bool string_value(std::string* out) {
    const auto* b = reinterpret_cast<const unsigned char*>(s_.data());
    const std::size_t n = s_.size();
    std::size_t i = ++i_, run = i;
    for (;;) {
      i = json_text::skip_plain(b, i, n);
      if (i >= n) return false;
      const unsigned char c = b[i];
      if (json_text::plain_ascii(c)) {
        ++i;
        continue;
      }
      if (c == '"') {
        if (out) out->append(s_.data() + run, i - run);
        i_ = i + 1;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        if (i + 1 >= n) return false;
        char e;
        switch (b[i + 1]) {
          case '"':
            e = '"';
            break;
          case '\\':
            e = '\\';
            break;
          case '/':
            e = '/';
            break;
          case 'b':
            e = '\b';
            break;
          case 'f':
            e = '\f';
            break;
          case 'n':
            e = '\n';
            break;
          case 'r':
            e = '\r';
            break;
          case 't':
            e = '\t';
            break;
          default:
            return false;  // \uXXXX (surrogate pairs…) and bad escapes: nlohmann
        }
        if (out) {
          out->append(s_.data() + run, i - run);
          *out += e;
        }
        i += 2;
        run = i;
        continue;
      }
      // Well-formed UTF-8 only (RFC 3629, as nlohmann checks it).
      std::size_t len;
      if (c >= 0xC2 && c <= 0xDF)
        len = 2;
      else if (c >= 0xE0 && c <= 0xEF)
        len = 3;
      else if (c >= 0xF0 && c <= 0xF4)
        len = 4;
      else
        return false;
      if (i + len > n) return false;
      for (std::size_t k = 1; k < len; ++k)
        if ((b[i + k] & 0xC0) != 0x80) return false;
      if (c == 0xE0 && b[i + 1] < 0xA0) return false;
      if (c == 0xED && b[i + 1] >= 0xA0) return false;
      if (c == 0xF0 && b[i + 1] < 0x90) return false;
      if (c == 0xF4 && b[i + 1] >= 0x90) return false;
      i += len;
    }
  }
  // A JSON number (grammar only).
  bool number() {
    const std::size_t begin = i_;
    eat('-');
    if (eat('0')) {
    } else if (peek() >= '1' && peek() <= '9') {
      while (peek() >= '0' && peek() <= '9') ++i_;
    } else {
      return false;
    }
    if (eat('.')) {
      if (!(peek() >= '0' && peek() <= '9')) return false;
      while (peek() >= '0' && peek() <= '9') ++i_;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++i_;
      if (peek() == '+' || peek() == '-') ++i_;
      if (!(peek() >= '0' && peek() <= '9')) return false;
      while (peek() >= '0' && peek() <= '9') ++i_;
    }
    return i_ > begin;
  }
  bool skip_value() {
    switch (peek()) {
      case '"':
        return string_value(nullptr);
      case 't':
        return literal("true");
      case 'f':
        return literal("false");
      case 'n':
        return literal("null");
      default:
        return (peek() == '-' || (peek() >= '0' && peek() <= '9')) && number();
    }
  }
  // id: a string, null, or an integer of at most 18 digits (as nlohmann
  // stores it: unsigned when not negative).
  bool id_value(nlohmann::ordered_json& id) {
    if (peek() == '"') {
      std::string v;
      if (!string_value(&v)) return false;
      id = std::move(v);
      return true;
    }
    if (peek() == 'n') return literal("null");
    const std::size_t begin = i_;
    if (!number()) return false;
    const std::string_view digits = s_.substr(begin, i_ - begin);
    if (digits.find_first_of(".eE") != std::string_view::npos || digits.size() > 18) return false;
    long long v = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (ec != std::errc() || end != digits.data() + digits.size()) return false;
    if (v < 0 || digits.front() == '-')
      id = static_cast<std::int64_t>(v);
    else
      id = static_cast<std::uint64_t>(v);
    return true;
  }

  std::string_view s_;
  bool lazy_ = false;
  std::size_t i_ = 0;
};

}  // namespace

namespace {

void clear(Listing& l) {
  l.raw = false;
  l.raw_title = l.raw_text = {};
  l.id = nullptr;
  l.platform.clear();
  l.title.clear();
  l.text.clear();
  l.label.clear();
}

}  // namespace

const char* const kNotWellFormed = "不是合法的 JSON（或含无效 UTF-8）";

bool parse_listing(const RawRecord& r, InputFormat format, Listing& l, std::string& error,
                   bool lazy) {
  clear(l);
  error.clear();
  if (r.too_long) {
    error = "记录过长（超过 " + std::to_string(kMaxRecordBytes >> 20) + " MiB）";
    return false;
  }
  if (format == InputFormat::kTextLines) {
    l.id = r.line;
    l.text = r.bytes;
    return true;
  }
  if (format == InputFormat::kJsonLines) {
    if (FastJsonLine(r.bytes, lazy).parse(l)) return true;
    clear(l);
    nlohmann::json j = nlohmann::json::parse(r.bytes, nullptr, false);
    if (j.is_discarded()) {
      error = kNotWellFormed;
      return false;
    }
    if (!j.is_object()) {
      error = "每行须为一个 JSON 对象";
      return false;
    }
    if (!j.contains("title") && !j.contains("text")) {
      error = "缺少 title 和 text";
      return false;
    }
    if (auto it = j.find("id"); it != j.end()) {
      if (!it->is_string() && !it->is_number_integer() && !it->is_number_unsigned() &&
          !it->is_null()) {
        error = "字段 id 须为字符串或整数";
        return false;
      }
      l.id = *it;
    }
    return string_member(j, "platform", l.platform, error) &&
           string_member(j, "title", l.title, error) && string_member(j, "text", l.text, error) &&
           string_member(j, "label", l.label, error);
  }
  auto fields = split_csv(r.bytes);
  if (!fields) {
    error = "CSV 引号不配对";
    return false;
  }
  const CsvColumns& c = *r.columns;
  if (fields->size() != c.count) {
    error = "CSV 字段数 " + std::to_string(fields->size()) + " 与表头的 " +
            std::to_string(c.count) + " 列不符";
    return false;
  }
  auto field = [&](int at) { return at < 0 ? std::string() : (*fields)[at]; };
  if (c.id >= 0) l.id = field(c.id);
  l.platform = field(c.platform);
  l.title = field(c.title);
  l.text = field(c.text);
  l.label = field(c.label);
  return true;
}

ParsedListing parse_listing(const RawRecord& r, InputFormat format) {
  ParsedListing p;
  Listing l;
  if (parse_listing(r, format, l, p.error)) p.listing = std::move(l);
  return p;
}

}  // namespace qf::cli::scanning
