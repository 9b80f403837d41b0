#include "cli/serve_command.h"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <optional>
#include <nlohmann/json.hpp>
#include <thread>

#include "api/api.h"
#include "cli/environment.h"
#include "core/clock.h"
#include "http/metrics.h"
#include "http/server.h"
#include "http/static_files.h"
#include "http/webhook_client.h"
#include "service/webhook_dispatcher.h"

namespace qf::cli {

int serve(const Config& config) {
  auto webhook = load_webhook_settings(config);  // before anything starts
  if (!webhook) {
    print_error(webhook.error());
    return 1;
  }
  auto env = Environment::open(config, /*migrate=*/true);
  if (!env) {
    print_error(env.error());
    return 1;
  }
  // Major cases queue a webhook delivery only when the services know the URL.
  (*env)->services().webhook = *webhook;
  http::Metrics metrics;
  http::Router router;
  api::register_api(router, api::ApiDeps{(*env)->services(), metrics});
  if (!config.web_dir.empty()) router.set_fallback(http::static_files(config.web_dir));

  // Access log: one JSON line per request on stdout. Never the body, never
  // the Authorization header or query values that could carry secrets.
  auto observer = [&metrics](const http::Request& req, const http::Response& res,
                             const std::string& route, double seconds) {
    metrics.record(req.method, route, res.status, seconds);
    nlohmann::json line = {{"ts", format_iso8601(now_ms())}, {"request_id", req.request_id},
                           {"client", req.client_address}, {"method", req.method},
                           {"path", req.path}, {"route", route}, {"status", res.status},
                           {"ms", seconds * 1000.0}};
    std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
  };

  http::ServerOptions options = config.server;
  options.temp_dir = config.evidence.dir + "/tmp";
  http::Server server(router, options, observer);
  if (auto ok = server.start(); !ok) {
    print_error(ok.error());
    return 1;
  }

  // Declared after env: it stops (waiting for a send in flight, bounded by
  // the client's timeouts) before the database closes.
  // It always runs: besides the major-case webhook (when configured) it
  // sends the platforms' takedown notices (service/platform_notice_service.h),
  // each delivery to the URL and with the secret of its target.
  std::optional<service::WebhookDispatcher> dispatcher;
  {
    service::WebhookTransport transport = [](const service::OutgoingWebhook& m) -> Result<int> {
      auto url = http::parse_webhook_url(m.url);
      if (!url) return tl::unexpected(url.error());
      return http::post_webhook(*url, m.secret, {m.event, m.delivery_id, m.timestamp, m.body});
    };
    dispatcher.emplace((*env)->services(), *webhook, std::move(transport));
    dispatcher->start();
    if (auto url = http::parse_webhook_url(webhook->url); url && !webhook->url.empty())
      // Host only: the path or query may carry the receiver's token.
      spdlog::info("重大案件 Webhook 已启用：http://{}（节点 {}）", url->host_header,
                   dispatcher->node());
  }

  // Signals are taken synchronously by a watcher thread, so stop() runs in
  // ordinary thread context, not in a signal handler.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread watcher([&server, set] {
    int sig = 0;
    sigwait(&set, &sig);
    spdlog::info("收到信号 {}，停止接收新请求并等待进行中的请求完成", sig);
    server.stop();
  });

  spdlog::info("qingfeng serving on http://{}:{} (database {})", options.host, server.port(),
               (*env)->db().url_for_display());
  server.run();
  // If run() returned for another reason, release the watcher.
  pthread_kill(watcher.native_handle(), SIGTERM);
  watcher.join();
  if (dispatcher) dispatcher->stop();
  spdlog::info("已停止");
  return 0;
}

}  // namespace qf::cli
