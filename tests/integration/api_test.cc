// The /api/v1/ API against the real server and SQLite file: tokens made by
// `levier token create`, indicators from scripted SMS conversations, the
// small-cell rule, CSV, access refusals, the audit log, the coverage chart.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "levier/util/crypto.h"
#include "levier/net/http_client.h"
#include "api_client.h"
#include "server_process.h"
#include "twilio_client.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

namespace http = net::http;
using nlohmann::json;

std::string KbDir() { return std::string(LEVIER_SOURCE_DIR) + "/knowledge-base/data"; }

void Exec(const std::filesystem::path& db, const std::string& sql) { ExecSql(db, sql); }

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override { server_ = std::make_unique<ServerProcess>(dir_.path()); }

  // `levier token create`; returns the whole result (the token is the last line).
  CommandResult CreateToken(const std::string& role, const std::string& org) {
    return RunLevier(
        {"token", "create", "--role", role, "--org", org, "--db", server_->db_path().string()});
  }
  std::string Token(const std::string& role) {
    CommandResult r = CreateToken(role, "Org " + role);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::istringstream lines(r.out);
    std::string line, last;
    while (std::getline(lines, line)) last = line;
    return last;
  }

  net::HttpResponse Call(const std::string& target, const std::string& authorization,
                             http::verb method = http::verb::get) {
    net::HttpRequest req{method, target, 11};
    if (!authorization.empty()) req.set(http::field::authorization, authorization);
    Result<net::HttpResponse> res = net::SendHttpRequest(
        server_->base_url() + target, std::move(req), std::chrono::seconds(20));
    EXPECT_TRUE(res.ok()) << res.status().ToString();
    return res.ok() ? *res : net::HttpResponse{};
  }
  net::HttpResponse Get(const std::string& target, const std::string& token) {
    return Call(target, "Bearer " + token);
  }
  json GetJson(const std::string& target, const std::string& token) {
    net::HttpResponse res = Get(target, token);
    EXPECT_EQ(res.result_int(), 200u) << target << ": " << res.body();
    EXPECT_EQ(res[http::field::content_type], "application/json");
    return json::parse(res.body());
  }

  // One resident's whole conversation by SMS.
  void Converse(const std::string& from, const std::vector<std::string>& texts) {
    for (const std::string& text : texts) {
      SmsRequest r;
      r.from = from;
      r.text = text;
      ASSERT_EQ(SendSms(server_->base_url(), r).status, 200) << from << " " << text;
    }
  }

  std::string Scalar(const std::string& sql) { return QueryScalar(server_->db_path(), sql); }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
};

// Transport, Tours: three mobilite providers (licence and age change none).
const std::vector<std::string> kMobiliteTours = {"Bonjour", "4", "1"};
// Housing, Joué-lès-Tours, 26-49 (the kind of housing changes no provider).
const std::vector<std::string> kLogementJoue = {"Bonjour", "1", "2", "2"};

std::string Phone(int i) { return "+336000000" + std::to_string(10 + i); }

TEST_F(ApiTest, TokenIsPrintedOnceAndStoredOnlyAsItsHash) {
  CommandResult r = CreateToken("coordinator", "Ville de Tours");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line, token;
  while (std::getline(lines, line)) token = line;
  ASSERT_EQ(token.size(), 68u) << r.out;
  EXPECT_EQ(token.rfind("lvr_", 0), 0u);
  EXPECT_EQ(r.out.find(token), r.out.rfind(token)) << "printed more than once";

  const std::string hash = crypto::HexEncode(crypto::Sha256(token));
  EXPECT_EQ(Scalar("SELECT role || '|' || org FROM api_tokens WHERE token_hash = '" + hash + "'"),
            "coordinator|Ville de Tours");
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM api_tokens"), "1");
  // Neither the token nor its random part is anywhere in the database files.
  for (const char* suffix : {"", "-wal"}) {
    const auto file = server_->db_path().string() + suffix;
    if (!std::filesystem::exists(file)) continue;
    const std::string bytes = ReadFile(file);
    EXPECT_EQ(bytes.find(token.substr(4)), std::string::npos) << file;
  }
  // And it works.
  EXPECT_EQ(Get("/api/v1/indicators", token).result_int(), 200u);
}

