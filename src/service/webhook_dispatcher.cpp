#include "service/webhook_dispatcher.h"

#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>

#include "core/clock.h"
#include "service/audit_writer.h"
#include "service/platform_notice_service.h"
#include "store/crypto.h"
#include "store/platform_endpoint_repository.h"

namespace qf::service {
namespace {

constexpr const char* kDeliveryEntity = "webhook_delivery";

std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The delivery log shows which cases were reported, across all departments:
// it belongs to the office, which runs the reporting, and to the
// administrator, who runs the system (both already read the audit log, which
// holds the same facts). Inspectors read but do not operate channels.
bool may_manage_webhooks(const Actor& a) {
  return a.is_cli || ((a.role == Role::kOffice || a.role == Role::kAdmin) &&
                      AccessPolicy::allows(a, Action::kReadAudit));
}

std::string default_node_name() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  // The random part tells apart two processes that share host and pid
  // (containers), so they never honour each other's claims.
  return std::string(host[0] ? host : "node") + ":" + std::to_string(::getpid()) + ":" +
         store::random_token(6);
}

}  // namespace

Status WebhookOutbox::enqueue(soci::session& s, const std::string& event, const std::string& entity,
                              std::int64_t entity_id, const nlohmann::json& payload) {
  auto id = store::WebhookRepository::enqueue(s, event, entity, entity_id, dump(payload), now_ms());
  if (!id) return tl::unexpected(id.error());
  return {};
}

Result<std::int64_t> WebhookOutbox::enqueue_to(soci::session& s, const std::string& target,
                                               const std::string& event, const std::string& entity,
                                               std::int64_t entity_id,
                                               const nlohmann::json& payload) {
  return store::WebhookRepository::enqueue(s, event, entity, entity_id, dump(payload), now_ms(),
                                           target);
}

nlohmann::json WebhookOutbox::case_major_payload(const store::CaseRecord& c) {
  nlohmann::json reasons = nlohmann::json::parse(c.major_reasons_json, nullptr, false);
  if (!reasons.is_array()) reasons = nlohmann::json::array();
  return {{"event", "case.major"},
          {"case",
           {{"id", c.id},
            {"number", c.number},
            {"title", c.title},
            {"offence_type", c.offence_type},
            {"owner_department", c.owner_department_code},
            {"major_reasons", reasons},
            {"priority", c.priority},
            {"created_at", format_iso8601(c.created_at)}}},
          {"occurred_at", format_iso8601(now_ms())}};
}

WebhookDispatcher::WebhookDispatcher(ServiceContext& ctx, WebhookSettings settings,
                                     WebhookTransport transport, WebhookDispatcherOptions options)
    : ctx_(ctx),
      settings_(std::move(settings)),
      transport_(std::move(transport)),
      options_(std::move(options)) {
  if (options_.node.empty()) options_.node = default_node_name();
  if (settings_.max_attempts < 1) settings_.max_attempts = 1;
}

WebhookDispatcher::~WebhookDispatcher() { stop(); }

std::int64_t WebhookDispatcher::backoff_ms(int attempts_so_far) const {
  std::int64_t delay = options_.backoff_base_ms;
  for (int i = 0; i < attempts_so_far && delay < options_.backoff_cap_ms; ++i) delay *= 2;
  return std::min(delay, options_.backoff_cap_ms);
}

int WebhookDispatcher::deliver_due(std::int64_t now) {
  // A round can take a while (each send waits up to its timeouts), so the
  // clock moves on with it: claims and backoffs are measured from the moment
  // they happen, and a claim made late in the round gets its full lease.
  const auto started = std::chrono::steady_clock::now();
  auto current = [&] {
    return now + std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - started)
                     .count();
  };
  int attempted = 0;
  while (attempted < options_.max_per_round && !stopping_) {
    const std::int64_t at = current();
    auto claimed = ctx_.db.transact([&](soci::session& s) {
      return store::WebhookRepository::claim_next(s, options_.node, at, at + options_.lease_ms);
    });
    if (!claimed) {
      spdlog::warn("Webhook 投递：领取待发送记录失败：{}", claimed.error().message);
      break;
    }
    if (!*claimed) break;
    attempt(**claimed, at);
    attempted++;
  }
  return attempted;
}

