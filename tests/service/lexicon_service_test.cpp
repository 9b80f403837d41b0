// LexiconService on both backends: the built-in set as revision 0, a saved
// revision in force for the very next scan, stale and unchanged saves
// refused, bad lines named by file and line, history and restore, trial
// scans that save nothing, permissions and the audit row.
#include "service/lexicon_service.h"

#include <gtest/gtest.h>

#include "service/audit_service.h"
#include "service/listing_service.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using testing::ServiceFixture;

// A made-up euphemism for a banned bird lure: in no built-in file.
const char* kNewTerm = "鸟王神器";
const char* kListing = "出售鸟王神器 包邮 晚上用效果好";

bool has_hit(const nlohmann::json& explanation, const std::string& term) {
  for (const auto& h : explanation["hits"])
    if (h.value("term", "") == term) return true;
  return false;
}

std::vector<store::LexiconFileText>& with_new_tool(std::vector<store::LexiconFileText>& files,
                                                   const std::string& line) {
  for (auto& f : files)
    if (f.name == "tools.txt") f.content += line + "\n";
  return files;
}

class LexiconServiceTest : public ::testing::Test {
 protected:
  LexiconServiceTest()
      : office(f.make_user("office1", Role::kOffice, "OFFICE")),
        admin(f.make_user("admin1", Role::kAdmin, "OFFICE")),
        wx_officer(f.make_user("wx-officer", Role::kOfficer, "WX")),
        ga_officer(f.make_user("ga-officer", Role::kOfficer, "GA")) {}

  // The files as the API shows them: short names.
  std::vector<store::LexiconFileText> files_of(const LexiconState& st) {
    std::vector<store::LexiconFileText> out;
    const auto j = to_json(st);
    for (const auto& f : j["files"])
      out.push_back({f["name"].get<std::string>(), f["content"].get<std::string>()});
    return out;
  }

  nlohmann::json scan(const std::string& external_id) {
    ListingInput l;
    l.platform = "闲鱼";
    l.external_id = external_id;
    l.text = kListing;
    auto r = ListingService(f.ctx()).ingest(f.as(wx_officer), {l});
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r ? r->items.at(0).explanation : nlohmann::json();
  }

  ServiceFixture f;
  store::User office, admin, wx_officer, ga_officer;
};

TEST_F(LexiconServiceTest, ABuiltInSetUntilARevisionIsSavedThenTheNextScanUsesIt) {
  LexiconService svc(f.ctx());
  auto builtin = svc.current(f.as(wx_officer));
  ASSERT_TRUE(builtin) << builtin.error().message;
  EXPECT_EQ(builtin->revision.number, 0);
  EXPECT_TRUE(builtin->in_force);
  EXPECT_GT(builtin->revision.terms, 200);
  EXPECT_GT(builtin->terms_by_category.at("tool"), 20);
  EXPECT_FALSE(has_hit(scan("before"), kNewTerm));

  auto files = files_of(*builtin);
  LexiconEdit edit;
  edit.files = with_new_tool(files, kNewTerm);
  edit.note = "网信办通报：新出现的诱捕器俗称";
  auto saved = svc.save(f.as(office), edit);
  ASSERT_TRUE(saved) << saved.error().message;
  EXPECT_EQ(saved->revision.number, 1);
  EXPECT_EQ(saved->revision.terms, builtin->revision.terms + 1);
  EXPECT_NE(saved->revision.lexicon_version, builtin->revision.lexicon_version);

  const auto after = scan("after");
  EXPECT_TRUE(has_hit(after, kNewTerm)) << after.dump();
  EXPECT_EQ(after["lexicon"], saved->revision.lexicon_version);

  auto now = svc.current(f.as(admin));
  ASSERT_TRUE(now);
  EXPECT_EQ(now->revision.number, 1);
  EXPECT_EQ(now->revision.note, edit.note);
  EXPECT_EQ(now->revision.created_by_name, "office1");

  store::AuditQuery q;
  q.action = "lexicon.save";
  auto rows = AuditService(f.ctx()).query(f.as(office), q);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->rows.size(), 1u);
  const auto audit_after = nlohmann::json::parse(rows->rows[0].after_json);
  EXPECT_EQ(audit_after["changed_files"], nlohmann::json::array({"data/lexicon/tools.txt"}));
  EXPECT_EQ(nlohmann::json::parse(rows->rows[0].before_json)["revision"], 0);
}

TEST_F(LexiconServiceTest, StaleUnchangedOrBrokenSavesChangeNothing) {
  LexiconService svc(f.ctx());
  auto files = files_of(*svc.current(f.as(office)));
  LexiconEdit same;
  same.files = files;
  same.note = "没有改动";
  auto unchanged = svc.save(f.as(office), same);
  ASSERT_FALSE(unchanged);
  EXPECT_EQ(unchanged.error().code, ErrorCode::kConflict);

  LexiconEdit broken;
  broken.files = files;
  with_new_tool(broken.files, "鸟王神器 weight=99");
  broken.note = "权重写错";
  auto bad = svc.save(f.as(office), broken);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
  ASSERT_EQ(bad.error().fields.size(), 1u);
  EXPECT_EQ(bad.error().fields[0].field.rfind("files/", 0), 0u);
  EXPECT_NE(bad.error().fields[0].message.find("tools.txt:"), std::string::npos)
      << bad.error().fields[0].message;

  LexiconEdit no_note;
  no_note.files = files;
  with_new_tool(no_note.files, kNewTerm);
  auto why = svc.save(f.as(office), no_note);
  ASSERT_FALSE(why);
  EXPECT_EQ(why.error().fields.at(0).field, "note");

  LexiconEdit bad_name = no_note;
  bad_name.note = "文件名";
  bad_name.files.push_back({"../etc/passwd", "x"});
  auto named = svc.save(f.as(office), bad_name);
  ASSERT_FALSE(named);
  EXPECT_EQ(named.error().fields.at(0).field, "files/" + std::to_string(files.size()) + "/name");

  LexiconEdit first = no_note;
  first.note = "第一次修改";
  ASSERT_TRUE(svc.save(f.as(office), first));
  // A second editor who started from the built-in set must not overwrite it.
  LexiconEdit stale = first;
  stale.note = "另一位编辑";
  with_new_tool(stale.files, "捉鸟神器");
  auto refused = svc.save(f.as(admin), stale);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPreconditionFailed);
  auto history = svc.history(f.as(office), 50, 0);
  ASSERT_TRUE(history);
  EXPECT_EQ(history->total, 1);
}

