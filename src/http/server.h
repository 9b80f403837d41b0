// Server: the HTTP/1.1 listener. Boost.Beast and Asio live only in
// server.cpp; this header is all the rest of the code sees.
//
// Contract:
//  - Reads the request header first (limit: header_limit), matches the route,
//    then reads the body up to that route's body_limit, into memory or, for
//    stream_body_to_file routes, into a temp file. Oversize answers 413 and
//    the connection closes without reading the rest.
//  - Every response carries X-Request-Id; errors from the server itself
//    (400, 404, 405, 413, 500, 503) are problem+json.
//  - A handler that throws answers 500 and never brings the process down.
//  - stop() stops accepting, lets in-flight requests finish (up to
//    drain_timeout), then run() returns.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/message.h"
#include "http/router.h"

namespace qf::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: pick a free port (tests)
  int threads = 4;
  int max_connections = 512;  // further connections wait in the backlog
  std::uint32_t header_limit = 16 * 1024;
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds write_timeout{60};
  std::chrono::seconds idle_timeout{60};
  std::chrono::seconds drain_timeout{20};
  std::string temp_dir = "/tmp";
  // Peers whose X-Forwarded-For is believed (nginx in front). Requests from
  // anyone else keep their socket address, whatever headers they send.
  std::vector<std::string> trusted_proxies;
};

// Called once per completed request, after the response is written, with the
// matched route pattern ("unmatched" when none). Used for the access log and
// metrics; must not throw.
using RequestObserver = std::function<void(const Request&, const Response&,
                                           const std::string& route, double seconds)>;

class Server {
 public:
  Server(const Router& router, ServerOptions options, RequestObserver observer = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. On success port() is the bound port.
  Status start();
  std::uint16_t port() const;

  // Serves until stop(); blocks the caller, which becomes one of the threads.
  void run();
  // Thread-safe and signal-safe to call from a signal-watching thread.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace qf::http
