// Test helpers for the API and its tokens: `levier token ...` on a server's
// database, calls with a bearer token (optionally as if through the proxy),
// and statements on the live database as a second process would run them.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "levier/webhook/http.h"
#include "server_process.h"

namespace levier::testing {

// `levier token create --role ROLE --org "Org ROLE" EXTRA...` on `db`; returns
// the token (the last line of its output); throws when the command fails.
std::string CreateToken(const std::filesystem::path& db, const std::string& role,
                        const std::vector<std::string>& extra = {});

// GET `target` with `authorization` ("" = no header) and, when not empty,
// X-Forwarded-For: `forwarded_for` (the proxy's header). Throws on I/O errors.
net::HttpResponse ApiGet(const ServerProcess& server, const std::string& target,
                             const std::string& authorization,
                             const std::string& forwarded_for = "");

}  // namespace levier::testing
