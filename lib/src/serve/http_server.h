// A small HTTP/1.1 server for `netpol serve` (Boost.Beast over Asio, kept out
// of this header): one thread accepts, a fixed pool of workers each read one
// request, call the handler and answer, then close the connection.
//
// Robustness. A request body above `body_limit` is answered 413 without
// being read; a malformed request 400; a client that sends nothing for
// `io_timeout` is dropped. When every worker is busy and `max_queued`
// connections wait, further ones are answered 503. The handler's exceptions
// become 500. Nothing here writes files.
//
// Threads. The handler is called from the workers concurrently: it must be
// safe for that. Stop() may be called from any thread (and from a signal,
// see Run()).
#ifndef NETPOL_SERVE_HTTP_SERVER_H_
#define NETPOL_SERVE_HTTP_SERVER_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "netpol/api.h"
#include "netpol/status.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

struct HttpRequest {
  std::string method;  ///< "GET", "POST"...
  std::string target;  ///< The path, query string removed: "/api/analyze".
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  /// The methods the path allows, for a 405's Allow header.
  std::string allow;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpServerOptions {
  std::string host = "127.0.0.1";  ///< An IPv4 or IPv6 address.
  unsigned short port = 8080;      ///< 0: a free port (see HttpServer::port()).
  std::size_t body_limit = 8u << 20;
  unsigned workers = 4;
  std::size_t max_queued = 64;
  std::chrono::milliseconds io_timeout{10000};
};

class HttpServer {
 public:
  /// Binds and listens (serving starts with Run). kUnavailable when the
  /// address cannot be bound; kInvalidArgument when `host` is no address.
  [[nodiscard]] static Result<std::unique_ptr<HttpServer>> Listen(HttpServerOptions options,
                                                                  HttpHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// The bound port (the chosen one when options.port was 0).
  unsigned short port() const;
  /// "http://HOST:PORT/" (an IPv6 host in brackets).
  std::string url() const;

  /// Serves until Stop(); with `stop_on_signals`, SIGINT and SIGTERM stop
  /// it too (Ctrl-C). Returns once the workers have finished their requests.
  void Run(bool stop_on_signals = false);
  /// Makes Run() return. Thread-safe; idempotent.
  void Stop();

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

NETPOL_NAMESPACE_END

#endif  // NETPOL_SERVE_HTTP_SERVER_H_
