#include "service/inspection_service.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/case_rules.h"
#include "core/clock.h"
#include "core/text.h"
#include "core/utf8.h"
#include "law/species_catalog.h"
#include "service/audit_writer.h"
#include "service/place_service.h"
#include "service/species_catalog_service.h"
#include "store/case_repository.h"
#include "store/department_repository.h"
#include "store/evidence_repository.h"
#include "store/place_repository.h"
#include "store/user_repository.h"

namespace qf::service {
namespace {

using json = nlohmann::json;
constexpr const char* kEntity = "inspection";
constexpr std::int64_t kMaxTime = 4102444800000LL;  // 2100-01-01

bool bad_text(const std::string& s, std::size_t max) {
  return s.size() > max || !is_valid_utf8(s) || std::any_of(s.begin(), s.end(), [](char c) {
           const auto u = static_cast<unsigned char>(c);
           return (u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7F;
         });
}

json optional_json(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }

std::string date_label(std::int64_t ms) {
  // China Standard Time, the date only: how a licence's validity is read.
  const std::string iso = format_iso8601(ms + 8LL * 3600 * 1000);
  return iso.substr(0, 10);
}

Error invalid_all(std::vector<FieldError> errors) {
  return Error{ErrorCode::kInvalidInput, "输入数据有误", std::move(errors), 0};
}

bool records_inspections(const Actor& a) {
  return AccessPolicy::allows(a, Action::kRecordInspections);
}

// ---- default checklists (plan 五(四)) ----------------------------------------

const ChecklistEntry kSourceProof{"source_proof", "经营利用野生动物是否有合法来源证明",
                                  "no_source_proof"};
const ChecklistEntry kKeyProtected{"key_protected_sale", "是否出售国家重点保护野生动物及其制品",
                                   "illegal_sale"};
const ChecklistEntry kBannedTools{
    "banned_tools", "是否销售猎套、猎夹、地枪、排铳等禁用猎捕工具或“电毒炸”工具、禁用渔具",
    "banned_tools"};

// ---- row-level rule ---------------------------------------------------------

Result<store::Inspection> load_visible(soci::session& s, const CallContext& call, std::int64_t id) {
  if (!reads_place_records(call.actor)) return not_found("检查记录不存在");
  auto found = store::InspectionRepository::find_by_id(s, id);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return not_found("检查记录不存在");
  auto shared = store::RecordShareRepository::departments(s, kEntity, id);
  if (!shared) return tl::unexpected(shared.error());
  if (!AccessPolicy::can_see(call.actor, {(*found)->owner_department_id, *shared}))
    return not_found("检查记录不存在");
  return **found;
}

Result<store::Inspection> load_modifiable(soci::session& s, const CallContext& call,
                                          std::int64_t id) {
  auto i = load_visible(s, call, id);
  if (!i) return i;
  auto shared = store::RecordShareRepository::departments(s, kEntity, id);
  if (!shared) return tl::unexpected(shared.error());
  if (!AccessPolicy::can_modify(call.actor, {i->owner_department_id, *shared}))
    return forbidden("无权修改该检查记录");
  return i;
}

// The department a user's duties follow: a sub-unit counts as its parent.
Result<std::int64_t> top_department(soci::session& s, std::int64_t department_id) {
  auto d = store::DepartmentRepository::find_by_id(s, department_id);
  if (!d) return tl::unexpected(d.error());
  if (!*d) return department_id;
  return (*d)->parent_id.value_or(department_id);
}

Result<store::User> active_staff(soci::session& s, std::int64_t user_id, const std::string& field) {
  auto u = store::UserRepository::find_by_id(s, user_id);
  if (!u) return tl::unexpected(u.error());
  if (!*u || (*u)->disabled || (*u)->role == Role::kIntegration || (*u)->role == Role::kAdmin)
    return invalid(field, "用户 #" + std::to_string(user_id) + " 不存在、已停用或不是执法人员");
  return **u;
}

// ---- the licence check of a farm ---------------------------------------------

bool same_species(const store::LicensedSpecies& l, const store::InspectionHolding& h) {
  if (l.species_id && h.species_id) return *l.species_id == *h.species_id;
  return l.species_text == h.species_text;
}

// Fills the licensed numbers of the holdings and returns the flags and the
// automatic findings.
json check_licences(const store::Place& place, std::int64_t at,
                    std::vector<store::InspectionHolding>& holdings,
                    std::vector<store::InspectionFinding>& findings) {
  json flags = json::array();
  std::vector<const store::BreedingLicence*> valid, expired;
  for (const auto& l : place.licences) {
    if (l.valid_at(at)) valid.push_back(&l);
    if (l.valid_to < at) expired.push_back(&l);
  }
  for (const auto* l : expired)
    flags.push_back({{"kind", "licence_expired"},
                     {"licence_no", l->licence_no},
                     {"species", ""},
                     {"counted", 0},
                     {"licensed", 0},
                     {"message", "人工繁育许可证 " + l->licence_no + " 已于 " +
                                     date_label(l->valid_to) + " 过期"}});
  for (auto& h : holdings) {
    std::int64_t licensed = 0;
    for (const auto* l : valid)
      for (const auto& sp : l->species)
        if (same_species(sp, h)) licensed += sp.quantity;
    h.licensed = licensed;
    if (h.counted <= 0) continue;
    if (licensed == 0) {
      std::string why = "无有效的人工繁育许可证";
      for (const auto* l : expired)
        for (const auto& sp : l->species)
          if (same_species(sp, h))
            why = "许可证 " + l->licence_no + " 已于 " + date_label(l->valid_to) + " 过期";
      const std::string message =
          h.species_text + " 存栏 " + std::to_string(h.counted) + " 只，" + why;
      flags.push_back({{"kind", "unlicensed_species"},
                       {"licence_no", ""},
                       {"species", h.species_text},
                       {"counted", h.counted},
                       {"licensed", 0},
                       {"message", message}});
      store::InspectionFinding f;
      f.kind = "unlicensed_breeding";
      f.note = message;
      f.automatic = true;
      f.species_text = h.species_text;
      f.counted = h.counted;
      findings.push_back(std::move(f));
    } else if (h.counted > licensed) {
      const std::string message = h.species_text + " 存栏 " + std::to_string(h.counted) +
                                  " 只，许可 " + std::to_string(licensed) + " 只，超出 " +
                                  std::to_string(h.counted - licensed) + " 只";
      flags.push_back({{"kind", "over_licence"},
                       {"licence_no", ""},
                       {"species", h.species_text},
                       {"counted", h.counted},
                       {"licensed", licensed},
                       {"message", message}});
      store::InspectionFinding f;
      f.kind = "over_licence";
      f.note = message;
      f.automatic = true;
      f.species_text = h.species_text;
      f.counted = h.counted;
      f.licensed = licensed;
      findings.push_back(std::move(f));
    }
  }
  return flags;
}

// ---- checklists ---------------------------------------------------------------

json items_json(const std::vector<ChecklistEntry>& items) {
  json out = json::array();
  for (const auto& i : items)
    out.push_back({{"code", i.code}, {"text", i.text}, {"finding_kind", i.finding_kind}});
  return out;
}

std::vector<ChecklistEntry> items_from_json(const std::string& text) {
  std::vector<ChecklistEntry> out;
  auto j = json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& i : j)
    if (i.is_object())
      out.push_back(
          {i.value("code", ""), i.value("text", ""), i.value("finding_kind", std::string())});
  return out;
}

Result<Checklist> checklist_in_force(soci::session& s, const std::string& place_type) {
  auto stored = store::InspectionRepository::latest_checklist(s, place_type);
  if (!stored) return tl::unexpected(stored.error());
  Checklist c;
  c.place_type = place_type;
  if (*stored) {
    c.version = (*stored)->version;
    c.is_default = false;
    c.items = items_from_json((*stored)->items_json);
    c.updated_at = (*stored)->created_at;
    c.updated_by = (*stored)->created_by;
  } else {
    c.items = default_checklist(place_type);
  }
  return c;
}

bool valid_code(const std::string& code) {
  return !code.empty() && code.size() <= 40 && std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// ---- the case -------------------------------------------------------------------

std::string offence_from_findings(const std::vector<store::InspectionFinding>& findings) {
  static const std::pair<const char*, const char*> kOrder[] = {
      {"illegal_sale", "illegal_trade"},    {"unlicensed_breeding", "illegal_breeding"},
      {"over_licence", "illegal_breeding"}, {"wild_game_menu", "illegal_eating"},
      {"banned_tools", "banned_tools"},     {"no_source_proof", "illegal_trade"},
      {"other", "illegal_trade"},
  };
  for (const auto& [kind, offence] : kOrder)
    for (const auto& f : findings)
      if (f.kind == kind) return offence;
  return "illegal_trade";
}

std::string truncate_utf8(const std::string& s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

// ---- what creating and correcting an inspection both check ----------------------

void check_time(std::int64_t inspected_at, std::int64_t now, std::vector<FieldError>& errors) {
  if (inspected_at <= 0 || inspected_at > now + 3600 * 1000)
    errors.push_back({"inspected_at", "检查时间不能晚于现在"});
}

void check_rows(const std::vector<AnswerInput>& answers, const std::vector<HoldingInput>& holdings,
                const std::vector<FindingInput>& findings, std::vector<FieldError>& errors) {
  if (answers.size() > kMaxInspectionRows || holdings.size() > kMaxInspectionRows ||
      findings.size() > kMaxInspectionRows)
    errors.push_back({"", "检查项、存栏或问题过多"});
  std::set<std::string> answered;
  for (std::size_t k = 0; k < answers.size(); ++k) {
    const auto& a = answers[k];
    const std::string at = "answers/" + std::to_string(k) + "/";
    if (!answered.insert(a.code).second) errors.push_back({at + "code", "同一检查项重复作答"});
    if (a.result != "pass" && a.result != "fail" && a.result != "na")
      errors.push_back({at + "result", "应为 pass（合格）、fail（不合格）或 na（不适用）"});
    if (bad_text(a.note, 1000)) errors.push_back({at + "note", "说明过长或含控制字符"});
  }
  for (std::size_t k = 0; k < holdings.size(); ++k) {
    const auto& h = holdings[k];
    const std::string at = "holdings/" + std::to_string(k) + "/";
    if (is_blank(h.species)) errors.push_back({at + "species", "请填写物种"});
    if (bad_text(h.species, 200)) errors.push_back({at + "species", "物种名称过长或含控制字符"});
    if (h.count < 0 || h.count > kMaxHeadCount)
      errors.push_back({at + "count", "数量应为 0 到 1000 万之间的整数"});
  }
  for (std::size_t k = 0; k < findings.size(); ++k) {
    const auto& f = findings[k];
    const std::string at = "findings/" + std::to_string(k) + "/";
    if (!term_label(finding_kinds(), f.kind))
      errors.push_back({at + "kind",
                        "应为 illegal_sale、unlicensed_breeding、over_licence、banned_tools、"
                        "wild_game_menu、no_source_proof 或 other"});
    if (bad_text(f.note, 2000)) errors.push_back({at + "note", "说明过长或含控制字符"});
    if (f.evidence_ids.size() > 50) errors.push_back({at + "evidence_ids", "证据过多"});
  }
}

// The answers against a checklist's items, each keeping the item's text.
json answers_against(const std::vector<ChecklistEntry>& items, const std::vector<AnswerInput>& in,
                     std::vector<FieldError>& errors) {
  json answers = json::array();
  for (std::size_t k = 0; k < in.size(); ++k) {
    const auto& a = in[k];
    auto item = std::find_if(items.begin(), items.end(),
                             [&](const ChecklistEntry& c) { return c.code == a.code; });
    if (item == items.end())
      errors.push_back({"answers/" + std::to_string(k) + "/code", "检查清单中没有该项"});
    else
      answers.push_back(
          {{"code", a.code}, {"text", item->text}, {"result", a.result}, {"note", a.note}});
  }
  return answers;
}

// Evidence must exist and be visible to the recorder.
Status check_evidence(soci::session& s, const CallContext& call,
                      const std::vector<FindingInput>& findings, std::vector<FieldError>& errors) {
  for (std::size_t k = 0; k < findings.size(); ++k)
    for (std::int64_t eid : findings[k].evidence_ids) {
      auto e = store::EvidenceRepository::find_by_id(s, eid);
      if (!e) return tl::unexpected(e.error());
      bool visible = false;
      if (*e) {
        auto shared = store::RecordShareRepository::departments(s, "evidence", eid);
        if (!shared) return tl::unexpected(shared.error());
        visible = AccessPolicy::can_see(call.actor, {(*e)->owner_department_id, *shared});
      }
      if (!visible)
        errors.push_back({"findings/" + std::to_string(k) + "/evidence_ids",
                          "证据 #" + std::to_string(eid) + " 不存在"});
    }
  return {};
}

// The group's members' departments join `participants`.
Status group_participants(soci::session& s, std::int64_t group_id,
                          std::set<std::int64_t>& participants) {
  auto g = store::InspectionRepository::find_group(s, group_id);
  if (!g) return tl::unexpected(g.error());
  if (!*g) return invalid("group_id", "联合检查组不存在");
  for (const auto& m : (*g)->members) participants.insert(m.department_id);
  return {};
}

// Active staff, duplicates dropped; their departments join `participants`.
Result<std::vector<store::Inspector>> resolve_inspectors(soci::session& s,
                                                         const std::vector<std::int64_t>& ids,
                                                         std::set<std::int64_t>& participants) {
  std::vector<store::Inspector> out;
  std::set<std::int64_t> seen;
  for (std::size_t k = 0; k < ids.size(); ++k) {
    if (!seen.insert(ids[k]).second) continue;
    auto u = active_staff(s, ids[k], "inspector_ids/" + std::to_string(k));
    if (!u) return tl::unexpected(u.error());
    out.push_back({u->id, u->display_name, u->department_id, u->department_code});
    participants.insert(u->department_id);
  }
  return out;
}

// Holdings with their species resolved in the catalog (licensed numbers
// are filled by the licence check).
Result<std::vector<store::InspectionHolding>> resolve_holdings(
    ServiceContext& ctx, soci::session& s, const std::vector<HoldingInput>& in) {
  std::vector<store::InspectionHolding> out;
  if (in.empty()) return out;
  auto catalog = SpeciesCatalogService(ctx).catalog(s);
  if (!catalog) return tl::unexpected(catalog.error());
  for (std::size_t k = 0; k < in.size(); ++k) {
    const auto& h = in[k];
    store::InspectionHolding holding;
    holding.species_text = h.species;
    holding.counted = h.count;
    if (h.species_id) {
      if (!(*catalog)->find(*h.species_id))
        return invalid("holdings/" + std::to_string(k) + "/species_id", "物种名录中没有该编号");
      holding.species_id = h.species_id;
    } else {
      holding.species_id = catalog_species_id(**catalog, h.species);
    }
    out.push_back(std::move(holding));
  }
  return out;
}

// Group members: active staff of at least two departments (a sub-unit
// counts as its parent); the lead department as named, or the actor's.
Result<store::InspectionGroup> build_group(soci::session& s, const CallContext& call,
                                           store::InspectionGroup g,
                                           const std::vector<GroupMemberInput>& members,
                                           const std::optional<std::string>& lead_code) {
  std::set<std::int64_t> departments;
  g.members.clear();
  for (std::size_t k = 0; k < members.size(); ++k) {
    auto u = active_staff(s, members[k].user_id, "members/" + std::to_string(k) + "/user_id");
    if (!u) return tl::unexpected(u.error());
    auto top = top_department(s, u->department_id);
    if (!top) return tl::unexpected(top.error());
    departments.insert(*top);
    store::InspectionGroupMember m;
    m.user_id = u->id;
    m.leader = members[k].leader;
    g.members.push_back(m);
  }
  if (departments.size() < 2) return invalid("members", "联合检查组的成员须来自至少两个部门");
  if (lead_code) {
    auto d = store::DepartmentRepository::find_by_code(s, *lead_code);
    if (!d) return tl::unexpected(d.error());
    if (!*d || !(*d)->active) return invalid("lead_department", "牵头部门不存在或已停用");
    g.lead_department_id = (*d)->id;
  } else if (g.lead_department_id == 0) {
    if (!call.actor.department_id) return invalid("lead_department", "请指明牵头部门");
    g.lead_department_id = call.actor.department_id;
  }
  return g;
}

void check_group_texts(const std::optional<std::string>& name,
                       const std::optional<std::string>& note,
                       const std::vector<GroupMemberInput>* members,
                       std::vector<FieldError>& errors) {
  if (name && is_blank(*name)) errors.push_back({"name", "请填写检查组名称"});
  if (name && bad_text(*name, 200)) errors.push_back({"name", "名称过长或含控制字符"});
  if (note && bad_text(*note, 4000)) errors.push_back({"note", "备注过长或含控制字符"});
  if (!members) return;
  if (members->size() < 2) errors.push_back({"members", "联合检查组至少需要两名成员"});
  if (members->size() > 100) errors.push_back({"members", "成员过多（最多 100 人）"});
  std::set<std::int64_t> seen;
  for (std::size_t k = 0; k < members->size(); ++k)
    if (!seen.insert((*members)[k].user_id).second)
      errors.push_back({"members/" + std::to_string(k) + "/user_id", "成员重复"});
}

}  // namespace

// ---- vocabularies -------------------------------------------------------------

const std::vector<Term>& finding_kinds() {
  static const std::vector<Term> v = {
      {"illegal_sale", "非法出售"},
      {"unlicensed_breeding", "无证繁育"},
      {"over_licence", "超许可数量"},
      {"banned_tools", "销售禁用猎捕工具"},
      {"wild_game_menu", "野味上菜单"},
      {"no_source_proof", "无合法来源证明"},
      {"other", "其他"},
  };
  return v;
}

std::string_view finding_kind_label(std::string_view code) {
  return term_label(finding_kinds(), code).value_or("");
}

std::string_view rectification_state_label(std::string_view code) {
  if (code == "open") return "整改中";
  if (code == "done") return "已整改";
  if (code == "not_done") return "未整改";
  return "";
}

std::vector<ChecklistEntry> default_checklist(std::string_view t) {
  if (t == "farmers_market" || t == "market_shop")
    return {
        kSourceProof,
        kKeyProtected,
        {"wild_sale", "是否出售野外来源的野生动物及其制品（含“三有”动物）", "illegal_sale"},
        kBannedTools,
        {"market_duty", "市场开办单位是否落实野生动物交易管控责任（巡查、登记、公示）", "other"}};
  if (t == "flower_bird_market")
    return {
        kSourceProof,
        kKeyProtected,
        {"live_ledger", "鸟类、龟类等活体的购销台账和来源凭证是否齐全", "no_source_proof"},
        {"wild_sale", "是否出售野外捕捉的鸟类等野生动物", "illegal_sale"},
        kBannedTools,
        {"market_duty", "市场开办单位是否落实野生动物交易管控责任（巡查、登记、公示）", "other"}};
  if (t == "restaurant")
    return {{"wild_game_menu", "菜单是否有野味", "wild_game_menu"},
            {"source_proof", "食材中的野生动物是否有合法来源证明（人工繁育、检疫证明）",
             "no_source_proof"},
            {"key_protected_sale", "是否加工、出售国家重点保护野生动物及其制品", "illegal_sale"},
            {"false_marketing", "是否以“长江野生鱼”“野味”等为噱头宣传", "other"}};
  if (t == "breeding_farm")
    return {{"licence_valid", "人工繁育许可证是否有效", "unlicensed_breeding"},
            {"stock_matches", "存栏数量与许可是否一致", "over_licence"},
            {"species_licensed", "繁育物种是否在许可范围内", "unlicensed_breeding"},
            {"ledger", "繁育、出售台账和专用标识是否齐全", "no_source_proof"},
            kSourceProof};
  if (t == "exhibition")
    return {
        {"licence_valid", "展演展示是否取得相应许可（人工繁育、经营利用）", "unlicensed_breeding"},
        {"stock_matches", "展演动物数量与台账、许可是否一致", "over_licence"},
        kSourceProof,
        kKeyProtected};
  if (t == "tool_shop")
    return {kBannedTools,
            {"online_tools", "是否通过网络销售禁用猎捕工具、渔具", "banned_tools"},
            {"purchase_ledger", "进货来源和销售记录是否齐全", "other"}};
  if (t == "processing_plant")
    return {kSourceProof,
            kKeyProtected,
            {"illegal_workshop", "是否为非法制造“电毒炸”工具、非法网具、禁用渔具的窝点、作坊",
             "banned_tools"},
            {"purchase_ledger", "原料购进台账和来源凭证是否齐全", "no_source_proof"}};
  return {kSourceProof, kKeyProtected, kBannedTools};
}

// ---- JSON -----------------------------------------------------------------------

json to_json(const store::InspectionGroup& g) {
  json members = json::array();
  std::set<std::string> departments;
  for (const auto& m : g.members) {
    members.push_back({{"user_id", m.user_id},
                       {"username", m.username},
                       {"display_name", m.display_name},
                       {"department_code", m.department_code},
                       {"leader", m.leader}});
    departments.insert(m.department_code);
  }
  return {{"id", g.id},
          {"name", g.name},
          {"lead_department_code", g.lead_department_code},
          {"note", g.note},
          {"members", members},
          {"department_codes", departments},
          {"version", g.version},
          {"created_at", format_iso8601(g.created_at)},
          {"updated_at", format_iso8601(g.updated_at)}};
}

json to_json(const Checklist& c) {
  json items = items_json(c.items);
  for (auto& i : items)
    i["finding_kind_label"] = finding_kind_label(i["finding_kind"].get<std::string>());
  return {{"place_type", c.place_type},
          {"place_type_label", place_type_label(c.place_type)},
          {"version", c.version},
          {"default", c.is_default},
          {"items", items},
          {"updated_at", format_iso8601(c.updated_at)},
          {"updated_by", c.updated_by ? json(c.updated_by) : json(nullptr)}};
}

json to_json(const store::RectificationOrder& r, std::int64_t now) {
  const bool overdue = r.state == "not_done" || (r.state == "open" && r.deadline < now);
  return {{"id", r.id},
          {"inspection_id", r.inspection_id},
          {"place_id", r.place_id},
          {"place_name", r.place_name},
          {"requirement", r.requirement},
          {"deadline", format_iso8601(r.deadline)},
          {"state", r.state},
          {"state_label", rectification_state_label(r.state)},
          {"overdue", overdue},
          {"recheck_note", r.recheck_note},
          {"rechecked_at", format_iso8601(r.rechecked_at)},
          {"rechecked_by", r.rechecked_by ? json(r.rechecked_by) : json(nullptr)},
          {"version", r.version},
          {"created_at", format_iso8601(r.created_at)},
          {"updated_at", format_iso8601(r.updated_at)}};
}

json to_json(const store::Inspection& i, std::int64_t now) {
  json inspectors = json::array(), holdings = json::array(), findings = json::array(),
       rectifications = json::array();
  for (const auto& x : i.inspectors)
    inspectors.push_back({{"user_id", x.user_id},
                          {"display_name", x.display_name},
                          {"department_code", x.department_code}});
  for (const auto& h : i.holdings)
    holdings.push_back({{"species", h.species_text},
                        {"species_id", optional_json(h.species_id)},
                        {"counted", h.counted},
                        {"licensed", h.licensed},
                        {"excess", std::max<std::int64_t>(0, h.counted - h.licensed)}});
  for (const auto& f : i.findings)
    findings.push_back({{"id", f.id},
                        {"kind", f.kind},
                        {"kind_label", finding_kind_label(f.kind)},
                        {"note", f.note},
                        {"evidence_ids", f.evidence_ids},
                        {"automatic", f.automatic},
                        {"species", f.species_text},
                        {"counted", f.counted},
                        {"licensed", f.licensed}});
  for (const auto& r : i.rectifications) rectifications.push_back(to_json(r, now));
  json answers = json::parse(i.answers_json, nullptr, false);
  if (!answers.is_array()) answers = json::array();
  for (auto& a : answers) {
    const std::string result = a.value("result", "");
    a["result_label"] = result == "pass" ? "合格" : result == "fail" ? "不合格" : "不适用";
  }
  json flags = json::parse(i.flags_json, nullptr, false);
  if (!flags.is_array()) flags = json::array();
  return {{"id", i.id},
          {"place_id", i.place_id},
          {"place_name", i.place_name},
          {"place_type", i.place_type},
          {"place_type_label", place_type_label(i.place_type)},
          {"group_id", optional_json(i.group_id)},
          {"group_name", i.group_name},
          {"inspected_at", format_iso8601(i.inspected_at)},
          {"inspectors", inspectors},
          {"checklist_version", i.checklist_version},
          {"answers", answers},
          {"holdings", holdings},
          {"findings", findings},
          {"flags", flags},
          {"conclusion", i.conclusion},
          {"department_code", i.owner_department_code},
          {"case_id", optional_json(i.case_id)},
          {"demo", i.demo},
          {"rectifications", rectifications},
          {"version", i.version},
          {"created_at", format_iso8601(i.created_at)},
          {"updated_at", format_iso8601(i.updated_at)}};
}

// ---- groups -------------------------------------------------------------------

Result<store::InspectionGroup> InspectionService::create_group(const CallContext& call,
                                                               const GroupInput& in) {
  if (!records_inspections(call.actor))
    return forbidden("只有市场监管、林草、农业农村、公安部门或协调机制办公室可以组建联合检查组");
  std::vector<FieldError> errors;
  if (is_blank(in.name)) errors.push_back({"name", "请填写检查组名称"});
  check_group_texts(in.name, in.note, &in.members, errors);
  if (!errors.empty()) return tl::unexpected(invalid_all(errors));
  return ctx_.db.transact([&](soci::session& s) -> Result<store::InspectionGroup> {
    store::InspectionGroup g;
    g.name = in.name;
    g.note = in.note;
    g.created_by = call.actor.user_id;
    auto built = build_group(s, call, std::move(g), in.members, in.lead_department_code);
    if (!built) return tl::unexpected(built.error());
    auto stored = store::InspectionRepository::insert_group(s, std::move(*built));
    if (!stored) return tl::unexpected(stored.error());
    if (auto a = audit(s, call, "inspection_group.create", "inspection_group",
                       std::to_string(stored->id), nullptr, to_json(*stored));
        !a)
      return tl::unexpected(a.error());
    return stored;
  });
}

Result<store::InspectionGroup> InspectionService::get_group(const CallContext& call,
                                                            std::int64_t id) {
  if (!reads_place_records(call.actor)) return not_found("联合检查组不存在");
  return ctx_.db.read([&](soci::session& s) -> Result<store::InspectionGroup> {
    auto g = store::InspectionRepository::find_group(s, id);
    if (!g) return tl::unexpected(g.error());
    if (!*g) return not_found("联合检查组不存在");
    return **g;
  });
}

Result<store::InspectionGroup> InspectionService::update_group(const CallContext& call,
                                                               std::int64_t id,
                                                               const GroupChanges& c,
                                                               int expected_version) {
  if (!reads_place_records(call.actor)) return not_found("联合检查组不存在");
  if (!records_inspections(call.actor))
    return forbidden("只有市场监管、林草、农业农村、公安部门或协调机制办公室可以修改联合检查组");
  std::vector<FieldError> errors;
  check_group_texts(c.name, c.note, c.members ? &*c.members : nullptr, errors);
  if (!errors.empty()) return tl::unexpected(invalid_all(errors));
  return ctx_.db.transact([&](soci::session& s) -> Result<store::InspectionGroup> {
    auto found = store::InspectionRepository::find_group(s, id);
    if (!found) return tl::unexpected(found.error());
    if (!*found) return not_found("联合检查组不存在");
    const store::InspectionGroup before = **found;
    // The lead department (its leaders and officers) and the office.
    if (!call.actor.is_cli && call.actor.role != Role::kOffice &&
        call.actor.department_id != before.lead_department_id)
      return forbidden("只有牵头部门或协调机制办公室可以修改联合检查组");
    if (before.version != expected_version)
      return fail(ErrorCode::kPreconditionFailed, "该检查组已被他人修改，请刷新后重试");
    store::InspectionGroup g = before;
    if (c.name) g.name = *c.name;
    if (c.note) g.note = *c.note;
    if (c.members) {
      // Replaced as a whole and checked as on creation.
      auto built = build_group(s, call, g, *c.members, c.lead_department_code);
      if (!built) return tl::unexpected(built.error());
      g = std::move(*built);
    } else if (c.lead_department_code) {
      auto d = store::DepartmentRepository::find_by_code(s, *c.lead_department_code);
      if (!d) return tl::unexpected(d.error());
      if (!*d || !(*d)->active) return invalid("lead_department", "牵头部门不存在或已停用");
      g.lead_department_id = (*d)->id;
    }
    auto after = store::InspectionRepository::update_group(s, g, expected_version);
    if (!after) return tl::unexpected(after.error());
    if (auto a = audit(s, call, "inspection_group.update", "inspection_group", std::to_string(id),
                       to_json(before), to_json(*after));
        !a)
      return tl::unexpected(a.error());
    return after;
  });
}

Result<Page<store::InspectionGroup>> InspectionService::list_groups(const CallContext& call,
                                                                    int limit, int offset) {
  if (!reads_place_records(call.actor)) return forbidden("无权查看联合检查组");
  return ctx_.db.read([&](soci::session& s) -> Result<Page<store::InspectionGroup>> {
    Page<store::InspectionGroup> page;
    auto rows = store::InspectionRepository::list_groups(s, limit, offset, &page.total);
    if (!rows) return tl::unexpected(rows.error());
    page.items = std::move(*rows);
    return page;
  });
}

// ---- checklists -----------------------------------------------------------------

Result<Checklist> InspectionService::checklist(const CallContext& call,
                                               const std::string& place_type) {
  if (!reads_place_records(call.actor)) return forbidden("无权查看检查清单");
  if (!term_label(place_registry_types(), place_type)) return not_found("没有这种场所类型");
  return ctx_.db.read([&](soci::session& s) { return checklist_in_force(s, place_type); });
}

Result<Checklist> InspectionService::put_checklist(const CallContext& call,
                                                   const std::string& place_type,
                                                   const std::vector<ChecklistEntry>& items,
                                                   int expected_version) {
  if (!(call.actor.is_cli || call.actor.role == Role::kOffice))
    return forbidden("检查清单由协调机制办公室维护");
  if (!term_label(place_registry_types(), place_type)) return not_found("没有这种场所类型");
  std::vector<FieldError> errors;
  if (items.empty()) errors.push_back({"items", "检查清单至少需要一项"});
  if (items.size() > kMaxChecklistItems)
    errors.push_back({"items", "检查项过多（最多 " + std::to_string(kMaxChecklistItems) + " 项）"});
  std::set<std::string> codes;
  for (std::size_t k = 0; k < items.size(); ++k) {
    const std::string at = "items/" + std::to_string(k) + "/";
    if (!valid_code(items[k].code))
      errors.push_back({at + "code", "代码应为 1–40 个小写字母、数字或下划线"});
    else if (!codes.insert(items[k].code).second)
      errors.push_back({at + "code", "代码重复"});
    if (is_blank(items[k].text)) errors.push_back({at + "text", "请填写检查内容"});
    if (bad_text(items[k].text, 500)) errors.push_back({at + "text", "检查内容过长或含控制字符"});
    if (!items[k].finding_kind.empty() && !term_label(finding_kinds(), items[k].finding_kind))
      errors.push_back({at + "finding_kind", "未知的问题类型"});
  }
  if (!errors.empty()) return tl::unexpected(invalid_all(errors));
  return ctx_.db.transact([&](soci::session& s) -> Result<Checklist> {
    auto before = checklist_in_force(s, place_type);
    if (!before) return tl::unexpected(before.error());
    if (before->version != expected_version)
      return fail(ErrorCode::kPreconditionFailed, "检查清单已被他人修改，请刷新后重试");
    store::ChecklistVersion c;
    c.place_type = place_type;
    c.version = before->version + 1;
    c.items_json = items_json(items).dump();
    c.created_by = call.actor.user_id;
    auto stored = store::InspectionRepository::insert_checklist(s, c);
    if (!stored) return tl::unexpected(stored.error());
    auto after = checklist_in_force(s, place_type);
    if (!after) return tl::unexpected(after.error());
    if (auto a = audit(s, call, "inspection_checklist.update", "inspection_checklist", place_type,
                       to_json(*before), to_json(*after));
        !a)
      return tl::unexpected(a.error());
    return after;
  });
}

// ---- inspections ----------------------------------------------------------------

Result<store::Inspection> InspectionService::create(const CallContext& call,
                                                    const InspectionInput& in) {
  if (!records_inspections(call.actor))
    return forbidden("只有市场监管、林草、农业农村、公安部门或协调机制办公室可以登记检查");
  return ctx_.db.transact(
      [&](soci::session& s) -> Result<store::Inspection> { return create(s, call, in); });
}

Result<store::Inspection> InspectionService::create(soci::session& s, const CallContext& call,
                                                    const InspectionInput& in) {
  if (!records_inspections(call.actor))
    return forbidden("只有市场监管、林草、农业农村、公安部门或协调机制办公室可以登记检查");
  if (call.actor.department_id == 0) return invalid("department", "请以部门账户登记检查");
  const std::int64_t now = now_ms();
  std::vector<FieldError> errors;
  check_time(in.inspected_at, now, errors);
  if (bad_text(in.conclusion, 4000)) errors.push_back({"conclusion", "检查结论过长或含控制字符"});
  if (in.inspector_ids.size() > 50) errors.push_back({"inspector_ids", "检查人员过多"});
  check_rows(in.answers, in.holdings, in.findings, errors);
  // Problems so far are reported together with those the checklist and
  // the evidence reveal below.
  auto place = store::PlaceRepository::find_by_id(s, in.place_id);
  if (!place) return tl::unexpected(place.error());
  if (!*place) {
    errors.push_back({"place_id", "场所不存在"});
    return tl::unexpected(invalid_all(errors));
  }
  store::Inspection i;
  i.place_id = in.place_id;
  i.inspected_at = in.inspected_at;
  i.conclusion = in.conclusion;
  i.owner_department_id = call.actor.department_id;
  i.created_by = call.actor.user_id;
  i.demo = in.demo;
  std::set<std::int64_t> participants;  // departments the inspection is shared with
  if (in.group_id) {
    auto g = group_participants(s, *in.group_id, participants);
    if (!g) return tl::unexpected(g.error());
    i.group_id = in.group_id;
  }
  std::vector<std::int64_t> inspector_ids = in.inspector_ids;
  if (inspector_ids.empty() && call.actor.user_id) inspector_ids.push_back(call.actor.user_id);
  auto inspectors = resolve_inspectors(s, inspector_ids, participants);
  if (!inspectors) return tl::unexpected(inspectors.error());
  i.inspectors = std::move(*inspectors);

  // Answers against the checklist in force, keeping each item's text.
  auto checklist = checklist_in_force(s, (*place)->place_type);
  if (!checklist) return tl::unexpected(checklist.error());
  i.checklist_version = checklist->version;
  const json answers = answers_against(checklist->items, in.answers, errors);
  if (auto ok = check_evidence(s, call, in.findings, errors); !ok)
    return tl::unexpected(ok.error());
  if (!errors.empty()) return tl::unexpected(invalid_all(errors));
  i.answers_json = answers.dump();

  auto holdings = resolve_holdings(ctx_, s, in.holdings);
  if (!holdings) return tl::unexpected(holdings.error());
  i.holdings = std::move(*holdings);
  for (const auto& f : in.findings) {
    store::InspectionFinding finding;
    finding.kind = f.kind;
    finding.note = f.note;
    finding.evidence_ids = f.evidence_ids;
    i.findings.push_back(std::move(finding));
  }
  json flags = json::array();
  if ((*place)->place_type == "breeding_farm")
    flags = check_licences(**place, in.inspected_at, i.holdings, i.findings);
  i.flags_json = flags.dump();

  auto stored = store::InspectionRepository::insert(s, std::move(i));
  if (!stored) return tl::unexpected(stored.error());
  participants.erase(stored->owner_department_id);
  for (std::int64_t d : participants)
    if (auto r = store::RecordShareRepository::add(s, kEntity, stored->id, d); !r)
      return tl::unexpected(r.error());
  if (auto a = audit(s, call, "inspection.create", kEntity, std::to_string(stored->id), nullptr,
                     to_json(*stored, now));
      !a)
    return tl::unexpected(a.error());
  return stored;
}

Result<store::Inspection> InspectionService::update(const CallContext& call, std::int64_t id,
                                                    const InspectionChanges& c,
                                                    int expected_version) {
  if (!reads_place_records(call.actor)) return not_found("检查记录不存在");
  const std::int64_t now = now_ms();
  std::vector<FieldError> errors;
  if (c.inspected_at) check_time(*c.inspected_at, now, errors);
  if (c.conclusion && bad_text(*c.conclusion, 4000))
    errors.push_back({"conclusion", "检查结论过长或含控制字符"});
  if (c.inspector_ids && c.inspector_ids->empty())
    errors.push_back({"inspector_ids", "至少需要一名检查人员"});
  if (c.inspector_ids && c.inspector_ids->size() > 50)
    errors.push_back({"inspector_ids", "检查人员过多"});
  if (c.group_id && c.clear_group) errors.push_back({"group_id", "不能同时指定和清除检查组"});
  std::vector<FindingInput> findings;
  if (c.findings)
    for (const auto& f : *c.findings) findings.push_back(f.finding);
  check_rows(c.answers.value_or(std::vector<AnswerInput>{}),
             c.holdings.value_or(std::vector<HoldingInput>{}), findings, errors);
  if (c.findings) {
    std::set<std::int64_t> ids;
    for (std::size_t k = 0; k < c.findings->size(); ++k)
      if (const auto& fid = (*c.findings)[k].id; fid && !ids.insert(*fid).second)
        errors.push_back({"findings/" + std::to_string(k) + "/id", "同一问题重复出现"});
  }
  if (!errors.empty()) return tl::unexpected(invalid_all(errors));

  return ctx_.db.transact([&](soci::session& s) -> Result<store::Inspection> {
    auto loaded = load_visible(s, call, id);
    if (!loaded) return tl::unexpected(loaded.error());
    const store::Inspection& before = *loaded;
    if (!records_inspections(call.actor))
      return forbidden("只有市场监管、林草、农业农村、公安部门或协调机制办公室可以修改检查记录");
    // Only the recording department (its leaders and officers) and the
    // office correct a record; the departments it is shared with read it.
    if (!call.actor.is_cli && call.actor.role != Role::kOffice &&
        call.actor.department_id != before.owner_department_id)
      return forbidden("只有登记该检查记录的部门或协调机制办公室可以修改");
    if (before.version != expected_version)
      return fail(ErrorCode::kPreconditionFailed, "该检查记录已被他人修改，请刷新后重试");

    if (before.case_id) {
      auto found = store::CaseRepository::find_by_id(s, *before.case_id);
      if (!found) return tl::unexpected(found.error());
      if (*found && is_final_case_state((*found)->state))
        return fail(ErrorCode::kConflict, "该检查记录转成的案件 #" +
                                              std::to_string(*before.case_id) +
                                              " 已办结，检查记录不能再修改");
    }
    const std::string case_label =
        before.case_id ? "该检查记录已转为案件 #" + std::to_string(*before.case_id) : "";

    store::Inspection after = before;
    bool recheck_licences = false;
    std::vector<FieldError> problems;

    // The place: one of the same type (the answers follow its checklist);
    // not once a case or a rectification order names it.
    auto place = store::PlaceRepository::find_by_id(s, before.place_id);
    if (!place) return tl::unexpected(place.error());
    if (c.place_id && *c.place_id != before.place_id) {
      if (before.case_id) return fail(ErrorCode::kConflict, case_label + "，不能更换被检查场所");
      if (!before.rectifications.empty())
        return fail(ErrorCode::kConflict, "该检查记录已下达整改通知，不能更换被检查场所");
      auto other = store::PlaceRepository::find_by_id(s, *c.place_id);
      if (!other) return tl::unexpected(other.error());
      if (!*other) return invalid("place_id", "场所不存在");
      if ((*other)->place_type != before.place_type)
        return invalid("place_id", "只能改为同类场所（检查清单随场所类型而定）");
      place = std::move(other);
      after.place_id = *c.place_id;
      recheck_licences = true;
    }
    if (c.inspected_at && *c.inspected_at != before.inspected_at) {
      if (before.case_id) return fail(ErrorCode::kConflict, case_label + "，不能修改检查时间");
      for (const auto& r : before.rectifications)
        if (*c.inspected_at >= r.deadline)
          problems.push_back(
              {"inspected_at", "检查时间应早于整改通知 #" + std::to_string(r.id) + " 的整改期限"});
      after.inspected_at = *c.inspected_at;
      recheck_licences = true;
    }
    // The count as sent, compared by species and number (the same count
    // sent again is no change).
    const bool holdings_changed =
        c.holdings && (c.holdings->size() != before.holdings.size() ||
                       !std::equal(c.holdings->begin(), c.holdings->end(), before.holdings.begin(),
                                   [](const HoldingInput& a, const store::InspectionHolding& b) {
                                     return a.species == b.species_text && a.count == b.counted &&
                                            (!a.species_id || a.species_id == b.species_id);
                                   }));
    if (holdings_changed) {
      if (before.case_id) return fail(ErrorCode::kConflict, case_label + "，存栏清点不能再修改");
      recheck_licences = true;
    }
    if (c.conclusion) after.conclusion = *c.conclusion;

    // Group and inspectors: departments that join are shared the record;
    // shares already given stay (a department that took part keeps seeing it).
    std::set<std::int64_t> participants;
    if (c.clear_group) after.group_id.reset();
    if (c.group_id && c.group_id != before.group_id) {
      auto g = group_participants(s, *c.group_id, participants);
      if (!g) return tl::unexpected(g.error());
      after.group_id = c.group_id;
    }
    if (c.inspector_ids) {
      auto inspectors = resolve_inspectors(s, *c.inspector_ids, participants);
      if (!inspectors) return tl::unexpected(inspectors.error());
      after.inspectors = std::move(*inspectors);
    }

    // Answers against the checklist version the inspection answered.
    if (c.answers) {
      std::vector<ChecklistEntry> items;
      if (before.checklist_version == 0) {
        items = default_checklist(before.place_type);
      } else {
        auto stored = store::InspectionRepository::find_checklist(s, before.place_type,
                                                                  before.checklist_version);
        if (!stored) return tl::unexpected(stored.error());
        if (*stored) items = items_from_json((*stored)->items_json);
      }
      after.answers_json = answers_against(items, *c.answers, problems).dump();
    }

    // Findings: the manual ones as sent (an id keeps a stored finding);
    // the automatic ones follow the licence check below.
    if (c.findings) {
      std::vector<store::InspectionFinding> manual;
      for (std::size_t k = 0; k < c.findings->size(); ++k) {
        const auto& edit = (*c.findings)[k];
        store::InspectionFinding f;
        if (edit.id) {
          auto stored = std::find_if(before.findings.begin(), before.findings.end(),
                                     [&](const auto& x) { return x.id == *edit.id; });
          if (stored == before.findings.end()) {
            problems.push_back({"findings/" + std::to_string(k) + "/id", "该检查记录没有这个问题"});
            continue;
          }
          if (stored->automatic) {
            problems.push_back({"findings/" + std::to_string(k) + "/id",
                                "系统核对的问题随存栏清点自动生成，不能手工修改"});
            continue;
          }
          f = *stored;
        }
        f.kind = edit.finding.kind;
        f.note = edit.finding.note;
        f.evidence_ids = edit.finding.evidence_ids;
        manual.push_back(std::move(f));
      }
      // A finding a case was opened from stays, with its kind.
      if (before.case_id)
        for (const auto& old : before.findings) {
          if (old.automatic) continue;
          auto kept = std::find_if(manual.begin(), manual.end(),
                                   [&](const auto& x) { return x.id == old.id; });
          if (kept == manual.end())
            return fail(ErrorCode::kConflict, case_label + "，已转入案件的问题（" +
                                                  std::string(finding_kind_label(old.kind)) +
                                                  "）不能删除");
          if (kept->kind != old.kind)
            return fail(ErrorCode::kConflict, case_label + "，已转入案件的问题不能改变类型");
        }
      std::vector<store::InspectionFinding> automatic;
      for (const auto& f : before.findings)
        if (f.automatic) automatic.push_back(f);
      after.findings = std::move(manual);
      after.findings.insert(after.findings.end(), automatic.begin(), automatic.end());
      if (auto ok = check_evidence(s, call, findings, problems); !ok)
        return tl::unexpected(ok.error());
    }
    if (!problems.empty()) return tl::unexpected(invalid_all(problems));

    if (holdings_changed) {
      auto holdings = resolve_holdings(ctx_, s, *c.holdings);
      if (!holdings) return tl::unexpected(holdings.error());
      after.holdings = std::move(*holdings);
    }
    if (recheck_licences && *place) {
      // The automatic findings and flags are those of the corrected count,
      // place and time, checked against the licences on record now.
      std::erase_if(after.findings, [](const auto& f) { return f.automatic; });
      for (auto& h : after.holdings) h.licensed = 0;
      json flags = json::array();
      if ((*place)->place_type == "breeding_farm")
        flags = check_licences(**place, after.inspected_at, after.holdings, after.findings);
      after.flags_json = flags.dump();
    }

    auto stored = store::InspectionRepository::update(s, after, expected_version);
    if (!stored) return tl::unexpected(stored.error());
    auto shared = store::RecordShareRepository::departments(s, kEntity, id);
    if (!shared) return tl::unexpected(shared.error());
    participants.erase(stored->owner_department_id);
    for (std::int64_t d : participants)
      if (std::find(shared->begin(), shared->end(), d) == shared->end())
        if (auto r = store::RecordShareRepository::add(s, kEntity, id, d); !r)
          return tl::unexpected(r.error());
    if (auto a = audit(s, call, "inspection.update", kEntity, std::to_string(id),
                       to_json(before, now), to_json(*stored, now));
        !a)
      return tl::unexpected(a.error());
    return stored;
  });
}

Result<store::Inspection> InspectionService::get(const CallContext& call, std::int64_t id) {
  return ctx_.db.read([&](soci::session& s) { return load_visible(s, call, id); });
}

Result<Page<store::Inspection>> InspectionService::list(const CallContext& call,
                                                        const InspectionListFilters& f, int limit,
                                                        int offset) {
  if (!reads_place_records(call.actor)) return forbidden("无权查看检查记录");
  std::vector<FieldError> errors;
  if (f.place_type && !term_label(place_registry_types(), *f.place_type))
    errors.push_back({"place_type", "未知的场所类型"});
  if (f.finding_kind && !term_label(finding_kinds(), *f.finding_kind))
    errors.push_back({"finding_kind", "未知的问题类型"});
  if (f.inspected_from && f.inspected_to && *f.inspected_from >= *f.inspected_to)
    errors.push_back({"to", "结束时间应晚于开始时间"});
  if (!errors.empty()) return tl::unexpected(invalid_all(errors));
  store::InspectionQuery q;
  if (!AccessPolicy::sees_all(call.actor)) q.visible_to_department = call.actor.department_id;
  q.place_id = f.place_id;
  q.group_id = f.group_id;
  q.place_type = f.place_type;
  q.finding_kind = f.finding_kind;
  q.has_findings = f.has_findings;
  q.inspected_from = f.inspected_from;
  q.inspected_to = f.inspected_to;
  q.limit = limit;
  q.offset = offset;
  return ctx_.db.read([&](soci::session& s) -> Result<Page<store::Inspection>> {
    Page<store::Inspection> page;
    auto rows = store::InspectionRepository::list(s, q, &page.total);
    if (!rows) return tl::unexpected(rows.error());
    page.items = std::move(*rows);
    return page;
  });
}

Result<Case> InspectionService::open_case(const CallContext& call, std::int64_t id,
                                          const InspectionCaseRequest& r) {
  if (!reads_place_records(call.actor)) return not_found("检查记录不存在");
  if (bad_text(r.note, 4000)) return invalid("note", "备注过长或含控制字符");
  return ctx_.db.transact([&](soci::session& s) -> Result<Case> {
    auto loaded = load_visible(s, call, id);
    if (!loaded) return tl::unexpected(loaded.error());
    if (!records_inspections(call.actor))
      return forbidden(
          "只有市场监管、林草、农业农村、公安部门或协调机制办公室可以将检查发现转为案件");
    auto modifiable = load_modifiable(s, call, id);
    if (!modifiable) return tl::unexpected(modifiable.error());
    const store::Inspection& i = *loaded;
    if (i.case_id)
      return fail(ErrorCode::kConflict, "该检查记录已转为案件 #" + std::to_string(*i.case_id));
    if (i.findings.empty()) return fail(ErrorCode::kConflict, "没有发现问题的检查记录不能转为案件");
    auto place = store::PlaceRepository::find_by_id(s, i.place_id);
    if (!place) return tl::unexpected(place.error());
    if (!*place) return not_found("场所不存在");
    const store::Place& p = **place;

    NewCase nc;
    nc.title = r.title.value_or(truncate_utf8(
        "联合检查发现：" + p.name + "（" + std::string(place_type_label(p.place_type)) + "）",
        300));
    nc.offence_type = r.offence_type.value_or(offence_from_findings(i.findings));
    nc.source = "market_inspection";
    nc.place_type = std::string(place_case_type(p.place_type));
    nc.place_text = truncate_utf8(p.name + (p.address.empty() ? "" : " " + p.address), 500);
    nc.lon = p.lon;
    nc.lat = p.lat;
    nc.occurred_at = i.inspected_at;
    nc.owner_department_code = r.owner_department_code;
    std::string summary = "联合检查发现（检查记录 #" + std::to_string(i.id) + "）\n";
    summary += "场所：" + p.name + "（" + std::string(place_type_label(p.place_type)) + "）\n";
    if (!p.address.empty()) summary += "地址：" + p.address + "\n";
    if (!p.operator_name.empty()) summary += "经营者：" + p.operator_name + "\n";
    if (!p.business_licence_no.empty()) summary += "营业执照：" + p.business_licence_no + "\n";
    summary += "检查时间：" + format_iso8601(i.inspected_at) + "\n";
    if (!i.group_name.empty()) summary += "检查组：" + i.group_name + "\n";
    std::string names;
    for (const auto& x : i.inspectors)
      names += (names.empty() ? "" : "、") + x.display_name + "（" + x.department_code + "）";
    if (!names.empty()) summary += "检查人员：" + names + "\n";
    summary += "发现问题：\n";
    int n = 0;
    for (const auto& f : i.findings)
      summary += std::to_string(++n) + ". " + std::string(finding_kind_label(f.kind)) +
                 (f.note.empty() ? "" : "：" + f.note) + (f.automatic ? "（系统核对）" : "") + "\n";
    if (!i.conclusion.empty()) summary += "检查结论：" + i.conclusion + "\n";
    if (!r.note.empty()) summary += "备注：" + r.note + "\n";
    nc.summary = truncate_utf8(summary, 20000);
    for (const auto& h : i.holdings) {
      if (h.counted <= h.licensed) continue;
      CaseItem item;
      item.species = h.species_text;
      item.species_id = h.species_id;
      item.count = static_cast<double>(h.counted - h.licensed);
      item.unit = "只";
      item.part = "whole_live";
      item.origin = "captive";
      item.note = "存栏 " + std::to_string(h.counted) + " 只，许可 " + std::to_string(h.licensed) +
                  " 只（检查记录 #" + std::to_string(i.id) + "）";
      nc.items.push_back(std::move(item));
    }

    CaseService cases(ctx_);
    auto created = cases.create(s, call, nc);
    if (!created) return tl::unexpected(created.error());
    auto after = store::InspectionRepository::set_case(s, id, created->record.id, i.version);
    if (!after) return tl::unexpected(after.error());
    const std::int64_t now = now_ms();
    if (auto a = audit(s, call, "inspection.case", kEntity, std::to_string(id), to_json(i, now),
                       to_json(*after, now));
        !a)
      return tl::unexpected(a.error());
    return *created;
  });
}

// ---- rectification orders ---------------------------------------------------------

Result<store::RectificationOrder> InspectionService::order_rectification(
    const CallContext& call, std::int64_t inspection_id, const RectificationInput& in) {
  return ctx_.db.transact([&](soci::session& s) -> Result<store::RectificationOrder> {
    return order_rectification(s, call, inspection_id, in);
  });
}

Result<store::RectificationOrder> InspectionService::order_rectification(
    soci::session& s, const CallContext& call, std::int64_t inspection_id,
    const RectificationInput& in) {
  auto i = load_visible(s, call, inspection_id);
  if (!i) return tl::unexpected(i.error());
  if (!records_inspections(call.actor))
    return forbidden("只有市场监管、林草、农业农村、公安部门或协调机制办公室可以下达整改通知");
  if (auto m = load_modifiable(s, call, inspection_id); !m) return tl::unexpected(m.error());
  std::vector<FieldError> errors;
  if (is_blank(in.requirement)) errors.push_back({"requirement", "请填写整改要求"});
  if (bad_text(in.requirement, 4000)) errors.push_back({"requirement", "整改要求过长或含控制字符"});
  if (in.deadline <= i->inspected_at || in.deadline > kMaxTime)
    errors.push_back({"deadline", "整改期限应晚于检查时间"});
  if (!errors.empty()) return tl::unexpected(invalid_all(errors));
  store::RectificationOrder r;
  r.inspection_id = inspection_id;
  r.place_id = i->place_id;
  r.requirement = in.requirement;
  r.deadline = in.deadline;
  r.state = "open";
  r.created_by = call.actor.user_id;
  auto stored = store::InspectionRepository::insert_rectification(s, r);
  if (!stored) return tl::unexpected(stored.error());
  const std::int64_t now = now_ms();
  auto place = store::PlaceRepository::find_by_id(s, i->place_id);
  if (!place) return tl::unexpected(place.error());
  if (*place && (*place)->status == "active") {
    store::Place p = **place;
    p.status = "rectifying";
    auto after = store::PlaceRepository::update(s, p, p.version);
    if (!after) return tl::unexpected(after.error());
    if (auto a = audit(s, call, "place.update", "place", std::to_string(p.id),
                       to_json(**place, now), to_json(*after, now));
        !a)
      return tl::unexpected(a.error());
  }
  if (auto a = audit(s, call, "rectification.create", "rectification", std::to_string(stored->id),
                     nullptr, to_json(*stored, now));
      !a)
    return tl::unexpected(a.error());
  return stored;
}

Result<store::RectificationOrder> InspectionService::recheck(const CallContext& call,
                                                             std::int64_t order_id,
                                                             const RecheckInput& in) {
  std::vector<FieldError> errors;
  if (in.result != "done" && in.result != "not_done")
    errors.push_back({"result", "应为 done（已整改）或 not_done（未整改）"});
  if (bad_text(in.note, 4000)) errors.push_back({"note", "复查说明过长或含控制字符"});
  if (in.new_deadline && in.result != "not_done")
    errors.push_back({"deadline", "只有未整改时可以重新限期"});
  if (!errors.empty()) return tl::unexpected(invalid_all(errors));
  return ctx_.db.transact([&](soci::session& s) -> Result<store::RectificationOrder> {
    auto found = store::InspectionRepository::find_rectification(s, order_id);
    if (!found) return tl::unexpected(found.error());
    if (!*found) return not_found("整改通知不存在");
    const store::RectificationOrder before = **found;
    if (auto i = load_visible(s, call, before.inspection_id); !i) {
      if (i.error().code == ErrorCode::kNotFound) return not_found("整改通知不存在");
      return tl::unexpected(i.error());
    }
    if (!records_inspections(call.actor))
      return forbidden("只有市场监管、林草、农业农村、公安部门或协调机制办公室可以复查整改");
    if (auto m = load_modifiable(s, call, before.inspection_id); !m)
      return tl::unexpected(m.error());
    if (before.state == "done") return fail(ErrorCode::kConflict, "该整改通知已复查为已整改");
    const std::int64_t now = now_ms();
    store::RectificationOrder r = before;
    r.recheck_note = in.note;
    r.rechecked_at = now;
    r.rechecked_by = call.actor.user_id;
    if (in.result == "done") {
      r.state = "done";
    } else if (in.new_deadline) {
      if (*in.new_deadline <= now || *in.new_deadline > kMaxTime)
        return invalid("deadline", "新的整改期限应晚于现在");
      r.state = "open";
      r.deadline = *in.new_deadline;
    } else {
      r.state = "not_done";
    }
    auto after = store::InspectionRepository::update_rectification(s, r, before.version);
    if (!after) return tl::unexpected(after.error());
    // The place is active again when nothing is left to rectify.
    auto left = store::InspectionRepository::open_rectifications(s, r.place_id);
    if (!left) return tl::unexpected(left.error());
    if (*left == 0) {
      auto place = store::PlaceRepository::find_by_id(s, r.place_id);
      if (!place) return tl::unexpected(place.error());
      if (*place && (*place)->status == "rectifying") {
        store::Place p = **place;
        p.status = "active";
        auto updated = store::PlaceRepository::update(s, p, p.version);
        if (!updated) return tl::unexpected(updated.error());
        if (auto a = audit(s, call, "place.update", "place", std::to_string(p.id),
                           to_json(**place, now), to_json(*updated, now));
            !a)
          return tl::unexpected(a.error());
      }
    }
    json snapshot = to_json(*after, now);
    snapshot["result"] = in.result;
    if (auto a = audit(s, call, "rectification.recheck", "rectification", std::to_string(order_id),
                       to_json(before, now), snapshot);
        !a)
      return tl::unexpected(a.error());
    return *after;
  });
}

Result<Page<store::RectificationOrder>> InspectionService::list_rectifications(
    const CallContext& call, const RectificationFilters& f, int limit, int offset) {
  if (!reads_place_records(call.actor)) return forbidden("无权查看整改通知");
  if (f.state && *f.state != "open" && *f.state != "done" && *f.state != "not_done")
    return invalid("state", "应为 open、done 或 not_done");
  store::RectificationQuery q;
  if (!AccessPolicy::sees_all(call.actor)) q.visible_to_department = call.actor.department_id;
  q.state = f.state;
  q.place_id = f.place_id;
  q.overdue_only = f.overdue_only;
  q.issued_from = f.issued_from;
  q.issued_to = f.issued_to;
  q.now = now_ms();
  q.limit = limit;
  q.offset = offset;
  return ctx_.db.read([&](soci::session& s) -> Result<Page<store::RectificationOrder>> {
    Page<store::RectificationOrder> page;
    auto rows = store::InspectionRepository::list_rectifications(s, q, &page.total);
    if (!rows) return tl::unexpected(rows.error());
    page.items = std::move(*rows);
    return page;
  });
}

}  // namespace qf::service
