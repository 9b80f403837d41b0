// ReportRepository: the periodic reporting of the departments to the
// coordination office (情况报告制度): reporting periods and each
// department's submission for a period. Rules — who may open a period,
// submit, return or accept, which transitions are allowed — live in
// service/reporting_service.h; this layer stores and finds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

struct ReportPeriod {
  std::int64_t id = 0;
  std::string kind;  // weekly | monthly | campaign
  std::string title;
  std::int64_t period_from = 0;  // epoch ms, inclusive
  std::int64_t period_to = 0;    // epoch ms, exclusive
  std::int64_t due_at = 0;
  bool demo = false;
  std::int64_t created_by = 0;
  std::int64_t created_at = 0;
  int version = 1;
};

struct ReportPeriodQuery {
  std::optional<std::string> kind;
  int limit = 20;
  int offset = 0;
};

struct ReportSubmission {
  std::int64_t id = 0;
  std::int64_t period_id = 0;
  std::int64_t department_id = 0;
  std::string department_code;  // read-only, joined
  std::string state;            // draft | submitted | returned | accepted
  std::string figures_json = "{}";
  std::int64_t figures_at = 0;
  std::string body;
  std::string evidence_ids_json = "[]";
  std::int64_t submitted_at = 0;        // latest submission; 0 = never
  std::int64_t first_submitted_at = 0;  // kept through returns, for timeliness
  std::string returned_reason;
  std::int64_t accepted_at = 0;
  std::int64_t created_by = 0;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  int version = 1;
};

// How many of a period's submissions are in each state (missing ones are
// not counted here: the caller knows how many departments owe one).
struct PeriodTally {
  std::int64_t period_id = 0;
  std::int64_t draft = 0, submitted = 0, returned = 0, accepted = 0;
};

class ReportRepository {
 public:
  // Sets id, version 1 and created_at.
  static Result<ReportPeriod> insert_period(soci::session& s, ReportPeriod p);
  static Result<std::optional<ReportPeriod>> find_period(soci::session& s, std::int64_t id);
  // Newest period first.
  static Result<std::vector<ReportPeriod>> list_periods(soci::session& s,
                                                        const ReportPeriodQuery& q,
                                                        std::int64_t* total);
  // The submissions of a period, by state.
  static Result<PeriodTally> tally(soci::session& s, std::int64_t period_id);

  // Sets id, version 1, created_at and updated_at; kConflict when the
  // department already has a submission for the period.
  static Result<ReportSubmission> insert_submission(soci::session& s, ReportSubmission r);
  // Writes state, figures, body, evidence, the submission times, the reason
  // and accepted_at if the stored version is still expected_version (else
  // kPreconditionFailed); version + 1.
  static Result<ReportSubmission> update_submission(soci::session& s, const ReportSubmission& r,
                                                    int expected_version);
  static Result<std::optional<ReportSubmission>> find_submission(soci::session& s,
                                                                 std::int64_t period_id,
                                                                 std::int64_t department_id);
  // Every submission of a period, by department id.
  static Result<std::vector<ReportSubmission>> submissions(soci::session& s,
                                                           std::int64_t period_id);
};

}  // namespace qf::store