TEST_F(ApiTest, TokenCreateRefusesUnknownRoleAndEmptyOrg) {
  CommandResult bad_role = CreateToken("superuser", "X");
  EXPECT_EQ(bad_role.exit_code, 2);
  EXPECT_NE(bad_role.err.find("admin, coordinator or professional"), std::string::npos);
  CommandResult no_org = CreateToken("admin", "");
  EXPECT_EQ(no_org.exit_code, 2);
  EXPECT_NE(no_org.err.find("--org"), std::string::npos) << no_org.err;
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM api_tokens"), "0");
}

TEST_F(ApiTest, MissingMalformedOrUnknownTokenIs401WithChallenge) {
  const std::string valid = Token("admin");
  for (const std::string& authorization :
       {std::string(), std::string("Basic dXNlcjpwYXNz"), std::string("Bearer "),
        std::string("Bearer lvr_0000000000000000000000000000000000000000000000000000000000000000"),
        "Bearer " + valid.substr(0, valid.size() - 1)}) {
    net::HttpResponse res = Call("/api/v1/indicators", authorization);
    EXPECT_EQ(res.result_int(), 401u) << authorization;
    EXPECT_EQ(std::string(res[http::field::www_authenticate]).rfind("Bearer realm=\"levier\"", 0),
              0u)
        << authorization;
    EXPECT_EQ(res.body().find("referrals"), std::string::npos);
  }
  // Revoked tokens are refused like unknown ones.
  Exec(server_->db_path(), "UPDATE api_tokens SET revoked_at = 1");
  EXPECT_EQ(Get("/api/v1/coverage", valid).result_int(), 401u);
}

TEST_F(ApiTest, EachRoleReachesItsEndpointsOnly) {
  const std::string admin = Token("admin");
  const std::string coordinator = Token("coordinator");
  const std::string professional = Token("professional");
  const std::vector<std::string> aggregates = {"/api/v1/indicators", "/api/v1/watch"};
  const std::vector<std::string> offer = {"/api/v1/coverage", "/api/v1/coverage.svg",
                                          "/api/v1/providers.geojson"};
  for (const auto& path : aggregates) {
    EXPECT_EQ(Get(path, admin).result_int(), 200u) << path;
    EXPECT_EQ(Get(path, coordinator).result_int(), 200u) << path;
    EXPECT_EQ(Get(path, professional).result_int(), 403u) << path;
  }
  for (const auto& path : offer) {
    for (const auto* token : {&admin, &coordinator, &professional}) {
      EXPECT_EQ(Get(path, *token).result_int(), 200u) << path;
    }
  }
  // Full figures are for admins only.
  EXPECT_EQ(Get("/api/v1/indicators?suppress=false", coordinator).result_int(), 403u);
  EXPECT_EQ(Get("/api/v1/indicators?suppress=false", admin).result_int(), 200u);
  // Unknown endpoints, methods and parameters.
  EXPECT_EQ(Get("/api/v1/nothing", admin).result_int(), 404u);
  EXPECT_EQ(Call("/api/v1/indicators", "Bearer " + admin, http::verb::post).result_int(), 405u);
  EXPECT_EQ(Get("/api/v1/indicators?format=xml", admin).result_int(), 400u);
  EXPECT_EQ(Get("/api/v1/indicators?format=csv&table=people", admin).result_int(), 400u);
  EXPECT_EQ(Get("/api/v1/watch?days=0", admin).result_int(), 400u);
}

TEST_F(ApiTest, EveryCallIsAuditedBeforeItsResponseWithoutMessageText) {
  Converse(Phone(0), {"Bonjour", "zanzibar-secret-phrase"});
  const std::string coordinator = Token("coordinator");
  const std::string professional = Token("professional");

  ASSERT_EQ(Get("/api/v1/indicators?format=csv", coordinator).result_int(), 200u);
  // The row is committed before the response leaves.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log"), "1");
  EXPECT_EQ(Scalar("SELECT org || '|' || role || '|' || method || '|' || target || '|' || "
                   "status FROM audit_log ORDER BY id DESC LIMIT 1"),
            "Org coordinator|coordinator|GET|/api/v1/indicators?format=csv|200");
  ASSERT_EQ(Get("/api/v1/indicators", professional).result_int(), 403u);
  EXPECT_EQ(Scalar("SELECT org || '|' || role || '|' || target || '|' || status FROM audit_log "
                   "ORDER BY id DESC LIMIT 1"),
            "Org professional|professional|/api/v1/indicators|403");
  ASSERT_EQ(Call("/api/v1/watch", "").result_int(), 401u);
  EXPECT_EQ(Scalar("SELECT org || '|' || role || '|' || target || '|' || status FROM audit_log "
                   "ORDER BY id DESC LIMIT 1"),
            "||/api/v1/watch|401");
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log"), "3");
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE at < strftime('%s','now') - 60 OR "
                   "at > strftime('%s','now') + 60"),
            "0");
  // No message text, no token, no phone number in any audit column.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE (org || role || method || target) "
                   "LIKE '%zanzibar%' OR (org || role || method || target) LIKE '%lvr_%' OR "
                   "(org || role || method || target) LIKE '%33600%'"),
            "0");
}

