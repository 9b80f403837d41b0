#include "store/publicity_repository.h"

#include "core/clock.h"
#include "store/row_reader.h"
#include "store/text_search.h"

namespace qf::store {
namespace {

const char* kSelect =
    "SELECT pe.id, pe.kind, pe.title, pe.held_at, pe.place, pe.audience, pe.attendees, "
    "pe.organiser_department_id, COALESCE(dp.code, ''), COALESCE(dp.name, ''), pe.note, "
    "pe.evidence_ids, pe.demo, pe.created_by, pe.created_at, pe.updated_at, pe.version "
    "FROM publicity_events pe LEFT JOIN departments dp ON dp.id = pe.organiser_department_id";

// A kind filter binds this many slots (the vocabulary has five kinds).
constexpr std::size_t kKindSlots = 5;

PublicityEvent from_row(const soci::row& r) {
  PublicityEvent e;
  e.id = row_int(r, 0);
  e.kind = row_text(r, 1);
  e.title = row_text(r, 2);
  e.held_at = row_int(r, 3);
  e.place = row_text(r, 4);
  e.audience = row_text(r, 5);
  e.attendees = row_int(r, 6);
  e.organiser_department_id = row_int(r, 7);
  e.organiser_department_code = row_text(r, 8);
  e.organiser_department_name = row_text(r, 9);
  e.note = row_text(r, 10);
  e.evidence_ids_json = row_text(r, 11);
  e.demo = row_int(r, 12) != 0;
  e.created_by = row_int(r, 13);
  e.created_at = row_int(r, 14);
  e.updated_at = row_int(r, 15);
  e.version = static_cast<int>(row_int(r, 16));
  return e;
}

}  // namespace

Result<PublicityEvent> PublicityRepository::insert(soci::session& s, PublicityEvent e) {
  e.created_at = e.updated_at = now_ms();
  e.version = 1;
  long long held = e.held_at, attendees = e.attendees, organiser = e.organiser_department_id,
            by = e.created_by, created = e.created_at, id = 0;
  int demo = e.demo ? 1 : 0;
  s << "INSERT INTO publicity_events (kind, title, held_at, place, audience, attendees, "
       "organiser_department_id, note, evidence_ids, demo, created_by, created_at, updated_at, "
       "version) VALUES (:kind, :title, :held, :place, :audience, :attendees, :organiser, :note, "
       ":evidence, :demo, :by, :c, :u, 1) RETURNING id",
      soci::use(e.kind), soci::use(e.title), soci::use(held), soci::use(e.place),
      soci::use(e.audience), soci::use(attendees), soci::use(organiser), soci::use(e.note),
      soci::use(e.evidence_ids_json), soci::use(demo), soci::use(by), soci::use(created),
      soci::use(created), soci::into(id);
  auto stored = find_by_id(s, id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return fail(ErrorCode::kInternal, "宣传培训记录写入后无法读取");
  return **stored;
}

Result<PublicityEvent> PublicityRepository::update(soci::session& s, const PublicityEvent& e,
                                                   int expected_version) {
  long long held = e.held_at, attendees = e.attendees, updated = now_ms(), id = e.id;
  soci::statement st =
      (s.prepare << "UPDATE publicity_events SET kind = :kind, title = :title, held_at = :held, "
                    "place = :place, audience = :audience, attendees = :attendees, note = :note, "
                    "evidence_ids = :evidence, version = version + 1, updated_at = :u "
                    "WHERE id = :id AND version = :v",
       soci::use(e.kind), soci::use(e.title), soci::use(held), soci::use(e.place),
       soci::use(e.audience), soci::use(attendees), soci::use(e.note),
       soci::use(e.evidence_ids_json), soci::use(updated), soci::use(id),
       soci::use(expected_version));
  st.execute(true);
  if (st.get_affected_rows() != 1)
    return fail(ErrorCode::kPreconditionFailed, "该宣传培训记录已被他人修改，请刷新后重试");
  auto stored = find_by_id(s, e.id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return not_found("宣传培训记录不存在");
  return **stored;
}

Result<std::optional<PublicityEvent>> PublicityRepository::find_by_id(soci::session& s,
                                                                      std::int64_t id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelect) + " WHERE pe.id = :id", soci::use(key));
  for (const auto& r : rows) return std::optional<PublicityEvent>(from_row(r));
  return std::optional<PublicityEvent>();
}

Result<std::vector<PublicityEvent>> PublicityRepository::list(soci::session& s,
                                                              const PublicityQuery& q,
                                                              std::int64_t* total,
                                                              std::int64_t* attendees) {
  if (q.kinds.size() > kKindSlots) return invalid("kind", "最多 5 种类型");
  int fv = q.visible_to_department ? 1 : 0, fk = q.kinds.empty() ? 0 : 1,
      ffrom = q.held_from ? 1 : 0, fto = q.held_to ? 1 : 0, fd = q.department_id ? 1 : 0,
      fq = q.text && !q.text->empty() ? 1 : 0;
  long long v = q.visible_to_department.value_or(0), from = q.held_from.value_or(0),
            to = q.held_to.value_or(0), d = q.department_id.value_or(0);
  std::vector<std::string> kinds(kKindSlots, q.kinds.empty() ? std::string() : q.kinds.front());
  for (std::size_t i = 0; i < q.kinds.size(); ++i) kinds[i] = q.kinds[i];
  const bool sqlite = is_sqlite(s);
  std::string pattern = text_search(q.text.value_or(""), sqlite).pattern;
  const std::string like = sqlite ? "LIKE" : "ILIKE";
  // The row-level rule is the organiser department; sub-units' events count
  // for their parent in a department filter, as in the statistics.
  const std::string where =
      " WHERE (:fv = 0 OR pe.organiser_department_id = :v)"
      " AND (:fk = 0 OR pe.kind IN (:k1, :k2, :k3, :k4, :k5))"
      " AND (:ffrom = 0 OR pe.held_at >= :from) AND (:fto = 0 OR pe.held_at < :to)"
      " AND (:fd = 0 OR pe.organiser_department_id = :d1 OR dp.parent_id = :d2)"
      " AND (:fq = 0 OR pe.title " +
      like + " :q1 ESCAPE '\\' OR pe.place " + like + " :q2 ESCAPE '\\' OR pe.audience " + like +
      " :q3 ESCAPE '\\' OR pe.note " + like + " :q4 ESCAPE '\\')";
  if (total || attendees) {
    long long n = 0, sum = 0;
    s << "SELECT COUNT(*), CAST(COALESCE(SUM(pe.attendees), 0) AS BIGINT) FROM publicity_events "
         "pe LEFT JOIN departments dp ON dp.id = pe.organiser_department_id" +
             where,
        soci::into(n), soci::into(sum), soci::use(fv), soci::use(v), soci::use(fk),
        soci::use(kinds[0]), soci::use(kinds[1]), soci::use(kinds[2]), soci::use(kinds[3]),
        soci::use(kinds[4]), soci::use(ffrom), soci::use(from), soci::use(fto), soci::use(to),
        soci::use(fd), soci::use(d), soci::use(d), soci::use(fq), soci::use(pattern),
        soci::use(pattern), soci::use(pattern), soci::use(pattern);
    if (total) *total = n;
    if (attendees) *attendees = sum;
  }
  int limit = q.limit, offset = q.offset;
  std::vector<PublicityEvent> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelect) + where +
                        " ORDER BY pe.held_at DESC, pe.id DESC LIMIT :l OFFSET :o",
       soci::use(fv), soci::use(v), soci::use(fk), soci::use(kinds[0]), soci::use(kinds[1]),
       soci::use(kinds[2]), soci::use(kinds[3]), soci::use(kinds[4]), soci::use(ffrom),
       soci::use(from), soci::use(fto), soci::use(to), soci::use(fd), soci::use(d), soci::use(d),
       soci::use(fq), soci::use(pattern), soci::use(pattern), soci::use(pattern),
       soci::use(pattern), soci::use(limit), soci::use(offset));
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

}  // namespace qf::store
