// The Excel template of the places import (POST /api/v1/places:import): a
// first worksheet whose header row holds every column of
// place_import_columns() by its Chinese title (the import accepts titles
// and names alike) and one example row — a breeding farm with its licence,
// the validity dates as real Excel dates — and a second worksheet
// explaining each column. Imported unchanged, it registers the example.
#pragma once

#include <string>

#include "core/result.h"

namespace qf::report {

// The .xlsx bytes (written to a private temporary file and read back:
// libxlsxwriter writes files only).
Result<std::string> place_import_template_xlsx();

}  // namespace qf::report
