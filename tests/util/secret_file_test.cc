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
namespace {

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
  Result<std::string> r = ReadOrCreateSecretFile(dir_ / "short");
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
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
