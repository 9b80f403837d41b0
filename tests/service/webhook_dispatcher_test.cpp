// The major-case webhook end to end below the API: the outbox row commits
// and rolls back with the case, the dispatcher delivers to a loopback
// receiver over the real client (the signature checked here with a separate
// HMAC built from plain SHA-256), failures back off and give up, claims keep
// two dispatchers from sending one delivery twice. Only 127.0.0.1 is used.
#include "service/webhook_dispatcher.h"

#include <gtest/gtest.h>

#include <sodium.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "core/clock.h"
#include "http/webhook_client.h"
#include "service/case_service.h"
#include "store/audit_log.h"
#include "support/loopback_receiver.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using namespace std::chrono_literals;
using testing::ServiceFixture;

constexpr const char* kSecret = "test webhook secret of some length";

using testing::hmac_sha256_hex;
using testing::LoopbackReceiver;
using Received = testing::ReceivedRequest;

// What `qingfeng serve` plugs in: the real HTTP client.
WebhookTransport http_transport(const std::string& url, const std::string& secret) {
  auto parsed = http::parse_webhook_url(url);
  EXPECT_TRUE(parsed);
  http::WebhookClientOptions options;
  options.connect_timeout = 2s;
  options.response_timeout = 2s;
  return [u = *parsed, secret, options](const OutgoingWebhook& m) {
    return http::post_webhook(u, secret, {m.event, m.delivery_id, m.timestamp, m.body}, options);
  };
}

// A transport that answers `status` without a network, counting calls.
struct StubTransport {
  int status = 500;
  std::atomic<int> calls{0};
  WebhookTransport fn() {
    return [this](const OutgoingWebhook&) -> Result<int> {
      calls++;
      return status;
    };
  }
};

class WebhookDispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    officer_ = f.make_user("lc", Role::kOfficer, "LC");
    f.ctx().webhook = WebhookSettings{"http://127.0.0.1:9/unused", kSecret, 3};
  }

  // Ivory and four suspects: 国家一级 species and more than three suspects.
  NewCase major_case() {
    NewCase c;
    c.title = "沙坡头区象牙制品非法出售案";
    c.offence_type = "illegal_trade";
    c.source = "market_inspection";
    c.place_text = "中卫市沙坡头区迎水桥镇农贸市场";
    CaseItem ivory;
    ivory.species = "象牙制品";
    ivory.part = "product";
    c.items = {ivory};
    for (int i = 0; i < 4; ++i) {
      CaseParty p;
      p.name = "王某" + std::to_string(i);
      p.id_number = "64050219800101123" + std::to_string(i);
      p.phones = "1391234567" + std::to_string(i);
      c.parties.push_back(p);
    }
    return c;
  }

  NewCase ordinary_case() {
    NewCase c = major_case();
    c.items[0].species = "画眉";
    c.items[0].part = "whole_live";
    c.parties.resize(1);
    return c;
  }

  Case create(const NewCase& c) {
    auto created = CaseService(f.ctx()).create(f.as(officer_), c);
    EXPECT_TRUE(created) << (created ? "" : created.error().message);
    return created ? *created : Case{};
  }

  std::vector<store::WebhookDelivery> deliveries() {
    auto rows = f.db().read([](soci::session& s) {
      store::WebhookQuery q;
      q.limit = 200;
      return store::WebhookRepository::list(s, q, nullptr);
    });
    EXPECT_TRUE(rows);
    return rows ? *rows : std::vector<store::WebhookDelivery>{};
  }

  ServiceFixture f;
  store::User officer_;
};

void expect_nothing_confidential(const std::string& text) {
  for (const char* secret : {"王某", "640502198001011230", "13912345670", "迎水桥", "parties"})
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in " << text;
}

