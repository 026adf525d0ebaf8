// The attribute-path differ: each comparison kind, with exact old and new values.
#include <catch2/catch.hpp>

#include <tfdrift/diff.hpp>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_diff {

using nlohmann::json;
using namespace tfdrift;

namespace {
std::vector<change> run(const field_map& f, const json& request, const json& state, bool full = false,
                        bool awsvpc = false) {
  diff_context ctx;
  ctx.region = "us-east-1";
  ctx.account = "123456789012";
  ctx.full_replacement = full;
  ctx.awsvpc = awsvpc;
  std::vector<change> out;
  diff_field(f, detail::request_at(request, f.request_path), state, ctx, out);
  return out;
}
}  // namespace

TEST_CASE("numbers compare by value whatever their JSON type", "[diff]") {
  field_map f{"desiredCount", "desired_count", compare_kind::number};
  CHECK(run(f, json{{"desiredCount", 3}}, json{{"desired_count", 3}}).empty());
  CHECK(run(f, json{{"desiredCount", "3"}}, json{{"desired_count", 3}}).empty());
  auto c = run(f, json{{"desiredCount", 5}}, json{{"desired_count", 3}});
  REQUIRE(c.size() == 1);
  CHECK(c[0].path == "desired_count");
  CHECK(c[0].old_value == 3);
  CHECK(c[0].new_value == 5);
  CHECK(c[0].new_value.is_number_integer());
  CHECK(run(f, json::object(), json{{"desired_count", 3}}).empty());  // partial update leaves it alone
}

TEST_CASE("cpu and memory units equal their plain numbers and stay strings", "[diff]") {
  field_map cpu{"cpu", "cpu", compare_kind::cpu_units};
  field_map mem{"memory", "memory", compare_kind::memory_units};
  CHECK(run(cpu, json{{"cpu", "0.25 vCPU"}}, json{{"cpu", "256"}}).empty());
  CHECK(run(cpu, json{{"cpu", 256}}, json{{"cpu", "256"}}).empty());
  CHECK(run(mem, json{{"memory", "0.5 GB"}}, json{{"memory", "512"}}).empty());
  CHECK(run(mem, json{{"memory", "512 MiB"}}, json{{"memory", "512"}}).empty());
  auto c = run(mem, json{{"memory", "2 GB"}}, json{{"memory", "512"}});
  REQUIRE(c.size() == 1);
  CHECK(c[0].old_value == "512");
  CHECK(c[0].new_value == "2048");
}

TEST_CASE("assignPublicIp ENABLED compares with the state's bool", "[diff]") {
  field_map f{"networkConfiguration.awsvpcConfiguration.assignPublicIp", "network_configuration[0].assign_public_ip",
              compare_kind::enabled_flag};
  json state = json::parse(R"({"network_configuration":[{"assign_public_ip":false}]})");
  CHECK(run(f, json::parse(R"({"networkConfiguration":{"awsvpcConfiguration":{"assignPublicIp":"DISABLED"}}})"), state).empty());
  auto c = run(f, json::parse(R"({"networkConfiguration":{"awsvpcConfiguration":{"assignPublicIp":"ENABLED"}}})"), state);
  REQUIRE(c.size() == 1);
  CHECK(c[0].attribute == "network_configuration");
  CHECK(c[0].path == "network_configuration[0].assign_public_ip");
  CHECK(c[0].old_value == false);
  CHECK(c[0].new_value == true);
}

TEST_CASE("a cluster name equals its ARN in the same account and region only", "[diff]") {
  field_map f{"cluster", "cluster", compare_kind::cluster_ref};
  json state{{"cluster", "arn:aws:ecs:us-east-1:123456789012:cluster/production"}};
  CHECK(run(f, json{{"cluster", "production"}}, state).empty());
  auto c = run(f, json{{"cluster", "staging"}}, state);
  REQUIRE(c.size() == 1);
  CHECK(c[0].new_value == "arn:aws:ecs:us-east-1:123456789012:cluster/staging");
  CHECK(run(f, json{{"cluster", "arn:aws:ecs:eu-west-1:123456789012:cluster/production"}}, state).size() == 1);
}

