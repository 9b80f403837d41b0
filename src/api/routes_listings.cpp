// Online listings (网上巡查): the platforms' batch scan, the review queue,
// one listing with its hits highlighted, review decisions, takedowns, the
// seller view and a case from a confirmed listing.
#include <charconv>

#include "api/handler_support.h"
#include "api/json_input.h"
#include "api/routes.h"
#include "service/case_service.h"
#include "service/listing_service.h"

namespace qf::api {
namespace {

using service::CallContext;

// Before 2100-01-01 (epoch ms); 0 = unknown is allowed for posted_at.
constexpr std::int64_t kMaxTime = 4102444800000LL;
// 1000 listings of a few KiB each fit; a platform with long posts sends
// smaller batches rather than one request the server must hold in memory.
constexpr std::uint64_t kScanBodyLimit = 16ull << 20;

service::ListingInput read_listing(ObjectReader& in) {
  service::ListingInput l;
  l.platform = in.string("platform", true, service::kMaxListingFieldBytes).value_or("");
  l.external_id = in.string("external_id", false, service::kMaxListingFieldBytes).value_or("");
  l.url = in.string("url", false, service::kMaxListingUrlBytes).value_or("");
  l.title = in.string("title", false, service::kMaxListingTitleBytes).value_or("");
  l.text = in.string("text", false, service::kMaxListingTextBytes).value_or("");
  l.seller_account =
      in.string("seller_account", false, service::kMaxListingFieldBytes).value_or("");
  l.seller_name = in.string("seller_name", false, service::kMaxListingFieldBytes).value_or("");
  l.price_fen = in.money("price", false);
  l.posted_at = in.integer("posted_at", false, 0, kMaxTime).value_or(0);
  return l;
}

// Moves the explanation's parts into the answer: a batch's explanations
// are most of the response and need not be copied.
nlohmann::json scan_result_json(service::IngestedListing& item) {
  auto& e = item.explanation;
  auto take = [&e](const char* key) {
    auto it = e.find(key);
    return it == e.end() ? nlohmann::json::array() : std::move(*it);
  };
  return {{"index", item.index},
          {"id", item.id},
          {"external_id", item.external_id},
          {"outcome", item.outcome},
          {"risk", item.risk},
          {"category", item.category},
          {"score", e.value("score", 0.0)},
          {"review_state", item.review_state},
          {"revision", item.revision},
          {"hits", take("hits")},
          {"reasons", take("reasons")},
          {"species", take("species")},
          {"contacts", take("contacts")}};
}

// A millisecond timestamp query value, as in GET /api/v1/audit.
Result<std::optional<std::int64_t>> time_param(const http::Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v) return std::optional<std::int64_t>();
  std::int64_t out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size() || out < 0)
    return invalid(name, "应为毫秒时间戳");
  return std::optional<std::int64_t>(out);
}

}  // namespace

