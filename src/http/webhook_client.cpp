#include "http/webhook_client.h"

#include <netdb.h>
#include <poll.h>
#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace qf::http {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kUrlField = "webhook.url";

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Milliseconds left until the deadline, for poll(); never negative.
int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

// Waits for `events` on fd until the deadline: 1 ready, 0 timed out, -1 error.
int wait_for(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    pollfd p{fd, events, 0};
    int n = ::poll(&p, 1, remaining_ms(deadline));
    if (n < 0 && errno == EINTR) continue;
    return n < 0 ? -1 : n;
  }
}

class Socket {
 public:
  explicit Socket(int fd = -1) : fd_(fd) {}
  Socket(Socket&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  Socket& operator=(Socket&& o) noexcept {
    std::swap(fd_, o.fd_);
    return *this;
  }
  Socket(const Socket&) = delete;
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  int fd() const { return fd_; }

 private:
  int fd_;
};

std::string endpoint(const WebhookUrl& u) { return u.host_header; }

tl::unexpected<Error> unavailable(std::string message) {
  return fail(ErrorCode::kUnavailable, std::move(message));
}

Result<Socket> connect_to(const WebhookUrl& u, Clock::time_point deadline) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(u.port);
  if (int rc = ::getaddrinfo(u.host.c_str(), port.c_str(), &hints, &found); rc != 0)
    return unavailable("无法解析 Webhook 主机 " + u.host + ": " + ::gai_strerror(rc));
  std::string problem = "没有可用的地址";
  for (addrinfo* ai = found; ai; ai = ai->ai_next) {
    Socket s(
        ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol));
    if (s.fd() < 0) {
      problem = std::strerror(errno);
      continue;
    }
    if (::connect(s.fd(), ai->ai_addr, ai->ai_addrlen) != 0) {
      if (errno != EINPROGRESS) {
        problem = std::strerror(errno);
        continue;
      }
      int ready = wait_for(s.fd(), POLLOUT, deadline);
      if (ready == 0) {
        ::freeaddrinfo(found);
        return unavailable("连接 Webhook 接收方 " + endpoint(u) + " 超时");
      }
      int err = 0;
      socklen_t len = sizeof err;
      if (ready < 0 || ::getsockopt(s.fd(), SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
      if (err != 0) {
        problem = std::strerror(err);
        continue;
      }
    }
    ::freeaddrinfo(found);
    return s;
  }
  ::freeaddrinfo(found);
  return unavailable("连接 Webhook 接收方 " + endpoint(u) + " 失败: " + problem);
}

Status send_all(const Socket& s, std::string_view data, Clock::time_point deadline) {
  while (!data.empty()) {
    ssize_t n = ::send(s.fd(), data.data(), data.size(), MSG_NOSIGNAL);
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      int ready = wait_for(s.fd(), POLLOUT, deadline);
      if (ready == 0) return unavailable("向 Webhook 接收方发送请求超时");
      if (ready < 0)
        return unavailable(std::string("发送 Webhook 请求失败: ") + std::strerror(errno));
      continue;
    }
    return unavailable(std::string("发送 Webhook 请求失败: ") + std::strerror(errno));
  }
  return {};
}

// Reads until the end of the response head (or EOF), at most `cap` bytes.
Result<std::string> read_head(const Socket& s, Clock::time_point deadline, std::size_t cap) {
  std::string head;
  char buf[2048];
  for (;;) {
    if (head.find("\r\n\r\n") != std::string::npos) return head;
    if (head.size() > cap) return unavailable("Webhook 接收方的响应头过大");
    int ready = wait_for(s.fd(), POLLIN, deadline);
    if (ready == 0) return unavailable("等待 Webhook 接收方响应超时");
    if (ready < 0)
      return unavailable(std::string("读取 Webhook 响应失败: ") + std::strerror(errno));
    ssize_t n = ::recv(s.fd(), buf, sizeof buf, 0);
    if (n == 0) return head;  // closed: the status line may still be complete
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      return unavailable(std::string("读取 Webhook 响应失败: ") + std::strerror(errno));
    }
    head.append(buf, static_cast<std::size_t>(n));
  }
}

// "HTTP/1.1 204 No Content\r\n" → 204.
Result<int> status_of(const std::string& head) {
  auto eol = head.find("\r\n");
  if (eol == std::string::npos) {
    if (head.empty()) return unavailable("Webhook 接收方未作应答就关闭了连接");
    return unavailable("Webhook 接收方的响应不完整");
  }
  std::string_view line(head.data(), eol);
  if (line.size() < 12 || line.substr(0, 7) != "HTTP/1." || !is_digit(line[7]) || line[8] != ' ' ||
      !is_digit(line[9]) || !is_digit(line[10]) || !is_digit(line[11]) ||
      (line.size() > 12 && line[12] != ' '))
    return unavailable("Webhook 接收方的应答不是 HTTP/1.x 响应");
  int code = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
  if (code < 100) return unavailable("Webhook 接收方的应答状态码无效");
  return code;
}

bool header_safe(std::string_view v) {
  for (char c : v)
    if (c == '\r' || c == '\n' || c == '\0') return false;
  return true;
}

}  // namespace

