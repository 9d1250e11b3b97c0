#include "api_client.h"


#include <stdexcept>

#include "levier/net/http_client.h"

namespace levier::testing {

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

net::HttpResponse ApiGet(const ServerProcess& server, const std::string& target,
                             const std::string& authorization, const std::string& forwarded_for) {
  net::HttpRequest req{net::http::verb::get, target, 11};
  if (!authorization.empty()) req.set(net::http::field::authorization, authorization);
  if (!forwarded_for.empty()) req.set("X-Forwarded-For", forwarded_for);
  Result<net::HttpResponse> res =
      net::SendHttpRequest(server.base_url() + target, std::move(req), std::chrono::seconds(20));
  if (!res.ok()) throw std::runtime_error(res.status().ToString());
  return std::move(*res);
}

}  // namespace levier::testing
