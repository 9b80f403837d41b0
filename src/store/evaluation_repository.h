// EvaluationRepository: the performance evaluation's storage (督导考核,
// plan 七(四)/(五)) — versioned indicator configurations, frozen runs — and
// the read-only queries over other records that the indicators count and
// the 战果 statistics do not give per department (deadlines, closure,
// overdue items, transfer decisions, takedowns, report timeliness).
//
// Every input query reports rows by the record's top-level department
// (a sub-unit's record counts for its parent, as in the statistics). The
// rules — which record counts for what, how a score is computed — live in
// service/evaluation_service.h; this layer stores and counts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

struct IndicatorSetRow {
  int version = 0;
  std::string indicators;  // JSON
  std::int64_t created_by = 0;
  std::int64_t created_at = 0;
};

struct EvaluationRunRow {
  std::int64_t id = 0;
  std::string title;
  std::int64_t period_from = 0, period_to = 0;
  int indicator_version = 0;
  std::string result;  // JSON, frozen
  std::int64_t created_by = 0;
  std::string created_by_name;  // joined, read-only
  std::int64_t created_at = 0;
  int version = 1;
};

// One tip assigned to a department, created in the period.
struct TipDeadlineRow {
  std::int64_t id = 0;
  std::int64_t department_id = 0;  // top-level of the assigned department
  std::string state;
  std::int64_t created_at = 0;
  std::int64_t state_changed_at = 0;
  std::int64_t due_at = 0;
};

// Per top-level department: a count and a part of it.
struct DepartmentCount {
  std::int64_t department_id = 0;
  std::int64_t total = 0;
  std::int64_t part = 0;
};

// A listing confirmed by a reviewer of the department.
struct TakedownRow {
  std::int64_t department_id = 0;  // the reviewer's top-level department
  std::int64_t received_at = 0;
  std::int64_t taken_down_at = 0;  // 0: not (yet) taken down
};

struct ReportDueRow {
  std::int64_t period_id = 0;
  std::string title;
  std::int64_t due_at = 0;
  std::int64_t department_id = 0;       // top-level department of the submission; 0 = none
  std::int64_t first_submitted_at = 0;  // 0: never submitted
};

struct SupervisionOutcomeRow {
  std::int64_t visit_id = 0;
  std::int64_t visited_at = 0;
  std::int64_t department_id = 0;  // top-level
  std::string outcome;
};

class EvaluationRepository {
 public:
  // The newest configuration, or nullopt (the built-in defaults apply).
  static Result<std::optional<IndicatorSetRow>> latest_indicator_set(soci::session& s);
  static Result<std::optional<IndicatorSetRow>> indicator_set(soci::session& s, int version);
  // Inserts version `row.version` (UNIQUE: a concurrent edit of the same
  // base version fails the transaction).
  static Status insert_indicator_set(soci::session& s, const IndicatorSetRow& row);

  static Result<EvaluationRunRow> insert_run(soci::session& s, EvaluationRunRow run);
  static Result<std::optional<EvaluationRunRow>> find_run(soci::session& s, std::int64_t id);
  // Newest first; `result` left empty (lists do not need it).
  static Result<std::vector<EvaluationRunRow>> list_runs(soci::session& s, int limit, int offset,
                                                         std::int64_t* total);

  // ---- inputs (read-only) ----
  // Tips created in [from, to) and assigned to a department.
  static Result<std::vector<TipDeadlineRow>> tips_assigned(soci::session& s, std::int64_t from,
                                                           std::int64_t to);
  // Cases opened in [from, to), not ended as 不予立案 or 撤销 (total), and of
  // them those closed (结案, part), by owner department.
  static Result<std::vector<DepartmentCount>> case_closure(soci::session& s, std::int64_t from,
                                                           std::int64_t to);
  // Open items past their deadline at `at`: tips by assigned department
  // (total) and cases by owner department (part).
  static Result<std::vector<DepartmentCount>> overdue(soci::session& s, std::int64_t at);
  // Criminal transfers (行刑衔接) requested in [from, to) by receiving
  // department (total) and of them those decided — accepted or returned (part).
  static Result<std::vector<DepartmentCount>> criminal_transfers_received(soci::session& s,
                                                                          std::int64_t from,
                                                                          std::int64_t to);
  // Listings confirmed (确认违法) in [from, to) by reviewer department.
  static Result<std::vector<TakedownRow>> takedowns(soci::session& s, std::int64_t from,
                                                    std::int64_t to);
  // Report periods due in [from, to), one row per submission (department 0
  // and no time when a period has none yet).
  static Result<std::vector<ReportDueRow>> reports_due(soci::session& s, std::int64_t from,
                                                       std::int64_t to);
  // Supervision visits in [from, to) with each department's outcome.
  static Result<std::vector<SupervisionOutcomeRow>> supervision_outcomes(soci::session& s,
                                                                         std::int64_t from,
                                                                         std::int64_t to);
};

}  // namespace qf::store
