#include "levier/channels/twilio_sms/config_section.h"

#include "levier/net/http_client.h"

namespace levier::channels::twilio_sms {

Status ParseApiSection(const nlohmann::json& j, ApiSection& out, const std::string& origin) {
  if (!j.is_object()) return Status::InvalidArgument(origin + ": \"twilio\" must be an object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string name = "twilio." + it.key();
    if (!it.value().is_string() || it.value().get<std::string>().size() > 500) {
      return Status::InvalidArgument(origin + ": \"" + name + "\" must be a string");
    }
    const std::string v = it.value().get<std::string>();
    if (it.key() == "api_base_url") out.api_base_url = v;
    else if (it.key() == "from") out.from = v;
    else if (it.key() == "messaging_service_sid") out.messaging_service_sid = v;
    else return Status::InvalidArgument(origin + ": unknown setting \"" + name + "\"");
  }
  return Status::Ok();
}

Status ValidateApiSection(const ApiSection& section) {
  return net::CheckPlatformApiUrl(section.api_base_url, "twilio.api_base_url");
}

}  // namespace levier::channels::twilio_sms
