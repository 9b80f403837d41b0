#include "core/result.h"

namespace qf {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kMalformedRequest: return "malformed-request";
    case ErrorCode::kInvalidInput: return "invalid-input";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kForbidden: return "forbidden";
    case ErrorCode::kNotFound: return "not-found";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kPreconditionFailed: return "precondition-failed";
    case ErrorCode::kPreconditionRequired: return "precondition-required";
    case ErrorCode::kTooLarge: return "too-large";
    case ErrorCode::kUnsupportedMedia: return "unsupported-media-type";
    case ErrorCode::kLocked: return "locked";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

}  // namespace qf
