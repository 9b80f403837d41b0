#include "store/case_repository.h"

#include "core/clock.h"
#include "store/row_reader.h"
#include "store/text_search.h"

namespace qf::store {
namespace {

const char* kCaseSelect =
    "SELECT c.id, c.number, c.title, c.offence_type, c.source, c.place_type, c.place_text, c.lon, "
    "c.lat, c.occurred_at, c.summary, c.cross_region, c.state, c.priority, c.priority_reasons, "
    "c.major, c.major_reasons, c.owner_department_id, d.code, c.tip_id, c.due_at, "
    "c.penalty_decision_no, c.penalty_amount_fen, c.created_by, c.version, c.created_at, "
    "c.updated_at FROM cases c JOIN departments d ON d.id = c.owner_department_id";

CaseRecord case_from_row(const soci::row& r) {
  CaseRecord c;
  c.id = row_int(r, 0);
  c.number = row_text(r, 1);
  c.title = row_text(r, 2);
  c.offence_type = row_text(r, 3);
  c.source = row_text(r, 4);
  c.place_type = row_text(r, 5);
  c.place_text = row_text(r, 6);
  if (!row_is_null(r, 7)) c.lon = row_double(r, 7);
  if (!row_is_null(r, 8)) c.lat = row_double(r, 8);
  c.occurred_at = row_int(r, 9);
  c.summary = row_text(r, 10);
  c.cross_region = row_int(r, 11) != 0;
  c.state = row_text(r, 12);
  c.priority = row_int(r, 13) != 0;
  c.priority_reasons_json = row_text(r, 14);
  c.major = row_int(r, 15) != 0;
  c.major_reasons_json = row_text(r, 16);
  c.owner_department_id = row_int(r, 17);
  c.owner_department_code = row_text(r, 18);
  if (!row_is_null(r, 19)) c.tip_id = row_int(r, 19);
  c.due_at = row_int(r, 20);
  c.penalty_decision_no = row_text(r, 21);
  c.penalty_amount_fen = row_int(r, 22);
  c.created_by = row_int(r, 23);
  c.version = static_cast<int>(row_int(r, 24));
  c.created_at = row_int(r, 25);
  c.updated_at = row_int(r, 26);
  return c;
}

void load_children(soci::session& s, CaseRecord& c) {
  long long id = c.id;
  soci::rowset<soci::row> items =
      (s.prepare << "SELECT id, species, species_id, count, weight_kg, unit, part, origin, "
                    "disposition, evidence_id, note, value_fen, value_basis FROM case_items WHERE "
                    "case_id = :id ORDER BY position",
       soci::use(id));
  for (const auto& r : items) {
    CaseItem i;
    i.id = row_int(r, 0);
    i.species = row_text(r, 1);
    if (!row_is_null(r, 2)) i.species_id = row_int(r, 2);
    i.count = row_double(r, 3);
    i.weight_kg = row_double(r, 4);
    i.unit = row_text(r, 5);
    i.part = row_text(r, 6);
    i.origin = row_text(r, 7);
    i.disposition = row_text(r, 8);
    if (!row_is_null(r, 9)) i.evidence_id = row_int(r, 9);
    i.note = row_text(r, 10);
    if (!row_is_null(r, 11)) i.value_fen = row_int(r, 11);
    i.value_basis = row_text(r, 12);
    c.items.push_back(std::move(i));
  }
  soci::rowset<soci::row> parties =
      (s.prepare << "SELECT id, kind, role, name, id_number, phones, online_accounts, address FROM "
                    "case_parties WHERE case_id = :id ORDER BY position",
       soci::use(id));
  for (const auto& r : parties) {
    CaseParty p;
    p.id = row_int(r, 0);
    p.kind = row_text(r, 1);
    p.role = row_text(r, 2);
    p.name = row_text(r, 3);
    p.id_number = row_text(r, 4);
    p.phones = row_text(r, 5);
    p.online_accounts = row_text(r, 6);
    p.address = row_text(r, 7);
    c.parties.push_back(std::move(p));
  }
}

}  // namespace

Result<int> CaseRepository::next_sequence(soci::session& s, const std::string& department_code,
                                          int year) {
  s << "INSERT INTO case_counters (department_code, year, last_seq) VALUES (:d, :y, 0) ON "
       "CONFLICT DO NOTHING",
      soci::use(department_code), soci::use(year);
  // The UPDATE takes the row lock (PostgreSQL) before the value is read, so
  // concurrent creators queue here and each gets its own number.
  s << "UPDATE case_counters SET last_seq = last_seq + 1 WHERE department_code = :d AND year = :y",
      soci::use(department_code), soci::use(year);
  int seq = 0;
  s << "SELECT last_seq FROM case_counters WHERE department_code = :d AND year = :y",
      soci::into(seq), soci::use(department_code), soci::use(year);
  return seq;
}

Result<CaseRecord> CaseRepository::insert(soci::session& s, CaseRecord c) {
  c.created_at = c.updated_at = now_ms();
  c.version = 1;
  double lon = c.lon.value_or(0), lat = c.lat.value_or(0);
  soci::indicator lon_ind = c.lon ? soci::i_ok : soci::i_null;
  soci::indicator lat_ind = c.lat ? soci::i_ok : soci::i_null;
  long long tip = c.tip_id.value_or(0);
  soci::indicator tip_ind = c.tip_id ? soci::i_ok : soci::i_null;
  long long occurred = c.occurred_at, owner = c.owner_department_id, due = c.due_at,
            amount = c.penalty_amount_fen, by = c.created_by, created = c.created_at, id = 0;
  int cross = c.cross_region ? 1 : 0, priority = c.priority ? 1 : 0, major = c.major ? 1 : 0;
  s << "INSERT INTO cases (number, title, offence_type, source, place_type, place_text, lon, lat, "
       "occurred_at, summary, cross_region, state, priority, priority_reasons, major, "
       "major_reasons, owner_department_id, tip_id, due_at, penalty_decision_no, "
       "penalty_amount_fen, created_by, version, created_at, updated_at) VALUES (:number, :title, "
       ":offence, :source, :ptype, :ptext, :lon, :lat, :occurred, :summary, :cross, :state, "
       ":priority, :preasons, :major, :mreasons, :owner, :tip, :due, :pno, :amount, :by, 1, "
       ":created, :updated) RETURNING id",
      soci::use(c.number), soci::use(c.title), soci::use(c.offence_type), soci::use(c.source),
      soci::use(c.place_type), soci::use(c.place_text), soci::use(lon, lon_ind),
      soci::use(lat, lat_ind), soci::use(occurred), soci::use(c.summary), soci::use(cross),
      soci::use(c.state), soci::use(priority), soci::use(c.priority_reasons_json), soci::use(major),
      soci::use(c.major_reasons_json), soci::use(owner), soci::use(tip, tip_ind), soci::use(due),
      soci::use(c.penalty_decision_no), soci::use(amount), soci::use(by), soci::use(created),
      soci::use(created), soci::into(id);
  c.id = id;
  std::vector<CaseItem> items = std::move(c.items);
  std::vector<CaseParty> parties = std::move(c.parties);
  c.items.clear();
  c.parties.clear();
  for (auto& i : items) {
    auto added = add_item(s, c.id, i);
    if (!added) return tl::unexpected(added.error());
    c.items.push_back(*added);
  }
  for (auto& p : parties) {
    auto added = add_party(s, c.id, p);
    if (!added) return tl::unexpected(added.error());
    c.parties.push_back(*added);
  }
  return c;
}

Result<CaseRecord> CaseRepository::update(soci::session& s, const CaseRecord& c,
                                          int expected_version) {
  double lon = c.lon.value_or(0), lat = c.lat.value_or(0);
  soci::indicator lon_ind = c.lon ? soci::i_ok : soci::i_null;
  soci::indicator lat_ind = c.lat ? soci::i_ok : soci::i_null;
  long long occurred = c.occurred_at, owner = c.owner_department_id, due = c.due_at,
            amount = c.penalty_amount_fen, updated = now_ms(), id = c.id;
  int cross = c.cross_region ? 1 : 0, priority = c.priority ? 1 : 0, major = c.major ? 1 : 0;
  soci::statement st =
      (s.prepare
           << "UPDATE cases SET title = :title, offence_type = :offence, place_type = :ptype, "
              "place_text = :ptext, lon = :lon, lat = :lat, occurred_at = :occurred, summary "
              "= :summary, cross_region = :cross, state = :state, priority = :priority, "
              "priority_reasons = :preasons, major = :major, major_reasons = :mreasons, "
              "owner_department_id = :owner, due_at = :due, penalty_decision_no = :pno, "
              "penalty_amount_fen = :amount, version = version + 1, updated_at = :updated "
              "WHERE id = :id AND version = :v",
       soci::use(c.title), soci::use(c.offence_type), soci::use(c.place_type),
       soci::use(c.place_text), soci::use(lon, lon_ind), soci::use(lat, lat_ind),
       soci::use(occurred), soci::use(c.summary), soci::use(cross), soci::use(c.state),
       soci::use(priority), soci::use(c.priority_reasons_json), soci::use(major),
       soci::use(c.major_reasons_json), soci::use(owner), soci::use(due),
       soci::use(c.penalty_decision_no), soci::use(amount), soci::use(updated), soci::use(id),
       soci::use(expected_version));
  st.execute(true);
  if (st.get_affected_rows() != 1) {
    auto current = find_by_id(s, c.id);
    if (!current) return tl::unexpected(current.error());
    if (!*current) return not_found("案件不存在");
    return fail(ErrorCode::kPreconditionFailed, "案件已被他人修改，请刷新后重试");
  }
  auto stored = find_by_id(s, c.id);
  if (!stored) return tl::unexpected(stored.error());
  return **stored;
}

Result<std::optional<CaseRecord>> CaseRepository::find_by_id(soci::session& s, std::int64_t id) {
  long long key = id;
  std::optional<CaseRecord> out;
  {
    soci::rowset<soci::row> rows =
        (s.prepare << std::string(kCaseSelect) + " WHERE c.id = :id", soci::use(key));
    for (const auto& r : rows) out = case_from_row(r);
  }
  if (out) load_children(s, *out);
  return out;
}

namespace {

// ORDER BY clauses by sort key: fixed text, never built from the request.
const std::vector<std::pair<std::string, std::string>>& case_orders() {
  static const std::vector<std::pair<std::string, std::string>> orders = {
      {"created", "c.id ASC"},
      {"-created", "c.id DESC"},
      {"occurred", "c.occurred_at ASC, c.id ASC"},
      {"-occurred", "c.occurred_at DESC, c.id DESC"},
      {"due", "CASE WHEN c.due_at = 0 THEN 1 ELSE 0 END, c.due_at ASC, c.id ASC"},
      {"-due", "c.due_at DESC, c.id DESC"},
      {"number", "c.number ASC"},
      {"-number", "c.number DESC"},
      {"updated", "c.updated_at ASC, c.id ASC"},
      {"-updated", "c.updated_at DESC, c.id DESC"},
  };
  return orders;
}

}  // namespace

const std::vector<std::string>& case_sort_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k;
    for (const auto& [key, order] : case_orders()) k.push_back(key);
    return k;
  }();
  return keys;
}

