// The webhook client against a tiny loopback listener in the test: the exact
// request bytes, the signature (checked against values computed with
// Python's hmac module), status codes, refused connections, timeouts and
// broken answers. Only 127.0.0.1 is ever contacted.
#include "http/webhook_client.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace qf::http {
namespace {

using namespace std::chrono_literals;

// A listening socket on 127.0.0.1 with an ephemeral port.
int listen_loopback(std::uint16_t& port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  EXPECT_EQ(::listen(fd, 8), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.sin_port);
  return fd;
}

struct ReceivedRequest {
  std::string request_line;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

// Accepts one connection, reads one request (head + Content-Length body)
// and writes `answer` back, then closes.
class OneShotReceiver {
 public:
  explicit OneShotReceiver(std::string answer) : answer_(std::move(answer)) {
    listen_fd_ = listen_loopback(port_);
    thread_ = std::thread([this] { run(); });
  }
  ~OneShotReceiver() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
  }
  std::uint16_t port() const { return port_; }
  std::string url(const std::string& target = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(port_) + target;
  }
  ReceivedRequest received() {
    std::lock_guard<std::mutex> lock(mu_);
    return received_;
  }

 private:
  void run() {
    pollfd p{listen_fd_, POLLIN, 0};
    while (!stop_ && ::poll(&p, 1, 50) == 0) {
    }
    if (stop_) return;
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) return;
    timeval tv{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    std::string data;
    char buf[4096];
    std::size_t head_end = std::string::npos, content_length = 0;
    for (;;) {
      if (head_end == std::string::npos &&
          (head_end = data.find("\r\n\r\n")) != std::string::npos) {
        auto pos = data.find("Content-Length: ");
        if (pos != std::string::npos && pos < head_end)
          content_length = std::stoul(data.substr(pos + 16, data.find("\r\n", pos) - pos - 16));
      }
      if (head_end != std::string::npos && data.size() >= head_end + 4 + content_length) break;
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      data.append(buf, static_cast<std::size_t>(n));
    }
    ReceivedRequest r;
    if (head_end != std::string::npos) {
      std::size_t line_end = data.find("\r\n");
      r.request_line = data.substr(0, line_end);
      for (std::size_t pos = line_end + 2; pos < head_end;) {
        std::size_t eol = data.find("\r\n", pos);
        std::string line = data.substr(pos, eol - pos);
        auto colon = line.find(": ");
        std::string name = line.substr(0, colon);
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        r.headers[name] = line.substr(colon + 2);
        pos = eol + 2;
      }
      r.body = data.substr(head_end + 4);
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      received_ = r;
    }
    if (!answer_.empty()) ::send(fd, answer_.data(), answer_.size(), MSG_NOSIGNAL);
    ::close(fd);
  }

  std::string answer_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  ReceivedRequest received_;
  std::thread thread_;
};

WebhookMessage sample_message() {
  return WebhookMessage{"case.major", "42", 1700000000, R"({"event":"case.major"})"};
}

constexpr const char* kSecret = "an example secret, 32+ bytes long";

TEST(WebhookUrlTest, ParsesHttpUrls) {
  auto u = parse_webhook_url("http://127.0.0.1:8081/hooks/qingfeng?token=abc#frag");
  ASSERT_TRUE(u) << u.error().message;
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 8081);
  EXPECT_EQ(u->target, "/hooks/qingfeng?token=abc");
  EXPECT_EQ(u->host_header, "127.0.0.1:8081");

  u = parse_webhook_url("HTTP://relay.local");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->port, 80);
  EXPECT_EQ(u->target, "/");
  EXPECT_EQ(u->host_header, "relay.local");

  u = parse_webhook_url("http://[::1]:9000?x=1");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->target, "/?x=1");
  EXPECT_EQ(u->host_header, "[::1]:9000");
}

TEST(WebhookUrlTest, RefusesHttpsWithAnExplanation) {
  auto u = parse_webhook_url("https://receiver.example/hook");
  ASSERT_FALSE(u);
  EXPECT_EQ(u.error().code, ErrorCode::kInvalidInput);
  ASSERT_EQ(u.error().fields.size(), 1u);
  EXPECT_EQ(u.error().fields[0].field, "webhook.url");
  EXPECT_NE(u.error().fields[0].message.find("proxy_pass"), std::string::npos);
}

TEST(WebhookUrlTest, RefusesWhatCouldBreakTheRequest) {
  for (const char* bad :
       {"ftp://127.0.0.1/", "http://", "http:///path", "http://user:pw@127.0.0.1/",
        "http://127.0.0.1/a b", "http://127.0.0.1/a\r\nX-Evil: 1", "http://127.0.0.1:0/",
        "http://127.0.0.1:65536/", "http://127.0.0.1:80x/", "http://127.0.0.1:/", "http://[::1/",
        "http://主机/", "http://a:1:2/"})
    EXPECT_FALSE(parse_webhook_url(bad)) << bad;
}

