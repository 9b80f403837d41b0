// The only translation unit that includes Boost.Beast/Asio: they are slow to
// compile, so everything else talks to Request/Response.
#include "http/server.h"

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/file.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <unistd.h>

#include "http/problem.h"

namespace qf::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
using beast::error_code;
using Clock = std::chrono::steady_clock;

// After an error response that leaves request bytes unread (413, 400, ...),
// closing at once would make the kernel send RST, and the client could lose
// the response we just wrote. Read and discard for a short while first.
constexpr std::chrono::seconds kLingerTime{2};
constexpr std::size_t kLingerBytes = 1 << 20;

struct Connection {
  explicit Connection(tcp::socket s) : stream(std::move(s)) {}
  beast::tcp_stream stream;
  std::string client_address;
  // True while a request is being handled. Only touched on the connection's
  // strand (its coroutine and the stop notice both run there), so no atomic.
  bool busy = false;
};

// A mkstemp file that is removed when the request is done with it.
class TempFile {
 public:
  TempFile() = default;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() { remove(); }

  // Returns the open descriptor, or -1.
  int create(const std::string& dir) {
    std::string tmpl = (dir.empty() ? std::string("/tmp") : dir) + "/qingfeng-upload-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    int fd = ::mkostemp(buf.data(), O_CLOEXEC);
    if (fd >= 0) path_ = buf.data();
    return fd;
  }
  void remove() {
    if (!path_.empty()) ::unlink(path_.c_str());
    path_.clear();
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string random_request_id() {
  unsigned char bytes[8];
  randombytes_buf(bytes, sizeof bytes);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0xf];
  }
  return out;
}

// A client-supplied id is echoed into logs and headers, so only a short,
// boring alphabet is trusted.
bool sane_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool valid_header_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 32 || u >= 127 || c == ':' || c == '(' || c == ')' || c == ',' || c == '/' ||
        c == ';' || c == '<' || c == '=' || c == '>' || c == '?' || c == '@' || c == '[' ||
        c == '\\' || c == ']' || c == '{' || c == '}' || c == '"') {
      return false;
    }
  }
  return true;
}

// Handlers may put client-derived text (file names) into header values; a
// CR or LF there would let a client inject headers into our response.
std::string sanitize_header_value(std::string_view v) {
  std::string out(v);
  for (char& c : out) {
    if (c == '\r' || c == '\n' || c == '\0') c = ' ';
  }
  return out;
}

bool is_http_error(const error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category();
}

// Errors that mean the client sent something we can answer with 400, as
// opposed to the peer going away or a timeout.
bool is_protocol_error(const error_code& ec) {
  return is_http_error(ec) && ec != bhttp::error::end_of_stream &&
         ec != bhttp::error::partial_message && ec != bhttp::error::body_limit;
}

bool body_forbidden(int status) { return status < 200 || status == 204 || status == 304; }

enum class After { kKeepAlive, kClose, kLinger };

}  // namespace

struct Server::Impl {
  Impl(const Router& r, ServerOptions o, RequestObserver obs)
      : router(r), opts(std::move(o)), observer(std::move(obs)) {
    // Idempotent and thread-safe; the request-id generator needs it.
    if (sodium_init() < 0) std::fprintf(stderr, "qingfeng http: sodium_init failed\n");
    io = std::make_unique<Io>();
  }

  ~Impl() {
    shutting_down = true;
    {
      std::lock_guard lock(mu);
      connections.clear();
    }
    // Destroying the io_context destroys any coroutine frames still
    // suspended in it; their guards run now and need `mu` alive, which is
    // why Io is torn down explicitly before the other members.
    io.reset();
  }

  // Bookkeeping shared with connection coroutines. Declared before `io` so
  // it outlives the frames destroyed along with the io_context.
  const Router& router;
  ServerOptions opts;
  RequestObserver observer;
  std::atomic<bool> stopping{false};
  std::atomic<bool> shutting_down{false};
  std::mutex mu;
  std::set<std::shared_ptr<Connection>> connections;
  int active = 0;
  std::uint16_t bound_port = 0;
  bool drain_started = false;  // control strand only

