#include "service/statistics_service.h"

#include <algorithm>
#include <charconv>
#include <functional>

#include "core/access_policy.h"
#include "core/case_vocabulary.h"
#include "core/clock.h"
#include "core/tip_rules.h"
#include "service/customs_service.h"
#include "service/drill_link.h"
#include "service/inspection_service.h"
#include "service/listing_service.h"
#include "service/patrol_service.h"
#include "service/place_service.h"
#include "service/publicity_service.h"
#include "service/transport_check_service.h"
#include "store/department_repository.h"
#include "store/statistics_repository.h"

namespace qf::service {
namespace {

using nlohmann::json;
using store::StatsGroup;
using Groups = std::vector<StatsGroup>;

bool is_staff(const Actor& a) {
  return a.is_cli || (a.role != Role::kIntegration && a.role != Role::kAdmin);
}

std::string label_of(const std::vector<Term>& terms, const std::string& code) {
  auto l = term_label(terms, code);
  return l ? std::string(*l) : code;
}

std::string level_label(const std::string& level) {
  if (level == "1") return "国家一级";
  if (level == "2") return "国家二级";
  if (level == "sanyou") return "三有";
  if (level == "provincial") return "省级重点";
  if (level == "cites1") return "CITES 附录Ⅰ";
  if (level == "cites2") return "CITES 附录Ⅱ";
  return level.empty() ? "未关联名录" : level;
}

std::string customs_level_label(const std::string& level) {
  if (level == "high") return "高风险";
  if (level == "medium") return "中风险";
  if (level == "low") return "低风险";
  return level;
}

std::string intake_source_label(const std::string& source) {
  if (source == "grid_worker") return "网格员";
  if (source == "xueliang_video") return "雪亮工程";
  return source;
}

// Sums one measure of grouped rows per key (in first-seen order) and per
// department.
struct Tally {
  std::vector<std::pair<std::string, double>> by_key;
  std::map<std::int64_t, double> by_department;
  double total = 0;
};

Tally tally(const Groups& rows, const std::function<double(const StatsGroup&)>& measure,
            const std::function<bool(const StatsGroup&)>& keep = nullptr) {
  Tally t;
  for (const auto& r : rows) {
    if (keep && !keep(r)) continue;
    const double v = measure(r);
    auto it = std::find_if(t.by_key.begin(), t.by_key.end(),
                           [&](const auto& p) { return p.first == r.key; });
    if (it == t.by_key.end())
      t.by_key.emplace_back(r.key, v);
    else
      it->second += v;
    t.by_department[r.department_id] += v;
    t.total += v;
  }
  return t;
}

double count_of(const StatsGroup& g) { return static_cast<double>(g.count); }

double median(const std::vector<double>& sorted) {
  if (sorted.empty()) return 0;
  const std::size_t n = sorted.size();
  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

class Builder {
 public:
  explicit Builder(Statistics& out) : out_(out) {}

  StatsSection& section(std::string code, std::string label) {
    out_.sections.push_back(StatsSection{std::move(code), std::move(label), {}});
    return out_.sections.back();
  }

  // Adds a figure from a tally; breakdown labels from `label`, each key's
  // drill from `breakdown_drill` (empty: none). With `rank`, the figure is
  // a column of the department ranking.
  StatsFigure& figure(StatsSection& sec, std::string code, std::string label, std::string unit,
                      const Tally& t, std::string drill,
                      std::function<std::string(const std::string&)> key_label = nullptr,
                      std::function<std::string(const std::string&)> breakdown_drill = nullptr,
                      bool rank = false) {
    StatsFigure f{std::move(code), std::move(label), std::move(unit),
                  t.total,         std::move(drill), {}};
    if (key_label) {
      for (const auto& [k, v] : t.by_key)
        f.breakdown.push_back(
            StatsBreakdown{k, key_label(k), v, breakdown_drill ? breakdown_drill(k) : ""});
      std::stable_sort(f.breakdown.begin(), f.breakdown.end(),
                       [](const auto& a, const auto& b) { return a.value > b.value; });
    }
    if (rank) {
      out_.ranking_columns.push_back(StatsColumn{f.code, f.label, f.unit, sec.label});
      ranked_[f.code] = t.by_department;
    }
    sec.figures.push_back(std::move(f));
    return sec.figures.back();
  }

  const std::map<std::string, std::map<std::int64_t, double>>& ranked() const { return ranked_; }

 private:
  Statistics& out_;
  std::map<std::string, std::map<std::int64_t, double>> ranked_;
};

}  // namespace

Result<std::int64_t> parse_stats_time(std::string_view text, const std::string& field) {
  if (text.empty()) return invalid(field, "请填写日期（YYYY-MM-DD）或毫秒时间戳");
  if (std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || p != text.data() + text.size())
      return invalid(field, "应为日期（YYYY-MM-DD）或毫秒时间戳");
    return v;
  }
  if (auto d = parse_china_date(text, 2000)) return *d;
  return invalid(field, "应为日期（YYYY-MM-DD）或毫秒时间戳");
}

const StatsFigure* Statistics::figure(std::string_view code) const {
  for (const auto& s : sections)
    for (const auto& f : s.figures)
      if (f.code == code) return &f;
  return nullptr;
}

Result<Statistics> StatisticsService::compute(const CallContext& call,
                                              const StatisticsRequest& request) {
  const Actor& actor = call.actor;
  if (!is_staff(actor)) return forbidden("只有执法人员可以查看战果统计");
  if (request.from >= request.to) return invalid("to", "统计截止时间应晚于起始时间");
  if (request.to - request.from > static_cast<std::int64_t>(kMaxStatsPeriodDays) * kDayMs)
    return invalid("to", "统计期间不能超过 5 年");
  if (request.from < 0) return invalid("from", "起始时间不能早于 1970 年");

  return ctx_.db.read([&](soci::session& s) -> Result<Statistics> {
    Statistics out;
    out.from = request.from;
    out.to = request.to;
    out.all_departments = AccessPolicy::sees_all(actor);
    out.viewer_department_code = actor.department_code;

    auto departments = store::DepartmentRepository::list(s);
    if (!departments) return tl::unexpected(departments.error());

    store::StatsScope scope;
    scope.from = request.from;
    scope.to = request.to;
    scope.now = now_ms();
    if (!out.all_departments) scope.visible_to_department = actor.department_id;
    if (!request.department_code.empty()) {
      auto it = std::find_if(departments->begin(), departments->end(),
                             [&](const auto& d) { return d.code == request.department_code; });
      if (it == departments->end())
        return invalid("department", "没有这个部门: " + request.department_code);
      scope.department_id = it->id;
      out.department_code = request.department_code;
    }
    const bool by_department_filter = scope.department_id.has_value();

    // Period filters of the list routes: tips and cases use created_from/to,
    // the field lists from/to (all epoch ms).
    const std::string f = std::to_string(request.from), t = std::to_string(request.to);
    const std::string dept = request.department_code;
    // Lists without a department filter reproduce a figure only when no
    // department was asked for.
    auto unless_department = [&](std::string drill) {
      return by_department_filter ? std::string() : drill;
    };
    using Fn = std::function<std::string(const std::string&)>;
    auto no_drill = [](const std::string&) { return std::string(); };

    Builder b(out);
#define QF_LOAD(var, call_expr) \
  auto var = call_expr;         \
  if (!var) return tl::unexpected(var.error());

    // ---- tips ----
    QF_LOAD(tips, store::StatisticsRepository::tips(s, scope));
    {
      auto& sec = b.section("tips", "举报线索");
      const std::string drill = drill_link(
          "/api/v1/tips", {{"created_from", f}, {"created_to", t}, {"department", dept}});
      Fn channel = [](const std::string& k) { return label_of(tip_channels(), k); };
      b.figure(
          sec, "tips.received", "受理举报线索", "条", tally(*tips, count_of), drill, channel,
          [&](const std::string& k) { return with_filter(drill, "channel", k); }, true);
      b.figure(sec, "tips.verified", "核查办结线索", "条",
               tally(*tips, [](const auto& g) { return g.a; }), "", channel, no_drill, true);
    }

    // ---- cases ----
    QF_LOAD(by_offence, store::StatisticsRepository::cases_by_offence(s, scope));
    QF_LOAD(by_source, store::StatisticsRepository::cases_by_source(s, scope));
    QF_LOAD(closed, store::StatisticsRepository::cases_closed(s, scope));
    {
      auto& sec = b.section("cases", "案件查办");
      const std::string drill = drill_link(
          "/api/v1/cases", {{"created_from", f}, {"created_to", t}, {"owner_department", dept}});
      b.figure(
          sec, "cases.opened", "登记案件", "件", tally(*by_offence, count_of), drill,
          [](const std::string& k) { return label_of(offence_types(), k); },
          [&](const std::string& k) { return with_filter(drill, "offence_type", k); }, true);
      b.figure(
          sec, "cases.by_source", "按案件来源", "件", tally(*by_source, count_of), "",
          [](const std::string& k) { return label_of(case_sources(), k); }, no_drill);
      b.figure(sec, "cases.priority", "从重从快案件", "件",
               tally(*by_offence, [](const auto& g) { return g.a; }),
               with_filter(drill, "priority", "true"));
      b.figure(sec, "cases.major", "重大案件", "件",
               tally(*by_offence, [](const auto& g) { return g.b; }),
               with_filter(drill, "major", "true"), nullptr, nullptr, true);
      b.figure(sec, "cases.closed", "结案", "件", tally(*closed, count_of), "", nullptr, nullptr,
               true);
      b.figure(sec, "cases.penalised", "作出处罚决定（期内登记的案件）", "件",
               tally(*by_offence, [](const auto& g) { return g.d; }), "");
      b.figure(sec, "cases.fines_yuan", "罚款金额（期内登记的案件）", "元",
               tally(*by_offence, [](const auto& g) { return g.c / 100.0; }), "", nullptr, nullptr,
               true);
    }

    // ---- transfers (行刑衔接 and handovers) ----
    QF_LOAD(transfers, store::StatisticsRepository::transfers(s, scope));
    {
      auto& sec = b.section("transfers", "移送移交");
      auto kind_is = [](std::string prefix) {
        return [prefix](const StatsGroup& g) { return g.key.rfind(prefix, 0) == 0; };
      };
      // The transfer list shows what the department sent or received, as
      // counted here; it has no department filter.
      const std::string drill =
          unless_department(drill_link("/api/v1/transfers", {{"from", f}, {"to", t}}));
      const std::string criminal = with_filter(drill, "kind", "criminal");
      const std::string handover = with_filter(drill, "kind", "handover");
      b.figure(sec, "transfers.criminal_sent", "移送公安（行刑衔接）", "件",
               tally(*transfers, count_of, kind_is("criminal/")), criminal, nullptr, nullptr, true);
      b.figure(sec, "transfers.criminal_accepted", "公安已接收", "件",
               tally(*transfers, count_of, kind_is("criminal/accepted")),
               with_filter(criminal, "state", "accepted"));
      b.figure(sec, "transfers.criminal_returned", "公安退回", "件",
               tally(*transfers, count_of, kind_is("criminal/returned")),
               with_filter(criminal, "state", "returned"));
      b.figure(sec, "transfers.handovers_sent", "部门间移交", "件",
               tally(*transfers, count_of, kind_is("handover/")), handover, nullptr, nullptr, true);
      b.figure(sec, "transfers.handovers_accepted", "移交已接收", "件",
               tally(*transfers, count_of, kind_is("handover/accepted")),
               with_filter(handover, "state", "accepted"));
    }

    // ---- specimens (case items) ----
    QF_LOAD(species, store::StatisticsRepository::specimens_by_species(s, scope));
    QF_LOAD(levels, store::StatisticsRepository::specimens_by_level(s, scope));
    {
      auto& sec = b.section("specimens", "涉案野生动物及制品");
      Fn same = [](const std::string& k) { return k.empty() ? std::string("（未填物种）") : k; };
      b.figure(sec, "specimens.items", "涉案物品条目", "条", tally(*species, count_of), "");
      b.figure(sec, "specimens.count", "数量", "只/件",
               tally(*species, [](const auto& g) { return g.a; }), "", same, no_drill, true);
      b.figure(sec, "specimens.count_by_level", "数量（按保护级别）", "只/件",
               tally(*levels, [](const auto& g) { return g.a; }), "", level_label, no_drill);
      b.figure(sec, "specimens.weight_kg", "重量", "千克",
               tally(*species, [](const auto& g) { return g.b; }), "", same, no_drill, true);
      b.figure(sec, "specimens.value_yuan", "认定价值（已认定的物品）", "元",
               tally(*species, [](const auto& g) { return g.c / 100.0; }), "", same, no_drill,
               true);
      b.figure(sec, "specimens.valued_items", "已认定价值的物品条目", "条",
               tally(*species, [](const auto& g) { return g.d; }), "");
    }

    // ---- listings (shared queue: no department) ----
    if (out.all_departments || AccessPolicy::allows(actor, Action::kReadListings)) {
      QF_LOAD(listings, store::StatisticsRepository::listings(s, scope));
      QF_LOAD(hours, store::StatisticsRepository::takedown_hours(s, scope));
      auto& sec = b.section("listings", "网络巡查");
      const std::string drill = drill_link("/api/v1/listings", {{"from", f}, {"to", t}});
      b.figure(
          sec, "listings.received", "收到网络信息", "条", tally(*listings, count_of), drill,
          [](const std::string& k) { return std::string(review_state_label(k)); },
          [&](const std::string& k) { return with_filter(drill, "state", k); });
      b.figure(sec, "listings.flagged", "扫描命中", "条",
               tally(*listings, count_of, [](const auto& g) { return g.key != "unflagged"; }), "");
      b.figure(sec, "listings.confirmed", "确认违法", "条",
               tally(*listings, count_of, [](const auto& g) { return g.key == "confirmed"; }),
               with_filter(drill, "state", "confirmed"));
      b.figure(sec, "listings.taken_down", "已下架", "条",
               tally(*listings, [](const auto& g) { return g.a; }), "");
      Tally median_hours;
      median_hours.total = median(*hours);
      b.figure(sec, "listings.median_hours_to_takedown", "从收到到下架（中位数）", "小时",
               median_hours, "");
    } else {
      out.omitted.emplace_back("listings",
                               "网络巡查由网信、市场监管、林草、农业农村共同处理，本部门无权查看");
    }

    // ---- patrols ----
    QF_LOAD(patrols, store::StatisticsRepository::patrols(s, scope));
    QF_LOAD(traps, store::StatisticsRepository::trap_removals(s, scope));
    {
      auto& sec = b.section("patrols", "野外巡护");
      const std::string drill =
          unless_department(drill_link("/api/v1/patrols", {{"from", f}, {"to", t}}));
      b.figure(sec, "patrols.count", "巡护次数", "次", tally(*patrols, count_of), drill, nullptr,
               nullptr, true);
      b.figure(sec, "patrols.km", "巡护里程", "千米",
               tally(*patrols, [](const auto& g) { return g.a; }), drill, nullptr, nullptr, true);
      b.figure(sec, "patrols.hours", "巡护时长", "小时",
               tally(*patrols, [](const auto& g) { return g.b; }), drill, nullptr, nullptr, true);
      b.figure(
          sec, "patrols.tools_removed", "清除猎捕工具（已计数）", "件",
          tally(*traps, [](const auto& g) { return g.a; }), "",
          [](const std::string& k) { return std::string(tool_kind_label(k)); }, no_drill, true);
      b.figure(
          sec, "patrols.trap_removals", "清除猎捕工具记录", "次", tally(*traps, count_of), "",
          [](const std::string& k) { return std::string(tool_kind_label(k)); }, no_drill);
      b.figure(sec, "patrols.trap_removals_uncounted", "其中未计数量的记录", "次",
               tally(*traps, [](const auto& g) { return g.b; }), "");
    }

    // ---- inspections, rectification, closures ----
    QF_LOAD(inspections_all, store::StatisticsRepository::inspections(s, scope, false));
    QF_LOAD(inspections, store::StatisticsRepository::inspections(s, scope, true));
    QF_LOAD(findings, store::StatisticsRepository::inspection_findings(s, scope));
    QF_LOAD(orders, store::StatisticsRepository::rectifications(s, scope));
    QF_LOAD(closures, store::StatisticsRepository::places_closed(s, scope));
    {
      auto& sec = b.section("inspections", "清理整顿");
      const std::string drill =
          unless_department(drill_link("/api/v1/inspections", {{"from", f}, {"to", t}}));
      Tally held = tally(*inspections, count_of);
      b.figure(sec, "inspections.count", "检查次数", "次", held, drill, nullptr, nullptr, true);
      // Distinct places over all departments; per department its own.
      Tally places = tally(*inspections, [](const auto& g) { return g.a; });
      places.total = tally(*inspections_all, [](const auto& g) { return g.a; }).total;
      b.figure(sec, "inspections.places", "检查场所", "处", places, "", nullptr, nullptr, true);
      b.figure(sec, "inspections.with_findings", "发现问题的检查", "次",
               tally(*inspections, [](const auto& g) { return g.b; }),
               with_filter(drill, "has_findings", "true"));
      b.figure(
          sec, "inspections.findings", "发现问题", "项", tally(*findings, count_of), "",
          [](const std::string& k) { return std::string(finding_kind_label(k)); },
          [&](const std::string& k) { return with_filter(drill, "finding_kind", k); });
      b.figure(sec, "inspections.banned_tools", "发现销售禁用猎捕工具", "项",
               tally(*findings, count_of, [](const auto& g) { return g.key == "banned_tools"; }),
               with_filter(drill, "finding_kind", "banned_tools"));
      // The rectification list filters by issue date and state; its
      // overdue=true also lists orders rechecked not done, so the overdue
      // figure has no drill.
      const std::string orders_drill =
          unless_department(drill_link("/api/v1/rectifications", {{"from", f}, {"to", t}}));
      b.figure(
          sec, "rectifications.issued", "责令整改", "份", tally(*orders, count_of), orders_drill,
          [](const std::string& k) { return std::string(rectification_state_label(k)); },
          [&](const std::string& k) { return with_filter(orders_drill, "state", k); }, true);
      b.figure(sec, "rectifications.done", "整改完成", "份",
               tally(*orders, count_of, [](const auto& g) { return g.key == "done"; }),
               with_filter(orders_drill, "state", "done"));
      b.figure(sec, "rectifications.not_done", "复查未整改", "份",
               tally(*orders, count_of, [](const auto& g) { return g.key == "not_done"; }),
               with_filter(orders_drill, "state", "not_done"));
      b.figure(sec, "rectifications.overdue", "逾期未复查", "份",
               tally(*orders, [](const auto& g) { return g.a; }), "");
      b.figure(
          sec, "places.closed", "取缔", "处", tally(*closures, count_of), "",
          [](const std::string& k) { return std::string(place_type_label(k)); }, no_drill, true);
    }

    // ---- transport checks ----
    QF_LOAD(checks, store::StatisticsRepository::transport_checks(s, scope));
    {
      auto& sec = b.section("transport", "运输寄递检查");
      const std::string drill =
          unless_department(drill_link("/api/v1/transport-checks", {{"from", f}, {"to", t}}));
      b.figure(
          sec, "transport.checks", "检查", "次", tally(*checks, count_of), drill,
          [](const std::string& k) { return std::string(transport_finding_label(k).value_or(k)); },
          [&](const std::string& k) { return with_filter(drill, "finding", k); }, true);
      b.figure(sec, "transport.spot_checks", "其中抽检", "次",
               tally(*checks, [](const auto& g) { return g.a; }), "");
      b.figure(sec, "transport.findings", "查获（有发现）", "次",
               tally(*checks, count_of, [](const auto& g) { return g.key != "none"; }), "", nullptr,
               nullptr, true);
      b.figure(sec, "transport.banned_tools", "查获禁用猎捕工具/渔具", "次",
               tally(*checks, count_of, [](const auto& g) { return g.key == "banned_tool"; }),
               with_filter(drill, "finding", "banned_tool"));
      b.figure(sec, "transport.handovers", "移交查处", "次",
               tally(*checks, [](const auto& g) { return g.b; }), "", nullptr, nullptr, true);
    }

    // ---- customs ----
    QF_LOAD(assessments, store::StatisticsRepository::customs_assessments(s, scope));
    QF_LOAD(seizures, store::StatisticsRepository::seizures(s, scope));
    {
      auto& sec = b.section("customs", "海关");
      // Assessments list by date and level for those who may read them
      // (海关, office, inspector); seizures list by date and product.
      const std::string assessed =
          out.all_departments || AccessPolicy::allows(actor, Action::kRecordCustoms)
              ? unless_department(
                    drill_link("/api/v1/customs/assessments", {{"from", f}, {"to", t}}))
              : std::string();
      const std::string seized =
          unless_department(drill_link("/api/v1/seizures", {{"from", f}, {"to", t}}));
      b.figure(sec, "customs.assessments", "风险评估", "份", tally(*assessments, count_of),
               assessed, customs_level_label,
               [&](const std::string& k) { return with_filter(assessed, "level", k); });
      b.figure(
          sec, "customs.seizures", "查获", "起", tally(*seizures, count_of), seized,
          [](const std::string& k) { return std::string(seizure_product_label(k).value_or(k)); },
          [&](const std::string& k) { return with_filter(seized, "product_type", k); }, true);
      b.figure(sec, "customs.seizure_weight_kg", "查获重量", "千克",
               tally(*seizures, [](const auto& g) { return g.a; }), seized, nullptr, nullptr, true);
      b.figure(sec, "customs.seizure_pieces", "查获件数", "件",
               tally(*seizures, [](const auto& g) { return g.b; }), seized);
    }

    // ---- intake events (no department) ----
    if (out.all_departments) {
      QF_LOAD(events, store::StatisticsRepository::intake_events(s, scope));
      auto& sec = b.section("intake", "网格与视频事件接入");
      b.figure(sec, "intake.events", "接入事件", "条", tally(*events, count_of), "",
               intake_source_label, no_drill);
    } else {
      out.omitted.emplace_back("intake", "接入事件不属于任何部门，只有协调机制办公室和督导组查看");
    }
    // ---- publicity and training (宣传培训) ----
    QF_LOAD(publicity, store::StatisticsRepository::publicity(s, scope));
    {
      auto& sec = b.section("publicity", "宣传培训");
      const auto drill = [&](const std::string& kinds) {
        return drill_link("/api/v1/publicity-events",
                          {{"kind", kinds}, {"from", f}, {"to", t}, {"department", dept}});
      };
      auto is_training = [](const StatsGroup& g) { return g.key == "training"; };
      auto not_training = [](const StatsGroup& g) { return g.key != "training"; };
      b.figure(
          sec, "publicity.events", "宣传活动", "次", tally(*publicity, count_of, not_training),
          drill(std::string(kPublicityEventKinds)),
          [](const std::string& k) { return std::string(publicity_kind_label(k).value_or(k)); },
          [&](const std::string& k) { return drill(k); }, true);
      b.figure(sec, "publicity.trainings", "培训", "次", tally(*publicity, count_of, is_training),
               drill("training"), nullptr, nullptr, true);
      b.figure(sec, "publicity.attendees", "培训参训人数", "人次",
               tally(
                   *publicity, [](const auto& g) { return g.a; }, is_training),
               drill("training"), nullptr, nullptr, true);
    }
#undef QF_LOAD

    // ---- the ranking rows: office first, then the departments ----
    std::vector<const store::Department*> top;
    for (const auto& d : *departments)
      if (!d.parent_id && d.active) top.push_back(&d);
    std::stable_sort(top.begin(), top.end(), [](const auto* a, const auto* b) {
      return (a->kind == "office") > (b->kind == "office");
    });
    for (const auto* d : top) {
      if (scope.department_id && d->id != *scope.department_id) continue;
      DepartmentFigures row{d->id, d->code, d->name, d->short_name, {}};
      for (const auto& column : out.ranking_columns) {
        const auto& by_department = b.ranked().at(column.code);
        auto it = by_department.find(d->id);
        row.values[column.code] = it == by_department.end() ? 0 : it->second;
      }
      out.departments.push_back(std::move(row));
    }

    out.not_counted = {
        {"persons_penalised",
         "案件当事人没有逐人记录处罚结果（处罚决定记在案件上），故只统计作出处罚决定的案件数"},
        {"persons_transferred", "行刑衔接按案件移送记录，未记录移送的人员，故只统计移送案件数"},
        {"zone_coverage",
         "巡护覆盖率按保护区逐个计算（GET /api/v1/zones/{id}/coverage），不汇总为一个数"},
        {"banned_tools_by_kind_at_inspections_and_checks",
         "检查和运输检查只记录发现了禁用工具，未记录工具种类和数量；工具种类只在巡护清除记录中"},
        {"township", "案件、线索、检查记录未结构化记录乡镇，暂不支持按乡镇统计"},
    };
    return out;
  });
}

json to_json(const Statistics& stats) {
  auto drill = [](const std::string& d) { return d.empty() ? json(nullptr) : json(d); };
  json sections = json::array();
  for (const auto& s : stats.sections) {
    json figures = json::array();
    for (const auto& f : s.figures) {
      json breakdown = json::array();
      for (const auto& b : f.breakdown)
        breakdown.push_back(
            {{"key", b.key}, {"label", b.label}, {"value", b.value}, {"drill", drill(b.drill)}});
      figures.push_back({{"code", f.code},
                         {"label", f.label},
                         {"unit", f.unit},
                         {"value", f.value},
                         {"drill", drill(f.drill)},
                         {"breakdown", std::move(breakdown)}});
    }
    sections.push_back({{"code", s.code}, {"label", s.label}, {"figures", std::move(figures)}});
  }
  json columns = json::array();
  for (const auto& c : stats.ranking_columns)
    columns.push_back({{"code", c.code}, {"label", c.label}, {"unit", c.unit}, {"group", c.group}});
  json rows = json::array();
  for (const auto& d : stats.departments)
    rows.push_back({{"department_code", d.code},
                    {"name", d.name},
                    {"short_name", d.short_name},
                    {"values", d.values}});
  json omitted = json::array();
  for (const auto& [section, why] : stats.omitted)
    omitted.push_back({{"section", section}, {"reason", why}});
  json not_counted = json::array();
  for (const auto& [figure, why] : stats.not_counted)
    not_counted.push_back({{"figure", figure}, {"reason", why}});
  return {
      {"period",
       {{"from", stats.from},
        {"to", stats.to},
        {"from_date", format_iso8601(stats.from)},
        {"to_date", format_iso8601(stats.to)}}},
      {"department", stats.department_code.empty() ? json(nullptr) : json(stats.department_code)},
      {"scope", stats.all_departments ? "all" : "visible_to_department"},
      {"viewer_department", stats.viewer_department_code},
      {"sections", std::move(sections)},
      {"ranking", {{"columns", std::move(columns)}, {"rows", std::move(rows)}}},
      {"omitted", std::move(omitted)},
      {"not_counted", std::move(not_counted)}};
}

}  // namespace qf::service
