#include "levier/dialogs/session.h"

#include <nlohmann/json.hpp>

namespace levier::dialogs {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxListEntries = 100;

Status ReadString(const json& j, const char* key, std::string* out) {
  auto it = j.find(key);
  if (it == j.end()) return Status::Ok();
  if (!it->is_string()) {
    return Status::InvalidArgument(std::string("session: '") + key + "' must be a string");
  }
  *out = it->get<std::string>();
  return Status::Ok();
}

Status ReadStrings(const json& j, const char* key, std::vector<std::string>* out) {
  auto it = j.find(key);
  if (it == j.end()) return Status::Ok();
  if (!it->is_array() || it->size() > kMaxListEntries) {
    return Status::InvalidArgument(std::string("session: '") + key + "' must be a short list");
  }
  for (const json& v : *it) {
    if (!v.is_string()) {
      return Status::InvalidArgument(std::string("session: '") + key + "' must hold strings");
    }
    out->push_back(v.get<std::string>());
  }
  return Status::Ok();
}

template <typename Int>
Status ReadInt(const json& j, const char* key, Int* out) {
  auto it = j.find(key);
  if (it == j.end()) return Status::Ok();
  if (!it->is_number_integer()) {
    return Status::InvalidArgument(std::string("session: '") + key + "' must be an integer");
  }
  *out = static_cast<Int>(it->get<std::int64_t>());
  return Status::Ok();
}

Status ReadBool(const json& j, const char* key, bool* out) {
  auto it = j.find(key);
  if (it == j.end()) return Status::Ok();
  if (!it->is_boolean()) {
    return Status::InvalidArgument(std::string("session: '") + key + "' must be true or false");
  }
  *out = it->get<bool>();
  return Status::Ok();
}

}  // namespace

json SessionToJson(const Session& s) {
  json profile = json::object();
  for (const auto& [k, v] : s.profile) profile[k] = v;
  return json{
      {"script_version", s.script_version},
      {"language", s.language},
      {"node", s.node},
      {"awaiting", s.awaiting},
      {"barriers", s.barriers},
      {"pending", s.pending},
      {"profile", profile},
      {"misses", s.misses},
      {"opted_out", s.opted_out},
      {"ended", s.ended},
      {"invitation", s.invitation},
      {"invited_by", s.invited_by},
      {"started_at", s.started_at},
      {"last_active_at", s.last_active_at},
  };
}

Result<Session> SessionFromJson(const json& j) {
  if (!j.is_object()) return Status::InvalidArgument("session: must be a JSON object");
  Session s;
  for (Status st : {ReadString(j, "script_version", &s.script_version),
                    ReadString(j, "language", &s.language), ReadString(j, "node", &s.node),
                    ReadString(j, "awaiting", &s.awaiting),
                    ReadStrings(j, "barriers", &s.barriers), ReadStrings(j, "pending", &s.pending),
                    ReadInt(j, "misses", &s.misses), ReadBool(j, "opted_out", &s.opted_out),
                    ReadBool(j, "ended", &s.ended), ReadInt(j, "started_at", &s.started_at),
                    ReadString(j, "invitation", &s.invitation),
                    ReadString(j, "invited_by", &s.invited_by),
                    ReadInt(j, "last_active_at", &s.last_active_at)}) {
    if (!st.ok()) return st;
  }
  if (auto it = j.find("profile"); it != j.end()) {
    if (!it->is_object() || it->size() > kMaxListEntries) {
      return Status::InvalidArgument("session: 'profile' must be a small object");
    }
    for (const auto& [k, v] : it->items()) {
      if (!v.is_string()) {
        return Status::InvalidArgument("session: profile '" + k + "' must be a string");
      }
      s.profile[k] = v.get<std::string>();
    }
  }
  if (s.misses < 0) return Status::InvalidArgument("session: 'misses' must not be negative");
  return s;
}

}  // namespace levier::dialogs
