// The script publications and the shared draft (scripts.h) on a real SQLite
// file: what the workspace's editor and `levier dialogs import` rely on,
// written against the interface so another backend can run the same cases.
#include "levier/store/scripts.h"

#include <gtest/gtest.h>

#include "levier/store/store.h"
#include "store_fixture.h"

namespace levier::store {
namespace LEVIER_UNITY_ID {

class ScriptsStoreTest : public StoreFileTest {
 protected:
  ScriptsStoreTest() : StoreFileTest("scripts") {}
  Status Publish(const std::string& version, const std::string& by) {
    return Write([&](Transaction& txn) -> Status {
      if (Status saved = txn.scripts().SaveScriptVersion(version, "{}", 100); !saved.ok()) return saved;
      return txn.scripts().AppendPublication({0, version, 100, by, "why " + version}).status();
    });
  }
  std::optional<ScriptPublication> Latest() {
    std::optional<ScriptPublication> latest;
    EXPECT_TRUE(Read([&](ReadTransaction& read) {
                  Result<std::optional<ScriptPublication>> found = read.scripts().LatestPublication();
                  if (found.ok()) latest = *found;
                  return found.status();
                }).ok());
    return latest;
  }
  std::optional<ScriptDraft> Draft() {
    std::optional<ScriptDraft> draft;
    EXPECT_TRUE(Read([&](ReadTransaction& read) {
                  Result<std::optional<ScriptDraft>> found = read.scripts().LoadDraft();
                  if (found.ok()) draft = *found;
                  return found.status();
                }).ok());
    return draft;
  }
  Status SaveDraft(const std::string& files, std::int64_t expected, const std::string& by) {
    return Write([&](Transaction& txn) {
      return txn.scripts().SaveDraft({files, "v1", expected + 1, by, 200}, expected);
    });
  }
};

LEVIER_STORE_CONFORMANCE(ScriptsStoreTest);

TEST_P(ScriptsStoreTest, TheNewestPublicationIsCurrentAndAnOlderVersionCanBePublishedAgain) {
  EXPECT_FALSE(Latest().has_value());
  ASSERT_TRUE(Publish("v1", "levier serve").ok());
  ASSERT_TRUE(Publish("v2", "coord@example.org").ok());
  ASSERT_TRUE(Publish("v1", "coord@example.org").ok());  // a rollback
  ASSERT_TRUE(Latest().has_value());
  EXPECT_EQ(Latest()->version, "v1");
  EXPECT_EQ(Latest()->published_by, "coord@example.org");
  std::vector<ScriptPublication> listed;
  ASSERT_TRUE(Read([&](ReadTransaction& read) {
                Result<std::vector<ScriptPublication>> rows = read.scripts().ListPublications(2);
                if (rows.ok()) listed = *rows;
                return rows.status();
              }).ok());
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].version, "v1");
  EXPECT_EQ(listed[1].version, "v2");
  EXPECT_GT(listed[0].id, listed[1].id);
}

TEST_P(ScriptsStoreTest, AVersionWhoseFilesAreNotStoredCannotBePublished) {
  const Status refused = Write([](Transaction& txn) {
    return txn.scripts().AppendPublication({0, "missing", 100, "x", "y"}).status();
  });
  EXPECT_EQ(refused.code(), StatusCode::kFailedPrecondition);
  EXPECT_FALSE(Latest().has_value());
}

TEST_P(ScriptsStoreTest, TheDraftIsSavedOnlyAtTheRevisionItWasReadAt) {
  EXPECT_FALSE(Draft().has_value());
  ASSERT_TRUE(SaveDraft("{\"a\":\"1\"}", 0, "first").ok());
  // A second editor who also started from "no draft" is refused.
  EXPECT_EQ(SaveDraft("{\"a\":\"2\"}", 0, "second").code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(SaveDraft("{\"a\":\"3\"}", 1, "first").ok());
  EXPECT_EQ(SaveDraft("{\"a\":\"4\"}", 1, "second").code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(Draft().has_value());
  EXPECT_EQ(Draft()->files, "{\"a\":\"3\"}");
  EXPECT_EQ(Draft()->revision, 2);
  EXPECT_EQ(Draft()->updated_by, "first");
  ASSERT_TRUE(Write([](Transaction& txn) { return txn.scripts().DiscardDraft(); }).ok());
  EXPECT_FALSE(Draft().has_value());
  EXPECT_TRUE(SaveDraft("{}", 0, "second").ok());
}

TEST_P(ScriptsStoreTest, AVersionKeepsTheFilesItWasFirstSavedWith) {
  ASSERT_TRUE(Write([](Transaction& txn) {
                if (Status s = txn.scripts().SaveScriptVersion("v1", "{\"a\":1}", 100); !s.ok()) {
                  return s;
                }
                return txn.scripts().SaveScriptVersion("v1", "{\"b\":2}", 200);
              }).ok());
  std::optional<std::string> v1;
  std::optional<std::string> v2;
  ASSERT_TRUE(Read([&](ReadTransaction& read) {
                Result<std::optional<std::string>> files = read.scripts().VersionFiles("v1");
                if (!files.ok()) return files.status();
                v1 = *files;
                files = read.scripts().VersionFiles("v2");
                if (!files.ok()) return files.status();
                v2 = *files;
                return Status::Ok();
              }).ok());
  EXPECT_EQ(v1, "{\"a\":1}");
  EXPECT_FALSE(v2.has_value());
}

TEST_P(ScriptsStoreTest, TranscriptsAreReplacedByNameAndListedByName) {
  ASSERT_TRUE(Write([](Transaction& txn) {
                for (const StoredTranscript& t : {StoredTranscript{"fra", "{1}", "x", 100},
                                                  StoredTranscript{"fr-b", "{2}", "x", 100},
                                                  StoredTranscript{"fra", "{3}", "y", 200}}) {
                  if (Status s = txn.scripts().SaveTranscript(t); !s.ok()) return s;
                }
                return Status::Ok();
              }).ok());
  std::vector<StoredTranscript> listed;
  ASSERT_TRUE(Read([&](ReadTransaction& read) {
                Result<std::vector<StoredTranscript>> all = read.scripts().ListTranscripts();
                if (all.ok()) listed = *all;
                return all.status();
              }).ok());
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].name, "fr-b");  // by bytes: '-' before 'a', whatever the locale
  EXPECT_EQ(listed[1].name, "fra");
  EXPECT_EQ(listed[1].content, "{3}");
  EXPECT_EQ(listed[1].updated_by, "y");
  EXPECT_EQ(listed[1].updated_at, 200);
}

}  // namespace
}  // namespace levier::store
