#include "service/audit_writer.h"

#include <pwd.h>
#include <unistd.h>

#include "store/audit_log.h"

namespace qf::service {

CallContext cli_call_context() {
  CallContext c;
  c.actor.is_cli = true;
  c.actor.role = Role::kAdmin;
  const passwd* pw = getpwuid(getuid());
  c.actor.username = std::string("cli:") + (pw ? pw->pw_name : std::to_string(getuid()));
  c.client_address = "console";
  return c;
}

Status audit(soci::session& s, const CallContext& call, const std::string& action,
             const std::string& entity, const std::string& entity_id,
             const nlohmann::json& before, const nlohmann::json& after) {
  store::AuditEntry e;
  e.actor_id = call.actor.user_id;
  e.actor = call.actor.username.empty() ? "anonymous" : call.actor.username;
  e.action = action;
  e.entity = entity;
  e.entity_id = entity_id;
  auto dump = [](const nlohmann::json& j) {
    return j.is_null() ? std::string() : j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  e.before_json = dump(before);
  e.after_json = dump(after);
  e.request_id = call.request_id;
  e.client_address = call.client_address;
  auto appended = store::AuditLog::append(s, std::move(e));
  if (!appended) return tl::unexpected(appended.error());
  return {};
}

}  // namespace qf::service
