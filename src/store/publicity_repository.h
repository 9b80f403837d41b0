// PublicityRepository: publicity and training records (宣传培训, the plan's
// 七(三)/(五)): announcements, posters and display boards, case publicity,
// media reports and training sessions, each belonging to its organiser
// department. Rules — who may record or change one, which values are
// valid — live in service/publicity_service.h; this layer stores and finds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

struct PublicityEvent {
  std::int64_t id = 0;
  std::string kind;  // announcement | poster | case_publicity | media | training
  std::string title;
  std::int64_t held_at = 0;  // epoch ms
  std::string place;
  std::string audience;
  std::int64_t attendees = 0;  // people reached/attending; 0 = unknown
  std::int64_t organiser_department_id = 0;
  std::string organiser_department_code;  // read-only, joined
  std::string organiser_department_name;  // read-only, joined
  std::string note;
  std::string evidence_ids_json = "[]";
  bool demo = false;
  std::int64_t created_by = 0;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  int version = 1;
};

struct PublicityQuery {
  // Row-level rule: set for actors who do not see everything — the events
  // their department organised.
  std::optional<std::int64_t> visible_to_department;
  std::vector<std::string> kinds;                  // empty: every kind
  std::optional<std::int64_t> held_from, held_to;  // [from, to), epoch ms
  // The organiser department or one of its sub-units (the statistics' rule).
  std::optional<std::int64_t> department_id;
  std::optional<std::string> text;  // substring of title, place, audience or note
  int limit = 20;
  int offset = 0;
};

class PublicityRepository {
 public:
  // Sets id, version 1, created_at and updated_at.
  static Result<PublicityEvent> insert(soci::session& s, PublicityEvent e);
  // Writes every mutable field if the stored version is still
  // expected_version (else kPreconditionFailed); version + 1.
  static Result<PublicityEvent> update(soci::session& s, const PublicityEvent& e,
                                       int expected_version);
  static Result<std::optional<PublicityEvent>> find_by_id(soci::session& s, std::int64_t id);
  // Newest held first. total: how many match; attendees: their attendees
  // summed (the statistics' 参训人数 for a training filter).
  static Result<std::vector<PublicityEvent>> list(soci::session& s, const PublicityQuery& q,
                                                  std::int64_t* total,
                                                  std::int64_t* attendees = nullptr);
};

}  // namespace qf::store
