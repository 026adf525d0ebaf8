// One test per ECS event fixture: the exact alert (or outcome) each CloudTrail record yields against ecs.tfstate.
#include "fixture.hpp"

#include <string>
#include <vector>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_events {

using tfdrift::outcome;
using tfdrift::severity;
using tfdrift::to_string;
using tfdrift_test::check_changes;
using tfdrift_test::check_envelope;
using tfdrift_test::check_single_outcome;
using tfdrift_test::parse_json;
using tfdrift_test::run;
using strings = std::vector<std::string>;

namespace {

constexpr const char* kAccount = "123456789012";
constexpr const char* kRegion = "us-east-1";

// The record's one alert, with the checks every single-alert fixture shares.
// The run's one alert (tfdrift_test::only_alert), with the fields it copies from its record.
const tfdrift::alert& enveloped_alert(const run& r) {
  const tfdrift::alert& a = tfdrift_test::only_alert(r);
  check_envelope(r, a);
  return a;
}

void check_where(const tfdrift::alert& a, const char* region = kRegion, const char* account = kAccount) {
  CHECK(a.region == region);
  CHECK(a.account == account);
}

void check_managed(const tfdrift::alert& a, const char* address, const char* state_file = "ecs.tfstate") {
  CHECK(a.address.value_or("<unmanaged>") == address);
  CHECK(a.state_file == state_file);
}

void check_unmanaged(const tfdrift::alert& a) {
  CHECK(to_string(a.kind) == "unmanaged");
  CHECK_FALSE(a.address.has_value());
  CHECK(a.state_file.empty());
}

void check_ops_admin_cli(const tfdrift::actor& who) {
  CHECK(who.name == "ops-admin");
  CHECK(who.identity_type == "IAMUser");
  CHECK(who.source == "cli");
  CHECK(who.arn == "arn:aws:iam::123456789012:user/ops-admin");
  CHECK(who.account == kAccount);
  CHECK(who.invoked_by.empty());
}

void check_admin_sdk(const tfdrift::actor& who) {
  CHECK(who.name == "admin");
  CHECK(who.identity_type == "AssumedRole");
  CHECK(who.source == "sdk");
  CHECK(who.arn == "arn:aws:sts::123456789012:assumed-role/admin/admin");
  CHECK(who.account == kAccount);
}

}  // namespace

// ---- services ---------------------------------------------------------------------------------

TEST_CASE("UpdateService desiredCount 3 -> 5 from the CLI is a high update of aws_ecs_service.main",
          "[events][service]") {
  run r("cloudtrail/update_service_desired_count.json");
  INFO(r.dump());
  const auto& a = enveloped_alert(r);
  CHECK(to_string(a.kind) == "update");
  check_managed(a, "aws_ecs_service.main");
  CHECK(a.resource_type == "aws_ecs_service");
  CHECK(a.resource_id == "production/my-service");
  // The response also shows enableExecuteCommand true (an earlier change by someone else):
  // only what the request set is this caller's drift.
  check_changes(a, {{"desired_count", "desired_count", 3, 5, severity::high}});
  CHECK(to_string(a.sev) == "high");
  CHECK(a.rule == "ECS Service Configuration");
  CHECK(a.priority == "WARNING");
  check_ops_admin_cli(a.who);
  CHECK(a.who.user_agent ==
        "aws-cli/2.15.30 Python/3.11.8 Linux/6.1 exe/x86_64.amzn.2023 prompt/off command/ecs.update-service");
  check_where(a);
}

TEST_CASE("CreateService of a service no state manages is an unmanaged alert listing what it set",
          "[events][service][unmanaged]") {
  run r("cloudtrail/create_service.json");
  INFO(r.dump());
  const auto& a = enveloped_alert(r);
  check_unmanaged(a);
  CHECK(a.resource_type == "aws_ecs_service");
  CHECK(a.resource_id == "production/reports");
  // Nothing in state to compare with: old is null for every key the request set, and no
  // blocks ([]) for a block, which appears whole in the form the provider stores it.
  check_changes(a, {
      {"desired_count", "desired_count", nullptr, 1, severity::high},
      {"launch_type", "launch_type", nullptr, "FARGATE", severity::high},
      {"task_definition", "task_definition", nullptr, "reports:1", severity::high},
      {"platform_version", "platform_version", nullptr, "LATEST", severity::low},
      {"network_configuration", "network_configuration", nlohmann::json::array(),
       nlohmann::json::parse(R"([{"assign_public_ip":false,"security_groups":["sg-0d4e5f6a7b8c9d0e1"],)"
                             R"("subnets":["subnet-0a1b2c3d","subnet-4e5f6a7b"]}])"),
       severity::low},
  });
  CHECK(to_string(a.sev) == "high");
  CHECK(a.priority == "WARNING");
  check_ops_admin_cli(a.who);
  check_where(a);
}

