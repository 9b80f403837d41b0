// Route groups of the /api/v1 surface (internal to src/api).
#pragma once

#include "api/api.h"

namespace qf::api {

void register_system_routes(http::Router& router, ApiDeps deps);
void register_auth_routes(http::Router& router, ApiDeps deps);
void register_directory_routes(http::Router& router, ApiDeps deps);
void register_evidence_routes(http::Router& router, ApiDeps deps);
void register_audit_routes(http::Router& router, ApiDeps deps);
void register_tip_routes(http::Router& router, ApiDeps deps);
void register_case_routes(http::Router& router, ApiDeps deps);
void register_export_routes(http::Router& router, ApiDeps deps);
void register_webhook_routes(http::Router& router, ApiDeps deps);
void register_species_routes(http::Router& router, ApiDeps deps);
void register_listing_routes(http::Router& router, ApiDeps deps);
void register_platform_routes(http::Router& router, ApiDeps deps);
void register_transport_routes(http::Router& router, ApiDeps deps);
void register_customs_routes(http::Router& router, ApiDeps deps);
void register_intake_routes(http::Router& router, ApiDeps deps);
void register_patrol_routes(http::Router& router, ApiDeps deps);
void register_place_routes(http::Router& router, ApiDeps deps);
void register_stats_routes(http::Router& router, ApiDeps deps);
void register_lexicon_routes(http::Router& router, ApiDeps deps);
void register_listing_model_routes(http::Router& router, ApiDeps deps);
void register_publicity_routes(http::Router& router, ApiDeps deps);
void register_reporting_routes(http::Router& router, ApiDeps deps);
void register_stats_series_routes(http::Router& router, ApiDeps deps);
void register_evaluation_routes(http::Router& router, ApiDeps deps);
void register_joint_report_routes(http::Router& router, ApiDeps deps);

}  // namespace qf::api
