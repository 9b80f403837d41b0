// PublicityService on both backends: recording by every department's staff
// and the office (rangers, the administrator and integration keys refused),
// the organiser as the row-level owner (another department's event is 404),
// the filters (kinds, period, organiser with its sub-units, text), a change
// with its version and audit, and attachments that must be visible evidence.
#include "service/publicity_service.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "core/clock.h"
#include "service/evidence_service.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using testing::count_rows;
using testing::ServiceFixture;

PublicityInput event(const std::string& kind, const std::string& title, std::int64_t held_at,
                     std::int64_t attendees = 0) {
  PublicityInput in;
  in.kind = kind;
  in.title = title;
  in.held_at = held_at;
  in.place = "沙坡头区文昌镇";
  in.audience = "社区居民";
  in.attendees = attendees;
  in.note = "备注";
  return in;
}

class PublicityServiceTest : public ::testing::Test {
 protected:
  PublicityServiceTest()
      : office(f.make_user("office1", Role::kOffice, "OFFICE")),
        inspector(f.make_user("inspector1", Role::kInspector, "ZF")),
        lc(f.make_user("lc-officer", Role::kOfficer, "LC")),
        lc_leader(f.make_user("lc-leader", Role::kLeader, "LC")),
        bhq(f.make_user("bhq-officer", Role::kOfficer, "LC-BHQ")),
        ny(f.make_user("ny-officer", Role::kOfficer, "NY")),
        ranger(f.make_user("ranger1", Role::kRanger, "LC-BHQ")),
        admin(f.make_user("admin1", Role::kAdmin, "OFFICE")) {}

  PublicityView create(const store::User& u, const PublicityInput& in) {
    auto r = svc().create(f.as(u), in);
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r ? *r : PublicityView{};
  }
  std::int64_t upload_as(const store::User& u, int salt) {
    std::string path = f.dir() + "/upload-" + std::to_string(salt);
    std::string bytes("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    bytes += std::string(64, static_cast<char>('a' + salt));
    std::ofstream(path, std::ios::binary) << bytes;
    auto v = EvidenceService(f.ctx()).upload(f.as(u), {path, "photo.png", "", std::nullopt});
    EXPECT_TRUE(v) << (v ? "" : v.error().message);
    return v ? v->file.id : 0;
  }
  PublicityService svc() { return PublicityService(f.ctx()); }

  ServiceFixture f;
  store::User office, inspector, lc, lc_leader, bhq, ny, ranger, admin;
  const std::int64_t day = kDayMs;
  const std::int64_t now = now_ms();
};

TEST_F(PublicityServiceTest, RecordsForTheOwnDepartmentAndAudits) {
  auto v = create(lc, event("training", "  执法业务培训  ", now - day, 46));
  EXPECT_GT(v.event.id, 0);
  EXPECT_EQ(v.event.title, "执法业务培训");
  EXPECT_EQ(v.event.organiser_department_code, "LC");
  EXPECT_EQ(v.event.attendees, 46);
  EXPECT_EQ(v.event.version, 1);
  EXPECT_TRUE(v.can_edit);
  const auto j = to_json(v);
  EXPECT_EQ(j["kind_label"], "培训");
  EXPECT_EQ(j["organiser_department"], "LC");
  EXPECT_EQ(
      count_rows(f.db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'publicity_event.create'"),
      1);

  // The office records for a named department; a department cannot.
  auto for_ny = event("poster", "展板", now - day);
  for_ny.organiser_department_code = "NY";
  EXPECT_EQ(create(office, for_ny).event.organiser_department_code, "NY");
  auto refused = svc().create(f.as(lc), for_ny);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(refused.error().fields[0].field, "organiser_department");

  // Who may record at all.
  for (const auto* u : {&ranger, &admin, &inspector}) {
    auto r = svc().create(f.as(*u), event("poster", "展板", now - day));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
  }
}

TEST_F(PublicityServiceTest, ValidatesEveryField) {
  PublicityInput bad;
  bad.kind = "party";
  bad.title = "  ";
  bad.held_at = now + 3 * day;
  bad.attendees = -1;
  auto r = svc().create(f.as(lc), bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  std::set<std::string> fields;
  for (const auto& e : r.error().fields) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"kind", "title", "held_at", "attendees"}));
  auto missing = svc().create(f.as(lc), PublicityInput{});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().fields.size(), 3u);  // kind, title, held_at
}