TEST_CASE("task definition family:rev equals its ARN, and a new revision is written as an ARN", "[diff]") {
  field_map f{"taskDefinition", "task_definition", compare_kind::task_definition_ref};
  json state{{"task_definition", "arn:aws:ecs:us-east-1:123456789012:task-definition/web-app:7"}};
  CHECK(run(f, json{{"taskDefinition", "web-app:7"}}, state).empty());
  CHECK(run(f, json{{"taskDefinition", "web-app"}}, state).empty());
  auto c = run(f, json{{"taskDefinition", "web-app:8"}}, state);
  REQUIRE(c.size() == 1);
  CHECK(c[0].old_value == "arn:aws:ecs:us-east-1:123456789012:task-definition/web-app:7");
  CHECK(c[0].new_value == "arn:aws:ecs:us-east-1:123456789012:task-definition/web-app:8");
  json short_state{{"task_definition", "api:12"}};
  CHECK(run(f, json{{"taskDefinition", "arn:aws:ecs:us-east-1:123456789012:task-definition/api:12"}}, short_state).empty());
}

TEST_CASE("sets compare unordered", "[diff]") {
  field_map f{"capacityProviders", "capacity_providers", compare_kind::string_set};
  json state{{"capacity_providers", {"FARGATE", "FARGATE_SPOT"}}};
  CHECK(run(f, json{{"capacityProviders", {"FARGATE_SPOT", "FARGATE"}}}, state).empty());
  auto c = run(f, json{{"capacityProviders", {"FARGATE"}}}, state);
  REQUIRE(c.size() == 1);
  CHECK(c[0].old_value == json{"FARGATE", "FARGATE_SPOT"});
  CHECK(c[0].new_value == json{"FARGATE"});
}

TEST_CASE("capacity provider strategies compare as sets with base and weight defaulting to 0", "[diff]") {
  field_map f{"defaultCapacityProviderStrategy", "default_capacity_provider_strategy", compare_kind::strategy_set};
  json state = json::parse(R"({"default_capacity_provider_strategy":[{"base":0,"capacity_provider":"FARGATE","weight":1}]})");
  CHECK(run(f, json::parse(R"({"defaultCapacityProviderStrategy":[{"capacityProvider":"FARGATE","weight":1}]})"), state).empty());
  auto c = run(f, json::parse(R"({"defaultCapacityProviderStrategy":[{"capacityProvider":"FARGATE_SPOT","weight":"4","base":1}]})"), state);
  REQUIRE(c.size() == 1);
  CHECK(c[0].new_value == json::parse(R"([{"base":1,"capacity_provider":"FARGATE_SPOT","weight":4}])"));
}

TEST_CASE("cluster settings compare per name", "[diff]") {
  field_map f{"settings", "setting", compare_kind::settings};
  json state = json::parse(R"({"setting":[{"name":"containerInsights","value":"disabled"}]})");
  auto c = run(f, json::parse(R"({"settings":[{"name":"containerInsights","value":"enhanced"}]})"), state);
  REQUIRE(c.size() == 1);
  CHECK(c[0].attribute == "setting");
  CHECK(c[0].path == "setting[name=containerInsights].value");
  CHECK(c[0].old_value == "disabled");
  CHECK(c[0].new_value == "enhanced");
  CHECK(run(f, json::parse(R"({"settings":[{"name":"containerInsights","value":"disabled"}]})"), state).empty());
}

TEST_CASE("tags compare per key against the state's map", "[diff]") {
  field_map f{"tags", "tags", compare_kind::tags};
  json state = json::parse(R"({"tags":{"Team":"platform"}})");
  auto c = run(f, json::parse(R"({"tags":[{"key":"Team","value":"platform"},{"key":"Owner","value":"bob"}]})"), state);
  REQUIRE(c.size() == 1);
  CHECK(c[0].path == "tags.Owner");
  CHECK(c[0].old_value.is_null());
  CHECK(c[0].new_value == "bob");
}

