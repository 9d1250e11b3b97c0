// OutboxDispatcher against a real (in-memory) SQLite store, a fake sender
// and an injected clock: each RunOnce is one deterministic pass.
#include "levier/outbox/dispatcher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <future>
#include <stdexcept>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "levier/bot/script_registry.h"
#include "levier/dialogs/engine.h"
#include "levier/store/sqlite.h"
#include "levier/kb/knowledge_base.h"
#include "levier/kb/registry.h"
#include "levier/outbox/followup_hooks.h"
#include "levier/outbox/reply_hooks.h"
#include "levier/util/crypto.h"

namespace levier::outbox {
namespace LEVIER_UNITY_ID {

constexpr UnixSeconds kT0 = 1'780'000'000;  // 2026-05-28 20:26:40 UTC

using bot::Sender;
using bot::SendOutcome;
using bot::SendResult;

// Records each message as text: the replies numbered, one per line.
class FakeSender final : public Sender {
 public:
  SendResult Send(std::string_view address, const bot::Outgoing& message) override {
    std::string body;
    for (const std::string& text : dialogs::NumberedTexts(message.replies)) {
      body += body.empty() ? text : "\n" + text;
    }
    std::lock_guard lock(mutex);  // parallel sends
    calls.emplace_back(address, body);
    if (outcomes.empty()) return {SendOutcome::kSent, "http 201", "SM1"};
    SendResult r = outcomes.front();
    if (outcomes.size() > 1) outcomes.erase(outcomes.begin());
    return r;
  }
  std::vector<SendResult> outcomes;  // the last one repeats
  std::vector<std::pair<std::string, std::string>> calls;
  std::mutex mutex;
};

class StaticHooks final : public OutboxHooks {
 public:
  Result<Preparation> Prepare(const store::OutboxItem&, store::Transaction&, UnixSeconds) override {
    return preparation;
  }
  Status OnSent(const store::OutboxItem&, store::Transaction&, UnixSeconds) override {
    ++on_sent;
    return Status::Ok();
  }
  Preparation preparation{Preparation::Action::kSend,
                          {bot::SendKind::kFollowup, "fr", {dialogs::Reply{"Bonjour", {}, {}, false}}},
                          0,
                          ""};
  int on_sent = 0;
};

class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<store::Store>> s = store::OpenSqliteStore(":memory:");
    ASSERT_TRUE(s.ok()) << s.status().message();
    store_ = std::move(*s);
  }

  DispatcherOptions Options(std::string_view start = "00:00", std::string_view end = "24:00") {
    Result<SendingWindow> window = SendingWindow::Create("UTC", start, end);
    EXPECT_TRUE(window.ok());
    return DispatcherOptions{*window, {10, 100, 0.0}, 3, 0, 50, std::chrono::milliseconds(10),
                             key_};
  }
  std::unique_ptr<OutboxDispatcher> Make(OutboxHooks& hooks, DispatcherOptions options) {
    return std::make_unique<OutboxDispatcher>(
        *store_, hooks, std::map<std::string, Sender*>{{"sms", &sender_}}, std::move(options),
        [this] { return now_; });
  }