Result<WebhookUrl> parse_webhook_url(std::string_view url) {
  if (starts_with_nocase(url, "https://"))
    return invalid(kUrlField,
                   "不支持 https:// 地址：本程序不含 TLS 客户端。请在本机用 nginx 等中继终止 TLS"
                   "（例如 location / { proxy_pass https://接收方地址; }），这里填写中继的 "
                   "http:// 地址");
  if (!starts_with_nocase(url, "http://"))
    return invalid(kUrlField, "Webhook 地址应以 http:// 开头");
  for (char c : url) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f)
      return invalid(kUrlField, "Webhook 地址含有空白、控制字符或非 ASCII 字符，请先做百分号编码");
  }
  std::string_view rest = url.substr(7);
  std::size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  std::string target(end == std::string_view::npos ? std::string_view() : rest.substr(end));
  if (auto hash = target.find('#'); hash != std::string::npos) target.erase(hash);
  if (target.empty() || target.front() != '/') target = std::string(1, '/').append(target);
  if (authority.find('@') != std::string_view::npos)
    return invalid(kUrlField, "Webhook 地址不应包含用户名或密码（会出现在日志中），请改用签名密钥");

  WebhookUrl out;
  std::string_view host = authority, port;
  bool bracketed = false;
  if (!host.empty() && host.front() == '[') {
    auto close = host.find(']');
    if (close == std::string_view::npos)
      return invalid(kUrlField, "Webhook 地址的 IPv6 主机缺少 ]");
    std::string_view after = host.substr(close + 1);
    if (!after.empty() && after.front() != ':')
      return invalid(kUrlField, "Webhook 地址的主机部分格式错误");
    if (!after.empty()) port = after.substr(1);
    host = host.substr(1, close - 1);
    bracketed = true;
    for (char c : host)
      if (!is_hex(c) && c != ':' && c != '.')
        return invalid(kUrlField, "Webhook 地址的 IPv6 主机格式错误");
  } else {
    if (auto colon = host.find(':'); colon != std::string_view::npos) {
      port = host.substr(colon + 1);
      host = host.substr(0, colon);
    }
    for (char c : host)
      if (!is_alnum(c) && c != '-' && c != '.' && c != '_')
        return invalid(kUrlField, "Webhook 地址的主机名含有无效字符");
  }
  if (host.empty()) return invalid(kUrlField, "Webhook 地址缺少主机");
  out.host = std::string(host);
  if (!port.empty() || authority.back() == ':') {
    if (port.empty() || port.size() > 5)
      return invalid(kUrlField, "Webhook 地址的端口应为 1–65535");
    long value = 0;
    for (char c : port) {
      if (!is_digit(c)) return invalid(kUrlField, "Webhook 地址的端口应为 1–65535");
      value = value * 10 + (c - '0');
    }
    if (value < 1 || value > 65535) return invalid(kUrlField, "Webhook 地址的端口应为 1–65535");
    out.port = static_cast<std::uint16_t>(value);
  }
  out.target = std::move(target);
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "[" + host
  // and ":" + port.
  if (bracketed) out.host_header += '[';
  out.host_header += out.host;
  if (bracketed) out.host_header += ']';
  if (out.port != 80) out.host_header.append(1, ':').append(std::to_string(out.port));
  return out;
}

std::string webhook_signature(std::string_view secret, std::int64_t timestamp,
                              std::string_view body) {
  crypto_auth_hmacsha256_state state;
  // The multi-part API takes a key of any length (plain RFC 2104 HMAC), so
  // receivers verify with their language's standard HMAC and the secret's bytes.
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  const std::string prefix = std::to_string(timestamp) + ".";
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(prefix.data()),
                                prefix.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()),
                                body.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  sodium_memzero(&state, sizeof state);
  char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return std::string("sha256=") + hex;
}

Result<int> post_webhook(const WebhookUrl& url, std::string_view secret,
                         const WebhookMessage& message, const WebhookClientOptions& options) {
  if (!header_safe(message.event) || !header_safe(message.delivery_id))
    return fail(ErrorCode::kInternal, "Webhook 事件名或投递编号含有换行");
  const std::string timestamp = std::to_string(message.timestamp);
  std::string request;
  request.reserve(512 + message.body.size());
  request += "POST " + url.target + " HTTP/1.1\r\n";
  request += "Host: " + url.host_header + "\r\n";
  request += "User-Agent: qingfeng\r\n";
  request += "Content-Type: application/json\r\n";
  request += "Content-Length: " + std::to_string(message.body.size()) + "\r\n";
  request += "X-Qingfeng-Event: " + message.event + "\r\n";
  request += "X-Qingfeng-Delivery: " + message.delivery_id + "\r\n";
  request += "X-Qingfeng-Timestamp: " + timestamp + "\r\n";
  request += "X-Qingfeng-Signature: " + webhook_signature(secret, message.timestamp, message.body) +
             "\r\n";
  // One request per connection: nothing to keep alive between deliveries
  // that are seconds or hours apart.
  request += "Connection: close\r\n\r\n";
  request += message.body;

  const auto connect_deadline = Clock::now() + options.connect_timeout;
  auto socket = connect_to(url, connect_deadline);
  if (!socket) return tl::unexpected(socket.error());
  const auto response_deadline = Clock::now() + options.response_timeout;
  if (auto sent = send_all(*socket, request, response_deadline); !sent)
    return tl::unexpected(sent.error());
  auto head = read_head(*socket, response_deadline, options.max_response_head);
  if (!head) return tl::unexpected(head.error());
  return status_of(*head);
}

}  // namespace qf::http
