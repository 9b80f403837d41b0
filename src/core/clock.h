// Time as the system stores it: Unix epoch milliseconds, UTC.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace qf {

inline std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// "2026-11-29T04:33:23.123Z"; empty for 0 (never).
std::string format_iso8601(std::int64_t epoch_ms);

}  // namespace qf
