// EvaluationService and SupervisionService on both backends: a hand-counted
// March 2026 dataset written row by row, every indicator's score checked
// for every department (including ones an indicator does not apply to, a
// three-way tie and renormalised weights), the frozen run, the versioned
// indicator configuration, and who may do what.
#include "service/evaluation_service.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "service/supervision_service.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using nlohmann::json;
using testing::ServiceFixture;

const std::int64_t kFrom = *parse_china_date("2026-03-01");
const std::int64_t kTo = *parse_china_date("2026-04-01");
const std::int64_t kIn = kFrom + 5 * kDayMs;  // a Friday
const std::int64_t kBefore = kFrom - 3 * kDayMs;
constexpr std::int64_t kHour = 3600 * 1000;

class EvaluationServiceTest : public ::testing::Test {
 protected:
  EvaluationServiceTest()
      : office(f.make_user("office1", Role::kOffice, "OFFICE")),
        inspector(f.make_user("inspector1", Role::kInspector, "ZF")),
        lc_leader(f.make_user("lc-leader", Role::kLeader, "LC")),
        lc(f.make_user("lc-officer", Role::kOfficer, "LC")),
        wx(f.make_user("wx-officer", Role::kOfficer, "WX")),
        sj(f.make_user("sj-officer", Role::kOfficer, "SJ")),
        admin(f.make_user("admin1", Role::kAdmin, "OFFICE")) {
    seed();
  }

  std::int64_t insert(const std::string& sql) { return testing::insert_row(f.db(), sql); }
  void exec(const std::string& sql) { testing::exec_sql(f.db(), sql); }
  static std::string n(std::int64_t v) { return std::to_string(v); }
  std::string dept(const std::string& code) { return n(f.department_id(code)); }

  void tip(const std::string& code, const std::string& state, const std::string& assigned,
           std::int64_t at, std::int64_t changed, std::int64_t due) {
    insert(
        "INSERT INTO tips (receipt_code, channel, content, state, owner_department_id, "
        "assigned_department_id, state_changed_at, due_at, created_at, updated_at) VALUES ('" +
        code + "', 'hotline', '举报内容', '" + state + "', " + dept("OFFICE") + ", " +
        dept(assigned) + ", " + n(changed) + ", " + n(due) + ", " + n(at) + ", " + n(at) + ")");
  }
  std::int64_t case_(const std::string& number, const std::string& owner, const std::string& state,
                     std::int64_t at, std::int64_t due = 0) {
    return insert(
        "INSERT INTO cases (number, title, offence_type, source, state, owner_department_id, "
        "due_at, created_at, updated_at) VALUES ('" +
        number + "', '案件', 'illegal_trade', 'tip', '" + state + "', " + dept(owner) + ", " +
        n(due) + ", " + n(at) + ", " + n(at) + ")");
  }
  void inspection(std::int64_t place_id, const std::string& owner, std::int64_t at) {
    insert(
        "INSERT INTO inspections (place_id, inspected_at, owner_department_id, created_at, "
        "updated_at) VALUES (" +
        n(place_id) + ", " + n(at) + ", " + dept(owner) + ", " + n(at) + ", " + n(at) + ")");
  }
  void listing(const std::string& hash, std::int64_t reviewer, const std::string& takedown,
               std::int64_t down_at) {
    insert(
        "INSERT INTO listings (platform, content_hash, received_at, review_state, reviewer_id, "
        "reviewed_at, takedown_state, taken_down_at, created_at, updated_at) VALUES ('闲鱼', '" +
        hash + "', " + n(kIn) + ", 'confirmed', " + n(reviewer) + ", " + n(kIn + kHour) + ", '" +
        takedown + "', " + n(down_at) + ", " + n(kIn) + ", " + n(kIn) + ")");
  }

