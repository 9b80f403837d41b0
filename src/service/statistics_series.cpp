#include "service/statistics_series.h"

#include <algorithm>
#include <cstdio>

#include "core/access_policy.h"
#include "core/case_vocabulary.h"
#include "core/clock.h"
#include "core/tip_rules.h"
#include "service/customs_service.h"
#include "service/patrol_service.h"
#include "service/place_service.h"
#include "service/transport_check_service.h"
#include "store/department_repository.h"
#include "store/statistics_map_repository.h"
#include "store/statistics_series_repository.h"

namespace qf::service {
namespace {

using nlohmann::json;

bool is_staff(const Actor& a) {
  return a.is_cli || (a.role != Role::kIntegration && a.role != Role::kAdmin);
}

// The label, unit and section of each series figure: the same words as the
// figure of the same code in StatisticsService (a test compares them).
struct SeriesFigureInfo {
  const char* code;
  const char* label;
  const char* unit;
  const char* section;
};

constexpr SeriesFigureInfo kSeriesFigures[] = {
    {"tips.received", "受理举报线索", "条", "举报线索"},
    {"tips.verified", "核查办结线索", "条", "举报线索"},
    {"cases.opened", "登记案件", "件", "案件查办"},
    {"cases.major", "重大案件", "件", "案件查办"},
    {"cases.closed", "结案", "件", "案件查办"},
    {"transfers.criminal_sent", "移送公安（行刑衔接）", "件", "移送移交"},
    {"transfers.handovers_sent", "部门间移交", "件", "移送移交"},
    {"listings.received", "收到网络信息", "条", "网络巡查"},
    {"listings.taken_down", "已下架", "条", "网络巡查"},
    {"patrols.count", "巡护次数", "次", "野外巡护"},
    {"patrols.km", "巡护里程", "千米", "野外巡护"},
    {"patrols.hours", "巡护时长", "小时", "野外巡护"},
    {"inspections.count", "检查次数", "次", "清理整顿"},
    {"rectifications.issued", "责令整改", "份", "清理整顿"},
    {"transport.checks", "检查", "次", "运输寄递检查"},
    {"customs.seizures", "查获", "起", "海关"},
    {"customs.seizure_weight_kg", "查获重量", "千克", "海关"},
    {"intake.events", "接入事件", "条", "网格与视频事件接入"},
    {"publicity.events", "宣传活动", "次", "宣传培训"},
    {"publicity.trainings", "培训", "次", "宣传培训"},
};

const SeriesFigureInfo* info_of(std::string_view code) {
  for (const auto& f : kSeriesFigures)
    if (code == f.code) return &f;
  return nullptr;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Why the caller may not count this figure's section; empty when it may
// (the sections StatisticsService leaves out for it).
std::string withheld(const Actor& actor, bool all_departments, std::string_view code) {
  if (starts_with(code, "listings.") && !all_departments &&
      !AccessPolicy::allows(actor, Action::kReadListings))
    return "网络巡查由网信、市场监管、林草、农业农村共同处理，本部门无权查看";
  if (starts_with(code, "intake.") && !all_departments)
    return "接入事件不属于任何部门，只有协调机制办公室和督导组查看";
  return "";
}

// The store scope of a period request, as StatisticsService builds it.
struct Scoped {
  store::StatsScope scope;
  bool all_departments = false;
};

Result<Scoped> scope_for(soci::session& s, const Actor& actor, const StatisticsRequest& request) {
  if (!is_staff(actor)) return forbidden("只有执法人员可以查看战果统计");
  if (request.from >= request.to) return invalid("to", "统计截止时间应晚于起始时间");
  if (request.to - request.from > static_cast<std::int64_t>(kMaxStatsPeriodDays) * kDayMs)
    return invalid("to", "统计期间不能超过 5 年");
  if (request.from < 0) return invalid("from", "起始时间不能早于 1970 年");
  Scoped out;
  out.all_departments = AccessPolicy::sees_all(actor);
  out.scope.from = request.from;
  out.scope.to = request.to;
  out.scope.now = now_ms();
  if (!out.all_departments) out.scope.visible_to_department = actor.department_id;
  if (!request.department_code.empty()) {
    auto departments = store::DepartmentRepository::list(s);
    if (!departments) return tl::unexpected(departments.error());
    auto it = std::find_if(departments->begin(), departments->end(),
                           [&](const auto& d) { return d.code == request.department_code; });
    if (it == departments->end())
      return invalid("department", "没有这个部门: " + request.department_code);
    out.scope.department_id = it->id;
  }
  return out;
}

// Howard Hinnant's civil_from_days: the calendar date of days since 1970-01-01.
void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
}

std::int64_t china_day(std::int64_t epoch_ms) { return (epoch_ms + kChinaOffsetMs) / kDayMs; }
std::int64_t day_start_ms(std::int64_t day) { return day * kDayMs - kChinaOffsetMs; }

std::string date_label(std::int64_t day, bool month_only) {
  int y = 0, m = 0, d = 0;
  civil_from_days(day, y, m, d);
  char buf[16];
  if (month_only)
    std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
  else
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// The first day of the bucket holding `day`, and of the next one.
std::int64_t bucket_first_day(std::int64_t day, const std::string& bucket) {
  if (bucket == "week") return day - (day + 3) % 7;  // 1970-01-01 was a Thursday
  if (bucket == "month") {
    int y = 0, m = 0, d = 0;
    civil_from_days(day, y, m, d);
    return days_from_civil(y, m, 1);
  }
  return day;
}
std::int64_t next_bucket_day(std::int64_t first, const std::string& bucket) {
  if (bucket == "week") return first + 7;
  if (bucket == "month") {
    int y = 0, m = 0, d = 0;
    civil_from_days(first, y, m, d);
    return m == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, m + 1, 1);
  }
  return first + 1;
}

std::string kind_label(std::string_view kind) {
  if (kind == "cases") return "案件";
  if (kind == "tips") return "举报线索";
  if (kind == "observations") return "巡护发现";
  if (kind == "inspections") return "检查";
  if (kind == "transport") return "运输检查";
  if (kind == "seizures") return "查获";
  return std::string(kind);
}

std::string detail_label(std::string_view kind, const std::string& code) {
  if (kind == "cases") {
    auto l = term_label(offence_types(), code);
    return l ? std::string(*l) : code;
  }
  if (kind == "tips") {
    auto l = term_label(tip_channels(), code);
    return l ? std::string(*l) : code;
  }
  if (kind == "observations") return std::string(observation_kind_label(code));
  if (kind == "inspections") return std::string(place_type_label(code));
  if (kind == "transport") return std::string(transport_finding_label(code).value_or(code));
  if (kind == "seizures") return std::string(seizure_product_label(code).value_or(code));
  return code;
}

// The web page and API path of a point's record.
std::pair<std::string, std::string> record_links(std::string_view kind, std::int64_t id) {
  std::string path;
  if (kind == "cases") path = "/cases/";
  if (kind == "tips") path = "/tips/";
  if (kind == "observations") path = "/patrols/";
  if (kind == "inspections") path = "/inspections/";
  if (kind == "transport") path = "/transport-checks/";
  if (kind == "seizures") path = "/seizures/";
  path += std::to_string(id);
  return {path, "/api/v1" + path};
}

json period_json(std::int64_t from, std::int64_t to) {
  return {{"from", from},
          {"to", to},
          {"from_date", format_iso8601(from)},
          {"to_date", format_iso8601(to)}};
}

}  // namespace

std::vector<std::string> series_figure_codes() {
  std::vector<std::string> out;
  for (auto c : store::StatisticsSeriesRepository::figure_codes()) out.emplace_back(c);
  return out;
}

Result<StatisticsSeries> StatisticsSeriesService::series(const CallContext& call,
                                                         const SeriesRequest& request) {
  if (request.bucket != "day" && request.bucket != "week" && request.bucket != "month")
    return invalid("bucket", "应为 day（按日）、week（按周）或 month（按月）");
  for (const auto& code : request.figures)
    if (!store::StatisticsSeriesRepository::has_figure(code) || !info_of(code))
      return invalid("figures", "没有这个趋势指标: " + code);

  return ctx_.db.read([&](soci::session& s) -> Result<StatisticsSeries> {
    auto scoped = scope_for(s, call.actor, request.period);
    if (!scoped) return tl::unexpected(scoped.error());
    StatisticsSeries out;
    out.from = request.period.from;
    out.to = request.period.to;
    out.bucket = request.bucket;
    out.department_code = request.period.department_code;
    out.all_departments = scoped->all_departments;

    // Buckets aligned on CST days, weeks, months, cut to the period.
    std::vector<std::int64_t> first_days;
    const std::int64_t last_day = china_day(out.to - 1);
    for (std::int64_t day = bucket_first_day(china_day(out.from), out.bucket); day <= last_day;
         day = next_bucket_day(day, out.bucket)) {
      if (static_cast<int>(first_days.size()) >= kMaxSeriesBuckets)
        return invalid("bucket", "时段过多（最多 " + std::to_string(kMaxSeriesBuckets) +
                                     " 个），请按周或按月查看");
      const std::int64_t next = next_bucket_day(day, out.bucket);
      SeriesBucket b;
      b.start = std::max(out.from, day_start_ms(day));
      b.end = std::min(out.to, day_start_ms(next));
      b.label = date_label(out.bucket == "month" ? day : china_day(b.start), out.bucket == "month");
      out.buckets.push_back(std::move(b));
      first_days.push_back(day);
    }

    std::vector<std::string> codes = request.figures;
    if (codes.empty()) codes = series_figure_codes();
    for (const auto& code : codes) {
      if (auto why = withheld(call.actor, scoped->all_departments, code); !why.empty()) {
        out.omitted.emplace_back(code, why);
        continue;
      }
      const auto* info = info_of(code);
      auto days = store::StatisticsSeriesRepository::daily(s, scoped->scope, code);
      if (!days) return tl::unexpected(days.error());
      FigureSeries fs{info->code,
                      info->label,
                      info->unit,
                      info->section,
                      std::vector<double>(out.buckets.size(), 0.0),
                      0};
      for (const auto& dv : *days) {
        auto it = std::upper_bound(first_days.begin(), first_days.end(), dv.day);
        if (it == first_days.begin()) continue;  // cannot happen: days are in the period
        fs.values[static_cast<std::size_t>(it - first_days.begin() - 1)] += dv.value;
        fs.total += dv.value;
      }
      out.series.push_back(std::move(fs));
    }
    return out;
  });
}

Result<StatisticsMap> StatisticsSeriesService::map(const CallContext& call,
                                                   const MapRequest& request) {
  if (request.limit < 1 || request.limit > kMaxMapPoints)
    return invalid("limit", "应为 1 到 " + std::to_string(kMaxMapPoints) + " 之间的整数");
  for (const auto& kind : request.kinds)
    if (!store::StatisticsMapRepository::has_kind(kind))
      return invalid("kinds",
                     "应为 cases、tips、observations、inspections、transport 或 seizures: " + kind);

  return ctx_.db.read([&](soci::session& s) -> Result<StatisticsMap> {
    auto scoped = scope_for(s, call.actor, request.period);
    if (!scoped) return tl::unexpected(scoped.error());
    StatisticsMap out;
    out.from = request.period.from;
    out.to = request.period.to;
    out.department_code = request.period.department_code;
    out.all_departments = scoped->all_departments;
    out.limit = request.limit;

    std::vector<std::string> kinds = request.kinds;
    if (kinds.empty())
      for (auto k : store::StatisticsMapRepository::kinds()) kinds.emplace_back(k);
    std::vector<MapFeature> all;
    for (const auto& kind : kinds) {
      // One more than the cap tells whether the cap cut anything.
      auto points = store::StatisticsMapRepository::points(s, scoped->scope, kind, out.limit + 1);
      if (!points) return tl::unexpected(points.error());
      auto counted = store::StatisticsMapRepository::counts(s, scoped->scope, kind);
      if (!counted) return tl::unexpected(counted.error());
      MapKindCount count{kind, kind_label(kind), 0, counted->located, counted->unlocated};
      if (points->size() > static_cast<std::size_t>(out.limit)) out.truncated = true;
      for (const auto& p : *points) {
        auto [link, api] = record_links(kind, p.record_id);
        all.push_back(MapFeature{kind, p.id, p.label, detail_label(kind, p.detail), p.at, p.lon,
                                 p.lat, link, api});
      }
      out.counts.push_back(std::move(count));
    }
    // Newest first over all kinds, then the cap.
    std::stable_sort(all.begin(), all.end(),
                     [](const MapFeature& a, const MapFeature& b) { return a.at > b.at; });
    if (all.size() > static_cast<std::size_t>(out.limit)) {
      out.truncated = true;
      all.resize(static_cast<std::size_t>(out.limit));
    }
    for (auto& c : out.counts)
      c.shown = std::count_if(all.begin(), all.end(),
                              [&](const MapFeature& f) { return f.kind == c.kind; });
    out.features = std::move(all);
    return out;
  });
}

json to_json(const StatisticsSeries& series) {
  json buckets = json::array();
  for (const auto& b : series.buckets)
    buckets.push_back({{"start", b.start}, {"end", b.end}, {"label", b.label}});
  json figures = json::array();
  for (const auto& f : series.series)
    figures.push_back({{"code", f.code},
                       {"label", f.label},
                       {"unit", f.unit},
                       {"section", f.section},
                       {"values", f.values},
                       {"total", f.total}});
  json omitted = json::array();
  for (const auto& [figure, why] : series.omitted)
    omitted.push_back({{"figure", figure}, {"reason", why}});
  return {
      {"period", period_json(series.from, series.to)},
      {"bucket", series.bucket},
      {"department", series.department_code.empty() ? json(nullptr) : json(series.department_code)},
      {"scope", series.all_departments ? "all" : "visible_to_department"},
      {"buckets", std::move(buckets)},
      {"series", std::move(figures)},
      {"omitted", std::move(omitted)}};
}

json to_json(const StatisticsMap& map) {
  json features = json::array();
  for (const auto& f : map.features)
    features.push_back({{"type", "Feature"},
                        {"geometry", {{"type", "Point"}, {"coordinates", {f.lon, f.lat}}}},
                        {"properties",
                         {{"kind", f.kind},
                          {"kind_label", kind_label(f.kind)},
                          {"id", f.id},
                          {"label", f.label},
                          {"detail", f.detail},
                          {"date", format_iso8601(f.at)},
                          {"at", f.at},
                          {"link", f.link},
                          {"api", f.api}}}});
  json counts = json::array();
  for (const auto& c : map.counts)
    counts.push_back({{"kind", c.kind},
                      {"label", c.label},
                      {"shown", c.shown},
                      {"located", c.located},
                      {"unlocated", c.unlocated}});
  json not_located = json::array();
  for (const auto& [kind, why] : map.not_located)
    not_located.push_back({{"kind", kind}, {"label", kind_label(kind)}, {"reason", why}});
  return {{"type", "FeatureCollection"},
          {"features", std::move(features)},
          {"period", period_json(map.from, map.to)},
          {"department", map.department_code.empty() ? json(nullptr) : json(map.department_code)},
          {"scope", map.all_departments ? "all" : "visible_to_department"},
          {"limit", map.limit},
          {"truncated", map.truncated},
          {"counts", std::move(counts)},
          {"not_located", std::move(not_located)}};
}

}  // namespace qf::service