  struct Io {
    asio::io_context ioc;
    // Serialises the accept loop with stop(), so the acceptor and the timers
    // below are only ever touched from one place at a time.
    asio::strand<asio::io_context::executor_type> control{ioc.get_executor()};
    tcp::acceptor acceptor{ioc};
    asio::steady_timer slot_timer{ioc};  // wakes the accept loop when a slot frees
    asio::steady_timer drain_timer{ioc};
  };
  std::unique_ptr<Io> io;

  Status start();
  void run();
  void stop();

  awaitable<void> accept_loop();
  awaitable<void> session(std::shared_ptr<Connection> c);
  awaitable<After> serve_one(Connection& c, beast::flat_buffer& buffer);
  awaitable<bool> write_response(Connection& c, Response& resp, const std::string& request_id,
                                 unsigned version, bool keep_alive, bool head);
  template <class Body>
  awaitable<bool> write_message(Connection& c, bhttp::response<Body>& res, bool head);
  template <class Parser>
  awaitable<error_code> read_body(Connection& c, beast::flat_buffer& buffer, Parser& parser);
  awaitable<void> linger_close(Connection& c);

  // Runs when a session coroutine ends, normally or by frame destruction.
  struct SessionGuard {
    Impl* impl;
    std::shared_ptr<Connection> conn;
    ~SessionGuard() { impl->connection_closed(conn); }
  };

  void begin_drain();
  void connection_closed(const std::shared_ptr<Connection>& c);
  void observe(const Request& req, const Response& resp, const std::string& route,
               Clock::time_point start);
};

Status Server::Impl::start() {
  error_code ec;
  tcp::endpoint endpoint;
  auto addr = asio::ip::make_address(opts.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(addr, opts.port);
  } else {
    tcp::resolver resolver(io->ioc);
    auto results = resolver.resolve(opts.host, std::to_string(opts.port), ec);
    if (ec || results.empty()) {
      return fail(ErrorCode::kUnavailable, "无法解析监听地址 " + opts.host);
    }
    endpoint = results.begin()->endpoint();
  }

  auto& acceptor = io->acceptor;
  auto where = opts.host + ":" + std::to_string(opts.port);
  acceptor.open(endpoint.protocol(), ec);
  if (ec) return fail(ErrorCode::kUnavailable, "无法监听 " + where + "：" + ec.message());
  acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  acceptor.bind(endpoint, ec);
  if (ec) {
    acceptor.close(ec);
    return fail(ErrorCode::kUnavailable, "无法监听 " + where + "：" + ec.message());
  }
  acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    acceptor.close(ec);
    return fail(ErrorCode::kUnavailable, "无法监听 " + where + "：" + ec.message());
  }
  bound_port = acceptor.local_endpoint(ec).port();
  asio::co_spawn(io->control, accept_loop(), asio::detached);
  return {};
}

void Server::Impl::run() {
  auto worker = [this] {
    // Handlers are wrapped, so an exception here is a bug in this file; keep
    // serving rather than take the process down.
    for (;;) {
      try {
        io->ioc.run();
        return;
      } catch (const std::exception& e) {
        std::fprintf(stderr, "qingfeng http: unexpected exception in io loop: %s\n", e.what());
      }
    }
  };
  std::vector<std::thread> extra;
  for (int i = 1; i < opts.threads; ++i) extra.emplace_back(worker);
  worker();
  for (auto& t : extra) t.join();
}

void Server::Impl::stop() {
  stopping = true;
  asio::post(io->control, [this] { begin_drain(); });
}

