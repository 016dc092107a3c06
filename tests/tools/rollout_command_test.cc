// End-to-end tests of `netpol rollout`: the walkthrough, exit statuses, stage forms.
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace netpol {
namespace {

using testing::RunCli;

const std::vector<std::string> kExercise = {
    "rollout", "--intent", "examples/netpol-demo/intent.yaml",
    "examples/netpol-demo/01-namespace-and-pods.yaml", "examples/netpol-demo/02-default-deny-all.yaml",
    "examples/netpol-demo/03-allow-dns-egress.yaml", "examples/netpol-demo/04-allow-paths.yaml"};

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_CASE("rollout walks the exercise stage by stage and exits 1", "[cli][rollout]") {
  auto result = RunCli(kExercise);
  CHECK(result.exit_code == 1);
  CHECK(result.err.empty());
  CHECK(Has(result.out, "Stage 1/4: examples/netpol-demo/01-namespace-and-pods.yaml\n"));
  CHECK(Has(result.out, "  intent: 7 of 7 intended connections hold (7 ok, 0 MISSING, 12 UNEXPECTED)\n"));
  CHECK(Has(result.out, "  intent: 0 of 7 intended connections hold (3 ok, 7 MISSING, 0 UNEXPECTED)\n"));
  CHECK(Has(result.out, "    BROKEN     netpol-demo/external-client -> netpol-demo/frontend  TCP 80  "
                        "(path, examples/netpol-demo/intent.yaml:17); now allowed: nothing\n"));
  CHECK(Has(result.out, "  intent: 4 of 7 intended connections hold (7 ok, 3 MISSING, 0 UNEXPECTED)\n"));
  CHECK(Has(result.out, "    now holds  netpol-demo/frontend -> netpol-demo/backend  TCP 80  "
                        "(path, examples/netpol-demo/intent.yaml:18)\n"));
  CHECK(Has(result.out, "  ... and 20 more changed connections (--max-connections 0 lists them all)\n"));
  CHECK(Has(result.out, "Final state, as `netpol check` judges it:\n  MISSING     netpol-demo/external-client"));
  CHECK(result.out.ends_with("4 stages applied; 7 intended connections broken between applies; "
                             "the final state does not satisfy the intent\n"));
}

TEST_CASE("rollout --order finds the safe order for a staged default-deny", "[cli][rollout]") {
  auto result = RunCli({"rollout", "--order", "--intent", "tests/data/rollout/intent.yaml",
                        "tests/data/rollout/1-app.yaml", "tests/data/rollout/2-default-deny.yaml",
                        "tests/data/rollout/3-allow.yaml"});
  CHECK(result.exit_code == 1);  // the given order breaks connections
  CHECK(Has(result.out, "Safe order (every order of the 3 stages was considered): no stage breaks an "
                        "intended connection that holds at the end\n"
                        "  1. tests/data/rollout/1-app.yaml\n"
                        "  2. tests/data/rollout/3-allow.yaml  (given as stage 3)\n"
                        "  3. tests/data/rollout/2-default-deny.yaml  (given as stage 2)\n"));
  auto safe = RunCli({"rollout", "--intent", "tests/data/rollout/intent.yaml",
                      "tests/data/rollout/1-app.yaml", "tests/data/rollout/3-allow.yaml",
                      "tests/data/rollout/2-default-deny.yaml"});
  CHECK(safe.exit_code == 0);
  CHECK(safe.out.ends_with("3 stages applied; no stage breaks an intended connection and the intent holds\n"));
}

TEST_CASE("rollout --format json has stages, their changes and intent, the final check and the order", "[cli][rollout]") {
  std::vector<std::string> args = kExercise;
  args.insert(args.begin() + 1, {"--format", "json", "--order"});
  auto result = RunCli(args);
  CHECK(result.exit_code == 1);
  const nlohmann::json doc = nlohmann::json::parse(result.out);
  CHECK(doc.at("holds") == false);
  CHECK(doc.at("brokenCount") == 7);
  REQUIRE(doc.at("stages").size() == 4);
  CHECK(doc.at("stages")[1].at("stage") == "examples/netpol-demo/02-default-deny-all.yaml");
  CHECK(doc.at("stages")[1].at("changes").at("summary").at("newlyDenied") == 28);
  CHECK(doc.at("stages")[1].at("intent").at("broken").size() == 7);
  CHECK(doc.at("stages")[3].at("intent").at("restored")[0].at("to") == "netpol-demo/backend");
  CHECK(doc.at("final").at("summary") == nlohmann::json::parse(R"({"ok":8,"missing":2,"unexpected":0})"));
  CHECK(doc.at("order").at("safe") == false);
  CHECK(doc.at("order").at("exhaustive") == true);
  CHECK(doc.at("order").at("stages")[1] == "examples/netpol-demo/03-allow-dns-egress.yaml");
  CHECK(doc.at("order").at("broken")[0].at("position") == 2);
}

TEST_CASE("rollout --remove is a stage of its own, in command-line order", "[cli][rollout]") {
  auto result = RunCli({"rollout", "tests/data/rollout/1-app.yaml", "tests/data/rollout/2-default-deny.yaml",
                        "--remove", "NetworkPolicy/shop/default-deny"});
  CHECK(result.exit_code == 0);
  CHECK(Has(result.out, "Stage 3/3: --remove NetworkPolicy/shop/default-deny\n"
                        "  removed   NetworkPolicy/shop/default-deny (tests/data/rollout/2-default-deny.yaml:2)\n"));
  CHECK(result.out.ends_with("3 stages applied\n"));
}

TEST_CASE("rollout --base applies the stages on top of the cluster as it is", "[cli][rollout]") {
  auto result = RunCli({"rollout", "--intent", "tests/data/rollout/intent.yaml", "--base",
                        "tests/data/rollout/1-app.yaml", "tests/data/rollout/2-default-deny.yaml"});
  CHECK(result.exit_code == 1);
  // The base's pods exist before the first stage: its default-deny breaks them.
  CHECK(Has(result.out, "Stage 1/1: tests/data/rollout/2-default-deny.yaml\n"
                        "  added     NetworkPolicy/shop/default-deny (tests/data/rollout/2-default-deny.yaml:2)\n"));
  CHECK_FALSE(Has(result.out, "added     Pod/"));
  CHECK(Has(result.out, "    BROKEN     shop/client -> shop/web  TCP 80"));
  CHECK(result.out.ends_with("1 stage applied; 3 intended connections broken between applies; "
                             "the final state does not satisfy the intent\n"));
}

TEST_CASE("rollout rejects bad stages with exit 2 and no output", "[cli][rollout]") {
  const std::vector<std::vector<std::string>> bad = {
      {"rollout"},
      {"rollout", "no/such/file.yaml"},
      {"rollout", "--frobnicate", "tests/data/rollout/1-app.yaml"},
      {"rollout", "tests/data/rollout/1-app.yaml", "--remove"},
      {"rollout", "--remove", "NetworkPolicy/shop/nope"},
      {"rollout", "--intent", "no/such/intent.yaml", "tests/data/rollout/1-app.yaml"},
  };
  for (const auto& args : bad) {
    INFO(args.back());
    auto result = RunCli(args);
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK_FALSE(result.err.empty());
  }
}

}  // namespace
}  // namespace netpol
