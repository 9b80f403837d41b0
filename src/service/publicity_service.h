// PublicityService: publicity and training records (宣传培训, the plan's
// 七(三) and 七(五)): announcements (宣传公告), posters and display boards
// (宣传海报/展板), typical-case publicity (典型案例宣传), media reports (媒体报道)
// and training sessions (培训), with date, place, audience, the number of
// people reached or attending, the organiser department and photos or
// sign-in sheets as evidence. They are counted in the statistics (section
// publicity: events, trainings, attendees).
//
//  - An event belongs to its organiser department: the recorder's own (the
//    office may record for a named department; the console for the office
//    unless it names one). The row-level rule applies as for every record:
//    office and inspector read all, everyone else their department's events;
//    an event one may not see is kNotFound.
//  - Recording and changing need kRecordPublicity (leaders and officers of
//    every department, the office) and, for a change, the right to modify
//    the event (AccessPolicy::can_modify). The organiser is never changed.
//  - Attachments are evidence files (POST /api/v1/evidence) the actor can
//    see, at most 50.
//  - Every write is audited in its own transaction.
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
#include "store/publicity_repository.h"

namespace qf::service {

// kind: announcement 宣传公告 | poster 宣传海报/展板 | case_publicity 典型案例宣传 |
// media 媒体报道 | training 培训.
std::optional<std::string_view> publicity_kind_label(std::string_view kind);
// The kinds counted as 宣传活动 (every kind but training), comma-separated,
// as the list's kind filter takes them.
inline constexpr std::string_view kPublicityEventKinds = "announcement,poster,case_publicity,media";

inline constexpr std::size_t kMaxPublicityTitleBytes = 300;
inline constexpr std::size_t kMaxPublicityTextBytes = 500;
inline constexpr std::size_t kMaxPublicityNoteBytes = 10000;

// A new event (every field) or a change (only the fields given).
struct PublicityInput {
  std::optional<std::string> kind;      // required on create
  std::optional<std::string> title;     // required on create
  std::optional<std::int64_t> held_at;  // epoch ms, required on create, not in the future
  std::optional<std::string> place;
  std::optional<std::string> audience;
  std::optional<std::int64_t> attendees;  // ≥ 0
  std::optional<std::string> note;
  std::optional<std::vector<std::int64_t>> evidence_ids;
  // Create only: the office (or the console) records for this department.
  std::optional<std::string> organiser_department_code;
  bool demo = false;  // demo seeding only (create)
};

struct PublicityFilters {
  std::vector<std::string> kinds;                  // empty: all
  std::optional<std::int64_t> held_from, held_to;  // [from, to) epoch ms
  std::optional<std::string> department_code;      // organiser (and its sub-units)
  std::optional<std::string> text;
  int limit = 20;
  int offset = 0;
};

// A record as the API shows it: the evidence ids parsed, and whether the
// caller may change it.
struct PublicityView {
  store::PublicityEvent event;
  std::vector<std::int64_t> evidence_ids;
  bool can_edit = false;
};

// A page of the list, with the attendees of every matching record summed.
struct PublicityPage {
  std::vector<PublicityView> items;
  std::int64_t total = 0;
  std::int64_t attendees = 0;
};

nlohmann::json to_json(const PublicityView& v);

class PublicityService {
 public:
  explicit PublicityService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<PublicityView> create(const CallContext& call, const PublicityInput& in);
  // Newest held first.
  Result<PublicityPage> list(const CallContext& call, const PublicityFilters& f);
  Result<PublicityView> get(const CallContext& call, std::int64_t id);
  // kPreconditionFailed when expected_version is stale.
  Result<PublicityView> update(const CallContext& call, std::int64_t id, const PublicityInput& in,
                               int expected_version);

 private:
  ServiceContext& ctx_;
};

}  // namespace qf::service
