// ListingService: online listings (网上巡查, the plan's 五(三)) from the
// platform's post to a takedown and a case.
//
//  - Ingest: platforms (API key with scope listings:write) and the staff of
//    网信, 市场监管 and the office hand in batches of up to kMaxListingBatch
//    listings. Each is scanned by the engine (src/scan) with the lexicon
//    compiled into the binary and stored with its verdict and explanation.
//    Dedupe: a listing is the same post when its (platform, external_id)
//    matches, or — without an external id — its (platform, content hash);
//    the same content again is a duplicate (nothing written), new content
//    under a known external id is an edit: stored, re-scanned, revision + 1.
//    A batch is all or nothing: one bad listing refuses the batch with every
//    problem named per field ("listings/3/text"), so a platform never has to
//    work out which half went in.
//    Scanning: one compiled lexicon and LexiconMatcher per process, shared;
//    one ListingScanner per thread (the engine's scanner is not thread-safe,
//    its matcher is). When a listing classifier is active
//    (service/listing_model_service.h), it re-scores the rules' candidates
//    by at most one risk step and its opinion is kept in the explanation
//    ("model"). Scans run before the transaction, so the write lock is
//    held for the writes only. Two batches racing to create the same
//    (platform, external_id) on PostgreSQL: the later one fails kConflict
//    (409) as a whole and is simply resent.
//  - Review: medium and high risk listings wait as 待审核 (pending); the
//    rest are 未命中 (unflagged) but may still be decided. A reviewer
//    confirms (确认违法) or dismisses (排除, with a reason). A decision may be
//    corrected by the office or a department leader until a takedown or a
//    case follows from it. An edited post that was dismissed returns to the
//    queue when it is flagged again.
//  - Takedown (confirmed listings): request (通知平台) → taken_down (平台已
//    下架; the platform itself may report it with its key, for the listings
//    it handed in) → recheck (复查: verified or still_online, which may be
//    requested again). The time to takedown is taken_down_at minus the time
//    the platform was notified.
//    The request records a notice to the platform in the same transaction
//    (service/platform_notice_service.h): a signed webhook to the platform's
//    endpoint when it has an enabled one (the platform counts as notified
//    when it is delivered), else a notice to send by hand. A platform's key
//    reports taken_down for the listings of the platform its account is
//    registered for (else for those it handed in). The queue filters by
//    takedown state and by takedown=overdue (the notice's deadline passed),
//    and each of its rows carries its current notice (ListingQueuePage).
//  - A confirmed listing becomes a case (online_trade, source online_scan,
//    place internet, the listing's text and url in the summary), created in
//    the same transaction by CaseService.
//
// Permissions (core/access_policy.h): kIngestListings, kReadListings and
// kReviewListings. Listings belong to no department, so the row-level rule
// does not apply: whoever may read listings reads all of them.
// Every write appends its audit row in its own transaction; a batch appends
// one row (entity listing_batch) naming the listings it created, changed and
// recognised, so millions of posts a day do not bury the audit log.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "scan/listing_scanner.h"
#include "service/case_service.h"
#include "service/directory_service.h"
#include "service/service_context.h"
#include "store/listing_repository.h"