TEST_CASE("CreateService of a service the state has is a recreate reporting only what differs",
          "[events][service]") {
  run r("cloudtrail/create_service_recreate.json");
  INFO(r.dump());
  const auto& a = enveloped_alert(r);
  CHECK(to_string(a.kind) == "recreate");
  check_managed(a, "aws_ecs_service.main");
  CHECK(a.resource_type == "aws_ecs_service");
  CHECK(a.resource_id == "production/my-service");
  // desiredCount 3, taskDefinition "web-app:7" (state: its ARN), the same network and the
  // tag list [{key,value}] (state: a map) all equal the state.
  check_changes(a, {{"launch_type", "launch_type", "FARGATE", "EC2", severity::high}});
  CHECK(to_string(a.sev) == "high");
  CHECK(a.priority == "WARNING");
  check_ops_admin_cli(a.who);
  check_where(a);
}

TEST_CASE("a console UpdateService resending unchanged fields reports only the one it changed",
          "[events][service][console]") {
  run r("cloudtrail/update_service_full.json");
  INFO(r.dump());
  const auto& a = enveloped_alert(r);
  CHECK(to_string(a.kind) == "update");
  check_managed(a, "module.api.aws_ecs_service.this[\"billing\"]");
  CHECK(a.resource_id == "production/billing-api");
  // desiredCount 2, taskDefinition (ARN; state: "api:12"), platformVersion and the
  // deployment configuration are resent unchanged; forceNewDeployment is a redeployment the
  // provider never reads back, so no drift (alone it is activity: test_state_shape.cpp).
  check_changes(a, {
      {"enable_execute_command", "enable_execute_command", false, true, severity::high},
  });
  const auto* exec = tfdrift_test::find_change(a, "enable_execute_command");
  REQUIRE(exec);
  CHECK(exec->rule == "ECS Service Configuration");
  // The rule says high; turning ECS Exec on is a critical security finding (security.hpp).
  CHECK(to_string(a.sev) == "critical");
  REQUIRE(a.security.size() == 1);
  CHECK(a.security[0].check == "exec.enabled");
  CHECK(a.rule == "ECS Service Configuration");
  CHECK(a.priority == "WARNING");
  CHECK(a.who.name == "jane.doe");
  CHECK(a.who.identity_type == "IAMUser");
  CHECK(a.who.source == "console");
  CHECK(a.who.arn == "arn:aws:iam::123456789012:user/jane.doe");
  check_where(a);
}

TEST_CASE("UpdateService network configuration: security groups and public IP change, reordered subnets do not",
          "[events][service]") {
  run r("cloudtrail/update_service_network.json");
  INFO(r.dump());
  const auto& a = enveloped_alert(r);
  CHECK(to_string(a.kind) == "update");
  check_managed(a, "aws_ecs_service.main");
  check_changes(a, {
      {"network_configuration[0].security_groups", "network_configuration",
       strings{"sg-0a1b2c3d4e5f60718"}, strings{"sg-0a1b2c3d4e5f60718", "sg-0ffffeeee11112222"},
       severity::low},
      {"network_configuration[0].assign_public_ip", "network_configuration", false, true, severity::low},
  });
  // No rule watches network_configuration: reported at the unwatched severity, which the
  // security findings on the new security group and the public IP raise to high.
  CHECK(to_string(a.changes[0].sev) == "low");
  CHECK(to_string(a.sev) == "high");
  REQUIRE(a.security.size() == 2);
  CHECK(a.security[0].check == "network.public_ip_enabled");
  CHECK(a.security[1].check == "network.security_groups_changed");
  CHECK(a.security[1].detail == "security groups added: sg-0ffffeeee11112222");
  CHECK(a.rule.empty());
  CHECK(a.priority == "WARNING");
  check_ops_admin_cli(a.who);
  check_where(a);
}

TEST_CASE("DeleteService of a managed service is a critical delete with CRITICAL priority",
          "[events][service][delete]") {
  run r("cloudtrail/delete_service.json");
  INFO(r.dump());
  const auto& a = enveloped_alert(r);
  CHECK(to_string(a.kind) == "delete");
  check_managed(a, "aws_ecs_service.main");
  CHECK(a.resource_type == "aws_ecs_service");
  CHECK(a.resource_id == "production/my-service");
  CHECK(a.changes.empty());
  CHECK(to_string(a.sev) == "critical");
  CHECK(a.rule == "ECS Service Configuration");
  CHECK(a.priority == "CRITICAL");
  check_ops_admin_cli(a.who);
  check_where(a);
}

