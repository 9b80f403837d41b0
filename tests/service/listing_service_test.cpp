// ListingService on both backends: ingest with scanning and dedupe, spans in
// the original fields, invalid UTF-8 and oversize batches refused, the
// permissions of the plan's duties, review with its audit row, takedown with
// its time, the seller view, and a case from a confirmed listing.
#include "service/listing_service.h"

#include <gtest/gtest.h>

#include <thread>

#include "core/clock.h"
#include "service/audit_service.h"
#include "service/auth_service.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using testing::ServiceFixture;

ListingInput listing(const std::string& external_id, const std::string& text,
                     const std::string& seller = "seller-1") {
  ListingInput l;
  l.platform = "闲鱼";
  l.external_id = external_id;
  l.url = "https://example.invalid/item/" + (external_id.empty() ? "x" : external_id);
  l.text = text;
  l.seller_account = seller;
  l.seller_name = "老张的小店";
  l.price_fen = 128000;
  return l;
}

// The seller's evasion (象*牙) and a hard negative (象牙白).
const char* kEvasion = "出售象*牙手镯，加V私聊";
const char* kBenign = "象牙白手机壳 包邮 现货";

const nlohmann::json* hit(const nlohmann::json& explanation, const std::string& term) {
  for (const auto& h : explanation["hits"])
    if (h.value("term", "") == term && h.value("counted", false)) return &h;
  return nullptr;
}

std::int64_t count_rows(store::Database& db, const std::string& sql, std::int64_t id) {
  auto n = db.read([&](soci::session& s) -> Result<std::int64_t> {
    long long v = 0, key = id;
    s << sql, soci::into(v), soci::use(key);
    return static_cast<std::int64_t>(v);
  });
  return n ? *n : -1;
}

class ListingServiceTest : public ::testing::Test {
 protected:
  ListingServiceTest()
      : office(f.make_user("office1", Role::kOffice, "OFFICE")),
        wx_officer(f.make_user("wx-officer", Role::kOfficer, "WX")),
        wx_leader(f.make_user("wx-leader", Role::kLeader, "WX")),
        sj_officer(f.make_user("sj-officer", Role::kOfficer, "SJ")),
        lc_officer(f.make_user("lc-officer", Role::kOfficer, "LC")),
        ga_officer(f.make_user("ga-officer", Role::kOfficer, "GA")),
        inspector(f.make_user("inspector", Role::kInspector, "OFFICE")),
        admin(f.make_user("admin1", Role::kAdmin, "OFFICE")),
        platform_user(f.make_user("xianyu", Role::kIntegration, "WX")),
        other_platform(f.make_user("pdd", Role::kIntegration, "WX")) {}

  CallContext platform_call(const store::User& u, std::vector<std::string> scopes) {
    CallContext c = f.as(u);
    c.actor.scopes = std::move(scopes);
    return c;
  }

  IngestedListing ingest_one(const ListingInput& in) {
    auto r = ListingService(f.ctx()).ingest(f.as(wx_officer), {in});
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r ? r->items.at(0) : IngestedListing{};
  }

  ServiceFixture f;
  store::User office, wx_officer, wx_leader, sj_officer, lc_officer, ga_officer, inspector, admin,
      platform_user, other_platform;
};

