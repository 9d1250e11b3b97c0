// Invitations and what participants share (store/invitations.h) on a real
// SQLite file, written against the interface so another backend can run
// the same cases.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>

#include "levier/store/invitations.h"
#include "levier/store/outbox.h"
#include "levier/store/postgres.h"
#include "levier/store/store.h"
#include "store_fixture.h"

namespace levier::store {
namespace LEVIER_UNITY_ID {

constexpr UnixSeconds kNow = 1'700'000'000;

class InvitationsStoreTest : public StoreFileTest {
 protected:
  InvitationsStoreTest() : StoreFileTest("invitations") {}

  void Insert(const std::string& code, const std::string& org, std::int64_t account) {
    Invitation v{code, org, account, "a@example.org", "fr", "", 0, 0, kNow, kNow + 86400};
    ASSERT_TRUE(Write([&](Transaction& txn) { return txn.invitations().InsertInvitation(v); })
                    .ok());
  }
  void Refer(const std::string& pseudonym, const std::string& source, const std::string& barrier) {
    ReferralRecord r;
    r.at = kNow;
    r.pseudonym = pseudonym;
    r.channel = "sms";
    r.language = "fr";
    r.barrier = barrier;
    r.provider_id = "wimoov";
    r.source = source;
    ASSERT_TRUE(Write([&](Transaction& txn) { return txn.AppendReferral(r); }).ok());
  }
  std::vector<SharedSummary> Shared(const std::vector<std::string>& codes) {
    std::vector<SharedSummary> out;
    EXPECT_TRUE(Read([&](ReadTransaction& read) {
                  Result<std::vector<SharedSummary>> s =
                      read.invitations().ListSharedSummaries(codes, 100);
                  if (s.ok()) out = *s;
                  return s.status();
                }).ok());
    return out;
  }
  std::optional<Invitation> Find(const std::string& code) {
    std::optional<Invitation> found;
    EXPECT_TRUE(Read([&](ReadTransaction& read) {
                  Result<std::optional<Invitation>> v = read.invitations().FindInvitation(code);
                  if (v.ok()) found = *v;
                  return v.status();
                }).ok());
    return found;
  }
};

LEVIER_STORE_CONFORMANCE(InvitationsStoreTest);

TEST_P(InvitationsStoreTest, ACodeIsUniqueAndAResidentCountsOnce) {
  Insert("K7QM4RTX", "Mission Locale", 3);
  Invitation again{"K7QM4RTX", "Autre", 4, "b@example.org", "", "", 1, 0, kNow, kNow + 1};
  EXPECT_EQ(Write([&](Transaction& txn) { return txn.invitations().InsertInvitation(again); })
                .code(),
            StatusCode::kAlreadyExists);
  bool first = false, second = false;
  ASSERT_TRUE(Write([&](Transaction& txn) -> Status {
                Result<bool> a = txn.invitations().Attribute("p1", "K7QM4RTX", "fr", kNow);
                Result<bool> b = txn.invitations().Attribute("p1", "K7QM4RTX", "fr", kNow + 5);
                if (!a.ok()) return a.status();
                if (!b.ok()) return b.status();
                first = *a;
                second = *b;
                return txn.invitations().Attribute("p2", "K7QM4RTX", "ar", kNow).status();
              }).ok());
  EXPECT_TRUE(first);
  EXPECT_FALSE(second);
  ASSERT_TRUE(Find("K7QM4RTX").has_value());
  EXPECT_EQ(Find("K7QM4RTX")->uses, 2);
  EXPECT_EQ(Find("K7QM4RTX")->org, "Mission Locale");
  EXPECT_FALSE(Find("NOPE2345").has_value());
}

TEST_P(InvitationsStoreTest, OnlyAYesIsSharedAndWithdrawingOrErasingHidesIt) {
  Insert("K7QM4RTX", "Mission Locale", 3);
  ASSERT_TRUE(Write([&](Transaction& txn) -> Status {
                for (const char* p : {"yes", "no", "later"}) {
                  if (Status s = txn.invitations().Attribute(p, "K7QM4RTX", "fr", kNow).status();
                      !s.ok()) {
                    return s;
                  }
                }
                return Status::Ok();
              }).ok());
  Refer("yes", "K7QM4RTX", "mobilite");
  Refer("yes", "self", "logement");  // before the code: not part of it
  Refer("no", "K7QM4RTX", "mobilite");
  ASSERT_TRUE(Write([&](Transaction& txn) -> Status {
                if (Status s = txn.invitations().SetShareConsent("yes", "K7QM4RTX", kShareYes,
                                                                 {"mobilite", "sante"}, kNow + 9);
                    !s.ok()) {
                  return s;
                }
                return txn.invitations().SetShareConsent("no", "K7QM4RTX", kShareNo, {}, kNow);
              }).ok());
  std::vector<SharedSummary> shared = Shared({"K7QM4RTX"});
  ASSERT_EQ(shared.size(), 1u);
  EXPECT_EQ(shared[0].barriers, (std::vector<std::string>{"mobilite", "sante"}));
  ASSERT_EQ(shared[0].referrals.size(), 1u);
  EXPECT_EQ(shared[0].referrals[0].barrier, "mobilite");
  EXPECT_EQ(shared[0].shared_at, kNow + 9);
  EXPECT_TRUE(Shared({"OTHER234"}).empty()) << "another code's holder sees nothing";

  std::int64_t withdrawn = 0;
  ASSERT_TRUE(Write([&](Transaction& txn) -> Status {
                Result<std::int64_t> n = txn.invitations().WithdrawShareConsent("yes", kNow + 20);
                if (n.ok()) withdrawn = *n;
                return n.status();
              }).ok());
  EXPECT_EQ(withdrawn, 1);
  EXPECT_TRUE(Shared({"K7QM4RTX"}).empty());

  // Yes again, then erase: unlinked, and the count of uses stays.
  ASSERT_TRUE(Write([&](Transaction& txn) {
                return txn.invitations().SetShareConsent("yes", "K7QM4RTX", kShareYes, {}, kNow);
              }).ok());
  ASSERT_EQ(Shared({"K7QM4RTX"}).size(), 1u);
  ASSERT_TRUE(Write([&](Transaction& txn) { return txn.EraseParticipant("yes", kNow + 30); }).ok());
  EXPECT_TRUE(Shared({"K7QM4RTX"}).empty());
  EXPECT_EQ(Find("K7QM4RTX")->uses, 3);
}

TEST_P(InvitationsStoreTest, CountsByOrganisationJoinCodesToReferrals) {
  Insert("AAAA2222", "Mission Locale", 3);
  Insert("BBBB3333", "Mission Locale", 3);
  Insert("CCCC4444", "France Travail", 5);
  ASSERT_TRUE(Write([&](Transaction& txn) {
                return txn.invitations().Attribute("p1", "AAAA2222", "fr", kNow).status();
              }).ok());
  Refer("p1", "AAAA2222", "mobilite");
  Refer("p1", "AAAA2222", "logement");
  Refer("p9", "self", "logement");
  std::vector<OrgInvitationCounts> counts;
  ASSERT_TRUE(Read([&](ReadTransaction& read) {
                Result<std::vector<OrgInvitationCounts>> c = read.invitations().CountInvitationsByOrg();
                if (c.ok()) counts = *c;
                return c.status();
              }).ok());
  ASSERT_EQ(counts.size(), 2u);
  EXPECT_EQ(counts[0].org, "France Travail");
  EXPECT_EQ(counts[0].created, 1);
  EXPECT_EQ(counts[0].used, 0);
  EXPECT_EQ(counts[1].org, "Mission Locale");
  EXPECT_EQ(counts[1].created, 2);
  EXPECT_EQ(counts[1].used, 1);
  EXPECT_EQ(counts[1].participants, 1);
  EXPECT_EQ(counts[1].referrals, 2);
  // Listing by organisation, newest first.
  std::vector<Invitation> listed;
  ASSERT_TRUE(Read([&](ReadTransaction& read) {
                Result<std::vector<Invitation>> l = read.invitations().ListInvitations("Mission Locale", 10);
                if (l.ok()) listed = *l;
                return l.status();
              }).ok());
  EXPECT_EQ(listed.size(), 2u);
}

TEST_P(InvitationsStoreTest, SummariesOfSeveralCodesComeNewestFirstWithTheAnswersSince) {
  Insert("AAAA2222", "Mission Locale", 3);
  Insert("BBBB3333", "Mission Locale", 3);
  FollowupAnswerRecord before;
  before.at = kNow - 1;
  before.pseudonym = "p1";
  before.barrier = "logement";
  FollowupAnswerRecord after = before;
  after.at = kNow + 3;
  after.barrier = "mobilite";
  after.contacted = "yes";
  after.lifted = "partly";
  ASSERT_TRUE(Write([&](Transaction& txn) -> Status {
                for (const Status& s :
                     {txn.AppendFollowupAnswer(before), txn.AppendFollowupAnswer(after),
                      txn.invitations().Attribute("p1", "AAAA2222", "fr", kNow).status(),
                      txn.invitations().Attribute("p2", "BBBB3333", "ar", kNow).status(),
                      txn.invitations().SetShareConsent("p1", "AAAA2222", kShareYes, {}, kNow + 5),
                      txn.invitations().SetShareConsent("p2", "BBBB3333", kShareYes, {"sante"},
                                                        kNow + 7)}) {
                  if (!s.ok()) return s;
                }
                return Status::Ok();
              }).ok());
  std::vector<SharedSummary> shared = Shared({"AAAA2222", "BBBB3333"});
  ASSERT_EQ(shared.size(), 2u);
  EXPECT_EQ(shared[0].code, "BBBB3333");
  EXPECT_EQ(shared[0].language, "ar");
  EXPECT_TRUE(shared[0].followups.empty());
  EXPECT_EQ(shared[1].code, "AAAA2222");
  EXPECT_TRUE(shared[1].barriers.empty());
  ASSERT_EQ(shared[1].followups.size(), 1u) << "only the answers since the code was used";
  EXPECT_EQ(shared[1].followups[0].barrier, "mobilite");
  EXPECT_EQ(shared[1].followups[0].contacted, "yes");
  EXPECT_EQ(shared[1].followups[0].rating, 0) << "not given";
  EXPECT_EQ(shared[1].followups[0].lifted, "partly");
  EXPECT_EQ(shared[1].followups[0].at, kNow + 3);
  std::vector<SharedSummary> newest;
  ASSERT_TRUE(Read([&](ReadTransaction& read) {
                Result<std::vector<SharedSummary>> s =
                    read.invitations().ListSharedSummaries({"AAAA2222", "BBBB3333"}, 1);
                if (s.ok()) newest = *s;
                return s.status();
              }).ok());
  ASSERT_EQ(newest.size(), 1u);
  EXPECT_EQ(newest[0].code, "BBBB3333");
}

// Two instances sharing one PostgreSQL database (SQLite has one writer).
class TwoInstancesInvitationsTest : public InvitationsStoreTest {
 protected:
  void SetUp() override { OpenTwoInstancesOrSkip(GetParam(), &store_, &other_); }
  void TearDown() override {
    other_.reset();
    store_.reset();
  }
  std::future<Status> WriteOnOther(Store::Work work) { return SubmitAsync(*other_, std::move(work)); }
  Result<bool> AttributeOnOther(const std::string& pseudonym, const std::string& code) {
    Result<bool> first = false;
    Status s = WriteOnOther([&](Transaction& txn) {
                 first = txn.invitations().Attribute(pseudonym, code, "fr", kNow);
                 return first.status();
               }).get();
    if (!s.ok()) return s;
    return first;
  }