Result<std::vector<CaseRecord>> CaseRepository::list(soci::session& s, const CaseQuery& q,
                                                     std::int64_t* total) {
  int has_vis = q.visible_to_department ? 1 : 0, has_state = q.state ? 1 : 0,
      has_offence = q.offence_type ? 1 : 0, has_owner = q.owner_department_id ? 1 : 0,
      has_priority = q.priority ? 1 : 0, has_overdue = q.overdue ? 1 : 0, has_text = q.text ? 1 : 0,
      has_major = q.major ? 1 : 0, has_creator = q.created_by ? 1 : 0,
      has_from = q.created_from ? 1 : 0, has_to = q.created_to ? 1 : 0;
  long long vis = q.visible_to_department.value_or(0), owner = q.owner_department_id.value_or(0),
            now = q.now_ms, creator = q.created_by.value_or(0), from = q.created_from.value_or(0),
            to = q.created_to.value_or(0);
  int priority = q.priority.value_or(false) ? 1 : 0, overdue = q.overdue.value_or(false) ? 1 : 0,
      major = q.major.value_or(false) ? 1 : 0;
  const bool sqlite = is_sqlite(s);
  // ASCII letters ignore case on both backends (SQLite's LIKE already does).
  const std::string like = sqlite ? "LIKE" : "ILIKE";
  const TextSearch search = text_search(q.text.value_or(""), sqlite);
  std::string state = q.state.value_or(""), offence = q.offence_type.value_or(""),
              pattern = search.pattern, phrase = search.phrase;
  int indexed = search.indexed;
  std::string order = "c.priority DESC, c.id DESC";
  for (const auto& [key, clause] : case_orders())
    if (key == q.sort) order = clause;
  const std::string where =
      " WHERE (:hv = 0 OR c.owner_department_id = :v1 OR EXISTS (SELECT 1 FROM record_shares rs "
      "WHERE rs.entity = 'case' AND rs.entity_id = c.id AND rs.department_id = :v2))"
      " AND (:hs = 0 OR c.state = :s) AND (:ho = 0 OR c.offence_type = :o)"
      " AND (:hw = 0 OR c.owner_department_id = :w) AND (:hp = 0 OR c.priority = :p)"
      " AND (:hd = 0 OR (:d = 1 AND c.due_at > 0 AND c.due_at < :n1) OR (:d2 = 0 AND NOT "
      "(c.due_at > 0 AND c.due_at < :n2)))"
      " AND (:ht = 0 OR " +
      std::string(sqlite
                      ? "(:ix1 = 1 AND (c.id IN (SELECT rowid FROM cases_fts WHERE cases_fts "
                        "MATCH :m1) OR c.id IN (SELECT ci.case_id FROM case_items ci WHERE "
                        "ci.id IN (SELECT rowid FROM case_items_fts WHERE case_items_fts "
                        "MATCH :m2))))"
                      : "(:ix1 = 1 AND CAST(:m1 AS TEXT) IS NULL AND CAST(:m2 AS TEXT) IS NULL)") +
      " OR (:ix2 = 0 AND (c.number " + like + " :t1 ESCAPE '\\' OR c.title " + like +
      " :t2 ESCAPE '\\' OR "
      "c.summary " +
      like + " :t3 ESCAPE '\\' OR c.place_text " + like +
      " :t4 ESCAPE '\\' OR EXISTS (SELECT 1 "
      "FROM case_items ci WHERE ci.case_id = c.id AND ci.species " +
      like +
      " :t5 ESCAPE '\\'))))"
      " AND (:hm = 0 OR c.major = :m) AND (:hc = 0 OR c.created_by = :c)"
      " AND (:hf = 0 OR c.created_at >= :f) AND (:hu = 0 OR c.created_at < :u)";
  // The same parameters, in order, for the count and the page.
  auto bind = [&](auto&& st) -> decltype(auto) {
    return (st, soci::use(has_vis), soci::use(vis), soci::use(vis), soci::use(has_state),
            soci::use(state), soci::use(has_offence), soci::use(offence), soci::use(has_owner),
            soci::use(owner), soci::use(has_priority), soci::use(priority), soci::use(has_overdue),
            soci::use(overdue), soci::use(now), soci::use(overdue), soci::use(now),
            soci::use(has_text), soci::use(indexed), soci::use(phrase), soci::use(phrase),
            soci::use(indexed), soci::use(pattern), soci::use(pattern), soci::use(pattern),
            soci::use(pattern), soci::use(pattern), soci::use(has_major), soci::use(major),
            soci::use(has_creator), soci::use(creator), soci::use(has_from), soci::use(from),
            soci::use(has_to), soci::use(to));
  };
  if (total) {
    long long n = 0;
    bind((s << "SELECT COUNT(*) FROM cases c" + where, soci::into(n)));
    *total = n;
  }
  int limit = q.limit, offset = q.offset;
  std::vector<CaseRecord> out;
  {
    soci::rowset<soci::row> rows =
        (bind(s.prepare << std::string(kCaseSelect) + where + " ORDER BY " + order +
                               " LIMIT :lim OFFSET :off"),
         soci::use(limit), soci::use(offset));
    for (const auto& r : rows) out.push_back(case_from_row(r));
  }
  for (auto& c : out) load_children(s, c);
  return out;
}