  Status Write(store::Store::Work work) {
    std::promise<Status> done;
    store_->Submit(std::move(work), [&](const Status& s) { done.set_value(s); });
    return done.get_future().get();
  }
  // A reply row, as the conversation core queues it.
  std::int64_t EnqueueReply(const std::string& pseudonym, const std::string& text) {
    std::int64_t id = 0;
    const std::string payload =
        nlohmann::json{{"language", "fr"}, {"reply", dialogs::ReplyToJson({text, {}, {}, false})}}
            .dump();
    EXPECT_TRUE(Write([&](store::Transaction& txn) -> Status {
                  Result<std::int64_t> r = txn.outbox().EnqueueOutbox(
                      {kT0, "sms", pseudonym, crypto::AesGcmSeal(key_, "+33611111111"),
                       std::string(store::kOutboxReply), payload, kT0});
                  if (!r.ok()) return r.status();
                  id = *r;
                  return Status::Ok();
                }).ok());
    return id;
  }
  // A reply row queued leased, and the item as the conversation core hands it over.
  store::OutboxItem EnqueueLeased(const std::string& pseudonym, const std::string& text,
                                  UnixSeconds leased_until, const std::string& channel = "sms") {
    store::OutboxRecord row{kT0, channel, pseudonym, crypto::AesGcmSeal(key_, "+33611111111"),
                            std::string(store::kOutboxReply),
                            nlohmann::json{{"language", "fr"},
                                           {"reply", dialogs::ReplyToJson({text, {}, {}, false})}}
                                .dump(),
                            kT0, leased_until};
    std::int64_t id = 0;
    EXPECT_TRUE(Write([&](store::Transaction& txn) -> Status {
                  Result<std::int64_t> r = txn.outbox().EnqueueOutbox(row);
                  if (!r.ok()) return r.status();
                  id = *r;
                  return Status::Ok();
                }).ok());
    return store::QueuedItem(id, std::move(row));
  }
  DispatcherOptions ReplyOptions(int parallel) {
    DispatcherOptions options = Options();
    options.kind = std::string(store::kOutboxReply);
    options.parallel = parallel;
    options.one_per_participant = false;
    return options;
  }
  std::vector<std::string> Bodies() {
    std::vector<std::string> out;
    for (const auto& call : sender_.calls) out.push_back(call.second);
    return out;
  }
  std::int64_t Enqueue(const std::string& pseudonym, UnixSeconds due,
                       const std::string& payload = R"({"barrier":"mobilite"})",
                       const std::string& address = "+33611111111") {
    std::int64_t id = 0;
    EXPECT_TRUE(Write([&](store::Transaction& txn) -> Status {
                  Result<std::int64_t> r = txn.outbox().EnqueueOutbox(
                      {kT0, "sms", pseudonym, crypto::AesGcmSeal(key_, address), "followup",
                       payload, due});
                  if (!r.ok()) return r.status();
                  id = *r;
                  return Status::Ok();
                }).ok());
    return id;
  }
  store::OutboxItem Row(std::int64_t id) {
    store::OutboxItem item;
    EXPECT_TRUE(Write([&](store::Transaction& txn) -> Status {
                  Result<std::optional<store::OutboxItem>> r = txn.outbox().FindOutbox(id);
                  if (!r.ok()) return r.status();
                  if (!r->has_value()) return Status::NotFound("row");
                  item = **r;
                  return Status::Ok();
                }).ok());
    return item;
  }

  const std::string key_ = crypto::RandomBytes(32);
  std::unique_ptr<store::Store> store_;
  FakeSender sender_;
  UnixSeconds now_ = kT0;
};

TEST_F(DispatcherTest, SendsWhenDueThenBlanksTheAddress) {
  StaticHooks hooks;
  auto dispatcher = Make(hooks, Options());
  const std::int64_t id = Enqueue("p1", kT0 + 60);
  EXPECT_EQ(dispatcher->RunOnce(), 0);  // not due yet
  EXPECT_TRUE(sender_.calls.empty());
  now_ = kT0 + 60;
  EXPECT_EQ(dispatcher->RunOnce(), 1);
  ASSERT_EQ(sender_.calls.size(), 1u);
  EXPECT_EQ(sender_.calls[0], (std::pair<std::string, std::string>{"+33611111111", "Bonjour"}));
  const store::OutboxItem row = Row(id);
  EXPECT_EQ(row.status, "sent");
  EXPECT_EQ(row.address_ciphertext, "");
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(hooks.on_sent, 1);
  EXPECT_EQ(dispatcher->RunOnce(), 0);  // never twice
  EXPECT_EQ(sender_.calls.size(), 1u);
}

// No exception ends the outbox loop: a pass that throws is logged, and the
// claimed row is sent on a later pass once its backoff is over.
TEST_F(DispatcherTest, ASendThatThrowsDoesNotStopTheLoop) {
  class ThrowsOnceSender final : public Sender {
   public:
    SendResult Send(std::string_view, const bot::Outgoing&) override {
      if (calls.fetch_add(1) == 0) throw std::runtime_error("sender bug");
      return {SendOutcome::kSent, "http 201", "SM1"};
    }
    std::atomic<int> calls{0};
  } sender;
  StaticHooks hooks;
  std::atomic<UnixSeconds> now{kT0};
  OutboxDispatcher dispatcher(*store_, hooks, {{"sms", &sender}}, Options(),
                              [&] { return now.load(); });
  const std::int64_t id = Enqueue("p1", kT0);
  const auto wait_for = [](const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return done();
  };
  dispatcher.Start();
  ASSERT_TRUE(wait_for([&] { return sender.calls.load() >= 1; }));
  now = kT0 + 1000;  // past the claim's backoff
  EXPECT_TRUE(wait_for([&] { return Row(id).status == "sent"; }));
  dispatcher.Stop();
  EXPECT_EQ(sender.calls.load(), 2);
}

