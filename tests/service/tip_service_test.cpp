// TipService on both backends: public submission and progress, the
// throttle, staff entry, suggestion, assignment and row-level visibility,
// the state machine, If-Match, confidential reporter fields (also in the
// audit log), duplicates, merge and conversion into a case.
#include "service/tip_service.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <thread>

#include "service/evidence_service.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using testing::ServiceFixture;

constexpr const char* kPhone = "13987654321";
constexpr const char* kName = "马小兰";

CallContext public_call(const std::string& address) {
  CallContext c;
  c.request_id = "public-test";
  c.client_address = address;
  return c;
}

NewTip hotline_tip() {
  NewTip t;
  t.channel = "hotline";
  t.reporter_category = "villager";
  t.reporter_name = kName;
  t.reporter_phone = kPhone;
  t.content = "沙坡头保护区边上有人用鸟网捕鸟，大约十几只";
  t.place_text = "沙坡头区迎水桥镇";
  t.lon = 105.05;
  t.lat = 37.50;
  t.species_text = "红隼、百灵";
  return t;
}

std::set<std::string> ids_in(const Page<TipView>& page) {
  std::set<std::string> out;
  for (const auto& v : page.items) out.insert(std::to_string(v.tip.id));
  return out;
}

class TipServiceTest : public ::testing::Test {
 protected:
  TipServiceTest()
      : office(f.make_user("office1", Role::kOffice, "OFFICE")),
        lc_leader(f.make_user("lc-leader", Role::kLeader, "LC")),
        lc_officer(f.make_user("lc-officer", Role::kOfficer, "LC")),
        lc_other(f.make_user("lc-other", Role::kOfficer, "LC")),
        ny_officer(f.make_user("ny-officer", Role::kOfficer, "NY")),
        inspector(f.make_user("inspector", Role::kInspector, "OFFICE")),
        ranger(f.make_user("ranger", Role::kRanger, "LC")) {}

  TipView staff_tip(NewTip t = hotline_tip()) {
    auto v = TipService(f.ctx()).create(f.as(office), t);
    EXPECT_TRUE(v) << (v ? "" : v.error().message);
    return v ? *v : TipView{};
  }

  // A tip assigned to LC and being verified there.
  TipView verifying_tip() {
    TipService tips(f.ctx());
    auto v = staff_tip();
    EXPECT_TRUE(tips.assign(f.as(office), v.tip.id, "LC"));
    auto verifying = tips.transition(f.as(lc_officer), v.tip.id, {"verifying", "", std::nullopt});
    EXPECT_TRUE(verifying) << (verifying ? "" : verifying.error().message);
    return verifying ? *verifying : TipView{};
  }

  std::string audit_text() {
    auto text = f.db().read([](soci::session& s) -> Result<std::string> {
      std::string all;
      soci::rowset<soci::row> rows = (s.prepare << "SELECT before_json, after_json FROM audit_log");
      for (const auto& r : rows)
        for (std::size_t i = 0; i < 2; ++i)
          if (r.get_indicator(i) != soci::i_null) all += r.get<std::string>(i) + "\n";
      return all;
    });
    EXPECT_TRUE(text);
    return text ? *text : "";
  }

  ServiceFixture f;
  store::User office, lc_leader, lc_officer, lc_other, ny_officer, inspector, ranger;
};

