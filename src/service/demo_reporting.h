// Demo publicity and training records and a monthly reporting period for
// `qingfeng demo` (plan 七(三)–(五)): posters, a 典型案例 release, a media
// report and trainings organised by 林草, 农业农村, 市场监管, 公安 and the
// office in 中卫/沙坡头 (invented, marked 演示), and the 月报 of the current
// month (China time): 林草's accepted, 农业农村's submitted, 市场监管's
// returned for correction, 交通运输's a draft, the others missing. Written by
// the demo accounts through the services, so the audit, the row-level rule
// and the pre-filled figures apply as for real work. Skipped when any
// publicity record or reporting period exists or the demo accounts are
// missing.
#pragma once

#include "core/result.h"
#include "service/service_context.h"

namespace qf::service {

struct DemoReportingReport {
  int publicity_events = 0;
  int submissions = 0;
  bool skipped = false;
};

Result<DemoReportingReport> seed_demo_reporting(ServiceContext& ctx);

}  // namespace qf::service
