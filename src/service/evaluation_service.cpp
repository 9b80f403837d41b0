#include "service/evaluation_service.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "core/access_policy.h"
#include "core/clock.h"
#include "core/tip_rules.h"
#include "core/utf8.h"
#include "service/audit_writer.h"
#include "service/drill_link.h"
#include "service/statistics_service.h"
#include "service/zone_service.h"
#include "store/department_repository.h"
#include "store/evaluation_repository.h"
#include "store/patrol_repository.h"

namespace qf::service {
namespace {

using nlohmann::json;

constexpr const char* kLocalDefault =
    "本系统的本地默认值（非官方文件规定），由协调机制办公室根据本地考核办法调整";

// Which departments an indicator applies to (plan 六 duties).
enum class Scope { kAll, kPatrols, kInspections, kListings, kCriminalTransfers };

struct IndicatorDef {
  const char* code;
  const char* label;
  const char* group;
  const char* unit;
  double default_weight;
  Scope scope;
  const char* applies_to;
  const char* formula;
};

const std::vector<IndicatorDef>& catalogue() {
  static const std::vector<IndicatorDef> defs = {
      {"tips.on_time", "线索按期办理率", "线索与案件", "%", 15, Scope::kAll, "各部门",
       "期内受理并分派给本部门的线索中，自受理起在全部时限（待分派+已分派+核查工作日）内办结的 ÷ "
       "（已办结的 + 仍未办结且已超过全部时限的）× 100；未到期的在办线索不计"},
      {"cases.closure_rate", "案件结案率", "线索与案件", "%", 15, Scope::kAll, "各部门",
       "期内登记的本部门案件中已结案的 ÷ 期内登记的案件（不予立案、撤销的不计）× 100"},
      {"overdue.items", "逾期未办（扣分）", "线索与案件", "项", 10, Scope::kAll, "各部门",
       "100 − 每项扣分 × 考核时仍超期未办的事项数（分派给本部门的线索 + 本部门的案件），最低 0"},
      {"transfers.criminal", "行刑衔接移送办理率", "线索与案件", "%", 10, Scope::kCriminalTransfers,
       "公安（接收行刑衔接移送）",
       "期内移送给本部门的行刑衔接案件中已作出接收或退回决定的 ÷ 期内收到的移送 × 100"},
      {"patrols.plan_count", "巡护计划完成率（次数）", "野外巡护", "%", 5, Scope::kPatrols,
       "林草、农业农村（野外巡护职责）",
       "与考核期重叠的本部门巡护计划：Σ min(实际巡护次数, 应完成次数) ÷ Σ 应完成次数 × 100；"
       "应完成次数 = 计划次数 × 计划期已过去的比例（截至考核期末或考核时）"},
      {"patrols.plan_km", "巡护里程完成率（覆盖）", "野外巡护", "%", 5, Scope::kPatrols,
       "林草、农业农村（野外巡护职责）",
       "与考核期重叠的本部门巡护计划：Σ min(实际巡护里程, 应完成里程) ÷ Σ 应完成里程 × 100；"
       "应完成里程 = 计划里程 × 计划期已过去的比例"},
      {"inspections.count", "检查场所", "清理整顿", "次", 10, Scope::kInspections,
       "市场监管、林草、农业农村、公安（清理整顿职责）",
       "本部门期内检查次数（战果统计 inspections.count）÷ 适用部门中的最高次数 × 100"},
      {"listings.takedown", "网络信息下架时效", "网络巡查", "小时", 10, Scope::kListings,
       "网信、市场监管（网络清理职责）",
       "100 × min(1, 目标时长 ÷ 本部门期内确认违法的网络信息从收到到下架的中位小时数)；"
       "确认后仍未下架的按收到至考核期末计"},
      {"reports.on_time", "情况报告按时报送率", "报告与宣传", "%", 10, Scope::kAll, "各部门",
       "截止时间在期内的报送期次中，本部门首次提交不晚于截止时间的 ÷ 期次数 × 100"},
      {"publicity.held", "宣传培训开展", "报告与宣传", "次", 10, Scope::kAll, "各部门",
       "本部门期内宣传活动 + 培训次数（战果统计 publicity.events + publicity.trainings）÷ "
       "各部门中的最高次数 × 100"},
      {"supervision.outcome", "督导结果", "督导", "", 0, Scope::kAll, "各部门",
       "期内督导中对本部门最重的结果：追责 0，约谈 40，通报批评 60，表扬、无或未被督导 100"},
  };
  return defs;
}

const IndicatorDef* find_def(const std::string& code) {
  for (const auto& d : catalogue())
    if (code == d.code) return &d;
  return nullptr;
}

constexpr double kDefaultTargetHours = 48;
constexpr double kDefaultPointsPerItem = 5;

IndicatorSetting default_setting(const IndicatorDef& d) {
  IndicatorSetting s;
  s.code = d.code;
  s.weight = d.default_weight;
  s.enabled = true;
  if (s.code == "listings.takedown") s.target_hours = kDefaultTargetHours;
  if (s.code == "overdue.items") s.points_per_item = kDefaultPointsPerItem;
  return s;
}

std::vector<IndicatorSetting> default_settings() {
  std::vector<IndicatorSetting> out;
  for (const auto& d : catalogue()) out.push_back(default_setting(d));
  return out;
}

json settings_json(const std::vector<IndicatorSetting>& settings) {
  json out = json::array();
  for (const auto& s : settings) {
    json params = json::object();
    if (s.code == "listings.takedown") params["target_hours"] = s.target_hours;
    if (s.code == "overdue.items") params["points_per_item"] = s.points_per_item;
    out.push_back(
        {{"code", s.code}, {"weight", s.weight}, {"enabled", s.enabled}, {"params", params}});
  }
  return out;
}

// Stored settings merged over the defaults (a code the catalogue no longer
// has is dropped; a new catalogue code gets its default).
std::vector<IndicatorSetting> settings_from_json(const std::string& text) {
  auto out = default_settings();
  json stored = json::parse(text, nullptr, false);
  if (!stored.is_array()) return out;
  for (const auto& item : stored) {
    if (!item.is_object() || !item.contains("code") || !item["code"].is_string()) continue;
    for (auto& s : out) {
      if (s.code != item["code"].get<std::string>()) continue;
      s.weight = item.value("weight", s.weight);
      s.enabled = item.value("enabled", s.enabled);
      if (item.contains("params") && item["params"].is_object()) {
        s.target_hours = item["params"].value("target_hours", s.target_hours);
        s.points_per_item = item["params"].value("points_per_item", s.points_per_item);
      }
    }
  }
  return out;
}

bool applies(Scope scope, const std::string& code) {
  switch (scope) {
    case Scope::kAll:
      return true;
    case Scope::kPatrols:
      return AccessPolicy::has_field_duty(Action::kRecordPatrols, code);
    case Scope::kInspections:
      return AccessPolicy::has_field_duty(Action::kRecordInspections, code);
    case Scope::kListings:
      return AccessPolicy::reviews_online_listings(code);
    case Scope::kCriminalTransfers:
      // 行刑衔接: administrative departments transfer suspected crimes to 公安.
      return code == "GA";
  }
  return false;
}

double round2(double v) { return std::round(v * 100) / 100; }

int outcome_severity(const std::string& outcome) {
  if (outcome == "accountability") return 4;
  if (outcome == "interview") return 3;
  if (outcome == "criticism") return 2;
  if (outcome == "praise") return 1;
  return 0;
}

double outcome_score(const std::string& outcome) {
  if (outcome == "accountability") return 0;
  if (outcome == "interview") return 40;
  if (outcome == "criticism") return 60;
  return 100;
}

std::string outcome_label(const std::string& outcome) {
  if (outcome == "praise") return "表扬";
  if (outcome == "criticism") return "通报批评";
  if (outcome == "interview") return "约谈";
  if (outcome == "accountability") return "追责";
  return "无";
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// One indicator's score for one department, with what it was computed from.
struct Score {
  const IndicatorDef* def = nullptr;
  bool applies = true;
  bool measured = true;
  std::string reason;  // why not applied / not measured
  double numerator = 0, denominator = 0, value = 0;
  std::optional<double> score;
  double weight = 0;
  double effective_weight = 0;
  json inputs = json::object();
  std::vector<std::pair<std::string, std::string>> drills;
};

bool may_read(const Actor& a) {
  return AccessPolicy::allows(a, Action::kReadEvaluation) ||
         AccessPolicy::allows(a, Action::kManageEvaluation);
}

Result<IndicatorConfiguration> load_configuration(soci::session& s) {
  auto row = store::EvaluationRepository::latest_indicator_set(s);
  if (!row) return tl::unexpected(row.error());
  IndicatorConfiguration c;
  if (!*row) {
    c.settings = default_settings();
    return c;
  }
  c.version = (*row)->version;
  c.settings = settings_from_json((*row)->indicators);
  c.updated_at = (*row)->created_at;
  c.updated_by = (*row)->created_by;
  return c;
}

EvaluationRun run_from_row(const store::EvaluationRunRow& r) {
  EvaluationRun out;
  out.id = r.id;
  out.title = r.title;
  out.from = r.period_from;
  out.to = r.period_to;
  out.indicator_version = r.indicator_version;
  if (!r.result.empty()) out.result = json::parse(r.result, nullptr, false);
  out.created_by = r.created_by;
  out.created_by_name = r.created_by_name;
  out.created_at = r.created_at;
  out.version = r.version;
  return out;
}

}  // namespace

json to_json(const IndicatorConfiguration& c) {
  json items = json::array();
  for (const auto& s : c.settings) {
    const auto* d = find_def(s.code);
    if (!d) continue;
    json params = json::object();
    if (s.code == "listings.takedown") params["target_hours"] = s.target_hours;
    if (s.code == "overdue.items") params["points_per_item"] = s.points_per_item;
    items.push_back({{"code", s.code},
                     {"label", d->label},
                     {"group", d->group},
                     {"unit", d->unit},
                     {"weight", s.weight},
                     {"enabled", s.enabled},
                     {"params", params},
                     {"formula", d->formula},
                     {"applies_to", d->applies_to},
                     {"default_weight", d->default_weight},
                     {"basis", kLocalDefault}});
  }
  return {{"version", c.version},
          {"defaults", c.version == 0},
          {"updated_at", c.updated_at ? json(c.updated_at) : json(nullptr)},
          {"indicators", std::move(items)},
          {"basis", kLocalDefault}};
}

json to_json(const EvaluationRun& r) {
  json out = {{"id", r.id},
              {"title", r.title},
              {"period",
               {{"from", r.from},
                {"to", r.to},
                {"from_date", format_iso8601(r.from)},
                {"to_date", format_iso8601(r.to)}}},
              {"indicator_version", r.indicator_version},
              {"created_by", r.created_by_name},
              {"created_at", r.created_at},
              {"version", r.version}};
  if (r.result.is_object())
    for (const char* key : {"indicators", "departments", "ranking", "notes", "computed_at"})
      if (r.result.contains(key)) out[key] = r.result[key];
  return out;
}

Result<IndicatorConfiguration> EvaluationService::indicators(const CallContext& call) {
  if (!may_read(call.actor)) return forbidden("无权查看考核指标");
  return ctx_.db.read([&](soci::session& s) { return load_configuration(s); });
}

Result<IndicatorConfiguration> EvaluationService::put_indicators(
    const CallContext& call, const std::vector<IndicatorSetting>& settings, int expected_version) {
  if (!AccessPolicy::allows(call.actor, Action::kManageEvaluation))
    return forbidden("只有协调机制办公室可以设置考核指标");
  std::vector<FieldError> errors;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < settings.size(); ++i) {
    const auto& s = settings[i];
    const std::string at = "indicators/" + std::to_string(i) + "/";
    if (!find_def(s.code)) errors.push_back({at + "code", "没有这个考核指标: " + s.code});
    if (!seen.insert(s.code).second) errors.push_back({at + "code", "指标重复: " + s.code});
    if (!(s.weight >= 0 && s.weight <= 100))
      errors.push_back({at + "weight", "权重应在 0–100 之间"});
    if (s.code == "listings.takedown" && s.target_hours >= 0 &&
        !(s.target_hours > 0 && s.target_hours <= 24 * 90))
      errors.push_back({at + "params/target_hours", "目标时长应在 0–2160 小时之间"});
    if (s.code == "overdue.items" && s.points_per_item > 100)
      errors.push_back({at + "params/points_per_item", "每项扣分应在 0–100 之间"});
  }
  if (!errors.empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});

