// TipRules: the decisions about a tip (举报线索) that follow from the plan,
// with no I/O —
//  - its vocabularies: channels (二(五) 举报电话 0955-8812769, 七(二) 网格员 and
//    "雪亮工程", 12345, letters and visits) and reporter categories (二(五)
//    村民、居民、护林员、渔政人员、志愿者、观鸟爱好者, plus 网格员 from 七(二));
//  - its states and which step may follow which: 待分派 → 已分派 (the office
//    assigns a department) → 核查中 → 已立案 (only by converting it into a
//    case) | 不属实 | 已转办 | 已办结; a merged duplicate is 已办结 too;
//  - deadlines per state in working days and the overdue flag;
//  - which department to suggest, from the duties of section 六;
//  - how confidential reporter fields look to those who may not read them;
//  - what makes two tips likely duplicates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/case_vocabulary.h"
#include "core/result.h"

namespace qf {

// ---- vocabularies -------------------------------------------------------

const std::vector<Term>& tip_channels();
const std::vector<Term>& tip_reporter_categories();
const std::vector<Term>& tip_states();

// The channel the public web form uses; staff entry may not choose it.
inline constexpr std::string_view kPublicWebChannel = "public_web";

// ---- states -------------------------------------------------------------

namespace tip_state {
inline constexpr std::string_view kPending = "pending";         // 待分派
inline constexpr std::string_view kAssigned = "assigned";       // 已分派
inline constexpr std::string_view kVerifying = "verifying";     // 核查中
inline constexpr std::string_view kCaseOpened = "case_opened";  // 已立案
inline constexpr std::string_view kUnfounded = "unfounded";     // 不属实
inline constexpr std::string_view kReferred = "referred";       // 已转办
inline constexpr std::string_view kConcluded = "concluded";     // 已办结
}  // namespace tip_state

bool is_final_tip_state(std::string_view state);

// How a state change is asked for: each way reaches only its own targets,
// so e.g. 已立案 cannot be set without a case behind it.
enum class TipStep {
  kAssign,      // the office assigns (or reassigns) a department
  kTransition,  // POST /transitions: verifying, unfounded, referred, concluded
  kConvert,     // converting into a case
  kMerge,       // merging a duplicate into another tip
};

// Whether `from` → `to` is allowed by `step`. Unknown target states and
// targets the step cannot reach are kInvalidInput (field "to"); a valid
// target that does not follow the current state is kConflict.
Status check_tip_step(std::string_view from, std::string_view to, TipStep step);

// ---- deadlines ----------------------------------------------------------

// Working days allowed in each open state (Saturdays and Sundays skipped;
// public holidays are not modelled yet).
struct TipDeadlines {
  int pending_days = 1;
  int assigned_days = 2;
  int verifying_days = 10;
};

// When a tip entering `state` at `entered_at_ms` is due; 0 for final states.
std::int64_t tip_due_at(std::string_view state, std::int64_t entered_at_ms,
                        const TipDeadlines& deadlines);
bool tip_overdue(std::string_view state, std::int64_t due_at_ms, std::int64_t now_ms);

// ---- department suggestion (section 六 职责分工) -------------------------

struct DepartmentSuggestion {
  std::string code;                  // LC, NY, SJ, WX, JT, GA, HG
  std::vector<std::string> matched;  // the words of the tip that led here
};

// Keyword rules over what the tip says (content, species, place). Most
// matched words first; ties in the order the tip first mentions them (so a
// plain transport tip suggests JT before GA). Empty when nothing matched —
// the office decides unaided then.
std::vector<DepartmentSuggestion> suggest_departments(std::string_view content,
                                                      std::string_view species_text,
                                                      std::string_view place_text);

// The codes of a suggestion, comma separated ("JT,GA"), as stored.
std::string suggestion_codes(const std::vector<DepartmentSuggestion>& suggestions);

// ---- confidential reporter fields ---------------------------------------

// First character (UTF-8 aware) + "*": 张三丰 → 张*. Empty stays empty.
std::string mask_name(std::string_view name);
// First 3 + "****" + last 4: 13912345678 → 139****5678; shorter than 8
// characters → "****" (nothing of a short number is safe to show).
std::string mask_phone(std::string_view phone);
// Digits only, without a leading +86/86 country code: the form hashed for
// duplicate detection, so "139-1234-5678" and "+86 13912345678" match.
std::string normalize_phone(std::string_view phone);

// ---- duplicates ---------------------------------------------------------

// What the duplicate check compares.
struct TipFingerprint {
  std::int64_t id = 0;
  std::string phone_hash;          // keyed hash; empty when no phone
  std::int64_t when_ms = 0;        // occurred_at, else created_at
  std::optional<double> lon, lat;  // WGS-84
  std::string place_text;
  std::string species_text;
};

struct DuplicateRule {
  double max_distance_m = 1000;
  std::int64_t max_time_apart_ms = 3LL * 24 * 3600 * 1000;
};

// The reasons (Chinese) why `other` may duplicate `tip`; empty = unlikely.
// Same reporter phone is enough on its own; otherwise the tips must be
// close in time, close in place (points within the distance; the same
// place text when either lacks a point) and mention a common species word.
std::vector<std::string> duplicate_reasons(const TipFingerprint& tip, const TipFingerprint& other,
                                           const DuplicateRule& rule = {});

// Great-circle distance in metres between two WGS-84 points.
double distance_m(double lon1, double lat1, double lon2, double lat2);

// The species words of a free text: split on punctuation and spaces,
// quantities dropped ("红隼、雀鹰 2只" → 红隼, 雀鹰).
std::vector<std::string> species_words(std::string_view species_text);

}  // namespace qf
