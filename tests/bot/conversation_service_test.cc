// ConversationService on a real (in-memory) SQLite store with the shipped
// script and knowledge base: a step taken ahead on the caller's thread is
// used only when the session it started from is still the stored one.
#include "levier/bot/conversation_service.h"

#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <memory>
#include <string>
#include <vector>

#include "levier/bot/invitation_code.h"
#include "levier/bot/script_registry.h"
#include "levier/dialogs/script.h"
#include "levier/kb/knowledge_base.h"
#include "levier/kb/registry.h"
#include "levier/store/sqlite.h"
#include "levier/store/store.h"

#include <nlohmann/json.hpp>

namespace levier::bot {
namespace LEVIER_UNITY_ID {

constexpr UnixSeconds kT0 = 1'780'000'000;

class ConversationServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<dialogs::Script> s = dialogs::Script::LoadFromDirectory(LEVIER_SOURCE_DIR "/dialogs/default");
    ASSERT_TRUE(s.ok()) << s.status().message();
    script_ = new std::shared_ptr<const dialogs::Script>(
        std::make_shared<const dialogs::Script>(std::move(*s)));
    Result<kb::KnowledgeBase> k =
        kb::KnowledgeBase::LoadFromDirectory(LEVIER_SOURCE_DIR "/knowledge-base/data");
    ASSERT_TRUE(k.ok()) << k.status().message();
    kb_ = new std::shared_ptr<const kb::KnowledgeBase>(
        std::make_shared<const kb::KnowledgeBase>(std::move(*k)));
  }

  static std::unique_ptr<store::Store> OpenStore() {
    Result<std::unique_ptr<store::Store>> opened = store::OpenSqliteStore(":memory:");
    EXPECT_TRUE(opened.ok()) << opened.status().message();
    return std::move(*opened);
  }

  // One service with its own database.
  struct Instance {
    Instance()
        : store(OpenStore()),
          scripts(*script_),
          knowledge(*kb_),
          service(*store, scripts, knowledge, std::string(32, 's'), {}, 0, nullptr) {}
    std::unique_ptr<store::Store> store;
    ScriptRegistry scripts;
    kb::KnowledgeBaseRegistry knowledge;
    ConversationService service;
  };

  static InboundMessage Message(std::string id, std::string text) {
    return InboundMessage{"sms", "+33612345678", std::move(id), std::move(text), kT0, ""};
  }

  // Handles `text` and waits for its outcome.
  static ConversationOutcome Send(ConversationService& service, std::string id,
                                  std::string text) {
    std::promise<Result<ConversationOutcome>> promise;
    service.Handle(Message(std::move(id), std::move(text)),
                   [&](Result<ConversationOutcome> r) { promise.set_value(std::move(r)); });
    Result<ConversationOutcome> outcome = promise.get_future().get();
    EXPECT_TRUE(outcome.ok()) << outcome.status().message();
    return outcome.ok() ? std::move(*outcome) : ConversationOutcome{};
  }

  static std::shared_ptr<const dialogs::Script>* script_;
  static std::shared_ptr<const kb::KnowledgeBase>* kb_;
};
std::shared_ptr<const dialogs::Script>* ConversationServiceTest::script_ = nullptr;
std::shared_ptr<const kb::KnowledgeBase>* ConversationServiceTest::kb_ = nullptr;

