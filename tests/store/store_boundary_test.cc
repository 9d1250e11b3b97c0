// No exception leaves the store's threads (store.h): a unit of work that
// throws fails alone with Internal, a callback that throws is logged, and
// the writer and reader go on. A real SQLite file. And the API tokens the
// tests above store (tokens.h): found by hash, listed oldest first, revoked
// once, marked when used.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <future>
#include <stdexcept>

#include "levier/store/store.h"
#include "levier/store/tokens.h"
#include "store_fixture.h"

namespace levier::store {
namespace LEVIER_UNITY_ID {

class StoreBoundaryTest : public StoreFileTest {
 protected:
  StoreBoundaryTest() : StoreFileTest("store-boundary") {}
  static Status AddToken(Transaction& txn, const std::string& org) {
    ApiToken token;
    token.token_hash = HashApiToken(org);
    token.role = std::string(kRoleAdmin);
    token.org = org;
    return txn.tokens().InsertApiToken(token);
  }
  bool HasToken(const std::string& org) { return Token(org).has_value(); }
  std::optional<ApiToken> Token(const std::string& org) {
    std::optional<ApiToken> found;
    EXPECT_TRUE(Read([&](ReadTransaction& read) {
                  Result<std::optional<ApiToken>> t = read.tokens().FindApiToken(HashApiToken(org));
                  if (t.ok()) found = *t;
                  return t.status();
                }).ok());
    return found;
  }
};

LEVIER_STORE_CONFORMANCE(StoreBoundaryTest);

TEST_P(StoreBoundaryTest, ThrowingWorkFailsAloneAndRollsBack) {
  const Status thrown = Write([](Transaction& txn) -> Status {
    if (Status s = AddToken(txn, "rolled back"); !s.ok()) return s;
    throw std::runtime_error("bug in a unit of work");
  });
  EXPECT_EQ(thrown.code(), StatusCode::kInternal);
  EXPECT_FALSE(HasToken("rolled back"));
  EXPECT_EQ(Read([](ReadTransaction&) -> Status { throw std::runtime_error("bug"); }).code(),
            StatusCode::kInternal);
  EXPECT_TRUE(Write([](Transaction& txn) { return AddToken(txn, "after"); }).ok());
  EXPECT_TRUE(HasToken("after"));
}

TEST_P(StoreBoundaryTest, ThrowingCallbacksLeaveTheWriterAndReaderRunning) {
  std::promise<void> write_called;
  store_->Submit([](Transaction& txn) { return AddToken(txn, "kept"); },
                 [&](const Status&) {
                   write_called.set_value();
                   throw std::runtime_error("bug in a done callback");
                 });
  write_called.get_future().get();
  std::promise<void> read_called;
  store_->SubmitRead([](ReadTransaction&) { return Status::Ok(); },
                     [&](const Status&) {
                       read_called.set_value();
                       throw std::runtime_error("bug in a read callback");
                     });
  read_called.get_future().get();
  EXPECT_TRUE(HasToken("kept"));  // committed before its callback ran
  EXPECT_TRUE(Write([](Transaction& txn) { return AddToken(txn, "next"); }).ok());
  EXPECT_TRUE(HasToken("next"));
}

TEST_P(StoreBoundaryTest, TokensAreListedOldestFirstRevokedOnceAndMarkedWhenUsed) {
  for (const auto& [org, created] : {std::pair<std::string, UnixSeconds>{"late", 200},
                                     std::pair<std::string, UnixSeconds>{"early", 100}}) {
    ApiToken token;
    token.token_hash = HashApiToken(org);
    token.role = std::string(kRoleCoordinator);
    token.org = org;
    token.created_at = created;
    token.expires_at = created + 1000;
    ASSERT_TRUE(Write([&](Transaction& txn) { return txn.tokens().InsertApiToken(token); }).ok());
  }
  EXPECT_FALSE(Write([](Transaction& txn) { return AddToken(txn, "late"); }).ok())
      << "a hash is stored once";
  std::vector<ApiToken> listed;
  ASSERT_TRUE(Read([&](ReadTransaction& read) {
                Result<std::vector<ApiToken>> all = read.tokens().ListApiTokens();
                if (all.ok()) listed = *all;
                return all.status();
              }).ok());
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].org, "early");
  EXPECT_EQ(listed[0].id, ApiTokenId(HashApiToken("early")));
  EXPECT_EQ(listed[0].role, kRoleCoordinator);
  EXPECT_EQ(listed[0].expires_at, 1100);
  EXPECT_FALSE(listed[0].revoked_at.has_value());
  EXPECT_FALSE(listed[0].last_used_at.has_value());
  EXPECT_EQ(listed[1].org, "late");

  // Audit rows may be written out of order: the last use never goes back.
  const std::string id = ApiTokenId(HashApiToken("late"));
  for (UnixSeconds at : {500, 400}) {
    AuditRecord record;
    record.at = at;
    record.token_id = id;
    record.method = "GET";
    record.target = "/api/v1/indicators";
    record.status = 200;
    ASSERT_TRUE(Write([&](Transaction& txn) { return txn.tokens().AppendAudit(record); }).ok());
  }
  EXPECT_EQ(Token("late")->last_used_at, std::optional<UnixSeconds>(500));
  EXPECT_FALSE(Token("early")->last_used_at.has_value());

  const auto revoke = [&](const std::string& which, UnixSeconds at) {
    return Write([&](Transaction& txn) { return txn.tokens().RevokeApiToken(which, at); });
  };
  EXPECT_EQ(revoke("000000000000", 600).code(), StatusCode::kNotFound);
  EXPECT_TRUE(revoke(id, 600).ok());
  EXPECT_EQ(revoke(id, 700).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(Token("late")->revoked_at, std::optional<UnixSeconds>(600)) << "found, revoked";
}

}  // namespace
}  // namespace levier::store
