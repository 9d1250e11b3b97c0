#include "levier/bot/conversation_service.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "levier/bot/invitation_code.h"
#include "levier/bot/pseudonym.h"
#include "levier/dialogs/engine.h"
#include "levier/util/crypto.h"
#include "levier/util/json_dump.h"
#include "levier/util/log.h"
#include "levier/util/time_util.h"

namespace levier::bot {
namespace {

// `outbox_on`: replies through the outbox are enabled (the only way a copy
// of the contacts can go out).
dialogs::StepInput StepInputFor(const InboundMessage& message,
                                const dialogs::EngineOptions& options, bool outbox_on) {
  dialogs::StepInput input{message.text, message.channel, message.received_at, options,
                           message.choice};
  input.unreadable = message.unreadable;
  input.followups_possible = message.followups_possible;
  input.language_hint = message.language_hint;
  input.spoken = message.spoken;
  input.start_over = message.start_over;
  input.copy_possible = outbox_on && !message.copy_channel.empty();
  return input;
}

using nlohmann::json;

// The session to step with `script`: the stored one when it is pinned to this
// version, otherwise a fresh one that keeps only what must survive a script
// change (the opt-out, the language, and the invitation the resident came with).
dialogs::Session SessionForScript(const std::optional<dialogs::Session>& stored,
                                  const dialogs::Script& script) {
  if (!stored) return {};
  if (stored->script_version.empty() || stored->script_version == script.version()) return *stored;
  dialogs::Session fresh;
  fresh.opted_out = stored->opted_out;
  fresh.language = stored->language;
  fresh.invitation = stored->invitation;
  fresh.invited_by = stored->invited_by;
  return fresh;
}

Result<std::optional<dialogs::Session>> ParseStoredSession(const std::optional<std::string>& text) {
  if (!text) return std::optional<dialogs::Session>();
  json parsed = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return Status::Internal("stored session is not valid JSON");
  Result<dialogs::Session> session = dialogs::SessionFromJson(parsed);
  if (!session.ok()) return session.status();
  return std::optional<dialogs::Session>(std::move(*session));
}

// Stored with the message id, so a redelivery is answered with the very same
// replies, choices included, on whichever channel it came.
// The reply stored with a message id, for its redeliveries: the replies and
// the language they are in (a channel marks it up: the web chat's `lang`).
std::string SerializeReplies(const std::vector<dialogs::Reply>& replies,
                             const std::string& language) {
  json list = json::array();
  for (const dialogs::Reply& reply : replies) list.push_back(dialogs::ReplyToJson(reply));
  json stored{{"replies", std::move(list)}};
  if (!language.empty()) stored["language"] = language;
  return DumpJson(stored);
}

// Fills the outcome of a redelivery from its stored reply. Rows written
// before replies had choices hold plain strings (ReplyFromJson reads both),
// and rows written before the language was kept have none.
void ReadStoredReply(const std::string& text, ConversationOutcome* outcome) {
  json parsed = json::parse(text, nullptr, false);
  if (!parsed.is_object()) return;
  if (parsed.contains("replies") && parsed["replies"].is_array()) {
    for (const auto& r : parsed["replies"]) {
      Result<dialogs::Reply> reply = dialogs::ReplyFromJson(r);
      if (reply.ok()) outcome->replies.push_back(std::move(*reply));
    }
  }
  if (parsed.contains("language") && parsed["language"].is_string()) {
    outcome->language = parsed["language"].get<std::string>();
  }
}

}  // namespace

ConversationService::ConversationService(store::Store& store, ScriptRegistry& scripts,
                                         const kb::KnowledgeBaseRegistry& knowledge,
                                         std::string secret, dialogs::EngineOptions engine_options,
                                         std::uint32_t per_sender_per_minute, Metrics* metrics)
    : store_(store),
      scripts_(scripts),
      engine_options_(engine_options),
      per_sender_per_minute_(per_sender_per_minute),
      knowledge_(knowledge),
      secret_(std::move(secret)),
      metrics_(metrics) {}

void ConversationService::EnableFollowups(std::string key, UnixSeconds delay) {
  followup_key_ = std::move(key);
  followup_delay_ = delay;
}

void ConversationService::EnableOutboxReplies(std::string key, UnixSeconds lease_s,
                                              RepliesQueued queued) {
  reply_key_ = std::move(key);
  reply_lease_ = std::max<UnixSeconds>(lease_s, 1);
  replies_queued_ = std::move(queued);
}

void ConversationService::RecordDelivery(std::string channel, std::string platform_id,
                                         std::string delivery, UnixSeconds at,
                                         std::function<void(Result<bool>)> done) {
  auto found = std::make_shared<bool>(false);
  store_.Submit(
      [=, channel = std::move(channel), platform_id = std::move(platform_id),
       delivery = std::move(delivery)](store::Transaction& txn) -> Status {
        Result<bool> r = txn.outbox().RecordOutboxDelivery(channel, platform_id, delivery, at);
        if (!r.ok()) return r.status();
        *found = *r;
        return Status::Ok();
      },
      [found, done = std::move(done)](const Status& s) {
        if (!s.ok()) return done(s);
        done(*found);
      });
}

void ConversationService::Handle(InboundMessage message, Done done) {
  auto outcome = std::make_shared<ConversationOutcome>();
  auto pseudonym = std::make_shared<std::string>(
      Pseudonymize(secret_, message.channel, message.sender));
  // Sealed now because the raw address goes next; stored only if this
  // message turns out to be the resident's consent to a follow-up or a
  // request for a copy of the contacts. A channel that replies through the
  // outbox needs it for every message.
  const std::string& key =
      message.replies_by_outbox || !message.copy_channel.empty() ? reply_key_ : followup_key_;
  auto sealed_address = std::make_shared<std::string>(
      key.empty() ? std::string() : crypto::AesGcmSeal(key, message.sender));
  // The raw address is not needed past this point: drop it now.
  message.sender.clear();
  auto msg = std::make_shared<InboundMessage>(std::move(message));
  // Stepped here, on the caller's thread, when the session as last written
  // is known; the writer then only checks and writes (see StepAhead).
  auto ahead = std::make_shared<std::optional<SteppedAhead>>();
  // A message that is an invitation code is looked up in the store, on the
  // writer: not stepped ahead.
  auto code = std::make_shared<std::string>(msg->choice.empty() ? InvitationCodeIn(msg->text)
                                                                : std::string());
  if (code->empty()) *ahead = StepAhead(*pseudonym, *msg);

  auto work = [this, outcome, pseudonym, sealed_address, msg, ahead,
               code](store::Transaction& txn) -> Status {
    // A unit run again (its batch rolled back) starts from nothing.
    outcome->queued_replies = 0;
    outcome->leased_replies.clear();
    outcome->withdrawn_replies.clear();
    // Another instance may be processing this participant's previous
    // message: wait for it, then read what it stored.
    if (Status locked = txn.LockParticipant(*pseudonym); !locked.ok()) return locked;
    Result<std::optional<store::ProcessedMessage>> seen =
        txn.FindProcessed(*pseudonym, msg->channel, msg->message_id);
    if (!seen.ok()) return seen.status();
    if (seen->has_value()) {
      outcome->duplicate = true;
      ReadStoredReply((*seen)->reply, outcome.get());
      return Status::Ok();
    }
    // Only new messages spend the sender's allowance, here on the writer so
    // that a redelivery is recognised first whatever the limits. The
    // allowances are the store's: shared by every instance of a database.
    const std::int64_t now_ms = NowUnixMillis();
    Result<bool> allowed = txn.SpendAllowance("sender:" + *pseudonym, per_sender_per_minute_, now_ms);
    if (!allowed.ok()) return allowed.status();
    if (!*allowed) {
      outcome->rate_limited = true;
      return Status::Ok();
    }
    // Past the code attempts allowed, a code-shaped message is read as any
    // other text (and the lookup is not made).
    if (!code->empty()) {
      Result<bool> attempt = txn.SpendAllowance("code:" + *pseudonym, kCodeAttemptsPerMinute, now_ms);
      if (!attempt.ok()) return attempt.status();
      if (!*attempt) {
        outcome->code_attempts_limited = true;
        code->clear();
      }
    }
    Result<std::optional<std::string>> stored_text = txn.LoadSession(*pseudonym);
    if (!stored_text.ok()) return stored_text.status();
    if (ahead->has_value() && stored_text->has_value() &&
        (*ahead)->from_text == **stored_text) {
      // Nothing was written to this session since the step was taken.
      return Apply((*ahead)->step, (*ahead)->session_text, *pseudonym, *msg, *sealed_address,
                   txn, *outcome);
    }
    Result<std::optional<dialogs::Session>> stored = ParseCached(*pseudonym, *stored_text);
    if (!stored.ok()) return stored.status();

    std::shared_ptr<const dialogs::Script> script;
    if (stored->has_value() && !(*stored)->script_version.empty()) {
      script = scripts_.Find((*stored)->script_version, txn);
    }
    if (script == nullptr) script = scripts_.Current();
    const dialogs::Session session = SessionForScript(*stored, *script);

    const std::shared_ptr<const kb::KnowledgeBase> kb = knowledge_.Current();
    dialogs::StepInput input = StepInputFor(*msg, engine_options_, !reply_key_.empty());
    std::optional<CodeLookup> lookup;
    if (!code->empty()) {
      Result<CodeLookup> found = LookUpCode(*code, session, msg->received_at, txn);
      if (!found.ok()) return found.status();
      lookup = std::move(*found);
      // Views into the lookup's own strings, set once it stays put.
      lookup->use.code = lookup->invitation.code;
      lookup->use.org = lookup->invitation.org;
      input.invitation = lookup->use;
      // The professional chose the participant's language: it wins over
      // the phone's, but not over a language already spoken.
      if (!lookup->invitation.language.empty()) input.language_hint = lookup->invitation.language;
    }
    const dialogs::StepResult step = dialogs::Step(*script, *kb, session, input);
    if (lookup && lookup->count_use) {
      Result<bool> first = txn.invitations().Attribute(*pseudonym, *code, step.session.language,
                                                       msg->received_at);
      if (!first.ok()) return first.status();
    }
    return Apply(step, DumpJson(dialogs::SessionToJson(step.session)), *pseudonym, *msg,
                 *sealed_address, txn, *outcome);
  };

  auto on_committed = [this, outcome, msg, pseudonym,
                       done = std::move(done)](const Status& status) {
    if (!status.ok()) {
      log::Warn("message_not_processed",
                {{"channel", msg->channel}, {"error", StatusCodeName(status.code())}});
      done(status);
      return;
    }
    if (outcome->rate_limited) {
      log::Warn("sender_rate_limited", {{"channel", msg->channel},
                                        {"pseudonym", *pseudonym},
                                        {"message_id", msg->message_id}});
    }
    if (outcome->code_attempts_limited) {
      log::Warn("invitation_code_attempts_limited", {{"channel", msg->channel},
                                                     {"pseudonym", *pseudonym}});
      if (metrics_ != nullptr) metrics_->CountLimited("invitation_code");
    }
    if (metrics_ != nullptr) {
      if (outcome->duplicate) {
        metrics_->CountDuplicate(msg->channel);
      } else if (outcome->rate_limited) {
        metrics_->CountLimited("sender");
      } else {
        metrics_->CountMessage(msg->channel);
        metrics_->CountReferrals(outcome->referrals.size());
      }
    }
    if ((outcome->queued_replies > 0 || !outcome->withdrawn_replies.empty()) &&
        replies_queued_) {
      replies_queued_({std::move(outcome->leased_replies), outcome->withdrawn_replies});
    }
    outcome->leased_replies.clear();
    done(std::move(*outcome));
  };

  // Named, so that a store shared by instances locks the batch's
  // participants together before `work`'s own LockParticipant. A code
  // locks its invitation too: counting a use locks the invitation's row,
  // and two batches taking two codes' rows in opposite orders would
  // deadlock; taken with the batch's other keys, in one order, they cannot.
  std::vector<std::string> keys{*pseudonym};
  if (!code->empty()) keys.push_back(std::string(kInvitationLockPrefix) + *code);
  store_.SubmitForParticipants(std::move(keys), std::move(work), std::move(on_committed));
}

std::optional<ConversationService::SteppedAhead> ConversationService::StepAhead(
    const std::string& pseudonym, const InboundMessage& message) {
  SteppedAhead ahead;
  dialogs::Session session;
  {
    std::lock_guard lock(cache_mutex_);
    auto it = session_cache_.find(pseudonym);
    if (it == session_cache_.end()) return std::nullopt;  // the writer reads the store
    ahead.from_text = it->second.text;
    session = it->second.session;
  }
  // Pinned to an older script version: the writer finds it (possibly in the
  // store) and steps there.
  const std::shared_ptr<const dialogs::Script> script = scripts_.Current();
  if (!session.script_version.empty() && session.script_version != script->version()) {
    return std::nullopt;
  }
  const std::shared_ptr<const kb::KnowledgeBase> kb = knowledge_.Current();
  ahead.step = dialogs::Step(*script, *kb, session,
                             StepInputFor(message, engine_options_, !reply_key_.empty()));
  ahead.session_text = DumpJson(dialogs::SessionToJson(ahead.step.session));
  return ahead;
}

Result<std::optional<dialogs::Session>> ConversationService::ParseCached(
    const std::string& pseudonym, const std::optional<std::string>& text) {
  if (!text) return std::optional<dialogs::Session>();
  {
    std::lock_guard lock(cache_mutex_);
    auto it = session_cache_.find(pseudonym);
    if (it != session_cache_.end() && it->second.text == *text) {
      return std::optional<dialogs::Session>(it->second.session);
    }
  }
  Result<std::optional<dialogs::Session>> parsed = ParseStoredSession(text);
  if (parsed.ok() && parsed->has_value()) {
    std::lock_guard lock(cache_mutex_);
    if (session_cache_.size() >= kMaxCachedSessions) session_cache_.clear();
    session_cache_[pseudonym] = CachedSession{*text, **parsed};
  }
  return parsed;
}

Status ConversationService::Apply(const dialogs::StepResult& step, std::string session_text,
                                  const std::string& pseudonym, const InboundMessage& message,
                                  const std::string& sealed_address, store::Transaction& txn,
                                  ConversationOutcome& outcome) {
  const auto has = [&](dialogs::EventKind kind) {
    return std::find(step.events.begin(), step.events.end(), kind) != step.events.end();
  };
  const bool erased = has(dialogs::EventKind::kEraseConfirmed);
  if (erased) {
    // Nothing keyed to the pseudonym may remain, not even this message's id:
    // it is recorded under an empty pseudonym so a redelivery still dedupes.
    Status s = txn.EraseParticipant(pseudonym, message.received_at);
    if (!s.ok()) return s;
    std::lock_guard lock(cache_mutex_);
    session_cache_.erase(pseudonym);
  } else {
    Status saved = txn.SaveSession(pseudonym, session_text, message.received_at);
    if (!saved.ok()) return saved;
    // Remember the parsed form of what was written. If this write is rolled
    // back, the stored text differs and the next message parses it again.
    std::lock_guard lock(cache_mutex_);
    if (session_cache_.size() >= kMaxCachedSessions) session_cache_.clear();
    session_cache_[pseudonym] = CachedSession{std::move(session_text), step.session};
  }
  if (has(dialogs::EventKind::kHandoffRequested) && !erased) {
    Status s = txn.AppendCallbackRequest(pseudonym, message.channel, step.session.language,
                                         message.received_at);
    if (!s.ok()) return s;
  }
  if (!erased) {
    Status s = ApplyFollowups(step, pseudonym, message, sealed_address, txn);
    if (!s.ok()) return s;
    s = ApplyInvitation(step, pseudonym, message, txn);
    if (!s.ok()) return s;
  }
  for (const auto& referral : step.referrals) {
    store::ReferralRecord record;
    record.at = message.received_at;
    record.pseudonym = erased ? std::string() : pseudonym;
    record.channel = message.channel;
    record.language = step.session.language;
    record.barrier = referral.barrier;
    record.provider_id = referral.provider_id;
    record.commune = referral.commune;
    record.neighbourhood = referral.neighbourhood;
    if (!step.session.invitation.empty()) record.source = step.session.invitation;
    Status appended = txn.AppendReferral(record);
    if (!appended.ok()) return appended;
    outcome.referrals.emplace_back(referral.provider_id, referral.barrier);
  }
  Status recorded =
      txn.RecordProcessed(message.channel, message.message_id, erased ? "" : pseudonym,
                          SerializeReplies(step.replies, step.session.language),
                          message.received_at);
  if (!recorded.ok()) return recorded;
  if (erased || has(dialogs::EventKind::kOptedOut)) outcome.withdrawn_replies = pseudonym;
  const bool copy = has(dialogs::EventKind::kCopyRequested) && !erased &&
                    !message.copy_channel.empty();
  UnixSeconds leased_until = 0;
  if ((message.replies_by_outbox && !step.replies.empty()) || (copy && !step.copy.empty())) {
    // Decided once for the unit's rows, before any is queued: they go
    // out together, in order, or all wait behind an earlier reply.
    Result<UnixSeconds> lease = ReplyLease(erased ? std::string() : pseudonym, message, txn);
    if (!lease.ok()) return lease.status();
    leased_until = *lease;
  }
  if (message.replies_by_outbox) {
    // Last, so that a STOP or an erasure above cannot cancel this step's own reply.
    Status queued = QueueReplies(step, erased ? std::string() : pseudonym, message,
                                 sealed_address, leased_until, txn, outcome);
    if (!queued.ok()) return queued;
    outcome.queued_replies = step.replies.size();
  }
  if (copy) {
    Status queued = QueueCopy(step, pseudonym, message, sealed_address, leased_until, txn,
                              outcome);
    if (!queued.ok()) return queued;
    outcome.queued_replies += step.copy.size();
  }

  outcome.replies = step.replies;
  outcome.language = step.session.language;
  outcome.node = step.session.node;
  outcome.barriers = step.session.barriers;
  outcome.ended = step.session.ended;
  outcome.step = step;
  return Status::Ok();
}

Result<ConversationService::CodeLookup> ConversationService::LookUpCode(
    const std::string& code, const dialogs::Session& session, UnixSeconds now,
    store::Transaction& txn) {
  Result<std::optional<store::Invitation>> found = txn.invitations().FindInvitation(code);
  if (!found.ok()) return found.status();
  CodeLookup lookup;
  // An unknown code is only text: the conversation reads it as it would
  // any message (most likely "not understood"), never a dead end.
  if (!found->has_value()) return lookup;
  lookup.invitation = std::move(**found);
  const store::Invitation& invitation = lookup.invitation;
  const bool already_theirs = session.invitation == invitation.code;
  const bool expired = invitation.expires_at != 0 && now >= invitation.expires_at;
  const bool used_up = invitation.max_uses != 0 && invitation.uses >= invitation.max_uses;
  if (expired || (used_up && !already_theirs)) {
    lookup.use.kind = dialogs::InvitationUse::Kind::kNotValid;
    return lookup;
  }
  lookup.use.kind = dialogs::InvitationUse::Kind::kAccepted;  // the caller points code and org
  lookup.count_use = true;  // counted once per resident by the store
  return lookup;
}

Status ConversationService::ApplyInvitation(const dialogs::StepResult& step,
                                            const std::string& pseudonym,
                                            const InboundMessage& message,
                                            store::Transaction& txn) {
  for (dialogs::EventKind event : step.events) {
    if (event == dialogs::EventKind::kShareConsented) {
      Status s = txn.invitations().SetShareConsent(pseudonym, step.session.invitation,
                                                   store::kShareYes, step.session.barriers,
                                                   message.received_at);
      if (!s.ok()) return s;
    }
    if (event == dialogs::EventKind::kShareWithdrawn) {
      Result<std::int64_t> n =
          txn.invitations().WithdrawShareConsent(pseudonym, message.received_at);
      if (!n.ok()) return n.status();
    }
  }
  return Status::Ok();
}

Result<UnixSeconds> ConversationService::ReplyLease(const std::string& pseudonym,
                                                   const InboundMessage& message,
                                                   store::Transaction& txn) {
  if (reply_key_.empty()) return UnixSeconds{0};
  // An erased participant's last reply (no pseudonym) waits for no one.
  if (!pseudonym.empty()) {
    Result<bool> waiting = txn.outbox().HasPendingOutbox(pseudonym, store::kOutboxReply);
    if (!waiting.ok()) return waiting.status();
    if (*waiting) return UnixSeconds{0};
  }
  return std::max(message.received_at, NowUnixSeconds()) + reply_lease_;
}

Status ConversationService::QueueReplies(const dialogs::StepResult& step,
                                         const std::string& pseudonym,
                                         const InboundMessage& message,
                                         const std::string& sealed_address,
                                         UnixSeconds leased_until, store::Transaction& txn,
                                         ConversationOutcome& outcome) {
  if (step.replies.empty()) return Status::Ok();
  if (sealed_address.empty()) {
    return Status::FailedPrecondition("channel '" + message.channel +
                                      "' replies through the outbox, which is not enabled");
  }
  return EnqueueReplies(step.replies, step.session.language, message.channel, pseudonym,
                        message, sealed_address, leased_until, txn, outcome);
}

Status ConversationService::QueueCopy(const dialogs::StepResult& step,
                                      const std::string& pseudonym, const InboundMessage& message,
                                      const std::string& sealed_address,
                                      UnixSeconds leased_until, store::Transaction& txn,
                                      ConversationOutcome& outcome) {
  if (sealed_address.empty()) {
    return Status::FailedPrecondition("a copy of the contacts goes through the outbox, which is "
                                      "not enabled");
  }
  // Sent by the copy channel (SMS) to the caller's number, under the
  // caller's pseudonym: an erasure of this conversation removes it too.
  return EnqueueReplies(step.copy, step.session.language, message.copy_channel, pseudonym,
                        message, sealed_address, leased_until, txn, outcome);
}

Status ConversationService::EnqueueReplies(const std::vector<dialogs::Reply>& replies,
                                           const std::string& language,
                                           const std::string& channel,
                                           const std::string& pseudonym,
                                           const InboundMessage& message,
                                           const std::string& sealed_address,
                                           UnixSeconds leased_until, store::Transaction& txn,
                                           ConversationOutcome& outcome) {
  for (const dialogs::Reply& reply : replies) {
    store::OutboxRecord row;
    row.created_at = message.received_at;
    row.channel = channel;
    row.pseudonym = pseudonym;
    row.address_ciphertext = sealed_address;
    row.kind = std::string(store::kOutboxReply);
    row.payload = DumpJson(json{{"language", language}, {"reply", dialogs::ReplyToJson(reply)}});
    row.due_at = message.received_at;
    row.leased_until = leased_until;
    Result<std::int64_t> id = txn.outbox().EnqueueOutbox(row);
    if (!id.ok()) return id.status();
    if (leased_until != 0) outcome.leased_replies.push_back(store::QueuedItem(*id, std::move(row)));
  }
  return Status::Ok();
}

Status ConversationService::ApplyFollowups(const dialogs::StepResult& step,
                                           const std::string& pseudonym,
                                           const InboundMessage& message,
                                           const std::string& sealed_address,
                                           store::Transaction& txn) {
  const auto has = [&](dialogs::EventKind kind) {
    return std::find(step.events.begin(), step.events.end(), kind) != step.events.end();
  };
  const UnixSeconds now = message.received_at;
  if (has(dialogs::EventKind::kOptedOut)) {
    // STOP: nothing more may be sent, and no address kept for it.
    // Replies still pending from earlier messages go too; this step's own
    // reply (the STOP confirmation) is queued after this.
    Result<std::int64_t> cancelled = txn.outbox().CancelPendingOutbox(pseudonym, "", "stop");
    if (!cancelled.ok()) return cancelled.status();
  }
  if (has(dialogs::EventKind::kFollowupConsented) && !followup_key_.empty() &&
      !sealed_address.empty()) {
    // A renewed consent replaces the follow-ups still pending.
    Result<std::int64_t> replaced =
        txn.outbox().CancelPendingOutbox(pseudonym, store::kOutboxFollowup, "replaced");
    if (!replaced.ok()) return replaced.status();
    for (const std::string& barrier : step.session.barriers) {
      store::OutboxRecord row;
      row.created_at = now;
      row.channel = message.channel;
      row.pseudonym = pseudonym;
      row.address_ciphertext = sealed_address;
      row.kind = std::string(store::kOutboxFollowup);
      row.payload = DumpJson(json{{"barrier", barrier}});
      row.due_at = now + followup_delay_;
      Result<std::int64_t> id = txn.outbox().EnqueueOutbox(row);
      if (!id.ok()) return id.status();
    }
  }
  if (has(dialogs::EventKind::kFollowupAnswered)) {
    const auto& profile = step.session.profile;
    const auto get = [&](std::string_view key) {
      auto it = profile.find(std::string(key));
      return it == profile.end() ? std::string() : it->second;
    };
    store::FollowupAnswerRecord answer;
    answer.at = now;
    answer.pseudonym = pseudonym;
    answer.channel = message.channel;
    answer.language = step.session.language;
    answer.commune = get("commune");
    answer.barrier = get(dialogs::kFollowupBarrierKey);
    answer.contacted = get(dialogs::kFollowupContactedKey);
    answer.could_not_reach = answer.contacted == dialogs::kFollowupCouldNotReach;
    const std::string rating = get(dialogs::kFollowupRatingKey);
    if (rating.size() == 1 && rating[0] >= '1' && rating[0] <= '5') answer.rating = rating[0] - '0';
    answer.lifted = get(dialogs::kFollowupLiftedKey);
    if (!answer.barrier.empty()) {
      Status s = txn.AppendFollowupAnswer(answer);
      if (!s.ok()) return s;
    }
  }
  return Status::Ok();
}

}  // namespace levier::bot