// "4" then "2" after the greeting: both are stepped ahead from the greeting
// (the writer is held, so neither has committed), but "2" must be answered
// from the session "4" left, exactly as when they arrive one by one.
TEST_F(ConversationServiceTest, StepTakenAheadFromAnOutdatedSessionIsTakenAgain) {
  Instance sequential;
  Send(sequential.service, "m1", "Bonjour");
  const ConversationOutcome seq4 = Send(sequential.service, "m2", "4");
  const ConversationOutcome seq2 = Send(sequential.service, "m3", "2");

  Instance concurrent;
  Send(concurrent.service, "m1", "Bonjour");  // the session is now in the cache
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  concurrent.store->Submit([released](store::Transaction&) {
    released.wait();
    return Status::Ok();
  }, [](const Status&) {});
  std::promise<Result<ConversationOutcome>> got4;
  std::promise<Result<ConversationOutcome>> got2;
  concurrent.service.Handle(Message("m2", "4"),
                            [&](Result<ConversationOutcome> r) { got4.set_value(std::move(r)); });
  concurrent.service.Handle(Message("m3", "2"),
                            [&](Result<ConversationOutcome> r) { got2.set_value(std::move(r)); });
  release.set_value();
  Result<ConversationOutcome> con4 = got4.get_future().get();
  Result<ConversationOutcome> con2 = got2.get_future().get();
  ASSERT_TRUE(con4.ok() && con2.ok());

  EXPECT_EQ(con4->replies, seq4.replies);
  EXPECT_EQ(con4->node, seq4.node);
  EXPECT_EQ(con2->replies, seq2.replies);
  EXPECT_EQ(con2->node, seq2.node);
  EXPECT_EQ(con2->barriers, seq2.barriers);
  // And "2" stepped from the greeting would have been another barrier.
  Instance other;
  Send(other.service, "m1", "Bonjour");
  const ConversationOutcome from_greeting = Send(other.service, "m3", "2");
  EXPECT_NE(from_greeting.node, seq2.node);
}

// Messages one by one take the step computed ahead (the session is cached
// after the first); the conversation is the one the engine gives alone.
TEST_F(ConversationServiceTest, StepsTakenAheadGiveTheEnginesConversation) {
  Instance instance;
  dialogs::Session session;
  int n = 0;
  for (const char* text : {"Bonjour", "4", "2", "1", "2", "1", "non"}) {
    const dialogs::StepResult expected =
        dialogs::Step(**script_, **kb_, session, {text, "sms", kT0, {}, {}});
    const ConversationOutcome got = Send(instance.service, "m" + std::to_string(++n), text);
    EXPECT_EQ(got.replies, expected.replies) << "after \"" << text << "\"";
    EXPECT_EQ(got.node, expected.session.node) << "after \"" << text << "\"";
    session = expected.session;
  }
}

// Records the keys each unit is submitted with, then hands it to the store.
class KeyRecordingStore final : public store::Store {
 public:
  explicit KeyRecordingStore(store::Store& inner) : inner_(inner) {}
  void Submit(Work work, Done done) override { inner_.Submit(std::move(work), std::move(done)); }
  void SubmitForParticipants(std::vector<std::string> keys, Work work, Done done) override {
    {
      std::lock_guard lock(mutex_);
      submitted_.push_back(keys);
    }
    inner_.SubmitForParticipants(std::move(keys), std::move(work), std::move(done));
  }
  void SubmitRead(ReadWork work, Done done) override {
    inner_.SubmitRead(std::move(work), std::move(done));
  }
  void Stop() override { inner_.Stop(); }
  std::vector<std::vector<std::string>> submitted() {
    std::lock_guard lock(mutex_);
    return submitted_;
  }

 private:
  store::Store& inner_;
  std::mutex mutex_;
  std::vector<std::vector<std::string>> submitted_;
};

// A message that carries an invitation code locks the code with the
// resident: two instances' batches counting uses of two codes in opposite
// orders then take their locks in one order (PostgreSQL), not row by row.
TEST_F(ConversationServiceTest, AMessageWithACodeLocksItsInvitationWithTheResident) {
  std::unique_ptr<store::Store> inner = OpenStore();
  KeyRecordingStore recording(*inner);
  ScriptRegistry scripts(*script_);
  kb::KnowledgeBaseRegistry knowledge(*kb_);
  ConversationService service(recording, scripts, knowledge, std::string(32, 's'), {}, 0,
                              nullptr);
  Send(service, "m1", "Bonjour");
  Send(service, "m2", "K7QM4RTX");
  const std::vector<std::vector<std::string>> keys = recording.submitted();
  ASSERT_EQ(keys.size(), 2u);
  ASSERT_EQ(keys[0].size(), 1u) << "no code: the resident alone";
  ASSERT_EQ(keys[1].size(), 2u);
  EXPECT_EQ(keys[1][0], keys[0][0]);
  EXPECT_EQ(keys[1][1], std::string(kInvitationLockPrefix) + InvitationCodeIn("K7QM4RTX"));
  EXPECT_NE(InvitationCodeIn("K7QM4RTX"), "");
}

