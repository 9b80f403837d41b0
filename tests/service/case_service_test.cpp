#include "service/case_service.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <thread>

#include "service/evidence_service.h"
#include "store/audit_log.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using testing::ServiceFixture;

NewCase sample_case() {
  NewCase c;
  c.title = "迎水桥镇农贸市场非法出售野生鸟类案";
  c.offence_type = "illegal_trade";
  c.source = "market_inspection";
  c.place_type = "market";
  c.place_text = "中卫市沙坡头区迎水桥镇农贸市场";
  c.lon = 105.05;
  c.lat = 37.50;
  CaseItem bird;
  bird.species = "画眉";
  bird.count = 12;
  bird.part = "whole_live";
  bird.origin = "wild";
  c.items = {bird};
  CaseParty suspect;
  suspect.name = "王某";
  suspect.id_number = "640502198001011234";
  suspect.phones = "13912345678";
  c.parties = {suspect};
  return c;
}

class CaseServiceTest : public ::testing::Test {
 protected:
  std::int64_t evidence(const store::User& u, int salt) {
    std::string path = f.dir() + "/doc-" + std::to_string(salt);
    std::ofstream(path, std::ios::binary) << "%PDF-1.4\n" << std::string(20 + salt, 'x') << "\n%%EOF\n";
    auto v = EvidenceService(f.ctx()).upload(f.as(u), {path, "doc.pdf", "", std::nullopt});
    EXPECT_TRUE(v) << (v ? "" : v.error().message);
    return v ? v->file.id : 0;
  }

  ServiceFixture f;
};

TEST_F(CaseServiceTest, NumbersArePerDepartmentAndYearAndGapFreeUnderConcurrency) {
  auto lc = f.make_user("lc", Role::kOfficer, "LC");
  auto ny = f.make_user("ny", Role::kOfficer, "NY");
  CaseService cases(f.ctx());
  std::vector<std::thread> threads;
  std::mutex mu;
  std::vector<std::string> numbers;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        auto c = cases.create(f.as(lc), sample_case());
        if (!c) {
          failures++;
          continue;
        }
        std::lock_guard<std::mutex> lock(mu);
        numbers.push_back(c->record.number);
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  ASSERT_EQ(numbers.size(), 40u);
  std::set<std::string> unique(numbers.begin(), numbers.end());
  EXPECT_EQ(unique.size(), 40u);
  const std::string prefix = numbers[0].substr(0, 8);  // "LC-2026-"
  EXPECT_EQ(prefix.substr(0, 3), "LC-");
  for (int i = 1; i <= 40; ++i) {
    char expected[16];
    std::snprintf(expected, sizeof expected, "%05d", i);
    EXPECT_TRUE(unique.count(prefix + expected)) << prefix + expected;
  }
  auto other = cases.create(f.as(ny), sample_case());
  ASSERT_TRUE(other);
  EXPECT_EQ(other->record.number, "NY-" + prefix.substr(3, 5) + "00001");
}

TEST_F(CaseServiceTest, AFailedCreationGivesItsNumberBack) {
  auto lc = f.make_user("lc", Role::kOfficer, "LC");
  CaseService cases(f.ctx());
  auto bad = sample_case();
  bad.items[0].evidence_id = 999999;  // invisible evidence: refused after the number is drawn
  EXPECT_FALSE(cases.create(f.as(lc), bad));
  auto good = cases.create(f.as(lc), sample_case());
  ASSERT_TRUE(good);
  EXPECT_EQ(good->record.number.substr(good->record.number.size() - 5), "00001");
}

TEST_F(CaseServiceTest, ValidationReportsEveryBadField) {
  auto lc = f.make_user("lc", Role::kOfficer, "LC");
  auto c = sample_case();
  c.offence_type = "jaywalking";
  c.items[0].part = "wing";
  c.items[0].count = -1;
  c.parties[0].name = "";
  auto r = CaseService(f.ctx()).create(f.as(lc), c);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  std::set<std::string> fields;
  for (const auto& e : r.error().fields) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"offence_type", "items/0/part", "items/0/count", "parties/0/name"}));
}

