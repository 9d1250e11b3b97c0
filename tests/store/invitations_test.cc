// Invitations and what participants share (store/invitations.h) on a real
// SQLite file, written against the interface so another backend can run
// the same cases.
#include <gtest/gtest.h>

#include "levier/store/invitations.h"
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

}  // namespace LEVIER_UNITY_ID
}  // namespace levier::store
