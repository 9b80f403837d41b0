// Talks to a real Server over loopback with a small blocking POSIX-socket
// client, so the tests see exactly the bytes a browser would.
#include "http/server.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

namespace qf::http {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;

  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  nlohmann::json json() const { return nlohmann::json::parse(body); }
};

class Client {
 public:
  explicit Client(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~Client() { ::close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }

  void set_read_timeout(std::chrono::milliseconds ms) {
    timeval tv{static_cast<time_t>(ms.count() / 1000),
               static_cast<suseconds_t>((ms.count() % 1000) * 1000)};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }

  bool send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Reads one response; for HEAD the body is not expected whatever
  // Content-Length says. nullopt on EOF or timeout.
  std::optional<HttpResponse> read_response(bool head = false) {
    std::size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) return std::nullopt;
    }
    HttpResponse r;
    std::istringstream lines(buf_.substr(0, end));
    std::string line;
    std::getline(lines, line);
    if (line.rfind("HTTP/1.", 0) != 0 || line.size() < 12) return std::nullopt;
    r.status = std::stoi(line.substr(9, 3));
    while (std::getline(lines, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      r.headers.emplace(line.substr(0, colon), value);
    }
    buf_.erase(0, end + 4);
    std::size_t length = 0;
    if (auto it = r.headers.find("Content-Length"); it != r.headers.end() && !head) {
      length = std::stoull(it->second);
    }
    while (buf_.size() < length) {
      if (!fill()) return std::nullopt;
    }
    r.body = buf_.substr(0, length);
    buf_.erase(0, length);
    return r;
  }

  void shutdown_write() { ::shutdown(fd_, SHUT_WR); }

  // True when the server has closed its side (EOF with nothing pending).
  bool closed_by_peer() {
    if (!buf_.empty()) return false;
    char c;
    ssize_t n = ::recv(fd_, &c, 1, 0);
    return n == 0;
  }

 private:
  bool fill() {
    char tmp[65536];
    ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string buf_;
};

std::string get(const std::string& path, const std::string& extra_headers = "") {
  return "GET " + path + " HTTP/1.1\r\nHost: test\r\n" + extra_headers + "\r\n";
}

std::string post(const std::string& path, const std::string& body,
                 const std::string& extra_headers = "") {
  return "POST " + path +
         " HTTP/1.1\r\nHost: test\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
         extra_headers + "\r\n" + body;
}

std::string random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 gen(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(gen() & 0xff);
  return s;
}

template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = 3000ms) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return pred();
}

struct Observed {
  std::string method;
  std::string route;
  int status;
  std::string request_id;
};

