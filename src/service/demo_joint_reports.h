// The demo joint-action report for `qingfeng demo`: one draft (联合行动报告)
// for the current month, written by the demo office account, with up to
// three typical cases (major or priority cases first) and the office's
// 成绩/不足/建议 filled in, so the report and press release download with
// content. Invented text, marked （演示）; skipped when any joint report
// exists or the demo office account is missing. Seeded after the demo cases
// (it picks from them).
#pragma once

#include "core/result.h"
#include "service/service_context.h"

namespace qf::service {

struct DemoJointReportReport {
  std::int64_t id = 0;
  bool skipped = false;
};

Result<DemoJointReportReport> seed_demo_joint_reports(ServiceContext& ctx);

}  // namespace qf::service
