// Config read from YAML (config_yaml.hpp): the spec's config.yaml, the examples, YAML scalars, and errors with line:column.
#include "fixture.hpp"

#include <string>
#include <string_view>
#include <vector>

#include <tfdrift/config_yaml.hpp>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_config_yaml {

using tfdrift::outcome;
using tfdrift::to_string;
using tfdrift_test::read_fixture;

namespace {

std::string example(std::string_view name) { return read_fixture("../../examples/config/" + std::string(name)); }

tfdrift::error yaml_error(std::string_view text, std::string_view name = "c.yaml") {
  try {
    tfdrift::load_config(text, name);
  } catch (const tfdrift::error& e) {
    return e;
  }
  FAIL("the config loaded: " << text);
  return tfdrift::error("", "", "");
}

void check_error(std::string_view text, std::string_view id, std::string_view where, std::string_view message_part) {
  INFO(text);
  tfdrift::error e = yaml_error(text);
  INFO(e.what());
  CHECK(e.id() == id);
  CHECK(e.where() == where);
  CHECK(e.message().find(message_part) != std::string::npos);
}

// Severity of the one alert a fixture yields under a config.
std::string severity_of(const tfdrift::config& cfg, std::string_view fixture) {
  tfdrift::detector d{cfg};
  d.load_state(read_fixture("state/ecs.tfstate"), "ecs.tfstate");
  auto alerts = d.process(read_fixture(fixture), tfdrift_test::file_name(fixture));
  INFO(fixture << ": " << d.stats().to_json().dump());
  REQUIRE(alerts.size() == 1);
  return std::string(to_string(alerts.front().sev));
}

}  // namespace

TEST_CASE("the spec's config.yaml, as written, gives the spec's severities on its three scenarios",
          "[config][yaml][scenarios]") {
  tfdrift::config cfg = tfdrift::load_config(example("config.yaml"), "config.yaml");
  REQUIRE(cfg.rules.size() == 3);
  CHECK(cfg.rules[2].watched_attributes ==
        std::vector<std::string>{"settings", "capacity_providers", "default_capacity_provider_strategy"});
  CHECK(severity_of(cfg, "cloudtrail/update_service_desired_count.json") == "high");
  CHECK(severity_of(cfg, "cloudtrail/register_task_definition_image.json") == "medium");
  CHECK(severity_of(cfg, "cloudtrail/put_cluster_capacity_providers.json") == "high");
  // The same config as JSON reads the same.
  tfdrift::config json = tfdrift::parse_config(read_fixture("config/spec.json"), "spec.json");
  REQUIRE(json.rules.size() == cfg.rules.size());
  for (std::size_t i = 0; i < cfg.rules.size(); ++i) {
    CHECK(json.rules[i].name == cfg.rules[i].name);
    CHECK(json.rules[i].resource_types == cfg.rules[i].resource_types);
    CHECK(json.rules[i].watched_attributes == cfg.rules[i].watched_attributes);
    CHECK(json.rules[i].sev == cfg.rules[i].sev);
  }
}

TEST_CASE("the full example states the defaults and loads", "[config][yaml]") {
  tfdrift::config cfg = tfdrift::load_config(example("full.yaml"), "full.yaml");
  tfdrift::config d = tfdrift::default_config();
  REQUIRE(cfg.rules.size() == d.rules.size());
  for (std::size_t i = 0; i < d.rules.size(); ++i) {
    CHECK(cfg.rules[i].name == d.rules[i].name);
    CHECK(cfg.rules[i].resource_types == d.rules[i].resource_types);
    CHECK(cfg.rules[i].watched_attributes == d.rules[i].watched_attributes);
    CHECK(cfg.rules[i].sev == d.rules[i].sev);
    CHECK_FALSE(cfg.rules[i].delete_sev.has_value());
  }
  CHECK(cfg.report_unwatched == d.report_unwatched);
  CHECK(cfg.unwatched_severity == d.unwatched_severity);
  CHECK(cfg.delete_severity == d.delete_severity);
  CHECK(cfg.report_terraform == d.report_terraform);
  CHECK(cfg.accounts.empty());
  CHECK(cfg.regions.empty());
  CHECK(cfg.limits.max_record_bytes == d.limits.max_record_bytes);
  CHECK(cfg.limits.max_depth == d.limits.max_depth);
  CHECK(cfg.dedup_window == d.dedup_window);
  CHECK(cfg.max_malformed_places == d.max_malformed_places);
  REQUIRE(cfg.ignore.attributes.size() == 2);
  CHECK(cfg.ignore.attributes[1].address == "module.batch.*");
  CHECK(cfg.ignore.principals == std::vector<std::string>{"application-autoscaling.amazonaws.com",
                                                          "arn:aws:iam::123456789012:role/deploy-bot"});
  CHECK(cfg.ignore.user_agents == std::vector<std::string>{"aws-cdk/"});
}