void WebhookDispatcher::attempt(const store::WebhookDelivery& d, std::int64_t claimed_at) {
  store::WebhookAttempt result;
  result.attempts = d.attempts + 1;
  nlohmann::json body = nlohmann::json::parse(d.payload_json, nullptr, false);
  // Where to: the major-case webhook, or a platform's endpoint as it is now.
  WebhookEndpoint target{settings_.url, settings_.secret};
  std::string target_error;
  if (!d.target.empty()) {
    auto resolved =
        ctx_.db.read([&](soci::session& s) { return resolve_webhook_target(ctx_, s, d.target); });
    if (resolved)
      target = std::move(*resolved);
    else
      target_error = resolved.error().message;
  }
  if (!body.is_object()) {
    result.status = "failed";
    result.error = "投递内容不是 JSON 对象";
  } else if (!target_error.empty()) {
    // Switched off or removed: nothing more goes there, and the log says why.
    result.status = "failed";
    result.error = target_error;
  } else {
    const std::int64_t sent_ms = now_ms();
    body["delivery_id"] = d.id;
    body["sent_at"] = format_iso8601(sent_ms);
    OutgoingWebhook message{d.event,    std::to_string(d.id), sent_ms / 1000,
                            dump(body), target.url,           target.secret};
    Result<int> answer = fail(ErrorCode::kInternal, "未配置 Webhook 发送方式");
    if (transport_) answer = transport_(message);
    if (answer) result.status_code = *answer;
    if (answer && *answer >= 200 && *answer < 300) {
      result.status = "delivered";
    } else {
      result.error = answer ? "接收方返回 HTTP " + std::to_string(*answer) : answer.error().message;
      result.status = result.attempts >= settings_.max_attempts ? "failed" : "pending";
    }
  }
  // Timestamps follow deliver_due's clock (so tests can move time forward).
  result.at = claimed_at;
  result.next_attempt_at =
      result.status == "pending" ? claimed_at + backoff_ms(d.attempts) : d.next_attempt_at;

  auto recorded = ctx_.db.transact([&](soci::session& s) -> Result<bool> {
    auto ok = store::WebhookRepository::record_attempt(s, d.id, options_.node, result);
    if (!ok || !*ok) return ok;
    // A delivered takedown notice: the platform counts as notified from now.
    if (result.status == "delivered" && d.entity == kTakedownNoticeEntity)
      if (auto sent = store::TakedownNoticeRepository::mark_sent(s, d.entity_id, result.at); !sent)
        return tl::unexpected(sent.error());
    return ok;
  });
  if (!recorded) {
    // The claim lapses and the delivery is tried again: at least once.
    spdlog::warn("Webhook 投递 {}：记录结果失败：{}", d.id, recorded.error().message);
  } else if (!*recorded) {
    spdlog::warn("Webhook 投递 {}：领取已过期，结果由其他节点记录", d.id);
  } else if (result.status == "delivered") {
    spdlog::info("Webhook 投递 {}（{}）已送达，HTTP {}", d.id, d.event, result.status_code);
  } else if (result.status == "failed") {
    spdlog::error("Webhook 投递 {}（{}）第 {} 次失败，已放弃：{}", d.id, d.event, result.attempts,
                  result.error);
  } else {
    spdlog::warn("Webhook 投递 {}（{}）第 {} 次失败，{} 秒后重试：{}", d.id, d.event,
                 result.attempts, backoff_ms(d.attempts) / 1000, result.error);
  }
}

void WebhookDispatcher::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  // The worker must never take a process signal: `serve` waits for SIGTERM
  // in one thread of its own, and a thread with SIGTERM unblocked would let
  // the default action kill the process before it drains and closes the
  // database. A new thread inherits the creator's mask, so block everything
  // just around the creation.
  sigset_t all, previous;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &previous);
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      lock.unlock();
      try {
        deliver_due(now_ms());
      } catch (const std::exception& e) {
        // A bug must not take the server down with it; the next round retries.
        spdlog::error("Webhook 投递线程出错：{}", e.what());
      }
      lock.lock();
      wake_.wait_for(lock, options_.poll_interval, [this] { return stopping_.load(); });
    }
  });
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

void WebhookDispatcher::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

nlohmann::json to_json(const store::WebhookDelivery& d) {
  return {{"id", d.id},
          {"event", d.event},
          {"target", d.target},
          {"entity", d.entity},
          {"entity_id", d.entity_id},
          {"payload", nlohmann::json::parse(d.payload_json, nullptr, false)},
          {"status", d.status},
          {"attempts", d.attempts},
          {"next_attempt_at", d.status == "pending" ? format_iso8601(d.next_attempt_at) : ""},
          {"last_status_code", d.last_status_code},
          {"last_error", d.last_error},
          {"created_at", format_iso8601(d.created_at)},
          {"delivered_at", format_iso8601(d.delivered_at)}};
}

Result<Page<store::WebhookDelivery>> WebhookDeliveryService::list(const CallContext& call,
                                                                  const store::WebhookQuery& q) {
  if (!may_manage_webhooks(call.actor)) return forbidden();
  return ctx_.db.read([&](soci::session& s) -> Result<Page<store::WebhookDelivery>> {
    Page<store::WebhookDelivery> page;
    auto rows = store::WebhookRepository::list(s, q, &page.total);
    if (!rows) return tl::unexpected(rows.error());
    page.items = std::move(*rows);
    return page;
  });
}

Result<store::WebhookDelivery> WebhookDeliveryService::retry(const CallContext& call,
                                                             std::int64_t id) {
  if (!may_manage_webhooks(call.actor)) return forbidden();
  return ctx_.db.transact([&](soci::session& s) -> Result<store::WebhookDelivery> {
    auto before = store::WebhookRepository::find_by_id(s, id);
    if (!before) return tl::unexpected(before.error());
    if (!*before) return not_found("投递记录不存在");
    auto after = store::WebhookRepository::reset_for_retry(s, id, now_ms());
    if (!after) return tl::unexpected(after.error());
    if (!*after) return not_found("投递记录不存在");
    if (auto a = audit(s, call, "webhook.retry", kDeliveryEntity, std::to_string(id),
                       to_json(**before), to_json(**after));
        !a)
      return tl::unexpected(a.error());
    return **after;
  });
}

}  // namespace qf::service
