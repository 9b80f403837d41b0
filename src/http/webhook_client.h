// A small, careful HTTP/1.1 client for outgoing webhooks: one signed POST per
// connection over plain POSIX sockets, to http:// URLs only.
//
// Why not Beast: Beast stays inside server.cpp/request_parser.cpp so it is
// compiled once; a webhook needs one request and one status line.
// Why no TLS: the binary carries no TLS client, so a receiver on https:// is
// reached through a local relay that terminates TLS (e.g. nginx
// `location / { proxy_pass https://receiver.example/hook; }` on 127.0.0.1) —
// parse_webhook_url() refuses https:// with a message saying so.
//
// Every step has a bound: name resolution is the system's, the connect has
// its own timeout (non-blocking connect + poll), sending and reading the
// response head share one deadline, and the head is read up to a size cap.
// Only the status code matters; the body of the answer is never read.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace qf::http {

struct WebhookUrl {
  std::string host;         // name or IP literal, IPv6 without brackets
  std::uint16_t port = 80;  // from the URL, default 80
  std::string target;       // path and query as given, at least "/"
  std::string host_header;  // value of the Host header
};

// Parses an http:// URL. Refuses https:// (see above), user information (it
// would end up in logs), spaces, control and non-ASCII characters (they could
// split the request line) and bad ports; a #fragment is dropped. Errors are
// kInvalidInput on the field "webhook.url".
Result<WebhookUrl> parse_webhook_url(std::string_view url);

// "sha256=" + lower-case hex HMAC-SHA256 keyed with the secret over
// "<timestamp>.<body>". The timestamp is inside the MAC so a captured
// request cannot be replayed later with a fresh X-Qingfeng-Timestamp.
std::string webhook_signature(std::string_view secret, std::int64_t timestamp,
                              std::string_view body);

struct WebhookMessage {
  std::string event;           // X-Qingfeng-Event, e.g. case.major
  std::string delivery_id;     // X-Qingfeng-Delivery: receivers drop repeats by it
  std::int64_t timestamp = 0;  // X-Qingfeng-Timestamp, Unix seconds
  std::string body;            // JSON
};

struct WebhookClientOptions {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds response_timeout{10000};  // sending plus reading the head
  std::size_t max_response_head = 16 * 1024;          // status line and headers
};

// POSTs the message signed with the secret and returns the response's status
// code, whatever it is. An Error (kUnavailable, Chinese message) when there
// was no well-formed answer: resolution or connection failed, a timeout, the
// peer closed early or sent something that is not HTTP/1.x.
Result<int> post_webhook(const WebhookUrl& url, std::string_view secret,
                         const WebhookMessage& message, const WebhookClientOptions& options = {});

}  // namespace qf::http
