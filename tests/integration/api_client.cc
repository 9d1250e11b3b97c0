#include "api_client.h"

#include <sqlite3.h>

#include <sstream>
#include <stdexcept>

#include "levier/webhook/http_client.h"

namespace levier::testing {

void ExecSql(const std::filesystem::path& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  if (sqlite3_open(db.c_str(), &handle) != SQLITE_OK) {
    sqlite3_close(handle);
    throw std::runtime_error("cannot open " + db.string());
  }
  sqlite3_busy_timeout(handle, 5000);
  char* error = nullptr;
  const int rc = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error != nullptr ? error : "";
  sqlite3_free(error);
  sqlite3_close(handle);
  if (rc != SQLITE_OK) throw std::runtime_error("SQL failed: " + message);
}

std::string CreateToken(const std::filesystem::path& db, const std::string& role,
                        const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"token", "create", "--role", role, "--org", "Org " + role,
                                   "--db", db.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  CommandResult r = RunLevier(args);
  if (r.exit_code != 0) throw std::runtime_error("levier token create: " + r.err);
  std::istringstream lines(r.out);
  std::string line, last;
  while (std::getline(lines, line)) last = line;
  return last;
}

webhook::HttpResponse ApiGet(const ServerProcess& server, const std::string& target,
                             const std::string& authorization, const std::string& forwarded_for) {
  webhook::HttpRequest req{webhook::http::verb::get, target, 11};
  if (!authorization.empty()) req.set(webhook::http::field::authorization, authorization);
  if (!forwarded_for.empty()) req.set("X-Forwarded-For", forwarded_for);
  Result<webhook::HttpResponse> res =
      webhook::SendHttpRequest(server.base_url() + target, std::move(req), std::chrono::seconds(20));
  if (!res.ok()) throw std::runtime_error(res.status().ToString());
  return std::move(*res);
}

}  // namespace levier::testing
