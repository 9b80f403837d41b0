// StatisticsRepository: the 战果 figures of a period, aggregated in SQL
// (GROUP BY, COUNT, SUM) over the records the other repositories keep.
//
// Every query answers rows of (key, top-level department, count, a, b, c, d)
// where key and the sums a–d mean what the function's comment says. The
// department is the owner's top-level department (a sub-unit's records count
// for its parent), 0 when the record has none (listings, intake events, an
// unassigned tip). The caller adds the rows up per key or per department.
//
// The scope is applied in SQL, with the list repositories' rule:
//  - the period [from, to) on each record's own time column (named below);
//  - visible_to_department: the row-level rule (owner or shared through
//    record_shares), unset for actors who see everything;
//  - department_id: only records of that department or its sub-units.
// The parameters are bound once, in a one-row CTE, and CAST so both
// backends type them the same; sums are COALESCEd and CAST to DOUBLE
// PRECISION (no NULL sums, no integer division).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

struct StatsScope {
  std::int64_t from = 0;  // epoch ms, inclusive
  std::int64_t to = 0;    // epoch ms, exclusive
  std::int64_t now = 0;   // for "overdue"
  std::optional<std::int64_t> visible_to_department;
  std::optional<std::int64_t> department_id;
};

struct StatsGroup {
  std::string key;
  std::int64_t department_id = 0;  // top-level department; 0 = none
  std::int64_t count = 0;
  double a = 0, b = 0, c = 0, d = 0;
};

class StatisticsRepository {
 public:
  // Tips by channel (created_at); department = assigned department.
  // a: verified — the tip reached a verification outcome (case_opened,
  // unfounded, referred, concluded). Visibility: entity 'tip'.
  static Result<std::vector<StatsGroup>> tips(soci::session& s, const StatsScope& q);
  // Cases opened by offence_type (created_at). a: priority, b: major,
  // c: fines in fen of those with a penalty decision number, d: cases with one.
  static Result<std::vector<StatsGroup>> cases_by_offence(soci::session& s, const StatsScope& q);
  // Cases opened by source (created_at).
  static Result<std::vector<StatsGroup>> cases_by_source(soci::session& s, const StatsScope& q);
  // Cases closed: distinct cases with a timeline transition to "closed" in
  // the period (case_events.at); key "closed".
  static Result<std::vector<StatsGroup>> cases_closed(soci::session& s, const StatsScope& q);
  // Transfers requested in the period (requested_at), key "kind/state";
  // department = the sending department. Visibility: sent or received by
  // the department (the transfer list's rule).
  static Result<std::vector<StatsGroup>> transfers(soci::session& s, const StatsScope& q);
  // Case items of the cases opened in the period, by species name.
  // a: count (pieces), b: weight kg, c: established value in fen (value_fen
  // set), d: items with an established value.
  static Result<std::vector<StatsGroup>> specimens_by_species(soci::session& s,
                                                              const StatsScope& q);
  // The same by the catalog's protection level of the item's species
  // ("" when the item names no catalog species).
  static Result<std::vector<StatsGroup>> specimens_by_level(soci::session& s, const StatsScope& q);
  // Listings received in the period (received_at) by review state.
  // a: taken down (taken_down or verified). No department, no row-level rule.
  static Result<std::vector<StatsGroup>> listings(soci::session& s, const StatsScope& q);
  // Hours from takedown request to takedown, ascending, of the listings
  // received in the period that were taken down.
  static Result<std::vector<double>> takedown_hours(soci::session& s, const StatsScope& q);
  // Patrols started in the period (started_at); key "". a: km, b: hours.
  static Result<std::vector<StatsGroup>> patrols(soci::session& s, const StatsScope& q);
  // trap_removal observations (observed_at) by tool_kind, visibility of the
  // patrol. a: tools counted (item_count), b: observations without a count.
  static Result<std::vector<StatsGroup>> trap_removals(soci::session& s, const StatsScope& q);
  // Inspections (inspected_at); key "". a: distinct places, b: inspections
  // with findings. With by_department false every row is department 0, so
  // the distinct count is over all departments.
  static Result<std::vector<StatsGroup>> inspections(soci::session& s, const StatsScope& q,
                                                     bool by_department);
  // Inspection findings of those inspections by kind.
  static Result<std::vector<StatsGroup>> inspection_findings(soci::session& s, const StatsScope& q);
  // Rectification orders issued in the period (created_at) by state
  // (open | done | not_done). a: open past their deadline at q.now.
  // Visibility and department of the inspection.
  static Result<std::vector<StatsGroup>> rectifications(soci::session& s, const StatsScope& q);
  // Places closed (取缔) in the period (closed_at > 0) by place_type.
  // Department = the registering department. Places are a shared registry:
  // a restricted scope counts the department's own registrations.
  static Result<std::vector<StatsGroup>> places_closed(soci::session& s, const StatsScope& q);
  // Transport checks (checked_at) by finding. a: spot checks, b: handed over.
  static Result<std::vector<StatsGroup>> transport_checks(soci::session& s, const StatsScope& q);
  // Customs risk assessments (created_at) by level; owner department only
  // (assessments are not shared).
  static Result<std::vector<StatsGroup>> customs_assessments(soci::session& s, const StatsScope& q);
  // Seizures (seized_at) by product_type. a: weight kg, b: pieces.
  static Result<std::vector<StatsGroup>> seizures(soci::session& s, const StatsScope& q);
  // Accepted intake events (received_at) by source; no department.
  static Result<std::vector<StatsGroup>> intake_events(soci::session& s, const StatsScope& q);
  // Publicity and training records (held_at) by kind; department = the
  // organiser's top-level department; visibility: the organiser only
  // (records are not shared). a: attendees (people reached/attending).
  static Result<std::vector<StatsGroup>> publicity(soci::session& s, const StatsScope& q);
};

}  // namespace qf::store
