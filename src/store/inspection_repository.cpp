#include "store/inspection_repository.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "store/row_reader.h"

namespace qf::store {
namespace {

std::optional<std::int64_t> optional_int(const soci::row& r, std::size_t i) {
  if (row_is_null(r, i)) return std::nullopt;
  return row_int(r, i);
}

struct NullableInt {
  explicit NullableInt(const std::optional<std::int64_t>& v)
      : value(v.value_or(0)), ind(v ? soci::i_ok : soci::i_null) {}
  long long value;
  soci::indicator ind;
};

std::string ids_json(const std::vector<std::int64_t>& ids) { return nlohmann::json(ids).dump(); }

std::vector<std::int64_t> ids_from_json(const std::string& text) {
  std::vector<std::int64_t> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j)
    if (v.is_number_integer()) out.push_back(v.get<std::int64_t>());
  return out;
}

// ---- groups ---------------------------------------------------------------

const char* kGroupSelect =
    "SELECT g.id, g.name, g.lead_department_id, d.code, g.note, g.created_by, g.version, "
    "g.created_at, g.updated_at FROM inspection_groups g JOIN departments d ON d.id = "
    "g.lead_department_id";

InspectionGroup group_from_row(const soci::row& r) {
  InspectionGroup g;
  g.id = row_int(r, 0);
  g.name = row_text(r, 1);
  g.lead_department_id = row_int(r, 2);
  g.lead_department_code = row_text(r, 3);
  g.note = row_text(r, 4);
  g.created_by = row_int(r, 5);
  g.version = static_cast<int>(row_int(r, 6));
  g.created_at = row_int(r, 7);
  g.updated_at = row_int(r, 8);
  return g;
}

Status load_members(soci::session& s, InspectionGroup& g) {
  long long key = g.id;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT m.user_id, m.leader, u.username, u.display_name, u.department_id, "
                    "d.code FROM inspection_group_members m JOIN users u ON u.id = m.user_id "
                    "JOIN departments d ON d.id = u.department_id WHERE m.group_id = :g ORDER BY "
                    "m.leader DESC, m.user_id",
       soci::use(key));
  for (const auto& r : rows) {
    InspectionGroupMember m;
    m.user_id = row_int(r, 0);
    m.leader = row_int(r, 1) != 0;
    m.username = row_text(r, 2);
    m.display_name = row_text(r, 3);
    m.department_id = row_int(r, 4);
    m.department_code = row_text(r, 5);
    g.members.push_back(std::move(m));
  }
  return {};
}

// ---- inspections ------------------------------------------------------------

const char* kSelect =
    "SELECT i.id, i.place_id, i.group_id, i.inspected_at, i.checklist_version, i.answers, "
    "i.flags, i.conclusion, i.owner_department_id, i.created_by, i.case_id, i.demo, i.version, "
    "i.created_at, i.updated_at, p.name, p.place_type, g.name, d.code FROM inspections i JOIN "
    "places p ON p.id = i.place_id JOIN departments d ON d.id = i.owner_department_id LEFT JOIN "
    "inspection_groups g ON g.id = i.group_id";

Inspection from_row(const soci::row& r) {
  Inspection i;
  i.id = row_int(r, 0);
  i.place_id = row_int(r, 1);
  i.group_id = optional_int(r, 2);
  i.inspected_at = row_int(r, 3);
  i.checklist_version = static_cast<int>(row_int(r, 4));
  i.answers_json = row_text(r, 5);
  i.flags_json = row_text(r, 6);
  i.conclusion = row_text(r, 7);
  i.owner_department_id = row_int(r, 8);
  i.created_by = row_int(r, 9);
  i.case_id = optional_int(r, 10);
  i.demo = row_int(r, 11) != 0;
  i.version = static_cast<int>(row_int(r, 12));
  i.created_at = row_int(r, 13);
  i.updated_at = row_int(r, 14);
  i.place_name = row_text(r, 15);
  i.place_type = row_text(r, 16);
  i.group_name = row_text(r, 17);
  i.owner_department_code = row_text(r, 18);
  return i;
}

