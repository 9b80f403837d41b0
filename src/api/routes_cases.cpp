// Cases (案件), their timeline and transfers (移交 / 行刑衔接), and
// notifications.
#include <charconv>

#include "api/handler_support.h"
#include "api/json_input.h"
#include "api/list_filters.h"
#include "api/routes.h"
#include "core/case_rules.h"
#include "core/case_vocabulary.h"
#include "core/clock.h"
#include "service/case_legal_review.h"
#include "service/case_service.h"
#include "service/saved_filter_service.h"

namespace qf::api {
namespace {

using service::CallContext;
using service::CaseService;

constexpr double kMaxQuantity = 1e9;

service::CaseItem read_item(const nlohmann::json& j, const std::string& prefix, ObjectReader& parent) {
  ObjectReader in(j, prefix);
  service::CaseItem item;
  item.species = in.string("species", true, 200).value_or("");
  if (auto v = in.integer("species_id", false, 1)) item.species_id = *v;
  item.count = in.number("count", false, 0, kMaxQuantity).value_or(0);
  item.weight_kg = in.number("weight_kg", false, 0, kMaxQuantity).value_or(0);
  item.unit = in.string("unit", false, 32).value_or("只");
  item.part = in.string("part", false, 32).value_or("whole_dead");
  item.origin = in.string("origin", false, 32).value_or("unknown");
  item.disposition = in.string("disposition", false, 32).value_or("pending");
  if (auto v = in.integer("evidence_id", false, 1)) item.evidence_id = *v;
  item.note = in.string("note", false, 2000).value_or("");
  // Yuan with at most two decimals (a JSON number or a string such as "19999.99").
  if (auto v = in.money("value_yuan", false)) item.value_fen = *v;
  item.value_basis = in.string("value_basis", false, 200).value_or("");
  parent.absorb(in.finish());
  return item;
}

service::CaseParty read_party(const nlohmann::json& j, const std::string& prefix, ObjectReader& parent) {
  ObjectReader in(j, prefix);
  service::CaseParty p;
  p.kind = in.string("kind", false, 32).value_or("person");
  p.role = in.string("role", false, 32).value_or("suspect");
  p.name = in.string("name", true, 200).value_or("");
  p.id_number = in.string("id_number", false, 64).value_or("");
  p.phones = in.string("phones", false, 200).value_or("");
  p.online_accounts = in.string("online_accounts", false, 1000).value_or("");
  p.address = in.string("address", false, 500).value_or("");
  parent.absorb(in.finish());
  return p;
}

Result<service::NewCase> read_new_case(const nlohmann::json& body) {
  ObjectReader in(body);
  service::NewCase c;
  c.title = in.string("title", true, 300).value_or("");
  c.offence_type = in.string("offence_type", true, 64).value_or("");
  c.source = in.string("source", true, 64).value_or("");
  c.place_type = in.string("place_type", false, 64).value_or("");
  c.place_text = in.string("place_text", false, 500).value_or("");
  c.lon = in.number("lon", false, -180, 180);
  c.lat = in.number("lat", false, -90, 90);
  c.occurred_at = in.integer("occurred_at", false, 0, 4102444800000LL).value_or(0);
  c.summary = in.string("summary", false, 20000).value_or("");
  c.cross_region = in.boolean("cross_region", false).value_or(false);
  c.owner_department_code = in.string("owner_department", false, 32);
  if (auto items = in.objects("items", false, 500))
    for (std::size_t i = 0; i < items->size(); ++i)
      c.items.push_back(read_item(*(*items)[i], "items/" + std::to_string(i) + "/", in));
  if (auto parties = in.objects("parties", false, 200))
    for (std::size_t i = 0; i < parties->size(); ++i)
      c.parties.push_back(read_party(*(*parties)[i], "parties/" + std::to_string(i) + "/", in));
  if (auto ok = in.finish(); !ok) return tl::unexpected(ok.error());
  return c;
}

http::Response case_response(int status, const service::Case& c, const Actor& actor, bool list) {
  bool mask = list || !CaseService::sees_confidential(actor, c.record);
  return record_response(status, service::to_json(c, mask));
}

nlohmann::json event_json(const store::CaseEvent& e) {
  return {{"id", e.id},
          {"at", format_iso8601(e.at)},
          {"actor_id", e.actor_id},
          {"actor", e.actor},
          {"kind", e.kind},
          {"summary", e.summary},
          {"data", nlohmann::json::parse(e.data_json, nullptr, false)}};
}

nlohmann::json vocabulary_json(const std::vector<Term>& terms) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : terms) out.push_back({{"code", t.code}, {"label", t.label}});
  return out;
}

}  // namespace

