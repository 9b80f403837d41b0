// Small pieces every handler uses: authentication, error mapping, paging,
// versions and idempotency. Internal to src/api.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "api/api.h"
#include "core/result.h"
#include "http/message.h"
#include "http/problem.h"
#include "service/service_context.h"

namespace qf::api {

// A handler that runs for an authenticated caller.
using AuthedHandler = std::function<http::Response(http::Request&, const service::CallContext&)>;

// Wraps an AuthedHandler: authenticates the bearer credential (401 problem
// otherwise) and, for POST with Idempotency-Key, replays or records.
http::Handler authed(ApiDeps deps, AuthedHandler handler);

// The CallContext for an unauthenticated request (login, public routes).
service::CallContext anonymous_call(const http::Request& req);

// Maps an Error to problem+json; internal errors are logged with the request
// id and answered without their details.
http::Response error_response(const http::Request& req, const Error& e);

http::Response json_response(int status, const nlohmann::json& body);

// Content-Disposition for a download (RFC 6266): `ascii_name` for clients
// that ignore filename*, and `name` percent-encoded in filename* (RFC 8187)
// so a Chinese file name survives.
std::string attachment_disposition(const std::string& name, const std::string& ascii_name);
// A single record: body plus ETag from its "version" field.
http::Response record_response(int status, const nlohmann::json& record);

Result<nlohmann::json> json_body(const http::Request& req);
// A CSV upload: Content-Type text/csv (or application/csv, text/plain) in
// UTF-8; anything else is 415 with a Chinese hint.
Status require_csv_body(const http::Request& req);

struct Paging {
  int page = 1;
  int page_size = 20;
  int offset() const { return (page - 1) * page_size; }
};
Result<Paging> paging(const http::Request& req);
nlohmann::json page_json(nlohmann::json items, std::int64_t total, const Paging& p);

// {id} path parameter as a positive integer (anything else: 404).
Result<std::int64_t> id_param(const http::Request& req, const std::string& name = "id");

// The version an update is based on, from If-Match: "v<version>".
// min_version: the lowest version a record can have; 0 where version 0 is
// the shipped configuration an edit may start from (checklists, evaluation
// indicators, the scanner's lexicon).
Result<int> if_match_version(const http::Request& req, int min_version = 1);

// Unwraps a Result<T> or returns the error response from the handler.
#define QF_TRY_RESPONSE(var, expr, req)                 \
  auto var##_result = (expr);                           \
  if (!var##_result) return error_response((req), var##_result.error()); \
  auto& var = *var##_result

}  // namespace qf::api
