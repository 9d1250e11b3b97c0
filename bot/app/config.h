// Levier's configuration: command-line flags over environment variables over
// a JSON config file over built-in defaults. Documented in docs/configuration.md.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "followup_config.h"
#include "levier/dialogs/engine.h"
#include "levier/store/sqlite.h"
#include "levier/store/store.h"
#include "levier/util/status.h"
#include "levier/channels/twilio_sms/config_section.h"
#include "levier/webhook/limits.h"

namespace levier::app {

struct Config {
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8080;
  std::string db_path = "var/levier.db";
  std::string dialogs_dir = "dialogs/default";
  std::string kb_dir = "knowledge-base/data";
  std::string public_url;          // default: "http://<listen>"
  std::string twilio_auth_token;   // default: a local token generated next to the database
  std::string twilio_account_sid;  // optional
  std::string secret;              // pseudonym key; default: generated next to the database
  std::string log_level = "info";
  webhook::ServerLimits limits;
  store::SqliteOptions store;  // "store" object in the config file
  dialogs::EngineOptions session;  // "session": inactivity_timeout_s, expiry_s
  // "session.retention_s": a resident silent this long is erased as by their
  // own ERASE (app::Retention); 0 keeps them until they erase.
  UnixSeconds session_retention = 365 * 24 * 3600;
  // "audit.retention_s": audit rows (who called the API or changed the
  // workspace, from which address) older than this are deleted
  // (app::Retention); 0 keeps them.
  UnixSeconds audit_retention = 365 * 24 * 3600;
  // "rate_limits": new messages per minute per sender (pseudonym), and failed
  // authentications (webhook signature, API token) per minute per client
  // address; 0 turns a limit off.
  std::uint32_t per_sender_per_minute = 20;
  std::uint32_t per_address_per_minute = 10;
  // "trusted_proxies" / LEVIER_TRUSTED_PROXIES: reverse proxies whose
  // X-Forwarded-For is believed (webhook::ClientAddresses).
  std::vector<std::string> trusted_proxies = {"127.0.0.1", "::1"};
  bool sms_transliterate = true;  // "sms_transliterate": fit Latin text to GSM-7
  FollowupConfig followup;        // "followup" object
  channels::twilio_sms::ApiSection twilio;  // "twilio" object (outbound Messages API)
  // AES-256-GCM key of the addresses kept for pending follow-ups: 32 bytes,
  // from LEVIER_OUTBOX_KEY (64 hex digits) or generated beside the database.
  std::string outbox_key;
};

// Values given on the command line (unset = not given).
struct ConfigFlags {
  std::optional<std::string> config_file;
  std::optional<std::string> listen;
  std::optional<std::string> db;
  std::optional<std::string> dialogs;
  std::optional<std::string> kb;
  std::optional<std::string> public_url;
  std::optional<std::string> log_level;
};

using GetEnv = std::function<const char*(const char*)>;

// Resolves the configuration. Errors say which setting, from where, and why.
Result<Config> ResolveConfig(const ConfigFlags& flags, const GetEnv& getenv);

// Parses "HOST:PORT" ("[::1]:8080" for IPv6).
Status ParseListen(const std::string& text, std::string* host, std::uint16_t* port);

// Names of the systemd credentials (LoadCredential=NAME:PATH) read from
// $CREDENTIALS_DIRECTORY.
inline constexpr const char* kSecretCredential = "levier.secret";
inline constexpr const char* kTwilioTokenCredential = "twilio-auth-token";
inline constexpr const char* kOutboxKeyCredential = "outbox.key";

// Fills `secret`, `twilio_auth_token` and `outbox_key` when not configured.
// Under systemd ($CREDENTIALS_DIRECTORY set): from the credentials above,
// and a missing one is an error. Otherwise (development): read from, or
// generated once into, files beside the database (mode 0600), so pseudonyms
// and pending follow-ups survive restarts. For ":memory:" databases, random
// per process. Secret files open to group or others are refused.
// `generated_token` is set when the Twilio token is such a local token.
Status EnsureSecrets(Config& config, bool* generated_token);

}  // namespace levier::app
