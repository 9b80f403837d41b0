#include "service/listing_service.h"

#include <algorithm>
#include <cstdio>
#include <memory>

#include "core/case_vocabulary.h"
#include "core/clock.h"
#include "core/text.h"
#include "core/utf8.h"
#include "law/law_types.h"
#include "scan/lexicon.h"
#include "scan/lexicon_matcher.h"
#include "scan/listing_scanner.h"
#include "service/audit_writer.h"
#include "service/listing_model_service.h"
#include "service/platform_notice_service.h"
#include "service/shared_listing_scanner.h"
#include "store/crypto.h"

namespace qf::service {
namespace {

using json = nlohmann::json;
constexpr const char* kEntity = "listing";

// ---- what is scanned, and spans back in the fields ------------------------

// Title and text are scanned as one document (a species in the title and
// 出售 in the text belong together); each hit is reported in the field it
// starts in, in bytes and in characters of that field.
struct ScanDocument {
  std::string text;
  std::size_t body_offset = 0;  // where the listing's text starts in `text`
  std::size_t title_size = 0;
};

ScanDocument document_of(const std::string& title, const std::string& body) {
  ScanDocument d;
  d.title_size = title.size();
  if (title.empty()) {
    d.text = body;
  } else {
    d.text = title + "\n" + body;
    d.body_offset = title.size() + 1;
  }
  return d;
}

std::size_t chars_in(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// {"field","start","end","char_start","char_end","text"} of a span of the
// scanned document.
json span_json(const ScanDocument& d, scan::ByteSpan span) {
  const bool in_title = d.title_size > 0 && span.begin < d.title_size;
  const std::size_t base = in_title ? 0 : d.body_offset;
  const std::size_t field_end = in_title ? d.title_size : d.text.size();
  const std::size_t begin = std::max<std::size_t>(span.begin, base);
  const std::size_t end = std::min<std::size_t>(span.end, field_end);
  const std::string_view field(d.text.data() + base, field_end - base);
  json j = {{"field", in_title ? "title" : "text"},
            {"start", begin - base},
            {"end", end - base},
            {"char_start", chars_in(field.substr(0, begin - base))},
            {"char_end", chars_in(field.substr(0, end - base))},
            {"text", std::string(field.substr(begin - base, end - begin))}};
  if (span.end > field_end) j["crosses_fields"] = true;
  return j;
}

json explanation_json(const ScanDocument& d, const scan::ScanVerdict& v) {
  json hits = json::array();
  for (const auto& h : v.hits) {
    json j = span_json(d, h.original);
    j["term"] = h.term;
    j["category"] = scan::category_name(h.category);
    j["via"] = scan::via_name(h.via);
    j["weight"] = h.weight;
    j["counted"] = h.counted;
    if (h.suppressed_by) j["suppressed_by"] = v.hits[*h.suppressed_by].term;
    if (!h.species.empty() && h.category != scan::TermCategory::kExclusion)
      j["species"] = h.species;
    j["source"] = h.source;
    hits.push_back(std::move(j));
  }
  json contacts = json::array();
  for (scan::ByteSpan c : v.contacts) contacts.push_back(span_json(d, c));
  return {{"risk", scan::risk_name(v.risk)},
          {"category", scan::verdict_name(v.category)},
          {"score", v.score},
          {"reasons", v.reasons},
          {"species", v.species},
          {"hits", std::move(hits)},
          {"contacts", std::move(contacts)},
          {"lexicon", v.lexicon_version}};
}

int risk_rank(scan::Risk r) { return static_cast<int>(r); }

bool flagged(scan::Risk r) { return r == scan::Risk::kHigh || r == scan::Risk::kMedium; }

// ---- validation -----------------------------------------------------------

void check_input(const ListingInput& in, const std::string& at, std::vector<FieldError>& errors) {
  auto need = [&](bool ok, const char* field, std::string message) {
    if (!ok) errors.push_back({at + field, std::move(message)});
  };
  auto text_field = [&](const std::string& value, const char* field, std::size_t max) {
    if (value.size() > max) {
      errors.push_back({at + field, "过长（最多 " + std::to_string(max) + " 字节）"});
    } else if (!is_valid_utf8(value)) {
      errors.push_back({at + field, "含无效的 UTF-8 字节"});
    }
  };
  need(!is_blank(in.platform), "platform", "请填写平台名称");
  text_field(in.platform, "platform", kMaxListingFieldBytes);
  text_field(in.external_id, "external_id", kMaxListingFieldBytes);
  text_field(in.url, "url", kMaxListingUrlBytes);
  need(in.url.empty() || in.url.rfind("http://", 0) == 0 || in.url.rfind("https://", 0) == 0, "url",
       "链接应以 http:// 或 https:// 开头");
  text_field(in.title, "title", kMaxListingTitleBytes);
  if (in.text.size() > kMaxListingTextBytes)
    errors.push_back(
        {at + "text", "过长（最多 " + std::to_string(kMaxListingTextBytes) + " 字节）"});
  need(!is_blank(in.title) || !is_blank(in.text), "text", "标题和内容不能都为空");
  text_field(in.seller_account, "seller_account", kMaxListingFieldBytes);
  text_field(in.seller_name, "seller_name", kMaxListingFieldBytes);
  need(!in.price_fen || *in.price_fen >= 0, "price", "价格不能为负");
  need(in.posted_at >= 0 && in.posted_at <= now_ms() + 3600 * 1000, "posted_at",
       "发布时间不能晚于现在");
}

// Invalid bytes in title or text, as the scanner found them: reported with
// where they are, so the platform can find the broken record.
void check_scanned_utf8(const ScanDocument& d, const scan::ScanVerdict& v, const std::string& at,
                        std::vector<FieldError>& errors) {
  if (v.invalid_utf8.empty()) return;
  json where = span_json(d, v.invalid_utf8.front());
  errors.push_back({at + where["field"].get<std::string>(),
                    "含无效的 UTF-8 字节（第 " + std::to_string(where["start"].get<std::size_t>()) +
                        " 字节起，共 " + std::to_string(v.invalid_utf8.size()) + " 处）"});
}

std::string content_hash(const ListingInput& in) {
  // Unit separators keep "ab"+"c" and "a"+"bc" apart.
  std::string material = in.title + "\x1f" + in.text + "\x1f" +
                         (in.price_fen ? std::to_string(*in.price_fen) : std::string("-"));
  return store::sha256_hex(material);
}

// ---- snapshots ------------------------------------------------------------

json optional_json(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }

// The audit keeps the decision fields and the content hash, not the post's
// text (kept in the listing and its scans), so a review row stays small.
json audit_snapshot(const store::Listing& l) {
  return {{"id", l.id},
          {"platform", l.platform},
          {"external_id", l.external_id},
          {"seller_account", l.seller_account},
          {"content_hash", l.content_hash},
          {"revision", l.revision},
          {"risk", l.risk},
          {"category", l.category},
          {"review_state", l.review_state},
          {"reviewer_id", optional_json(l.reviewer_id)},
          {"review_note", l.review_note},
          {"takedown_state", l.takedown_state},
          {"takedown_requested_at", format_iso8601(l.takedown_requested_at)},
          {"platform_notified_at", format_iso8601(l.platform_notified_at)},
          {"taken_down_at", format_iso8601(l.taken_down_at)},
          {"rechecked_at", format_iso8601(l.rechecked_at)},
          {"takedown_note", l.takedown_note},
          {"case_id", optional_json(l.case_id)},
          {"version", l.version}};
}

std::optional<std::int64_t> time_to_takedown_ms(const store::Listing& l) {
  const std::int64_t from =
      l.platform_notified_at ? l.platform_notified_at : l.takedown_requested_at;
  if (!from || !l.taken_down_at) return std::nullopt;
  return std::max<std::int64_t>(0, l.taken_down_at - from);
}

std::string duration_label(std::int64_t ms) {
  const std::int64_t minutes = ms / 60000;
  if (minutes < 60) return std::to_string(minutes) + " 分钟";
  const std::int64_t hours = minutes / 60;
  if (hours < 48) return std::to_string(hours) + " 小时 " + std::to_string(minutes % 60) + " 分钟";
  return std::to_string(hours / 24) + " 天 " + std::to_string(hours % 24) + " 小时";
}

// Cuts at a character boundary so a summary never ends in half a character.
std::string truncate_utf8(const std::string& s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

Result<store::Listing> load(soci::session& s, std::int64_t id) {
  auto found = store::ListingRepository::find_by_id(s, id);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return not_found("网络信息不存在");
  return **found;
}

bool corrects_decisions(const Actor& a) {
  return a.is_cli || a.role == Role::kOffice || a.role == Role::kLeader;
}

}  // namespace

Result<nlohmann::json> explain_listing(scan::ListingScanner& scanner, const std::string& title,
                                       const std::string& text) {
  const ScanDocument doc = document_of(title, text);
  auto v = scanner.scan(doc.text);
  if (!v) return tl::unexpected(v.error());
  return explanation_json(doc, *v);
}

std::string_view review_state_label(std::string_view state) {
  if (state == listing_state::kUnflagged) return "未命中";
  if (state == listing_state::kPending) return "待审核";
  if (state == listing_state::kConfirmed) return "确认违法";
  if (state == listing_state::kDismissed) return "排除";
  return "";
}

std::string_view takedown_state_label(std::string_view state) {
  if (state == takedown_state::kRequested) return "已通知平台下架";
  if (state == takedown_state::kTakenDown) return "平台已下架";
  if (state == takedown_state::kVerified) return "复查已下架";
  if (state == takedown_state::kStillOnline) return "复查仍在线";
  return state.empty() ? "未要求下架" : "";
}

json to_json(const store::Listing& l) {
  const auto ttd = time_to_takedown_ms(l);
  return {{"id", l.id},
          {"platform", l.platform},
          {"external_id", l.external_id},
          {"url", l.url},
          {"title", l.title},
          {"text", l.body},
          {"seller_account", l.seller_account},
          {"seller_name", l.seller_name},
          {"price", l.price_fen ? json(law::format_yuan(*l.price_fen)) : json(nullptr)},
          {"posted_at", format_iso8601(l.posted_at)},
          {"received_at", format_iso8601(l.received_at)},
          {"content_hash", l.content_hash},
          {"revision", l.revision},
          {"risk", l.risk},
          {"category", l.category},
          {"score", l.score},
          {"lexicon_version", l.lexicon_version},
          {"review_state", l.review_state},
          {"review_state_label", review_state_label(l.review_state)},
          {"reviewer_id", optional_json(l.reviewer_id)},
          {"review_note", l.review_note},
          {"reviewed_at", format_iso8601(l.reviewed_at)},
          {"takedown_state", l.takedown_state},
          {"takedown_state_label", takedown_state_label(l.takedown_state)},
          {"takedown_requested_at", format_iso8601(l.takedown_requested_at)},
          {"platform_notified_at", format_iso8601(l.platform_notified_at)},
          {"taken_down_at", format_iso8601(l.taken_down_at)},
          {"rechecked_at", format_iso8601(l.rechecked_at)},
          {"takedown_note", l.takedown_note},
          {"time_to_takedown_ms", ttd ? json(*ttd) : json(nullptr)},
          {"time_to_takedown", ttd ? json(duration_label(*ttd)) : json(nullptr)},
          {"case_id", optional_json(l.case_id)},
          {"tip_id", optional_json(l.tip_id)},
          {"seller_confirmed", l.seller_confirmed},
          {"version", l.version},
          {"created_at", format_iso8601(l.created_at)},
          {"updated_at", format_iso8601(l.updated_at)}};
}

json highlight_segments(const std::string& text, const std::string& field,
                        const json& explanation) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  if (explanation.contains("hits"))
    for (const auto& h : explanation["hits"]) {
      if (h.value("field", "") != field || !h.value("counted", false) ||
          h.contains("suppressed_by"))
        continue;
      const auto b = h.value("start", std::size_t{0}), e = h.value("end", std::size_t{0});
      if (b < e && e <= text.size()) spans.emplace_back(b, e);
    }
  std::sort(spans.begin(), spans.end());
  json out = json::array();
  std::size_t at = 0;
  for (std::size_t i = 0; i < spans.size();) {
    auto [b, e] = spans[i];
    for (++i; i < spans.size() && spans[i].first < e; ++i) e = std::max(e, spans[i].second);
    b = std::max(b, at);
    if (b > at) out.push_back({{"text", text.substr(at, b - at)}, {"marked", false}});
    if (e > b) out.push_back({{"text", text.substr(b, e - b)}, {"marked", true}});
    at = std::max(at, e);
  }
  if (at < text.size()) out.push_back({{"text", text.substr(at)}, {"marked", false}});
  return out;
}

json ListingQueuePage::notice_of(std::int64_t listing_id) const {
  const auto it = notices.find(listing_id);
  return it == notices.end() ? json(nullptr) : it->second;
}

json to_json(const store::Listing& l, const ListingQueuePage& page) {
  json j = to_json(l);
  j["notice"] = page.notice_of(l.id);
  return j;
}

json to_json(const ListingDetail& d) {
  json j = to_json(d.listing);
  j["explanation"] = d.explanation;
  j["scanned_at"] = d.scanned_at_iso;
  j["notice"] = d.notice;
  j["highlight"] = {{"title", highlight_segments(d.listing.title, "title", d.explanation)},
                    {"text", highlight_segments(d.listing.body, "text", d.explanation)}};
  return j;
}

json to_json(const SellerView& v) {
  json by_state = json::object(), by_risk = json::object();
  for (const auto& g : v.counts.by_review_state) by_state[g.key] = g.count;
  for (const auto& g : v.counts.by_risk) by_risk[g.key] = g.count;
  json items = json::array();
  for (const auto& l : v.listings.items) items.push_back(to_json(l));
  return {{"platform", v.platform},
          {"seller_account", v.seller_account},
          {"seller_name", v.counts.latest_seller_name},
          {"total", v.counts.total},
          {"by_review_state", by_state},
          {"by_risk", by_risk},
          {"first_received_at", format_iso8601(v.counts.first_received_at)},
          {"last_received_at", format_iso8601(v.counts.last_received_at)},
          {"listings", {{"items", items}, {"total", v.listings.total}}}};
}

// ---- ingest ---------------------------------------------------------------

Result<IngestReport> ListingService::ingest(const CallContext& call,
                                            const std::vector<ListingInput>& batch) {
  if (!AccessPolicy::allows(call.actor, Action::kIngestListings))
    return forbidden(
        "无权提交网络信息（需网信、市场监管部门或协调机制办公室，或平台密钥 listings:write）");
  if (batch.empty()) return invalid("listings", "请至少提交一条网络信息");
  if (batch.size() > kMaxListingBatch)
    return invalid("listings", "每批最多 " + std::to_string(kMaxListingBatch) + " 条网络信息");
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < batch.size(); ++i)
    check_input(batch[i], "listings/" + std::to_string(i) + "/", errors);
  if (!errors.empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});

