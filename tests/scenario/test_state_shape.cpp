// Comparing the way the provider stores values (the "state shape"): the catalog's real rows
// against states written as hashicorp/terraform-provider-aws writes them, and real-shaped
// CloudTrail (console resends, CLI partial updates) through the whole detector.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <tfdrift/ecs.hpp>

#include "fixture.hpp"

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_state_shape {

using nlohmann::json;
using namespace tfdrift;
using tfdrift_test::catalog_field;
using tfdrift_test::check_changes;
using tfdrift_test::check_single_outcome;
using tfdrift_test::parse_json;
using tfdrift_test::run;

namespace {

struct diffed {
  std::vector<change> changes;
  std::vector<std::string> equal;
};

diffed diff(const field_map& f, const json& request, const json& state, bool full = false,
            const json* response = nullptr) {
  diff_context ctx;
  ctx.region = "us-east-1";
  ctx.account = "123456789012";
  ctx.full_replacement = full;
  ctx.response = response;
  diffed d;
  diff_field(f, detail::request_at(request, f.request_path), state, ctx, d.changes, &d.equal);
  return d;
}

}  // namespace

TEST_CASE("load_balancer: a classic ELB is stored as elb_name, unset members as zero values",
          "[state_shape][load_balancer]") {
  const field_map& f = catalog_field("UpdateService", "loadBalancers");
  CHECK(f.kind == compare_kind::block_set);
  const json state = parse_json(R"({"load_balancer":[
      {"advanced_configuration":[],"container_name":"web","container_port":8080,"elb_name":"","target_group_arn":"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/1"},
      {"advanced_configuration":[],"container_name":"web","container_port":8080,"elb_name":"classic-web","target_group_arn":""}]})");
  // Set order differs, members left out: the same two load balancers.
  auto same = diff(f, parse_json(R"({"loadBalancers":[
      {"loadBalancerName":"classic-web","containerName":"web","containerPort":8080},
      {"targetGroupArn":"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/1","containerName":"web","containerPort":"8080"}]})"),
                   state);
  CHECK(same.changes.empty());
  CHECK(same.equal == std::vector<std::string>{"load_balancer"});

  // Another classic ELB: the whole set, new value in the stored form.
  auto d = diff(f, parse_json(R"({"loadBalancers":[{"loadBalancerName":"classic-api","containerName":"web","containerPort":8080}]})"), state);
  REQUIRE(d.changes.size() == 1);
  CHECK(d.changes[0].path == "load_balancer");
  CHECK(d.changes[0].attribute == "load_balancer");
  CHECK(d.changes[0].old_value == state["load_balancer"]);
  CHECK(d.changes[0].new_value == parse_json(R"([{"advanced_configuration":[],"container_name":"web","container_port":8080,"elb_name":"classic-api","target_group_arn":""}])"));
}

TEST_CASE("load_balancer: advancedConfiguration is a one-element advanced_configuration block",
          "[state_shape][load_balancer]") {
  const field_map& f = catalog_field("UpdateService", "loadBalancers");
  const json state = parse_json(R"({"load_balancer":[{"advanced_configuration":[{"alternate_target_group_arn":"arn:tg/green",
      "production_listener_rule":"arn:rule/prod","role_arn":"arn:aws:iam::123456789012:role/lb","test_listener_rule":""}],
      "container_name":"checkout","container_port":8443,"elb_name":"","target_group_arn":"arn:tg/blue"}]})");
  const json request = parse_json(R"({"loadBalancers":[{"targetGroupArn":"arn:tg/blue","containerName":"checkout","containerPort":8443,
      "advancedConfiguration":{"alternateTargetGroupArn":"arn:tg/green","productionListenerRule":"arn:rule/prod","roleArn":"arn:aws:iam::123456789012:role/lb"}}]})");
  CHECK(diff(f, request, state).changes.empty());

  json other = request;
  other["loadBalancers"][0]["advancedConfiguration"]["roleArn"] = "arn:aws:iam::123456789012:role/other";
  auto d = diff(f, other, state);
  REQUIRE(d.changes.size() == 1);
  CHECK(d.changes[0].path == "load_balancer");
  CHECK(d.changes[0].new_value[0]["advanced_configuration"] ==
        parse_json(R"([{"alternate_target_group_arn":"arn:tg/green","production_listener_rule":"arn:rule/prod",
                        "role_arn":"arn:aws:iam::123456789012:role/other","test_listener_rule":""}])"));
}

