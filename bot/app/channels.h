// The channels this build of Levier serves, created from the configuration.
// Adding a channel is one line in channels.cc (its folder under
// webhook/channels/ holds the rest: docs/architecture.md).
#pragma once

#include <memory>
#include <vector>

#include "config.h"
#include "levier/webhook/channel.h"

namespace levier::app {

// Every channel whose secrets are configured. `services` must outlive them.
// InvalidArgument naming the setting when a channel's settings are wrong.
Result<std::vector<std::unique_ptr<webhook::HttpChannel>>> CreateChannels(
    const Config& config, const webhook::ChannelServices& services);

}  // namespace levier::app
