#include "levier/webhook/server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "levier/util/log.h"
#include "levier/util/thread_name.h"

namespace levier::webhook {

namespace beast = boost::beast;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = beast::error_code;

HttpResponse MakeResponse(const HttpRequest& request, http::status status,
                          std::string_view content_type, std::string body) {
  HttpResponse res{status, request.version()};
  res.set(http::field::server, "levier");
  res.set(http::field::content_type, content_type);
  res.keep_alive(request.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

class HttpSession;

struct Server::State {
  State(const ServerLimits& l, RequestHandler& h, Metrics* m, std::size_t thread_count,
        asio::io_context& context)
      : limits(l),
        handler(h),
        metrics(m),
        threads(thread_count),
        ioc(context),
        acceptor(asio::make_strand(ioc)) {}

  const ServerLimits limits;
  RequestHandler& handler;
  Metrics* metrics;
  const std::size_t threads;
  asio::io_context& ioc;
  tcp::acceptor acceptor;
  std::atomic<std::size_t> open{0};
  std::atomic<bool> stopping{false};

  std::mutex sessions_mutex;
  std::unordered_map<HttpSession*, std::weak_ptr<HttpSession>> sessions;  // guarded

  void DoAccept(std::shared_ptr<State> self);
};

namespace {

// Errors that just mean "the connection is over"; not worth a log line.
bool IsExpectedDisconnect(const error_code& ec) {
  return ec == asio::error::operation_aborted || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
         ec == beast::error::timeout || ec == http::error::end_of_stream ||
         ec == asio::error::not_connected;
}

}  // namespace

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket&& socket, std::shared_ptr<Server::State> state)
      : stream_(std::move(socket)), state_(std::move(state)) {
    ++state_->open;
    error_code ec;
    const auto peer = stream_.socket().remote_endpoint(ec);
    if (!ec) context_.remote_address = peer.address().to_string();
    // The executor, not the session: the context must not keep it alive.
    context_.post = [executor = stream_.get_executor()](std::function<void()> work) {
      asio::post(executor, std::move(work));
    };
  }

  ~HttpSession() {
    {
      std::lock_guard lock(state_->sessions_mutex);
      state_->sessions.erase(this);
    }
    --state_->open;
  }

  void Start() {
    {
      std::lock_guard lock(state_->sessions_mutex);
      state_->sessions.emplace(this, weak_from_this());
    }
    asio::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&HttpSession::DoReadHeader, shared_from_this()));
  }

  // From any thread: finish the request in flight, if any, then close.
  void RequestClose() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      self->closing_ = true;
      if (!self->busy_) self->stream_.cancel();
    });
  }

 private:
  void DoReadHeader() {
    if (closing_) return DoClose();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(state_->limits.header_bytes));
    // The body's bound depends on the route (RequestHandler::BodyLimit), known
    // once the header is read; Beast checks Content-Length against the limit
    // while it parses the header, so that check is done here, after it.
    parser_->body_limit(boost::none);
    stream_.expires_after(state_->limits.read_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&HttpSession::OnReadHeader, shared_from_this()));
  }

  void OnReadHeader(error_code ec, std::size_t) {
    if (ec) return FailRead(ec);
    const HttpRequest& req = parser_->get();
    // Boost 1.81's parser accepts these; a proxy in front might frame the
    // message differently (request smuggling), so refuse them outright.
    const auto content_lengths = req.count(http::field::content_length);
    if (content_lengths > 1) {
      return SendError(http::status::bad_request, "duplicate Content-Length\n");
    }
    if (content_lengths == 1 && req.count(http::field::transfer_encoding) > 0) {
      return SendError(http::status::bad_request,
                       "Content-Length and Transfer-Encoding together\n");
    }
    const std::size_t body_limit = state_->handler.BodyLimit(req, state_->limits.body_bytes);
    if (const auto length = parser_->content_length(); length && *length > body_limit) {
      return FailRead(http::error::body_limit);
    }
    parser_->body_limit(body_limit);  // for chunked bodies, checked as they arrive
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::OnRead, shared_from_this()));
  }

  void OnRead(error_code ec, std::size_t) {
    if (ec) return FailRead(ec);
    busy_ = true;
    HttpRequest request = parser_->release();
    auto pending = std::make_shared<PendingReply>(shared_from_this(), request);
    try {
      state_->handler.Handle(std::move(request), context_,
                             [pending](HttpResponse res) { pending->Deliver(std::move(res)); });
    } catch (...) {
      // `pending` answers 500 once the last copy of the callback is gone.
      log::CurrentException("http_handler_threw");
    }
  }

  // The answer to one request, delivered once on the connection's strand.
  // When every copy of the Respond given to the handler is dropped without
  // an answer (an exception unwound past it, on an I/O thread or in a store
  // callback), the client gets a 500 instead of waiting for the timeout.
  class PendingReply {
   public:
    PendingReply(std::shared_ptr<HttpSession> session, const HttpRequest& request)
        : session_(std::move(session)),
          version_(request.version()),
          head_(request.method() == http::verb::head) {}

    PendingReply(const PendingReply&) = delete;
    PendingReply& operator=(const PendingReply&) = delete;

    ~PendingReply() {
      if (answered_.load()) return;
      try {
        log::Error("http_request_unanswered");
        HttpResponse res{http::status::internal_server_error, version_};
        res.set(http::field::server, "levier");
        res.set(http::field::content_type, "text/plain; charset=utf-8");
        res.keep_alive(false);
        res.body() = "internal error\n";
        res.prepare_payload();
        Post(std::move(res));
      } catch (...) {
        // Out of memory: the connection's timeout closes it.
      }
    }

    void Deliver(HttpResponse res) {
      if (answered_.exchange(true)) return;
      Post(std::move(res));
    }

   private:
    void Post(HttpResponse res) {
      asio::post(session_->stream_.get_executor(),
                [session = session_, res = std::move(res), head = head_]() mutable {
                  session->Send(std::move(res), head);
                });
    }

    const std::shared_ptr<HttpSession> session_;
    const unsigned version_;
    const bool head_;
    std::atomic<bool> answered_{false};
  };

  void FailRead(error_code ec) {
    if (ec == http::error::body_limit) {
      return SendError(http::status::payload_too_large, "request body too large\n");
    }
    if (ec == http::error::header_limit) {
      return SendError(http::status::request_header_fields_too_large, "request header too large\n");
    }
    if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message) {
      return SendError(http::status::bad_request, "malformed HTTP request\n");
    }
    if (!IsExpectedDisconnect(ec) && ec != http::error::partial_message) {
      log::Debug("http_read_failed", {{"error", ec.message()}});
    }
    DoClose();
  }

  // Answers a request the server refuses to process, then closes the
  // connection: after a framing error the rest of the stream cannot be trusted.
  void SendError(http::status status, std::string body) {
    closing_ = true;
    linger_ = true;
    busy_ = true;
    HttpResponse res{status, 11};
    res.set(http::field::server, "levier");
    res.set(http::field::content_type, "text/plain; charset=utf-8");
    res.keep_alive(false);
    res.body() = std::move(body);
    res.prepare_payload();
    if (state_->metrics != nullptr) {
      state_->metrics->CountRequest("(framing)", static_cast<int>(status));
    }
    Send(std::move(res));
  }

  // `head`: the request was HEAD, so the response keeps the headers a GET
  // would get, Content-Length included, and sends no body (RFC 9110 9.3.2);
  // a body would be read as the start of the next response.
  void Send(HttpResponse res, bool head = false) {
    if (closing_ || state_->stopping) res.keep_alive(false);
    if (head) {
      const std::size_t length = res.body().size();
      res.body().clear();
      res.content_length(length);
    }
    auto response = std::make_shared<HttpResponse>(std::move(res));
    stream_.expires_after(state_->limits.write_timeout);
    http::async_write(stream_, *response,
                      [self = shared_from_this(), response](error_code ec, std::size_t) {
                        self->OnWrite(!response->keep_alive(), ec);
                      });
  }

  void OnWrite(bool close, error_code ec) {
    busy_ = false;
    if (ec) {
      if (!IsExpectedDisconnect(ec)) log::Debug("http_write_failed", {{"error", ec.message()}});
      return DoClose();
    }
    if (linger_) return DoLingeringClose();
    if (close || closing_) return DoClose();
    DoReadHeader();
  }

  void DoClose() {
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  // After refusing a request whose body may still be arriving, closing at
  // once would make the kernel answer the unread bytes with a reset that can
  // destroy our error response before the client reads it. So: stop sending,
  // then read and discard (bounded in time and bytes) until the client closes.
  void DoLingeringClose() {
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds(2));
    DrainSome(0);
  }

  void DrainSome(std::size_t drained) {
    constexpr std::size_t kMaxDrain = 1024 * 1024;
    if (drained > kMaxDrain) return DoClose();
    auto scratch = std::make_shared<std::array<char, 16 * 1024>>();
    stream_.async_read_some(
        asio::buffer(*scratch),
        [self = shared_from_this(), scratch, drained](error_code ec, std::size_t n) {
          if (ec) return self->DoClose();
          self->DrainSome(drained + n);
        });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<Server::State> state_;
  RequestContext context_;
  bool busy_ = false;     // a request is being handled or its response written
  bool closing_ = false;  // close after the current response
  bool linger_ = false;   // drain unread input before closing (after a refusal)
};

