// StatisticsService on both backends: a hand-counted dataset written row by
// row (records inside and outside March 2026), every figure checked exactly
// for the office, then the row-level scope (林草 counts its own and shared
// records only), the department filter, drill links, period validation and
// who may ask.
#include "service/statistics_service.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using testing::ServiceFixture;

const std::int64_t kFrom = *parse_china_date("2026-03-01");
const std::int64_t kTo = *parse_china_date("2026-04-01");
const std::int64_t kIn = kFrom + 5 * kDayMs;
const std::int64_t kBefore = kFrom - kDayMs;
constexpr std::int64_t kHour = 3600 * 1000;

class StatisticsServiceTest : public ::testing::Test {
 protected:
  StatisticsServiceTest()
      : office(f.make_user("office1", Role::kOffice, "OFFICE")),
        inspector(f.make_user("inspector1", Role::kInspector, "OFFICE")),
        lc(f.make_user("lc-officer", Role::kOfficer, "LC")),
        ny(f.make_user("ny-officer", Role::kOfficer, "NY")),
        ga(f.make_user("ga-officer", Role::kOfficer, "GA")),
        admin(f.make_user("admin1", Role::kAdmin, "OFFICE")) {
    seed();
  }

  std::int64_t insert(const std::string& sql) { return testing::insert_row(f.db(), sql); }
  void exec(const std::string& sql) { testing::exec_sql(f.db(), sql); }
  static std::string n(std::int64_t v) { return std::to_string(v); }
  void share(const std::string& entity, std::int64_t id, const std::string& dept) {
    exec("INSERT INTO record_shares (entity, entity_id, department_id, created_at) VALUES ('" +
         entity + "', " + n(id) + ", " + n(f.department_id(dept)) + ", " + n(kIn) + ")");
  }

  std::int64_t tip(const std::string& code, const std::string& channel, const std::string& state,
                   const std::string& assigned, std::int64_t at) {
    return insert(
        "INSERT INTO tips (receipt_code, channel, content, state, owner_department_id, "
        "assigned_department_id, state_changed_at, created_at, updated_at) VALUES ('" +
        code + "', '" + channel + "', '举报内容', '" + state + "', " +
        n(f.department_id("OFFICE")) + ", " + n(f.department_id(assigned)) + ", " + n(at) + ", " +
        n(at) + ", " + n(at) + ")");
  }
  std::int64_t case_(const std::string& number, const std::string& dept, const std::string& offence,
                     const std::string& source, int priority, int major, std::int64_t at,
                     const std::string& decision = "", std::int64_t fine = 0) {
    return insert(
        "INSERT INTO cases (number, title, offence_type, source, state, priority, major, "
        "owner_department_id, penalty_decision_no, penalty_amount_fen, created_at, updated_at) "
        "VALUES ('" +
        number + "', '案件', '" + offence + "', '" + source + "', 'filed', " + n(priority) + ", " +
        n(major) + ", " + n(f.department_id(dept)) + ", '" + decision + "', " + n(fine) + ", " +
        n(at) + ", " + n(at) + ")");
  }
  void item(std::int64_t case_id, int pos, const std::string& species, double count, double kg,
            const std::string& value_fen) {
    insert(
        "INSERT INTO case_items (case_id, position, species, count, weight_kg, part, origin, "
        "disposition, value_fen) VALUES (" +
        n(case_id) + ", " + n(pos) + ", '" + species + "', " + std::to_string(count) + ", " +
        std::to_string(kg) + ", 'whole_dead', 'wild', 'pending', " + value_fen + ")");
  }
  void transition(std::int64_t case_id, const std::string& from, const std::string& to,
                  std::int64_t at) {
    insert("INSERT INTO case_events (case_id, at, actor, kind, summary, data_json) VALUES (" +
           n(case_id) + ", " + n(at) + ", 'test', 'transition', '→', '{\"from\":\"" + from +
           "\",\"to\":\"" + to + "\"}')");
  }
  std::int64_t patrol(const std::string& dept, double km, double hours, std::int64_t at) {
    return insert(
        "INSERT INTO patrols (owner_department_id, team, transport, started_at, ended_at, "
        "km, hours, created_at, updated_at) VALUES (" +
        n(f.department_id(dept)) + ", '一队', 'foot', " + n(at) + ", " + n(at + kHour) + ", " +
        std::to_string(km) + ", " + std::to_string(hours) + ", " + n(at) + ", " + n(at) + ")");
  }
  void observation(std::int64_t patrol_id, const std::string& kind, const std::string& tool,
                   const std::string& count, std::int64_t at) {
    insert(
        "INSERT INTO patrol_observations (patrol_id, kind, tool_kind, item_count, lon, lat, "
        "observed_at, created_at) VALUES (" +
        n(patrol_id) + ", '" + kind + "', '" + tool + "', " + count + ", 105.1, 37.5, " + n(at) +
        ", " + n(at) + ")");
  }
  std::int64_t place(const std::string& dept, const std::string& type, const std::string& status,
                     std::int64_t closed_at) {
    return insert(
        "INSERT INTO places (place_type, name, owner_department_id, status, closed_at, "
        "created_at, updated_at) VALUES ('" +
        type + "', '场所', " + n(f.department_id(dept)) + ", '" + status + "', " + n(closed_at) +
        ", " + n(kBefore) + ", " + n(kBefore) + ")");
  }
  std::int64_t inspection(std::int64_t place_id, const std::string& dept, std::int64_t at) {
    return insert(
        "INSERT INTO inspections (place_id, inspected_at, owner_department_id, "
        "created_at, updated_at) VALUES (" +
        n(place_id) + ", " + n(at) + ", " + n(f.department_id(dept)) + ", " + n(at) + ", " + n(at) +
        ")");
  }