TEST_CASE("nested blocks are reached through [0] paths", "[diff]") {
  field_map f{"autoScalingGroupProvider.managedScaling.targetCapacity",
              "auto_scaling_group_provider[0].managed_scaling[0].target_capacity", compare_kind::number};
  json state = json::parse(R"({"auto_scaling_group_provider":[{"managed_scaling":[{"target_capacity":100}]}]})");
  auto c = run(f, json::parse(R"({"autoScalingGroupProvider":{"managedScaling":{"targetCapacity":80}}})"), state);
  REQUIRE(c.size() == 1);
  CHECK(c[0].attribute == "auto_scaling_group_provider");
  CHECK(c[0].path == "auto_scaling_group_provider[0].managed_scaling[0].target_capacity");
  CHECK(c[0].old_value == 100);
  CHECK(c[0].new_value == 80);
}

TEST_CASE("a full replacement unsets what the request leaves out, with defaults", "[diff]") {
  field_map role{"taskRoleArn", "task_role_arn", compare_kind::string};
  field_map mode{"networkMode", "network_mode", compare_kind::string, "bridge"};
  auto c = run(role, json::object(), json{{"task_role_arn", "arn:aws:iam::123456789012:role/x"}}, true);
  REQUIRE(c.size() == 1);
  CHECK(c[0].old_value == "arn:aws:iam::123456789012:role/x");
  CHECK(c[0].new_value.is_null());
  CHECK(run(role, json::object(), json{{"task_role_arn", ""}}, true).empty());
  CHECK(run(mode, json::object(), json{{"network_mode", "bridge"}}, true).empty());
  auto m = run(mode, json::object(), json{{"network_mode", "awsvpc"}}, true);
  REQUIRE(m.size() == 1);
  CHECK(m[0].new_value == "bridge");
}

TEST_CASE("container definitions follow the provider's equivalence rules", "[diff][container_definitions]") {
  field_map f{"containerDefinitions", "container_definitions", compare_kind::container_definitions};
  json state{{"container_definitions",
              R"([{"cpu":0,"environment":[{"name":"B","value":"2"},{"name":"A","value":"1"}],"essential":true,)"
              R"("image":"nginx:1.20","mountPoints":[],"name":"web","portMappings":[{"containerPort":80,"hostPort":80,"protocol":"tcp"}],)"
              R"("healthCheck":{"command":["CMD","true"],"interval":30,"retries":3,"timeout":5}},)"
              R"({"name":"sidecar","image":"envoy:1","essential":false}])"}};
  json same = json::parse(R"({"containerDefinitions":[
      {"name":"sidecar","image":"envoy:1","essential":false},
      {"image":"nginx:1.20","name":"web","environment":[{"name":"A","value":"1"},{"value":"2","name":"B"}],
       "portMappings":[{"containerPort":80}],"healthCheck":{"command":["CMD","true"]}}]})");
  CHECK(run(f, same, state, true, true).empty());
  // Outside awsvpc an unset hostPort is not containerPort.
  CHECK(run(f, same, state, true, false).size() == 1);

  json changed = same;
  changed["containerDefinitions"][1]["image"] = "nginx:1.21";
  changed["containerDefinitions"][1]["environment"][0]["value"] = "9";
  changed["containerDefinitions"].erase(0);
  auto c = run(f, changed, state, true, true);
  REQUIRE(c.size() == 3);
  CHECK(c[0].path == "container_definitions[name=sidecar]");
  CHECK(c[0].new_value.is_null());
  CHECK(c[1].path == "container_definitions[name=web].environment[name=A].value");
  CHECK(c[1].old_value == "1");
  CHECK(c[1].new_value == "9");
  CHECK(c[2].path == "container_definitions[name=web].image");
  CHECK(c[2].attribute == "container_definitions");
  CHECK(c[2].old_value == "nginx:1.20");
  CHECK(c[2].new_value == "nginx:1.21");
}

}  // namespace tfdrift_test_diff