TEST_F(TipServiceTest, PublicSubmissionGivesAReceiptThatShowsOnlyProgress) {
  TipService tips(f.ctx());
  NewTip t;
  t.reporter_category = "birdwatcher";
  t.reporter_name = kName;
  t.reporter_phone = kPhone;
  t.content = "黄河边有人电鱼";
  t.place_text = "沙坡头区黄河段";
  auto code = tips.submit_public(public_call("203.0.113.7"), t);
  ASSERT_TRUE(code) << code.error().message;
  EXPECT_EQ(code->size(), 10u);
  EXPECT_EQ(code->find_first_of("01OIL"), std::string::npos);

  auto progress = tips.progress(*code);
  ASSERT_TRUE(progress) << progress.error().message;
  auto j = to_json(*progress);
  std::set<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.insert(k);
  EXPECT_EQ(keys, (std::set<std::string>{"receipt_code", "state", "state_label", "public_feedback",
                                         "received_at", "last_progress_at"}));
  EXPECT_EQ(j["state"], "pending");
  EXPECT_EQ(j["state_label"], "待分派");
  // Lower case and stray codes: the same tip, and nothing.
  std::string lower = *code;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_TRUE(tips.progress(lower));
  EXPECT_EQ(tips.progress("ZZZZZZZZZZ").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(tips.progress("x").error().code, ErrorCode::kNotFound);

  // Staff see it as a public_web tip owned by the office, NY suggested.
  auto listed = tips.list(f.as(office), {});
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->items.size(), 1u);
  const auto& v = listed->items[0];
  EXPECT_EQ(v.tip.channel, "public_web");
  EXPECT_EQ(v.tip.created_by, 0);
  EXPECT_EQ(v.tip.owner_department_id, f.department_id("OFFICE"));
  EXPECT_EQ(v.tip.suggested_department_code, "NY");
  EXPECT_EQ(v.reporter_phone, kPhone);

  // Public feedback and the state show up; the internal note does not.
  ASSERT_TRUE(tips.assign(f.as(office), v.tip.id, "NY"));
  ASSERT_TRUE(tips.transition(f.as(ny_officer), v.tip.id,
                              {"verifying", "内部：联系渔政站", std::string("已安排核查")}));
  auto later = to_json(*tips.progress(*code));
  EXPECT_EQ(later["state_label"], "核查中");
  EXPECT_EQ(later["public_feedback"], "已安排核查");
  EXPECT_EQ(later.dump().find("渔政站"), std::string::npos);
}

TEST_F(TipServiceTest, PublicSubmissionsAreThrottledPerAddress) {
  TipService tips(f.ctx());
  NewTip t;
  t.content = "市场上有人卖野鸟";
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(tips.submit_public(public_call("198.51.100.1"), t)) << i;
  auto refused = tips.submit_public(public_call("198.51.100.1"), t);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kLocked);
  EXPECT_GT(refused.error().retry_after_seconds, 0);
  EXPECT_LE(refused.error().retry_after_seconds, 600);
  EXPECT_TRUE(tips.submit_public(public_call("198.51.100.2"), t))
      << "other addresses are not affected";

  // A short window lets the address submit again once it has passed.
  TipSettings quick;
  quick.public_window_ms = 50;
  quick.public_submissions_per_window = 1;
  TipService fast(f.ctx(), quick);
  ASSERT_TRUE(fast.submit_public(public_call("198.51.100.3"), t));
  EXPECT_FALSE(fast.submit_public(public_call("198.51.100.3"), t));
  std::this_thread::sleep_for(std::chrono::milliseconds(80));
  EXPECT_TRUE(fast.submit_public(public_call("198.51.100.3"), t));
}

TEST_F(TipServiceTest, PublicSubmissionValidates) {
  TipService tips(f.ctx());
  auto call = public_call("192.0.2.9");
  NewTip empty;
  EXPECT_EQ(tips.submit_public(call, empty).error().code, ErrorCode::kInvalidInput);
  NewTip anonymous_with_phone;
  anonymous_with_phone.content = "有人捕鸟";
  anonymous_with_phone.anonymous = true;
  anonymous_with_phone.reporter_phone = kPhone;
  EXPECT_EQ(tips.submit_public(call, anonymous_with_phone).error().code, ErrorCode::kInvalidInput);
  NewTip half_point;
  half_point.content = "有人捕鸟";
  half_point.lon = 105.0;
  EXPECT_EQ(tips.submit_public(call, half_point).error().code, ErrorCode::kInvalidInput);
  NewTip bad_category;
  bad_category.content = "有人捕鸟";
  bad_category.reporter_category = "king";
  EXPECT_EQ(tips.submit_public(call, bad_category).error().code, ErrorCode::kInvalidInput);
  NewTip with_attachment;
  with_attachment.content = "有人捕鸟";
  with_attachment.attachments = {1};
  EXPECT_EQ(tips.submit_public(call, with_attachment).error().code, ErrorCode::kInvalidInput);
}

