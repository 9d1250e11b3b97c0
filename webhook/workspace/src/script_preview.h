// The editor's preview: a conversation with a draft script, step by step,
// as each channel would show it. Private to webhook/workspace.
//
// Pure (the engine is); thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "levier/dialogs/script.h"
#include "levier/kb/knowledge_base.h"
#include "levier/workspace/workspace.h"

namespace levier::workspace {

inline constexpr std::size_t kMaxPreviewMessages = 40;

// Plays `messages` from a new conversation (in `lang` when not "") and
// returns one turn per message: {"resident", "node", "language",
// "barriers", "referrals": [{"id", "name", "barrier"}], "replies": [the
// neutral replies], "channels": {name: what that channel sends}}.
nlohmann::json PreviewConversation(const dialogs::Script& script, const kb::KnowledgeBase& kb,
                                   const std::vector<PreviewChannel>& channels,
                                   std::string_view lang, const std::vector<std::string>& messages);

}  // namespace levier::workspace
