#include "service/transport_check_service.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

#include "core/text.h"
#include "core/clock.h"
#include "core/tip_rules.h"
#include "core/utf8.h"
#include "law/jurisdiction.h"
#include "service/audit_writer.h"
#include "service/field_cipher.h"
#include "service/species_catalog_service.h"
#include "store/department_repository.h"
#include "store/evidence_repository.h"

namespace qf::service {
namespace {

using json = nlohmann::json;
constexpr const char* kEntity = "transport_check";
constexpr std::size_t kMaxText = 2000;
constexpr std::size_t kMaxField = 200;

struct Label {
  std::string_view code, label;
};

constexpr Label kKinds[] = {{"checkpoint", "公路检查站"},
                            {"logistics", "物流寄递"},
                            {"express", "快递"},
                            {"bus_station", "客运站"},
                            {"other", "其他"}};

constexpr Label kFindings[] = {{"none", "未发现"},
                               {"wildlife", "野生动物"},
                               {"wildlife_product", "野生动物制品"},
                               {"banned_tool", "禁用猎捕工具/渔具"},
                               {"other", "其他"}};

template <std::size_t N>
std::optional<std::string_view> label_of(const Label (&labels)[N], std::string_view code) {
  for (const auto& l : labels)
    if (l.code == code) return l.label;
  return std::nullopt;
}

bool is_staff(const Actor& a) {
  return a.is_cli || (a.role != Role::kIntegration && a.role != Role::kAdmin);
}

json optional_json(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }
json optional_json(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

Status check_input(const NewTransportCheck& in) {
  std::vector<FieldError> errors;
  auto need = [&](bool ok, const char* field, std::string message) {
    if (!ok) errors.push_back({field, std::move(message)});
  };
  auto text = [&](const std::string& v, const char* field, std::size_t max) {
    if (v.size() > max)
      errors.push_back({field, "过长（最多 " + std::to_string(max) + " 字节）"});
    else if (!is_valid_utf8(v))
      errors.push_back({field, "含无效的 UTF-8 字节"});
  };
  need(label_of(kKinds, in.kind).has_value(), "kind",
       "应为 checkpoint、logistics、express、bus_station 或 other");
  need(in.checked_at > 0 && in.checked_at <= now_ms() + 3600 * 1000, "checked_at",
       "请填写检查时间（不能晚于现在）");
  need(in.lon.has_value() == in.lat.has_value(), "lon", "经纬度应同时填写");
  if (in.lon) need(*in.lon >= -180 && *in.lon <= 180, "lon", "经度应在 -180 到 180 之间");
  if (in.lat) need(*in.lat >= -90 && *in.lat <= 90, "lat", "纬度应在 -90 到 90 之间");
  need(!((in.kind == "logistics" || in.kind == "express") && is_blank(in.company)), "company",
       "物流寄递、快递检查须填写企业名称");
  need(label_of(kFindings, in.finding).has_value(), "finding",
       "应为 none、wildlife、wildlife_product、banned_tool 或 other");
  need(in.finding == "none" || !is_blank(in.finding_note) || !is_blank(in.species_text), "finding_note",
       "有发现时请说明发现情况或物种");
  need(!in.quantity || *in.quantity >= 0, "quantity", "数量不能为负");
  need(!in.weight_kg || (*in.weight_kg >= 0 && std::isfinite(*in.weight_kg)), "weight_kg",
       "重量不能为负");
  text(in.place_text, "place_text", 500);
  text(in.company, "company", kMaxField);
  text(in.waybill_no, "waybill_no", kMaxField);
  text(in.sender_name, "sender_name", kMaxField);
  text(in.sender_phone, "sender_phone", 64);
  text(in.receiver_name, "receiver_name", kMaxField);
  text(in.receiver_phone, "receiver_phone", 64);
  text(in.vehicle_plate, "vehicle_plate", 32);
  text(in.route_origin, "route_origin", kMaxField);
  text(in.route_destination, "route_destination", kMaxField);
  text(in.goods, "goods", kMaxText);
  text(in.finding_note, "finding_note", kMaxText);
  text(in.species_text, "species_text", kMaxField);
  need(in.evidence_ids.size() <= 50, "evidence_ids", "最多关联 50 个证据文件");
  if (!errors.empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});
  return {};
}

Status check_evidence(soci::session& s, const CallContext& call,
                      const std::vector<std::int64_t>& ids) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto ev = store::EvidenceRepository::find_by_id(s, ids[i]);
    if (!ev) return tl::unexpected(ev.error());
    auto shares = store::RecordShareRepository::departments(s, "evidence", ids[i]);
    if (!shares) return tl::unexpected(shares.error());
    if (!*ev ||
        !AccessPolicy::can_see(call.actor, RecordScope{(*ev)->owner_department_id, *shares}))
      return invalid("evidence_ids/" + std::to_string(i),
                     "证据文件不存在: " + std::to_string(ids[i]));
  }
  return {};
}

