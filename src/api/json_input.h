// Reading untrusted JSON request bodies.
//
// parse_json_body() accepts only a UTF-8 JSON object with Content-Type
// application/json; anything else is an Error the HTTP layer answers with
// problem+json (400 for malformed JSON or invalid UTF-8, 415 for another
// content type). ObjectReader then reads typed fields, collecting every
// problem — missing required fields, wrong types, over-long strings, unknown
// fields — so the user sees all of them at once, per field, in Chinese.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "core/utf8.h"

namespace qf::api {

// content_type may be empty only when allow_missing_type is true.
Result<nlohmann::json> parse_json_body(std::string_view body, std::string_view content_type);

using qf::is_valid_utf8;

class ObjectReader {
 public:
  explicit ObjectReader(const nlohmann::json& object, std::string prefix = {})
      : object_(object), prefix_(std::move(prefix)) {}

  std::optional<std::string> string(const std::string& name, bool required,
                                    std::size_t max_bytes = 1000);
  std::optional<bool> boolean(const std::string& name, bool required);
  std::optional<std::int64_t> integer(const std::string& name, bool required,
                                      std::int64_t min = INT64_MIN, std::int64_t max = INT64_MAX);
  std::optional<std::vector<std::string>> strings(const std::string& name, bool required,
                                                  std::size_t max_items = 100);
  std::optional<double> number(const std::string& name, bool required, double min, double max);
  // Yuan, exactly: a string ("19999.99") or a JSON number, never negative,
  // at most two decimals → fen.
  std::optional<std::int64_t> money(const std::string& name, bool required);
  // An array of objects, each to be read with its own ObjectReader whose
  // prefix is "name/i/"; report their problems back with absorb().
  std::optional<std::vector<const nlohmann::json*>> objects(const std::string& name, bool required,
                                                            std::size_t max_items);
  void absorb(const Status& nested);
  const std::string& prefix() const { return prefix_; }

  // Every field that was not asked for is an error; returns all problems.
  Status finish();

 private:
  const nlohmann::json* field(const std::string& name, bool required);
  void error(const std::string& field, std::string message);

  const nlohmann::json& object_;
  std::string prefix_;
  std::set<std::string> known_;
  std::vector<FieldError> errors_;
};

// Takes an array of positive integer ids (at most 50), which ObjectReader
// has no reader for, out of `body` before a reader sees the rest; its
// problems go to `errors` ("evidence_ids/2": 应为正整数). nullopt when the
// key is absent.
std::optional<std::vector<std::int64_t>> take_id_array(nlohmann::json& body,
                                                       const std::string& name,
                                                       std::vector<FieldError>& errors);

}  // namespace qf::api
