// How a list's substring search ("q=") runs on each backend (migration
// 0010_fulltext_search.sql). The meaning is the same everywhere: a record
// matches when the query's characters appear in one of its searched fields
// (ASCII letters ignoring case on SQLite). What differs is the index:
//  - SQLite: FTS5 trigram tables answer queries of 3 or more characters
//    (a phrase query); shorter ones fall back to LIKE over the table.
//  - PostgreSQL: LIKE '%…%', which the pg_trgm GIN indexes serve.
// Repositories bind the same placeholders on both backends and pick the
// backend's SQL text (a constant, never built from the query).
#pragma once

#include <string>
#include <string_view>

#include <soci/soci.h>

namespace qf::store {

struct TextSearch {
  int indexed = 0;      // 1: use the FTS table (SQLite, ≥ 3 characters)
  std::string phrase;   // FTS5 phrase: the query in double quotes, quotes doubled
  std::string pattern;  // LIKE pattern %…% with %, _ and \ escaped by '\'
};

TextSearch text_search(std::string_view query, bool sqlite);

bool is_sqlite(soci::session& s);

}  // namespace qf::store
