// The WAL is folded back into the database by the server's background
// checkpoint thread (store.checkpoint_pages), while it keeps serving, and not
// by the writer: with the setting at 0 (SQLite's own checkpoint, every 1,000
// pages) the same traffic leaves the database file as the migrations made it.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "server_process.h"
#include "twilio_client.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

// The size of the main database file once `count` residents have each sent
// a message, measured while the server still runs (up to 10 s for the
// background checkpoint, when `wait_for_growth`).
std::uintmax_t MainFileSizeAfterTraffic(int checkpoint_pages, int count, bool wait_for_growth,
                                        std::uintmax_t* initial_size) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "data");
  // The shipped script without its classifier (models and examples, most of
  // its bytes): the first start's WAL must stay well under SQLite's own
  // checkpoint (1,000 pages) however the shipped examples grow, or it folds
  // the WAL in during the traffic below whatever the setting.
  const std::filesystem::path dialogs = dir.path() / "dialogs";
  std::filesystem::copy(std::string(LEVIER_SOURCE_DIR) + "/dialogs/default", dialogs,
                        std::filesystem::copy_options::recursive);
  std::filesystem::remove_all(dialogs / "models");
  std::filesystem::remove_all(dialogs / "examples");
  std::ofstream(dir.path() / "config.json")
      << R"({"store": {"checkpoint_pages": )" << checkpoint_pages
      << R"(}, "rate_limits": {"per_sender_per_minute": 0}})";
  ServerProcess::Options options;
  options.extra_args = {"--config", (dir.path() / "config.json").string()};
  options.dialogs_dir = dialogs.string();
  ServerProcess server(dir.path() / "data", options);
  *initial_size = std::filesystem::file_size(server.db_path());
  for (int i = 0; i < count; ++i) {
    SmsRequest r;
    r.from = "+3367" + std::to_string(2000000 + i);
    r.text = "Bonjour";
    EXPECT_EQ(SendSms(server.base_url(), r).status, 200);
  }
  std::uintmax_t size = std::filesystem::file_size(server.db_path());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (wait_for_growth && size <= *initial_size && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    size = std::filesystem::file_size(server.db_path());
  }
  EXPECT_EQ(server.Stop(), 0);
  EXPECT_EQ(QueryScalar(server.db_path(), "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(QueryScalar(server.db_path(), "SELECT COUNT(*) FROM processed_messages"),
            std::to_string(count));
  return size;
}

TEST(CheckpointTest, BackgroundThreadFoldsTheWalInWhileServing) {
  std::uintmax_t initial = 0;
  const std::uintmax_t size = MainFileSizeAfterTraffic(/*checkpoint_pages=*/4, 10,
                                                       /*wait_for_growth=*/true, &initial);
  EXPECT_GT(size, initial) << "no checkpoint reached the database file while serving";
}

TEST(CheckpointTest, WithoutItTheSameTrafficStaysInTheWal) {
  std::uintmax_t initial = 0;
  const std::uintmax_t size = MainFileSizeAfterTraffic(/*checkpoint_pages=*/0, 10,
                                                       /*wait_for_growth=*/false, &initial);
  EXPECT_EQ(size, initial);
}

}  // namespace
}  // namespace levier::testing
