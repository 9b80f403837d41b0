#include "service/case_service.h"

#include <algorithm>
#include <cmath>
#include <ctime>

#include "core/case_rules.h"
#include "core/case_vocabulary.h"
#include "core/clock.h"
#include "service/audit_writer.h"
#include "service/species_catalog_service.h"
#include "service/webhook_dispatcher.h"
#include "store/department_repository.h"
#include "store/evidence_repository.h"
#include "store/species_repository.h"

namespace qf::service {
namespace {

constexpr const char* kEntity = "case";

std::string mask_id_number(const std::string& id) {
  if (id.size() <= 8) return std::string(id.size(), '*');
  return id.substr(0, 4) + std::string(id.size() - 8, '*') + id.substr(id.size() - 4);
}

std::string mask_phone(const std::string& phones) {
  std::string out;
  std::size_t digits = 0;
  for (char c : phones) {
    if (c >= '0' && c <= '9') {
      digits++;
      out += (digits > 3 && digits <= 7) ? '*' : c;
    } else {
      digits = 0;
      out += c;
    }
  }
  return out;
}

int local_year(std::int64_t epoch_ms) {
  std::time_t secs = static_cast<std::time_t>(epoch_ms / 1000 + 8 * 3600);  // China Standard Time
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return tm.tm_year + 1900;
}

CaseFacts facts_of(const store::CaseRecord& c, const law::SpeciesCatalog* catalog) {
  CaseFacts f;
  for (const auto& i : c.items) {
    if (i.value_fen) f.established_value_fen += *i.value_fen;
    if (!catalog || !i.species_id) continue;
    const law::SpeciesRecord* r = catalog->find(*i.species_id);
    if (!r) continue;
    const law::SpeciesRecord* taxon = catalog->covering_taxon(*r);
    if (r->protection == law::ProtectionClass::kNational1 ||
        (taxon && taxon->protection == law::ProtectionClass::kNational1))
      f.first_class_species.push_back(r->chinese_name);
  }
  f.offence_type = c.offence_type;
  f.place_type = c.place_type;
  f.cross_region = c.cross_region;
  for (const auto& i : c.items) {
    f.species.push_back(i.species);
    f.item_parts.push_back(i.part);
  }
  for (const auto& p : c.parties)
    if (p.role == "suspect") f.suspects++;
  return f;
}

std::string json_array(const std::vector<std::string>& v) { return nlohmann::json(v).dump(); }

// The reasons of a stored JSON array as one line for the timeline.
std::string joined_reasons(const std::string& json) {
  std::string out;
  const auto reasons = nlohmann::json::parse(json, nullptr, false);
  if (reasons.is_array())
    for (const auto& r : reasons)
      if (r.is_string()) out += (out.empty() ? "" : "；") + r.get<std::string>();
  return out;
}

// Applies the priority and major rules; returns the major reasons if the
// case has just become major (so the caller notifies).
std::vector<std::string> apply_flags(store::CaseRecord& c, const CaseSettings& settings,
                                     const law::SpeciesCatalog* catalog) {
  CaseFacts f = facts_of(c, catalog);
  auto priority = priority_reasons(f);
  c.priority = !priority.empty();
  c.priority_reasons_json = json_array(priority);
  auto major = major_reasons(f, MajorCaseRules{settings.major_suspects_over, true,
                                               settings.major_first_class_species,
                                               settings.major_value_fen});
  const bool was_major = c.major;
  c.major = !major.empty() || was_major;  // once reported, a case stays major
  if (!major.empty()) c.major_reasons_json = json_array(major);
  return (!was_major && !major.empty()) ? major : std::vector<std::string>{};
}

void set_due(store::CaseRecord& c, std::int64_t now, const CaseSettings& settings) {
  int days = case_state_deadline_days(c.state, c.priority);
  if (auto it = settings.deadline_days.find(c.state); it != settings.deadline_days.end())
    days = c.priority ? (it->second + 1) / 2 : it->second;
  c.due_at = days > 0 ? add_working_days(now, days) : 0;
}

std::string state_label(const std::string& code) {
  return std::string(term_label(case_states(), code).value_or(code));
}

void check_item(const CaseItem& it, const std::string& at, std::vector<FieldError>& errors) {
  if (it.species.empty()) errors.push_back({at + "species", "请填写物种"});
  if (!(it.count >= 0) || !std::isfinite(it.count)) errors.push_back({at + "count", "数量不能为负"});
  if (!(it.weight_kg >= 0) || !std::isfinite(it.weight_kg)) errors.push_back({at + "weight_kg", "重量不能为负"});
  if (!term_label(item_parts(), it.part)) errors.push_back({at + "part", "未知的物品形态"});
  if (!term_label(item_origins(), it.origin)) errors.push_back({at + "origin", "未知的来源"});
  if (!term_label(item_dispositions(), it.disposition)) errors.push_back({at + "disposition", "未知的处置方式"});
  if (it.value_fen && *it.value_fen < 0) errors.push_back({at + "value_yuan", "价值不能为负"});
  if (it.value_fen && it.value_basis.empty())
    errors.push_back({at + "value_basis", "请注明价值依据（鉴定意见、销赃数额、价值评估等）"});
  if (!it.value_fen && !it.value_basis.empty())
    errors.push_back({at + "value_yuan", "已填写价值依据，请同时填写价值"});
}

// A species_id must name a row of the species catalog (retired rows too:
// an item recorded before a list changed keeps its species).
Status check_species_known(soci::session& s, const std::vector<CaseItem>& items) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!items[i].species_id) continue;
    auto known = store::SpeciesRepository::exists(s, *items[i].species_id);
    if (!known) return tl::unexpected(known.error());
    if (!*known)
      return invalid("items/" + std::to_string(i) + "/species_id",
                     "物种名录中没有编号 " + std::to_string(*items[i].species_id));
  }
  return {};
}

