#include "store/webhook_repository.h"

#include "store/row_reader.h"

namespace qf::store {
namespace {

const char* kDeliverySelect =
    "SELECT id, event, entity, entity_id, payload, status, attempts, next_attempt_at, "
    "last_status_code, last_error, created_at, delivered_at, claimed_by, claimed_until, target "
    "FROM webhook_deliveries";

WebhookDelivery delivery_from_row(const soci::row& r) {
  WebhookDelivery d;
  d.id = row_int(r, 0);
  d.event = row_text(r, 1);
  d.entity = row_text(r, 2);
  d.entity_id = row_int(r, 3);
  d.payload_json = row_text(r, 4);
  d.status = row_text(r, 5);
  d.attempts = static_cast<int>(row_int(r, 6));
  d.next_attempt_at = row_int(r, 7);
  d.last_status_code = static_cast<int>(row_int(r, 8));
  d.last_error = row_text(r, 9);
  d.created_at = row_int(r, 10);
  d.delivered_at = row_int(r, 11);
  d.claimed_by = row_text(r, 12);
  d.claimed_until = row_int(r, 13);
  d.target = row_text(r, 14);
  return d;
}

// How many due rows one claim looks at: if another node wins the first, the
// next one is tried instead of reporting "nothing due".
constexpr int kClaimCandidates = 8;

}  // namespace

Result<std::int64_t> WebhookRepository::enqueue(soci::session& s, const std::string& event,
                                                const std::string& entity, std::int64_t entity_id,
                                                const std::string& payload_json, std::int64_t now,
                                                const std::string& target) {
  long long eid = entity_id, at = now, id = 0;
  s << "INSERT INTO webhook_deliveries (event, entity, entity_id, payload, status, attempts, "
       "next_attempt_at, created_at, target) VALUES (:ev, :en, :eid, :p, 'pending', 0, :next, "
       ":created, :target) RETURNING id",
      soci::use(event), soci::use(entity), soci::use(eid), soci::use(payload_json), soci::use(at),
      soci::use(at), soci::use(target), soci::into(id);
  return static_cast<std::int64_t>(id);
}

Result<std::optional<WebhookDelivery>> WebhookRepository::claim_next(soci::session& s,
                                                                     const std::string& node,
                                                                     std::int64_t now,
                                                                     std::int64_t claimed_until) {
  long long due = now, until = claimed_until;
  int limit = kClaimCandidates;
  std::vector<long long> candidates;
  {
    soci::rowset<soci::row> rows =
        (s.prepare << "SELECT id FROM webhook_deliveries WHERE status = 'pending' AND "
                      "next_attempt_at <= :n1 AND claimed_until < :n2 ORDER BY next_attempt_at, "
                      "id LIMIT :lim",
         soci::use(due), soci::use(due), soci::use(limit));
    for (const auto& r : rows) candidates.push_back(row_int(r, 0));
  }
  for (long long id : candidates) {
    // The WHERE repeats the due/unclaimed test: only one session's UPDATE
    // can match it, whatever the others read a moment ago.
    soci::statement st =
        (s.prepare << "UPDATE webhook_deliveries SET claimed_by = :node, claimed_until = :until "
                      "WHERE id = :id AND status = 'pending' AND next_attempt_at <= :n1 AND "
                      "claimed_until < :n2",
         soci::use(node), soci::use(until), soci::use(id), soci::use(due), soci::use(due));
    st.execute(true);
    if (st.get_affected_rows() == 1) return find_by_id(s, id);
  }
  return std::optional<WebhookDelivery>();
}

Result<bool> WebhookRepository::record_attempt(soci::session& s, std::int64_t id,
                                               const std::string& node, const WebhookAttempt& a) {
  long long key = id, next = a.next_attempt_at, delivered_at = a.status == "delivered" ? a.at : 0;
  int attempts = a.attempts, code = a.status_code;
  soci::statement st =
      (s.prepare << "UPDATE webhook_deliveries SET status = :st, attempts = :att, next_attempt_at "
                    "= :next, last_status_code = :code, last_error = :err, delivered_at = :dat, "
                    "claimed_by = '', claimed_until = 0 WHERE id = :id AND claimed_by = :node AND "
                    "status = 'pending'",
       soci::use(a.status), soci::use(attempts), soci::use(next), soci::use(code),
       soci::use(a.error), soci::use(delivered_at), soci::use(key), soci::use(node));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

Result<std::optional<WebhookDelivery>> WebhookRepository::reset_for_retry(soci::session& s,
                                                                          std::int64_t id,
                                                                          std::int64_t now) {
  long long key = id, at = now;
  // The claim is left alone: a pending row may be in flight on some node,
  // and that node's record_attempt must still find its claim.
  soci::statement st =
      (s.prepare << "UPDATE webhook_deliveries SET attempts = CASE WHEN status = 'pending' THEN "
                    "attempts ELSE 0 END, status = 'pending', next_attempt_at = :at, "
                    "delivered_at = 0 WHERE id = :id",
       soci::use(at), soci::use(key));
  st.execute(true);
  if (st.get_affected_rows() != 1) return std::optional<WebhookDelivery>();
  return find_by_id(s, id);
}

Result<std::optional<WebhookDelivery>> WebhookRepository::find_by_id(soci::session& s,
                                                                     std::int64_t id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kDeliverySelect) + " WHERE id = :id", soci::use(key));
  for (const auto& r : rows) return std::optional<WebhookDelivery>(delivery_from_row(r));
  return std::optional<WebhookDelivery>();
}

Result<std::vector<WebhookDelivery>> WebhookRepository::list(soci::session& s,
                                                             const WebhookQuery& q,
                                                             std::int64_t* total) {
  int has_status = q.status ? 1 : 0, has_entity = q.entity ? 1 : 0,
      has_entity_id = q.entity_id ? 1 : 0, has_target = q.target ? 1 : 0;
  std::string status = q.status.value_or(""), entity = q.entity.value_or(""),
              target = q.target.value_or("");
  long long entity_id = q.entity_id.value_or(0);
  const std::string where =
      " WHERE (:hs = 0 OR status = :s) AND (:he = 0 OR entity = :e) AND (:hi = 0 OR entity_id = "
      ":i) AND (:ht = 0 OR target = :t)";
  if (total) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM webhook_deliveries" + where, soci::into(n), soci::use(has_status),
        soci::use(status), soci::use(has_entity), soci::use(entity), soci::use(has_entity_id),
        soci::use(entity_id), soci::use(has_target), soci::use(target);
    *total = n;
  }
  int limit = q.limit, offset = q.offset;
  std::vector<WebhookDelivery> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kDeliverySelect) + where + " ORDER BY id DESC LIMIT :l OFFSET :o",
       soci::use(has_status), soci::use(status), soci::use(has_entity), soci::use(entity),
       soci::use(has_entity_id), soci::use(entity_id), soci::use(has_target), soci::use(target),
       soci::use(limit), soci::use(offset));
  for (const auto& r : rows) out.push_back(delivery_from_row(r));
  return out;
}

}  // namespace qf::store