const char* kRectificationSelect =
    "SELECT r.id, r.inspection_id, r.place_id, p.name, r.requirement, r.deadline, r.state, "
    "r.recheck_note, r.rechecked_at, r.rechecked_by, r.created_by, r.version, r.created_at, "
    "r.updated_at, i.owner_department_id FROM rectification_orders r JOIN inspections i ON i.id "
    "= r.inspection_id JOIN places p ON p.id = r.place_id";

RectificationOrder rectification_from_row(const soci::row& r) {
  RectificationOrder o;
  o.id = row_int(r, 0);
  o.inspection_id = row_int(r, 1);
  o.place_id = row_int(r, 2);
  o.place_name = row_text(r, 3);
  o.requirement = row_text(r, 4);
  o.deadline = row_int(r, 5);
  o.state = row_text(r, 6);
  o.recheck_note = row_text(r, 7);
  o.rechecked_at = row_int(r, 8);
  o.rechecked_by = row_int(r, 9);
  o.created_by = row_int(r, 10);
  o.version = static_cast<int>(row_int(r, 11));
  o.created_at = row_int(r, 12);
  o.updated_at = row_int(r, 13);
  o.owner_department_id = row_int(r, 14);
  return o;
}

Status load_children(soci::session& s, Inspection& i) {
  long long key = i.id;
  {
    soci::rowset<soci::row> rows =
        (s.prepare << "SELECT x.user_id, u.display_name, u.department_id, d.code FROM "
                      "inspection_inspectors x JOIN users u ON u.id = x.user_id JOIN departments "
                      "d ON d.id = u.department_id WHERE x.inspection_id = :i ORDER BY x.user_id",
         soci::use(key));
    for (const auto& r : rows)
      i.inspectors.push_back({row_int(r, 0), row_text(r, 1), row_int(r, 2), row_text(r, 3)});
  }
  {
    soci::rowset<soci::row> rows =
        (s.prepare << "SELECT id, species_text, species_id, counted, licensed FROM "
                      "inspection_holdings WHERE inspection_id = :i ORDER BY seq, id",
         soci::use(key));
    for (const auto& r : rows)
      i.holdings.push_back(
          {row_int(r, 0), row_text(r, 1), optional_int(r, 2), row_int(r, 3), row_int(r, 4)});
  }
  {
    soci::rowset<soci::row> rows =
        (s.prepare << "SELECT id, kind, note, evidence_ids, automatic, species_text, counted, "
                      "licensed FROM inspection_findings WHERE inspection_id = :i ORDER BY seq, "
                      "id",
         soci::use(key));
    for (const auto& r : rows) {
      InspectionFinding f;
      f.id = row_int(r, 0);
      f.kind = row_text(r, 1);
      f.note = row_text(r, 2);
      f.evidence_ids = ids_from_json(row_text(r, 3));
      f.automatic = row_int(r, 4) != 0;
      f.species_text = row_text(r, 5);
      f.counted = row_int(r, 6);
      f.licensed = row_int(r, 7);
      i.findings.push_back(std::move(f));
    }
  }
  {
    soci::rowset<soci::row> rows = (s.prepare << std::string(kRectificationSelect) +
                                                     " WHERE r.inspection_id = :i ORDER BY r.id",
                                    soci::use(key));
    for (const auto& r : rows) i.rectifications.push_back(rectification_from_row(r));
  }
  return {};
}

// Row-level visibility of inspections (and of the orders that follow them).
const char* kVisible =
    "(:r = 0 OR i.owner_department_id = :d1 OR EXISTS (SELECT 1 FROM record_shares rs WHERE "
    "rs.entity = 'inspection' AND rs.entity_id = i.id AND rs.department_id = :d2))";

}  // namespace

// ---- groups ---------------------------------------------------------------