std::vector<std::int64_t> evidence_of(const store::TransportCheck& c) {
  std::vector<std::int64_t> out;
  auto j = json::parse(c.evidence_ids_json, nullptr, false);
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_number_integer()) out.push_back(v.get<std::int64_t>());
  return out;
}

Result<RecordScope> scope_of(soci::session& s, const store::TransportCheck& c) {
  auto shares = store::RecordShareRepository::departments(s, kEntity, c.id);
  if (!shares) return tl::unexpected(shares.error());
  return RecordScope{c.owner_department_id, std::move(*shares)};
}

// The owner department and the office read the personal fields of a
// check's detail; everyone else reads them masked.
bool reads_personal(const Actor& a, const store::TransportCheck& c) {
  if (a.is_cli || a.role == Role::kOffice) return true;
  return (a.role == Role::kLeader || a.role == Role::kOfficer) &&
         a.department_id == c.owner_department_id;
}

// The audit keeps what was checked and found, never the personal fields.
json audit_snapshot(const store::TransportCheck& c) {
  return {{"id", c.id},
          {"kind", c.kind},
          {"place_text", c.place_text},
          {"checked_at", format_iso8601(c.checked_at)},
          {"company", c.company_name},
          {"waybill_no", c.waybill_no},
          {"vehicle_plate", c.vehicle_plate},
          {"route_origin", c.route_origin},
          {"route_destination", c.route_destination},
          {"spot_check", c.spot_check},
          {"finding", c.finding},
          {"species_text", c.species_text},
          {"quantity", optional_json(c.quantity)},
          {"weight_kg", optional_json(c.weight_kg)},
          {"evidence_ids", json::parse(c.evidence_ids_json, nullptr, false)},
          {"owner_department", c.owner_department_code},
          {"case_id", optional_json(c.case_id)},
          {"transfer_id", optional_json(c.transfer_id)},
          {"handed_to", c.handed_to_department_code},
          {"version", c.version}};
}

std::string format_weight(double kg) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", kg);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

std::string truncate_utf8(const std::string& s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

struct Target {
  std::string code;
  std::vector<std::string> reasons;
};

// Who receives the matter by the plan's 六 when the checker names nobody.
Result<Target> default_target(soci::session& s, ServiceContext& ctx,
                              const store::TransportCheck& c) {
  if (c.finding == "banned_tool")
    return Target{
        "SJ",
        {"市场监管：依法严肃查处非法出售禁用猎捕工具、非法网具、禁用渔具等违法行为（五(四)）"}};
  law::Habitat habitat = law::Habitat::kTerrestrial;
  if (!is_blank(c.species_text)) {
    auto catalog = SpeciesCatalogService(ctx).catalog(s);
    if (!catalog) return tl::unexpected(catalog.error());
    const auto records = (*catalog)->resolve(trimmed(c.species_text));
    const bool aquatic =
        !records.empty() && std::all_of(records.begin(), records.end(), [](const auto* r) {
          return r->habitat == law::Habitat::kAquatic;
        });
    if (aquatic) habitat = law::Habitat::kAquatic;
  }
  auto j = law::decide_jurisdiction(habitat, law::Behaviour::kTransport, "road_transport");
  if (!j) return tl::unexpected(j.error());
  Target t{j->lead, {}};
  if (!j->reasons.empty()) t.reasons.push_back(j->reasons.front());
  return t;
}

}  // namespace

std::optional<std::string_view> transport_check_kind_label(std::string_view kind) {
  return label_of(kKinds, kind);
}

