// The newer provider types (issue 18 item 2, last bullet): aws_ecs_daemon,
// aws_ecs_daemon_task_definition and aws_ecs_express_gateway_service, and their eight write
// operations. Real-shaped CloudTrail records (request members as botocore's ECS model names them,
// tests/data/cloudtrail/daemons) against a state written the way hashicorp/terraform-provider-aws
// writes these framework resources (daemon.go, daemon_task_definition.go,
// express_gateway_service.go; tests/data/state/daemons.tfstate).
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include <tfdrift/ecs.hpp>

#include "fixture.hpp"

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_daemons {

using nlohmann::json;
using namespace tfdrift;
using tfdrift_test::check_changes;
using tfdrift_test::check_no_alert;
using tfdrift_test::check_single_outcome;
using tfdrift_test::only_alert;
using tfdrift_test::parse_json;
using tfdrift_test::run;

namespace {

run daemons(std::string_view record) {
  return run("cloudtrail/daemons/" + std::string(record) + ".json", {"daemons.tfstate"});
}

void check_target(const alert& a, std::string_view kind, std::string_view address, std::string_view type,
                  std::string_view resource_id) {
  CHECK(to_string(a.kind) == kind);
  REQUIRE(a.address);
  CHECK(*a.address == address);
  CHECK(a.resource_type == type);
  CHECK(a.resource_id == resource_id);
  CHECK(a.state_file == "daemons.tfstate");
}

const std::string arn_prefix = "arn:aws:ecs:us-east-1:123456789012:";

}  // namespace

// --- aws_ecs_daemon ---------------------------------------------------------------------

TEST_CASE("UpdateDaemon: the task definition, drain percent and alarm against the daemon's state",
          "[daemons][daemon]") {
  run r = daemons("update_daemon");
  const alert& a = only_alert(r);
  check_target(a, "update", "aws_ecs_daemon.log_agent", "aws_ecs_daemon", "prod/log-agent");
  CHECK(a.who.name == "maria");
  // capacityProviderArns in another order is the same set; bakeTimeInMinutes is unchanged;
  // `critical` is no provider attribute.
  check_changes(a, {
      {"daemon_task_definition_arn", "daemon_task_definition_arn", arn_prefix + "daemon-task-definition/log-agent:3",
       arn_prefix + "daemon-task-definition/log-agent:4", severity::low},
      {"deployment_configuration[0].drain_percent", "deployment_configuration", 25, 50, severity::low},
      {"deployment_configuration[0].alarms[0].enable", "deployment_configuration", true, false, severity::low},
  });
  CHECK(r.detector.ledger().size() == 3);
}

TEST_CASE("Terraform's own UpdateDaemon is the provider at work, not drift", "[daemons][daemon]") {
  check_no_alert(daemons("update_daemon_terraform"), outcome::terraform);
}

TEST_CASE("CreateDaemon of a daemon the state has: a recreate, compared per key", "[daemons][daemon]") {
  run r = daemons("create_daemon");
  const alert& a = only_alert(r);
  check_target(a, "recreate", "aws_ecs_daemon.log_agent", "aws_ecs_daemon", "prod/log-agent");
  // clusterArn and daemonName name the target; the tags and propagateTags equal the state.
  check_changes(a, {
      {"daemon_task_definition_arn", "daemon_task_definition_arn", arn_prefix + "daemon-task-definition/log-agent:3",
       arn_prefix + "daemon-task-definition/log-agent:4", severity::low},
      {"enable_execute_command", "enable_execute_command", false, true, severity::low},
  });
}

TEST_CASE("CreateDaemon of a daemon no state has: an unmanaged alert with what it runs", "[daemons][daemon]") {
  run r = daemons("create_daemon_unmanaged");
  const alert& a = only_alert(r);
  CHECK(to_string(a.kind) == "unmanaged");
  CHECK_FALSE(a.address);
  CHECK(a.resource_type == "aws_ecs_daemon");
  CHECK(a.resource_id == "prod/metrics-agent");
  check_changes(a, {
      {"capacity_provider_arns", "capacity_provider_arns", nullptr,
       json::array({arn_prefix + "capacity-provider/prod-mi-a"}), severity::low},
      {"daemon_task_definition_arn", "daemon_task_definition_arn", nullptr,
       arn_prefix + "daemon-task-definition/metrics-agent:1", severity::low},
  });
}

TEST_CASE("DeleteDaemon of a managed daemon: a delete at the delete severity", "[daemons][daemon]") {
  run r = daemons("delete_daemon");
  const alert& a = only_alert(r);
  check_target(a, "delete", "aws_ecs_daemon.log_agent", "aws_ecs_daemon", "prod/log-agent");
  CHECK(a.changes.empty());
  CHECK(to_string(a.sev) == "critical");
  CHECK(a.priority == "CRITICAL");
}

// --- aws_ecs_daemon_task_definition --------------------------------------------------------

TEST_CASE("RegisterDaemonTaskDefinition: a new revision against the state's, container definitions not compared yet",
          "[daemons][daemon_task_definition]") {
  run r = daemons("register_daemon_task_definition");
  const alert& a = only_alert(r);
  // The response's daemonTaskDefinitionArn names the new revision.
  check_target(a, "create", "aws_ecs_daemon_task_definition.log_agent", "aws_ecs_daemon_task_definition",
               "log-agent:4");
  const json containers = r.record()["requestParameters"]["containerDefinitions"];
  // memory "512" and both roles equal the state; the tags equal tags_all; pidMode is no
  // provider attribute; the volume set gains the Docker socket (host.sourcePath as host_path).
  check_changes(a, {
      {"cpu", "cpu", "256", "512", severity::low},
      {"volume", "volume", parse_json(R"([{"host_path":"/var/log","name":"host-logs"}])"),
       parse_json(R"([{"host_path":"/var/log","name":"host-logs"},
                      {"host_path":"/var/run/docker.sock","name":"docker-sock"}])"),
       severity::low},
      {"containerDefinitions", "containerDefinitions", nullptr, containers, severity::low},
  });
  const change* c = tfdrift_test::find_change(a, "containerDefinitions");
  REQUIRE(c);
  CHECK_FALSE(c->compared);
  CHECK(c->reason == "not compared yet: aws_ecs_daemon_task_definition.container_definition (nested blocks, not JSON text)");
  for (const auto& other : a.changes)
    if (other.path != "containerDefinitions") CHECK(other.compared);
  // The security checks read the daemon's volumes as they read a task definition's.
  REQUIRE(a.security.size() == 1);
  CHECK(a.security.front().check == "volume.host_path_added");
  CHECK(to_string(a.sev) == "critical");
}

