#include "http/problem.h"

#include <nlohmann/json.hpp>

namespace qf::http {

namespace {

const char* title_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::kMalformedRequest:
      return "请求格式错误";
    case ErrorCode::kInvalidInput:
      return "输入数据有误";
    case ErrorCode::kUnauthenticated:
      return "未登录或登录已失效";
    case ErrorCode::kForbidden:
      return "无权执行此操作";
    case ErrorCode::kNotFound:
      return "记录不存在";
    case ErrorCode::kConflict:
      return "数据冲突";
    case ErrorCode::kPreconditionFailed:
      return "记录已被他人修改，请刷新后重试";
    case ErrorCode::kPreconditionRequired:
      return "缺少记录版本，请刷新后重试";
    case ErrorCode::kTooLarge:
      return "请求内容过大";
    case ErrorCode::kUnsupportedMedia:
      return "不支持的文件类型";
    case ErrorCode::kLocked:
      return "尝试次数过多，请稍后再试";
    case ErrorCode::kUnavailable:
      return "服务暂不可用";
    case ErrorCode::kInternal:
      return "服务器内部错误";
  }
  return "服务器内部错误";
}

}  // namespace

Response problem(int status, std::string_view type, std::string_view title, std::string_view detail,
                 const std::vector<FieldError>& errors) {
  nlohmann::json body = {
      {"type", "https://qingfeng.invalid/problems/" + std::string(type)},
      {"title", std::string(title)},
      {"status", status},
  };
  if (!detail.empty()) body["detail"] = std::string(detail);
  if (!errors.empty()) {
    auto list = nlohmann::json::array();
    for (const auto& e : errors) list.push_back({{"field", e.field}, {"message", e.message}});
    body["errors"] = std::move(list);
  }
  // detail and field messages may echo client input; invalid UTF-8 there must
  // not turn an error response into an exception.
  return Response::text(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                        "application/problem+json; charset=utf-8");
}

int status_for(ErrorCode code) {
  switch (code) {
    // Unparseable input is 400; well-formed input that fails validation is
    // 422, so clients can tell a bug in their encoder from a user's typo.
    case ErrorCode::kMalformedRequest:
      return 400;
    case ErrorCode::kInvalidInput:
      return 422;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kPreconditionFailed:
      return 412;
    case ErrorCode::kPreconditionRequired:
      return 428;
    case ErrorCode::kTooLarge:
      return 413;
    case ErrorCode::kUnsupportedMedia:
      return 415;
    case ErrorCode::kLocked:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Response problem_from_error(const Error& error) {
  Response r = problem(status_for(error.code), error_code_name(error.code), title_for(error.code),
                       error.message, error.fields);
  if (error.code == ErrorCode::kLocked && error.retry_after_seconds > 0) {
    r.set_header("Retry-After", std::to_string(error.retry_after_seconds));
  }
  return r;
}

}  // namespace qf::http