TEST_F(TipServiceTest, StaffEntryByAnyRoleThatCreatesRecords) {
  TipService tips(f.ctx());
  auto by_ranger = tips.create(f.as(ranger), hotline_tip());
  ASSERT_TRUE(by_ranger) << by_ranger.error().message;
  EXPECT_EQ(by_ranger->tip.state, "pending");
  EXPECT_EQ(by_ranger->tip.owner_department_id, f.department_id("OFFICE"));
  EXPECT_EQ(by_ranger->tip.created_by, ranger.id);
  EXPECT_GT(by_ranger->tip.due_at, by_ranger->tip.created_at);
  EXPECT_EQ(by_ranger->tip.suggested_department_code, "LC");
  // The ranger entered it but it is the office's now: masked for the ranger.
  EXPECT_EQ(by_ranger->reporter_phone, "139****4321");
  EXPECT_EQ(tips.get(f.as(ranger), by_ranger->tip.id).error().code, ErrorCode::kNotFound);

  EXPECT_EQ(tips.create(f.as(inspector), hotline_tip()).error().code, ErrorCode::kForbidden);
  NewTip web = hotline_tip();
  web.channel = "public_web";
  EXPECT_EQ(tips.create(f.as(office), web).error().code, ErrorCode::kInvalidInput);
  NewTip bad = hotline_tip();
  bad.channel = "pigeon";
  EXPECT_EQ(tips.create(f.as(office), bad).error().code, ErrorCode::kInvalidInput);
}

TEST_F(TipServiceTest, StaffEntryAttachesVisibleEvidenceAndSharesItOnAssignment) {
  std::string path = f.dir() + "/photo.png";
  std::ofstream(path, std::ios::binary)
      << std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) << std::string(64, 'p');
  auto photo = EvidenceService(f.ctx()).upload(f.as(office), {path, "photo.png", "", std::nullopt});
  ASSERT_TRUE(photo) << photo.error().message;
  TipService tips(f.ctx());
  NewTip t = hotline_tip();
  t.attachments = {photo->file.id};
  auto v = tips.create(f.as(office), t);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->attachments, std::vector<std::int64_t>{photo->file.id});
  // LC could not see the office's photo before, and can once the tip is theirs.
  EXPECT_FALSE(EvidenceService(f.ctx()).get(f.as(lc_officer), photo->file.id));
  ASSERT_TRUE(tips.assign(f.as(office), v->tip.id, "LC"));
  EXPECT_TRUE(EvidenceService(f.ctx()).get(f.as(lc_officer), photo->file.id));

  NewTip unseen = hotline_tip();
  unseen.attachments = {photo->file.id};
  EXPECT_EQ(tips.create(f.as(ny_officer), unseen).error().code, ErrorCode::kInvalidInput);
}