void check_party(const CaseParty& p, const std::string& at, std::vector<FieldError>& errors) {
  if (p.name.empty()) errors.push_back({at + "name", "请填写姓名或名称"});
  if (p.kind != "person" && p.kind != "organisation") errors.push_back({at + "kind", "应为 person 或 organisation"});
  if (p.role != "suspect" && p.role != "witness" && p.role != "owner" && p.role != "victim")
    errors.push_back({at + "role", "应为 suspect、witness、owner 或 victim"});
}

// Evidence linked from a case must be evidence the actor can see.
Status check_evidence_visible(soci::session& s, const CallContext& call,
                              std::optional<std::int64_t> evidence_id, const std::string& field) {
  if (!evidence_id) return {};
  auto ev = store::EvidenceRepository::find_by_id(s, *evidence_id);
  if (!ev) return tl::unexpected(ev.error());
  auto shares = store::RecordShareRepository::departments(s, "evidence", *evidence_id);
  if (!shares) return tl::unexpected(shares.error());
  if (!*ev || !AccessPolicy::can_see(call.actor, RecordScope{(*ev)->owner_department_id, *shares}))
    return invalid(field, "关联的证据文件不存在");
  return {};
}

Status validate(const NewCase& c) {
  std::vector<FieldError> errors;
  auto need = [&](bool ok, const char* field, const char* message) {
    if (!ok) errors.push_back({field, message});
  };
  need(!c.title.empty() && c.title.size() <= 300, "title", "请填写案件名称（300 字节以内）");
  need(term_label(offence_types(), c.offence_type).has_value(), "offence_type", "未知的违法类型");
  need(term_label(case_sources(), c.source).has_value(), "source", "未知的案件来源");
  need(c.place_type.empty() || term_label(place_types(), c.place_type).has_value(), "place_type",
       "未知的场所类型");
  need(!c.lon || (*c.lon >= -180 && *c.lon <= 180), "lon", "经度超出范围");
  need(!c.lat || (*c.lat >= -90 && *c.lat <= 90), "lat", "纬度超出范围");
  need(c.lon.has_value() == c.lat.has_value(), "lat", "经纬度须同时提供");
  need(c.summary.size() <= 20000, "summary", "案情摘要过长");
  need(c.items.size() <= 500 && c.parties.size() <= 200, "items", "涉案物品或当事人过多");
  for (std::size_t i = 0; i < c.items.size(); ++i)
    check_item(c.items[i], "items/" + std::to_string(i) + "/", errors);
  for (std::size_t i = 0; i < c.parties.size(); ++i)
    check_party(c.parties[i], "parties/" + std::to_string(i) + "/", errors);
  if (errors.empty()) return {};
  return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});
}

Result<store::CaseEvent> add_event(soci::session& s, const CallContext& call, std::int64_t case_id,
                                   const std::string& kind, const std::string& summary,
                                   const nlohmann::json& data = nlohmann::json::object()) {
  store::CaseEvent e;
  e.case_id = case_id;
  e.actor_id = call.actor.user_id;
  e.actor = call.actor.username;
  e.kind = kind;
  e.summary = summary;
  e.data_json = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return store::CaseRepository::add_event(s, e);
}

Status notify_major(soci::session& s, const store::CaseRecord& c,
                    const std::vector<std::string>& reasons, const WebhookSettings& webhook) {
  auto recipients = store::NotificationRepository::major_case_recipients(s, c.owner_department_id);
  if (!recipients) return tl::unexpected(recipients.error());
  std::string body;
  for (const auto& r : reasons) body += (body.empty() ? "" : "；") + r;
  for (auto user : *recipients) {
    store::Notification n;
    n.user_id = user;
    n.kind = "major_case";
    n.title = "重大案件报告：" + c.number + " " + c.title;
    n.body = body;
    n.entity = kEntity;
    n.entity_id = c.id;
    if (auto r = store::NotificationRepository::insert(s, n); !r) return r;
  }
  // The outgoing webhook is queued in this same transaction: it is sent only
  // if the case really became major, and never lost once it did.
  if (!webhook.url.empty())
    return WebhookOutbox::enqueue(s, "case.major", kEntity, c.id, WebhookOutbox::case_major_payload(c));
  return {};
}

Status notify_department(soci::session& s, std::int64_t department_id, const std::string& kind,
                         const std::string& title, const std::string& body, std::int64_t case_id) {
  auto users = store::NotificationRepository::department_handlers(s, department_id);
  if (!users) return tl::unexpected(users.error());
  for (auto u : *users) {
    store::Notification n{0, u, kind, title, body, kEntity, case_id, 0, 0};
    if (auto r = store::NotificationRepository::insert(s, n); !r) return r;
  }
  return {};
}

// The case side of a transfer: its state or owner changed with it.
Status audit_case_change(soci::session& s, const CallContext& call, const Case& before,
                         const store::CaseRecord& after) {
  return audit(s, call, "case.transfer_update", kEntity, std::to_string(after.id),
               to_json(before, true), to_json(Case{after, before.shared_with, {}}, true));
}

// A transfer changed the case (state or owner): new deadline, save, audit.
Status save_case_change(soci::session& s, const CallContext& call, const Case& before,
                        store::CaseRecord changed, const CaseSettings& settings) {
  set_due(changed, now_ms(), settings);
  auto updated = store::CaseRepository::update(s, changed, before.record.version);
  if (!updated) return tl::unexpected(updated.error());
  return audit_case_change(s, call, before, *updated);
}

// The transfer as decided, with its timeline event and audit row.
Result<store::TransferRecord> record_decision(soci::session& s, const CallContext& call,
                                              const store::TransferRecord& before,
                                              const std::string& action,
                                              const std::string& event_summary) {
  auto decided = store::TransferRepository::find_by_id(s, before.id);
  if (!decided) return tl::unexpected(decided.error());
  if (!*decided) return not_found("移交记录不存在");
  if (auto e = add_event(s, call, before.entity_id, "transfer", event_summary, to_json(**decided)); !e)
    return tl::unexpected(e.error());
  if (auto a = audit(s, call, action, "transfer", std::to_string(before.id), to_json(before), to_json(**decided)); !a)
    return tl::unexpected(a.error());
  return **decided;
}

}  // namespace

