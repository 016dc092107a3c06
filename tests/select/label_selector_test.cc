#include "netpol/label_selector.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace netpol {
namespace {

LabelRequirement Requirement(const std::string& key, SelectorOperator op,
                             std::vector<std::string> values = {}) {
  LabelRequirement r;
  r.key = key;
  r.op = op;
  r.values = std::move(values);
  return r;
}

LabelSelector ParseOrFail(const std::string& text) {
  INFO("selector '" << text << "'");
  Result<LabelSelector> selector = ParseSelectorString(text);
  INFO("error: " << selector.status().message());
  REQUIRE(selector.ok());
  return std::move(selector).value();
}

const Labels kWebFront = {{"app", "web"}, {"tier", "front"}};
const Labels kDb = {{"app", "db"}};
const Labels kNone = {};

TEST_CASE("In matches a present key with a listed value", "[select]") {
  const LabelRequirement r = Requirement("app", SelectorOperator::kIn, {"web", "api"});
  CHECK(r.Matches(kWebFront));
  CHECK_FALSE(r.Matches(kDb));
  CHECK_FALSE(r.Matches(kNone));
}

TEST_CASE("NotIn matches an absent key or an unlisted value", "[select]") {
  const LabelRequirement r = Requirement("tier", SelectorOperator::kNotIn, {"front"});
  CHECK_FALSE(r.Matches(kWebFront));
  CHECK(r.Matches(kDb));
  CHECK(r.Matches(kNone));
  CHECK(r.Matches({{"tier", "back"}}));
}

TEST_CASE("Exists and DoesNotExist look at the key only", "[select]") {
  const LabelRequirement exists = Requirement("tier", SelectorOperator::kExists);
  const LabelRequirement absent = Requirement("tier", SelectorOperator::kDoesNotExist);
  CHECK(exists.Matches(kWebFront));
  CHECK(exists.Matches({{"tier", ""}}));
  CHECK_FALSE(exists.Matches(kDb));
  CHECK_FALSE(absent.Matches(kWebFront));
  CHECK(absent.Matches(kDb));
  CHECK(absent.Matches(kNone));
}

TEST_CASE("an empty selector matches everything", "[select]") {
  const LabelSelector selector;
  CHECK(selector.IsEmpty());
  CHECK(selector.Matches(kNone));
  CHECK(selector.Matches(kWebFront));
  CHECK(selector.ToString() == "{}");
}

TEST_CASE("matchLabels requires every pair", "[select]") {
  LabelSelector selector;
  selector.match_labels = {{"app", "web"}, {"tier", "front"}};
  CHECK_FALSE(selector.IsEmpty());
  CHECK(selector.Matches(kWebFront));
  CHECK(selector.Matches({{"app", "web"}, {"tier", "front"}, {"extra", "x"}}));
  CHECK_FALSE(selector.Matches({{"app", "web"}}));
  CHECK_FALSE(selector.Matches({{"app", "web"}, {"tier", "back"}}));
  CHECK_FALSE(selector.Matches(kNone));
}

TEST_CASE("LabelSelector ANDs matchLabels and matchExpressions", "[select]") {
  LabelSelector selector;
  selector.match_labels = {{"app", "web"}};
  selector.match_expressions = {Requirement("tier", SelectorOperator::kNotIn, {"front"}),
                                Requirement("env", SelectorOperator::kDoesNotExist)};
  CHECK_FALSE(selector.IsEmpty());
  CHECK_FALSE(selector.Matches(kWebFront));
  CHECK(selector.Matches({{"app", "web"}}));
  CHECK(selector.Matches({{"app", "web"}, {"tier", "back"}}));
  CHECK_FALSE(selector.Matches({{"app", "web"}, {"env", "prod"}}));
  CHECK_FALSE(selector.Matches({{"app", "db"}}));
}

TEST_CASE("a selector with only expressions is not empty", "[select]") {
  LabelSelector selector;
  selector.match_expressions = {Requirement("tier", SelectorOperator::kExists)};
  CHECK_FALSE(selector.IsEmpty());
  CHECK_FALSE(selector.Matches(kNone));
}

TEST_CASE("LabelRequirement::ToString uses the selector string forms", "[select]") {
  CHECK(Requirement("tier", SelectorOperator::kIn, {"a", "b"}).ToString() == "tier in (a,b)");
  CHECK(Requirement("tier", SelectorOperator::kNotIn, {"a", "b"}).ToString() == "tier notin (a,b)");
  CHECK(Requirement("tier", SelectorOperator::kExists).ToString() == "tier");
  CHECK(Requirement("tier", SelectorOperator::kDoesNotExist).ToString() == "!tier");
}

TEST_CASE("LabelSelector::ToString joins labels and expressions with commas", "[select]") {
  LabelSelector selector;
  selector.match_labels = {{"app", "web"}};
  selector.match_expressions = {Requirement("tier", SelectorOperator::kIn, {"a", "b"})};
  CHECK(selector.ToString() == "app=web,tier in (a,b)");
  LabelSelector two;
  two.match_labels = {{"tier", "front"}, {"app", "web"}};
  CHECK(two.ToString() == "app=web,tier=front");
}

TEST_CASE("operator names", "[select]") {
  CHECK(std::string(SelectorOperatorName(SelectorOperator::kIn)) == "In");
  CHECK(std::string(SelectorOperatorName(SelectorOperator::kNotIn)) == "NotIn");
  CHECK(std::string(SelectorOperatorName(SelectorOperator::kExists)) == "Exists");
  CHECK(std::string(SelectorOperatorName(SelectorOperator::kDoesNotExist)) == "DoesNotExist");
}

TEST_CASE("ParseSelectorString reads every kubectl -l form", "[select]") {
  const LabelSelector s = ParseOrFail("app=web,tier!=db,env in (a,b),!legacy");
  CHECK(s.Matches({{"app", "web"}, {"env", "a"}}));
  CHECK(s.Matches({{"app", "web"}, {"env", "b"}, {"tier", "front"}}));
  CHECK_FALSE(s.Matches({{"app", "web"}, {"env", "a"}, {"tier", "db"}}));
  CHECK_FALSE(s.Matches({{"app", "web"}, {"env", "c"}}));
  CHECK_FALSE(s.Matches({{"app", "web"}}));
  CHECK_FALSE(s.Matches({{"app", "web"}, {"env", "a"}, {"legacy", "yes"}}));
  CHECK_FALSE(s.Matches({{"app", "api"}, {"env", "a"}}));
}

TEST_CASE("ParseSelectorString reads notin, exists and ==", "[select]") {
  const LabelSelector notin = ParseOrFail("env notin (prod, staging)");
  CHECK(notin.Matches({{"env", "dev"}}));
  CHECK(notin.Matches(kNone));
  CHECK_FALSE(notin.Matches({{"env", "staging"}}));
  const LabelSelector exists = ParseOrFail("tier");
  CHECK(exists.Matches(kWebFront));
  CHECK_FALSE(exists.Matches(kDb));
  const LabelSelector equals = ParseOrFail("app==web");
  CHECK(equals.Matches(kWebFront));
  CHECK_FALSE(equals.Matches(kDb));
  const LabelSelector spaced = ParseOrFail(" app = web , tier ");
  CHECK(spaced.Matches(kWebFront));
  CHECK_FALSE(spaced.Matches({{"app", "web"}}));
}

TEST_CASE("ParseSelectorString of an empty string selects everything", "[select]") {
  const LabelSelector s = ParseOrFail("");
  CHECK(s.IsEmpty());
  CHECK(s.Matches(kWebFront));
}

TEST_CASE("ParseSelectorString round-trips through ToString", "[select]") {
  const LabelSelector s = ParseOrFail("app=web,tier in (a,b)");
  CHECK(s.ToString() == "app=web,tier in (a,b)");
  CHECK(ParseOrFail(s.ToString()) == s);
}

TEST_CASE("ParseSelectorString rejects bad syntax with a message", "[select]") {
  for (const char* text :
       {"app in (a", "=web", "app in a", "app=web,", "app notin ()", "app=(web)", "!"}) {
    INFO("selector '" << text << "'");
    const Result<LabelSelector> selector = ParseSelectorString(text);
    CHECK_FALSE(selector.ok());
    CHECK(selector.status().code() == StatusCode::kInvalidArgument);
    CHECK_FALSE(selector.status().message().empty());
  }
}

}  // namespace
}  // namespace netpol
