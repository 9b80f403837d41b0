#include "support/test_server.h"

#include <gtest/gtest.h>

#include "api/api.h"

namespace qf::testing {

TestServer::TestServer() {
  api::register_api(router_, api::ApiDeps{fixture_.ctx(), metrics_});
  http::ServerOptions options;
  options.port = 0;
  options.threads = 2;
  options.temp_dir = fixture_.dir();
  options.drain_timeout = std::chrono::seconds(5);
  server_ = std::make_unique<http::Server>(
      router_, options, [this](const http::Request& req, const http::Response& res, const std::string& route, double s) {
        metrics_.record(req.method, route, res.status, s);
      });
  auto started = server_->start();
  if (!started) {
    ADD_FAILURE() << "server did not start: " << started.error().message;
    std::abort();
  }
  thread_ = std::thread([this] { server_->run(); });
}

TestServer::~TestServer() {
  server_->stop();
  thread_.join();
}

HttpClient TestServer::client_as(const std::string& username, const std::string& password) const {
  HttpClient c(port());
  auto r = c.post_json("/api/v1/auth/login", {{"username", username}, {"password", password}});
  if (r.status != 200) {
    ADD_FAILURE() << "login as " << username << " failed: " << r.status << " " << r.body;
    return c;
  }
  c.set_token(r.json()["token"].get<std::string>());
  return c;
}

}  // namespace qf::testing
