// `qingfeng lexicon`: the scanner's lexicon in the database, for
// administrators who keep it as files (service/lexicon_service.h).
//   lexicon show                       the revision in force and its history
//   lexicon export --dir DIR           write the files in force to DIR (for
//                                      `qingfeng scan --lexicon DIR`)
//   lexicon import --dir DIR --note …  save DIR/*.txt as a new revision
//                                      (checked first; --dry-run only checks)
// They act as the local console operator, audited like the API's edits.
#pragma once

#include <functional>

#include "cli/config.h"

namespace CLI {
class App;
}

namespace qf::cli {

// `load` reads the configuration into `config` (false: it printed why).
void add_lexicon_command(CLI::App& app, int& exit_code, std::function<bool()> load,
                         const Config& config);

}  // namespace qf::cli