  // Scan before the transaction: the database write lock is held only for
  // the writes, not for the engine's work.
  auto scanner = ctx_.db.read([](soci::session& s) { return thread_listing_scanner(s); });
  if (!scanner) return tl::unexpected(scanner.error());
  // The listing classifier in force, if one was activated: it re-scores the
  // rules' candidates (scan/listing_classifier.h, service/listing_model_service.h).
  auto model = ctx_.db.read([](soci::session& s) { return listing_model_in_force(s); });
  if (!model) return tl::unexpected(model.error());
  struct Scanned {
    ScanDocument doc;
    scan::ScanVerdict verdict;
    json explanation;
    std::string hash;
  };
  std::vector<Scanned> scanned(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    auto& sc = scanned[i];
    sc.doc = document_of(batch[i].title, batch[i].text);
    auto v = (*scanner)->scan(sc.doc.text);
    if (!v) return tl::unexpected(v.error());
    sc.verdict = std::move(*v);
    std::optional<scan::ModelOpinion> opinion;
    if (*model) opinion = scan::rescore(**model, sc.doc.text, sc.verdict);
    check_scanned_utf8(sc.doc, sc.verdict, "listings/" + std::to_string(i) + "/", errors);
    sc.explanation = explanation_json(sc.doc, sc.verdict);
    if (opinion) sc.explanation["model"] = to_json(*opinion);
    sc.hash = content_hash(batch[i]);
  }
  if (!errors.empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});

  return ctx_.db.transact([&](soci::session& s) -> Result<IngestReport> {
    IngestReport report;
    report.lexicon_version = scanned.front().verdict.lexicon_version;
    json created = json::array(), updated = json::array(), duplicates = json::array();
    const std::int64_t now = now_ms();
    store::ListingBatchWriter writer(s);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const ListingInput& in = batch[i];
      Scanned& sc = scanned[i];
      auto existing = in.external_id.empty()
                          ? writer.find_without_external_id(in.platform, sc.hash)
                          : writer.find_by_external_id(in.platform, in.external_id);
      if (!existing) return tl::unexpected(existing.error());
      IngestedListing item;
      item.index = i;
      item.external_id = in.external_id;
      item.risk = std::string(scan::risk_name(sc.verdict.risk));
      item.category = std::string(scan::verdict_name(sc.verdict.category));
      if (*existing && (*existing)->content_hash == sc.hash) {
        item.outcome = "duplicate";
        item.id = (*existing)->id;
        item.review_state = (*existing)->review_state;
        item.revision = (*existing)->revision;
        item.explanation = std::move(sc.explanation);
        duplicates.push_back(item.id);
        ++report.duplicates;
        report.items.push_back(std::move(item));
        continue;
      }
      store::Listing l;
      if (*existing) {
        // An edited post (rare next to new and repeated ones): load it whole.
        auto found = store::ListingRepository::find_by_id(s, (*existing)->id);
        if (!found) return tl::unexpected(found.error());
        if (!*found) return fail(ErrorCode::kConflict, "网络信息已被删除，请重新提交");
        l = std::move(**found);
      }
      const int stored_version = l.version;
      l.url = in.url;
      l.title = in.title;
      l.body = in.text;
      l.seller_account = in.seller_account;
      l.seller_name = in.seller_name;
      l.price_fen = in.price_fen;
      l.posted_at = in.posted_at;
      l.content_hash = sc.hash;
      l.lexicon_version = sc.verdict.lexicon_version;
      l.risk = item.risk;
      l.risk_rank = risk_rank(sc.verdict.risk);
      l.category = item.category;
      l.score = sc.verdict.score;
      const std::string flagged_state(flagged(sc.verdict.risk) ? listing_state::kPending
                                                               : listing_state::kUnflagged);
      Result<store::Listing> stored;
      if (*existing) {
        // The new content is what the reviewers see. A confirmation stands;
        // a dismissal or a 未命中 is reconsidered.
        ++l.revision;
        if (l.review_state != listing_state::kConfirmed) {
          if (l.review_state != listing_state::kDismissed || flagged(sc.verdict.risk))
            l.review_state = flagged_state;
        }
        stored = store::ListingRepository::update(s, std::move(l), stored_version);
        item.outcome = "updated";
      } else {
        l.platform = in.platform;
        l.external_id = in.external_id;
        l.received_at = now;
        l.submitted_by = call.actor.user_id;
        l.review_state = flagged_state;
        stored = writer.insert(std::move(l));
        item.outcome = "created";
      }
      if (!stored) return tl::unexpected(stored.error());
      store::ListingScan record;
      record.listing_id = stored->id;
      record.lexicon_version = stored->lexicon_version;
      record.risk = item.risk;
      record.category = item.category;
      record.score = stored->score;
      record.explanation_json = sc.explanation.dump(-1, ' ', false, json::error_handler_t::replace);
      record.scanned_at = now;
      if (auto added = writer.add_scan(record); !added) return tl::unexpected(added.error());
      (item.outcome == "created" ? created : updated).push_back(stored->id);
      ++(item.outcome == "created" ? report.created : report.updated);
      item.id = stored->id;
      item.review_state = stored->review_state;
      item.revision = stored->revision;
      item.explanation = std::move(sc.explanation);
      report.items.push_back(std::move(item));
    }
    json summary = {{"listings", batch.size()},
                    {"created", created},
                    {"updated", updated},
                    {"duplicates", duplicates},
                    {"lexicon", report.lexicon_version}};
    if (auto a = audit(s, call, "listing.ingest", "listing_batch",
                       call.request_id.empty() ? std::to_string(now) : call.request_id, nullptr,
                       summary);
        !a)
      return tl::unexpected(a.error());
    return report;
  });
}

