// `qingfeng report stats`: the 战果 statistics of a period
// (service/statistics_service.h) as JSON (default, to stdout), CSV or an
// Excel workbook (report/stats_export.h), counted over every department as
// the console operator.
//   qingfeng report stats --from 2026-03-01 --to 2026-04-01 [--department LC]
//                         [--format json|csv|xlsx] [--output FILE]
//   qingfeng report joint-action --from 2026-03-01 --to 2026-04-01 [--cases 1,2]
//                         [--format docx|pdf] [--press-release] --output FILE
//   (or --report ID: a stored draft with the office's prose; report/joint_report.h)
// --to is exclusive (the period is [from, to), as in the API). An xlsx
// without --output goes to 战果统计-<from>-<to>.xlsx in the working directory.
//   qingfeng report evaluation --from … --to … [--format json|csv|xlsx] [--output FILE]
// — the department evaluation (service/evaluation_service.h) of the period
// with the current indicators, computed and printed, not stored.
#pragma once

#include <functional>

#include "cli/config.h"

namespace CLI {
class App;
}

namespace qf::cli {

// `load` reads the configuration into `config` (false: it printed why).
void add_report_command(CLI::App& app, int& exit_code, std::function<bool()> load,
                        const Config& config);

}  // namespace qf::cli
