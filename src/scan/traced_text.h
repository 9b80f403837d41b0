// TracedText: a text derived from another (the normalised listing from the
// original, the pinyin stream from the normalised text) where every byte
// remembers which bytes of its source it came from, so a match found in the
// derived text is reported at the right place in the text a user sees.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

namespace qf::scan {

// A half-open byte range [begin, end) of some text.
struct ByteSpan {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  bool operator==(const ByteSpan&) const = default;
  bool overlaps(ByteSpan o) const { return begin < o.end && o.begin < end; }
};

class TracedText {
 public:
  std::string_view text() const { return {text_.data(), size_}; }
  std::size_t size() const { return size_; }

  // The source bytes the derived bytes [begin, end) came from: from the
  // start of the source character of byte `begin` to the end of the source
  // character of byte `end - 1`. Requires begin < end <= size().
  ByteSpan source_of(std::size_t begin, std::size_t end) const {
    return {source_begin_[begin], source_end_[end - 1]};
  }

  // Empties the text but keeps the buffers: a TracedText reused per thread
  // stops allocating (and initialising memory) once it has seen its largest
  // listing. The buffers only ever grow; size_ says how much is in use.
  void clear() { size_ = 0; }
  void reserve(std::size_t bytes) {
    if (bytes > capacity_) grow(bytes);
  }
  // Appends bytes that all come from source bytes `from`.
  void append(const char* bytes, std::size_t n, ByteSpan from) {
    if (size_ + n > capacity_) grow(size_ + n);
    char* t = text_.data() + size_;
    std::uint32_t* b = source_begin_.data() + size_;
    std::uint32_t* e = source_end_.data() + size_;
    for (std::size_t k = 0; k < n; ++k) {
      t[k] = bytes[k];
      b[k] = from.begin;
      e[k] = from.end;
    }
    size_ += n;
  }
  void append(char byte, ByteSpan from) {
    if (size_ + 1 > capacity_) grow(size_ + 1);
    text_[size_] = byte;
    source_begin_[size_] = from.begin;
    source_end_[size_] = from.end;
    ++size_;
  }

 private:
  void grow(std::size_t at_least) {
    capacity_ = std::max<std::size_t>({at_least, capacity_ * 2, 256});
    text_.resize(capacity_);
    source_begin_.resize(capacity_);
    source_end_.resize(capacity_);
  }

  std::vector<char> text_;
  std::vector<std::uint32_t> source_begin_;
  std::vector<std::uint32_t> source_end_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;  // of all three vectors, kept here: checked per character
};

}  // namespace qf::scan
