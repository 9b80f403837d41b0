// Demo supervision visits for `qingfeng demo` (plan 七(四) 督导检查): two
// visits by the demo 督导组 account — 林草 praised and 市场监管 通报批评 with a
// rectification deadline; 网信 约谈 — dated in the last weeks, so an
// evaluation of the current month shows the outcomes beside the departments.
// Invented text, marked （演示）; skipped when any visit exists or the demo
// inspector account is missing. No evaluation run is seeded: the office runs
// one from the /evaluation page.
#pragma once

#include "core/result.h"
#include "service/service_context.h"

namespace qf::service {

struct DemoEvaluationReport {
  int visits = 0;
  bool skipped = false;
};

Result<DemoEvaluationReport> seed_demo_evaluation(ServiceContext& ctx);

}  // namespace qf::service