TEST_CASE("DeleteDaemonTaskDefinition of the state's revision deletes it", "[daemons][daemon_task_definition]") {
  run r = daemons("delete_daemon_task_definition");
  const alert& a = only_alert(r);
  check_target(a, "delete", "aws_ecs_daemon_task_definition.log_agent", "aws_ecs_daemon_task_definition",
               "log-agent:3");
  CHECK(a.changes.empty());
  CHECK(to_string(a.sev) == "critical");
}

TEST_CASE("DeleteDaemonTaskDefinition of another revision of a managed family is no change",
          "[daemons][daemon_task_definition]") {
  check_no_alert(daemons("delete_daemon_task_definition_other"), outcome::no_change);
}

// --- aws_ecs_express_gateway_service ---------------------------------------------------------

TEST_CASE("UpdateExpressGatewayService: image, environment and scaling against the active configuration",
          "[daemons][express]") {
  run r = daemons("update_express_gateway_service");
  const alert& a = only_alert(r);
  check_target(a, "update", "aws_ecs_express_gateway_service.web", "aws_ecs_express_gateway_service",
               "prod/web-express");
  // containerPort equals the state; scalingTarget's other members and awsLogsConfiguration are
  // left out (AWS keeps them); cpuArchitecture is no provider attribute.
  check_changes(a, {
      {"primary_container[0].image", "primary_container", "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.4.0",
       "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.4.1", severity::low},
      {"primary_container[0].environment[0].value", "primary_container", "prod", "canary", severity::low},
      {"scaling_target[0].max_task_count", "scaling_target", 10, 20, severity::low},
  });
}

TEST_CASE("CreateExpressGatewayService of a service the state has: a recreate, the command not compared yet",
          "[daemons][express]") {
  run r = daemons("create_express_gateway_service");
  const alert& a = only_alert(r);
  check_target(a, "recreate", "aws_ecs_express_gateway_service.web", "aws_ecs_express_gateway_service",
               "prod/web-express");
  // "1 vCPU" is the state's "1024"; "4 GB" is 4096 MiB; the subnets in another order are the
  // same set; the logs configuration, port, environment, roles, scaling and tags are equal.
  check_changes(a, {
      {"memory", "memory", "2048", "4096", severity::low},
      {"primary_container[0].image", "primary_container", "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.4.0",
       "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.5.0", severity::low},
      {"primaryContainer.command", "primaryContainer", nullptr,
       json::array({"gunicorn", "--bind", "0.0.0.0:8080", "app:app"}), severity::low},
  });
  const change* c = tfdrift_test::find_change(a, "primaryContainer.command");
  REQUIRE(c);
  CHECK_FALSE(c->compared);
}

