// TipService: tips (举报线索) — the plan's 二(五) 群防群治 channel — from
// submission to an outcome.
//
//  - The public submits without logging in and gets a receipt code, hard to
//    guess, with which it follows progress: the state and the feedback the
//    office chose to publish, nothing internal. Submissions are throttled per
//    client address, in the database, so every node applies one limit.
//  - Staff enter tips from the hotline 0955-8812769, letters and visits,
//    12345, grid workers, 雪亮工程 video and other departments.
//  - A tip belongs to the coordination office until the office assigns it to
//    a department (the system suggests one from section 六); the assigned
//    department then sees it (a record share). Office and inspector see all;
//    anyone else gets kNotFound, as for a missing tip.
//  - 待分派 → 已分派 → 核查中 → 已立案 (converting into a case, in the same
//    transaction) | 不属实 | 已转办 | 已办结, with working-day deadlines.
//  - The reporter's name and phone are sealed at rest (FieldCipher). Only
//    the office and the tip's handler read them; everyone else — and the
//    audit log, always — gets them masked.
//  - Possible duplicates (same phone; or close in time and place with a
//    common species) are listed; the office merges one into another.
// Every write appends its audit row in its own transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "core/tip_rules.h"
#include "service/case_service.h"
#include "service/directory_service.h"
#include "service/service_context.h"
#include "store/tip_repository.h"

namespace qf::service {

struct NewTip {
  std::string channel;            // tip_channels(); public_web only via submit_public
  std::string reporter_category;  // tip_reporter_categories(); "" = not given
  bool anonymous = false;         // then no name and no phone
  std::string reporter_name;
  std::string reporter_phone;
  std::string content;
  std::optional<std::int64_t> occurred_at;  // epoch ms
  std::string place_text;
  std::optional<double> lon, lat;  // WGS-84, both or neither
  std::string species_text;
  std::vector<std::int64_t> attachments;  // evidence ids the actor can see (staff only)
};

// Fields a PATCH may change; unset fields stay as they are.
struct TipChanges {
  std::optional<std::string> content;
  std::optional<std::string> place_text;
  std::optional<double> lon, lat;  // both or neither
  std::optional<std::string> species_text;
  std::optional<std::string> public_feedback;
  // Set: that user becomes the handler; 0 clears it. Office or the assigned
  // department's leader only: the handler reads the reporter's identity.
  std::optional<std::int64_t> handler_id;
};

struct TipTransition {
  std::string to;
  std::string note;                            // internal 核查 note
  std::optional<std::string> public_feedback;  // published to the reporter
};

// What the case needs beyond what the tip already says.
struct TipConversion {
  std::string title;
  std::string offence_type;            // offence_types()
  std::string place_type;              // place_types(); "" = not known yet
  std::optional<std::string> summary;  // default: the tip's content
  bool cross_region = false;
};

// A photo sent with a public tip (the bytes, decoded).
struct PublicPhoto {
  std::string name;
  std::string bytes;
};
inline constexpr std::size_t kMaxPublicPhotos = 3;
inline constexpr std::size_t kMaxPublicPhotoBytes = 5u << 20;

struct TipQueryParams {
  std::optional<std::string> state;
  std::optional<std::string> channel;
  std::optional<std::string> assigned_department_code;
  bool overdue_only = false;
  std::optional<std::string> search;
  bool mine = false;                                     // tips the caller handles
  std::optional<std::int64_t> created_from, created_to;  // epoch ms, [from, to)
  std::string sort;  // store::tip_sort_keys(); empty: newest first
  int limit = 20;
  int offset = 0;
};

// A tip as one actor may see it: reporter_name/phone already masked unless
// reporter_revealed.
struct TipView {
  store::Tip tip;
  std::string reporter_name;
  std::string reporter_phone;
  bool reporter_revealed = false;
  std::vector<std::int64_t> attachments;
  std::vector<std::int64_t> shared_with;
  bool overdue = false;
};

// What the public sees through its receipt code.
struct TipProgress {
  std::string receipt_code;
  std::string state;
  std::string public_feedback;
  std::int64_t received_at = 0;
  std::int64_t state_changed_at = 0;
};

struct DuplicateHint {
  TipView tip;
  std::vector<std::string> reasons;  // Chinese
};

nlohmann::json to_json(const TipView& v);
nlohmann::json to_json(const TipProgress& p);

class TipService {
 public:
  // Settings come from the configuration (ServiceContext::tips); tests may
  // pass their own.
  explicit TipService(ServiceContext& ctx) : ctx_(ctx), settings_(ctx.tips) {}
  TipService(ServiceContext& ctx, TipSettings settings) : ctx_(ctx), settings_(settings) {}

  // No login: call carries only the client address. Returns the receipt code.
  // photos: at most kMaxPublicPhotos images (JPEG, PNG … by their bytes, not
  // their names) of at most kMaxPublicPhotoBytes each, stored as evidence of
  // the coordination office in the same all-or-nothing submission, uploaded
  // by the system account "public-web" (disabled: it cannot log in).
  Result<std::string> submit_public(const CallContext& call, NewTip tip,
                                    const std::vector<PublicPhoto>& photos = {});
  Result<TipProgress> progress(const std::string& receipt_code);

  Result<TipView> create(const CallContext& call, const NewTip& tip);
  // The same inside a caller's transaction, for records that become a tip
  // together with their own write (a patrol observation, an intake event).
  Result<TipView> create(soci::session& s, const CallContext& call, const NewTip& tip);
  Result<Page<TipView>> list(const CallContext& call, const TipQueryParams& q);
  Result<TipView> get(const CallContext& call, std::int64_t id);
  Result<TipView> update(const CallContext& call, std::int64_t id, const TipChanges& c,
                         int expected_version);
  Result<TipView> assign(const CallContext& call, std::int64_t id,
                         const std::string& department_code);
  Result<TipView> transition(const CallContext& call, std::int64_t id, const TipTransition& t);
  // Creates the case (CaseService, same transaction) and marks the tip 已立案.
  Result<Case> convert(const CallContext& call, std::int64_t id, const TipConversion& c);
  Result<std::vector<DuplicateHint>> duplicates(const CallContext& call, std::int64_t id);
  // Office: `id` becomes 已办结, merged into `into`.
  Result<TipView> merge(const CallContext& call, std::int64_t id, std::int64_t into);

 private:
  Result<store::Tip> insert(soci::session& s, const NewTip& tip, std::int64_t created_by);
  Status attach_public_photos(soci::session& s, const CallContext& call, std::int64_t tip_id,
                              const std::vector<PublicPhoto>& photos);
  Result<TipView> load_visible(soci::session& s, const CallContext& call, std::int64_t id);
  Result<TipView> view_of(soci::session& s, const CallContext& call, store::Tip tip);
  Status write_audit(soci::session& s, const CallContext& call, const std::string& action,
                     const std::optional<TipView>& before, const TipView& after,
                     nlohmann::json extra = nlohmann::json::object());

  ServiceContext& ctx_;
  TipSettings settings_;
};

}  // namespace qf::service
