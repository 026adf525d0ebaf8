// RegisterTaskDefinition's volumes against aws_ecs_task_definition.volume, in the provider's stored
// shape (task_definition.go: a set; host.sourcePath as host_path; docker, EFS and FSx
// configurations as one-element lists; unset EFS root_directory "/", docker scope "task" and
// driver "local").
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include <tfdrift/ecs.hpp>

#include "fixture.hpp"

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_task_definition_volumes {

using nlohmann::json;
using namespace tfdrift;
using tfdrift_test::check_changes;
using tfdrift_test::check_single_outcome;
using tfdrift_test::read_fixture;

namespace {

const field_map& volumes_field() {
  const event_entry* e = find_event(ecs_source, "RegisterTaskDefinition");
  REQUIRE(e);
  const field_map* found = nullptr;
  for_each_field(*e, [&](const field_map& f) {
    if (f.request_path == "volumes") found = &f;
  });
  REQUIRE(found);
  return *found;
}

std::vector<change> diff_volumes(const json& volumes, const json& state_volume) {
  diff_context ctx;
  ctx.region = "us-east-1";
  ctx.account = "123456789012";
  ctx.full_replacement = true;
  std::vector<change> out;
  json state = {{"volume", state_volume}};
  diff_field(volumes_field(), volumes.is_null() ? nullptr : &volumes, state, ctx, out);
  return out;
}

// The volumes as the provider stores them after a read of the revision below.
const char* const stored_volumes = R"([
  {"configure_at_launch": false, "docker_volume_configuration": [], "efs_volume_configuration": [],
   "fsx_windows_file_server_volume_configuration": [], "host_path": "/var/log/app", "name": "logs"},
  {"configure_at_launch": false, "docker_volume_configuration": [],
   "efs_volume_configuration": [{"authorization_config": [{"access_point_id": "fsap-0a1b2c3d4e5f60718", "iam": "ENABLED"}],
                                 "file_system_id": "fs-0a1b2c3d", "root_directory": "/",
                                 "transit_encryption": "ENABLED", "transit_encryption_port": 0}],
   "fsx_windows_file_server_volume_configuration": [], "host_path": "", "name": "shared"},
  {"configure_at_launch": false,
   "docker_volume_configuration": [{"autoprovision": false, "driver": "local", "driver_opts": {}, "labels": {}, "scope": "task"}],
   "efs_volume_configuration": [], "fsx_windows_file_server_volume_configuration": [], "host_path": "", "name": "scratch"}
])";

}  // namespace

TEST_CASE("volumes: the same volumes in another order, defaults left out, are no change", "[volumes][state_shape]") {
  // As RegisterTaskDefinition's request names them (AWS API reference, botocore's Volume shape).
  json request = json::parse(R"([
    {"name": "scratch", "dockerVolumeConfiguration": {}},
    {"name": "shared", "efsVolumeConfiguration": {"fileSystemId": "fs-0a1b2c3d", "transitEncryption": "ENABLED",
                                                  "authorizationConfig": {"accessPointId": "fsap-0a1b2c3d4e5f60718", "iam": "ENABLED"}}},
    {"name": "logs", "host": {"sourcePath": "/var/log/app"}}
  ])");
  CHECK(diff_volumes(request, json::parse(stored_volumes)).empty());
}

TEST_CASE("volumes: a host path changed and EFS transit encryption dropped are one change of the set",
          "[volumes][state_shape]") {
  json request = json::parse(R"([
    {"name": "logs", "host": {"sourcePath": "/"}},
    {"name": "shared", "efsVolumeConfiguration": {"fileSystemId": "fs-0a1b2c3d",
                                                  "authorizationConfig": {"accessPointId": "fsap-0a1b2c3d4e5f60718", "iam": "ENABLED"}}},
    {"name": "scratch", "dockerVolumeConfiguration": {"scope": "task", "driver": "local"}}
  ])");
  auto changes = diff_volumes(request, json::parse(stored_volumes));
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].path == "volume");
  CHECK(changes[0].attribute == "volume");
  CHECK(changes[0].old_value == json::parse(stored_volumes));
  CHECK(changes[0].new_value == json::parse(R"([
    {"configure_at_launch": false, "docker_volume_configuration": [], "efs_volume_configuration": [],
     "fsx_windows_file_server_volume_configuration": [], "host_path": "/", "name": "logs"},
    {"configure_at_launch": false, "docker_volume_configuration": [],
     "efs_volume_configuration": [{"authorization_config": [{"access_point_id": "fsap-0a1b2c3d4e5f60718", "iam": "ENABLED"}],
                                   "file_system_id": "fs-0a1b2c3d", "root_directory": "/",
                                   "transit_encryption": "", "transit_encryption_port": 0}],
     "fsx_windows_file_server_volume_configuration": [], "host_path": "", "name": "shared"},
    {"configure_at_launch": false,
     "docker_volume_configuration": [{"autoprovision": false, "driver": "local", "driver_opts": {}, "labels": {}, "scope": "task"}],
     "efs_volume_configuration": [], "fsx_windows_file_server_volume_configuration": [], "host_path": "", "name": "scratch"}
  ])"));
}

TEST_CASE("volumes: a revision that leaves them out unsets them, and none on both sides is equal", "[volumes][state_shape]") {
  auto changes = diff_volumes(nullptr, json::parse(stored_volumes));
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].path == "volume");
  CHECK(changes[0].new_value == json::array());
  CHECK(diff_volumes(nullptr, json::array()).empty());
  CHECK(diff_volumes(json::array(), nullptr).empty());
}

TEST_CASE("RegisterTaskDefinition adding an FSx volume: drift on the managed family", "[volumes][detector]") {
  // ecs.tfstate's web_app has no volumes; the reordered revision alone is no change.
  detector det;
  det.load_state(read_fixture("state/ecs.tfstate"), "ecs.tfstate");
  json rec = json::parse(read_fixture("cloudtrail/register_task_definition_reordered.json"));
  rec["requestParameters"]["volumes"] = json::parse(R"([{"name": "share", "fsxWindowsFileServerVolumeConfiguration": {
      "fileSystemId": "fs-0123456789abcdef0", "rootDirectory": "share",
      "authorizationConfig": {"credentialsParameter": "arn:aws:secretsmanager:us-east-1:123456789012:secret:fsx-creds",
                              "domain": "corp.example.com"}}}])");
  auto alerts = det.process(rec.dump(), "record.json");
  check_single_outcome(det.stats(), outcome::alert);
  REQUIRE(alerts.size() == 1);
  CHECK(alerts[0].kind == alert_kind::create);
  CHECK(alerts[0].address == std::optional<std::string>("aws_ecs_task_definition.web_app"));
  check_changes(alerts[0], {{"volume", "volume", json::array(), json::parse(R"([{"configure_at_launch": false,
      "docker_volume_configuration": [], "efs_volume_configuration": [],
      "fsx_windows_file_server_volume_configuration": [{"authorization_config": [{
          "credentials_parameter": "arn:aws:secretsmanager:us-east-1:123456789012:secret:fsx-creds",
          "domain": "corp.example.com"}], "file_system_id": "fs-0123456789abcdef0", "root_directory": "share"}],
      "host_path": "", "name": "share"}])"), severity::low}});
  CHECK(det.stats().not_compared == 0);
}

}  // namespace tfdrift_test_task_definition_volumes