  return ctx_.db.transact([&](soci::session& s) -> Result<IndicatorConfiguration> {
    auto current = load_configuration(s);
    if (!current) return current;
    if (current->version != expected_version)
      return fail(ErrorCode::kPreconditionFailed, "考核指标已被他人修改，请刷新后重试");
    IndicatorConfiguration next = *current;
    for (const auto& in : settings)
      for (auto& cur : next.settings)
        if (cur.code == in.code) {
          cur.weight = in.weight;
          cur.enabled = in.enabled;
          if (in.code == "listings.takedown" && in.target_hours >= 0)
            cur.target_hours = in.target_hours;
          if (in.code == "overdue.items" && in.points_per_item >= 0)
            cur.points_per_item = in.points_per_item;
        }
    next.version = current->version + 1;
    next.updated_at = now_ms();
    next.updated_by = call.actor.user_id;
    store::IndicatorSetRow row{next.version, settings_json(next.settings).dump(), next.updated_by,
                               next.updated_at};
    if (auto ok = store::EvaluationRepository::insert_indicator_set(s, row); !ok)
      return tl::unexpected(ok.error());
    if (auto a = audit(s, call, "evaluation_indicators.update", "evaluation_indicators",
                       std::to_string(next.version), to_json(*current), to_json(next));
        !a)
      return tl::unexpected(a.error());
    return next;
  });
}

