// The conversation's unit of work, the outbox and the reports, as every
// backend must keep them (store.h, outbox.h, reports.h): a platform message
// id is recorded once and answers with its reply; an erasure leaves nothing
// that leads to the person but keeps message ids, unlinked, for the replay
// window; each participant's outbound messages go out in order; a finished
// row forgets its address; delivery reports never move a message back; and
// erased participants count as one at most in the indicators.
#include <gtest/gtest.h>

#include <algorithm>

#include "levier/store/invitations.h"
#include "levier/store/outbox.h"
#include "levier/store/reports.h"
#include "levier/store/store.h"
#include "store_fixture.h"

namespace levier::store {
namespace LEVIER_UNITY_ID {

constexpr UnixSeconds kT0 = 1'700'000'000;

class ConversationStoreTest : public StoreFileTest {
 protected:
  ConversationStoreTest() : StoreFileTest("conversation") {}

  std::optional<ProcessedMessage> Processed(const std::string& pseudonym,
                                            const std::string& channel, const std::string& id) {
    std::optional<ProcessedMessage> found;
    EXPECT_TRUE(Write([&](Transaction& txn) {
                  Result<std::optional<ProcessedMessage>> p =
                      txn.FindProcessed(pseudonym, channel, id);
                  if (p.ok()) found = *p;
                  return p.status();
                }).ok());
    return found;
  }
  std::optional<std::string> Session(const std::string& pseudonym) {
    std::optional<std::string> state;
    EXPECT_TRUE(Write([&](Transaction& txn) {
                  Result<std::optional<std::string>> s = txn.LoadSession(pseudonym);
                  if (s.ok()) state = *s;
                  return s.status();
                }).ok());
    return state;
  }
  using StoreFileTest::Enqueue;
  std::int64_t Enqueue(const std::string& pseudonym, const std::string& kind, UnixSeconds due,
                       const std::string& payload = "{}") {
    return Enqueue(OutboxRecord{kT0, "sms", pseudonym, "sealed-address", kind, payload, due});
  }
  std::vector<std::int64_t> Due(const std::string& kind, UnixSeconds now) {
    std::vector<std::int64_t> ids;
    EXPECT_TRUE(Read([&](ReadTransaction& read) {
                  Result<std::vector<OutboxItem>> items = read.outbox().DueOutbox(kind, now, 100);
                  if (!items.ok()) return items.status();
                  for (const OutboxItem& item : *items) ids.push_back(item.id);
                  return Status::Ok();
                }).ok());
    return ids;
  }
  OutboxItem Row(std::int64_t id) {
    OutboxItem item;
    EXPECT_TRUE(Write([&](Transaction& txn) {
                  Result<std::optional<OutboxItem>> r = txn.outbox().FindOutbox(id);
                  if (!r.ok()) return r.status();
                  if (!r->has_value()) return Status::NotFound("no row");
                  item = **r;
                  return Status::Ok();
                }).ok());
    return item;
  }
  void Refer(const std::string& pseudonym, const std::string& barrier, UnixSeconds at = kT0) {
    ReferralRecord r;
    r.at = at;
    r.pseudonym = pseudonym;
    r.channel = "sms";
    r.language = "fr";
    r.barrier = barrier;
    r.provider_id = "wimoov";
    r.commune = "Tours";
    ASSERT_TRUE(Write([&](Transaction& txn) { return txn.AppendReferral(r); }).ok());
  }
  Indicators Compute() {
    Indicators out;
    EXPECT_TRUE(Read([&](ReadTransaction& read) {
                  Result<Indicators> i = read.reports().ComputeIndicators(Period{0, 0});
                  if (i.ok()) out = *i;
                  return i.status();
                }).ok());
    return out;
  }
};

LEVIER_STORE_CONFORMANCE(ConversationStoreTest);

TEST_P(ConversationStoreTest, AMessageIdIsRecordedOnceWithItsReply) {
  ASSERT_TRUE(Write([](Transaction& txn) {
                if (Status s = txn.SaveSession("p1", R"({"node":"ask_barrier"})", kT0); !s.ok()) {
                  return s;
                }
                return txn.RecordProcessed("sms", "SM1", "p1", R"({"replies":[]})", kT0);
              }).ok());
  std::optional<ProcessedMessage> seen = Processed("p1", "sms", "SM1");
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->pseudonym, "p1");
  EXPECT_EQ(seen->reply, R"({"replies":[]})");
  EXPECT_FALSE(Processed("p1", "whatsapp", "SM1").has_value()) << "ids are per channel";
  // The same id again fails, and its whole unit is rolled back.
  const Status again = Write([](Transaction& txn) {
    if (Status s = txn.SaveSession("p1", R"({"node":"other"})", kT0 + 1); !s.ok()) return s;
    return txn.RecordProcessed("sms", "SM1", "p1", "second", kT0 + 1);
  });
  EXPECT_FALSE(again.ok());
  EXPECT_EQ(Session("p1"), std::optional<std::string>(R"({"node":"ask_barrier"})"));
  EXPECT_EQ(Processed("p1", "sms", "SM1")->reply, R"({"replies":[]})");
}

// The inactivity retention finds sessions by when they were last saved,
// then checks each again under its participant's lock.
TEST_P(ConversationStoreTest, IdleParticipantsAreThoseLastSavedBeforeTheCutOff) {
  ASSERT_TRUE(Write([](Transaction& txn) {
                for (const auto& [who, at] : {std::pair{"old1", kT0}, std::pair{"old2", kT0 + 5},
                                              std::pair{"recent", kT0 + 10}}) {
                  if (Status s = txn.SaveSession(who, "{}", at); !s.ok()) return s;
                }
                return Status::Ok();
              }).ok());
  const auto idle = [&](UnixSeconds before, std::int64_t limit) {
    std::vector<std::string> found;
    EXPECT_TRUE(Read([&](ReadTransaction& txn) {
                  Result<std::vector<std::string>> r = txn.IdleParticipants(before, limit);
                  if (r.ok()) found = *r;
                  return r.status();
                }).ok());
    std::sort(found.begin(), found.end());
    return found;
  };
  EXPECT_EQ(idle(kT0 + 10, 10), (std::vector<std::string>{"old1", "old2"}));
  EXPECT_EQ(idle(kT0 + 10, 1).size(), 1u) << "at most the limit";
  EXPECT_TRUE(idle(kT0, 10).empty()) << "saved at the cut-off: not before it";
  // Saved again, a session is no longer idle.
  ASSERT_TRUE(Write([](Transaction& txn) { return txn.SaveSession("old1", "{}", kT0 + 20); }).ok());
  EXPECT_EQ(idle(kT0 + 10, 10), (std::vector<std::string>{"old2"}));
  std::optional<UnixSeconds> saved_at;
  ASSERT_TRUE(Write([&](Transaction& txn) -> Status {
                Result<std::optional<UnixSeconds>> at = txn.SessionSavedAt("old1");
                if (!at.ok()) return at.status();
                saved_at = *at;
                Result<std::optional<UnixSeconds>> none = txn.SessionSavedAt("nobody");
                if (!none.ok()) return none.status();
                EXPECT_FALSE(none->has_value());
                return Status::Ok();
              }).ok());
  EXPECT_EQ(saved_at, std::optional<UnixSeconds>(kT0 + 20));
}

// The platform signs the sender with the id: the same id from another
// sender is another message, whose reply is never the first one's.
TEST_P(ConversationStoreTest, AMessageIdIsTheSendersOwn) {
  ASSERT_TRUE(Write([](Transaction& txn) {
                return txn.RecordProcessed("web", "W1", "p1", "reply of p1", kT0);
              }).ok());
  EXPECT_FALSE(Processed("p2", "web", "W1").has_value());
  ASSERT_TRUE(Write([](Transaction& txn) {
                return txn.RecordProcessed("web", "W1", "p2", "reply of p2", kT0);
              }).ok());
  EXPECT_EQ(Processed("p1", "web", "W1")->reply, "reply of p1");
  EXPECT_EQ(Processed("p2", "web", "W1")->reply, "reply of p2");
  // Both erased: the id is kept unlinked once, and is a duplicate for
  // whoever sends it again within the window.
  for (const char* who : {"p1", "p2"}) {
    ASSERT_TRUE(Write([&](Transaction& txn) { return txn.EraseParticipant(who, kT0 + 10); }).ok())
        << who;
  }
  for (const char* who : {"p1", "p2", "p3"}) {
    std::optional<ProcessedMessage> replayed = Processed(who, "web", "W1");
    ASSERT_TRUE(replayed.has_value()) << who;
    EXPECT_EQ(replayed->pseudonym, "") << who;
    EXPECT_EQ(replayed->reply, "") << who;
  }
}

// Past the redelivery window a stored reply is blanked, oldest first and a
// batch at a time; the id stays a duplicate.
TEST_P(ConversationStoreTest, StoredRepliesAreForgottenOldestFirstAndTheIdsStay) {
  ASSERT_TRUE(Write([](Transaction& txn) {
                if (Status s = txn.RecordProcessed("sms", "SM2", "p1", "second", kT0 + 1); !s.ok()) {
                  return s;
                }
                if (Status s = txn.RecordProcessed("sms", "SM1", "p2", "first", kT0); !s.ok()) {
                  return s;
                }
                return txn.RecordProcessed("sms", "SM3", "p1", "recent", kT0 + 100);
              }).ok());
  const auto forget = [&](std::int64_t limit) {
    std::int64_t n = -1;
    EXPECT_TRUE(Write([&](Transaction& txn) {
                  Result<std::int64_t> r = txn.ForgetStoredReplies(kT0 + 50, limit);
                  if (r.ok()) n = *r;
                  return r.status();
                }).ok());
    return n;
  };
  EXPECT_EQ(forget(1), 1);
  EXPECT_EQ(Processed("p2", "sms", "SM1")->reply, "") << "the oldest first";
  EXPECT_EQ(Processed("p1", "sms", "SM2")->reply, "second");
  EXPECT_EQ(forget(10), 1);
  EXPECT_EQ(forget(10), 0);
  std::optional<ProcessedMessage> blanked = Processed("p1", "sms", "SM2");
  ASSERT_TRUE(blanked.has_value()) << "still a duplicate";
  EXPECT_EQ(blanked->pseudonym, "p1");
  EXPECT_EQ(blanked->reply, "");
  EXPECT_EQ(Processed("p1", "sms", "SM3")->reply, "recent");
}

TEST_P(ConversationStoreTest, EraseLeavesNothingOfThePersonAndKeepsIdsForTheReplayWindow) {
  Refer("p1", "mobilite");
  ASSERT_TRUE(Write([](Transaction& txn) {
                if (Status s = txn.SaveSession("p1", "{}", kT0); !s.ok()) return s;
                if (Status s = txn.RecordProcessed("sms", "SM1", "p1", "reply", kT0); !s.ok()) {
                  return s;
                }
                return txn.AppendCallbackRequest("p1", "sms", "fr", kT0);
              }).ok());
  const std::int64_t pending = Enqueue("p1", std::string(kOutboxFollowup), kT0 + 3600);
  ASSERT_TRUE(Write([](Transaction& txn) { return txn.EraseParticipant("p1", kT0 + 10); }).ok());

  EXPECT_FALSE(Session("p1").has_value());
  std::optional<ProcessedMessage> replayed = Processed("p1", "sms", "SM1");
  ASSERT_TRUE(replayed.has_value()) << "a replayed request is still a duplicate";
  EXPECT_EQ(replayed->pseudonym, "");
  EXPECT_EQ(replayed->reply, "");
  EXPECT_TRUE(Due(std::string(kOutboxFollowup), kT0 + 7200).empty());
  // The row stays, blank and cancelled: its id is never another row's.
  const OutboxItem blanked = Row(pending);
  EXPECT_EQ(blanked.status, kOutboxCancelled);
  EXPECT_EQ(blanked.pseudonym, "");
  EXPECT_EQ(blanked.address_ciphertext, "");
  EXPECT_EQ(blanked.payload, "");
  EXPECT_GT(Enqueue("p3", std::string(kOutboxReply), kT0), pending) << "ids are not reused";
  // The anonymous count stays: one referral, one participant at most.
  Indicators after = Compute();
  EXPECT_EQ(after.total.referrals, 1);
  EXPECT_EQ(after.total.participants, 1);

  // Past the window, another erasure purges the unlinked ids.
  ASSERT_TRUE(Write([](Transaction& txn) {
                return txn.EraseParticipant("p2", kT0 + 10 + kErasedMessageIdsKeptFor + 1);
              }).ok());
  EXPECT_FALSE(Processed("p1", "sms", "SM1").has_value());
}

// The dispatcher's claim reads the row through TakeOutbox: with nobody
// else holding it, the same row as FindOutbox; nothing for an unknown id.
TEST_P(ConversationStoreTest, TakeOutboxReturnsAFreeRowAndNothingForAnUnknownId) {
  const std::int64_t id = Enqueue("p1", std::string(kOutboxReply), kT0);
  std::optional<OutboxItem> taken;
  std::optional<OutboxItem> unknown;
  ASSERT_TRUE(Write([&](Transaction& txn) -> Status {
                Result<std::optional<OutboxItem>> r = txn.outbox().TakeOutbox(id);
                if (!r.ok()) return r.status();
                taken = *r;
                r = txn.outbox().TakeOutbox(id + 1000);
                if (!r.ok()) return r.status();
                unknown = *r;
                return Status::Ok();
              }).ok());
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(taken->id, id);
  EXPECT_EQ(taken->pseudonym, "p1");
  EXPECT_EQ(taken->status, kOutboxPending);
  EXPECT_FALSE(unknown.has_value());
}

TEST_P(ConversationStoreTest, AnAllowanceIsABurstThenRefillsAtItsRatePerKey) {
  constexpr std::int64_t kMs = 1'700'000'000'000;
  std::vector<bool> allowed;
  const auto spend = [&](const std::string& key, std::int64_t at, std::uint32_t per_minute = 3) {
    ASSERT_TRUE(Write([&](Transaction& txn) -> Status {
                  Result<bool> r = txn.SpendAllowance(key, per_minute, at);
                  if (!r.ok()) return r.status();
                  allowed.push_back(*r);
                  return Status::Ok();
                }).ok());
  };
  // A burst of three, then none until a token has refilled (20 s at 3 a minute).
  for (int i = 0; i < 4; ++i) spend("sender:a", kMs);
  spend("sender:b", kMs);                // another key has its own bucket
  spend("sender:a", kMs + 19'999);       // not yet
  spend("sender:a", kMs + 20'000);       // one token back
  spend("sender:a", kMs + 20'001);       // and only one
  spend("sender:a", kMs + 10'000);       // a clock behind the last spend refills nothing
  spend("sender:a", kMs + 10 * 60'000);  // idle: full again, never more than the burst
  spend("sender:a", kMs + 10 * 60'000);
  spend("sender:a", kMs + 10 * 60'000);
  spend("sender:a", kMs + 10 * 60'000);
  spend("sender:c", kMs, 0);             // 0: no limit
  spend("sender:c", kMs, 0);
  EXPECT_EQ(allowed, (std::vector<bool>{true, true, true, false, true, false, true, false, false,
                                        true, true, true, false, true, true}));
}

// A spend that turned out not to count (a sign-in that succeeded) is given
// back, never past the burst, and a refund to a key never spent is nothing.
TEST_P(ConversationStoreTest, ARefundGivesOneTokenBackNeverPastTheBurst) {
  constexpr std::int64_t kMs = 1'700'000'000'000;
  std::vector<bool> allowed;
  const auto spend = [&](const std::string& key) {
    ASSERT_TRUE(Write([&](Transaction& txn) -> Status {
                  Result<bool> r = txn.SpendAllowance(key, 2, kMs);
                  if (!r.ok()) return r.status();
                  allowed.push_back(*r);
                  return Status::Ok();
                }).ok());
  };
  const auto refund = [&](const std::string& key) {
    ASSERT_TRUE(Write([&](Transaction& txn) { return txn.RefundAllowance(key, 2, kMs); }).ok());
  };
  spend("sign-in:a");
  spend("sign-in:a");
  spend("sign-in:a");  // the burst is spent
  refund("sign-in:a");
  spend("sign-in:a");  // the token given back
  spend("sign-in:a");
  refund("sign-in:b");  // never spent: nothing to give back, nothing created
  refund("sign-in:b");
  spend("sign-in:b");
  spend("sign-in:b");
  spend("sign-in:b");  // still a burst of two
  EXPECT_EQ(allowed, (std::vector<bool>{true, true, false, true, false, true, true, false}));
}

TEST_P(ConversationStoreTest, EachParticipantsMessagesGoOutInOrder) {
  const std::string kind(kOutboxReply);
  const std::int64_t a1 = Enqueue("a", kind, kT0);
  const std::int64_t a2 = Enqueue("a", kind, kT0);
  const std::int64_t b1 = Enqueue("b", kind, kT0);
  EXPECT_EQ(Due(kind, kT0), (std::vector<std::int64_t>{a1, a2, b1}));
  EXPECT_TRUE(Due(kind, kT0 - 1).empty()) << "nothing before it is due";
  EXPECT_TRUE(Due(std::string(kOutboxFollowup), kT0).empty()) << "kinds apart";
  // a1 waits for a retry: a2 waits behind it; b goes on.
  ASSERT_TRUE(
      Write([&](Transaction& txn) { return txn.outbox().RescheduleOutbox(a1, 1, kT0 + 60, "5xx"); })
          .ok());
  EXPECT_EQ(Due(kind, kT0 + 1), (std::vector<std::int64_t>{b1}));
  EXPECT_EQ(Due(kind, kT0 + 60), (std::vector<std::int64_t>{a1, a2, b1}));
  EXPECT_EQ(Row(a1).attempts, 1);
  EXPECT_EQ(Row(a1).last_error, "5xx");
}

// A row queued leased (sent by the dispatcher of the unit that queued it)
// counts its first attempt and is no pass's until the lease ends; a pending
// row of a participant, leased or not, is what a new one must wait behind.
TEST_P(ConversationStoreTest, ALeasedRowIsNoPasssUntilItsLeaseEnds) {
  const std::string kind(kOutboxReply);
  auto pending = [&](const std::string& who, const std::string& k) {
    bool found = false;
    EXPECT_TRUE(Write([&](Transaction& txn) -> Status {
                  Result<bool> r = txn.outbox().HasPendingOutbox(who, k);
                  if (r.ok()) found = *r;
                  return r.status();
                }).ok());
    return found;
  };
  EXPECT_FALSE(pending("a", kind));
  const std::int64_t leased =
      Enqueue(OutboxRecord{kT0, "whatsapp", "a", "sealed", kind, "{}", kT0, kT0 + 10});
  EXPECT_EQ(Row(leased).attempts, 1);
  EXPECT_EQ(Row(leased).next_attempt_at, kT0 + 10);
  EXPECT_EQ(Row(leased).last_error, "sending");
  EXPECT_TRUE(pending("a", kind));
  EXPECT_FALSE(pending("a", std::string(kOutboxFollowup))) << "kinds apart";
  EXPECT_FALSE(pending("b", kind));
  const std::int64_t behind = Enqueue("a", kind, kT0);
  EXPECT_EQ(Row(behind).attempts, 0);
  EXPECT_EQ(Row(behind).next_attempt_at, kT0);
  EXPECT_TRUE(Due(kind, kT0 + 9).empty()) << "leased, and the next waits behind it";
  EXPECT_EQ(Due(kind, kT0 + 10), (std::vector<std::int64_t>{leased, behind}));
  // Finished, it no longer holds anyone back.
  ASSERT_TRUE(Write([&](Transaction& txn) -> Status {
                if (Status s = txn.outbox().FinishOutbox(leased, kOutboxSent, 1, kT0 + 1, "", "w");
                    !s.ok()) {
                  return s;
                }
                return txn.outbox().FinishOutbox(behind, kOutboxSent, 1, kT0 + 1, "", "w2");
              }).ok());
  EXPECT_FALSE(pending("a", kind));
}

TEST_P(ConversationStoreTest, AFinishedRowForgetsItsAddressAndAReplyItsText) {
  const std::int64_t reply = Enqueue("a", std::string(kOutboxReply), kT0, R"({"text":"Bonjour"})");
  const std::int64_t followup =
      Enqueue("a", std::string(kOutboxFollowup), kT0, R"({"barrier":"mobilite"})");
  ASSERT_TRUE(Write([&](Transaction& txn) -> Status {
                if (Status s = txn.outbox().FinishOutbox(reply, kOutboxSent, 1, kT0 + 1, "", "SMx");
                    !s.ok()) {
                  return s;
                }
                return txn.outbox().FinishOutbox(followup, kOutboxFailed, 3, kT0 + 2, "4xx", "");
              }).ok());
  EXPECT_EQ(Row(reply).status, kOutboxSent);
  EXPECT_EQ(Row(reply).address_ciphertext, "");
  EXPECT_EQ(Row(reply).payload, "") << "a reply's text can tell the person's barriers";
  EXPECT_EQ(Row(reply).platform_id, "SMx");
  EXPECT_EQ(Row(followup).address_ciphertext, "");
  EXPECT_EQ(Row(followup).payload, R"({"barrier":"mobilite"})");
  EXPECT_FALSE(Write([&](Transaction& txn) {
                 return txn.outbox().FinishOutbox(reply, kOutboxPending, 1, kT0, "", "");
               }).ok())
      << "pending is not a final status";
}

TEST_P(ConversationStoreTest, ASealedAddressIsKeptByteForByteWhilePending) {
  // Ciphertext is any bytes: NUL, bytes that are not UTF-8, nothing at all.
  constexpr char kBinary[] = "\0\xff\x80nonce\0tag";
  for (const std::string& sealed : {std::string(kBinary, sizeof kBinary - 1), std::string()}) {
    const OutboxItem stored =
        Row(Enqueue(OutboxRecord{kT0, "sms", "a", sealed, std::string(kOutboxReply), "{}", kT0}));
    EXPECT_EQ(stored.address_ciphertext, sealed);
    EXPECT_EQ(stored.status, kOutboxPending);
    EXPECT_EQ(stored.due_at, kT0);
    EXPECT_EQ(stored.next_attempt_at, kT0);
    EXPECT_EQ(stored.platform_id, "");
  }
}

TEST_P(ConversationStoreTest, APlatformsErrorThatIsNotUtf8IsRecordedCleaned) {
  // A platform's error body or message id is whatever it sent: recording
  // it must not fail, or the send would be retried for ever.
  const std::int64_t retried = Enqueue("a", std::string(kOutboxReply), kT0);
  const std::int64_t failed = Enqueue("b", std::string(kOutboxReply), kT0);
  constexpr char kRaw[] = "bad \xff gateway\0!";
  const std::string raw(kRaw, sizeof kRaw - 1);
  ASSERT_TRUE(Write([&](Transaction& txn) -> Status {
                if (Status s = txn.outbox().RescheduleOutbox(retried, 1, kT0 + 60, raw); !s.ok()) {
                  return s;
                }
                return txn.outbox().FinishOutbox(failed, kOutboxFailed, 3, kT0, raw, raw);
              }).ok());
  EXPECT_EQ(Row(retried).last_error, "bad \uFFFD gateway\uFFFD!");
  EXPECT_EQ(Row(failed).last_error, "bad \uFFFD gateway\uFFFD!");
  EXPECT_EQ(Row(failed).platform_id, "bad \uFFFD gateway\uFFFD!");
}

TEST_P(ConversationStoreTest, StopCancelsPendingRowsAndDeliveryReportsNeverMoveBack) {
  const std::int64_t first = Enqueue("a", std::string(kOutboxFollowup), kT0 + 100);
  const std::int64_t second = Enqueue("a", std::string(kOutboxReply), kT0 + 100);
  const std::int64_t other = Enqueue("b", std::string(kOutboxReply), kT0 + 100);
  std::int64_t cancelled = 0;
  ASSERT_TRUE(Write([&](Transaction& txn) {
                Result<std::int64_t> n = txn.outbox().CancelPendingOutbox("a", "", "stop");
                if (n.ok()) cancelled = *n;
                return n.status();
              }).ok());
  EXPECT_EQ(cancelled, 2);
  EXPECT_EQ(Row(first).status, kOutboxCancelled);
  EXPECT_EQ(Row(second).address_ciphertext, "");
  EXPECT_EQ(Row(other).status, kOutboxPending);

  ASSERT_TRUE(Write([&](Transaction& txn) {
                return txn.outbox().FinishOutbox(other, kOutboxSent, 1, kT0, "", "wamid.1");
              }).ok());
  const auto report = [&](const std::string& delivery) {
    bool found = false;
    EXPECT_TRUE(Write([&](Transaction& txn) {
                  Result<bool> r =
                      txn.outbox().RecordOutboxDelivery("sms", "wamid.1", delivery, kT0 + 5);
                  if (r.ok()) found = *r;
                  return r.status();
                }).ok());
    return found;
  };
  EXPECT_TRUE(report(std::string(kDeliveryRead)));
  EXPECT_TRUE(report(std::string(kDeliveryDelivered))) << "known, but not moved back";
  EXPECT_EQ(Row(other).delivery, kDeliveryRead);
  EXPECT_TRUE(report(std::string(kDeliveryFailed)));
  EXPECT_EQ(Row(other).delivery, kDeliveryFailed);
  bool unknown = true;
  ASSERT_TRUE(Write([&](Transaction& txn) {
                Result<bool> r = txn.outbox().RecordOutboxDelivery("sms", "nope", "read", kT0);
                if (r.ok()) unknown = *r;
                return r.status();
              }).ok());
  EXPECT_FALSE(unknown);
}

TEST_P(ConversationStoreTest, IndicatorsCountPeopleAndErasedOnesAsOneAtMost) {
  for (const char* p : {"p1", "p2", "p3"}) Refer(p, "mobilite");
  Refer("p1", "logement");
  Indicators before = Compute();
  EXPECT_EQ(before.total.referrals, 4);
  EXPECT_EQ(before.total.participants, 3);
  EXPECT_EQ(before.by_barrier["mobilite"].participants, 3);
  EXPECT_EQ(before.by_barrier["logement"].referrals, 1);
  ASSERT_TRUE(Write([](Transaction& txn) -> Status {
                if (Status s = txn.EraseParticipant("p2", kT0); !s.ok()) return s;
                return txn.EraseParticipant("p3", kT0);
              }).ok());
  Indicators after = Compute();
  EXPECT_EQ(after.total.referrals, 4) << "the counts stay";
  // p1 is known; the two erased cannot be told apart and are not counted
  // beside a known person (a lower bound: the small-cell rule errs on
  // the side of hiding).
  EXPECT_EQ(after.by_barrier["mobilite"].participants, 1);
  EXPECT_EQ(after.by_barrier["mobilite"].referrals, 3);
}

// Months are UTC, a period keeps its own rows only, and a professional's
// invitation counts for its organisation without naming the code.
TEST_P(ConversationStoreTest, IndicatorsOfAPeriodByUtcMonthSourceAndOrganisation) {
  constexpr UnixSeconds kJanuaryLastHalfHour = 1'769'902'200;  // 2026-01-31 23:30 UTC
  constexpr UnixSeconds kFebruary = 1'769'904'000;             // 2026-02-01 00:00 UTC
  ASSERT_TRUE(Write([](Transaction& txn) {
                Invitation invitation;
                invitation.code = "INV1";
                invitation.org = "Mission locale";
                invitation.created_by = "pro@example.org";
                invitation.created_at = kT0;
                invitation.expires_at = kFebruary * 2;
                return txn.invitations().InsertInvitation(invitation);
              }).ok());
  Refer("p1", "mobilite", kJanuaryLastHalfHour);
  Refer("p2", "logement", kFebruary);
  ReferralRecord invited;
  invited.at = kFebruary;
  invited.pseudonym = "p3";
  invited.channel = "whatsapp";
  invited.language = "en";
  invited.barrier = "mobilite";
  invited.provider_id = "bus";
  invited.source = "INV1";
  invited.neighbourhood = "sanitas";
  ASSERT_TRUE(Write([&](Transaction& txn) { return txn.AppendReferral(invited); }).ok());
  invited.pseudonym = "p4";
  invited.source = "UNKNOWN";  // an invitation since forgotten
  ASSERT_TRUE(Write([&](Transaction& txn) { return txn.AppendReferral(invited); }).ok());

  Indicators all = Compute();
  EXPECT_EQ(all.by_month["2026-01"].referrals, 1);
  EXPECT_EQ(all.by_month["2026-02"].referrals, 3);
  EXPECT_EQ(all.by_source["self"].participants, 2);
  EXPECT_EQ(all.by_source["professional"].participants, 2);
  EXPECT_EQ(all.by_org["Mission locale"].referrals, 1);
  EXPECT_EQ(all.by_org[""].referrals, 3);
  EXPECT_EQ(all.by_neighbourhood["sanitas"].participants, 2);
  EXPECT_EQ(all.by_provider["bus"].referrals, 2);
  EXPECT_EQ(all.by_channel["whatsapp"].referrals, 2);
  EXPECT_EQ(all.by_language["en"].referrals, 2);
  ASSERT_EQ(all.cells.size(), 3u);  // ordered by barrier, commune, month...
  EXPECT_EQ(all.cells[0].barrier, "logement");
  EXPECT_EQ(all.cells[1].commune, "");  // unknown commune first
  EXPECT_EQ(all.cells[1].count.referrals, 2);
  EXPECT_EQ(all.cells[1].count.participants, 2);
  EXPECT_EQ(all.cells[2].month, "2026-01");

  Indicators january;
  Indicators february;
  ASSERT_TRUE(Read([&](ReadTransaction& read) -> Status {
                Result<Indicators> before = read.reports().ComputeIndicators({0, kFebruary});
                if (!before.ok()) return before.status();
                january = *before;
                Result<Indicators> after = read.reports().ComputeIndicators({kFebruary, 0});
                if (after.ok()) february = *after;
                return after.status();
              }).ok());
  EXPECT_EQ(january.total.referrals, 1);
  EXPECT_EQ(january.by_month.size(), 1u);
  EXPECT_EQ(february.total.referrals, 3);
  EXPECT_EQ(february.total.participants, 3);
  EXPECT_EQ(february.by_month.count("2026-01"), 0u);
}

// What residents answered at follow-up, per barrier, and the providers the
// watch report flags: unreachable, or rated 1 or 2 by at least half.
TEST_P(ConversationStoreTest, FollowupFiguresAndTheProvidersTheWatchReportFlags) {
  auto answer = [&](const std::string& pseudonym, const std::string& provider,
                    std::optional<int> rating, const std::string& lifted, bool unreachable,
                    UnixSeconds at = kT0) {
    FollowupAnswerRecord a;
    a.at = at;
    a.pseudonym = pseudonym;
    a.channel = "sms";
    a.language = "fr";
    a.barrier = "mobilite";
    a.provider_id = provider;
    a.contacted = unreachable ? "could_not_reach" : "yes";
    a.rating = rating;
    a.lifted = lifted;
    a.could_not_reach = unreachable;
    ASSERT_TRUE(Write([&](Transaction& txn) { return txn.AppendFollowupAnswer(a); }).ok());
  };
  answer("p1", "wimoov", 5, "yes", false);
  answer("p2", "wimoov", 1, "no", true);
  answer("p2", "wimoov", 2, "", false);
  answer("p3", "bus", 4, "partly", true);
  answer("p3", "bus", std::nullopt, "", true);
  answer("p4", "", 1, "no", true);             // no provider: in the figures, not the watch
  answer("p5", "taxi", 1, "no", true, kT0 - 10);  // before the watch window

  Indicators i = Compute();
  ASSERT_EQ(i.followup.size(), 1u);
  const FollowupRow& row = i.followup[0];
  EXPECT_EQ(row.barrier, "mobilite");
  EXPECT_EQ(row.total.answers, 7);
  EXPECT_EQ(row.total.participants, 5);
  EXPECT_EQ(row.lifted.at("no").answers, 3);
  EXPECT_EQ(row.lifted.count(""), 0u);
  EXPECT_EQ(row.contacted.at("could_not_reach").participants, 4);
  EXPECT_EQ(row.could_not_reach.answers, 5);
  EXPECT_EQ(row.ratings.at(1).answers, 3);
  EXPECT_EQ(row.rated.answers, 6);
  EXPECT_DOUBLE_EQ(row.rating_mean, 2.333);  // 14 / 6, in thousandths

  std::vector<UnreachableReport> unreachable;
  std::vector<UnreachableReport> badly_rated;
  ASSERT_TRUE(Read([&](ReadTransaction& read) -> Status {
                Result<std::vector<UnreachableReport>> u = read.reports().ListUnreachable(kT0);
                if (!u.ok()) return u.status();
                unreachable = *u;
                Result<std::vector<UnreachableReport>> b = read.reports().ListBadlyRated(kT0);
                if (b.ok()) badly_rated = *b;
                return b.status();
              }).ok());
  ASSERT_EQ(unreachable.size(), 2u);  // most flagged first
  EXPECT_EQ(unreachable[0].provider_id, "bus");
  EXPECT_EQ(unreachable[0].answers, 2);
  EXPECT_EQ(unreachable[0].participants, 1);
  EXPECT_EQ(unreachable[0].last_at, kT0);
  EXPECT_EQ(unreachable[1].provider_id, "wimoov");
  ASSERT_EQ(badly_rated.size(), 1u);  // wimoov: two of three ratings 1 or 2; bus: none
  EXPECT_EQ(badly_rated[0].provider_id, "wimoov");
  EXPECT_EQ(badly_rated[0].answers, 3);
  EXPECT_EQ(badly_rated[0].participants, 2);
}

}  // namespace LEVIER_UNITY_ID
}  // namespace levier::store
