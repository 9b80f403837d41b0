#include "service/representations.h"

#include "core/clock.h"

namespace qf::service {

nlohmann::json to_json(const store::User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"role", std::string(role_name(u.role))},
          {"role_label", std::string(role_label(u.role))},
          {"department_id", u.department_id},
          {"department_code", u.department_code},
          {"disabled", u.disabled},
          {"locked_until", format_iso8601(u.locked_until)},
          {"password_changed_at", format_iso8601(u.password_changed_at)},
          {"version", u.version},
          {"created_at", format_iso8601(u.created_at)},
          {"updated_at", format_iso8601(u.updated_at)}};
}

nlohmann::json to_json(const store::Department& d) {
  return {{"id", d.id},
          {"code", d.code},
          {"name", d.name},
          {"short_name", d.short_name},
          {"kind", d.kind},
          {"parent_id", d.parent_id ? nlohmann::json(*d.parent_id) : nlohmann::json(nullptr)},
          {"duties", d.duties},
          {"active", d.active},
          {"version", d.version},
          {"created_at", format_iso8601(d.created_at)},
          {"updated_at", format_iso8601(d.updated_at)}};
}

nlohmann::json to_json(const store::EvidenceFile& f) {
  return {{"id", f.id},
          {"sha256", f.sha256},
          {"size", f.size},
          {"mime", f.mime},
          {"original_name", f.original_name},
          {"description", f.description},
          {"owner_department_id", f.owner_department_id},
          {"uploaded_by", f.uploaded_by},
          {"version", f.version},
          {"created_at", format_iso8601(f.created_at)}};
}

nlohmann::json to_json(const store::ApiKeyRecord& k) {
  nlohmann::json scopes = nlohmann::json::array();
  std::string cur;
  for (char c : k.scopes + " ") {
    if (c == ' ') {
      if (!cur.empty()) scopes.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  return {{"id", k.id},
          {"prefix", k.prefix},
          {"user_id", k.user_id},
          {"name", k.name},
          {"scopes", scopes},
          {"created_at", format_iso8601(k.created_at)},
          {"last_used_at", format_iso8601(k.last_used_at)},
          {"revoked", k.revoked_at != 0}};
}

}  // namespace qf::service
