// The JSON forms of the legal engine, shared by the HTTP API
// (POST /api/v1/law/assess, /api/v1/law/offences) and the CLI
// (`qingfeng law assess|offences`), so that both read the same fields,
// refuse the same mistakes and explain their answers the same way.
//
// A request names a species by catalog id ("species_id": 123) or by name,
// Latin name or trade name ("species": "穿山甲片"); the catalog then gives
// its protection class, habitat, egg class, CITES appendix and base value
// (with the fallback it used). A name that names several species is refused
// with the candidates, since their values differ. Without a catalog, or
// for an animal not in it, the request gives "class" and "habitat" itself.
//
// Unknown fields are refused (a misspelt "for_eatng" must not read as
// false). Errors are kInvalidInput with the field's path (items/0/assess/part).
#pragma once

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "law/species_catalog.h"
#include "law/value_assessor.h"
#include "law/value_rules.h"

namespace qf::law {

using Json = nlohmann::ordered_json;

// {species_id|species|class+habitat, part, egg_class, origin, on_captive_list,
//  count|weight_kg, base_value_yuan, basis, part_value_yuan,
//  egg_has_own_base_value, stage_factor, price_yuan}
// → {species?, input, value_yuan, needs_appraisal, display, method, steps,
//    notes, rules_version}.
Result<Json> answer_assessment(const Json& request, const ValueAssessor& assessor,
                               const SpeciesCatalog* catalog);

// {behaviour, place_type?, items: [{species_id|species|class+habitat, label,
//  origin, on_captive_list, value_yuan | assess{…}, weight_kg, cites_appendix,
//  fry_or_brood, accumulated}], circumstances{…}, penalty{…}}
// → {items, suspected_crime, transfer, conclusion, offences, admin_penalties,
//    jurisdiction, …}.
Result<Json> answer_offences(const Json& request, const ValueAssessor& assessor,
                             const SpeciesCatalog* catalog);

// The assessor over the compiled-in value rules (data/law/value-rules.toml,
// checked by its tests), built once.
const ValueAssessor& builtin_assessor();

Json assessment_json(const Assessment& a);
Json rules_json(const ValueRules& rules);
// A catalog record as the API shows it; `detail` adds aliases, the covering
// taxon and the base value.
Json species_json(const SpeciesRecord& r, const SpeciesCatalog& catalog, bool detail);

}  // namespace qf::law