  void publicity(const std::string& dept, const std::string& kind, std::int64_t attendees,
                 std::int64_t at) {
    insert(
        "INSERT INTO publicity_events (kind, title, held_at, attendees, organiser_department_id, "
        "created_at, updated_at) VALUES ('" +
        kind + "', '宣传', " + n(at) + ", " + n(attendees) + ", " + n(f.department_id(dept)) +
        ", " + n(at) + ", " + n(at) + ")");
  }

  void seed() {
    // Tips: the office owns them; departments see those shared with them.
    auto t1 = tip("T1", "hotline", "case_opened", "LC", kIn);
    auto t2 = tip("T2", "hotline", "verifying", "NY", kIn);
    auto t3 = tip("T3", "public_web", "unfounded", "LC", kIn + kHour);
    auto t4 = tip("T4", "hotline", "concluded", "LC", kBefore);
    auto t5 = tip("T5", "hotline", "pending", "NY", kIn);
    share("tip", t1, "LC");
    share("tip", t2, "NY");
    share("tip", t3, "LC");
    share("tip", t4, "LC");
    share("tip", t5, "NY");
    share("tip", t5, "LC");

    // Cases: two of 林草 and one of 农业农村 in March, one of 林草 in February.
    auto c1 = case_("LC-1", "LC", "illegal_hunting", "tip", 1, 1, kIn, "林罚〔2026〕1号", 500000);
    auto c2 = case_("LC-2", "LC", "illegal_trade", "patrol", 0, 0, kIn);
    auto c3 = case_("NY-1", "NY", "illegal_fishing", "patrol", 1, 0, kIn);
    auto c4 = case_("LC-0", "LC", "illegal_hunting", "tip", 0, 0, kBefore);
    item(c1, 1, "穿山甲", 2, 3.5, "1000000");
    item(c1, 2, "象牙", 1, 1.2, "NULL");
    item(c3, 1, "中华鲟", 1, 0, "NULL");
    item(c4, 1, "穿山甲", 9, 9, "NULL");
    transition(c2, "executing", "closed", kIn + kHour);
    transition(c4, "executing", "closed", kIn);  // opened before, closed in March
    transition(c3, "filed", "investigating", kIn);
    transition(c1, "executing", "closed", kTo + kHour);  // after the period
    // 林草 sends one case to 公安 (accepted); 农业农村 hands one to 林草.
    exec(
        "INSERT INTO transfers (entity, entity_id, kind, from_department_id, to_department_id, "
        "state, requested_by, requested_at) VALUES ('case', " +
        n(c1) + ", 'criminal', " + n(f.department_id("LC")) + ", " + n(f.department_id("GA")) +
        ", 'accepted', 1, " + n(kIn) + ")");
    exec(
        "INSERT INTO transfers (entity, entity_id, kind, from_department_id, to_department_id, "
        "state, requested_by, requested_at) VALUES ('case', " +
        n(c3) + ", 'handover', " + n(f.department_id("NY")) + ", " + n(f.department_id("LC")) +
        ", 'requested', 1, " + n(kIn) + ")");

    // Patrols and trap removals.
    auto p1 = patrol("LC", 10.5, 3, kIn);
    auto p2 = patrol("NY", 4, 1, kIn);
    auto p3 = patrol("LC", 100, 10, kBefore);
    observation(p1, "trap_removal", "snare", "5", kIn);
    observation(p1, "trap_removal", "leghold_trap", "NULL", kIn);
    observation(p1, "wildlife", "", "3", kIn);
    observation(p2, "trap_removal", "snare", "2", kIn);
    observation(p3, "trap_removal", "snare", "50", kBefore);

    // Places, inspections, findings, rectification, a closure.
    auto pl1 = place("LC", "flower_bird_market", "rectifying", 0);
    auto pl2 = place("NY", "restaurant", "active", 0);
    place("LC", "tool_shop", "closed", kIn);
    place("NY", "tool_shop", "closed", kBefore);
    auto i1 = inspection(pl1, "LC", kIn);
    inspection(pl1, "LC", kIn + kHour);
    auto i3 = inspection(pl2, "NY", kIn);
    inspection(pl2, "NY", kBefore);
    insert("INSERT INTO inspection_findings (inspection_id, kind) VALUES (" + n(i1) +
           ", 'banned_tools')");
    insert("INSERT INTO inspection_findings (inspection_id, kind) VALUES (" + n(i1) +
           ", 'illegal_sale')");
    insert(
        "INSERT INTO rectification_orders (inspection_id, place_id, requirement, deadline, "
        "state, created_at, updated_at) VALUES (" +
        n(i1) + ", " + n(pl1) + ", '整改', " + n(kIn + kDayMs) + ", 'open', " + n(kIn) + ", " +
        n(kIn) + ")");
    insert(
        "INSERT INTO rectification_orders (inspection_id, place_id, requirement, deadline, "
        "state, created_at, updated_at) VALUES (" +
        n(i3) + ", " + n(pl2) + ", '整改', " + n(kIn + kDayMs) + ", 'done', " + n(kIn) + ", " +
        n(kIn) + ")");

    // Transport checks of 公安, customs of 海关.
    const std::string ga_id = n(f.department_id("GA")), hg_id = n(f.department_id("HG"));
    insert(
        "INSERT INTO transport_checks (kind, checked_at, spot_check, finding, "
        "owner_department_id, handed_over_at, created_at, updated_at) VALUES ('express', " +
        n(kIn) + ", 1, 'banned_tool', " + ga_id + ", " + n(kIn + kHour) + ", " + n(kIn) + ", " +
        n(kIn) + ")");
    insert(
        "INSERT INTO transport_checks (kind, checked_at, spot_check, finding, "
        "owner_department_id, created_at, updated_at) VALUES ('checkpoint', " +
        n(kIn) + ", 0, 'none', " + ga_id + ", " + n(kIn) + ", " + n(kIn) + ")");
    insert(
        "INSERT INTO customs_assessments (kind, score, level, recommendation, reasons, "
        "rules_version, owner_department_id, created_at) VALUES ('postal', 80, 'high', "
        "'重点查验', '[]', 1, " +
        hg_id + ", " + n(kIn) + ")");
    insert(
        "INSERT INTO seizures (seized_at, product_type, weight_kg, quantity_pieces, "
        "owner_department_id, created_at, updated_at) VALUES (" +
        n(kIn) +
        ", 'scales', 2.5, "
        "3, " +
        hg_id + ", " + n(kIn) + ", " + n(kIn) + ")");

    // Publicity and training: 林草 a training (40) and a poster (300, not
    // training attendees), its reserve a media report (counts for 林草);
    // 农业农村 an announcement, and a training before the period.
    publicity("LC", "training", 40, kIn);
    publicity("LC", "poster", 300, kIn);
    publicity("LC-BHQ", "media", 0, kIn + kHour);
    publicity("NY", "announcement", 1000, kIn);
    publicity("NY", "training", 25, kBefore);

    // Listings (no department) and an intake event.
    auto listing = [&](const std::string& hash, const std::string& review,
                       const std::string& takedown, std::int64_t down_at) {
      insert(
          "INSERT INTO listings (platform, content_hash, received_at, review_state, "
          "takedown_state, taken_down_at, created_at, updated_at) VALUES ('闲鱼', '" +
          hash + "', " + n(kIn) + ", '" + review + "', '" + takedown + "', " + n(down_at) + ", " +
          n(kIn) + ", " + n(kIn) + ")");
    };
    listing("h1", "confirmed", "taken_down", kIn + 10 * kHour);
    listing("h2", "confirmed", "verified", kIn + 20 * kHour);
    listing("h3", "pending", "", 0);
    listing("h4", "unflagged", "", 0);
    insert(
        "INSERT INTO intake_events (api_key_id, user_id, event_id, source, occurred_at, "
        "payload_sha256, tip_id, received_at) VALUES (1, 1, 'E1', 'grid_worker', " +
        n(kIn) + ", 'x', " + n(t2) + ", " + n(kIn) + ")");
  }