// ---- reading --------------------------------------------------------------

Result<ListingQueuePage> ListingService::queue(const CallContext& call,
                                               const store::ListingQuery& q) {
  if (!AccessPolicy::allows(call.actor, Action::kReadListings)) return forbidden();
  auto one_of = [](const std::optional<std::string>& v,
                   std::initializer_list<std::string_view> allowed) {
    return !v || std::find(allowed.begin(), allowed.end(), *v) != allowed.end();
  };
  std::vector<FieldError> errors;
  if (!one_of(q.risk, {"high", "medium", "low", "none"}))
    errors.push_back({"risk", "应为 high、medium、low 或 none"});
  if (!one_of(q.category, {"wildlife", "tool", "marketing", "none"}))
    errors.push_back({"category", "应为 wildlife、tool、marketing 或 none"});
  if (!one_of(q.review_state, {listing_state::kUnflagged, listing_state::kPending,
                               listing_state::kConfirmed, listing_state::kDismissed}))
    errors.push_back({"state", "应为 unflagged、pending、confirmed 或 dismissed"});
  if (q.received_from && q.received_to && *q.received_from >= *q.received_to)
    errors.push_back({"to", "结束时间应晚于开始时间"});
  if (!one_of(q.takedown_state,
              {takedown_state::kNone, takedown_state::kRequested, takedown_state::kTakenDown,
               takedown_state::kVerified, takedown_state::kStillOnline}))
    errors.push_back(
        {"takedown", "应为 none、requested、taken_down、verified、still_online 或 overdue"});
  if (!errors.empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});
  return ctx_.db.read([&](soci::session& s) -> Result<ListingQueuePage> {
    ListingQueuePage page;
    const std::int64_t now = now_ms();
    store::ListingQuery query = q;
    if (query.takedown_overdue) query.overdue_at = now;
    auto rows = store::ListingRepository::list(s, query, &page.total);
    if (!rows) return tl::unexpected(rows.error());
    page.items = std::move(*rows);
    std::vector<store::TakedownNoticeRepository::Round> rounds;
    for (const auto& l : page.items)
      if (!l.takedown_state.empty() && l.takedown_requested_at)
        rounds.push_back({l.id, l.takedown_requested_at});
    auto notices = store::TakedownNoticeRepository::find_for_rounds(s, rounds);
    if (!notices) return tl::unexpected(notices.error());
    for (const auto& l : page.items)
      if (auto it = notices->find(l.id); it != notices->end())
        page.notices[l.id] = to_json(it->second, l, now);
    return page;
  });
}

