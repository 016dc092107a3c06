#include "netpol/port_set.h"

#include <catch2/catch.hpp>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "test_support.h"

namespace netpol {
namespace {

using Ranges = std::vector<PortRange>;

TEST_CASE("a new PortSet is empty", "[ports]") {
  const PortSet set;
  CHECK(set.IsEmpty());
  CHECK_FALSE(set.IsAll());
  CHECK(set == PortSet::None());
  for (Protocol p : kAllProtocols) CHECK(set.Ranges(p).empty());
}

TEST_CASE("PortSet::Add keeps ranges sorted and disjoint", "[ports]") {
  PortSet set;
  set.Add(Protocol::kTCP, 443, 443);
  set.Add(Protocol::kTCP, 80, 80);
  set.Add(Protocol::kTCP, 8000, 8080);
  CHECK(set.Ranges(Protocol::kTCP) == Ranges{{80, 80}, {443, 443}, {8000, 8080}});
  CHECK(set.Ranges(Protocol::kUDP).empty());
}

TEST_CASE("PortSet::Add merges adjacent ranges", "[ports]") {
  PortSet set;
  set.Add(Protocol::kTCP, 80, 80);
  set.Add(Protocol::kTCP, 81, 90);
  CHECK(set.Ranges(Protocol::kTCP) == Ranges{{80, 90}});
  set.Add(Protocol::kTCP, 70, 79);
  CHECK(set.Ranges(Protocol::kTCP) == Ranges{{70, 90}});
  set.Add(Protocol::kTCP, 92, 95);
  CHECK(set.Ranges(Protocol::kTCP) == Ranges{{70, 90}, {92, 95}});
}

TEST_CASE("PortSet::Add merges overlapping ranges and fills gaps", "[ports]") {
  PortSet set;
  set.Add(Protocol::kUDP, 10, 20);
  set.Add(Protocol::kUDP, 30, 40);
  set.Add(Protocol::kUDP, 50, 60);
  set.Add(Protocol::kUDP, 15, 55);
  CHECK(set.Ranges(Protocol::kUDP) == Ranges{{10, 60}});
  set.Add(Protocol::kUDP, 20, 30);
  CHECK(set.Ranges(Protocol::kUDP) == Ranges{{10, 60}});
}

TEST_CASE("equal PortSets built differently compare equal", "[ports]") {
  PortSet a;
  a.Add(Protocol::kTCP, 1, 100);
  PortSet b;
  b.Add(Protocol::kTCP, 51, 100);
  b.Add(Protocol::kTCP, 1, 50);
  CHECK(a == b);
  CHECK(a == PortSet::Range(Protocol::kTCP, 1, 100));
  CHECK_FALSE(a == PortSet::Range(Protocol::kUDP, 1, 100));
}

TEST_CASE("PortSet::Merge and Union combine per protocol", "[ports]") {
  PortSet a = PortSet::Range(Protocol::kTCP, 80, 89);
  const PortSet b =
      PortSet::Range(Protocol::kTCP, 90, 100).Union(PortSet::Single(Protocol::kUDP, 53));
  const PortSet u = a.Union(b);
  CHECK(u.Ranges(Protocol::kTCP) == Ranges{{80, 100}});
  CHECK(u.Ranges(Protocol::kUDP) == Ranges{{53, 53}});
  CHECK(a.Ranges(Protocol::kTCP) == Ranges{{80, 89}});  // Union does not modify.
  a.Merge(b);
  CHECK(a == u);
}

TEST_CASE("PortSet::Intersect keeps the common ports of each protocol", "[ports]") {
  PortSet a = PortSet::Range(Protocol::kTCP, 1, 100);
  a.Add(Protocol::kTCP, 200, 300);
  a.Add(Protocol::kUDP, 53, 53);
  PortSet b = PortSet::Range(Protocol::kTCP, 50, 250);
  b.Add(Protocol::kSCTP, 53, 53);
  const PortSet i = a.Intersect(b);
  CHECK(i.Ranges(Protocol::kTCP) == Ranges{{50, 100}, {200, 250}});
  CHECK(i.Ranges(Protocol::kUDP).empty());
  CHECK(i.Ranges(Protocol::kSCTP).empty());
  CHECK(a.Intersect(PortSet::None()).IsEmpty());
  CHECK(a.Intersect(PortSet::All()) == a);
  CHECK(PortSet::AllOf(Protocol::kUDP).Intersect(PortSet::AllOf(Protocol::kTCP)).IsEmpty());
}

TEST_CASE("PortSet::Complement is relative to 1-65535 on all three protocols", "[ports]") {
  const PortSet c = PortSet::Single(Protocol::kTCP, 80).Complement();
  CHECK(c.Ranges(Protocol::kTCP) == Ranges{{1, 79}, {81, 65535}});
  CHECK(c.IsAll(Protocol::kUDP));
  CHECK(c.IsAll(Protocol::kSCTP));
  CHECK(PortSet::All().Complement().IsEmpty());
  CHECK(PortSet::None().Complement() == PortSet::All());
  CHECK(PortSet::Range(Protocol::kUDP, 1, 65535).Complement() ==
        PortSet::AllOf(Protocol::kTCP).Union(PortSet::AllOf(Protocol::kSCTP)));
  const PortSet edges =
      PortSet::Single(Protocol::kTCP, 1).Union(PortSet::Single(Protocol::kTCP, 65535));
  CHECK(edges.Complement().Ranges(Protocol::kTCP) == Ranges{{2, 65534}});
  CHECK(c.Complement() == PortSet::Single(Protocol::kTCP, 80));
}

TEST_CASE("PortSet::IsAll needs every port of every protocol", "[ports]") {
  CHECK(PortSet::All().IsAll());
  CHECK_FALSE(PortSet::AllOf(Protocol::kTCP).IsAll());
  CHECK(PortSet::AllOf(Protocol::kTCP).IsAll(Protocol::kTCP));
  CHECK_FALSE(PortSet::AllOf(Protocol::kTCP).IsAll(Protocol::kUDP));
  PortSet built;
  for (Protocol p : kAllProtocols) {
    built.Add(p, 1, 30000);
    built.Add(p, 30001, 65535);
  }
  CHECK(built.IsAll());
  CHECK(built == PortSet::All());
  CHECK_FALSE(PortSet::Range(Protocol::kTCP, 1, 65534).IsAll(Protocol::kTCP));
  CHECK_FALSE(PortSet::All().IsEmpty());
}

TEST_CASE("PortSet::Contains checks protocol and range bounds", "[ports]") {
  const PortSet set = PortSet::Range(Protocol::kTCP, 8000, 8080);
  CHECK(set.Contains(Protocol::kTCP, 8000));
  CHECK(set.Contains(Protocol::kTCP, 8080));
  CHECK(set.Contains(Protocol::kTCP, 8042));
  CHECK_FALSE(set.Contains(Protocol::kTCP, 7999));
  CHECK_FALSE(set.Contains(Protocol::kTCP, 8081));
  CHECK_FALSE(set.Contains(Protocol::kUDP, 8000));
  CHECK(PortSet::All().Contains(Protocol::kSCTP, 1));
  CHECK(PortSet::All().Contains(Protocol::kSCTP, 65535));
}

TEST_CASE("PortSet::ToString forms", "[ports]") {
  CHECK(PortSet::All().ToString() == "all ports");
  CHECK(PortSet::None().ToString() == "none");
  PortSet tcp;
  tcp.Add(Protocol::kTCP, 8000, 8080);
  tcp.Add(Protocol::kTCP, 443, 443);
  tcp.Add(Protocol::kTCP, 80, 80);
  CHECK(tcp.ToString() == "TCP 80,443,8000-8080");
  CHECK(PortSet::AllOf(Protocol::kUDP).ToString() == "UDP all");
  CHECK(tcp.Union(PortSet::AllOf(Protocol::kUDP)).ToString() == "TCP 80,443,8000-8080; UDP all");
  CHECK(PortSet::Single(Protocol::kSCTP, 9).ToString() == "SCTP 9");
}

TEST_CASE("protocol names", "[ports]") {
  CHECK(std::string(ProtocolName(Protocol::kTCP)) == "TCP");
  CHECK(std::string(ProtocolName(Protocol::kUDP)) == "UDP");
  CHECK(std::string(ProtocolName(Protocol::kSCTP)) == "SCTP");
  CHECK(ParseProtocol("TCP") == Protocol::kTCP);
  CHECK(ParseProtocol("UDP") == Protocol::kUDP);
  CHECK(ParseProtocol("SCTP") == Protocol::kSCTP);
  CHECK_FALSE(ParseProtocol("tcp").has_value());
  CHECK_FALSE(ParseProtocol("ICMP").has_value());
  CHECK_FALSE(ParseProtocol("").has_value());
}

// The bad arguments of a port range, and the message naming each.
const std::vector<std::tuple<int, int, std::string>> kBadRanges = {
    {70000, 5, "first port 70000 is outside 1-65535"},
    {0, 80, "first port 0 is outside 1-65535"},
    {-1, 80, "first port -1 is outside 1-65535"},
    {80, 65536, "last port 65536 is outside 1-65535"},
    {80, 0, "last port 0 is outside 1-65535"},
    {70000, 70000, "port 70000 is outside 1-65535"},
    {8080, 80, "first port 8080 is greater than last port 80"},
};

TEST_CASE("PortSet::CheckedRange rejects a port outside 1-65535 or first > last, naming it",
          "[ports][api]") {
  for (const auto& [first, last, message] : kBadRanges) {
    INFO(first << "-" << last);
    const Result<PortSet> set = PortSet::CheckedRange(Protocol::kTCP, first, last);
    REQUIRE_FALSE(set.ok());
    CHECK(set.status().code() == StatusCode::kInvalidArgument);
    CHECK(set.status().message() == message);
  }
}

TEST_CASE("PortSet::CheckedRange of valid ports is the same set as PortSet::Range",
          "[ports][api]") {
  const std::vector<std::pair<int, int>> valid = {{1, 1}, {80, 80}, {8000, 8080}, {1, 65535},
                                                  {65535, 65535}};
  for (Protocol p : kAllProtocols) {
    for (const auto& [first, last] : valid) {
      INFO(ProtocolName(p) << " " << first << "-" << last);
      const Result<PortSet> set = PortSet::CheckedRange(p, first, last);
      REQUIRE(set.ok());
      CHECK(*set == PortSet::Range(p, first, last));
      CHECK(set->Ranges(p) == Ranges{{first, last}});
      CHECK(set->Contains(p, first));
      CHECK(set->Contains(p, last));
    }
  }
}

// PortSet::Range(TCP, first, last) in a child process.
testing::ChildOutcome RangeAborts(int first, int last) {
  return testing::RunInChild([&] { (void)PortSet::Range(Protocol::kTCP, first, last); });
}

TEST_CASE("PortSet::Range aborts naming the bad argument instead of returning an empty set",
          "[ports][api]") {
  for (const auto& [first, last, message] : kBadRanges) {
    INFO(first << "-" << last);
    const auto [aborted, err] = RangeAborts(first, last);
    CHECK(aborted);
    CHECK(err == "netpol: PortSet::Range: " + message + "\n");
  }
  const auto [aborted, err] = RangeAborts(80, 80);  // the helper can tell the difference
  CHECK_FALSE(aborted);
  CHECK(err.empty());
}

}  // namespace
}  // namespace netpol
