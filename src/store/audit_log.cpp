#include "store/audit_log.h"

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "store/crypto.h"
#include "store/row_reader.h"

namespace qf::store {
namespace {

const char* kColumns =
    "seq, at, actor_id, actor, action, entity, entity_id, before_json, after_json, request_id, "
    "client_address, prev_hash, hash";

AuditEntry from_row(const soci::row& r) {
  AuditEntry e;
  e.seq = row_int(r, 0);
  e.at = row_int(r, 1);
  e.actor_id = row_int(r, 2);
  e.actor = row_text(r, 3);
  e.action = row_text(r, 4);
  e.entity = row_text(r, 5);
  e.entity_id = row_text(r, 6);
  e.before_json = row_text(r, 7);
  e.after_json = row_text(r, 8);
  e.request_id = row_text(r, 9);
  e.client_address = row_text(r, 10);
  e.prev_hash = row_text(r, 11);
  e.hash = row_text(r, 12);
  return e;
}

}  // namespace

std::string AuditLog::canonical(const AuditEntry& e) {
  nlohmann::json row = nlohmann::json::array(
      {e.seq, e.at, e.actor_id, e.actor, e.action, e.entity, e.entity_id, e.before_json,
       e.after_json, e.request_id, e.client_address});
  return row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<AuditEntry> AuditLog::append(soci::session& s, AuditEntry e) {
  // Taking the head row's lock first serialises concurrent appenders.
  s << "UPDATE audit_head SET seq = seq + 1 WHERE id = 1";
  long long seq = 0;
  std::string prev;
  s << "SELECT seq, hash FROM audit_head WHERE id = 1", soci::into(seq), soci::into(prev);
  if (!s.got_data()) return fail(ErrorCode::kInternal, "审计链头缺失");
  e.seq = seq;
  if (e.at == 0) e.at = now_ms();
  e.prev_hash = prev;
  e.hash = sha256_hex(prev + canonical(e));
  long long at = e.at, actor_id = e.actor_id;
  s << "INSERT INTO audit_log (" << kColumns
    << ") VALUES (:seq, :at, :actor_id, :actor, :action, :entity, :entity_id, :before_json, "
       ":after_json, :request_id, :client_address, :prev_hash, :hash)",
      soci::use(seq), soci::use(at), soci::use(actor_id), soci::use(e.actor), soci::use(e.action),
      soci::use(e.entity), soci::use(e.entity_id), soci::use(e.before_json),
      soci::use(e.after_json), soci::use(e.request_id), soci::use(e.client_address),
      soci::use(e.prev_hash), soci::use(e.hash);
  s << "UPDATE audit_head SET hash = :h WHERE id = 1", soci::use(e.hash);
  return e;
}

Result<AuditPage> AuditLog::query(Database& db, const AuditQuery& q) {
  return db.read([&](soci::session& s) -> Result<AuditPage> {
    // Optional filters are bound as (flag, value) pairs so the SQL text is
    // constant and every value travels as a parameter.
    int has_entity = q.entity ? 1 : 0, has_entity_id = q.entity_id ? 1 : 0,
        has_actor = q.actor ? 1 : 0, has_action = q.action ? 1 : 0;
    int has_from = q.from_ms ? 1 : 0, has_to = q.to_ms ? 1 : 0;
    std::string entity = q.entity.value_or(""), entity_id = q.entity_id.value_or(""),
                actor = q.actor.value_or(""), action = q.action.value_or("");
    long long from = q.from_ms.value_or(0), to = q.to_ms.value_or(0);
    const std::string where =
        " WHERE (:he = 0 OR entity = :e) AND (:hi = 0 OR entity_id = :i) AND (:ha = 0 OR actor = "
        ":a) AND (:hc = 0 OR action = :c) AND (:hf = 0 OR at >= :f) AND (:ht = 0 OR at < :t)";
    AuditPage page;
    long long total = 0;
    s << "SELECT COUNT(*) FROM audit_log" + where, soci::into(total), soci::use(has_entity),
        soci::use(entity), soci::use(has_entity_id), soci::use(entity_id), soci::use(has_actor),
        soci::use(actor), soci::use(has_action), soci::use(action), soci::use(has_from),
        soci::use(from), soci::use(has_to), soci::use(to);
    page.total = total;
    int limit = q.limit, offset = q.offset;
    soci::rowset<soci::row> rows =
        (s.prepare << std::string("SELECT ") + kColumns + " FROM audit_log" + where +
                          " ORDER BY seq DESC LIMIT :lim OFFSET :off",
         soci::use(has_entity), soci::use(entity), soci::use(has_entity_id), soci::use(entity_id),
         soci::use(has_actor), soci::use(actor), soci::use(has_action), soci::use(action),
         soci::use(has_from), soci::use(from), soci::use(has_to), soci::use(to), soci::use(limit),
         soci::use(offset));
    for (const auto& r : rows) page.rows.push_back(from_row(r));
    return page;
  });
}

Result<AuditVerification> AuditLog::verify(Database& db) {
  return db.read([&](soci::session& s) -> Result<AuditVerification> {
    AuditVerification v;
    std::string expected_prev(64, '0');
    long long expected_seq = 1;
    soci::rowset<soci::row> rows =
        (s.prepare << std::string("SELECT ") + kColumns + " FROM audit_log ORDER BY seq");
    for (const auto& r : rows) {
      AuditEntry e = from_row(r);
      v.rows_checked++;
      if (e.seq != expected_seq) {
        v.first_bad_seq = expected_seq;
        v.problem = "序号不连续：缺少第 " + std::to_string(expected_seq) + " 条（下一条为第 " +
                    std::to_string(e.seq) + " 条）";
        return v;
      }
      if (e.prev_hash != expected_prev) {
        v.first_bad_seq = e.seq;
        v.problem = "前序哈希与上一条记录不一致";
        return v;
      }
      if (sha256_hex(e.prev_hash + canonical(e)) != e.hash) {
        v.first_bad_seq = e.seq;
        v.problem = "记录内容与其哈希不一致（已被篡改）";
        return v;
      }
      expected_prev = e.hash;
      expected_seq++;
    }
    long long head_seq = 0;
    std::string head_hash;
    s << "SELECT seq, hash FROM audit_head WHERE id = 1", soci::into(head_seq),
        soci::into(head_hash);
    if (head_seq != expected_seq - 1 || head_hash != expected_prev) {
      v.first_bad_seq = expected_seq;
      v.problem = "审计链末尾记录被删除（链头记录到第 " + std::to_string(head_seq) + " 条）";
    }
    return v;
  });
}

}  // namespace qf::store
