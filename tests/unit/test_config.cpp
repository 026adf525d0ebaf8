// Config: the JSON reader and its errors (id and line:column), drift rules and severities, ignore rules, scope and limits in the detector.
#include "fixture.hpp"

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <tfdrift/config.hpp>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_config {

using tfdrift::outcome;
using tfdrift::severity;
using tfdrift::to_string;
using tfdrift_test::read_fixture;

namespace {

// A detector with a config and state files, after it processed fixtures (each under its file name).
struct configured {
  tfdrift::detector detector;
  std::vector<tfdrift::alert> alerts;

  configured(tfdrift::config cfg, std::initializer_list<std::string_view> fixtures,
             std::initializer_list<std::string_view> states = {"ecs.tfstate"})
      : detector(std::move(cfg)) {
    for (auto s : states) detector.load_state(read_fixture("state/" + std::string(s)), s);
    for (auto f : fixtures)
      detector.process(read_fixture(f), tfdrift_test::file_name(f), [&](const tfdrift::alert& a) { alerts.push_back(a); });
  }

  const tfdrift::stats& stats() const { return detector.stats(); }

  std::string dump() const {
    std::string s = std::to_string(alerts.size()) + " alert(s)\n";
    for (const auto& a : alerts) s += tfdrift::to_json_line(a) + "\n";
    return s + "stats: " + stats().to_json().dump();
  }
};

configured run_json(std::string_view json, std::initializer_list<std::string_view> fixtures,
                    std::initializer_list<std::string_view> states = {"ecs.tfstate"}) {
  return configured(tfdrift::parse_config(json, "test.json"), fixtures, states);
}

// Checks that one record was read and ended in this outcome, with no alert.
void check_silenced(const configured& c, outcome o) {
  INFO(c.dump());
  CHECK(c.alerts.empty());
  CHECK(c.stats().records_read == 1);
  CHECK(c.stats().count(o) == 1);
  CHECK(c.stats().sum() == c.stats().records_read);
}

const tfdrift::alert& only_alert(const configured& c) {
  INFO(c.dump());
  REQUIRE(c.alerts.size() == 1);
  CHECK(c.stats().count(outcome::alert) == 1);
  CHECK(c.stats().sum() == c.stats().records_read);
  return c.alerts.front();
}

// The error that parse_config throws for a text; fails the test when it parses.
tfdrift::error json_error(std::string_view json) {
  try {
    tfdrift::parse_config(json, "c.json");
  } catch (const tfdrift::error& e) {
    return e;
  }
  FAIL("the config parsed: " << json);
  return tfdrift::error("", "", "");
}

void check_error(std::string_view json, std::string_view id, std::string_view where, std::string_view message_part) {
  INFO(json);
  tfdrift::error e = json_error(json);
  CHECK(e.id() == id);
  CHECK(e.where() == where);
  INFO(e.what());
  CHECK(e.message().find(message_part) != std::string::npos);
}

}  // namespace

// ---- the spec's config ---------------------------------------------------------------------------

TEST_CASE("the spec's config as JSON reproduces the spec's severities on its three scenarios", "[config][scenarios]") {
  tfdrift::config cfg = tfdrift::parse_config(read_fixture("config/spec.json"), "spec.json");
  REQUIRE(cfg.rules.size() == 3);
  CHECK(cfg.rules[0].name == "ECS Service Configuration");
  CHECK(cfg.rules[0].resource_types == std::vector<std::string>{"aws_ecs_service"});
  CHECK(cfg.rules[0].watched_attributes ==
        std::vector<std::string>{"desired_count", "task_definition", "launch_type", "enable_execute_command"});
  CHECK(to_string(cfg.rules[1].sev) == "medium");
  CHECK(cfg.rules[2].resource_types == std::vector<std::string>{"aws_ecs_cluster", "aws_ecs_cluster_capacity_providers"});
  CHECK(to_string(cfg.rules[2].sev) == "high");

  configured c(cfg, {"cloudtrail/update_service_desired_count.json", "cloudtrail/register_task_definition_image.json",
                     "cloudtrail/put_cluster_capacity_providers.json"});
  INFO(c.dump());
  REQUIRE(c.alerts.size() == 3);
  CHECK(to_string(c.alerts[0].sev) == "high");
  CHECK(c.alerts[0].rule == "ECS Service Configuration");
  CHECK(to_string(c.alerts[1].sev) == "medium");
  CHECK(c.alerts[1].rule == "ECS Task Definition Changes");
  CHECK(to_string(c.alerts[2].sev) == "high");
  CHECK(c.alerts[2].rule == "ECS Cluster Settings");
  CHECK(c.stats().sum() == 3);
}

TEST_CASE("without the built-in capacity provider rule, a capacity provider change is unwatched and low",
          "[config][severity]") {
  configured c(tfdrift::parse_config(read_fixture("config/spec.json"), "spec.json"),
               {"cloudtrail/update_capacity_provider.json"});
  const auto& a = only_alert(c);
  CHECK(to_string(a.sev) == "low");
  CHECK(a.rule.empty());
  REQUIRE(a.changes.size() == 1);
  CHECK(to_string(a.changes[0].sev) == "low");
}

TEST_CASE("an empty JSON config keeps every default, the built-in rules among them", "[config]") {
  tfdrift::config c = tfdrift::parse_config("{}", "empty.json");
  tfdrift::config d = tfdrift::default_config();
  REQUIRE(c.rules.size() == 4);
  CHECK(c.rules[3].name == "ECS Capacity Providers");
  CHECK(c.report_unwatched);
  CHECK(to_string(c.unwatched_severity) == "low");
  CHECK(to_string(c.delete_severity) == "critical");
  CHECK_FALSE(c.report_terraform);
  CHECK(c.ignore.attributes.empty());
  CHECK(c.ignore.principals.empty());
  CHECK(c.ignore.user_agents.empty());
  CHECK(c.accounts.empty());
  CHECK(c.regions.empty());
  CHECK(c.limits.max_record_bytes == (64u << 20));
  CHECK(c.limits.max_depth == 64);
  CHECK(c.dedup_window == (1u << 20));
  CHECK(c.max_malformed_places == 20);
  CHECK(c.dedup_window == d.dedup_window);
}

TEST_CASE("a JSON config may carry // and /* */ comments, as the syntax check accepts them", "[config][comments]") {
  tfdrift::config c = tfdrift::parse_config(
      "// tfdrift config\n"
      "{ /* scope */ \"regions\": [\"us-east-1\" /* main */, \"eu-west-1\"], // two\r\n"
      "  \"report_unwatched\": false// no unwatched\n"
      "  , \"dedup_window\": 7/**/, \"delete_severity\": /* was critical */ \"high\"\n"
      "} // end",
      "commented.json");
  CHECK(c.regions == std::vector<std::string>{"us-east-1", "eu-west-1"});
  CHECK_FALSE(c.report_unwatched);
  CHECK(c.dedup_window == 7);
  CHECK(to_string(c.delete_severity) == "high");
  REQUIRE(c.rules.size() == 4);
  // Places after comments stay exact.
  check_error("{ // one\n  /* two\n three */ \"drift_rule\": []\n}", "tfdrift.config.unknown_key", "c.json:3:11",
              "drift_rule");
}

TEST_CASE("a JSON object whose only member is commented out is empty: the defaults",
          "[config][comments][regression]") {
  // Found by fuzz_config in CI: the tree builder did not skip comments the syntax check had
  // accepted, and read the comment as a key (nlohmann threw out of parse_config).
  tfdrift::config c = tfdrift::parse_config("{\n//////  \"dri1ft_rules\356_strateg]\n}\n", "c.json");
  REQUIRE(c.rules.size() == 4);
  CHECK(c.report_unwatched);
  check_error("{\"a\": 1 /* never closed }", "tfdrift.config.parse", "c.json:1:26", "comment");
}

TEST_CASE("a // comment ended by a NUL byte ends there, as the lexer reads it", "[config][comments][regression]") {
  // Found in review: the tree builder stopped at the NUL and took it for the closing bracket.
  using namespace std::string_literals;
  tfdrift::config c = tfdrift::parse_config("{\"report_unwatched\": false // c\0, \"dedup_window\": 7}"s, "c.json");
  CHECK_FALSE(c.report_unwatched);
  CHECK(c.dedup_window == 7);
  c = tfdrift::parse_config("{\"regions\": [\"us-east-1\" // c\0, \"eu-west-1\"]}"s, "c.json");
  CHECK(c.regions == std::vector<std::string>{"us-east-1", "eu-west-1"});
  CHECK_THROWS_AS(tfdrift::parse_config("{\"regions\": [\"us-east-1\" // c\0, 5]}"s, "c.json"), tfdrift::error);
}

TEST_CASE("too deep a config is placed where it goes too deep, comments skipped", "[config][comments][errors]") {
  const std::string deep = std::string(65, '[') + std::string(65, ']');
  check_error("/* } */\n" + deep, "tfdrift.config.parse", "c.json:2:65", "nested deeper than 64 levels");
  check_error("// say \"hi\n" + deep, "tfdrift.config.parse", "c.json:2:65", "nested deeper than 64 levels");
  check_error("/* { */\n" + deep, "tfdrift.config.parse", "c.json:2:65", "nested deeper than 64 levels");
}

TEST_CASE("drift_rules: [] means no rules: every change is unwatched", "[config][severity]") {
  configured c = run_json(R"({"drift_rules": []})", {"cloudtrail/update_service_desired_count.json"});
  const auto& a = only_alert(c);
  CHECK(to_string(a.sev) == "low");
  CHECK(a.rule.empty());
}

TEST_CASE("a change takes the highest severity of the rules that watch it", "[config][severity]") {
  configured c = run_json(R"({"drift_rules": [
      {"name": "scaling", "resource_types": ["aws_ecs_service"], "watched_attributes": ["desired_count"], "severity": "medium"},
      {"name": "all services", "resource_types": ["aws_ecs_service", "aws_ecs_task_definition"],
       "watched_attributes": ["desired_count", "cpu"], "severity": "CRITICAL"},
      {"name": "low", "resource_types": ["aws_ecs_service"], "watched_attributes": ["desired_count"], "severity": "low"}]})",
                          {"cloudtrail/update_service_desired_count.json"});
  const auto& a = only_alert(c);
  CHECK(to_string(a.sev) == "critical");
  CHECK(a.rule == "all services");
  REQUIRE(a.changes.size() == 1);
  CHECK(a.changes[0].rule == "all services");
}

