// Unknown fields in what netpol models are read as `kubectl apply` reads
// them (--validate=strict by default): a typo is an input error with the
// closest known field, never a silently different verdict.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "netpol/loader.h"
#include "parse/field_decoder.h"
#include "test_support.h"

namespace netpol {
namespace {

std::vector<std::string> Messages(const std::string& text, FieldValidation validation) {
  LoadOptions options;
  options.validation = validation;
  std::vector<std::string> messages;
  for (const Diagnostic& d : LoadText(text, "test.yaml", options).diagnostics) {
    messages.push_back(d.ToString());
  }
  return messages;
}

std::string Policy(const std::string& spec) {
  return "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
         "metadata: {name: p, namespace: x}\nspec:\n" + spec;
}

struct TypoCase {
  const char* spec;
  const char* error;
};

TEST_CASE("strict validation: an unknown field is an input error naming the closest known one",
          "[parse][validate]") {
  const TypoCase cases[] = {
      {"  podSelector: {matchLabel: {app: web}}\n",
       "test.yaml:5:17: error: NetworkPolicy x/p: spec.podSelector.matchLabel: unknown field 'matchLabel' (did you "
       "mean 'matchLabels'?)"},
      {"  podSelector: {}\n  ingres: []\n",
       "test.yaml:6:3: error: NetworkPolicy x/p: spec.ingres: unknown field 'ingres' (did you mean 'ingress'?)"},
      {"  podselector: {}\n",
       "test.yaml:5:3: error: NetworkPolicy x/p: spec.podselector: unknown field 'podselector' (did you mean "
       "'podSelector'?)"},
      {"  podSelector: {}\n  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, excepts: []}}]}]\n",
       "test.yaml:6:47: error: NetworkPolicy x/p: spec.egress[0].to[0].ipBlock.excepts: unknown field 'excepts' (did "
       "you mean 'except'?)"},
      {"  podSelector: {}\n  ingress: [{ports: [{port: 80, protocl: TCP}]}]\n",
       "test.yaml:6:33: error: NetworkPolicy x/p: spec.ingress[0].ports[0].protocl: unknown field 'protocl' (did you "
       "mean 'protocol'?)"},
      {"  podSelector: {}\n  colour: blue\n",
       "test.yaml:6:3: error: NetworkPolicy x/p: spec.colour: unknown field 'colour'"},  // nothing close
  };
  for (const TypoCase& c : cases) {
    INFO(c.spec);
    CHECK(Messages(Policy(c.spec), FieldValidation::kStrict) == std::vector<std::string>{c.error});
  }
}

TEST_CASE("warn validation reads on with a warning, ignore validation silently", "[parse][validate]") {
  const std::string typo = Policy("  podSelector: {}\n  ingres: []\n");
  CHECK(Messages(typo, FieldValidation::kWarn) ==
        std::vector<std::string>{"test.yaml:6:3: warning: NetworkPolicy x/p: spec.ingres: unknown field 'ingres' "
                                 "ignored (did you mean 'ingress'?)"});
  CHECK(Messages(typo, FieldValidation::kIgnore).empty());
  LoadOptions warn;
  warn.validation = FieldValidation::kWarn;
  CHECK(LoadText(typo, "test.yaml", warn).cluster.policies.size() == 1);
}

TEST_CASE("fields outside what netpol models are never checked", "[parse][validate]") {
  // A Pod's container spec holds many fields netpol does not read.
  CHECK(Messages("apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x}\nspec:\n"
                 "  containers:\n  - name: c\n    image: nginx\n    imagePullPolicy: Always\n"
                 "    resources: {limits: {cpu: 1}}\n",
                 FieldValidation::kStrict)
            .empty());
}

TEST_CASE("ClosestField ignores case and refuses far-off names", "[parse][validate]") {
  CHECK(ClosestField("matchlabels", {"matchLabels", "matchExpressions"}) == "matchLabels");
  CHECK(ClosestField("ingres", {"podSelector", "policyTypes", "ingress", "egress"}) == "ingress");
  CHECK_FALSE(ClosestField("colour", {"podSelector", "policyTypes", "ingress", "egress"}));
}

TEST_CASE("netpol lint exits 2 on a typo by default and reads on with --validate=warn",
          "[cli][validate]") {
  const std::string typo = Policy("  podSelector: {matchLabel: {app: web}}\n");
  const testing::CliResult strict = testing::RunCli({"lint", "-"}, typo);
  CHECK(strict.exit_code == 2);
  CHECK(strict.out.empty());
  CHECK(strict.err.find("<stdin>:5:17: error: NetworkPolicy x/p: spec.podSelector.matchLabel: unknown field") == 0);
  const testing::CliResult warn = testing::RunCli({"lint", "--validate=warn", "-"}, typo);
  CHECK(warn.exit_code == 0);
  CHECK(warn.err.find("warning: NetworkPolicy x/p: spec.podSelector.matchLabel: unknown field 'matchLabel' ignored") !=
        std::string::npos);
  CHECK(testing::RunCli({"lint", "--validate=false", "-"}, typo).err.empty());
  CHECK(testing::RunCli({"lint", "--validate=true", "-"}, typo).exit_code == 2);  // = strict
  CHECK(testing::RunCli({"lint", "--validate=maybe", "-"}, typo).exit_code == 2);
}

}  // namespace
}  // namespace netpol
