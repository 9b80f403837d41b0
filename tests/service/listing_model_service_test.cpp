// ListingModelService on both backends: reviewers' decisions become training
// examples (confirmed: the verdict's category, dismissed: benign), training
// refuses below the minimum, is for the office and administrators, stores
// the model with its held-out measures in listing_models and activates it
// (audited), and the next ingested listing is re-scored by the model in force;
// deactivation withdraws it (the rules alone, on every node's next batch)
// until a model is activated again.
#include "service/listing_model_service.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <thread>

#include "service/audit_service.h"
#include "service/listing_service.h"
#include "store/listing_model_repository.h"
#include "support/listing_examples.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using testing::ServiceFixture;

class ListingModelServiceTest : public ::testing::Test {
 protected:
  ListingModelServiceTest()
      : office(f.make_user("office1", Role::kOffice, "OFFICE")),
        admin(f.make_user("admin1", Role::kAdmin, "OFFICE")),
        wx_officer(f.make_user("wx-officer", Role::kOfficer, "WX")) {}

  // Hands in the labelled listings and decides each as its label says.
  void decide_all() {
    std::vector<ListingInput> batch;
    const auto& all = testing::labelled_listings();
    for (std::size_t i = 0; i < all.size(); ++i) {
      ListingInput in;
      in.platform = "闲鱼";
      in.external_id = "ex-" + std::to_string(i);
      in.title = all[i].title;
      in.text = all[i].text;
      batch.push_back(in);
    }
    ListingService listings(f.ctx());
    auto ingested = listings.ingest(f.as(wx_officer), batch);
    ASSERT_TRUE(ingested) << ingested.error().message;
    for (std::size_t i = 0; i < all.size(); ++i) {
      ListingReview r;
      r.decision = std::string(all[i].label) == "benign" ? "dismissed" : "confirmed";
      r.note = "测试";
      auto done = listings.review(f.as(wx_officer), ingested->items[i].id, r);
      ASSERT_TRUE(done) << i << ": " << done.error().message;
    }
  }

  ModelTrainingRequest quick(std::int64_t min_decisions) {
    ModelTrainingRequest r;
    r.min_decisions = min_decisions;
    r.options.epoch = 50;
    r.options.buckets = 1 << 14;
    return r;
  }

  ServiceFixture f;
  store::User office, admin, wx_officer;
};

TEST_F(ListingModelServiceTest, TrainsFromDecisionsStoresActivatesAndRescores) {
  decide_all();
  ListingModelService svc(f.ctx());
  const auto n = static_cast<std::int64_t>(testing::labelled_listings().size());

  // Too few decisions: refused, nothing stored.
  auto few = svc.train(f.as(office), quick(n + 1));
  ASSERT_FALSE(few);
  EXPECT_EQ(few.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(few.error().fields.at(0).message.find("审核决定不足"), std::string::npos);

  // Reviewers themselves do not train models.
  auto denied = svc.train(f.as(wx_officer), quick(1));
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::kForbidden);

  auto req = quick(n);
  req.activate = true;
  auto trained = svc.train(f.as(office), req);
  ASSERT_TRUE(trained) << trained.error().message;
  EXPECT_EQ(trained->decisions, n);
  EXPECT_TRUE(trained->stored);
  EXPECT_TRUE(trained->activated);
  EXPECT_EQ(trained->model.source, "decisions");
  EXPECT_EQ(trained->training.examples + trained->skipped_decisions, static_cast<std::size_t>(n));
  // Dismissed listings are the benign examples.
  EXPECT_EQ(trained->training.examples_by_label[0], 14u);
  EXPECT_GT(trained->model.activation, 0);

  auto list = svc.list(f.as(wx_officer), 20, 0);  // readers of listings see the models
  ASSERT_TRUE(list) << list.error().message;
  ASSERT_EQ(list->total, 1);
  EXPECT_EQ(list->active_version, trained->model.version);
  const auto j = to_json(list->items[0], true);
  EXPECT_EQ(j["created_by"], "office1");
  EXPECT_EQ(j["examples"], trained->model.examples);
  EXPECT_TRUE(j["metrics"]["labels"].contains("wildlife")) << j.dump();

  // The stored bytes are the trained bytes.
  auto stored = f.ctx().db.read([&](soci::session& s) {
    return store::ListingModelRepository::find(s, trained->model.version);
  });
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->model_bytes, trained->training.model_bytes);

  // The same decisions again make the same model: refused as a duplicate.
  auto again = svc.train(f.as(office), quick(n));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);

  for (const char* action : {"listing_model.train", "listing_model.activate"}) {
    store::AuditQuery q;
    q.action = action;
    auto rows = AuditService(f.ctx()).query(f.as(office), q);
    ASSERT_TRUE(rows);
    EXPECT_EQ(rows->rows.size(), 1u) << action;
  }

  // The next listing is re-scored by the model in force.
  ListingInput in;
  in.platform = "闲鱼";
  in.title = "象牙手串 出";
  in.text = "老象牙手串，私聊价格，加V";
  auto ingested = ListingService(f.ctx()).ingest(f.as(wx_officer), {in});
  ASSERT_TRUE(ingested) << ingested.error().message;
  const auto& explanation = ingested->items[0].explanation;
  ASSERT_TRUE(explanation.contains("model")) << explanation.dump();
  EXPECT_EQ(explanation["model"]["version"], trained->model.version);
  EXPECT_TRUE(explanation["model"].contains("p"));
}