TEST_CASE("unwatched_severity sets the severity of changes no rule watches", "[config][severity]") {
  // Security checks off: their findings (a public IP, a security group) would raise the alert.
  configured c = run_json(R"({"unwatched_severity": "medium", "security": {"enabled": false}})",
                          {"cloudtrail/update_service_network.json"});
  const auto& a = only_alert(c);
  CHECK(to_string(a.sev) == "medium");
  REQUIRE(a.changes.size() == 2);
  CHECK(to_string(a.changes[0].sev) == "medium");
  CHECK(to_string(a.changes[1].sev) == "medium");
}

TEST_CASE("report_unwatched false drops unwatched changes and keeps watched ones", "[config][severity]") {
  SECTION("a record with only unwatched changes is counted ignored") {
    configured c = run_json(R"({"report_unwatched": false})", {"cloudtrail/update_service_network.json"});
    check_silenced(c, outcome::ignored);
  }
  SECTION("a record with both keeps the watched change") {
    configured c = run_json(R"({"report_unwatched": false})", {"cloudtrail/update_service_full.json"});
    const auto& a = only_alert(c);
    REQUIRE(a.changes.size() == 1);
    CHECK(a.changes[0].path == "enable_execute_command");
    CHECK(a.changes[0].old_value == false);
    CHECK(a.changes[0].new_value == true);
  }
}

