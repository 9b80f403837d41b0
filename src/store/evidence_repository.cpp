#include "store/evidence_repository.h"

#include "core/clock.h"
#include "store/row_reader.h"

namespace qf::store {
namespace {

const char* kSelect =
    "SELECT e.id, e.sha256, e.size, e.mime, e.original_name, e.description, "
    "e.owner_department_id, e.uploaded_by, e.version, e.created_at FROM evidence_files e";

EvidenceFile from_row(const soci::row& r) {
  EvidenceFile f;
  f.id = row_int(r, 0);
  f.sha256 = row_text(r, 1);
  f.size = row_int(r, 2);
  f.mime = row_text(r, 3);
  f.original_name = row_text(r, 4);
  f.description = row_text(r, 5);
  f.owner_department_id = row_int(r, 6);
  f.uploaded_by = row_int(r, 7);
  f.version = static_cast<int>(row_int(r, 8));
  f.created_at = row_int(r, 9);
  return f;
}

}  // namespace

Result<EvidenceFile> EvidenceRepository::insert(soci::session& s, EvidenceFile f) {
  f.created_at = now_ms();
  f.version = 1;
  long long size = f.size, owner = f.owner_department_id, by = f.uploaded_by,
            created = f.created_at, id = 0;
  s << "INSERT INTO evidence_files (sha256, size, mime, original_name, description, "
       "owner_department_id, uploaded_by, version, created_at) VALUES (:h, :s, :m, :n, :d, :o, "
       ":b, 1, :c) RETURNING id",
      soci::use(f.sha256), soci::use(size), soci::use(f.mime), soci::use(f.original_name),
      soci::use(f.description), soci::use(owner), soci::use(by), soci::use(created),
      soci::into(id);
  f.id = id;
  return f;
}

Result<std::optional<EvidenceFile>> EvidenceRepository::find_by_id(soci::session& s,
                                                                   std::int64_t id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelect) + " WHERE e.id = :id", soci::use(key));
  for (const auto& r : rows) return std::optional<EvidenceFile>(from_row(r));
  return std::optional<EvidenceFile>();
}

Result<std::vector<EvidenceFile>> EvidenceRepository::list(soci::session& s,
                                                           const EvidenceQuery& q,
                                                           std::int64_t* total) {
  int restricted = q.visible_to_department ? 1 : 0;
  long long dept = q.visible_to_department.value_or(0);
  const std::string where =
      " WHERE (:r = 0 OR e.owner_department_id = :d1 OR EXISTS (SELECT 1 FROM record_shares rs "
      "WHERE rs.entity = 'evidence' AND rs.entity_id = e.id AND rs.department_id = :d2))";
  if (total) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM evidence_files e" + where, soci::into(n), soci::use(restricted),
        soci::use(dept), soci::use(dept);
    *total = n;
  }
  int limit = q.limit, offset = q.offset;
  std::vector<EvidenceFile> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelect) + where + " ORDER BY e.id DESC LIMIT :l OFFSET :o",
       soci::use(restricted), soci::use(dept), soci::use(dept), soci::use(limit),
       soci::use(offset));
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

Result<bool> RecordShareRepository::add(soci::session& s, const std::string& entity,
                                        std::int64_t id, std::int64_t department_id) {
  long long eid = id, dept = department_id, at = now_ms();
  soci::statement st =
      (s.prepare << "INSERT INTO record_shares (entity, entity_id, department_id, created_at) "
                    "VALUES (:e, :i, :d, :a) ON CONFLICT DO NOTHING",
       soci::use(entity), soci::use(eid), soci::use(dept), soci::use(at));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

Result<bool> RecordShareRepository::remove(soci::session& s, const std::string& entity,
                                           std::int64_t id, std::int64_t department_id) {
  long long eid = id, dept = department_id;
  soci::statement st = (s.prepare << "DELETE FROM record_shares WHERE entity = :e AND entity_id = "
                                     ":i AND department_id = :d",
                        soci::use(entity), soci::use(eid), soci::use(dept));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

Result<std::vector<std::int64_t>> RecordShareRepository::departments(soci::session& s,
                                                                     const std::string& entity,
                                                                     std::int64_t id) {
  long long eid = id;
  std::vector<std::int64_t> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT department_id FROM record_shares WHERE entity = :e AND entity_id = :i "
                    "ORDER BY department_id",
       soci::use(entity), soci::use(eid));
  for (const auto& r : rows) out.push_back(row_int(r, 0));
  return out;
}

Result<std::optional<IdempotentResponse>> IdempotencyRepository::find(soci::session& s,
                                                                      std::int64_t actor_id,
                                                                      const std::string& key) {
  long long actor = actor_id;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT request_hash, status, response_body FROM idempotency_keys WHERE "
                    "actor_id = :a AND idem_key = :k",
       soci::use(actor), soci::use(key));
  for (const auto& r : rows)
    return std::optional<IdempotentResponse>(
        IdempotentResponse{row_text(r, 0), static_cast<int>(row_int(r, 1)), row_text(r, 2)});
  return std::optional<IdempotentResponse>();
}

Status IdempotencyRepository::put(soci::session& s, std::int64_t actor_id, const std::string& key,
                                  const std::string& method, const std::string& path,
                                  const IdempotentResponse& response) {
  long long actor = actor_id, at = now_ms();
  int status = response.status;
  s << "INSERT INTO idempotency_keys (actor_id, idem_key, method, path, request_hash, status, "
       "response_body, created_at) VALUES (:a, :k, :m, :p, :h, :s, :b, :c)",
      soci::use(actor), soci::use(key), soci::use(method), soci::use(path),
      soci::use(response.request_hash), soci::use(status), soci::use(response.body),
      soci::use(at);
  return {};
}

}  // namespace qf::store
