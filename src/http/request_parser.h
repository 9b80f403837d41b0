// Parses one complete HTTP/1.1 request held in memory into a Request, with
// the same limits and target rules the server applies on a socket. Used by
// the fuzz target and by tools that replay captured requests; the server
// itself parses incrementally in server.cpp.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/result.h"
#include "http/message.h"

namespace qf::http {

struct ParseLimits {
  std::uint32_t header_limit = 16 * 1024;
  std::uint64_t body_limit = 1 << 20;
};

// kMalformedRequest for anything that is not one well-formed request,
// kTooLarge when a limit is exceeded. Never throws, never reads past `raw`.
Result<Request> parse_request(std::string_view raw, const ParseLimits& limits = {});

}  // namespace qf::http
