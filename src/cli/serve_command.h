// `qingfeng serve`: migrate, then serve the API (and the web UI) until
// SIGTERM/SIGINT, then drain in-flight requests and close the database.
#pragma once

#include "cli/config.h"

namespace qf::cli {

int serve(const Config& config);

}  // namespace qf::cli
