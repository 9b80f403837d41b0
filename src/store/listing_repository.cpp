#include "store/listing_repository.h"

#include "core/clock.h"
#include "store/row_reader.h"

namespace qf::store {
namespace {

const char* kSelect =
    "SELECT l.id, l.platform, l.external_id, l.url, l.title, l.body, l.seller_account, "
    "l.seller_name, l.price_fen, l.posted_at, l.received_at, l.content_hash, l.revision, "
    "l.submitted_by, l.lexicon_version, l.risk, l.risk_rank, l.category, l.score, "
    "l.review_state, l.reviewer_id, l.review_note, l.reviewed_at, l.takedown_state, "
    "l.takedown_requested_at, l.platform_notified_at, l.taken_down_at, l.rechecked_at, "
    "l.takedown_note, l.case_id, l.tip_id, l.version, l.created_at, l.updated_at, "
    "(SELECT COUNT(*) FROM listings o WHERE l.seller_account <> '' AND o.platform = l.platform "
    "AND o.seller_account = l.seller_account AND o.review_state = 'confirmed') "
    "FROM listings l";

std::optional<std::int64_t> optional_int(const soci::row& r, std::size_t i) {
  if (row_is_null(r, i)) return std::nullopt;
  return row_int(r, i);
}

Listing from_row(const soci::row& r) {
  Listing l;
  l.id = row_int(r, 0);
  l.platform = row_text(r, 1);
  l.external_id = row_text(r, 2);
  l.url = row_text(r, 3);
  l.title = row_text(r, 4);
  l.body = row_text(r, 5);
  l.seller_account = row_text(r, 6);
  l.seller_name = row_text(r, 7);
  l.price_fen = optional_int(r, 8);
  l.posted_at = row_int(r, 9);
  l.received_at = row_int(r, 10);
  l.content_hash = row_text(r, 11);
  l.revision = static_cast<int>(row_int(r, 12));
  l.submitted_by = row_int(r, 13);
  l.lexicon_version = row_text(r, 14);
  l.risk = row_text(r, 15);
  l.risk_rank = static_cast<int>(row_int(r, 16));
  l.category = row_text(r, 17);
  l.score = row_double(r, 18);
  l.review_state = row_text(r, 19);
  l.reviewer_id = optional_int(r, 20);
  l.review_note = row_text(r, 21);
  l.reviewed_at = row_int(r, 22);
  l.takedown_state = row_text(r, 23);
  l.takedown_requested_at = row_int(r, 24);
  l.platform_notified_at = row_int(r, 25);
  l.taken_down_at = row_int(r, 26);
  l.rechecked_at = row_int(r, 27);
  l.takedown_note = row_text(r, 28);
  l.case_id = optional_int(r, 29);
  l.tip_id = optional_int(r, 30);
  l.version = static_cast<int>(row_int(r, 31));
  l.created_at = row_int(r, 32);
  l.updated_at = row_int(r, 33);
  l.seller_confirmed = row_int(r, 34);
  return l;
}

// A nullable column bound through SOCI: the value plus its indicator.
struct NullableInt {
  explicit NullableInt(const std::optional<std::int64_t>& v)
      : value(v.value_or(0)), ind(v ? soci::i_ok : soci::i_null) {}
  long long value;
  soci::indicator ind;
};

Result<std::optional<Listing>> first(soci::rowset<soci::row>& rows) {
  for (const auto& r : rows) return std::optional<Listing>(from_row(r));
  return std::optional<Listing>();
}

const char* kKeyColumns = "SELECT id, content_hash, review_state, revision FROM listings ";

}  // namespace

Result<Listing> ListingRepository::update(soci::session& s, Listing l, int expected_version) {
  l.updated_at = now_ms();
  long long posted = l.posted_at, reviewed = l.reviewed_at, requested = l.takedown_requested_at,
            notified = l.platform_notified_at, taken = l.taken_down_at, rechecked = l.rechecked_at,
            updated = l.updated_at, id = l.id;
  NullableInt price(l.price_fen), reviewer(l.reviewer_id), case_id(l.case_id), tip_id(l.tip_id);
  soci::statement st =
      (s.prepare << "UPDATE listings SET url = :url, title = :title, body = :body, "
                    "seller_account = :seller, seller_name = :seller_name, price_fen = :price, "
                    "posted_at = :posted, content_hash = :hash, revision = :revision, "
                    "lexicon_version = :lex, risk = :risk, risk_rank = :rank, category = "
                    ":category, score = :score, review_state = :state, reviewer_id = :reviewer, "
                    "review_note = :note, reviewed_at = :reviewed, takedown_state = :td, "
                    "takedown_requested_at = :requested, platform_notified_at = :notified, "
                    "taken_down_at = :taken, rechecked_at = :rechecked, takedown_note = :td_note, "
                    "case_id = :case_id, tip_id = :tip_id, version = version + 1, updated_at = :u "
                    "WHERE id = :id AND version = :v",
       soci::use(l.url), soci::use(l.title), soci::use(l.body), soci::use(l.seller_account),
       soci::use(l.seller_name), soci::use(price.value, price.ind), soci::use(posted),
       soci::use(l.content_hash), soci::use(l.revision), soci::use(l.lexicon_version),
       soci::use(l.risk), soci::use(l.risk_rank), soci::use(l.category), soci::use(l.score),
       soci::use(l.review_state), soci::use(reviewer.value, reviewer.ind), soci::use(l.review_note),
       soci::use(reviewed), soci::use(l.takedown_state), soci::use(requested), soci::use(notified),
       soci::use(taken), soci::use(rechecked), soci::use(l.takedown_note),
       soci::use(case_id.value, case_id.ind), soci::use(tip_id.value, tip_id.ind),
       soci::use(updated), soci::use(id), soci::use(expected_version));
  st.execute(true);
  if (st.get_affected_rows() != 1) {
    auto current = find_by_id(s, l.id);
    if (!current) return tl::unexpected(current.error());
    if (!*current) return not_found("网络信息不存在");
    return fail(ErrorCode::kPreconditionFailed, "该条网络信息已被他人修改，请刷新后重试");
  }
  auto stored = find_by_id(s, l.id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return not_found("网络信息不存在");
  return **stored;
}

Result<std::optional<Listing>> ListingRepository::find_by_id(soci::session& s, std::int64_t id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelect) + " WHERE l.id = :id", soci::use(key));
  return first(rows);
}

