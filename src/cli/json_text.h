// Byte-level scanning of JSON string contents, shared by the listing reader
// (scan_input.cpp: a listing's title and text) and the verdict writer
// (scan_command.cpp: terms, reasons, contacts). Both spend most of their
// time on long runs that need no attention — printable ASCII and Han — so
// these step over such runs several bytes at a time (sixteen or eight, or
// one three-byte character) and leave whatever stops them to the caller.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace qf::cli::json_text {

// Of eight bytes (little-endian), the high bit of each that is '"', '\\'
// or a control character; bytes from 0x80 are none of them. A borrow runs
// only upwards from a flagged byte, so the lowest flag is always exact.
inline std::uint64_t special_bytes(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101u, kHigh = 0x8080808080808080u;
  auto zero_bytes = [](std::uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  return ((w - kOnes * 0x20) & ~w & kHigh) | zero_bytes(w ^ (kOnes * '"')) |
         zero_bytes(w ^ (kOnes * '\\'));
}

// A byte a JSON string holds as it stands: printable ASCII other than '"'
// and '\\'.
inline bool plain_ascii(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

// A well-formed three-byte character at p (three bytes readable): no
// overlong form, no surrogate.
inline bool plain_three_byte(const unsigned char* p) {
  return (p[0] & 0xF0) == 0xE0 && ((p[1] & 0xC0) | ((p[2] & 0xC0) >> 2)) == 0xA0 &&
         !(p[0] == 0xE0 && p[1] < 0xA0) && !(p[0] == 0xED && p[1] >= 0xA0);
}

// The end of the plain run at b[i]: plain ASCII and well-formed three-byte
// characters; n when the run reaches the end. The caller takes what stops
// it on its own and carries on.
inline std::size_t skip_plain(const unsigned char* b, std::size_t i, std::size_t n) {
  while (i + 8 <= n) {
    std::uint64_t w;
    std::memcpy(&w, b + i, 8);
    if ((w & 0x8080808080808080u) == 0) {
      // Eight ASCII bytes: a control character, quote or backslash?
      if (const std::uint64_t flags = special_bytes(w))
        return i + static_cast<std::size_t>(std::countr_zero(flags) >> 3);
      i += 8;
    } else if (plain_three_byte(b + i)) {
      i += 3;
    } else if (plain_ascii(b[i])) {
      ++i;  // ASCII before the high byte: one at a time
    } else {
      return i;
    }
  }
  while (i < n) {  // the tail, a character at a time
    if (plain_ascii(b[i]))
      ++i;
    else if (i + 3 <= n && plain_three_byte(b + i))
      i += 3;
    else
      return i;
  }
  return i;
}

// The first byte at or after b[i] that a JSON string cannot hold as it
// stands — '"', '\\' or a control character — or n; sixteen or eight bytes a
// step (bytes from 0x80 are neither; their UTF-8 is not checked).
inline std::size_t find_special(const unsigned char* b, std::size_t i, std::size_t n) {
#if defined(__SSE2__)  // every x86-64: sixteen bytes a step
  const __m128i last_control = _mm_set1_epi8(0x1F), quote = _mm_set1_epi8('"'),
                backslash = _mm_set1_epi8('\\');
  while (i + 16 <= n) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + i));
    const __m128i flagged =
        _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, last_control), v),  // v <= 0x1F
                     _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    if (const auto mask = static_cast<unsigned>(_mm_movemask_epi8(flagged)))
      return i + static_cast<std::size_t>(std::countr_zero(mask));
    i += 16;
  }
#endif
  while (i + 8 <= n) {
    std::uint64_t w;
    std::memcpy(&w, b + i, 8);
    if (const std::uint64_t flags = special_bytes(w))
      return i + static_cast<std::size_t>(std::countr_zero(flags) >> 3);
    i += 8;
  }
  while (i < n && b[i] >= 0x20 && b[i] != '"' && b[i] != '\\') ++i;
  return i;
}

}  // namespace qf::cli::json_text