// A channel that replies through the platform's API: the replies become
// outbox rows in the message's own commit, addresses sealed, in order,
// leased to the dispatcher when nothing of the resident's waits before
// them; the hand-over (or wake-up) runs after that commit.
class OutboxRepliesTest : public ConversationServiceTest {
 protected:
  OutboxRepliesTest() {
    instance_.service.EnableOutboxReplies(
        key_, kLease, [this](ConversationService::QueuedReplies queued) {
          ++woken_;
          handed_.push_back(std::move(queued.leased));
          withdrawn_.push_back(std::move(queued.withdrawn));
        });
  }
  static constexpr UnixSeconds kLease = 10;
  ConversationOutcome SendWa(std::string id, std::string text) {
    InboundMessage m{"whatsapp", "33612345678", std::move(id), std::move(text), kT0, ""};
    m.replies_by_outbox = true;
    std::promise<Result<ConversationOutcome>> promise;
    instance_.service.Handle(std::move(m),
                             [&](Result<ConversationOutcome> r) { promise.set_value(std::move(r)); });
    Result<ConversationOutcome> outcome = promise.get_future().get();
    EXPECT_TRUE(outcome.ok()) << outcome.status().message();
    return outcome.ok() ? std::move(*outcome) : ConversationOutcome{};
  }
  // (status, pseudonym empty?, payload) of every reply row, in id order.
  std::vector<store::OutboxItem> Rows() {
    std::vector<store::OutboxItem> rows;
    std::promise<Status> done;
    instance_.store->Submit(
        [&](store::Transaction& txn) -> Status {
          for (std::int64_t id = 1; id < 100; ++id) {
            Result<std::optional<store::OutboxItem>> row = txn.outbox().FindOutbox(id);
            if (!row.ok()) return row.status();
            if (row->has_value()) rows.push_back(**row);
          }
          return Status::Ok();
        },
        [&](const Status& s) { done.set_value(s); });
    EXPECT_TRUE(done.get_future().get().ok());
    return rows;
  }

  Instance instance_;
  const std::string key_ = std::string(32, 'k');
  int woken_ = 0;
  std::vector<std::vector<store::OutboxItem>> handed_;  // per commit that queued replies
  std::vector<std::string> withdrawn_;                  // the same commits'
};

TEST_F(OutboxRepliesTest, RepliesAreQueuedSealedAndInOrderWithTheStep) {
  ConversationOutcome first = SendWa("w1", "Bonjour");
  ASSERT_GE(first.replies.size(), 2u);
  EXPECT_EQ(first.queued_replies, first.replies.size());
  EXPECT_EQ(woken_, 1);
  std::vector<store::OutboxItem> rows = Rows();
  ASSERT_EQ(rows.size(), first.replies.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].kind, "reply");
    EXPECT_EQ(rows[i].channel, "whatsapp");
    EXPECT_EQ(rows[i].status, "pending");
    EXPECT_EQ(rows[i].address_ciphertext.find("33612345678"), std::string::npos);
    const nlohmann::json payload = nlohmann::json::parse(rows[i].payload);
    EXPECT_EQ(payload["language"], "fr");
    EXPECT_EQ(dialogs::ReplyFromJson(payload["reply"]).value(), first.replies[i]);
  }
  // A redelivery queues nothing more and wakes no one.
  EXPECT_TRUE(SendWa("w1", "Bonjour").duplicate);
  EXPECT_EQ(Rows().size(), first.replies.size());
  EXPECT_EQ(woken_, 1);
}

