// The closed vocabularies of tips and cases, from the plan:
//  - offence types (四(一) 重点打击的违法犯罪行为, refined per 三(一)/五),
//  - case sources (二(五) 群防群治 and the channels of 五(二)–(六)),
//  - place types (四(二) 重点打击或者整治的区域场所),
//  - case states (the administrative track and the 行刑衔接 track, 七(二)).
// Codes are stable identifiers for the API and storage; labels are shown.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace qf {

struct Term {
  std::string_view code;
  std::string_view label;
};

const std::vector<Term>& offence_types();
const std::vector<Term>& case_sources();
const std::vector<Term>& place_types();
const std::vector<Term>& case_states();
const std::vector<Term>& item_parts();
const std::vector<Term>& item_origins();
const std::vector<Term>& item_dispositions();

// The label of a code in a vocabulary, or nullopt for an unknown code.
std::optional<std::string_view> term_label(const std::vector<Term>& vocabulary,
                                           std::string_view code);

}  // namespace qf