void Server::Impl::begin_drain() {
  if (drain_started) return;
  drain_started = true;
  error_code ec;
  io->acceptor.close(ec);
  io->slot_timer.cancel();

  std::vector<std::shared_ptr<Connection>> open;
  {
    std::lock_guard lock(mu);
    if (active == 0) {
      io->ioc.stop();
      return;
    }
    open.assign(connections.begin(), connections.end());
  }
  // Idle keep-alive connections are closed now; busy ones notice `stopping`
  // after writing their response (with Connection: close).
  for (auto& c : open) {
    asio::post(c->stream.get_executor(), [c] {
      if (!c->busy) c->stream.cancel();
    });
  }
  io->drain_timer.expires_after(opts.drain_timeout);
  io->drain_timer.async_wait([this](const error_code& e) {
    if (!e) io->ioc.stop();
  });
}

void Server::Impl::connection_closed(const std::shared_ptr<Connection>& c) {
  {
    std::lock_guard lock(mu);
    connections.erase(c);
    --active;
  }
  if (shutting_down) return;
  // On the control strand so it is ordered with begin_drain(): whichever
  // runs last sees both "draining" and "no connections" and stops.
  asio::post(io->control, [this] {
    io->slot_timer.cancel();
    if (!drain_started) return;
    std::lock_guard lock(mu);
    if (active == 0) io->ioc.stop();
  });
}

awaitable<void> Server::Impl::accept_loop() {
  auto& acceptor = io->acceptor;
  for (;;) {
    // max_connections: stop accepting while full; the kernel backlog holds
    // further clients until a connection closes and cancels slot_timer.
    for (;;) {
      {
        std::lock_guard lock(mu);
        if (stopping || active < std::max(1, opts.max_connections)) break;
      }
      io->slot_timer.expires_at(asio::steady_timer::time_point::max());
      error_code ec;
      co_await io->slot_timer.async_wait(asio::redirect_error(use_awaitable, ec));
    }
    if (stopping || !acceptor.is_open()) co_return;

    tcp::socket socket(asio::make_strand(io->ioc));
    error_code ec;
    co_await acceptor.async_accept(socket, asio::redirect_error(use_awaitable, ec));
    if (stopping || !acceptor.is_open()) co_return;
    if (ec) {
      // EMFILE and friends: back off instead of spinning on the error.
      asio::steady_timer backoff(io->ioc);
      backoff.expires_after(std::chrono::milliseconds(50));
      co_await backoff.async_wait(asio::redirect_error(use_awaitable, ec));
      continue;
    }

    auto conn = std::make_shared<Connection>(std::move(socket));
    auto endpoint = conn->stream.socket().remote_endpoint(ec);
    if (!ec) {
      auto address = endpoint.address();
      if (address.is_v6() && address.to_v6().is_v4_mapped()) {
        address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
      }
      conn->client_address = address.to_string();
    }
    {
      std::lock_guard lock(mu);
      connections.insert(conn);
      ++active;
    }
    asio::co_spawn(conn->stream.get_executor(), session(conn), asio::detached);
  }
}

awaitable<void> Server::Impl::session(std::shared_ptr<Connection> c) {
  SessionGuard guard{this, c};
  beast::flat_buffer buffer;
  bool first = true;
  After after = After::kClose;
  try {
    for (;;) {
      if (stopping) break;
      c->busy = false;
      if (buffer.size() == 0) {
        // Waiting for the first byte of a request is "idle"; reading the
        // rest of the header is "read" with its own, shorter deadline.
        c->stream.expires_after(first ? opts.read_timeout : opts.idle_timeout);
        error_code ec;
        std::size_t n = co_await c->stream.async_read_some(buffer.prepare(4096),
                                                           asio::redirect_error(use_awaitable, ec));
        if (ec) break;
        buffer.commit(n);
      }
      first = false;
      after = co_await serve_one(*c, buffer);
      if (after != After::kKeepAlive) break;
    }
    if (after == After::kLinger) co_await linger_close(*c);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "qingfeng http: connection error: %s\n", e.what());
  }
  error_code ec;
  c->stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  c->stream.socket().close(ec);
}

awaitable<void> Server::Impl::linger_close(Connection& c) {
  error_code ec;
  c.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  c.stream.expires_after(kLingerTime);
  std::array<char, 8192> scratch;
  std::size_t total = 0;
  while (total < kLingerBytes) {
    std::size_t n = co_await c.stream.async_read_some(asio::buffer(scratch),
                                                      asio::redirect_error(use_awaitable, ec));
    if (ec) break;
    total += n;
  }
}

