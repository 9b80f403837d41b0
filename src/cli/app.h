// The `qingfeng` command line: one binary, one subcommand per job.
#pragma once

namespace qf::cli {

// Parses argv, runs the subcommand, returns the process exit code.
int run(int argc, char** argv);

}  // namespace qf::cli