std::optional<std::string_view> transport_finding_label(std::string_view finding) {
  return label_of(kFindings, finding);
}

json to_json(const TransportCheckView& v) {
  const auto& c = v.check;
  return {{"id", c.id},
          {"kind", c.kind},
          {"kind_label", transport_check_kind_label(c.kind).value_or("")},
          {"place_text", c.place_text},
          {"lon", optional_json(c.lon)},
          {"lat", optional_json(c.lat)},
          {"checked_at", format_iso8601(c.checked_at)},
          {"company_id", optional_json(c.company_id)},
          {"company", c.company_name},
          {"waybill_no", c.waybill_no},
          {"sender_name", v.sender_name},
          {"sender_phone", v.sender_phone},
          {"receiver_name", v.receiver_name},
          {"receiver_phone", v.receiver_phone},
          {"personal_revealed", v.personal_revealed},
          {"vehicle_plate", c.vehicle_plate},
          {"route_origin", c.route_origin},
          {"route_destination", c.route_destination},
          {"goods", c.goods},
          {"spot_check", c.spot_check},
          {"finding", c.finding},
          {"finding_label", transport_finding_label(c.finding).value_or("")},
          {"finding_note", c.finding_note},
          {"species_text", c.species_text},
          {"quantity", optional_json(c.quantity)},
          {"weight_kg", optional_json(c.weight_kg)},
          {"evidence_ids", v.evidence_ids},
          {"owner_department", c.owner_department_code},
          {"case_id", optional_json(c.case_id)},
          {"transfer_id", optional_json(c.transfer_id)},
          {"handed_to",
           c.handed_to_department_code.empty() ? json(nullptr) : json(c.handed_to_department_code)},
          {"handed_over_at", format_iso8601(c.handed_over_at)},
          {"created_by", c.created_by},
          {"version", c.version},
          {"created_at", format_iso8601(c.created_at)},
          {"updated_at", format_iso8601(c.updated_at)}};
}

json to_json(const HandoverResult& r) {
  return {{"check", to_json(r.check)},
          {"case",
           {{"id", r.created_case.record.id},
            {"number", r.created_case.record.number},
            {"title", r.created_case.record.title},
            {"state", r.created_case.record.state},
            {"owner_department", r.created_case.record.owner_department_code}}},
          {"transfer", to_json(r.transfer)},
          {"reasons", r.reasons}};
}

json to_json(const store::CompanyCompliance& c) {
  return {{"id", c.company.id},
          {"name", c.company.name},
          {"checks", c.checks},
          {"spot_checks", c.spot_checks},
          {"findings", c.findings},
          {"handed_over", c.handed_over},
          {"last_checked_at", format_iso8601(c.last_checked_at)}};
}

Result<TransportCheckView> TransportCheckService::view_of(const CallContext& call,
                                                          store::TransportCheck c, bool detail) {
  TransportCheckView v;
  v.personal_revealed = detail && reads_personal(call.actor, c);
  const bool sealed = !c.sender_name_enc.empty() || !c.sender_phone_enc.empty() ||
                      !c.receiver_name_enc.empty() || !c.receiver_phone_enc.empty();
  if (sealed) {
    auto cipher = FieldCipher::from_key(ctx_.security.data_key);
    auto open = [&](const std::string& value) -> std::string {
      if (value.empty()) return {};
      auto plain =
          cipher ? cipher->open(value) : Result<std::string>(tl::unexpected(cipher.error()));
      if (!plain) {
        spdlog::warn("transport check {}: personal field not readable: {}", c.id,
                     plain.error().message);
        return v.personal_revealed ? "（无法解密）" : "***";
      }
      return *plain;
    };
    auto name = [&](const std::string& value) {
      std::string plain = open(value);
      std::string shown = v.personal_revealed ? plain : mask_name(plain);
      sodium_memzero(plain.data(), plain.size());
      return shown;
    };
    auto phone = [&](const std::string& value) {
      std::string plain = open(value);
      std::string shown = v.personal_revealed ? plain : mask_phone(plain);
      sodium_memzero(plain.data(), plain.size());
      return shown;
    };
    v.sender_name = name(c.sender_name_enc);
    v.sender_phone = phone(c.sender_phone_enc);
    v.receiver_name = name(c.receiver_name_enc);
    v.receiver_phone = phone(c.receiver_phone_enc);
  }
  v.evidence_ids = evidence_of(c);
  v.check = std::move(c);
  return v;
}

