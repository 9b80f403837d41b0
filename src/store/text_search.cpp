#include "store/text_search.h"

#include "core/utf8.h"

namespace qf::store {

TextSearch text_search(std::string_view query, bool sqlite) {
  TextSearch t;
  t.pattern = "%";
  for (char c : query) {
    if (c == '%' || c == '_' || c == '\\') t.pattern += '\\';
    t.pattern += c;
  }
  t.pattern += '%';
  // The trigram tokenizer indexes three characters at a time: a phrase of
  // fewer matches nothing, so those queries scan instead.
  std::size_t characters = 0;
  char32_t cp = 0;
  for (std::size_t i = 0; i < query.size();) {
    const std::size_t len = decode_utf8(query, i, cp);
    i += len == 0 ? 1 : len;
    ++characters;
  }
  t.indexed = sqlite && characters >= 3 ? 1 : 0;
  t.phrase = "\"";
  for (char c : query) {
    if (c == '"') t.phrase += '"';
    t.phrase += c;
  }
  t.phrase += '"';
  return t;
}

bool is_sqlite(soci::session& s) { return s.get_backend_name() == "sqlite3"; }

}  // namespace qf::store
