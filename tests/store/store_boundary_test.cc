// No exception leaves the store's threads (store.h): a unit of work that
// throws fails alone with Internal, a callback that throws is logged, and
// the writer and reader go on. A real SQLite file.
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
  bool HasToken(const std::string& org) {
    bool found = false;
    EXPECT_TRUE(Read([&](ReadTransaction& read) {
                  Result<std::optional<ApiToken>> t = read.tokens().FindApiToken(HashApiToken(org));
                  if (!t.ok()) return t.status();
                  found = t->has_value();
                  return Status::Ok();
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

}  // namespace
}  // namespace levier::store
