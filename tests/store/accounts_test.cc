// The accounts interface (accounts.h) on a real SQLite file, through the
// store's units of work: what the workspace relies on, written against the
// interface so another backend can run the same cases.
#include "levier/store/accounts.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <future>
#include <tuple>

#include "levier/store/store.h"
#include "store_fixture.h"

namespace levier::store {
namespace LEVIER_UNITY_ID {

class AccountsStoreTest : public StoreFileTest {
 protected:
  AccountsStoreTest() : StoreFileTest("accounts") {}
  static Account Make(const std::string& email, const std::string& role = "coordinator") {
    Account a;
    a.email = email;
    a.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
    a.role = role;
    a.org = "Org";
    a.created_at = 1000;
    return a;
  }
  std::int64_t Insert(const Account& a) {
    std::int64_t id = 0;
    EXPECT_TRUE(Write([&](Transaction& txn) {
                  Result<std::int64_t> inserted = txn.accounts().InsertAccount(a);
                  if (inserted.ok()) id = *inserted;
                  return inserted.status();
                }).ok());
    return id;
  }
  // Changes 0 to 4 by a@example.org, at 100 to 104.
  void AppendFiveAuditRows() {
    ASSERT_TRUE(Write([&](Transaction& txn) {
                  for (int i = 0; i < 5; ++i) {
                    AuditRecord r;
                    r.at = 100 + i;
                    r.account = "a@example.org";
                    r.detail = "change " + std::to_string(i);
                    r.method = "POST";
                    r.target = "/workspace/api/x";
                    r.status = 200;
                    if (Status s = txn.tokens().AppendAudit(r); !s.ok()) return s;
                  }
                  return Status::Ok();
                }).ok());
  }
  std::optional<WebSession> Session(const std::string& hash) {
    std::optional<WebSession> found;
    EXPECT_TRUE(Read([&](ReadTransaction& read) {
                  Result<std::optional<WebSession>> s = read.accounts().FindWebSession(hash);
                  if (s.ok()) found = *s;
                  return s.status();
                }).ok());
    return found;
  }
};

LEVIER_STORE_CONFORMANCE(AccountsStoreTest);

TEST_P(AccountsStoreTest, InsertFindUpdateAndListByEmail) {
  const std::int64_t b = Insert(Make("b@example.org", "admin"));
  const std::int64_t a = Insert(Make("a@example.org"));
  EXPECT_NE(a, b);
  EXPECT_EQ(Write([&](Transaction& txn) {
              return txn.accounts().InsertAccount(Make("a@example.org")).status();
            }).code(),
            StatusCode::kAlreadyExists);
  Account changed = Make("a@example.org", "professional");
  changed.id = a;
  changed.totp_sealed = std::string("\x00\x01sealed", 8);
  changed.totp_enabled = true;
  changed.totp_last_step = 42;
  changed.disabled_at = 5000;
  changed.last_login_at = 4000;
  ASSERT_TRUE(Write([&](Transaction& txn) { return txn.accounts().UpdateAccount(changed); }).ok());
  Account ghost = changed;
  ghost.id = 999;
  EXPECT_EQ(Write([&](Transaction& txn) { return txn.accounts().UpdateAccount(ghost); }).code(),
            StatusCode::kNotFound);
  std::vector<Account> listed;
  std::optional<Account> by_email;
  ASSERT_TRUE(Read([&](ReadTransaction& read) {
                Result<std::vector<Account>> all = read.accounts().ListAccounts();
                if (!all.ok()) return all.status();
                listed = *all;
                Result<std::optional<Account>> found =
                    read.accounts().FindAccountByEmail("a@example.org");
                if (!found.ok()) return found.status();
                by_email = *found;
                return Status::Ok();
              }).ok());
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].email, "a@example.org");
  EXPECT_EQ(listed[1].role, "admin");
  ASSERT_TRUE(by_email.has_value());
  EXPECT_EQ(by_email->role, "professional");
  EXPECT_EQ(by_email->totp_sealed, changed.totp_sealed);  // bytes kept as they are
  EXPECT_TRUE(by_email->totp_enabled);
  EXPECT_EQ(by_email->totp_last_step, 42);
  EXPECT_EQ(by_email->disabled_at, 5000);
  EXPECT_EQ(by_email->last_login_at, 4000);
  EXPECT_EQ(by_email->created_at, 1000);
}

TEST_P(AccountsStoreTest, SessionsAreTouchedRevokedAndForgottenWhenOld) {
  const std::int64_t id = Insert(Make("a@example.org"));
  const auto session = [&](const std::string& hash, UnixSeconds at) {
    return WebSession{hash, id, "csrf-" + hash, at, at, 0};
  };
  ASSERT_TRUE(Write([&](Transaction& txn) {
                if (Status s = txn.accounts().InsertWebSession(session("old", 100)); !s.ok()) {
                  return s;
                }
                return txn.accounts().InsertWebSession(session("one", 100));
              }).ok());
  ASSERT_TRUE(
      Write([&](Transaction& txn) { return txn.accounts().TouchWebSession("one", 200); }).ok());
  EXPECT_EQ(Session("one")->last_seen_at, 200);
  EXPECT_EQ(Session("one")->csrf_token, "csrf-one");
  // A later session forgets those unused for kForgetWebSessionsAfter.
  const UnixSeconds later = 200 + kForgetWebSessionsAfter;
  ASSERT_TRUE(Write([&](Transaction& txn) {
                return txn.accounts().InsertWebSession(session("two", later));
              }).ok());
  EXPECT_FALSE(Session("old").has_value());
  EXPECT_TRUE(Session("one").has_value());
  ASSERT_TRUE(Write([&](Transaction& txn) {
                return txn.accounts().InsertWebSession(session("three", later));
              }).ok());
  std::int64_t revoked = 0;
  ASSERT_TRUE(Write([&](Transaction& txn) {
                Result<std::int64_t> n = txn.accounts().RevokeOtherWebSessions(id, "two", later);
                if (n.ok()) revoked = *n;
                return n.status();
              }).ok());
  EXPECT_EQ(revoked, 2);
  EXPECT_EQ(Session("two")->revoked_at, 0);
  EXPECT_EQ(Session("three")->revoked_at, later);
  ASSERT_TRUE(Write([&](Transaction& txn) {
                Result<std::int64_t> n = txn.accounts().RevokeWebSessions(id, "", later + 1);
                if (n.ok()) revoked = *n;
                return n.status();
              }).ok());
  EXPECT_EQ(revoked, 1);  // only "two" was still open
  EXPECT_EQ(Session("two")->revoked_at, later + 1);
}