Result<TransportCheckView> TransportCheckService::record(const CallContext& call,
                                                         const NewTransportCheck& in) {
  if (!AccessPolicy::allows(call.actor, Action::kRecordTransportChecks))
    return forbidden("只有公安、交通运输部门或协调机制办公室可以登记运输检查");
  if (call.actor.department_id == 0 && !call.actor.is_cli)
    return forbidden("登记运输检查须属于一个部门");
  if (auto ok = check_input(in); !ok) return tl::unexpected(ok.error());
  auto cipher = FieldCipher::from_key(ctx_.security.data_key);
  if (!cipher) return tl::unexpected(cipher.error());
  auto stored = ctx_.db.transact([&](soci::session& s) -> Result<store::TransportCheck> {
    if (auto ok = check_evidence(s, call, in.evidence_ids); !ok) return tl::unexpected(ok.error());
    store::TransportCheck c;
    c.kind = in.kind;
    c.place_text = trimmed(in.place_text);
    c.lon = in.lon;
    c.lat = in.lat;
    c.checked_at = in.checked_at;
    if (!is_blank(in.company)) {
      auto company = store::TransportCheckRepository::company_by_name(s, trimmed(in.company));
      if (!company) return tl::unexpected(company.error());
      c.company_id = company->id;
    }
    c.waybill_no = trimmed(in.waybill_no);
    c.sender_name_enc = cipher->seal(trimmed(in.sender_name));
    c.sender_phone_enc = cipher->seal(trimmed(in.sender_phone));
    c.receiver_name_enc = cipher->seal(trimmed(in.receiver_name));
    c.receiver_phone_enc = cipher->seal(trimmed(in.receiver_phone));
    c.vehicle_plate = trimmed(in.vehicle_plate);
    c.route_origin = trimmed(in.route_origin);
    c.route_destination = trimmed(in.route_destination);
    c.goods = in.goods;
    c.spot_check = in.spot_check;
    c.finding = in.finding;
    c.finding_note = in.finding_note;
    c.species_text = trimmed(in.species_text);
    c.quantity = in.quantity;
    c.weight_kg = in.weight_kg;
    c.evidence_ids_json = json(in.evidence_ids).dump();
    if (call.actor.department_id != 0) {
      c.owner_department_id = call.actor.department_id;
    } else {  // the console operator records for the office
      auto office = store::DepartmentRepository::find_by_code(s, "OFFICE");
      if (!office) return tl::unexpected(office.error());
      if (!*office) return invalid("department", "缺少协调机制办公室");
      c.owner_department_id = (*office)->id;
    }
    c.created_by = call.actor.user_id;
    auto inserted = store::TransportCheckRepository::insert(s, std::move(c));
    if (!inserted) return tl::unexpected(inserted.error());
    if (auto a = audit(s, call, "transport_check.create", kEntity, std::to_string(inserted->id),
                       nullptr, audit_snapshot(*inserted));
        !a)
      return tl::unexpected(a.error());
    return inserted;
  });
  if (!stored) return tl::unexpected(stored.error());
  return view_of(call, std::move(*stored), true);
}

