// The follow-up the outbox sends days after a referral (docs/followup.md):
// not an answer to a message, so it enters the flow here rather than in Step.
#include "levier/dialogs/engine.h"
#include "stepper.h"

namespace levier::dialogs {

void Stepper::StartFollowup(const std::string& node_id, const std::string& barrier) {
  for (auto it = session_.profile.begin(); it != session_.profile.end();) {
    it = it->first.rfind("followup_", 0) == 0 ? session_.profile.erase(it) : std::next(it);
  }
  session_.profile[std::string(kFollowupBarrierKey)] = barrier;
  session_.ended = false;
  session_.misses = 0;
  session_.awaiting.clear();
  session_.pending.clear();
  Renderer render = Render();
  Say(render.Text(script_.SystemId("followup_intro"),
                    {{"barrier", render.BarrierLabel(barrier)}}));
  Enter(node_id, "");
}

Result<StepResult> StartFollowup(const Script& script, const kb::KnowledgeBase& kb,
                                 const Session& session, std::string_view barrier,
                                 UnixSeconds now) {
  if (script.followup().empty() || script.FindNode(script.followup()) == nullptr) {
    return Status::NotFound("script " + script.version() + " has no follow-up node");
  }
  if (session.opted_out) return Status::FailedPrecondition("the resident has opted out");
  StepResult result;
  result.session = session;
  Session& s = result.session;
  s.script_version = script.version();
  if (s.language.empty() || script.Language(s.language) == nullptr) {
    s.language = script.default_language();
  }
  if (s.started_at == 0) s.started_at = now;
  s.last_active_at = now;
  const StepInput input{"", "", now, {}, {}};
  Stepper(script, kb, input, now, &result).StartFollowup(script.followup(), std::string(barrier));
  return result;
}

}  // namespace levier::dialogs