const std::vector<ChecklistItem>& criminal_transfer_checklist() {
  static const std::vector<ChecklistItem> items = {
      {"transfer_letter", "涉嫌犯罪案件移送书", true},
      {"investigation_report", "涉嫌犯罪案件情况的调查报告", true},
      {"item_list", "涉案物品清单", true},
      {"inspection_conclusion", "有关检验报告或者鉴定结论", true},
      {"other_evidence", "其他有关证据材料", false},
  };
  return items;
}

std::string format_case_number(const std::string& pattern, const std::string& dept, int year,
                               int seq) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern.compare(i, 6, "{dept}") == 0) {
      out += dept;
      i += 6;
    } else if (pattern.compare(i, 6, "{year}") == 0) {
      out += std::to_string(year);
      i += 6;
    } else if (pattern.compare(i, 5, "{seq:") == 0 && pattern.find('}', i) != std::string::npos) {
      auto close = pattern.find('}', i);
      int width = std::atoi(pattern.substr(i + 5, close - i - 5).c_str());
      std::string digits = std::to_string(seq);
      if (static_cast<int>(digits.size()) < width) digits.insert(0, width - digits.size(), '0');
      out += digits;
      i = close + 1;
    } else if (pattern.compare(i, 5, "{seq}") == 0) {
      out += std::to_string(seq);
      i += 5;
    } else {
      out += pattern[i++];
    }
  }
  return out;
}

bool CaseService::sees_confidential(const Actor& actor, const store::CaseRecord& c) {
  return actor.is_cli || actor.role == Role::kOffice ||
         (actor.department_id == c.owner_department_id &&
          (actor.role == Role::kLeader || actor.role == Role::kOfficer));
}

nlohmann::json to_json(const store::TransferRecord& t) {
  return {{"id", t.id},
          {"entity", t.entity},
          {"entity_id", t.entity_id},
          {"kind", t.kind},
          {"from_department", t.from_department_code},
          {"to_department", t.to_department_code},
          {"state", t.state},
          {"reason", t.reason},
          {"documents", nlohmann::json::parse(t.documents_json, nullptr, false)},
          {"requested_by", t.requested_by},
          {"requested_at", format_iso8601(t.requested_at)},
          {"decided_by", t.decided_by},
          {"decided_at", format_iso8601(t.decided_at)},
          {"decision_note", t.decision_note}};
}

nlohmann::json to_json(const Case& cv, bool mask) {
  const auto& c = cv.record;
  nlohmann::json items = nlohmann::json::array(), parties = nlohmann::json::array(),
                 transfers = nlohmann::json::array();
  for (const auto& i : c.items)
    items.push_back({{"id", i.id},
                     {"species", i.species},
                     {"species_id", i.species_id ? nlohmann::json(*i.species_id) : nlohmann::json()},
                     {"count", i.count},
                     {"weight_kg", i.weight_kg},
                     {"unit", i.unit},
                     {"part", i.part},
                     {"origin", i.origin},
                     {"disposition", i.disposition},
                     {"evidence_id", i.evidence_id ? nlohmann::json(*i.evidence_id) : nlohmann::json()},
                     {"note", i.note},
                     {"value_yuan", i.value_fen ? nlohmann::json(law::format_yuan(*i.value_fen)) : nlohmann::json()},
                     {"value_basis", i.value_basis}});
  for (const auto& p : c.parties)
    parties.push_back({{"id", p.id},
                       {"kind", p.kind},
                       {"role", p.role},
                       {"name", p.name},
                       {"id_number", mask ? mask_id_number(p.id_number) : p.id_number},
                       {"phones", mask ? mask_phone(p.phones) : p.phones},
                       {"online_accounts", p.online_accounts},
                       {"address", p.address}});
  for (const auto& t : cv.transfers) transfers.push_back(to_json(t));
  const std::int64_t now = now_ms();
  return {{"id", c.id},
          {"number", c.number},
          {"title", c.title},
          {"offence_type", c.offence_type},
          {"offence_label", std::string(term_label(offence_types(), c.offence_type).value_or(""))},
          {"source", c.source},
          {"place_type", c.place_type},
          {"place_text", c.place_text},
          {"lon", c.lon ? nlohmann::json(*c.lon) : nlohmann::json()},
          {"lat", c.lat ? nlohmann::json(*c.lat) : nlohmann::json()},
          {"occurred_at", format_iso8601(c.occurred_at)},
          {"summary", c.summary},
          {"cross_region", c.cross_region},
          {"state", c.state},
          {"state_label", state_label(c.state)},
          {"next_states", next_case_states(c.state)},
          {"priority", c.priority},
          {"priority_reasons", nlohmann::json::parse(c.priority_reasons_json, nullptr, false)},
          {"major", c.major},
          {"major_reasons", nlohmann::json::parse(c.major_reasons_json, nullptr, false)},
          {"owner_department", c.owner_department_code},
          {"owner_department_id", c.owner_department_id},
          {"shared_with", cv.shared_with},
          {"tip_id", c.tip_id ? nlohmann::json(*c.tip_id) : nlohmann::json()},
          {"due_at", format_iso8601(c.due_at)},
          {"overdue", c.due_at > 0 && c.due_at < now},
          {"penalty_decision_no", c.penalty_decision_no},
          {"penalty_amount_fen", c.penalty_amount_fen},
          {"items", items},
          {"parties", parties},
          {"transfers", transfers},
          {"created_by", c.created_by},
          {"version", c.version},
          {"created_at", format_iso8601(c.created_at)},
          {"updated_at", format_iso8601(c.updated_at)}};
}

