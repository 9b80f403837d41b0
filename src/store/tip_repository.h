// TipRepository: tips (举报线索) with their attachments, and the
// per-subject throttle of unauthenticated submissions. Reporter name and
// phone arrive here already sealed (service/field_cipher.h); the store
// never sees them in plaintext.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

struct Tip {
  std::int64_t id = 0;
  std::string receipt_code;
  std::string channel;
  std::string reporter_category;
  bool anonymous = false;
  std::string reporter_name_enc;
  std::string reporter_phone_enc;
  std::string reporter_phone_hash;
  std::string content;
  std::int64_t occurred_at = 0;
  std::string place_text;
  std::optional<double> lon, lat;
  std::string species_text;
  std::string state;
  std::int64_t owner_department_id = 0;
  std::optional<std::int64_t> assigned_department_id;
  std::string assigned_department_code;  // joined from departments, read-only
  std::string suggested_department_code;
  std::optional<std::int64_t> handler_id;
  std::int64_t due_at = 0;
  std::string public_feedback;
  std::string internal_note;
  std::optional<std::int64_t> case_id;
  std::optional<std::int64_t> merged_into_id;
  std::int64_t created_by = 0;
  std::int64_t state_changed_at = 0;
  int version = 1;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct TipQuery {
  // Visibility: when set, only tips shared with (assigned to) this
  // department. Unset = all (office, inspector).
  std::optional<std::int64_t> visible_to_department;
  std::optional<std::string> state;
  std::optional<std::string> channel;
  std::optional<std::int64_t> assigned_department_id;
  std::optional<std::int64_t> overdue_at;  // only tips due before this time
  std::optional<std::string> search;       // substring of content, place or species
  std::optional<std::int64_t> handler_id;    // "my tips"
  std::optional<std::int64_t> created_from;  // epoch ms, inclusive
  std::optional<std::int64_t> created_to;    // epoch ms, exclusive
  std::string sort;  // one of tip_sort_keys(); empty: newest first
  int limit = 50;
  int offset = 0;
};

// created, due (each ascending, or descending with a leading "-").
const std::vector<std::string>& tip_sort_keys();

struct RateWindow {
  int hits = 0;  // including the one just counted
  std::int64_t window_started_at = 0;
};

class TipRepository {
 public:
  static Result<Tip> insert(soci::session& s, Tip t);
  // Writes every mutable field of t if the stored version is still
  // expected_version; otherwise kPreconditionFailed. Returns the row as
  // stored (version + 1).
  static Result<Tip> update(soci::session& s, Tip t, int expected_version);
  static Result<std::optional<Tip>> find_by_id(soci::session& s, std::int64_t id);
  static Result<std::optional<Tip>> find_by_receipt(soci::session& s, const std::string& code);
  // Newest first.
  static Result<std::vector<Tip>> list(soci::session& s, const TipQuery& q, std::int64_t* total);
  // Tips other than `id` that share the phone hash, or whose time (occurred,
  // else received) lies in [from_ms, to_ms]; the caller judges place and
  // species. Bounded, newest first.
  static Result<std::vector<Tip>> duplicate_candidates(soci::session& s, std::int64_t id,
                                                       const std::string& phone_hash,
                                                       std::int64_t from_ms, std::int64_t to_ms,
                                                       std::optional<std::int64_t> visible_to,
                                                       int limit = 200);

  // Idempotent; true when a row was added.
  static Result<bool> add_attachment(soci::session& s, std::int64_t tip_id,
                                     std::int64_t evidence_id);
  static Result<std::vector<std::int64_t>> attachments(soci::session& s, std::int64_t tip_id);

  // Counts one hit for `subject` in a fixed window of window_ms that starts
  // with the first hit after the previous window ended. Atomic on both
  // backends (one upsert), so concurrent requests on several nodes cannot
  // both slip under the limit.
  static Result<RateWindow> hit_rate_limit(soci::session& s, const std::string& subject,
                                           std::int64_t now, std::int64_t window_ms);
};

}  // namespace qf::store
