// Demo tips (举报线索) for `qingfeng demo`: reports from every channel and
// kind of reporter around 中卫市沙坡头区, triaged by the demo office and
// handled by the demo departments into every tip state, some turned into
// cases. Deterministic for a seed; skipped when tips exist. Reporter names
// and phone numbers are invented.
#pragma once

#include "core/result.h"
#include "service/service_context.h"

namespace qf::service {

struct DemoTipReport {
  int created = 0;
  bool skipped = false;
};

Result<DemoTipReport> seed_demo_tips(ServiceContext& ctx, unsigned seed, int count);

}  // namespace qf::service