TEST_F(CaseServiceTest, PriorityAndMajorFlagsNotifyOfficeAndLeaders) {
  auto lc = f.make_user("lc", Role::kOfficer, "LC");
  auto leader = f.make_user("lc-boss", Role::kLeader, "LC");
  auto office = f.make_user("office", Role::kOffice, "OFFICE");
  auto ny_leader = f.make_user("ny-boss", Role::kLeader, "NY");
  auto c = sample_case();
  c.items[0].species = "象牙制品";
  c.items[0].part = "product";
  for (int i = 0; i < 4; ++i) {
    CaseParty p;
    p.name = "嫌疑人" + std::to_string(i);
    c.parties.push_back(p);
  }
  auto created = CaseService(f.ctx()).create(f.as(lc), c);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_TRUE(created->record.priority);
  EXPECT_TRUE(created->record.major);
  // Priority halves the registration deadline.
  EXPECT_GT(created->record.due_at, 0);
  NotificationService notes(f.ctx());
  for (const auto* u : {&leader, &office}) {
    auto page = notes.list(f.as(*u), true, 50, 0);
    ASSERT_TRUE(page);
    ASSERT_EQ(page->total, 1) << u->username;
    EXPECT_EQ(page->items[0].kind, "major_case");
    EXPECT_EQ(page->items[0].entity_id, created->record.id);
  }
  EXPECT_EQ(notes.list(f.as(ny_leader), true, 50, 0)->total, 0);
  EXPECT_EQ(notes.list(f.as(lc), true, 50, 0)->total, 0);
  auto first = notes.list(f.as(leader), true, 50, 0)->items[0].id;
  EXPECT_TRUE(notes.mark_read(f.as(leader), first));
  EXPECT_EQ(notes.list(f.as(leader), true, 50, 0)->total, 0);
  EXPECT_FALSE(notes.mark_read(f.as(office), first));  // not theirs
}

TEST_F(CaseServiceTest, StateMachineChecksRoleDepartmentAndRequiredFields) {
  auto officer = f.make_user("lc", Role::kOfficer, "LC");
  auto leader = f.make_user("lc-boss", Role::kLeader, "LC");
  auto other = f.make_user("ny-boss", Role::kLeader, "NY");
  CaseService cases(f.ctx());
  auto c = cases.create(f.as(officer), sample_case());
  ASSERT_TRUE(c);
  const auto id = c->record.id;
  auto refused = cases.transition(f.as(officer), id, {"filed", "", {}, {}});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);  // 立案 needs the leader
  EXPECT_EQ(cases.transition(f.as(other), id, {"filed", "", {}, {}}).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(cases.transition(f.as(leader), id, {"filed", "", {}, {}}));
  EXPECT_EQ(cases.transition(f.as(officer), id, {"closed", "", {}, {}}).error().code, ErrorCode::kConflict);
  ASSERT_TRUE(cases.transition(f.as(officer), id, {"investigating", "", {}, {}}));
  auto no_fields = cases.transition(f.as(leader), id, {"penalty_decided", "", {}, {}});
  ASSERT_FALSE(no_fields);
  EXPECT_EQ(no_fields.error().fields.size(), 2u);
  auto decided = cases.transition(f.as(leader), id, {"penalty_decided", "", "沙林罚决字〔2026〕第12号", 500000});
  ASSERT_TRUE(decided);
  EXPECT_EQ(decided->record.penalty_amount_fen, 500000);
  ASSERT_TRUE(cases.transition(f.as(officer), id, {"executing", "", {}, {}}));
  ASSERT_TRUE(cases.transition(f.as(leader), id, {"closed", "", {}, {}}));
  auto timeline = cases.timeline(f.as(officer), id);
  ASSERT_TRUE(timeline);
  std::vector<std::string> kinds;
  for (const auto& e : *timeline) kinds.push_back(e.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"created", "transition", "transition", "transition", "transition", "transition"}));
}

