// EndpointFilter: which pods and external blocks -n, -l and --focus select.
#include <catch2/catch.hpp>

#include "netpol/endpoint_filter.h"

namespace netpol {
namespace {

Pod MakePod(std::string ns, std::string name, Labels labels, std::string kind = "Pod") {
  Pod pod;
  pod.namespace_name = std::move(ns);
  pod.name = std::move(name);
  pod.labels = std::move(labels);
  pod.kind = std::move(kind);
  return pod;
}

IpRange Range(const char* first, const char* last) {
  return {*IpAddress::Parse(first), *IpAddress::Parse(last)};
}

TEST_CASE("an endpoint filter selects pods by namespace, selector and focus as kubectl combines "
          "-n and -l",
          "[select][filter]") {
  const Pod web = MakePod("shop", "web", {{"app", "web"}, {"tier", "front"}});
  const Pod db = MakePod("shop", "db", {{"app", "db"}, {"tier", "back"}, {"env", "prod"}});
  const Pod api = MakePod("team0", "api", {{"app", "api"}, {"env", "dev"}}, "Deployment");
  const Pod bare = MakePod("team1", "bare", {});
  struct Case {
    std::vector<std::string> namespaces;
    std::string selector;
    std::vector<std::string> focus_pods;
    std::vector<bool> expected;  // web, db, api, bare
  };
  const std::vector<Case> cases = {
      {{}, "", {}, {true, true, true, true}},
      {{"shop"}, "", {}, {true, true, false, false}},
      {{"shop", "team1"}, "", {}, {true, true, false, true}},
      {{"nowhere"}, "", {}, {false, false, false, false}},
      {{}, "app=web", {}, {true, false, false, false}},
      {{}, "app==web", {}, {true, false, false, false}},
      {{}, "tier!=front", {}, {false, true, true, true}},
      {{}, "env in (dev,prod)", {}, {false, true, true, false}},
      {{}, "env notin (dev)", {}, {true, true, false, true}},
      {{}, "env", {}, {false, true, true, false}},
      {{}, "!env", {}, {true, false, false, true}},
      {{}, "app,tier=back", {}, {false, true, false, false}},
      {{"shop"}, "env", {}, {false, true, false, false}},
      {{"team0"}, "app=web", {}, {false, false, false, false}},
      {{}, "", {"shop/web"}, {true, false, false, false}},
      {{}, "", {"shop/web", "team0/api[Deployment]"}, {true, false, true, false}},
      {{"shop"}, "", {"shop/web", "team0/api[Deployment]"}, {true, false, false, false}},
      {{}, "tier", {"shop/web", "team1/bare"}, {true, false, false, false}},
  };
  for (const Case& c : cases) {
    Result<EndpointFilter> made = EndpointFilter::Make(c.namespaces, c.selector);
    REQUIRE(made.ok());
    EndpointFilter filter = *made;
    for (const std::string& id : c.focus_pods) filter.AddFocusPod(id);
    const std::vector<bool> got = {filter.Selects(web), filter.Selects(db), filter.Selects(api),
                                   filter.Selects(bare)};
    CAPTURE(c.namespaces, c.selector, c.focus_pods);
    CHECK(got == c.expected);
    CHECK(filter.SelectsEverything() ==
          (c.namespaces.empty() && c.selector.empty() && c.focus_pods.empty()));
  }
}

TEST_CASE("an endpoint filter selects an external block only through --focus on addresses it "
          "overlaps",
          "[select][filter]") {
  const std::vector<IpRange> internet = {Range("0.0.0.0", "9.255.255.255"),
                                         Range("11.0.0.0", "255.255.255.255")};
  const std::vector<IpRange> private_net = {Range("10.0.0.0", "10.255.255.255")};
  const std::vector<IpRange> v6 = {Range("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")};
  struct Case {
    std::vector<std::string> namespaces;
    std::string selector;
    std::vector<IpRange> focus;
    bool internet, private_net, v6;
  };
  const std::vector<Case> cases = {
      {{}, "", {}, true, true, true},
      {{"shop"}, "", {}, false, false, false},
      {{}, "app=web", {}, false, false, false},
      {{}, "", {Range("10.1.2.3", "10.1.2.3")}, false, true, false},
      {{}, "", {Range("8.0.0.0", "11.255.255.255")}, true, true, false},
      {{}, "", {Range("9.255.255.255", "9.255.255.255")}, true, false, false},
      {{}, "", {Range("fd00::", "fd00::ff")}, false, false, true},
      {{"shop"}, "", {Range("10.1.2.3", "10.1.2.3")}, false, false, false},
  };
  for (const Case& c : cases) {
    Result<EndpointFilter> made = EndpointFilter::Make(c.namespaces, c.selector);
    REQUIRE(made.ok());
    EndpointFilter filter = *made;
    for (const IpRange& range : c.focus) filter.AddFocusRange(range);
    CAPTURE(c.namespaces, c.selector, c.focus.size());
    CHECK(filter.SelectsAddresses(internet) == c.internet);
    CHECK(filter.SelectsAddresses(private_net) == c.private_net);
    CHECK(filter.SelectsAddresses(v6) == c.v6);
  }
}

TEST_CASE("a malformed -l selector is an invalid argument naming the flag", "[select][filter]") {
  for (const char* selector : {"app in (a", "=web", "app=web,", "env in ()"}) {
    Result<EndpointFilter> made = EndpointFilter::Make({}, selector);
    CAPTURE(selector);
    REQUIRE_FALSE(made.ok());
    CHECK(made.status().code() == StatusCode::kInvalidArgument);
    CHECK(made.status().message().starts_with("-l/--selector: "));
  }
  Result<EndpointFilter> empty_ns = EndpointFilter::Make({""}, "");
  REQUIRE_FALSE(empty_ns.ok());
  CHECK(empty_ns.status().message() == "-n/--namespace: empty namespace name");
}

}  // namespace
}  // namespace netpol
