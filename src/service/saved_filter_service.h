// SavedFilterService: a user's named list filters (e.g. "本部门超期未办结案件")
// for tips and cases, optionally shared with the user's department. Only the
// owner deletes. The query is stored as given and replayed by the client on
// the list URL; it never widens what the list returns, because the list
// applies the row-level rule itself.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "service/service_context.h"
#include "store/saved_filter_repository.h"

namespace qf::service {

class SavedFilterService {
 public:
  explicit SavedFilterService(ServiceContext& ctx) : ctx_(ctx) {}
  Result<store::SavedFilter> create(const CallContext& call, const std::string& entity,
                                    const std::string& name, const std::string& query, bool shared);
  Result<std::vector<store::SavedFilter>> list(const CallContext& call,
                                               const std::optional<std::string>& entity);
  Status remove(const CallContext& call, std::int64_t id);

 private:
  ServiceContext& ctx_;
};

nlohmann::json to_json(const store::SavedFilter& f);

}  // namespace qf::service