Result<Case> CaseService::load_visible(soci::session& s, const CallContext& call, std::int64_t id,
                                       bool pending_receiver) {
  auto rec = store::CaseRepository::find_by_id(s, id);
  if (!rec) return tl::unexpected(rec.error());
  if (!*rec) return not_found("案件不存在");
  auto shares = store::RecordShareRepository::departments(s, kEntity, id);
  if (!shares) return tl::unexpected(shares.error());
  auto transfers = store::TransferRepository::for_entity(s, kEntity, id);
  if (!transfers) return tl::unexpected(transfers.error());
  bool visible = AccessPolicy::can_see(call.actor, RecordScope{(*rec)->owner_department_id, *shares});
  if (!visible && pending_receiver && call.actor.department_id != 0)
    for (const auto& t : *transfers)
      visible = visible || (t.state == "requested" && t.to_department_id == call.actor.department_id);
  if (!visible) return not_found("案件不存在");
  return Case{std::move(**rec), std::move(*shares), std::move(*transfers)};
}

Result<Case> CaseService::create(const CallContext& call, const NewCase& c) {
  return ctx_.db.transact([&](soci::session& s) { return create(s, call, c); });
}

Result<Case> CaseService::create(soci::session& s, const CallContext& call, const NewCase& nc) {
  if (!AccessPolicy::allows(call.actor, Action::kCreateRecord)) return forbidden();
  if (auto v = validate(nc); !v) return tl::unexpected(v.error());
  if (nc.owner_department_code && !AccessPolicy::sees_all(call.actor))
    return forbidden("只有协调机制办公室可以为其他部门登记案件");
  std::optional<store::Department> owner;
  if (nc.owner_department_code) {
    auto d = store::DepartmentRepository::find_by_code(s, *nc.owner_department_code);
    if (!d) return tl::unexpected(d.error());
    if (!*d) return invalid("owner_department", "部门代码不存在");
    owner = **d;
  } else {
    auto d = store::DepartmentRepository::find_by_id(s, call.actor.department_id);
    if (!d) return tl::unexpected(d.error());
    if (!*d) return invalid("owner_department", "请指定主办部门");
    owner = **d;
  }
  // Sub-units' cases are numbered and owned by their department: the
  // department is what the plan's 职责分工 and the statistics count.
  if (owner->kind == "unit" && owner->parent_id) {
    auto parent = store::DepartmentRepository::find_by_id(s, *owner->parent_id);
    if (!parent) return tl::unexpected(parent.error());
    if (*parent) owner = **parent;
  }
  for (const auto& item : nc.items)
    if (auto ok = check_evidence_visible(s, call, item.evidence_id, "items"); !ok) return tl::unexpected(ok.error());
  if (auto ok = check_species_known(s, nc.items); !ok) return tl::unexpected(ok.error());

  const std::int64_t now = now_ms();
  const int year = local_year(now);
  auto seq = store::CaseRepository::next_sequence(s, owner->code, year);
  if (!seq) return tl::unexpected(seq.error());

  store::CaseRecord rec;
  rec.number = format_case_number(ctx_.cases.number_pattern, owner->code, year, *seq);
  rec.title = nc.title;
  rec.offence_type = nc.offence_type;
  rec.source = nc.source;
  rec.place_type = nc.place_type;
  rec.place_text = nc.place_text;
  rec.lon = nc.lon;
  rec.lat = nc.lat;
  rec.occurred_at = nc.occurred_at;
  rec.summary = nc.summary;
  rec.cross_region = nc.cross_region;
  rec.state = "registered";
  rec.owner_department_id = owner->id;
  rec.tip_id = nc.tip_id;
  rec.created_by = call.actor.user_id;
  rec.items = nc.items;
  rec.parties = nc.parties;
  auto catalog = SpeciesCatalogService(ctx_).catalog(s);
  if (!catalog) return tl::unexpected(catalog.error());
  auto newly_major = apply_flags(rec, ctx_.cases, catalog->get());
  set_due(rec, now, ctx_.cases);
  auto inserted = store::CaseRepository::insert(s, rec);
  if (!inserted) return tl::unexpected(inserted.error());
  inserted->owner_department_code = owner->code;

  if (auto e = add_event(s, call, inserted->id, "created", "登记案件 " + inserted->number); !e)
    return tl::unexpected(e.error());
  if (inserted->priority)
    if (auto e = add_event(s, call, inserted->id, "flag", "从重从快：" + joined_reasons(inserted->priority_reasons_json)); !e)
      return tl::unexpected(e.error());
  if (!newly_major.empty()) {
    if (auto e = add_event(s, call, inserted->id, "flag", "重大案件，已报告协调机制办公室和部门负责人"); !e)
      return tl::unexpected(e.error());
    if (auto n = notify_major(s, *inserted, newly_major, ctx_.webhook); !n) return tl::unexpected(n.error());
  }
  Case out{*inserted, {}, {}};
  if (auto a = audit(s, call, "case.create", kEntity, std::to_string(out.record.id), nullptr, to_json(out, true)); !a)
    return tl::unexpected(a.error());
  return out;
}

Result<Case> CaseService::get(const CallContext& call, std::int64_t id) {
  return ctx_.db.read([&](soci::session& s) { return load_visible(s, call, id, true); });
}

Result<Page<Case>> CaseService::list(const CallContext& call, const CaseListFilters& f, int limit,
                                     int offset) {
  if (!f.sort.empty() && std::find(store::case_sort_keys().begin(), store::case_sort_keys().end(),
                                   f.sort) == store::case_sort_keys().end())
    return invalid("sort", "排序应为 created、occurred、due、number、updated（前加 - 为倒序）");
  store::CaseQuery q;
  q.state = f.state;
  q.offence_type = f.offence_type;
  q.priority = f.priority;
  q.major = f.major;
  q.overdue = f.overdue;
  if (f.text && !f.text->empty()) q.text = f.text;
  if (f.mine) q.created_by = call.actor.user_id;
  q.created_from = f.created_from;
  q.created_to = f.created_to;
  q.sort = f.sort;
  q.limit = limit;
  q.offset = offset;
  if (f.owner_department) {
    auto d = ctx_.db.read([&](soci::session& s) {
      return store::DepartmentRepository::find_by_code(s, *f.owner_department);
    });
    if (!d) return tl::unexpected(d.error());
    q.owner_department_id = *d ? (*d)->id : -1;  // unknown code: matches nothing
  }
  return list(call, std::move(q));
}

