#include "service/tip_service.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/text.h"
#include "core/clock.h"
#include "service/audit_writer.h"
#include "service/field_cipher.h"
#include "service/representations.h"
#include "store/department_repository.h"
#include "store/evidence_repository.h"
#include "store/user_repository.h"

namespace qf::service {
namespace {

constexpr const char* kEntity = "tip";
constexpr const char* kOfficeCode = "OFFICE";

// Receipt codes: no 0/O, 1/I/L, so a code read out over the phone or copied
// from paper survives; 31 symbols × 10 ≈ 49.5 bits from libsodium, far
// beyond guessing at any request rate the server answers.
constexpr std::string_view kReceiptAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
constexpr std::size_t kReceiptLength = 10;

constexpr std::size_t kMaxContentBytes = 8000;
constexpr std::size_t kMaxTextBytes = 500;
constexpr std::size_t kMaxNameBytes = 100;
constexpr std::size_t kMaxPhoneBytes = 32;
constexpr std::size_t kMaxAttachments = 20;
constexpr int kMaxDuplicateHints = 50;

std::string new_receipt_code() {
  std::string code;
  for (std::size_t i = 0; i < kReceiptLength; ++i)
    code +=
        kReceiptAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kReceiptAlphabet.size()))];
  return code;
}

Status check_point(const std::optional<double>& lon, const std::optional<double>& lat) {
  if (lon.has_value() != lat.has_value())
    return invalid(lon ? "lat" : "lon", "经度和纬度须同时填写");
  if (lon && (*lon < -180 || *lon > 180)) return invalid("lon", "经度应在 -180 到 180 之间");
  if (lat && (*lat < -90 || *lat > 90)) return invalid("lat", "纬度应在 -90 到 90 之间");
  return {};
}

Status check_new_tip(const NewTip& t) {
  if (!term_label(tip_channels(), t.channel)) return invalid("channel", "未知渠道: " + t.channel);
  if (!t.reporter_category.empty() && !term_label(tip_reporter_categories(), t.reporter_category))
    return invalid("reporter_category", "未知举报人类别: " + t.reporter_category);
  if (t.anonymous && (!t.reporter_name.empty() || !t.reporter_phone.empty()))
    return invalid("anonymous", "匿名举报不填写姓名和电话");
  if (t.reporter_name.size() > kMaxNameBytes) return invalid("reporter_name", "姓名过长");
  if (!t.reporter_phone.empty()) {
    const auto digits = normalize_phone(t.reporter_phone);
    if (t.reporter_phone.size() > kMaxPhoneBytes || digits.size() < 5 || digits.size() > 15)
      return invalid("reporter_phone", "电话号码格式不正确");
  }
  if (is_blank(t.content)) return invalid("content", "请填写举报内容");
  if (t.content.size() > kMaxContentBytes) return invalid("content", "举报内容过长");
  if (t.place_text.size() > kMaxTextBytes) return invalid("place_text", "地点描述过长");
  if (t.species_text.size() > kMaxTextBytes) return invalid("species_text", "物种描述过长");
  if (t.occurred_at && (*t.occurred_at <= 0 || *t.occurred_at > now_ms() + 3600 * 1000))
    return invalid("occurred_at", "发生时间不能晚于现在");
  if (t.attachments.size() > kMaxAttachments)
    return invalid("attachments", "附件过多（最多 20 个）");
  return check_point(t.lon, t.lat);
}

// Who reads the reporter's identity: the office, which takes the calls and
// triages, and the one person handling the tip. Inspectors and the rest of
// the assigned department see it masked.
bool reads_reporter(const Actor& a, const store::Tip& t) {
  if (a.role == Role::kOffice) return true;
  return a.user_id != 0 && t.handler_id && *t.handler_id == a.user_id;
}

// Who works on a tip (edits, verifies, concludes, converts): the office,
// which coordinates every tip, and the leaders and officers of the
// department it is assigned to. Applied on top of AccessPolicy::can_modify.
bool works_on(const Actor& a, const store::Tip& t) {
  if (a.is_cli || a.role == Role::kOffice) return true;
  return (a.role == Role::kLeader || a.role == Role::kOfficer) && t.assigned_department_id &&
         *t.assigned_department_id == a.department_id;
}

// Assigning and merging are the office's triage (AccessPolicy: sees every
// department's records and may share them — the office, not the inspector).
bool triages(const Actor& a) {
  return AccessPolicy::sees_all(a) && AccessPolicy::allows(a, Action::kShareRecord);
}

