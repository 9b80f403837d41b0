#include "store/tip_repository.h"

#include "core/clock.h"
#include "store/row_reader.h"
#include "store/text_search.h"

namespace qf::store {
namespace {

const char* kSelect =
    "SELECT t.id, t.receipt_code, t.channel, t.reporter_category, t.anonymous, "
    "t.reporter_name_enc, t.reporter_phone_enc, t.reporter_phone_hash, t.content, t.occurred_at, "
    "t.place_text, t.lon, t.lat, t.species_text, t.state, t.owner_department_id, "
    "t.assigned_department_id, d.code, t.suggested_department_code, t.handler_id, t.due_at, "
    "t.public_feedback, t.internal_note, t.case_id, t.merged_into_id, t.created_by, "
    "t.state_changed_at, t.version, t.created_at, t.updated_at FROM tips t "
    "LEFT JOIN departments d ON d.id = t.assigned_department_id";

// Row-level visibility, bound as (:restricted, :department, :department):
// the owner (the office) and the departments the tip is shared with.
const char* kVisible =
    "(:r = 0 OR t.owner_department_id = :d1 OR EXISTS (SELECT 1 FROM record_shares rs WHERE "
    "rs.entity = 'tip' AND rs.entity_id = t.id AND rs.department_id = :d2))";

std::optional<std::int64_t> optional_int(const soci::row& r, std::size_t i) {
  if (row_is_null(r, i)) return std::nullopt;
  return row_int(r, i);
}

std::optional<double> optional_double(const soci::row& r, std::size_t i) {
  if (row_is_null(r, i)) return std::nullopt;
  return row_double(r, i);
}

Tip from_row(const soci::row& r) {
  Tip t;
  t.id = row_int(r, 0);
  t.receipt_code = row_text(r, 1);
  t.channel = row_text(r, 2);
  t.reporter_category = row_text(r, 3);
  t.anonymous = row_int(r, 4) != 0;
  t.reporter_name_enc = row_text(r, 5);
  t.reporter_phone_enc = row_text(r, 6);
  t.reporter_phone_hash = row_text(r, 7);
  t.content = row_text(r, 8);
  t.occurred_at = row_int(r, 9);
  t.place_text = row_text(r, 10);
  t.lon = optional_double(r, 11);
  t.lat = optional_double(r, 12);
  t.species_text = row_text(r, 13);
  t.state = row_text(r, 14);
  t.owner_department_id = row_int(r, 15);
  t.assigned_department_id = optional_int(r, 16);
  t.assigned_department_code = row_text(r, 17);
  t.suggested_department_code = row_text(r, 18);
  t.handler_id = optional_int(r, 19);
  t.due_at = row_int(r, 20);
  t.public_feedback = row_text(r, 21);
  t.internal_note = row_text(r, 22);
  t.case_id = optional_int(r, 23);
  t.merged_into_id = optional_int(r, 24);
  t.created_by = row_int(r, 25);
  t.state_changed_at = row_int(r, 26);
  t.version = static_cast<int>(row_int(r, 27));
  t.created_at = row_int(r, 28);
  t.updated_at = row_int(r, 29);
  return t;
}

// A nullable column bound through SOCI: the value plus its indicator.
struct NullableInt {
  explicit NullableInt(const std::optional<std::int64_t>& v)
      : value(v.value_or(0)), ind(v ? soci::i_ok : soci::i_null) {}
  long long value;
  soci::indicator ind;
};

struct NullableDouble {
  explicit NullableDouble(const std::optional<double>& v)
      : value(v.value_or(0)), ind(v ? soci::i_ok : soci::i_null) {}
  double value;
  soci::indicator ind;
};

Result<std::optional<Tip>> find_one(soci::session& s, const std::string& where,
                                    const std::string& key) {
  soci::rowset<soci::row> rows = (s.prepare << std::string(kSelect) + where, soci::use(key));
  for (const auto& r : rows) return std::optional<Tip>(from_row(r));
  return std::optional<Tip>();
}

}  // namespace

Result<Tip> TipRepository::insert(soci::session& s, Tip t) {
  t.created_at = t.updated_at = now_ms();
  if (t.state_changed_at == 0) t.state_changed_at = t.created_at;
  t.version = 1;
  int anonymous = t.anonymous ? 1 : 0;
  long long occurred = t.occurred_at, owner = t.owner_department_id, due = t.due_at,
            by = t.created_by, changed = t.state_changed_at, created = t.created_at, id = 0;
  NullableDouble lon(t.lon), lat(t.lat);
  NullableInt assigned(t.assigned_department_id), handler(t.handler_id), case_id(t.case_id),
      merged(t.merged_into_id);
  s << "INSERT INTO tips (receipt_code, channel, reporter_category, anonymous, "
       "reporter_name_enc, reporter_phone_enc, reporter_phone_hash, content, occurred_at, "
       "place_text, lon, lat, species_text, state, owner_department_id, assigned_department_id, "
       "suggested_department_code, handler_id, due_at, public_feedback, internal_note, case_id, "
       "merged_into_id, created_by, state_changed_at, version, created_at, updated_at) VALUES "
       "(:code, :channel, :category, :anon, :name, :phone, :hash, :content, :occurred, :place, "
       ":lon, :lat, :species, :state, :owner, :assigned, :suggested, :handler, :due, :feedback, "
       ":note, :case_id, :merged, :by, :changed, 1, :c, :u) RETURNING id",
      soci::use(t.receipt_code), soci::use(t.channel), soci::use(t.reporter_category),
      soci::use(anonymous), soci::use(t.reporter_name_enc), soci::use(t.reporter_phone_enc),
      soci::use(t.reporter_phone_hash), soci::use(t.content), soci::use(occurred),
      soci::use(t.place_text), soci::use(lon.value, lon.ind), soci::use(lat.value, lat.ind),
      soci::use(t.species_text), soci::use(t.state), soci::use(owner),
      soci::use(assigned.value, assigned.ind), soci::use(t.suggested_department_code),
      soci::use(handler.value, handler.ind), soci::use(due), soci::use(t.public_feedback),
      soci::use(t.internal_note), soci::use(case_id.value, case_id.ind),
      soci::use(merged.value, merged.ind), soci::use(by), soci::use(changed), soci::use(created),
      soci::use(created), soci::into(id);
  t.id = id;
  return t;
}

Result<Tip> TipRepository::update(soci::session& s, Tip t, int expected_version) {
  t.updated_at = now_ms();
  int anonymous = t.anonymous ? 1 : 0;
  long long occurred = t.occurred_at, owner = t.owner_department_id, due = t.due_at,
            changed = t.state_changed_at, updated = t.updated_at, id = t.id;
  NullableDouble lon(t.lon), lat(t.lat);
  NullableInt assigned(t.assigned_department_id), handler(t.handler_id), case_id(t.case_id),
      merged(t.merged_into_id);
  soci::statement st =
      (s.prepare << "UPDATE tips SET channel = :channel, reporter_category = :category, "
                    "anonymous = :anon, reporter_name_enc = :name, reporter_phone_enc = :phone, "
                    "reporter_phone_hash = :hash, content = :content, occurred_at = :occurred, "
                    "place_text = :place, lon = :lon, lat = :lat, species_text = :species, "
                    "state = :state, owner_department_id = :owner, assigned_department_id = "
                    ":assigned, suggested_department_code = :suggested, handler_id = :handler, "
                    "due_at = :due, public_feedback = :feedback, internal_note = :note, case_id "
                    "= :case_id, merged_into_id = :merged, state_changed_at = :changed, version = "
                    "version + 1, updated_at = :u WHERE id = :id AND version = :v",
       soci::use(t.channel), soci::use(t.reporter_category), soci::use(anonymous),
       soci::use(t.reporter_name_enc), soci::use(t.reporter_phone_enc),
       soci::use(t.reporter_phone_hash), soci::use(t.content), soci::use(occurred),
       soci::use(t.place_text), soci::use(lon.value, lon.ind), soci::use(lat.value, lat.ind),
       soci::use(t.species_text), soci::use(t.state), soci::use(owner),
       soci::use(assigned.value, assigned.ind), soci::use(t.suggested_department_code),
       soci::use(handler.value, handler.ind), soci::use(due), soci::use(t.public_feedback),
       soci::use(t.internal_note), soci::use(case_id.value, case_id.ind),
       soci::use(merged.value, merged.ind), soci::use(changed), soci::use(updated), soci::use(id),
       soci::use(expected_version));
  st.execute(true);
  if (st.get_affected_rows() != 1) {
    auto current = find_by_id(s, t.id);
    if (!current) return tl::unexpected(current.error());
    if (!*current) return not_found("线索不存在");
    return fail(ErrorCode::kPreconditionFailed, "线索已被他人修改，请刷新后重试");
  }
  // Re-read for the joined department code of a new assignment.
  auto stored = find_by_id(s, t.id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return not_found("线索不存在");
  return **stored;
}

Result<std::optional<Tip>> TipRepository::find_by_id(soci::session& s, std::int64_t id) {
  return find_one(s, " WHERE t.id = CAST(:id AS BIGINT)", std::to_string(id));
}

Result<std::optional<Tip>> TipRepository::find_by_receipt(soci::session& s,
                                                          const std::string& code) {
  return find_one(s, " WHERE t.receipt_code = :code", code);
}

namespace {

// ORDER BY clauses by sort key: fixed text, never built from the request.
const std::vector<std::pair<std::string, std::string>>& tip_orders() {
  static const std::vector<std::pair<std::string, std::string>> orders = {
      {"created", "t.id ASC"},
      {"-created", "t.id DESC"},
      {"due", "CASE WHEN t.due_at = 0 THEN 1 ELSE 0 END, t.due_at ASC, t.id ASC"},
      {"-due", "t.due_at DESC, t.id DESC"},
  };
  return orders;
}

}  // namespace

const std::vector<std::string>& tip_sort_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k;
    for (const auto& [key, order] : tip_orders()) k.push_back(key);
    return k;
  }();
  return keys;
}

