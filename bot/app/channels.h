// The channels this build of Levier serves, created from the configuration.
// Adding a channel is one line in channels.cc (its folder under
// webhook/channels/ holds the rest: docs/architecture.md).
#pragma once

#include <memory>
#include <vector>

#include "config.h"
#include "outboxes.h"
#include "levier/webhook/channel.h"
#include "levier/workspace/workspace.h"

namespace levier::app {

// Every channel whose secrets are configured (the SMS channel always: see
// channels.cc). `services` must outlive them. InvalidArgument, naming the
// setting, when a channel is half configured or a value is malformed.
Result<std::vector<std::unique_ptr<webhook::HttpChannel>>> CreateChannels(
    const Config& config, const GetEnv& getenv, const webhook::ChannelServices& services);

// What the workspace's script editor needs: the registry it publishes to,
// the knowledge base in service, the settings of `levier check` (check.json in the
// dialogs directory), and each channel's renderer for the preview.
Result<workspace::ScriptEditing> ScriptEditingFor(const Config& config,
                                                  bot::ScriptRegistry& registry,
                                                  kb::KnowledgeBaseRegistry& knowledge);

// What professionals' invitations link to: the public URL, a link per
// channel that is on (LEVIER_SMS_NUMBER, else the Twilio sender's number;
// LEVIER_WHATSAPP_NUMBER; LEVIER_TELEGRAM_BOT_NAME), and sending one by SMS
// when the SMS channel can send. InvalidArgument naming the variable for a
// malformed value.
Result<workspace::InvitationChannels> InvitationChannelsFor(
    const Config& config, const GetEnv& getenv,
    const std::vector<std::unique_ptr<webhook::HttpChannel>>& channels, Outboxes& outboxes);

}  // namespace levier::app