TEST_F(ListingModelServiceTest, NoModelNoOpinionAndActivationNeedsAKnownModel) {
  ListingInput in;
  in.platform = "闲鱼";
  in.text = "出售象*牙手镯，加V私聊";
  auto ingested = ListingService(f.ctx()).ingest(f.as(wx_officer), {in});
  ASSERT_TRUE(ingested) << ingested.error().message;
  EXPECT_FALSE(ingested->items[0].explanation.contains("model"));

  ListingModelService svc(f.ctx());
  auto missing = svc.activate(f.as(admin), "ft-0000000000000000");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  auto denied = svc.activate(f.as(wx_officer), "ft-0000000000000000");
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::kForbidden);
  auto list = svc.list(f.as(admin), 20, 0);
  ASSERT_TRUE(list);
  EXPECT_EQ(list->total, 0);
  EXPECT_EQ(list->active_version, "");
}

TEST_F(ListingModelServiceTest, DeactivationLeavesTheRulesAloneUntilAModelIsActivatedAgain) {
  decide_all();
  ListingModelService svc(f.ctx());
  const auto n = static_cast<std::int64_t>(testing::labelled_listings().size());
  auto req = quick(n);
  req.activate = true;
  auto trained = svc.train(f.as(office), req);
  ASSERT_TRUE(trained) << trained.error().message;
  const std::string version = trained->model.version;
  // A second stored model, never activated (its bytes do not matter here).
  ASSERT_TRUE(f.ctx().db.transact([&](soci::session& s) -> Status {
    store::ListingModel other = trained->model;
    other.version = "ft-00000000000000aa";
    other.model_bytes = "not a model";
    auto saved = store::ListingModelRepository::insert(s, other);
    if (!saved) return tl::unexpected(saved.error());
    return {};
  }));
  auto in_force = [&] {
    auto m = f.ctx().db.read([](soci::session& s) { return listing_model_in_force(s); });
    EXPECT_TRUE(m) << m.error().message;
    return m ? *m : nullptr;
  };
  ASSERT_NE(in_force(), nullptr);

  // Reviewers do not switch models; a model that is not in force is not
  // withdrawn (the answer names the one that is); an unknown one is not found.
  auto denied = svc.deactivate(f.as(wx_officer), "");
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::kForbidden);
  auto other = svc.deactivate(f.as(admin), "ft-00000000000000aa");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kConflict);
  EXPECT_NE(other.error().message.find("生效中的是 " + version), std::string::npos)
      << other.error().message;
  auto unknown = svc.deactivate(f.as(admin), "ft-ffffffffffffffff");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_NE(in_force(), nullptr);

  // Withdrawn: nothing in force, the next listing is judged by the rules alone.
  auto off = svc.deactivate(f.as(admin), version);
  ASSERT_TRUE(off) << off.error().message;
  EXPECT_EQ(off->version, version);
  EXPECT_GT(off->deactivated_at, 0);
  EXPECT_EQ(in_force(), nullptr);
  auto list = svc.list(f.as(wx_officer), 20, 0);
  ASSERT_TRUE(list);
  EXPECT_EQ(list->active_version, "");
  const auto j = to_json(*off, false);
  EXPECT_FALSE(j["active"].get<bool>());
  EXPECT_TRUE(j["deactivated_at"].is_string()) << j.dump();
  ListingInput in;
  in.platform = "闲鱼";
  in.title = "象牙手串 出";
  in.text = "老象牙手串，私聊价格，加V";
  auto rules_alone = ListingService(f.ctx()).ingest(f.as(wx_officer), {in});
  ASSERT_TRUE(rules_alone) << rules_alone.error().message;
  EXPECT_FALSE(rules_alone->items[0].explanation.contains("model"))
      << rules_alone->items[0].explanation.dump();

  // The same model named again: answered unchanged (a repeated click);
  // none named with nothing in force: a clear refusal. Audited once.
  auto again = svc.deactivate(f.as(admin), version);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->deactivated_at, off->deactivated_at);
  auto nothing = svc.deactivate(f.as(office), "");
  ASSERT_FALSE(nothing);
  EXPECT_EQ(nothing.error().code, ErrorCode::kConflict);
  EXPECT_NE(nothing.error().message.find("没有生效中的复核模型"), std::string::npos);
  store::AuditQuery q;
  q.action = "listing_model.deactivate";
  auto rows = AuditService(f.ctx()).query(f.as(office), q);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->rows.size(), 1u);

  // Activated again: in force once more, re-scoring the next listing.
  auto on = svc.activate(f.as(office), version);
  ASSERT_TRUE(on) << on.error().message;
  EXPECT_EQ(on->deactivated_at, 0);
  EXPECT_GT(on->activation, off->activation);
  ASSERT_NE(in_force(), nullptr);
  EXPECT_EQ(svc.list(f.as(admin), 20, 0)->active_version, version);
  in.text = "老象牙手串，私聊价格，加微信";
  auto rescored = ListingService(f.ctx()).ingest(f.as(wx_officer), {in});
  ASSERT_TRUE(rescored) << rescored.error().message;
  EXPECT_EQ(rescored->items[0].explanation["model"]["version"], version);

  // Whichever is in force when none is named.
  auto whichever = svc.deactivate(f.as(admin), "");
  ASSERT_TRUE(whichever) << whichever.error().message;
  EXPECT_EQ(whichever->version, version);
  EXPECT_EQ(in_force(), nullptr);
}

