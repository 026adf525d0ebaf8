// Prometheus metrics: exact values after the bundled example and crafted sequences; the exposition's shape; the dashboard.
#include "fixture.hpp"

#include <tfdrift/metrics.hpp>

#include <map>
#include <regex>
#include <set>

#include <yaml-cpp/yaml.h>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_metrics {

namespace {

using tfdrift_test::read_fixture;

// The samples of an exposition: "name{labels}" -> value.
std::map<std::string, double> samples_of(const std::string& text) {
  std::map<std::string, double> out;
  std::size_t at = 0;
  while (at < text.size()) {
    auto nl = text.find('\n', at);
    std::string line = text.substr(at, nl - at);
    at = nl == std::string::npos ? text.size() : nl + 1;
    if (line.empty() || line[0] == '#') continue;
    auto space = line.rfind(' ');
    out[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return out;
}

double value(const std::map<std::string, double>& s, const std::string& series) {
  auto it = s.find(series);
  INFO("series " << series);
  REQUIRE(it != s.end());
  return it->second;
}

// The samples of one metric: "name{labels}" -> value, for every series of that name.
std::map<std::string, double> series_of(const std::map<std::string, double>& s, std::string_view name) {
  std::map<std::string, double> out;
  for (const auto& [k, v] : s)
    if (k.substr(0, k.find('{')) == name) out.emplace(k, v);
  return out;
}

std::string example_path(std::string_view relative) { return tfdrift_test::data_path("../../examples/" + std::string(relative)); }

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A CloudTrail record of an ECS call, built from parts.
std::string record(std::string_view name, std::string_view id, const nlohmann::json& request,
                   std::string_view user = "ops-admin", std::string_view agent = "aws-cli/2.15.30",
                   std::string_view time = "2025-03-11T13:04:12Z") {
  nlohmann::json r = {
      {"eventVersion", "1.09"},
      {"userIdentity",
       {{"type", "IAMUser"}, {"arn", "arn:aws:iam::123456789012:user/" + std::string(user)},
        {"accountId", "123456789012"}, {"userName", user}}},
      {"eventTime", time},
      {"eventSource", "ecs.amazonaws.com"},
      {"eventName", name},
      {"awsRegion", "us-east-1"},
      {"userAgent", agent},
      {"requestParameters", request},
      {"responseElements", nullptr},
      {"eventID", id},
      {"readOnly", false},
      {"recipientAccountId", "123456789012"}};
  return r.dump();
}

tfdrift::detector with_state() {
  tfdrift::detector d;
  d.load_state(read_fixture("state/ecs.tfstate"), "ecs.tfstate");
  return d;
}

}  // namespace

TEST_CASE("The bundled example gives these metric values", "[metrics][example]") {
  tfdrift::detector d;
  d.load_state(slurp(example_path("ecs/terraform.tfstate")), "terraform.tfstate");
  CHECK(d.process(slurp(example_path("ecs/trail.ndjson")), "trail.ndjson").size() == 3);
  const auto s = samples_of(d.metrics().exposition());

  // Every record, by outcome: they add up to the 19 records of the trail.
  const std::map<std::string, double> outcomes{{"alert", 3}, {"not_ecs", 6}, {"read_only", 3}, {"failed_call", 1},
                                               {"terraform", 3}, {"ignored", 0}, {"out_of_scope", 0},
                                               {"untracked", 1}, {"no_change", 1}, {"duplicate", 1},
                                               {"malformed", 0}};
  double sum = 0;
  for (const auto& [o, n] : outcomes) {
    CHECK(value(s, "tfdrift_records_total{outcome=\"" + o + "\"}") == n);
    sum += n;
  }
  CHECK(sum == 19);
  CHECK(series_of(s, "tfdrift_records_total").size() == tfdrift::outcome_names.size());
  CHECK(value(s, "tfdrift_record_bytes_total") == static_cast<double>(d.stats().bytes_read));
  CHECK(value(s, "tfdrift_processing_seconds_total") > 0);
  CHECK(value(s, "tfdrift_build_info{version=\"0.1.0\"}") == 1);

  // Alerts: two high updates (scenarios 1 and 3), one medium create (scenario 2).
  auto alerts = series_of(s, "tfdrift_alerts_total");
  CHECK(alerts.size() == tfdrift::alert_kind_names.size() * tfdrift::severity_names.size());
  for (const auto& [k, v] : alerts) {
    double want = k == "tfdrift_alerts_total{kind=\"update\",severity=\"high\"}"     ? 2
                  : k == "tfdrift_alerts_total{kind=\"create\",severity=\"medium\"}" ? 1
                                                                                      : 0;
    INFO(k);
    CHECK(v == want);
  }

  // The ledger: desired_count, the nginx image, and the two capacity provider attributes.
  CHECK(value(s, R"(tfdrift_open_drifts{resource_type="aws_ecs_service"})") == 1);
  CHECK(value(s, R"(tfdrift_open_drifts{resource_type="aws_ecs_task_definition"})") == 1);
  CHECK(value(s, R"(tfdrift_open_drifts{resource_type="aws_ecs_cluster_capacity_providers"})") == 2);
  CHECK(value(s, R"(tfdrift_open_drifts{resource_type="aws_ecs_cluster"})") == 0);
  CHECK(value(s, R"(tfdrift_drifts_opened_total{resource_type="aws_ecs_cluster_capacity_providers"})") == 2);
  for (auto reason : tfdrift::resolution_names)
    CHECK(value(s, "tfdrift_drifts_resolved_total{reason=\"" + std::string(reason) + "\"}") == 0);

  // ECS write calls: 3 drifts (CLI, console, CLI), the console request that changed nothing,
  // and Terraform's 3 calls (RegisterTaskDefinition, UpdateService, DeregisterTaskDefinition).
  CHECK(value(s, R"(tfdrift_ecs_changes_total{source="console"})") == 2);
  CHECK(value(s, R"(tfdrift_ecs_changes_total{source="cli"})") == 2);
  CHECK(value(s, R"(tfdrift_ecs_changes_total{source="terraform"})") == 3);
  CHECK(value(s, R"(tfdrift_ecs_changes_total{source="sdk"})") == 0);
  CHECK(value(s, R"(tfdrift_ecs_changes_total{source="aws-service"})") == 0);
  CHECK(value(s, R"(tfdrift_ecs_changes_total{source="unknown"})") == 0);
  auto hours = series_of(s, "tfdrift_ecs_changes_by_hour_total");
  CHECK(hours.size() == 24);
  for (const auto& [k, v] : hours) CHECK(v == (k == R"(tfdrift_ecs_changes_by_hour_total{hour="13"})" ? 7 : 0));
  auto users = series_of(s, "tfdrift_ecs_changes_by_user");
  CHECK(users == std::map<std::string, double>{{R"(tfdrift_ecs_changes_by_user{user="GitHubActions"})", 3},
                                               {R"(tfdrift_ecs_changes_by_user{user="developer@example.com"})", 2},
                                               {R"(tfdrift_ecs_changes_by_user{user="admin"})", 1},
                                               {R"(tfdrift_ecs_changes_by_user{user="ops-admin"})", 1},
                                               {R"(tfdrift_ecs_changes_by_user{user="other"})", 0}});

  // Services: 3 UpdateService calls in production (scenario 1, the console no-op, Terraform's).
  CHECK(series_of(s, "tfdrift_ecs_service_updates_total") ==
        std::map<std::string, double>{{R"(tfdrift_ecs_service_updates_total{cluster="batch"})", 0},
                                      {R"(tfdrift_ecs_service_updates_total{cluster="production"})", 3}});
  // Terraform moved search to search:12: a planned deployment. The console resent billing:4.
  CHECK(series_of(s, "tfdrift_ecs_service_deployments_total") ==
        std::map<std::string, double>{
            {R"(tfdrift_ecs_service_deployments_total{cluster="production",trigger="planned"})", 1}});
  const std::string main_labels =
      R"({account="123456789012",region="us-east-1",cluster="production",service="my-service",address="aws_ecs_service.main"})";
  CHECK(value(s, "tfdrift_ecs_service_desired_tasks" + main_labels) == 5);
  CHECK(value(s, "tfdrift_ecs_service_desired_tasks_changes_total" + main_labels) == 1);
  CHECK(series_of(s, "tfdrift_ecs_service_desired_tasks").size() == 5);
  const std::string billing_labels =
      R"({account="123456789012",region="us-east-1",cluster="production",service="billing",address="module.api.aws_ecs_service.this[\"billing\"]"})";
  CHECK(value(s, "tfdrift_ecs_service_desired_tasks" + billing_labels) == 2);
  CHECK(value(s, "tfdrift_ecs_service_desired_tasks_changes_total" + billing_labels) == 0);
  CHECK(d.metrics().desired_tasks("production/my-service") == 5);
  CHECK(d.metrics().desired_tasks("production/nothing") == -1);

  // Task definitions: web-app by the console (scenario 2) and search by Terraform.
  CHECK(series_of(s, "tfdrift_ecs_task_definition_registrations_total") ==
        std::map<std::string, double>{
            {R"(tfdrift_ecs_task_definition_registrations_total{family="billing"})", 0},
            {R"(tfdrift_ecs_task_definition_registrations_total{family="search"})", 1},
            {R"(tfdrift_ecs_task_definition_registrations_total{family="web-app"})", 1},
            {R"(tfdrift_ecs_task_definition_registrations_total{family="worker"})", 0}});
  CHECK(series_of(s, "tfdrift_ecs_capacity_provider_changes_total") ==
        std::map<std::string, double>{
            {R"(tfdrift_ecs_capacity_provider_changes_total{event="PutClusterCapacityProviders"})", 1}});
  CHECK(series_of(s, "tfdrift_ecs_cluster_changes_total").empty());
  CHECK(series_of(s, "tfdrift_ecs_container_instance_transitions_total").empty());
}

TEST_CASE("Every metric has HELP and TYPE once, and every sample belongs to a declared metric with its labels",
          "[metrics][exposition]") {
  tfdrift::detector d = with_state();
  d.process(read_fixture("cloudtrail/stream.ndjson"), "stream.ndjson");
  d.process(read_fixture("cloudtrail/update_container_instances_state.json"), "a.json");
  d.process(read_fixture("cloudtrail/update_cluster_settings.json"), "b.json");
  const std::string text = d.metrics().exposition();
  CHECK(text.back() == '\n');
  for (const auto& m : tfdrift::metric_defs) {
    INFO(m.name);
    const std::string help = "# HELP " + std::string(m.name) + " " + std::string(m.help) + "\n";
    const std::string type = "# TYPE " + std::string(m.name) + (m.type == tfdrift::metric_type::counter ? " counter\n" : " gauge\n");
    CHECK(text.find(help) != std::string::npos);
    CHECK(text.find(help) == text.rfind(help));
    CHECK(text.find(type) != std::string::npos);
    CHECK(text.find(help + type) != std::string::npos);  // HELP, then TYPE, then the samples
  }
  const std::regex sample_line(R"(^([a-z_]+)(\{(.*)\})? (\S+)$)");
  const std::regex label(R"re(([a-z_]+)="((?:[^"\\]|\\.)*)")re");
  std::size_t n = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("# ", 0) == 0) continue;
    INFO(line);
    std::smatch m;
    REQUIRE(std::regex_match(line, m, sample_line));
    const tfdrift::metric_def* def = tfdrift::find_metric(m[1].str());
    REQUIRE(def != nullptr);
    std::string names;
    const std::string labels = m[3].str();
    for (auto it = std::sregex_iterator(labels.begin(), labels.end(), label); it != std::sregex_iterator(); ++it)
      names += (names.empty() ? "" : ",") + (*it)[1].str();
    CHECK(names == def->labels);
    ++n;
  }
  CHECK(n > 100);
  CHECK(tfdrift::find_metric("tfdrift_open_drifts")->type == tfdrift::metric_type::gauge);
  CHECK(tfdrift::find_metric("tfdrift_nothing") == nullptr);
}

TEST_CASE("Records per outcome follow the stats, including records counted as not ECS by the caller",
          "[metrics]") {
  tfdrift::detector d = with_state();
  d.process(read_fixture("cloudtrail/stream.ndjson"), "stream.ndjson");
  d.count_not_ecs(5, 500);
  const auto s = samples_of(d.metrics().exposition());
  double sum = 0;
  for (std::size_t i = 0; i < tfdrift::outcome_names.size(); ++i) {
    double v = value(s, "tfdrift_records_total{outcome=\"" + std::string(tfdrift::outcome_names[i]) + "\"}");
    CHECK(v == static_cast<double>(d.stats().outcomes[i]));
    sum += v;
  }
  CHECK(sum == static_cast<double>(d.stats().records_read));
  CHECK(value(s, "tfdrift_record_bytes_total") == static_cast<double>(d.stats().bytes_read));
}

TEST_CASE("The top N users are named and the rest summed as other", "[metrics][users]") {
  tfdrift::detector d = with_state();
  d.metrics().top_users(2);
  CHECK(d.metrics().top_users() == 2);
  int id = 0;
  // carol 4, alice 3, bob 3, dave 1, and a user literally named "other" 2.
  for (auto [user, n] : {std::pair{"alice", 3}, {"bob", 3}, {"carol", 4}, {"dave", 1}, {"other", 2}})
    for (int i = 0; i < n; ++i)
      d.process(record("UpdateService", "user-" + std::to_string(++id),
                       {{"cluster", "production"}, {"service", "my-service"}, {"desiredCount", 3}}, user),
                "u.json");
  const auto s = samples_of(d.metrics().exposition());
  // Ties are broken by name: alice before bob.
  CHECK(series_of(s, "tfdrift_ecs_changes_by_user") ==
        std::map<std::string, double>{{R"(tfdrift_ecs_changes_by_user{user="carol"})", 4},
                                      {R"(tfdrift_ecs_changes_by_user{user="alice"})", 3},
                                      {R"(tfdrift_ecs_changes_by_user{user="other"})", 6}});
  d.metrics().top_users(0);
  CHECK(series_of(samples_of(d.metrics().exposition()), "tfdrift_ecs_changes_by_user") ==
        std::map<std::string, double>{{R"(tfdrift_ecs_changes_by_user{user="other"})", 13}});
}

TEST_CASE("Desired count: a gauge per service in state, and a counter of the calls that changed it",
          "[metrics][services]") {
  tfdrift::detector d = with_state();
  const std::string labels =
      R"({account="123456789012",region="us-east-1",cluster="production",service="my-service",address="aws_ecs_service.main"})";
  auto check = [&](double gauge, double changes) {
    const auto s = samples_of(d.metrics().exposition());
    CHECK(value(s, "tfdrift_ecs_service_desired_tasks" + labels) == gauge);
    CHECK(value(s, "tfdrift_ecs_service_desired_tasks_changes_total" + labels) == changes);
  };
  check(3, 0);
  auto scale = [&](const std::string& id, int n, std::string_view agent = "aws-cli/2.15.30") {
    d.process(record("UpdateService", id, {{"cluster", "production"}, {"service", "my-service"}, {"desiredCount", n}},
                     "ops-admin", agent),
              "s.json");
  };
  scale("s1", 5);
  check(5, 1);
  scale("s2", 5);  // the same value again: not a change
  check(5, 1);
  scale("s3", 7, "APN/1.0 HashiCorp/1.0 Terraform/1.9.8");  // Terraform's calls move the gauge too
  check(7, 2);
  scale("s4", 3);
  check(3, 3);
  // A service no state has: counted per cluster as other, no gauge.
  d.process(record("UpdateService", "s5", {{"cluster", "elsewhere"}, {"service", "x"}, {"desiredCount", 9}}), "s.json");
  const auto s = samples_of(d.metrics().exposition());
  CHECK(series_of(s, "tfdrift_ecs_service_desired_tasks").size() == 4);
  CHECK(value(s, R"(tfdrift_ecs_service_updates_total{cluster="other"})") == 1);
  CHECK(value(s, R"(tfdrift_ecs_service_updates_total{cluster="production"})") == 4);
  CHECK(value(s, R"(tfdrift_ecs_service_updates_total{cluster="batch"})") == 0);
}

TEST_CASE("Deployments: forced with forceNewDeployment, planned with a new task definition", "[metrics][services]") {
  tfdrift::detector d = with_state();
  auto update = [&](const std::string& id, const nlohmann::json& extra) {
    nlohmann::json req = {{"cluster", "production"}, {"service", "my-service"}};
    req.update(extra);
    d.process(record("UpdateService", id, req), "d.json");
  };
  update("d1", {{"forceNewDeployment", true}});
  update("d2", {{"forceNewDeployment", true}, {"taskDefinition", "web-app:8"}});  // forced wins
  update("d3", {{"taskDefinition", "web-app:7"}});  // the state's revision: no deployment
  update("d4", {{"taskDefinition", "arn:aws:ecs:us-east-1:123456789012:task-definition/web-app:7"}});
  update("d5", {{"taskDefinition", "web-app:9"}});
  update("d6", {{"taskDefinition", "web-app:9"}});  // already running :9
  update("d7", {{"forceNewDeployment", false}});
  const auto s = samples_of(d.metrics().exposition());
  CHECK(series_of(s, "tfdrift_ecs_service_deployments_total") ==
        std::map<std::string, double>{
            {R"(tfdrift_ecs_service_deployments_total{cluster="production",trigger="forced"})", 2},
            {R"(tfdrift_ecs_service_deployments_total{cluster="production",trigger="planned"})", 2}});
  CHECK(value(s, R"(tfdrift_ecs_service_updates_total{cluster="production"})") == 7);
}

TEST_CASE("Cluster changes, capacity providers and container instance transitions", "[metrics][clusters]") {
  tfdrift::detector d = with_state();
  d.process(read_fixture("cloudtrail/update_cluster_settings.json"), "a.json");
  d.process(read_fixture("cloudtrail/update_cluster.json"), "b.json");
  d.process(read_fixture("cloudtrail/update_container_instances_state.json"), "c.json");
  d.process(read_fixture("cloudtrail/put_cluster_capacity_providers.json"), "d.json");
  d.process(read_fixture("cloudtrail/update_capacity_provider.json"), "e.json");
  d.process(record("UpdateContainerInstancesState", "ci2",
                   {{"cluster", "batch"}, {"containerInstances", {"a1", "a2", "a3"}}, {"status", "ACTIVE"}}),
            "f.json");
  d.process(record("UpdateContainerInstancesState", "ci3",
                   {{"cluster", "nowhere"}, {"containerInstances", {"b1"}}, {"status", "REGISTERING"}}),
            "g.json");
  const auto s = samples_of(d.metrics().exposition());
  CHECK(series_of(s, "tfdrift_ecs_cluster_changes_total") ==
        std::map<std::string, double>{
            {R"(tfdrift_ecs_cluster_changes_total{cluster="batch",event="UpdateClusterSettings"})", 1},
            {R"(tfdrift_ecs_cluster_changes_total{cluster="production",event="UpdateCluster"})", 1}});
  CHECK(series_of(s, "tfdrift_ecs_container_instance_transitions_total") ==
        std::map<std::string, double>{
            {R"(tfdrift_ecs_container_instance_transitions_total{cluster="batch",status="ACTIVE"})", 3},
            {R"(tfdrift_ecs_container_instance_transitions_total{cluster="other",status="other"})", 1},
            {R"(tfdrift_ecs_container_instance_transitions_total{cluster="production",status="DRAINING"})", 1}});
  CHECK(series_of(s, "tfdrift_ecs_capacity_provider_changes_total") ==
        std::map<std::string, double>{
            {R"(tfdrift_ecs_capacity_provider_changes_total{event="PutClusterCapacityProviders"})", 1},
            {R"(tfdrift_ecs_capacity_provider_changes_total{event="UpdateCapacityProvider"})", 1}});
}

TEST_CASE("Every catalog event has its series in tfdrift_ecs_events_total, read from the catalog's table",
          "[metrics][events]") {
  tfdrift::detector d = with_state();
  d.process(read_fixture("cloudtrail/update_cluster.json"), "a.json");
  d.process(read_fixture("cloudtrail/update_container_instances_state.json"), "b.json");
  d.process(record("UpdateContainerInstancesState", "ci2",
                   {{"cluster", "batch"}, {"containerInstances", {"a1"}}, {"status", "ACTIVE"}}),
            "c.json");
  // ExecuteCommand has no metric of its own: it counts here.
  d.process(record("ExecuteCommand", "ex1",
                   {{"cluster", "production"}, {"container", "web"}, {"command", "/bin/sh"}, {"interactive", true},
                    {"task", "arn:aws:ecs:us-east-1:123456789012:task/production/0f1e2d3c4b5a69788796a5b4c3d2e1f0"}}),
            "d.json");
  const auto s = samples_of(d.metrics().exposition());
  const auto series = series_of(s, "tfdrift_ecs_events_total");
  // One series per event of the catalog (so an event added to the catalog has one without an
  // edit here), labelled with the resource type the catalog gives it.
  CHECK(series.size() == tfdrift::events.size());
  for (const auto& e : tfdrift::events) {
    const std::string key = "tfdrift_ecs_events_total{event=\"" + std::string(e.name) + "\",resource_type=\"" +
                            std::string(e.resource_type) + "\"}";
    INFO(key);
    REQUIRE(series.count(key) == 1);
    const double want = e.name == "UpdateContainerInstancesState" ? 2 : e.name == "UpdateCluster" || e.name == "ExecuteCommand" ? 1 : 0;
    CHECK(series.at(key) == want);
  }
}

TEST_CASE("Only covered ECS writes in scope count as changes, not reads, failures, duplicates or others",
          "[metrics][scope]") {
  tfdrift::config cfg = tfdrift::default_config();
  cfg.regions = {"us-east-1"};
  tfdrift::detector d(cfg);
  d.load_state(read_fixture("state/ecs.tfstate"), "ecs.tfstate");
  d.process(read_fixture("cloudtrail/describe_services.json"), "a");            // read_only
  d.process(read_fixture("cloudtrail/update_service_failed.json"), "b");        // failed_call
  d.process(read_fixture("cloudtrail/update_service_other_region.json"), "c");  // out_of_scope
  d.process(read_fixture("cloudtrail/create_cluster_eks.json"), "d");           // not_ecs
  d.process(record("RunTask", "r1", {{"cluster", "production"}}), "e");         // untracked
  d.process(read_fixture("cloudtrail/update_service_desired_count.json"), "f");
  d.process(read_fixture("cloudtrail/update_service_desired_count.json"), "g");  // duplicate
  const auto s = samples_of(d.metrics().exposition());
  double changes = 0;
  for (auto src : tfdrift::source_names)
    changes += value(s, "tfdrift_ecs_changes_total{source=\"" + std::string(src) + "\"}");
  CHECK(changes == 1);
  CHECK(value(s, R"(tfdrift_ecs_changes_by_hour_total{hour="13"})") == 1);
  CHECK(value(s, R"(tfdrift_ecs_changes_by_user{user="ops-admin"})") == 1);
}

TEST_CASE("Hours of day are UTC, and an unreadable eventTime counts nowhere in the hours", "[metrics][hours]") {
  tfdrift::detector d = with_state();
  nlohmann::json req = {{"cluster", "production"}, {"service", "my-service"}};
  d.process(record("UpdateService", "h1", req, "a", "aws-cli/2", "2025-03-11T23:30:00Z"), "h");
  d.process(record("UpdateService", "h2", req, "a", "aws-cli/2", "2025-03-11T23:30:00-02:00"), "h");
  d.process(record("UpdateService", "h3", req, "a", "aws-cli/2", "2025-03-11T00:10:00+05:30"), "h");
  d.process(record("UpdateService", "h4", req, "a", "aws-cli/2", "yesterday"), "h");
  const auto s = samples_of(d.metrics().exposition());
  CHECK(value(s, R"(tfdrift_ecs_changes_by_hour_total{hour="23"})") == 1);
  CHECK(value(s, R"(tfdrift_ecs_changes_by_hour_total{hour="01"})") == 1);
  CHECK(value(s, R"(tfdrift_ecs_changes_by_hour_total{hour="19"})") == 1);
  double hours = 0;
  for (const auto& [k, v] : series_of(s, "tfdrift_ecs_changes_by_hour_total")) hours += v;
  CHECK(hours == 3);
  CHECK(value(s, R"(tfdrift_ecs_changes_total{source="cli"})") == 4);
}

TEST_CASE("Label values from records are escaped and kept on one line", "[metrics][escaping]") {
  tfdrift::detector d = with_state();
  d.process(record("UpdateService", "e1", {{"cluster", "production"}, {"service", "my-service"}},
                   "we\"ird\\name\nx"),
            "e");
  const std::string text = d.metrics().exposition();
  CHECK(text.find(R"(tfdrift_ecs_changes_by_user{user="we\"ird\\name\\x0ax"} 1)") != std::string::npos);
}

TEST_CASE("The drift metrics follow the ledger through a drift and its revert", "[metrics][ledger]") {
  tfdrift::detector d = with_state();
  d.process(read_fixture("cloudtrail/update_service_desired_count.json"), "a");
  nlohmann::json r = nlohmann::json::parse(read_fixture("cloudtrail/update_service_desired_count.json"));
  r["eventID"] = "revert";
  r["requestParameters"]["desiredCount"] = 3;
  CHECK(tfdrift::to_string(d.process(r.dump(), "b").at(0).kind) == "resolved");
  const auto s = samples_of(d.metrics().exposition());
  CHECK(value(s, R"(tfdrift_open_drifts{resource_type="aws_ecs_service"})") == 0);
  CHECK(value(s, R"(tfdrift_drifts_opened_total{resource_type="aws_ecs_service"})") == 1);
  CHECK(value(s, R"(tfdrift_drifts_resolved_total{reason="event"})") == 1);
  CHECK(value(s, R"(tfdrift_alerts_total{kind="update",severity="high"})") == 1);
  CHECK(value(s, R"(tfdrift_alerts_total{kind="resolved",severity="high"})") == 1);
  CHECK(value(s, R"(tfdrift_records_total{outcome="alert"})") == 2);
  CHECK(value(s, R"(tfdrift_records_total{outcome="no_change"})") == 0);
  const std::string labels =
      R"({account="123456789012",region="us-east-1",cluster="production",service="my-service",address="aws_ecs_service.main"})";
  CHECK(value(s, "tfdrift_ecs_service_desired_tasks" + labels) == 3);
  CHECK(value(s, "tfdrift_ecs_service_desired_tasks_changes_total" + labels) == 2);
}

TEST_CASE("The Grafana dashboard has a panel per spec item, each querying only exported metrics",
          "[metrics][dashboard]") {
  const nlohmann::json dash = nlohmann::json::parse(slurp(example_path("grafana/tfdrift-ecs.json")));
  CHECK(dash.at("title") == "tfdrift: ECS drift");
  CHECK(dash.at("uid") == "tfdrift-ecs");
  std::vector<const nlohmann::json*> panels;
  for (const auto& p : dash.at("panels")) {
    panels.push_back(&p);
    if (p.contains("panels"))
      for (const auto& q : p["panels"]) panels.push_back(&q);
  }
  const std::regex metric_name(R"(\btfdrift_[a-z0-9_]+)");
  const std::regex by_clause(R"(\bby\s*\(([^)]*)\))");
  std::set<std::string> titles, used;
  std::set<int> ids;
  for (const nlohmann::json* p : panels) {
    if (p->at("type") == "row") continue;
    const std::string title = p->at("title").get<std::string>();
    INFO("panel " << title);
    titles.insert(title);
    CHECK(ids.insert(p->at("id").get<int>()).second);
    CHECK(p->at("datasource").at("uid") == "${datasource}");
    REQUIRE(p->contains("targets"));
    REQUIRE_FALSE(p->at("targets").empty());
    for (const auto& t : p->at("targets")) {
      const std::string expr = t.at("expr").get<std::string>();
      INFO("query " << expr);
      std::set<std::string> labels;
      std::size_t names = 0;
      for (auto it = std::sregex_iterator(expr.begin(), expr.end(), metric_name); it != std::sregex_iterator(); ++it) {
        const tfdrift::metric_def* m = tfdrift::find_metric(it->str());
        CHECK(m != nullptr);
        if (!m) continue;
        ++names;
        used.insert(it->str());
        std::string_view l = m->labels;
        while (!l.empty()) {
          auto comma = l.find(',');
          labels.emplace(l.substr(0, comma));
          l = comma == std::string_view::npos ? std::string_view{} : l.substr(comma + 1);
        }
      }
      CHECK(names > 0);
      // Every label a query groups by is a label of a metric it reads.
      for (auto it = std::sregex_iterator(expr.begin(), expr.end(), by_clause); it != std::sregex_iterator(); ++it) {
        std::string list = (*it)[1].str();
        std::istringstream parts(list);
        for (std::string part; std::getline(parts, part, ',');) {
          part.erase(0, part.find_first_not_of(' '));
          part.erase(part.find_last_not_of(' ') + 1);
          CHECK(labels.count(part) == 1);
        }
      }
    }
  }
  // The spec's dashboard items, one panel each.
  for (const char* item : {"ECS service updates by cluster", "Desired count over time", "Desired count changes",
                           "Service deployments: forced vs planned", "Task definition revisions registered",
                           "Cluster configuration changes", "Capacity provider modifications",
                           "Container instance state transitions", "Top users making ECS changes",
                           "Changes by source", "Changes by hour of day (UTC)", "Open drifts",
                           "ECS write calls by event"}) {
    INFO(item);
    CHECK(titles.count(item) == 1);
  }
  // Every catalog event is on the dashboard through one query grouped by event, not a list of
  // names: no query picks events by name, so events the catalog gains later show too.
  bool by_event = false;
  for (const nlohmann::json* p : panels) {
    if (!p->contains("targets")) continue;
    for (const auto& t : p->at("targets")) {
      const std::string expr = t.at("expr").get<std::string>();
      INFO(expr);
      CHECK(expr.find("event=") == std::string::npos);
      CHECK(expr.find("event=~") == std::string::npos);
      by_event = by_event || expr == "sum by (event) (increase(tfdrift_ecs_events_total[$__rate_interval]))";
    }
  }
  CHECK(by_event);
  // And every exported metric shows somewhere but the build info.
  for (const auto& m : tfdrift::metric_defs)
    if (m.name != "tfdrift_build_info") {
      INFO(m.name);
      CHECK(used.count(std::string(m.name)) == 1);
    }
}

TEST_CASE("The Prometheus example scrapes tfdrift serve's /metrics", "[metrics][dashboard]") {
  YAML::Node cfg = YAML::LoadFile(example_path("prometheus/prometheus.yml"));
  REQUIRE(cfg["scrape_configs"].IsSequence());
  bool found = false;
  for (const auto& job : cfg["scrape_configs"])
    if (job["job_name"].as<std::string>() == "tfdrift") {
      found = true;
      CHECK(job["metrics_path"].as<std::string>() == "/metrics");
      CHECK(job["static_configs"][0]["targets"][0].as<std::string>() == "localhost:8080");
    }
  CHECK(found);
}

}  // namespace tfdrift_test_metrics
