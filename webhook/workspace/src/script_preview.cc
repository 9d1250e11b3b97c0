#include "script_preview.h"

#include "levier/dialogs/engine.h"
#include "levier/dialogs/reply.h"

namespace levier::workspace {

using json = nlohmann::json;  // as in workspace_impl.h (the same alias, allowed twice)

nlohmann::json PreviewConversation(const dialogs::Script& script, const kb::KnowledgeBase& kb,
                                   const std::vector<PreviewChannel>& channels,
                                   std::string_view lang,
                                   const std::vector<std::string>& messages) {
  json turns = json::array();
  dialogs::Session session;
  UnixSeconds now = 1'700'000'000;  // any fixed time: the preview never waits
  for (const std::string& message : messages) {
    dialogs::StepInput input;
    input.text = message;
    input.channel = dialogs::kSmsChannel;
    input.now = now;
    input.language_hint = lang;
    const dialogs::StepResult step = dialogs::Step(script, kb, session, input);
    session = step.session;
    now += 60;
    json replies = json::array();
    for (const dialogs::Reply& reply : step.replies) replies.push_back(dialogs::ReplyToJson(reply));
    json referrals = json::array();
    for (const dialogs::ReferralEvent& r : step.referrals) {
      const kb::Provider* provider = kb.FindProvider(r.provider_id);
      referrals.push_back({{"id", r.provider_id},
                           {"name", provider != nullptr ? provider->name : r.provider_id},
                           {"barrier", r.barrier}});
    }
    json rendered = json::object();
    for (const PreviewChannel& channel : channels) {
      rendered[channel.name] = channel.render(step.replies);
    }
    turns.push_back({{"resident", message},
                     {"node", session.node},
                     {"language", session.language},
                     {"barriers", session.barriers},
                     {"referrals", std::move(referrals)},
                     {"replies", std::move(replies)},
                     {"channels", std::move(rendered)}});
  }
  return turns;
}

}  // namespace levier::workspace
