// Takedown notices to platforms below the API, on both backends: the
// registry's rules (who manages, URLs, the secret kept sealed and never
// shown again), the notice queued in the takedown request's transaction (a
// rolled-back request sends nothing), a platform without an enabled
// endpoint left to be notified by hand, the dispatcher sending to the
// platform's URL with its secret and marking the listing notified, a
// switched-off platform's delivery given up, overdue notices, which
// platform key may report a takedown, and the review queue's rows carrying
// each listing's current notice.
#include "service/platform_notice_service.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "service/listing_service.h"
#include "service/webhook_dispatcher.h"
#include "store/audit_log.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using testing::ServiceFixture;

ListingInput listing(const std::string& platform, const std::string& external_id) {
  ListingInput l;
  l.platform = platform;
  l.external_id = external_id;
  l.url = "https://example.invalid/item/" + external_id;
  l.text = "出售象*牙手镯，加V私聊";
  l.seller_account = "seller-1";
  return l;
}

// Captures what the dispatcher hands the transport.
struct CapturingTransport {
  int status = 200;
  std::vector<OutgoingWebhook> sent;
  WebhookTransport fn() {
    return [this](const OutgoingWebhook& m) -> Result<int> {
      sent.push_back(m);
      return status;
    };
  }
};

class PlatformNoticeTest : public ::testing::Test {
 protected:
  PlatformNoticeTest()
      : office(f.make_user("office1", Role::kOffice, "OFFICE")),
        admin(f.make_user("admin1", Role::kAdmin, "OFFICE")),
        wx_officer(f.make_user("wx-officer", Role::kOfficer, "WX")),
        lc_officer(f.make_user("lc-officer", Role::kOfficer, "LC")),
        ga_officer(f.make_user("ga-officer", Role::kOfficer, "GA")),
        xianyu(f.make_user("xianyu", Role::kIntegration, "WX")),
        pdd(f.make_user("pdd", Role::kIntegration, "WX")) {
    f.ctx().webhook = WebhookSettings{"", "", 3};
  }

  CallContext platform_call(const store::User& u) {
    CallContext c = f.as(u);
    c.actor.scopes = {"listings:write"};
    return c;
  }

  SavedPlatformEndpoint register_platform(const std::string& code, const std::string& url,
                                          const std::string& account, bool enabled = true) {
    PlatformEndpointInput in;
    in.notice_url = url;
    in.enabled = enabled;
    in.account = account;
    in.deadline_hours = 12;
    auto saved = PlatformEndpointService(f.ctx()).create(f.as(admin), code, in);
    EXPECT_TRUE(saved) << (saved ? "" : saved.error().message);
    return saved ? *saved : SavedPlatformEndpoint{};
  }

  // A confirmed listing of `platform`, handed in by `by`.
  std::int64_t confirmed(const std::string& platform, const std::string& external_id,
                         const store::User& by) {
    auto r = ListingService(f.ctx()).ingest(platform_call(by), {listing(platform, external_id)});
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    if (!r) return 0;
    const std::int64_t id = r->items.at(0).id;
    EXPECT_TRUE(ListingService(f.ctx()).review(f.as(wx_officer), id, {"confirmed", ""}));
    return id;
  }

  Result<store::Listing> request(std::int64_t id, bool notified = false) {
    return ListingService(f.ctx()).takedown(f.as(wx_officer), id,
                                            {"request", "", notified, {}, ""});
  }

  std::vector<store::WebhookDelivery> deliveries() {
    auto rows = f.db().read([](soci::session& s) {
      store::WebhookQuery q;
      q.limit = 100;
      return store::WebhookRepository::list(s, q, nullptr);
    });
    return rows ? *rows : std::vector<store::WebhookDelivery>{};
  }

  nlohmann::json notice_of(std::int64_t id) {
    auto d = ListingService(f.ctx()).get(f.as(wx_officer), id);
    EXPECT_TRUE(d);
    return d ? d->notice : nlohmann::json();
  }

  ServiceFixture f;
  store::User office, admin, wx_officer, lc_officer, ga_officer, xianyu, pdd;
};