// A server with a fixed set of test routes, run on its own thread.
class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/qf-http-test-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    temp_dir_ = tmpl;

    router_.add("GET", "/items/{id}", [](Request& req) {
      nlohmann::json j = {{"id", req.params.at("id")},
                          {"q", std::string(req.query_param("q").value_or(""))},
                          {"client", req.client_address},
                          {"request_id", req.request_id}};
      return Response::json(200, j.dump());
    });
    router_.add("POST", "/echo", [](Request& req) {
      return Response::text(200, req.body, "application/octet-stream");
    });
    RouteOptions small;
    small.body_limit = 16;
    router_.add(
        "POST", "/small",
        [this](Request& req) {
          ++small_calls_;
          return Response::text(200, "ok");
        },
        small);
    RouteOptions upload;
    upload.body_limit = 1 << 20;
    upload.stream_body_to_file = true;
    router_.add(
        "POST", "/upload",
        [this](Request& req) {
          std::lock_guard lock(mu_);
          upload_path_ = req.body_file;
          upload_in_memory_ = req.body;
          upload_size_ = req.body_size;
          std::ifstream in(req.body_file, std::ios::binary);
          upload_bytes_.assign(std::istreambuf_iterator<char>(in),
                               std::istreambuf_iterator<char>());
          return Response::no_content();
        },
        upload);
    router_.add("GET", "/download", [this](Request&) {
      Response r;
      r.file_path = download_path_;
      r.set_header("Content-Type", "application/octet-stream");
      return r;
    });
    router_.add("GET", "/missing-file", [this](Request&) {
      Response r;
      r.file_path = temp_dir_ + "/does-not-exist";
      return r;
    });
    router_.add("GET", "/throw", [](Request&) -> Response { throw std::runtime_error("boom"); });
    router_.add("GET", "/slow", [this](Request&) {
      slow_started_ = true;
      std::this_thread::sleep_for(500ms);
      return Response::text(200, "slow done");
    });
    router_.add("GET", "/header-injection", [](Request&) {
      Response r = Response::text(200, "x");
      r.set_header("X-Name", "a\r\nSet-Cookie: evil=1");
      return r;
    });

    download_path_ = temp_dir_ + "/download.bin";
    download_bytes_ = random_bytes(300 * 1024 + 7, 42);
    std::ofstream(download_path_, std::ios::binary) << download_bytes_;
  }

  void TearDown() override {
    if (server_) {
      server_->stop();
      if (thread_.joinable()) thread_.join();
      server_.reset();
    }
    std::error_code ec;
    fs::remove_all(temp_dir_, ec);
  }

  void start(ServerOptions opts = {}) {
    opts.host = "127.0.0.1";
    opts.port = 0;
    opts.threads = 2;
    opts.temp_dir = temp_dir_;
    server_ = std::make_unique<Server>(
        router_, opts,
        [this](const Request& req, const Response& resp, const std::string& route, double seconds) {
          std::lock_guard lock(mu_);
          observed_.push_back({req.method, route, resp.status, req.request_id});
        });
    auto st = server_->start();
    ASSERT_TRUE(st.has_value()) << st.error().message;
    ASSERT_NE(server_->port(), 0);
    thread_ = std::thread([this] {
      server_->run();
      run_returned_ = true;
    });
  }

  std::uint16_t port() const { return server_->port(); }

  std::optional<HttpResponse> roundtrip(const std::string& request, bool head = false) {
    Client c(port());
    EXPECT_TRUE(c.connected());
    EXPECT_TRUE(c.send(request));
    return c.read_response(head);
  }

  std::vector<Observed> observed() {
    std::lock_guard lock(mu_);
    return observed_;
  }

  Router router_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::atomic<bool> run_returned_{false};
  std::string temp_dir_;
  std::string download_path_;
  std::string download_bytes_;
  std::atomic<int> small_calls_{0};
  std::atomic<bool> slow_started_{false};

  std::mutex mu_;
  std::vector<Observed> observed_;
  std::string upload_path_;
  std::string upload_in_memory_;
  std::string upload_bytes_;
  std::uint64_t upload_size_ = 0;
};

void expect_problem(const HttpResponse& r, int status, const std::string& type) {
  EXPECT_EQ(r.status, status);
  EXPECT_EQ(r.header("Content-Type"), "application/problem+json; charset=utf-8");
  auto j = r.json();
  EXPECT_EQ(j["type"], "https://qingfeng.invalid/problems/" + type);
  EXPECT_EQ(j["status"], status);
  EXPECT_TRUE(j["title"].is_string());
}

