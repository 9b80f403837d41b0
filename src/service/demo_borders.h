// Demo transport checks, customs assessments, seizures and intake events
// for `qingfeng demo`: checks at 中卫 road checkpoints, express and logistics
// outlets and the bus station (one finding handed over to 林草 as a case
// and transfer), customs assessments of a risky and a plain declaration,
// two seizures with their trade chains, and events from a grid-worker app
// and a 雪亮工程 camera system sent through the real signed intake.
//
// Companies, people, waybills and events are invented and marked 演示.
// Deterministic apart from the times (relative to now). Acts as the demo
// accounts ga.officer, jt.officer and hg.officer (DemoSeeder makes them)
// and creates one integration account, xueliang.demo, with an events:write
// key it uses once. Skipped when transport checks exist.
#pragma once

#include "core/result.h"
#include "service/service_context.h"

namespace qf::service {

struct DemoBordersReport {
  int checks = 0;
  int handed_over = 0;
  int assessments = 0;
  int seizures = 0;
  int events = 0;
  bool skipped = false;
};

Result<DemoBordersReport> seed_demo_borders(ServiceContext& ctx);

}  // namespace qf::service
