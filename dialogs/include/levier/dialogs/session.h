// Session: where one participant stands in a dialog. Plain value type,
// serialised to JSON by the store. Contains no phone number or chat id:
// the participant is known to the caller by a pseudonym only.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "levier/util/status.h"
#include "levier/util/time_util.h"

namespace levier::dialogs {

struct Session {
  std::string script_version;           // the script version this session is pinned to
  std::string language;                 // "" until known
  std::string node;                     // node waiting for the next input; "" = not started
  std::vector<std::string> barriers;    // barrier codes identified so far, in order
  std::vector<std::string> pending;     // barriers still to be walked through
  std::map<std::string, std::string> profile;  // e.g. "commune" -> "Tours", "permis" -> "non"
  // A question the engine asked outside the flow, waiting for its answer:
  // "" none, "language" (menu), "erase" (confirm), "resume" (carry on or
  // start over?), "barrier:<code>" ("Is it about transport?").
  std::string awaiting;
  int misses = 0;                       // consecutive answers not understood at `node`
  bool opted_out = false;               // STOP received: stay silent until START
  bool ended = false;                   // reached an end node
  // The professional's invitation code the resident started with (or sent
  // later), and the organisation that made it: referrals carry the code as
  // their source. "" = came on their own.
  std::string invitation;
  std::string invited_by;
  UnixSeconds started_at = 0;
  UnixSeconds last_active_at = 0;

  bool operator==(const Session&) const = default;
};

nlohmann::json SessionToJson(const Session& session);
// Fails with InvalidArgument when `json` is not a session object.
Result<Session> SessionFromJson(const nlohmann::json& json);

}  // namespace levier::dialogs
