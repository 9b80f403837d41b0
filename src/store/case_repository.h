// CaseRepository: cases with their items, parties and timeline events, and
// the per-department, per-year case number counters. TransferRepository and
// NotificationRepository sit beside it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

struct CaseItem {
  std::int64_t id = 0;
  std::string species;
  std::optional<std::int64_t> species_id;
  double count = 0;
  double weight_kg = 0;
  std::string unit = "只";
  std::string part = "whole_dead";
  std::string origin = "unknown";
  std::string disposition = "pending";
  std::optional<std::int64_t> evidence_id;
  std::string note;
  // The value established for the case (鉴定意见, 销赃数额 …), in fen, and
  // what it rests on; nullopt until established.
  std::optional<std::int64_t> value_fen;
  std::string value_basis;
};

struct CaseParty {
  std::int64_t id = 0;
  std::string kind = "person";
  std::string role = "suspect";
  std::string name;
  std::string id_number;
  std::string phones;
  std::string online_accounts;
  std::string address;
};

struct CaseRecord {
  std::int64_t id = 0;
  std::string number;
  std::string title;
  std::string offence_type;
  std::string source;
  std::string place_type;
  std::string place_text;
  std::optional<double> lon, lat;
  std::int64_t occurred_at = 0;
  std::string summary;
  bool cross_region = false;
  std::string state;
  bool priority = false;
  std::string priority_reasons_json = "[]";
  bool major = false;
  std::string major_reasons_json = "[]";
  std::int64_t owner_department_id = 0;
  std::string owner_department_code;  // joined
  std::optional<std::int64_t> tip_id;
  std::int64_t due_at = 0;
  std::string penalty_decision_no;
  std::int64_t penalty_amount_fen = 0;
  std::int64_t created_by = 0;
  int version = 1;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::vector<CaseItem> items;
  std::vector<CaseParty> parties;
};

struct CaseQuery {
  std::optional<std::int64_t> visible_to_department;  // unset: all
  std::optional<std::string> state;
  std::optional<std::string> offence_type;
  std::optional<std::int64_t> owner_department_id;
  std::optional<bool> priority;
  std::optional<bool> overdue;  // needs now_ms
  std::int64_t now_ms = 0;
  std::optional<std::string> text;  // number, title, summary, place, species
  std::optional<bool> major;
  std::optional<std::int64_t> created_by;    // "my cases"
  std::optional<std::int64_t> created_from;  // epoch ms, inclusive
  std::optional<std::int64_t> created_to;    // epoch ms, exclusive
  // One of case_sort_keys(); empty: priority first, newest first.
  std::string sort;
  int limit = 20;
  int offset = 0;
};

// The orders the case list offers: created, occurred, due, number, updated,
// each ascending or with a leading "-" descending.
const std::vector<std::string>& case_sort_keys();

struct CaseEvent {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::int64_t at = 0;
  std::int64_t actor_id = 0;
  std::string actor;
  std::string kind;
  std::string summary;
  std::string data_json = "{}";
};

class CaseRepository {
 public:
  // Takes the next sequence number for (department, year); gap-free when
  // the calling transaction commits, returned when it rolls back.
  static Result<int> next_sequence(soci::session& s, const std::string& department_code, int year);
  static Result<CaseRecord> insert(soci::session& s, CaseRecord c);
  // Writes the mutable case fields (not items/parties) if the version matches.
  static Result<CaseRecord> update(soci::session& s, const CaseRecord& c, int expected_version);
  static Result<std::optional<CaseRecord>> find_by_id(soci::session& s, std::int64_t id);
  static Result<std::vector<CaseRecord>> list(soci::session& s, const CaseQuery& q,
                                              std::int64_t* total);
  static Result<CaseItem> add_item(soci::session& s, std::int64_t case_id, CaseItem item);
  // Rewrites one item of the case (kNotFound if the item is not the case's).
  static Status update_item(soci::session& s, std::int64_t case_id, const CaseItem& item);
  static Result<CaseParty> add_party(soci::session& s, std::int64_t case_id, CaseParty party);
  static Result<CaseEvent> add_event(soci::session& s, CaseEvent e);
  static Result<std::vector<CaseEvent>> events(soci::session& s, std::int64_t case_id);
};

struct TransferRecord {
  std::int64_t id = 0;
  std::string entity;  // case | tip
  std::int64_t entity_id = 0;
  std::string kind;  // handover | criminal
  std::int64_t from_department_id = 0;
  std::int64_t to_department_id = 0;
  std::string from_department_code, to_department_code;  // joined
  std::string state;  // requested | accepted | returned
  std::string reason;
  std::string documents_json = "[]";
  std::int64_t requested_by = 0;
  std::int64_t requested_at = 0;
  std::int64_t decided_by = 0;
  std::int64_t decided_at = 0;
  std::string decision_note;
  int version = 1;
};

struct TransferQuery {
  // Transfers from or to this department; unset: every department's.
  std::optional<std::int64_t> department_id;
  std::string direction;  // incoming | outgoing | "" (both)
  std::optional<std::string> state;  // requested | accepted | returned
  std::optional<std::string> kind;   // handover | criminal
  // Requested in [requested_from, requested_to) (epoch ms); unset: any time.
  std::optional<std::int64_t> requested_from, requested_to;
  int limit = 20;
  int offset = 0;
};

// A transfer with what a receiver needs to see in a list.
struct TransferListing {
  TransferRecord transfer;
  std::string case_number, case_title, case_state;  // empty for a tip
};

class TransferRepository {
 public:
  // Newest first.
  static Result<std::vector<TransferListing>> list(soci::session& s, const TransferQuery& q,
                                                   std::int64_t* total);
  static Result<TransferRecord> insert(soci::session& s, TransferRecord t);
  static Result<std::optional<TransferRecord>> find_by_id(soci::session& s, std::int64_t id);
  static Result<std::vector<TransferRecord>> for_entity(soci::session& s, const std::string& entity,
                                                        std::int64_t id);
  // Moves a requested transfer to accepted/returned; kConflict if it was
  // already decided (two receivers clicking at once).
  static Status decide(soci::session& s, std::int64_t id, const std::string& state,
                       std::int64_t by, const std::string& note);
};

struct Notification {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string kind;
  std::string title;
  std::string body;
  std::string entity;
  std::int64_t entity_id = 0;
  std::int64_t created_at = 0;
  std::int64_t read_at = 0;
};

class NotificationRepository {
 public:
  static Status insert(soci::session& s, const Notification& n);
  static Result<std::vector<Notification>> for_user(soci::session& s, std::int64_t user_id,
                                                    bool unread_only, int limit, int offset,
                                                    std::int64_t* total);
  // Marks the user's notification read; false if it is not theirs.
  static Result<bool> mark_read(soci::session& s, std::int64_t user_id, std::int64_t id,
                                std::int64_t at);
  // Users to notify of a major case: the office and the department's leaders.
  static Result<std::vector<std::int64_t>> major_case_recipients(soci::session& s,
                                                                 std::int64_t department_id);
  // Active leaders and officers of a department (transfer requests, returns).
  static Result<std::vector<std::int64_t>> department_handlers(soci::session& s,
                                                               std::int64_t department_id);
};

}  // namespace qf::store
