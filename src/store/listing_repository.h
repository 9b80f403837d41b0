// ListingRepository: online listings (网上巡查), the scanner's verdicts on
// them (listing_scans), and the queries of the review queue and the seller
// view. Rules (who may do what, which state follows which) live in
// service/listing_service.h; this layer stores and finds.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

struct Listing {
  std::int64_t id = 0;
  std::string platform;
  std::string external_id;  // "" = the platform gave none
  std::string url;
  std::string title;
  std::string body;
  std::string seller_account;
  std::string seller_name;
  std::optional<std::int64_t> price_fen;
  std::int64_t posted_at = 0;  // epoch ms, 0 = unknown
  std::int64_t received_at = 0;
  std::string content_hash;
  int revision = 1;
  std::int64_t submitted_by = 0;
  // current verdict (a copy of the latest scan)
  std::string lexicon_version;
  std::string risk = "none";
  int risk_rank = 0;
  std::string category = "none";
  double score = 0;
  // review
  std::string review_state;
  std::optional<std::int64_t> reviewer_id;
  std::string review_note;
  std::int64_t reviewed_at = 0;
  // takedown
  std::string takedown_state;
  std::int64_t takedown_requested_at = 0;
  std::int64_t platform_notified_at = 0;
  std::int64_t taken_down_at = 0;
  std::int64_t rechecked_at = 0;
  std::string takedown_note;
  std::optional<std::int64_t> case_id;
  std::optional<std::int64_t> tip_id;
  int version = 1;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  // Read-only, filled by list(): confirmed listings of the same seller
  // account on the same platform (repeat sellers stand out in the queue).
  std::int64_t seller_confirmed = 0;
};

struct ListingScan {
  std::int64_t id = 0;
  std::int64_t listing_id = 0;
  std::string lexicon_version;
  std::string risk;
  std::string category;
  double score = 0;
  std::string explanation_json = "{}";
  std::int64_t scanned_at = 0;
};

struct ListingQuery {
  std::optional<std::string> risk;
  std::optional<std::string> category;
  std::optional<std::string> review_state;
  std::optional<std::string> platform;
  std::optional<std::string> seller_account;
  std::optional<std::int64_t> received_from;  // inclusive, epoch ms
  std::optional<std::int64_t> received_to;    // exclusive
  std::optional<std::string> takedown_state;  // "" = no takedown requested
  // Still requested, and the current round's takedown notice
  // (takedown_notices) passed its deadline before overdue_at.
  bool takedown_overdue = false;
  std::int64_t overdue_at = 0;
  // Queue order (highest risk first, then oldest first) or newest first.
  bool newest_first = false;
  int limit = 20;
  int offset = 0;
};

// How many listings of one seller fall in each group.
struct GroupCount {
  std::string key;
  std::int64_t count = 0;
};

struct SellerCounts {
  std::int64_t total = 0;
  std::vector<GroupCount> by_review_state;
  std::vector<GroupCount> by_risk;
  std::int64_t first_received_at = 0;
  std::int64_t last_received_at = 0;
  std::string latest_seller_name;
};

class ListingRepository {
 public:
  // Writes every mutable field if the stored version is still
  // expected_version (else kPreconditionFailed); version + 1.
  static Result<Listing> update(soci::session& s, Listing l, int expected_version);
  static Result<std::optional<Listing>> find_by_id(soci::session& s, std::int64_t id);
  static Result<std::vector<Listing>> list(soci::session& s, const ListingQuery& q,
                                           std::int64_t* total);
  static Result<SellerCounts> seller_counts(soci::session& s, const std::string& platform,
                                            const std::string& seller_account);
  // The newest scan of a listing (the one its current verdict copies).
  static Result<std::optional<ListingScan>> latest_scan(soci::session& s, std::int64_t listing_id);
};

// What the dedupe of an ingest needs to know about a stored listing.
struct ListingKey {
  std::int64_t id = 0;
  std::string content_hash;
  std::string review_state;
  int revision = 1;
};

// The statements of one ingest batch, prepared once and run per listing:
// SQLite spends longer parsing a statement than running it, and a batch
// runs the same four statements a thousand times. Use it inside one
// transaction on the session it was made with.
class ListingBatchWriter {
 public:
  explicit ListingBatchWriter(soci::session& s);
  ~ListingBatchWriter();
  ListingBatchWriter(const ListingBatchWriter&) = delete;
  ListingBatchWriter& operator=(const ListingBatchWriter&) = delete;

  // The dedupe keys: the platform's id when there is one, else the content.
  Result<std::optional<ListingKey>> find_by_external_id(const std::string& platform,
                                                        const std::string& external_id);
  Result<std::optional<ListingKey>> find_without_external_id(const std::string& platform,
                                                             const std::string& content_hash);
  // Inserts a listing as received (no review, takedown or case yet): sets
  // id, created_at, updated_at and version 1.
  Result<Listing> insert(Listing l);
  // Returns the scan's id.
  Result<std::int64_t> add_scan(const ListingScan& scan);

 private:
  struct Statements;
  std::unique_ptr<Statements> st_;
};

}  // namespace qf::store
