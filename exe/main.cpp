// The `qingfeng` binary: everything lives in the libraries; see src/cli/app.h.
#include "cli/app.h"

int main(int argc, char** argv) { return qf::cli::run(argc, argv); }
