// What an import does to the directory, as the workspace previews it: added,
// changed (with the fields), retired, unchanged; curation kept when the
// source does not carry it; nothing is ever deleted.
#include "levier/kb/merge.h"

#include <gtest/gtest.h>

namespace levier::kb {
namespace LEVIER_UNITY_ID {

Provider Entry(const std::string& id, const std::string& phone = "02 47 00 00 00") {
  Provider p;
  p.id = id;
  p.name = "Structure " + id;
  p.summary["fr"] = "Aide";
  p.barriers = {"logement"};
  p.phone = phone;
  p.source = "https://example.org/" + id;
  p.confidence = "haute";
  return p;
}

Provider Verified(Provider p) {
  p.verified = true;
  p.last_verified = "2026-01-10";
  p.verified_by = "coord@example.org";
  return p;
}

const MergeOptions kAddOrUpdate{"2026-12-05", false, false};

TEST(MergeTest, SortsTheFileIntoAddedChangedAndUnchanged) {
  const std::vector<Provider> current = {Entry("a"), Entry("b"), Entry("c")};
  const std::vector<Provider> incoming = {Entry("b", "02 47 11 11 11"), Entry("c"), Entry("d")};
  const DirectoryMerge m = MergeProviders(current, incoming, kAddOrUpdate);
  ASSERT_EQ(m.added.size(), 1u);
  EXPECT_EQ(m.added[0].id, "d");
  ASSERT_EQ(m.changed.size(), 1u);
  EXPECT_EQ(m.changed[0].id, "b");
  EXPECT_EQ(m.changed[0].fields, std::vector<std::string>{"phone"});
  EXPECT_TRUE(m.retired.empty());
  EXPECT_EQ(m.unchanged, 1u);  // c; a is not in the file and stays as it is
  ASSERT_EQ(m.providers.size(), 4u);
  EXPECT_EQ(m.providers[0].id, "a");
  EXPECT_EQ(m.providers[1].phone, "02 47 11 11 11");
  EXPECT_EQ(m.providers[1].updated, "2026-12-05");
  EXPECT_EQ(m.providers[2].updated, "");  // unchanged: not stamped
  EXPECT_EQ(m.providers[3].id, "d");
  EXPECT_EQ(m.providers[3].updated, "2026-12-05");
}

TEST(MergeTest, AFileThatIsTheWholeDirectoryRetiresWhatItLeftOutAndDeletesNothing) {
  Provider gone_already = Entry("old");
  gone_already.retired = "2025-03-01";
  const std::vector<Provider> current = {Verified(Entry("a")), Entry("b"), gone_already};
  const DirectoryMerge m = MergeProviders(current, {Entry("b")}, {"2026-12-05", true, false});
  ASSERT_EQ(m.retired.size(), 1u);
  EXPECT_EQ(m.retired[0].id, "a");
  EXPECT_EQ(m.unchanged, 2u);  // b, and "old" retired already
  ASSERT_EQ(m.providers.size(), 3u);
  EXPECT_EQ(m.providers[0].retired, "2026-12-05");
  EXPECT_FALSE(m.providers[0].verified);
  EXPECT_EQ(m.providers[2].retired, "2025-03-01");
}

TEST(MergeTest, ASourceWithoutCurationNeitherVerifiesNorUnverifies) {
  Provider imported = Entry("a", "02 47 22 22 22");
  imported.confidence = "moyenne";
  const DirectoryMerge m =
      MergeProviders({Verified(Entry("a"))}, {imported}, {"2026-12-05", false, true});
  ASSERT_EQ(m.changed.size(), 1u);
  EXPECT_EQ(m.changed[0].fields, std::vector<std::string>{"phone"});
  EXPECT_TRUE(m.providers[0].verified);
  EXPECT_EQ(m.providers[0].verified_by, "coord@example.org");
  EXPECT_EQ(m.providers[0].confidence, "haute");
}

TEST(MergeTest, AFileThatChangesNothingIsEmpty) {
  const std::vector<Provider> current = {Verified(Entry("a")), Entry("b")};
  const DirectoryMerge m = MergeProviders(current, current, {"2026-12-05", true, false});
  EXPECT_TRUE(m.empty());
  EXPECT_EQ(m.unchanged, 2u);
  EXPECT_EQ(m.providers.size(), 2u);
}

}  // namespace
}  // namespace levier::kb