Result<Page<Case>> CaseService::list(const CallContext& call, store::CaseQuery q) {
  return ctx_.db.read([&](soci::session& s) -> Result<Page<Case>> {
    if (!AccessPolicy::sees_all(call.actor)) q.visible_to_department = call.actor.department_id;
    q.now_ms = now_ms();
    Page<Case> page;
    auto rows = store::CaseRepository::list(s, q, &page.total);
    if (!rows) return tl::unexpected(rows.error());
    for (auto& r : *rows) {
      auto shares = store::RecordShareRepository::departments(s, kEntity, r.id);
      if (!shares) return tl::unexpected(shares.error());
      page.items.push_back(Case{std::move(r), std::move(*shares), {}});
    }
    return page;
  });
}

Result<Case> CaseService::update(const CallContext& call, std::int64_t id, const CaseChanges& ch,
                                 int expected_version) {
  return ctx_.db.transact([&](soci::session& s) -> Result<Case> {
    auto current = load_visible(s, call, id);
    if (!current) return current;
    if (!AccessPolicy::can_modify(call.actor, RecordScope{current->record.owner_department_id, {}}) &&
        !AccessPolicy::sees_all(call.actor))
      return forbidden("只有主办部门可以修改案件");
    if (!AccessPolicy::allows(call.actor, Action::kUpdateRecord)) return forbidden();
    if (is_final_case_state(current->record.state)) return fail(ErrorCode::kConflict, "案件已办结，不能修改");
    store::CaseRecord rec = current->record;
    if (ch.title) rec.title = *ch.title;
    if (ch.summary) rec.summary = *ch.summary;
    if (ch.place_type) rec.place_type = *ch.place_type;
    if (ch.place_text) rec.place_text = *ch.place_text;
    if (ch.offence_type) rec.offence_type = *ch.offence_type;
    if (ch.cross_region) rec.cross_region = *ch.cross_region;
    NewCase check{rec.title, rec.offence_type, rec.source, rec.place_type, rec.place_text,
                  rec.lon, rec.lat, rec.occurred_at, rec.summary, rec.cross_region, {}, {}, {}, {}};
    if (auto v = validate(check); !v) return tl::unexpected(v.error());
    auto catalog = SpeciesCatalogService(ctx_).catalog(s);
    if (!catalog) return tl::unexpected(catalog.error());
    auto newly_major = apply_flags(rec, ctx_.cases, catalog->get());
    auto updated = store::CaseRepository::update(s, rec, expected_version);
    if (!updated) return tl::unexpected(updated.error());
    Case out{*updated, current->shared_with, current->transfers};
    if (auto e = add_event(s, call, id, "edit", "修改案件信息"); !e) return tl::unexpected(e.error());
    if (!newly_major.empty())
      if (auto n = notify_major(s, *updated, newly_major, ctx_.webhook); !n) return tl::unexpected(n.error());
    if (auto a = audit(s, call, "case.update", kEntity, std::to_string(id), to_json(*current, true), to_json(out, true)); !a)
      return tl::unexpected(a.error());
    return out;
  });
}

Result<Case> CaseService::transition(const CallContext& call, std::int64_t id,
                                     const TransitionRequest& t) {
  return ctx_.db.transact([&](soci::session& s) -> Result<Case> {
    auto current = load_visible(s, call, id);
    if (!current) return current;
    const auto& rec0 = current->record;
    if (!term_label(case_states(), t.to)) return invalid("to", "未知的案件状态: " + t.to);
    auto rule = case_transition(rec0.state, t.to);
    if (!rule)
      return fail(ErrorCode::kConflict, "案件当前为“" + state_label(rec0.state) + "”，不能变更为“" + state_label(t.to) + "”");
    if (rule->via_transfer_only) return fail(ErrorCode::kConflict, "该步骤须通过移送办理（POST /cases/{id}/transfers）");
    if (!AccessPolicy::allows(call.actor, Action::kUpdateRecord)) return forbidden();
    const bool office = AccessPolicy::sees_all(call.actor) && call.actor.role == Role::kOffice;
    if (rule->police_step) {
      if (call.actor.department_code != "GA" && !office) return forbidden("该步骤由公安机关办理");
    } else {
      if (call.actor.department_id != rec0.owner_department_id && !office)
        return forbidden("只有主办部门可以办理该步骤");
      if (rule->needs_approval && call.actor.role != Role::kLeader && !office)
        return forbidden("该步骤须由部门负责人审批");
    }
    store::CaseRecord rec = rec0;
    std::vector<FieldError> missing;
    for (auto field : rule->required_fields) {
      if (field == "reason" && t.reason.empty()) missing.push_back({"reason", "请填写理由"});
      if (field == "penalty_decision_no" && (!t.penalty_decision_no || t.penalty_decision_no->empty()))
        missing.push_back({"penalty_decision_no", "请填写处罚决定书文号"});
      if (field == "penalty_amount_fen" && (!t.penalty_amount_fen || *t.penalty_amount_fen < 0))
        missing.push_back({"penalty_amount_fen", "请填写罚款金额（分，不小于 0）"});
    }
    if (!missing.empty()) return tl::unexpected(Error{ErrorCode::kInvalidInput, "缺少必填信息", missing, 0});
    if (t.penalty_decision_no) rec.penalty_decision_no = *t.penalty_decision_no;
    if (t.penalty_amount_fen) rec.penalty_amount_fen = *t.penalty_amount_fen;
    rec.state = t.to;
    set_due(rec, now_ms(), ctx_.cases);
    auto updated = store::CaseRepository::update(s, rec, rec0.version);
    if (!updated) return tl::unexpected(updated.error());
    Case out{*updated, current->shared_with, current->transfers};
    nlohmann::json data = {{"from", rec0.state}, {"to", t.to}};
    if (!t.reason.empty()) data["reason"] = t.reason;
    if (t.penalty_decision_no) data["penalty_decision_no"] = *t.penalty_decision_no;
    if (t.penalty_amount_fen) data["penalty_amount_fen"] = *t.penalty_amount_fen;
    if (auto e = add_event(s, call, id, "transition", state_label(rec0.state) + " → " + state_label(t.to), data); !e)
      return tl::unexpected(e.error());
    if (auto a = audit(s, call, "case.transition", kEntity, std::to_string(id), to_json(*current, true), to_json(out, true)); !a)
      return tl::unexpected(a.error());
    return out;
  });
}

