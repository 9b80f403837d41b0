// Files compiled into the binary at build time (cmake/embed.cmake): the
// numbered migrations, the organisation seed and the OpenAPI document. A
// deployed `qingfeng` therefore never reads the source tree.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace qf {

struct EmbeddedFile {
  std::string_view path;     // relative to the repository root, e.g. "migrations/0001_init.sql"
  std::string_view content;
};

// In path order; migrations sort by their number prefix.
const std::vector<EmbeddedFile>& embedded_files();

inline std::optional<std::string_view> embedded_file(std::string_view path) {
  for (const auto& f : embedded_files())
    if (f.path == path) return f.content;
  return std::nullopt;
}

}  // namespace qf
