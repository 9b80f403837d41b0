#include "core/utf8.h"

#include <cstdint>
#include <cstring>

namespace qf {

bool is_valid_utf8(std::string_view s) {
  const auto* b = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  char32_t cp;
  for (std::size_t i = 0; i < n;) {
    // Listings are long runs of ASCII and of three-byte characters (all of
    // Han): eight ASCII bytes, or one three-byte character, a step.
    if (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, b + i, 8);
      if ((w & 0x8080808080808080u) == 0) {
        i += 8;
        continue;
      }
      const auto c = static_cast<std::uint32_t>(w);  // little-endian: b[i] is the low byte
      // 1110xxxx 10xxxxxx 10xxxxxx, not overlong (E0 80..9F) nor a surrogate
      // (ED A0..BF): the lead's low nibble with bit 5 of the second byte.
      if ((c & 0xC0C0F0u) == 0x8080E0u && (c & 0x200Fu) != 0 && (c & 0x200Fu) != 0x200Du) {
        i += 3;
        continue;
      }
    }
    const std::size_t len = decode_utf8(s, i, cp);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

}  // namespace qf