TEST_F(WebhookDispatcherTest, AMajorCaseQueuesExactlyOneDelivery) {
  Case c = create(major_case());
  ASSERT_TRUE(c.record.major);
  auto rows = deliveries();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].event, "case.major");
  EXPECT_EQ(rows[0].entity, "case");
  EXPECT_EQ(rows[0].entity_id, c.record.id);
  EXPECT_EQ(rows[0].status, "pending");
  EXPECT_EQ(rows[0].attempts, 0);
  auto payload = nlohmann::json::parse(rows[0].payload_json);
  EXPECT_EQ(payload["event"], "case.major");
  EXPECT_EQ(payload["case"]["number"], c.record.number);
  EXPECT_EQ(payload["case"]["owner_department"], "LC");
  EXPECT_EQ(payload["case"]["priority"], true);
  EXPECT_FALSE(payload["case"]["major_reasons"].empty());
  expect_nothing_confidential(rows[0].payload_json);

  // Still major after more suspects: reported once, not again.
  CaseParty more;
  more.name = "李某";
  ASSERT_TRUE(CaseService(f.ctx()).add_details(f.as(officer_), c.record.id, {}, {more}));
  EXPECT_EQ(deliveries().size(), 1u);
}

TEST_F(WebhookDispatcherTest, ACaseBecomingMajorLaterQueuesOneDelivery) {
  Case c = create(ordinary_case());
  ASSERT_FALSE(c.record.major);
  EXPECT_TRUE(deliveries().empty());
  std::vector<CaseParty> suspects(4);
  for (std::size_t i = 0; i < suspects.size(); ++i) suspects[i].name = "嫌疑人" + std::to_string(i);
  auto updated = CaseService(f.ctx()).add_details(f.as(officer_), c.record.id, {}, suspects);
  ASSERT_TRUE(updated) << updated.error().message;
  ASSERT_TRUE(updated->record.major);
  auto rows = deliveries();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].entity_id, c.record.id);
}

TEST_F(WebhookDispatcherTest, WithoutAUrlNothingIsQueued) {
  f.ctx().webhook.url.clear();
  ASSERT_TRUE(create(major_case()).record.major);
  EXPECT_TRUE(deliveries().empty());
}

TEST_F(WebhookDispatcherTest, ARolledBackCreationQueuesNothing) {
  auto r = f.db().transact([&](soci::session& s) -> Result<Case> {
    auto c = CaseService(f.ctx()).create(s, f.as(officer_), major_case());
    if (!c) return c;
    // The row is there inside the transaction ...
    auto inside = store::WebhookRepository::list(s, store::WebhookQuery{}, nullptr);
    EXPECT_TRUE(inside && inside->size() == 1u);
    return fail(ErrorCode::kConflict, "rolled back on purpose");
  });
  ASSERT_FALSE(r);
  // ... and gone with it.
  EXPECT_TRUE(deliveries().empty());
}

TEST_F(WebhookDispatcherTest, DeliversASignedRequestToALoopbackReceiver) {
  LoopbackReceiver receiver({204});
  f.ctx().webhook.url = receiver.url("/qingfeng");
  Case c = create(major_case());
  WebhookDispatcher dispatcher(f.ctx(), f.ctx().webhook,
                               http_transport(receiver.url("/qingfeng"), kSecret));
  const std::int64_t before = now_ms() / 1000;
  EXPECT_EQ(dispatcher.deliver_due(now_ms()), 1);

  auto got = receiver.received();
  ASSERT_EQ(got.size(), 1u);
  const Received& r = got[0];
  auto rows = deliveries();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(r.request_line, "POST /qingfeng HTTP/1.1");
  EXPECT_EQ(r.headers.at("x-qingfeng-event"), "case.major");
  EXPECT_EQ(r.headers.at("x-qingfeng-delivery"), std::to_string(rows[0].id));
  const std::string& ts = r.headers.at("x-qingfeng-timestamp");
  EXPECT_GE(std::stoll(ts), before);
  EXPECT_LE(std::stoll(ts), now_ms() / 1000);
  EXPECT_EQ(r.headers.at("x-qingfeng-signature"),
            "sha256=" + hmac_sha256_hex(kSecret, ts + "." + r.body));
  EXPECT_NE(r.headers.at("x-qingfeng-signature"),
            "sha256=" + hmac_sha256_hex("another secret", ts + "." + r.body));

  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["event"], "case.major");
  EXPECT_EQ(body["case"]["id"], c.record.id);
  EXPECT_EQ(body["case"]["number"], c.record.number);
  EXPECT_EQ(body["delivery_id"], rows[0].id);
  EXPECT_FALSE(body["sent_at"].get<std::string>().empty());
  expect_nothing_confidential(r.body);

  EXPECT_EQ(rows[0].status, "delivered");
  EXPECT_EQ(rows[0].attempts, 1);
  EXPECT_EQ(rows[0].last_status_code, 204);
  EXPECT_GT(rows[0].delivered_at, 0);
  EXPECT_TRUE(rows[0].claimed_by.empty());
  EXPECT_EQ(dispatcher.deliver_due(now_ms() + 24LL * 3600 * 1000), 0);  // nothing left
}