TEST_CASE("delete_severity sets the severity of deletes, and a rule's delete_severity wins for its types",
          "[config][severity][delete]") {
  SECTION("config-wide") {
    configured c = run_json(R"({"delete_severity": "high"})", {"cloudtrail/delete_service.json"});
    const auto& a = only_alert(c);
    CHECK(to_string(a.kind) == "delete");
    CHECK(to_string(a.sev) == "high");
    CHECK(a.rule == "ECS Service Configuration");
  }
  SECTION("per rule") {
    configured c = run_json(R"({"delete_severity": "high", "drift_rules": [
        {"name": "services", "resource_types": ["aws_ecs_service"], "watched_attributes": ["desired_count"],
         "severity": "high", "delete_severity": "medium"}]})",
                            {"cloudtrail/delete_service.json"});
    const auto& a = only_alert(c);
    CHECK(to_string(a.sev) == "medium");
    CHECK(a.rule == "services");
  }
}

// ---- ignore rules --------------------------------------------------------------------------------

TEST_CASE("ignore.attributes by resource type drops the change, like ignore_changes = [desired_count]",
          "[config][ignore]") {
  const char* cfg = R"({"ignore": {"attributes": [{"resource_types": ["aws_ecs_service"], "attributes": ["desired_count"]}]}})";
  SECTION("the only change is ignored: no alert, outcome ignored") {
    check_silenced(run_json(cfg, {"cloudtrail/update_service_desired_count.json"}), outcome::ignored);
  }
  SECTION("Application Auto Scaling's change too") {
    check_silenced(run_json(cfg, {"cloudtrail/autoscaling_desired_count.json"}), outcome::ignored);
  }
  SECTION("other attributes of the type are still reported") {
    const char* registries = R"({"ignore": {"attributes": [{"resource_types": ["aws_ecs_service"], "attributes": ["service_registries"]}]}})";
    const auto c = run_json(registries, {"cloudtrail/provider/update_service_reorder.json"}, {"provider.tfstate"});
    const auto& a = only_alert(c);
    REQUIRE(a.changes.size() == 5);
    for (const auto& ch : a.changes) CHECK(ch.attribute == "ordered_placement_strategy");
  }
  SECTION("other types are not affected") {
    const char* td = R"({"ignore": {"attributes": [{"resource_types": ["aws_ecs_task_definition"], "attributes": ["cpu"]}]}})";
    const auto c = run_json(td, {"cloudtrail/update_service_desired_count.json"});
    const auto& a = only_alert(c);
    REQUIRE(a.changes.size() == 1);
    CHECK(a.changes[0].old_value == 3);
    CHECK(a.changes[0].new_value == 5);
  }
}