TEST(WebhookSignatureTest, IsHmacSha256OverTimestampDotBody) {
  // Expected values from Python: hmac.new(key, b"<ts>.<body>", hashlib.sha256).hexdigest()
  EXPECT_EQ(webhook_signature(kSecret, 1700000000, R"({"event":"case.major"})"),
            "sha256=6632b5c2ed51a5282a29e099a90af1f44230f358a986462a2f2b0efeed68e72d");
  // Keys longer than the SHA-256 block are hashed first, as RFC 2104 says.
  EXPECT_EQ(webhook_signature(std::string(100, 'k'), 1, "x"),
            "sha256=8dc72019a8a249d8f2d36e36fac06f4497511f4f50cfee8600a5d97fb8a91da5");
}

TEST(WebhookClientTest, SendsASignedPostAndReturnsTheStatus) {
  OneShotReceiver receiver("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  auto url = parse_webhook_url(receiver.url("/hook?t=1"));
  ASSERT_TRUE(url);
  auto status = post_webhook(*url, kSecret, sample_message());
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(*status, 200);

  auto r = receiver.received();
  EXPECT_EQ(r.request_line, "POST /hook?t=1 HTTP/1.1");
  EXPECT_EQ(r.headers["host"], "127.0.0.1:" + std::to_string(receiver.port()));
  EXPECT_EQ(r.headers["content-type"], "application/json");
  EXPECT_EQ(r.headers["user-agent"], "qingfeng");
  EXPECT_EQ(r.headers["content-length"], std::to_string(sample_message().body.size()));
  EXPECT_EQ(r.headers["x-qingfeng-event"], "case.major");
  EXPECT_EQ(r.headers["x-qingfeng-delivery"], "42");
  EXPECT_EQ(r.headers["x-qingfeng-timestamp"], "1700000000");
  EXPECT_EQ(r.headers["x-qingfeng-signature"],
            "sha256=6632b5c2ed51a5282a29e099a90af1f44230f358a986462a2f2b0efeed68e72d");
  EXPECT_EQ(r.headers["connection"], "close");
  EXPECT_EQ(r.body, sample_message().body);
}

TEST(WebhookClientTest, ReturnsErrorStatusesAsCodes) {
  OneShotReceiver receiver("HTTP/1.0 500 Internal Server Error\r\n\r\n");
  auto url = parse_webhook_url(receiver.url());
  ASSERT_TRUE(url);
  auto status = post_webhook(*url, kSecret, sample_message());
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(*status, 500);
}

TEST(WebhookClientTest, ARefusedConnectionIsAnError) {
  std::uint16_t port = 0;
  ::close(listen_loopback(port));  // the port is free now: nobody listens
  auto url = parse_webhook_url("http://127.0.0.1:" + std::to_string(port) + "/");
  ASSERT_TRUE(url);
  auto status = post_webhook(*url, kSecret, sample_message());
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(status.error().message.find("失败"), std::string::npos) << status.error().message;
}

TEST(WebhookClientTest, AReceiverThatNeverAnswersTimesOut) {
  // Listening but never accepting: the kernel completes the connection and
  // takes the request, and no answer ever comes.
  std::uint16_t port = 0;
  int fd = listen_loopback(port);
  auto url = parse_webhook_url("http://127.0.0.1:" + std::to_string(port) + "/");
  ASSERT_TRUE(url);
  WebhookClientOptions options;
  options.response_timeout = 300ms;
  const auto started = std::chrono::steady_clock::now();
  auto status = post_webhook(*url, kSecret, sample_message(), options);
  const auto took = std::chrono::steady_clock::now() - started;
  ::close(fd);
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("超时"), std::string::npos) << status.error().message;
  EXPECT_GE(took, 250ms);
  EXPECT_LT(took, 3s);
}

TEST(WebhookClientTest, BrokenAnswersAreErrors) {
  for (const std::string& answer : std::vector<std::string>{
           std::string("garbage\r\n\r\n"), std::string("HTTP/1.1 20"),
           std::string("HTTP/2 200 OK\r\n\r\n"),
           "HTTP/1.1 200 OK\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n"}) {
    OneShotReceiver receiver(answer);
    auto url = parse_webhook_url(receiver.url());
    ASSERT_TRUE(url);
    auto status = post_webhook(*url, kSecret, sample_message());
    EXPECT_FALSE(status) << answer.substr(0, 40);
  }
}

TEST(WebhookClientTest, APeerThatClosesWithoutAnAnswerIsAnError) {
  OneShotReceiver receiver("");  // reads the request, closes without a word
  auto url = parse_webhook_url(receiver.url());
  ASSERT_TRUE(url);
  auto status = post_webhook(*url, kSecret, sample_message());
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kUnavailable);
}

TEST(WebhookClientTest, HeaderInjectionThroughTheEventIsRefused) {
  std::uint16_t port = 0;
  int fd = listen_loopback(port);
  auto url = parse_webhook_url("http://127.0.0.1:" + std::to_string(port) + "/");
  ASSERT_TRUE(url);
  auto m = sample_message();
  m.event = "case.major\r\nX-Evil: 1";
  EXPECT_FALSE(post_webhook(*url, kSecret, m));
  ::close(fd);
}

}  // namespace
}  // namespace qf::http