Result<CaseItem> CaseRepository::add_item(soci::session& s, std::int64_t case_id, CaseItem i) {
  long long cid = case_id, id = 0, species_id = i.species_id.value_or(0),
            evidence = i.evidence_id.value_or(0), value = i.value_fen.value_or(0);
  soci::indicator sid_ind = i.species_id ? soci::i_ok : soci::i_null;
  soci::indicator ev_ind = i.evidence_id ? soci::i_ok : soci::i_null;
  soci::indicator value_ind = i.value_fen ? soci::i_ok : soci::i_null;
  int position = 0;
  s << "SELECT COUNT(*) FROM case_items WHERE case_id = :c", soci::into(position), soci::use(cid);
  s << "INSERT INTO case_items (case_id, position, species, species_id, count, weight_kg, unit, "
       "part, origin, disposition, evidence_id, note, value_fen, value_basis) VALUES (:c, :pos, "
       ":sp, :sid, :cnt, :w, :u, :part, :origin, :disp, :ev, :note, :val, :vb) RETURNING id",
      soci::use(cid), soci::use(position), soci::use(i.species), soci::use(species_id, sid_ind),
      soci::use(i.count), soci::use(i.weight_kg), soci::use(i.unit), soci::use(i.part),
      soci::use(i.origin), soci::use(i.disposition), soci::use(evidence, ev_ind), soci::use(i.note),
      soci::use(value, value_ind), soci::use(i.value_basis), soci::into(id);
  i.id = id;
  return i;
}