Result<std::vector<Tip>> TipRepository::list(soci::session& s, const TipQuery& q,
                                             std::int64_t* total) {
  int restricted = q.visible_to_department ? 1 : 0;
  long long dept = q.visible_to_department.value_or(0);
  int has_state = q.state ? 1 : 0, has_channel = q.channel ? 1 : 0,
      has_assigned = q.assigned_department_id ? 1 : 0, has_overdue = q.overdue_at ? 1 : 0,
      has_search = q.search ? 1 : 0, has_handler = q.handler_id ? 1 : 0,
      has_from = q.created_from ? 1 : 0, has_to = q.created_to ? 1 : 0;
  const bool sqlite = is_sqlite(s);
  // ASCII letters ignore case on both backends (SQLite's LIKE already does).
  const std::string like = sqlite ? "LIKE" : "ILIKE";
  const TextSearch search = text_search(q.search.value_or(""), sqlite);
  std::string state = q.state.value_or(""), channel = q.channel.value_or(""),
              pattern = search.pattern, phrase = search.phrase;
  int indexed = search.indexed;
  long long assigned = q.assigned_department_id.value_or(0), overdue_at = q.overdue_at.value_or(0),
            handler = q.handler_id.value_or(0), from = q.created_from.value_or(0),
            to = q.created_to.value_or(0);
  std::string order = "t.id DESC";
  for (const auto& [key, clause] : tip_orders())
    if (key == q.sort) order = clause;
  const std::string where =
      std::string(" WHERE ") + kVisible +
      " AND (:fs = 0 OR t.state = :s) AND (:fc = 0 OR t.channel = :c)"
      " AND (:fa = 0 OR t.assigned_department_id = :a)"
      " AND (:fo = 0 OR (t.due_at > 0 AND t.due_at < :o))"
      " AND (:fq = 0 OR " +
      std::string(
          sqlite ? "(:ix1 = 1 AND t.id IN (SELECT rowid FROM tips_fts WHERE tips_fts MATCH :m))"
                 : "(:ix1 = 1 AND CAST(:m AS TEXT) IS NULL)") +
      " OR (:ix2 = 0 AND (t.content " + like + " :q1 ESCAPE '\\' OR t.place_text " + like +
      " :q2 ESCAPE '\\'"
      " OR t.species_text " +
      like +
      " :q3 ESCAPE '\\')))"
      " AND (:fh = 0 OR t.handler_id = :h) AND (:ff = 0 OR t.created_at >= :f)"
      " AND (:fu = 0 OR t.created_at < :u)";
  // The same parameters, in order, for the count and the page.
  auto bind = [&](auto&& st) -> decltype(auto) {
    return (st, soci::use(restricted), soci::use(dept), soci::use(dept), soci::use(has_state),
            soci::use(state), soci::use(has_channel), soci::use(channel), soci::use(has_assigned),
            soci::use(assigned), soci::use(has_overdue), soci::use(overdue_at),
            soci::use(has_search), soci::use(indexed), soci::use(phrase), soci::use(indexed),
            soci::use(pattern), soci::use(pattern), soci::use(pattern), soci::use(has_handler),
            soci::use(handler), soci::use(has_from), soci::use(from), soci::use(has_to),
            soci::use(to));
  };
  if (total) {
    long long n = 0;
    bind((s << "SELECT COUNT(*) FROM tips t" + where, soci::into(n)));
    *total = n;
  }
  int limit = q.limit, offset = q.offset;
  std::vector<Tip> out;
  soci::rowset<soci::row> rows = (bind(s.prepare << std::string(kSelect) + where + " ORDER BY " +
                                                        order + " LIMIT :l OFFSET :off"),
                                  soci::use(limit), soci::use(offset));
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

Result<std::vector<Tip>> TipRepository::duplicate_candidates(
    soci::session& s, std::int64_t id, const std::string& phone_hash, std::int64_t from_ms,
    std::int64_t to_ms, std::optional<std::int64_t> visible_to, int limit) {
  long long self = id, from = from_ms, to = to_ms;
  int has_hash = phone_hash.empty() ? 0 : 1;
  int restricted = visible_to ? 1 : 0;
  long long dept = visible_to.value_or(0);
  std::vector<Tip> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelect) + " WHERE " + kVisible +
                        " AND t.id <> :id AND ((:fh = 1 AND t.reporter_phone_hash = :h) OR (CASE "
                        "WHEN t.occurred_at > 0 THEN t.occurred_at ELSE t.created_at END BETWEEN "
                        ":f AND :t)) ORDER BY t.id DESC LIMIT :l",
       soci::use(restricted), soci::use(dept), soci::use(dept), soci::use(self),
       soci::use(has_hash), soci::use(phone_hash), soci::use(from), soci::use(to),
       soci::use(limit));
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