TEST_F(ListingServiceTest, IngestScansStoresAndDedupes) {
  ListingService svc(f.ctx());
  ListingInput no_id = listing("", "現貨 獵夾 批發");
  auto first =
      svc.ingest(f.as(wx_officer), {listing("a1", kEvasion), listing("a2", kBenign), no_id});
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->created, 3);
  EXPECT_EQ(first->duplicates, 0);
  EXPECT_FALSE(first->lexicon_version.empty());

  const auto& evasion = first->items[0];
  EXPECT_EQ(evasion.outcome, "created");
  EXPECT_EQ(evasion.risk, "high");
  EXPECT_EQ(evasion.category, "wildlife");
  EXPECT_EQ(evasion.review_state, "pending");
  const auto* ivory = hit(evasion.explanation, "象牙");
  ASSERT_NE(ivory, nullptr) << evasion.explanation.dump();
  // The span is where the seller wrote it, in bytes and in characters.
  EXPECT_EQ((*ivory)["field"], "text");
  EXPECT_EQ((*ivory)["text"], "象*牙");
  EXPECT_EQ((*ivory)["start"], 6);
  EXPECT_EQ((*ivory)["end"], 13);
  EXPECT_EQ((*ivory)["char_start"], 2);
  EXPECT_EQ((*ivory)["char_end"], 5);

  const auto& benign = first->items[1];
  EXPECT_TRUE(benign.risk == "none" || benign.risk == "low") << benign.explanation.dump();
  EXPECT_EQ(benign.review_state, "unflagged");
  EXPECT_EQ(first->items[2].category, "tool");
  EXPECT_EQ(first->items[2].review_state, "pending");

  // The same posts again: recognised, nothing written.
  auto again =
      svc.ingest(f.as(sj_officer), {listing("a1", kEvasion), listing("a2", kBenign), no_id});
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->duplicates, 3);
  EXPECT_EQ(again->items[0].id, evasion.id);
  EXPECT_EQ(again->items[2].id, first->items[2].id);

  // An edited post under the same id is stored and scanned again; a
  // dismissed benign post that turns into a sale returns to the queue.
  ASSERT_TRUE(svc.review(f.as(wx_officer), benign.id, {"dismissed", "手机壳颜色"}));
  auto edited = svc.ingest(f.as(wx_officer), {listing("a1", "出售象牙手镯 现货 加V"),
                                              listing("a2", "出售象牙手镯 私聊")});
  ASSERT_TRUE(edited) << edited.error().message;
  EXPECT_EQ(edited->updated, 2);
  EXPECT_EQ(edited->items[0].id, evasion.id);
  EXPECT_EQ(edited->items[0].revision, 2);
  EXPECT_EQ(edited->items[1].review_state, "pending");
  EXPECT_EQ(
      count_rows(f.db(), "SELECT COUNT(*) FROM listing_scans WHERE listing_id = :id", evasion.id),
      2);
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM listings WHERE id >= :id", 0), 3);
}

TEST_F(ListingServiceTest, TitleAndTextAreScannedTogetherWithSpansPerField) {
  ListingInput in = listing("t1", "出售，加V私聊");
  in.title = "正品象牙手镯";
  auto item = ingest_one(in);
  EXPECT_EQ(item.risk, "high") << item.explanation.dump();
  const auto* ivory = hit(item.explanation, "象牙");
  ASSERT_NE(ivory, nullptr) << item.explanation.dump();
  EXPECT_EQ((*ivory)["field"], "title");
  EXPECT_EQ((*ivory)["char_start"], 2);
  const auto* sale = hit(item.explanation, "出售");
  ASSERT_NE(sale, nullptr) << item.explanation.dump();
  EXPECT_EQ((*sale)["field"], "text");
  EXPECT_EQ((*sale)["start"], 0);

  auto detail = ListingService(f.ctx()).get(f.as(lc_officer), item.id);
  ASSERT_TRUE(detail) << detail.error().message;
  auto segments = to_json(*detail)["highlight"]["title"];
  ASSERT_EQ(segments.size(), 3u) << segments.dump();
  EXPECT_EQ(segments[1]["text"], "象牙");
  EXPECT_TRUE(segments[1]["marked"].get<bool>());
}

TEST_F(ListingServiceTest, InvalidUtf8AndOversizeBatchesAreRefusedWithNothingStored) {
  ListingService svc(f.ctx());
  auto bad = svc.ingest(f.as(wx_officer), {listing("ok", kEvasion),
                                           listing("bad", std::string("出售象牙\xff\xfe手镯"))});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
  ASSERT_EQ(bad.error().fields.size(), 1u);
  EXPECT_EQ(bad.error().fields[0].field, "listings/1/text");
  EXPECT_NE(bad.error().fields[0].message.find("第 12 字节"), std::string::npos)
      << bad.error().fields[0].message;

  std::vector<ListingInput> many(kMaxListingBatch + 1, listing("", "出售"));
  auto big = svc.ingest(f.as(wx_officer), many);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, ErrorCode::kInvalidInput);
  EXPECT_FALSE(svc.ingest(f.as(wx_officer), {}));

  ListingInput no_platform = listing("x", kEvasion);
  no_platform.platform = " ";
  no_platform.url = "ftp://example.invalid";
  auto fields = svc.ingest(f.as(wx_officer), {no_platform});
  ASSERT_FALSE(fields);
  EXPECT_EQ(fields.error().fields.size(), 2u);
  EXPECT_EQ(count_rows(f.db(), "SELECT COUNT(*) FROM listings WHERE id >= :id", 0), 0);
}

