// SupervisionRepository: the supervision group's visits (督导组, plan
// 七(四)/(五)) with the departments each visit concerns and the outcome for
// each. Rules (who records, who reads, which outcomes exist) live in
// service/supervision_service.h; this layer stores and finds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

struct VisitedDepartment {
  std::int64_t department_id = 0;
  std::string code, name;  // joined, read-only
  std::string outcome;     // praise | criticism | interview | accountability | none
};

struct SupervisionVisit {
  std::int64_t id = 0;
  std::int64_t visited_at = 0;
  std::string members;  // JSON array of names
  std::string findings;
  std::string rectification;
  std::int64_t rectification_due_at = 0;  // 0: none
  std::string evidence_ids;               // JSON array
  bool demo = false;
  std::int64_t created_by = 0;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  int version = 1;
  std::vector<VisitedDepartment> departments;
};

struct SupervisionQuery {
  // Only visits concerning this department or its sub-units (top-level id).
  std::optional<std::int64_t> department_id;
  std::optional<std::int64_t> from, to;  // visited_at in [from, to)
  int limit = 20;
  int offset = 0;
};

class SupervisionRepository {
 public:
  static Result<SupervisionVisit> insert(soci::session& s, SupervisionVisit v);
  // Writes every mutable field and replaces the departments if the stored
  // version is still expected_version (else kPreconditionFailed); version + 1.
  static Result<SupervisionVisit> update(soci::session& s, const SupervisionVisit& v,
                                         int expected_version);
  static Result<std::optional<SupervisionVisit>> find_by_id(soci::session& s, std::int64_t id);
  // Newest visit first.
  static Result<std::vector<SupervisionVisit>> list(soci::session& s, const SupervisionQuery& q,
                                                    std::int64_t* total);
};

}  // namespace qf::store
