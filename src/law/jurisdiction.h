// Jurisdiction: which department leads a matter and which take part, from
// section 六 (协调机制及职责分工) of the plan (../shared/seed/qingfeng-plan.txt)
// and the split of 野生动物保护法第七条 (林草 terrestrial, 渔业 aquatic).
// Used by tips, cases and the scanner; codes are those of
// config/organisation.toml: LC 林草, NY 农业农村, SJ 市场监管, WX 网信,
// JT 交通运输, GA 公安, HG 海关.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "law/law_types.h"

namespace qf::law {

struct Jurisdiction {
  std::string lead;                  // department code
  std::vector<std::string> co;       // co-departments, no duplicates, never the lead
  std::vector<std::string> reasons;  // Chinese, quoting section 六
};

// place_type: a code of core/case_vocabulary.h place_types(), or empty when
// unknown. suspected_crime adds GA (公安: 依法严厉打击…犯罪行为). Unknown
// place codes are kInvalidInput on "place_type".
Result<Jurisdiction> decide_jurisdiction(Habitat habitat, Behaviour behaviour,
                                         std::string_view place_type, bool suspected_crime = false);

}  // namespace qf::law