TEST_CASE("UpdateService by Application Auto Scaling's service-linked role is attributed to the AWS service",
          "[events][service][actor]") {
  run r("cloudtrail/autoscaling_desired_count.json");
  INFO(r.dump());
  const auto& a = enveloped_alert(r);
  CHECK(to_string(a.kind) == "update");
  check_managed(a, "aws_ecs_service.main");
  check_changes(a, {{"desired_count", "desired_count", 3, 6, severity::high}});
  CHECK(to_string(a.sev) == "high");
  CHECK(a.priority == "WARNING");
  CHECK(a.who.name == "AutoScaling");
  CHECK(a.who.identity_type == "AssumedRole");
  CHECK(a.who.source == "aws-service");
  CHECK(a.who.invoked_by == "application-autoscaling.amazonaws.com");
  CHECK(a.who.arn ==
        "arn:aws:sts::123456789012:assumed-role/AWSServiceRoleForApplicationAutoScaling_ECSService/AutoScaling");
  check_where(a);
}

TEST_CASE("UpdateService of a counted service names the instance aws_ecs_service.worker[0]",
          "[events][service][address]") {
  run r("cloudtrail/update_service_worker.json");
  INFO(r.dump());
  const auto& a = enveloped_alert(r);
  CHECK(to_string(a.kind) == "update");
  check_managed(a, "aws_ecs_service.worker[0]");
  CHECK(a.resource_id == "batch/worker");
  check_changes(a, {{"desired_count", "desired_count", 1, 2, severity::high}});
  CHECK(to_string(a.sev) == "high");
  check_admin_sdk(a.who);
  check_where(a);
}

// ---- task definitions -------------------------------------------------------------------------

TEST_CASE("RegisterTaskDefinition of web-app with a new image is a medium create, diffed per container field",
          "[events][task_definition][console]") {
  run r("cloudtrail/register_task_definition_image.json");
  INFO(r.dump());
  const auto& a = enveloped_alert(r);
  CHECK(to_string(a.kind) == "create");
  check_managed(a, "aws_ecs_task_definition.web_app");
  CHECK(a.resource_type == "aws_ecs_task_definition");
  CHECK(a.resource_id == "web-app:8");
  // The request leaves out the server defaults the state holds (cpu 0, empty lists, protocol
  // tcp) and orders environment otherwise: none of that is a change.
  check_changes(a, {{"container_definitions[name=nginx].image", "container_definitions", "nginx:1.20",
                     "nginx:1.21", severity::medium}});
  CHECK(to_string(a.sev) == "medium");
  CHECK(a.rule == "ECS Task Definition Changes");
  CHECK(a.priority == "WARNING");
  CHECK(a.who.name == "developer@example.com");
  CHECK(a.who.identity_type == "AssumedRole");
  CHECK(a.who.source == "console");
  CHECK(a.who.arn ==
        "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_DeveloperAccess_0123abcd/developer@example.com");
  check_where(a);
}

TEST_CASE("DeregisterTaskDefinition of the revision in state is a delete", "[events][task_definition][delete]") {
  run r("cloudtrail/deregister_task_definition.json");
  INFO(r.dump());
  const auto& a = enveloped_alert(r);
  CHECK(to_string(a.kind) == "delete");
  check_managed(a, "aws_ecs_task_definition.web_app");
  CHECK(a.resource_type == "aws_ecs_task_definition");
  CHECK(a.resource_id == "web-app:7");
  CHECK(a.changes.empty());
  CHECK(to_string(a.sev) == "critical");
  CHECK(a.rule == "ECS Task Definition Changes");
  CHECK(a.priority == "WARNING");
  check_ops_admin_cli(a.who);
  check_where(a);
}

TEST_CASE("DeregisterTaskDefinition of another revision of a managed family is no change",
          "[events][task_definition]") {
  run r("cloudtrail/deregister_task_definition_other.json");
  INFO(r.dump());
  CHECK(r.alerts.empty());
  check_single_outcome(r.stats(), outcome::no_change);
}

// ---- clusters ---------------------------------------------------------------------------------

