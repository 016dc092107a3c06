// A tiny HTTP client for the serve tests (Boost.Beast, blocking), and a
// playground server running on a free loopback port for one test.
#ifndef NETPOL_TESTS_SERVE_SERVE_CLIENT_H_
#define NETPOL_TESTS_SERVE_SERVE_CLIENT_H_

#include <memory>
#include <string>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <catch2/catch.hpp>

#include "serve/http_server.h"
#include "serve/playground_api.h"

namespace netpol::testing {

struct HttpReply {
  int status = 0;
  std::string content_type;
  std::string allow;
  std::string body;
};

/// Sends `raw` bytes to 127.0.0.1:`port` and reads one HTTP response.
inline HttpReply SendRaw(unsigned short port, const std::string& raw) {
  namespace asio = boost::asio;
  namespace http = boost::beast::http;
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  asio::write(socket, asio::buffer(raw));
  boost::beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(256u << 20);
  http::read(socket, buffer, parser);
  const auto& response = parser.get();
  return {static_cast<int>(response.result_int()),
          std::string(response[http::field::content_type]),
          std::string(response[http::field::allow]), response.body()};
}

/// METHOD `target` with `body` (JSON) to 127.0.0.1:`port`.
inline HttpReply Send(unsigned short port, const std::string& method, const std::string& target,
                      const std::string& body = "") {
  std::string raw = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (!body.empty() || method == "POST") {
    raw += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  raw += "Connection: close\r\n\r\n" + body;
  return SendRaw(port, raw);
}

/// The playground API served on 127.0.0.1, a free port, from a thread;
/// stopped when the object dies.
class RunningPlayground {
 public:
  explicit RunningPlayground(PlaygroundSession session = BundledExercise(),
                             PlaygroundLimits limits = {}, HttpServerOptions options = {}) {
    api_ = std::make_shared<PlaygroundApi>(std::move(session), AnalysisOptions{}, limits);
    options.host = "127.0.0.1";
    options.port = 0;
    Result<std::unique_ptr<HttpServer>> server = HttpServer::Listen(
        options, [api = api_](const HttpRequest& request) { return api->Handle(request); });
    REQUIRE(server.ok());
    server_ = std::move(*server);
    thread_ = std::thread([this] { server_->Run(); });
  }
  ~RunningPlayground() {
    server_->Stop();
    thread_.join();
  }
  unsigned short port() const { return server_->port(); }

 private:
  std::shared_ptr<PlaygroundApi> api_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

}  // namespace netpol::testing

#endif  // NETPOL_TESTS_SERVE_SERVE_CLIENT_H_