TEST_CASE("ordered_placement_strategy: in order, host stored as instanceId, field case ignored",
          "[state_shape][placement]") {
  const field_map& f = catalog_field("UpdateService", "placementStrategy");
  CHECK(f.kind == compare_kind::block_list);
  const json state = parse_json(R"({"ordered_placement_strategy":[
      {"field":"attribute:ecs.availability-zone","type":"spread"},{"field":"instanceId","type":"spread"},{"field":"memory","type":"binpack"}]})");
  // The console sends "host" and "MEMORY"; the provider stores "instanceId" and "memory".
  auto same = diff(f, parse_json(R"({"placementStrategy":[{"type":"spread","field":"attribute:ecs.availability-zone"},
      {"type":"spread","field":"host"},{"type":"binpack","field":"MEMORY"}]})"), state);
  CHECK(same.changes.empty());
  CHECK(diff(f, parse_json(R"({"placementStrategy":[{"type":"spread","field":"attribute:ecs.availability-zone"},
      {"type":"spread","field":"instanceid"},{"type":"binpack","field":"Memory"}]})"), state).changes.empty());

  // A reorder is a change: strategies apply in order.
  auto d = diff(f, parse_json(R"({"placementStrategy":[{"type":"binpack","field":"MEMORY"},
      {"type":"spread","field":"attribute:ecs.availability-zone"},{"type":"spread","field":"host"}]})"), state);
  REQUIRE(d.changes.size() == 5);
  CHECK(d.changes[0].path == "ordered_placement_strategy[0].field");
  CHECK(d.changes[0].old_value == "attribute:ecs.availability-zone");
  CHECK(d.changes[0].new_value == "memory");
  CHECK(d.changes[1].path == "ordered_placement_strategy[0].type");
  CHECK(d.changes[1].old_value == "spread");
  CHECK(d.changes[1].new_value == "binpack");
  CHECK(d.changes[2].path == "ordered_placement_strategy[1].field");
  CHECK(d.changes[2].old_value == "instanceId");
  CHECK(d.changes[2].new_value == "attribute:ecs.availability-zone");
  CHECK(d.changes[3].path == "ordered_placement_strategy[2].field");
  CHECK(d.changes[3].old_value == "memory");
  CHECK(d.changes[3].new_value == "instanceId");
  CHECK(d.changes[4].path == "ordered_placement_strategy[2].type");
  CHECK(d.changes[4].new_value == "spread");
  // The members that stayed equal are reported equal (the ledger closes drifts by them).
  CHECK(d.equal == std::vector<std::string>{"ordered_placement_strategy[1].type"});

  // A strategy added: the whole list, in the stored form ("random" has no field: "").
  auto added = diff(f, parse_json(R"({"placementStrategy":[{"type":"random"}]})"),
                    parse_json(R"({"ordered_placement_strategy":[]})"));
  REQUIRE(added.changes.size() == 1);
  CHECK(added.changes[0].path == "ordered_placement_strategy");
  CHECK(added.changes[0].old_value == json::array());
  CHECK(added.changes[0].new_value == parse_json(R"([{"field":"","type":"random"}])"));
}

TEST_CASE("service_registries: an unset port and container_port are stored as 0", "[state_shape][registries]") {
  const field_map& f = catalog_field("UpdateService", "serviceRegistries");
  const json state = parse_json(R"({"service_registries":[{"container_name":"","container_port":0,"port":0,
      "registry_arn":"arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1"}]})");
  CHECK(diff(f, parse_json(R"({"serviceRegistries":[{"registryArn":"arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1"}]})"),
             state).changes.empty());
  auto d = diff(f, parse_json(R"({"serviceRegistries":[{"registryArn":"arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1","port":8080}]})"),
                state);
  REQUIRE(d.changes.size() == 1);
  CHECK(d.changes[0].path == "service_registries[0].port");
  CHECK(d.changes[0].attribute == "service_registries");
  CHECK(d.changes[0].old_value == 0);
  CHECK(d.changes[0].new_value == 8080);
  // Registries removed: the block goes.
  auto gone = diff(f, parse_json(R"({"serviceRegistries":[]})"), state);
  REQUIRE(gone.changes.size() == 1);
  CHECK(gone.changes[0].path == "service_registries");
  CHECK(gone.changes[0].old_value == state["service_registries"]);
  CHECK(gone.changes[0].new_value == json::array());
}

