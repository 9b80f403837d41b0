// SupervisionService: the supervision group's visits (督导组, plan 七(四)
// 督导检查): the date, the group's members, the departments visited (one or
// more) with the outcome for each — 表扬 praise | 通报批评 criticism | 约谈
// interview | 追责 accountability | 无 none — the findings, the
// rectification required and its deadline, and evidence files.
//
//  - Recording and changing a visit: kRecordSupervision (督导组 and the
//    office); PATCH needs If-Match. Every write is audited in its
//    transaction.
//  - Reading: office and inspector read every visit; any other staff member
//    reads (only) the visits that concern their department — its top-level
//    department or a sub-unit of it — and a visit that does not is kNotFound,
//    as for a missing one. Integration keys and the administrator read none.
//  - The outcomes appear beside each department in an evaluation run
//    (service/evaluation_service.h: indicator supervision.outcome).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "service/directory_service.h"
#include "service/service_context.h"
#include "store/supervision_repository.h"

namespace qf::service {

constexpr std::size_t kMaxSupervisionMembers = 30;
constexpr std::size_t kMaxSupervisionDepartments = 20;
constexpr std::size_t kMaxSupervisionTextBytes = 8000;

// praise 表扬 | criticism 通报批评 | interview 约谈 | accountability 追责 | none 无;
// empty for an unknown code.
std::string_view supervision_outcome_label(std::string_view outcome);

struct VisitedDepartmentInput {
  std::string department_code;
  std::string outcome = "none";
};

// A new visit (all given) or the changes of a PATCH (unset stays).
struct SupervisionInput {
  std::optional<std::int64_t> visited_at;
  std::optional<std::vector<std::string>> members;
  std::optional<std::vector<VisitedDepartmentInput>> departments;
  std::optional<std::string> findings;
  std::optional<std::string> rectification;
  std::optional<std::int64_t> rectification_due_at;  // 0 clears
  std::optional<std::vector<std::int64_t>> evidence_ids;
  bool demo = false;  // demo data only
};

struct SupervisionFilters {
  std::optional<std::string> department_code;
  std::optional<std::int64_t> from, to;  // visited_at in [from, to)
};

nlohmann::json to_json(const store::SupervisionVisit& v);

class SupervisionService {
 public:
  explicit SupervisionService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<store::SupervisionVisit> create(const CallContext& call, const SupervisionInput& in);
  Result<store::SupervisionVisit> update(const CallContext& call, std::int64_t id,
                                         const SupervisionInput& in, int expected_version);
  Result<store::SupervisionVisit> get(const CallContext& call, std::int64_t id);
  Result<Page<store::SupervisionVisit>> list(const CallContext& call, const SupervisionFilters& f,
                                             int limit, int offset);

 private:
  ServiceContext& ctx_;
};

}  // namespace qf::service
