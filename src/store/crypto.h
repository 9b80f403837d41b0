// The few cryptographic primitives the store and services need, on libsodium.
// sodium_init() must have run (main and the test main do it).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace qf::store {

// Lower-case hex SHA-256.
std::string sha256_hex(std::string_view data);

// `bytes` random bytes, base64url without padding (URL- and header-safe).
std::string random_token(std::size_t bytes = 32);

// argon2id via crypto_pwhash_str. ops/mem come from configuration; the
// defaults are libsodium's INTERACTIVE limits.
struct PasswordHashCost {
  unsigned long long ops = 2;
  std::size_t mem_bytes = 64u << 20;
};
Result<std::string> hash_password(std::string_view password, PasswordHashCost cost);
bool verify_password(const std::string& hash, std::string_view password);

}  // namespace qf::store

namespace qf::store {
// Lower-case hex SHA-256 of a file's content, read in chunks.
Result<std::string> sha256_file_hex(const std::string& path);
}  // namespace qf::store