  Statistics compute(const store::User& u, const std::string& department = "") {
    auto r = StatisticsService(f.ctx()).compute(f.as(u), {kFrom, kTo, department});
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r ? *r : Statistics{};
  }
  static double value(const Statistics& s, const std::string& code) {
    const auto* fig = s.figure(code);
    EXPECT_NE(fig, nullptr) << code;
    return fig ? fig->value : -1;
  }
  static double part(const Statistics& s, const std::string& code, const std::string& key) {
    const auto* fig = s.figure(code);
    if (!fig) return -1;
    for (const auto& b : fig->breakdown)
      if (b.key == key) return b.value;
    return 0;
  }
  static double row(const Statistics& s, const std::string& dept, const std::string& code) {
    for (const auto& d : s.departments)
      if (d.code == dept) {
        auto it = d.values.find(code);
        return it == d.values.end() ? -1 : it->second;
      }
    return -2;
  }

  ServiceFixture f;
  store::User office, inspector, lc, ny, ga, admin;
};

TEST_F(StatisticsServiceTest, OfficeCountsEveryFigureOfThePeriod) {
  const auto s = compute(office);
  EXPECT_TRUE(s.all_departments);
  EXPECT_EQ(value(s, "tips.received"), 4);
  EXPECT_EQ(part(s, "tips.received", "hotline"), 3);
  EXPECT_EQ(part(s, "tips.received", "public_web"), 1);
  EXPECT_EQ(value(s, "tips.verified"), 2);
  EXPECT_EQ(value(s, "cases.opened"), 3);
  EXPECT_EQ(part(s, "cases.opened", "illegal_hunting"), 1);
  EXPECT_EQ(part(s, "cases.by_source", "patrol"), 2);
  EXPECT_EQ(value(s, "cases.priority"), 2);
  EXPECT_EQ(value(s, "cases.major"), 1);
  EXPECT_EQ(value(s, "cases.closed"), 2);
  EXPECT_EQ(value(s, "cases.penalised"), 1);
  EXPECT_DOUBLE_EQ(value(s, "cases.fines_yuan"), 5000);
  EXPECT_EQ(value(s, "transfers.criminal_sent"), 1);
  EXPECT_EQ(value(s, "transfers.criminal_accepted"), 1);
  EXPECT_EQ(value(s, "transfers.handovers_sent"), 1);
  EXPECT_EQ(value(s, "transfers.handovers_accepted"), 0);
  EXPECT_EQ(value(s, "specimens.items"), 3);
  EXPECT_DOUBLE_EQ(value(s, "specimens.count"), 4);
  EXPECT_DOUBLE_EQ(part(s, "specimens.count", "穿山甲"), 2);
  EXPECT_NEAR(value(s, "specimens.weight_kg"), 4.7, 1e-9);
  EXPECT_DOUBLE_EQ(value(s, "specimens.value_yuan"), 10000);
  EXPECT_EQ(value(s, "specimens.valued_items"), 1);
  EXPECT_DOUBLE_EQ(part(s, "specimens.count_by_level", ""), 4);  // no catalog species linked
  EXPECT_EQ(value(s, "listings.received"), 4);
  EXPECT_EQ(value(s, "listings.flagged"), 3);
  EXPECT_EQ(value(s, "listings.confirmed"), 2);
  EXPECT_EQ(value(s, "listings.taken_down"), 2);
  EXPECT_DOUBLE_EQ(value(s, "listings.median_hours_to_takedown"), 15);
  EXPECT_EQ(value(s, "patrols.count"), 2);
  EXPECT_DOUBLE_EQ(value(s, "patrols.km"), 14.5);
  EXPECT_DOUBLE_EQ(value(s, "patrols.hours"), 4);
  EXPECT_EQ(value(s, "patrols.tools_removed"), 7);
  EXPECT_EQ(part(s, "patrols.tools_removed", "snare"), 7);
  EXPECT_EQ(value(s, "patrols.trap_removals"), 3);
  EXPECT_EQ(value(s, "patrols.trap_removals_uncounted"), 1);
  EXPECT_EQ(value(s, "inspections.count"), 3);
  EXPECT_EQ(value(s, "inspections.places"), 2);
  EXPECT_EQ(value(s, "inspections.with_findings"), 1);
  EXPECT_EQ(value(s, "inspections.findings"), 2);
  EXPECT_EQ(value(s, "inspections.banned_tools"), 1);
  EXPECT_EQ(value(s, "rectifications.issued"), 2);
  EXPECT_EQ(value(s, "rectifications.done"), 1);
  EXPECT_EQ(value(s, "rectifications.overdue"), 1);
  EXPECT_EQ(value(s, "places.closed"), 1);
  EXPECT_EQ(value(s, "transport.checks"), 2);
  EXPECT_EQ(value(s, "transport.spot_checks"), 1);
  EXPECT_EQ(value(s, "transport.findings"), 1);
  EXPECT_EQ(value(s, "transport.banned_tools"), 1);
  EXPECT_EQ(value(s, "transport.handovers"), 1);
  EXPECT_EQ(value(s, "customs.assessments"), 1);
  EXPECT_EQ(part(s, "customs.assessments", "high"), 1);
  EXPECT_EQ(value(s, "customs.seizures"), 1);
  EXPECT_DOUBLE_EQ(value(s, "customs.seizure_weight_kg"), 2.5);
  EXPECT_EQ(value(s, "customs.seizure_pieces"), 3);
  EXPECT_EQ(value(s, "intake.events"), 1);
  EXPECT_EQ(value(s, "publicity.events"), 3);
  EXPECT_EQ(part(s, "publicity.events", "poster"), 1);
  EXPECT_EQ(part(s, "publicity.events", "media"), 1);
  EXPECT_EQ(part(s, "publicity.events", "training"), 0);
  EXPECT_EQ(value(s, "publicity.trainings"), 1);
  EXPECT_EQ(value(s, "publicity.attendees"), 40);

  // The ranking: office first, one row per top-level department.
  ASSERT_FALSE(s.departments.empty());
  EXPECT_EQ(s.departments.front().code, "OFFICE");
  EXPECT_EQ(row(s, "LC", "cases.opened"), 2);
  EXPECT_EQ(row(s, "NY", "cases.opened"), 1);
  EXPECT_EQ(row(s, "LC", "cases.closed"), 2);
  EXPECT_EQ(row(s, "LC", "tips.received"), 2);
  EXPECT_EQ(row(s, "NY", "tips.received"), 2);
  EXPECT_DOUBLE_EQ(row(s, "LC", "patrols.km"), 10.5);
  EXPECT_EQ(row(s, "LC", "inspections.places"), 1);
  EXPECT_EQ(row(s, "GA", "transport.checks"), 2);
  EXPECT_EQ(row(s, "HG", "customs.seizures"), 1);
  EXPECT_EQ(row(s, "LC", "transfers.criminal_sent"), 1);
  EXPECT_EQ(row(s, "LC", "publicity.events"), 2);  // with its reserve's
  EXPECT_EQ(row(s, "LC", "publicity.trainings"), 1);
  EXPECT_EQ(row(s, "LC", "publicity.attendees"), 40);
  EXPECT_EQ(row(s, "NY", "publicity.events"), 1);
  EXPECT_EQ(row(s, "NY", "publicity.trainings"), 0);

  // The inspector sees the same.
  const auto i = compute(inspector);
  EXPECT_EQ(value(i, "cases.opened"), 3);
  EXPECT_EQ(value(i, "intake.events"), 1);
}

