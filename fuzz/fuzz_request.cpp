// Fuzzes what untrusted clients control: the raw request (request line,
// headers, target, body) and the JSON body validation every handler runs.
// Any crash, sanitizer report, or an accepted body that breaks the readers'
// guarantees is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "api/json_input.h"
#include "http/request_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  auto req = qf::http::parse_request(raw, {4096, 8192});
  if (!req) return 0;
  // Every decoded path must be absolute and free of NUL bytes.
  if (req->path.empty() || req->path.front() != '/' || req->path.find('\0') != std::string::npos) std::abort();
  // Decoded paths and query values reaching handlers are always UTF-8.
  if (!qf::is_valid_utf8(req->path)) std::abort();
  for (const auto& [k, v] : req->query)
    if (!qf::is_valid_utf8(k) || !qf::is_valid_utf8(v)) std::abort();

  auto body = qf::api::parse_json_body(req->body, req->header("Content-Type").value_or(""));
  if (!body) return 0;
  if (!qf::api::is_valid_utf8(req->body)) std::abort();  // accepted bodies are UTF-8
  qf::api::ObjectReader in(*body);
  auto name = in.string("username", true, 64);
  auto flag = in.boolean("disabled", false);
  auto n = in.integer("user_id", false, 1, 1000000);
  auto list = in.strings("scopes", false, 20);
  auto ok = in.finish();
  if (ok && (!name || name->size() > 64)) std::abort();
  if (n && (*n < 1 || *n > 1000000)) std::abort();
  (void)flag;
  (void)list;
  return 0;
}
