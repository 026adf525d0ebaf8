// Unit tests of target.hpp: the resource an ECS event acts on, as the state index names it, and
// the account and region it lives in (request members as botocore's ECS model names them; ARN
// formats as the ECS developer guide's "Amazon Resource Names" section gives them).
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <tfdrift/target.hpp>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_target {

using nlohmann::json;
using namespace tfdrift;

namespace {

resource_target resolve(std::string_view name, std::string_view request, std::string_view response = "null") {
  const event_entry* e = find_event("ecs.amazonaws.com", name);
  REQUIRE(e != nullptr);
  event ev;
  ev.event_name = name;
  ev.account = "111122223333";
  ev.region = "us-east-1";
  ev.request = json::parse(request);
  ev.response = json::parse(response);
  return resolve_target(*e, ev);
}

void check(const resource_target& t, std::string_view key, std::string_view type, std::string_view account = "111122223333",
           std::string_view region = "us-east-1") {
  CHECK(t.key == key);
  CHECK(t.resource_id == key);
  CHECK(t.type == type);
  CHECK(t.account == account);
  CHECK(t.region == region);
}

}  // namespace

TEST_CASE("a service is CLUSTER/NAME from names, from ARNs of both formats, or in the default cluster", "[target]") {
  check(resolve("UpdateService", R"({"cluster": "prod", "service": "api"})"), "prod/api", "aws_ecs_service");
  check(resolve("UpdateService", R"({"service": "api"})"), "default/api", "aws_ecs_service");
  check(resolve("UpdateService", R"({"cluster": "arn:aws:ecs:eu-west-1:444455556666:cluster/prod", "service": "api"})"),
        "prod/api", "aws_ecs_service", "444455556666", "eu-west-1");
  // The new ARN format names the cluster; the old one (service/NAME) does not.
  check(resolve("UpdateService", R"({"service": "arn:aws:ecs:us-west-2:444455556666:service/prod/api"})"), "prod/api",
        "aws_ecs_service", "444455556666", "us-west-2");
  check(resolve("UpdateService", R"({"cluster": "prod", "service": "arn:aws:ecs:us-east-1:111122223333:service/api"})"),
        "prod/api", "aws_ecs_service");
}

TEST_CASE("a task definition is family or family:rev, a register names the new revision from the response", "[target]") {
  resource_target reg = resolve("RegisterTaskDefinition", R"({"family": "web"})",
                                R"({"taskDefinition": {"taskDefinitionArn": "arn:aws:ecs:us-east-1:111122223333:task-definition/web:8"}})");
  CHECK(reg.key == "web");
  CHECK(reg.resource_id == "web:8");
  CHECK(reg.type == "aws_ecs_task_definition");
  check(resolve("DeregisterTaskDefinition", R"({"taskDefinition": "arn:aws:ecs:us-east-1:111122223333:task-definition/web:7"})"),
        "web:7", "aws_ecs_task_definition");
  // DeleteTaskDefinitions names a list: the target is its first entry.
  check(resolve("DeleteTaskDefinitions", R"({"taskDefinitions": ["web:5", "web:6"]})"), "web:5", "aws_ecs_task_definition");
}

TEST_CASE("a task set is CLUSTER/SERVICE/ID, from its ARN or from the cluster, service and id", "[target]") {
  check(resolve("UpdateTaskSet", R"({"cluster": "prod", "service": "api", "taskSet": "ecs-svc/1234567890123456789"})"),
        "prod/api/ecs-svc/1234567890123456789", "aws_ecs_task_set");
  check(resolve("UpdateTaskSet",
                R"({"cluster": "prod", "service": "api",
                    "taskSet": "arn:aws:ecs:us-east-1:111122223333:task-set/prod/api/ecs-svc/1234567890123456789"})"),
        "prod/api/ecs-svc/1234567890123456789", "aws_ecs_task_set");
}

TEST_CASE("TagResource: the ARN's kind names the type, its rest the name", "[target]") {
  check(resolve("TagResource", R"({"resourceArn": "arn:aws:ecs:us-east-1:111122223333:cluster/prod"})"), "prod",
        "aws_ecs_cluster");
  check(resolve("TagResource", R"({"resourceArn": "arn:aws:ecs:eu-west-1:444455556666:service/prod/api"})"), "prod/api",
        "aws_ecs_service", "444455556666", "eu-west-1");
  check(resolve("TagResource", R"({"resourceArn": "arn:aws:ecs:us-east-1:111122223333:service/api"})"), "default/api",
        "aws_ecs_service");
  check(resolve("UntagResource", R"({"resourceArn": "arn:aws:ecs:us-east-1:111122223333:task-definition/web:3"})"), "web:3",
        "aws_ecs_task_definition");
  check(resolve("TagResource", R"({"resourceArn": "arn:aws:ecs:us-east-1:111122223333:capacity-provider/spot"})"), "spot",
        "aws_ecs_capacity_provider");
  // Not an ECS resource ARN: no type, the text as the resource.
  resource_target other = resolve("TagResource", R"({"resourceArn": "arn:aws:s3:::bucket"})");
  CHECK(other.type.empty());
  CHECK(other.key.empty());
  CHECK(other.resource_id == "arn:aws:s3:::bucket");
}

TEST_CASE("clusters and capacity providers by name or ARN, account settings by name", "[target]") {
  check(resolve("UpdateClusterSettings", R"({"cluster": "arn:aws:ecs:us-east-1:111122223333:cluster/prod"})"), "prod",
        "aws_ecs_cluster");
  check(resolve("UpdateCapacityProvider", R"({"name": "spot"})"), "spot", "aws_ecs_capacity_provider");
  check(resolve("PutAccountSettingDefault", R"({"name": "containerInsights", "value": "enabled"})"), "containerInsights",
        "aws_ecs_account_setting_default");
}

}  // namespace tfdrift_test_target