Status CaseRepository::update_item(soci::session& s, std::int64_t case_id, const CaseItem& i) {
  long long cid = case_id, id = i.id, species_id = i.species_id.value_or(0),
            evidence = i.evidence_id.value_or(0), value = i.value_fen.value_or(0);
  soci::indicator sid_ind = i.species_id ? soci::i_ok : soci::i_null;
  soci::indicator ev_ind = i.evidence_id ? soci::i_ok : soci::i_null;
  soci::indicator value_ind = i.value_fen ? soci::i_ok : soci::i_null;
  soci::statement st =
      (s.prepare
           << "UPDATE case_items SET species = :sp, species_id = :sid, count = :cnt, "
              "weight_kg = :w, unit = :u, part = :part, origin = :origin, disposition = :disp, "
              "evidence_id = :ev, note = :note, value_fen = :val, value_basis = :vb WHERE id = "
              ":id AND case_id = :c",
       soci::use(i.species), soci::use(species_id, sid_ind), soci::use(i.count),
       soci::use(i.weight_kg), soci::use(i.unit), soci::use(i.part), soci::use(i.origin),
       soci::use(i.disposition), soci::use(evidence, ev_ind), soci::use(i.note),
       soci::use(value, value_ind), soci::use(i.value_basis), soci::use(id), soci::use(cid));
  st.execute(true);
  if (st.get_affected_rows() != 1) return not_found("涉案物品不存在");
  return {};
}