Result<ListingDetail> ListingService::get(const CallContext& call, std::int64_t id) {
  if (!AccessPolicy::allows(call.actor, Action::kReadListings)) return forbidden();
  return ctx_.db.read([&](soci::session& s) -> Result<ListingDetail> {
    auto l = load(s, id);
    if (!l) return tl::unexpected(l.error());
    ListingDetail d{std::move(*l), json::object(), ""};
    auto scan = store::ListingRepository::latest_scan(s, id);
    if (!scan) return tl::unexpected(scan.error());
    if (*scan) {
      d.explanation = json::parse((*scan)->explanation_json, nullptr, false);
      if (d.explanation.is_discarded()) d.explanation = json::object();
      d.scanned_at_iso = format_iso8601((*scan)->scanned_at);
    }
    auto notice = TakedownNotices::current(s, d.listing);
    if (!notice) return tl::unexpected(notice.error());
    if (*notice) d.notice = to_json(**notice, d.listing, now_ms());
    return d;
  });
}

Result<SellerView> ListingService::seller(const CallContext& call, const std::string& platform,
                                          const std::string& account, int limit, int offset) {
  if (!AccessPolicy::allows(call.actor, Action::kReadListings)) return forbidden();
  if (is_blank(platform)) return invalid("platform", "请指定平台");
  if (is_blank(account)) return invalid("account", "请指定卖家账号");
  return ctx_.db.read([&](soci::session& s) -> Result<SellerView> {
    SellerView v;
    v.platform = platform;
    v.seller_account = account;
    auto counts = store::ListingRepository::seller_counts(s, platform, account);
    if (!counts) return tl::unexpected(counts.error());
    if (counts->total == 0) return not_found("该平台没有这个卖家账号的网络信息");
    v.counts = std::move(*counts);
    store::ListingQuery q;
    q.platform = platform;
    q.seller_account = account;
    q.newest_first = true;
    q.limit = limit;
    q.offset = offset;
    auto rows = store::ListingRepository::list(s, q, &v.listings.total);
    if (!rows) return tl::unexpected(rows.error());
    v.listings.items = std::move(*rows);
    return v;
  });
}

