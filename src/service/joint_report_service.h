// JointReportService: the drafts of the joint-action report (联合行动报告) the
// coordination office writes for a period (the plan's 七(三)). A draft holds
// the period, the typical cases the office chose and its prose — 总体情况
// note, 成绩, 不足, 建议; the figures, the 各部门战果 table, the charts and
// the anonymised cases are generated from the records when the report is
// exported (report/joint_report.h).
//
//  - Period [period_from, period_to) in epoch ms, from < to, at most
//    kMaxStatsPeriodDays (the statistics' limit). The title defaults to
//    "清风行动联合行动报告（<first day> 至 <last day>）".
//  - Typical cases: at most kMaxJointReportCases distinct ids of existing
//    cases (kInvalidInput naming case_ids otherwise), in the order given.
//  - Prose sections: at most kMaxJointReportSectionBytes each; a blank line
//    separates paragraphs.
//  - State: draft (草稿) | final (定稿). A final report is read-only until
//    it is set back to draft (kConflict otherwise) — what was sent stays
//    what it was.
//  - Updates (PATCH) change only the fields given, at the expected version
//    (kPreconditionFailed when stale).
//
// Permissions: kManageReporting (the office) for everything — reading too:
// a draft may name cases of every department. Others get kForbidden. Every
// write is audited (entity joint_report) in its own transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "service/directory_service.h"
#include "service/service_context.h"
#include "store/joint_report_repository.h"

namespace qf::service {

constexpr std::size_t kMaxJointReportCases = 20;
constexpr std::size_t kMaxJointReportSectionBytes = 20000;
constexpr std::size_t kMaxJointReportTitleBytes = 300;

struct JointReportInput {
  std::optional<std::string> title;
  std::optional<std::int64_t> period_from, period_to;
  std::optional<std::vector<std::int64_t>> case_ids;
  std::optional<std::string> overview_note, achievements, shortcomings, suggestions, state;
  bool demo = false;  // demo seeding only
};

// "清风行动联合行动报告（2026-03-01 至 2026-03-31）": `to` is exclusive, the
// last day shown is the day before (China Standard Time).
std::string default_joint_report_title(std::int64_t from, std::int64_t to);
// "2026-03-01" for an epoch ms in China Standard Time.
std::string china_date(std::int64_t ms);

// API and audit shape (no generated content).
nlohmann::json to_json(const store::JointReport& r);

class JointReportService {
 public:
  explicit JointReportService(ServiceContext& ctx) : ctx_(ctx) {}

  // period_from and period_to are required.
  Result<store::JointReport> create(const CallContext& call, const JointReportInput& in);
  Result<store::JointReport> update(const CallContext& call, std::int64_t id,
                                    const JointReportInput& in, int expected_version);
  Result<store::JointReport> get(const CallContext& call, std::int64_t id);
  Result<Page<store::JointReport>> list(const CallContext& call, int limit, int offset);

 private:
  ServiceContext& ctx_;
};

}  // namespace qf::service
