// Terraform state loading: addresses, locations and O(1) lookups by name, ARN or family.
#include <catch2/catch.hpp>

#include <tfdrift/state.hpp>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_state {

using namespace tfdrift;

namespace {
const char* kState = R"({
  "version": 4, "terraform_version": "1.9.5", "serial": 3, "lineage": "x", "outputs": {},
  "resources": [
    {"mode":"managed","type":"aws_ecs_cluster","name":"main","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]",
     "instances":[{"schema_version":0,"attributes":{"arn":"arn:aws:ecs:us-east-1:111122223333:cluster/prod","id":"arn:aws:ecs:us-east-1:111122223333:cluster/prod","name":"prod"}}]},
    {"mode":"managed","type":"aws_ecs_cluster_capacity_providers","name":"main","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]",
     "instances":[{"schema_version":0,"attributes":{"id":"prod","cluster_name":"prod","capacity_providers":["FARGATE"]}}]},
    {"module":"module.svc","mode":"managed","type":"aws_ecs_service","name":"this","provider":"provider[\"registry.terraform.io/hashicorp/aws\"].eu",
     "instances":[{"index_key":"billing","attributes":{"id":"arn:aws:ecs:eu-west-1:444455556666:service/prod/billing","name":"billing","cluster":"arn:aws:ecs:eu-west-1:444455556666:cluster/prod"}},
                  {"index_key":"a\"b","attributes":{"name":"quoted","cluster":"prod"}}]},
    {"mode":"managed","type":"aws_ecs_task_definition","name":"web","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]",
     "instances":[{"index_key":0,"attributes":{"arn":"arn:aws:ecs:us-east-1:111122223333:task-definition/web:7","family":"web","revision":7}}]},
    {"mode":"data","type":"aws_ecs_cluster","name":"shared","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]",
     "instances":[{"attributes":{"arn":"arn:aws:ecs:us-east-1:111122223333:cluster/shared","name":"shared"}}]},
    {"mode":"managed","type":"aws_iam_role","name":"task","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]",
     "instances":[{"attributes":{"name":"prod"}}]}
  ]})";
}  // namespace

TEST_CASE("state addresses carry modules and index keys", "[state]") {
  state_index s;
  s.load(kState, "main.tfstate");
  REQUIRE(s.instances().size() == 5);
  CHECK(s.instances()[0].address == "aws_ecs_cluster.main");
  CHECK(s.instances()[2].address == "module.svc.aws_ecs_service.this[\"billing\"]");
  CHECK(s.instances()[3].address == "module.svc.aws_ecs_service.this[\"a\\\"b\"]");
  CHECK(s.instances()[4].address == "aws_ecs_task_definition.web[0]");
  CHECK(s.instances()[0].state_file == "main.tfstate");
}

TEST_CASE("state locates resources by ARN, and ARN-less ones by their provider", "[state]") {
  state_index s;
  s.load(kState, "main.tfstate");
  const auto* ccp = s.find("aws_ecs_cluster_capacity_providers", "111122223333", "us-east-1", "prod");
  REQUIRE(ccp);
  CHECK(ccp->address == "aws_ecs_cluster_capacity_providers.main");
  CHECK(ccp->account == "111122223333");
  CHECK(ccp->region == "us-east-1");
  const auto* billing = s.find("aws_ecs_service", "444455556666", "eu-west-1", "prod/billing");
  REQUIRE(billing);
  CHECK(billing->address == "module.svc.aws_ecs_service.this[\"billing\"]");
  CHECK(s.find("aws_ecs_service", "111122223333", "us-east-1", "prod/billing") == nullptr);
  CHECK(s.find("aws_ecs_cluster", "111122223333", "eu-west-1", "prod") == nullptr);
  CHECK(s.find("aws_ecs_cluster", "111122223333", "us-east-1", "shared") == nullptr);  // data source
}

TEST_CASE("task definitions are found by family and by family:rev", "[state]") {
  state_index s;
  s.load(kState, "main.tfstate");
  const auto* a = s.find("aws_ecs_task_definition", "111122223333", "us-east-1", "web");
  const auto* b = s.find("aws_ecs_task_definition", "111122223333", "us-east-1", "web:7");
  REQUIRE(a);
  CHECK(a == b);
  CHECK(s.find("aws_ecs_task_definition", "111122223333", "us-east-1", "web:6") == nullptr);
}

TEST_CASE("state errors carry a stable id and the file name", "[state]") {
  state_index s;
  try {
    s.load(R"({"version":3,"modules":[]})", "old.tfstate");
    FAIL("no error");
  } catch (const error& e) {
    CHECK(e.id() == "tfdrift.state.version");
    CHECK(e.where() == "old.tfstate");
    CHECK(std::string(e.what()) == "[tfdrift.state.version] old.tfstate: version 3 is not supported (need 4, written by Terraform >= 0.12 or OpenTofu)");
  }
  CHECK_THROWS_AS(s.load(R"({"version":4,"resources":[)", "cut.tfstate"), error);
  CHECK_THROWS_AS(s.load(R"({"version":4,"resources":{}})", "shape.tfstate"), error);
  CHECK(s.instances().empty());
  CHECK(s.files() == 0);
}

}  // namespace tfdrift_test_state
