// `qingfeng law`: the legal engine (src/law) on the command line, JSON out.
//   law assess    — value of seized wildlife, explained step by step
//   law offences  — offences a case may make out, 行刑衔接, administrative
//                   penalties and jurisdiction, from a JSON case file
//   law rules     — the valuation constants in force, with their sources
// None of them touches the database. `--rules FILE` replaces the compiled-in
// data/law/value-rules.toml, so an administrator can correct a constant
// without a rebuild.
#pragma once

namespace CLI {
class App;
}

namespace qf::cli {

// Adds the `law` subcommand to `app`; its callbacks set `exit_code`.
void add_law_command(CLI::App& app, int& exit_code);

}  // namespace qf::cli