  void seed() {
    // Tips (whole deadline 1+2+10 = 13 working days from creation).
    // 林草: one handled in a day (on time), one closed 40 days later (late),
    // one still 核查中 long past its deadline (late; also overdue now);
    // one from before the period (ignored). 农业农村: one on time.
    tip("T1", "concluded", "LC", kIn, kIn + kDayMs, 0);
    tip("T2", "unfounded", "LC", kIn, kIn + 40 * kDayMs, 0);
    tip("T3", "verifying", "LC", kIn, kIn, kIn + 10 * kDayMs);
    tip("T4", "concluded", "LC", kBefore, kBefore + 30 * kDayMs, 0);
    tip("T5", "concluded", "NY", kIn, kIn + 2 * kDayMs, 0);

    // Cases: 林草 one closed, one open, one 不予立案 (left out) → 50 %;
    // 农业农村 one closed → 100 %; 公安 one open and overdue → 0 %.
    case_("LC-1", "LC", "closed", kIn);
    case_("LC-2", "LC", "filed", kIn);
    case_("LC-3", "LC", "not_filed", kIn);
    case_("NY-1", "NY", "closed", kIn);
    auto ga_case = case_("GA-1", "GA", "investigating", kIn, kIn + 5 * kDayMs);

    // Criminal transfers to 公安: one accepted, one waiting → 50 %.
    for (const char* state : {"accepted", "requested"})
      exec(
          "INSERT INTO transfers (entity, entity_id, kind, from_department_id, "
          "to_department_id, state, requested_by, requested_at) VALUES ('case', " +
          n(ga_case) + ", 'criminal', " + dept("LC") + ", " + dept("GA") + ", '" + state +
          "', 1, " + n(kIn) + ")");

    // A 林草 plan (4 patrols, 40 km, ended in the period) with 2 patrols and
    // 30 km → 50 % and 75 %. 农业农村 has no plan.
    auto zone = insert(
        "INSERT INTO zones (name, kind, owner_department_id, geometry, min_lon, min_lat, "
        "max_lon, max_lat, area_km2, created_at, updated_at) VALUES ('沙坡头保护区', "
        "'nature_reserve', " +
        dept("LC") +
        ", '{\"type\":\"Polygon\",\"coordinates\":[[[105,37],[105.1,37],[105.1,37.1],[105,37],"
        "[105,37]]]}', 105, 37, 105.1, 37.1, 50, " +
        n(kBefore) + ", " + n(kBefore) + ")");
    insert(
        "INSERT INTO patrol_plans (zone_id, team, period_from, period_to, target_patrols, "
        "target_km, owner_department_id, created_at, updated_at) VALUES (" +
        n(zone) + ", '', " + n(kFrom) + ", " + n(kFrom + 10 * kDayMs) + ", 4, 40, " + dept("LC") +
        ", " + n(kBefore) + ", " + n(kBefore) + ")");
    for (double km : {10.0, 20.0})
      insert(
          "INSERT INTO patrols (owner_department_id, zone_id, team, transport, started_at, "
          "ended_at, km, hours, created_at, updated_at) VALUES (" +
          dept("LC") + ", " + n(zone) + ", '一队', 'foot', " + n(kFrom + 2 * kDayMs) + ", " +
          n(kFrom + 2 * kDayMs + kHour) + ", " + std::to_string(km) + ", 1, " + n(kFrom) + ", " +
          n(kFrom) + ")");

    // Inspections: 林草 2, 市场监管 1 → 100 and 50; 公安, 农业农村 0.
    place_id = insert(
        "INSERT INTO places (place_type, name, owner_department_id, status, created_at, "
        "updated_at) VALUES ('market', '市场', " +
        dept("SJ") + ", 'active', " + n(kBefore) + ", " + n(kBefore) + ")");
    inspection(place_id, "LC", kIn);
    inspection(place_id, "LC", kIn + kDayMs);
    inspection(place_id, "SJ", kIn);

    // Listings: 网信 confirmed two, down after 10 h and 30 h (median 20 ≤ 48
    // → 100); 市场监管 one never taken down: kIn → kTo = 624 h → 48/624.
    listing("h1", wx.id, "taken_down", kIn + 10 * kHour);
    listing("h2", wx.id, "verified", kIn + 30 * kHour);
    listing("h3", sj.id, "requested", 0);

    // One report period due kIn + 2 days: 林草 on time, 农业农村 late, the
    // rest never submitted.
    auto period = insert(
        "INSERT INTO report_periods (kind, title, period_from, period_to, due_at, created_at) "
        "VALUES ('monthly', '2月月报', " +
        n(kFrom - 28 * kDayMs) + ", " + n(kFrom) + ", " + n(kIn + 2 * kDayMs) + ", " + n(kFrom) +
        ")");
    auto submission = [&](const std::string& code, std::int64_t at) {
      insert(
          "INSERT INTO report_submissions (period_id, department_id, state, submitted_at, "
          "first_submitted_at, created_at, updated_at) VALUES (" +
          n(period) + ", " + dept(code) + ", 'submitted', " + n(at) + ", " + n(at) + ", " + n(at) +
          ", " + n(at) + ")");
    };
    submission("LC", kIn + kDayMs);
    submission("NY", kIn + 3 * kDayMs);

    // Publicity: 林草 two events, 农业农村 one training → 100 and 50.
    auto publicity = [&](const std::string& code, const std::string& kind) {
      insert(
          "INSERT INTO publicity_events (kind, title, held_at, organiser_department_id, "
          "created_at, updated_at) VALUES ('" +
          kind + "', '宣传', " + n(kIn) + ", " + dept(code) + ", " + n(kIn) + ", " + n(kIn) + ")");
    };
    publicity("LC", "announcement");
    publicity("LC", "poster");
    publicity("NY", "training");
  }