TEST_F(ServerTest, GetWithParamsAndQuery) {
  start();
  auto r = roundtrip(get("/items/42?q=%E4%BD%A0%E5%A5%BD+x"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(r->header("Server"), "qingfeng");
  auto j = r->json();
  EXPECT_EQ(j["id"], "42");
  EXPECT_EQ(j["q"], "你好 x");
  EXPECT_EQ(j["client"], "127.0.0.1");
  // Generated ids are 16 hex characters and match what the handler saw.
  std::string id = r->header("X-Request-Id");
  EXPECT_EQ(id.size(), 16u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(j["request_id"], id);
}

TEST_F(ServerTest, UnknownPathIs404Problem) {
  start();
  auto r = roundtrip(get("/nope"));
  ASSERT_TRUE(r);
  expect_problem(*r, 404, "not-found");
  EXPECT_EQ(r->json()["title"], "未找到该接口");
  EXPECT_FALSE(r->header("X-Request-Id").empty());
}

TEST_F(ServerTest, WrongMethodIs405WithAllow) {
  start();
  auto r = roundtrip("DELETE /items/1 HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(r);
  expect_problem(*r, 405, "method-not-allowed");
  EXPECT_EQ(r->header("Allow"), "GET, HEAD");
}

TEST_F(ServerTest, SmallBodyIsDeliveredInMemory) {
  start();
  std::string body = random_bytes(5000, 7);
  auto r = roundtrip(post("/echo", body));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, body);
}

TEST_F(ServerTest, OversizeContentLengthIs413WithoutCallingHandler) {
  start();
  Client c(port());
  // Header only: the server must answer without waiting for the body.
  ASSERT_TRUE(c.send("POST /small HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  expect_problem(*r, 413, "too-large");
  EXPECT_EQ(r->json()["title"], "请求内容过大");
  EXPECT_EQ(r->header("Connection"), "close");
  EXPECT_TRUE(c.closed_by_peer());
  EXPECT_EQ(small_calls_, 0);

  // Within the limit the same route works.
  auto ok = roundtrip(post("/small", "0123456789"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(small_calls_, 1);
}

TEST_F(ServerTest, ChunkedOversizeIs413) {
  start();
  std::string req = "POST /small HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 4; ++i) req += "a\r\n0123456789\r\n";
  req += "0\r\n\r\n";
  auto r = roundtrip(req);
  ASSERT_TRUE(r);
  expect_problem(*r, 413, "too-large");
  EXPECT_EQ(small_calls_, 0);

  // A chunked body within the limit is fine.
  auto ok = roundtrip(
      "POST /small HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n0\r\n\r\n");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(small_calls_, 1);
}

TEST_F(ServerTest, ExpectContinueIsAnsweredBeforeTheBody) {
  start();
  Client c(port());
  ASSERT_TRUE(c.send(
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
  auto interim = c.read_response();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(c.send("hello"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "hello");

  // Too large: answered straight away, no 100, and the body is never asked for.
  Client big(port());
  ASSERT_TRUE(big.send(
      "POST /small HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n"));
  auto refused = big.read_response();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 413);
}

TEST_F(ServerTest, StreamingUploadGoesToTempFileThatIsRemovedAfterwards) {
  start();
  std::string body = random_bytes(200 * 1024 + 3, 1);
  body[10] = '\0';
  auto r = roundtrip(post("/upload", body));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204);
  EXPECT_EQ(r->header("Content-Length"), "");

  std::string path;
  {
    std::lock_guard lock(mu_);
    path = upload_path_;
    EXPECT_EQ(upload_bytes_.size(), body.size());
    EXPECT_TRUE(upload_bytes_ == body);
    EXPECT_EQ(upload_size_, body.size());
    EXPECT_TRUE(upload_in_memory_.empty());
  }
  ASSERT_FALSE(path.empty());
  EXPECT_EQ(fs::path(path).parent_path(), fs::path(temp_dir_));
  EXPECT_TRUE(eventually([&] { return !fs::exists(path); })) << path;
}

TEST_F(ServerTest, ChunkedStreamingUploadKeepsExactBytes) {
  start();
  std::string body = random_bytes(70000, 2);
  std::string req = "POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (std::size_t off = 0; off < body.size(); off += 30000) {
    std::string part = body.substr(off, 30000);
    std::ostringstream hex;
    hex << std::hex << part.size();
    req += hex.str() + "\r\n" + part + "\r\n";
  }
  req += "0\r\n\r\n";
  auto r = roundtrip(req);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204);
  std::lock_guard lock(mu_);
  EXPECT_TRUE(upload_bytes_ == body);
  EXPECT_EQ(upload_size_, body.size());
}

TEST_F(ServerTest, StreamingUploadOverLimitIs413AndLeavesNoFile) {
  start();
  std::string req = "POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  std::string chunk(512 * 1024, 'x');
  for (int i = 0; i < 3; ++i) req += "80000\r\n" + chunk + "\r\n";
  req += "0\r\n\r\n";
  auto r = roundtrip(req);
  ASSERT_TRUE(r);
  expect_problem(*r, 413, "too-large");
  auto uploads_left = [&] {
    int n = 0;
    for (auto& e : fs::directory_iterator(temp_dir_)) {
      if (e.path().filename().string().rfind("qingfeng-upload-", 0) == 0) ++n;
    }
    return n;
  };
  EXPECT_TRUE(eventually([&] { return uploads_left() == 0; }));
}

TEST_F(ServerTest, FilePathResponseStreamsExactBytes) {
  start();
  auto r = roundtrip(get("/download"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("Content-Type"), "application/octet-stream");
  EXPECT_EQ(r->header("Content-Length"), std::to_string(download_bytes_.size()));
  EXPECT_TRUE(r->body == download_bytes_);

  auto missing = roundtrip(get("/missing-file"));
  ASSERT_TRUE(missing);
  expect_problem(*missing, 404, "not-found");
}

TEST_F(ServerTest, HeadSendsHeadersOnly) {
  start();
  Client c(port());
  ASSERT_TRUE(c.send("HEAD /download HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto head = c.read_response(/*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header("Content-Length"), std::to_string(download_bytes_.size()));
  // If a body had been sent, this would read its bytes as a status line.
  ASSERT_TRUE(c.send("HEAD /items/1 HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto head2 = c.read_response(true);
  ASSERT_TRUE(head2);
  EXPECT_EQ(head2->status, 200);
  EXPECT_NE(head2->header("Content-Length"), "0");
  ASSERT_TRUE(c.send(get("/items/2")));
  auto after = c.read_response();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->json()["id"], "2");
}

TEST_F(ServerTest, ThrowingHandlerIs500AndServerKeepsServing) {
  start();
  auto r = roundtrip(get("/throw"));
  ASSERT_TRUE(r);
  expect_problem(*r, 500, "internal");
  EXPECT_EQ(r->json()["title"], "服务器内部错误");
  EXPECT_EQ(r->body.find("boom"), std::string::npos);  // no internals leak

  auto next = roundtrip(get("/items/1"));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

TEST_F(ServerTest, MalformedRequestsAre400) {
  start();
  for (std::string bad :
       {"GARBAGE\r\n\r\n", "GET /x HTTP/9\r\n\r\n", "GET /x HTTP/1.1\r\nBad Header\r\n\r\n",
        "POST /echo HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"}) {
    auto r = roundtrip(bad);
    ASSERT_TRUE(r) << bad;
    expect_problem(*r, 400, "malformed-request");
  }
  // Bad percent-encoding in the target.
  auto r = roundtrip(get("/items/%zz"));
  ASSERT_TRUE(r);
  expect_problem(*r, 400, "malformed-request");

  auto still = roundtrip(get("/items/1"));
  ASSERT_TRUE(still);
  EXPECT_EQ(still->status, 200);
}

TEST_F(ServerTest, GarbageInputNeverBringsTheServerDown) {
  start();
  std::mt19937 gen(7);
  const std::string prefixes[] = {"", "GET / HTTP/1.1\r\n", "POST /echo HTTP/1.1\r\n",
                                  "POST /upload HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"};
  for (int i = 0; i < 60; ++i) {
    Client c(port());
    ASSERT_TRUE(c.connected());
    c.set_read_timeout(1000ms);
    std::string junk = prefixes[i % 4] + random_bytes(gen() % 300, gen());
    if (i % 2 == 0) junk += "\r\n\r\n";
    c.send(junk);
    c.shutdown_write();  // EOF instead of making the server wait out its timeout
    if (auto r = c.read_response()) {
      EXPECT_GE(r->status, 200);
    }
  }
  auto r = roundtrip(get("/items/1"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(ServerTest, OversizeHeaderIs400) {
  ServerOptions opts;
  opts.header_limit = 1024;
  start(opts);
  auto r = roundtrip(get("/items/1", "X-Big: " + std::string(4000, 'a') + "\r\n"));
  ASSERT_TRUE(r);
  expect_problem(*r, 400, "malformed-request");
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  start();
  Client c(port());
  ASSERT_TRUE(c.send(get("/items/1")));
  auto first = c.read_response();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->json()["id"], "1");
  ASSERT_TRUE(c.send(post("/echo", "abc")));
  auto second = c.read_response();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body, "abc");
  // Pipelined: both requests in one write.
  ASSERT_TRUE(c.send(get("/items/3") + get("/items/4")));
  auto third = c.read_response();
  auto fourth = c.read_response();
  ASSERT_TRUE(third && fourth);
  EXPECT_EQ(third->json()["id"], "3");
  EXPECT_EQ(fourth->json()["id"], "4");
  // An error answered without reading a body keeps the connection too when
  // there is no body.
  ASSERT_TRUE(c.send(get("/nope")));
  auto fifth = c.read_response();
  ASSERT_TRUE(fifth);
  EXPECT_EQ(fifth->status, 404);
  ASSERT_TRUE(c.send(get("/items/5")));
  auto sixth = c.read_response();
  ASSERT_TRUE(sixth);
  EXPECT_EQ(sixth->status, 200);
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
  start();
  Client c(port());
  ASSERT_TRUE(c.send(get("/items/1", "Connection: close\r\n")));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("Connection"), "close");
  EXPECT_TRUE(c.closed_by_peer());
}

TEST_F(ServerTest, ClientRequestIdIsEchoedOnlyWhenSane) {
  start();
  auto r = roundtrip(get("/items/1", "X-Request-Id: abc.DEF_123-x\r\n"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("X-Request-Id"), "abc.DEF_123-x");
  EXPECT_EQ(r->json()["request_id"], "abc.DEF_123-x");

  for (std::string bad : {std::string("has space"), std::string(65, 'a'), std::string("a;b")}) {
    auto g = roundtrip(get("/items/1", "X-Request-Id: " + bad + "\r\n"));
    ASSERT_TRUE(g);
    EXPECT_NE(g->header("X-Request-Id"), bad);
    EXPECT_EQ(g->header("X-Request-Id").size(), 16u);
  }
  // Errors carry the id too.
  auto e = roundtrip(get("/nope", "X-Request-Id: trace-1\r\n"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->header("X-Request-Id"), "trace-1");
}

TEST_F(ServerTest, ObserverSeesRoutePattern) {
  start();
  ASSERT_TRUE(roundtrip(get("/items/9", "X-Request-Id: obs-1\r\n")));
  ASSERT_TRUE(roundtrip(get("/nope", "X-Request-Id: obs-2\r\n")));
  ASSERT_TRUE(eventually([&] { return observed().size() >= 2; }));
  auto seen = observed();
  auto find = [&](const std::string& id) {
    for (auto& o : seen) {
      if (o.request_id == id) return o;
    }
    return Observed{};
  };
  auto a = find("obs-1");
  EXPECT_EQ(a.method, "GET");
  EXPECT_EQ(a.route, "/items/{id}");
  EXPECT_EQ(a.status, 200);
  auto b = find("obs-2");
  EXPECT_EQ(b.route, "unmatched");
  EXPECT_EQ(b.status, 404);
}

TEST_F(ServerTest, ResponseHeaderValuesCannotInjectHeaders) {
  start();
  auto r = roundtrip(get("/header-injection"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->headers.count("Set-Cookie"), 0u);
}

TEST_F(ServerTest, FallbackServesUnknownGetsOnly) {
  router_.set_fallback([](Request& req) { return Response::text(200, "spa:" + req.path); });
  start();
  auto r = roundtrip(get("/some/page"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "spa:/some/page");
  auto p = roundtrip(post("/some/page", "x"));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->status, 404);
  // A known path with another method is still 405, not the fallback.
  auto m = roundtrip(get("/echo"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->status, 405);
  EXPECT_EQ(m->header("Allow"), "POST");
}

TEST_F(ServerTest, MaxConnectionsDefersFurtherClients) {
  ServerOptions opts;
  opts.max_connections = 1;
  start(opts);
  auto first = std::make_unique<Client>(port());
  ASSERT_TRUE(first->send(get("/items/1")));
  ASSERT_TRUE(first->read_response());

  Client second(port());  // lands in the kernel backlog
  ASSERT_TRUE(second.send(get("/items/2")));
  second.set_read_timeout(300ms);
  EXPECT_FALSE(second.read_response());

  first.reset();
  second.set_read_timeout(5000ms);
  auto r = second.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->json()["id"], "2");
}

TEST_F(ServerTest, StopLetsInFlightRequestFinish) {
  start();
  Client idle(port());  // an idle keep-alive connection must not hold up stop()
  ASSERT_TRUE(idle.send(get("/items/1")));
  ASSERT_TRUE(idle.read_response());

  Client c(port());
  ASSERT_TRUE(c.send(get("/slow")));
  ASSERT_TRUE(eventually([&] { return slow_started_.load(); }));
  auto stop_at = std::chrono::steady_clock::now();
  server_->stop();
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "slow done");
  EXPECT_EQ(r->header("Connection"), "close");
  EXPECT_TRUE(eventually([&] { return run_returned_.load(); }, 5000ms));
  EXPECT_LT(std::chrono::steady_clock::now() - stop_at, 5s);
  EXPECT_TRUE(idle.closed_by_peer());
  thread_.join();

  Client late(port());
  EXPECT_FALSE(late.connected());
}

TEST_F(ServerTest, StopWithNoConnectionsReturnsPromptly) {
  start();
  server_->stop();
  EXPECT_TRUE(eventually([&] { return run_returned_.load(); }, 3000ms));
}

TEST(ServerStartTest, ReportsBindFailure) {
  Router router;
  ServerOptions opts;
  opts.host = "127.0.0.1";
  opts.port = 0;
  Server first(router, opts);
  ASSERT_TRUE(first.start().has_value());
  opts.port = first.port();
  Server second(router, opts);
  auto st = second.start();
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace qf::http