Result<Page<TransportCheckView>> TransportCheckService::list(const CallContext& call,
                                                             const TransportCheckFilters& f) {
  if (!is_staff(call.actor)) return forbidden();
  std::vector<FieldError> errors;
  if (f.kind && !label_of(kKinds, *f.kind))
    errors.push_back({"kind", "应为 checkpoint、logistics、express、bus_station 或 other"});
  if (f.finding && *f.finding != "any" && !label_of(kFindings, *f.finding))
    errors.push_back(
        {"finding", "应为 any、none、wildlife、wildlife_product、banned_tool 或 other"});
  if (f.checked_from && f.checked_to && *f.checked_from >= *f.checked_to)
    errors.push_back({"to", "结束时间应晚于开始时间"});
  if (!errors.empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});
  auto rows = ctx_.db.read([&](soci::session& s) -> Result<Page<store::TransportCheck>> {
    store::TransportCheckQuery q;
    if (!AccessPolicy::sees_all(call.actor)) q.visible_to_department = call.actor.department_id;
    q.kind = f.kind;
    q.finding = f.finding;
    q.company_id = f.company_id;
    q.checked_from = f.checked_from;
    q.checked_to = f.checked_to;
    q.limit = f.limit;
    q.offset = f.offset;
    Page<store::TransportCheck> page;
    auto items = store::TransportCheckRepository::list(s, q, &page.total);
    if (!items) return tl::unexpected(items.error());
    page.items = std::move(*items);
    return page;
  });
  if (!rows) return tl::unexpected(rows.error());
  Page<TransportCheckView> out;
  out.total = rows->total;
  for (auto& c : rows->items) {
    auto v = view_of(call, std::move(c), false);
    if (!v) return tl::unexpected(v.error());
    out.items.push_back(std::move(*v));
  }
  return out;
}

Result<TransportCheckView> TransportCheckService::get(const CallContext& call, std::int64_t id) {
  if (!is_staff(call.actor)) return forbidden();
  auto found = ctx_.db.read([&](soci::session& s) -> Result<store::TransportCheck> {
    auto c = store::TransportCheckRepository::find_by_id(s, id);
    if (!c) return tl::unexpected(c.error());
    if (!*c) return not_found("运输检查记录不存在");
    auto scope = scope_of(s, **c);
    if (!scope) return tl::unexpected(scope.error());
    if (!AccessPolicy::can_see(call.actor, *scope)) return not_found("运输检查记录不存在");
    return **c;
  });
  if (!found) return tl::unexpected(found.error());
  return view_of(call, std::move(*found), true);
}