  std::unique_ptr<Store> other_;
};

LEVIER_STORE_CONFORMANCE(TwoInstancesInvitationsTest);

TEST_P(TwoInstancesInvitationsTest, TheLastUseTakenMeanwhileFailsAsTransient) {
  Invitation single{"K7QM4RTX", "Mission Locale", 3, "a@example.org", "", "", 1, 0, kNow, 0};
  ASSERT_TRUE(Write([&](Transaction& txn) { return txn.invitations().InsertInvitation(single); })
                  .ok());
  Status taken = Write([&](Transaction& txn) -> Status {
    Result<std::optional<Invitation>> seen = txn.invitations().FindInvitation("K7QM4RTX");
    if (!seen.ok()) return seen.status();
    EXPECT_EQ((*seen)->uses, 0);  // free when this instance looked
    Result<bool> other = AttributeOnOther("p2", "K7QM4RTX");
    EXPECT_TRUE(other.ok() && *other);
    return txn.invitations().Attribute("p1", "K7QM4RTX", "fr", kNow).status();
  });
  EXPECT_EQ(taken.code(), StatusCode::kUnavailable) << "retried, the code is then used up";
  EXPECT_EQ(Find("K7QM4RTX")->uses, 1);
}

TEST_P(TwoInstancesInvitationsTest, AResidentCountsOnceWhenBothInstancesSeeThem) {
  Insert("K7QM4RTX", "Mission Locale", 3);
  std::future<Status> other;
  Result<bool> second = false;
  ASSERT_TRUE(Write([&](Transaction& txn) -> Status {
                Result<bool> first = txn.invitations().Attribute("p1", "K7QM4RTX", "fr", kNow);
                if (!first.ok()) return first.status();
                EXPECT_TRUE(*first);
                // The other instance waits for this commit, then sees p1 counted.
                other = WriteOnOther([&](Transaction& t) {
                  second = t.invitations().Attribute("p1", "K7QM4RTX", "fr", kNow + 1);
                  return second.status();
                });
                EXPECT_EQ(other.wait_for(std::chrono::milliseconds(300)),
                          std::future_status::timeout);
                return Status::Ok();
              }).ok());
  ASSERT_TRUE(other.get().ok());
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(*second);
  EXPECT_EQ(Find("K7QM4RTX")->uses, 1);
}

}  // namespace LEVIER_UNITY_ID
}  // namespace levier::store
