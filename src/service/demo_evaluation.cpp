#include "service/demo_evaluation.h"

#include "core/clock.h"
#include "service/auth_service.h"
#include "service/supervision_service.h"
#include "store/supervision_repository.h"
#include "store/user_repository.h"

namespace qf::service {

Result<DemoEvaluationReport> seed_demo_evaluation(ServiceContext& ctx) {
  DemoEvaluationReport report;
  auto existing = ctx.db.read([&](soci::session& s) -> Result<std::int64_t> {
    std::int64_t total = 0;
    store::SupervisionQuery q;
    q.limit = 1;
    auto rows = store::SupervisionRepository::list(s, q, &total);
    if (!rows) return tl::unexpected(rows.error());
    return total;
  });
  if (!existing) return tl::unexpected(existing.error());
  auto user = ctx.db.read(
      [&](soci::session& s) { return store::UserRepository::find_by_username(s, "inspector"); });
  if (!user) return tl::unexpected(user.error());
  if (*existing > 0 || !*user) {
    report.skipped = true;
    return report;
  }
  const CallContext call{actor_for(**user), "demo-evaluation", "127.0.0.1"};
  const std::int64_t today = now_ms() / kDayMs * kDayMs;

  SupervisionInput first;
  first.visited_at = today - 6 * kDayMs + 2 * 3600 * 1000;
  first.members = std::vector<std::string>{"周组长（演示）", "钱督导（演示）", "冯督导（演示）"};
  first.departments = std::vector<VisitedDepartmentInput>{{"LC", "praise"}, {"SJ", "criticism"}};
  first.findings =
      "（演示）林草局巡护计划执行到位，保护区巡护轨迹完整；市场监管局对花鸟市场的检查记录不全，"
      "两家商户的整改未按期复查。";
  first.rectification = "（演示）市场监管局补齐检查记录，逾期整改的商户一周内完成复查并报督导组。";
  first.rectification_due_at = today + 7 * kDayMs;
  first.demo = true;

  SupervisionInput second;
  second.visited_at = today - 2 * kDayMs + 3 * 3600 * 1000;
  second.members = std::vector<std::string>{"周组长（演示）", "钱督导（演示）"};
  second.departments = std::vector<VisitedDepartmentInput>{{"WX", "interview"}};
  second.findings = "（演示）网信办对已确认的违法网络信息督促下架不及时，部分信息超过一周仍在线。";
  second.rectification = "（演示）建立下架跟踪台账，确认后 48 小时内通知平台并复查。";
  second.rectification_due_at = today + 14 * kDayMs;
  second.demo = true;

  SupervisionService service(ctx);
  for (const auto* in : {&first, &second}) {
    auto created = service.create(call, *in);
    if (!created) return tl::unexpected(created.error());
    ++report.visits;
  }
  return report;
}

}  // namespace qf::service