Result<bool> TipRepository::add_attachment(soci::session& s, std::int64_t tip_id,
                                           std::int64_t evidence_id) {
  long long tip = tip_id, evidence = evidence_id;
  soci::statement st = (s.prepare << "INSERT INTO tip_attachments (tip_id, evidence_id) VALUES "
                                     "(:t, :e) ON CONFLICT DO NOTHING",
                        soci::use(tip), soci::use(evidence));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

Result<std::vector<std::int64_t>> TipRepository::attachments(soci::session& s,
                                                             std::int64_t tip_id) {
  long long tip = tip_id;
  std::vector<std::int64_t> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT evidence_id FROM tip_attachments WHERE tip_id = :t ORDER BY "
                    "evidence_id",
       soci::use(tip));
  for (const auto& r : rows) out.push_back(row_int(r, 0));
  return out;
}

Result<RateWindow> TipRepository::hit_rate_limit(soci::session& s, const std::string& subject,
                                                 std::int64_t now, std::int64_t window_ms) {
  long long at = now, cutoff = now - window_ms, started = 0;
  int hits = 0;
  s << "INSERT INTO public_rate_limits (subject, window_started_at, hits) VALUES (:s, :now, 1) "
       "ON CONFLICT (subject) DO UPDATE SET hits = CASE WHEN "
       "public_rate_limits.window_started_at > :cut1 THEN public_rate_limits.hits + 1 ELSE 1 END, "
       "window_started_at = CASE WHEN public_rate_limits.window_started_at > :cut2 THEN "
       "public_rate_limits.window_started_at ELSE :now2 END RETURNING hits, window_started_at",
      soci::use(subject), soci::use(at), soci::use(cutoff), soci::use(cutoff), soci::use(at),
      soci::into(hits), soci::into(started);
  return RateWindow{hits, started};
}

}  // namespace qf::store
