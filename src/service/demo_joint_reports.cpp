#include "service/demo_joint_reports.h"

#include <algorithm>
#include <cstdio>

#include "core/clock.h"
#include "service/auth_service.h"
#include "service/joint_report_service.h"
#include "store/case_repository.h"
#include "store/user_repository.h"

namespace qf::service {
namespace {

// Midnight (China time) of the first day of the month containing t, and of
// the month after.
std::pair<std::int64_t, std::int64_t> month_of(std::int64_t t) {
  const std::string iso = china_date(t);
  int year = std::stoi(iso.substr(0, 4)), month = std::stoi(iso.substr(5, 2));
  auto first = [](int y, int m) { return days_from_civil(y, m, 1) * kDayMs - kChinaOffsetMs; };
  const std::int64_t from = first(year, month);
  if (++month > 12) {
    month = 1;
    ++year;
  }
  return {from, first(year, month)};
}

constexpr const char* kAchievements =
    "一是联合执法机制运转顺畅。协调机制办公室统筹调度，林草、公安、市场监管等部门联合开展检查，"
    "线索移交、行刑衔接在平台上全程留痕，案件办理时限明显缩短。（演示）\n"
    "二是重点领域打击有力。围绕沙坡头保护区、黄河禁捕水域和农贸、花鸟市场等重点区域，"
    "依法查处了一批非法猎捕、出售野生动物案件。（演示）\n"
    "三是网上巡查成效明显。网信、市场监管部门督促平台及时下架违法信息，网上违法交易势头得到遏制。（"
    "演示）";
constexpr const char* kShortcomings =
    "一是部分部门线索核查不够及时，个别线索超过核查期限。（演示）\n"
    "二是基层巡护覆盖仍有空白，部分保护区缺口未巡。（演示）\n"
    "三是情况报告制度执行不够严格，个别部门月报报送迟缓。（演示）";
constexpr const char* kSuggestions =
    "一是压实部门责任，对超期线索和案件逐件督办。（演示）\n"
    "二是加强候鸟迁徙期等重点时段的联合巡护，补齐巡护空白。（演示）\n"
    "三是持续开展宣传培训，公布典型案例，营造全社会保护野生动物的良好氛围。（演示）";

}  // namespace

Result<DemoJointReportReport> seed_demo_joint_reports(ServiceContext& ctx) {
  DemoJointReportReport out;
  auto state = ctx.db.read([&](soci::session& s) -> Result<std::pair<long long, bool>> {
    long long n = 0;
    s << "SELECT COUNT(*) FROM joint_reports", soci::into(n);
    auto office = store::UserRepository::find_by_username(s, "office");
    if (!office) return tl::unexpected(office.error());
    return std::make_pair(n, office->has_value());
  });
  if (!state) return tl::unexpected(state.error());
  if (state->first > 0 || !state->second) {
    out.skipped = true;
    return out;
  }
  auto user = ctx.db.read(
      [&](soci::session& s) { return store::UserRepository::find_by_username(s, "office"); });
  if (!user) return tl::unexpected(user.error());
  const CallContext call{actor_for(**user), "demo-joint-report", "127.0.0.1"};

  // Typical cases: major ones first, then priority ones, then any.
  auto picked = ctx.db.read([&](soci::session& s) -> Result<std::vector<std::int64_t>> {
    std::vector<std::int64_t> ids;
    for (int pass = 0; pass < 3 && ids.size() < 3; ++pass) {
      store::CaseQuery q;
      if (pass == 0) q.major = true;
      if (pass == 1) q.priority = true;
      q.limit = 10;
      q.sort = "created";
      auto rows = store::CaseRepository::list(s, q, nullptr);
      if (!rows) return tl::unexpected(rows.error());
      for (const auto& c : *rows) {
        if (ids.size() >= 3) break;
        if (std::find(ids.begin(), ids.end(), c.id) == ids.end()) ids.push_back(c.id);
      }
    }
    return ids;
  });
  if (!picked) return tl::unexpected(picked.error());

  const auto [from, to] = month_of(now_ms());
  JointReportInput in;
  in.period_from = from;
  in.period_to = to;
  const std::string iso = china_date(from);
  in.title = "清风行动" + iso.substr(0, 4) + "年" + std::to_string(std::stoi(iso.substr(5, 2))) +
             "月联合行动报告（演示）";
  in.case_ids = *picked;
  in.achievements = kAchievements;
  in.shortcomings = kShortcomings;
  in.suggestions = kSuggestions;
  in.demo = true;
  auto created = JointReportService(ctx).create(call, in);
  if (!created) return tl::unexpected(created.error());
  out.id = created->id;
  return out;
}

}  // namespace qf::service
