// What `levier serve` accepts as secrets (issue 9, item 3), on the real
// binary: placeholders, weak keys and secret files open to others are
// refused with the command to run; systemd credentials replace the files
// beside the data; the development defaults still start.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <regex>

#include "levier/bot/pseudonym.h"
#include "levier/util/crypto.h"
#include "server_process.h"
#include "twilio_client.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

constexpr const char* kGoodSecret =
    "8c1f4e2a9b7d03c65e8f1a2b4c6d8e0f13579bdf2468ace0fedcba9876543210";

// Every LEVIER_*=VALUE line of the shipped example env file, commented out
// or not (an operator uncomments them).
std::map<std::string, std::string> ExampleEnv() {
  std::ifstream in(std::string(LEVIER_SOURCE_DIR) + "/deploy/levier.env.example");
  const std::regex setting("#?(LEVIER_[A-Z_]+)=(.*)");
  std::map<std::string, std::string> env;
  std::smatch m;
  for (std::string line; std::getline(in, line);) {
    if (std::regex_match(line, m, setting)) env[m[1]] = m[2];
  }
  return env;
}

mode_t ModeOf(const std::filesystem::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

class SecretsTest : public ::testing::Test {
 protected:
  // Starts `levier serve` in a fresh directory with `env`; returns what it
  // said when it refused to start, or "" (and a failure) when it started.
  std::string Refusal(std::map<std::string, std::string> env,
                      std::vector<std::string> extra_args = {}) {
    const auto dir = dir_.path() / ("run-" + std::to_string(runs_++));
    std::filesystem::create_directories(dir);
    ServerProcess::Options options;
    options.env = std::move(env);
    options.extra_args = std::move(extra_args);
    try {
      ServerProcess server(dir, options);
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    ADD_FAILURE() << "levier serve started";
    return "";
  }
  bool Starts(std::map<std::string, std::string> env, const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    ServerProcess::Options options;
    options.env = std::move(env);
    try {
      ServerProcess server(dir, options);
      return true;
    } catch (const std::runtime_error& e) {
      ADD_FAILURE() << e.what();
      return false;
    }
  }

  TempDir dir_;
  int runs_ = 0;
};

TEST_F(SecretsTest, PlaceholdersOfTheExampleEnvFileAreRefused) {
  std::map<std::string, std::string> env = ExampleEnv();
  ASSERT_EQ(env.count("LEVIER_SECRET"), 1u);
  ASSERT_EQ(env.count("LEVIER_TWILIO_AUTH_TOKEN"), 1u);
  std::string said = Refusal(env);
  EXPECT_NE(said.find("LEVIER_SECRET still holds the placeholder"), std::string::npos) << said;
  EXPECT_NE(said.find("levier secret generate"), std::string::npos) << said;

  env["LEVIER_SECRET"] = kGoodSecret;
  said = Refusal(env);
  EXPECT_NE(said.find("LEVIER_TWILIO_AUTH_TOKEN still holds the placeholder"), std::string::npos)
      << said;

  env["LEVIER_TWILIO_AUTH_TOKEN"] = ServerProcess::kAuthToken;
  said = Refusal(env);
  EXPECT_NE(said.find("LEVIER_PUBLIC_URL still holds the placeholder"), std::string::npos) << said;

  env["LEVIER_PUBLIC_URL"] = ServerProcess::kPublicUrl;
  said = Refusal(env);
  EXPECT_NE(said.find("LEVIER_TWILIO_ACCOUNT_SID still holds the placeholder"), std::string::npos)
      << said;

  // Positive control: with every placeholder replaced, the same file starts.
  env["LEVIER_TWILIO_ACCOUNT_SID"] = "AC" + crypto::HexEncode(crypto::RandomBytes(16));
  EXPECT_TRUE(Starts(env, dir_.path() / "control"));
}

TEST_F(SecretsTest, PseudonymKeyThatIsNotRandomEnoughIsRefused) {
  for (const std::string& weak : {
           std::string("short"),
           std::string("this passphrase is long but a person chose it"),  // 45 characters
           std::string(kGoodSecret).substr(0, 63),                        // one digit short
           std::string(64, 'a'),                                          // hex, no randomness
           crypto::Base64Encode(crypto::RandomBytes(24)),                 // Base64, 24 bytes
       }) {
    const std::string said = Refusal({{"LEVIER_SECRET", weak}});
    EXPECT_TRUE(said.find("64 hex digits") != std::string::npos ||
                said.find("not a random key") != std::string::npos)
        << weak << ": " << said;
    EXPECT_NE(said.find("openssl rand -hex 32"), std::string::npos) << said;
  }
  // 32 random bytes in Base64 are as good as 64 hex digits.
  EXPECT_TRUE(Starts({{"LEVIER_SECRET", crypto::Base64Encode(crypto::RandomBytes(32))}},
                     dir_.path() / "base64"));
}

TEST_F(SecretsTest, TwilioTokenThatIsNot32HexDigitsIsRefused) {
  for (const std::string& bad : {std::string("integration-test-token-0123456789"),
                                 std::string(kGoodSecret),  // 64 digits
                                 std::string(ServerProcess::kAuthToken).substr(0, 31)}) {
    const std::string said = Refusal({{"LEVIER_TWILIO_AUTH_TOKEN", bad}});
    EXPECT_NE(said.find("LEVIER_TWILIO_AUTH_TOKEN must be 32 hex digits"), std::string::npos)
        << bad << ": " << said;
  }
}

TEST_F(SecretsTest, GeneratedDevelopmentSecretsPassTheChecksAndAreReused) {
  const auto data = dir_.path() / "var";
  // A var/ of an earlier version: its local token had 64 digits.
  std::filesystem::create_directories(data);
  std::ofstream(data / "twilio-dev-token") << kGoodSecret << "\n";
  ASSERT_EQ(::chmod((data / "twilio-dev-token").c_str(), 0600), 0);
  // No token, no secret: both generated beside the database, as start.sh does.
  const std::map<std::string, std::string> env = {{"LEVIER_TWILIO_AUTH_TOKEN", ""}};
  ASSERT_TRUE(Starts(env, data));
  const std::string token = ReadFile(data / "twilio-dev-token");
  EXPECT_TRUE(std::regex_match(token, std::regex("[0-9a-f]{32}\n"))) << token;
  EXPECT_TRUE(std::regex_match(ReadFile(data / "levier.secret"), std::regex("[0-9a-f]{64}\n")));
  for (const char* file : {"twilio-dev-token", "levier.secret", "outbox.key"}) {
    EXPECT_EQ(ModeOf(data / file), 0600u) << file;
  }
  ASSERT_TRUE(Starts(env, data));  // a second start reads the same files
  EXPECT_EQ(ReadFile(data / "twilio-dev-token"), token);
}

TEST_F(SecretsTest, SecretFileOpenToGroupOrOthersIsRefusedWithTheChmodToRun) {
  const auto data = dir_.path() / "data";
  ASSERT_TRUE(Starts({}, data));
  for (const char* file : {"levier.secret", "outbox.key"}) {
    const auto path = data / file;
    ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
    ServerProcess::Options options;
    std::string said;
    try {
      ServerProcess server(data, options);
      ADD_FAILURE() << "started with " << file << " mode 0644";
    } catch (const std::runtime_error& e) {
      said = e.what();
    }
    EXPECT_NE(said.find("chmod 600 " + path.string()), std::string::npos) << said;
    ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
  }
  EXPECT_TRUE(Starts({}, data));
}

TEST_F(SecretsTest, ConfigFileHoldingSecretsMustBeOwnerOnly) {
  const auto config = dir_.path() / "levier.json";
  std::ofstream(config) << R"({"secret": ")" << kGoodSecret << R"("})";
  ASSERT_EQ(::chmod(config.c_str(), 0640), 0);
  const std::string said = Refusal({}, {"--config", config.string()});
  EXPECT_NE(said.find("chmod 600 " + config.string()), std::string::npos) << said;
  ASSERT_EQ(::chmod(config.c_str(), 0600), 0);
  ServerProcess::Options options;
  options.extra_args = {"--config", config.string()};
  std::filesystem::create_directories(dir_.path() / "ok");
  EXPECT_NO_THROW(ServerProcess(dir_.path() / "ok", options));
}

TEST_F(SecretsTest, SystemdCredentialsReplaceTheFilesBesideTheData) {
  const auto credentials = dir_.path() / "credentials";
  std::filesystem::create_directories(credentials);
  const std::string token = crypto::HexEncode(crypto::RandomBytes(16));
  const std::map<std::string, std::string> values = {
      {"levier.secret", kGoodSecret},
      {"twilio-auth-token", token},
      {"outbox.key", crypto::HexEncode(crypto::RandomBytes(32))}};
  for (const auto& [name, value] : values) {
    std::ofstream(credentials / name) << value << "\n";
    ASSERT_EQ(::chmod((credentials / name).c_str(), 0400), 0);
  }
  const auto data = dir_.path() / "data";
  std::filesystem::create_directories(data);
  ServerProcess::Options options;
  options.env = {{"CREDENTIALS_DIRECTORY", credentials.string()}, {"LEVIER_TWILIO_AUTH_TOKEN", ""}};
  {
    ServerProcess server(data, options);
    SmsRequest hello;
    hello.from = "+33655555555";
    hello.text = "Bonjour";
    hello.token = token;  // signed with the credential's token
    EXPECT_EQ(SendSms(server.base_url(), hello).status, 200);
    EXPECT_EQ(
        QueryScalar(server.db_path(), "SELECT COUNT(*) FROM sessions WHERE pseudonym = '" +
                                          bot::Pseudonymize(kGoodSecret, "sms", hello.from) + "'"),
        "1");
  }
  for (const char* file : {"levier.secret", "outbox.key", "twilio-dev-token"}) {
    EXPECT_FALSE(std::filesystem::exists(data / file)) << file << " written beside the data";
  }
  // A credential the unit forgot is an error, never a key generated beside the data.
  std::filesystem::remove(credentials / "outbox.key");
  const std::string said = Refusal(options.env);
  EXPECT_NE(said.find("LoadCredential=outbox.key:"), std::string::npos) << said;
}

TEST_F(SecretsTest, SecretGenerateMakesKeysTheServerAccepts) {
  CommandResult printed = RunLevier({"secret", "generate"});
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  EXPECT_TRUE(std::regex_match(printed.out, std::regex("[0-9a-f]{64}\n"))) << printed.out;
  EXPECT_NE(RunLevier({"secret", "generate"}).out, printed.out);
  EXPECT_TRUE(Starts({{"LEVIER_SECRET", printed.out.substr(0, 64)}}, dir_.path() / "printed"));

  const auto file = dir_.path() / "levier.secret";
  CommandResult written = RunLevier({"secret", "generate", "--out", file.string()});
  ASSERT_EQ(written.exit_code, 0) << written.err;
  EXPECT_EQ(ModeOf(file), 0600u);
  const std::string key = ReadFile(file);
  CommandResult again = RunLevier({"secret", "generate", "--out", file.string()});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("already exists"), std::string::npos) << again.err;
  EXPECT_EQ(ReadFile(file), key);
}

}  // namespace
}  // namespace levier::testing