TEST_F(DispatcherTest, TransientFailuresBackOffThenGiveUp) {
  StaticHooks hooks;
  sender_.outcomes = {{SendOutcome::kRetry, "http 503", ""}};
  auto dispatcher = Make(hooks, Options());
  const std::int64_t id = Enqueue("p1", kT0);
  dispatcher->RunOnce();
  EXPECT_EQ(Row(id).next_attempt_at, kT0 + 10);
  EXPECT_EQ(Row(id).last_error, "http 503");
  now_ = kT0 + 9;
  dispatcher->RunOnce();
  EXPECT_EQ(sender_.calls.size(), 1u);  // backing off
  now_ = kT0 + 10;
  dispatcher->RunOnce();
  EXPECT_EQ(Row(id).next_attempt_at, kT0 + 10 + 20);  // doubled
  now_ = kT0 + 30;
  dispatcher->RunOnce();  // third and last attempt
  const store::OutboxItem row = Row(id);
  EXPECT_EQ(sender_.calls.size(), 3u);
  EXPECT_EQ(row.status, "failed");
  EXPECT_EQ(row.attempts, 3);
  EXPECT_EQ(row.address_ciphertext, "");
  EXPECT_EQ(row.last_error, "gave up after 3 attempts: http 503");
  EXPECT_EQ(hooks.on_sent, 0);
}

TEST_F(DispatcherTest, ClientErrorFailsAtOnceAndOptOutCancelsEveryPendingRow) {
  StaticHooks hooks;
  sender_.outcomes = {{SendOutcome::kFailed, "http 400, twilio 21211", ""}};
  auto dispatcher = Make(hooks, Options());
  const std::int64_t bad = Enqueue("p1", kT0);
  dispatcher->RunOnce();
  EXPECT_EQ(Row(bad).status, "failed");
  EXPECT_EQ(Row(bad).last_error, "http 400, twilio 21211");

  sender_.outcomes = {{SendOutcome::kCancelled, "http 400, twilio 21610", ""}};
  const std::int64_t first = Enqueue("p2", kT0);
  const std::int64_t later = Enqueue("p2", kT0 + 3600);
  const std::int64_t other = Enqueue("p3", kT0 + 3600);
  dispatcher->RunOnce();
  EXPECT_EQ(Row(first).status, "cancelled");
  EXPECT_EQ(Row(later).status, "cancelled");
  EXPECT_EQ(Row(later).address_ciphertext, "");
  EXPECT_EQ(Row(other).status, "pending");
  EXPECT_EQ(sender_.calls.size(), 2u);
}

TEST_F(DispatcherTest, NothingLeavesOutsideTheWindow) {
  StaticHooks hooks;
  auto dispatcher = Make(hooks, Options("09:00", "10:00"));  // kT0 is 20:26 UTC
  const std::int64_t id = Enqueue("p1", kT0);
  EXPECT_EQ(dispatcher->RunOnce(), 0);
  EXPECT_TRUE(sender_.calls.empty());
  EXPECT_EQ(Row(id).attempts, 0);
  now_ = kT0 + (24 * 3600 - 20 * 3600 - 1600) + 9 * 3600;  // 09:00 the next day
  EXPECT_EQ(dispatcher->RunOnce(), 1);
}

TEST_F(DispatcherTest, PerChannelRateLimitDefersTheRest) {
  StaticHooks hooks;
  DispatcherOptions options = Options();
  options.per_minute = 2;
  auto dispatcher = Make(hooks, options);
  for (const char* p : {"a", "b", "c"}) Enqueue(p, kT0);
  EXPECT_EQ(dispatcher->RunOnce(), 2);
  EXPECT_EQ(sender_.calls.size(), 2u);
}

TEST_F(DispatcherTest, AddressSealedUnderAnotherKeyFailsWithoutSending) {
  StaticHooks hooks;
  auto dispatcher = Make(hooks, Options());
  std::int64_t id = 0;
  ASSERT_TRUE(Write([&](store::Transaction& txn) -> Status {
                Result<std::int64_t> r = txn.outbox().EnqueueOutbox(
                    {kT0, "sms", "p1", crypto::AesGcmSeal(crypto::RandomBytes(32), "+336"),
                     "followup", "{}", kT0});
                id = r.ok() ? *r : 0;
                return r.status();
              }).ok());
  dispatcher->RunOnce();
  EXPECT_TRUE(sender_.calls.empty());
  EXPECT_EQ(Row(id).status, "failed");
  EXPECT_EQ(Row(id).address_ciphertext, "");
}

