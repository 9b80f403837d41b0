// The second (and last) translation unit that includes Boost.Beast: only its
// buffer parser, not Asio.
#include "http/request_parser.h"

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

namespace qf::http {

Result<Request> parse_request(std::string_view raw, const ParseLimits& limits) {
  namespace bhttp = boost::beast::http;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(limits.header_limit);
  parser.body_limit(limits.body_limit);
  parser.eager(true);
  boost::beast::error_code ec;
  std::size_t used = parser.put(boost::asio::buffer(raw.data(), raw.size()), ec);
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (ec == bhttp::error::body_limit || ec == bhttp::error::header_limit)
    return fail(ErrorCode::kTooLarge, "请求内容过大");
  if (ec || !parser.is_done()) return fail(ErrorCode::kMalformedRequest, "请求格式错误");
  (void)used;
  const auto& msg = parser.get();
  Request req;
  req.method = std::string(msg.method_string());
  req.target = std::string(msg.target());
  if (!parse_target(req.target, req.path, req.query))
    return fail(ErrorCode::kMalformedRequest, "请求地址格式错误");
  for (const auto& field : msg)
    req.headers.emplace(std::string(field.name_string()), std::string(field.value()));
  req.body = msg.body();
  req.body_size = req.body.size();
  return req;
}

}  // namespace qf::http