// A resident who names a priority neighbourhood ("j'habite au Sanitas") has
// it on their referrals: the indicators break down by neighbourhood, by its
// name, with the small-cell rule; those who did not say count as "".
TEST_F(ApiTest, ReferralsCarryTheNeighbourhoodAResidentNamed) {
  const std::vector<std::string> sanitas = {"Bonjour",
                                            "J'habite au Sanitas et je cherche un logement", "1"};
  for (int i = 0; i < 5; ++i) Converse(Phone(i), sanitas);
  for (int i = 5; i < 7; ++i) Converse(Phone(i), kMobiliteTours);
  const std::string from_sanitas =
      Scalar("SELECT COUNT(*) FROM referrals WHERE neighbourhood = 'sanitas'");
  ASSERT_GT(std::stoi(from_sanitas), 0);
  EXPECT_EQ(from_sanitas, Scalar("SELECT COUNT(*) FROM referrals WHERE barrier = 'logement'"));
  const int unknown = std::stoi(Scalar("SELECT COUNT(*) FROM referrals WHERE neighbourhood = ''"));
  ASSERT_GT(unknown, 0);

  json full = GetJson("/api/v1/indicators?suppress=false", Token("admin"));
  EXPECT_EQ(full["breakdowns"]["neighbourhood"],
            (json::array({{{"neighbourhood", ""}, {"referrals", unknown}, {"participants", 2},
                           {"name", ""}},
                          {{"neighbourhood", "sanitas"},
                           {"referrals", std::stoi(from_sanitas)},
                           {"participants", 5},
                           {"name", "Sanitas"}}})));
  const std::string coordinator = Token("coordinator");
  json shared = GetJson("/api/v1/indicators", coordinator);
  ASSERT_EQ(shared["breakdowns"]["neighbourhood"].size(), 1u) << shared["breakdowns"];
  EXPECT_EQ(shared["breakdowns"]["neighbourhood"][0]["neighbourhood"], "sanitas");
  EXPECT_EQ(shared["hidden"]["neighbourhood"], 1);
  EXPECT_EQ(Get("/api/v1/indicators?format=csv&table=neighbourhood", coordinator).body(),
            "neighbourhood,name,referrals,participants\r\nsanitas,Sanitas," + from_sanitas +
                ",5\r\n");
}