Result<std::vector<Listing>> ListingRepository::list(soci::session& s, const ListingQuery& q,
                                                     std::int64_t* total) {
  int has_risk = q.risk ? 1 : 0, has_category = q.category ? 1 : 0,
      has_state = q.review_state ? 1 : 0, has_platform = q.platform ? 1 : 0,
      has_seller = q.seller_account ? 1 : 0, has_from = q.received_from ? 1 : 0,
      has_to = q.received_to ? 1 : 0;
  std::string risk = q.risk.value_or(""), category = q.category.value_or(""),
              state = q.review_state.value_or(""), platform = q.platform.value_or(""),
              seller = q.seller_account.value_or("");
  long long from = q.received_from.value_or(0), to = q.received_to.value_or(0);
  int has_takedown = q.takedown_state ? 1 : 0, has_overdue = q.takedown_overdue ? 1 : 0;
  std::string takedown = q.takedown_state.value_or("");
  long long overdue_at = q.overdue_at;
  const std::string where =
      " WHERE (:fr = 0 OR l.risk = :r) AND (:fc = 0 OR l.category = :c)"
      " AND (:fs = 0 OR l.review_state = :s) AND (:fp = 0 OR l.platform = :p)"
      " AND (:fa = 0 OR l.seller_account = :a) AND (:ff = 0 OR l.received_at >= :f)"
      " AND (:ft = 0 OR l.received_at < :t)"
      " AND (:fk = 0 OR l.takedown_state = :k)"
      " AND (:fo = 0 OR (l.takedown_state = 'requested' AND EXISTS (SELECT 1 FROM "
      "takedown_notices n WHERE n.listing_id = l.id AND n.requested_at = l.takedown_requested_at "
      "AND n.deadline_at < :od)))";
  if (total) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM listings l" + where, soci::into(n), soci::use(has_risk),
        soci::use(risk), soci::use(has_category), soci::use(category), soci::use(has_state),
        soci::use(state), soci::use(has_platform), soci::use(platform), soci::use(has_seller),
        soci::use(seller), soci::use(has_from), soci::use(from), soci::use(has_to), soci::use(to),
        soci::use(has_takedown), soci::use(takedown), soci::use(has_overdue), soci::use(overdue_at);
    *total = n;
  }
  const char* order = q.newest_first ? " ORDER BY l.received_at DESC, l.id DESC"
                                     : " ORDER BY l.risk_rank DESC, l.received_at ASC, l.id ASC";
  int limit = q.limit, offset = q.offset;
  std::vector<Listing> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelect) + where + order + " LIMIT :l OFFSET :o",
       soci::use(has_risk), soci::use(risk), soci::use(has_category), soci::use(category),
       soci::use(has_state), soci::use(state), soci::use(has_platform), soci::use(platform),
       soci::use(has_seller), soci::use(seller), soci::use(has_from), soci::use(from),
       soci::use(has_to), soci::use(to), soci::use(has_takedown), soci::use(takedown),
       soci::use(has_overdue), soci::use(overdue_at), soci::use(limit), soci::use(offset));
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