Result<Case> CaseService::add_details(const CallContext& call, std::int64_t id,
                                      const std::vector<CaseItem>& items,
                                      const std::vector<CaseParty>& parties) {
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < items.size(); ++i) check_item(items[i], "items/" + std::to_string(i) + "/", errors);
  for (std::size_t i = 0; i < parties.size(); ++i) check_party(parties[i], "parties/" + std::to_string(i) + "/", errors);
  if (!errors.empty()) return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});
  if (items.empty() && parties.empty()) return invalid("items", "请至少添加一项涉案物品或当事人");
  return ctx_.db.transact([&](soci::session& s) -> Result<Case> {
    auto current = load_visible(s, call, id);
    if (!current) return current;
    if ((call.actor.department_id != current->record.owner_department_id && call.actor.role != Role::kOffice) ||
        !AccessPolicy::allows(call.actor, Action::kUpdateRecord))
      return forbidden("只有主办部门可以补充涉案物品和当事人");
    if (is_final_case_state(current->record.state)) return fail(ErrorCode::kConflict, "案件已办结，不能修改");
    for (const auto& item : items)
      if (auto ok = check_evidence_visible(s, call, item.evidence_id, "items"); !ok) return tl::unexpected(ok.error());
    if (auto ok = check_species_known(s, items); !ok) return tl::unexpected(ok.error());
    store::CaseRecord rec = current->record;
    for (const auto& item : items) {
      auto added = store::CaseRepository::add_item(s, id, item);
      if (!added) return tl::unexpected(added.error());
      rec.items.push_back(*added);
    }
    for (const auto& party : parties) {
      auto added = store::CaseRepository::add_party(s, id, party);
      if (!added) return tl::unexpected(added.error());
      rec.parties.push_back(*added);
    }
    const bool was_priority = rec.priority;
    auto catalog = SpeciesCatalogService(ctx_).catalog(s);
    if (!catalog) return tl::unexpected(catalog.error());
    auto newly_major = apply_flags(rec, ctx_.cases, catalog->get());
    if (!was_priority && rec.priority) set_due(rec, now_ms(), ctx_.cases);  // shorter deadline from now on
    auto updated = store::CaseRepository::update(s, rec, rec.version);
    if (!updated) return tl::unexpected(updated.error());
    Case out{*updated, current->shared_with, current->transfers};
    std::string summary = "补充";
    if (!items.empty()) summary += "涉案物品 " + std::to_string(items.size()) + " 项";
    if (!parties.empty()) summary += std::string(items.empty() ? "" : "、") + "当事人 " + std::to_string(parties.size()) + " 名";
    if (auto e = add_event(s, call, id, "edit", summary); !e) return tl::unexpected(e.error());
    if (!was_priority && updated->priority)
      if (auto e = add_event(s, call, id, "flag", "从重从快：" + joined_reasons(updated->priority_reasons_json)); !e)
        return tl::unexpected(e.error());
    if (!newly_major.empty()) {
      if (auto e = add_event(s, call, id, "flag", "重大案件，已报告协调机制办公室和部门负责人"); !e)
        return tl::unexpected(e.error());
      if (auto n = notify_major(s, *updated, newly_major, ctx_.webhook); !n) return tl::unexpected(n.error());
    }
    if (auto a = audit(s, call, "case.add_details", kEntity, std::to_string(id), to_json(*current, true), to_json(out, true)); !a)
      return tl::unexpected(a.error());
    return out;
  });
}

Result<Case> CaseService::update_item(const CallContext& call, std::int64_t id,
                                      std::int64_t item_id, const CaseItem& item,
                                      int expected_version) {
  std::vector<FieldError> errors;
  check_item(item, "", errors);
  if (!errors.empty()) return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});
  return ctx_.db.transact([&](soci::session& s) -> Result<Case> {
    auto current = load_visible(s, call, id);
    if (!current) return current;
    if ((call.actor.department_id != current->record.owner_department_id && call.actor.role != Role::kOffice) ||
        !AccessPolicy::allows(call.actor, Action::kUpdateRecord))
      return forbidden("只有主办部门可以修改涉案物品");
    if (is_final_case_state(current->record.state)) return fail(ErrorCode::kConflict, "案件已办结，不能修改");
    if (current->record.version != expected_version)
      return fail(ErrorCode::kPreconditionFailed, "案件已被他人修改，请刷新后重试");
    if (auto ok = check_evidence_visible(s, call, item.evidence_id, "evidence_id"); !ok) return tl::unexpected(ok.error());
    if (auto ok = check_species_known(s, {item}); !ok) {
      Error e = ok.error();
      for (auto& f : e.fields) f.field = "species_id";
      return tl::unexpected(e);
    }
    CaseItem changed = item;
    changed.id = item_id;
    if (auto ok = store::CaseRepository::update_item(s, id, changed); !ok) return tl::unexpected(ok.error());
    store::CaseRecord rec = current->record;
    for (auto& i : rec.items)
      if (i.id == item_id) i = changed;
    auto catalog = SpeciesCatalogService(ctx_).catalog(s);
    if (!catalog) return tl::unexpected(catalog.error());
    auto newly_major = apply_flags(rec, ctx_.cases, catalog->get());
    auto updated = store::CaseRepository::update(s, rec, rec.version);
    if (!updated) return tl::unexpected(updated.error());
    Case out{*updated, current->shared_with, current->transfers};
    if (auto e = add_event(s, call, id, "edit", "修改涉案物品：" + changed.species); !e) return tl::unexpected(e.error());
    if (!newly_major.empty()) {
      if (auto e = add_event(s, call, id, "flag", "重大案件，已报告协调机制办公室和部门负责人"); !e)
        return tl::unexpected(e.error());
      if (auto n = notify_major(s, *updated, newly_major, ctx_.webhook); !n) return tl::unexpected(n.error());
    }
    if (auto a = audit(s, call, "case.update_item", kEntity, std::to_string(id), to_json(*current, true), to_json(out, true)); !a)
      return tl::unexpected(a.error());
    return out;
  });
}