template <class Parser>
awaitable<error_code> Server::Impl::read_body(Connection& c, beast::flat_buffer& buffer,
                                              Parser& parser) {
  error_code ec;
  // read_timeout bounds each wait for progress, not the whole body, so a
  // large upload on a slow link is fine while a stalled one is not.
  while (!parser.is_done()) {
    c.stream.expires_after(opts.read_timeout);
    co_await bhttp::async_read_some(c.stream, buffer, parser,
                                    asio::redirect_error(use_awaitable, ec));
    if (ec) break;
  }
  co_return ec;
}

awaitable<After> Server::Impl::serve_one(Connection& c, beast::flat_buffer& buffer) {
  Clock::time_point start = Clock::now();
  Request req;
  req.client_address = c.client_address;
  Response resp;
  std::string route_name = "unmatched";

  bhttp::request_parser<bhttp::empty_body> hp;
  hp.header_limit(opts.header_limit);
  // Limits are checked per route once the header is known. (boost::none
  // would mean "unlimited" but Beast 1.74 compares it wrongly.)
  hp.body_limit(std::numeric_limits<std::uint64_t>::max());

  error_code ec;
  c.stream.expires_after(opts.read_timeout);
  co_await bhttp::async_read_header(c.stream, buffer, hp, asio::redirect_error(use_awaitable, ec));
  if (ec) {
    if (!is_protocol_error(ec)) co_return After::kClose;
    req.request_id = random_request_id();
    resp = problem(400, "malformed-request", "请求格式错误",
                   ec == bhttp::error::header_limit ? "请求头过大" : "无法解析该 HTTP 请求");
    bool ok = co_await write_response(c, resp, req.request_id, 11, false, false);
    observe(req, resp, route_name, start);
    co_return ok ? After::kLinger : After::kClose;
  }

  c.busy = true;
  start = Clock::now();
  const auto& hreq = hp.get();
  req.method = std::string(hreq.method_string());
  req.target = std::string(hreq.target());
  for (const auto& field : hreq) {
    req.headers.emplace(std::string(field.name_string()), std::string(field.value()));
  }
  req.client_address = client_address_behind_proxies(
      c.client_address, req.header("X-Forwarded-For").value_or(""), opts.trusted_proxies);
  auto client_id = req.header("X-Request-Id");
  req.request_id =
      client_id && sane_request_id(*client_id) ? std::string(*client_id) : random_request_id();
  const unsigned version = hreq.version() == 10 ? 10 : 11;
  const bool head = req.method == "HEAD";
  // Unread body bytes would be taken for the next request, so any answer
  // given before reading the body must close the connection.
  const bool body_pending = !hp.is_done();
  bool keep_alive = hreq.keep_alive() && !stopping;

  const Handler* handler = nullptr;
  RouteOptions route_options;
  bool answered = false;  // resp holds an error decided before the handler

  if (!parse_target(req.target, req.path, req.query)) {
    resp = problem(400, "malformed-request", "请求格式错误", "请求地址无效");
    answered = true;
  } else {
    auto match = router.match(req.method, req.path);
    if (match.route != nullptr) {
      handler = &match.route->handler;
      route_options = match.route->options;
      route_name = match.route->pattern;
      req.params = std::move(match.params);
    } else if (!match.allowed_methods.empty()) {
      resp = problem(405, "method-not-allowed", "不支持该请求方法");
      std::string allow;
      for (const auto& m : match.allowed_methods) allow += (allow.empty() ? "" : ", ") + m;
      resp.set_header("Allow", allow);
      answered = true;
    } else if ((req.method == "GET" || head) && router.fallback()) {
      handler = &router.fallback();
    } else {
      resp = problem(404, "not-found", "未找到该接口");
      answered = true;
    }
  }

  if (!answered) {
    auto length = hp.content_length();
    if (length && *length > route_options.body_limit) {
      resp = problem(413, "too-large", "请求内容过大");
      answered = true;
    }
  }

  if (answered) {
    if (body_pending) keep_alive = false;
    bool ok = co_await write_response(c, resp, req.request_id, version, keep_alive, head);
    observe(req, resp, route_name, start);
    if (!ok) co_return After::kClose;
    if (keep_alive) co_return After::kKeepAlive;
    co_return body_pending ? After::kLinger : After::kClose;
  }

  bool expect_continue = false;
  if (body_pending && version == 11) {
    auto expect = hreq.find(bhttp::field::expect);
    expect_continue = expect != hreq.end() && beast::iequals(expect->value(), "100-continue");
  }

  // hp (and so hreq) is moved from below.
  ec = {};
  TempFile temp;
  std::optional<bhttp::request_parser<bhttp::string_body>> string_parser;
  std::optional<bhttp::request_parser<bhttp::file_body>> file_parser;
  bool failed = false;
  if (route_options.stream_body_to_file) {
    file_parser.emplace(std::move(hp));
    file_parser->body_limit(route_options.body_limit);
    int fd = temp.create(opts.temp_dir);
    if (fd >= 0) {
      beast::file file;
      file.native_handle(fd);
      file_parser->get().body().reset(std::move(file), ec);
    }
    if (fd < 0 || ec) {
      std::fprintf(stderr, "qingfeng http: cannot create upload file in %s\n",
                   opts.temp_dir.c_str());
      resp = problem(503, "unavailable", "服务暂不可用", "无法保存上传内容");
      failed = true;
      ec = {};
    }
  } else {
    string_parser.emplace(std::move(hp));
    string_parser->body_limit(route_options.body_limit);
  }

  // Only now, with the body known to be wanted and somewhere to put it, is
  // a waiting client told to send it.
  if (!failed && expect_continue) {
    bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
    c.stream.expires_after(opts.write_timeout);
    co_await bhttp::async_write(c.stream, cont, asio::redirect_error(use_awaitable, ec));
    if (ec) co_return After::kClose;
  }

  if (!failed && body_pending) {
    if (file_parser) {
      ec = co_await read_body(c, buffer, *file_parser);
    } else {
      ec = co_await read_body(c, buffer, *string_parser);
    }
  }

  if (!failed && ec) {
    if (ec == bhttp::error::body_limit) {
      resp = problem(413, "too-large", "请求内容过大");
    } else if (is_protocol_error(ec)) {
      resp = problem(400, "malformed-request", "请求格式错误", "无法解析请求内容");
    } else {
      co_return After::kClose;  // peer gone or too slow: nobody to answer
    }
    failed = true;
  }

  if (failed) {
    bool ok = co_await write_response(c, resp, req.request_id, version, false, head);
    observe(req, resp, route_name, start);
    co_return (ok && body_pending) ? After::kLinger : After::kClose;
  }

  if (file_parser) {
    auto& body = file_parser->get().body();
    req.body_size = body.file().size(ec);
    body.close();
    req.body_file = temp.path();
  } else {
    req.body = std::move(string_parser->get().body());
    req.body_size = req.body.size();
  }

  try {
    resp = (*handler)(req);
  } catch (const std::exception& e) {
    // Route pattern and id only: the target may carry tokens in its query.
    std::fprintf(stderr, "qingfeng http: handler for %s %s threw (request %s): %s\n",
                 req.method.c_str(), route_name.c_str(), req.request_id.c_str(), e.what());
    resp = problem(500, "internal", "服务器内部错误");
  } catch (...) {
    std::fprintf(stderr, "qingfeng http: handler for %s %s threw (request %s)\n",
                 req.method.c_str(), route_name.c_str(), req.request_id.c_str());
    resp = problem(500, "internal", "服务器内部错误");
  }

  keep_alive = keep_alive && !stopping;
  bool ok = co_await write_response(c, resp, req.request_id, version, keep_alive, head);
  temp.remove();
  observe(req, resp, route_name, start);
  if (!ok) co_return After::kClose;
  co_return keep_alive ? After::kKeepAlive : After::kClose;
}

