#include "store/credential_repository.h"

#include "store/row_reader.h"

namespace qf::store {
namespace {

SessionRecord session_from_row(const soci::row& r) {
  SessionRecord s;
  s.id = row_int(r, 0);
  s.token_hash = row_text(r, 1);
  s.user_id = row_int(r, 2);
  s.created_at = row_int(r, 3);
  s.last_seen_at = row_int(r, 4);
  s.expires_at = row_int(r, 5);
  s.revoked_at = row_int(r, 6);
  s.client_address = row_text(r, 7);
  return s;
}

ApiKeyRecord key_from_row(const soci::row& r) {
  ApiKeyRecord k;
  k.id = row_int(r, 0);
  k.key_hash = row_text(r, 1);
  k.prefix = row_text(r, 2);
  k.user_id = row_int(r, 3);
  k.name = row_text(r, 4);
  k.scopes = row_text(r, 5);
  k.created_at = row_int(r, 6);
  k.last_used_at = row_int(r, 7);
  k.revoked_at = row_int(r, 8);
  return k;
}

const char* kSessionSelect =
    "SELECT id, token_hash, user_id, created_at, last_seen_at, expires_at, revoked_at, "
    "client_address FROM sessions";
const char* kKeySelect =
    "SELECT id, key_hash, prefix, user_id, name, scopes, created_at, last_used_at, revoked_at "
    "FROM api_keys";

Status run_update(soci::session& s, const char* sql, long long value, long long id) {
  s << sql, soci::use(value), soci::use(id);
  return {};
}

}  // namespace

Result<SessionRecord> SessionRepository::insert(soci::session& s, SessionRecord r) {
  long long user = r.user_id, created = r.created_at, seen = r.last_seen_at,
            expires = r.expires_at, id = 0;
  s << "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, "
       "client_address) VALUES (:h, :u, :c, :s, :e, :a) RETURNING id",
      soci::use(r.token_hash), soci::use(user), soci::use(created), soci::use(seen),
      soci::use(expires), soci::use(r.client_address), soci::into(id);
  r.id = id;
  return r;
}

Result<std::optional<SessionRecord>> SessionRepository::find_by_hash(soci::session& s,
                                                                     const std::string& h) {
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSessionSelect) + " WHERE token_hash = :h", soci::use(h));
  for (const auto& r : rows) return std::optional<SessionRecord>(session_from_row(r));
  return std::optional<SessionRecord>();
}

Status SessionRepository::touch(soci::session& s, std::int64_t id, std::int64_t at) {
  return run_update(s, "UPDATE sessions SET last_seen_at = :a WHERE id = :id", at, id);
}

Status SessionRepository::revoke(soci::session& s, std::int64_t id, std::int64_t at) {
  return run_update(s, "UPDATE sessions SET revoked_at = :a WHERE id = :id AND revoked_at = 0", at,
                    id);
}

Result<int> SessionRepository::revoke_all_for_user(soci::session& s, std::int64_t user_id,
                                                   std::int64_t at) {
  long long a = at, u = user_id;
  soci::statement st = (s.prepare << "UPDATE sessions SET revoked_at = :a WHERE user_id = :u AND "
                                     "revoked_at = 0",
                        soci::use(a), soci::use(u));
  st.execute(true);
  return static_cast<int>(st.get_affected_rows());
}

Result<ApiKeyRecord> ApiKeyRepository::insert(soci::session& s, ApiKeyRecord r) {
  long long user = r.user_id, created = r.created_at, id = 0;
  s << "INSERT INTO api_keys (key_hash, prefix, user_id, name, scopes, created_at) VALUES (:h, "
       ":p, :u, :n, :s, :c) RETURNING id",
      soci::use(r.key_hash), soci::use(r.prefix), soci::use(user), soci::use(r.name),
      soci::use(r.scopes), soci::use(created), soci::into(id);
  r.id = id;
  return r;
}

Result<std::optional<ApiKeyRecord>> ApiKeyRepository::find_by_hash(soci::session& s,
                                                                   const std::string& h) {
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kKeySelect) + " WHERE key_hash = :h", soci::use(h));
  for (const auto& r : rows) return std::optional<ApiKeyRecord>(key_from_row(r));
  return std::optional<ApiKeyRecord>();
}

Result<std::optional<ApiKeyRecord>> ApiKeyRepository::find_by_id(soci::session& s,
                                                                 std::int64_t id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kKeySelect) + " WHERE id = :id", soci::use(key));
  for (const auto& r : rows) return std::optional<ApiKeyRecord>(key_from_row(r));
  return std::optional<ApiKeyRecord>();
}

Result<std::vector<ApiKeyRecord>> ApiKeyRepository::list(soci::session& s) {
  std::vector<ApiKeyRecord> out;
  soci::rowset<soci::row> rows = (s.prepare << std::string(kKeySelect) + " ORDER BY id");
  for (const auto& r : rows) out.push_back(key_from_row(r));
  return out;
}

Status ApiKeyRepository::touch(soci::session& s, std::int64_t id, std::int64_t at) {
  return run_update(s, "UPDATE api_keys SET last_used_at = :a WHERE id = :id", at, id);
}

Status ApiKeyRepository::revoke(soci::session& s, std::int64_t id, std::int64_t at) {
  return run_update(s, "UPDATE api_keys SET revoked_at = :a WHERE id = :id AND revoked_at = 0", at,
                    id);
}

Result<ThrottleState> LoginThrottleRepository::get(soci::session& s, const std::string& subject) {
  ThrottleState st;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT failures, last_failure_at, locked_until FROM auth_throttle WHERE "
                    "subject = :s",
       soci::use(subject));
  for (const auto& r : rows) {
    st.failures = static_cast<int>(row_int(r, 0));
    st.last_failure_at = row_int(r, 1);
    st.locked_until = row_int(r, 2);
  }
  return st;
}

Status LoginThrottleRepository::put(soci::session& s, const std::string& subject,
                                    const ThrottleState& state) {
  int failures = state.failures;
  long long last = state.last_failure_at, until = state.locked_until;
  // Upsert syntax shared by SQLite (3.24+) and PostgreSQL.
  s << "INSERT INTO auth_throttle (subject, failures, last_failure_at, locked_until) VALUES (:s, "
       ":f, :l, :u) ON CONFLICT (subject) DO UPDATE SET failures = excluded.failures, "
       "last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until",
      soci::use(subject), soci::use(failures), soci::use(last), soci::use(until);
  return {};
}

Status LoginThrottleRepository::clear(soci::session& s, const std::string& subject) {
  s << "DELETE FROM auth_throttle WHERE subject = :s", soci::use(subject);
  return {};
}

}  // namespace qf::store