namespace qf::service {

constexpr std::size_t kMaxListingBatch = 1000;
constexpr std::size_t kMaxListingTextBytes = 32 * 1024;
constexpr std::size_t kMaxListingTitleBytes = 1000;
constexpr std::size_t kMaxListingUrlBytes = 2000;
constexpr std::size_t kMaxListingFieldBytes = 200;  // platform, ids, seller

namespace listing_state {
constexpr std::string_view kUnflagged = "unflagged";  // 未命中
constexpr std::string_view kPending = "pending";      // 待审核
constexpr std::string_view kConfirmed = "confirmed";  // 确认违法
constexpr std::string_view kDismissed = "dismissed";  // 排除
}  // namespace listing_state

namespace takedown_state {
constexpr std::string_view kNone = "";
constexpr std::string_view kRequested = "requested";       // 已通知平台
constexpr std::string_view kTakenDown = "taken_down";      // 平台已下架
constexpr std::string_view kVerified = "verified";         // 复查已下架
constexpr std::string_view kStillOnline = "still_online";  // 复查仍在线
}  // namespace takedown_state

// Chinese labels of the states above ("" for an unknown code).
std::string_view review_state_label(std::string_view state);
std::string_view takedown_state_label(std::string_view state);

struct ListingInput {
  std::string platform;  // required
  std::string external_id;
  std::string url;
  std::string title;
  std::string text;  // required unless title is given; valid UTF-8
  std::string seller_account;
  std::string seller_name;
  std::optional<std::int64_t> price_fen;
  std::int64_t posted_at = 0;  // epoch ms, 0 = unknown
};

// One listing of a batch as the batch left it (the full record is a GET
// away; a platform needs the id and the verdict).
struct IngestedListing {
  std::size_t index = 0;  // position in the batch
  std::string outcome;    // created | updated | duplicate
  std::int64_t id = 0;
  std::string external_id;
  std::string review_state;
  int revision = 1;
  std::string risk, category;  // this scan's verdict
  nlohmann::json explanation;  // the verdict explained: hits with spans, reasons, species
};

struct IngestReport {
  std::vector<IngestedListing> items;  // in batch order
  int created = 0, updated = 0, duplicates = 0;
  std::string lexicon_version;
};

struct ListingDetail {
  store::Listing listing;
  nlohmann::json explanation;  // latest scan
  std::string scanned_at_iso;
  // The current takedown round's notice to the platform
  // (service/platform_notice_service.h), null when there is none.
  nlohmann::json notice = nullptr;
};

// A page of the review queue. Each listing in a takedown round carries that
// round's notice to the platform as the listing's detail shows it
// (to_json of service/platform_notice_service.h: channel, status and its
// label, overdue, acknowledged_at …); the page's notices are read in one
// query, not one per row.
struct ListingQueuePage {
  std::vector<store::Listing> items;
  std::int64_t total = 0;
  std::map<std::int64_t, nlohmann::json> notices;  // by listing id

  // The listing's notice; null when it has none.
  nlohmann::json notice_of(std::int64_t listing_id) const;
};

struct ListingReview {
  std::string decision;  // confirmed | dismissed
  std::string note;      // required to dismiss and to correct a decision
};

struct TakedownStep {
  std::string step;  // request | notified | taken_down | recheck
  std::string note;
  bool notified = true;            // request: the notice went out with the request
  std::optional<std::int64_t> at;  // taken_down: when the platform removed it (≤ now)
  std::string result;              // recheck: gone | online
};

struct ListingCaseRequest {
  std::optional<std::string> title;                  // default from platform and seller
  std::optional<std::string> offence_type;           // default online_trade
  std::optional<std::string> owner_department_code;  // office only
  std::string note;                                  // added to the summary
};

struct SellerView {
  std::string platform;
  std::string seller_account;
  store::SellerCounts counts;
  Page<store::Listing> listings;  // newest first
};

// API and audit shapes. The listing's JSON carries the verdict summary and
// review/takedown fields; the explanation is added by callers that have it.
nlohmann::json to_json(const store::Listing& l);
// A row of the review queue: the listing and its "notice" (null: none).
nlohmann::json to_json(const store::Listing& l, const ListingQueuePage& page);
nlohmann::json to_json(const ListingDetail& d);
nlohmann::json to_json(const SellerView& v);
// The spans of the counted, unsuppressed hits of `field` in `explanation`,
// merged, as segments of `text`: [{"text","marked"}] for highlighting.
nlohmann::json highlight_segments(const std::string& text, const std::string& field,
                                  const nlohmann::json& explanation);

// The verdict on a title and text, explained as the review queue shows it:
// risk, score, reasons and every hit with its span in its own field. Used
// by the lexicon editor's trial scan (service/lexicon_service.h).
Result<nlohmann::json> explain_listing(scan::ListingScanner& scanner, const std::string& title,
                                       const std::string& text);

class ListingService {
 public:
  explicit ListingService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<IngestReport> ingest(const CallContext& call, const std::vector<ListingInput>& batch);
  Result<ListingQueuePage> queue(const CallContext& call, const store::ListingQuery& q);
  Result<ListingDetail> get(const CallContext& call, std::int64_t id);
  Result<store::Listing> review(const CallContext& call, std::int64_t id, const ListingReview& r);
  Result<store::Listing> takedown(const CallContext& call, std::int64_t id, const TakedownStep& t);
  Result<SellerView> seller(const CallContext& call, const std::string& platform,
                            const std::string& account, int limit, int offset);
  // Returns the case; the listing then carries its id.
  Result<Case> open_case(const CallContext& call, std::int64_t id, const ListingCaseRequest& r);

 private:
  ServiceContext& ctx_;
};

}  // namespace qf::service
