// Renders the engine's neutral replies as WhatsApp Cloud API message bodies
// (platform spec 3.4, 3.5, 3.7), one body per reply:
// - no choices: a text message (at most 4,096 characters, cut on a
//   character boundary);
// - 1 to 3 choices whose labels fit (20 characters): reply buttons;
// - up to 10 choices whose labels fit a row (24 characters; up to 72 with the
//   title cut and the whole label as the row's description): a list, opened
//   by the language's "choose" label;
// - otherwise: the numbered text SMS would show, as a text message.
// The choice's id travels as the button's or row's id and comes back in the
// resident's interactive reply.
// A follow-up (sent days later, outside the 24-hour window) is the approved
// template named for the resident's language, with the follow-up's text as
// its one body parameter.
//
// Pure functions; thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "levier/bot/sender.h"
#include "levier/dialogs/reply.h"
#include "levier/util/status.h"

namespace levier::channels::whatsapp {

// Meta's limits (spec 3.4 and 3.7), in characters (code points).
inline constexpr std::size_t kMaxTextChars = 4096;
inline constexpr std::size_t kMaxBodyChars = 1024;
inline constexpr std::size_t kMaxButtonTitleChars = 20;
inline constexpr std::size_t kMaxButtons = 3;
inline constexpr std::size_t kMaxRowTitleChars = 24;
inline constexpr std::size_t kMaxRowDescriptionChars = 72;
inline constexpr std::size_t kMaxRows = 10;
inline constexpr std::size_t kMaxButtonIdBytes = 256;
inline constexpr std::size_t kMaxRowIdBytes = 200;
inline constexpr std::size_t kMaxTemplateParamChars = 1024;

// Approved follow-up templates by language code ("fr" -> "levier_suivi").
struct FollowupTemplates {
  std::map<std::string, std::string> by_language;
  std::string fallback_language = "fr";  // used when the resident's has none
  bool empty() const { return by_language.empty(); }
};

// The body of one reply, without "to" (RenderMessages adds it).
nlohmann::json RenderReply(const dialogs::Reply& reply);

// Every request body for `message` to `to`, in order. A follow-up with no
// template for the resident's language nor the fallback: FailedPrecondition.
Result<std::vector<nlohmann::json>> RenderMessages(std::string_view to,
                                                   const bot::Outgoing& message,
                                                   const FollowupTemplates& templates);

}  // namespace levier::channels::whatsapp