TEST_F(ApiTest, IndicatorsFromScriptedConversationsWithSmallCellSuppression) {
  for (int i = 0; i < 6; ++i) Converse(Phone(i), kMobiliteTours);
  for (int i = 6; i < 8; ++i) Converse(Phone(i), kLogementJoue);
  ASSERT_EQ(Scalar("SELECT COUNT(*) FROM referrals WHERE barrier = 'mobilite' AND "
                   "commune = 'Tours'"),
            "18");
  const std::string logement_referrals =
      Scalar("SELECT COUNT(*) FROM referrals WHERE barrier = 'logement'");
  ASSERT_GT(std::stoi(logement_referrals), 0);
  const int logement = std::stoi(logement_referrals);
  const std::string month =
      Scalar("SELECT strftime('%Y-%m', MIN(created_at), 'unixepoch') FROM referrals");

  const std::string admin = Token("admin");
  const std::string coordinator = Token("coordinator");

  // Admin, full figures.
  json full = GetJson("/api/v1/indicators?suppress=false", admin);
  EXPECT_EQ(full["suppressed"], false);
  EXPECT_EQ(full["referrals"], 18 + logement);
  EXPECT_EQ(full["participants"], 8);
  EXPECT_EQ(full["by_barrier"], (json{{"logement", logement}, {"mobilite", 18}}));
  ASSERT_EQ(full["cells"].size(), 2u);
  EXPECT_EQ(full["cells"][0], (json{{"barrier", "logement"},
                                    {"commune", "Joué-lès-Tours"},
                                    {"month", month},
                                    {"channel", "sms"},
                                    {"language", "fr"},
                                    {"referrals", logement},
                                    {"participants", 2}}));
  EXPECT_EQ(full["cells"][1], (json{{"barrier", "mobilite"},
                                    {"commune", "Tours"},
                                    {"month", month},
                                    {"channel", "sms"},
                                    {"language", "fr"},
                                    {"referrals", 18},
                                    {"participants", 6}}));
  EXPECT_EQ(
      full["breakdowns"]["source"],
      (json::array({{{"source", "self"}, {"referrals", 18 + logement}, {"participants", 8}}})));
  // Every Tours mobilite participant got the same three providers.
  ASSERT_GE(full["providers"].size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(full["providers"][i]["referrals"], 6) << full["providers"][i];
    EXPECT_EQ(full["providers"][i]["participants"], 6);
    EXPECT_FALSE(full["providers"][i]["name"].get<std::string>().empty());
  }
  EXPECT_EQ(full["hidden"]["cells"], 0);

  // Coordinator, the default export: the Joué cell (2 participants) is hidden.
  json shared = GetJson("/api/v1/indicators", coordinator);
  EXPECT_EQ(shared["suppressed"], true);
  EXPECT_EQ(shared["min_participants"], 5);
  EXPECT_EQ(shared["referrals"], 18 + logement);  // the total concerns 8 participants
  EXPECT_EQ(shared["participants"], 8);
  EXPECT_EQ(shared["by_barrier"], (json{{"mobilite", 18}}));
  ASSERT_EQ(shared["cells"].size(), 1u);
  EXPECT_EQ(shared["cells"][0]["commune"], "Tours");
  EXPECT_EQ(shared["hidden"]["cells"], 1);
  EXPECT_EQ(shared["breakdowns"]["commune"],
            (json::array({{{"commune", "Tours"}, {"referrals", 18}, {"participants", 6}}})));
  EXPECT_EQ(shared["hidden"]["commune"], 1);
  EXPECT_EQ(shared.dump().find("Joué"), std::string::npos);

  // CSV, default table (cells), suppressed then full.
  net::HttpResponse csv = Get("/api/v1/indicators?format=csv", coordinator);
  ASSERT_EQ(csv.result_int(), 200u);
  EXPECT_EQ(csv[http::field::content_type], "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body(),
            "barrier,commune,month,channel,language,referrals,participants\r\n"
            "mobilite,Tours," +
                month + ",sms,fr,18,6\r\n");
  net::HttpResponse csv_full = Get("/api/v1/indicators?format=csv&suppress=false", admin);
  EXPECT_EQ(csv_full.body(),
            "barrier,commune,month,channel,language,referrals,participants\r\n"
            "logement,Joué-lès-Tours," +
                month + ",sms,fr," + logement_referrals +
                ",2\r\n"
                "mobilite,Tours," +
                month + ",sms,fr,18,6\r\n");
  net::HttpResponse by_barrier =
      Get("/api/v1/indicators?format=csv&table=barrier", coordinator);
  EXPECT_EQ(by_barrier.body(), "barrier,referrals,participants\r\nmobilite,18,6\r\n");

  // `levier report` reads the same figures: full by default, --suppress to share.
  CommandResult report = RunLevier({"report", "--db", server_->db_path().string(), "--kb", KbDir(), "--json"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  json local = json::parse(report.out);
  EXPECT_EQ(local["referrals"], 18 + logement);
  EXPECT_EQ(local["participants"], 8);
  EXPECT_EQ(local["by_barrier"], full["by_barrier"]);
  EXPECT_EQ(local["cells"], full["cells"]);
  CommandResult shared_report =
      RunLevier({"report", "--db", server_->db_path().string(), "--kb", KbDir(), "--json", "--suppress"});
  ASSERT_EQ(shared_report.exit_code, 0) << shared_report.err;
  EXPECT_EQ(json::parse(shared_report.out)["cells"], shared["cells"]);
  CommandResult csv_report =
      RunLevier({"report", "--db", server_->db_path().string(), "--kb", KbDir(), "--csv", "--table", "commune"});
  EXPECT_EQ(csv_report.out, "commune,referrals,participants\r\nJoué-lès-Tours," +
                                logement_referrals + ",2\r\nTours,18,6\r\n");
}

TEST_F(ApiTest, IndicatorsOfAPeriodCountOnlyItsMonths) {
  for (int i = 0; i < 8; ++i) Converse(Phone(i), kMobiliteTours);
  // Three participants' referrals moved to March 2026, as if made then.
  Exec(server_->db_path(),
       "UPDATE referrals SET created_at = 1772539200 WHERE pseudonym IN "
       "(SELECT DISTINCT pseudonym FROM referrals ORDER BY pseudonym LIMIT 3)");
  const std::string admin = Token("admin");
  json march = GetJson("/api/v1/indicators?suppress=false&from=2026-03&to=2026-03", admin);
  EXPECT_EQ(march["participants"], 3);
  EXPECT_EQ(march["referrals"], 9);
  EXPECT_EQ(march["period"], (json{{"from", "2026-03"}, {"to", "2026-03"}}));
  json after = GetJson("/api/v1/indicators?suppress=false&from=2026-04", admin);
  EXPECT_EQ(after["participants"], 5);
  json whole = GetJson("/api/v1/indicators?suppress=false", admin);
  EXPECT_EQ(whole["participants"], 8);
  EXPECT_EQ(whole["period"], (json{{"from", ""}, {"to", ""}}));
  // Small cells are small within the period: three participants are hidden.
  json shared = GetJson("/api/v1/indicators?from=2026-03&to=2026-03", Token("coordinator"));
  EXPECT_TRUE(shared["participants"].is_null());
  for (const char* bad : {"from=2026-13", "to=26-03", "from=2026-05&to=2026-04"}) {
    net::HttpResponse res = Get(std::string("/api/v1/indicators?") + bad, admin);
    EXPECT_EQ(res.result_int(), 400u) << bad << ": " << res.body();
  }
  EXPECT_EQ(Get("/api/v1/watch?from=2026-03", admin).result_int(), 400u);
}

TEST_F(ApiTest, ErasedParticipantsCountAsOneAtMostPerCell) {
  const std::string admin = Token("admin");
  // Three referrals of erased participants (pseudonym ""), one of a known one.
  Exec(server_->db_path(),
       "INSERT INTO referrals (created_at, pseudonym, channel, language, barrier, provider_id, "
       "commune) VALUES (1767225600, '', 'sms', 'fr', 'sante', 'p1', 'Tours'), "
       "(1767225600, '', 'sms', 'fr', 'sante', 'p1', 'Tours'), "
       "(1767225600, '', 'sms', 'fr', 'sante', 'p2', 'Tours'), "
       "(1767225600, 'abc', 'sms', 'fr', 'langue', 'p2', 'Tours')");
  json full = GetJson("/api/v1/indicators?suppress=false", admin);
  EXPECT_EQ(full["referrals"], 4);
  EXPECT_EQ(full["participants"], 1);  // a lower bound: "" may be "abc" before erasure
  ASSERT_EQ(full["breakdowns"]["barrier"].size(), 2u);
  EXPECT_EQ(full["breakdowns"]["barrier"][1],
            (json{{"barrier", "sante"}, {"referrals", 3}, {"participants", 1}}));
  EXPECT_EQ(full["cells"][1]["month"], "2026-01");
}

TEST_F(ApiTest, FollowupAnswersAndWatchReportWithSuppressedSubCounts) {
  const std::string admin = Token("admin");
  const std::string coordinator = Token("coordinator");
  const std::string now = "strftime('%s','now')";
  // Six participants answered about mobilite: three lifted, three not;
  // five contacted the provider; ratings 4,4,5,5,5,2; one could not reach "prov-x".
  std::string sql =
      "INSERT INTO followup_answers (created_at, pseudonym, barrier, provider_id, contacted, "
      "rating, lifted, could_not_reach) VALUES ";
  const char* rows[] = {
      "'a','mobilite','prov-y','yes',4,'yes',0", "'b','mobilite','prov-y','yes',4,'yes',0",
      "'c','mobilite','prov-y','yes',5,'yes',0", "'d','mobilite','prov-y','yes',5,'no',0",
      "'e','mobilite','prov-y','yes',5,'no',0",  "'f','mobilite','prov-x','no',2,'no',1"};
  for (std::size_t i = 0; i < std::size(rows); ++i) {
    sql += std::string(i ? ", " : "") + "(" + now + ", " + rows[i] + ")";
  }
  Exec(server_->db_path(), sql);

  json full = GetJson("/api/v1/indicators?suppress=false", admin);
  ASSERT_EQ(full["followup"].size(), 1u);
  const json& f = full["followup"][0];
  EXPECT_EQ(f["barrier"], "mobilite");
  EXPECT_EQ(f["answers"], 6);
  EXPECT_EQ(f["participants"], 6);
  EXPECT_EQ(f["lifted"], (json{{"no", 3}, {"yes", 3}}));
  EXPECT_EQ(f["contacted"], (json{{"no", 1}, {"yes", 5}}));
  EXPECT_EQ(f["ratings"], (json{{"2", 1}, {"4", 2}, {"5", 3}}));
  EXPECT_EQ(f["could_not_reach"], 1);
  EXPECT_EQ(f["rated"], 6);
  EXPECT_DOUBLE_EQ(f["rating_mean"].get<double>(), 4.17);

  // Shared: the row concerns 6 participants, but each sub-count concerns fewer than 5.
  json shared = GetJson("/api/v1/indicators", coordinator);
  ASSERT_EQ(shared["followup"].size(), 1u);
  const json& s = shared["followup"][0];
  EXPECT_EQ(s["answers"], 6);
  EXPECT_EQ(s["lifted"], json::object());
  EXPECT_EQ(s["contacted"], (json{{"yes", 5}}));
  EXPECT_EQ(s["ratings"], json::object());
  EXPECT_TRUE(s["could_not_reach"].is_null());
  EXPECT_EQ(s["rating_mean"], 4.17);

  json watch = GetJson("/api/v1/watch", coordinator);
  EXPECT_EQ(watch["could_not_reach_days"], 180);
  for (const char* key : {"today", "stale", "never_confirmed", "unverified", "gaps"}) {
    EXPECT_TRUE(watch.contains(key)) << key;
  }
}

TEST_F(ApiTest, WatchReportHidesProvidersFlaggedByFewerThanFiveAndTheExactTime) {
  const std::string admin = Token("admin");
  const std::string coordinator = Token("coordinator");
  // "prov-x" flagged by one participant; "prov-z" by five, the last one
  // answering at a known time (2 days ago, 10:11:12).
  std::string sql =
      "INSERT INTO followup_answers (created_at, pseudonym, barrier, provider_id, contacted, "
      "could_not_reach) VALUES ";
  const std::string last = "strftime('%s', date('now', '-2 days') || ' 10:11:12')";
  sql += "(strftime('%s','now') - 86400 * 3, 'f', 'mobilite', 'prov-x', 'no', 1)";
  for (const char* who : {"a", "b", "c", "d", "e"}) {
    sql += std::string(", (") + last + " - 3600, '" + who + "', 'mobilite', 'prov-z', 'no', 1)";
  }
  sql += ", (" + last + ", 'e', 'mobilite', 'prov-z', 'no', 1)";
  Exec(server_->db_path(), sql);
  const std::string exact = Scalar("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', " + last + ", 'unixepoch')");

  json watch = GetJson("/api/v1/watch", coordinator);
  ASSERT_EQ(watch["could_not_reach"].size(), 1u) << watch["could_not_reach"].dump();
  const json& z = watch["could_not_reach"][0];
  EXPECT_EQ(z["id"], "prov-z");
  EXPECT_EQ(z["answers"], 6);
  EXPECT_EQ(z["participants"], 5);
  EXPECT_EQ(z["last_reported"], exact.substr(0, 7));  // the month only
  EXPECT_EQ(watch["could_not_reach_hidden"], 1);
  EXPECT_EQ(watch["suppressed"], true);
  EXPECT_EQ(watch.dump().find("prov-x"), std::string::npos);
  EXPECT_EQ(watch.dump().find(exact), std::string::npos);

  // Full figures, as for the indicators, for admins only.
  EXPECT_EQ(Get("/api/v1/watch?suppress=false", coordinator).result_int(), 403u);
  json full = GetJson("/api/v1/watch?suppress=false", admin);
  ASSERT_EQ(full["could_not_reach"].size(), 2u);
  EXPECT_EQ(full["could_not_reach"][0]["last_reported"], exact);
  EXPECT_EQ(full["could_not_reach"][1]["id"], "prov-x");
  EXPECT_EQ(full["could_not_reach"][1]["participants"], 1);
}

// "Rated badly": at least half of a provider's follow-up ratings are 1 or 2
// out of 5, under the same small-cell rule as "could not reach".
TEST_F(ApiTest, WatchReportListsProvidersRatedBadlyByFiveOrMore) {
  const std::string coordinator = Token("coordinator");
  std::string sql =
      "INSERT INTO followup_answers (created_at, pseudonym, barrier, provider_id, contacted, "
      "rating) VALUES ";
  const auto row = [](const char* who, const char* provider, int rating) {
    return std::string("(strftime('%s','now') - 86400, '") + who + "', 'mobilite', '" + provider +
           "', 'yes', " + std::to_string(rating) + ")";
  };
  // prov-bad: 3 of 5 participants rate 1 or 2. prov-good: 2 of 5 do (not half).
  // prov-few: all low, but from 2 participants only (hidden).
  const char* who[] = {"a", "b", "c", "d", "e"};
  std::vector<std::string> rows;
  for (int i = 0; i < 5; ++i) rows.push_back(row(who[i], "prov-bad", i < 3 ? 1 : 5));
  for (int i = 0; i < 5; ++i) rows.push_back(row(who[i], "prov-good", i < 2 ? 2 : 4));
  for (int i = 0; i < 2; ++i) rows.push_back(row(who[i], "prov-few", 1));
  for (std::size_t i = 0; i < rows.size(); ++i) sql += (i ? ", " : "") + rows[i];
  Exec(server_->db_path(), sql);

  json watch = GetJson("/api/v1/watch", coordinator);
  ASSERT_EQ(watch["rated_badly"].size(), 1u) << watch["rated_badly"].dump();
  EXPECT_EQ(watch["rated_badly"][0]["id"], "prov-bad");
  EXPECT_EQ(watch["rated_badly"][0]["answers"], 5);
  EXPECT_EQ(watch["rated_badly"][0]["participants"], 5);
  EXPECT_EQ(watch["rated_badly_hidden"], 1);  // prov-few
  EXPECT_EQ(watch.dump().find("prov-good"), std::string::npos);
}

// Collects every text node and attribute value of an XML tree.
void CollectText(const boost::property_tree::ptree& node, std::string& out) {
  out += node.data();
  out += '\n';
  for (const auto& [name, child] : node) CollectText(child, out);
}

TEST_F(ApiTest, CoverageSvgIsWellFormedAndNamesEveryNeighbourhood) {
  const std::string professional = Token("professional");
  net::HttpResponse svg = Get("/api/v1/coverage.svg", professional);
  ASSERT_EQ(svg.result_int(), 200u);
  EXPECT_EQ(svg[http::field::content_type], "image/svg+xml");
  boost::property_tree::ptree tree;
  std::istringstream in(svg.body());
  ASSERT_NO_THROW(boost::property_tree::read_xml(in, tree));
  ASSERT_EQ(tree.size(), 1u);
  EXPECT_EQ(tree.front().first, "svg");
  std::string text;
  CollectText(tree, text);

  std::ifstream file(std::string(LEVIER_SOURCE_DIR) + "/knowledge-base/data/neighbourhoods.json");
  const json neighbourhoods = json::parse(file)["neighbourhoods"];
  ASSERT_FALSE(neighbourhoods.empty());
  for (const json& n : neighbourhoods) {
    const std::string name = n["name"];
    EXPECT_NE(text.find(name), std::string::npos) << name;
  }

  json coverage = GetJson("/api/v1/coverage", professional);
  EXPECT_EQ(coverage["neighbourhoods"].size(), neighbourhoods.size());
  net::HttpResponse csv = Get("/api/v1/coverage?format=csv", professional);
  EXPECT_EQ(csv[http::field::content_type], "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body().rfind("quartier;commune;", 0), 0u) << csv.body().substr(0, 80);

  net::HttpResponse geo = Get("/api/v1/providers.geojson", professional);
  EXPECT_EQ(geo[http::field::content_type], "application/geo+json");
  EXPECT_EQ(json::parse(geo.body())["type"], "FeatureCollection");
}

}  // namespace
}  // namespace levier::testing
