#include "serve/http_server.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <condition_variable>
#include <csignal>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

// Socket-level timeouts: the workers use blocking reads and writes, which
// Asio's own timers do not interrupt.
void SetIoTimeout(tcp::socket& socket, std::chrono::milliseconds timeout) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

void Send(tcp::socket& socket, const HttpResponse& response) {
  http::response<http::string_body> out{static_cast<http::status>(response.status), 11};
  out.set(http::field::server, "netpol");
  out.set(http::field::content_type, response.content_type);
  out.set(http::field::cache_control, "no-store");
  out.set("X-Content-Type-Options", "nosniff");
  if (!response.allow.empty()) out.set(http::field::allow, response.allow);
  out.keep_alive(false);
  out.body() = response.body;
  out.prepare_payload();
  beast::error_code ec;
  http::write(socket, out, ec);
  socket.shutdown(tcp::socket::shutdown_send, ec);
}

// After answering a request whose body was not read (413) or could not be
// parsed (400): reads what the client still sends, briefly, so that closing
// the socket with unread data does not reset the connection before the
// client has read the answer.
void Drain(tcp::socket& socket) {
  SetIoTimeout(socket, std::chrono::milliseconds(1000));
  char scratch[16384];
  std::size_t total = 0;
  beast::error_code ec;
  while (total < (64u << 20)) {
    const std::size_t n = socket.read_some(asio::buffer(scratch), ec);
    if (ec) break;
    total += n;
  }
}

HttpResponse ErrorResponse(int status, const std::string& message) {
  std::string escaped;
  for (char c : message) {
    if (c == '"' || c == '\\') escaped += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    escaped += c;
  }
  return {status, "application/json", "{\"error\": \"" + escaped + "\"}\n", ""};
}

}  // namespace

struct HttpServer::Impl {
  HttpServerOptions options;
  HttpHandler handler;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::optional<asio::signal_set> signals;

  std::mutex mutex;
  std::condition_variable ready;
  std::deque<tcp::socket> queue;
  bool stopping = false;

  void Accept() {
    acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
        Accept();
        return;
      }
      {
        std::lock_guard lock(mutex);
        if (queue.size() < options.max_queued) {
          queue.push_back(std::move(socket));
          ready.notify_one();
          socket = tcp::socket(io);
        }
      }
      if (socket.is_open()) {  // the queue was full
        SetIoTimeout(socket, std::chrono::milliseconds(1000));
        Send(socket, ErrorResponse(503, "the server is busy; try again"));
      }
      Accept();
    });
  }

  void Work() {
    for (;;) {
      std::optional<tcp::socket> socket;
      {
        std::unique_lock lock(mutex);
        ready.wait(lock, [this] { return stopping || !queue.empty(); });
        if (queue.empty()) return;  // stopping, and nothing left to answer
        socket.emplace(std::move(queue.front()));
        queue.pop_front();
      }
      Serve(*socket);
    }
  }

  void Serve(tcp::socket& socket) {
    SetIoTimeout(socket, options.io_timeout);
    beast::flat_buffer buffer;
    http::request_parser<http::string_body> parser;
    parser.header_limit(16 * 1024);
    parser.body_limit(options.body_limit);
    beast::error_code ec;
    http::read(socket, buffer, parser, ec);
    if (ec == http::error::body_limit) {
      Send(socket, ErrorResponse(413, fmt::format("the request body is larger than {} bytes",
                                                  options.body_limit)));
      Drain(socket);
      return;
    }
    if (ec == http::error::end_of_stream || ec == asio::error::eof ||
        ec == asio::error::would_block || ec == asio::error::try_again ||
        ec == asio::error::connection_reset || ec == asio::error::timed_out) {
      return;  // the client went away or said nothing in time
    }
    if (ec) {
      Send(socket, ErrorResponse(400, "malformed HTTP request: " + ec.message()));
      Drain(socket);
      return;
    }
    const http::request<http::string_body>& in = parser.get();
    HttpRequest request;
    request.method = std::string(in.method_string());
    request.target = std::string(in.target());
    if (const auto query = request.target.find('?'); query != std::string::npos) {
      request.target.resize(query);
    }
    request.body = in.body();
    HttpResponse response;
    try {
      response = handler(request);
    } catch (const std::exception& e) {
      response = ErrorResponse(500, std::string("internal error: ") + e.what());
    }
    Send(socket, response);
  }
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() { Stop(); }

Result<std::unique_ptr<HttpServer>> HttpServer::Listen(HttpServerOptions options,
                                                        HttpHandler handler) {
  auto impl = std::make_unique<Impl>();
  boost::system::error_code ec;
  const asio::ip::address address = asio::ip::make_address(options.host, ec);
  if (ec) return Status::InvalidArgument(fmt::format("\"{}\" is not an IP address", options.host));
  const tcp::endpoint endpoint(address, options.port);
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::Unavailable(fmt::format("cannot listen on {}:{}: {}", options.host,
                                           options.port, ec.message()));
  }
  impl->options = std::move(options);
  impl->handler = std::move(handler);
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

unsigned short HttpServer::port() const {
  boost::system::error_code ec;
  return impl_->acceptor.local_endpoint(ec).port();
}

std::string HttpServer::url() const {
  const std::string& host = impl_->options.host;
  if (host.find(':') != std::string::npos) return fmt::format("http://[{}]:{}/", host, port());
  return fmt::format("http://{}:{}/", host, port());
}

void HttpServer::Run(bool stop_on_signals) {
  Impl& impl = *impl_;
  {
    std::lock_guard lock(impl.mutex);
    if (impl.stopping) return;
  }
  if (stop_on_signals) {
    impl.signals.emplace(impl.io, SIGINT, SIGTERM);
    impl.signals->async_wait([this](beast::error_code ec, int) {
      if (!ec) Stop();
    });
  }
  std::vector<std::thread> workers;
  for (unsigned i = 0; i < std::max(1u, impl.options.workers); ++i) {
    workers.emplace_back([&impl] { impl.Work(); });
  }
  impl.Accept();
  impl.io.run();
  {
    std::lock_guard lock(impl.mutex);
    impl.stopping = true;
  }
  impl.ready.notify_all();
  for (std::thread& worker : workers) worker.join();
  impl.signals.reset();
}

void HttpServer::Stop() {
  Impl& impl = *impl_;
  {
    std::lock_guard lock(impl.mutex);
    impl.stopping = true;
  }
  impl.ready.notify_all();
  asio::post(impl.io, [&impl] {
    boost::system::error_code ec;
    impl.acceptor.close(ec);
    if (impl.signals) impl.signals->cancel(ec);
    impl.io.stop();
  });
}

NETPOL_NAMESPACE_END
