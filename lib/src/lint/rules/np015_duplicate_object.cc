// NP015 duplicate-object: the same object defined twice in the inputs.
#include <fmt/format.h>

#include "lint/rules.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

class DuplicateObjectRule : public BasicRule {
 public:
  DuplicateObjectRule()
      : BasicRule({"NP015", "duplicate-object", LintSeverity::kWarning,
                   "The same object (kind, namespace, name) is defined more than once",
                   R"(Two manifests defining the same kind, namespace and name are one object: applied in order,
the later replaces the earlier, and netpol analyses the later one, as `kubectl apply` would.
Usually a copy-pasted policy whose name was not changed, so one of the two is silently lost.
Reported on the later definition, naming the first. (Needs LintOptions::duplicates, which the
CLI fills from LoadResult::duplicates.)

Bad:
  metadata: {name: allow-web, namespace: shop}   # policies.yaml:1
  ...
  metadata: {name: allow-web, namespace: shop}   # policies.yaml:20, meant allow-api

Good: give every object its own name.)"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    for (const DuplicateObject& duplicate : context.options().duplicates) {
      reporter.Diag(duplicate.second,
                    fmt::format("duplicate {} {}: also defined at {}; this later definition "
                                "replaces the first",
                                duplicate.kind, duplicate.id, duplicate.first.ToString()),
                    "rename one of them, or delete the stale copy");
    }
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeDuplicateObjectRule() {
  return std::make_unique<DuplicateObjectRule>();
}

}  // namespace lint
NETPOL_NAMESPACE_END