TEST_F(DispatcherTest, HooksCancelOrPostpone) {
  StaticHooks hooks;
  hooks.preparation = {Preparation::Action::kPostpone, {}, kT0 + 3600, "busy"};
  auto dispatcher = Make(hooks, Options());
  const std::int64_t id = Enqueue("p1", kT0);
  dispatcher->RunOnce();
  EXPECT_EQ(Row(id).next_attempt_at, kT0 + 3600);
  EXPECT_EQ(Row(id).attempts, 0);
  hooks.preparation = {Preparation::Action::kCancel, {}, 0, "opted out"};
  now_ = kT0 + 3600;
  dispatcher->RunOnce();
  EXPECT_EQ(Row(id).status, "cancelled");
  EXPECT_EQ(Row(id).last_error, "opted out");
  EXPECT_TRUE(sender_.calls.empty());
}

TEST_F(DispatcherTest, FollowupHooksSendOneQuestionAtATime) {
  Result<dialogs::Script> script =
      dialogs::Script::LoadFromDirectory(LEVIER_SOURCE_DIR "/dialogs/default");
  ASSERT_TRUE(script.ok());
  Result<kb::KnowledgeBase> kb =
      kb::KnowledgeBase::LoadFromDirectory(LEVIER_SOURCE_DIR "/knowledge-base/data");
  ASSERT_TRUE(kb.ok());
  auto shared_kb = std::make_shared<const kb::KnowledgeBase>(std::move(*kb));
  bot::ScriptRegistry scripts(std::make_shared<const dialogs::Script>(std::move(*script)));
  const kb::KnowledgeBaseRegistry knowledge(shared_kb);
  FollowupHooks hooks([&scripts] { return scripts.Current(); }, knowledge);
  dialogs::Session session;
  session.language = "fr";
  session.node = "goodbye";
  session.ended = true;
  session.last_active_at = kT0 - 14 * 24 * 3600;
  ASSERT_TRUE(Write([&](store::Transaction& txn) {
                return txn.SaveSession("p1", dialogs::SessionToJson(session).dump(), kT0);
              }).ok());
  const std::int64_t housing = Enqueue("p1", kT0, R"({"barrier":"logement"})");
  const std::int64_t transport = Enqueue("p1", kT0, R"({"barrier":"mobilite"})");
  const std::int64_t erased = Enqueue("nobody", kT0);
  auto dispatcher = Make(hooks, Options());
  EXPECT_EQ(dispatcher->RunOnce(), 1);
  ASSERT_EQ(sender_.calls.size(), 1u);
  EXPECT_NE(sender_.calls[0].second.find("Logement"), std::string::npos) << sender_.calls[0].second;
  EXPECT_EQ(Row(housing).status, "sent");
  EXPECT_EQ(Row(transport).status, "pending");
  EXPECT_EQ(Row(erased).status, "cancelled");
  // The second is looked at once the first is sent: it waits, as the first
  // awaits its answer.
  EXPECT_EQ(dispatcher->RunOnce(), 0);
  EXPECT_EQ(Row(transport).status, "pending");
  EXPECT_EQ(Row(transport).next_attempt_at, kT0 + 3600);
  // The session now waits at the follow-up question, for the housing barrier.
  std::string stored;
  ASSERT_TRUE(Write([&](store::Transaction& txn) -> Status {
                Result<std::optional<std::string>> s = txn.LoadSession("p1");
                if (s.ok() && s->has_value()) stored = **s;
                return s.status();
              }).ok());
  Result<dialogs::Session> moved = dialogs::SessionFromJson(nlohmann::json::parse(stored));
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->node, "followup_contacted");
  EXPECT_EQ(moved->profile.at("followup_barrier"), "logement");
}