Result<CaseParty> CaseRepository::add_party(soci::session& s, std::int64_t case_id, CaseParty p) {
  long long cid = case_id, id = 0;
  int position = 0;
  s << "SELECT COUNT(*) FROM case_parties WHERE case_id = :c", soci::into(position), soci::use(cid);
  s << "INSERT INTO case_parties (case_id, position, kind, role, name, id_number, phones, "
       "online_accounts, address) VALUES (:c, :pos, :k, :r, :n, :idn, :ph, :acc, :addr) "
       "RETURNING id",
      soci::use(cid), soci::use(position), soci::use(p.kind), soci::use(p.role), soci::use(p.name),
      soci::use(p.id_number), soci::use(p.phones), soci::use(p.online_accounts),
      soci::use(p.address), soci::into(id);
  p.id = id;
  return p;
}

Result<CaseEvent> CaseRepository::add_event(soci::session& s, CaseEvent e) {
  if (e.at == 0) e.at = now_ms();
  long long cid = e.case_id, at = e.at, actor = e.actor_id, id = 0;
  s << "INSERT INTO case_events (case_id, at, actor_id, actor, kind, summary, data_json) VALUES "
       "(:c, :at, :aid, :a, :k, :s, :d) RETURNING id",
      soci::use(cid), soci::use(at), soci::use(actor), soci::use(e.actor), soci::use(e.kind),
      soci::use(e.summary), soci::use(e.data_json), soci::into(id);
  e.id = id;
  return e;
}