TEST_F(TipServiceTest, OnlyTheOfficeAssignsAndTheAssignedDepartmentThenSeesIt) {
  TipService tips(f.ctx());
  auto v = staff_tip();
  const auto id = v.tip.id;
  // Before assignment only the office (and inspectors) see it.
  EXPECT_EQ(tips.get(f.as(lc_officer), id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(tips.assign(f.as(lc_officer), id, "LC").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(tips.assign(f.as(inspector), id, "LC").error().code, ErrorCode::kForbidden);
  EXPECT_EQ(tips.assign(f.as(office), id, "NOPE").error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(tips.assign(f.as(office), id, "OFFICE").error().code, ErrorCode::kInvalidInput);

  auto assigned = tips.assign(f.as(office), id, "LC");
  ASSERT_TRUE(assigned) << assigned.error().message;
  EXPECT_EQ(assigned->tip.state, "assigned");
  EXPECT_EQ(assigned->tip.assigned_department_code, "LC");
  EXPECT_EQ(assigned->shared_with, std::vector<std::int64_t>{f.department_id("LC")});

  EXPECT_TRUE(tips.get(f.as(lc_officer), id));
  EXPECT_TRUE(tips.get(f.as(inspector), id));
  EXPECT_EQ(tips.get(f.as(ny_officer), id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(tips.transition(f.as(ny_officer), id, {"verifying", "", std::nullopt}).error().code,
            ErrorCode::kNotFound);
  // Seen but not theirs to assign.
  EXPECT_EQ(tips.assign(f.as(lc_officer), id, "NY").error().code, ErrorCode::kForbidden);

  auto lc_list = tips.list(f.as(lc_officer), {});
  ASSERT_TRUE(lc_list);
  EXPECT_EQ(ids_in(*lc_list), std::set<std::string>{std::to_string(id)});
  auto ny_list = tips.list(f.as(ny_officer), {});
  ASSERT_TRUE(ny_list);
  EXPECT_TRUE(ny_list->items.empty());
  EXPECT_EQ(ny_list->total, 0);

  // Reassignment moves the tip: NY in, LC out.
  ASSERT_TRUE(tips.assign(f.as(office), id, "NY"));
  EXPECT_TRUE(tips.get(f.as(ny_officer), id));
  EXPECT_EQ(tips.get(f.as(lc_officer), id).error().code, ErrorCode::kNotFound);
}

TEST_F(TipServiceTest, StateMachineRefusesSkippedAndFinalSteps) {
  TipService tips(f.ctx());
  auto v = staff_tip();
  const auto id = v.tip.id;
  EXPECT_EQ(tips.transition(f.as(office), id, {"verifying", "", std::nullopt}).error().code,
            ErrorCode::kConflict);
  ASSERT_TRUE(tips.assign(f.as(office), id, "LC"));
  EXPECT_EQ(
      tips.transition(f.as(lc_officer), id, {"concluded", "查无此事", std::nullopt}).error().code,
      ErrorCode::kConflict);
  EXPECT_EQ(tips.transition(f.as(lc_officer), id, {"case_opened", "x", std::nullopt}).error().code,
            ErrorCode::kInvalidInput);
  EXPECT_EQ(tips.transition(f.as(lc_officer), id, {"flying", "x", std::nullopt}).error().code,
            ErrorCode::kInvalidInput);
  // Rangers add records; they do not decide about tips.
  auto ranger_lc = f.make_user("ranger-lc", Role::kRanger, "LC");
  EXPECT_EQ(tips.transition(f.as(ranger_lc), id, {"verifying", "", std::nullopt}).error().code,
            ErrorCode::kForbidden);
  auto verifying = tips.transition(f.as(lc_officer), id, {"verifying", "", std::nullopt});
  ASSERT_TRUE(verifying);
  EXPECT_EQ(verifying->tip.state, "verifying");
  EXPECT_GT(verifying->tip.due_at, verifying->tip.state_changed_at);
  // An outcome needs its reason.
  EXPECT_EQ(tips.transition(f.as(lc_officer), id, {"unfounded", " ", std::nullopt}).error().code,
            ErrorCode::kInvalidInput);
  auto unfounded = tips.transition(
      f.as(lc_leader), id,
      {"unfounded", "现场核查未发现捕鸟网", std::string("经核查，未发现所反映情况")});
  ASSERT_TRUE(unfounded) << unfounded.error().message;
  EXPECT_EQ(unfounded->tip.state, "unfounded");
  EXPECT_EQ(unfounded->tip.due_at, 0);
  EXPECT_EQ(unfounded->tip.internal_note, "现场核查未发现捕鸟网");
  EXPECT_EQ(tips.transition(f.as(office), id, {"concluded", "x", std::nullopt}).error().code,
            ErrorCode::kConflict);
  EXPECT_EQ(tips.assign(f.as(office), id, "NY").error().code, ErrorCode::kConflict);
}

TEST_F(TipServiceTest, OverdueTipsAreFlaggedAndFiltered) {
  TipSettings instant;
  instant.deadlines = {0, 0, 0};
  TipService tips(f.ctx(), instant);
  auto late = tips.create(f.as(office), hotline_tip());
  ASSERT_TRUE(late);
  TipService normal(f.ctx());
  auto fresh = normal.create(f.as(office), hotline_tip());
  ASSERT_TRUE(fresh);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_TRUE(normal.get(f.as(office), late->tip.id)->overdue);
  EXPECT_FALSE(normal.get(f.as(office), fresh->tip.id)->overdue);
  TipQueryParams q;
  q.overdue_only = true;
  auto overdue = normal.list(f.as(office), q);
  ASSERT_TRUE(overdue);
  EXPECT_EQ(ids_in(*overdue), std::set<std::string>{std::to_string(late->tip.id)});
}

TEST_F(TipServiceTest, ListFiltersAndSearch) {
  TipService tips(f.ctx());
  auto birds = staff_tip();
  NewTip fish = hotline_tip();
  fish.channel = "12345";
  fish.content = "有人在水库电鱼";
  fish.species_text = "鲤鱼";
  fish.place_text = "南山水库";
  auto fish_tip = tips.create(f.as(office), fish);
  ASSERT_TRUE(fish_tip);
  ASSERT_TRUE(tips.assign(f.as(office), fish_tip->tip.id, "NY"));

  auto by = [&](TipQueryParams q) {
    auto page = tips.list(f.as(office), q);
    EXPECT_TRUE(page) << (page ? "" : page.error().message);
    return page ? ids_in(*page) : std::set<std::string>{};
  };
  const auto b = std::to_string(birds.tip.id), fi = std::to_string(fish_tip->tip.id);
  TipQueryParams q;
  EXPECT_EQ(by(q), (std::set<std::string>{b, fi}));
  q.state = "assigned";
  EXPECT_EQ(by(q), std::set<std::string>{fi});
  q = {};
  q.channel = "12345";
  EXPECT_EQ(by(q), std::set<std::string>{fi});
  q = {};
  q.assigned_department_code = "NY";
  EXPECT_EQ(by(q), std::set<std::string>{fi});
  q = {};
  q.search = "水库";
  EXPECT_EQ(by(q), std::set<std::string>{fi});
  q.search = "百灵";  // species text
  EXPECT_EQ(by(q), std::set<std::string>{b});
  q.search = "100%";
  EXPECT_TRUE(by(q).empty());
  q = {};
  q.limit = 1;
  auto page = tips.list(f.as(office), q);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->total, 2);
  q = {};
  q.state = "nonsense";
  EXPECT_EQ(tips.list(f.as(office), q).error().code, ErrorCode::kInvalidInput);
}

TEST_F(TipServiceTest, UpdatesNeedTheCurrentVersion) {
  TipService tips(f.ctx());
  auto v = staff_tip();
  TipChanges c;
  c.content = "补充：捕鸟网在林带东侧，另有人在网上出售";
  auto updated = tips.update(f.as(office), v.tip.id, c, v.tip.version);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->tip.version, v.tip.version + 1);
  EXPECT_NE(updated->tip.suggested_department_code.find("WX"), std::string::npos)
      << "the suggestion follows the new content: " << updated->tip.suggested_department_code;
  EXPECT_EQ(tips.update(f.as(office), v.tip.id, c, v.tip.version).error().code,
            ErrorCode::kPreconditionFailed);
  // Seen but read-only, and not seen at all.
  EXPECT_EQ(tips.update(f.as(inspector), v.tip.id, c, updated->tip.version).error().code,
            ErrorCode::kForbidden);
  EXPECT_EQ(tips.update(f.as(lc_officer), v.tip.id, c, updated->tip.version).error().code,
            ErrorCode::kNotFound);
}

TEST_F(TipServiceTest, ReporterIdentityOnlyForTheOfficeAndTheHandler) {
  TipService tips(f.ctx());
  auto v = staff_tip();
  const auto id = v.tip.id;
  EXPECT_EQ(v.reporter_name, kName);
  EXPECT_EQ(v.reporter_phone, kPhone);
  EXPECT_TRUE(v.reporter_revealed);
  ASSERT_TRUE(tips.assign(f.as(office), id, "LC"));

  // Stored sealed: neither the plaintext nor a plain hash is in the row.
  auto row = f.db().read([&](soci::session& s) -> Result<std::string> {
    std::string name, phone, hash;
    long long key = id;
    s << "SELECT reporter_name_enc, reporter_phone_enc, reporter_phone_hash FROM tips WHERE id = "
         ":id",
        soci::into(name), soci::into(phone), soci::into(hash), soci::use(key);
    return name + "|" + phone + "|" + hash;
  });
  ASSERT_TRUE(row);
  EXPECT_EQ(row->find(kPhone), std::string::npos);
  EXPECT_EQ(row->find(kName), std::string::npos);
  EXPECT_EQ(row->rfind("v1:", 0), 0u);

  auto seen_by = [&](const store::User& u) {
    auto got = tips.get(f.as(u), id);
    EXPECT_TRUE(got) << u.username;
    return got ? std::make_pair(got->reporter_name, got->reporter_phone)
               : std::make_pair(std::string(), std::string());
  };
  const auto masked = std::make_pair(std::string("马*"), std::string("139****4321"));
  const auto plain = std::make_pair(std::string(kName), std::string(kPhone));
  EXPECT_EQ(seen_by(office), plain);
  EXPECT_EQ(seen_by(lc_leader), masked);
  EXPECT_EQ(seen_by(lc_officer), masked);
  EXPECT_EQ(seen_by(inspector), masked);

  // Officers cannot make themselves the handler; the department leader can.
  auto current = tips.get(f.as(office), id);
  TipChanges self;
  self.handler_id = lc_officer.id;
  EXPECT_EQ(tips.update(f.as(lc_officer), id, self, current->tip.version).error().code,
            ErrorCode::kForbidden);
  TipChanges wrong_department;
  wrong_department.handler_id = ny_officer.id;
  EXPECT_EQ(tips.update(f.as(lc_leader), id, wrong_department, current->tip.version).error().code,
            ErrorCode::kInvalidInput);
  auto handled = tips.update(f.as(lc_leader), id, self, current->tip.version);
  ASSERT_TRUE(handled) << handled.error().message;
  EXPECT_EQ(handled->tip.handler_id, lc_officer.id);

  EXPECT_EQ(seen_by(lc_officer), plain);
  EXPECT_EQ(seen_by(lc_other), masked);
  EXPECT_EQ(seen_by(lc_leader), masked);

  auto list_as = [&](const store::User& u) {
    auto page = tips.list(f.as(u), {});
    EXPECT_TRUE(page);
    EXPECT_EQ(page->items.size(), 1u);
    return std::make_pair(page->items[0].reporter_name, page->items[0].reporter_phone);
  };
  EXPECT_EQ(list_as(lc_other), masked);
  EXPECT_EQ(list_as(inspector), masked);
  EXPECT_EQ(list_as(lc_officer), plain);
  EXPECT_EQ(list_as(office), plain);

  // Serialised for a masked reader, the plaintext is nowhere.
  auto j = to_json(*tips.get(f.as(lc_other), id)).dump();
  EXPECT_EQ(j.find(kPhone), std::string::npos);
  EXPECT_EQ(j.find(kName), std::string::npos);

  // Reassignment ends the old handler's access to the identity.
  auto moved = tips.assign(f.as(office), id, "NY");
  ASSERT_TRUE(moved);
  EXPECT_FALSE(moved->tip.handler_id);
  EXPECT_EQ(tips.get(f.as(lc_officer), id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(seen_by(ny_officer), masked);
}

TEST_F(TipServiceTest, AuditNeverHoldsTheReporterInPlaintext) {
  TipService tips(f.ctx());
  ASSERT_TRUE(tips.submit_public(public_call("203.0.113.50"), hotline_tip()));
  auto v = staff_tip();
  ASSERT_TRUE(tips.assign(f.as(office), v.tip.id, "LC"));
  auto current = tips.get(f.as(office), v.tip.id);
  TipChanges c;
  c.handler_id = lc_officer.id;
  c.public_feedback = "已受理";
  ASSERT_TRUE(tips.update(f.as(office), v.tip.id, c, current->tip.version));
  ASSERT_TRUE(tips.transition(f.as(lc_officer), v.tip.id, {"verifying", "", std::nullopt}));
  auto other = staff_tip();
  ASSERT_TRUE(tips.merge(f.as(office), other.tip.id, v.tip.id));
  auto audit = audit_text();
  EXPECT_NE(audit.find("receipt_code"), std::string::npos);
  EXPECT_EQ(audit.find(kPhone), std::string::npos);
  EXPECT_EQ(audit.find(kName), std::string::npos);
  EXPECT_NE(audit.find("马*"), std::string::npos);
}

TEST_F(TipServiceTest, DuplicateHintsBySamePhoneOrNearbySameSpecies) {
  TipService tips(f.ctx());
  auto first = staff_tip();
  NewTip same_phone = hotline_tip();
  same_phone.reporter_phone = "+86 139-8765-4321";
  same_phone.content = "又看到有人卖野兔";
  same_phone.species_text = "野兔";
  same_phone.lon = 106.2;
  same_phone.lat = 38.4;
  auto by_phone = staff_tip(same_phone);
  NewTip nearby = hotline_tip();
  nearby.reporter_name.clear();
  nearby.reporter_phone.clear();
  nearby.anonymous = true;
  nearby.lon = 105.053;  // ~260 m east
  nearby.species_text = "红隼";
  auto by_place = staff_tip(nearby);
  NewTip unrelated = nearby;
  unrelated.lon = 105.3;
  auto far = staff_tip(unrelated);

  auto hints = tips.duplicates(f.as(office), first.tip.id);
  ASSERT_TRUE(hints) << hints.error().message;
  std::map<std::int64_t, std::vector<std::string>> found;
  for (const auto& h : *hints) found[h.tip.tip.id] = h.reasons;
  EXPECT_EQ(found.size(), 2u);
  ASSERT_TRUE(found.count(by_phone.tip.id));
  EXPECT_EQ(found[by_phone.tip.id][0], "同一举报电话");
  ASSERT_TRUE(found.count(by_place.tip.id));
  EXPECT_FALSE(found.count(far.tip.id));
  // Department users only see hints among tips they can see.
  ASSERT_TRUE(tips.assign(f.as(office), first.tip.id, "LC"));
  auto lc_hints = tips.duplicates(f.as(lc_officer), first.tip.id);
  ASSERT_TRUE(lc_hints);
  EXPECT_TRUE(lc_hints->empty());
  EXPECT_EQ(tips.duplicates(f.as(ny_officer), first.tip.id).error().code, ErrorCode::kNotFound);
}

TEST_F(TipServiceTest, TheOfficeMergesADuplicate) {
  TipService tips(f.ctx());
  auto keep = staff_tip();
  auto dup = staff_tip();
  EXPECT_EQ(tips.merge(f.as(office), dup.tip.id, dup.tip.id).error().code,
            ErrorCode::kInvalidInput);
  EXPECT_EQ(tips.merge(f.as(office), dup.tip.id, 999999).error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(tips.merge(f.as(inspector), dup.tip.id, keep.tip.id).error().code,
            ErrorCode::kForbidden);
  auto merged = tips.merge(f.as(office), dup.tip.id, keep.tip.id);
  ASSERT_TRUE(merged) << merged.error().message;
  EXPECT_EQ(merged->tip.state, "concluded");
  EXPECT_EQ(merged->tip.merged_into_id, keep.tip.id);
  EXPECT_FALSE(merged->tip.public_feedback.empty());
  auto progress = tips.progress(dup.tip.receipt_code);
  ASSERT_TRUE(progress);
  EXPECT_EQ(progress->state, "concluded");
  // Final now, and nothing merges into a merged tip.
  EXPECT_EQ(tips.merge(f.as(office), dup.tip.id, keep.tip.id).error().code, ErrorCode::kConflict);
  auto third = staff_tip();
  EXPECT_EQ(tips.merge(f.as(office), third.tip.id, dup.tip.id).error().code,
            ErrorCode::kInvalidInput);
}

TEST_F(TipServiceTest, ConvertingAVerifiedTipOpensACaseInOneTransaction) {
  TipService tips(f.ctx());
  auto pending = staff_tip();
  TipConversion conversion{"迎水桥镇非法捕鸟案", "illegal_hunting", "protected_area", std::nullopt,
                           false};
  ASSERT_TRUE(tips.assign(f.as(office), pending.tip.id, "LC"));
  EXPECT_EQ(tips.convert(f.as(lc_officer), pending.tip.id, conversion).error().code,
            ErrorCode::kConflict);

  auto v = verifying_tip();
  EXPECT_EQ(tips.convert(f.as(ny_officer), v.tip.id, conversion).error().code,
            ErrorCode::kNotFound);
  TipConversion bad = conversion;
  bad.offence_type = "jaywalking";
  EXPECT_FALSE(tips.convert(f.as(lc_officer), v.tip.id, bad));
  EXPECT_EQ(tips.get(f.as(office), v.tip.id)->tip.state, "verifying")
      << "a failed conversion changes nothing";

  auto created = tips.convert(f.as(office), v.tip.id, conversion);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->record.tip_id, v.tip.id);
  EXPECT_EQ(created->record.source, "tip");
  EXPECT_EQ(created->record.owner_department_code, "LC")
      << "the case belongs to the assigned department";
  EXPECT_EQ(created->record.summary, v.tip.content);
  auto after = tips.get(f.as(lc_officer), v.tip.id);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->tip.state, "case_opened");
  EXPECT_EQ(after->tip.case_id, created->record.id);
  EXPECT_TRUE(CaseService(f.ctx()).get(f.as(lc_officer), created->record.id));
  EXPECT_EQ(tips.convert(f.as(office), v.tip.id, conversion).error().code, ErrorCode::kConflict);
}

}  // namespace
}  // namespace qf::service