// Replies (kind "reply"): a dispatcher drains its own kind only.
TEST_F(DispatcherTest, ADispatcherDrainsOnlyItsKind) {
  StaticHooks followup_hooks;
  ReplyHooks reply_hooks;
  const std::int64_t followup = Enqueue("p1", kT0);
  const std::int64_t reply = EnqueueReply("p2", "Bonjour");
  auto replies = Make(reply_hooks, ReplyOptions(1));
  EXPECT_EQ(replies->RunOnce(), 1);
  EXPECT_EQ(Bodies(), std::vector<std::string>{"Bonjour"});
  EXPECT_EQ(Row(followup).status, "pending");
  EXPECT_EQ(Row(reply).status, "sent");
  EXPECT_EQ(Row(reply).payload, "");  // a reply's text is not kept once sent
  auto followups = Make(followup_hooks, Options());
  EXPECT_EQ(followups->RunOnce(), 1);
  EXPECT_EQ(Row(followup).status, "sent");
}

// The platform's id of a sent message is kept for its delivery reports,
// which never move a message back.
TEST_F(DispatcherTest, SentRowKeepsThePlatformIdAndTheFurthestDeliveryReport) {
  ReplyHooks hooks;
  sender_.outcomes = {{SendOutcome::kSent, "http 200", "wamid.A"}};
  const std::int64_t id = EnqueueReply("p1", "Bonjour");
  auto dispatcher = Make(hooks, ReplyOptions(1));
  ASSERT_EQ(dispatcher->RunOnce(), 1);
  EXPECT_EQ(Row(id).platform_id, "wamid.A");
  const auto report = [&](const char* platform_id, const char* delivery) {
    bool found = false;
    EXPECT_TRUE(Write([&](store::Transaction& txn) -> Status {
                  Result<bool> r = txn.outbox().RecordOutboxDelivery("sms", platform_id, delivery, kT0);
                  if (!r.ok()) return r.status();
                  found = *r;
                  return Status::Ok();
                }).ok());
    return found;
  };
  EXPECT_TRUE(report("wamid.A", "read"));
  EXPECT_TRUE(report("wamid.A", "delivered"));  // late: ignored, still known
  EXPECT_EQ(Row(id).delivery, "read");
  EXPECT_FALSE(report("wamid.unknown", "read"));
  EXPECT_TRUE(report("wamid.A", "failed"));
  EXPECT_EQ(Row(id).delivery, "failed");
}

// One participant's replies leave in the order they were queued, even with
// several sending threads; one that is not sent holds back the next ones,
// which follow it once it is through.
TEST_F(DispatcherTest, AParticipantsRepliesLeaveInOrderAndAFailureHoldsBackTheNext) {
  // Records every call; the first attempt at "p2-1" fails.
  class FailsP2OnceSender final : public Sender {
   public:
    SendResult Send(std::string_view, const bot::Outgoing& message) override {
      const std::string& text = message.replies.at(0).text;
      std::lock_guard lock(mutex);
      calls.push_back(text);
      if (text == "p2-1" && !failed) {
        failed = true;
        return {SendOutcome::kRetry, "http 503", ""};
      }
      return {SendOutcome::kSent, "http 200", "id-" + text};
    }
    std::mutex mutex;
    std::vector<std::string> calls;
    bool failed = false;
  } sender;
  ReplyHooks hooks;
  for (int i = 1; i <= 4; ++i) EnqueueReply("p1", "p1-" + std::to_string(i));
  for (int i = 1; i <= 4; ++i) EnqueueReply("p2", "p2-" + std::to_string(i));
  OutboxDispatcher dispatcher(*store_, hooks, {{"sms", &sender}}, ReplyOptions(4),
                              [this] { return now_; });
  // p1's four go in one pass; p2's first fails and holds back its next three.
  EXPECT_EQ(dispatcher.RunOnce(), 4);
  EXPECT_EQ(sender.calls.size(), 5u);
  for (int pass = 0; pass < 10; ++pass) {
    now_ += 200;  // past any backoff
    (void)dispatcher.RunOnce();
  }
  std::vector<std::string> p1;
  std::vector<std::string> p2;
  for (const std::string& text : sender.calls) (text[1] == '1' ? p1 : p2).push_back(text);
  EXPECT_EQ(p1, (std::vector<std::string>{"p1-1", "p1-2", "p1-3", "p1-4"}));
  // The failed one is tried again before anything after it.
  EXPECT_EQ(p2, (std::vector<std::string>{"p2-1", "p2-1", "p2-2", "p2-3", "p2-4"}));
}