  const json& department(const EvaluationRun& run, const std::string& code) {
    for (const auto& d : run.result["departments"])
      if (d["department_code"] == code) return d;
    static const json none;
    ADD_FAILURE() << "no department " << code;
    return none;
  }
  const json& score(const EvaluationRun& run, const std::string& code, const std::string& ind) {
    for (const auto& s : department(run, code)["scores"])
      if (s["code"] == ind) return s;
    static const json none;
    ADD_FAILURE() << "no score " << code << " " << ind;
    return none;
  }
  double score_of(const EvaluationRun& run, const std::string& code, const std::string& ind) {
    const auto& s = score(run, code, ind);
    return s["score"].is_number() ? s["score"].get<double>() : -1;
  }

  EvaluationRun run_march() {
    auto run = EvaluationService(f.ctx()).create_run(f.as(office), kFrom, kTo, "三月考核");
    EXPECT_TRUE(run) << (run ? "" : run.error().message);
    return run ? *run : EvaluationRun{};
  }

  ServiceFixture f;
  store::User office, inspector, lc_leader, lc, wx, sj, admin;
  std::int64_t place_id = 0;
};

TEST_F(EvaluationServiceTest, ScoresMatchTheHandCount) {
  auto run = run_march();
  ASSERT_GT(run.id, 0);
  EXPECT_EQ(run.indicator_version, 0);

  // Tips: 林草 1 on time of 3; 农业农村 1 of 1; 公安 none → not measured.
  EXPECT_DOUBLE_EQ(score_of(run, "LC", "tips.on_time"), 33.33);
  EXPECT_EQ(score(run, "LC", "tips.on_time")["numerator"], 1);
  EXPECT_EQ(score(run, "LC", "tips.on_time")["denominator"], 3);
  EXPECT_DOUBLE_EQ(score_of(run, "NY", "tips.on_time"), 100);
  EXPECT_FALSE(score(run, "GA", "tips.on_time")["measured"].get<bool>());
  // Cases.
  EXPECT_DOUBLE_EQ(score_of(run, "LC", "cases.closure_rate"), 50);
  EXPECT_EQ(score(run, "LC", "cases.closure_rate")["denominator"], 2);
  EXPECT_DOUBLE_EQ(score_of(run, "NY", "cases.closure_rate"), 100);
  EXPECT_DOUBLE_EQ(score_of(run, "GA", "cases.closure_rate"), 0);
  // Overdue: 林草 tip T3, 公安 case GA-1, 5 points each.
  EXPECT_DOUBLE_EQ(score_of(run, "LC", "overdue.items"), 95);
  EXPECT_DOUBLE_EQ(score_of(run, "GA", "overdue.items"), 95);
  EXPECT_DOUBLE_EQ(score_of(run, "NY", "overdue.items"), 100);
  // Criminal transfers: only 公安.
  EXPECT_DOUBLE_EQ(score_of(run, "GA", "transfers.criminal"), 50);
  EXPECT_FALSE(score(run, "LC", "transfers.criminal")["applies"].get<bool>());
  // Patrol plans: 林草 2 of 4 patrols, 30 of 40 km; 农业农村 no plan; 公安 not its duty.
  EXPECT_DOUBLE_EQ(score_of(run, "LC", "patrols.plan_count"), 50);
  EXPECT_DOUBLE_EQ(score_of(run, "LC", "patrols.plan_km"), 75);
  EXPECT_TRUE(score(run, "NY", "patrols.plan_count")["applies"].get<bool>());
  EXPECT_FALSE(score(run, "NY", "patrols.plan_count")["measured"].get<bool>());
  EXPECT_FALSE(score(run, "GA", "patrols.plan_count")["applies"].get<bool>());
  EXPECT_FALSE(score(run, "WX", "patrols.plan_km")["applies"].get<bool>());
  // Inspections relative to 林草's 2.
  EXPECT_DOUBLE_EQ(score_of(run, "LC", "inspections.count"), 100);
  EXPECT_DOUBLE_EQ(score_of(run, "SJ", "inspections.count"), 50);
  EXPECT_DOUBLE_EQ(score_of(run, "GA", "inspections.count"), 0);
  EXPECT_FALSE(score(run, "WX", "inspections.count")["applies"].get<bool>());
  // Listings.
  EXPECT_DOUBLE_EQ(score_of(run, "WX", "listings.takedown"), 100);
  EXPECT_DOUBLE_EQ(score(run, "WX", "listings.takedown")["value"].get<double>(), 20);
  EXPECT_DOUBLE_EQ(score_of(run, "SJ", "listings.takedown"), 7.69);
  EXPECT_FALSE(score(run, "LC", "listings.takedown")["applies"].get<bool>());
  // Reports.
  EXPECT_DOUBLE_EQ(score_of(run, "LC", "reports.on_time"), 100);
  EXPECT_DOUBLE_EQ(score_of(run, "NY", "reports.on_time"), 0);
  EXPECT_DOUBLE_EQ(score_of(run, "HG", "reports.on_time"), 0);
  // Publicity relative to 林草's 2.
  EXPECT_DOUBLE_EQ(score_of(run, "LC", "publicity.held"), 100);
  EXPECT_DOUBLE_EQ(score_of(run, "NY", "publicity.held"), 50);
  EXPECT_DOUBLE_EQ(score_of(run, "JT", "publicity.held"), 0);

  // Totals over what applies and was measured (weights renormalised).
  auto total = [&](const std::string& code) {
    return department(run, code)["total"].get<double>();
  };
  EXPECT_DOUBLE_EQ(total("LC"), 72.81);  // 5824.95 / 80
  EXPECT_DOUBLE_EQ(total("NY"), 64.29);  // 4500 / 70
  EXPECT_DOUBLE_EQ(total("WX"), 50);     // 2000 / 40
  EXPECT_DOUBLE_EQ(total("ZF"), 33.33);  // 1000 / 30
  EXPECT_DOUBLE_EQ(total("JT"), 33.33);
  EXPECT_DOUBLE_EQ(total("HG"), 33.33);
  EXPECT_DOUBLE_EQ(total("SJ"), 31.54);  // 1576.92 / 50
  EXPECT_DOUBLE_EQ(total("GA"), 22.31);  // 1450 / 65
  EXPECT_EQ(department(run, "GA")["applied_weight"], 65);
  EXPECT_DOUBLE_EQ(score(run, "HG", "overdue.items")["effective_weight"].get<double>(), 33.33);

  // Ranking with the three-way tie sharing 4th place.
  auto rank = [&](const std::string& code) { return department(run, code)["rank"].get<int>(); };
  EXPECT_EQ(rank("LC"), 1);
  EXPECT_EQ(rank("NY"), 2);
  EXPECT_EQ(rank("WX"), 3);
  EXPECT_EQ(rank("ZF"), 4);
  EXPECT_EQ(rank("JT"), 4);
  EXPECT_EQ(rank("HG"), 4);
  EXPECT_EQ(rank("SJ"), 7);
  EXPECT_EQ(rank("GA"), 8);
  EXPECT_EQ(run.result["ranking"].size(), 8u);
  EXPECT_TRUE(run.result["ranking"][3]["tied"].get<bool>());
  // The office runs the evaluation; it is not ranked.
  for (const auto& d : run.result["departments"]) EXPECT_NE(d["department_code"], "OFFICE");

  // Each score explains itself.
  const auto& lc_cases = score(run, "LC", "cases.closure_rate");
  EXPECT_FALSE(lc_cases["formula"].get<std::string>().empty());
  ASSERT_FALSE(lc_cases["drills"].empty());
  EXPECT_EQ(lc_cases["drills"][0]["href"],
            "/api/v1/cases?owner_department=LC&created_from=" + std::to_string(kFrom) +
                "&created_to=" + std::to_string(kTo));
  EXPECT_EQ(score(run, "GA", "patrols.plan_count")["reason"].get<std::string>().rfind("不属于", 0),
            0u);
}

