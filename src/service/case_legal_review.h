// CaseLegalReview: what the legal engine says about a case as recorded —
// whether it must go to the police (行刑衔接) and why.
//
// Items are read as the engine's items: the species from the catalog (an
// item without species_id is matched by its species text when that names
// exactly one catalog entry), the value established on the item (鉴定意见,
// 销赃数额) or else assessed from the catalog's base values; the behaviour
// follows the case's offence type and the place type gives what it implies
// (a protected area is a 禁猎区, 禁捕水域 a 禁渔区). Facts the case does not
// record (禁猎期, banned tools, eating purpose, prior penalties …) are named
// as still to be checked, never assumed.
//
// When an offence is made out the answer carries "涉嫌犯罪，应当移送公安机关"
// with the reasons, and offers the criminal transfer unless one is already
// requested or accepted. Visibility is the case's own (CaseService::get).
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "service/service_context.h"

namespace qf::service {

class CaseLegalReview {
 public:
  explicit CaseLegalReview(ServiceContext& ctx) : ctx_(ctx) {}

  Result<nlohmann::json> review(const CallContext& call, std::int64_t case_id);

 private:
  ServiceContext& ctx_;
};

}  // namespace qf::service
