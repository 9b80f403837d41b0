// The 战果 dashboard's data beside GET /api/v1/stats (routes_stats.cpp):
//   GET /api/v1/stats/series?from=&to=&bucket=day|week|month[&department=][&figures=a,b]
//   GET /api/v1/stats/map?from=&to=[&department=][&kinds=cases,tips][&limit=]
//   GET /api/v1/stats.xlsx?from=&to=[&department=] — the formatted workbook of
//       `qingfeng report stats --format xlsx` (report/stats_export.h)
// Periods are read as /api/v1/stats reads them (dates in CST or epoch ms).
#include <stdlib.h>
#include <unistd.h>

#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "api/handler_support.h"
#include "api/routes.h"
#include "core/clock.h"
#include "report/stats_export.h"
#include "service/statistics_series.h"

namespace qf::api {
namespace {

using service::CallContext;

Result<service::StatisticsRequest> period_of(const http::Request& req) {
  service::StatisticsRequest r;
  auto from = service::parse_stats_time(req.query_param("from").value_or(""), "from");
  if (!from) return tl::unexpected(from.error());
  auto to = service::parse_stats_time(req.query_param("to").value_or(""), "to");
  if (!to) return tl::unexpected(to.error());
  r.from = *from;
  r.to = *to;
  if (auto v = req.query_param("department")) r.department_code = std::string(*v);
  return r;
}

// "a,b,,c" → {"a","b","c"}.
std::vector<std::string> comma_list(std::string_view v) {
  std::vector<std::string> out;
  while (!v.empty()) {
    const auto comma = v.find(',');
    auto part = v.substr(0, comma);
    if (!part.empty()) out.emplace_back(part);
    if (comma == std::string_view::npos) break;
    v.remove_prefix(comma + 1);
  }
  return out;
}

// The workbook written to a fresh private temp file, read back, removed.
Result<std::string> stats_xlsx_bytes(const service::Statistics& stats) {
  std::error_code ec;
  auto dir = std::filesystem::temp_directory_path(ec);
  if (ec) return fail(ErrorCode::kInternal, "找不到临时目录: " + ec.message());
  std::string path = (dir / "qingfeng-stats-XXXXXX.xlsx").string();
  const int fd = mkstemps(path.data(), 5);
  if (fd < 0) return fail(ErrorCode::kInternal, "无法创建导出临时文件");
  ::close(fd);
  struct Remove {
    std::string p;
    ~Remove() {
      std::error_code e;
      std::filesystem::remove(p, e);
    }
  } cleanup{path};
  if (auto ok = report::write_stats_xlsx(stats, path); !ok) return tl::unexpected(ok.error());
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return fail(ErrorCode::kInternal, "无法读取导出临时文件");
  return bytes;
}

}  // namespace

void register_stats_series_routes(http::Router& router, ApiDeps deps) {
  router.add("GET", "/api/v1/stats/series",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(period, period_of(req), req);
                      service::SeriesRequest r;
                      r.period = period;
                      if (auto v = req.query_param("bucket"); v && !v->empty())
                        r.bucket = std::string(*v);
                      if (auto v = req.query_param("figures")) r.figures = comma_list(*v);
                      QF_TRY_RESPONSE(
                          series, service::StatisticsSeriesService(deps.ctx).series(call, r), req);
                      return json_response(200, service::to_json(series));
                    }),
             {.summary = "战果趋势（按日/周/月，中国标准时间；与 /api/v1/stats "
                         "同口径，各时段之和等于该期间的统计值）"});

  router.add("GET", "/api/v1/stats/map",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(period, period_of(req), req);
                      service::MapRequest r;
                      r.period = period;
                      if (auto v = req.query_param("kinds")) r.kinds = comma_list(*v);
                      if (auto v = req.query_param("limit")) {
                        std::int64_t n = 0;
                        auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
                        if (ec != std::errc() || p != v->data() + v->size())
                          return error_response(req, invalid("limit", "应为整数").value());
                        r.limit = n;
                      }
                      QF_TRY_RESPONSE(map, service::StatisticsSeriesService(deps.ctx).map(call, r),
                                      req);
                      return json_response(200, service::to_json(map));
                    }),
             {.summary = "战果地图（GeoJSON：期间内有坐标的案件、线索、巡护发现、检查、运输检查；有"
                         "上限，超出时 truncated）"});

  router.add(
      "GET", "/api/v1/stats.xlsx",
      authed(deps,
             [deps](http::Request& req, const CallContext& call) {
               QF_TRY_RESPONSE(period, period_of(req), req);
               QF_TRY_RESPONSE(stats, service::StatisticsService(deps.ctx).compute(call, period),
                               req);
               QF_TRY_RESPONSE(bytes, stats_xlsx_bytes(stats), req);
               // The last day shown is the day before `to`.
               const auto last = report::format_local_date(stats.to - 1);
               const auto first = report::format_local_date(stats.from);
               std::string name = "战果统计-" + first + "至" + last;
               std::string ascii = "stats-" + first + "-" + last;
               if (!stats.department_code.empty()) {
                 name += "-" + stats.department_code;
                 ascii += "-" + stats.department_code;
               }
               http::Response resp;
               resp.status = 200;
               resp.body = std::move(bytes);
               resp.set_header("Content-Type",
                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
               resp.set_header("Content-Disposition",
                               attachment_disposition(name + ".xlsx", ascii + ".xlsx"));
               resp.set_header("Cache-Control", "no-store");
               resp.set_header("X-Content-Type-Options", "nosniff");
               return resp;
             }),
      {.summary =
           "战果统计 Excel（各部门战果表与指标明细，格式同 qingfeng report stats --format xlsx）"});
}

}  // namespace qf::api