TEST_F(WebhookDispatcherTest, FailuresBackOffAndGiveUpAfterMaxAttempts) {
  create(major_case());
  StubTransport stub;                                                 // answers 500
  WebhookDispatcher dispatcher(f.ctx(), f.ctx().webhook, stub.fn());  // max_attempts 3
  const std::int64_t t0 = now_ms();
  const std::int64_t slack = 1000;  // real time passing during the calls

  ASSERT_EQ(dispatcher.deliver_due(t0), 1);
  auto d = deliveries()[0];
  EXPECT_EQ(d.status, "pending");
  EXPECT_EQ(d.attempts, 1);
  EXPECT_EQ(d.last_status_code, 500);
  EXPECT_NE(d.last_error.find("500"), std::string::npos);
  EXPECT_GE(d.next_attempt_at, t0 + 30000);
  EXPECT_LT(d.next_attempt_at, t0 + 30000 + slack);

  EXPECT_EQ(dispatcher.deliver_due(t0 + 29000), 0);  // not due yet
  const std::int64_t t1 = t0 + 30000 + slack;
  ASSERT_EQ(dispatcher.deliver_due(t1), 1);
  d = deliveries()[0];
  EXPECT_EQ(d.attempts, 2);
  EXPECT_GE(d.next_attempt_at, t1 + 60000);  // doubled
  EXPECT_LT(d.next_attempt_at, t1 + 60000 + slack);

  EXPECT_EQ(dispatcher.deliver_due(t1 + 59000), 0);
  ASSERT_EQ(dispatcher.deliver_due(t1 + 60000 + slack), 1);
  d = deliveries()[0];
  EXPECT_EQ(d.status, "failed");
  EXPECT_EQ(d.attempts, 3);
  EXPECT_EQ(dispatcher.deliver_due(t1 + 100LL * 3600 * 1000), 0);  // given up for good
  EXPECT_EQ(stub.calls.load(), 3);
}

TEST_F(WebhookDispatcherTest, BackoffDoublesUpToAnHour) {
  WebhookDispatcher dispatcher(f.ctx(), f.ctx().webhook, nullptr);
  EXPECT_EQ(dispatcher.backoff_ms(0), 30000);
  EXPECT_EQ(dispatcher.backoff_ms(1), 60000);
  EXPECT_EQ(dispatcher.backoff_ms(6), 1920000);
  EXPECT_EQ(dispatcher.backoff_ms(7), 3600000);
  EXPECT_EQ(dispatcher.backoff_ms(1000), 3600000);
}

TEST_F(WebhookDispatcherTest, AnUnreachableReceiverIsRecordedWithoutAStatusCode) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);  // bound, never listened: connections are refused
  const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/";
  create(major_case());
  WebhookDispatcher dispatcher(f.ctx(), f.ctx().webhook, http_transport(url, kSecret));
  ASSERT_EQ(dispatcher.deliver_due(now_ms()), 1);
  auto d = deliveries()[0];
  EXPECT_EQ(d.status, "pending");
  EXPECT_EQ(d.last_status_code, 0);
  EXPECT_NE(d.last_error.find("连接"), std::string::npos) << d.last_error;
}

