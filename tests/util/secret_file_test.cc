#include "levier/util/secret_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace levier {
namespace LEVIER_UNITY_ID {

class SecretFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("levier-secret-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(SecretFileTest, CreatesOnceWithMode0600ThenReadsTheSameValue) {
  const auto path = dir_ / "var" / "levier.secret";
  Result<std::string> first = ReadOrCreateSecretFile(path);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->size(), 64u);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  Result<std::string> again = ReadOrCreateSecretFile(path);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *first);
  // Nothing staged is left behind.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_ / "var"),
                          std::filesystem::directory_iterator()),
            1);
}

TEST_F(SecretFileTest, ShortFileIsRefusedNotReplaced) {
  std::filesystem::create_directories(dir_);
  std::ofstream(dir_ / "short") << "too short\n";
  std::filesystem::permissions(dir_ / "short", std::filesystem::perms::owner_read);
  Result<std::string> r = ReadOrCreateSecretFile(dir_ / "short");
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SecretFileTest, FileOpenToGroupOrOthersIsRefusedWithTheChmodToRun) {
  const auto path = dir_ / "levier.secret";
  ASSERT_TRUE(ReadOrCreateSecretFile(path).ok());
  for (const auto mode : {0640, 0604, 0620, 0602}) {
    ASSERT_EQ(::chmod(path.c_str(), static_cast<mode_t>(mode)), 0);
    Result<std::string> r = ReadOrCreateSecretFile(path);
    EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition) << std::oct << mode;
    EXPECT_NE(r.status().message().find("chmod 600 " + path.string()), std::string::npos)
        << r.status().message();
  }
  ASSERT_EQ(::chmod(path.c_str(), 0400), 0);
  EXPECT_TRUE(ReadSecretFile(path).ok());
}

TEST_F(SecretFileTest, GeneratesTheRequestedNumberOfRandomBytes) {
  Result<std::string> token = ReadOrCreateSecretFile(dir_ / "twilio-dev-token", 16);
  ASSERT_TRUE(token.ok()) << token.status().message();
  EXPECT_EQ(token->size(), 32u);
}

// The server and a `levier send` beside it used to race here: one created
// the file, the other failed with "cannot create secret file" (seen in CI).
TEST_F(SecretFileTest, ConcurrentCallersAllGetTheOneValueWritten) {
  for (int round = 0; round < 20; ++round) {
    const auto path = dir_ / ("round-" + std::to_string(round)) / "outbox.key";
    std::vector<Result<std::string>> got(8, Status::Internal("not run"));
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < got.size(); ++i) {
      threads.emplace_back([&, i] { got[i] = ReadOrCreateSecretFile(path); });
    }
    for (auto& t : threads) t.join();
    for (const auto& r : got) {
      ASSERT_TRUE(r.ok()) << "round " << round << ": " << r.status().message();
      EXPECT_EQ(*r, *got[0]) << "round " << round;
    }
  }
}

}  // namespace
}  // namespace levier