TEST_F(PlatformNoticeTest, TheRegistryIsManagedByTheOfficeAndAdministratorOnly) {
  PlatformEndpointService svc(f.ctx());
  PlatformEndpointInput in;
  in.notice_url = "http://127.0.0.1:9/notices";
  in.enabled = true;
  for (const auto* u : {&wx_officer, &lc_officer, &ga_officer, &xianyu}) {
    auto r = svc.create(u == &xianyu ? platform_call(*u) : f.as(*u), "闲鱼", in);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kForbidden) << u->username;
  }
  auto created = svc.create(f.as(office), "闲鱼", in);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_GE(created->secret.size(), 32u);
  EXPECT_EQ(created->endpoint.secret_hint, created->secret.substr(0, 6));
  // Sealed at rest, never the secret itself.
  EXPECT_EQ(created->endpoint.secret_sealed.find(created->secret), std::string::npos);
  EXPECT_EQ(created->endpoint.deadline_hours, kDefaultNoticeDeadlineHours);
  EXPECT_EQ(svc.create(f.as(admin), "闲鱼", in).error().code, ErrorCode::kConflict);

  // Readers of listings read the registry; GA does not read listings.
  EXPECT_TRUE(svc.list(f.as(wx_officer)));
  EXPECT_TRUE(svc.get(f.as(lc_officer), "闲鱼"));
  EXPECT_EQ(svc.list(f.as(ga_officer)).error().code, ErrorCode::kForbidden);
  EXPECT_EQ(svc.get(f.as(office), "拼多多").error().code, ErrorCode::kNotFound);
  const auto shown = to_json(*svc.get(f.as(office), "闲鱼")).dump();
  EXPECT_EQ(shown.find(created->secret), std::string::npos);
  EXPECT_EQ(shown.find("secret_sealed"), std::string::npos);

  // Updates: If-Match version, URL rules, the account must be an integration one.
  PlatformEndpointInput bad;
  bad.notice_url = "https://platform.example/notices";
  auto https = svc.update(f.as(office), "闲鱼", bad, 1);
  ASSERT_FALSE(https);
  ASSERT_EQ(https.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(https.error().fields.at(0).field, "notice_url");
  for (const char* url :
       {"ftp://x/y", "http://user:pw@x/", "http:// x/", "http://:80/", "http://x:99999/"}) {
    bad.notice_url = url;
    EXPECT_FALSE(svc.update(f.as(office), "闲鱼", bad, 1)) << url;
  }
  PlatformEndpointInput account;
  account.account = "wx-officer";
  EXPECT_EQ(svc.update(f.as(office), "闲鱼", account, 1).error().code, ErrorCode::kInvalidInput);
  account.account = "xianyu";
  account.rotate_secret = true;
  EXPECT_EQ(svc.update(f.as(office), "闲鱼", account, 7).error().code,
            ErrorCode::kPreconditionFailed);
  auto rotated = svc.update(f.as(office), "闲鱼", account, 1);
  ASSERT_TRUE(rotated) << rotated.error().message;
  EXPECT_FALSE(rotated->secret.empty());
  EXPECT_NE(rotated->secret, created->secret);
  EXPECT_EQ(rotated->endpoint.account_username, "xianyu");
  EXPECT_EQ(rotated->endpoint.version, 2);
  PlatformEndpointInput off;
  off.enabled = false;
  auto disabled = svc.update(f.as(admin), "闲鱼", off, 2);
  ASSERT_TRUE(disabled);
  EXPECT_TRUE(disabled->secret.empty());  // not rotated: nothing to show

  // Enabling needs a URL; codes are the listings' platform strings.
  PlatformEndpointInput no_url;
  no_url.enabled = true;
  EXPECT_EQ(svc.create(f.as(office), "抖音", no_url).error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(svc.create(f.as(office), "a/b", {}).error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(svc.create(f.as(office), " 抖音", {}).error().code, ErrorCode::kInvalidInput);

  // Audited, without the secret.
  store::AuditQuery q;
  q.entity = "platform_endpoint";
  auto rows = store::AuditLog::query(f.db(), q);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->rows.size(), 3u);
  EXPECT_EQ(rows->rows.back().action, "platform.create");
  for (const auto& r : rows->rows) {
    EXPECT_EQ(r.before_json.find(created->secret), std::string::npos);
    EXPECT_EQ(r.after_json.find(created->secret), std::string::npos);
    EXPECT_EQ(r.after_json.find(rotated->secret), std::string::npos);
  }
}

TEST_F(PlatformNoticeTest, ARequestQueuesTheNoticeInItsTransaction) {
  auto saved = register_platform("闲鱼", "http://127.0.0.1:9/notices", "xianyu");
  const std::int64_t id = confirmed("闲鱼", "n1", xianyu);

  // Rolled back after the notice was issued: neither notice nor delivery stays.
  auto rolled = f.db().transact([&](soci::session& s) -> Result<int> {
    auto l = store::ListingRepository::find_by_id(s, id);
    if (!l || !*l) return fail(ErrorCode::kInternal, "listing");
    store::Listing requested = **l;
    requested.takedown_state = "requested";
    requested.takedown_requested_at = now_ms();
    auto plan = TakedownNotices::plan(s, "闲鱼");
    EXPECT_TRUE(plan && plan->sends);
    auto n = TakedownNotices::issue(s, f.as(wx_officer), requested, *plan);
    EXPECT_TRUE(n) << (n ? "" : n.error().message);
    auto inside = store::WebhookRepository::list(s, store::WebhookQuery{}, nullptr);
    EXPECT_TRUE(inside && inside->size() == 1u);
    return fail(ErrorCode::kConflict, "rolled back on purpose");
  });
  ASSERT_FALSE(rolled);
  EXPECT_TRUE(deliveries().empty());
  EXPECT_TRUE(notice_of(id).is_null());

  auto l = request(id, /*notified=*/true);
  ASSERT_TRUE(l) << l.error().message;
  EXPECT_EQ(l->takedown_state, "requested");
  EXPECT_EQ(l->platform_notified_at, 0);  // notified when delivered, not when asked
  auto rows = deliveries();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].target, "platform:闲鱼");
  EXPECT_EQ(rows[0].event, kTakedownNoticeEvent);
  EXPECT_EQ(rows[0].entity, kTakedownNoticeEntity);
  auto payload = nlohmann::json::parse(rows[0].payload_json);
  EXPECT_EQ(payload["listing"]["id"], id);
  EXPECT_EQ(payload["listing"]["external_id"], "n1");
  EXPECT_EQ(payload["listing"]["url"], "https://example.invalid/item/n1");
  EXPECT_EQ(payload["listing"]["category"], "wildlife");
  EXPECT_FALSE(payload["listing"]["reasons"].empty());
  EXPECT_NE(payload["legal_basis"].get<std::string>().find("野生动物保护法"), std::string::npos);
  EXPECT_EQ(payload["notice"]["deadline_hours"], 12);
  EXPECT_EQ(payload["callback"]["body"]["step"], "taken_down");
  EXPECT_EQ(rows[0].payload_json.find("wx-officer"), std::string::npos);  // no reviewer data

  auto notice = notice_of(id);
  EXPECT_EQ(notice["channel"], "webhook");
  EXPECT_EQ(notice["status"], "queued");
  EXPECT_EQ(notice["overdue"], false);

  // The dispatcher sends to the platform's URL with its secret; the listing
  // counts as notified from then on.
  CapturingTransport transport;
  WebhookDispatcher dispatcher(f.ctx(), f.ctx().webhook, transport.fn());
  ASSERT_EQ(dispatcher.deliver_due(now_ms()), 1);
  ASSERT_EQ(transport.sent.size(), 1u);
  EXPECT_EQ(transport.sent[0].url, "http://127.0.0.1:9/notices");
  EXPECT_EQ(transport.sent[0].secret, saved.secret);
  EXPECT_EQ(notice_of(id)["status"], "sent");
  auto after = ListingService(f.ctx()).get(f.as(wx_officer), id);
  ASSERT_TRUE(after);
  EXPECT_GT(after->listing.platform_notified_at, 0);

  // The platform reports the takedown: the notice is acknowledged.
  auto down =
      ListingService(f.ctx()).takedown(platform_call(xianyu), id, {"taken_down", "", true, {}, ""});
  ASSERT_TRUE(down) << down.error().message;
  EXPECT_EQ(down->takedown_state, "taken_down");
  EXPECT_FALSE(notice_of(id)["acknowledged_at"].get<std::string>().empty());
}