TEST_F(EvaluationServiceTest, StoredRunIsFrozen) {
  auto run = run_march();
  ASSERT_GT(run.id, 0);
  // Records and weights change after the run.
  inspection(place_id, "SJ", kIn + 2 * kDayMs);
  inspection(place_id, "SJ", kIn + 3 * kDayMs);
  EvaluationService service(f.ctx());
  auto put = service.put_indicators(f.as(office), {{"reports.on_time", 0, true, -1, -1}}, 0);
  ASSERT_TRUE(put) << put.error().message;

  auto stored = service.get_run(f.as(office), run.id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->result, run.result);
  EXPECT_EQ(stored->indicator_version, 0);
  EXPECT_DOUBLE_EQ(score_of(*stored, "SJ", "inspections.count"), 50);

  auto again = service.create_run(f.as(office), kFrom, kTo, "三月考核（重算）");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->indicator_version, 1);
  EXPECT_DOUBLE_EQ(score_of(*again, "SJ", "inspections.count"), 100);  // 3 of 3
  EXPECT_DOUBLE_EQ(score_of(*again, "LC", "inspections.count"), 66.67);
  EXPECT_FALSE(score(*again, "HG", "reports.on_time")["counted"].get<bool>());
  EXPECT_DOUBLE_EQ(department(*again, "HG")["total"].get<double>(), 50);  // (1000 + 0) / 20

  auto runs = service.list_runs(f.as(inspector), 20, 0);
  ASSERT_TRUE(runs);
  EXPECT_EQ(runs->total, 2);
}

