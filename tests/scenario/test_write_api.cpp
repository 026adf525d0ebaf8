// The write operations of AWS's ECS API beyond the spec's events (issue 18 item 2): tags on any
// ECS ARN and aws_ecs_tag, account setting defaults, task sets, deleted task-definition
// revisions and stopped or continued service deployments. Real-shaped CloudTrail records
// (request members as botocore's ECS model names them) against a state written the way
// hashicorp/terraform-provider-aws writes these resources (tests/data/state/write_api.tfstate).
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include <tfdrift/ecs.hpp>

#include "fixture.hpp"

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_write_api {

using nlohmann::json;
using namespace tfdrift;
using tfdrift_test::check_changes;
using tfdrift_test::check_no_alert;
using tfdrift_test::check_single_outcome;
using tfdrift_test::only_alert;
using tfdrift_test::run;

namespace {

run write_api(std::string_view record) {
  return run("cloudtrail/write_api/" + std::string(record) + ".json", {"write_api.tfstate"});
}

void check_target(const alert& a, std::string_view kind, std::string_view address, std::string_view type) {
  CHECK(to_string(a.kind) == kind);
  REQUIRE(a.address);
  CHECK(*a.address == address);
  CHECK(a.resource_type == type);
  CHECK(a.state_file == "write_api.tfstate");
}

}  // namespace

// --- TagResource / UntagResource --------------------------------------------------------

TEST_CASE("TagResource on a managed cluster: each key against tags_all, at the path the user edits",
          "[write_api][tags]") {
  run r = write_api("tag_resource_cluster");
  const alert& a = only_alert(r);
  check_target(a, "update", "aws_ecs_cluster.prod", "aws_ecs_cluster");
  CHECK(a.resource_id == "prod");
  CHECK(a.who.name == "maria");
  CHECK(a.who.source == "console");
  // CostCenter (from default_tags, same value) is no change; Team is the resource's own.
  check_changes(a, {
      {"tags.Team", "tags", "payments", "growth", severity::low},
      {"tags.Oncall", "tags", nullptr, "pager-7", severity::low},
  });
  CHECK(r.detector.ledger().size() == 2);
}

TEST_CASE("TagResource setting the values the state holds is no change", "[write_api][tags]") {
  check_no_alert(write_api("tag_resource_unchanged"), outcome::no_change);
}

TEST_CASE("Terraform's own TagResource is the provider at work, not drift", "[write_api][tags]") {
  check_no_alert(write_api("tag_resource_terraform"), outcome::terraform);
}

TEST_CASE("UntagResource of a default tag: tags_all.KEY goes, keys never there and aws: keys are nothing",
          "[write_api][tags]") {
  run ra = write_api("untag_resource_service");
  const alert& a = only_alert(ra);
  check_target(a, "update", "aws_ecs_service.api", "aws_ecs_service");
  CHECK(a.resource_id == "prod/api");
  check_changes(a, {{"tags_all.CostCenter", "tags_all", "4410", nullptr, severity::low}});
  // A removed tag may be one an IAM condition tests (security.hpp iam.tags_removed).
  REQUIRE(a.security.size() == 1);
  CHECK(a.security.front().check == "iam.tags_removed");
  CHECK(a.security.front().detail ==
        "tags removed: tags_all.CostCenter (IAM policies that test aws:ResourceTag on them no longer match this resource)");
  CHECK(to_string(a.sev) == "medium");
}

TEST_CASE("TagResource on a resource Terraform does not manage changes the aws_ecs_tag that does",
          "[write_api][tags][aws_ecs_tag]") {
  run ra = write_api("tag_resource_aws_ecs_tag");
  const alert& a = only_alert(ra);
  check_target(a, "update", "aws_ecs_tag.cp_owner", "aws_ecs_tag");
  check_changes(a, {{"value", "value", "platform", "data-team", severity::low}});
}

TEST_CASE("UntagResource of a tag an aws_ecs_tag manages deletes that resource", "[write_api][tags][aws_ecs_tag]") {
  run r = write_api("untag_resource_aws_ecs_tag");
  const alert& a = only_alert(r);
  check_target(a, "delete", "aws_ecs_tag.cp_owner", "aws_ecs_tag");
  // The value's change is rated as an unwatched attribute; the delete as delete_severity.
  check_changes(a, {{"value", "value", "platform", nullptr, severity::low}});
  CHECK(to_string(a.sev) == "critical");
}

TEST_CASE("TagResource on a task names nothing Terraform manages: untracked", "[write_api][tags]") {
  check_no_alert(write_api("tag_resource_task"), outcome::untracked);
}

TEST_CASE("TagResource on an ECS cluster no state has: an unmanaged alert with the tags", "[write_api][tags]") {
  run ra = write_api("tag_resource_unmanaged");
  const alert& a = only_alert(ra);
  CHECK(to_string(a.kind) == "unmanaged");
  CHECK_FALSE(a.address);
  CHECK(a.resource_type == "aws_ecs_cluster");
  CHECK(a.resource_id == "sandbox");
  check_changes(a, {{"tags.Team", "tags", nullptr, "growth", severity::low}});
}

TEST_CASE("a TagResource member the catalog does not know is reported, not compared", "[write_api][tags]") {
  run ra = write_api("tag_resource_new_member");
  const alert& a = only_alert(ra);
  check_target(a, "update", "aws_ecs_cluster.prod", "aws_ecs_cluster");
  REQUIRE(a.changes.size() == 1);
  const change& c = a.changes.front();
  CHECK(c.path == "propagateToChildren");
  CHECK_FALSE(c.compared);
  CHECK(c.old_value.is_null());
  CHECK(c.new_value == true);
}

// --- account settings -----------------------------------------------------------------

TEST_CASE("PutAccountSettingDefault changes the value aws_ecs_account_setting_default holds",
          "[write_api][account_setting]") {
  run ra = write_api("put_account_setting_default");
  const alert& a = only_alert(ra);
  check_target(a, "update", "aws_ecs_account_setting_default.container_insights", "aws_ecs_account_setting_default");
  CHECK(a.resource_id == "containerInsights");
  check_changes(a, {{"value", "value", "enabled", "disabled", severity::low}});
}

TEST_CASE("PutAccountSetting and DeleteAccountSetting for one principal are activity", "[write_api][account_setting]") {
  run put = write_api("put_account_setting");
  const alert& a = only_alert(put);
  check_target(a, "activity", "aws_ecs_account_setting_default.container_insights", "aws_ecs_account_setting_default");
  check_changes(a, {
      {"principalArn", "principalArn", nullptr, "arn:aws:iam::123456789012:role/ci", severity::low},
      {"value", "value", nullptr, "disabled", severity::low},
  });
  CHECK(put.detector.ledger().size() == 0);

  run rd = write_api("delete_account_setting");
  const alert& d = only_alert(rd);
  check_target(d, "activity", "aws_ecs_account_setting_default.container_insights", "aws_ecs_account_setting_default");
  check_changes(d, {{"principalArn", "principalArn", nullptr, "arn:aws:iam::123456789012:role/ci", severity::low}});
}

// --- task sets --------------------------------------------------------------------------

TEST_CASE("UpdateTaskSet by its ID scales the task set: scale[0].value", "[write_api][task_set]") {
  run ra = write_api("update_task_set");
  const alert& a = only_alert(ra);
  check_target(a, "update", "aws_ecs_task_set.green", "aws_ecs_task_set");
  CHECK(a.resource_id == "prod/api/ecs-svc/7359145837205720917");
  check_changes(a, {{"scale[0].value", "scale", 100, 50.0, severity::low}});
}

TEST_CASE("UpdateTaskSet by its ARN with the state's scale (unit left out: PERCENT) is no change",
          "[write_api][task_set]") {
  check_no_alert(write_api("update_task_set_arn"), outcome::no_change);
}

TEST_CASE("DeleteTaskSet deletes the managed task set", "[write_api][task_set]") {
  run ra = write_api("delete_task_set");
  const alert& a = only_alert(ra);
  check_target(a, "delete", "aws_ecs_task_set.green", "aws_ecs_task_set");
  CHECK(a.changes.empty());
}

TEST_CASE("CreateTaskSet outside Terraform is an unmanaged task set of the service", "[write_api][task_set]") {
  run ra = write_api("create_task_set");
  const alert& a = only_alert(ra);
  CHECK(to_string(a.kind) == "unmanaged");
  CHECK(a.resource_type == "aws_ecs_task_set");
  CHECK(a.resource_id == "prod/api");
  check_changes(a, {
      {"external_id", "external_id", nullptr, "blue", severity::low},
      {"launch_type", "launch_type", nullptr, "FARGATE", severity::low},
      {"network_configuration", "network_configuration", json::array(),
       json::parse(R"([{"assign_public_ip":false,"security_groups":[],"subnets":["subnet-0123"]}])"), severity::low},
      {"scale", "scale", json::array(), json::parse(R"([{"unit":"PERCENT","value":10.0}])"), severity::low},
      {"task_definition", "task_definition", nullptr, "web:13", severity::low},
  });
}

TEST_CASE("UpdateServicePrimaryTaskSet is activity on the task set made primary", "[write_api][task_set]") {
  run r = write_api("update_service_primary_task_set");
  const alert& a = only_alert(r);
  check_target(a, "activity", "aws_ecs_task_set.green", "aws_ecs_task_set");
  check_changes(a, {{"primaryTaskSet", "primaryTaskSet", nullptr, "ecs-svc/7359145837205720917", severity::low}});
  CHECK(r.detector.ledger().size() == 0);
}

// --- deleted revisions, stopped deployments ------------------------------------------------

TEST_CASE("DeleteTaskDefinitions naming the state's revision deletes the task definition for good",
          "[write_api][task_definition]") {
  run ra = write_api("delete_task_definitions");
  const alert& a = only_alert(ra);
  check_target(a, "delete", "aws_ecs_task_definition.web", "aws_ecs_task_definition");
  CHECK(a.resource_id == "web:12");
  CHECK(a.changes.empty());
}

TEST_CASE("DeleteTaskDefinitions of other revisions of a managed family is no change", "[write_api][task_definition]") {
  check_no_alert(write_api("delete_task_definitions_other"), outcome::no_change);
}

TEST_CASE("StopServiceDeployment with a rollback is activity on the service its ARN names", "[write_api][deployment]") {
  run r = write_api("stop_service_deployment");
  const alert& a = only_alert(r);
  check_target(a, "activity", "aws_ecs_service.api", "aws_ecs_service");
  CHECK(a.resource_id == "prod/api");
  check_changes(a, {{"stopType", "stopType", nullptr, "ROLLBACK", severity::low}});
  CHECK(r.detector.ledger().size() == 0);
}

TEST_CASE("ContinueServiceDeployment reports the hook and the action", "[write_api][deployment]") {
  run ra = write_api("continue_service_deployment");
  const alert& a = only_alert(ra);
  check_target(a, "activity", "aws_ecs_service.api", "aws_ecs_service");
  check_changes(a, {
      {"action", "action", nullptr, "ROLLBACK", severity::low},
      {"hookId", "hookId", nullptr, "hk-0a1b2c3d", severity::low},
  });
}

// --- the catalog rows behind them -------------------------------------------------------

TEST_CASE("ECS ARNs name their Terraform type: arn_resource_kinds", "[write_api][catalog]") {
  CHECK(arn_resource_kinds.size() == 9);  // with daemon/, daemon-task-definition/ and service/ of Express services
  for (const auto& k : arn_resource_kinds) {
    INFO(k.kind);
    CHECK(find_resource(k.resource_type) != nullptr);
  }
  const event_entry* tag = find_event(ecs_source, "TagResource");
  REQUIRE(tag);
  CHECK(tag->resource_type.empty());
  CHECK(tag->target == target_kind::resource_arn);
  const event_entry* untag = find_event(ecs_source, "UntagResource");
  REQUIRE(untag);
  CHECK(untag->own_fields.front().kind == compare_kind::tag_keys);
  CHECK(classify_member(*find_event(ecs_source, "UpdateTaskSet"), "service").status == member_status::not_state);
}

}  // namespace tfdrift_test_write_api