Result<std::vector<store::CaseEvent>> CaseService::timeline(const CallContext& call, std::int64_t id) {
  return ctx_.db.read([&](soci::session& s) -> Result<std::vector<store::CaseEvent>> {
    auto c = load_visible(s, call, id, true);
    if (!c) return tl::unexpected(c.error());
    return store::CaseRepository::events(s, id);
  });
}

Result<store::CaseEvent> CaseService::comment(const CallContext& call, std::int64_t id,
                                              const std::string& text) {
  if (text.empty() || text.size() > 5000) return invalid("text", "请填写意见（5000 字节以内）");
  return ctx_.db.transact([&](soci::session& s) -> Result<store::CaseEvent> {
    auto c = load_visible(s, call, id);
    if (!c) return tl::unexpected(c.error());
    if (!AccessPolicy::allows(call.actor, Action::kUpdateRecord)) return forbidden();
    auto e = add_event(s, call, id, "comment", text);
    if (!e) return e;
    if (auto a = audit(s, call, "case.comment", kEntity, std::to_string(id), nullptr, {{"text", text}}); !a)
      return tl::unexpected(a.error());
    return e;
  });
}

Result<Page<store::TransferListing>> CaseService::transfers(const CallContext& call,
                                                            store::TransferQuery q) {
  if (!AccessPolicy::sees_all(call.actor)) {
    if (call.actor.department_id == 0) return forbidden();
    q.department_id = call.actor.department_id;
  }
  return ctx_.db.read([&](soci::session& s) -> Result<Page<store::TransferListing>> {
    Page<store::TransferListing> page;
    auto rows = store::TransferRepository::list(s, q, &page.total);
    if (!rows) return tl::unexpected(rows.error());
    page.items = std::move(*rows);
    return page;
  });
}

Result<store::TransferRecord> CaseService::request_transfer(const CallContext& call,
                                                            std::int64_t case_id,
                                                            const TransferRequest& t) {
  return ctx_.db.transact([&](soci::session& s) { return request_transfer(s, call, case_id, t); });
}

Result<store::TransferRecord> CaseService::request_transfer(soci::session& s,
                                                            const CallContext& call,
                                                            std::int64_t case_id,
                                                            const TransferRequest& t) {
  if (t.kind != "handover" && t.kind != "criminal") return invalid("kind", "应为 handover 或 criminal");
  if (t.reason.size() > 5000) return invalid("reason", "理由过长");
  auto current = load_visible(s, call, case_id);
  if (!current) return tl::unexpected(current.error());
  const auto& rec0 = current->record;
  const bool office = call.actor.role == Role::kOffice;
  if (call.actor.department_id != rec0.owner_department_id && !office)
    return forbidden("只有主办部门可以移交或移送案件");
  if (!AccessPolicy::allows(call.actor, Action::kShareRecord)) return forbidden();
  auto to = store::DepartmentRepository::find_by_code(s, t.to_department_code);
  if (!to) return tl::unexpected(to.error());
  if (!*to || (*to)->kind == "unit") return invalid("to_department", "接收部门代码不存在");
  if ((*to)->id == rec0.owner_department_id) return invalid("to_department", "不能移交给本部门");
  for (const auto& existing : current->transfers)
    if (existing.state == "requested") return fail(ErrorCode::kConflict, "该案件已有待接收的移交");
  if (is_final_case_state(rec0.state)) return fail(ErrorCode::kConflict, "案件已办结，不能移交");

  nlohmann::json docs = nlohmann::json::array();
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < t.documents.size(); ++i) {
    const auto& d = t.documents[i];
    bool known = false;
    for (const auto& c : criminal_transfer_checklist()) known = known || c.kind == d.kind;
    if (!known) errors.push_back({"documents/" + std::to_string(i) + "/kind", "未知的材料类型"});
    if (auto ok = check_evidence_visible(s, call, d.evidence_id, "documents/" + std::to_string(i) + "/evidence_id"); !ok) {
      if (ok.error().code != ErrorCode::kInvalidInput) return tl::unexpected(ok.error());
      errors.push_back(ok.error().fields.front());
    }
    docs.push_back({{"kind", d.kind},
                    {"evidence_id", d.evidence_id ? nlohmann::json(*d.evidence_id) : nlohmann::json()},
                    {"note", d.note}});
  }
  if (t.kind == "criminal") {
    // 行刑衔接: to the police, from the investigation stage, with every
    // mandatory document attached as an evidence file.
    if ((*to)->code != "GA") errors.push_back({"to_department", "涉嫌犯罪案件应移送公安机关（GA）"});
    if (rec0.state != "investigating" && rec0.state != "police_rejected")
      return fail(ErrorCode::kConflict, "只有“调查取证”阶段的案件可以移送公安");
    for (const auto& c : criminal_transfer_checklist()) {
      if (!c.mandatory) continue;
      bool present = false;
      for (const auto& d : t.documents) present = present || (d.kind == c.kind && d.evidence_id);
      if (!present) errors.push_back({"documents", "缺少必备材料：" + std::string(c.label)});
    }
    if (t.reason.empty()) errors.push_back({"reason", "请填写涉嫌犯罪的事实和理由"});
  }
  if (!errors.empty()) return tl::unexpected(Error{ErrorCode::kInvalidInput, "移送材料不完整", errors, 0});

  store::TransferRecord rec;
  rec.entity = kEntity;
  rec.entity_id = case_id;
  rec.kind = t.kind;
  rec.from_department_id = rec0.owner_department_id;
  rec.to_department_id = (*to)->id;
  rec.reason = t.reason;
  rec.documents_json = docs.dump();
  rec.requested_by = call.actor.user_id;
  auto inserted = store::TransferRepository::insert(s, rec);
  if (!inserted) return tl::unexpected(inserted.error());
  // The documents travel with the transfer: the receiver reads them to decide.
  for (const auto& d : t.documents)
    if (d.evidence_id)
      if (auto shared = store::RecordShareRepository::add(s, "evidence", *d.evidence_id, (*to)->id); !shared)
        return tl::unexpected(shared.error());
  if (t.kind == "criminal") {
    store::CaseRecord moved = rec0;
    moved.state = "transferred_to_police";
    if (auto saved = save_case_change(s, call, *current, moved, ctx_.cases); !saved) return tl::unexpected(saved.error());
  }
  const std::string what = t.kind == "criminal" ? "移送公安（行刑衔接）" : "移交";
  if (auto e = add_event(s, call, case_id, "transfer", what + "至 " + (*to)->name, to_json(*inserted)); !e)
    return tl::unexpected(e.error());
  if (auto n = notify_department(s, (*to)->id, "transfer_request", "待接收" + what + "：" + rec0.number,
                                 rec0.title, case_id);
      !n)
    return tl::unexpected(n.error());
  if (auto a = audit(s, call, "transfer.request", "transfer", std::to_string(inserted->id), nullptr, to_json(*inserted)); !a)
    return tl::unexpected(a.error());
  return inserted;
}