TEST_F(WebhookDispatcherTest, TwoDispatchersNeverSendTheSameDeliveryTwice) {
  constexpr int kDeliveries = 30;
  ASSERT_TRUE(f.db().transact([](soci::session& s) -> Status {
    for (int i = 0; i < kDeliveries; ++i)
      if (auto ok = WebhookOutbox::enqueue(s, "case.major", "case", i + 1, {{"n", i}}); !ok)
        return ok;
    return {};
  }));
  std::mutex mu;
  std::multiset<std::string> sent;
  WebhookTransport record = [&](const OutgoingWebhook& m) -> Result<int> {
    {
      std::lock_guard<std::mutex> lock(mu);
      sent.insert(m.delivery_id);
    }
    std::this_thread::sleep_for(2ms);  // let the other dispatcher interleave
    return 200;
  };
  WebhookDispatcherOptions a, b;
  a.node = "node-a";
  b.node = "node-b";
  WebhookDispatcher first(f.ctx(), f.ctx().webhook, record, a);
  WebhookDispatcher second(f.ctx(), f.ctx().webhook, record, b);
  const std::int64_t now = now_ms();
  std::atomic<int> attempted{0};
  std::thread t1([&] { attempted += first.deliver_due(now); });
  std::thread t2([&] { attempted += second.deliver_due(now); });
  t1.join();
  t2.join();
  EXPECT_EQ(attempted.load(), kDeliveries);
  EXPECT_EQ(sent.size(), static_cast<std::size_t>(kDeliveries));
  EXPECT_EQ(std::set<std::string>(sent.begin(), sent.end()).size(),
            static_cast<std::size_t>(kDeliveries));
  for (const auto& d : deliveries()) {
    EXPECT_EQ(d.status, "delivered");
    EXPECT_EQ(d.attempts, 1);
  }
}

TEST_F(WebhookDispatcherTest, AClaimIsALeaseThatLapsesIfItsNodeDies) {
  create(major_case());
  const std::int64_t now = now_ms();
  WebhookDispatcherOptions options;
  options.node = "survivor";
  StubTransport stub;
  stub.status = 200;
  WebhookDispatcher survivor(f.ctx(), f.ctx().webhook, stub.fn(), options);
  // Another node claims the delivery and dies before recording anything.
  auto claimed = f.db().transact([&](soci::session& s) {
    return store::WebhookRepository::claim_next(s, "dead-node", now, now + options.lease_ms);
  });
  ASSERT_TRUE(claimed && *claimed);
  EXPECT_EQ(survivor.deliver_due(now), 0);                         // claimed: hands off
  EXPECT_EQ(survivor.deliver_due(now + options.lease_ms + 1), 1);  // lease lapsed: taken over
  EXPECT_EQ(deliveries()[0].status, "delivered");
  // The dead node's late result is not written over the survivor's.
  store::WebhookAttempt late;
  late.status = "failed";
  late.attempts = 1;
  auto recorded = f.db().transact([&](soci::session& s) {
    return store::WebhookRepository::record_attempt(s, (*claimed)->id, "dead-node", late);
  });
  ASSERT_TRUE(recorded);
  EXPECT_FALSE(*recorded);
  EXPECT_EQ(deliveries()[0].status, "delivered");
}

TEST_F(WebhookDispatcherTest, TheBackgroundThreadDeliversAndStopsPromptly) {
  LoopbackReceiver receiver({200});
  f.ctx().webhook.url = receiver.url("/qingfeng");
  WebhookDispatcherOptions options;
  options.poll_interval = 50ms;
  WebhookDispatcher dispatcher(f.ctx(), f.ctx().webhook,
                               http_transport(receiver.url("/qingfeng"), kSecret), options);
  dispatcher.start();
  create(major_case());
  EXPECT_TRUE(receiver.wait_for(1, 5s));
  const auto stopping = std::chrono::steady_clock::now();
  dispatcher.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, 2s);
  EXPECT_EQ(deliveries()[0].status, "delivered");
}