TEST_CASE("ignore.attributes accepts the spec's alias settings for the cluster's setting", "[config][ignore]") {
  check_silenced(run_json(R"({"ignore": {"attributes": [{"resource_types": ["aws_ecs_cluster"], "attributes": ["settings"]}]}})",
                          {"cloudtrail/update_cluster_settings.json"}),
                 outcome::ignored);
}

TEST_CASE("ignore.attributes by address glob applies to the matching instances only", "[config][ignore]") {
  const char* cfg = R"({"ignore": {"attributes": [
      {"address": "module.api.*", "attributes": ["enable_execute_command", "force_new_deployment", "desired_count"]}]}})";
  SECTION("module.api.aws_ecs_service.this[\"billing\"] matches") {
    check_silenced(run_json(cfg, {"cloudtrail/update_service_full.json"}), outcome::ignored);
  }
  SECTION("aws_ecs_service.main does not") {
    const auto c = run_json(cfg, {"cloudtrail/update_service_desired_count.json"});
    const auto& a = only_alert(c);
    CHECK(a.address.value_or("") == "aws_ecs_service.main");
    REQUIRE(a.changes.size() == 1);
    CHECK(a.changes[0].path == "desired_count");
  }
  SECTION("a glob with ? and an exact key") {
    const char* exact = R"({"ignore": {"attributes": [
        {"address": "module.ap?.aws_ecs_service.this[\"billing\"]", "attributes": ["enable_execute_command"]}]}})";
    // The only drift is ignored; the forced redeployment it also asked for stays, as activity.
    const auto c = run_json(exact, {"cloudtrail/update_service_full.json"});
    const auto& a = only_alert(c);
    CHECK(to_string(a.kind) == "activity");
    REQUIRE(a.changes.size() == 1);
    CHECK(a.changes[0].path == "force_new_deployment");
  }
  SECTION("an address glob and a resource type must both match") {
    const char* both = R"({"ignore": {"attributes": [
        {"address": "module.api.*", "resource_types": ["aws_ecs_task_definition"], "attributes": ["cpu"]},
        {"address": "aws_ecs_service.*", "resource_types": ["aws_ecs_service"], "attributes": ["enable_execute_command"]}]}})";
    const auto c = run_json(both, {"cloudtrail/update_service_full.json"});
    const auto& a = only_alert(c);
    REQUIRE(a.changes.size() == 1);
    CHECK(a.changes[0].path == "enable_execute_command");
  }
}

TEST_CASE("ignore.principals: an IAM user name", "[config][ignore][principals]") {
  const char* cfg = R"({"ignore": {"principals": ["ops-admin"]}})";
  check_silenced(run_json(cfg, {"cloudtrail/update_service_desired_count.json"}), outcome::ignored);
  // Another caller is still reported.
  const auto c = run_json(cfg, {"cloudtrail/put_cluster_capacity_providers.json"});
  CHECK(only_alert(c).who.name == "admin");
}