// ---- decisions ------------------------------------------------------------

Result<store::Listing> ListingService::review(const CallContext& call, std::int64_t id,
                                              const ListingReview& r) {
  if (!AccessPolicy::allows(call.actor, Action::kReviewListings))
    return forbidden("只有网信、市场监管部门或协调机制办公室可以审核网络信息");
  if (r.decision != listing_state::kConfirmed && r.decision != listing_state::kDismissed)
    return invalid("decision", "应为 confirmed（确认违法）或 dismissed（排除）");
  if (r.note.size() > 4000) return invalid("note", "审核意见过长");
  if (r.decision == listing_state::kDismissed && is_blank(r.note))
    return invalid("note", "排除须填写理由");
  return ctx_.db.transact([&](soci::session& s) -> Result<store::Listing> {
    auto before = load(s, id);
    if (!before) return tl::unexpected(before.error());
    const bool decided = before->review_state == listing_state::kConfirmed ||
                         before->review_state == listing_state::kDismissed;
    if (decided) {
      if (before->review_state == r.decision)
        return fail(ErrorCode::kConflict,
                    "该条网络信息已是“" + std::string(review_state_label(r.decision)) + "”");
      if (!corrects_decisions(call.actor))
        return forbidden("更正审核结论须由部门负责人或协调机制办公室进行");
      if (!before->takedown_state.empty() || before->case_id)
        return fail(ErrorCode::kConflict, "已要求下架或已立案的网络信息不能更正审核结论");
      if (is_blank(r.note)) return invalid("note", "更正审核结论须填写理由");
    }
    store::Listing l = *before;
    l.review_state = r.decision;
    l.reviewer_id =
        call.actor.user_id ? std::optional<std::int64_t>(call.actor.user_id) : std::nullopt;
    l.review_note = r.note;
    l.reviewed_at = now_ms();
    auto after = store::ListingRepository::update(s, l, before->version);
    if (!after) return tl::unexpected(after.error());
    if (auto a = audit(s, call, "listing.review", kEntity, std::to_string(id),
                       audit_snapshot(*before), audit_snapshot(*after));
        !a)
      return tl::unexpected(a.error());
    return *after;
  });
}

