// The playground in a real browser (Debian's headless Chromium): the page
// loads the exercise from a running server, a scripted edit adds the egress
// rule the exercise misses, and the page recomputes the check, the graph,
// the matrix and what changed.
#include <regex>
#include <string>

#include <catch2/catch.hpp>

#include "serve_client.h"
#include "test_support.h"

namespace netpol::testing {
namespace {

// The text of the element with id `id` (its first text node), or "".
std::string TextOf(const std::string& dom, const std::string& id) {
  std::smatch match;
  const std::regex pattern("id=\"" + id + "\"[^>]*>([^<]*)<");
  return std::regex_search(dom, match, pattern) ? match[1].str() : "";
}

// The inner HTML of the element with id `id` up to the next </div>.
std::string BlockOf(const std::string& dom, const std::string& id) {
  const std::size_t start = dom.find("id=\"" + id + "\"");
  if (start == std::string::npos) return "";
  return dom.substr(start, dom.find("</div>", start) - start);
}

// URI-encodes `text` for the page's #append=INDEX:TEXT hook.
std::string UriEncode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      char buffer[4];
      std::snprintf(buffer, sizeof buffer, "%%%02X", c);
      out += buffer;
    }
  }
  return out;
}

// The exercise's missing egress: external-client may not reach frontend:80.
constexpr const char* kClientEgress = R"(
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-client-egress-to-frontend
  namespace: netpol-demo
spec:
  podSelector:
    matchLabels:
      app: external-client
  policyTypes:
  - Egress
  egress:
  - to:
    - podSelector:
        matchLabels:
          app: frontend
    ports:
    - port: 80
)";

TEST_CASE("the serve page recomputes the check, graph and matrix after an edit in Chromium",
          "[serve][browser]") {
  const RunningPlayground server;
  const std::string scratch = MakeTempDir();
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/";

  const std::string before = HeadlessChromiumDomOfUrl(url, scratch);
  CHECK(before.find("data-state=\"ready\"") != std::string::npos);
  CHECK(TextOf(before, "check-summary") ==
        "The intent does not hold: 8 ok, 2 missing, 0 unexpected");
  CHECK(before.find("data-key=\"netpol-demo/external-client\u2192netpol-demo/frontend\"") !=
        std::string::npos);

  // Manifest 3 is 04-allow-paths.yaml: the edit appends a policy to it.
  const std::string after =
      HeadlessChromiumDomOfUrl(url + "#append=3:" + UriEncode(kClientEgress), scratch);
  CHECK(after.find("data-state=\"ready\"") != std::string::npos);
  CHECK(after.find("data-generation=\"2\"") != std::string::npos);
  CHECK(TextOf(after, "check-summary") == "The intent does not hold: 9 ok, 1 missing, 0 unexpected");
  CHECK(BlockOf(after, "changes").find(
            "newly allowed: netpol-demo/external-client \u2192 netpol-demo/frontend (TCP 80)") !=
        std::string::npos);
  // The matrix cell is allowed now and marked as a change.
  CHECK(std::regex_search(after, std::regex("class=\"cell allowed newly-allowed\" data-key=\"netpol-"
                                            "demo/external-client\u2192netpol-demo/frontend\"")));
  // The graph was drawn again, with a different picture.
  CHECK(BlockOf(after, "graph").find("<svg") != std::string::npos);
  CHECK(BlockOf(after, "graph") != BlockOf(before, "graph"));
  // The new policy can be toggled off.
  CHECK(after.find("data-policy=\"NetworkPolicy/netpol-demo/allow-client-egress-to-frontend\"") !=
        std::string::npos);
}

TEST_CASE("the serve page's apply-the-suggested-fix button turns a MISSING row OK in Chromium",
          "[serve][browser]") {
  const RunningPlayground server;
  const std::string scratch = MakeTempDir();
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/";
  const std::string row = "<tr class=\"MISSING\"><td>MISSING</td><td>netpol-demo/external-client</td>"
                          "<td>netpol-demo/frontend</td>";

  const std::string before = HeadlessChromiumDomOfUrl(url, scratch);
  REQUIRE(before.find("data-state=\"ready\"") != std::string::npos);
  // Each MISSING row has the button; the exercise's first is external-client -> frontend.
  CHECK(before.find(row) != std::string::npos);
  const std::size_t first_button = before.find("class=\"apply-fix\"");
  REQUIRE(first_button != std::string::npos);
  CHECK(before.rfind("<tr class=\"MISSING\"", first_button) == before.find(row));

  const std::string after =
      HeadlessChromiumDomOfUrl(url + "#click=" + UriEncode("button.apply-fix"), scratch);
  CHECK(after.find("data-state=\"ready\"") != std::string::npos);
  CHECK(after.find("data-generation=\"2\"") != std::string::npos);
  CHECK(TextOf(after, "check-summary") == "The intent does not hold: 9 ok, 1 missing, 0 unexpected");
  CHECK(after.find(row) == std::string::npos);
  CHECK(after.find("<tr class=\"ok\"><td>ok</td><td>netpol-demo/external-client</td>"
                   "<td>netpol-demo/frontend</td>") != std::string::npos);
  CHECK(BlockOf(after, "changes").find(
            "newly allowed: netpol-demo/external-client \u2192 netpol-demo/frontend (TCP 80)") !=
        std::string::npos);
  // The fix is a new editor pane, applied, whose policy can be toggled off; Undo is offered.
  CHECK(std::regex_search(after, std::regex("data-file=\"examples/netpol-demo/allow-[a-z-]+\\.yaml\"")));
  CHECK(after.find("data-policy=\"NetworkPolicy/netpol-demo/allow-") != std::string::npos);
  CHECK(std::regex_search(after, std::regex("<button id=\"undo\"[^>]*>Undo<")));
  CHECK_FALSE(std::regex_search(after, std::regex("<button id=\"undo\" disabled")));
}

}  // namespace
}  // namespace netpol::testing
