#include "core/crypto.h"

#include <gtest/gtest.h>

#include <set>

namespace farol::crypto {
namespace {

TEST(CryptoTest, TokensAreRandomUrlSafeAndRoundTrip) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string t = RandomToken(32);
    EXPECT_EQ(t.size(), 43u);
    EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos);
    EXPECT_TRUE(seen.insert(t).second);
  }
  const std::string bytes = RandomBytes(100);
  EXPECT_EQ(*Base64UrlDecode(Base64UrlEncode(bytes)), bytes);
  EXPECT_FALSE(Base64UrlDecode("not base64!").ok());
}

TEST(CryptoTest, KnownDigests) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256 h;
  h.Update("a");
  h.Update("bc");
  EXPECT_EQ(h.FinalHex(), Sha256Hex("abc"));
  const std::string key(32, 'k');
  EXPECT_EQ(KeyedDigestHex(key, "token"), KeyedDigestHex(key, "token"));
  EXPECT_NE(KeyedDigestHex(key, "token"), KeyedDigestHex(std::string(32, 'x'), "token")) << "keyed";
  EXPECT_EQ(KeyedDigestHex(key, "token").size(), 64u);
}

TEST(CryptoTest, PasswordsVerifyOnlyWithTheRightPassword) {
  auto hash = HashPassword("correct horse battery staple");
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse battery stapl"));
  EXPECT_FALSE(VerifyPassword("", "anything"));
  EXPECT_FALSE(VerifyPassword("garbage", "anything"));
  EXPECT_NE(*hash, *HashPassword("correct horse battery staple")) << "salted";
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

}  // namespace
}  // namespace farol::crypto
