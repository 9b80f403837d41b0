// CaseRules: the decisions about a case that follow from the plan, with no
// I/O — which state may follow which (and who approves it, what it needs),
// when a case is 从重从快 priority (四 / 二(四)), when it is a major case to
// report at once (七(五) 重大情况和重特大案件随时报告), and its deadlines.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qf {

struct CaseTransition {
  std::string_view from;
  std::string_view to;
  bool needs_approval;       // leader of the owning department, or the office
  bool police_step;          // taken by the police department the case was sent to
  bool via_transfer_only;    // happens through the transfer mechanism, not directly
  std::vector<std::string_view> required_fields;  // e.g. penalty decision no. and amount
};

// The rule for from → to, or nullopt when the step is not allowed.
std::optional<CaseTransition> case_transition(std::string_view from, std::string_view to);
// States reachable directly (not via a transfer) from a state.
std::vector<std::string_view> next_case_states(std::string_view from);
bool is_final_case_state(std::string_view state);

// What the priority and major rules look at.
struct CaseFacts {
  std::string offence_type;
  std::string place_type;
  std::vector<std::string> species;  // item species texts
  std::vector<std::string> item_parts;
  int suspects = 0;
  bool cross_region = false;
  // Items whose catalog species is 国家一级 (by its own row or a 类 row),
  // and the sum of the values established on the items (fen).
  std::vector<std::string> first_class_species;
  std::int64_t established_value_fen = 0;
};

// 从重从快: reasons (Chinese) why the case is priority; empty = not priority.
std::vector<std::string> priority_reasons(const CaseFacts& facts);

struct MajorCaseRules {
  int suspects_over = 3;  // more than this many suspects
  bool cross_region = true;
  bool first_class_species = true;  // any 国家一级 species among the items
  std::int64_t value_at_least_fen = 0;  // established value at least this; 0: rule off
};
std::vector<std::string> major_reasons(const CaseFacts& facts, const MajorCaseRules& rules);

// Days allowed in a state (calendar-independent working days); priority
// cases get half (rounded up). 0 = no deadline (final states).
int case_state_deadline_days(std::string_view state, bool priority);

// start + days working days (Saturdays and Sundays skipped), in epoch ms,
// keeping the time of day. Public holidays are not modelled yet.
std::int64_t add_working_days(std::int64_t start_ms, int days);

}  // namespace qf