void Server::State::DoAccept(std::shared_ptr<State> self) {
  acceptor.async_accept(
      asio::make_strand(ioc), [self](error_code ec, tcp::socket socket) {
        if (ec) {
          if (ec == asio::error::operation_aborted || self->stopping) return;
          log::Warn("accept_failed", {{"error", ec.message()}});
        } else if (self->open.load() >= self->limits.max_connections) {
          // Over the cap: close at once rather than queue work we cannot serve.
          error_code ignored;
          socket.close(ignored);
          if (self->metrics != nullptr) self->metrics->CountRequest("(over-capacity)", 503);
        } else {
          std::make_shared<HttpSession>(std::move(socket), self)->Start();
        }
        if (!self->stopping) self->DoAccept(self);
      });
}

namespace {
std::size_t ThreadCount(const ServerLimits& limits) {
  return limits.threads != 0 ? limits.threads : std::max(1u, std::thread::hardware_concurrency());
}
}  // namespace

Server::Server(const ServerLimits& limits, RequestHandler& handler, Metrics* metrics)
    : ioc_(std::make_unique<asio::io_context>(static_cast<int>(ThreadCount(limits)))),
      state_(std::make_shared<State>(limits, handler, metrics, ThreadCount(limits), *ioc_)) {}

Server::~Server() {
  state_.reset();  // while the context lives: the state's sockets close on it
  ioc_.reset();    // destroys the handlers still queued, and the state they hold
}