TEST_CASE("PutClusterCapacityProviders adds FARGATE_SPOT and makes it the default strategy",
          "[events][cluster][capacity_providers]") {
  run r("cloudtrail/put_cluster_capacity_providers.json");
  INFO(r.dump());
  const auto& a = enveloped_alert(r);
  CHECK(to_string(a.kind) == "update");
  check_managed(a, "aws_ecs_cluster_capacity_providers.main");
  CHECK(a.resource_type == "aws_ecs_cluster_capacity_providers");
  CHECK(a.resource_id == "production");
  // The request's strategy item has no base: it defaults to 0, like the state's.
  check_changes(a, {
      {"capacity_providers", "capacity_providers", strings{"FARGATE"}, strings{"FARGATE", "FARGATE_SPOT"},
       severity::high},
      {"default_capacity_provider_strategy", "default_capacity_provider_strategy",
       parse_json(R"([{"base":0,"capacity_provider":"FARGATE","weight":1}])"),
       parse_json(R"([{"base":0,"capacity_provider":"FARGATE_SPOT","weight":1}])"), severity::high},
  });
  CHECK(to_string(a.sev) == "high");
  CHECK(a.rule == "ECS Cluster Settings");
  CHECK(a.priority == "WARNING");
  check_admin_sdk(a.who);
  check_where(a);
}

TEST_CASE("UpdateCluster containerInsights disabled -> enhanced changes setting[name=containerInsights].value",
          "[events][cluster]") {
  run r("cloudtrail/update_cluster.json");
  INFO(r.dump());
  const auto& a = enveloped_alert(r);
  CHECK(to_string(a.kind) == "update");
  check_managed(a, "aws_ecs_cluster.main");
  CHECK(a.resource_type == "aws_ecs_cluster");
  CHECK(a.resource_id == "production");
  check_changes(a, {{"setting[name=containerInsights].value", "setting", "disabled", "enhanced", severity::high}});
  CHECK(to_string(a.sev) == "high");
  CHECK(a.rule == "ECS Cluster Settings");
  CHECK(a.priority == "WARNING");
  check_ops_admin_cli(a.who);
  check_where(a);
}

TEST_CASE("UpdateClusterSettings naming the cluster by ARN finds aws_ecs_cluster.batch", "[events][cluster]") {
  run r("cloudtrail/update_cluster_settings.json");
  INFO(r.dump());
  const auto& a = enveloped_alert(r);
  CHECK(to_string(a.kind) == "update");
  check_managed(a, "aws_ecs_cluster.batch");
  CHECK(a.resource_type == "aws_ecs_cluster");
  CHECK(a.resource_id == "batch");
  check_changes(a, {{"setting[name=containerInsights].value", "setting", "enabled", "disabled", severity::high}});
  CHECK(to_string(a.sev) == "high");
  CHECK(a.priority == "WARNING");
  check_admin_sdk(a.who);
  check_where(a);
}

TEST_CASE("UpdateClusterSettings on a cluster the state only reads through a data source is unmanaged",
          "[events][cluster][unmanaged]") {
  run r("cloudtrail/update_cluster_settings_data_source.json");
  INFO(r.dump());
  const auto& a = enveloped_alert(r);
  check_unmanaged(a);
  CHECK(a.resource_type == "aws_ecs_cluster");
  CHECK(a.resource_id == "shared");
  check_changes(a, {{"setting[name=containerInsights].value", "setting", nullptr, "enabled", severity::high}});
  CHECK(to_string(a.sev) == "high");
  check_where(a);
}

TEST_CASE("UpdateContainerInstancesState DRAINING is activity on the managed cluster", "[events][cluster]") {
  run r("cloudtrail/update_container_instances_state.json");
  INFO(r.dump());
  const auto& a = enveloped_alert(r);
  CHECK(to_string(a.kind) == "activity");
  check_managed(a, "aws_ecs_cluster.main");
  CHECK(a.resource_type == "aws_ecs_container_instance");
  CHECK(a.resource_id == "production");
  // The request names the instance by ARN; the path carries its ID.
  check_changes(a, {{"container_instances[0a1b2c3d4e5f47a8b9c0d1e2f3a4b5c6].status", "status", nullptr,
                     "DRAINING", severity::low}});
  CHECK(to_string(a.sev) == "low");
  CHECK(a.priority == "WARNING");
  check_ops_admin_cli(a.who);
  check_where(a);
}

TEST_CASE("CreateCluster from ecs.amazonaws.com of a new cluster is unmanaged", "[events][cluster][unmanaged]") {
  run r("cloudtrail/create_cluster_ecs.json");
  INFO(r.dump());
  const auto& a = enveloped_alert(r);
  check_unmanaged(a);
  CHECK(a.resource_type == "aws_ecs_cluster");
  CHECK(a.resource_id == "analytics");
  check_changes(a, {
      {"setting[name=containerInsights].value", "setting", nullptr, "enabled", severity::high},
      {"tags.Team", "tags", nullptr, "data", severity::low},
  });
  CHECK(to_string(a.sev) == "high");
  CHECK(a.rule == "ECS Cluster Settings");
  CHECK(a.priority == "WARNING");
  check_ops_admin_cli(a.who);
  check_where(a);
}

