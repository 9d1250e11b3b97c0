// The channel's section of the config file, "twilio": the Messages API the
// follow-ups go through (docs/configuration.md). The secrets come from the
// environment (LEVIER_TWILIO_AUTH_TOKEN, LEVIER_TWILIO_ACCOUNT_SID).
// Pure; thread-safe.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "levier/util/status.h"

namespace levier::channels::twilio_sms {

struct ApiSection {
  std::string api_base_url = "https://api.twilio.com";
  std::string from;                   // E.164 number follow-ups come from, or
  std::string messaging_service_sid;  // a Messaging Service ("MG...")
};

// Reads the "twilio" object over `out`. InvalidArgument naming `origin`
// and the setting for anything else than the three strings above.
Status ParseApiSection(const nlohmann::json& j, ApiSection& out, const std::string& origin);

// api_base_url must be https:// (or http:// to loopback, for tests):
// net::CheckPlatformApiUrl.
Status ValidateApiSection(const ApiSection& section);

}  // namespace levier::channels::twilio_sms