Result<store::Department> department_by_code(soci::session& s, const std::string& code,
                                             const char* field) {
  auto d = store::DepartmentRepository::find_by_code(s, code);
  if (!d) return tl::unexpected(d.error());
  if (!*d) return invalid(field, "部门代码不存在: " + code);
  if (!(*d)->active) return invalid(field, "部门已停用: " + code);
  return **d;
}

TipFingerprint fingerprint(const store::Tip& t) {
  return TipFingerprint{t.id,
                        t.reporter_phone_hash,
                        t.occurred_at > 0 ? t.occurred_at : t.created_at,
                        t.lon,
                        t.lat,
                        t.place_text,
                        t.species_text};
}

// The snapshot the audit log keeps: never the reporter's identity.
TipView masked(TipView v) {
  if (v.reporter_revealed) {
    v.reporter_name = mask_name(v.reporter_name);
    v.reporter_phone = mask_phone(v.reporter_phone);
    v.reporter_revealed = false;
  }
  return v;
}

nlohmann::json optional_json(const std::optional<std::int64_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json optional_json(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

std::string label(const std::vector<Term>& vocabulary, const std::string& code) {
  return std::string(term_label(vocabulary, code).value_or(""));
}

}  // namespace

nlohmann::json to_json(const TipView& v) {
  const auto& t = v.tip;
  nlohmann::json suggestion = nlohmann::json::array();
  for (const auto& s : suggest_departments(t.content, t.species_text, t.place_text))
    suggestion.push_back({{"code", s.code}, {"matched", s.matched}});
  nlohmann::json suggested = nlohmann::json::array();
  std::string code;
  for (char c : t.suggested_department_code + ",") {
    if (c != ',') {
      code += c;
    } else if (!code.empty()) {
      suggested.push_back(code);
      code.clear();
    }
  }
  return {{"id", t.id},
          {"receipt_code", t.receipt_code},
          {"channel", t.channel},
          {"channel_label", label(tip_channels(), t.channel)},
          {"reporter_category", t.reporter_category},
          {"reporter_category_label", label(tip_reporter_categories(), t.reporter_category)},
          {"anonymous", t.anonymous},
          {"reporter_name", v.reporter_name},
          {"reporter_phone", v.reporter_phone},
          {"reporter_revealed", v.reporter_revealed},
          {"content", t.content},
          {"occurred_at", format_iso8601(t.occurred_at)},
          {"place_text", t.place_text},
          {"lon", optional_json(t.lon)},
          {"lat", optional_json(t.lat)},
          {"species_text", t.species_text},
          {"state", t.state},
          {"state_label", label(tip_states(), t.state)},
          {"owner_department_id", t.owner_department_id},
          {"assigned_department_id", optional_json(t.assigned_department_id)},
          {"assigned_department_code", t.assigned_department_code},
          {"suggested_departments", suggested},
          {"suggestion", suggestion},
          {"handler_id", optional_json(t.handler_id)},
          {"due_at", format_iso8601(t.due_at)},
          {"overdue", v.overdue},
          {"public_feedback", t.public_feedback},
          {"internal_note", t.internal_note},
          {"case_id", optional_json(t.case_id)},
          {"merged_into_id", optional_json(t.merged_into_id)},
          {"attachments", v.attachments},
          {"shared_with", v.shared_with},
          {"created_by", t.created_by},
          {"state_changed_at", format_iso8601(t.state_changed_at)},
          {"version", t.version},
          {"created_at", format_iso8601(t.created_at)},
          {"updated_at", format_iso8601(t.updated_at)}};
}

nlohmann::json to_json(const TipProgress& p) {
  return {{"receipt_code", p.receipt_code},
          {"state", p.state},
          {"state_label", label(tip_states(), p.state)},
          {"public_feedback", p.public_feedback},
          {"received_at", format_iso8601(p.received_at)},
          {"last_progress_at", format_iso8601(p.state_changed_at)}};
}

Result<TipView> TipService::view_of(soci::session& s, const CallContext& call, store::Tip tip) {
  TipView v;
  v.reporter_revealed = reads_reporter(call.actor, tip);
  if (!tip.reporter_name_enc.empty() || !tip.reporter_phone_enc.empty()) {
    auto cipher = FieldCipher::from_key(ctx_.security.data_key);
    auto open = [&](const std::string& sealed) -> std::string {
      if (sealed.empty()) return {};
      auto plain =
          cipher ? cipher->open(sealed) : Result<std::string>(tl::unexpected(cipher.error()));
      if (!plain) {
        spdlog::warn("tip {}: reporter field not readable: {}", tip.id, plain.error().message);
        return v.reporter_revealed ? "（无法解密）" : "***";
      }
      return *plain;
    };
    std::string name = open(tip.reporter_name_enc), phone = open(tip.reporter_phone_enc);
    v.reporter_name = v.reporter_revealed ? name : mask_name(name);
    v.reporter_phone = v.reporter_revealed ? phone : mask_phone(phone);
    sodium_memzero(name.data(), name.size());
    sodium_memzero(phone.data(), phone.size());
  }
  auto attachments = store::TipRepository::attachments(s, tip.id);
  if (!attachments) return tl::unexpected(attachments.error());
  auto shares = store::RecordShareRepository::departments(s, kEntity, tip.id);
  if (!shares) return tl::unexpected(shares.error());
  v.attachments = std::move(*attachments);
  v.shared_with = std::move(*shares);
  v.overdue = tip_overdue(tip.state, tip.due_at, now_ms());
  v.tip = std::move(tip);
  return v;
}

Result<TipView> TipService::load_visible(soci::session& s, const CallContext& call,
                                         std::int64_t id) {
  auto tip = store::TipRepository::find_by_id(s, id);
  if (!tip) return tl::unexpected(tip.error());
  if (!*tip) return not_found("线索不存在");
  auto shares = store::RecordShareRepository::departments(s, kEntity, id);
  if (!shares) return tl::unexpected(shares.error());
  if (!AccessPolicy::can_see(call.actor, RecordScope{(*tip)->owner_department_id, *shares}))
    return not_found("线索不存在");
  return view_of(s, call, std::move(**tip));
}

Status TipService::write_audit(soci::session& s, const CallContext& call, const std::string& action,
                               const std::optional<TipView>& before, const TipView& after,
                               nlohmann::json extra) {
  nlohmann::json after_json = to_json(masked(after));
  if (!extra.empty()) after_json["step"] = std::move(extra);
  return audit(s, call, action, kEntity, std::to_string(after.tip.id),
               before ? to_json(masked(*before)) : nlohmann::json(nullptr), after_json);
}

Result<store::Tip> TipService::insert(soci::session& s, const NewTip& nt, std::int64_t created_by) {
  auto office = department_by_code(s, kOfficeCode, "department");
  if (!office) return tl::unexpected(office.error());
  store::Tip t;
  // A clash of 50-bit codes is all but impossible; checking keeps the
  // UNIQUE constraint from ever turning a submission into an error.
  for (int attempt = 0; attempt < 5 && t.receipt_code.empty(); ++attempt) {
    auto code = new_receipt_code();
    auto existing = store::TipRepository::find_by_receipt(s, code);
    if (!existing) return tl::unexpected(existing.error());
    if (!*existing) t.receipt_code = code;
  }
  if (t.receipt_code.empty()) return fail(ErrorCode::kInternal, "无法生成查询码");
  t.channel = nt.channel;
  t.reporter_category = nt.reporter_category;
  t.anonymous = nt.anonymous;
  if (!nt.reporter_name.empty() || !nt.reporter_phone.empty()) {
    auto cipher = FieldCipher::from_key(ctx_.security.data_key);
    if (!cipher) return tl::unexpected(cipher.error());
    t.reporter_name_enc = cipher->seal(nt.reporter_name);
    t.reporter_phone_enc = cipher->seal(nt.reporter_phone);
    t.reporter_phone_hash = cipher->blind_index(normalize_phone(nt.reporter_phone));
  }
  t.content = nt.content;
  t.occurred_at = nt.occurred_at.value_or(0);
  t.place_text = nt.place_text;
  t.lon = nt.lon;
  t.lat = nt.lat;
  t.species_text = nt.species_text;
  t.state = std::string(tip_state::kPending);
  t.owner_department_id = office->id;
  t.suggested_department_code =
      suggestion_codes(suggest_departments(t.content, t.species_text, t.place_text));
  const std::int64_t now = now_ms();
  t.due_at = tip_due_at(t.state, now, settings_.deadlines);
  t.state_changed_at = now;
  t.created_by = created_by;
  return store::TipRepository::insert(s, t);
}

// Photos of a public tip, only once the submission is within its limit:
// evidence of the office (which triages the tip), uploaded by the system
// account "public-web". Bytes stored for a submission that then fails are
// orphans the content addressing makes harmless.
Status TipService::attach_public_photos(soci::session& s, const CallContext& call,
                                        std::int64_t tip_id,
                                        const std::vector<PublicPhoto>& photos) {
  if (photos.empty()) return {};
  auto office = store::DepartmentRepository::find_by_code(s, "OFFICE");
  if (!office) return tl::unexpected(office.error());
  if (!*office) return fail(ErrorCode::kInternal, "协调机制办公室未配置");
  auto uploader = store::UserRepository::find_by_username(s, "public-web");
  if (!uploader) return tl::unexpected(uploader.error());
  if (!*uploader) {
    store::User u;
    u.username = "public-web";
    u.display_name = "公众网上举报（系统账户，不能登录）";
    u.role = Role::kIntegration;
    u.department_id = (*office)->id;
    u.disabled = true;  // no password and disabled: never a login
    auto created = store::UserRepository::insert(s, u);
    if (!created) return tl::unexpected(created.error());
    *uploader = *created;
  }
  for (std::size_t i = 0; i < photos.size(); ++i) {
    auto blob = ctx_.blobs.put_bytes(photos[i].bytes, kMaxPublicPhotoBytes);
    if (!blob) return tl::unexpected(blob.error());
    if (blob->type.mime.rfind("image/", 0) != 0)
      return invalid("photos/" + std::to_string(i),
                     "只接受照片（JPEG、PNG 等图片），收到的是 " + blob->type.mime);
    store::EvidenceFile f;
    f.sha256 = blob->sha256;
    f.size = static_cast<std::int64_t>(blob->size);
    f.mime = blob->type.mime;
    f.original_name = photos[i].name.empty() ? "举报照片" : photos[i].name.substr(0, 255);
    f.description = "公众网上举报附带照片";
    f.owner_department_id = (*office)->id;
    f.uploaded_by = (*uploader)->id;
    auto ev = store::EvidenceRepository::insert(s, f);
    if (!ev) return tl::unexpected(ev.error());
    if (auto added = store::TipRepository::add_attachment(s, tip_id, ev->id); !added)
      return tl::unexpected(added.error());
    if (auto a = audit(s, call, "evidence.upload", "evidence", std::to_string(ev->id), nullptr,
                       to_json(*ev));
        !a)
      return tl::unexpected(a.error());
  }
  return {};
}

Result<std::string> TipService::submit_public(const CallContext& call, NewTip nt,
                                              const std::vector<PublicPhoto>& photos) {
  nt.channel = std::string(kPublicWebChannel);
  // The public cannot name evidence files; photos come with the tip itself.
  if (!nt.attachments.empty()) return invalid("attachments", "请以 photos 随举报上传照片");
  if (photos.size() > kMaxPublicPhotos)
    return invalid("photos", "照片最多 " + std::to_string(kMaxPublicPhotos) + " 张");
  for (std::size_t i = 0; i < photos.size(); ++i) {
    if (photos[i].bytes.empty()) return invalid("photos/" + std::to_string(i), "照片为空");
    if (photos[i].bytes.size() > kMaxPublicPhotoBytes)
      return fail(ErrorCode::kTooLarge,
                  "每张照片不超过 " + std::to_string(kMaxPublicPhotoBytes >> 20) + " MB");
  }
  if (auto ok = check_new_tip(nt); !ok) return tl::unexpected(ok.error());
  return ctx_.db.transact([&](soci::session& s) -> Result<std::string> {
    const std::int64_t now = now_ms();
    const std::string subject =
        "tip:" + (call.client_address.empty() ? std::string("unknown") : call.client_address);
    auto window = store::TipRepository::hit_rate_limit(s, subject, now, settings_.public_window_ms);
    if (!window) return tl::unexpected(window.error());
    if (window->hits > settings_.public_submissions_per_window) {
      // Returning the error rolls the count back: refused attempts do not
      // extend the window.
      Error e{ErrorCode::kLocked, "提交过于频繁", {}, 0};
      const std::int64_t until = window->window_started_at + settings_.public_window_ms;
      e.retry_after_seconds =
          static_cast<int>(std::max<std::int64_t>(1, (until - now + 999) / 1000));
      e.message += "，请于 " + std::to_string((e.retry_after_seconds + 59) / 60) +
                   " 分钟后重试，或拨打举报电话 0955-8812769";
      return tl::unexpected(e);
    }
    auto tip = insert(s, nt, 0);
    if (!tip) return tl::unexpected(tip.error());
    if (auto ok = attach_public_photos(s, call, tip->id, photos); !ok)
      return tl::unexpected(ok.error());
    auto view = view_of(s, call, *tip);
    if (!view) return tl::unexpected(view.error());
    if (auto a = write_audit(s, call, "tip.submit", std::nullopt, *view); !a)
      return tl::unexpected(a.error());
    return tip->receipt_code;
  });
}

Result<TipProgress> TipService::progress(const std::string& receipt_code) {
  std::string code;
  for (char c : receipt_code)
    code += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (code.size() != kReceiptLength ||
      code.find_first_not_of(kReceiptAlphabet) != std::string::npos)
    return not_found("查询码不存在");
  auto tip = ctx_.db.read(
      [&](soci::session& s) { return store::TipRepository::find_by_receipt(s, code); });
  if (!tip) return tl::unexpected(tip.error());
  if (!*tip) return not_found("查询码不存在");
  const auto& t = **tip;
  return TipProgress{t.receipt_code, t.state, t.public_feedback, t.created_at, t.state_changed_at};
}

Result<TipView> TipService::create(const CallContext& call, const NewTip& nt) {
  return ctx_.db.transact([&](soci::session& s) -> Result<TipView> { return create(s, call, nt); });
}

Result<TipView> TipService::create(soci::session& s, const CallContext& call, const NewTip& nt) {
  if (!AccessPolicy::allows(call.actor, Action::kCreateRecord)) return forbidden();
  if (nt.channel == kPublicWebChannel)
    return invalid("channel", "public_web 仅用于公众网上举报，请选择实际渠道");
  if (auto ok = check_new_tip(nt); !ok) return tl::unexpected(ok.error());
  for (auto evidence_id : nt.attachments) {
    auto ev = store::EvidenceRepository::find_by_id(s, evidence_id);
    if (!ev) return tl::unexpected(ev.error());
    auto shares = store::RecordShareRepository::departments(s, "evidence", evidence_id);
    if (!shares) return tl::unexpected(shares.error());
    if (!*ev ||
        !AccessPolicy::can_see(call.actor, RecordScope{(*ev)->owner_department_id, *shares}))
      return invalid("attachments", "证据文件不存在: " + std::to_string(evidence_id));
  }
  auto tip = insert(s, nt, call.actor.user_id);
  if (!tip) return tl::unexpected(tip.error());
  for (auto evidence_id : nt.attachments)
    if (auto added = store::TipRepository::add_attachment(s, tip->id, evidence_id); !added)
      return tl::unexpected(added.error());
  auto view = view_of(s, call, *tip);
  if (!view) return view;
  if (auto a = write_audit(s, call, "tip.create", std::nullopt, *view); !a)
    return tl::unexpected(a.error());
  return view;
}

Result<Page<TipView>> TipService::list(const CallContext& call, const TipQueryParams& p) {
  if (p.state && !term_label(tip_states(), *p.state))
    return invalid("state", "未知状态: " + *p.state);
  if (p.channel && !term_label(tip_channels(), *p.channel))
    return invalid("channel", "未知渠道: " + *p.channel);
  if (!p.sort.empty() && std::find(store::tip_sort_keys().begin(), store::tip_sort_keys().end(),
                                   p.sort) == store::tip_sort_keys().end())
    return invalid("sort", "排序应为 created、due（前加 - 为倒序）");
  return ctx_.db.read([&](soci::session& s) -> Result<Page<TipView>> {
    store::TipQuery q;
    if (!AccessPolicy::sees_all(call.actor)) q.visible_to_department = call.actor.department_id;
    q.state = p.state;
    q.channel = p.channel;
    if (p.assigned_department_code) {
      auto d = store::DepartmentRepository::find_by_code(s, *p.assigned_department_code);
      if (!d) return tl::unexpected(d.error());
      if (!*d) return invalid("department", "部门代码不存在: " + *p.assigned_department_code);
      q.assigned_department_id = (*d)->id;
    }
    if (p.overdue_only) q.overdue_at = now_ms();
    if (p.search && !p.search->empty()) q.search = p.search;
    if (p.mine) q.handler_id = call.actor.user_id;
    q.created_from = p.created_from;
    q.created_to = p.created_to;
    q.sort = p.sort;
    q.limit = p.limit;
    q.offset = p.offset;
    Page<TipView> page;
    auto tips = store::TipRepository::list(s, q, &page.total);
    if (!tips) return tl::unexpected(tips.error());
    for (auto& t : *tips) {
      auto v = view_of(s, call, std::move(t));
      if (!v) return tl::unexpected(v.error());
      page.items.push_back(std::move(*v));
    }
    return page;
  });
}

Result<TipView> TipService::get(const CallContext& call, std::int64_t id) {
  return ctx_.db.read([&](soci::session& s) { return load_visible(s, call, id); });
}

Result<TipView> TipService::update(const CallContext& call, std::int64_t id, const TipChanges& c,
                                   int expected_version) {
  if (c.content && is_blank(*c.content)) return invalid("content", "请填写举报内容");
  if (c.content && c.content->size() > kMaxContentBytes) return invalid("content", "举报内容过长");
  if (c.place_text && c.place_text->size() > kMaxTextBytes)
    return invalid("place_text", "地点描述过长");
  if (c.species_text && c.species_text->size() > kMaxTextBytes)
    return invalid("species_text", "物种描述过长");
  if (c.public_feedback && c.public_feedback->size() > kMaxContentBytes)
    return invalid("public_feedback", "反馈内容过长");
  if (auto ok = check_point(c.lon, c.lat); !ok) return tl::unexpected(ok.error());
  return ctx_.db.transact([&](soci::session& s) -> Result<TipView> {
    auto before = load_visible(s, call, id);
    if (!before) return before;
    store::Tip t = before->tip;
    if (!AccessPolicy::can_modify(call.actor,
                                  RecordScope{t.owner_department_id, before->shared_with}) ||
        !works_on(call.actor, t))
      return forbidden();
    if (c.content) t.content = *c.content;
    if (c.place_text) t.place_text = *c.place_text;
    if (c.lon) {
      t.lon = c.lon;
      t.lat = c.lat;
    }
    if (c.species_text) t.species_text = *c.species_text;
    if (c.public_feedback) t.public_feedback = *c.public_feedback;
    if (c.content || c.place_text || c.species_text)
      t.suggested_department_code =
          suggestion_codes(suggest_departments(t.content, t.species_text, t.place_text));
    if (c.handler_id) {
      // The handler reads the reporter's identity: chosen by the office or
      // the assigned department's leader, from that department.
      const bool may_choose = call.actor.role == Role::kOffice || call.actor.is_cli ||
                              (call.actor.role == Role::kLeader &&
                               t.assigned_department_id == call.actor.department_id);
      if (!may_choose) return forbidden("只有协调机制办公室或承办部门负责人可以指定承办人");
      if (*c.handler_id == 0) {
        t.handler_id.reset();
      } else {
        auto u = store::UserRepository::find_by_id(s, *c.handler_id);
        if (!u) return tl::unexpected(u.error());
        if (!*u || (*u)->disabled) return invalid("handler_id", "承办人不存在或已停用");
        const auto& user = **u;
        const bool handles =
            user.role == Role::kOffice || user.role == Role::kLeader || user.role == Role::kOfficer;
        const bool in_department = t.assigned_department_id
                                       ? user.department_id == *t.assigned_department_id
                                       : user.department_id == t.owner_department_id;
        if (!handles || !in_department)
          return invalid("handler_id", "承办人应为承办部门的负责人或执法人员");
        t.handler_id = user.id;
      }
    }
    auto updated = store::TipRepository::update(s, t, expected_version);
    if (!updated) return tl::unexpected(updated.error());
    auto after = view_of(s, call, std::move(*updated));
    if (!after) return after;
    if (auto a = write_audit(s, call, "tip.update", *before, *after); !a)
      return tl::unexpected(a.error());
    return after;
  });
}

Result<TipView> TipService::assign(const CallContext& call, std::int64_t id,
                                   const std::string& department_code) {
  return ctx_.db.transact([&](soci::session& s) -> Result<TipView> {
    auto before = load_visible(s, call, id);
    if (!before) return before;
    if (!triages(call.actor)) return forbidden("只有协调机制办公室可以分派线索");
    store::Tip t = before->tip;
    if (auto ok = check_tip_step(t.state, tip_state::kAssigned, TipStep::kAssign); !ok)
      return tl::unexpected(ok.error());
    auto dept = department_by_code(s, department_code, "department");
    if (!dept) return tl::unexpected(dept.error());
    if (dept->kind == "office")
      return invalid("department", "请分派给承办部门，而不是协调机制办公室");
    if (t.assigned_department_id == dept->id) return before;  // nothing changes, nothing to audit
    if (t.assigned_department_id) {
      // Reassignment: the previous department's people no longer work on
      // it, and its handler would otherwise keep reading the reporter.
      auto removed =
          store::RecordShareRepository::remove(s, kEntity, id, *t.assigned_department_id);
      if (!removed) return tl::unexpected(removed.error());
      t.handler_id.reset();
    }
    auto added = store::RecordShareRepository::add(s, kEntity, id, dept->id);
    if (!added) return tl::unexpected(added.error());
    // The department needs the tip's photos and documents too.
    for (auto evidence_id : before->attachments)
      if (auto shared = store::RecordShareRepository::add(s, "evidence", evidence_id, dept->id);
          !shared)
        return tl::unexpected(shared.error());
    const std::int64_t now = now_ms();
    t.state = std::string(tip_state::kAssigned);
    t.assigned_department_id = dept->id;
    t.state_changed_at = now;
    t.due_at = tip_due_at(t.state, now, settings_.deadlines);
    auto updated = store::TipRepository::update(s, t, before->tip.version);
    if (!updated) return tl::unexpected(updated.error());
    auto after = view_of(s, call, std::move(*updated));
    if (!after) return after;
    if (auto a =
            write_audit(s, call, "tip.assign", *before, *after,
                        {{"from", before->tip.state}, {"to", t.state}, {"department", dept->code}});
        !a)
      return tl::unexpected(a.error());
    return after;
  });
}

Result<TipView> TipService::transition(const CallContext& call, std::int64_t id,
                                       const TipTransition& step) {
  if (step.note.size() > kMaxContentBytes) return invalid("note", "说明过长");
  if (step.public_feedback && step.public_feedback->size() > kMaxContentBytes)
    return invalid("public_feedback", "反馈内容过长");
  return ctx_.db.transact([&](soci::session& s) -> Result<TipView> {
    auto before = load_visible(s, call, id);
    if (!before) return before;
    store::Tip t = before->tip;
    if (!AccessPolicy::can_modify(call.actor,
                                  RecordScope{t.owner_department_id, before->shared_with}) ||
        !works_on(call.actor, t))
      return forbidden("只有协调机制办公室或承办部门可以办理线索");
    if (auto ok = check_tip_step(t.state, step.to, TipStep::kTransition); !ok)
      return tl::unexpected(ok.error());
    // An outcome without the reason behind it cannot be reviewed later.
    if (is_final_tip_state(step.to) && is_blank(step.note))
      return invalid("note", "请填写核查情况或办理结果");
    const std::int64_t now = now_ms();
    t.state = step.to;
    t.state_changed_at = now;
    t.due_at = tip_due_at(t.state, now, settings_.deadlines);
    if (!is_blank(step.note)) t.internal_note = step.note;
    if (step.public_feedback) t.public_feedback = *step.public_feedback;
    auto updated = store::TipRepository::update(s, t, before->tip.version);
    if (!updated) return tl::unexpected(updated.error());
    auto after = view_of(s, call, std::move(*updated));
    if (!after) return after;
    if (auto a = write_audit(s, call, "tip.transition", *before, *after,
                             {{"from", before->tip.state}, {"to", step.to}, {"note", step.note}});
        !a)
      return tl::unexpected(a.error());
    return after;
  });
}

Result<Case> TipService::convert(const CallContext& call, std::int64_t id,
                                 const TipConversion& conversion) {
  return ctx_.db.transact([&](soci::session& s) -> Result<Case> {
    auto before = load_visible(s, call, id);
    if (!before) return tl::unexpected(before.error());
    store::Tip t = before->tip;
    if (!AccessPolicy::can_modify(call.actor,
                                  RecordScope{t.owner_department_id, before->shared_with}) ||
        !works_on(call.actor, t))
      return forbidden("只有协调机制办公室或承办部门可以将线索转为案件");
    if (auto ok = check_tip_step(t.state, tip_state::kCaseOpened, TipStep::kConvert); !ok)
      return tl::unexpected(ok.error());
    NewCase nc;
    nc.title = conversion.title;
    nc.offence_type = conversion.offence_type;
    nc.source = "tip";
    nc.place_type = conversion.place_type;
    nc.place_text = t.place_text;
    nc.lon = t.lon;
    nc.lat = t.lat;
    nc.occurred_at = t.occurred_at;
    nc.summary = conversion.summary.value_or(t.content);
    nc.cross_region = conversion.cross_region;
    nc.tip_id = t.id;
    // The case belongs to the department the tip was assigned to, also when
    // the office converts it.
    if (t.assigned_department_id && *t.assigned_department_id != call.actor.department_id)
      nc.owner_department_code = t.assigned_department_code;
    CaseService cases(ctx_);
    auto created = cases.create(s, call, nc);
    if (!created) return tl::unexpected(created.error());
    const std::int64_t now = now_ms();
    t.state = std::string(tip_state::kCaseOpened);
    t.state_changed_at = now;
    t.due_at = 0;
    t.case_id = created->record.id;
    auto updated = store::TipRepository::update(s, t, before->tip.version);
    if (!updated) return tl::unexpected(updated.error());
    auto after = view_of(s, call, std::move(*updated));
    if (!after) return tl::unexpected(after.error());
    if (auto a = write_audit(s, call, "tip.convert", *before, *after,
                             {{"from", before->tip.state},
                              {"to", t.state},
                              {"case_id", created->record.id},
                              {"case_number", created->record.number}});
        !a)
      return tl::unexpected(a.error());
    return created;
  });
}

Result<std::vector<DuplicateHint>> TipService::duplicates(const CallContext& call,
                                                          std::int64_t id) {
  return ctx_.db.read([&](soci::session& s) -> Result<std::vector<DuplicateHint>> {
    auto tip = load_visible(s, call, id);
    if (!tip) return tl::unexpected(tip.error());
    const auto mine = fingerprint(tip->tip);
    const std::int64_t span = settings_.duplicates.max_time_apart_ms;
    std::optional<std::int64_t> visible_to;
    if (!AccessPolicy::sees_all(call.actor)) visible_to = call.actor.department_id;
    auto candidates = store::TipRepository::duplicate_candidates(
        s, id, tip->tip.reporter_phone_hash, mine.when_ms - span, mine.when_ms + span, visible_to);
    if (!candidates) return tl::unexpected(candidates.error());
    std::vector<DuplicateHint> hints;
    for (auto& other : *candidates) {
      auto reasons = duplicate_reasons(mine, fingerprint(other), settings_.duplicates);
      if (reasons.empty()) continue;
      auto v = view_of(s, call, std::move(other));
      if (!v) return tl::unexpected(v.error());
      hints.push_back(DuplicateHint{std::move(*v), std::move(reasons)});
      if (static_cast<int>(hints.size()) >= kMaxDuplicateHints) break;
    }
    return hints;
  });
}

Result<TipView> TipService::merge(const CallContext& call, std::int64_t id, std::int64_t into) {
  if (id == into) return invalid("into", "不能合并到自身");
  return ctx_.db.transact([&](soci::session& s) -> Result<TipView> {
    auto before = load_visible(s, call, id);
    if (!before) return before;
    if (!triages(call.actor)) return forbidden("只有协调机制办公室可以合并线索");
    auto target = load_visible(s, call, into);
    if (!target) {
      if (target.error().code == ErrorCode::kNotFound) return invalid("into", "目标线索不存在");
      return target;
    }
    if (target->tip.merged_into_id)
      return invalid("into", "目标线索已合并到线索 " + std::to_string(*target->tip.merged_into_id) +
                                 "，请合并到该线索");
    store::Tip t = before->tip;
    if (auto ok = check_tip_step(t.state, tip_state::kConcluded, TipStep::kMerge); !ok)
      return tl::unexpected(ok.error());
    const std::int64_t now = now_ms();
    t.state = std::string(tip_state::kConcluded);
    t.state_changed_at = now;
    t.due_at = 0;
    t.merged_into_id = into;
    t.internal_note =
        "已合并到线索 " + std::to_string(into) + "（" + target->tip.receipt_code + "）";
    if (t.public_feedback.empty())
      t.public_feedback = "您反映的情况已与其他举报合并办理，感谢您的支持。";
    auto updated = store::TipRepository::update(s, t, before->tip.version);
    if (!updated) return tl::unexpected(updated.error());
    auto after = view_of(s, call, std::move(*updated));
    if (!after) return after;
    if (auto a = write_audit(s, call, "tip.merge", *before, *after,
                             {{"from", before->tip.state}, {"to", t.state}, {"into", into}});
        !a)
      return tl::unexpected(a.error());
    return after;
  });
}

}  // namespace qf::service
