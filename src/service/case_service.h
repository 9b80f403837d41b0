// CaseService: enforcement cases (案件) — numbering, items, parties, the
// state machine with its required fields and deadlines, 从重从快 priority,
// major-case reporting, the timeline, and transfers (移交 / 行刑衔接).
//
// Permissions: a case belongs to its owner department and is shared with
// departments that accepted a transfer of it; the row-level rule of
// AccessPolicy applies everywhere (unseen = kNotFound). Approving steps
// (立案/不予立案, 处罚决定, 结案, 撤销) need a leader of the owning department
// or the office; the police steps need the police department (GA) the case
// was sent to; other steps any officer who may modify the case.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "service/directory_service.h"
#include "service/service_context.h"
#include "store/case_repository.h"

namespace qf::service {

using CaseItem = store::CaseItem;
using CaseParty = store::CaseParty;

struct NewCase {
  std::string title;
  std::string offence_type;  // core/case_vocabulary.h offence_types()
  std::string source;        // case_sources()
  std::string place_type;    // place_types(), may be empty
  std::string place_text;
  std::optional<double> lon, lat;  // WGS-84
  std::int64_t occurred_at = 0;    // epoch ms, 0 = unknown
  std::string summary;
  bool cross_region = false;
  std::optional<std::string> owner_department_code;  // office only; default the actor's
  std::optional<std::int64_t> tip_id;
  std::vector<CaseItem> items;
  std::vector<CaseParty> parties;
};

// A case as a caller may see it.
struct Case {
  store::CaseRecord record;
  std::vector<std::int64_t> shared_with;
  std::vector<store::TransferRecord> transfers;
};

// The case list's filters as a caller states them (department by code);
// CaseService::list turns them into a store::CaseQuery. The list route and
// the list export read them alike (api/list_filters.h).
struct CaseListFilters {
  std::optional<std::string> state;
  std::optional<std::string> offence_type;
  std::optional<std::string> owner_department;  // code; an unknown code matches nothing
  std::optional<bool> priority;
  std::optional<bool> major;
  std::optional<bool> overdue;
  std::optional<std::string> text;  // number, title, summary, place, species
  bool mine = false;                // cases the caller registered
  std::optional<std::int64_t> created_from, created_to;  // epoch ms, [from, to)
  std::string sort;                 // store::case_sort_keys(); empty: priority, newest
};

struct CaseChanges {
  std::optional<std::string> title, summary, place_type, place_text, offence_type;
  std::optional<bool> cross_region;
};

struct TransitionRequest {
  std::string to;
  std::string reason;
  std::optional<std::string> penalty_decision_no;
  std::optional<std::int64_t> penalty_amount_fen;
};

struct TransferDocument {
  std::string kind;  // transfer_letter | investigation_report | item_list | inspection_conclusion | other_evidence
  std::optional<std::int64_t> evidence_id;
  std::string note;
};

struct TransferRequest {
  std::string to_department_code;
  std::string kind;  // handover | criminal
  std::string reason;
  std::vector<TransferDocument> documents;
};

// The document checklist of a 行刑衔接 transfer (国务院令第310号 第6条:
// 涉嫌犯罪案件移送书、调查报告、涉案物品清单、有关检验报告或者鉴定结论及其他有关证据材料).
struct ChecklistItem {
  std::string_view kind;
  std::string_view label;
  bool mandatory;
};
const std::vector<ChecklistItem>& criminal_transfer_checklist();

// to_json for API responses. Lists mask ID numbers and phones always;
// details show them to the owning department and the office.
nlohmann::json to_json(const Case& c, bool mask_confidential);
nlohmann::json to_json(const store::TransferRecord& t);

class CaseService {
 public:
  explicit CaseService(ServiceContext& ctx) : ctx_(ctx) {}

  // Creates a case in state 登记 with the next number of the owner
  // department and year. The session overload joins the caller's
  // transaction (tip conversion).
  Result<Case> create(const CallContext& call, const NewCase& c);
  Result<Case> create(soci::session& s, const CallContext& call, const NewCase& c);

  Result<Case> get(const CallContext& call, std::int64_t id);
  Result<Page<Case>> list(const CallContext& call, store::CaseQuery q);
  Result<Page<Case>> list(const CallContext& call, const CaseListFilters& f, int limit, int offset);
  Result<Case> update(const CallContext& call, std::int64_t id, const CaseChanges& c,
                      int expected_version);
  Result<Case> transition(const CallContext& call, std::int64_t id, const TransitionRequest& t);
  // Adds items (涉案物品) and parties found during the investigation; the
  // priority and major rules run again (a newly major case is reported).
  Result<Case> add_details(const CallContext& call, std::int64_t id, const std::vector<CaseItem>& items,
                           const std::vector<CaseParty>& parties);
  // Corrects one item (species from the catalog, value established later …)
  // of a case at `expected_version`; the owner department only, as for adding.
  Result<Case> update_item(const CallContext& call, std::int64_t id, std::int64_t item_id,
                           const CaseItem& item, int expected_version);
  Result<std::vector<store::CaseEvent>> timeline(const CallContext& call, std::int64_t id);
  Result<store::CaseEvent> comment(const CallContext& call, std::int64_t id, const std::string& text);

  // Transfers from or to the caller's department (every one for the office
  // and inspectors), newest first: how a receiver finds what waits for it.
  Result<Page<store::TransferListing>> transfers(const CallContext& call, store::TransferQuery q);
  Result<store::TransferRecord> request_transfer(const CallContext& call, std::int64_t case_id,
                                                 const TransferRequest& t);
  // The same inside a caller's transaction (a transport check's finding
  // becomes a case and its hand-over in one write).
  Result<store::TransferRecord> request_transfer(soci::session& s, const CallContext& call,
                                                 std::int64_t case_id, const TransferRequest& t);
  Result<store::TransferRecord> accept_transfer(const CallContext& call, std::int64_t transfer_id,
                                                const std::string& note);
  Result<store::TransferRecord> return_transfer(const CallContext& call, std::int64_t transfer_id,
                                                const std::string& reason);

  // Whether a caller sees a case's confidential party fields in full.
  static bool sees_confidential(const Actor& actor, const store::CaseRecord& c);

 private:
  // pending_receiver: also a department a transfer of the case is waiting
  // for — it must read the case to decide, but gains no other right.
  Result<Case> load_visible(soci::session& s, const CallContext& call, std::int64_t id,
                            bool pending_receiver = false);
  ServiceContext& ctx_;
};

class NotificationService {
 public:
  explicit NotificationService(ServiceContext& ctx) : ctx_(ctx) {}
  Result<Page<store::Notification>> list(const CallContext& call, bool unread_only, int limit,
                                         int offset);
  Status mark_read(const CallContext& call, std::int64_t id);

 private:
  ServiceContext& ctx_;
};

// "{dept}-{year}-{seq:05}" → "LC-2026-00001".
std::string format_case_number(const std::string& pattern, const std::string& dept, int year,
                               int seq);

}  // namespace qf::service
