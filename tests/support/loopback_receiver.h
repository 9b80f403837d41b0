// A loopback HTTP receiver for outgoing webhooks (major cases, takedown
// notices): it accepts on 127.0.0.1 (port chosen by the system), records
// each request (request line, lower-case headers, body) and answers the next
// status of a script, repeating the last one. Header-only, for the service and api
// tests; plus an HMAC-SHA256 built from plain SHA-256 so a test checks a
// signature without sharing code with the signer.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace qf::testing {

inline std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  unsigned char block[64] = {};
  if (key.size() > sizeof block)
    crypto_hash_sha256(block, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  else
    std::memcpy(block, key.data(), key.size());
  std::string inner(64, '\0'), outer(64, '\0');
  for (int i = 0; i < 64; ++i) {
    inner[i] = static_cast<char>(block[i] ^ 0x36);
    outer[i] = static_cast<char>(block[i] ^ 0x5c);
  }
  inner.append(message);
  unsigned char digest[32];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(inner.data()), inner.size());
  outer.append(reinterpret_cast<const char*>(digest), sizeof digest);
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(outer.data()), outer.size());
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

struct ReceivedRequest {
  std::string request_line;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

class LoopbackReceiver {
 public:
  explicit LoopbackReceiver(std::vector<int> statuses) : statuses_(std::move(statuses)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 16);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { run(); });
  }
  ~LoopbackReceiver() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  LoopbackReceiver(const LoopbackReceiver&) = delete;
  LoopbackReceiver& operator=(const LoopbackReceiver&) = delete;

  std::string url(const std::string& path = "/takedown") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::vector<ReceivedRequest> received() {
    std::lock_guard<std::mutex> lock(mu_);
    return received_;
  }
  // Whether n requests arrived within `limit`.
  bool wait_for(std::size_t n, std::chrono::milliseconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
      if (received().size() >= n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

 private:
  void run() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int conn = ::accept(fd_, nullptr, nullptr);
      if (conn < 0) continue;
      serve(conn);
      ::close(conn);
    }
  }

  void serve(int conn) {
    timeval tv{5, 0};
    ::setsockopt(conn, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    std::string data;
    char buf[4096];
    std::size_t head_end = std::string::npos, length = 0;
    for (;;) {
      if (head_end == std::string::npos &&
          (head_end = data.find("\r\n\r\n")) != std::string::npos) {
        auto pos = data.find("Content-Length: ");
        if (pos != std::string::npos && pos < head_end) length = std::stoul(data.substr(pos + 16));
      }
      if (head_end != std::string::npos && data.size() >= head_end + 4 + length) break;
      ssize_t n = ::recv(conn, buf, sizeof buf, 0);
      if (n <= 0) return;
      data.append(buf, static_cast<std::size_t>(n));
    }
    ReceivedRequest r;
    std::size_t line_end = data.find("\r\n");
    r.request_line = data.substr(0, line_end);
    for (std::size_t pos = line_end + 2; pos < head_end;) {
      std::size_t eol = data.find("\r\n", pos);
      std::string line = data.substr(pos, eol - pos);
      std::string name = line.substr(0, line.find(':'));
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers[name] = line.substr(line.find(':') + 2);
      pos = eol + 2;
    }
    r.body = data.substr(head_end + 4, length);
    int status = 200;
    {
      std::lock_guard<std::mutex> lock(mu_);
      const std::size_t i = received_.size();
      if (!statuses_.empty()) status = statuses_[std::min(i, statuses_.size() - 1)];
      received_.push_back(std::move(r));
    }
    std::string answer = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: 0\r\n\r\n";
    ::send(conn, answer.data(), answer.size(), MSG_NOSIGNAL);
  }

  std::vector<int> statuses_;
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::vector<ReceivedRequest> received_;
  std::thread thread_;
};

}  // namespace qf::testing