TEST_F(PlatformNoticeTest, WithoutAnEnabledEndpointTheNoticeIsLeftToBeSentByHand) {
  register_platform("拼多多", "http://127.0.0.1:9/pdd", "pdd", /*enabled=*/false);
  for (const std::string platform : {"拼多多", "抖音"}) {  // disabled; never registered
    const std::int64_t id = confirmed(platform, "m-" + platform, xianyu);
    auto l = request(id, /*notified=*/false);
    ASSERT_TRUE(l) << l.error().message;
    EXPECT_EQ(l->takedown_state, "requested");
    EXPECT_EQ(l->platform_notified_at, 0);
    EXPECT_EQ(l->takedown_note, kManualNoticeNote);
    auto notice = notice_of(id);
    EXPECT_EQ(notice["channel"], "manual") << platform;
    EXPECT_EQ(notice["status_label"], "须人工通知");
  }
  EXPECT_TRUE(deliveries().empty());
}

TEST_F(PlatformNoticeTest, ASwitchedOffPlatformGetsNothingMore) {
  register_platform("闲鱼", "http://127.0.0.1:9/notices", "xianyu");
  const std::int64_t id = confirmed("闲鱼", "s1", xianyu);
  ASSERT_TRUE(request(id));
  PlatformEndpointInput off;
  off.enabled = false;
  ASSERT_TRUE(PlatformEndpointService(f.ctx()).update(f.as(office), "闲鱼", off, 1));
  CapturingTransport transport;
  WebhookDispatcher dispatcher(f.ctx(), f.ctx().webhook, transport.fn());
  ASSERT_EQ(dispatcher.deliver_due(now_ms()), 1);
  EXPECT_TRUE(transport.sent.empty());
  auto rows = deliveries();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].status, "failed");
  EXPECT_NE(rows[0].last_error.find("已停用"), std::string::npos) << rows[0].last_error;
  EXPECT_EQ(notice_of(id)["status_label"], "已放弃");
}