TEST_F(PublicityServiceTest, RowLevelRuleAndFilters) {
  auto a = create(lc, event("training", "林草培训", now - 2 * day, 40));
  create(lc, event("poster", "林草展板进社区", now - 10 * day, 300));
  create(bhq, event("media", "保护区媒体报道", now - 3 * day));
  auto n = create(ny, event("announcement", "禁渔期通告", now - 2 * day, 1000));

  // 林草 sees its own (not its sub-unit's: a different department), 农业农村
  // its own; office and inspector all.
  auto page = [&](const store::User& u, PublicityFilters flt = {}) {
    auto r = svc().list(f.as(u), flt);
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r ? *r : PublicityPage{};
  };
  EXPECT_EQ(page(lc).total, 2);
  EXPECT_EQ(page(ny).total, 1);
  EXPECT_EQ(page(office).total, 4);
  EXPECT_EQ(page(inspector).total, 4);
  // Newest held first; the same time: the later record first.
  EXPECT_EQ(page(office).items.front().event.title, "禁渔期通告");
  EXPECT_EQ(page(office).items.back().event.title, "林草展板进社区");

  auto hidden = svc().get(f.as(ny), a.event.id);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(svc().get(f.as(inspector), a.event.id));
  EXPECT_FALSE(svc().get(f.as(inspector), n.event.id)->can_edit);  // reads, never writes

  PublicityFilters flt;
  flt.kinds = {"training"};
  EXPECT_EQ(page(office, flt).total, 1);
  EXPECT_EQ(page(office, flt).attendees, 40);
  EXPECT_EQ(page(lc).attendees, 340);
  flt.kinds = {"announcement", "poster", "case_publicity", "media"};
  EXPECT_EQ(page(office, flt).total, 3);
  flt = {};
  flt.held_from = now - 5 * day;
  flt.held_to = now;
  EXPECT_EQ(page(office, flt).total, 3);
  flt = {};
  flt.department_code = "LC";  // 林草 and its sub-units, as the statistics count
  EXPECT_EQ(page(office, flt).total, 3);
  flt.department_code = "XX";
  EXPECT_FALSE(svc().list(f.as(office), flt));
  flt = {};
  flt.text = "社区";  // the audience of every event
  EXPECT_EQ(page(office, flt).total, 4);
  flt.text = "展板";
  EXPECT_EQ(page(office, flt).total, 1);
  flt.text = "禁渔";
  EXPECT_EQ(page(office, flt).total, 1);
  flt = {};
  flt.kinds = {"party"};
  EXPECT_FALSE(svc().list(f.as(office), flt));
  EXPECT_EQ(svc().list(f.as(admin), {}).error().code, ErrorCode::kForbidden);
}

TEST_F(PublicityServiceTest, UpdateWithVersionAndAttachments) {
  auto v = create(lc, event("training", "培训", now - day, 10));
  const auto own = upload_as(lc, 1);
  const auto others = upload_as(ny, 2);

  PublicityInput change;
  change.attendees = 12;
  change.evidence_ids = std::vector<std::int64_t>{own};
  auto changed = svc().update(f.as(lc_leader), v.event.id, change, 1);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(changed->event.attendees, 12);
  EXPECT_EQ(changed->event.title, "培训");  // untouched
  EXPECT_EQ(changed->evidence_ids, std::vector<std::int64_t>{own});
  EXPECT_EQ(changed->event.version, 2);

  auto stale = svc().update(f.as(lc), v.event.id, change, 1);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kPreconditionFailed);

  // Another department's evidence cannot be attached.
  change.evidence_ids = std::vector<std::int64_t>{own, others};
  auto foreign = svc().update(f.as(lc), v.event.id, change, 2);
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().fields[0].field, "evidence_ids/1");

  // The office edits a department's record keeping its attachments.
  PublicityInput note;
  note.note = "办公室补充";
  note.evidence_ids = std::vector<std::int64_t>{own};
  ASSERT_TRUE(svc().update(f.as(office), v.event.id, note, 2));

  // Another department: as if it did not exist. The organiser is fixed.
  EXPECT_EQ(svc().update(f.as(ny), v.event.id, note, 3).error().code, ErrorCode::kNotFound);
  PublicityInput move;
  move.organiser_department_code = "NY";
  EXPECT_EQ(svc().update(f.as(lc), v.event.id, move, 3).error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(
      count_rows(f.db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'publicity_event.update'"),
      2);
}

}  // namespace
}  // namespace qf::service
