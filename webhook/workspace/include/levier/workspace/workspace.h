// The coordinators' workspace under /workspace/: the pages (assets/,
// compiled into the binary) and their JSON endpoints under
// /workspace/api/ (docs/api.md, "Workspace"): signing in with an e-mail,
// a password and, when set up, a TOTP code; the session cookie; accounts
// and the audit for admins; the dialog script's editor (a shared draft,
// checks, a preview, publishing and rolling back) for admins and
// coordinators. The pages read the indicators and the watch
// through /api/v1 with the session cookie (api_handler.h).
//
// Every answer carries a strict Content-Security-Policy (no inline script,
// never framed); every change (POST) must come from the workspace's own
// origin (Origin header) and carry the session's CSRF token
// (X-CSRF-Token), else 403. Password hashing runs on a thread of its own,
// never on an I/O thread or the store's.
//
// Thread-safety: route handlers run concurrently on the I/O threads.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json_fwd.hpp>
#include <vector>

#include "levier/bot/script_registry.h"
#include "levier/dialogs/check.h"
#include "levier/dialogs/reply.h"
#include "levier/kb/registry.h"
#include "levier/store/store.h"
#include "levier/util/metrics.h"
#include "levier/util/status.h"
#include "levier/webhook/channel.h"
#include "levier/webhook/limits.h"
#include "levier/webhook/web_session.h"

namespace levier::workspace {

struct Settings {
  std::string origin;         // "https://levier.example.org": changes must come from it
  bool secure_cookie = true;  // false only for plain http on loopback
  std::string totp_key;       // TotpSealingKey(LEVIER_SECRET)
  webhook::SessionPolicy sessions;
  std::uint32_t failed_logins_per_account_per_minute = 5;  // then even the right password waits
  std::uint32_t logins_per_client_per_minute = 30;
};

// How one channel shows the engine's replies, for the script editor's
// preview (the channels' own renderers, handed in by the app: the
// workspace does not depend on any channel).
struct PreviewChannel {
  std::string name;  // "sms", "whatsapp"
  std::function<nlohmann::json(const std::vector<dialogs::Reply>&)> render;
};

// What the script editor works with. Without a registry the editor's
// endpoints answer 503.
struct ScriptEditing {
  bot::ScriptRegistry* registry = nullptr;  // publishing makes a version current here
  // The directory in service: checks and previews use it, the providers'
  // page publishes to it.
  kb::KnowledgeBaseRegistry* knowledge = nullptr;
  // Barrier code -> the word coordinators read (coverage-labels.fr.json);
  // codes without one are shown as they are.
  std::map<std::string, std::string> barrier_labels;
  dialogs::CheckOptions check;  // the settings of `levier check` (check.json)
  std::vector<PreviewChannel> previews;
};

// What professionals' invitations link to (docs/professionals.md): a
// channel that is off gets no link.
struct InvitationChannels {
  std::string public_url;       // links start with it ("https://levier.example.org")
  bool webchat = false;         // "/c/CODE" opens the web chat
  std::string sms_number;       // the SMS number residents write to ("+33..."); "" = no SMS link
  // The messaging apps' links that open a conversation with the code in
  // place, one per channel that is on, built by bot/app (which knows the
  // channels): "{code}" in `url` is where the code goes.
  struct AppLink {
    std::string channel;
    std::string url;
  };
  std::vector<AppLink> app_links;
  // The outbox row that sends `text` by SMS to `number` (E.164), the number
  // sealed and the row under the number's SMS pseudonym; nullopt (or unset)
  // when Levier cannot send SMS.
  std::function<std::optional<store::OutboxRecord>(const std::string& number,
                                                   const std::string& text,
                                                   const std::string& language, UnixSeconds now)>
      sms_row;
  std::function<void()> queued;  // wakes the SMS sender once a row is committed
};

using GetEnv = std::function<const char*(const char*)>;

// LEVIER_WORKSPACE (on|off, default on), LEVIER_WORKSPACE_IDLE_MINUTES
// (5-480, default 30); nullopt when off. InvalidArgument, naming the
// variable, for a bad value or a public URL that is not http(s).
Result<std::optional<Settings>> SettingsFromEnvironment(const GetEnv& getenv,
                                                        std::string_view public_url,
                                                        std::string_view levier_secret);

// The workspace's routes. `store` outlives it; `metrics` may be null.
std::unique_ptr<webhook::RouteSource> CreateWorkspace(
    Settings settings, store::Store& store, const webhook::ServerLimits& limits, Metrics* metrics,
    ScriptEditing editing, InvitationChannels invitation_channels = {});

}  // namespace levier::workspace
