// The constexpr catalog: its invariants at compile time and its lookups at run time.
#include <catch2/catch.hpp>

#include <tfdrift/catalog.hpp>

#include <set>
#include <string>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_catalog {

namespace {
using namespace tfdrift;

// Compile-time invariants: a catalog that breaks them does not build.
static_assert(detail::catalog_is_consistent());
static_assert(events[event_index("ecs.amazonaws.com", "UpdateService")].resource_type == "aws_ecs_service");
static_assert(event_index("eks.amazonaws.com", "CreateCluster") == events.size());
static_assert(event_index("redshift.amazonaws.com", "CreateCluster") == events.size());
static_assert(event_index("ecs.amazonaws.com", "RunTask") == events.size());
static_assert(events[event_index("ecs.amazonaws.com", "DeleteService")].priority == "CRITICAL");
static_assert(events[event_index("ecs.amazonaws.com", "ExecuteCommand")].action == event_action::exec_session);
static_assert(events[event_index("ecs.amazonaws.com", "ExecuteCommand")].resource_type == "aws_ecs_cluster");
static_assert(events[event_index("ecs.amazonaws.com", "ExecuteCommand")].priority == "WARNING");
static_assert(canonical_attribute("aws_ecs_cluster", "settings") == "setting");
static_assert(knows_attribute("aws_ecs_service", "desired_count"));
static_assert(!knows_attribute("aws_ecs_service", "desiredCount"));
static_assert(top_attribute("auto_scaling_group_provider[0].managed_scaling[0].target_capacity") ==
              "auto_scaling_group_provider");
}  // namespace

TEST_CASE("catalog lists the spec's 12 events, ECS CreateCluster, DeleteCluster, ExecuteCommand and the API model's other writes",
          "[catalog]") {
  std::set<std::string> names;
  for (const auto& e : events) {
    CHECK(e.source == "ecs.amazonaws.com");
    names.emplace(e.name);
  }
  CHECK(names == std::set<std::string>{
                     "ContinueServiceDeployment", "CreateCapacityProvider", "CreateCluster", "CreateDaemon",
                     "CreateExpressGatewayService", "CreateService", "CreateTaskSet", "DeleteAccountSetting",
                     "DeleteCapacityProvider", "DeleteCluster", "DeleteDaemon", "DeleteDaemonTaskDefinition",
                     "DeleteExpressGatewayService", "DeleteService", "DeleteTaskDefinitions", "DeleteTaskSet",
                     "DeregisterTaskDefinition", "ExecuteCommand", "PutAccountSetting", "PutAccountSettingDefault",
                     "PutClusterCapacityProviders", "RegisterDaemonTaskDefinition", "RegisterTaskDefinition",
                     "StopServiceDeployment", "TagResource", "UntagResource", "UpdateCapacityProvider",
                     "UpdateCluster", "UpdateClusterSettings", "UpdateContainerInstancesState", "UpdateDaemon",
                     "UpdateExpressGatewayService", "UpdateService", "UpdateServicePrimaryTaskSet",
                     "UpdateTaskSet"});
}

TEST_CASE("catalog covers twelve resource types, the spec's six with their watched attributes", "[catalog]") {
  REQUIRE(resource_schemas.size() == 12);
  for (std::string_view t : {"aws_ecs_account_setting_default", "aws_ecs_tag", "aws_ecs_task_set", "aws_ecs_daemon",
                             "aws_ecs_daemon_task_definition", "aws_ecs_express_gateway_service"}) {
    INFO(t);
    CHECK(find_resource(t) != nullptr);
  }
  const auto* svc = find_resource("aws_ecs_service");
  REQUIRE(svc);
  CHECK(std::set<std::string_view>(svc->watched.begin(), svc->watched.end()) ==
        std::set<std::string_view>{"cluster", "desired_count", "enable_execute_command", "force_new_deployment",
                                   "launch_type", "name", "task_definition"});
  const auto* td = find_resource("aws_ecs_task_definition");
  REQUIRE(td);
  CHECK(td->watched.size() == 8);
  CHECK(find_resource("aws_ecs_container_instance") != nullptr);
  CHECK(find_resource("aws_eks_cluster") == nullptr);
}

TEST_CASE("UpdateService reports forceNewDeployment as activity and maps no launchType", "[catalog]") {
  const auto* update = find_event(ecs_source, "UpdateService");
  const auto* create = find_event(ecs_source, "CreateService");
  REQUIRE(update);
  REQUIRE(create);
  auto has = [](const event_entry& e, std::string_view key) {
    bool hit = false;
    for_each_field(e, [&](const field_map& f) { hit = hit || f.request_path == key; });
    return hit;
  };
  CHECK_FALSE(has(*update, "forceNewDeployment"));
  CHECK_FALSE(has(*update, "launchType"));
  CHECK(has(*create, "launchType"));
  CHECK_FALSE(has(*find_event(ecs_source, "UpdateCapacityProvider"), "autoScalingGroupProvider.autoScalingGroupArn"));
  CHECK(has(*find_event(ecs_source, "CreateCapacityProvider"), "autoScalingGroupProvider.autoScalingGroupArn"));
}

TEST_CASE("ExecuteCommand reports its request keys as they are and maps no attribute", "[catalog]") {
  const auto* exec = find_event(ecs_source, "ExecuteCommand");
  REQUIRE(exec);
  CHECK(exec->target_key == "cluster");
  CHECK(std::set<std::string_view>(exec->reported_keys.begin(), exec->reported_keys.end()) ==
        std::set<std::string_view>{"command", "container", "interactive", "task"});
  std::size_t fields = 0;
  for_each_field(*exec, [&](const field_map&) { ++fields; });
  CHECK(fields == 0);
}

}  // namespace tfdrift_test_catalog