TEST_F(EvaluationServiceTest, IndicatorsAreVersionedAndAudited) {
  EvaluationService service(f.ctx());
  auto current = service.indicators(f.as(lc_leader));
  ASSERT_TRUE(current);
  EXPECT_EQ(current->version, 0);
  double sum = 0;
  for (const auto& s : current->settings) sum += s.weight;
  EXPECT_DOUBLE_EQ(sum, 100);
  auto j = to_json(*current);
  for (const auto& i : j["indicators"])
    EXPECT_NE(i["basis"].get<std::string>().find("非官方"), std::string::npos);

  auto changed = service.put_indicators(
      f.as(office), {{"tips.on_time", 30, true, -1, -1}, {"listings.takedown", 10, true, 24, -1}},
      0);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(changed->version, 1);
  // Stale base version.
  auto stale = service.put_indicators(f.as(office), {{"tips.on_time", 20, true, -1, -1}}, 0);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kPreconditionFailed);
  // Unknown code and bad weight.
  auto bad = service.put_indicators(f.as(office), {{"nope", 10, true, -1, -1}}, 1);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
  // Only the office configures.
  auto denied = service.put_indicators(f.as(inspector), {{"tips.on_time", 20, true, -1, -1}}, 1);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::kForbidden);

  auto now = service.indicators(f.as(inspector));
  ASSERT_TRUE(now);
  EXPECT_EQ(now->version, 1);
  for (const auto& s : now->settings) {
    if (s.code == "tips.on_time") {
      EXPECT_DOUBLE_EQ(s.weight, 30);
    }
    if (s.code == "listings.takedown") {
      EXPECT_DOUBLE_EQ(s.target_hours, 24);
    }
    if (s.code == "cases.closure_rate") {
      EXPECT_DOUBLE_EQ(s.weight, 15);
    }
  }
  auto audited = f.db().read([&](soci::session& s) -> Result<long long> {
    long long count = 0;
    s << "SELECT COUNT(*) FROM audit_log WHERE action = 'evaluation_indicators.update'",
        soci::into(count);
    return count;
  });
  ASSERT_TRUE(audited);
  EXPECT_EQ(*audited, 1);
}

