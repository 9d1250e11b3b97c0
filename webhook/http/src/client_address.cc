#include "levier/webhook/client_address.h"

#include <optional>

#include <boost/asio/ip/address.hpp>

namespace levier::webhook {
namespace {

// The canonical text of an IP address (an IPv4-mapped IPv6 address as IPv4),
// or nullopt when `text` is not one.
std::optional<std::string> Normalise(std::string_view text) {
  boost::system::error_code ec;
  boost::asio::ip::address address = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
  }
  return address.to_string();
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<ClientAddresses> ClientAddresses::Create(const std::vector<std::string>& trusted_proxies) {
  ClientAddresses addresses;
  for (const std::string& proxy : trusted_proxies) {
    std::optional<std::string> normal = Normalise(Trim(proxy));
    if (!normal) {
      return Status::InvalidArgument("trusted proxy '" + proxy.substr(0, 64) +
                                     "' is not an IP address");
    }
    addresses.trusted_.insert(*normal);
  }
  return addresses;
}

std::string ClientAddresses::Resolve(std::string_view peer, const HttpRequest& request) const {
  std::string client = Normalise(peer).value_or(std::string(peer));
  if (!trusted_.count(client)) return client;
  // Every X-Forwarded-For line, in order, as one list (RFC 7230 3.2.2).
  std::vector<std::string_view> hops;
  const auto [first, last] = request.equal_range("X-Forwarded-For");
  for (auto it = first; it != last; ++it) {
    std::string_view value(it->value().data(), it->value().size());
    while (!value.empty()) {
      const std::size_t comma = value.find(',');
      hops.push_back(Trim(value.substr(0, comma)));
      value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    }
  }
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
    std::optional<std::string> address = Normalise(*hop);
    if (!address) break;  // not an address: keep the last trusted hop
    client = std::move(*address);
    if (!trusted_.count(client)) break;
  }
  return client;
}

bool ClientAddresses::IsTrustedProxy(std::string_view peer) const {
  return trusted_.count(Normalise(peer).value_or(std::string(peer))) != 0;
}

bool ClientAddresses::IsLoopback(std::string_view address) {
  boost::system::error_code ec;
  const boost::asio::ip::address parsed = boost::asio::ip::make_address(std::string(address), ec);
  return !ec && parsed.is_loopback();
}

}  // namespace levier::webhook
