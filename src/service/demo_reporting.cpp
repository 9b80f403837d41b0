#include "service/demo_reporting.h"

#include <cstdio>
#include <map>
#include <string>

#include "core/clock.h"
#include "service/auth_service.h"
#include "service/publicity_service.h"
#include "service/reporting_service.h"
#include "store/user_repository.h"

namespace qf::service {
namespace {

constexpr std::int64_t kDay = 86'400'000LL;
constexpr std::int64_t kChinaOffset = 8 * 3600 * 1000LL;

struct DemoEvent {
  const char* recorder;  // demo account
  const char* kind;
  const char* title;
  int days_ago;
  const char* place;
  const char* audience;
  std::int64_t attendees;
  const char* note;
};

// Around 中卫 (沙坡头区); invented, marked （演示）.
constexpr DemoEvent kEvents[] = {
    {"lc.officer", "training", "野生动物保护执法业务培训（演示）", 3,
     "沙坡头区林业和草原局三楼会议室", "林草执法人员、保护区管护站人员", 46,
     "讲授《野生动物保护法》和法释〔2022〕12号价值认定、证据固定（演示数据）"},
    {"lc.officer", "poster", "“清风行动”宣传展板进社区（演示）", 6, "沙坡头区文昌镇鼓楼社区",
     "社区居民", 800, "展板 12 块，发放宣传册 500 份（演示数据）"},
    {"ny.officer", "announcement", "黄河中卫段禁渔期通告（演示）", 9, "沙坡头区沿黄河各乡镇",
     "沿河群众、垂钓者", 3000, "张贴通告 60 份，禁用电鱼、地笼网（演示数据）"},
    {"sj.officer", "training", "农贸市场经营者野生动物经营规范培训（演示）", 12,
     "滨河农贸市场管理办公室", "市场经营者", 58, "签订不经营野生动物承诺书 58 份（演示数据）"},
    {"sj.officer", "case_publicity", "花鸟市场非法出售鸟类案典型案例发布（演示）", 18,
     "中卫市场监管微信公众号", "社会公众", 5200, "阅读量 5200（演示数据）"},
    {"ga.officer", "media", "中卫公安破获非法狩猎案媒体报道（演示）", 25, "宁夏日报、中卫电视台",
     "社会公众", 0, "（演示数据）"},
    {"office", "training", "“清风行动”联络员工作培训（演示）", 35, "中卫市政府第二会议室",
     "各成员单位联络员", 24, "部署情况报告制度和统计报送（演示数据）"},
    {"lc.officer", "poster", "沙坡头保护区候鸟保护宣传（演示）", 41,
     "沙坡头国家级自然保护区游客中心", "游客", 1500, "（演示数据）"},
};

Result<CallContext> demo_call(ServiceContext& ctx, const char* username) {
  auto u = ctx.db.read(
      [&](soci::session& s) { return store::UserRepository::find_by_username(s, username); });
  if (!u) return tl::unexpected(u.error());
  if (!*u) return not_found(std::string("缺少演示账户 ") + username);
  return CallContext{actor_for(**u), "demo-reporting", "127.0.0.1"};
}

// Midnight (China time) of the first day of the month containing t, and
// of the month after.
std::pair<std::int64_t, std::int64_t> month_of(std::int64_t t) {
  const std::string iso = format_iso8601(t + kChinaOffset);  // YYYY-MM-DDT…
  int year = std::stoi(iso.substr(0, 4)), month = std::stoi(iso.substr(5, 2));
  auto first = [](int y, int m) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-01", y, m);
    return *parse_china_date(buf);
  };
  const std::int64_t from = first(year, month);
  if (++month > 12) {
    month = 1;
    ++year;
  }
  return {from, first(year, month)};
}

}  // namespace

