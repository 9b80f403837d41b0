// The real server on 127.0.0.1, port 0, with the full API over a fresh test
// database (ServiceFixture), running in a background thread for one test.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "support/http_client.h"
#include "support/service_fixture.h"

namespace qf::testing {

class TestServer {
 public:
  TestServer();
  ~TestServer();
  ServiceFixture& fixture() { return fixture_; }
  std::uint16_t port() const { return server_->port(); }
  HttpClient client() const { return HttpClient(port()); }
  // Logs in and returns a client carrying the token.
  HttpClient client_as(const std::string& username,
                       const std::string& password = ServiceFixture::kPassword) const;

 private:
  ServiceFixture fixture_;
  http::Metrics metrics_;
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

}  // namespace qf::testing