namespace {

template <class Body>
void fill_header(bhttp::response<Body>& res, const Response& resp, const std::string& request_id,
                 unsigned version, bool keep_alive) {
  res.version(version);
  res.result(static_cast<unsigned>(resp.status));
  for (const auto& [name, value] : resp.headers) {
    if (!valid_header_name(name)) continue;
    // Framing is ours to decide; a handler's idea of it could desync the
    // connection.
    if (beast::iequals(name, "Content-Length") || beast::iequals(name, "Transfer-Encoding") ||
        beast::iequals(name, "Connection")) {
      continue;
    }
    res.insert(name, sanitize_header_value(value));
  }
  res.set(bhttp::field::server, "qingfeng");
  res.set("X-Request-Id", request_id);
  res.keep_alive(keep_alive);
  if (body_forbidden(resp.status)) {
    res.erase(bhttp::field::content_length);
  } else {
    res.prepare_payload();
  }
}

}  // namespace

awaitable<bool> Server::Impl::write_response(Connection& c, Response& resp,
                                             const std::string& request_id, unsigned version,
                                             bool keep_alive, bool head) {
  if (resp.status < 100 || resp.status > 599) {
    std::fprintf(stderr, "qingfeng http: handler returned invalid status %d (request %s)\n",
                 resp.status, request_id.c_str());
    resp = problem(500, "internal", "服务器内部错误");
  }
  if (body_forbidden(resp.status)) {
    resp.body.clear();
    resp.file_path.clear();
  }

  if (!resp.file_path.empty()) {
    bhttp::response<bhttp::file_body> res;
    error_code ec;
    std::error_code fs_ec;
    // open() succeeds on a directory and only reading fails, mid-response.
    if (std::filesystem::is_regular_file(resp.file_path, fs_ec)) {
      res.body().open(resp.file_path.c_str(), beast::file_mode::scan, ec);
    } else {
      ec = asio::error::not_found;
    }
    if (!ec) {
      fill_header(res, resp, request_id, version, keep_alive);
      bool ok = co_await write_message(c, res, head);
      co_return ok;
    }
    resp = problem(404, "not-found", "记录不存在", "文件不存在或无法读取");
  }

  bhttp::response<bhttp::string_body> res;
  res.body() = std::move(resp.body);
  fill_header(res, resp, request_id, version, keep_alive);
  bool ok = co_await write_message(c, res, head);
  // The observer may want the body size for the access log.
  resp.body = std::move(res.body());
  co_return ok;
}