Result<DemoReportingReport> seed_demo_reporting(ServiceContext& ctx) {
  DemoReportingReport report;
  PublicityService publicity(ctx);
  ReportingService reporting(ctx);
  auto existing = publicity.list(cli_call_context(), {});
  if (!existing) return tl::unexpected(existing.error());
  auto periods = reporting.list_periods(cli_call_context(), std::nullopt, 1, 0);
  if (!periods) return tl::unexpected(periods.error());
  if (existing->total > 0 || periods->total > 0) {
    report.skipped = true;
    return report;
  }
  std::map<std::string, CallContext> calls;
  for (const char* name :
       {"office", "lc.officer", "ny.officer", "sj.officer", "ga.officer", "jt.officer"}) {
    auto call = demo_call(ctx, name);
    if (!call) {
      if (call.error().code == ErrorCode::kNotFound) {
        report.skipped = true;
        return report;
      }
      return tl::unexpected(call.error());
    }
    calls.emplace(name, *call);
  }
  const std::int64_t now = now_ms();
  for (const auto& e : kEvents) {
    PublicityInput in;
    in.kind = e.kind;
    in.title = e.title;
    in.held_at = now - e.days_ago * kDay;
    in.place = e.place;
    in.audience = e.audience;
    in.attendees = e.attendees;
    in.note = e.note;
    in.demo = true;
    auto created = publicity.create(calls.at(e.recorder), in);
    if (!created) return tl::unexpected(created.error());
    ++report.publicity_events;
  }

  // The 月报 of the current month, due on the 5th of the next.
  const auto [from, to] = month_of(now);
  NewReportPeriod period;
  period.kind = "monthly";
  const std::string iso = format_iso8601(from + kChinaOffset);
  period.title = iso.substr(0, 4) + "年" + std::to_string(std::stoi(iso.substr(5, 2))) +
                 "月“清风行动”工作月报（演示）";
  period.period_from = from;
  period.period_to = to;
  period.due_at = to + 5 * kDay - 1;
  period.demo = true;
  auto created = reporting.create_period(calls.at("office"), period);
  if (!created) return tl::unexpected(created.error());
  const std::int64_t id = created->period.id;

  struct DemoSubmission {
    const char* author;
    const char* department;
    const char* body;
    bool submit;
  };
  constexpr DemoSubmission kSubmissions[] = {
      {"lc.officer", "LC",
       "一、本月工作开展情况\n本月林草局联合沙坡头保护区开展野外巡护，清理猎捕工具，开展执法业务培"
       "训一期。\n"
       "二、存在问题\n保护区周边村庄仍有私设猎夹现象。\n三、下步打算\n加强候鸟迁徙期巡护。（演示数"
       "据）",
       true},
      {"ny.officer", "NY",
       "一、本月工作开展情况\n发布黄河中卫段禁渔期通告，开展沿河巡查。\n二、下步打算\n继续清理地笼"
       "网。（演示数据）",
       true},
      {"sj.officer", "SJ",
       "一、本月工作开展情况\n检查农贸市场、花鸟市场，培训市场经营者。（演示数据）", true},
      {"jt.officer", "JT", "（草稿）本月开展物流寄递抽检……（演示数据）", false},
  };
  for (const auto& d : kSubmissions) {
    const auto& call = calls.at(d.author);
    SubmissionInput in;
    in.body = d.body;
    auto saved = reporting.save(call, id, d.department, in, 0);
    if (!saved) return tl::unexpected(saved.error());
    ++report.submissions;
    if (!d.submit) continue;
    if (auto ok = reporting.submit(call, id, d.department, std::nullopt); !ok)
      return tl::unexpected(ok.error());
  }
  const auto& office = calls.at("office");
  if (auto ok = reporting.accept(office, id, "LC", std::nullopt); !ok)
    return tl::unexpected(ok.error());
  if (auto ok = reporting.return_for_correction(
          office, id, "SJ", "请补充本月检查发现问题的整改情况和下步打算（演示）", std::nullopt);
      !ok)
    return tl::unexpected(ok.error());
  return report;
}

}  // namespace qf::service