Result<EvaluationRun> EvaluationService::compute(const CallContext& call, std::int64_t from,
                                                 std::int64_t to, const std::string& title) {
  if (!AccessPolicy::allows(call.actor, Action::kManageEvaluation))
    return forbidden("只有协调机制办公室可以进行考核评价");
  if (title.size() > kMaxEvaluationTitleBytes || !is_valid_utf8(title))
    return invalid("title", "标题最长 200 字节");
  if (from >= to) return invalid("to", "考核截止时间应晚于起始时间");
  if (from < 0) return invalid("from", "起始时间不能早于 1970 年");
  if (to - from > static_cast<std::int64_t>(kMaxStatsPeriodDays) * kDayMs)
    return invalid("to", "考核期间不能超过 5 年");

  // The statistics' per-department figures (office scope: every department).
  StatisticsRequest sr;
  sr.from = from;
  sr.to = to;
  auto stats = StatisticsService(ctx_).compute(call, sr);
  if (!stats) return tl::unexpected(stats.error());
  auto has_column = [&](const std::string& code) {
    return std::any_of(stats->ranking_columns.begin(), stats->ranking_columns.end(),
                       [&](const auto& c) { return c.code == code; });
  };
  auto stat_value = [&](std::int64_t dept, const std::string& code) {
    for (const auto& d : stats->departments)
      if (d.id == dept) {
        auto it = d.values.find(code);
        return it == d.values.end() ? 0.0 : it->second;
      }
    return 0.0;
  };

  const std::int64_t now = now_ms();
  return ctx_.db.read([&](soci::session& s) -> Result<EvaluationRun> {
    auto config = load_configuration(s);
    if (!config) return tl::unexpected(config.error());
    auto departments = store::DepartmentRepository::list(s);
    if (!departments) return tl::unexpected(departments.error());
#define QF_LOAD(var, expr) \
  auto var = expr;         \
  if (!var) return tl::unexpected(var.error());
    QF_LOAD(tips, store::EvaluationRepository::tips_assigned(s, from, to));
    QF_LOAD(closure, store::EvaluationRepository::case_closure(s, from, to));
    QF_LOAD(overdue, store::EvaluationRepository::overdue(s, now));
    QF_LOAD(transfers, store::EvaluationRepository::criminal_transfers_received(s, from, to));
    QF_LOAD(takedowns, store::EvaluationRepository::takedowns(s, from, to));
    QF_LOAD(reports, store::EvaluationRepository::reports_due(s, from, to));
    QF_LOAD(visits, store::EvaluationRepository::supervision_outcomes(s, from, to));
    store::PatrolPlanQuery pq;
    pq.overlaps_from = from;
    pq.overlaps_to = to;
    pq.limit = 100000;
    QF_LOAD(plans, store::PatrolRepository::list_plans(s, pq, nullptr));
#undef QF_LOAD

    std::map<std::int64_t, const store::Department*> by_id;
    for (const auto& d : *departments) by_id[d.id] = &d;
    auto top_of = [&](std::int64_t id) -> std::int64_t {
      auto it = by_id.find(id);
      if (it == by_id.end()) return 0;
      return it->second->parent_id.value_or(id);
    };
    std::vector<const store::Department*> evaluated;
    for (const auto& d : *departments)
      if (!d.parent_id && d.active && d.kind != "office") evaluated.push_back(&d);

    // Report periods due in the period (each department expected once).
    std::map<std::int64_t, std::pair<std::string, std::int64_t>> periods;  // id → title, due
    std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t> first_submitted;
    for (const auto& r : *reports) {
      periods[r.period_id] = {r.title, r.due_at};
      if (r.department_id) first_submitted[{r.period_id, r.department_id}] = r.first_submitted_at;
    }

    // Relative indicators: the highest value among the departments they apply to.
    const bool publicity_counted =
        has_column("publicity.events") || has_column("publicity.trainings");
    double max_inspections = 0, max_publicity = 0;
    for (const auto* d : evaluated) {
      if (applies(Scope::kInspections, d->code))
        max_inspections = std::max(max_inspections, stat_value(d->id, "inspections.count"));
      max_publicity = std::max(max_publicity, stat_value(d->id, "publicity.events") +
                                                  stat_value(d->id, "publicity.trainings"));
    }

    const std::string f = std::to_string(from), t = std::to_string(to);
    const auto& deadlines = ctx_.tips.deadlines;
    const std::int64_t period_end = std::min(to, now);

    json out_departments = json::array();
    std::vector<std::pair<double, std::size_t>> totals;  // total, index
    for (const auto* d : evaluated) {
      const std::int64_t id = d->id;
      const std::string& code = d->code;
      std::vector<Score> scores;
      for (const auto& setting : config->settings) {
        const auto* def = find_def(setting.code);
        if (!def) continue;
        Score sc;
        sc.def = def;
        sc.weight = setting.weight;
        const std::string ic = def->code;
        if (!applies(def->scope, code)) {
          sc.applies = false;
          sc.measured = false;
          sc.reason = std::string("不属于本部门职责（适用：") + def->applies_to + "）";
          scores.push_back(std::move(sc));
          continue;
        }
        auto rate = [&](double num, double den, const char* none) {
          sc.numerator = num;
          sc.denominator = den;
          if (den <= 0) {
            sc.measured = false;
            sc.reason = none;
            return;
          }
          sc.value = round2(100.0 * num / den);
          sc.score = sc.value;
        };
        auto relative = [&](double value, double max) {
          sc.numerator = value;
          sc.denominator = max;
          sc.value = value;
          sc.score = max > 0 ? round2(100.0 * value / max) : 0.0;
        };
        if (ic == "tips.on_time") {
          double on_time = 0, late = 0, open_not_due = 0;
          json late_ids = json::array();
          for (const auto& tip : *tips) {
            if (tip.department_id != id) continue;
            std::int64_t due = tip_due_at(tip_state::kPending, tip.created_at, deadlines);
            due = tip_due_at(tip_state::kAssigned, due, deadlines);
            due = tip_due_at(tip_state::kVerifying, due, deadlines);
            if (is_final_tip_state(tip.state)) {
              if (tip.state_changed_at <= due) {
                ++on_time;
              } else {
                ++late;
                late_ids.push_back(tip.id);
              }
            } else if (due < now) {
              ++late;
              late_ids.push_back(tip.id);
            } else {
              ++open_not_due;
            }
          }
          rate(on_time, on_time + late, "本期没有已办结或已超期的线索");
          sc.inputs = {{"on_time", on_time},
                       {"late", late},
                       {"open_not_yet_due", open_not_due},
                       {"late_tip_ids", late_ids},
                       {"deadline_working_days", deadlines.pending_days + deadlines.assigned_days +
                                                     deadlines.verifying_days}};
          sc.drills.emplace_back(
              "期内分派给本部门的线索",
              drill_link("/api/v1/tips",
                         {{"department", code}, {"created_from", f}, {"created_to", t}}));
        } else if (ic == "cases.closure_rate") {
          double opened = 0, closed = 0;
          for (const auto& c : *closure)
            if (c.department_id == id) {
              opened += static_cast<double>(c.total);
              closed += static_cast<double>(c.part);
            }
          rate(closed, opened, "本期没有登记案件");
          sc.inputs = {{"opened", opened}, {"closed", closed}};
          sc.drills.emplace_back(
              "期内登记的案件",
              drill_link("/api/v1/cases",
                         {{"owner_department", code}, {"created_from", f}, {"created_to", t}}));
          sc.drills.emplace_back("其中已结案",
                                 drill_link("/api/v1/cases", {{"owner_department", code},
                                                              {"created_from", f},
                                                              {"created_to", t},
                                                              {"state", "closed"}}));
        } else if (ic == "overdue.items") {
          double tips_overdue = 0, cases_overdue = 0;
          for (const auto& c : *overdue)
            if (c.department_id == id) {
              tips_overdue += static_cast<double>(c.total);
              cases_overdue += static_cast<double>(c.part);
            }
          const double items = tips_overdue + cases_overdue;
          sc.numerator = items;
          sc.denominator = 0;
          sc.value = items;
          sc.score = std::max(0.0, round2(100.0 - setting.points_per_item * items));
          sc.inputs = {{"tips_overdue", tips_overdue},
                       {"cases_overdue", cases_overdue},
                       {"points_per_item", setting.points_per_item},
                       {"as_of", now}};
          sc.drills.emplace_back(
              "超期线索", drill_link("/api/v1/tips", {{"department", code}, {"overdue", "true"}}));
          sc.drills.emplace_back(
              "超期案件",
              drill_link("/api/v1/cases", {{"owner_department", code}, {"overdue", "true"}}));
        } else if (ic == "transfers.criminal") {
          double received = 0, decided = 0;
          for (const auto& c : *transfers)
            if (c.department_id == id) {
              received += static_cast<double>(c.total);
              decided += static_cast<double>(c.part);
            }
          rate(decided, received, "本期没有收到行刑衔接移送");
          sc.inputs = {{"received", received}, {"decided", decided}};
          // The transfer list has no period filter: the incoming list shows
          // a superset (as seen by the receiving department).
          sc.drills.emplace_back(
              "移来的行刑衔接（接收部门视角，未按期间筛选）",
              drill_link("/api/v1/transfers", {{"direction", "incoming"}, {"kind", "criminal"}}));
        } else if (ic == "patrols.plan_count" || ic == "patrols.plan_km") {
          const bool km = ic == "patrols.plan_km";
          double done = 0, target = 0;
          json plan_inputs = json::array();
          for (const auto& plan : *plans) {
            if (top_of(plan.owner_department_id) != id) continue;
            // A plan still running at the end of the period (or now) is
            // held to the share of its target its elapsed time stands for.
            const std::int64_t cut = std::min({plan.period_to, to, now});
            if (cut <= plan.period_from || plan.period_to <= plan.period_from) continue;
            const double elapsed = static_cast<double>(cut - plan.period_from) /
                                   static_cast<double>(plan.period_to - plan.period_from);
            auto progress = plan_progress(s, plan);
            if (!progress) return tl::unexpected(progress.error());
            const double want =
                round2((km ? plan.target_km : plan.target_patrols) * std::min(1.0, elapsed));
            const double got = km ? progress->actual.km : progress->actual.patrols;
            if (want <= 0) continue;
            target += want;
            done += std::min(got, want);
            plan_inputs.push_back({{"plan_id", plan.id},
                                   {"zone", plan.zone_name},
                                   {"plan_target", km ? plan.target_km : plan.target_patrols},
                                   {"elapsed_share", round2(std::min(1.0, elapsed))},
                                   {"target", want},
                                   {"actual", round2(got)}});
            if (sc.drills.size() < 10)
              sc.drills.emplace_back("巡护计划 " + plan.zone_name + " #" + std::to_string(plan.id),
                                     "/api/v1/patrol-plans/" + std::to_string(plan.id));
          }
          rate(done, target, "本期没有本部门的巡护计划");
          sc.numerator = round2(done);
          sc.denominator = round2(target);
          sc.inputs = {{"plans", plan_inputs}};
        } else if (ic == "inspections.count") {
          relative(stat_value(id, "inspections.count"), max_inspections);
          sc.inputs = {{"inspections", sc.numerator}, {"highest", max_inspections}};
          // The inspection list has no department filter; no drill reproduces it.
        } else if (ic == "listings.takedown") {
          std::vector<double> hours;
          double taken = 0, pending = 0;
          for (const auto& l : *takedowns) {
            if (l.department_id != id) continue;
            if (l.taken_down_at > 0) {
              hours.push_back((l.taken_down_at - l.received_at) / 3600000.0);
              ++taken;
            } else {
              hours.push_back(std::max<std::int64_t>(0, period_end - l.received_at) / 3600000.0);
              ++pending;
            }
          }
          if (hours.empty()) {
            sc.measured = false;
            sc.reason = "本期本部门没有确认违法的网络信息";
          } else {
            const double m = round2(median(hours));
            sc.value = m;
            sc.numerator = setting.target_hours;
            sc.denominator = m;
            sc.score = m <= 0 ? 100.0 : round2(100.0 * std::min(1.0, setting.target_hours / m));
          }
          sc.inputs = {{"confirmed", taken + pending},
                       {"taken_down", taken},
                       {"not_taken_down", pending},
                       {"median_hours", sc.value},
                       {"target_hours", setting.target_hours}};
        } else if (ic == "reports.on_time") {
          double on_time = 0;
          json per_period = json::array();
          for (const auto& [pid, p] : periods) {
            auto it = first_submitted.find({pid, id});
            const std::int64_t at = it == first_submitted.end() ? 0 : it->second;
            const bool ok = at > 0 && at <= p.second;
            if (ok) ++on_time;
            per_period.push_back({{"period_id", pid},
                                  {"title", p.first},
                                  {"due_at", p.second},
                                  {"first_submitted_at", at ? json(at) : json(nullptr)},
                                  {"on_time", ok}});
            if (sc.drills.size() < 10)
              sc.drills.emplace_back("报送期次 " + p.first,
                                     "/api/v1/report-periods/" + std::to_string(pid));
          }
          rate(on_time, static_cast<double>(periods.size()), "本期没有到期的报送期次");
          sc.inputs = {{"periods", per_period}};
        } else if (ic == "publicity.held") {
          const double events = stat_value(id, "publicity.events");
          const double trainings = stat_value(id, "publicity.trainings");
          relative(events + trainings, max_publicity);
          sc.inputs = {{"events", events},
                       {"trainings", trainings},
                       {"highest", max_publicity},
                       {"counted_by_statistics", publicity_counted}};
          sc.drills.emplace_back("期内宣传培训记录",
                                 drill_link("/api/v1/publicity-events",
                                            {{"department", code}, {"from", f}, {"to", t}}));
        } else if (ic == "supervision.outcome") {
          std::string worst = "none";
          json list = json::array();
          for (const auto& v : *visits)
            if (v.department_id == id) {
              if (outcome_severity(v.outcome) > outcome_severity(worst)) worst = v.outcome;
              list.push_back({{"visit_id", v.visit_id}, {"outcome", v.outcome}});
              sc.drills.emplace_back("督导记录 #" + std::to_string(v.visit_id),
                                     "/api/v1/supervision-visits/" + std::to_string(v.visit_id));
            }
          sc.value = outcome_score(worst);
          sc.score = sc.value;
          sc.inputs = {{"worst_outcome", worst},
                       {"worst_outcome_label", outcome_label(worst)},
                       {"visits", list}};
        }
        if (!setting.enabled) {
          sc.measured = false;
          sc.reason = "该指标未启用";
        }
        scores.push_back(std::move(sc));
      }

      // Weights renormalised over what applies, was measured and weighs.
      double weight_sum = 0;
      for (const auto& sc : scores)
        if (sc.applies && sc.measured && sc.score && sc.weight > 0) weight_sum += sc.weight;
      std::optional<double> total;
      if (weight_sum > 0) {
        double acc = 0;
        for (auto& sc : scores)
          if (sc.applies && sc.measured && sc.score && sc.weight > 0) {
            sc.effective_weight = round2(100.0 * sc.weight / weight_sum);
            acc += sc.weight * *sc.score;
          }
        total = round2(acc / weight_sum);
      }

      json jscores = json::array();
      json excluded = json::array();
      for (const auto& sc : scores) {
        json drills = json::array();
        for (const auto& [label, href] : sc.drills)
          drills.push_back({{"label", label}, {"href", href}});
        const bool counted = sc.applies && sc.measured && sc.score && sc.weight > 0;
        if (!counted)
          excluded.push_back(
              {{"code", sc.def->code},
               {"reason",
                !sc.reason.empty() ? sc.reason : std::string("权重为 0（只展示，不计入总分）")}});
        jscores.push_back({{"code", sc.def->code},
                           {"label", sc.def->label},
                           {"group", sc.def->group},
                           {"unit", sc.def->unit},
                           {"applies", sc.applies},
                           {"measured", sc.measured},
                           {"counted", counted},
                           {"reason", sc.reason},
                           {"numerator", sc.numerator},
                           {"denominator", sc.denominator},
                           {"value", sc.value},
                           {"score", sc.score ? json(*sc.score) : json(nullptr)},
                           {"weight", sc.weight},
                           {"effective_weight", sc.effective_weight},
                           {"formula", sc.def->formula},
                           {"inputs", sc.inputs},
                           {"drills", drills}});
      }
      json supervision = json::array();
      for (const auto& v : *visits)
        if (v.department_id == id)
          supervision.push_back({{"visit_id", v.visit_id},
                                 {"visited_at", v.visited_at},
                                 {"outcome", v.outcome},
                                 {"outcome_label", outcome_label(v.outcome)}});
      if (total) totals.emplace_back(*total, out_departments.size());
      out_departments.push_back({{"department_code", code},
                                 {"name", d->name},
                                 {"short_name", d->short_name},
                                 {"total", total ? json(*total) : json(nullptr)},
                                 {"rank", nullptr},
                                 {"applied_weight", weight_sum},
                                 {"excluded", excluded},
                                 {"scores", jscores},
                                 {"supervision", supervision}});
    }

    // Competition ranking: equal totals share a rank (1, 1, 3).
    std::stable_sort(totals.begin(), totals.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    json ranking = json::array();
    for (std::size_t i = 0; i < totals.size(); ++i) {
      std::size_t rank = i + 1;
      if (i > 0 && std::abs(totals[i].first - totals[i - 1].first) < 0.005)
        rank = out_departments[totals[i - 1].second]["rank"].get<std::size_t>();
      auto& row = out_departments[totals[i].second];
      row["rank"] = rank;
      const bool tied =
          (i > 0 && std::abs(totals[i].first - totals[i - 1].first) < 0.005) ||
          (i + 1 < totals.size() && std::abs(totals[i].first - totals[i + 1].first) < 0.005);
      ranking.push_back({{"rank", rank},
                         {"department_code", row["department_code"]},
                         {"short_name", row["short_name"]},
                         {"total", totals[i].first},
                         {"tied", tied}});
    }

    json notes =
        json::array({std::string("指标权重与目标值：") + kLocalDefault + "。",
                     "不属于部门职责的指标、本期无可计量记录的比率指标不计分，该部门的权重在其余指"
                     "标间按比例重新分配"
                     "（见各部门 excluded 与 effective_weight）。",
                     "协调机制办公室组织考核，本身不参加排名。",
                     "督导结果默认权重为 0：只列在部门旁，不计入总分；办公室可为其设置权重。",
                     "巡护覆盖以计划里程完成率衡量；按面积的覆盖率逐个保护区计算（/api/v1/zones/"
                     "{id}/coverage），"
                     "不汇总为部门指标。",
                     "结案、超期等状态取考核运行时的记录状态，运行结果（含全部输入）冻结保存，之后"
                     "记录或权重变化不影响已保存的结果。"});
    if (!publicity_counted)
      notes.push_back(
          "战果统计中尚无宣传培训数据（publicity.events / publicity.trainings），该指标按 0 "
          "条记录计。");

    EvaluationRun run;
    run.title = title;
    run.from = from;
    run.to = to;
    run.indicator_version = config->version;
    run.created_by = call.actor.user_id;
    run.created_by_name = call.actor.username;
    run.created_at = now;
    run.result = {{"period",
                   {{"from", from},
                    {"to", to},
                    {"from_date", format_iso8601(from)},
                    {"to_date", format_iso8601(to)}}},
                  {"indicator_version", config->version},
                  {"indicators", to_json(*config)["indicators"]},
                  {"departments", std::move(out_departments)},
                  {"ranking", std::move(ranking)},
                  {"notes", std::move(notes)},
                  {"computed_at", now}};
    return run;
  });
}

Result<EvaluationRun> EvaluationService::create_run(const CallContext& call, std::int64_t from,
                                                    std::int64_t to, const std::string& title) {
  if (title.empty()) return invalid("title", "请填写考核名称");
  auto computed = compute(call, from, to, title);
  if (!computed) return computed;
  return ctx_.db.transact([&](soci::session& s) -> Result<EvaluationRun> {
    store::EvaluationRunRow row;
    row.title = title;
    row.period_from = from;
    row.period_to = to;
    row.indicator_version = computed->indicator_version;
    row.result = computed->result.dump();
    row.created_by = call.actor.user_id;
    auto stored = store::EvaluationRepository::insert_run(s, std::move(row));
    if (!stored) return tl::unexpected(stored.error());
    EvaluationRun run = run_from_row(*stored);
    json summary = {{"id", run.id},
                    {"title", run.title},
                    {"from", run.from},
                    {"to", run.to},
                    {"indicator_version", run.indicator_version},
                    {"ranking", run.result.value("ranking", json::array())}};
    if (auto a = audit(s, call, "evaluation_run.create", "evaluation_run", std::to_string(run.id),
                       nullptr, summary);
        !a)
      return tl::unexpected(a.error());
    return run;
  });
}

Result<Page<EvaluationRun>> EvaluationService::list_runs(const CallContext& call, int limit,
                                                         int offset) {
  if (!may_read(call.actor)) return forbidden("无权查看考核结果");
  return ctx_.db.read([&](soci::session& s) -> Result<Page<EvaluationRun>> {
    Page<EvaluationRun> page;
    auto rows = store::EvaluationRepository::list_runs(s, limit, offset, &page.total);
    if (!rows) return tl::unexpected(rows.error());
    for (const auto& r : *rows) page.items.push_back(run_from_row(r));
    return page;
  });
}

Result<EvaluationRun> EvaluationService::get_run(const CallContext& call, std::int64_t id) {
  if (!may_read(call.actor)) return forbidden("无权查看考核结果");
  return ctx_.db.read([&](soci::session& s) -> Result<EvaluationRun> {
    auto row = store::EvaluationRepository::find_run(s, id);
    if (!row) return tl::unexpected(row.error());
    if (!*row) return not_found("考核结果不存在");
    return run_from_row(**row);
  });
}

}  // namespace qf::service
