#include "secret_policy.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "levier/util/crypto.h"
#include "levier/util/secret_file.h"

namespace levier::app {
namespace {

constexpr const char* kMakeKey =
    "make one with `levier secret generate` (or `openssl rand -hex 32`)";
constexpr const char* kExampleUrl = "levier.example.org";
constexpr std::size_t kMinKeyBytes = 32;
constexpr std::size_t kTwilioTokenHexDigits = 32;
// 64 random hex digits show all 16 digits but with odds of about 1e-3;
// fewer than 8 distinct characters is a pattern, not a draw.
constexpr std::size_t kMinDistinctCharacters = 8;

bool IsPlaceholder(std::string value) {
  std::transform(value.begin(), value.end(), value.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return value.find("replace-me") != std::string::npos ||
         value.find("changeme") != std::string::npos || value.find("xxxxxxxx") != std::string::npos;
}

bool IsHex(const std::string& value, std::size_t digits) {
  return value.size() == digits &&
         std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isxdigit(c); });
}

bool LooksDrawn(const std::string& value) {
  return std::set<char>(value.begin(), value.end()).size() >= kMinDistinctCharacters;
}

Status CheckPseudonymKey(const std::string& secret) {
  if (IsPlaceholder(secret)) {
    return Status::InvalidArgument(
        "LEVIER_SECRET still holds the placeholder of deploy/levier.env.example: " +
        std::string(kMakeKey));
  }
  std::string decoded;
  const bool hex = IsHex(secret, 2 * kMinKeyBytes);
  const bool base64 =
      !hex && crypto::Base64Decode(secret, &decoded) && decoded.size() >= kMinKeyBytes;
  if (!hex && !base64) {
    return Status::InvalidArgument(
        "LEVIER_SECRET must be 64 hex digits or at least 32 random bytes in Base64 (got " +
        std::to_string(secret.size()) + " characters): " + kMakeKey);
  }
  if (!LooksDrawn(secret)) {
    return Status::InvalidArgument("LEVIER_SECRET is a pattern, not a random key: " +
                                   std::string(kMakeKey));
  }
  return Status::Ok();
}

Status CheckTwilioToken(const std::string& token) {
  const std::string where =
      "the Twilio auth token (Twilio Console > Account > API keys & tokens; for a local test "
      "token run `openssl rand -hex 16`)";
  if (IsPlaceholder(token)) {
    return Status::InvalidArgument(
        "LEVIER_TWILIO_AUTH_TOKEN still holds the placeholder of deploy/levier.env.example: set " +
        where);
  }
  if (!IsHex(token, kTwilioTokenHexDigits) || !LooksDrawn(token)) {
    return Status::InvalidArgument("LEVIER_TWILIO_AUTH_TOKEN must be 32 hex digits (got " +
                                   std::to_string(token.size()) + " characters): set " + where);
  }
  return Status::Ok();
}

}  // namespace

Status CheckSecrets(const Config& config) {
  if (Status s = CheckPseudonymKey(config.secret); !s.ok()) return s;
  if (Status s = CheckTwilioToken(config.twilio_auth_token); !s.ok()) return s;
  if (config.public_url.find(kExampleUrl) != std::string::npos) {
    return Status::InvalidArgument(
        "LEVIER_PUBLIC_URL still holds the placeholder of "
        "deploy/levier.env.example: set the HTTPS URL Twilio calls");
  }
  if (IsPlaceholder(config.twilio_account_sid)) {
    return Status::InvalidArgument(
        "LEVIER_TWILIO_ACCOUNT_SID still holds the placeholder of deploy/levier.env.example: "
        "set your account's SID (AC...) or remove the line");
  }
  return Status::Ok();
}

Status CheckConfigFileMode(const ConfigFlags& flags, const GetEnv& getenv) {
  std::string path;
  if (flags.config_file)
    path = *flags.config_file;
  else if (const char* v = getenv("LEVIER_CONFIG"); v != nullptr)
    path = v;
  if (path.empty()) return Status::Ok();
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || (st.st_mode & 077) == 0) return Status::Ok();
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || (!j.contains("secret") && !j.contains("twilio_auth_token"))) {
    return Status::Ok();
  }
  return Status::FailedPrecondition(
      "config file '" + path + "' holds secrets and is open to group or others: run `chmod 600 " +
      path + "`");
}

std::string GenerateKey() { return crypto::HexEncode(crypto::RandomBytes(kMinKeyBytes)); }

int RunSecretGenerate(const std::string& out_path) {
  if (out_path.empty()) {
    std::cout << GenerateKey() << "\n";
    return 0;
  }
  std::error_code ec;
  if (std::filesystem::exists(out_path, ec)) {
    std::cerr << "levier secret generate: '" << out_path
              << "' already exists: a key in use is never overwritten\n";
    return 1;
  }
  Result<std::string> key = ReadOrCreateSecretFile(out_path, kMinKeyBytes);
  if (!key.ok()) {
    std::cerr << "levier secret generate: " << key.status().message() << "\n";
    return 1;
  }
  std::cout << "wrote a new key to " << out_path << " (mode 0600)\n";
  return 0;
}

}  // namespace levier::app
