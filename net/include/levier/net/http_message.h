// The HTTP message types every HTTP user shares: the server and its
// handlers, the channels, and the blocking client of the outbound senders.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace levier::net {

namespace http = boost::beast::http;
using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

}  // namespace levier::net
