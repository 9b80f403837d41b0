// FieldCipher: encryption at rest for confidential fields (a tip reporter's
// name and phone), with the server's data key from configuration
// (security.data_key_file, 32 raw bytes).
//
// seal() is libsodium crypto_secretbox_easy (XSalsa20-Poly1305) with a fresh
// random nonce per value, so equal plaintexts give different ciphertexts and
// a database leak reveals neither the values nor which rows share one. The
// stored form is "v1:" + base64(nonce || box); the prefix leaves room for a
// key rotation later. blind_index() is a keyed BLAKE2b hash for equality
// search (duplicate tips from one phone) without decrypting: without the key
// it cannot be reversed by enumerating the small space of phone numbers.
// Encryption and hashing use different subkeys derived from the data key.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/result.h"

namespace qf::service {

class FieldCipher {
 public:
  static constexpr std::size_t kKeyBytes = 32;

  // key: the raw data key; kInternal when it is missing or not 32 bytes
  // (a deployment without a key must not silently store plaintext).
  static Result<FieldCipher> from_key(std::string_view key);
  // 32 random bytes, for provisioning a new key file and for tests.
  static std::string generate_key();

  ~FieldCipher();
  FieldCipher(const FieldCipher&) = default;
  FieldCipher& operator=(const FieldCipher&) = default;

  // "" stays "" (nothing to hide, and anonymous tips stay cheap).
  std::string seal(std::string_view plaintext) const;
  // kInternal when the value was sealed with another key or was altered.
  Result<std::string> open(std::string_view sealed) const;
  // Lower-case hex; "" for "".
  std::string blind_index(std::string_view value) const;

 private:
  FieldCipher() = default;
  std::array<unsigned char, 32> box_key_{};
  std::array<unsigned char, 32> index_key_{};
};

}  // namespace qf::service
