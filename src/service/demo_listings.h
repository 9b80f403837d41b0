// Demo online listings (网上巡查) for `qingfeng demo`: second-hand and shop
// posts of the kind platforms hand in — wildlife products written the ways
// sellers evade filters (繁體, spaced characters, homophones, code words),
// banned hunting and fishing tools, banned marketing, and ordinary goods
// that only look alike (象牙白手机壳, 虎皮鹦鹉) — scanned by the real engine so
// the review queue has something to review. Invented sellers and URLs
// (marked 演示); deterministic; skipped when listings exist.
#pragma once

#include "core/result.h"
#include "service/service_context.h"

namespace qf::service {

struct DemoListingReport {
  int created = 0;
  int flagged = 0;  // waiting for review
  bool skipped = false;
};

Result<DemoListingReport> seed_demo_listings(ServiceContext& ctx);

}  // namespace qf::service
