#include "store/row_reader.h"

#include <cmath>
#include <cstdlib>

namespace qf::store {

bool row_is_null(const soci::row& r, std::size_t i) { return r.get_indicator(i) == soci::i_null; }

std::int64_t row_int(const soci::row& r, std::size_t i) {
  if (row_is_null(r, i)) return 0;
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_integer: return r.get<int>(i);
    case soci::dt_long_long: return r.get<long long>(i);
    case soci::dt_unsigned_long_long: return static_cast<std::int64_t>(r.get<unsigned long long>(i));
    case soci::dt_double: return static_cast<std::int64_t>(std::llround(r.get<double>(i)));
    case soci::dt_string: return std::strtoll(r.get<std::string>(i).c_str(), nullptr, 10);
    default: return 0;
  }
}

double row_double(const soci::row& r, std::size_t i) {
  if (row_is_null(r, i)) return 0;
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_double: return r.get<double>(i);
    case soci::dt_integer: return r.get<int>(i);
    case soci::dt_long_long: return static_cast<double>(r.get<long long>(i));
    case soci::dt_string: return std::strtod(r.get<std::string>(i).c_str(), nullptr);
    default: return 0;
  }
}

std::string row_text(const soci::row& r, std::size_t i) {
  if (row_is_null(r, i)) return {};
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_string:
    case soci::dt_blob:
    case soci::dt_xml: return r.get<std::string>(i);
    case soci::dt_integer: return std::to_string(r.get<int>(i));
    case soci::dt_long_long: return std::to_string(r.get<long long>(i));
    default: return {};
  }
}

}  // namespace qf::store
