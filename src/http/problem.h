// RFC 9457 problem details: the one shape every error response takes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/message.h"

namespace qf::http {

// `type` is a machine name ("not-found"); it becomes
// "https://qingfeng.invalid/problems/<type>" so clients can switch on it.
// `title` is Chinese and stable per type; `detail` explains this occurrence.
Response problem(int status, std::string_view type, std::string_view title,
                 std::string_view detail = {}, const std::vector<FieldError>& errors = {});

// Maps an Error from the layers below to its status, type and title.
Response problem_from_error(const Error& error);

int status_for(ErrorCode code);

}  // namespace qf::http
