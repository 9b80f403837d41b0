// The query parameters of the tip and case lists, read once for the list
// routes and their exports so that an exported file holds exactly the rows
// the list shows. Broken UTF-8 is a malformed request (400); a wrong value
// is invalid input naming the parameter (422).
//
//   tips:  state, channel, department, q, overdue, mine, created_from,
//          created_to (epoch ms), sort (created|due, "-" for descending)
//   cases: state, offence_type, owner_department, q, priority, major,
//          overdue, mine, created_from, created_to,
//          sort (created|occurred|due|number|updated, "-" for descending)
#pragma once

#include "core/result.h"
#include "http/message.h"
#include "service/case_service.h"
#include "service/tip_service.h"

namespace qf::api {

Result<service::TipQueryParams> tip_list_filters(const http::Request& req);
Result<service::CaseListFilters> case_list_filters(const http::Request& req);

}  // namespace qf::api
