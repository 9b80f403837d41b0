// AuthService: logins, sessions and API keys — turning a credential into an
// Actor, or refusing.
//
// Login failures count per account and per client address in the database
// (so every node sees them): after account_lock_threshold consecutive
// failures the account locks for account_lock_ms; after
// address_lock_threshold failures within address_window_ms the address
// locks. A locked login answers kLocked with retry_after_seconds, even with
// the right password. Wrong user and wrong password look identical.
//
// Session tokens are 256-bit random values ("qfs_" + base64url) stored as
// SHA-256; a session dies at its absolute expiry, after session_idle_ms
// without use, on logout, and when the user's password changes or the user
// is disabled. API keys ("qfk_" + base64url) belong to integration users,
// carry scopes and can be revoked.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "service/service_context.h"
#include "store/credential_repository.h"
#include "store/user_repository.h"

namespace qf::service {

struct LoginResult {
  std::string token;
  std::int64_t expires_at = 0;
  store::User user;
};

struct IssuedApiKey {
  std::string key;  // shown once
  store::ApiKeyRecord record;
};

class AuthService {
 public:
  explicit AuthService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<LoginResult> login(const std::string& username, const std::string& password,
                            const CallContext& call);
  Status logout(const std::string& token, const CallContext& call);
  // Bearer credential (session token or API key) → Actor.
  Result<Actor> authenticate(const std::string& credential);

  Status change_own_password(const CallContext& call, const std::string& old_password,
                             const std::string& new_password);

  Result<IssuedApiKey> issue_api_key(const CallContext& call, std::int64_t integration_user_id,
                                     const std::string& name, const std::vector<std::string>& scopes);
  Status revoke_api_key(const CallContext& call, std::int64_t key_id);
  Result<std::vector<store::ApiKeyRecord>> list_api_keys(const CallContext& call);

  // Checks the password policy; empty result = acceptable.
  Status check_password_policy(const std::string& username, const std::string& password) const;

  static const std::vector<std::string>& known_scopes();

 private:
  Result<Actor> authenticate_session(const std::string& token);
  Result<Actor> authenticate_api_key(const std::string& key);
  ServiceContext& ctx_;
};

Actor actor_for(const store::User& u);

}  // namespace qf::service
