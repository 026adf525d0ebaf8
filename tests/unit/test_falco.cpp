// The generated Falco rules: YAML structure, only the cloudtrail plugin's fields, the spec's four rules, catalog priorities, and fields tfdrift decodes.
#include "fixture.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include <tfdrift/falco.hpp>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_falco {

namespace {

// Every ct.* field the text names (a "ct." that does not continue another word), with or
// without its % sign; a trailing dot (end of a sentence) is not part of the name.
std::set<std::string> ct_fields(std::string_view s) {
  auto word = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
  };
  std::set<std::string> out;
  for (std::size_t i = s.find("ct."); i != std::string_view::npos; i = s.find("ct.", i + 1)) {
    if (i > 0 && word(s[i - 1])) continue;
    std::size_t j = i;
    while (j < s.size() && word(s[j]) && !(s[j] >= 'A' && s[j] <= 'Z')) ++j;
    std::string f(s.substr(i, j - i));
    while (!f.empty() && f.back() == '.') f.pop_back();
    out.insert(f);
  }
  return out;
}

YAML::Node rule_named(const YAML::Node& doc, std::string_view name) {
  for (const auto& item : doc)
    if (item["rule"] && item["rule"].as<std::string>() == name) return item;
  return YAML::Node();
}

}  // namespace

TEST_CASE("the Falco rules parse as YAML: the required versions, then rules with every key", "[falco]") {
  const std::string text = tfdrift::falco_rules();
  YAML::Node doc = YAML::Load(text);
  REQUIRE(doc.IsSequence());
  REQUIRE(doc.size() == 2 + tfdrift::falco_rule_list().size());
  CHECK(doc[0]["required_engine_version"].as<std::string>() == "10");
  REQUIRE(doc[1]["required_plugin_versions"].IsSequence());
  REQUIRE(doc[1]["required_plugin_versions"].size() == 1);
  CHECK(doc[1]["required_plugin_versions"][0]["name"].as<std::string>() == "cloudtrail");
  CHECK(doc[1]["required_plugin_versions"][0]["version"].as<std::string>() == "0.14.0");
  std::set<std::string> names;
  std::set<std::string> events_covered;
  for (std::size_t i = 2; i < doc.size(); ++i) {
    const YAML::Node r = doc[i];
    INFO("rule " << i << ": " << YAML::Dump(r));
    REQUIRE(r.IsMap());
    CHECK(r.size() == 7);
    for (const char* key : {"rule", "desc", "condition", "output", "priority", "source", "tags"}) CHECK(r[key]);
    const std::string name = r["rule"].as<std::string>();
    CHECK(names.insert(name).second);
    CHECK(r["source"].as<std::string>() == "aws_cloudtrail");
    const std::string cond = r["condition"].as<std::string>();
    CHECK(cond.rfind("ct.src=\"ecs.amazonaws.com\" and ", 0) == 0);
    CHECK(cond.find(" and not ct.error exists and not ct.readonly=\"true\"") != std::string::npos);
    // Priority: the catalog's, for each event the condition names.
    const std::string priority = r["priority"].as<std::string>();
    std::size_t named = 0;
    for (const auto& e : tfdrift::events) {
      if (cond.find("ct.name=\"" + std::string(e.name) + "\"") == std::string::npos) continue;
      ++named;
      CHECK(priority == e.priority);
      CHECK(events_covered.insert(std::string(e.name)).second);
    }
    CHECK(named >= 1);
    const auto tags = r["tags"].as<std::vector<std::string>>();
    REQUIRE(tags.size() >= 5);
    CHECK(std::vector<std::string>(tags.begin(), tags.begin() + 4) ==
          std::vector<std::string>{"terraform", "drift", "ecs", "container"});
    // The Terraform type; "tags" for the tag calls, whose type the ARN names.
    CHECK((tfdrift::find_resource(tags[4]) != nullptr || (tags[4] == "tags" && cond.find("TagResource") != std::string::npos)));
    CHECK((priority == "CRITICAL") == (tags.back() == "security"));
  }
  // One rule per catalog event; UpdateCluster and UpdateClusterSettings share one, as do
  // Tag/UntagResource, Put/DeleteAccountSetting and Stop/ContinueServiceDeployment.
  CHECK(events_covered.size() == tfdrift::events.size());
  CHECK(names.size() == tfdrift::events.size() - 4);
}

