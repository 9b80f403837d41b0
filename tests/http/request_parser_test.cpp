#include "http/request_parser.h"

#include <gtest/gtest.h>

namespace qf::http {
namespace {

TEST(RequestParserTest, ParsesRequestLineHeadersQueryAndBody) {
  auto r = parse_request(
      "POST /api/v1/evidence?name=%E7%8C%8E%E5%A4%B9.jpg&x=1 HTTP/1.1\r\nHost: a\r\n"
      "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->method, "POST");
  EXPECT_EQ(r->path, "/api/v1/evidence");
  EXPECT_EQ(r->query_param("name"), "猎夹.jpg");
  EXPECT_EQ(r->header("content-type"), "application/json");
  EXPECT_EQ(r->body, "{}");
}

TEST(RequestParserTest, RefusesGarbageTruncationAndOversize) {
  EXPECT_EQ(parse_request("NOT HTTP AT ALL\r\n\r\n").error().code, ErrorCode::kMalformedRequest);
  EXPECT_EQ(parse_request("GET / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc").error().code,
            ErrorCode::kMalformedRequest);
  EXPECT_EQ(parse_request("GET /%zz HTTP/1.1\r\n\r\n").error().code, ErrorCode::kMalformedRequest);
  std::string big = "POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n" + std::string(100, 'x');
  EXPECT_EQ(parse_request(big, {4096, 10}).error().code, ErrorCode::kTooLarge);
  std::string long_header = "GET / HTTP/1.1\r\nX: " + std::string(5000, 'a') + "\r\n\r\n";
  EXPECT_EQ(parse_request(long_header, {1024, 10}).error().code, ErrorCode::kTooLarge);
}

}  // namespace
}  // namespace qf::http
