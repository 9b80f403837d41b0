// A deliberately plain HTTP/1.1 client for integration tests: one request per
// connection over a real loopback socket, reading until the server closes.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace qf::testing {

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  nlohmann::json json() const;  // parsed body (discarded value if not JSON)
  std::string header(const std::string& lower_name) const;
};

class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port) : port_(port) {}
  void set_token(std::string token) { token_ = std::move(token); }

  HttpResult request(const std::string& method, const std::string& target,
                     const std::string& body = "",
                     std::map<std::string, std::string> headers = {});
  HttpResult get(const std::string& target) { return request("GET", target); }
  HttpResult post_json(const std::string& target, const nlohmann::json& body,
                       std::map<std::string, std::string> headers = {});
  // Sends bytes exactly as given (for malformed-request tests).
  HttpResult raw(const std::string& bytes);

 private:
  std::uint16_t port_;
  std::string token_;
};

}  // namespace qf::testing
