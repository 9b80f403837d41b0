// Outgoing webhooks (重大情况和重特大案件随时报告): when a case becomes major,
// besides the in-app notifications, a signed POST goes to the configured URL.
//
//  - WebhookOutbox queues a delivery inside the transaction that made the
//    case major: a committed change is never lost, a rolled-back one sends
//    nothing.
//  - WebhookDispatcher sends due deliveries (any number of nodes may run one:
//    each claims a row before sending), records every attempt, retries with
//    exponential backoff and gives up after max_attempts. Delivery is at
//    least once; receivers drop repeats by X-Qingfeng-Delivery.
//  - WebhookDeliveryService is the delivery log for the office and the
//    administrator: list, and retry one now.
//
// Each delivery has a target: "" is the configured major-case webhook
// (WebhookSettings), "platform:<code>" a platform's takedown-notice endpoint
// (service/platform_notice_service.h), whose URL and secret are read when
// the delivery is sent — a changed URL or a new secret applies to retries,
// and a platform whose notices were switched off gets nothing more (the
// delivery is given up with that reason).
//
// The dispatcher sends through a WebhookTransport so this layer does not
// depend on the HTTP layer; `qingfeng serve` plugs in http::post_webhook.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "core/result.h"
#include "service/directory_service.h"
#include "service/service_context.h"
#include "store/case_repository.h"
#include "store/webhook_repository.h"

namespace qf::service {

class WebhookOutbox {
 public:
  // Queues a delivery due now, in the caller's transaction. Callers queue
  // only when a webhook URL is configured (ServiceContext::webhook.url).
  static Status enqueue(soci::session& s, const std::string& event, const std::string& entity,
                        std::int64_t entity_id, const nlohmann::json& payload);
  // The same for another target ("platform:<code>"); returns the delivery's id.
  static Result<std::int64_t> enqueue_to(soci::session& s, const std::string& target,
                                         const std::string& event, const std::string& entity,
                                         std::int64_t entity_id, const nlohmann::json& payload);

  // {"event":"case.major","case":{id, number, title, offence_type,
  // owner_department, major_reasons, priority, created_at},"occurred_at"}:
  // what the office needs to react, and nothing confidential (no parties,
  // items or places). The dispatcher adds delivery_id and sent_at.
  static nlohmann::json case_major_payload(const store::CaseRecord& c);
};

// One signed POST as the transport sends it.
struct OutgoingWebhook {
  std::string event;
  std::string delivery_id;
  std::int64_t timestamp = 0;  // Unix seconds, signed together with the body
  std::string body;
  std::string url;     // the target's URL (http://)
  std::string secret;  // the target's HMAC key; never logged
};

// Sends one webhook: the HTTP status code, or an Error when there was no
// answer (refused, timeout, not HTTP).
using WebhookTransport = std::function<Result<int>(const OutgoingWebhook&)>;

struct WebhookDispatcherOptions {
  std::chrono::milliseconds poll_interval{5000};
  // How long a claim lasts; longer than one send can take (the transport's
  // connect plus response timeouts), so a live node never loses its claim.
  std::int64_t lease_ms = 2 * 60 * 1000;
  std::int64_t backoff_base_ms = 30 * 1000;      // first retry after 30 s, then doubling
  std::int64_t backoff_cap_ms = 60 * 60 * 1000;  // at most an hour apart
  int max_per_round = 100;                       // deliveries per deliver_due() call
  std::string node;                              // claim owner; empty: hostname:pid:random
};

class WebhookDispatcher {
 public:
  WebhookDispatcher(ServiceContext& ctx, WebhookSettings settings, WebhookTransport transport,
                    WebhookDispatcherOptions options = {});
  ~WebhookDispatcher();  // stop()
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  // Claims and sends the deliveries due at `now` (epoch ms) one by one: 2xx
  // → delivered; otherwise attempts+1 and due again after the backoff, or
  // failed once max_attempts are used. Returns how many were attempted.
  int deliver_due(std::int64_t now);

  // The background loop of `qingfeng serve`: deliver_due() every
  // poll_interval until stop(). stop() waits for the send in flight (bounded
  // by the transport's timeouts), so call it before the database closes.
  void start();
  void stop();

  // Delay before the next attempt after `attempts_so_far` failed ones.
  std::int64_t backoff_ms(int attempts_so_far) const;
  const std::string& node() const { return options_.node; }

 private:
  void attempt(const store::WebhookDelivery& d, std::int64_t now);

  ServiceContext& ctx_;
  WebhookSettings settings_;
  WebhookTransport transport_;
  WebhookDispatcherOptions options_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable wake_;
  std::thread thread_;
};

// JSON shape of a delivery for the API and the audit log.
nlohmann::json to_json(const store::WebhookDelivery& d);

class WebhookDeliveryService {
 public:
  explicit WebhookDeliveryService(ServiceContext& ctx) : ctx_(ctx) {}

  // The delivery log, newest first (office and administrator).
  Result<Page<store::WebhookDelivery>> list(const CallContext& call, const store::WebhookQuery& q);
  // Makes a delivery due now (office and administrator); audited.
  Result<store::WebhookDelivery> retry(const CallContext& call, std::int64_t id);

 private:
  ServiceContext& ctx_;
};

}  // namespace qf::service