void register_case_routes(http::Router& router, ApiDeps deps) {
  router.add("GET", "/api/v1/case-vocabulary", authed(deps, [](http::Request&, const CallContext&) {
    nlohmann::json checklist = nlohmann::json::array();
    for (const auto& c : service::criminal_transfer_checklist())
      checklist.push_back({{"kind", c.kind}, {"label", c.label}, {"mandatory", c.mandatory}});
    return json_response(200, {{"offence_types", vocabulary_json(offence_types())},
                               {"sources", vocabulary_json(case_sources())},
                               {"place_types", vocabulary_json(place_types())},
                               {"states", vocabulary_json(case_states())},
                               {"item_parts", vocabulary_json(item_parts())},
                               {"item_origins", vocabulary_json(item_origins())},
                               {"item_dispositions", vocabulary_json(item_dispositions())},
                               {"criminal_transfer_checklist", checklist}});
  }), {.summary = "案件字典（违法类型、来源、场所、状态、移送材料）"});

  router.add("GET", "/api/v1/cases", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(p, paging(req), req);
    QF_TRY_RESPONSE(filters, case_list_filters(req), req);
    QF_TRY_RESPONSE(page, CaseService(deps.ctx).list(call, filters, p.page_size, p.offset()), req);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& c : page.items) items.push_back(service::to_json(c, true));
    return json_response(200, page_json(items, page.total, p));
  }), {.summary = "案件列表"});

  router.add("POST", "/api/v1/cases", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(body, json_body(req), req);
    QF_TRY_RESPONSE(nc, read_new_case(body), req);
    QF_TRY_RESPONSE(c, CaseService(deps.ctx).create(call, nc), req);
    return case_response(201, c, call.actor, false);
  }), {.body_limit = 512 * 1024, .summary = "登记案件"});

  router.add("GET", "/api/v1/cases/{id}", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(id, id_param(req), req);
    QF_TRY_RESPONSE(c, CaseService(deps.ctx).get(call, id), req);
    return case_response(200, c, call.actor, false);
  }), {.summary = "案件详情"});

  router.add("PATCH", "/api/v1/cases/{id}", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(id, id_param(req), req);
    QF_TRY_RESPONSE(version, if_match_version(req), req);
    QF_TRY_RESPONSE(body, json_body(req), req);
    ObjectReader in(body);
    service::CaseChanges ch;
    ch.title = in.string("title", false, 300);
    ch.summary = in.string("summary", false, 20000);
    ch.place_type = in.string("place_type", false, 64);
    ch.place_text = in.string("place_text", false, 500);
    ch.offence_type = in.string("offence_type", false, 64);
    ch.cross_region = in.boolean("cross_region", false);
    if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
    QF_TRY_RESPONSE(c, CaseService(deps.ctx).update(call, id, ch, version), req);
    return case_response(200, c, call.actor, false);
  }), {.body_limit = 256 * 1024, .summary = "修改案件"});

  router.add("POST", "/api/v1/cases/{id}/transitions", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(id, id_param(req), req);
    QF_TRY_RESPONSE(body, json_body(req), req);
    ObjectReader in(body);
    service::TransitionRequest t;
    t.to = in.string("to", true, 64).value_or("");
    t.reason = in.string("reason", false, 5000).value_or("");
    t.penalty_decision_no = in.string("penalty_decision_no", false, 200);
    t.penalty_amount_fen = in.integer("penalty_amount_fen", false, 0, 100000000000LL);
    if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
    QF_TRY_RESPONSE(c, CaseService(deps.ctx).transition(call, id, t), req);
    return case_response(200, c, call.actor, false);
  }), {.body_limit = 64 * 1024, .summary = "案件状态流转"});

  router.add("POST", "/api/v1/cases/{id}/items", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(id, id_param(req), req);
    QF_TRY_RESPONSE(body, json_body(req), req);
    ObjectReader in(body);
    std::vector<service::CaseItem> items;
    if (auto list = in.objects("items", true, 500))
      for (std::size_t i = 0; i < list->size(); ++i)
        items.push_back(read_item(*(*list)[i], "items/" + std::to_string(i) + "/", in));
    if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
    QF_TRY_RESPONSE(c, CaseService(deps.ctx).add_details(call, id, items, {}), req);
    return case_response(200, c, call.actor, false);
  }), {.body_limit = 512 * 1024, .summary = "补充涉案物品"});

  router.add("POST", "/api/v1/cases/{id}/parties", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(id, id_param(req), req);
    QF_TRY_RESPONSE(body, json_body(req), req);
    ObjectReader in(body);
    std::vector<service::CaseParty> parties;
    if (auto list = in.objects("parties", true, 200))
      for (std::size_t i = 0; i < list->size(); ++i)
        parties.push_back(read_party(*(*list)[i], "parties/" + std::to_string(i) + "/", in));
    if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
    QF_TRY_RESPONSE(c, CaseService(deps.ctx).add_details(call, id, {}, parties), req);
    return case_response(200, c, call.actor, false);
  }), {.body_limit = 512 * 1024, .summary = "补充当事人"});

  router.add("GET", "/api/v1/cases/{id}/timeline", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(id, id_param(req), req);
    QF_TRY_RESPONSE(events, CaseService(deps.ctx).timeline(call, id), req);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& e : events) items.push_back(event_json(e));
    return json_response(200, {{"items", items}, {"total", events.size()}});
  }), {.summary = "案件时间线"});

  router.add("PATCH", "/api/v1/cases/{id}/items/{item_id}", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(id, id_param(req), req);
    QF_TRY_RESPONSE(item_id, id_param(req, "item_id"), req);
    QF_TRY_RESPONSE(version, if_match_version(req), req);
    QF_TRY_RESPONSE(body, json_body(req), req);
    // The item is the whole body: read it as the creation routes read one
    // item, collecting its problems on an empty outer reader.
    const nlohmann::json none = nlohmann::json::object();
    ObjectReader problems(none);
    auto item = read_item(body, "", problems);
    if (auto ok = problems.finish(); !ok) return error_response(req, ok.error());
    QF_TRY_RESPONSE(c, CaseService(deps.ctx).update_item(call, id, item_id, item, version), req);
    return case_response(200, c, call.actor, false);
  }), {.body_limit = 64 * 1024, .summary = "修改涉案物品（如选定名录物种、补录鉴定价值）"});

  router.add("GET", "/api/v1/cases/{id}/legal", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(id, id_param(req), req);
    QF_TRY_RESPONSE(review, service::CaseLegalReview(deps.ctx).review(call, id), req);
    return json_response(200, review);
  }), {.summary = "案件法律研判：是否涉嫌犯罪、应否移送公安机关（行刑衔接）及其依据"});

  router.add("POST", "/api/v1/cases/{id}/comments", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(id, id_param(req), req);
    QF_TRY_RESPONSE(body, json_body(req), req);
    ObjectReader in(body);
    auto text = in.string("text", true, 5000);
    if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
    QF_TRY_RESPONSE(e, CaseService(deps.ctx).comment(call, id, *text), req);
    return json_response(201, event_json(e));
  }), {.body_limit = 64 * 1024, .summary = "添加办案意见"});

  router.add("POST", "/api/v1/cases/{id}/transfers", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(id, id_param(req), req);
    QF_TRY_RESPONSE(body, json_body(req), req);
    ObjectReader in(body);
    service::TransferRequest t;
    t.to_department_code = in.string("to_department", true, 32).value_or("");
    t.kind = in.string("kind", true, 32).value_or("");
    t.reason = in.string("reason", false, 5000).value_or("");
    if (auto docs = in.objects("documents", false, 50)) {
      for (std::size_t i = 0; i < docs->size(); ++i) {
        ObjectReader d(*(*docs)[i], "documents/" + std::to_string(i) + "/");
        service::TransferDocument doc;
        doc.kind = d.string("kind", true, 64).value_or("");
        doc.evidence_id = d.integer("evidence_id", false, 1);
        doc.note = d.string("note", false, 1000).value_or("");
        in.absorb(d.finish());
        t.documents.push_back(doc);
      }
    }
    if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
    QF_TRY_RESPONSE(tr, CaseService(deps.ctx).request_transfer(call, id, t), req);
    return json_response(201, service::to_json(tr));
  }), {.body_limit = 64 * 1024, .summary = "移交或移送案件（行刑衔接）"});

  router.add("GET", "/api/v1/transfers", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(p, paging(req), req);
    store::TransferQuery q;
    q.limit = p.page_size;
    q.offset = p.offset();
    q.direction = std::string(req.query_param("direction").value_or(""));
    if (q.direction != "" && q.direction != "incoming" && q.direction != "outgoing")
      return error_response(req, invalid("direction", "应为 incoming（移来）或 outgoing（移出）").value());
    if (auto v = req.query_param("state"); v && !v->empty()) {
      if (*v != "requested" && *v != "accepted" && *v != "returned")
        return error_response(req, invalid("state", "应为 requested、accepted 或 returned").value());
      q.state = std::string(*v);
    }
    if (auto v = req.query_param("kind"); v && !v->empty()) {
      if (*v != "handover" && *v != "criminal")
        return error_response(req, invalid("kind", "应为 handover 或 criminal").value());
      q.kind = std::string(*v);
    }
    // Requested in [from, to), epoch ms (the statistics' drill-down).
    for (const char* name : {"from", "to"}) {
      auto v = req.query_param(name);
      if (!v || v->empty()) continue;
      std::int64_t ms = 0;
      auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), ms);
      if (ec != std::errc() || end != v->data() + v->size() || ms < 0)
        return error_response(req, invalid(name, "应为毫秒时间戳").value());
      (std::string_view(name) == "from" ? q.requested_from : q.requested_to) = ms;
    }
    QF_TRY_RESPONSE(page, CaseService(deps.ctx).transfers(call, q), req);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& l : page.items) {
      nlohmann::json row = service::to_json(l.transfer);
      row["case"] = l.transfer.entity == "case"
                        ? nlohmann::json{{"id", l.transfer.entity_id},
                                         {"number", l.case_number},
                                         {"title", l.case_title},
                                         {"state", l.case_state}}
                        : nlohmann::json(nullptr);
      items.push_back(std::move(row));
    }
    return json_response(200, page_json(items, page.total, p));
  }), {.summary = "本部门移来、移出的移交与移送（待接收的可据此查看案件并接收或退回）"});

  router.add("POST", "/api/v1/transfers/{id}/accept", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(id, id_param(req), req);
    std::string note;
    if (!req.body.empty()) {
      QF_TRY_RESPONSE(body, json_body(req), req);
      ObjectReader in(body);
      note = in.string("note", false, 5000).value_or("");
      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
    }
    QF_TRY_RESPONSE(t, CaseService(deps.ctx).accept_transfer(call, id, note), req);
    return json_response(200, service::to_json(t));
  }), {.body_limit = 16 * 1024, .summary = "接收移交"});

  router.add("POST", "/api/v1/transfers/{id}/return", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(id, id_param(req), req);
    QF_TRY_RESPONSE(body, json_body(req), req);
    ObjectReader in(body);
    auto reason = in.string("reason", true, 5000);
    if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
    QF_TRY_RESPONSE(t, CaseService(deps.ctx).return_transfer(call, id, *reason), req);
    return json_response(200, service::to_json(t));
  }), {.body_limit = 16 * 1024, .summary = "退回移交"});

  router.add("GET", "/api/v1/saved-filters", authed(deps, [deps](http::Request& req, const CallContext& call) {
    std::optional<std::string> entity;
    if (auto v = req.query_param("entity")) entity = std::string(*v);
    QF_TRY_RESPONSE(list, service::SavedFilterService(deps.ctx).list(call, entity), req);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& f : list) items.push_back(service::to_json(f));
    return json_response(200, {{"items", items}, {"total", list.size()}});
  }), {.summary = "我的筛选条件"});

  router.add("POST", "/api/v1/saved-filters", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(body, json_body(req), req);
    ObjectReader in(body);
    auto entity = in.string("entity", true, 16);
    auto name = in.string("name", true, 200);
    auto query = in.string("query", true, 2000);
    auto shared = in.boolean("shared", false);
    if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
    QF_TRY_RESPONSE(f, service::SavedFilterService(deps.ctx).create(call, *entity, *name, *query, shared.value_or(false)), req);
    return json_response(201, service::to_json(f));
  }), {.body_limit = 16 * 1024, .summary = "保存筛选条件"});

  router.add("DELETE", "/api/v1/saved-filters/{id}", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(id, id_param(req), req);
    if (auto ok = service::SavedFilterService(deps.ctx).remove(call, id); !ok) return error_response(req, ok.error());
    return http::Response::no_content();
  }), {.summary = "删除筛选条件"});

  router.add("GET", "/api/v1/notifications", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(p, paging(req), req);
    bool unread = req.query_param("unread").value_or("") == "true";
    QF_TRY_RESPONSE(page, service::NotificationService(deps.ctx).list(call, unread, p.page_size, p.offset()), req);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& n : page.items)
      items.push_back({{"id", n.id},
                       {"kind", n.kind},
                       {"title", n.title},
                       {"body", n.body},
                       {"entity", n.entity},
                       {"entity_id", n.entity_id},
                       {"created_at", format_iso8601(n.created_at)},
                       {"read", n.read_at != 0}});
    return json_response(200, page_json(items, page.total, p));
  }), {.summary = "我的通知"});

  router.add("POST", "/api/v1/notifications/{id}/read", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(id, id_param(req), req);
    if (auto ok = service::NotificationService(deps.ctx).mark_read(call, id); !ok) return error_response(req, ok.error());
    return http::Response::no_content();
  }), {.summary = "标记通知已读"});
}

}  // namespace qf::api
