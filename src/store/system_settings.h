// SystemSettings: named values every node must agree on (system_settings).
#pragma once

#include <optional>
#include <string>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

class SystemSettings {
 public:
  static Result<std::optional<std::string>> get(soci::session& s, const std::string& name);
  // Stores value unless the name is already set; returns the stored value
  // (the existing one when another node got there first).
  static Result<std::string> put_if_absent(soci::session& s, const std::string& name,
                                           const std::string& value);
};

}  // namespace qf::store