TEST_F(EvaluationServiceTest, WhoMayRunAndRead) {
  EvaluationService service(f.ctx());
  auto by_inspector = service.create_run(f.as(inspector), kFrom, kTo, "x");
  ASSERT_FALSE(by_inspector);
  EXPECT_EQ(by_inspector.error().code, ErrorCode::kForbidden);
  auto by_officer = service.list_runs(f.as(lc), 20, 0);
  ASSERT_FALSE(by_officer);
  EXPECT_EQ(by_officer.error().code, ErrorCode::kForbidden);
  EXPECT_FALSE(service.indicators(f.as(admin)));
  auto bad_period = service.create_run(f.as(office), kTo, kFrom, "x");
  ASSERT_FALSE(bad_period);
  EXPECT_EQ(bad_period.error().code, ErrorCode::kInvalidInput);
  auto run = run_march();
  auto read = service.get_run(f.as(lc_leader), run.id);
  ASSERT_TRUE(read);
  auto missing = service.get_run(f.as(office), run.id + 100);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(EvaluationServiceTest, SupervisionVisitsAndOutcomesBesideTheDepartment) {
  SupervisionService visits(f.ctx());
  SupervisionInput in;
  in.visited_at = kIn;
  in.members = std::vector<std::string>{"周组长", "钱督导"};
  in.departments = std::vector<VisitedDepartmentInput>{{"SJ", "criticism"}, {"LC", "praise"}};
  in.findings = "检查记录不全";
  in.rectification = "补齐记录";
  in.rectification_due_at = kIn + 7 * kDayMs;
  auto created = visits.create(f.as(inspector), in);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->departments.size(), 2u);

  // Departments read the visits that concern them; others get 404.
  EXPECT_TRUE(visits.get(f.as(sj), created->id));
  EXPECT_TRUE(visits.get(f.as(lc), created->id));
  auto hidden = visits.get(f.as(wx), created->id);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code, ErrorCode::kNotFound);
  auto wx_list = visits.list(f.as(wx), {}, 20, 0);
  ASSERT_TRUE(wx_list);
  EXPECT_EQ(wx_list->total, 0);
  auto sj_list = visits.list(f.as(sj), {}, 20, 0);
  ASSERT_TRUE(sj_list);
  EXPECT_EQ(sj_list->total, 1);
  // A department may not change it; a visit needs a department and valid outcome.
  SupervisionInput change;
  change.findings = "改";
  auto by_sj = visits.update(f.as(sj), created->id, change, created->version);
  ASSERT_FALSE(by_sj);
  EXPECT_EQ(by_sj.error().code, ErrorCode::kForbidden);
  auto by_wx = visits.update(f.as(wx), created->id, change, created->version);
  ASSERT_FALSE(by_wx);
  EXPECT_EQ(by_wx.error().code, ErrorCode::kNotFound);
  SupervisionInput bad = in;
  bad.departments = std::vector<VisitedDepartmentInput>{{"SJ", "scolding"}};
  EXPECT_FALSE(visits.create(f.as(inspector), bad));
  bad.departments = std::vector<VisitedDepartmentInput>{{"NOPE", "none"}};
  EXPECT_FALSE(visits.create(f.as(inspector), bad));
  EXPECT_FALSE(visits.create(f.as(lc), in));
  // The inspector changes it (If-Match version).
  change.departments = std::vector<VisitedDepartmentInput>{{"SJ", "interview"}};
  auto updated = visits.update(f.as(inspector), created->id, change, created->version);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(updated->departments.size(), 1u);
  auto stale = visits.update(f.as(inspector), created->id, change, created->version);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kPreconditionFailed);

  // Outcomes appear beside the department; weight 0 → not in the total.
  auto run = run_march();
  const auto& sj_row = department(run, "SJ");
  ASSERT_EQ(sj_row["supervision"].size(), 1u);
  EXPECT_EQ(sj_row["supervision"][0]["outcome_label"], "约谈");
  EXPECT_DOUBLE_EQ(score_of(run, "SJ", "supervision.outcome"), 40);
  EXPECT_FALSE(score(run, "SJ", "supervision.outcome")["counted"].get<bool>());
  EXPECT_DOUBLE_EQ(sj_row["total"].get<double>(), 31.54);
}

}  // namespace
}  // namespace qf::service