// 网信 and 市场监管 handle online listings (plan 六); 林草 and 农业农村 read
// them (五(三)); the office does everything; the inspector reads.
TEST_F(ListingServiceTest, PermissionsFollowThePlansDuties) {
  ListingService svc(f.ctx());
  const auto id = ingest_one(listing("p1", kEvasion)).id;
  const ListingInput in = listing("p2", kEvasion);

  struct Expect {
    CallContext call;
    bool ingest, read, review;
  };
  const std::vector<Expect> table = {
      {f.as(office), true, true, true},
      {f.as(wx_officer), true, true, true},
      {f.as(sj_officer), true, true, true},
      {f.as(lc_officer), false, true, false},
      {f.as(ga_officer), false, false, false},
      {f.as(inspector), false, true, false},
      {f.as(admin), false, false, false},
      {platform_call(platform_user, {"listings:write"}), true, false, false},
      {platform_call(platform_user, {"records:write"}), false, false, false},
  };
  for (const auto& e : table) {
    SCOPED_TRACE(e.call.actor.username + " " +
                 (e.call.actor.scopes.empty() ? "" : e.call.actor.scopes[0]));
    auto ingested = svc.ingest(e.call, {in});
    EXPECT_EQ(static_cast<bool>(ingested), e.ingest);
    if (!ingested) {
      EXPECT_EQ(ingested.error().code, ErrorCode::kForbidden);
    }
    EXPECT_EQ(static_cast<bool>(svc.get(e.call, id)), e.read);
    EXPECT_EQ(static_cast<bool>(svc.queue(e.call, {})), e.read);
    auto reviewed = svc.review(e.call, id, {"dismissed", "测试"});
    if (e.review) {
      // Only the first reviewer decides; the others meet a decided listing.
      if (!reviewed) {
        EXPECT_NE(reviewed.error().code, ErrorCode::kForbidden);
      }
    } else {
      ASSERT_FALSE(reviewed);
      EXPECT_EQ(reviewed.error().code, ErrorCode::kForbidden);
    }
  }
}

TEST_F(ListingServiceTest, ReviewIsAuditedAndCorrectedOnlyByLeadersOrTheOffice) {
  ListingService svc(f.ctx());
  const auto id = ingest_one(listing("r1", kEvasion)).id;
  auto no_reason = svc.review(f.as(wx_officer), id, {"dismissed", ""});
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().fields.at(0).field, "note");

  auto confirmed = svc.review(f.as(wx_officer), id, {"confirmed", "出售象牙制品"});
  ASSERT_TRUE(confirmed) << confirmed.error().message;
  EXPECT_EQ(confirmed->review_state, "confirmed");
  EXPECT_EQ(confirmed->reviewer_id, wx_officer.id);
  EXPECT_GT(confirmed->reviewed_at, 0);

  store::AuditQuery q;
  q.entity = "listing";
  q.entity_id = std::to_string(id);
  auto rows = AuditService(f.ctx()).query(f.as(office), q);
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->rows.size(), 1u);
  const auto& row = rows->rows[0];
  EXPECT_EQ(row.action, "listing.review");
  EXPECT_EQ(nlohmann::json::parse(row.before_json)["review_state"], "pending");
  EXPECT_EQ(nlohmann::json::parse(row.after_json)["review_state"], "confirmed");
  EXPECT_EQ(nlohmann::json::parse(row.after_json)["review_note"], "出售象牙制品");

  auto same = svc.review(f.as(sj_officer), id, {"confirmed", ""});
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().code, ErrorCode::kConflict);
  auto by_officer = svc.review(f.as(sj_officer), id, {"dismissed", "看错了"});
  ASSERT_FALSE(by_officer);
  EXPECT_EQ(by_officer.error().code, ErrorCode::kForbidden);
  auto by_leader = svc.review(f.as(wx_leader), id, {"dismissed", "仿品，有鉴定"});
  ASSERT_TRUE(by_leader) << by_leader.error().message;
  EXPECT_EQ(by_leader->review_state, "dismissed");

  // The batch itself is audited once.
  store::AuditQuery batches;
  batches.action = "listing.ingest";
  auto ingests = AuditService(f.ctx()).query(f.as(office), batches);
  ASSERT_TRUE(ingests);
  ASSERT_EQ(ingests->rows.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(ingests->rows[0].after_json)["created"][0], id);
}