Result<std::vector<CaseEvent>> CaseRepository::events(soci::session& s, std::int64_t case_id) {
  long long cid = case_id;
  std::vector<CaseEvent> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id, case_id, at, actor_id, actor, kind, summary, data_json FROM "
                    "case_events WHERE case_id = :c ORDER BY id",
       soci::use(cid));
  for (const auto& r : rows)
    out.push_back(CaseEvent{row_int(r, 0), row_int(r, 1), row_int(r, 2), row_int(r, 3),
                            row_text(r, 4), row_text(r, 5), row_text(r, 6), row_text(r, 7)});
  return out;
}

namespace {

const char* kTransferSelect =
    "SELECT t.id, t.entity, t.entity_id, t.kind, t.from_department_id, t.to_department_id, "
    "f.code, d.code, t.state, t.reason, t.documents_json, t.requested_by, t.requested_at, "
    "t.decided_by, t.decided_at, t.decision_note, t.version FROM transfers t JOIN departments f "
    "ON f.id = t.from_department_id JOIN departments d ON d.id = t.to_department_id";

TransferRecord transfer_from_row(const soci::row& r) {
  TransferRecord t;
  t.id = row_int(r, 0);
  t.entity = row_text(r, 1);
  t.entity_id = row_int(r, 2);
  t.kind = row_text(r, 3);
  t.from_department_id = row_int(r, 4);
  t.to_department_id = row_int(r, 5);
  t.from_department_code = row_text(r, 6);
  t.to_department_code = row_text(r, 7);
  t.state = row_text(r, 8);
  t.reason = row_text(r, 9);
  t.documents_json = row_text(r, 10);
  t.requested_by = row_int(r, 11);
  t.requested_at = row_int(r, 12);
  t.decided_by = row_int(r, 13);
  t.decided_at = row_int(r, 14);
  t.decision_note = row_text(r, 15);
  t.version = static_cast<int>(row_int(r, 16));
  return t;
}

}  // namespace

Result<TransferRecord> TransferRepository::insert(soci::session& s, TransferRecord t) {
  t.requested_at = now_ms();
  t.state = "requested";
  long long eid = t.entity_id, from = t.from_department_id, to = t.to_department_id,
            by = t.requested_by, at = t.requested_at, id = 0;
  s << "INSERT INTO transfers (entity, entity_id, kind, from_department_id, to_department_id, "
       "state, reason, documents_json, requested_by, requested_at) VALUES (:e, :eid, :k, :f, :t, "
       ":s, :r, :docs, :by, :at) RETURNING id",
      soci::use(t.entity), soci::use(eid), soci::use(t.kind), soci::use(from), soci::use(to),
      soci::use(t.state), soci::use(t.reason), soci::use(t.documents_json), soci::use(by),
      soci::use(at), soci::into(id);
  auto stored = find_by_id(s, id);
  if (!stored) return tl::unexpected(stored.error());
  return **stored;
}