TEST_F(LexiconServiceTest, HistoryRevisionsAndRestore) {
  LexiconService svc(f.ctx());
  auto files = files_of(*svc.current(f.as(office)));
  LexiconEdit edit;
  edit.files = with_new_tool(files, kNewTerm);
  edit.note = "加入新俗称";
  ASSERT_TRUE(svc.save(f.as(office), edit));
  EXPECT_TRUE(has_hit(scan("v1"), kNewTerm));

  // Restore the built-in set: saved again as revision 2, naming none (0 is
  // not a saved revision), and the term is gone from the next scan.
  auto builtin = svc.revision(f.as(office), 0);
  ASSERT_TRUE(builtin);
  EXPECT_FALSE(builtin->in_force);
  LexiconEdit back;
  back.files = files_of(*builtin);
  back.note = "误报太多，恢复内置词库";
  back.base_revision = 1;
  auto restored = svc.save(f.as(admin), back);
  ASSERT_TRUE(restored) << restored.error().message;
  EXPECT_EQ(restored->revision.number, 2);
  EXPECT_EQ(restored->revision.lexicon_version, builtin->revision.lexicon_version);
  EXPECT_FALSE(has_hit(scan("v2"), kNewTerm));

  // …and revision 1 again, naming it.
  auto one = svc.revision(f.as(office), 1);
  ASSERT_TRUE(one);
  LexiconEdit again;
  again.files = files_of(*one);
  again.note = "恢复第 1 版";
  again.base_revision = 2;
  again.restored_from = 1;
  auto third = svc.save(f.as(office), again);
  ASSERT_TRUE(third) << third.error().message;
  EXPECT_EQ(third->revision.restored_from, 1);
  EXPECT_TRUE(has_hit(scan("v3"), kNewTerm));

  auto history = svc.history(f.as(wx_officer), 2, 0);
  ASSERT_TRUE(history);
  EXPECT_EQ(history->total, 3);
  ASSERT_EQ(history->items.size(), 2u);
  EXPECT_EQ(history->items[0].number, 3);
  EXPECT_TRUE(history->items[0].files.empty());
  auto missing = svc.revision(f.as(office), 9);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(LexiconServiceTest, TrialScansSaveNothing) {
  LexiconService svc(f.ctx());
  auto files = files_of(*svc.current(f.as(office)));
  LexiconTrial editing;
  editing.files = with_new_tool(files, kNewTerm);
  editing.text = kListing;
  auto tried = svc.trial(f.as(office), editing);
  ASSERT_TRUE(tried) << tried.error().message;
  EXPECT_TRUE(has_hit(*tried, kNewTerm));
  EXPECT_TRUE((*tried)["lexicon_revision"].is_null());

  LexiconTrial in_force;
  in_force.text = kListing;
  auto plain = svc.trial(f.as(wx_officer), in_force);
  ASSERT_TRUE(plain);
  EXPECT_FALSE(has_hit(*plain, kNewTerm));
  EXPECT_EQ((*plain)["lexicon_revision"], 0);
  EXPECT_EQ(svc.history(f.as(office), 10, 0)->total, 0);
  EXPECT_FALSE(has_hit(scan("trial"), kNewTerm));
}

// An editor trying the contact words sees them hit, although a listing with
// nothing but context words gets the empty verdict when it is scanned.
TEST_F(LexiconServiceTest, TrialShowsContextWordsWithoutAnAnchor) {
  LexiconService svc(f.ctx());
  LexiconTrial context;
  context.text = "包邮 加微信详聊";
  auto tried = svc.trial(f.as(office), context);
  ASSERT_TRUE(tried) << tried.error().message;
  EXPECT_TRUE(has_hit(*tried, "加微信")) << tried->dump();
  EXPECT_TRUE(has_hit(*tried, "包邮")) << tried->dump();
  EXPECT_EQ((*tried)["risk"], "none");
}

TEST_F(LexiconServiceTest, ReadByListingDepartmentsEditedByAdministratorsAndTheOffice) {
  LexiconService svc(f.ctx());
  auto denied = svc.current(f.as(ga_officer));
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::kForbidden);
  auto files = files_of(*svc.current(f.as(wx_officer)));
  LexiconEdit edit;
  edit.files = with_new_tool(files, kNewTerm);
  edit.note = "网信想自己加";
  auto by_officer = svc.save(f.as(wx_officer), edit);
  ASSERT_FALSE(by_officer);
  EXPECT_EQ(by_officer.error().code, ErrorCode::kForbidden);
  EXPECT_TRUE(svc.save(f.as(admin), edit));
}

}  // namespace
}  // namespace qf::service