TEST_CASE("network_configuration: one block, sets unordered, ENABLED/DISABLED as a bool",
          "[state_shape][network]") {
  const field_map& f = catalog_field("UpdateService", "networkConfiguration.awsvpcConfiguration");
  const json state = parse_json(R"({"network_configuration":[{"assign_public_ip":false,"security_groups":["sg-2","sg-1"],"subnets":["subnet-b","subnet-a"]}]})");
  CHECK(diff(f, parse_json(R"({"networkConfiguration":{"awsvpcConfiguration":{"subnets":["subnet-a","subnet-b"],
      "securityGroups":["sg-1","sg-2"],"assignPublicIp":"DISABLED"}}})"), state).changes.empty());
  auto d = diff(f, parse_json(R"({"networkConfiguration":{"awsvpcConfiguration":{"subnets":["subnet-a","subnet-b"],
      "securityGroups":["sg-1","sg-2"],"assignPublicIp":"ENABLED"}}})"), state);
  REQUIRE(d.changes.size() == 1);
  CHECK(d.changes[0].path == "network_configuration[0].assign_public_ip");
  CHECK(d.changes[0].old_value == false);
  CHECK(d.changes[0].new_value == true);
  // A service without the block gets one: the block appears.
  auto appear = diff(f, parse_json(R"({"networkConfiguration":{"awsvpcConfiguration":{"subnets":["subnet-a"]}}})"),
                     parse_json(R"({"network_configuration":[]})"));
  REQUIRE(appear.changes.size() == 1);
  CHECK(appear.changes[0].path == "network_configuration");
  CHECK(appear.changes[0].new_value == parse_json(R"([{"assign_public_ip":false,"security_groups":[],"subnets":["subnet-a"]}])"));
}

TEST_CASE("ephemeral_storage: a block appearing, changing and going", "[state_shape][task_definition]") {
  const field_map& f = catalog_field("RegisterTaskDefinition", "ephemeralStorage");
  auto appear = diff(f, parse_json(R"({"ephemeralStorage":{"sizeInGiB":50}})"), parse_json(R"({"ephemeral_storage":[]})"), true);
  REQUIRE(appear.changes.size() == 1);
  CHECK(appear.changes[0].path == "ephemeral_storage");
  CHECK(appear.changes[0].old_value == json::array());
  CHECK(appear.changes[0].new_value == parse_json(R"([{"size_in_gib":50}])"));

  const json state = parse_json(R"({"ephemeral_storage":[{"size_in_gib":50}]})");
  auto grown = diff(f, parse_json(R"({"ephemeralStorage":{"sizeInGiB":100}})"), state, true);
  REQUIRE(grown.changes.size() == 1);
  CHECK(grown.changes[0].path == "ephemeral_storage[0].size_in_gib");
  CHECK(grown.changes[0].old_value == 50);
  CHECK(grown.changes[0].new_value == 100);
  // A new revision without it: the block goes, new value [] as the provider stores it.
  auto gone = diff(f, json::object(), state, true);
  REQUIRE(gone.changes.size() == 1);
  CHECK(gone.changes[0].path == "ephemeral_storage");
  CHECK(gone.changes[0].new_value == json::array());
  CHECK(diff(f, json::object(), parse_json(R"({"ephemeral_storage":[]})"), true).changes.empty());
}

TEST_CASE("propagate_tags: NONE from AWS equals unset", "[state_shape][service]") {
  const field_map& f = catalog_field("UpdateService", "propagateTags");
  CHECK(diff(f, parse_json(R"({"propagateTags":"NONE"})"), parse_json(R"({"propagate_tags":""})")).changes.empty());
  CHECK(diff(f, parse_json(R"({"propagateTags":"NONE"})"), parse_json(R"({"propagate_tags":"NONE"})")).changes.empty());
  auto d = diff(f, parse_json(R"({"propagateTags":"SERVICE"})"), parse_json(R"({"propagate_tags":"NONE"})"));
  REQUIRE(d.changes.size() == 1);
  CHECK(d.changes[0].old_value == "NONE");
  CHECK(d.changes[0].new_value == "SERVICE");
}

TEST_CASE("serviceConnectDefaults.namespace: a name is compared as the ARN the response gives",
          "[state_shape][cluster]") {
  const field_map& f = catalog_field("UpdateCluster", "serviceConnectDefaults.namespace");
  const std::string ns = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-4x7kexamplens7q";
  const json state{{"service_connect_defaults", json::array({json{{"namespace", ns}}})}};
  const json request = parse_json(R"({"serviceConnectDefaults":{"namespace":"internal"}})");
  const json response{{"cluster", {{"serviceConnectDefaults", {{"namespace", ns}}}}}};
  CHECK(diff(f, request, state, false, &response).changes.empty());

  const json moved{{"cluster", {{"serviceConnectDefaults", {{"namespace", ns + "-other"}}}}}};
  auto d = diff(f, request, state, false, &moved);
  REQUIRE(d.changes.size() == 1);
  CHECK(d.changes[0].path == "service_connect_defaults[0].namespace");
  CHECK(d.changes[0].old_value == ns);
  CHECK(d.changes[0].new_value == ns + "-other");
  // Without a response the name cannot be resolved: reported as sent, never silently equal.
  auto unresolved = diff(f, request, state);
  REQUIRE(unresolved.changes.size() == 1);
  CHECK(unresolved.changes[0].new_value == "internal");
}