TEST_CASE("DeleteCluster from ecs.amazonaws.com of a managed cluster is a critical delete",
          "[events][cluster][delete]") {
  run r("cloudtrail/delete_cluster_ecs.json");
  INFO(r.dump());
  const auto& a = enveloped_alert(r);
  CHECK(to_string(a.kind) == "delete");
  check_managed(a, "aws_ecs_cluster.batch");
  CHECK(a.resource_type == "aws_ecs_cluster");
  CHECK(a.resource_id == "batch");
  CHECK(a.changes.empty());
  CHECK(to_string(a.sev) == "critical");
  CHECK(a.rule == "ECS Cluster Settings");
  CHECK(a.priority == "WARNING");
  check_ops_admin_cli(a.who);
  check_where(a);
}

// ---- capacity providers -----------------------------------------------------------------------

TEST_CASE("CreateCapacityProvider of a new provider is unmanaged", "[events][capacity_provider][unmanaged]") {
  run r("cloudtrail/create_capacity_provider.json");
  INFO(r.dump());
  const auto& a = enveloped_alert(r);
  check_unmanaged(a);
  CHECK(a.resource_type == "aws_ecs_capacity_provider");
  CHECK(a.resource_id == "asg-ondemand");
  const std::string asg = "auto_scaling_group_provider[0]";
  const std::string scaling = asg + ".managed_scaling[0]";
  check_changes(a, {
      {asg + ".auto_scaling_group_arn", "auto_scaling_group_provider", nullptr,
       "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:7a8b9c0d-5555-6666-7777-888899990000:"
       "autoScalingGroupName/ecs-ondemand",
       severity::high},
      {asg + ".managed_draining", "auto_scaling_group_provider", nullptr, "ENABLED", severity::high},
      {asg + ".managed_termination_protection", "auto_scaling_group_provider", nullptr, "DISABLED", severity::high},
      {scaling + ".status", "auto_scaling_group_provider", nullptr, "ENABLED", severity::high},
      {scaling + ".target_capacity", "auto_scaling_group_provider", nullptr, 100, severity::high},
      {scaling + ".minimum_scaling_step_size", "auto_scaling_group_provider", nullptr, 1, severity::high},
      {scaling + ".maximum_scaling_step_size", "auto_scaling_group_provider", nullptr, 10000, severity::high},
      {scaling + ".instance_warmup_period", "auto_scaling_group_provider", nullptr, 300, severity::high},
      {"tags.Team", "tags", nullptr, "platform", severity::low},
  });
  CHECK(to_string(a.sev) == "high");
  CHECK(a.rule == "ECS Capacity Providers");
  CHECK(a.priority == "WARNING");
  check_admin_sdk(a.who);
  check_where(a);
}

TEST_CASE("UpdateCapacityProvider targetCapacity 100 -> 80 is the only change, the absent ASG ARN is none",
          "[events][capacity_provider]") {
  run r("cloudtrail/update_capacity_provider.json");
  INFO(r.dump());
  const auto& a = enveloped_alert(r);
  CHECK(to_string(a.kind) == "update");
  check_managed(a, "aws_ecs_capacity_provider.spot");
  CHECK(a.resource_type == "aws_ecs_capacity_provider");
  CHECK(a.resource_id == "asg-spot");
  check_changes(a, {{"auto_scaling_group_provider[0].managed_scaling[0].target_capacity",
                     "auto_scaling_group_provider", 100, 80, severity::high}});
  CHECK(to_string(a.sev) == "high");
  CHECK(a.rule == "ECS Capacity Providers");
  CHECK(a.priority == "WARNING");
  check_admin_sdk(a.who);
  check_where(a);
}

TEST_CASE("DeleteCapacityProvider by ARN is a critical delete of aws_ecs_capacity_provider.spot",
          "[events][capacity_provider][delete]") {
  run r("cloudtrail/delete_capacity_provider.json");
  INFO(r.dump());
  const auto& a = enveloped_alert(r);
  CHECK(to_string(a.kind) == "delete");
  check_managed(a, "aws_ecs_capacity_provider.spot");
  CHECK(a.resource_type == "aws_ecs_capacity_provider");
  CHECK(a.resource_id == "asg-spot");
  CHECK(a.changes.empty());
  CHECK(to_string(a.sev) == "critical");
  CHECK(a.rule == "ECS Capacity Providers");
  CHECK(a.priority == "WARNING");
  check_ops_admin_cli(a.who);
  check_where(a);
}

}  // namespace tfdrift_test_events