TEST_F(PlatformNoticeTest, OverdueNoticesAreFilteredAndCounted) {
  register_platform("闲鱼", "http://127.0.0.1:9/notices", "xianyu");
  const std::int64_t late = confirmed("闲鱼", "o1", xianyu);
  const std::int64_t fresh = confirmed("闲鱼", "o2", xianyu);
  ASSERT_TRUE(request(late));
  ASSERT_TRUE(request(fresh));
  // The first one's deadline has passed (as if requested a day ago).
  ASSERT_TRUE(f.db().transact([&](soci::session& s) -> Status {
    long long key = late, past = now_ms() - 1000;
    s << "UPDATE takedown_notices SET deadline_at = :d WHERE listing_id = :l", soci::use(past),
        soci::use(key);
    return {};
  }));
  store::ListingQuery q;
  q.takedown_overdue = true;
  auto page = ListingService(f.ctx()).queue(f.as(wx_officer), q);
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->total, 1);
  EXPECT_EQ(page->items[0].id, late);
  EXPECT_EQ(notice_of(late)["overdue"], true);
  EXPECT_EQ(notice_of(fresh)["overdue"], false);
  auto registry = PlatformEndpointService(f.ctx()).list(f.as(wx_officer));
  ASSERT_TRUE(registry);
  EXPECT_EQ(registry->overdue_notices, 1);
  ASSERT_EQ(registry->items.size(), 1u);
  EXPECT_EQ(registry->items[0].open_notices, 2);
  EXPECT_EQ(registry->items[0].overdue_notices, 1);

  store::ListingQuery requested;
  requested.takedown_state = "requested";
  EXPECT_EQ(ListingService(f.ctx()).queue(f.as(wx_officer), requested)->total, 2);
  store::ListingQuery wrong;
  wrong.takedown_state = "gone";
  EXPECT_EQ(ListingService(f.ctx()).queue(f.as(wx_officer), wrong).error().code,
            ErrorCode::kInvalidInput);

  // Taken down late: no longer overdue.
  ASSERT_TRUE(ListingService(f.ctx()).takedown(platform_call(xianyu), late,
                                               {"taken_down", "", true, {}, ""}));
  EXPECT_EQ(ListingService(f.ctx()).queue(f.as(wx_officer), q)->total, 0);
  EXPECT_EQ(PlatformEndpointService(f.ctx()).list(f.as(office))->overdue_notices, 0);
}

TEST_F(PlatformNoticeTest, OnlyThePlatformsOwnKeyReportsItsTakedowns) {
  register_platform("闲鱼", "http://127.0.0.1:9/notices", "xianyu");
  // Handed in by 拼多多's account but on 闲鱼: 闲鱼's registered key reports it.
  const std::int64_t id = confirmed("闲鱼", "p1", pdd);
  ASSERT_TRUE(request(id));
  auto other =
      ListingService(f.ctx()).takedown(platform_call(pdd), id, {"taken_down", "", true, {}, ""});
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(ListingService(f.ctx()).takedown(platform_call(xianyu), id,
                                               {"taken_down", "", true, {}, ""}));
  // A platform with no registered account: the submitter's key, as before.
  const std::int64_t unregistered = confirmed("抖音", "p2", pdd);
  ASSERT_TRUE(request(unregistered, true));
  EXPECT_EQ(ListingService(f.ctx())
                .takedown(platform_call(xianyu), unregistered, {"taken_down", "", true, {}, ""})
                .error()
                .code,
            ErrorCode::kNotFound);
  EXPECT_TRUE(ListingService(f.ctx()).takedown(platform_call(pdd), unregistered,
                                               {"taken_down", "", true, {}, ""}));
}