// Different participants are sent to at the same time: with 3 sending
// threads, 3 sends are in flight together (each waits for the others).
TEST_F(DispatcherTest, ParticipantsAreSentToInParallel) {
  class MeetingSender final : public Sender {
   public:
    SendResult Send(std::string_view, const bot::Outgoing&) override {
      std::unique_lock lock(mutex);
      ++arrived;
      met.notify_all();
      const bool all = met.wait_for(lock, std::chrono::seconds(10), [&] { return arrived >= 3; });
      return all ? SendResult{SendOutcome::kSent, "http 200", "id"}
                 : SendResult{SendOutcome::kFailed, "alone", ""};
    }
    std::mutex mutex;
    std::condition_variable met;
    int arrived = 0;
  } sender;
  ReplyHooks hooks;
  for (const char* p : {"a", "b", "c"}) EnqueueReply(p, "Bonjour");
  OutboxDispatcher dispatcher(*store_, hooks, {{"sms", &sender}}, ReplyOptions(3),
                              [this] { return now_; });
  EXPECT_EQ(dispatcher.RunOnce(), 3);
}

// Wake sends rows just queued without waiting for the next poll.
TEST_F(DispatcherTest, WakeSendsWithoutWaitingForThePoll) {
  ReplyHooks hooks;
  DispatcherOptions options = ReplyOptions(1);
  options.poll = std::chrono::minutes(10);
  auto dispatcher = Make(hooks, options);
  dispatcher->Start();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the first pass found nothing
  const std::int64_t id = EnqueueReply("p1", "Bonjour");
  dispatcher->Wake();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (Row(id).status != "sent" && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  dispatcher->Stop();
  EXPECT_EQ(Row(id).status, "sent");
}

// Rows leased by the unit that queued them are not due for the passes; handed
// over, they are sent in their order and recorded like claimed ones.
TEST_F(DispatcherTest, DeliveredRowsAreSentWithoutAClaimAndRecorded) {
  ReplyHooks hooks;
  auto dispatcher = Make(hooks, ReplyOptions(2));
  std::vector<store::OutboxItem> rows = {EnqueueLeased("p1", "p1-1", now_ + 10),
                                         EnqueueLeased("p1", "p1-2", now_ + 10),
                                         EnqueueLeased("p2", "p2-1", now_ + 10)};
  EXPECT_EQ(dispatcher->RunOnce(), 0) << "leased: no pass takes them";
  EXPECT_TRUE(sender_.calls.empty());
  dispatcher->Deliver(rows);
  bool all_sent = false;
  EXPECT_EQ(dispatcher->RunDelivered(&all_sent), 3);
  EXPECT_TRUE(all_sent);
  std::vector<std::string> p1;
  for (const std::string& body : Bodies()) {
    if (body.rfind("p1", 0) == 0) p1.push_back(body);
  }
  EXPECT_EQ(p1, (std::vector<std::string>{"p1-1", "p1-2"}));
  for (const store::OutboxItem& row : rows) {
    const store::OutboxItem stored = Row(row.id);
    EXPECT_EQ(stored.status, "sent");
    EXPECT_EQ(stored.attempts, 1);
    EXPECT_EQ(stored.address_ciphertext, "");
    EXPECT_EQ(stored.platform_id, "SM1");
  }
  EXPECT_EQ(dispatcher->RunDelivered(), 0) << "each delivery is sent once";
  EXPECT_EQ(sender_.calls.size(), 3u);
}

// Past its lease a pass may already have sent the row: the hand-over leaves
// it, and the pass (here the only one) sends it, as a second attempt.
TEST_F(DispatcherTest, ADeliveredRowPastItsLeaseIsLeftToThePasses) {
  ReplyHooks hooks;
  auto dispatcher = Make(hooks, ReplyOptions(1));
  const store::OutboxItem row = EnqueueLeased("p1", "late", now_ + 10);
  now_ += 10;
  dispatcher->Deliver({row});
  EXPECT_EQ(dispatcher->RunDelivered(), 0);
  EXPECT_TRUE(sender_.calls.empty());
  EXPECT_EQ(dispatcher->RunOnce(), 1);
  EXPECT_EQ(Bodies(), (std::vector<std::string>{"late"}));
  EXPECT_EQ(Row(row.id).attempts, 2);
}

// A failed send holds back the participant's next row; both are then the
// passes' to send, in order, the failed one after its backoff.
TEST_F(DispatcherTest, ADeliveredRowThatFailsHoldsBackTheNextForThePasses) {
  ReplyHooks hooks;
  sender_.outcomes = {{SendOutcome::kRetry, "http 503", ""}, {SendOutcome::kSent, "", "x"}};
  auto dispatcher = Make(hooks, ReplyOptions(1));
  const store::OutboxItem first = EnqueueLeased("p1", "first", now_ + 10);
  const store::OutboxItem second = EnqueueLeased("p1", "second", now_ + 10);
  dispatcher->Deliver({first, second});
  bool all_sent = true;
  EXPECT_EQ(dispatcher->RunDelivered(&all_sent), 0);
  EXPECT_FALSE(all_sent);
  EXPECT_EQ(Bodies(), (std::vector<std::string>{"first"}));
  EXPECT_EQ(Row(first.id).attempts, 1);
  EXPECT_EQ(Row(second.id).attempts, 0) << "not tried: its attempt given back";
  EXPECT_EQ(dispatcher->RunOnce(), 0) << "the second waits behind the first's backoff";
  now_ += 200;
  EXPECT_EQ(dispatcher->RunOnce(), 2);
  EXPECT_EQ(Bodies(), (std::vector<std::string>{"first", "first", "second"}));
}

// A row the hand-over cannot send (here: its channel has no sender yet) is
// given back to the passes at once, and holds back that participant's next.
TEST_F(DispatcherTest, ADeliveredRowItCannotSendIsGivenBackToThePasses) {
  ReplyHooks hooks;
  auto dispatcher = Make(hooks, ReplyOptions(1));
  const store::OutboxItem other = EnqueueLeased("p1", "elsewhere", now_ + 10, "telegram");
  const store::OutboxItem next = EnqueueLeased("p1", "next", now_ + 10);
  dispatcher->Deliver({other, next});
  EXPECT_EQ(dispatcher->RunDelivered(), 0);
  EXPECT_TRUE(sender_.calls.empty());
  for (const store::OutboxItem& row : {other, next}) {
    const store::OutboxItem stored = Row(row.id);
    EXPECT_EQ(stored.status, "pending");
    EXPECT_EQ(stored.attempts, 0);
    EXPECT_EQ(stored.next_attempt_at, now_);
    EXPECT_EQ(stored.last_error, "given back to the passes");
  }
}

// A STOP or an erasure withdraws what was handed over for that resident and
// not yet being sent; other residents' rows go.
TEST_F(DispatcherTest, WithdrawnRowsAreNotSent) {
  ReplyHooks hooks;
  auto dispatcher = Make(hooks, ReplyOptions(1));
  dispatcher->Deliver({EnqueueLeased("p1", "p1-1", now_ + 10), EnqueueLeased("p2", "p2-1", now_ + 10),
                       EnqueueLeased("p1", "p1-2", now_ + 10)});
  dispatcher->Withdraw("p1");
  const store::OutboxItem confirmation = EnqueueLeased("p1", "stopped", now_ + 10);
  dispatcher->Deliver({confirmation});
  EXPECT_EQ(dispatcher->RunDelivered(), 2);
  EXPECT_EQ(Bodies(), (std::vector<std::string>{"p2-1", "stopped"}));
}

// Started, the dispatcher sends a delivery at once: no Wake, no poll.
TEST_F(DispatcherTest, DeliverSendsAtOnceWithoutAPass) {
  ReplyHooks hooks;
  DispatcherOptions options = ReplyOptions(1);
  options.poll = std::chrono::minutes(10);
  now_ = NowUnixSeconds();
  auto dispatcher = Make(hooks, options);
  dispatcher->Start();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the first pass found nothing
  const store::OutboxItem row = EnqueueLeased("p1", "Bonjour", now_ + 600);
  dispatcher->Deliver({row});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (Row(row.id).status != "sent" && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  dispatcher->Stop();
  EXPECT_EQ(Row(row.id).status, "sent");
}

// An erased participant's last reply has no pseudonym; such rows never wait
// for one another.
TEST_F(DispatcherTest, RepliesWithoutPseudonymDoNotHoldEachOtherBack) {
  ReplyHooks hooks;
  sender_.outcomes = {{SendOutcome::kRetry, "http 503", ""}, {SendOutcome::kSent, "", "x"}};
  EnqueueReply("", "first");
  EnqueueReply("", "second");
  auto dispatcher = Make(hooks, ReplyOptions(1));
  EXPECT_EQ(dispatcher->RunOnce(), 1);
  EXPECT_EQ(Bodies(), (std::vector<std::string>{"first", "second"}));
}

}  // namespace
}  // namespace levier::outbox
