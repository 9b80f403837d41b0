// JointReportRepository: the drafts of the joint-action report (联合行动报告,
// migrations/0016_joint_reports.sql). Only what the office decides is stored
// (period, chosen cases, prose); figures are computed when it is exported.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

struct JointReport {
  std::int64_t id = 0;
  std::string title;
  std::int64_t period_from = 0;        // epoch ms, inclusive
  std::int64_t period_to = 0;          // epoch ms, exclusive
  std::vector<std::int64_t> case_ids;  // 典型案例, in the order shown
  std::string overview_note, achievements, shortcomings, suggestions;
  std::string state = "draft";  // draft | final
  bool demo = false;
  std::int64_t created_by = 0;
  std::string created_by_name;  // joined: the author's display name
  int version = 1;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

class JointReportRepository {
 public:
  static Result<JointReport> insert(soci::session& s, JointReport r);
  // Writes every field but the id and creation if `expected_version` matches
  // (kPreconditionFailed otherwise, kNotFound for an unknown id).
  static Result<JointReport> update(soci::session& s, const JointReport& r, int expected_version);
  static Result<std::optional<JointReport>> find_by_id(soci::session& s, std::int64_t id);
  // Newest period first; total: the count without paging.
  static Result<std::vector<JointReport>> list(soci::session& s, int limit, int offset,
                                               std::int64_t* total);
};

}  // namespace qf::store
