// StatisticsService: the 战果 figures of a period (the plan's 七(三): the
// office 统计汇总各部门的行动战果), for GET /api/v1/stats and
// `qingfeng report stats`.
//
//  - Period: [from, to) in epoch ms; from < to and at most kMaxStatsPeriodDays.
//    Each record counts by its own time: tips and cases when created, cases
//    closed when the timeline records the transition to 结案, transfers when
//    requested, specimens and fines with their case's opening, listings when
//    received, patrols when started, observations when observed,
//    inspections when held, rectification orders when issued, closures
//    (取缔) when closed, transport checks when checked, customs assessments
//    when made, seizures when seized, intake events when received,
//    publicity and training events when held (counted for the organiser
//    department; attendees are the trainings' 参训人数).
//  - Permissions: staff only (not integration keys, not the administrator).
//    Office, inspector and the console count every department; everyone else
//    counts exactly the records the row-level rule shows them (own department
//    plus records shared with it) — the same SQL predicate as the lists, so a
//    figure never exceeds what its drill-down list shows. Places are a shared
//    registry: a department counts the closures of places it registered.
//    Listings (a shared queue) are counted for the departments that read
//    them; intake events only for office and inspector. `department` narrows
//    to one department (and its sub-units) on top of that.
//  - Every figure carries `drill`: the list route and query that shows its
//    records, or empty when no list filter reproduces it (see to_json).
//  - Only what a column records is counted; `not_counted` in the answer
//    names what the records do not hold (persons penalised, …).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "service/service_context.h"

namespace qf::service {

inline constexpr int kMaxStatsPeriodDays = 5 * 366;

struct StatisticsRequest {
  std::int64_t from = 0;        // epoch ms, inclusive
  std::int64_t to = 0;          // epoch ms, exclusive
  std::string department_code;  // empty: every department the actor may count
};

// "2026-03-01" (midnight China Standard Time, UTC+8, like the exports) or
// epoch milliseconds. kInvalidInput naming `field` otherwise.
Result<std::int64_t> parse_stats_time(std::string_view text, const std::string& field);

struct StatsBreakdown {
  std::string key;
  std::string label;
  double value = 0;
  std::string drill;  // empty: no list filter shows exactly these records
};

struct StatsFigure {
  std::string code;  // "cases.opened"
  std::string label;
  std::string unit;
  double value = 0;
  std::string drill;
  std::vector<StatsBreakdown> breakdown;
};

struct StatsSection {
  std::string code;
  std::string label;
  std::vector<StatsFigure> figures;
};

struct StatsColumn {
  std::string code;  // a figure code
  std::string label;
  std::string unit;
  std::string group;  // the section label, for the merged header
};

struct DepartmentFigures {
  std::int64_t id = 0;
  std::string code, name, short_name;
  std::map<std::string, double> values;  // by StatsColumn code
};

struct Statistics {
  std::int64_t from = 0, to = 0;
  std::string department_code;   // the filter; empty: none
  bool all_departments = false;  // the actor counts every department
  std::string viewer_department_code;
  std::vector<StatsSection> sections;
  std::vector<StatsColumn> ranking_columns;
  std::vector<DepartmentFigures> departments;                // top-level departments, office first
  std::vector<std::pair<std::string, std::string>> omitted;  // section, why
  std::vector<std::pair<std::string, std::string>> not_counted;  // figure, why

  // The figure with this code, or nullptr.
  const StatsFigure* figure(std::string_view code) const;
};

class StatisticsService {
 public:
  explicit StatisticsService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<Statistics> compute(const CallContext& call, const StatisticsRequest& request);

 private:
  ServiceContext& ctx_;
};

// {"period":{from,to,from_date,to_date},"department","scope","sections":[
//  {code,label,figures:[{code,label,unit,value,drill|null,breakdown:[{key,label,value,drill|null}]}]}],
//  "ranking":{"columns":[{code,label,unit,group}],"rows":[{department_code,name,short_name,values:{code:value}}]},
//  "omitted":[{section,reason}],"not_counted":[{figure,reason}]}
nlohmann::json to_json(const Statistics& stats);

}  // namespace qf::service