TEST_F(ListingServiceTest, TakedownIsTrackedWithItsTime) {
  ListingService svc(f.ctx());
  const auto id =
      ListingService(f.ctx())
          .ingest(platform_call(platform_user, {"listings:write"}), {listing("k1", kEvasion)})
          ->items.at(0)
          .id;
  auto too_early = svc.takedown(f.as(wx_officer), id, {"request", "", true, {}, ""});
  ASSERT_FALSE(too_early);
  EXPECT_EQ(too_early.error().code, ErrorCode::kConflict);
  ASSERT_TRUE(svc.review(f.as(wx_officer), id, {"confirmed", ""}));

  auto requested = svc.takedown(f.as(wx_officer), id, {"request", "已电话通知平台", true, {}, ""});
  ASSERT_TRUE(requested) << requested.error().message;
  EXPECT_EQ(requested->takedown_state, "requested");
  EXPECT_GT(requested->platform_notified_at, 0);

  // Pretend the notice went out two hours ago.
  const std::int64_t notified = requested->platform_notified_at - 2 * 3600 * 1000;
  ASSERT_TRUE(f.db().transact([&](soci::session& s) -> Status {
    long long at = notified, key = id;
    s << "UPDATE listings SET takedown_requested_at = :a, platform_notified_at = :b WHERE id = :id",
        soci::use(at), soci::use(at), soci::use(key);
    return {};
  }));
  // Another platform's key cannot touch this listing; its own can.
  auto stranger = svc.takedown(platform_call(other_platform, {"listings:write"}), id,
                               {"taken_down", "", true, {}, ""});
  ASSERT_FALSE(stranger);
  EXPECT_EQ(stranger.error().code, ErrorCode::kNotFound);
  auto stranger_request = svc.takedown(platform_call(platform_user, {"listings:write"}), id,
                                       {"recheck", "", true, {}, "gone"});
  ASSERT_FALSE(stranger_request);
  EXPECT_EQ(stranger_request.error().code, ErrorCode::kForbidden);

  const std::int64_t removed = notified + 90 * 60 * 1000;
  auto down = svc.takedown(platform_call(platform_user, {"listings:write"}), id,
                           {"taken_down", "已删除", true, removed, ""});
  ASSERT_TRUE(down) << down.error().message;
  EXPECT_EQ(down->takedown_state, "taken_down");
  auto j = to_json(*down);
  EXPECT_EQ(j["time_to_takedown_ms"], 90 * 60 * 1000);
  EXPECT_EQ(j["time_to_takedown"], "1 小时 30 分钟");

  auto online = svc.takedown(f.as(sj_officer), id, {"recheck", "复查仍可访问", true, {}, "online"});
  ASSERT_TRUE(online) << online.error().message;
  EXPECT_EQ(online->takedown_state, "still_online");
  auto again = svc.takedown(f.as(sj_officer), id, {"request", "再次通知", false, {}, ""});
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->platform_notified_at, 0);
  EXPECT_EQ(again->taken_down_at, 0);
  auto noted = svc.takedown(f.as(sj_officer), id, {"notified", "", true, {}, ""});
  ASSERT_TRUE(noted) << noted.error().message;
  auto gone = svc.takedown(f.as(sj_officer), id, {"recheck", "", true, {}, "gone"});
  ASSERT_TRUE(gone) << gone.error().message;
  EXPECT_EQ(gone->takedown_state, "verified");

  store::AuditQuery q;
  q.entity = "listing";
  q.entity_id = std::to_string(id);
  q.action = "listing.takedown";
  auto rows = AuditService(f.ctx()).query(f.as(office), q);
  ASSERT_TRUE(rows);
  EXPECT_EQ(rows->rows.size(), 6u);
}

TEST_F(ListingServiceTest, ConfirmedListingBecomesACaseOnce) {
  ListingService svc(f.ctx());
  ListingInput in = listing("c1", kEvasion);
  in.title = "老象*牙手镯";
  const auto id = ingest_one(in).id;
  auto early = svc.open_case(f.as(wx_officer), id, {});
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kConflict);
  ASSERT_TRUE(svc.review(f.as(wx_officer), id, {"confirmed", "出售象牙制品"}));
  auto by_lc = svc.open_case(f.as(lc_officer), id, {});
  ASSERT_FALSE(by_lc);
  EXPECT_EQ(by_lc.error().code, ErrorCode::kForbidden);

  auto created =
      svc.open_case(f.as(wx_officer), id, {std::nullopt, std::nullopt, std::nullopt, "网信办巡查"});
  ASSERT_TRUE(created) << created.error().message;
  const auto& c = created->record;
  EXPECT_EQ(c.offence_type, "online_trade");
  EXPECT_EQ(c.source, "online_scan");
  EXPECT_EQ(c.place_type, "internet");
  EXPECT_EQ(c.owner_department_id, f.department_id("WX"));
  EXPECT_NE(c.summary.find("https://example.invalid/item/c1"), std::string::npos) << c.summary;
  EXPECT_NE(c.summary.find(kEvasion), std::string::npos) << c.summary;
  EXPECT_NE(c.summary.find("网信办巡查"), std::string::npos) << c.summary;
  EXPECT_NE(c.title.find("闲鱼"), std::string::npos) << c.title;

  auto detail = svc.get(f.as(office), id);
  ASSERT_TRUE(detail);
  EXPECT_EQ(detail->listing.case_id, c.id);
  auto twice = svc.open_case(f.as(wx_officer), id, {});
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  // A decision that led to a case is not corrected any more.
  auto correct = svc.review(f.as(wx_leader), id, {"dismissed", "改判"});
  ASSERT_FALSE(correct);
  EXPECT_EQ(correct.error().code, ErrorCode::kConflict);
}