TEST_CASE("DeleteExpressGatewayService of a managed service: a delete", "[daemons][express]") {
  run r = daemons("delete_express_gateway_service");
  const alert& a = only_alert(r);
  check_target(a, "delete", "aws_ecs_express_gateway_service.web", "aws_ecs_express_gateway_service",
               "prod/web-express");
  CHECK(a.changes.empty());
  CHECK(to_string(a.sev) == "critical");
}

TEST_CASE("TagResource on a service ARN that only an Express gateway service has tags that service",
          "[daemons][express][tags]") {
  run r = daemons("tag_resource_express");
  const alert& a = only_alert(r);
  check_target(a, "update", "aws_ecs_express_gateway_service.web", "aws_ecs_express_gateway_service",
               "prod/web-express");
  // CostCenter (from default_tags, same value) is no change.
  check_changes(a, {{"tags.Team", "tags", "web", "growth", severity::low}});
}

TEST_CASE("TagResource on a daemon ARN tags the daemon: aws: keys are AWS's own", "[daemons][daemon][tags]") {
  run r = daemons("tag_resource_daemon");
  const alert& a = only_alert(r);
  check_target(a, "update", "aws_ecs_daemon.log_agent", "aws_ecs_daemon", "prod/log-agent");
  check_changes(a, {{"tags.Oncall", "tags", nullptr, "pager-9", severity::low}});
}

TEST_CASE("UntagResource on a daemon task definition ARN removes the revision's tag, a key it lacks is nothing",
          "[daemons][daemon_task_definition][tags]") {
  run r = daemons("untag_resource_daemon_task_definition");
  const alert& a = only_alert(r);
  check_target(a, "update", "aws_ecs_daemon_task_definition.log_agent", "aws_ecs_daemon_task_definition",
               "log-agent:3");
  check_changes(a, {{"tags.Team", "tags", "platform", nullptr, severity::low}});
  // As for a task definition: IAM conditions on the tag no longer match (security.hpp).
  REQUIRE(a.security.size() == 1);
  CHECK(a.security.front().check == "iam.tags_removed");
  CHECK(to_string(a.sev) == "medium");
}

TEST_CASE("TagResource on a service ARN that an aws_ecs_service has still names the service",
          "[daemons][express][tags]") {
  // tests/data/state/write_api.tfstate has aws_ecs_service.api (prod/api) and no Express service.
  run r("cloudtrail/write_api/untag_resource_service.json", {"write_api.tfstate", "daemons.tfstate"});
  const alert& a = only_alert(r);
  REQUIRE(a.address);
  CHECK(*a.address == "aws_ecs_service.api");
  CHECK(a.resource_type == "aws_ecs_service");
}

// --- the catalog rows ------------------------------------------------------------------------

TEST_CASE("the daemon and Express events name their types and targets", "[daemons][catalog]") {
  struct row {
    std::string_view event, type;
    target_kind target;
    event_action action;
  };
  for (const row& w : {
           row{"CreateDaemon", "aws_ecs_daemon", target_kind::daemon, event_action::create},
           row{"UpdateDaemon", "aws_ecs_daemon", target_kind::daemon, event_action::update},
           row{"DeleteDaemon", "aws_ecs_daemon", target_kind::daemon, event_action::remove},
           row{"RegisterDaemonTaskDefinition", "aws_ecs_daemon_task_definition", target_kind::task_definition,
               event_action::register_revision},
           row{"DeleteDaemonTaskDefinition", "aws_ecs_daemon_task_definition", target_kind::task_definition,
               event_action::deregister},
           row{"CreateExpressGatewayService", "aws_ecs_express_gateway_service", target_kind::service,
               event_action::create},
           row{"UpdateExpressGatewayService", "aws_ecs_express_gateway_service", target_kind::service,
               event_action::update},
           row{"DeleteExpressGatewayService", "aws_ecs_express_gateway_service", target_kind::service,
               event_action::remove},
       }) {
    INFO(w.event);
    const event_entry* e = find_event(ecs_source, w.event);
    REQUIRE(e);
    CHECK(e->resource_type == w.type);
    CHECK(e->target == w.target);
    CHECK(e->action == w.action);
    CHECK(find_operation_note(w.event) == nullptr);
  }
  CHECK(detail::task_definition_arn_kind("aws_ecs_daemon_task_definition") == "daemon-task-definition");
  CHECK(detail::task_definition_arn_kind("aws_ecs_task_definition") == "task-definition");
}

}  // namespace tfdrift_test_daemons