void register_listing_routes(http::Router& router, ApiDeps deps) {
  router.add(
      "POST", "/api/v1/listings:scan",
      authed(deps,
             [deps](http::Request& req, const CallContext& call) {
               QF_TRY_RESPONSE(body, json_body(req), req);
               ObjectReader in(body);
               std::vector<service::ListingInput> batch;
               if (auto items = in.objects("listings", true, service::kMaxListingBatch)) {
                 batch.reserve(items->size());
                 for (std::size_t i = 0; i < items->size(); ++i) {
                   ObjectReader item(*(*items)[i], "listings/" + std::to_string(i) + "/");
                   batch.push_back(read_listing(item));
                   in.absorb(item.finish());
                 }
               }
               if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
               QF_TRY_RESPONSE(report, service::ListingService(deps.ctx).ingest(call, batch), req);
               nlohmann::json results = nlohmann::json::array();
               for (auto& item : report.items) results.push_back(scan_result_json(item));
               return json_response(200, {{"lexicon_version", report.lexicon_version},
                                          {"created", report.created},
                                          {"updated", report.updated},
                                          {"duplicates", report.duplicates},
                                          {"results", std::move(results)}});
             }),
      {.body_limit = kScanBodyLimit, .summary = "批量扫描并保存网络信息（平台或网信、市场监管）"});

  router.add("GET", "/api/v1/listings",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(p, paging(req), req);
                      store::ListingQuery q;
                      q.limit = p.page_size;
                      q.offset = p.offset();
                      if (auto v = req.query_param("risk")) q.risk = std::string(*v);
                      if (auto v = req.query_param("category")) q.category = std::string(*v);
                      if (auto v = req.query_param("state")) q.review_state = std::string(*v);
                      if (auto v = req.query_param("platform")) q.platform = std::string(*v);
                      if (auto v = req.query_param("seller")) q.seller_account = std::string(*v);
                      // takedown=overdue: still requested past the notice's deadline.
                      if (auto v = req.query_param("takedown")) {
                        if (*v == "overdue")
                          q.takedown_overdue = true;
                        else
                          q.takedown_state = *v == "none" ? std::string() : std::string(*v);
                      }
                      QF_TRY_RESPONSE(from, time_param(req, "from"), req);
                      QF_TRY_RESPONSE(to, time_param(req, "to"), req);
                      q.received_from = from;
                      q.received_to = to;
                      const auto sort = req.query_param("sort").value_or("queue");
                      if (sort != "queue" && sort != "newest")
                        return error_response(req, invalid("sort", "应为 queue 或 newest").value());
                      q.newest_first = sort == "newest";
                      QF_TRY_RESPONSE(page, service::ListingService(deps.ctx).queue(call, q), req);
                      nlohmann::json items = nlohmann::json::array();
                      for (const auto& l : page.items) items.push_back(service::to_json(l, page));
                      return json_response(200, page_json(items, page.total, p));
                    }),
             {.summary = "网络信息审核队列"});

  router.add("GET", "/api/v1/listings/{id}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(d, service::ListingService(deps.ctx).get(call, id), req);
                      return record_response(200, service::to_json(d));
                    }),
             {.summary = "网络信息详情（命中词高亮）"});

  router.add("POST", "/api/v1/listings/{id}/review",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      ObjectReader in(body);
                      service::ListingReview r;
                      r.decision = in.string("decision", true, 32).value_or("");
                      r.note = in.string("note", false, 4000).value_or("");
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      QF_TRY_RESPONSE(l, service::ListingService(deps.ctx).review(call, id, r),
                                      req);
                      return record_response(200, service::to_json(l));
                    }),
             {.body_limit = 64 * 1024, .summary = "审核网络信息（确认违法或排除）"});

  router.add("POST", "/api/v1/listings/{id}/takedown",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      ObjectReader in(body);
                      service::TakedownStep t;
                      t.step = in.string("step", true, 32).value_or("");
                      t.note = in.string("note", false, 4000).value_or("");
                      t.notified = in.boolean("notified", false).value_or(true);
                      t.at = in.integer("at", false, 1, kMaxTime);
                      t.result = in.string("result", false, 32).value_or("");
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      QF_TRY_RESPONSE(l, service::ListingService(deps.ctx).takedown(call, id, t),
                                      req);
                      return record_response(200, service::to_json(l));
                    }),
             {.body_limit = 64 * 1024, .summary = "下架：通知平台、登记下架、复查"});

  router.add("POST", "/api/v1/listings/{id}/case",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      ObjectReader in(body);
                      service::ListingCaseRequest r;
                      r.title = in.string("title", false, 300);
                      r.offence_type = in.string("offence_type", false, 64);
                      r.owner_department_code = in.string("owner_department", false, 32);
                      r.note = in.string("note", false, 4000).value_or("");
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      QF_TRY_RESPONSE(
                          created, service::ListingService(deps.ctx).open_case(call, id, r), req);
                      const bool mask =
                          !service::CaseService::sees_confidential(call.actor, created.record);
                      return record_response(201, service::to_json(created, mask));
                    }),
             {.body_limit = 64 * 1024, .summary = "确认违法的网络信息转为案件"});

  // Seller accounts are the platform's strings (they may hold '/'), so they
  // travel as query values, not as path segments.
  router.add("GET", "/api/v1/sellers",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(p, paging(req), req);
                      const std::string platform(req.query_param("platform").value_or(""));
                      const std::string account(req.query_param("account").value_or(""));
                      QF_TRY_RESPONSE(v,
                                      service::ListingService(deps.ctx).seller(
                                          call, platform, account, p.page_size, p.offset()),
                                      req);
                      auto j = service::to_json(v);
                      j["listings"]["page"] = p.page;
                      j["listings"]["page_size"] = p.page_size;
                      return json_response(200, j);
                    }),
             {.summary = "卖家账号的全部网络信息及审核统计"});
}

}  // namespace qf::api
