// FieldCipher: confidential fields are sealed with a random nonce each time,
// open only with the same key, and detect tampering.
#include "service/field_cipher.h"

#include <gtest/gtest.h>

namespace qf::service {
namespace {

FieldCipher cipher(const std::string& key) {
  auto c = FieldCipher::from_key(key);
  EXPECT_TRUE(c);
  return *c;
}

TEST(FieldCipherTest, SealsWithAFreshNonceAndOpens) {
  auto c = cipher(FieldCipher::generate_key());
  auto a = c.seal("13912345678");
  auto b = c.seal("13912345678");
  EXPECT_NE(a, b) << "equal plaintexts must not give equal ciphertexts";
  EXPECT_EQ(a.rfind("v1:", 0), 0u);
  EXPECT_EQ(a.find("13912345678"), std::string::npos);
  ASSERT_TRUE(c.open(a));
  EXPECT_EQ(*c.open(a), "13912345678");
  EXPECT_EQ(*c.open(b), "13912345678");
  EXPECT_EQ(*c.open(c.seal("张三")), "张三");
  EXPECT_EQ(c.seal(""), "");
  EXPECT_EQ(*c.open(""), "");
}

TEST(FieldCipherTest, AnotherKeyOrAnAlteredValueDoesNotOpen) {
  auto c = cipher(FieldCipher::generate_key());
  auto other = cipher(FieldCipher::generate_key());
  auto sealed = c.seal("13912345678");
  EXPECT_FALSE(other.open(sealed));
  std::string altered = sealed;
  altered[altered.size() / 2] = altered[altered.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(c.open(altered));
  EXPECT_FALSE(c.open("v1:!!!"));
  EXPECT_FALSE(c.open("plaintext"));
}

TEST(FieldCipherTest, BlindIndexIsKeyedAndStable) {
  const std::string key = FieldCipher::generate_key();
  auto c = cipher(key);
  EXPECT_EQ(c.blind_index("13912345678"), cipher(key).blind_index("13912345678"));
  EXPECT_NE(c.blind_index("13912345678"), c.blind_index("13912345679"));
  EXPECT_NE(c.blind_index("13912345678"),
            cipher(FieldCipher::generate_key()).blind_index("13912345678"));
  EXPECT_EQ(c.blind_index("13912345678").size(), 64u);
  EXPECT_EQ(c.blind_index(""), "");
}

TEST(FieldCipherTest, RefusesAMissingOrShortKey) {
  EXPECT_FALSE(FieldCipher::from_key(""));
  EXPECT_FALSE(FieldCipher::from_key(std::string(16, 'k')));
  auto e = FieldCipher::from_key("");
  EXPECT_EQ(e.error().code, ErrorCode::kInternal);
}

}  // namespace
}  // namespace qf::service
