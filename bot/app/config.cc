#include "config.h"
#include "open_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "levier/util/crypto.h"
#include "levier/util/secret_file.h"

namespace levier::app {
namespace {

using nlohmann::json;

Status ParseLimits(const json& j, webhook::ServerLimits& limits, const std::string& origin) {
  if (!j.is_object()) return Status::InvalidArgument(origin + ": \"limits\" must be an object");
  struct Field {
    const char* name;
    std::function<void(std::uint64_t)> set;
  };
  const Field fields[] = {
      {"header_bytes", [&](std::uint64_t v) { limits.header_bytes = v; }},
      {"body_bytes", [&](std::uint64_t v) { limits.body_bytes = v; }},
      {"max_connections", [&](std::uint64_t v) { limits.max_connections = v; }},
      {"read_timeout_ms", [&](std::uint64_t v) { limits.read_timeout = std::chrono::milliseconds(v); }},
      {"write_timeout_ms", [&](std::uint64_t v) { limits.write_timeout = std::chrono::milliseconds(v); }},
      {"shutdown_grace_ms", [&](std::uint64_t v) { limits.shutdown_grace = std::chrono::milliseconds(v); }},
      {"form_params", [&](std::uint64_t v) { limits.form_params = v; }},
      {"threads", [&](std::uint64_t v) { limits.threads = v; }},
  };
  for (auto it = j.begin(); it != j.end(); ++it) {
    const Field* field = nullptr;
    for (const auto& f : fields) {
      if (it.key() == f.name) field = &f;
    }
    if (field == nullptr) {
      return Status::InvalidArgument(origin + ": unknown setting \"limits." + it.key() + "\"");
    }
    if (!it.value().is_number_unsigned() || it.value().get<std::uint64_t>() == 0) {
      if (!(it.key() == "threads" && it.value().is_number_unsigned())) {
        return Status::InvalidArgument(origin + ": \"limits." + it.key() +
                                       "\" must be a positive integer");
      }
    }
    field->set(it.value().get<std::uint64_t>());
  }
  return Status::Ok();
}

Status ParseStoreOptions(const json& j, store::SqliteOptions& options, const std::string& origin) {
  if (!j.is_object()) return Status::InvalidArgument(origin + ": \"store\" must be an object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!it.value().is_number_unsigned()) {
      return Status::InvalidArgument(origin + ": \"store." + it.key() +
                                     "\" must be a non-negative integer");
    }
    const auto value = it.value().get<std::uint64_t>();
    if (value > 1'000'000'000'000ULL) {
      return Status::InvalidArgument(origin + ": \"store." + it.key() + "\" is too large");
    }
    if (it.key() == "busy_timeout_ms") options.busy_timeout_ms = static_cast<int>(std::min<std::uint64_t>(value, 600'000));
    else if (it.key() == "max_batch" && value > 0) options.max_batch = static_cast<int>(std::min<std::uint64_t>(value, 100'000));
    else if (it.key() == "max_queue" && value > 0) options.max_queue = static_cast<int>(std::min<std::uint64_t>(value, 10'000'000));
    else if (it.key() == "max_page_count") options.max_page_count = static_cast<long long>(value);
    else if (it.key() == "checkpoint_pages") options.checkpoint_pages = static_cast<int>(std::min<std::uint64_t>(value, 1'000'000));
    else return Status::InvalidArgument(origin + ": unknown or invalid setting \"store." + it.key() + "\"");
  }
  return Status::Ok();
}

// The "session", "rate_limits" and "audit" objects: named non-negative integers.
Status ParseCounts(const json& j, const std::string& section, Config& config,
                   const std::string& origin) {
  if (!j.is_object()) {
    return Status::InvalidArgument(origin + ": \"" + section + "\" must be an object");
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string name = section + "." + it.key();
    if (!it.value().is_number_unsigned() || it.value().get<std::uint64_t>() > 100'000'000) {
      return Status::InvalidArgument(origin + ": \"" + name +
                                     "\" must be an integer from 0 to 100000000");
    }
    const auto v = it.value().get<std::uint64_t>();
    if (name == "session.inactivity_timeout_s") config.session.inactivity_timeout = static_cast<UnixSeconds>(v);
    else if (name == "session.expiry_s") config.session.session_expiry = static_cast<UnixSeconds>(v);
    else if (name == "session.retention_s") config.session_retention = static_cast<UnixSeconds>(v);
    else if (name == "audit.retention_s") config.audit_retention = static_cast<UnixSeconds>(v);
    else if (name == "rate_limits.per_sender_per_minute") config.per_sender_per_minute = static_cast<std::uint32_t>(v);
    else if (name == "rate_limits.per_address_per_minute") config.per_address_per_minute = static_cast<std::uint32_t>(v);
    else return Status::InvalidArgument(origin + ": unknown setting \"" + name + "\"");
  }
  return Status::Ok();
}

Status ApplyFile(const std::string& path, Config& config, ConfigFlags& from_file) {
  std::ifstream in(path);
  if (!in) return Status::InvalidArgument("config file '" + path + "' cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  json j = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::InvalidArgument("config file '" + path + "' is not a JSON object");
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    if (key == "session" || key == "rate_limits" || key == "audit") {
      Status s = ParseCounts(it.value(), key, config, "config file '" + path + "'");
      if (!s.ok()) return s;
      continue;
    }
    if (key == "trusted_proxies") {
      const bool strings = it.value().is_array() &&
                           std::all_of(it.value().begin(), it.value().end(),
                                       [](const json& v) { return v.is_string(); });
      if (!strings) {
        return Status::InvalidArgument("config file '" + path +
                                       "': \"trusted_proxies\" must be an array of IP addresses");
      }
      config.trusted_proxies = it.value().get<std::vector<std::string>>();
      continue;
    }
    if (key == "sms_transliterate") {
      if (!it.value().is_boolean()) {
        return Status::InvalidArgument("config file '" + path +
                                       "': \"sms_transliterate\" must be true or false");
      }
      config.sms_transliterate = it.value().get<bool>();
      continue;
    }
    if (key == "followup") {
      Status s = ParseFollowupSection(it.value(), config.followup, "config file '" + path + "'");
      if (!s.ok()) return s;
      continue;
    }
    if (key == "twilio") {
      Status s = channels::twilio_sms::ParseApiSection(it.value(), config.twilio,
                                                       "config file '" + path + "'");
      if (!s.ok()) return s;
      continue;
    }
    if (key == "store") {
      Status s = ParseStoreOptions(it.value(), config.store, "config file '" + path + "'");
      if (!s.ok()) return s;
      continue;
    }
    if (key == "limits") {
      Status s = ParseLimits(it.value(), config.limits, "config file '" + path + "'");
      if (!s.ok()) return s;
      continue;
    }
    if (!it.value().is_string()) {
      return Status::InvalidArgument("config file '" + path + "': \"" + key +
                                     "\" must be a string");
    }
    const std::string value = it.value().get<std::string>();
    if (key == "listen") from_file.listen = value;
    else if (key == "db") from_file.db = value;
    else if (key == "dialogs") from_file.dialogs = value;
    else if (key == "kb") from_file.kb = value;
    else if (key == "public_url") from_file.public_url = value;
    else if (key == "log_level") from_file.log_level = value;
    else if (key == "twilio_auth_token") config.twilio_auth_token = value;
    else if (key == "twilio_account_sid") config.twilio_account_sid = value;
    else if (key == "secret") config.secret = value;
    else return Status::InvalidArgument("config file '" + path + "': unknown setting \"" + key + "\"");
  }
  return Status::Ok();
}

// flag > env > file > default, for one string setting.
void Pick(std::string& target, const std::optional<std::string>& flag, const char* env,
          const std::optional<std::string>& file) {
  if (flag) target = *flag;
  else if (env != nullptr && *env != '\0') target = env;
  else if (file) target = *file;
}

}  // namespace

Status ParseListen(const std::string& text, std::string* host, std::uint16_t* port) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return Status::InvalidArgument("listen address '" + text + "' must be HOST:PORT");
  }
  std::string h = text.substr(0, colon);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  const std::string p = text.substr(colon + 1);
  unsigned value = 0;
  auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
  if (ec != std::errc() || ptr != p.data() + p.size() || value > 65535) {
    return Status::InvalidArgument("listen address '" + text + "': bad port");
  }
  *host = h;
  *port = static_cast<std::uint16_t>(value);
  return Status::Ok();
}

Result<Config> ResolveConfig(const ConfigFlags& flags, const GetEnv& getenv) {
  Config config;
  ConfigFlags file;
  std::optional<std::string> config_path = flags.config_file;
  if (!config_path && getenv("LEVIER_CONFIG") != nullptr) config_path = getenv("LEVIER_CONFIG");
  if (config_path) {
    Status s = ApplyFile(*config_path, config, file);
    if (!s.ok()) return s;
  }
  std::string listen = config.listen_host + ":" + std::to_string(config.listen_port);
  Pick(listen, flags.listen, getenv("LEVIER_LISTEN"), file.listen);
  Status s = ParseListen(listen, &config.listen_host, &config.listen_port);
  if (!s.ok()) return s;
  Pick(config.db_path, flags.db, getenv("LEVIER_DB"), file.db);
  Pick(config.dialogs_dir, flags.dialogs, getenv("LEVIER_DIALOGS"), file.dialogs);
  Pick(config.kb_dir, flags.kb, getenv("LEVIER_KB"), file.kb);
  Pick(config.public_url, flags.public_url, getenv("LEVIER_PUBLIC_URL"), file.public_url);
  Pick(config.log_level, flags.log_level, getenv("LEVIER_LOG_LEVEL"), file.log_level);
  if (const char* v = getenv("LEVIER_TWILIO_AUTH_TOKEN"); v != nullptr && *v != '\0') {
    config.twilio_auth_token = v;
  }
  if (const char* v = getenv("LEVIER_TWILIO_ACCOUNT_SID"); v != nullptr && *v != '\0') {
    config.twilio_account_sid = v;
  }
  if (const char* v = getenv("LEVIER_SECRET"); v != nullptr && *v != '\0') config.secret = v;
  if (const char* v = getenv("LEVIER_TRUSTED_PROXIES"); v != nullptr && *v != '\0') {
    // Comma-separated; "none" trusts no proxy.
    config.trusted_proxies.clear();
    std::stringstream list(v);
    for (std::string item; std::getline(list, item, ',');) {
      if (!item.empty() && item != "none") config.trusted_proxies.push_back(item);
    }
  }
  if (const char* v = getenv("LEVIER_OUTBOX_KEY"); v != nullptr && *v != '\0') {
    if (std::string_view(v).size() != 64 || !crypto::HexDecode(v, &config.outbox_key)) {
      return Status::InvalidArgument("LEVIER_OUTBOX_KEY must be 64 hex digits (32 bytes)");
    }
  }
  if (Status f = ValidateFollowup(config.followup); !f.ok()) return f;
  // Erasing a silent resident cancels what waits for them: the follow-up
  // must have been sent and answered (a week for that) before.
  if (const UnixSeconds shortest =
          std::max(config.session.session_expiry, config.followup.delay_s + 7 * 24 * 3600);
      config.session_retention != 0 && config.session_retention < shortest) {
    return Status::InvalidArgument(
        "session.retention_s must be 0 (keep until the resident erases) or at least " +
        std::to_string(shortest) +
        " seconds: the session's expiry (session.expiry_s) and the follow-up's delay "
        "(followup.delay_s) plus 7 days to answer it");
  }
  // An audit kept less than a day could not answer "who did this yesterday?".
  if (config.audit_retention != 0 && config.audit_retention < 24 * 3600) {
    return Status::InvalidArgument(
        "audit.retention_s must be 0 (keep the audit) or at least 86400 seconds (a day)");
  }
  if (Status t = channels::twilio_sms::ValidateApiSection(config.twilio); !t.ok()) return t;

  if (config.public_url.empty()) {
    const bool v6 = config.listen_host.find(':') != std::string::npos;
    config.public_url = "http://" + (v6 ? "[" + config.listen_host + "]" : config.listen_host) +
                        ":" + std::to_string(config.listen_port);
  }
  while (!config.public_url.empty() && config.public_url.back() == '/') config.public_url.pop_back();
  if (config.public_url.rfind("http://", 0) != 0 && config.public_url.rfind("https://", 0) != 0) {
    return Status::InvalidArgument("LEVIER_PUBLIC_URL '" + config.public_url +
                                   "' must start with http:// or https://");
  }
  if (!config.secret.empty() && config.secret.size() < 32) {
    return Status::InvalidArgument(
        "LEVIER_SECRET must be 64 hex digits or at least 32 random bytes in Base64: make one "
        "with `levier secret generate` (or `openssl rand -hex 32`)");
  }
  return config;
}

namespace {

constexpr std::size_t kTwilioTokenBytes = 16;  // 32 hex digits, as Twilio's own

Status DecodeOutboxKey(const std::string& hex, const std::string& origin, std::string* key) {
  if (hex.size() != 64 || !crypto::HexDecode(hex, key)) {
    return Status::InvalidArgument(origin + " must hold 64 hex digits (`levier secret generate`)");
  }
  return Status::Ok();
}

// systemd credentials (LoadCredential=NAME:PATH): files in a private
// directory only this service can read, so no key sits beside the data.
// Under systemd a missing key is an error, never generated beside the data.
Status LoadCredentials(const std::filesystem::path& dir, Config& config) {
  struct Wanted {
    const char* name;
    const char* setting;
    std::string* value;
  };
  std::string outbox_hex;
  const Wanted wanted[] = {
      {kSecretCredential, "LEVIER_SECRET", &config.secret},
      {kTwilioTokenCredential, "LEVIER_TWILIO_AUTH_TOKEN", &config.twilio_auth_token},
      {kOutboxKeyCredential, "LEVIER_OUTBOX_KEY",
       config.outbox_key.empty() ? &outbox_hex : nullptr},
  };
  for (const Wanted& w : wanted) {
    if (w.value == nullptr || !w.value->empty()) continue;
    Result<std::string> read = ReadSecretFile(dir / w.name);
    if (!read.ok() && read.status().code() == StatusCode::kNotFound) {
      return Status::FailedPrecondition(
          std::string("no ") + w.setting + " and no credential '" + w.name + "' in " +
          dir.string() + ": add LoadCredential=" + w.name + ":/etc/levier/credentials/" + w.name +
          " to the unit (docs/deployment.md)");
    }
    if (!read.ok()) return read.status();
    *w.value = *read;
  }
  if (!outbox_hex.empty()) {
    return DecodeOutboxKey(outbox_hex, "credential '" + std::string(kOutboxKeyCredential) + "'",
                           &config.outbox_key);
  }
  return Status::Ok();
}

// Instances sharing a PostgreSQL database must share their keys too (the
// same resident must get the same pseudonym on each, any of them must open
// what another sealed): none is generated, each must be given.
Status RequireSharedSecrets(const Config& config) {
  std::string missing;
  if (config.secret.empty()) missing += " LEVIER_SECRET";
  if (config.outbox_key.empty()) missing += " LEVIER_OUTBOX_KEY";
  if (config.twilio_auth_token.empty()) missing += " LEVIER_TWILIO_AUTH_TOKEN";
  if (missing.empty()) return Status::Ok();
  return Status::FailedPrecondition(
      "with a PostgreSQL database every instance needs the same keys, and none is set for:" +
      missing + ". Make them once with `levier secret generate` and give them to every instance "
      "(environment or systemd credentials, docs/deployment.md)");
}

}  // namespace

Status EnsureSecrets(Config& config, bool* generated_token) {
  *generated_token = false;
  if (config.db_path == ":memory:") {
    if (config.secret.empty()) config.secret = crypto::HexEncode(crypto::RandomBytes(32));
    if (config.outbox_key.empty()) config.outbox_key = crypto::RandomBytes(32);
    if (config.twilio_auth_token.empty()) {
      config.twilio_auth_token = crypto::HexEncode(crypto::RandomBytes(kTwilioTokenBytes));
      *generated_token = true;
    }
    return Status::Ok();
  }
  if (const char* creds = std::getenv("CREDENTIALS_DIRECTORY");
      creds != nullptr && *creds != '\0') {
    return LoadCredentials(creds, config);
  }
  if (IsPostgres(config.db_path)) return RequireSharedSecrets(config);
  const std::filesystem::path dir = std::filesystem::path(config.db_path).parent_path();
  if (config.secret.empty()) {
    Result<std::string> secret = ReadOrCreateSecretFile(dir / "levier.secret");
    if (!secret.ok()) return secret.status();
    config.secret = *secret;
  }
  if (config.outbox_key.empty()) {
    Result<std::string> key = ReadOrCreateSecretFile(dir / "outbox.key");
    if (!key.ok()) return key.status();
    if (Status s = DecodeOutboxKey(*key, "outbox key file '" + (dir / "outbox.key").string() + "'",
                                   &config.outbox_key);
        !s.ok()) {
      return s;
    }
  }
  if (config.twilio_auth_token.empty()) {
    const std::filesystem::path token_file = dir / "twilio-dev-token";
    Result<std::string> token = ReadOrCreateSecretFile(token_file, kTwilioTokenBytes);
    if (token.ok() && token->size() == 4 * kTwilioTokenBytes) {
      // 32 bytes: made by an earlier version, and refused now. Only
      // `levier send` shares this local token, so a new one replaces it.
      std::error_code ec;
      std::filesystem::remove(token_file, ec);
      token = ReadOrCreateSecretFile(token_file, kTwilioTokenBytes);
    }
    if (!token.ok()) return token.status();
    config.twilio_auth_token = *token;
    *generated_token = true;
  }
  return Status::Ok();
}

}  // namespace levier::app
