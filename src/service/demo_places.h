// Demo places and joint inspections for `qingfeng demo` (plan 五(四)): the
// markets, a 花鸟市场 shop, restaurants, two breeding farms with their
// 人工繁育许可证 (one holding more 梅花鹿 than licensed, one whose licence has
// expired), a tool shop and a closed (取缔) net workshop in 中卫's townships;
// a joint group of 市场监管, 林草, 农业农村 and 公安; inspections with their
// findings and rectification orders (one overdue). Registered and recorded
// by the demo accounts, so the audit and the row-level rule apply as for
// real work. Invented names and numbers, marked （演示）; dates relative to
// the day of seeding; skipped when any place exists or the demo accounts are
// missing.
#pragma once

#include "core/result.h"
#include "service/service_context.h"

namespace qf::service {

struct DemoPlaceReport {
  int places = 0;
  int inspections = 0;
  bool skipped = false;
};

Result<DemoPlaceReport> seed_demo_places(ServiceContext& ctx);

}  // namespace qf::service
