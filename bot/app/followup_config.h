// The "followup" section of the config file (follow-ups sent through the
// outbox; each channel reads its own section). Documented in
// docs/configuration.md. Private to the `levier` executable.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>

#include "levier/util/status.h"
#include "levier/util/time_util.h"

namespace levier::app {

struct FollowupConfig {
  UnixSeconds delay_s = 14 * 24 * 3600;  // consent -> follow-up
  std::string window_start = "09:00";    // local time, sending allowed from
  std::string window_end = "19:00";      // ... until (exclusive)
  std::string timezone = "Europe/Paris";
  int max_attempts = 8;                  // sends tried before a row fails
  std::uint32_t per_minute = 30;         // messages per channel per minute (0 = no limit)
  UnixSeconds retry_initial_s = 60;      // first backoff; doubles up to retry_max_s
  UnixSeconds retry_max_s = 6 * 3600;
};

// Each fails with InvalidArgument naming `origin` and the setting.
Status ParseFollowupSection(const nlohmann::json& j, FollowupConfig& out,
                            const std::string& origin);

// Checks the values together (window, URL); called once all sources are applied.
Status ValidateFollowup(const FollowupConfig& followup);

}  // namespace levier::app
