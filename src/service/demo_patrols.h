// Demo zones and patrols for `qingfeng demo` (plan 五(二)): three zones
// around 沙坡头/中卫 — a part of the 沙坡头 national nature reserve, a
// 黄河 no-fishing stretch and a wintering wetland of migratory birds —
// with plausible but invented boundaries, a plan per zone for the current
// period, and ten patrols with GPS tracks and observations (one trap
// removal becomes a tip). Recorded by the demo accounts (the reserve's
// ranger, 林草 and 农业农村 officers), so the audit and the row-level rule
// apply as for real work. Everything is marked demo and （演示）; tracks are
// generated deterministically, dates are relative to the day of seeding.
// Skipped when any zone exists or the demo accounts are missing.
//
// The trap removal that becomes a tip is turned into one by a second step,
// seed_demo_patrol_tips, run after the demo tips: those are skipped when any
// tip exists, so a patrol tip written first would leave the tip queue
// without its 120 demo tips.
#pragma once

#include "core/result.h"
#include "service/service_context.h"

namespace qf::service {

struct DemoPatrolReport {
  int zones = 0;
  int plans = 0;
  int patrols = 0;
  int observations = 0;
  bool skipped = false;
};

Result<DemoPatrolReport> seed_demo_patrols(ServiceContext& ctx);

// Turns the demo trap removals meant as tips (the snares of the first
// patrol) into tips, as the ranger would with one tap. Returns how many tips
// were made; 0 when done before or when there are no demo patrols.
Result<int> seed_demo_patrol_tips(ServiceContext& ctx);

}  // namespace qf::service