TEST_CASE("tags: compared with tags_all, named where the user edits them", "[state_shape][tags]") {
  const field_map& f = catalog_field("CreateCluster", "tags");
  const json state = parse_json(R"({"tags":{"Team":"platform"},"tags_all":{"CostCenter":"4410","Team":"platform"}})");
  // The provider sends the merge with default_tags: not drift.
  CHECK(diff(f, parse_json(R"({"tags":[{"key":"Team","value":"platform"},{"key":"CostCenter","value":"4410"}]})"), state)
            .changes.empty());
  auto d = diff(f, parse_json(R"({"tags":[{"key":"Team","value":"data"},{"key":"CostCenter","value":"5000"},
      {"key":"Owner","value":"bob"},{"key":"aws:cloudformation:stack-name","value":"x"}]})"), state);
  REQUIRE(d.changes.size() == 3);
  CHECK(d.changes[0].path == "tags.Team");
  CHECK(d.changes[0].attribute == "tags");
  CHECK(d.changes[0].old_value == "platform");
  CHECK(d.changes[0].new_value == "data");
  CHECK(d.changes[1].path == "tags_all.CostCenter");
  CHECK(d.changes[1].attribute == "tags_all");
  CHECK(d.changes[1].old_value == "4410");
  CHECK(d.changes[1].new_value == "5000");
  CHECK(d.changes[2].path == "tags.Owner");
  CHECK(d.changes[2].old_value.is_null());
  CHECK(d.changes[2].new_value == "bob");
}

TEST_CASE("catalog: every block-kind row names its members, and force_new_deployment is no field",
          "[state_shape][catalog]") {
  const event_entry* update = find_event(ecs_source, "UpdateService");
  REQUIRE(update);
  bool force_field = false;
  for_each_field(*update, [&](const field_map& f) {
    force_field = force_field || f.request_path == "forceNewDeployment";
    CHECK(is_block_kind(f.kind) == !f.members.empty());
  });
  CHECK_FALSE(force_field);
  CHECK(std::ranges::find(update->reported_keys, std::string_view{"forceNewDeployment"}) != update->reported_keys.end());
  // Moved in provider v5.0.0: known for configs, gone from aws_ecs_cluster's schema.
  CHECK(knows_attribute("aws_ecs_cluster", "capacity_providers"));
  CHECK_FALSE(std::ranges::binary_search(find_resource("aws_ecs_cluster")->attributes, std::string_view{"capacity_providers"}));
  CHECK(attribute_applies("aws_ecs_cluster", "default_capacity_provider_strategy", "aws_ecs_cluster_capacity_providers"));
  CHECK_FALSE(attribute_applies("aws_ecs_cluster", "setting", "aws_ecs_cluster_capacity_providers"));
}

// --- through the detector, on a state written as the provider writes it -------------------

TEST_CASE("a console UpdateService resending the unchanged configuration is no change",
          "[state_shape][detector][console]") {
  run r("cloudtrail/provider/console_update_service_resend.json", {"provider.tfstate"});
  INFO(r.dump());
  CHECK(r.alerts.empty());
  check_single_outcome(r.stats(), outcome::no_change);
}

TEST_CASE("a blue/green service's load balancer resent with advancedConfiguration is no change",
          "[state_shape][detector][console]") {
  run r("cloudtrail/provider/update_service_bluegreen_resend.json", {"provider.tfstate"});
  INFO(r.dump());
  CHECK(r.alerts.empty());
  check_single_outcome(r.stats(), outcome::no_change);
}

