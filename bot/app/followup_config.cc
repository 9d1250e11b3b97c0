#include "followup_config.h"

#include <nlohmann/json.hpp>

#include "levier/outbox/sending_window.h"

namespace levier::app {

using nlohmann::json;

Status ParseFollowupSection(const json& j, FollowupConfig& out, const std::string& origin) {
  if (!j.is_object()) return Status::InvalidArgument(origin + ": \"followup\" must be an object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string name = "followup." + it.key();
    if (it.key() == "window_start" || it.key() == "window_end" || it.key() == "timezone") {
      if (!it.value().is_string() || it.value().get<std::string>().size() > 64) {
        return Status::InvalidArgument(origin + ": \"" + name + "\" must be a short string");
      }
      const std::string v = it.value().get<std::string>();
      if (it.key() == "window_start") out.window_start = v;
      else if (it.key() == "window_end") out.window_end = v;
      else out.timezone = v;
      continue;
    }
    if (!it.value().is_number_unsigned() || it.value().get<std::uint64_t>() > 100'000'000) {
      return Status::InvalidArgument(origin + ": \"" + name +
                                     "\" must be an integer from 0 to 100000000");
    }
    const auto v = it.value().get<std::uint64_t>();
    if (it.key() == "delay_s") out.delay_s = static_cast<UnixSeconds>(v);
    else if (it.key() == "max_attempts" && v >= 1 && v <= 100) out.max_attempts = static_cast<int>(v);
    else if (it.key() == "per_minute") out.per_minute = static_cast<std::uint32_t>(v);
    else if (it.key() == "retry_initial_s" && v >= 1) out.retry_initial_s = static_cast<UnixSeconds>(v);
    else if (it.key() == "retry_max_s" && v >= 1) out.retry_max_s = static_cast<UnixSeconds>(v);
    else return Status::InvalidArgument(origin + ": unknown or invalid setting \"" + name + "\"");
  }
  return Status::Ok();
}

Status ValidateFollowup(const FollowupConfig& followup) {
  Result<outbox::SendingWindow> window =
      outbox::SendingWindow::Create(followup.timezone, followup.window_start, followup.window_end);
  if (!window.ok()) return Status::InvalidArgument("followup: " + window.status().message());
  return Status::Ok();
}

}  // namespace levier::app