TEST_CASE("the rules follow the catalog's events table: each event has exactly one rule, generic when no hand-written "
          "rule names it",
          "[falco][catalog]") {
  const auto rules = tfdrift::falco_rule_list();
  for (const auto& e : tfdrift::events) {
    INFO(e.name);
    std::size_t matching = 0;
    for (const auto& r : rules)
      for (auto name : r.events) matching += name == e.name ? 1 : 0;
    CHECK(matching == 1);
    if (!tfdrift::has_falco_rule_spec(e.name)) {
      // Generic rules come after the hand-written ones, in the catalog's order.
      const auto it = std::find_if(rules.begin(), rules.end(), [&](const auto& r) { return r.events[0] == e.name; });
      REQUIRE(it != rules.end());
      CHECK(static_cast<std::size_t>(it - rules.begin()) >= tfdrift::falco_rule_specs.size());
      CHECK(it->rule == "ECS " + std::string(e.name));
    }
  }
  // Every rule in the list is in the file, and nothing else.
  YAML::Node doc = YAML::Load(tfdrift::falco_rules());
  REQUIRE(doc.size() == 2 + rules.size());
  for (std::size_t i = 0; i < rules.size(); ++i) CHECK(doc[i + 2]["rule"].as<std::string>() == rules[i].rule);
}

TEST_CASE("a generic rule: the event's name, description, priority and resource type, request and response",
          "[falco][catalog]") {
  // UpdateService has a hand-written rule; its generic one is what an event added to the catalog
  // without one gets.
  const tfdrift::event_entry* e = tfdrift::find_event(tfdrift::ecs_source, "DeleteService");
  REQUIRE(e);
  const tfdrift::falco_rule r = tfdrift::falco_generic_rule(*e);
  CHECK(r.rule == "ECS DeleteService");
  CHECK(r.desc == "Detect an ECS DeleteService call (ECS service deleted).");
  CHECK(r.headline == "ECS service deleted");
  CHECK(r.events == std::array<std::string_view, 2>{"DeleteService", ""});
  CHECK(r.detail == "cluster=%ct.request.cluster");
  CHECK(r.with_response);
  CHECK(r.priority == "CRITICAL");
  CHECK(tfdrift::falco_rule_tags(r) == "[terraform, drift, ecs, container, aws_ecs_service, security]");
  const tfdrift::event_entry* cp = tfdrift::find_event(tfdrift::ecs_source, "DeleteCapacityProvider");
  REQUIRE(cp);
  CHECK(tfdrift::falco_generic_rule(*cp).detail.empty());
  CHECK(tfdrift::falco_generic_rule(*cp).priority == "WARNING");
  // Text that YAML would read otherwise is quoted.
  CHECK(tfdrift::detail::yaml_scalar("ECS TagResource") == "ECS TagResource");
  CHECK(tfdrift::detail::yaml_scalar("Detect: a \"call\"") == "\"Detect: a \\\"call\\\"\"");
}

TEST_CASE("the spec's four example rules are there, with their events and priorities", "[falco]") {
  YAML::Node doc = YAML::Load(tfdrift::falco_rules());
  struct want {
    const char* name;
    const char* condition_part;
    const char* priority;
  };
  for (const want& w : {want{"ECS Service Updated", "ct.name=\"UpdateService\"", "WARNING"},
                        want{"ECS Service Deleted", "ct.name=\"DeleteService\"", "CRITICAL"},
                        want{"ECS Task Definition Registered", "ct.name=\"RegisterTaskDefinition\"", "WARNING"},
                        want{"ECS Cluster Updated", "(ct.name=\"UpdateCluster\" or ct.name=\"UpdateClusterSettings\")",
                             "WARNING"}}) {
    INFO(w.name);
    YAML::Node r = rule_named(doc, w.name);
    REQUIRE(r);
    CHECK(r["condition"].as<std::string>() ==
          std::string("ct.src=\"ecs.amazonaws.com\" and ") + w.condition_part +
              " and not ct.error exists and not ct.readonly=\"true\"");
    CHECK(r["priority"].as<std::string>() == w.priority);
  }
  CHECK(rule_named(doc, "ECS Service Deleted")["tags"].as<std::vector<std::string>>() ==
        std::vector<std::string>{"terraform", "drift", "ecs", "container", "aws_ecs_service", "security"});
}

TEST_CASE("every field in the rules is one the cloudtrail plugin exports", "[falco][fields]") {
  const std::string text = tfdrift::falco_rules();
  const auto fields = ct_fields(text);
  CHECK(fields.size() >= 18);
  for (const auto& f : fields) {
    INFO(f);
    CHECK(tfdrift::is_falco_cloudtrail_field(f));
  }
  // The fields the circulating example rules use do not exist.
  CHECK_FALSE(tfdrift::is_falco_cloudtrail_field("ct.request.service"));
  CHECK_FALSE(tfdrift::is_falco_cloudtrail_field("ct.request.family"));
  CHECK_FALSE(tfdrift::is_falco_cloudtrail_field("ct.account"));
  CHECK(text.find("ct.request.service ") == std::string::npos);
  CHECK(text.find("ct.account") == std::string::npos);
  // The extraction finds what it should.
  CHECK(ct_fields("a %ct.user.arn, ct.name=\"x\" direct.ly ct.id.") ==
        std::set<std::string>{"ct.user.arn", "ct.name", "ct.id"});
}

