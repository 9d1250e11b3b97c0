// The provider directory's versions (store/directory.h) on a real SQLite
// file, written against the interface so another backend can run the same cases.
#include "levier/store/directory.h"

#include <gtest/gtest.h>

#include "levier/store/store.h"
#include "store_fixture.h"

namespace levier::store {
namespace LEVIER_UNITY_ID {

class DirectoryStoreTest : public StoreFileTest {
 protected:
  DirectoryStoreTest() : StoreFileTest("directory") {}
  // Appends a version whose providers text is `providers`; its id, or 0 when refused
  // (the status in *refused).
  std::int64_t Append(const std::string& providers, const std::string& by,
                      std::int64_t expected, Status* refused = nullptr) {
    std::int64_t id = 0;
    Status s = Write([&](Transaction& txn) -> Status {
      Result<std::int64_t> appended = txn.directory().AppendDirectory(
          {0, providers, R"({"neighbourhoods": []})", 1'700'000'000, by, "a change"}, expected);
      if (appended.ok()) id = *appended;
      return appended.status();
    });
    if (refused != nullptr) *refused = s;
    return id;
  }
  std::optional<std::int64_t> LatestId() {
    std::optional<std::int64_t> id;
    EXPECT_TRUE(Read([&](ReadTransaction& read) {
                  Result<std::optional<std::int64_t>> found = read.directory().LatestDirectoryId();
                  if (found.ok()) id = *found;
                  return found.status();
                }).ok());
    return id;
  }
};

LEVIER_STORE_CONFORMANCE(DirectoryStoreTest);

TEST_P(DirectoryStoreTest, VersionsFollowOneAnotherAndAStaleWriterIsRefused) {
  EXPECT_FALSE(LatestId().has_value());
  const std::int64_t first = Append(R"({"a": 1})", "levier serve", 0);
  ASSERT_GT(first, 0);
  // A second writer that read "no directory yet" comes too late: refused, nothing written.
  Status refused;
  EXPECT_EQ(Append(R"({"b": 2})", "someone", 0, &refused), 0);
  EXPECT_EQ(refused.code(), StatusCode::kFailedPrecondition) << refused.message();
  EXPECT_EQ(LatestId(), std::optional<std::int64_t>(first));

  const std::int64_t second = Append(R"({"c": 3})", "coordinator@example.org", first);
  ASSERT_GT(second, first);
  EXPECT_EQ(LatestId(), std::optional<std::int64_t>(second));

  std::optional<DirectoryVersion> latest;
  std::vector<DirectoryVersion> listed;
  ASSERT_TRUE(Read([&](ReadTransaction& read) -> Status {
                Result<std::optional<DirectoryVersion>> found = read.directory().LatestDirectory();
                if (!found.ok()) return found.status();
                latest = *found;
                Result<std::vector<DirectoryVersion>> rows = read.directory().ListDirectoryVersions(10);
                if (rows.ok()) listed = *rows;
                return rows.status();
              }).ok());
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->id, second);
  EXPECT_EQ(latest->providers, R"({"c": 3})");
  EXPECT_EQ(latest->saved_by, "coordinator@example.org");
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, second);  // newest first
  EXPECT_EQ(listed[1].saved_by, "levier serve");
  EXPECT_EQ(listed[0].providers, "");  // the list leaves the texts out
}

}  // namespace
}  // namespace levier::store