TEST_F(OutboxRepliesTest, RowsAreLeasedAtQueuingUnlessAnEarlierReplyStillWaits) {
  const UnixSeconds before = NowUnixSeconds();
  ConversationOutcome first = SendWa("w1", "Bonjour");
  ASSERT_EQ(handed_.size(), 1u);
  std::vector<store::OutboxItem> rows = Rows();
  ASSERT_EQ(rows.size(), first.replies.size());
  ASSERT_EQ(handed_[0].size(), rows.size()) << "every row of the step is handed over";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    // Stored as claimed: one attempt counted, no pass takes it before the lease ends.
    EXPECT_EQ(rows[i].attempts, 1);
    EXPECT_GE(rows[i].next_attempt_at, before + kLease);
    EXPECT_LE(rows[i].next_attempt_at, NowUnixSeconds() + kLease);
    // Handed over as a claim reads it: same row, no attempt made yet.
    EXPECT_EQ(handed_[0][i].id, rows[i].id);
    EXPECT_EQ(handed_[0][i].attempts, 0);
    EXPECT_EQ(handed_[0][i].next_attempt_at, rows[i].next_attempt_at);
    EXPECT_EQ(handed_[0][i].payload, rows[i].payload);
    EXPECT_EQ(handed_[0][i].address_ciphertext, rows[i].address_ciphertext);
    EXPECT_EQ(handed_[0][i].pseudonym, rows[i].pseudonym);
  }
  // Those rows are still pending (not sent yet): the next step's rows wait
  // behind them, unleased, and the dispatcher is only woken.
  ConversationOutcome second = SendWa("w2", "4");
  ASSERT_FALSE(second.replies.empty());
  ASSERT_EQ(handed_.size(), 2u);
  EXPECT_TRUE(handed_[1].empty());
  rows = Rows();
  ASSERT_EQ(rows.size(), first.replies.size() + second.replies.size());
  for (std::size_t i = first.replies.size(); i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].attempts, 0);
    EXPECT_EQ(rows[i].next_attempt_at, kT0) << "due at once, behind the earlier rows";
  }
}

TEST_F(OutboxRepliesTest, StopCancelsWhatIsPendingButSendsItsOwnConfirmation) {
  const std::size_t greeting = SendWa("w1", "Bonjour").replies.size();
  ConversationOutcome stop = SendWa("w2", "STOP");
  ASSERT_EQ(stop.replies.size(), 1u);
  std::vector<store::OutboxItem> rows = Rows();
  ASSERT_EQ(rows.size(), greeting + 1);
  for (std::size_t i = 0; i < greeting; ++i) EXPECT_EQ(rows[i].status, "cancelled");
  EXPECT_EQ(rows.back().status, "pending");
  // The dispatcher is told to forget what it was handed of this resident,
  // then handed the confirmation.
  ASSERT_EQ(withdrawn_.size(), 2u);
  EXPECT_EQ(withdrawn_[0], "");
  EXPECT_EQ(withdrawn_[1], rows.back().pseudonym);
  EXPECT_FALSE(withdrawn_[1].empty());
  ASSERT_EQ(handed_[1].size(), 1u);
  EXPECT_EQ(handed_[1][0].id, rows.back().id);
}

TEST_F(OutboxRepliesTest, EraseLeavesOnlyItsConfirmationWithNoPseudonym) {
  SendWa("w1", "Bonjour");
  SendWa("w2", "EFFACER");
  ConversationOutcome erased = SendWa("w3", "OUI");
  std::vector<store::OutboxItem> rows = Rows();
  ASSERT_FALSE(rows.empty());
  // Whatever the erase step answered is the last row, keyed to no one.
  EXPECT_EQ(rows.back().pseudonym, "");
  EXPECT_EQ(rows.back().status, "pending");
  for (const store::OutboxItem& row : rows) {
    EXPECT_TRUE(row.pseudonym.empty()) << row.id;  // the earlier rows were deleted
  }
  EXPECT_FALSE(erased.replies.empty());
}

TEST_F(OutboxRepliesTest, WithoutTheOutboxEnabledSuchAMessageFailsAndStoresNothing) {
  Instance plain;
  InboundMessage m{"whatsapp", "33612345678", "w1", "Bonjour", kT0, ""};
  m.replies_by_outbox = true;
  std::promise<Result<ConversationOutcome>> promise;
  plain.service.Handle(std::move(m),
                       [&](Result<ConversationOutcome> r) { promise.set_value(std::move(r)); });
  Result<ConversationOutcome> outcome = promise.get_future().get();
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace levier::bot