TEST_CASE("a YAML ignore file silences Application Auto Scaling and desired_count", "[config][yaml][ignore]") {
  tfdrift::config cfg = tfdrift::load_config(read_fixture("config/ignore_autoscaling.yaml"), "ignore_autoscaling.yaml");
  tfdrift::detector d{cfg};
  d.load_state(read_fixture("state/ecs.tfstate"), "ecs.tfstate");
  auto alerts = d.process(read_fixture("cloudtrail/autoscaling_desired_count.json"), "a.json");
  alerts = d.process(read_fixture("cloudtrail/update_service_desired_count.json"), "b.json");
  CHECK(alerts.empty());
  CHECK(d.stats().count(outcome::ignored) == 2);
  CHECK(d.stats().sum() == 2);
}

TEST_CASE("YAML scalars: quoted text stays text, plain true/false and numbers are typed", "[config][yaml]") {
  tfdrift::config c = tfdrift::load_config(
      "report_terraform: True\n"
      "accounts: [012345678901, \"111122223333\"]\n"
      "regions: [eu-west-1, 'us-*']\n"
      "limits: {max_depth: 8, max_record_bytes: 1024}\n"
      "dedup_window: 0\n",
      "c.yaml");
  CHECK(c.report_terraform);
  CHECK(c.accounts == std::vector<std::string>{"012345678901", "111122223333"});
  CHECK(c.regions == std::vector<std::string>{"eu-west-1", "us-*"});
  CHECK(c.limits.max_depth == 8);
  CHECK(c.limits.max_record_bytes == 1024);
  CHECK(c.dedup_window == 0);
  CHECK(c.rules.size() == 4);  // drift_rules left out: the built-in rules
}

TEST_CASE("an empty YAML file, or only comments, is the default config", "[config][yaml]") {
  CHECK(tfdrift::load_config("", "c.yaml").rules.size() == 4);
  CHECK(tfdrift::load_config("# nothing yet\n", "c.yaml").rules.size() == 4);
  // A key with nothing after it reads as an empty list or mapping.
  tfdrift::config c = tfdrift::load_config("ignore:\n  principals:\n", "c.yaml");
  CHECK(c.ignore.principals.empty());
}

TEST_CASE("load_config reads JSON through parse_config, so its messages are the same", "[config][yaml][json]") {
  tfdrift::error e = yaml_error("{\"drift_rules\": [}", "c.yaml");
  CHECK(e.id() == "tfdrift.config.parse");
  CHECK(e.where() == "c.yaml:1:18");
  CHECK(e.message().find("not valid JSON") == 0);
  // By name, even when the text would be YAML.
  tfdrift::error n = yaml_error("drift_rules: []", "c.json");
  CHECK(n.id() == "tfdrift.config.parse");
  CHECK(n.where() == "c.json:1:1");
  // A YAML flow mapping is YAML.
  CHECK(tfdrift::load_config("{drift_rules: []}", "c.yaml").rules.empty());
}

TEST_CASE("YAML errors carry the file, line and column of the key or value", "[config][yaml][errors]") {
  check_error("drift_rules: []\nignore:\n  principals: [ops]\n  user_agent: [x]\n", "tfdrift.config.unknown_key",
              "c.yaml:4:3", "unknown key \"ignore.user_agent\"");
  check_error("drift_rules:\n  - name: x\n    resource_types: [aws_ecs_service, aws_ecs_task]\n"
              "    watched_attributes: [desired_count]\n",
              "tfdrift.config.unknown_resource_type", "c.yaml:3:39", "\"aws_ecs_task\"");
  check_error("drift_rules:\n  - name: x\n    resource_types: [aws_ecs_service]\n    watched_attributes:\n"
              "      - desired_count\n      - container_definitions\n",
              "tfdrift.config.unknown_attribute", "c.yaml:6:9",
              "the catalog knows no attribute \"container_definitions\" for aws_ecs_service");
  check_error("report_unwatched: yes\n", "tfdrift.config.type", "c.yaml:1:19",
              "report_unwatched must be true or false, not a string \"yes\"");
  check_error("limits:\n  max_depth: 1e3\n", "tfdrift.config.type", "c.yaml:2:14", "limits.max_depth must be a whole number");
  check_error("accounts: [12.5]\n", "tfdrift.config.type", "c.yaml:1:12", "accounts[0] must be an account id");
  check_error("drift_rules: [\n", "tfdrift.config.parse", "c.yaml:2:1", "not valid YAML");
  check_error("a: 1\n---\nb: 2\n", "tfdrift.config.parse", "c.yaml:3:1", "one YAML document");
  check_error("regions: [a]\nregions: [b]\n", "tfdrift.config.duplicate_key", "c.yaml:2:1", "given twice (first at 1:1)");
}

TEST_CASE("a bad severity in a YAML file names the file, line and column", "[config][yaml][errors]") {
  tfdrift::error e = yaml_error(read_fixture("config/bad_severity.yaml"), "bad_severity.yaml");
  CHECK(e.id() == "tfdrift.config.bad_severity");
  CHECK(e.where() == "bad_severity.yaml:7:15");
  CHECK(std::string(e.what()) ==
        "[tfdrift.config.bad_severity] bad_severity.yaml:7:15: drift_rules[0].severity: \"urgent\" is not a "
        "severity (use low, medium, high or critical)");
}

}  // namespace tfdrift_test_config_yaml
