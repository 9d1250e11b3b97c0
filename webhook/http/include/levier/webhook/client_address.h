// The address of the client behind a request, seen through trusted reverse
// proxies (the shipped nginx configuration forwards from 127.0.0.1): rate
// limits and the API audit key on it, so they must not see every client as
// the proxy.
//
// Only proxies listed as trusted are believed. X-Forwarded-For is read from
// the right (the hop nearest to Levier) and the first address that is not a
// trusted proxy is the client; a client cannot forge its way past a proxy
// that appends what it saw. An entry that is not an IP address stops the walk
// at the last trusted hop, so caller-chosen text never becomes an address.
//
// Thread-safety: immutable after Create.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "levier/util/status.h"
#include "levier/webhook/http.h"

namespace levier::webhook {

class ClientAddresses {
 public:
  // `trusted_proxies`: IPv4 or IPv6 addresses. InvalidArgument naming the
  // first entry that is not one.
  static Result<ClientAddresses> Create(const std::vector<std::string>& trusted_proxies);

  // The client of `request`, received from `peer` (the socket's address).
  std::string Resolve(std::string_view peer, const HttpRequest& request) const;

  // Whether `peer` is one of the trusted proxies (its requests are forwarded).
  bool IsTrustedProxy(std::string_view peer) const;

  // Whether `address` is a loopback address (127.0.0.0/8, ::1).
  static bool IsLoopback(std::string_view address);

 private:
  std::set<std::string> trusted_;  // normalised (Normalise in the .cc)
};

}  // namespace levier::webhook