Result<std::uint16_t> Server::Listen(const std::string& host, std::uint16_t port) {
  error_code ec;
  const asio::ip::address address = asio::ip::make_address(host, ec);
  if (ec) return Status::InvalidArgument("listen address '" + host + "': " + ec.message());
  const tcp::endpoint endpoint{address, port};
  tcp::acceptor& acceptor = state_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::Unavailable("cannot listen on " + host + ":" + std::to_string(port) + ": " +
                               ec.message());
  }
  return acceptor.local_endpoint().port();
}

namespace {

// Runs the I/O loop until it stops. A completion handler that throws is
// logged and the loop resumes (Asio allows run() again without restart()):
// one bad request must not take the server down.
void RunIo(asio::io_context& ioc) {
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (...) {
      log::CurrentException("io_handler_threw");
    }
  }
}

}  // namespace

void Server::Run() {
  state_->DoAccept(state_);
  std::vector<std::thread> workers;
  for (std::size_t i = 1; i < state_->threads; ++i) {
    workers.emplace_back([this] {
      NameThisThread("http-io");
      RunIo(state_->ioc);
    });
  }
  RunIo(state_->ioc);  // the calling thread keeps its name: it is the process's name in ps
  for (auto& t : workers) t.join();
}

void Server::Shutdown() {
  auto state = state_;
  asio::post(state->acceptor.get_executor(), [state] {
    if (state->stopping.exchange(true)) return;
    error_code ignored;
    state->acceptor.close(ignored);
    std::vector<std::shared_ptr<HttpSession>> live;
    {
      std::lock_guard lock(state->sessions_mutex);
      for (auto& [ptr, weak] : state->sessions) {
        if (auto s = weak.lock()) live.push_back(std::move(s));
      }
    }
    for (auto& s : live) s->RequestClose();
    live.clear();
    auto timer = std::make_shared<asio::steady_timer>(state->ioc);
    PollShutdown(state, timer, std::chrono::steady_clock::now() + state->limits.shutdown_grace);
  });
}

// Polls until every connection is gone or the grace period is over, then stops the I/O threads.
void Server::PollShutdown(std::shared_ptr<State> state, std::shared_ptr<asio::steady_timer> timer,
                          std::chrono::steady_clock::time_point deadline) {
  if (state->open.load() == 0 || std::chrono::steady_clock::now() >= deadline) {
    if (state->open.load() != 0) {
      log::Warn("shutdown_grace_expired",
                {{"open_connections", std::to_string(state->open.load())}});
    }
    state->ioc.stop();
    return;
  }
  timer->expires_after(std::chrono::milliseconds(20));
  timer->async_wait([state, timer, deadline](error_code) { PollShutdown(state, timer, deadline); });
}

asio::io_context& Server::io_context() { return state_->ioc; }

std::size_t Server::open_connections() const { return state_->open.load(); }

}  // namespace levier::webhook
