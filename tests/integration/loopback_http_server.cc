#include "loopback_http_server.h"

#include <boost/beast/core.hpp>

namespace levier::testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

LoopbackHttpServer::LoopbackHttpServer(std::function<Response(const Request&)> answer)
    : answer_(std::move(answer)),
      acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
  acceptor_.listen(asio::socket_base::max_listen_connections);
  thread_ = std::thread([this] { Serve(); });
}

LoopbackHttpServer::~LoopbackHttpServer() {
  stopping_ = true;
  beast::error_code ignored;
  tcp::socket poke(ioc_);
  poke.connect(acceptor_.local_endpoint(), ignored);  // unblocks accept
  thread_.join();
}

void LoopbackHttpServer::Serve() {
  while (!stopping_) {
    tcp::socket socket(ioc_);
    beast::error_code ec;
    acceptor_.accept(socket, ec);
    if (ec || stopping_) continue;
    beast::flat_buffer buffer;
    Request request;
    http::read(socket, buffer, request, ec);
    if (ec) continue;
    Response response = answer_(request);
    response.keep_alive(false);
    response.prepare_payload();
    http::write(socket, response, ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
  }
}

}  // namespace levier::testing