Result<std::optional<TransferRecord>> TransferRepository::find_by_id(soci::session& s,
                                                                     std::int64_t id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kTransferSelect) + " WHERE t.id = :id", soci::use(key));
  for (const auto& r : rows) return std::optional<TransferRecord>(transfer_from_row(r));
  return std::optional<TransferRecord>();
}

Result<std::vector<TransferRecord>> TransferRepository::for_entity(soci::session& s,
                                                                   const std::string& entity,
                                                                   std::int64_t id) {
  long long key = id;
  std::vector<TransferRecord> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kTransferSelect) +
                        " WHERE t.entity = :e AND t.entity_id = :id ORDER BY t.id",
       soci::use(entity), soci::use(key));
  for (const auto& r : rows) out.push_back(transfer_from_row(r));
  return out;
}

Result<std::vector<TransferListing>> TransferRepository::list(soci::session& s,
                                                              const TransferQuery& q,
                                                              std::int64_t* total) {
  int has_dept = q.department_id ? 1 : 0, has_state = q.state ? 1 : 0, has_kind = q.kind ? 1 : 0;
  int incoming = q.direction == "incoming" ? 1 : 0, outgoing = q.direction == "outgoing" ? 1 : 0;
  long long dept = q.department_id.value_or(0);
  std::string state = q.state.value_or(""), kind = q.kind.value_or("");
  int has_from = q.requested_from ? 1 : 0, has_to = q.requested_to ? 1 : 0;
  long long from = q.requested_from.value_or(0), to = q.requested_to.value_or(0);
  const std::string where =
      " WHERE (:hd = 0 OR (:in1 = 0 AND :out1 = 0 AND (t.to_department_id = :d1 OR "
      "t.from_department_id = :d2)) OR (:in2 = 1 AND t.to_department_id = :d3) OR (:out2 = 1 AND "
      "t.from_department_id = :d4))"
      " AND (:hs = 0 OR t.state = :s) AND (:hk = 0 OR t.kind = :k)"
      " AND (:hf = 0 OR t.requested_at >= :rf) AND (:ht = 0 OR t.requested_at < :rt)";
  if (total) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM transfers t" + where, soci::into(n), soci::use(has_dept),
        soci::use(incoming), soci::use(outgoing), soci::use(dept), soci::use(dept),
        soci::use(incoming), soci::use(dept), soci::use(outgoing), soci::use(dept),
        soci::use(has_state), soci::use(state), soci::use(has_kind), soci::use(kind),
        soci::use(has_from), soci::use(from), soci::use(has_to), soci::use(to);
    *total = n;
  }
  int limit = q.limit, offset = q.offset;
  std::vector<TransferListing> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT t.id, t.entity, t.entity_id, t.kind, t.from_department_id, "
                    "t.to_department_id, f.code, d.code, t.state, t.reason, t.documents_json, "
                    "t.requested_by, t.requested_at, t.decided_by, t.decided_at, t.decision_note, "
                    "t.version, c.number, c.title, c.state FROM transfers t JOIN departments f ON "
                    "f.id = t.from_department_id JOIN departments d ON d.id = t.to_department_id "
                    "LEFT JOIN cases c ON t.entity = 'case' AND c.id = t.entity_id" +
                        where + " ORDER BY t.id DESC LIMIT :lim OFFSET :off",
       soci::use(has_dept), soci::use(incoming), soci::use(outgoing), soci::use(dept),
       soci::use(dept), soci::use(incoming), soci::use(dept), soci::use(outgoing), soci::use(dept),
       soci::use(has_state), soci::use(state), soci::use(has_kind), soci::use(kind),
       soci::use(has_from), soci::use(from), soci::use(has_to), soci::use(to), soci::use(limit),
       soci::use(offset));
  for (const auto& r : rows) {
    TransferListing l{transfer_from_row(r), "", "", ""};
    if (!row_is_null(r, 17)) {
      l.case_number = row_text(r, 17);
      l.case_title = row_text(r, 18);
      l.case_state = row_text(r, 19);
    }
    out.push_back(std::move(l));
  }
  return out;
}

