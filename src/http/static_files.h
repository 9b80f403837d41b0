// Serves the built web UI from a directory: exact files with their MIME
// type and caching headers (hashed assets under assets/ are immutable,
// index.html is revalidated), precompressed .gz siblings when the client
// accepts gzip, and index.html for any other path (single-page-app routes).
// Paths never escape the directory.
#pragma once

#include <string>

#include "http/router.h"

namespace qf::http {

Handler static_files(std::string root);

}  // namespace qf::http
