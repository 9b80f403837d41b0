// The 战果 dashboard's trend and map (GET /api/v1/stats/series and
// GET /api/v1/stats/map), beside StatisticsService's period figures.
//
//  - Who may ask and what is counted: exactly as StatisticsService::compute
//    (staff only; office, inspector and the console count every department,
//    everyone else the records the row-level rule shows them; `department`
//    narrows to one department and its sub-units). The same period rules
//    apply (from < to, at most kMaxStatsPeriodDays).
//  - Series: the figures named in `figures` (default: every series figure
//    the caller may count) per bucket — a China Standard Time day, week
//    (Monday to Sunday) or calendar month. The first and last buckets are
//    cut to the period, so a series adds up to the /api/v1/stats figure of
//    the same name and period. Figures of sections the caller may not count
//    (listings without read_listings, intake events outside office and
//    inspector) are left out and named in `omitted`. At most
//    kMaxSeriesBuckets buckets.
//  - Map: located records of the asked kinds (cases, tips, observations,
//    inspections, transport, seizures; default all) in the period, newest
//    first, at most `limit` points in all (default and maximum
//    kMaxMapPoints) with `truncated` set when more exist. Per kind the
//    answer counts the points shown, located and unlocated (a seizure's
//    point is optional). `not_located` names kinds that record no
//    coordinates at all (none at present; kept for the clients).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "service/service_context.h"
#include "service/statistics_service.h"

namespace qf::service {

inline constexpr int kMaxSeriesBuckets = 400;
inline constexpr std::int64_t kMaxMapPoints = 3000;

struct SeriesRequest {
  StatisticsRequest period;
  std::string bucket = "day";        // day | week | month
  std::vector<std::string> figures;  // empty: every series figure the caller may count
};

struct SeriesBucket {
  std::int64_t start = 0, end = 0;  // epoch ms, [start, end)
  std::string label;                // "2026-03-02" (day, week), "2026-03" (month)
};

struct FigureSeries {
  std::string code, label, unit, section;
  std::vector<double> values;  // one per bucket
  double total = 0;
};

struct StatisticsSeries {
  std::int64_t from = 0, to = 0;
  std::string bucket;
  std::string department_code;
  bool all_departments = false;
  std::vector<SeriesBucket> buckets;
  std::vector<FigureSeries> series;
  std::vector<std::pair<std::string, std::string>> omitted;  // figure, why
};

struct MapRequest {
  StatisticsRequest period;
  std::vector<std::string> kinds;  // empty: every kind
  std::int64_t limit = kMaxMapPoints;
};

struct MapFeature {
  std::string kind;
  std::int64_t id = 0;
  std::string label;
  std::string detail;  // Chinese label of the record's type, channel, finding …
  std::int64_t at = 0;
  double lon = 0, lat = 0;
  std::string link;  // the web page of the record: /cases/12, /patrols/3 …
  std::string api;   // the API record: /api/v1/cases/12
};

struct MapKindCount {
  std::string kind, label;
  std::int64_t shown = 0, located = 0, unlocated = 0;
};

struct StatisticsMap {
  std::int64_t from = 0, to = 0;
  std::string department_code;
  bool all_departments = false;
  std::int64_t limit = 0;
  bool truncated = false;
  std::vector<MapFeature> features;
  std::vector<MapKindCount> counts;
  std::vector<std::pair<std::string, std::string>> not_located;  // kind, why
};

// The series figure codes in display order (store/statistics_series_repository.h).
std::vector<std::string> series_figure_codes();

class StatisticsSeriesService {
 public:
  explicit StatisticsSeriesService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<StatisticsSeries> series(const CallContext& call, const SeriesRequest& request);
  Result<StatisticsMap> map(const CallContext& call, const MapRequest& request);

 private:
  ServiceContext& ctx_;
};

// {"period":{from,to,from_date,to_date},"bucket","department","scope",
//  "buckets":[{start,end,label}],"series":[{code,label,unit,section,values,total}],
//  "omitted":[{figure,reason}]}
nlohmann::json to_json(const StatisticsSeries& series);
// A GeoJSON FeatureCollection: features are Points [lon, lat] with
// properties {kind,kind_label,id,label,detail,date,at,link,api}; foreign
// members period, department, scope, limit, truncated, counts, not_located.
nlohmann::json to_json(const StatisticsMap& map);

}  // namespace qf::service
