// Demo cases for `qingfeng demo`: a realistic district dataset around
// 中卫市沙坡头区 — every department, offence type, state and transfer kind,
// acted out by the demo accounts so timelines, notifications and the audit
// log look like real work. Deterministic for a given seed; skipped when the
// database already holds cases. Clearly demo data: every title ends with
// "（演示）".
#pragma once

#include "core/result.h"
#include "service/service_context.h"

namespace qf::service {

struct DemoCaseReport {
  int created = 0;
  bool skipped = false;  // cases already existed
};

Result<DemoCaseReport> seed_demo_cases(ServiceContext& ctx, unsigned seed, int count);

}  // namespace qf::service