// Linux: the blocked-signal mask of every thread of this process, by task id.
std::map<std::string, unsigned long long> blocked_signals_by_task() {
  std::map<std::string, unsigned long long> out;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream status(task.path() / "status");
    for (std::string line; std::getline(status, line);)
      if (line.rfind("SigBlk:", 0) == 0)
        out[task.path().filename()] = std::stoull(line.substr(7), nullptr, 16);
  }
  return out;
}

TEST_F(WebhookDispatcherTest, TheWorkerThreadNeverTakesProcessSignals) {
  // `serve` waits for SIGTERM in a thread of its own; a worker with SIGTERM
  // unblocked would let the signal kill the process before it drains.
  create(major_case());
  std::atomic<bool> running{false};
  WebhookTransport note_running = [&](const OutgoingWebhook&) -> Result<int> {
    running = true;
    return 200;
  };
  WebhookDispatcherOptions options;
  options.poll_interval = 10s;
  WebhookDispatcher dispatcher(f.ctx(), f.ctx().webhook, note_running, options);
  auto before = blocked_signals_by_task();
  dispatcher.start();
  // Read the mask only once the worker runs its own code: glibc starts a new
  // thread with every signal blocked and installs the inherited mask after.
  for (int i = 0; i < 500 && !running; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(running);
  auto after = blocked_signals_by_task();
  int workers = 0;
  for (const auto& [task, mask] : after) {
    if (before.count(task)) continue;
    workers++;
    EXPECT_TRUE(mask & (1ull << (SIGTERM - 1))) << task;
    EXPECT_TRUE(mask & (1ull << (SIGINT - 1))) << task;
  }
  EXPECT_EQ(workers, 1);
  dispatcher.stop();
}

TEST_F(WebhookDispatcherTest, RetryMakesAFailedDeliveryDueAgainAndIsAudited) {
  create(major_case());
  StubTransport stub;
  WebhookSettings once = f.ctx().webhook;
  once.max_attempts = 1;
  WebhookDispatcher dispatcher(f.ctx(), once, stub.fn());
  ASSERT_EQ(dispatcher.deliver_due(now_ms()), 1);
  auto failed = deliveries()[0];
  ASSERT_EQ(failed.status, "failed");

  auto office = f.make_user("office", Role::kOffice, "OFFICE");
  auto inspector = f.make_user("inspector", Role::kInspector, "ZF");
  WebhookDeliveryService service(f.ctx());
  auto denied = service.retry(f.as(officer_), failed.id);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::kForbidden);
  EXPECT_FALSE(service.retry(f.as(inspector), failed.id));
  auto missing = service.retry(f.as(office), failed.id + 1000);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

  const std::int64_t before = now_ms();
  auto retried = service.retry(f.as(office), failed.id);
  ASSERT_TRUE(retried) << retried.error().message;
  EXPECT_EQ(retried->status, "pending");
  EXPECT_EQ(retried->attempts, 0);
  EXPECT_GE(retried->next_attempt_at, before);
  EXPECT_EQ(retried->last_status_code, 500);  // the history stays visible

  stub.status = 200;
  EXPECT_EQ(dispatcher.deliver_due(now_ms()), 1);
  EXPECT_EQ(deliveries()[0].status, "delivered");

  store::AuditQuery q;
  q.action = "webhook.retry";
  auto audit = store::AuditLog::query(f.db(), q);
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->rows.size(), 1u);
  EXPECT_EQ(audit->rows[0].entity_id, std::to_string(failed.id));
  EXPECT_EQ(audit->rows[0].actor, "office");
}

}  // namespace
}  // namespace qf::service
