#include "levier/util/password.h"

#include <gtest/gtest.h>

#include <set>

namespace levier::password {
namespace LEVIER_UNITY_ID {

TEST(PasswordTest, HashesWithArgon2idAndVerifies) {
  Result<std::string> hash = Hash("correct horse battery");
  ASSERT_TRUE(hash.ok()) << hash.status().ToString();
  EXPECT_EQ(hash->rfind("$argon2id$v=19$m=65536,t=2,p=1$", 0), 0u) << *hash;
  EXPECT_TRUE(Verify(*hash, "correct horse battery"));
  EXPECT_FALSE(Verify(*hash, "correct horse batterY"));
  EXPECT_FALSE(Verify(*hash, ""));
  EXPECT_FALSE(NeedsRehash(*hash));
  // Salted: the same password hashes differently each time.
  Result<std::string> again = Hash("correct horse battery");
  ASSERT_TRUE(again.ok());
  EXPECT_NE(*hash, *again);
}

TEST(PasswordTest, MalformedOrWeakerHashesNeverVerify) {
  EXPECT_FALSE(Verify("", "x"));
  EXPECT_FALSE(Verify("$argon2id$v=19$m=65536,t=2,p=1$garbage", "x"));
  EXPECT_FALSE(Verify(std::string(1000, 'a'), "x"));
  EXPECT_TRUE(NeedsRehash("$argon2id$v=19$m=4096,t=1,p=1$c29tZXNhbHQ$aGFzaA"));
  EXPECT_TRUE(NeedsRehash(""));
}

TEST(PasswordTest, PolicyBoundsTheLength) {
  EXPECT_EQ(CheckPolicy("short").code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(CheckPolicy(std::string(kMinLength, 'a')).ok());
  EXPECT_TRUE(CheckPolicy(std::string(kMaxLength, 'a')).ok());
  EXPECT_EQ(CheckPolicy(std::string(kMaxLength + 1, 'a')).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckPolicy(std::string("twelve chars\0x", 14)).code(), StatusCode::kInvalidArgument);
}

TEST(PasswordTest, GeneratedPasswordsAreReadableAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    const std::string p = Generate();
    ASSERT_EQ(p.size(), 23u) << p;
    EXPECT_EQ(p[5], '-');
    EXPECT_EQ(p[11], '-');
    EXPECT_EQ(p[17], '-');
    EXPECT_EQ(p.find_first_of("01ilo"), std::string::npos) << p;
    EXPECT_TRUE(CheckPolicy(p).ok());
    seen.insert(p);
  }
  EXPECT_EQ(seen.size(), 50u);
}

}  // namespace
}  // namespace levier::password
