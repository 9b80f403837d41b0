// A listing (title + text) through the scanner engine, and the measures
// `qingfeng scan-eval` reports. Header-only on purpose: it needs nothing but
// the engine (qf_scan), so the dev-set test (tests/scan/dev_set_test.cpp)
// scores listings exactly as the CLI does without linking the CLI layer.
//
// Title and text are scanned as ONE document, "title\ntext" — the same
// document the listing service scans (service/listing_service.cpp), so a
// species in the title and 出售 in the text count together and the CLI, the
// service and the dev-set numbers agree. Each hit is reported in the field
// it starts in, at byte offsets of that field; a hit that runs across the
// line break (rare: the break is noise to the normaliser) is cut at the end
// of the title and marked crosses_fields.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "scan/listing_scanner.h"

namespace qf::scan {

struct ListingDocument {
  std::string text;             // what is scanned
  std::size_t title_size = 0;   // the title is text[0, title_size)
  std::size_t body_offset = 0;  // the listing's text starts here
};

// Into `d`, reusing its buffer (a worker builds every listing's document in one).
inline void assign_listing_document(ListingDocument& d, std::string_view title,
                                    std::string_view body) {
  d.title_size = title.size();
  d.text.clear();
  if (title.empty()) {
    d.text.append(body);
    d.body_offset = 0;
  } else {
    d.text.reserve(title.size() + 1 + body.size());
    d.text.append(title).append("\n").append(body);
    d.body_offset = title.size() + 1;
  }
}

inline ListingDocument listing_document(std::string_view title, std::string_view body) {
  ListingDocument d;
  assign_listing_document(d, title, body);
  return d;
}

struct FieldSpan {
  bool in_title = false;
  std::uint32_t begin = 0, end = 0;  // byte offsets in that field
  bool crosses_fields = false;
};

inline FieldSpan field_span(const ListingDocument& d, scan::ByteSpan span) {
  FieldSpan f;
  f.in_title = d.title_size > 0 && span.begin < d.title_size;
  const std::size_t base = f.in_title ? 0 : d.body_offset;
  const std::size_t field_end = f.in_title ? d.title_size : d.text.size();
  const std::size_t begin = span.begin < base ? base : span.begin;
  const std::size_t end = span.end > field_end ? field_end : span.end;
  f.begin = static_cast<std::uint32_t>(begin - base);
  f.end = static_cast<std::uint32_t>(end < begin ? 0 : end - base);
  f.crosses_fields = span.end > field_end;
  return f;
}

// The bytes of a span in its field.
inline std::string_view field_text(const ListingDocument& d, const FieldSpan& f) {
  const std::size_t base = f.in_title ? 0 : d.body_offset;
  return std::string_view(d.text).substr(base + f.begin, f.end - f.begin);
}

// ---- evaluation -------------------------------------------------------------

// Labels and predictions share the indices: 0 benign/none, 1 wildlife,
// 2 tool, 3 marketing (the order of scan::VerdictCategory).
constexpr std::array<std::string_view, 4> kLabels = {"benign", "wildlife", "tool", "marketing"};

inline std::optional<int> parse_label(std::string_view s) {
  for (int i = 0; i < 4; ++i)
    if (kLabels[i] == s) return i;
  return std::nullopt;
}

// A listing is flagged when its risk is high or medium.
inline bool flagged(const scan::ScanVerdict& v) {
  return v.risk == scan::Risk::kHigh || v.risk == scan::Risk::kMedium;
}

// What a verdict predicts: its category when flagged, else 0 (none).
inline int predicted(const scan::ScanVerdict& v) {
  return flagged(v) ? static_cast<int>(v.category) : 0;
}

struct Measures {
  std::size_t tp = 0, fp = 0, fn = 0;
  double precision() const { return tp + fp ? double(tp) / double(tp + fp) : 1.0; }
  double recall() const { return tp + fn ? double(tp) / double(tp + fn) : 1.0; }
  double f1() const {
    const double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  }
};

// confusion[label][prediction]. Overall: a listing is positive when its
// label is not benign and predicted positive when flagged (any category).
// Per category c: a true positive is labelled c and flagged as c; a false
// positive is flagged as c with another label; a false negative is labelled c
// and not flagged as c (missed, or flagged as another category).
struct EvalTally {
  std::array<std::array<std::size_t, 4>, 4> confusion{};

  void add(int label, int prediction) { ++confusion[label][prediction]; }

  std::size_t total() const {
    std::size_t n = 0;
    for (const auto& row : confusion)
      for (std::size_t c : row) n += c;
    return n;
  }
  Measures overall() const {
    Measures m;
    for (int l = 0; l < 4; ++l)
      for (int p = 0; p < 4; ++p) {
        const bool positive = l != 0, flagged = p != 0;
        if (positive && flagged) m.tp += confusion[l][p];
        if (!positive && flagged) m.fp += confusion[l][p];
        if (positive && !flagged) m.fn += confusion[l][p];
      }
    return m;
  }
  Measures category(int c) const {
    Measures m;
    for (int l = 0; l < 4; ++l)
      for (int p = 0; p < 4; ++p) {
        if (l == c && p == c) m.tp += confusion[l][p];
        if (l != c && p == c) m.fp += confusion[l][p];
        if (l == c && p != c) m.fn += confusion[l][p];
      }
    return m;
  }
};

}  // namespace qf::scan
