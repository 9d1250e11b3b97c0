// What `levier serve` accepts as secrets. A guessable pseudonym key makes
// every pseudonym reversible (phone numbers are few); a guessable Twilio
// token lets anyone forge residents' messages. So the server refuses to
// start with the placeholders of deploy/levier.env.example, with keys that
// are not random enough, and with secret files others can read, and each
// refusal says what to run.
//
// Thread-safety: plain functions, no shared state.
#pragma once

#include <string>

#include "config.h"

namespace levier::app {

// Pseudonym key: 64 hex digits, or at least 32 bytes in Base64. Twilio auth
// token: 32 hex digits, as Twilio issues it. Neither, nor the public URL,
// may be a placeholder of the shipped example env file.
// REQUIRES: EnsureSecrets has filled the secrets.
[[nodiscard]] Status CheckSecrets(const Config& config);

// Refuses a JSON config file (--config or LEVIER_CONFIG) that holds
// "secret" or "twilio_auth_token" while group or others may read it.
[[nodiscard]] Status CheckConfigFileMode(const ConfigFlags& flags, const GetEnv& getenv);

// 32 random bytes as 64 hex digits: a pseudonym or outbox key.
std::string GenerateKey();

// `levier secret generate [--out FILE]`: prints a new key, or writes it to a
// new FILE with mode 0600 (never overwriting one).
int RunSecretGenerate(const std::string& out_path);

}  // namespace levier::app
