// Runs a shell command line and collects what it writes to standard output
// and how it exits: the CLI tests run the qingfeng binary as a subprocess,
// as a user or a cron job would.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

namespace qf::testing {

struct CommandResult {
  int exit_code = -1;  // -1 when the command did not exit normally
  std::string out;     // standard output (and standard error where the command line merges it)
};

inline CommandResult run_shell(const std::string& command_line) {
  CommandResult r;
  FILE* p = popen(command_line.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// The same with standard error merged into the output.
inline CommandResult run_shell_merged(const std::string& command_line) {
  return run_shell(command_line + " 2>&1");
}

#ifdef QINGFENG_BINARY  // the CLI tests' build defines it
// The qingfeng binary under test on database `db_url`, run in `dir` with
// its evidence store under dir/evidence; standard error merged.
inline CommandResult run_qingfeng_in(const std::string& dir, const std::string& db_url,
                                     const std::string& args) {
  return run_shell_merged("cd '" + dir + "' && QINGFENG_EVIDENCE_DIR='" + dir + "/evidence' '" +
                          QINGFENG_BINARY "' --db '" + db_url + "' " + args);
}
#endif

// A file's bytes ("" when it cannot be read).
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace qf::testing
