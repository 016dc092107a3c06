// expect: Rule must derive from LintRule
// LintRegistry::Add<Rule> owns and runs what it makes: only a LintRule fits.
#include <netpol/lint.h>

struct NotARule {};

int main() {
  netpol::LintRegistry registry;
  return registry.Add<NotARule>() ? 0 : 1;
}
