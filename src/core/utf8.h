// UTF-8 validity: every text the system accepts (JSON bodies, paths, query
// values, file names) must be well-formed UTF-8, so storage and PostgreSQL
// never see bytes they would refuse later.
#pragma once

#include <string_view>

namespace qf {

// True when s is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF).
bool is_valid_utf8(std::string_view s);

}  // namespace qf