TEST_P(AccountsStoreTest, ATakenEmailIsRefusedWithoutSpoilingTheUnit) {
  Insert(Make("a@example.org"));
  Status taken;
  std::int64_t b = 0;
  ASSERT_TRUE(Write([&](Transaction& txn) {
                taken = txn.accounts().InsertAccount(Make("a@example.org")).status();
                Result<std::int64_t> inserted = txn.accounts().InsertAccount(Make("b@example.org"));
                if (inserted.ok()) b = *inserted;
                return inserted.status();
              }).ok());
  EXPECT_EQ(taken.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(taken.message(), "an account with this e-mail already exists");
  std::optional<Account> found;
  ASSERT_TRUE(Read([&](ReadTransaction& read) {
                Result<std::optional<Account>> account = read.accounts().FindAccount(b);
                if (account.ok()) found = *account;
                return account.status();
              }).ok());
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->email, "b@example.org");
}

TEST_P(AccountsStoreTest, OneSessionIsRevokedByItsHashAndNeverTouchedBackInTime) {
  const std::int64_t id = Insert(Make("a@example.org"));
  ASSERT_TRUE(Write([&](Transaction& txn) {
                if (Status s = txn.accounts().InsertWebSession({"one", id, "c1", 100, 100, 0});
                    !s.ok()) {
                  return s;
                }
                return txn.accounts().InsertWebSession({"two", id, "c2", 100, 100, 0});
              }).ok());
  const auto revoke = [&](UnixSeconds at) {
    std::int64_t revoked = -1;
    EXPECT_TRUE(Write([&](Transaction& txn) {
                  Result<std::int64_t> n = txn.accounts().RevokeWebSessions(id, "one", at);
                  if (n.ok()) revoked = *n;
                  return n.status();
                }).ok());
    return revoked;
  };
  EXPECT_EQ(revoke(300), 1);
  EXPECT_EQ(revoke(400), 0);  // already revoked: the first date stays
  EXPECT_EQ(Session("one")->revoked_at, 300);
  EXPECT_EQ(Session("two")->revoked_at, 0);
  ASSERT_TRUE(
      Write([&](Transaction& txn) { return txn.accounts().TouchWebSession("two", 50); }).ok());
  EXPECT_EQ(Session("two")->last_seen_at, 100);
}

TEST_P(AccountsStoreTest, AuditIsListedNewestFirstAndPagesBack) {
  AppendFiveAuditRows();
  std::vector<AuditEntry> first;
  std::vector<AuditEntry> next;
  ASSERT_TRUE(Read([&](ReadTransaction& read) {
                Result<std::vector<AuditEntry>> page = read.accounts().ListAudit(0, 3);
                if (!page.ok()) return page.status();
                first = *page;
                Result<std::vector<AuditEntry>> older =
                    read.accounts().ListAudit(first.back().id, 3);
                if (!older.ok()) return older.status();
                next = *older;
                return Status::Ok();
              }).ok());
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first[0].record.detail, "change 4");
  EXPECT_EQ(first[0].record.account, "a@example.org");
  EXPECT_EQ(first[2].record.detail, "change 2");
  ASSERT_EQ(next.size(), 2u);
  EXPECT_EQ(next[0].record.detail, "change 1");
  EXPECT_EQ(next[1].record.at, 100);
}

// The audit's retention (app::Retention): rows older than the period go,
// oldest first, a batch at a time, and the newer stay listed.
TEST_P(AccountsStoreTest, AuditOlderThanItsRetentionIsForgottenOldestFirst) {
  AppendFiveAuditRows();
  const auto forget = [&](std::int64_t limit) {
    std::int64_t n = -1;
    EXPECT_TRUE(Write([&](Transaction& txn) {
                  Result<std::int64_t> forgotten = txn.tokens().ForgetAudit(103, limit);
                  if (forgotten.ok()) n = *forgotten;
                  return forgotten.status();
                }).ok());
    return n;
  };
  EXPECT_EQ(forget(2), 2);    // 100 and 101
  EXPECT_EQ(forget(2), 1);    // 102; 103 is not before 103
  EXPECT_EQ(forget(100), 0);  // nothing older left
  std::vector<AuditEntry> left;
  ASSERT_TRUE(Read([&](ReadTransaction& read) {
                Result<std::vector<AuditEntry>> page = read.accounts().ListAudit(0, 10);
                if (page.ok()) left = *page;
                return page.status();
              }).ok());
  ASSERT_EQ(left.size(), 2u);
  EXPECT_EQ(left[0].record.at, 104);
  EXPECT_EQ(left[1].record.at, 103);
}

}  // namespace
}  // namespace levier::store