TEST_CASE("a placement strategy reordered and a registry port set are drift at plan's paths",
          "[state_shape][detector]") {
  run r("cloudtrail/provider/update_service_reorder.json", {"provider.tfstate"});
  const auto& a = only_alert(r);
  CHECK(to_string(a.kind) == "update");
  REQUIRE(a.address);
  CHECK(*a.address == "aws_ecs_service.web");
  check_changes(a, {
      {"ordered_placement_strategy[0].field", "ordered_placement_strategy", "attribute:ecs.availability-zone", "memory", severity::low},
      {"ordered_placement_strategy[0].type", "ordered_placement_strategy", "spread", "binpack", severity::low},
      {"ordered_placement_strategy[1].field", "ordered_placement_strategy", "instanceId", "attribute:ecs.availability-zone", severity::low},
      {"ordered_placement_strategy[2].field", "ordered_placement_strategy", "memory", "instanceId", severity::low},
      {"ordered_placement_strategy[2].type", "ordered_placement_strategy", "binpack", "spread", severity::low},
      {"service_registries[0].port", "service_registries", 0, 8080, severity::low},
  });
}

TEST_CASE("forceNewDeployment alone is activity on the service, never drift", "[state_shape][detector]") {
  run r("cloudtrail/provider/update_service_force_new_deployment.json", {"provider.tfstate"});
  const auto& a = only_alert(r);
  CHECK(to_string(a.kind) == "activity");
  REQUIRE(a.address);
  CHECK(*a.address == "aws_ecs_service.web");
  CHECK(a.who.name == "deployer");
  CHECK(a.event_time == "2025-03-12T09:05:02Z");
  // No built-in rule watches force_new_deployment: the unwatched severity.
  check_changes(a, {{"force_new_deployment", "force_new_deployment", nullptr, true, severity::low}});
  // Activity opens no drift.
  CHECK(r.detector.ledger().size() == 0);
}

TEST_CASE("CreateCluster: the namespace by name, default tags in tags_all", "[state_shape][detector]") {
  run r("cloudtrail/provider/create_cluster_default_tags.json", {"provider.tfstate"});
  const auto& a = only_alert(r);
  CHECK(to_string(a.kind) == "recreate");
  REQUIRE(a.address);
  CHECK(*a.address == "aws_ecs_cluster.apps");
  // Team is unchanged, the namespace name resolves to the state's ARN, aws: keys are AWS's.
  check_changes(a, {{"tags_all.CostCenter", "tags_all", "4410", "5000", severity::low}});
}

TEST_CASE("UpdateCluster naming the namespace the state holds by ARN is no change", "[state_shape][detector]") {
  run r("cloudtrail/provider/update_cluster_namespace_name.json", {"provider.tfstate"});
  INFO(r.dump());
  CHECK(r.alerts.empty());
  check_single_outcome(r.stats(), outcome::no_change);
}

TEST_CASE("RegisterTaskDefinition adding ephemeral storage: the block appears", "[state_shape][detector]") {
  run r("cloudtrail/provider/register_task_definition_storage.json", {"provider.tfstate"});
  const auto& a = only_alert(r);
  CHECK(to_string(a.kind) == "create");
  REQUIRE(a.address);
  CHECK(*a.address == "aws_ecs_task_definition.batch");
  check_changes(a, {{"ephemeral_storage", "ephemeral_storage", json::array(), parse_json(R"([{"size_in_gib":50}])"), severity::low}});
}

TEST_CASE("a rule naming aws_ecs_cluster's capacity_providers watches aws_ecs_cluster_capacity_providers",
          "[state_shape][config]") {
  config cfg = parse_config(R"({"drift_rules": [{"name": "Cluster capacity", "resource_types": ["aws_ecs_cluster"],
      "watched_attributes": ["capacity_providers"], "severity": "critical"}]})", "c.json");
  detector d(cfg);
  d.load_state(tfdrift_test::read_fixture("state/ecs.tfstate"), "ecs.tfstate");
  auto alerts = d.process(tfdrift_test::read_fixture("cloudtrail/put_cluster_capacity_providers.json"), "put.json");
  REQUIRE(alerts.size() == 1);
  const tfdrift::change* c = tfdrift_test::find_change(alerts[0], "capacity_providers");
  REQUIRE(c);
  CHECK(c->rule == "Cluster capacity");
  CHECK(to_string(c->sev) == "critical");
  CHECK(alerts[0].rule == "Cluster capacity");
  // An ignore naming it on aws_ecs_cluster drops it where it lives now.
  config ig = parse_config(R"({"ignore": {"attributes": [{"resource_types": ["aws_ecs_cluster"],
      "attributes": ["capacity_providers", "default_capacity_provider_strategy"]}]}})", "i.json");
  detector d2(ig);
  d2.load_state(tfdrift_test::read_fixture("state/ecs.tfstate"), "ecs.tfstate");
  CHECK(d2.process(tfdrift_test::read_fixture("cloudtrail/put_cluster_capacity_providers.json"), "put.json").empty());
  CHECK(d2.stats().count(outcome::ignored) == 1);
}

}  // namespace tfdrift_test_state_shape
