// The dialog engine: a pure function from (script, knowledge base, session,
// inbound text, time) to (next session, replies, events).
//
// No I/O, no clock, no randomness: the server, `levier simulate` and the
// tests all call Step() and get identical results for identical inputs.
// Thread-safe: Step() only reads its const arguments.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "levier/dialogs/reply.h"
#include "levier/dialogs/script.h"
#include "levier/dialogs/session.h"
#include "levier/kb/knowledge_base.h"
#include "levier/util/time_util.h"

namespace levier::dialogs {

// A provider proposed to the participant in this step (to be logged).
struct ReferralEvent {
  std::string provider_id;
  std::string barrier;
  std::string commune;  // the resident's commune as the script's "profile" reads it; "" = unknown
  // The priority neighbourhood's id when the resident named it ("j'habite au
  // Sanitas") or the script asked it; "" = unknown.
  std::string neighbourhood;
};

enum class EventKind {
  kStarted,           // a new conversation began (greeting sent)
  kOptedOut,          // STOP: no message of any kind until START
  kOptedIn,           // START after STOP
  kEnded,             // an end node was reached
  kEraseConfirmed,    // the participant confirmed "erase my data": the caller deletes
                      // every row keyed to the pseudonym (the returned session is fresh)
  kHandoffRequested,  // "talk to a person": the caller logs a callback request
  kFollowupConsented,  // the resident agreed to a follow-up: the caller queues one
                       // per barrier in session.barriers (docs/followup.md)
  kFollowupAnswered,   // the follow-up questions are answered: the caller logs the
                       // kFollowup*Key profile entries
  kShareConsented,     // the resident agreed that the professional who invited them
                       // (Session::invitation) sees what was found: the caller records it
  kShareWithdrawn,     // the resident withdrew that agreement: the caller records it
  kCopyRequested,      // the resident asked for a written copy of the contacts
                       // (StepResult::copy): the caller sends it (a caller on the
                       // phone line gets it by SMS)
};

// Profile entries of a follow-up, set by the flow's choices ("set") and read
// by the caller on kFollowupAnswered. Values: contacted "yes", "no",
// "could_not_reach"; rating "1".."5"; lifted "yes", "partly", "no".
inline constexpr std::string_view kFollowupBarrierKey = "followup_barrier";
inline constexpr std::string_view kFollowupContactedKey = "followup_contacted";
inline constexpr std::string_view kFollowupRatingKey = "followup_rating";
inline constexpr std::string_view kFollowupLiftedKey = "followup_lifted";
inline constexpr std::string_view kFollowupCouldNotReach = "could_not_reach";

// Profile entry the flow's share question sets ("yes"/"no"; flow.json
// "share_consent" node): asked once per invitation.
inline constexpr std::string_view kShareKey = "share";

// Profile entry the engine sets when a message names a priority
// neighbourhood of the knowledge base ("j'habite au Sanitas"): its id.
inline constexpr std::string_view kNeighbourhoodKey = "neighbourhood";

// What the caller found when it looked up an invitation code.
struct InvitationUse {
  enum class Kind { kNone, kAccepted, kNotValid };
  Kind kind = Kind::kNone;
  std::string_view code;  // kAccepted: the code, stored in Session::invitation
  std::string_view org;   // kAccepted: the organisation that made it ({org} in texts)
};

// Session timing, from the configuration.
struct EngineOptions {
  // After this long without a message, the next one gets "welcome back:
  // carry on or start over?".
  UnixSeconds inactivity_timeout = 30 * 60;
  // After this long without a message, the session starts over.
  UnixSeconds session_expiry = 7 * 24 * 3600;
};

// The name of the SMS channel: keyed into pseudonyms and stored with outbox
// rows and referrals (renaming it would start every SMS resident over). Here,
// at the lowest component that speaks of channels, because transcripts
// record their channel; every other channel's name is a constant in its
// own folder.
inline constexpr std::string_view kSmsChannel = "sms";

struct StepInput {
  std::string_view text;     // the resident's message, UTF-8, as received
  std::string_view channel;  // kSmsChannel, ... (rendering hints only)
  UnixSeconds now = 0;
  EngineOptions options = {};
  // A choice picked by its id (ReplyChoice::id) on a channel with buttons;
  // it answers exactly as typing the choice's number would. An id the
  // current question does not offer is a message that was not understood.
  // A language code the question does not offer switches to that
  // language (a web chat's language switch) and asks the question again.
  // "" = none: `text` is the answer.
  std::string_view choice = {};
  // The resident sent something Levier cannot read (a voice note, a photo,
  // a sticker): the engine says so in their language (system text
  // "media_not_read") and the conversation stays where it was.
  bool unreadable = false;
  // The resident's channel can send a follow-up days later (WhatsApp only
  // with an approved template): nodes marked only_if_followups are asked.
  bool followups_possible = true;
  // The language the resident's app is set to, when the platform says (an
  // IETF tag: "tr", "pt-BR"; its primary subtag is matched against the
  // script's languages, anything else is ignored). Used only when the
  // session has no language yet and the message does not clearly show one
  // (a bare "/start", a sticker): then the conversation starts in it
  // instead of asking for the language. "" = none.
  std::string_view language_hint = {};
  // The replies will be read aloud (a phone call, answered with the keypad):
  // texts come from the language's "voice" section where it has one, phone
  // numbers are spelled in pairs of digits, and free-text questions, which a
  // keypad cannot answer, are skipped.
  bool spoken = false;
  // A new contact on a channel where each one starts afresh (a phone call):
  // the conversation restarts at the script's start, in the language of
  // `language_hint`; only an opt-out is kept.
  bool start_over = false;
  // The channel can send a written copy of the contacts (a phone call whose
  // number can get an SMS): nodes marked only_if_copy are asked.
  bool copy_possible = false;
  // A professional's invitation code the caller found as this whole message
  // (a code typed or sent by a link, "/start CODE") and looked up in the
  // store: the engine notes it and says so (or says the code no longer
  // works), then carries on where the conversation stood. The code is not
  // read as an answer.
  InvitationUse invitation = {};
};

struct StepResult {
  Session session;                        // the next state; persist it
  std::vector<Reply> replies;             // to send, in order; empty = send nothing
  std::vector<ReferralEvent> referrals;   // providers proposed in `replies`
  std::vector<EventKind> events;
  // With kCopyRequested: the contacts for every barrier of the conversation,
  // written (not spoken) in the resident's language, as the referral node
  // first gave them.
  std::vector<Reply> copy;

  // The replies as a text-only channel sends them (NumberedTexts).
  std::vector<std::string> Texts() const { return NumberedTexts(replies); }
};

// REQUIRES: `session.script_version` is empty (new participant) or equals
// `script.version()`; the caller picks the pinned script version.
StepResult Step(const Script& script, const kb::KnowledgeBase& kb, const Session& session,
                const StepInput& input);

// Starts the follow-up of `barrier` that the resident agreed to (sent by the
// outbox when due, not in answer to a message): the returned session is
// pinned to `script`, waits at the script's follow-up question
// (flow.json "followup") with kFollowupBarrierKey set and earlier answers
// cleared; `replies` hold the message to send (text "followup_intro" with
// {barrier}, then the question). Pure, like Step.
// Fails with NotFound when the script declares no follow-up, and with
// FailedPrecondition when the resident has opted out.
Result<StepResult> StartFollowup(const Script& script, const kb::KnowledgeBase& kb,
                                 const Session& session, std::string_view barrier,
                                 UnixSeconds now);

}  // namespace levier::dialogs