Result<InspectionGroup> InspectionRepository::insert_group(soci::session& s, InspectionGroup g) {
  g.created_at = g.updated_at = now_ms();
  g.version = 1;
  long long lead = g.lead_department_id, by = g.created_by, at = g.created_at, id = 0;
  s << "INSERT INTO inspection_groups (name, lead_department_id, note, created_by, version, "
       "created_at, updated_at) VALUES (:n, :l, :no, :b, 1, :c, :u) RETURNING id",
      soci::use(g.name), soci::use(lead), soci::use(g.note), soci::use(by), soci::use(at),
      soci::use(at), soci::into(id);
  for (const auto& m : g.members) {
    long long group = id, user = m.user_id;
    int leader = m.leader ? 1 : 0;
    s << "INSERT INTO inspection_group_members (group_id, user_id, leader) VALUES (:g, :u, :l)",
        soci::use(group), soci::use(user), soci::use(leader);
  }
  auto stored = find_group(s, id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return fail(ErrorCode::kInternal, "检查组写入后无法读取");
  return **stored;
}

Result<std::optional<InspectionGroup>> InspectionRepository::find_group(soci::session& s,
                                                                        std::int64_t id) {
  long long key = id;
  std::optional<InspectionGroup> out;
  {
    soci::rowset<soci::row> rows =
        (s.prepare << std::string(kGroupSelect) + " WHERE g.id = :id", soci::use(key));
    for (const auto& r : rows) {
      out = group_from_row(r);
      break;
    }
  }
  if (out)
    if (auto m = load_members(s, *out); !m) return tl::unexpected(m.error());
  return out;
}

Result<std::vector<InspectionGroup>> InspectionRepository::list_groups(soci::session& s, int limit,
                                                                       int offset,
                                                                       std::int64_t* total) {
  if (total) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM inspection_groups", soci::into(n);
    *total = n;
  }
  std::vector<InspectionGroup> out;
  {
    soci::rowset<soci::row> rows =
        (s.prepare << std::string(kGroupSelect) + " ORDER BY g.id DESC LIMIT :l OFFSET :o",
         soci::use(limit), soci::use(offset));
    for (const auto& r : rows) out.push_back(group_from_row(r));
  }
  for (auto& g : out)
    if (auto m = load_members(s, g); !m) return tl::unexpected(m.error());
  return out;
}

Result<InspectionGroup> InspectionRepository::update_group(soci::session& s,
                                                           const InspectionGroup& g,
                                                           int expected_version) {
  long long lead = g.lead_department_id, updated = now_ms(), id = g.id;
  soci::statement st =
      (s.prepare << "UPDATE inspection_groups SET name = :n, lead_department_id = :l, note = :no, "
                    "version = version + 1, updated_at = :u WHERE id = :id AND version = :v",
       soci::use(g.name), soci::use(lead), soci::use(g.note), soci::use(updated), soci::use(id),
       soci::use(expected_version));
  st.execute(true);
  if (st.get_affected_rows() != 1)
    return fail(ErrorCode::kPreconditionFailed, "该检查组已被他人修改，请刷新后重试");
  s << "DELETE FROM inspection_group_members WHERE group_id = :g", soci::use(id);
  for (const auto& m : g.members) {
    long long user = m.user_id;
    int leader = m.leader ? 1 : 0;
    s << "INSERT INTO inspection_group_members (group_id, user_id, leader) VALUES (:g, :u, :l)",
        soci::use(id), soci::use(user), soci::use(leader);
  }
  auto stored = find_group(s, g.id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return not_found("联合检查组不存在");
  return **stored;
}

// ---- checklists -------------------------------------------------------------

namespace {
// id, place_type, version, items, created_by, created_at
ChecklistVersion checklist_from_row(const soci::row& r) {
  ChecklistVersion c;
  c.id = row_int(r, 0);
  c.place_type = row_text(r, 1);
  c.version = static_cast<int>(row_int(r, 2));
  c.items_json = row_text(r, 3);
  c.created_by = row_int(r, 4);
  c.created_at = row_int(r, 5);
  return c;
}
}  // namespace

Result<std::optional<ChecklistVersion>> InspectionRepository::latest_checklist(
    soci::session& s, const std::string& place_type) {
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id, place_type, version, items, created_by, created_at FROM "
                    "inspection_checklists WHERE place_type = :t ORDER BY version DESC LIMIT 1",
       soci::use(place_type));
  for (const auto& r : rows) return std::optional<ChecklistVersion>(checklist_from_row(r));
  return std::optional<ChecklistVersion>();
}

Result<std::optional<ChecklistVersion>> InspectionRepository::find_checklist(
    soci::session& s, const std::string& place_type, int version) {
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id, place_type, version, items, created_by, created_at FROM "
                    "inspection_checklists WHERE place_type = :t AND version = :v",
       soci::use(place_type), soci::use(version));
  for (const auto& r : rows) return std::optional<ChecklistVersion>(checklist_from_row(r));
  return std::optional<ChecklistVersion>();
}

