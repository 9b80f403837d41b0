// The /api/v1 surface: registers every route on a Router. Handlers parse and
// validate input, call one service method and shape the output; permission
// decisions live in the services (core/access_policy.h), never here.
//
// Conventions every route follows (and later features must too):
//  - JSON in and out; errors are problem+json (http/problem.h).
//  - Authorization: Bearer <session token | API key>.
//  - Lists take ?page=&page_size= (max 200) and answer {items, total, page,
//    page_size}.
//  - Single records carry ETag "v<version>"; updates need If-Match with it
//    (missing: 428, stale: 412).
//  - POSTs honour Idempotency-Key: a repeat with the same body replays the
//    first response; the same key with another body answers 422.
//  - Every route is listed in src/api/openapi.json (a test checks).
#pragma once

#include "http/metrics.h"
#include "http/router.h"
#include "service/service_context.h"

namespace qf::api {

struct ApiDeps {
  service::ServiceContext& ctx;
  http::Metrics& metrics;
};

void register_api(http::Router& router, ApiDeps deps);

}  // namespace qf::api
