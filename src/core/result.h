// Result<T>: the value a fallible operation returns instead of throwing.
//
// Expected failures (bad input, unknown ids, forbidden actions, conflicts)
// travel as an Error value up to the adapter that talks to the user: the HTTP
// layer turns an ErrorCode into a status code and a problem+json body, the CLI
// into a message and an exit code. Exceptions from libraries are caught at the
// adapter boundary where they arise and converted here.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

namespace qf {

enum class ErrorCode {
  kMalformedRequest,    // not parseable: broken JSON, invalid UTF-8, bad query (400)
  kInvalidInput,        // well-formed but wrong: missing/ill-typed/unknown fields (422)
  kUnauthenticated,     // no or bad credentials (401)
  kForbidden,           // authenticated but not allowed (403)
  kNotFound,            // unknown id, or a record the actor may not see (404)
  kConflict,            // uniqueness or state conflict (409)
  kPreconditionFailed,  // stale If-Match version (412)
  kPreconditionRequired,  // update without If-Match (428)
  kTooLarge,            // body or file over its limit (413)
  kUnsupportedMedia,    // content type refused (415)
  kLocked,              // account or address locked out (429 with Retry-After)
  kUnavailable,         // dependency down, e.g. database (503)
  kInternal,            // a bug or an unexpected library failure (500)
};

// One problem with one input field, for per-field validation messages.
struct FieldError {
  std::string field;    // JSON pointer-ish path, e.g. "password" or "items/0/qty"
  std::string message;  // Chinese, shown to the user
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;             // Chinese, safe to show to the user
  std::vector<FieldError> fields;  // only for kInvalidInput
  int retry_after_seconds = 0;     // only for kLocked
};

template <class T>
using Result = tl::expected<T, Error>;
using Status = Result<void>;

inline tl::unexpected<Error> fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message), {}, 0});
}

inline tl::unexpected<Error> invalid(std::string field, std::string message) {
  return tl::unexpected<Error>(
      Error{ErrorCode::kInvalidInput, "输入数据有误", {{std::move(field), std::move(message)}}, 0});
}

inline tl::unexpected<Error> not_found(std::string what = "记录不存在") {
  return fail(ErrorCode::kNotFound, std::move(what));
}

inline tl::unexpected<Error> forbidden(std::string what = "无权执行此操作") {
  return fail(ErrorCode::kForbidden, std::move(what));
}

// Machine-readable name of an error code; used in problem+json `type`.
const char* error_code_name(ErrorCode code);

}  // namespace qf