Result<store::Listing> ListingService::takedown(const CallContext& call, std::int64_t id,
                                                const TakedownStep& t) {
  const bool reviewer = AccessPolicy::allows(call.actor, Action::kReviewListings);
  // A platform reports removal of what it handed in with its own key.
  const bool platform = call.actor.role == Role::kIntegration &&
                        AccessPolicy::allows(call.actor, Action::kIngestListings);
  if (!reviewer && !(platform && t.step == "taken_down"))
    return forbidden("只有网信、市场监管部门或协调机制办公室可以办理下架");
  if (t.step != "request" && t.step != "notified" && t.step != "taken_down" && t.step != "recheck")
    return invalid("step", "应为 request、notified、taken_down 或 recheck");
  if (t.note.size() > 4000) return invalid("note", "说明过长");
  if (t.step == "recheck" && t.result != "gone" && t.result != "online")
    return invalid("result", "复查结果应为 gone（已下架）或 online（仍在线）");
  const std::int64_t now = now_ms();
  if (t.at && (*t.at <= 0 || *t.at > now + 60 * 1000)) return invalid("at", "下架时间不能晚于现在");
  return ctx_.db.transact([&](soci::session& s) -> Result<store::Listing> {
    auto before = load(s, id);
    if (!before) return tl::unexpected(before.error());
    // A platform sees only its own listings (those of the platform its
    // account is registered for, else those it handed in): others are not found.
    if (!reviewer) {
      auto own = TakedownNotices::platform_may_report(s, call.actor, *before);
      if (!own) return tl::unexpected(own.error());
      if (!*own) return not_found("网络信息不存在");
    }
    store::Listing l = *before;
    const std::string& state = before->takedown_state;
    auto wrong_state = [&](const char* what) {
      return fail(ErrorCode::kConflict,
                  std::string(what) + "（当前：" + std::string(takedown_state_label(state)) + "）");
    };
    // The request's notice to the platform: sent by the system when the
    // platform has an enabled endpoint (notified once delivered), else by hand.
    std::optional<TakedownNotices::Plan> notice_plan;
    if (t.step == "request") {
      if (before->review_state != listing_state::kConfirmed)
        return fail(ErrorCode::kConflict, "只有确认违法的网络信息可以要求下架");
      if (state != takedown_state::kNone && state != takedown_state::kStillOnline)
        return wrong_state("已要求下架");
      auto plan = TakedownNotices::plan(s, before->platform);
      if (!plan) return tl::unexpected(plan.error());
      notice_plan = *plan;
      l.takedown_state = takedown_state::kRequested;
      l.takedown_requested_at = now;
      l.platform_notified_at = t.notified && !plan->sends ? now : 0;
      if (!plan->sends && !t.notified) l.takedown_note = kManualNoticeNote;
      l.taken_down_at = 0;
      l.rechecked_at = 0;
    } else if (t.step == "notified") {
      if (state != takedown_state::kRequested || before->platform_notified_at)
        return wrong_state("只有已要求下架、尚未通知平台的网络信息可以登记通知");
      l.platform_notified_at = now;
    } else if (t.step == "taken_down") {
      if (state != takedown_state::kRequested)
        return wrong_state("只有已要求下架的网络信息可以登记下架");
      const std::int64_t at = t.at.value_or(now);
      if (at < before->takedown_requested_at)
        return invalid("at", "下架时间不能早于要求下架的时间");
      l.takedown_state = takedown_state::kTakenDown;
      l.taken_down_at = at;
    } else {  // recheck
      if (state != takedown_state::kRequested && state != takedown_state::kTakenDown)
        return wrong_state("只有已要求下架或平台已下架的网络信息可以复查");
      l.takedown_state =
          t.result == "gone" ? takedown_state::kVerified : takedown_state::kStillOnline;
      l.rechecked_at = now;
    }
    if (!t.note.empty()) l.takedown_note = t.note;
    auto after = store::ListingRepository::update(s, l, before->version);
    if (!after) return tl::unexpected(after.error());
    json snapshot = audit_snapshot(*after);
    snapshot["step"] = t.step;
    if (notice_plan) {
      auto notice = TakedownNotices::issue(s, call, *after, *notice_plan);
      if (!notice) return tl::unexpected(notice.error());
      snapshot["notice"] = to_json(*notice, *after, now);
    } else if (t.step == "taken_down") {
      if (auto ok = TakedownNotices::acknowledge(s, *after); !ok) return tl::unexpected(ok.error());
    }
    if (auto ttd = time_to_takedown_ms(*after)) snapshot["time_to_takedown_ms"] = *ttd;
    if (auto a = audit(s, call, "listing.takedown", kEntity, std::to_string(id),
                       audit_snapshot(*before), snapshot);
        !a)
      return tl::unexpected(a.error());
    return *after;
  });
}