template <class Body>
awaitable<bool> Server::Impl::write_message(Connection& c, bhttp::response<Body>& res, bool head) {
  bhttp::response_serializer<Body> serializer{res};
  error_code ec;
  if (head) {
    c.stream.expires_after(opts.write_timeout);
    co_await bhttp::async_write_header(c.stream, serializer,
                                       asio::redirect_error(use_awaitable, ec));
    co_return !ec;
  }
  // write_timeout bounds each step, so a large download to a slow but live
  // client is not cut off.
  while (!serializer.is_done()) {
    c.stream.expires_after(opts.write_timeout);
    co_await bhttp::async_write_some(c.stream, serializer, asio::redirect_error(use_awaitable, ec));
    if (ec) co_return false;
  }
  co_return true;
}

void Server::Impl::observe(const Request& req, const Response& resp, const std::string& route,
                           Clock::time_point start) {
  if (!observer) return;
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  try {
    observer(req, resp, route, seconds);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "qingfeng http: request observer threw: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "qingfeng http: request observer threw\n");
  }
}

Server::Server(const Router& router, ServerOptions options, RequestObserver observer)
    : impl_(std::make_unique<Impl>(router, std::move(options), std::move(observer))) {}

Server::~Server() = default;

Status Server::start() { return impl_->start(); }

std::uint16_t Server::port() const { return impl_->bound_port; }

void Server::run() { impl_->run(); }

void Server::stop() { impl_->stop(); }

}  // namespace qf::http