TEST_F(CaseServiceTest, CriminalTransferNeedsTheChecklistAndGivesThePoliceAccess) {
  auto officer = f.make_user("lc", Role::kOfficer, "LC");
  auto leader = f.make_user("lc-boss", Role::kLeader, "LC");
  auto police = f.make_user("ga", Role::kOfficer, "GA");
  auto customs = f.make_user("hg", Role::kOfficer, "HG");
  CaseService cases(f.ctx());
  auto c = cases.create(f.as(officer), sample_case());
  ASSERT_TRUE(c);
  const auto id = c->record.id;
  ASSERT_TRUE(cases.transition(f.as(leader), id, {"filed", "", {}, {}}));
  ASSERT_TRUE(cases.transition(f.as(officer), id, {"investigating", "", {}, {}}));
  EXPECT_EQ(cases.get(f.as(police), id).error().code, ErrorCode::kNotFound);

  TransferRequest t{"GA", "criminal", "涉案画眉12只，价值超过刑事立案标准", {}};
  auto missing = cases.request_transfer(f.as(officer), id, t);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(missing.error().fields.size(), 4u);  // four mandatory documents

  int salt = 0;
  for (const auto& item : criminal_transfer_checklist())
    if (item.mandatory) t.documents.push_back({std::string(item.kind), evidence(officer, salt++), ""});
  auto wrong_dept = t;
  wrong_dept.to_department_code = "SJ";
  EXPECT_FALSE(cases.request_transfer(f.as(officer), id, wrong_dept));
  auto sent = cases.request_transfer(f.as(officer), id, t);
  ASSERT_TRUE(sent) << sent.error().message;
  EXPECT_EQ(cases.get(f.as(officer), id)->record.state, "transferred_to_police");
  EXPECT_FALSE(cases.request_transfer(f.as(officer), id, t));  // one pending transfer at a time

  EXPECT_EQ(cases.accept_transfer(f.as(customs), sent->id, "").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(cases.accept_transfer(f.as(officer), sent->id, "").error().code, ErrorCode::kForbidden);
  auto accepted = cases.accept_transfer(f.as(police), sent->id, "已受理");
  ASSERT_TRUE(accepted) << accepted.error().message;
  EXPECT_EQ(accepted->state, "accepted");
  auto seen = cases.get(f.as(police), id);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->record.state, "police_accepted");
  EXPECT_FALSE(CaseService::sees_confidential(f.as(police).actor, seen->record));
  // The police, not the forestry department, take the police steps.
  EXPECT_EQ(cases.transition(f.as(officer), id, {"police_filed", "", {}, {}}).error().code, ErrorCode::kForbidden);
  ASSERT_TRUE(cases.transition(f.as(police), id, {"police_filed", "", {}, {}}));
  ASSERT_TRUE(cases.transition(f.as(police), id, {"prosecuted", "", {}, {}}));
  ASSERT_TRUE(cases.transition(f.as(leader), id, {"closed", "", {}, {}}));
  auto log = store::AuditLog::query(f.db(), {.entity = std::string("transfer")});
  ASSERT_TRUE(log);
  EXPECT_EQ(log->total, 2);  // request + accept
}

TEST_F(CaseServiceTest, ReturnedCriminalTransferGoesBackToInvestigation) {
  auto officer = f.make_user("lc", Role::kOfficer, "LC");
  auto leader = f.make_user("lc-boss", Role::kLeader, "LC");
  auto police = f.make_user("ga", Role::kOfficer, "GA");
  CaseService cases(f.ctx());
  auto c = cases.create(f.as(officer), sample_case());
  const auto id = c->record.id;
  ASSERT_TRUE(cases.transition(f.as(leader), id, {"filed", "", {}, {}}));
  ASSERT_TRUE(cases.transition(f.as(officer), id, {"investigating", "", {}, {}}));
  TransferRequest t{"GA", "criminal", "理由", {}};
  int salt = 0;
  for (const auto& item : criminal_transfer_checklist())
    if (item.mandatory) t.documents.push_back({std::string(item.kind), evidence(officer, salt++), ""});
  auto sent = cases.request_transfer(f.as(officer), id, t);
  ASSERT_TRUE(sent);
  EXPECT_FALSE(cases.return_transfer(f.as(police), sent->id, ""));
  ASSERT_TRUE(cases.return_transfer(f.as(police), sent->id, "证据不足，不符合立案条件"));
  EXPECT_EQ(cases.get(f.as(officer), id)->record.state, "police_rejected");
  EXPECT_EQ(cases.get(f.as(police), id).error().code, ErrorCode::kNotFound);  // never gained access
  ASSERT_TRUE(cases.transition(f.as(officer), id, {"investigating", "", {}, {}}));
  auto notes = NotificationService(f.ctx()).list(f.as(officer), true, 50, 0);
  ASSERT_TRUE(notes);
  EXPECT_EQ(notes->items.front().kind, "transfer_returned");
}

TEST_F(CaseServiceTest, HandoverMovesOwnershipAndKeepsTheSenderInformed) {
  auto jt = f.make_user("jt", Role::kOfficer, "JT");
  auto lc = f.make_user("lc", Role::kOfficer, "LC");
  CaseService cases(f.ctx());
  auto c = sample_case();
  c.offence_type = "illegal_transport";
  c.source = "transport_check";
  auto created = cases.create(f.as(jt), c);
  ASSERT_TRUE(created);
  auto sent = cases.request_transfer(f.as(jt), created->record.id, {"LC", "handover", "货车运输野生鸟类，移交林草部门查处", {}});
  ASSERT_TRUE(sent) << sent.error().message;
  ASSERT_TRUE(cases.accept_transfer(f.as(lc), sent->id, ""));
  auto now_lc = cases.get(f.as(lc), created->record.id);
  ASSERT_TRUE(now_lc);
  EXPECT_EQ(now_lc->record.owner_department_code, "LC");
  EXPECT_TRUE(cases.get(f.as(jt), created->record.id));  // sender still sees it
  EXPECT_TRUE(CaseService::sees_confidential(f.as(lc).actor, now_lc->record));
  EXPECT_FALSE(CaseService::sees_confidential(f.as(jt).actor, now_lc->record));
}