Result<ChecklistVersion> InspectionRepository::insert_checklist(soci::session& s,
                                                                ChecklistVersion c) {
  c.created_at = now_ms();
  long long by = c.created_by, at = c.created_at, id = 0;
  s << "INSERT INTO inspection_checklists (place_type, version, items, created_by, created_at) "
       "VALUES (:t, :v, :i, :b, :c) RETURNING id",
      soci::use(c.place_type), soci::use(c.version), soci::use(c.items_json), soci::use(by),
      soci::use(at), soci::into(id);
  c.id = id;
  return c;
}

// ---- inspections ------------------------------------------------------------

Result<Inspection> InspectionRepository::insert(soci::session& s, Inspection i) {
  i.created_at = i.updated_at = now_ms();
  i.version = 1;
  NullableInt group(i.group_id), case_id(i.case_id);
  long long place = i.place_id, at = i.inspected_at, owner = i.owner_department_id,
            by = i.created_by, created = i.created_at, id = 0;
  int demo = i.demo ? 1 : 0;
  s << "INSERT INTO inspections (place_id, group_id, inspected_at, checklist_version, answers, "
       "flags, conclusion, owner_department_id, created_by, case_id, demo, version, created_at, "
       "updated_at) VALUES (:p, :g, :a, :cv, :an, :f, :co, :o, :b, :c, :d, 1, :cr, :u) "
       "RETURNING id",
      soci::use(place), soci::use(group.value, group.ind), soci::use(at),
      soci::use(i.checklist_version), soci::use(i.answers_json), soci::use(i.flags_json),
      soci::use(i.conclusion), soci::use(owner), soci::use(by),
      soci::use(case_id.value, case_id.ind), soci::use(demo), soci::use(created),
      soci::use(created), soci::into(id);
  i.id = id;
  for (const auto& x : i.inspectors) {
    long long inspection = id, user = x.user_id;
    s << "INSERT INTO inspection_inspectors (inspection_id, user_id) VALUES (:i, :u)",
        soci::use(inspection), soci::use(user);
  }
  int seq = 0;
  for (const auto& h : i.holdings) {
    NullableInt species(h.species_id);
    long long inspection = id, counted = h.counted, licensed = h.licensed;
    int position = seq++;
    s << "INSERT INTO inspection_holdings (inspection_id, species_text, species_id, counted, "
         "licensed, seq) VALUES (:i, :t, :s, :c, :l, :q)",
        soci::use(inspection), soci::use(h.species_text), soci::use(species.value, species.ind),
        soci::use(counted), soci::use(licensed), soci::use(position);
  }
  seq = 0;
  for (const auto& f : i.findings) {
    long long inspection = id, counted = f.counted, licensed = f.licensed;
    int automatic = f.automatic ? 1 : 0, position = seq++;
    const std::string evidence = ids_json(f.evidence_ids);
    s << "INSERT INTO inspection_findings (inspection_id, kind, note, evidence_ids, automatic, "
         "species_text, counted, licensed, seq) VALUES (:i, :k, :n, :e, :a, :s, :c, :l, :q)",
        soci::use(inspection), soci::use(f.kind), soci::use(f.note), soci::use(evidence),
        soci::use(automatic), soci::use(f.species_text), soci::use(counted), soci::use(licensed),
        soci::use(position);
  }
  auto stored = find_by_id(s, id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return fail(ErrorCode::kInternal, "检查记录写入后无法读取");
  return **stored;
}

Result<std::optional<Inspection>> InspectionRepository::find_by_id(soci::session& s,
                                                                   std::int64_t id) {
  long long key = id;
  std::optional<Inspection> out;
  {
    soci::rowset<soci::row> rows =
        (s.prepare << std::string(kSelect) + " WHERE i.id = :id", soci::use(key));
    for (const auto& r : rows) {
      out = from_row(r);
      break;
    }
  }
  if (out)
    if (auto c = load_children(s, *out); !c) return tl::unexpected(c.error());
  return out;
}

Result<std::vector<Inspection>> InspectionRepository::list(soci::session& s,
                                                           const InspectionQuery& q,
                                                           std::int64_t* total) {
  int restricted = q.visible_to_department ? 1 : 0, has_place = q.place_id ? 1 : 0,
      has_group = q.group_id ? 1 : 0, has_type = q.place_type ? 1 : 0,
      has_kind = q.finding_kind ? 1 : 0, has_findings = q.has_findings ? 1 : 0,
      findings = q.has_findings.value_or(false) ? 1 : 0, has_from = q.inspected_from ? 1 : 0,
      has_to = q.inspected_to ? 1 : 0;
  long long dept = q.visible_to_department.value_or(0), place = q.place_id.value_or(0),
            group = q.group_id.value_or(0), from = q.inspected_from.value_or(0),
            to = q.inspected_to.value_or(0);
  std::string type = q.place_type.value_or(""), kind = q.finding_kind.value_or("");
  const std::string where =
      std::string(" WHERE ") + kVisible +
      " AND (:hp = 0 OR i.place_id = :p) AND (:hg = 0 OR i.group_id = :g)"
      " AND (:ht = 0 OR p.place_type = :t)"
      " AND (:hk = 0 OR EXISTS (SELECT 1 FROM inspection_findings f WHERE f.inspection_id = i.id "
      "AND f.kind = :k))"
      " AND (:hf = 0 OR (:f1 = 1) = EXISTS (SELECT 1 FROM inspection_findings f2 WHERE "
      "f2.inspection_id = i.id))"
      " AND (:ha = 0 OR i.inspected_at >= :a) AND (:hb = 0 OR i.inspected_at < :b)";
  const std::string from_clause = " FROM inspections i JOIN places p ON p.id = i.place_id";
  if (total) {
    long long n = 0;
    s << "SELECT COUNT(*)" + from_clause + where, soci::into(n), soci::use(restricted),
        soci::use(dept), soci::use(dept), soci::use(has_place), soci::use(place),
        soci::use(has_group), soci::use(group), soci::use(has_type), soci::use(type),
        soci::use(has_kind), soci::use(kind), soci::use(has_findings), soci::use(findings),
        soci::use(has_from), soci::use(from), soci::use(has_to), soci::use(to);
    *total = n;
  }
  int limit = q.limit, offset = q.offset;
  std::vector<Inspection> out;
  {
    soci::rowset<soci::row> rows =
        (s.prepare << std::string(kSelect) + where +
                          " ORDER BY i.inspected_at DESC, i.id DESC LIMIT :l OFFSET :o",
         soci::use(restricted), soci::use(dept), soci::use(dept), soci::use(has_place),
         soci::use(place), soci::use(has_group), soci::use(group), soci::use(has_type),
         soci::use(type), soci::use(has_kind), soci::use(kind), soci::use(has_findings),
         soci::use(findings), soci::use(has_from), soci::use(from), soci::use(has_to),
         soci::use(to), soci::use(limit), soci::use(offset));
    for (const auto& r : rows) out.push_back(from_row(r));
  }
  for (auto& i : out)
    if (auto c = load_children(s, i); !c) return tl::unexpected(c.error());
  return out;
}

Result<Inspection> InspectionRepository::update(soci::session& s, const Inspection& i,
                                                int expected_version) {
  NullableInt group(i.group_id);
  long long id = i.id, place = i.place_id, at = i.inspected_at, updated = now_ms();
  soci::statement st =
      (s.prepare << "UPDATE inspections SET place_id = :p, group_id = :g, inspected_at = :a, "
                    "answers = :an, flags = :f, conclusion = :co, version = version + 1, "
                    "updated_at = :u WHERE id = :id AND version = :v",
       soci::use(place), soci::use(group.value, group.ind), soci::use(at),
       soci::use(i.answers_json), soci::use(i.flags_json), soci::use(i.conclusion),
       soci::use(updated), soci::use(id), soci::use(expected_version));
  st.execute(true);
  if (st.get_affected_rows() != 1)
    return fail(ErrorCode::kPreconditionFailed, "该检查记录已被他人修改，请刷新后重试");
  s << "DELETE FROM inspection_inspectors WHERE inspection_id = :i", soci::use(id);
  for (const auto& x : i.inspectors) {
    long long user = x.user_id;
    s << "INSERT INTO inspection_inspectors (inspection_id, user_id) VALUES (:i, :u)",
        soci::use(id), soci::use(user);
  }
  s << "DELETE FROM inspection_holdings WHERE inspection_id = :i", soci::use(id);
  int seq = 0;
  for (const auto& h : i.holdings) {
    NullableInt species(h.species_id);
    long long counted = h.counted, licensed = h.licensed;
    int position = seq++;
    s << "INSERT INTO inspection_holdings (inspection_id, species_text, species_id, counted, "
         "licensed, seq) VALUES (:i, :t, :s, :c, :l, :q)",
        soci::use(id), soci::use(h.species_text), soci::use(species.value, species.ind),
        soci::use(counted), soci::use(licensed), soci::use(position);
  }
  std::vector<long long> stored_ids;
  {
    soci::rowset<soci::row> rows =
        (s.prepare << "SELECT id FROM inspection_findings WHERE inspection_id = :i", soci::use(id));
    for (const auto& r : rows) stored_ids.push_back(row_int(r, 0));
  }
  std::vector<long long> kept;
  seq = 0;
  for (const auto& f : i.findings) {
    long long counted = f.counted, licensed = f.licensed, finding = f.id;
    int automatic = f.automatic ? 1 : 0, position = seq++;
    const std::string evidence = ids_json(f.evidence_ids);
    if (finding > 0 &&
        std::find(stored_ids.begin(), stored_ids.end(), finding) != stored_ids.end()) {
      s << "UPDATE inspection_findings SET kind = :k, note = :n, evidence_ids = :e, automatic = "
           ":a, species_text = :s, counted = :c, licensed = :l, seq = :q WHERE id = :id",
          soci::use(f.kind), soci::use(f.note), soci::use(evidence), soci::use(automatic),
          soci::use(f.species_text), soci::use(counted), soci::use(licensed), soci::use(position),
          soci::use(finding);
      kept.push_back(finding);
      continue;
    }
    s << "INSERT INTO inspection_findings (inspection_id, kind, note, evidence_ids, automatic, "
         "species_text, counted, licensed, seq) VALUES (:i, :k, :n, :e, :a, :s, :c, :l, :q)",
        soci::use(id), soci::use(f.kind), soci::use(f.note), soci::use(evidence),
        soci::use(automatic), soci::use(f.species_text), soci::use(counted), soci::use(licensed),
        soci::use(position);
  }
  for (long long old_id : stored_ids)
    if (std::find(kept.begin(), kept.end(), old_id) == kept.end())
      s << "DELETE FROM inspection_findings WHERE id = :id", soci::use(old_id);
  auto stored = find_by_id(s, id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return not_found("检查记录不存在");
  return **stored;
}

Result<Inspection> InspectionRepository::set_case(soci::session& s, std::int64_t id,
                                                  std::int64_t case_id, int expected_version) {
  long long key = id, linked = case_id, updated = now_ms();
  soci::statement st =
      (s.prepare << "UPDATE inspections SET case_id = :c, version = version + 1, updated_at = :u "
                    "WHERE id = :id AND version = :v AND case_id IS NULL",
       soci::use(linked), soci::use(updated), soci::use(key), soci::use(expected_version));
  st.execute(true);
  if (st.get_affected_rows() != 1)
    return fail(ErrorCode::kConflict, "该检查记录已被他人修改或已转为案件，请刷新后重试");
  auto stored = find_by_id(s, id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return not_found("检查记录不存在");
  return **stored;
}

// ---- rectification orders ---------------------------------------------------

Result<RectificationOrder> InspectionRepository::insert_rectification(soci::session& s,
                                                                      RectificationOrder r) {
  r.created_at = r.updated_at = now_ms();
  long long inspection = r.inspection_id, place = r.place_id, deadline = r.deadline,
            by = r.created_by, at = r.created_at, id = 0;
  s << "INSERT INTO rectification_orders (inspection_id, place_id, requirement, deadline, state, "
       "created_by, version, created_at, updated_at) VALUES (:i, :p, :r, :d, :s, :b, 1, :c, :u) "
       "RETURNING id",
      soci::use(inspection), soci::use(place), soci::use(r.requirement), soci::use(deadline),
      soci::use(r.state), soci::use(by), soci::use(at), soci::use(at), soci::into(id);
  auto stored = find_rectification(s, id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return fail(ErrorCode::kInternal, "整改通知写入后无法读取");
  return **stored;
}

Result<std::optional<RectificationOrder>> InspectionRepository::find_rectification(
    soci::session& s, std::int64_t id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kRectificationSelect) + " WHERE r.id = :id", soci::use(key));
  for (const auto& r : rows) return std::optional<RectificationOrder>(rectification_from_row(r));
  return std::optional<RectificationOrder>();
}

Result<RectificationOrder> InspectionRepository::update_rectification(soci::session& s,
                                                                      const RectificationOrder& r,
                                                                      int expected_version) {
  long long deadline = r.deadline, rechecked = r.rechecked_at, by = r.rechecked_by,
            updated = now_ms(), id = r.id;
  soci::statement st =
      (s.prepare << "UPDATE rectification_orders SET requirement = :r, deadline = :d, state = "
                    ":s, recheck_note = :n, rechecked_at = :ra, rechecked_by = :rb, version = "
                    "version + 1, updated_at = :u WHERE id = :id AND version = :v",
       soci::use(r.requirement), soci::use(deadline), soci::use(r.state), soci::use(r.recheck_note),
       soci::use(rechecked), soci::use(by), soci::use(updated), soci::use(id),
       soci::use(expected_version));
  st.execute(true);
  if (st.get_affected_rows() != 1)
    return fail(ErrorCode::kPreconditionFailed, "该整改通知已被他人修改，请刷新后重试");
  auto stored = find_rectification(s, r.id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return not_found("整改通知不存在");
  return **stored;
}

Result<std::vector<RectificationOrder>> InspectionRepository::list_rectifications(
    soci::session& s, const RectificationQuery& q, std::int64_t* total) {
  int restricted = q.visible_to_department ? 1 : 0, has_state = q.state ? 1 : 0,
      has_place = q.place_id ? 1 : 0, overdue = q.overdue_only ? 1 : 0;
  long long dept = q.visible_to_department.value_or(0), place = q.place_id.value_or(0), now = q.now;
  std::string state = q.state.value_or("");
  int has_from = q.issued_from ? 1 : 0, has_to = q.issued_to ? 1 : 0;
  long long from = q.issued_from.value_or(0), to = q.issued_to.value_or(0);
  const std::string where =
      std::string(" WHERE ") + kVisible +
      " AND (:hs = 0 OR r.state = :s) AND (:hp = 0 OR r.place_id = :p)"
      " AND (:ho = 0 OR r.state = 'not_done' OR (r.state = 'open' AND r.deadline < :n))"
      " AND (:hf = 0 OR r.created_at >= :f) AND (:ht = 0 OR r.created_at < :t)";
  const std::string from_clause =
      " FROM rectification_orders r JOIN inspections i ON i.id = r.inspection_id";
  if (total) {
    long long n = 0;
    s << "SELECT COUNT(*)" + from_clause + where, soci::into(n), soci::use(restricted),
        soci::use(dept), soci::use(dept), soci::use(has_state), soci::use(state),
        soci::use(has_place), soci::use(place), soci::use(overdue), soci::use(now),
        soci::use(has_from), soci::use(from), soci::use(has_to), soci::use(to);
    *total = n;
  }
  int limit = q.limit, offset = q.offset;
  std::vector<RectificationOrder> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kRectificationSelect) + where +
                        " ORDER BY r.deadline ASC, r.id ASC LIMIT :l OFFSET :o",
       soci::use(restricted), soci::use(dept), soci::use(dept), soci::use(has_state),
       soci::use(state), soci::use(has_place), soci::use(place), soci::use(overdue), soci::use(now),
       soci::use(has_from), soci::use(from), soci::use(has_to), soci::use(to), soci::use(limit),
       soci::use(offset));
  for (const auto& r : rows) out.push_back(rectification_from_row(r));
  return out;
}

Result<std::int64_t> InspectionRepository::open_rectifications(soci::session& s,
                                                               std::int64_t place_id) {
  long long key = place_id, n = 0;
  s << "SELECT COUNT(*) FROM rectification_orders WHERE place_id = :p AND state <> 'done'",
      soci::into(n), soci::use(key);
  return static_cast<std::int64_t>(n);
}

}  // namespace qf::store