Status TransferRepository::decide(soci::session& s, std::int64_t id, const std::string& state,
                                  std::int64_t by, const std::string& note) {
  long long key = id, who = by, at = now_ms();
  soci::statement st =
      (s.prepare << "UPDATE transfers SET state = :s, decided_by = :b, decided_at = :a, "
                    "decision_note = :n, version = version + 1 WHERE id = :id AND state = "
                    "'requested'",
       soci::use(state), soci::use(who), soci::use(at), soci::use(note), soci::use(key));
  st.execute(true);
  if (st.get_affected_rows() != 1) return fail(ErrorCode::kConflict, "该移交已处理");
  return {};
}

Status NotificationRepository::insert(soci::session& s, const Notification& n) {
  long long user = n.user_id, eid = n.entity_id, at = n.created_at ? n.created_at : now_ms();
  s << "INSERT INTO notifications (user_id, kind, title, body, entity, entity_id, created_at) "
       "VALUES (:u, :k, :t, :b, :e, :eid, :at)",
      soci::use(user), soci::use(n.kind), soci::use(n.title), soci::use(n.body),
      soci::use(n.entity), soci::use(eid), soci::use(at);
  return {};
}

Result<std::vector<Notification>> NotificationRepository::for_user(soci::session& s,
                                                                   std::int64_t user_id,
                                                                   bool unread_only, int limit,
                                                                   int offset,
                                                                   std::int64_t* total) {
  long long user = user_id;
  int unread = unread_only ? 1 : 0;
  const std::string where = " WHERE user_id = :u AND (:unread = 0 OR read_at = 0)";
  if (total) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM notifications" + where, soci::into(n), soci::use(user),
        soci::use(unread);
    *total = n;
  }
  std::vector<Notification> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id, user_id, kind, title, body, entity, entity_id, created_at, read_at "
                    "FROM notifications" +
                        where + " ORDER BY id DESC LIMIT :l OFFSET :o",
       soci::use(user), soci::use(unread), soci::use(limit), soci::use(offset));
  for (const auto& r : rows)
    out.push_back(Notification{row_int(r, 0), row_int(r, 1), row_text(r, 2), row_text(r, 3),
                               row_text(r, 4), row_text(r, 5), row_int(r, 6), row_int(r, 7),
                               row_int(r, 8)});
  return out;
}

Result<bool> NotificationRepository::mark_read(soci::session& s, std::int64_t user_id,
                                               std::int64_t id, std::int64_t at) {
  long long user = user_id, key = id, when = at;
  soci::statement st = (s.prepare << "UPDATE notifications SET read_at = :a WHERE id = :id AND "
                                     "user_id = :u AND read_at = 0",
                        soci::use(when), soci::use(key), soci::use(user));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

Result<std::vector<std::int64_t>> NotificationRepository::major_case_recipients(
    soci::session& s, std::int64_t department_id) {
  long long dept = department_id;
  std::vector<std::int64_t> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id FROM users WHERE disabled = 0 AND (role = 'office' OR (role = "
                    "'leader' AND department_id = :d)) ORDER BY id",
       soci::use(dept));
  for (const auto& r : rows) out.push_back(row_int(r, 0));
  return out;
}

Result<std::vector<std::int64_t>> NotificationRepository::department_handlers(
    soci::session& s, std::int64_t department_id) {
  long long dept = department_id;
  std::vector<std::int64_t> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id FROM users WHERE disabled = 0 AND department_id = :d AND role IN "
                    "('leader', 'officer') ORDER BY id",
       soci::use(dept));
  for (const auto& r : rows) out.push_back(row_int(r, 0));
  return out;
}

}  // namespace qf::store
