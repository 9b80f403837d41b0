#include "service/field_cipher.h"

#include <sodium.h>

#include <vector>

namespace qf::service {
namespace {

constexpr std::string_view kPrefix = "v1:";
// crypto_kdf context: exactly 8 bytes, names what the subkeys are for.
constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES] = {'q', 'f', 'f', 'i', 'e', 'l', 'd', 's'};
constexpr std::uint64_t kBoxSubkey = 1;
constexpr std::uint64_t kIndexSubkey = 2;
constexpr std::size_t kIndexBytes = 32;

static_assert(crypto_secretbox_KEYBYTES == 32 && crypto_kdf_KEYBYTES == FieldCipher::kKeyBytes);

}  // namespace

Result<FieldCipher> FieldCipher::from_key(std::string_view key) {
  if (key.size() != kKeyBytes)
    return fail(ErrorCode::kInternal,
                "数据加密密钥未配置或长度不是 32 字节（security.data_key_file）");
  FieldCipher c;
  const auto* master = reinterpret_cast<const unsigned char*>(key.data());
  crypto_kdf_derive_from_key(c.box_key_.data(), c.box_key_.size(), kBoxSubkey, kKdfContext, master);
  crypto_kdf_derive_from_key(c.index_key_.data(), c.index_key_.size(), kIndexSubkey, kKdfContext,
                             master);
  return c;
}

std::string FieldCipher::generate_key() {
  std::string key(kKeyBytes, '\0');
  randombytes_buf(key.data(), key.size());
  return key;
}

FieldCipher::~FieldCipher() {
  sodium_memzero(box_key_.data(), box_key_.size());
  sodium_memzero(index_key_.data(), index_key_.size());
}

std::string FieldCipher::seal(std::string_view plaintext) const {
  if (plaintext.empty()) return {};
  std::vector<unsigned char> out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
                                 plaintext.size());
  unsigned char* nonce = out.data();
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out.data() + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                        nonce, box_key_.data());
  std::string b64(sodium_base64_ENCODED_LEN(out.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(b64.data(), b64.size(), out.data(), out.size(), sodium_base64_VARIANT_ORIGINAL);
  b64.resize(std::char_traits<char>::length(b64.c_str()));
  return std::string(kPrefix) + b64;
}

Result<std::string> FieldCipher::open(std::string_view sealed) const {
  if (sealed.empty()) return std::string();
  if (sealed.substr(0, kPrefix.size()) != kPrefix)
    return fail(ErrorCode::kInternal, "加密字段格式未知");
  sealed.remove_prefix(kPrefix.size());
  std::vector<unsigned char> raw(sealed.size());
  std::size_t raw_len = 0;
  if (sodium_base642bin(raw.data(), raw.size(), sealed.data(), sealed.size(), nullptr, &raw_len,
                        nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      raw_len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return fail(ErrorCode::kInternal, "加密字段已损坏");
  const unsigned char* nonce = raw.data();
  const unsigned char* box = raw.data() + crypto_secretbox_NONCEBYTES;
  const std::size_t box_len = raw_len - crypto_secretbox_NONCEBYTES;
  std::string plain(box_len - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), box, box_len,
                                 nonce, box_key_.data()) != 0)
    return fail(ErrorCode::kInternal, "加密字段无法解密（密钥不符或数据被改动）");
  return plain;
}

std::string FieldCipher::blind_index(std::string_view value) const {
  if (value.empty()) return {};
  unsigned char digest[kIndexBytes];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(value.data()),
                     value.size(), index_key_.data(), index_key_.size());
  char hex[kIndexBytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

}  // namespace qf::service