TEST_F(StatisticsServiceTest, LinCaoOfficerCountsOnlyWhatItMaySee) {
  const auto s = compute(lc);
  EXPECT_FALSE(s.all_departments);
  // T1, T3 and the shared T5; not 农业农村's T2.
  EXPECT_EQ(value(s, "tips.received"), 3);
  EXPECT_EQ(value(s, "tips.verified"), 2);
  EXPECT_EQ(value(s, "cases.opened"), 2);
  EXPECT_EQ(value(s, "cases.closed"), 2);
  EXPECT_DOUBLE_EQ(value(s, "specimens.count"), 3);
  EXPECT_EQ(value(s, "transfers.criminal_sent"), 1);
  EXPECT_EQ(value(s, "transfers.handovers_sent"), 1);  // received from 农业农村
  EXPECT_EQ(value(s, "patrols.count"), 1);
  EXPECT_EQ(value(s, "patrols.tools_removed"), 5);
  EXPECT_EQ(value(s, "inspections.count"), 2);
  EXPECT_EQ(value(s, "inspections.places"), 1);
  EXPECT_EQ(value(s, "rectifications.issued"), 1);
  EXPECT_EQ(value(s, "places.closed"), 1);
  EXPECT_EQ(value(s, "transport.checks"), 0);
  EXPECT_EQ(value(s, "customs.seizures"), 0);
  EXPECT_EQ(row(s, "NY", "cases.opened"), 0);
  // Its own events only (not its reserve's, a department of its own).
  EXPECT_EQ(value(s, "publicity.events"), 1);
  EXPECT_EQ(value(s, "publicity.trainings"), 1);
  EXPECT_EQ(value(s, "publicity.attendees"), 40);
  EXPECT_EQ(row(s, "NY", "publicity.events"), 0);
  // 林草 reads listings (shared queue); intake events are the office's.
  EXPECT_EQ(value(s, "listings.received"), 4);
  EXPECT_EQ(s.figure("intake.events"), nullptr);
  ASSERT_EQ(s.omitted.size(), 1u);
  EXPECT_EQ(s.omitted[0].first, "intake");

  // 公安 reads no listings.
  const auto g = compute(ga);
  EXPECT_EQ(g.figure("listings.received"), nullptr);
  EXPECT_EQ(value(g, "transport.checks"), 2);
  EXPECT_EQ(value(g, "cases.opened"), 0);
  EXPECT_EQ(value(g, "transfers.criminal_sent"), 1);  // received by 公安
}