TEST_F(ListingServiceTest, QueueFiltersPagesAndSellerView) {
  ListingService svc(f.ctx());
  std::vector<ListingInput> batch = {
      listing("q1", kEvasion, "s1"), listing("q2", "出售熊膽 加ＶＸ", "s1"),
      listing("q3", kBenign, "s1"), listing("q4", "现货 猎夹 批发", "s2"),
      listing("q5", "正宗長江野生魚，順豐包郵", "s2")};
  batch[3].platform = "拼多多";
  auto r = svc.ingest(f.as(sj_officer), batch);
  ASSERT_TRUE(r) << r.error().message;

  store::ListingQuery pending;
  pending.review_state = "pending";
  auto queue = svc.queue(f.as(wx_officer), pending);
  ASSERT_TRUE(queue) << queue.error().message;
  EXPECT_EQ(queue->total, 4);
  ASSERT_FALSE(queue->items.empty());
  EXPECT_EQ(queue->items.front().risk, "high");  // highest risk first
  EXPECT_EQ(queue->items.back().risk, "medium");

  store::ListingQuery page = pending;
  page.limit = 2;
  page.offset = 2;
  auto second = svc.queue(f.as(wx_officer), page);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->total, 4);
  EXPECT_EQ(second->items.size(), 2u);

  store::ListingQuery tools;
  tools.category = "tool";
  tools.platform = "拼多多";
  auto t = svc.queue(f.as(wx_officer), tools);
  ASSERT_TRUE(t);
  ASSERT_EQ(t->total, 1);
  EXPECT_EQ(t->items[0].external_id, "q4");

  store::ListingQuery window;
  window.received_from = now_ms() + 60 * 1000;
  auto none = svc.queue(f.as(wx_officer), window);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->total, 0);
  store::ListingQuery bad;
  bad.risk = "severe";
  auto refused = svc.queue(f.as(wx_officer), bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);

  ASSERT_TRUE(svc.review(f.as(wx_officer), r->items[0].id, {"confirmed", ""}));
  ASSERT_TRUE(svc.review(f.as(wx_officer), r->items[1].id, {"confirmed", ""}));
  auto seller = svc.seller(f.as(lc_officer), "闲鱼", "s1", 20, 0);
  ASSERT_TRUE(seller) << seller.error().message;
  EXPECT_EQ(seller->counts.total, 3);
  EXPECT_EQ(seller->listings.total, 3);
  auto j = to_json(*seller);
  EXPECT_EQ(j["by_review_state"]["confirmed"], 2);
  EXPECT_EQ(j["by_review_state"]["unflagged"], 1);
  EXPECT_EQ(j["seller_name"], "老张的小店");
  // Repeat sellers stand out in the queue.
  EXPECT_EQ(seller->listings.items[0].seller_confirmed, 2);
  auto unknown = svc.seller(f.as(lc_officer), "闲鱼", "nobody", 20, 0);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

// One scanner per thread over one shared matcher: concurrent batches work.
TEST_F(ListingServiceTest, ConcurrentBatchesScanAndStore) {
  auto run = [&](int thread) {
    std::vector<ListingInput> batch;
    for (int i = 0; i < 50; ++i) {
      // Built piecewise: GCC 12 warns falsely (-Wrestrict) on "t" + to_string().
      std::string id = std::to_string(thread);
      id += '-';
      id += std::to_string(i);
      batch.push_back(listing(id, i % 2 ? kEvasion : kBenign));
    }
    auto r = ListingService(f.ctx()).ingest(f.as(wx_officer), batch);
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    if (r) {
      EXPECT_EQ(r->created, 50);
    }
  };
  std::thread a(run, 1), b(run, 2);
  a.join();
  b.join();
  EXPECT_EQ(
      count_rows(f.db(), "SELECT COUNT(*) FROM listings WHERE risk = 'high' AND id >= :id", 0), 50);
}

}  // namespace
}  // namespace qf::service