Result<HandoverResult> TransportCheckService::handover(const CallContext& call, std::int64_t id,
                                                       const HandoverRequest& r) {
  if (!AccessPolicy::allows(call.actor, Action::kRecordTransportChecks))
    return forbidden("只有公安、交通运输部门或协调机制办公室可以移交运输检查发现");
  if (r.department_code && *r.department_code != "LC" && *r.department_code != "NY" &&
      *r.department_code != "SJ")
    return invalid("department_code", "应为 LC（林草）、NY（农业农村）或 SJ（市场监管）");
  if (r.note.size() > 4000) return invalid("note", "说明过长");
  auto done = ctx_.db.transact([&](soci::session& s) -> Result<HandoverResult> {
    auto found = store::TransportCheckRepository::find_by_id(s, id);
    if (!found) return tl::unexpected(found.error());
    if (!*found) return not_found("运输检查记录不存在");
    const store::TransportCheck& c = **found;
    auto scope = scope_of(s, c);
    if (!scope) return tl::unexpected(scope.error());
    if (!AccessPolicy::can_see(call.actor, *scope)) return not_found("运输检查记录不存在");
    if (c.owner_department_id != call.actor.department_id && !AccessPolicy::sees_all(call.actor))
      return forbidden("只有检查部门可以移交检查发现");
    if (c.case_id)
      return fail(ErrorCode::kConflict,
                  "该检查发现已移交（案件 #" + std::to_string(*c.case_id) + "）");
    if (c.finding == "none") return fail(ErrorCode::kConflict, "未发现问题的检查无需移交");

    Target target;
    if (r.department_code) {
      target.code = *r.department_code;
      target.reasons.push_back("检查部门指定移交");
    } else {
      auto t = default_target(s, ctx_, c);
      if (!t) return tl::unexpected(t.error());
      target = std::move(*t);
    }

    // The case is the checking department's: it found the matter and hands
    // it over (the office acting for it opens it in that department's name).
    NewCase nc;
    const std::string what = !c.species_text.empty() ? c.species_text
                             : !c.goods.empty()
                                 ? c.goods
                                 : std::string(transport_finding_label(c.finding).value_or(""));
    nc.title = truncate_utf8(
        "运输检查发现：" + what + (c.place_text.empty() ? "" : "（" + c.place_text + "）"), 300);
    nc.offence_type = "illegal_transport";
    nc.source = "transport_check";
    nc.place_type = "road_transport";
    nc.place_text = truncate_utf8(c.place_text, 500);
    nc.lon = c.lon;
    nc.lat = c.lat;
    nc.occurred_at = c.checked_at;
    if (call.actor.department_id != c.owner_department_id)
      nc.owner_department_code = c.owner_department_code;
    std::string summary = "运输检查发现（检查记录 #" + std::to_string(c.id) + "）\n";
    summary += "检查类型：" + std::string(transport_check_kind_label(c.kind).value_or("")) +
               (c.spot_check ? "（抽检）" : "") + "\n";
    summary += "检查时间：" + format_iso8601(c.checked_at) + "\n";
    if (!c.company_name.empty()) summary += "企业：" + c.company_name + "\n";
    if (!c.waybill_no.empty()) summary += "运单号：" + c.waybill_no + "\n";
    if (!c.vehicle_plate.empty()) summary += "车牌：" + c.vehicle_plate + "\n";
    if (!c.route_origin.empty() || !c.route_destination.empty())
      summary += "线路：" + c.route_origin + " → " + c.route_destination + "\n";
    if (!c.goods.empty()) summary += "货物：" + c.goods + "\n";
    summary += "发现：" + std::string(transport_finding_label(c.finding).value_or("")) + "\n";
    if (!c.species_text.empty()) summary += "物种：" + c.species_text + "\n";
    if (c.quantity) summary += "数量：" + std::to_string(*c.quantity) + " 件\n";
    if (c.weight_kg) summary += "重量：" + format_weight(*c.weight_kg) + " 千克\n";
    if (!c.finding_note.empty()) summary += "情况：" + c.finding_note + "\n";
    if (!r.note.empty()) summary += "移交说明：" + r.note + "\n";
    summary += "寄件人、收件人信息见检查记录（限检查部门和协调机制办公室查看）。";
    nc.summary = truncate_utf8(summary, 20000);

    CaseService cases(ctx_);
    auto created = cases.create(s, call, nc);
    if (!created) return tl::unexpected(created.error());

    TransferRequest tr;
    tr.to_department_code = target.code;
    tr.kind = "handover";
    tr.reason =
        truncate_utf8("运输检查发现非法运输野生动物及其制品线索，依“清风行动”方案五(五)移交查处。" +
                          (r.note.empty() ? std::string() : "\n" + r.note),
                      5000);
    for (auto evidence_id : evidence_of(c))
      tr.documents.push_back({"other_evidence", evidence_id, "运输检查证据"});
    auto transfer = cases.request_transfer(s, call, created->record.id, tr);
    if (!transfer) return tl::unexpected(transfer.error());

    store::TransportCheck linked = c;
    linked.case_id = created->record.id;
    linked.transfer_id = transfer->id;
    linked.handed_to_department_id = transfer->to_department_id;
    linked.handed_over_at = now_ms();
    auto after = store::TransportCheckRepository::record_handover(s, linked, c.version);
    if (!after) return tl::unexpected(after.error());
    // The receiver reads the check the matter came from.
    if (auto shared =
            store::RecordShareRepository::add(s, kEntity, c.id, transfer->to_department_id);
        !shared)
      return tl::unexpected(shared.error());
    json snapshot = audit_snapshot(*after);
    snapshot["reasons"] = target.reasons;
    if (auto a = audit(s, call, "transport_check.handover", kEntity, std::to_string(id),
                       audit_snapshot(c), snapshot);
        !a)
      return tl::unexpected(a.error());
    HandoverResult out;
    out.check.check = std::move(*after);
    out.created_case = std::move(*created);
    out.transfer = std::move(*transfer);
    out.reasons = std::move(target.reasons);
    return out;
  });
  if (!done) return tl::unexpected(done.error());
  auto view = view_of(call, std::move(done->check.check), true);
  if (!view) return tl::unexpected(view.error());
  done->check = std::move(*view);
  return done;
}

Result<std::vector<store::CompanyCompliance>> TransportCheckService::companies(
    const CallContext& call) {
  if (!is_staff(call.actor)) return forbidden();
  return ctx_.db.read([&](soci::session& s) {
    return store::TransportCheckRepository::compliance(
        s, AccessPolicy::sees_all(call.actor)
               ? std::nullopt
               : std::optional<std::int64_t>(call.actor.department_id));
  });
}

}  // namespace qf::service