Result<Case> ListingService::open_case(const CallContext& call, std::int64_t id,
                                       const ListingCaseRequest& r) {
  if (!AccessPolicy::allows(call.actor, Action::kReviewListings))
    return forbidden("只有网信、市场监管部门或协调机制办公室可以将网络信息立案");
  if (r.note.size() > 4000) return invalid("note", "备注过长");
  return ctx_.db.transact([&](soci::session& s) -> Result<Case> {
    auto before = load(s, id);
    if (!before) return tl::unexpected(before.error());
    const store::Listing& l = *before;
    if (l.review_state != listing_state::kConfirmed)
      return fail(ErrorCode::kConflict, "只有确认违法的网络信息可以转为案件");
    if (l.case_id)
      return fail(ErrorCode::kConflict, "该条网络信息已转为案件 #" + std::to_string(*l.case_id));

    const std::string seller = l.seller_name.empty() ? l.seller_account
                               : l.seller_account.empty()
                                   ? l.seller_name
                                   : l.seller_name + "（" + l.seller_account + "）";
    NewCase nc;
    nc.title = r.title.value_or(
        truncate_utf8("网络违法信息：" + l.platform + (seller.empty() ? "" : " " + seller), 300));
    nc.offence_type = r.offence_type.value_or("online_trade");
    nc.source = "online_scan";
    nc.place_type = "internet";
    nc.place_text = truncate_utf8(l.platform + (l.url.empty() ? "" : " " + l.url), 500);
    nc.occurred_at = l.posted_at;
    nc.owner_department_code = r.owner_department_code;
    // The summary is the evidence snapshot a case file needs: where and when
    // it was seen, what it said, its hash, and why it was flagged.
    std::string summary = "网络巡查发现（网络信息 #" + std::to_string(l.id) + "）\n";
    summary += "平台：" + l.platform + "\n";
    if (!l.url.empty()) summary += "链接：" + l.url + "\n";
    if (!seller.empty()) summary += "卖家：" + seller + "\n";
    if (l.price_fen) summary += "标价：" + law::format_yuan(*l.price_fen) + " 元\n";
    if (l.posted_at) summary += "发布时间：" + format_iso8601(l.posted_at) + "\n";
    summary += "收到时间：" + format_iso8601(l.received_at) + "\n";
    summary += "内容哈希（SHA-256）：" + l.content_hash + "\n";
    char score[32];
    std::snprintf(score, sizeof score, "%.1f", l.score);
    summary += "扫描结论：" + l.risk + " / " + l.category + "，得分 " + score + "（词库 " +
               l.lexicon_version + "）\n";
    if (!l.review_note.empty()) summary += "审核意见：" + l.review_note + "\n";
    if (!r.note.empty()) summary += "备注：" + r.note + "\n";
    if (!l.title.empty()) summary += "标题：" + l.title + "\n";
    const std::string tail = "\n（内容过长已截断，全文见网络信息 #" + std::to_string(l.id) + "）";
    constexpr std::size_t kSummaryMax = 20000;
    std::string body = "内容：" + l.body;
    if (summary.size() + body.size() > kSummaryMax)
      body =
          truncate_utf8(body, kSummaryMax - std::min(kSummaryMax, summary.size() + tail.size())) +
          tail;
    nc.summary = summary + body;

    CaseService cases(ctx_);
    auto created = cases.create(s, call, nc);
    if (!created) return tl::unexpected(created.error());
    store::Listing linked = l;
    linked.case_id = created->record.id;
    auto after = store::ListingRepository::update(s, linked, l.version);
    if (!after) return tl::unexpected(after.error());
    if (auto a = audit(s, call, "listing.case", kEntity, std::to_string(id), audit_snapshot(l),
                       audit_snapshot(*after));
        !a)
      return tl::unexpected(a.error());
    return *created;
  });
}

}  // namespace qf::service
