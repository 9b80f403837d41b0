// Reads columns from a soci::row whatever integer width the backend chose.
//
// SOCI's row::get<T> needs the exact type the backend reported (SQLite's
// INTEGER is int, BIGINT long long; PostgreSQL's COUNT(*) is long long), so
// repositories read through these instead of guessing. NULL reads as 0 / "".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <soci/soci.h>

namespace qf::store {

std::int64_t row_int(const soci::row& r, std::size_t i);
std::string row_text(const soci::row& r, std::size_t i);
double row_double(const soci::row& r, std::size_t i);
bool row_is_null(const soci::row& r, std::size_t i);

}  // namespace qf::store