TEST_CASE("ignore.principals: a role ARN, with or without its path, matches the role's sessions",
          "[config][ignore][principals]") {
  SECTION("a role without a path") {
    check_silenced(run_json(R"({"ignore": {"principals": ["arn:aws:iam::123456789012:role/admin"]}})",
                            {"cloudtrail/put_cluster_capacity_providers.json"}),
                   outcome::ignored);
  }
  SECTION("an SSO role with its /aws-reserved/sso.amazonaws.com/ path") {
    check_silenced(
        run_json(R"({"ignore": {"principals": [
            "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_DeveloperAccess_0123abcd"]}})",
                 {"cloudtrail/register_task_definition_image.json"}),
        outcome::ignored);
  }
  SECTION("the assumed-role ARN of the session") {
    check_silenced(run_json(R"({"ignore": {"principals": ["arn:aws:sts::123456789012:assumed-role/admin/*"]}})",
                            {"cloudtrail/put_cluster_capacity_providers.json"}),
                   outcome::ignored);
  }
  SECTION("the same role name in another account does not match") {
    const auto c = run_json(R"({"ignore": {"principals": ["arn:aws:iam::999999999999:role/admin"]}})",
                            {"cloudtrail/put_cluster_capacity_providers.json"});
    CHECK(only_alert(c).who.arn == "arn:aws:sts::123456789012:assumed-role/admin/admin");
  }
}

TEST_CASE("ignore.principals: a role name, a glob, and the session name alerts print", "[config][ignore][principals]") {
  check_silenced(run_json(R"({"ignore": {"principals": ["AWSReservedSSO_*"]}})",
                          {"cloudtrail/register_task_definition_image.json"}),
                 outcome::ignored);
  check_silenced(run_json(R"({"ignore": {"principals": ["developer@example.com"]}})",
                          {"cloudtrail/register_task_definition_image.json"}),
                 outcome::ignored);
  const auto c = run_json(R"({"ignore": {"principals": ["AWSReserved"]}})",
                          {"cloudtrail/register_task_definition_image.json"});
  CHECK(only_alert(c).who.name == "developer@example.com");
}

TEST_CASE("ignore.principals: the invokedBy service application-autoscaling.amazonaws.com",
          "[config][ignore][principals]") {
  const char* cfg = R"({"ignore": {"principals": ["application-autoscaling.amazonaws.com"]}})";
  check_silenced(run_json(cfg, {"cloudtrail/autoscaling_desired_count.json"}), outcome::ignored);
  // The same desired_count change by a person is still drift.
  const auto c = run_json(cfg, {"cloudtrail/update_service_desired_count.json"});
  CHECK(only_alert(c).who.name == "ops-admin");
}

TEST_CASE("ignore.principals applies to alerts read from Falco too", "[config][ignore][falco]") {
  check_silenced(run_json(R"({"ignore": {"principals": ["ops-admin"]}})", {"falco/update_service.json"}),
                 outcome::ignored);
}

TEST_CASE("ignore.user_agents: a substring, or a glob when it has * or ?", "[config][ignore][user_agents]") {
  check_silenced(run_json(R"({"ignore": {"user_agents": ["command/ecs.update-service"]}})",
                          {"cloudtrail/update_service_desired_count.json"}),
                 outcome::ignored);
  check_silenced(run_json(R"({"ignore": {"user_agents": ["Boto3/1.34.* Botocore/*"]}})",
                          {"cloudtrail/put_cluster_capacity_providers.json"}),
                 outcome::ignored);
  // A glob must match the whole userAgent.
  const auto c = run_json(R"({"ignore": {"user_agents": ["Botocore/*"]}})", {"cloudtrail/put_cluster_capacity_providers.json"});
  CHECK(only_alert(c).who.source == "sdk");
}

TEST_CASE("Terraform's own calls are ignored by default and reported with report_terraform true",
          "[config][ignore][terraform]") {
  check_silenced(run_json("{}", {"cloudtrail/update_service_terraform.json"}), outcome::terraform);
  const auto c = run_json(R"({"report_terraform": true})", {"cloudtrail/update_service_terraform.json"});
  const auto& a = only_alert(c);
  CHECK(a.event_id == "9312dbdd-99ad-4710-8139-538c8c0702ed");
  CHECK(a.who.source == "terraform");
  CHECK(a.address.value_or("") == "aws_ecs_service.main");
  REQUIRE(a.changes.size() == 1);
  CHECK(a.changes[0].path == "desired_count");
  CHECK(a.changes[0].old_value == 3);
  CHECK(a.changes[0].new_value == 5);
}

TEST_CASE("accounts and regions are allow-lists: other records are out_of_scope", "[config][scope]") {
  const std::initializer_list<std::string_view> states{"ecs.tfstate", "eu.tfstate"};
  SECTION("accounts") {
    const char* cfg = R"({"accounts": ["123456789012"]})";
    check_silenced(run_json(cfg, {"cloudtrail/update_service_other_region.json"}, states), outcome::out_of_scope);
    const auto c = run_json(cfg, {"cloudtrail/update_service_desired_count.json"}, states);
    CHECK(only_alert(c).account == "123456789012");
  }
  SECTION("regions, as globs") {
    const char* cfg = R"({"regions": ["eu-*"]})";
    check_silenced(run_json(cfg, {"cloudtrail/update_service_desired_count.json"}, states), outcome::out_of_scope);
    const auto c = run_json(cfg, {"cloudtrail/update_service_other_region.json"}, states);
    const auto& a = only_alert(c);
    CHECK(a.region == "eu-west-1");
    CHECK(a.address.value_or("") == "aws_ecs_service.main");
    CHECK(a.state_file == "eu.tfstate");
  }
  SECTION("empty lists watch everything") {
    const auto c = run_json(R"({"accounts": [], "regions": []})",
                            {"cloudtrail/update_service_desired_count.json", "cloudtrail/update_service_other_region.json"},
                            states);
    INFO(c.dump());
    CHECK(c.alerts.size() == 2);
  }
}

TEST_CASE("every record still ends in exactly one outcome with ignore rules and scope", "[config][stats]") {
  const auto c = run_json(R"({"regions": ["us-*"], "report_unwatched": false,
      "ignore": {"principals": ["ops-admin"], "user_agents": ["Boto3"]}})",
                          {"cloudtrail/stream.ndjson", "cloudtrail/update_service_other_region.json",
                           "cloudtrail/update_service_network.json", "cloudtrail/update_service_full.json"});
  INFO(c.dump());
  const auto& s = c.stats();
  // stream.ndjson: ops-admin's UpdateService (principal) and a Boto3 PutClusterCapacityProviders
  // (user agent) are ignored, one line is broken, one record is not ECS. Then the eu-west-1
  // record is out of scope, the network change is unwatched (ignored), and jane.doe's console
  // change of enable_execute_command alerts.
  CHECK(s.records_read == 7);
  CHECK(s.sum() == s.records_read);
  CHECK(s.count(outcome::ignored) == 3);
  CHECK(s.count(outcome::out_of_scope) == 1);
  CHECK(s.count(outcome::malformed) == 1);
  CHECK(s.count(outcome::not_ecs) == 1);
  CHECK(s.count(outcome::alert) == 1);
  REQUIRE(c.alerts.size() == 1);
  CHECK(c.alerts[0].who.name == "jane.doe");
  const auto j = s.to_json();
  CHECK(j["outcomes"]["ignored"] == 3);
  CHECK(j["outcomes"]["out_of_scope"] == 1);
  CHECK(j["by_event"]["UpdateService"]["ignored"] == 2);
  CHECK(j["by_event"]["PutClusterCapacityProviders"]["ignored"] == 1);
}

// ---- limits and deduplication ----------------------------------------------------------------------

TEST_CASE("limits from the config take effect", "[config][limits]") {
  SECTION("max_record_bytes") {
    const auto c = run_json(R"({"limits": {"max_record_bytes": 1000}})", {"cloudtrail/update_service_desired_count.json"});
    check_silenced(c, outcome::malformed);
    REQUIRE(c.stats().malformed_places.size() == 1);
    CHECK(c.stats().malformed_places[0].id == "tfdrift.input.size");
    CHECK(c.stats().malformed_places[0].message.find("over the limit of 1000") != std::string::npos);
  }
  SECTION("max_depth") {
    const auto c = run_json(R"({"limits": {"max_depth": 4}})", {"cloudtrail/update_service_desired_count.json"});
    check_silenced(c, outcome::malformed);
    REQUIRE(c.stats().malformed_places.size() == 1);
    CHECK(c.stats().malformed_places[0].id == "tfdrift.input.depth");
    CHECK(c.stats().malformed_places[0].message == "JSON nested deeper than the limit of 4");
  }
  SECTION("the defaults read it") {
    const auto c = run_json("{}", {"cloudtrail/update_service_desired_count.json"});
    CHECK(only_alert(c).event_name == "UpdateService");
  }
}

TEST_CASE("dedup_window 0 turns deduplication off", "[config][dedup]") {
  const std::initializer_list<std::string_view> twice{"cloudtrail/update_service_desired_count.json",
                                                       "cloudtrail/update_service_desired_count.json"};
  const auto on = run_json("{}", twice);
  CHECK(on.alerts.size() == 1);
  CHECK(on.stats().count(outcome::duplicate) == 1);
  const auto off = run_json(R"({"dedup_window": 0})", twice);
  CHECK(off.alerts.size() == 2);
  CHECK(off.stats().count(outcome::duplicate) == 0);
}

TEST_CASE("max_malformed_places bounds the malformed records listed by place", "[config][limits]") {
  tfdrift::detector d{tfdrift::parse_config(R"({"max_malformed_places": 1})", "c.json")};
  d.process("{\"eventSource\":\"ecs.amazonaws.com\",}\n{\"eventSource\":\"ecs.amazonaws.com\",}\n", "bad.ndjson",
            [](const tfdrift::alert&) {});
  CHECK(d.stats().count(outcome::malformed) == 2);
  CHECK(d.stats().malformed_places.size() == 1);
}

// ---- errors: id, file:line:column, the key -------------------------------------------------------

TEST_CASE("a JSON syntax error names the line and column", "[config][errors]") {
  check_error("{\n  \"drift_rules\": [\n    {\"name\": \"x\",}\n  ]\n}", "tfdrift.config.parse", "c.json:3:18",
              "not valid JSON");
  check_error("", "tfdrift.config.parse", "c.json:1:1", "unexpected end of input");
  check_error("{\"a\": 1", "tfdrift.config.parse", "c.json:1:8", "not valid JSON");
}

TEST_CASE("an unknown key is reported at its own line and column, with its path", "[config][errors]") {
  check_error("{\n  \"drift_rules\": [],\n  \"ignore_rules\": {}\n}", "tfdrift.config.unknown_key", "c.json:3:3",
              "unknown key \"ignore_rules\"");
  check_error("{\"ignore\": {\n    \"principals\": [],\n    \"principal\": [\"x\"]}}", "tfdrift.config.unknown_key",
              "c.json:3:5", "unknown key \"ignore.principal\" (known keys: attributes, principals, user_agents)");
  check_error(R"({"drift_rules": [{"name": "x", "resource_types": ["aws_ecs_service"], "watched_attributes": [],
                  "severty": "high"}]})",
              "tfdrift.config.unknown_key", "c.json:2:19", "unknown key \"drift_rules[0].severty\"");
  check_error(R"({"limits": {"max_bytes": 5}})", "tfdrift.config.unknown_key", "c.json:1:13",
              "unknown key \"limits.max_bytes\"");
}

TEST_CASE("an unknown resource type is reported where it is written", "[config][errors]") {
  check_error("{\"drift_rules\": [\n  {\"name\": \"x\",\n   \"resource_types\": [\"aws_ecs_service\", \"aws_ecs_servce\"],\n"
              "   \"watched_attributes\": [\"desired_count\"]}]}",
              "tfdrift.config.unknown_resource_type", "c.json:3:42",
              "drift_rules[0].resource_types[1]: \"aws_ecs_servce\" is not an ECS resource type");
  check_error(R"({"ignore": {"attributes": [{"resource_types": ["aws_eks_cluster"], "attributes": ["name"]}]}})",
              "tfdrift.config.unknown_resource_type", "c.json:1:48", "ignore.attributes[0].resource_types[0]");
}

TEST_CASE("an attribute the catalog does not know for any of the rule's types is an error", "[config][errors]") {
  // "settings" is known for aws_ecs_cluster only; one of the rule's types knowing it is enough.
  CHECK_NOTHROW(tfdrift::parse_config(R"({"drift_rules": [{"name": "x",
      "resource_types": ["aws_ecs_cluster", "aws_ecs_cluster_capacity_providers"],
      "watched_attributes": ["settings", "capacity_providers"]}]})",
                                      "c.json"));
  check_error(R"({"drift_rules": [{"name": "x", "resource_types": ["aws_ecs_service"],
      "watched_attributes": ["desired_count", "settings"]}]})",
              "tfdrift.config.unknown_attribute", "c.json:2:47",
              "drift_rules[0].watched_attributes[1]: the catalog knows no attribute \"settings\" for aws_ecs_service");
  check_error(R"({"ignore": {"attributes": [{"address": "module.*", "attributes": ["desired_cnt"]}]}})",
              "tfdrift.config.unknown_attribute", "c.json:1:67", "for any ECS resource type");
}

TEST_CASE("a bad severity is reported with the value", "[config][errors]") {
  check_error(R"({"drift_rules": [{"name": "x", "resource_types": ["aws_ecs_service"],
      "watched_attributes": ["desired_count"], "severity": "urgent"}]})",
              "tfdrift.config.bad_severity", "c.json:2:60",
              "drift_rules[0].severity: \"urgent\" is not a severity (use low, medium, high or critical)");
  check_error(R"({"unwatched_severity": 3})", "tfdrift.config.bad_severity", "c.json:1:24", "unwatched_severity");
  check_error(R"({"delete_severity": "WARNING"})", "tfdrift.config.bad_severity", "c.json:1:21", "\"WARNING\"");
}

TEST_CASE("wrong types, missing keys, bad values and repeated keys are errors too", "[config][errors]") {
  check_error(R"({"report_unwatched": "no"})", "tfdrift.config.type", "c.json:1:22",
              "report_unwatched must be true or false, not a string \"no\"");
  check_error(R"({"drift_rules": {"name": "x"}})", "tfdrift.config.type", "c.json:1:17", "drift_rules must be a list");
  check_error(R"([])", "tfdrift.config.type", "c.json:1:1", "the config must be a mapping");
  check_error(R"({"ignore": {"principals": ["ops", 7]}})", "tfdrift.config.type", "c.json:1:35",
              "ignore.principals[1] must be a string");
  check_error(R"({"limits": {"max_depth": 2.5}})", "tfdrift.config.type", "c.json:1:26", "limits.max_depth must be a whole number");
  check_error(R"({"drift_rules": [{"resource_types": ["aws_ecs_service"], "watched_attributes": []}]})",
              "tfdrift.config.missing_key", "c.json:1:18", "drift_rules[0] needs \"name\"");
  check_error(R"({"ignore": {"attributes": [{"attributes": ["desired_count"]}]}})", "tfdrift.config.missing_key",
              "c.json:1:28", "needs \"resource_types\" or \"address\"");
  check_error(R"({"limits": {"max_record_bytes": 0}})", "tfdrift.config.value", "c.json:1:33", "must be above 0");
  check_error(R"({"ignore": {"user_agents": [""]}})", "tfdrift.config.value", "c.json:1:29", "must not be empty");
  check_error("{\"regions\": [],\n \"regions\": [\"us-east-1\"]}", "tfdrift.config.duplicate_key", "c.json:2:2",
              "key \"regions\" is given twice (first at 1:2)");
}

TEST_CASE("columns count characters, not bytes", "[config][errors]") {
  check_error("{\"drift_rules\": [{\"name\": \"überwachung\", \"resource_types\": [\"aws_ecs_service\"], "
              "\"watched_attributes\": [], \"severity\": \"hoch\"}]}",
              "tfdrift.config.bad_severity", "c.json:1:119", "\"hoch\"");
}

// ---- the matching helpers ---------------------------------------------------------------------------

TEST_CASE("globs: * matches any run, ? one character, everything else itself", "[config][glob]") {
  using tfdrift::detail::glob_match;
  CHECK(glob_match("module.api.*", "module.api.aws_ecs_service.this[\"billing\"]"));
  CHECK_FALSE(glob_match("module.api.*", "module.apis.aws_ecs_service.this"));
  CHECK(glob_match("*", ""));
  CHECK(glob_match("a*b*c", "aXbYbZc"));
  CHECK_FALSE(glob_match("a*b*c", "aXbYbZ"));
  CHECK(glob_match("eu-?est-1", "eu-west-1"));
  CHECK_FALSE(glob_match("eu-?est-1", "eu-wwest-1"));
  CHECK(glob_match("us-east-1", "us-east-1"));
  CHECK_FALSE(glob_match("us-east-1", "us-east-10"));
}

TEST_CASE("the explain lines name the ignore rule or scope that decided", "[config][explain]") {
  auto narrate = [](std::string_view json, std::string_view fixture, std::string_view id) {
    tfdrift::detector d{tfdrift::parse_config(json, "c.json")};
    d.load_state(read_fixture("state/ecs.tfstate"), "ecs.tfstate");
    std::vector<std::string> lines;
    d.explain(std::string(id), [&](const std::string& l) { lines.push_back(l); });
    d.process(read_fixture(fixture), "f.json", [](const tfdrift::alert&) {});
    return lines.empty() ? std::string() : lines.back();
  };
  const char* scenario1 = "68679295-0223-4b5d-aecb-656d77977de2";
  CHECK(narrate(R"({"ignore": {"principals": ["ops-*"]}})", "cloudtrail/update_service_desired_count.json", scenario1) ==
        "outcome ignored: the caller matches ignore.principals \"ops-*\"");
  CHECK(narrate(R"({"ignore": {"user_agents": ["aws-cli/2"]}})", "cloudtrail/update_service_desired_count.json",
                scenario1) == "outcome ignored: the userAgent matches ignore.user_agents \"aws-cli/2\"");
  CHECK(narrate(R"({"accounts": ["2109*"]})", "cloudtrail/update_service_desired_count.json", scenario1) ==
        "outcome out_of_scope: account 123456789012 is not in the config's accounts");
  CHECK(narrate(R"({"regions": ["eu-west-1"]})", "cloudtrail/update_service_desired_count.json", scenario1) ==
        "outcome out_of_scope: region us-east-1 is not in the config's regions");
  CHECK(narrate(R"({"ignore": {"attributes": [{"resource_types": ["aws_ecs_service"], "attributes": ["desired_count"]}]}})",
                "cloudtrail/update_service_desired_count.json", scenario1) ==
        "outcome ignored: every change is ignored or unwatched");
}

}  // namespace tfdrift_test_config