Result<SellerCounts> ListingRepository::seller_counts(soci::session& s, const std::string& platform,
                                                      const std::string& seller_account) {
  SellerCounts c;
  {
    soci::rowset<soci::row> rows =
        (s.prepare << "SELECT review_state, COUNT(*) FROM listings WHERE platform = :p AND "
                      "seller_account = :a GROUP BY review_state ORDER BY review_state",
         soci::use(platform), soci::use(seller_account));
    for (const auto& r : rows) {
      c.by_review_state.push_back({row_text(r, 0), row_int(r, 1)});
      c.total += row_int(r, 1);
    }
  }
  {
    soci::rowset<soci::row> rows =
        (s.prepare << "SELECT risk, COUNT(*) FROM listings WHERE platform = :p AND "
                      "seller_account = :a GROUP BY risk ORDER BY risk",
         soci::use(platform), soci::use(seller_account));
    for (const auto& r : rows) c.by_risk.push_back({row_text(r, 0), row_int(r, 1)});
  }
  if (c.total == 0) return c;
  {
    soci::rowset<soci::row> rows =
        (s.prepare << "SELECT MIN(received_at), MAX(received_at) FROM listings WHERE platform = "
                      ":p AND seller_account = :a",
         soci::use(platform), soci::use(seller_account));
    for (const auto& r : rows) {
      c.first_received_at = row_int(r, 0);
      c.last_received_at = row_int(r, 1);
    }
  }
  {
    soci::rowset<soci::row> rows =
        (s.prepare << "SELECT seller_name FROM listings WHERE platform = :p AND seller_account = "
                      ":a ORDER BY received_at DESC, id DESC LIMIT 1",
         soci::use(platform), soci::use(seller_account));
    for (const auto& r : rows) c.latest_seller_name = row_text(r, 0);
  }
  return c;
}

Result<std::optional<ListingScan>> ListingRepository::latest_scan(soci::session& s,
                                                                  std::int64_t listing_id) {
  long long key = listing_id;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id, listing_id, lexicon_version, risk, category, score, explanation, "
                    "scanned_at FROM listing_scans WHERE listing_id = :l ORDER BY id DESC LIMIT 1",
       soci::use(key));
  for (const auto& r : rows) {
    ListingScan scan;
    scan.id = row_int(r, 0);
    scan.listing_id = row_int(r, 1);
    scan.lexicon_version = row_text(r, 2);
    scan.risk = row_text(r, 3);
    scan.category = row_text(r, 4);
    scan.score = row_double(r, 5);
    scan.explanation_json = row_text(r, 6);
    scan.scanned_at = row_int(r, 7);
    return std::optional<ListingScan>(std::move(scan));
  }
  return std::optional<ListingScan>();
}

// ---- ListingBatchWriter -----------------------------------------------------

