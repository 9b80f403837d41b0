// EvaluationService: department performance evaluation (督导考核, plan 七(四)
// 督导检查 and 七(五) 考核评价; the campaign is scored in the 平安建设
// assessment).
//
//  - Indicators are a fixed catalogue (each computed by a formula below
//    from the records); the office (kManageEvaluation) configures each one's
//    weight, whether it is used, and its parameters. Every edit is a new
//    version (If-Match on the current one, v0 = the shipped defaults) and
//    is audited. The shipped weights and targets are LOCAL DEFAULTS of this
//    system, not taken from an official document; each says so (`basis`).
//  - Who is evaluated: the top-level departments except the coordination
//    office (it runs the evaluation). An indicator applies only to the
//    departments whose duties (plan 六, core/access_policy.h) cover it —
//    patrol plans 林草/农业农村, inspections 市场监管/林草/农业农村/公安, online
//    listings 网信/市场监管, criminal transfers received 公安 — and a rate
//    with nothing to measure in the period (no tips assigned, no report
//    due …) is not scored. A department is never penalised for either:
//    its total is the weighted mean over the indicators that apply and were
//    measured, the weights renormalised over them (the output names the
//    excluded ones and why).
//  - Formulas (score 0–100 each; inputs from the period [from, to)):
//      tips.on_time        线索按期办理率 = tips assigned to the department,
//                          created in the period, that reached a final state
//                          within the whole deadline (待分派+已分派+核查 working
//                          days from creation, [tips] deadlines) ÷ those final
//                          plus those still open past it; open tips not yet
//                          due are left out.
//      cases.closure_rate  案件结案率 = cases opened in the period now 结案 ÷
//                          cases opened (不予立案/撤销 left out).
//      overdue.items       逾期未办（扣分）= 100 − points_per_item × (open tips
//                          assigned + open cases owned, past their deadline
//                          at the run), not below 0.
//      transfers.criminal  行刑衔接移送办理率 = criminal transfers received in
//                          the period that were decided (接收/退回) ÷ received.
//      patrols.plan_count  巡护计划完成率（次数）= Σ min(actual, due patrols) ÷
//                          Σ due patrols over the department's plans that
//                          overlap the period; due = target × the share of
//                          the plan's time elapsed by the period's end (or
//                          now); actual = the plan's progress (zone_service.h).
//      patrols.plan_km     巡护里程完成率 = the same with kilometres (the
//                          measure of ground covered the plans set; area
//                          coverage is per zone, /zones/{id}/coverage).
//      inspections.count   检查场所 = the department's inspections
//                          (statistics inspections.count) ÷ the highest of
//                          the departments it applies to.
//      listings.takedown   网络信息下架时效 = 100 × min(1, target_hours ÷ median
//                          hours from receipt to takedown) of the listings
//                          its reviewers confirmed in the period; confirmed
//                          but not taken down count as the period's length.
//      reports.on_time     情况报告按时报送率 = report periods due in the
//                          period whose first submission came by the due
//                          time ÷ periods due.
//      publicity.held      宣传培训开展 = the department's publicity events +
//                          trainings (statistics publicity.events +
//                          publicity.trainings) ÷ the highest.
//      supervision.outcome 督导结果 = by the worst outcome of the period's
//                          visits: 追责 0, 约谈 40, 通报批评 60, 表扬/无/no visit
//                          100. Shipped with weight 0 (shown, not scored):
//                          a supervision outcome is a judgement already made
//                          on the same work the other indicators measure;
//                          the office may give it a weight.
//    Relative scores (÷ the highest) are 0 for everyone when nobody did any.
//  - Ranking: by total, descending; equal totals (to 0.01) share a rank
//    (1, 1, 3); departments with no applicable indicator are unranked.
//  - Per-department figures come from StatisticsService::compute (ranking
//    columns) and store/evaluation_repository.h's read-only queries.
//  - A run (POST /evaluation/runs) computes as the office and stores the
//    configuration version, every input and score as JSON: changing records
//    or weights later never changes a stored run.
//  - Permissions: configure and run kManageEvaluation; read configuration
//    and runs kReadEvaluation (office, 督导组, department leaders).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "service/directory_service.h"
#include "service/service_context.h"

namespace qf::service {

constexpr std::size_t kMaxEvaluationTitleBytes = 200;

// The office's choice for one indicator of the catalogue.
struct IndicatorSetting {
  std::string code;
  double weight = 0;  // 0–100; 0 = shown but not scored
  bool enabled = true;
  // Parameters; in put_indicators a negative value keeps the current one.
  double target_hours = 0;     // listings.takedown only
  double points_per_item = 0;  // overdue.items only
};

struct IndicatorConfiguration {
  int version = 0;  // 0: the shipped defaults
  std::vector<IndicatorSetting> settings;
  std::int64_t updated_at = 0;
  std::int64_t updated_by = 0;
};

// The configuration with the catalogue's labels, formulas, applicability
// and basis: {version, indicators:[{code,label,group,weight,enabled,params,
// formula,applies_to,basis,default_weight}]}.
nlohmann::json to_json(const IndicatorConfiguration& c);

struct EvaluationRun {
  std::int64_t id = 0;
  std::string title;
  std::int64_t from = 0, to = 0;
  int indicator_version = 0;
  nlohmann::json result;  // see compute()
  std::int64_t created_by = 0;
  std::string created_by_name;
  std::int64_t created_at = 0;
  int version = 1;
};

// {id,title,period,indicator_version,created_by,created_at,version} plus
// the result's fields when it has them.
nlohmann::json to_json(const EvaluationRun& r);

class EvaluationService {
 public:
  explicit EvaluationService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<IndicatorConfiguration> indicators(const CallContext& call);
  // Replaces the settings (every catalogue code at most once; codes left out
  // keep their current setting) as version expected_version + 1.
  Result<IndicatorConfiguration> put_indicators(const CallContext& call,
                                                const std::vector<IndicatorSetting>& settings,
                                                int expected_version);

  // Computes without storing (the CLI's report). The result:
  // {period:{from,to,from_date,to_date}, indicator_version, indicators:[…as
  // to_json(IndicatorConfiguration)], departments:[{department_code,name,
  // short_name, total|null, rank|null, applied_weight, excluded:[{code,
  // reason}], scores:[{code,label,group,applies,measured,reason,numerator,
  // denominator,value,unit,score|null,weight,effective_weight,formula,
  // inputs:{…},drills:[{label,href}]}], supervision:[{visit_id,visited_at,
  // outcome,outcome_label}]}], ranking:[{rank,department_code,total}],
  // notes:[…], computed_at}
  Result<EvaluationRun> compute(const CallContext& call, std::int64_t from, std::int64_t to,
                                const std::string& title);
  Result<EvaluationRun> create_run(const CallContext& call, std::int64_t from, std::int64_t to,
                                   const std::string& title);
  Result<Page<EvaluationRun>> list_runs(const CallContext& call, int limit, int offset);
  Result<EvaluationRun> get_run(const CallContext& call, std::int64_t id);

 private:
  ServiceContext& ctx_;
};

}  // namespace qf::service