namespace {

// Loads a transfer the actor may decide: a leader or officer of the
// receiving department, or the office.
Result<store::TransferRecord> decidable_transfer(soci::session& s, const CallContext& call,
                                                 std::int64_t transfer_id) {
  auto t = store::TransferRepository::find_by_id(s, transfer_id);
  if (!t) return tl::unexpected(t.error());
  const bool office = call.actor.role == Role::kOffice;
  if (!*t || (call.actor.department_id != (*t)->to_department_id &&
              call.actor.department_id != (*t)->from_department_id && !AccessPolicy::sees_all(call.actor)))
    return not_found("移交记录不存在");
  if ((call.actor.department_id != (*t)->to_department_id && !office) ||
      !AccessPolicy::allows(call.actor, Action::kUpdateRecord))
    return forbidden("只有接收部门可以接收或退回");
  if ((*t)->state != "requested") return fail(ErrorCode::kConflict, "该移交已处理");
  return **t;
}

}  // namespace

Result<store::TransferRecord> CaseService::accept_transfer(const CallContext& call,
                                                           std::int64_t transfer_id,
                                                           const std::string& note) {
  return ctx_.db.transact([&](soci::session& s) -> Result<store::TransferRecord> {
    auto t = decidable_transfer(s, call, transfer_id);
    if (!t) return t;
    auto rec = store::CaseRepository::find_by_id(s, t->entity_id);
    if (!rec) return tl::unexpected(rec.error());
    if (!*rec) return not_found("案件不存在");
    if (auto d = store::TransferRepository::decide(s, transfer_id, "accepted", call.actor.user_id, note); !d)
      return tl::unexpected(d.error());
    store::CaseRecord c = **rec;
    if (t->kind == "handover") {
      // The receiver takes the case over; the sender keeps access.
      if (auto r = store::RecordShareRepository::add(s, kEntity, c.id, c.owner_department_id); !r)
        return tl::unexpected(r.error());
      c.owner_department_id = t->to_department_id;
    } else {
      if (auto r = store::RecordShareRepository::add(s, kEntity, c.id, t->to_department_id); !r)
        return tl::unexpected(r.error());
      c.state = "police_accepted";
    }
    if (auto saved = save_case_change(s, call, Case{**rec, {}, {}}, c, ctx_.cases); !saved) return tl::unexpected(saved.error());
    return record_decision(s, call, *t, "transfer.accept",
                           t->to_department_code + " 已接收" + (t->kind == "criminal" ? "移送（公安受理）" : "移交"));
  });
}

Result<store::TransferRecord> CaseService::return_transfer(const CallContext& call,
                                                           std::int64_t transfer_id,
                                                           const std::string& reason) {
  if (reason.empty() || reason.size() > 5000) return invalid("reason", "请填写退回理由");
  return ctx_.db.transact([&](soci::session& s) -> Result<store::TransferRecord> {
    auto t = decidable_transfer(s, call, transfer_id);
    if (!t) return t;
    if (auto d = store::TransferRepository::decide(s, transfer_id, "returned", call.actor.user_id, reason); !d)
      return tl::unexpected(d.error());
    auto rec = store::CaseRepository::find_by_id(s, t->entity_id);
    if (!rec) return tl::unexpected(rec.error());
    if (!*rec) return not_found("案件不存在");
    if (t->kind == "criminal") {
      store::CaseRecord c = **rec;
      c.state = "police_rejected";
      if (auto saved = save_case_change(s, call, Case{**rec, {}, {}}, c, ctx_.cases); !saved) return tl::unexpected(saved.error());
    }
    if (auto n = notify_department(s, t->from_department_id, "transfer_returned", "移交被退回：" + (*rec)->number, reason, t->entity_id); !n)
      return tl::unexpected(n.error());
    return record_decision(s, call, *t, "transfer.return", t->to_department_code + " 退回：" + reason);
  });
}

Result<Page<store::Notification>> NotificationService::list(const CallContext& call, bool unread_only,
                                                            int limit, int offset) {
  if (call.actor.user_id == 0) return forbidden();
  return ctx_.db.read([&](soci::session& s) -> Result<Page<store::Notification>> {
    Page<store::Notification> page;
    auto items = store::NotificationRepository::for_user(s, call.actor.user_id, unread_only, limit, offset, &page.total);
    if (!items) return tl::unexpected(items.error());
    page.items = std::move(*items);
    return page;
  });
}

Status NotificationService::mark_read(const CallContext& call, std::int64_t id) {
  return ctx_.db.transact([&](soci::session& s) -> Status {
    auto ok = store::NotificationRepository::mark_read(s, call.actor.user_id, id, now_ms());
    if (!ok) return tl::unexpected(ok.error());
    if (!*ok) return not_found("通知不存在");
    return audit(s, call, "notification.read", "notification", std::to_string(id), nullptr, {{"read", true}});
  });
}

}  // namespace qf::service
