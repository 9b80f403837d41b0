#include "store/system_settings.h"

#include "core/clock.h"
#include "store/row_reader.h"

namespace qf::store {

Result<std::optional<std::string>> SystemSettings::get(soci::session& s, const std::string& name) {
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT value FROM system_settings WHERE name = :n", soci::use(name));
  for (const auto& r : rows) return std::optional<std::string>(row_text(r, 0));
  return std::optional<std::string>();
}

Result<std::string> SystemSettings::put_if_absent(soci::session& s, const std::string& name,
                                                  const std::string& value) {
  long long at = now_ms();
  s << "INSERT INTO system_settings (name, value, updated_at) VALUES (:n, :v, :a) ON CONFLICT "
       "DO NOTHING",
      soci::use(name), soci::use(value), soci::use(at);
  auto stored = get(s, name);
  if (!stored) return tl::unexpected(stored.error());
  return stored->value_or(value);
}

}  // namespace qf::store