TEST_CASE("every output names the fields tfdrift reads back from Falco's http_output", "[falco][fields]") {
  YAML::Node doc = YAML::Load(tfdrift::falco_rules());
  for (std::size_t i = 2; i < doc.size(); ++i) {
    const std::string name = doc[i]["rule"].as<std::string>();
    const std::string output = doc[i]["output"].as<std::string>();
    INFO(name << ": " << output);
    std::set<std::string> named;
    for (std::size_t p = output.find('%'); p != std::string::npos; p = output.find('%', p + 1)) {
      std::size_t e = output.find_first_of(" )", p);
      named.insert(output.substr(p + 1, e - p - 1));
    }
    for (auto f : tfdrift::falco_decoded_fields) CHECK(named.count(std::string(f)) == 1);
    // A hand-written rule names the response only where tfdrift reads it (the new revision's
    // ARN); a generic rule (an event no hand-written rule names) always does.
    const std::string_view event = std::string_view(name).substr(4);
    const bool generic = name.starts_with("ECS ") && tfdrift::find_event(tfdrift::ecs_source, event) &&
                         !tfdrift::has_falco_rule_spec(event);
    CHECK((named.count("ct.response") == 1) == (name == "ECS Task Definition Registered" || generic));
  }
}

TEST_CASE("an alert shaped as the UpdateService rule's output decodes to the same drift as its record",
          "[falco][scenarios]") {
  // The output fields of "ECS Service Updated" filled from the scenario-1 record, as Falco's
  // http_output would post them.
  YAML::Node doc = YAML::Load(tfdrift::falco_rules());
  const std::string output = rule_named(doc, "ECS Service Updated")["output"].as<std::string>();
  const nlohmann::json record = nlohmann::json::parse(tfdrift_test::read_fixture("cloudtrail/update_service_desired_count.json"));
  const nlohmann::json values = {
      {"ct.id", record["eventID"]}, {"ct.name", record["eventName"]}, {"ct.src", record["eventSource"]},
      {"ct.time", record["eventTime"]}, {"ct.region", record["awsRegion"]},
      {"ct.recipientaccountid", record["recipientAccountId"]}, {"ct.user", "ops-admin"},
      {"ct.user.identitytype", "IAMUser"}, {"ct.user.arn", record["userIdentity"]["arn"]},
      {"ct.user.accountid", record["userIdentity"]["accountId"]},
      {"ct.user.principalid", record["userIdentity"]["principalId"]}, {"ct.useragent", record["userAgent"]},
      {"ct.srcip", record["sourceIPAddress"]}, {"ct.error", "<NA>"}, {"ct.readonly", "false"},
      {"ct.sessioncredentialfromconsole", "<NA>"}, {"ct.request", record["requestParameters"].dump()},
      {"ct.request.cluster", "production"}};
  nlohmann::json fields = nlohmann::json::object();
  for (std::size_t p = output.find('%'); p != std::string::npos; p = output.find('%', p + 1)) {
    std::string f = output.substr(p + 1, output.find_first_of(" )", p) - p - 1);
    REQUIRE(values.contains(f));
    fields[f] = values[f];
  }
  nlohmann::json alert = {{"output", "ECS service updated (...)"}, {"priority", "Warning"},
                          {"rule", "ECS Service Updated"}, {"source", "aws_cloudtrail"},
                          {"output_fields", fields}};
  tfdrift::detector d;
  d.load_state(tfdrift_test::read_fixture("state/ecs.tfstate"), "ecs.tfstate");
  auto alerts = d.process(alert.dump(), "falco.json");
  INFO(d.stats().to_json().dump());
  REQUIRE(alerts.size() == 1);
  CHECK(tfdrift::to_text(alerts.front()) ==
        "🚨 Drift Detected: aws_ecs_service.main\n"
        "Changed: desired_count = 3 → 5\n"
        "User: ops-admin (IAM User, CLI)\n"
        "Region: us-east-1\n"
        "Severity: HIGH\n");
}

TEST_CASE("the rules text is the same on every call", "[falco]") {
  CHECK(tfdrift::falco_rules() == tfdrift::falco_rules());
}

}  // namespace tfdrift_test_falco