// Bound variables first: the statements below refer to them.
struct ListingBatchWriter::Statements {
  explicit Statements(soci::session& s)
      : by_external((s.prepare << std::string(kKeyColumns) +
                                      // The literal external_id <> '' lets both backends use
                                      // the partial unique index (a bound value alone does not
                                      // prove its predicate).
                                      "WHERE platform = :p AND external_id = :e AND external_id "
                                      "<> ''",
                     soci::into(key_id), soci::into(key_hash), soci::into(key_state),
                     soci::into(key_revision), soci::use(platform), soci::use(external_id))),
        by_content((s.prepare << std::string(kKeyColumns) +
                                     "WHERE platform = :p AND content_hash = :h AND external_id = "
                                     "'' ORDER BY id LIMIT 1",
                    soci::into(key_id), soci::into(key_hash), soci::into(key_state),
                    soci::into(key_revision), soci::use(platform), soci::use(content_hash))),
        insert((s.prepare << "INSERT INTO listings (platform, external_id, url, title, body, "
                             "seller_account, seller_name, price_fen, posted_at, received_at, "
                             "content_hash, revision, submitted_by, lexicon_version, risk, "
                             "risk_rank, category, score, review_state, version, created_at, "
                             "updated_at) VALUES (:platform, :ext, :url, :title, :body, :seller, "
                             ":seller_name, :price, :posted, :received, :hash, :revision, :by, "
                             ":lex, :risk, :rank, :category, :score, :state, 1, :c, :u) "
                             "RETURNING id",
                soci::use(row.platform), soci::use(row.external_id), soci::use(row.url),
                soci::use(row.title), soci::use(row.body), soci::use(row.seller_account),
                soci::use(row.seller_name), soci::use(price, price_ind), soci::use(posted),
                soci::use(received), soci::use(row.content_hash), soci::use(row.revision),
                soci::use(submitted_by), soci::use(row.lexicon_version), soci::use(row.risk),
                soci::use(row.risk_rank), soci::use(row.category), soci::use(row.score),
                soci::use(row.review_state), soci::use(created), soci::use(created),
                soci::into(inserted_id))),
        add_scan((s.prepare << "INSERT INTO listing_scans (listing_id, lexicon_version, risk, "
                               "category, score, explanation, scanned_at) VALUES (:l, :v, :r, :c, "
                               ":s, :e, :a) RETURNING id",
                  soci::use(scan_listing), soci::use(scan.lexicon_version), soci::use(scan.risk),
                  soci::use(scan.category), soci::use(scan.score), soci::use(scan.explanation_json),
                  soci::use(scanned_at), soci::into(scan_id))) {}

  // lookups
  std::string platform, external_id, content_hash;
  long long key_id = 0;
  std::string key_hash, key_state;
  int key_revision = 1;
  // insert
  Listing row;
  long long price = 0, posted = 0, received = 0, submitted_by = 0, created = 0, inserted_id = 0;
  soci::indicator price_ind = soci::i_null;
  // add_scan
  ListingScan scan;
  long long scan_listing = 0, scanned_at = 0, scan_id = 0;

  soci::statement by_external, by_content, insert, add_scan;

  Result<std::optional<ListingKey>> key(soci::statement& st) {
    if (!st.execute(true)) return std::optional<ListingKey>();
    return std::optional<ListingKey>(ListingKey{key_id, key_hash, key_state, key_revision});
  }
};

ListingBatchWriter::ListingBatchWriter(soci::session& s) : st_(std::make_unique<Statements>(s)) {}

ListingBatchWriter::~ListingBatchWriter() = default;

Result<std::optional<ListingKey>> ListingBatchWriter::find_by_external_id(
    const std::string& platform, const std::string& external_id) {
  st_->platform = platform;
  st_->external_id = external_id;
  return st_->key(st_->by_external);
}

Result<std::optional<ListingKey>> ListingBatchWriter::find_without_external_id(
    const std::string& platform, const std::string& content_hash) {
  st_->platform = platform;
  st_->content_hash = content_hash;
  return st_->key(st_->by_content);
}

Result<Listing> ListingBatchWriter::insert(Listing l) {
  l.created_at = l.updated_at = now_ms();
  if (l.received_at == 0) l.received_at = l.created_at;
  l.version = 1;
  Statements& st = *st_;
  st.row = std::move(l);
  st.price = st.row.price_fen.value_or(0);
  st.price_ind = st.row.price_fen ? soci::i_ok : soci::i_null;
  st.posted = st.row.posted_at;
  st.received = st.row.received_at;
  st.submitted_by = st.row.submitted_by;
  st.created = st.row.created_at;
  st.insert.execute(true);
  st.row.id = st.inserted_id;
  return std::move(st.row);
}

Result<std::int64_t> ListingBatchWriter::add_scan(const ListingScan& scan) {
  Statements& st = *st_;
  st.scan = scan;
  st.scan_listing = scan.listing_id;
  st.scanned_at = scan.scanned_at;
  st.add_scan.execute(true);
  return static_cast<std::int64_t>(st.scan_id);
}

}  // namespace qf::store
