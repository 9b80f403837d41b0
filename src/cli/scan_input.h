// Listings as `qingfeng scan` and `scan-eval` read them: JSON Lines or CSV
// with a header row, from files or standard input, one record at a time in
// bounded memory.
//
//   JSON Lines  one object per line: "id", "platform", "url", "title",
//               "text", optional "price", "seller", "posted_at", and for
//               scan-eval "label" (other keys are ignored). Blank lines are
//               skipped.
//   CSV         RFC 4180: the first record names the columns (the same names);
//               quoted fields may hold commas, "" and line breaks. Records
//               with a different number of fields are malformed.
//   text lines  `qingfeng scan text`: each line is one listing's text, any
//               bytes (invalid UTF-8 is reported in the verdict, not an
//               error); its id is its line number. Blank lines count.
//
// A record longer than kMaxRecordBytes is not kept in memory: it is read
// past and reported as malformed. Every record carries the line number it
// starts on, for the error lines.
#pragma once

#include <cstddef>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace qf::cli::scanning {

enum class InputFormat { kJsonLines, kCsv, kTextLines };

constexpr std::size_t kMaxRecordBytes = 16u << 20;

// The column positions of a CSV file's header (-1 when absent).
struct CsvColumns {
  int id = -1, platform = -1, url = -1, title = -1, text = -1, price = -1, label = -1;
  std::size_t count = 0;
};

struct RawRecord {
  std::size_t line = 0;  // 1-based line the record starts on
  std::string bytes;     // JSON line, or one CSV record (may hold line breaks)
  bool too_long = false;
  std::shared_ptr<const CsvColumns> columns;  // CSV only
};

// A listing parsed from a record.
struct Listing {
  nlohmann::ordered_json id;  // as given (string or number); null when absent
  std::string platform, title, text, label;
  // Set by a lazy parse of a JSON line whose title and text hold no escape:
  // both as they stand in the record (title and text stay empty), their
  // UTF-8 not yet checked — the reader must: a line that is not well-formed
  // UTF-8 is malformed (kNotWellFormed).
  bool raw = false;
  std::string_view raw_title, raw_text;
};

// Reads records from one input (a file or standard input).
class RecordReader {
 public:
  // `file` is owned (closed) unless it is stdin.
  RecordReader(std::FILE* file, InputFormat format);
  ~RecordReader();
  RecordReader(const RecordReader&) = delete;
  RecordReader& operator=(const RecordReader&) = delete;

  // The next record, or false at the end of input. For CSV the header is
  // consumed first: an unusable header is returned as error() and ends the
  // input.
  bool next(RawRecord& out);
  const std::string& error() const { return error_; }
  std::size_t error_line() const { return error_line_; }
  std::size_t bytes_read() const { return bytes_; }

 private:
  bool physical_line(std::string& out, bool& too_long);
  bool fill();

  std::FILE* file_;
  InputFormat format_;
  std::vector<char> buf_;
  std::size_t pos_ = 0, len_ = 0;
  bool eof_ = false;
  std::size_t line_ = 0, bytes_ = 0;
  std::shared_ptr<const CsvColumns> columns_;
  bool header_done_ = false;
  std::string error_;
  std::size_t error_line_ = 0;
};

// Splits one CSV record into fields; nullopt when quoting is broken.
std::optional<std::vector<std::string>> split_csv(const std::string& record);

// The listing in a record, or an error message (Chinese) saying what is wrong.
struct ParsedListing {
  std::optional<Listing> listing;
  std::string error;
};
ParsedListing parse_listing(const RawRecord& r, InputFormat format);
// The same into `l`, whose buffers are reused (a worker parses every record
// into one Listing): false with `error` set when the record is malformed.
// `lazy`: title and text may be left raw (Listing::raw) — for `qingfeng
// scan`, which reads most listings' fields once, in the prefilter, and needs
// a copy only for the few that go on to the full scan.
bool parse_listing(const RawRecord& r, InputFormat format, Listing& l, std::string& error,
                   bool lazy = false);
// parse_listing's error for a record that is not JSON or not well-formed
// UTF-8 (also for a raw listing found so later).
extern const char* const kNotWellFormed;

}  // namespace qf::cli::scanning