TEST_F(StatisticsServiceTest, DepartmentFilterNarrowsTheOfficeView) {
  const auto s = compute(office, "NY");
  EXPECT_EQ(value(s, "cases.opened"), 1);
  EXPECT_EQ(value(s, "tips.received"), 2);
  EXPECT_EQ(value(s, "patrols.count"), 1);
  EXPECT_EQ(value(s, "publicity.events"), 1);
  EXPECT_EQ(value(s, "publicity.trainings"), 0);
  EXPECT_EQ(value(compute(office, "LC"), "publicity.events"), 2);  // with the reserve's
  ASSERT_EQ(s.departments.size(), 1u);
  EXPECT_EQ(s.departments[0].code, "NY");
  // A department no one may count yields nothing but the ones asked.
  auto bad = StatisticsService(f.ctx()).compute(f.as(office), {kFrom, kTo, "XX"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
}

TEST_F(StatisticsServiceTest, DrillLinksUseTheListFilters) {
  const auto s = compute(office);
  const std::string period =
      "created_from=" + std::to_string(kFrom) + "&created_to=" + std::to_string(kTo);
  EXPECT_EQ(s.figure("cases.opened")->drill, "/api/v1/cases?" + period);
  bool found = false;
  for (const auto& b : s.figure("cases.opened")->breakdown)
    if (b.key == "illegal_trade") {
      found = true;
      EXPECT_EQ(b.drill, "/api/v1/cases?" + period + "&offence_type=illegal_trade");
    }
  EXPECT_TRUE(found);
  EXPECT_EQ(s.figure("tips.received")->drill, "/api/v1/tips?" + period);
  EXPECT_EQ(s.figure("cases.major")->drill, "/api/v1/cases?" + period + "&major=true");
  EXPECT_EQ(s.figure("patrols.count")->drill,
            "/api/v1/patrols?from=" + std::to_string(kFrom) + "&to=" + std::to_string(kTo));
  EXPECT_TRUE(s.figure("cases.closed")->drill.empty());  // no list filter for closing dates
  const std::string span = "from=" + std::to_string(kFrom) + "&to=" + std::to_string(kTo);
  EXPECT_EQ(s.figure("publicity.events")->drill,
            "/api/v1/publicity-events?kind=announcement%2Cposter%2Ccase_publicity%2Cmedia&" + span);
  EXPECT_EQ(s.figure("publicity.trainings")->drill,
            "/api/v1/publicity-events?kind=training&" + span);
  EXPECT_EQ(s.figure("publicity.attendees")->drill,
            "/api/v1/publicity-events?kind=training&" + span);
  for (const auto& b : s.figure("publicity.events")->breakdown)
    EXPECT_EQ(b.drill, "/api/v1/publicity-events?kind=" + b.key + "&" + span);
  const auto ny = compute(office, "NY");
  EXPECT_EQ(ny.figure("cases.opened")->drill, "/api/v1/cases?" + period + "&owner_department=NY");
  EXPECT_EQ(ny.figure("publicity.trainings")->drill,
            "/api/v1/publicity-events?kind=training&" + span + "&department=NY");
  EXPECT_TRUE(ny.figure("patrols.count")->drill.empty());  // the patrol list has no department
}

TEST_F(StatisticsServiceTest, RefusesBadPeriodsAndNonStaff) {
  StatisticsService svc(f.ctx());
  EXPECT_EQ(svc.compute(f.as(office), {kTo, kFrom, ""}).error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(svc.compute(f.as(office), {kFrom, kFrom, ""}).error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(svc.compute(f.as(office), {kFrom, kFrom + 6 * 366 * kDayMs, ""}).error().code,
            ErrorCode::kInvalidInput);
  EXPECT_EQ(svc.compute(f.as(admin), {kFrom, kTo, ""}).error().code, ErrorCode::kForbidden);
  EXPECT_EQ(*parse_stats_time("2026-03-01", "from"), kFrom);
  EXPECT_EQ(*parse_stats_time("1772294400000", "from"), 1772294400000);
  EXPECT_FALSE(parse_stats_time("2026-02-30", "from"));
  EXPECT_FALSE(parse_stats_time("", "from"));
}

}  // namespace
}  // namespace qf::service
