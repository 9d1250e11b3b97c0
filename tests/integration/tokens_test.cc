// API tokens over their life: expiry, `levier token list` and `revoke`, the
// audit naming the token and the real client, and a database made by the
// previous schema (version 3) upgraded with its tokens still working.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "api_client.h"
#include "levier/util/crypto.h"
#include "server_process.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

std::string TokenList(const ServerProcess& server) {
  CommandResult r = RunLevier({"token", "list", "--db", server.db_path().string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

// The line of `list` that starts with `id`.
std::string LineOf(const std::string& list, const std::string& id) {
  std::istringstream lines(list);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(id, 0) == 0) return line;
  }
  return "";
}

std::string IdOf(const std::string& token) {
  return crypto::HexEncode(crypto::Sha256(token)).substr(0, 12);
}

class TokensTest : public ::testing::Test {
 protected:
  void SetUp() override { server_ = std::make_unique<ServerProcess>(dir_.path()); }
  std::string Scalar(const std::string& sql) { return QueryScalar(server_->db_path(), sql); }
  unsigned CallStatus(const std::string& token, const std::string& client = "") {
    return ApiGet(*server_, "/api/v1/coverage", "Bearer " + token, client).result_int();
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(TokensTest, ListShowsIdRoleOrgDatesAndStateNeverTheToken) {
  const std::string admin = CreateToken(server_->db_path(), "admin");
  const std::string shortlived =
      CreateToken(server_->db_path(), "professional", {"--expires", "30"});
  ASSERT_EQ(CallStatus(admin), 200u);

  const std::string list = TokenList(*server_);
  EXPECT_EQ(list.find(admin), std::string::npos);
  EXPECT_EQ(list.find(shortlived), std::string::npos);
  EXPECT_EQ(list.find(crypto::HexEncode(crypto::Sha256(admin))), std::string::npos);
  const std::string today = Scalar("SELECT date('now')");
  const std::string in_a_year = Scalar("SELECT date('now', '+365 days')");
  const std::string in_30_days = Scalar("SELECT date('now', '+30 days')");
  const std::regex admin_line("^" + IdOf(admin) + " +admin +" + today + " +" + in_a_year + " +" +
                              today + " +active +Org admin$");
  EXPECT_TRUE(std::regex_match(LineOf(list, IdOf(admin)), admin_line)) << list;
  const std::regex short_line("^" + IdOf(shortlived) + " +professional +" + today + " +" +
                              in_30_days + " +never +active +Org professional$");
  EXPECT_TRUE(std::regex_match(LineOf(list, IdOf(shortlived)), short_line)) << list;
}

TEST_F(TokensTest, RevokedAndExpiredTokensGet401) {
  const std::string revoked = CreateToken(server_->db_path(), "coordinator");
  const std::string expiring = CreateToken(server_->db_path(), "coordinator", {"--expires", "1"});
  ASSERT_EQ(CallStatus(revoked), 200u);
  ASSERT_EQ(CallStatus(expiring), 200u);

  CommandResult r =
      RunLevier({"token", "revoke", IdOf(revoked), "--db", server_->db_path().string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(CallStatus(revoked), 401u);
  EXPECT_NE(LineOf(TokenList(*server_), IdOf(revoked)).find(" revoked "), std::string::npos);
  // Revoking twice, or a token that does not exist, says so.
  EXPECT_EQ(RunLevier({"token", "revoke", IdOf(revoked), "--db", server_->db_path().string()})
                .exit_code,
            1);
  CommandResult unknown =
      RunLevier({"token", "revoke", "000000000000", "--db", server_->db_path().string()});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("no token with id '000000000000'"), std::string::npos) << unknown.err;

  // A day later.
  ExecSql(server_->db_path(), "UPDATE api_tokens SET expires_at = strftime('%s','now') - 1 "
                              "WHERE id = '" + IdOf(expiring) + "'");
  EXPECT_EQ(CallStatus(expiring), 401u);
  EXPECT_NE(LineOf(TokenList(*server_), IdOf(expiring)).find(" expired "), std::string::npos);

  EXPECT_EQ(RunLevier({"token", "create", "--role", "admin", "--org", "X", "--expires", "0",
                       "--db", server_->db_path().string()})
                .exit_code,
            2);
}

TEST_F(TokensTest, AuditRecordsTheTokenIdAndTheRealClientAddress) {
  const std::string token = CreateToken(server_->db_path(), "coordinator");
  ASSERT_EQ(CallStatus(token, "198.51.100.23"), 200u);
  EXPECT_EQ(Scalar("SELECT token_id || '|' || client || '|' || status FROM audit_log "
                   "ORDER BY id DESC LIMIT 1"),
            IdOf(token) + "|198.51.100.23|200");
  // Without a proxy in between, the peer itself.
  ASSERT_EQ(CallStatus(token), 200u);
  EXPECT_EQ(Scalar("SELECT client FROM audit_log ORDER BY id DESC LIMIT 1"), "127.0.0.1");
  EXPECT_EQ(Scalar("SELECT last_used_at >= strftime('%s','now') - 60 FROM api_tokens"), "1");
}

TEST(TokensUpgradeTest, ADatabaseOfSchemaVersion3KeepsItsTokensAndAudit) {
  TempDir dir;
  const std::filesystem::path db = dir.path() / "levier.db";
  std::ifstream schema(std::string(LEVIER_SOURCE_DIR) + "/tests/integration/data/schema-v3.sql");
  ASSERT_TRUE(schema.good());
  std::stringstream sql;
  sql << schema.rdbuf();
  ExecSql(db, sql.str());
  const std::string token = "lvr_" + std::string(64, 'a');
  const std::string hash = crypto::HexEncode(crypto::Sha256(token));
  ExecSql(db, "INSERT INTO api_tokens (token_hash, role, org, created_at) VALUES ('" + hash +
                  "', 'coordinator', 'Ville', strftime('%s','now') - 86400);"
                  "INSERT INTO audit_log (at, org, role, method, target, status) "
                  "VALUES (strftime('%s','now') - 86400, 'Ville', 'coordinator', 'GET', "
                  "'/api/v1/indicators', 200);");  // within the audit's retention (a year)

  ServerProcess server(dir.path());
  EXPECT_GT(std::stoi(QueryScalar(db, "PRAGMA user_version")), 3);
  EXPECT_EQ(ApiGet(server, "/api/v1/coverage", "Bearer " + token).result_int(), 200u);
  // Made before expiry existed: a year from its creation.
  EXPECT_EQ(QueryScalar(db, "SELECT expires_at - created_at FROM api_tokens"), "31536000");
  EXPECT_EQ(QueryScalar(db, "SELECT COUNT(*) FROM audit_log"), "2");
  EXPECT_EQ(QueryScalar(db, "SELECT token_id || '|' || client FROM audit_log WHERE id = 1"), "|");
  CommandResult list = RunLevier({"token", "list", "--db", db.string()});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find(hash.substr(0, 12) + "  coordinator"), std::string::npos) << list.out;
}

}  // namespace
}  // namespace levier::testing
