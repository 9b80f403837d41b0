// `qingfeng scan`: the online-listing scanner (src/scan) on the command line.
//   scan text [FILE|-]   one listing per line (UTF-8; bad bytes are reported,
//                        not fatal), one JSON line out per listing:
//                        {"id","risk","category","score","hits":[{"term",
//                        "category","field","start","end","via","weight",
//                        "counted","suppressed_by"}],"species","contacts",
//                        "reasons","lexicon"}; start/end are byte offsets in
//                        the line. A summary goes to stderr.
//   scan terms           the lexicon's literal terms, normalised, one a line
//                        (for comparing with grep -F / rg -F on a corpus).
// --lexicon DIR reads DIR/*.txt instead of the compiled-in data/lexicon.
// No database is touched.
#pragma once

namespace CLI {
class App;
}

namespace qf::cli {

// Adds the `scan` subcommand to `app`; its callbacks set `exit_code`.
void add_scan_command(CLI::App& app, int& exit_code);

}  // namespace qf::cli