TEST_F(PlatformNoticeTest, QueueRowsCarryTheCurrentRoundsNotice) {
  register_platform("闲鱼", "http://127.0.0.1:9/notices", "xianyu");
  CapturingTransport transport;
  WebhookDispatcher dispatcher(f.ctx(), f.ctx().webhook, transport.fn());
  ListingService listings(f.ctx());

  // sent: delivered, then reported taken down, rechecked still online and
  // requested again while the platform is switched off: its row shows the
  // second round's notice (by hand), not the first, acknowledged one.
  const std::int64_t again = confirmed("闲鱼", "q1", xianyu);
  ASSERT_TRUE(request(again));
  ASSERT_EQ(dispatcher.deliver_due(now_ms()), 1);
  ASSERT_TRUE(listings.takedown(platform_call(xianyu), again, {"taken_down", "", true, {}, ""}));
  ASSERT_TRUE(listings.takedown(f.as(wx_officer), again, {"recheck", "", true, {}, "online"}));
  const std::int64_t sent = confirmed("闲鱼", "q2", xianyu);
  ASSERT_TRUE(request(sent));
  ASSERT_EQ(dispatcher.deliver_due(now_ms()), 1);
  // gave up: queued, then the platform is switched off before it is sent.
  const std::int64_t failed = confirmed("闲鱼", "q3", xianyu);
  ASSERT_TRUE(request(failed));
  PlatformEndpointInput off;
  off.enabled = false;
  ASSERT_TRUE(PlatformEndpointService(f.ctx()).update(f.as(office), "闲鱼", off, 1));
  ASSERT_EQ(dispatcher.deliver_due(now_ms()), 1);
  ASSERT_TRUE(request(again));  // round two, by hand
  // manual and overdue: a platform with no endpoint, past its deadline.
  const std::int64_t late = confirmed("抖音", "q4", xianyu);
  ASSERT_TRUE(request(late));
  ASSERT_TRUE(f.db().transact([&](soci::session& s) -> Status {
    long long key = late, past = now_ms() - 1000;
    s << "UPDATE takedown_notices SET deadline_at = :d WHERE listing_id = :l", soci::use(past),
        soci::use(key);
    return {};
  }));
  // no notice: confirmed but no takedown asked, and a listing never decided.
  const std::int64_t quiet = confirmed("闲鱼", "q5", xianyu);
  auto pending = listings.ingest(platform_call(xianyu), {listing("闲鱼", "q6")});
  ASSERT_TRUE(pending);
  const std::int64_t undecided = pending->items.at(0).id;

  store::ListingQuery all;
  all.limit = 50;
  auto page = listings.queue(f.as(wx_officer), all);
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->total, 6);
  std::map<std::int64_t, nlohmann::json> rows;
  for (const auto& l : page->items) rows[l.id] = to_json(l, *page);
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[sent]["notice"]["status"], "sent");
  EXPECT_EQ(rows[sent]["notice"]["status_label"], "已发送");
  EXPECT_EQ(rows[failed]["notice"]["status"], "gave_up");
  EXPECT_EQ(rows[failed]["notice"]["channel"], "webhook");
  EXPECT_TRUE(rows[failed]["notice"]["delivery_id"].is_number());
  EXPECT_EQ(rows[again]["notice"]["channel"], "manual");
  EXPECT_EQ(rows[again]["notice"]["acknowledged_at"], "");
  EXPECT_EQ(rows[late]["notice"]["status_label"], "须人工通知");
  EXPECT_EQ(rows[late]["notice"]["overdue"], true);
  EXPECT_EQ(rows[sent]["notice"]["overdue"], false);
  EXPECT_TRUE(rows[quiet]["notice"].is_null());
  EXPECT_TRUE(rows[undecided]["notice"].is_null());
  EXPECT_TRUE(page->notice_of(quiet).is_null());
  // Each row's notice is the one its detail shows.
  for (const std::int64_t id : {sent, failed, again, late})
    EXPECT_EQ(rows[id]["notice"], notice_of(id)) << id;

  // A page of the filtered queue carries the notices of its rows only.
  store::ListingQuery overdue;
  overdue.takedown_overdue = true;
  auto late_page = listings.queue(f.as(wx_officer), overdue);
  ASSERT_TRUE(late_page) << late_page.error().message;
  ASSERT_EQ(late_page->items.size(), 1u);
  EXPECT_EQ(late_page->notices.size(), 1u);
  EXPECT_EQ(late_page->notice_of(late)["overdue"], true);
}

}  // namespace
}  // namespace qf::service
