// Drill-down links: the API list route behind a figure (a statistics card,
// an evaluation score), so that the web UI opens the list whose total is
// that figure. One spelling for both, so a filter written by the statistics
// and by the evaluation reads the same in the list's URL.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>

namespace qf::service {

// `path` with the non-empty params as ?k=v&…, in the order given; values are
// percent-encoded (RFC 3986: only unreserved characters stay as they are).
std::string drill_link(const std::string& path,
                       std::initializer_list<std::pair<std::string, std::string>> params);

// `drill` with one more filter; "" stays "" (a figure without a list).
std::string with_filter(const std::string& drill, const std::string& key, const std::string& value);

}  // namespace qf::service
