// A query service: loads the manifests once, then answers "may FROM reach
// TO on PORT[/PROTOCOL]?" for each line of standard input, every query on its
// own thread, as a server would answer concurrent requests.
//   query_service PATH... < queries     (lines: FROM TO PORT[/PROTOCOL])
// A const Analysis may be queried from any number of threads at once; the
// answers are printed in input order. An endpoint that matches nothing or a
// malformed port is an answer too (a Status), never a crash.
#include <future>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <netpol/analysis.h>

namespace {

std::string Answer(const netpol::Analysis& analysis, const std::string& line) {
  std::istringstream fields(line);
  std::string from, to, port_text;
  if (!(fields >> from >> to >> port_text)) return "error: expected FROM TO PORT[/PROTOCOL]";
  const netpol::Result<netpol::PortQuery> port = netpol::PortQuery::Parse(port_text);
  if (!port.ok()) return "error: " + port.status().message();
  const auto explained = analysis.ExplainConnections(from, to, *port);
  if (!explained.ok()) return "error: " + explained.status().message();
  std::string answer;
  for (const netpol::Explanation& e : *explained) {
    if (!answer.empty()) answer += "\n";
    answer += e.source_name + " -> " + e.destination_name + " " + port_text + ": " +
              (e.allows ? "allowed" : "denied");
    if (!e.allows && !e.reasons.empty()) answer += " (" + e.reasons.front() + ")";
  }
  return answer;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: query_service PATH... < queries\n";
    return 2;
  }
  std::istringstream no_stdin;  // manifests come from PATHs; stdin carries queries
  const netpol::Result<netpol::Analysis> loaded =
      netpol::Analysis::Load(std::vector<std::string>(argv + 1, argv + argc), no_stdin);
  if (!loaded.ok()) {
    std::cerr << loaded.status().detail() << loaded.status().message() << "\n";
    return 2;
  }
  const netpol::Analysis analysis = *loaded;  // a copy shares the same state

  std::vector<std::future<std::string>> answers;
  for (std::string line; std::getline(std::cin, line);) {
    if (line.empty()) continue;
    answers.push_back(std::async(std::launch::async, Answer, std::cref(analysis), line));
  }
  for (std::future<std::string>& answer : answers) std::cout << answer.get() << "\n";
  return 0;
}
