// NP012 ipblock-except-outside-cidr: an except that is not inside its cidr.
#include <fmt/format.h>

#include "lint/rules.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace lint {
namespace {

class IpBlockExceptOutsideCidr : public BasicRule {
 public:
  IpBlockExceptOutsideCidr()
      : BasicRule({"NP012", "ipblock-except-outside-cidr", LintSeverity::kError,
                   "An ipBlock `except` entry lies outside its `cidr`",
                   R"(Every `except` entry of an ipBlock must be a strict subset of its `cidr`; anything else is
a typo that the API server rejects. netpol's loader already reports it as an input error
(exit status 2, with FILE:LINE:COL), as `kubectl apply` would, so `netpol lint` never gets to run
this rule on manifests it reads; the rule exists for completeness, for clusters built through
the library without the loader.

Bad:
  - ipBlock:
      cidr: 10.0.0.0/16
      except: [10.1.0.0/24]

Good:
  - ipBlock:
      cidr: 10.0.0.0/16
      except: [10.0.1.0/24])"}) {}

  void Check(const LintContext& context, LintReporter& reporter) const override {
    for (const NetworkPolicy& policy : context.cluster().policies) {
      for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
        const std::vector<Rule>& rules = policy.Rules(direction);
        for (std::size_t r = 0; r < rules.size(); ++r) {
          for (const Peer& peer : rules[r].peers) {
            if (!peer.ip_block) continue;
            const Cidr& cidr = peer.ip_block->cidr;
            for (const Cidr& except : peer.ip_block->except) {
              const bool inside = except.family() == cidr.family() && cidr.Contains(except) &&
                                  except.prefix > cidr.prefix;
              if (inside) continue;
              reporter.Diag(KnownOr(peer.ip_block->loc, peer.loc),
                            fmt::format("{} of {}: except {} is not inside cidr {}",
                                        RuleLabel(direction, r), policy.Id(), except.ToString(),
                                        cidr.ToString()),
                            "fix the except entry (or the cidr) so that it lies within the cidr");
            }
          }
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<LintRule> MakeIpBlockExceptOutsideCidrRule() {
  return std::make_unique<IpBlockExceptOutsideCidr>();
}

}  // namespace lint
NETPOL_NAMESPACE_END