// One model per activation number (migrations/0022): the database refuses a
// second row with a number already taken, so "the model activated last" is
// one row on every node.
TEST_F(ListingModelServiceTest, TwoModelsNeverShareAnActivationNumber) {
  auto store_model = [&](const std::string& version) {
    return f.ctx().db.transact([&](soci::session& s) -> Status {
      store::ListingModel m;
      m.version = version;
      m.source = "labels";
      m.model_bytes = "not a model";
      m.created_at = 1;
      auto saved = store::ListingModelRepository::insert(s, m);
      if (!saved) return tl::unexpected(saved.error());
      return {};
    });
  };
  ASSERT_TRUE(store_model("ft-00000000000000a1"));
  ASSERT_TRUE(store_model("ft-00000000000000a2"));
  ListingModelService svc(f.ctx());
  auto first = svc.activate(f.as(admin), "ft-00000000000000a1");
  ASSERT_TRUE(first) << first.error().message;
  auto same_number = f.ctx().db.transact([&](soci::session& s) -> Status {
    long long taken = first->activation;
    s << "UPDATE listing_models SET activation = :a WHERE version = 'ft-00000000000000a2'",
        soci::use(taken);
    return {};
  });
  ASSERT_FALSE(same_number);
  EXPECT_EQ(same_number.error().code, ErrorCode::kConflict);

  // Two activations at once. PostgreSQL: the second reads the same highest
  // number, waits for the first to commit, then fails and changes nothing;
  // SQLite queues writers, so it usually succeeds with the next number. Either
  // way the numbers stay distinct and the model in force is the one whose
  // activation committed last.
  std::optional<Result<store::ListingModel>> second;
  std::thread other;
  auto held = f.ctx().db.transact([&](soci::session& s) -> Result<store::ListingModel> {
    auto a = store::ListingModelRepository::activate(s, "ft-00000000000000a1", 2);
    if (!a) return a;
    other = std::thread([&] { second = svc.activate(f.as(admin), "ft-00000000000000a2"); });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // it reads and waits
    return a;
  });
  other.join();
  ASSERT_TRUE(held) << held.error().message;
  ASSERT_TRUE(second.has_value());
  auto last = f.ctx().db.read(
      [](soci::session& s) { return store::ListingModelRepository::last_activated(s); });
  ASSERT_TRUE(last && *last);
  if (*second) {
    EXPECT_GT((*second)->activation, held->activation);
    EXPECT_EQ((*last)->version, "ft-00000000000000a2");
  } else {
    EXPECT_EQ(second->error().code, ErrorCode::kConflict);
    EXPECT_NE(second->error().message.find("同时有另一项复核模型启用操作"), std::string::npos)
        << second->error().message;
    EXPECT_EQ((*last)->version, "ft-00000000000000a1");
  }
  std::printf("concurrent activation on %s: %s\n", testing::TestDatabase::backend_name().c_str(),
              *second ? "both succeeded, distinct numbers" : "the second refused (409)");
  auto shared = f.ctx().db.read([](soci::session& s) -> Result<long long> {
    long long n = 0;
    s << "SELECT COUNT(*) FROM (SELECT activation FROM listing_models WHERE activation > 0 "
         "GROUP BY activation HAVING COUNT(*) > 1) dup",
        soci::into(n);
    return n;
  });
  ASSERT_TRUE(shared);
  EXPECT_EQ(*shared, 0);
}

}  // namespace
}  // namespace qf::service