TEST_F(CaseServiceTest, ListsFilterByVisibilityStateAndText) {
  auto lc = f.make_user("lc", Role::kOfficer, "LC");
  auto ny = f.make_user("ny", Role::kOfficer, "NY");
  auto inspector = f.make_user("insp", Role::kInspector, "ZF");
  CaseService cases(f.ctx());
  ASSERT_TRUE(cases.create(f.as(lc), sample_case()));
  auto fish = sample_case();
  fish.title = "黄河禁捕水域电鱼案";
  fish.offence_type = "illegal_fishing";
  fish.items[0].species = "黄河鲤";
  ASSERT_TRUE(cases.create(f.as(ny), fish));
  EXPECT_EQ(cases.list(f.as(lc), {})->total, 1);
  EXPECT_EQ(cases.list(f.as(inspector), {})->total, 2);
  store::CaseQuery by_text;
  by_text.text = "黄河鲤";
  EXPECT_EQ(cases.list(f.as(inspector), by_text)->total, 1);
  EXPECT_EQ(cases.list(f.as(lc), by_text)->total, 0);
  store::CaseQuery prio;
  prio.priority = true;
  auto p = cases.list(f.as(inspector), prio);
  ASSERT_TRUE(p);
  ASSERT_EQ(p->total, 1);  // illegal fishing is 从重从快
  EXPECT_EQ(p->items[0].record.offence_type, "illegal_fishing");
}

}  // namespace
}  // namespace qf::service

#include "core/case_vocabulary.h"
#include "service/demo_cases.h"
#include "service/demo_seeder.h"

namespace qf::service {
namespace {

TEST(DemoCasesTest, DeterministicAndCoversEveryStateAndTransferKind) {
  std::vector<std::pair<std::string, std::string>> runs[2];
  for (int run = 0; run < 2; ++run) {
    ServiceFixture f;
    ASSERT_TRUE(DemoSeeder(f.ctx()).seed(cli_call_context()));
    auto report = seed_demo_cases(f.ctx(), 7, 200);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->created, 200);
    EXPECT_TRUE(seed_demo_cases(f.ctx(), 7, 200)->skipped);
    store::CaseQuery all;
    all.limit = 1000;
    auto page = CaseService(f.ctx()).list(cli_call_context(), all);
    ASSERT_TRUE(page);
    std::set<std::string> states, offences, transfer_kinds;
    for (const auto& c : page->items) {
      runs[run].emplace_back(c.record.number, c.record.state);
      states.insert(c.record.state);
      offences.insert(c.record.offence_type);
      auto full = CaseService(f.ctx()).get(cli_call_context(), c.record.id);
      for (const auto& t : full->transfers) transfer_kinds.insert(t.kind + ":" + t.state);
    }
    for (const auto& s : case_states()) EXPECT_TRUE(states.count(std::string(s.code))) << s.code;
    EXPECT_EQ(offences.size(), offence_types().size());
    for (const char* k : {"handover:accepted", "handover:returned", "handover:requested", "criminal:accepted",
                          "criminal:returned", "criminal:requested"})
      EXPECT_TRUE(transfer_kinds.count(k)) << k;
  }
  EXPECT_EQ(runs[0], runs[1]);
}

}  // namespace
}  // namespace qf::service

#include "service/demo_tips.h"
#include "service/tip_service.h"

namespace qf::service {
namespace {

TEST(DemoTipsTest, EveryTipStateAppearsAndSomeBecomeCases) {
  ServiceFixture f;
  ASSERT_TRUE(DemoSeeder(f.ctx()).seed(cli_call_context()));
  auto report = seed_demo_tips(f.ctx(), 11, 120);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->created, 120);
  EXPECT_TRUE(seed_demo_tips(f.ctx(), 11, 120)->skipped);
  TipQueryParams all;
  all.limit = 200;
  auto page = TipService(f.ctx()).list(cli_call_context(), all);
  ASSERT_TRUE(page);
  std::set<std::string> states, channels;
  for (const auto& t : page->items) {
    states.insert(t.tip.state);
    channels.insert(t.tip.channel);
  }
  for (const char* s : {"pending", "assigned", "verifying", "unfounded", "referred", "concluded", "case_opened"})
    EXPECT_TRUE(states.count(s)) << s;
  EXPECT_TRUE(channels.count("public_web"));
  EXPECT_TRUE(channels.count("hotline"));
  auto cases = CaseService(f.ctx()).list(cli_call_context(), {});
  ASSERT_TRUE(cases);
  EXPECT_GT(cases->total, 0);
}

}  // namespace
}  // namespace qf::service
