// netpol_serve_load: a bounded load test of `netpol serve`'s API on loopback.
// Starts the playground server in-process on a free port, then CLIENTS
// threads each send REQUESTS POST /api/analyze requests (one connection per
// request, as the page does) with the bundled exercise, then with the
// manifests of DIR (e.g. a cluster from netpol_bench_gen), and prints the
// latency percentiles of each. A benchmark, not a test: it asserts nothing
// about time; it fails only when an answer is not 200.
//
//   netpol_serve_load [--clients 4] [--requests 200] [DIR]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "netpol/analysis.h"
#include "serve/http_server.h"
#include "serve/playground_api.h"

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using Clock = std::chrono::steady_clock;

int Post(unsigned short port, const std::string& body) {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  http::request<http::string_body> request{http::verb::post, "/api/analyze", 11};
  request.set(http::field::host, "127.0.0.1");
  request.set(http::field::content_type, "application/json");
  request.body() = body;
  request.prepare_payload();
  http::write(socket, request);
  boost::beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(1u << 30);
  http::read(socket, buffer, parser);
  return static_cast<int>(parser.get().result_int());
}

std::string Body(const std::vector<netpol::InputFile>& files, const std::string& intent) {
  nlohmann::json request;
  request["files"] = nlohmann::json::array();
  for (const netpol::InputFile& file : files) {
    request["files"].push_back({{"name", file.name}, {"text", file.text}});
  }
  if (!intent.empty()) request["intent"] = intent;
  return request.dump();
}

// Runs the load and prints one line; false when an answer was not 200.
bool Load(const std::string& label, unsigned short port, const std::string& body, int clients,
          int requests) {
  std::vector<std::vector<double>> latencies(clients);
  std::vector<int> failures(clients, 0);
  std::vector<std::thread> threads;
  const Clock::time_point start = Clock::now();
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      for (int i = 0; i < requests; ++i) {
        const Clock::time_point sent = Clock::now();
        const int status = Post(port, body);
        latencies[c].push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
        if (status != 200) ++failures[c];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  int failed = 0;
  for (int c = 0; c < clients; ++c) {
    all.insert(all.end(), latencies[c].begin(), latencies[c].end());
    failed += failures[c];
  }
  std::sort(all.begin(), all.end());
  auto percentile = [&](double p) {
    return all[std::min(all.size() - 1, static_cast<std::size_t>(p / 100.0 * all.size()))];
  };
  std::printf("%-28s %3d x %4d  body %8zu B  p50 %8.1f ms  p95 %8.1f ms  p99 %8.1f ms  %6.1f req/s  %d not 200\n",
              label.c_str(), clients, requests, body.size(), percentile(50), percentile(95),
              percentile(99), all.size() / seconds, failed);
  return failed == 0;
}

}  // namespace

int main(int argc, char** argv) {
  int clients = 4;
  int requests = 200;
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--clients" && i + 1 < argc) {
      clients = std::atoi(argv[++i]);
    } else if (arg == "--requests" && i + 1 < argc) {
      requests = std::atoi(argv[++i]);
    } else if (!arg.starts_with("-") && dir.empty()) {
      dir = arg;
    } else {
      std::cerr << "usage: netpol_serve_load [--clients N] [--requests N] [DIR]\n";
      return 2;
    }
  }
  if (clients < 1 || requests < 1) return 2;
  auto api = std::make_shared<netpol::PlaygroundApi>(netpol::BundledExercise(), netpol::AnalysisOptions{});
  netpol::HttpServerOptions options;
  options.port = 0;
  options.workers = static_cast<unsigned>(clients);
  options.body_limit = 64u << 20;
  auto server = netpol::HttpServer::Listen(
      options, [api](const netpol::HttpRequest& request) { return api->Handle(request); });
  if (!server.ok()) {
    std::cerr << "netpol_serve_load: " << server.status().message() << "\n";
    return 2;
  }
  std::thread serving([&] { (*server)->Run(); });
  const unsigned short port = (*server)->port();

  bool ok = true;
  const netpol::PlaygroundSession exercise = netpol::BundledExercise();
  ok &= Load("exercise (with SVG)", port, Body(exercise.files, exercise.intent.text), clients,
             requests);
  if (!dir.empty()) {
    std::istringstream no_stdin;
    netpol::Result<std::vector<netpol::InputFile>> texts = netpol::ReadTexts({dir}, no_stdin);
    if (!texts.ok()) {
      std::cerr << "netpol_serve_load: " << texts.status().message() << "\n";
      ok = false;
    } else {
      ok &= Load(dir, port, Body(*texts, ""), clients, requests);
    }
  }
  (*server)->Stop();
  serving.join();
  return ok ? 0 : 1;
}
