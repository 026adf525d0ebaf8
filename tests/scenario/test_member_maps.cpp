// Members the API sends as a list of {name|key, value} or as a JSON document, stored by the
// provider as a map or as JSON text: proxy_configuration[0].properties (task_definition.go),
// volume_configuration[0].managed_ebs_volume[0].tag_specifications[].tags and
// deployment_configuration[0].lifecycle_hook[].hook_details (service.go).
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <tfdrift/ecs.hpp>

#include "fixture.hpp"

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_member_maps {

using nlohmann::json;
using namespace tfdrift;
using tfdrift_test::catalog_field;

namespace {

std::vector<change> maps_diff(const field_map& f, const json& request, const json& state, bool full) {
  diff_context ctx;
  ctx.region = "us-east-1";
  ctx.account = "123456789012";
  ctx.full_replacement = full;
  std::vector<change> out;
  diff_field(f, detail::request_at(request, f.request_path), state, ctx, out);
  return out;
}

}  // namespace

TEST_CASE("proxy_configuration: properties as a map, and a changed property is drift at its path", "[member_maps]") {
  const field_map& f = catalog_field("RegisterTaskDefinition", "proxyConfiguration");
  json state = json::parse(R"({"proxy_configuration": [{"container_name": "envoy", "type": "APPMESH",
      "properties": {"AppPorts": "8080", "EgressIgnoredIPs": "169.254.170.2,169.254.169.254", "IgnoredUID": "1337",
                     "ProxyEgressPort": "15001", "ProxyIngressPort": "15000"}}]})");
  json request = json::parse(R"({"proxyConfiguration": {"type": "APPMESH", "containerName": "envoy", "properties": [
      {"name": "ProxyIngressPort", "value": "15000"}, {"name": "ProxyEgressPort", "value": "15001"},
      {"name": "AppPorts", "value": "8080"}, {"name": "EgressIgnoredIPs", "value": "169.254.170.2,169.254.169.254"},
      {"name": "IgnoredUID", "value": "1337"}]}})");
  CHECK(maps_diff(f, request, state, true).empty());
  request["proxyConfiguration"]["properties"][2]["value"] = "9090";
  auto changes = maps_diff(f, request, state, true);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].path == "proxy_configuration[0].properties");
  CHECK(changes[0].old_value == state["proxy_configuration"][0]["properties"]);
  json want = state["proxy_configuration"][0]["properties"];
  want["AppPorts"] = "9090";
  CHECK(changes[0].new_value == want);
}

TEST_CASE("lifecycle_hook: hook_details JSON text equals the same document", "[member_maps]") {
  const field_map& f = catalog_field("UpdateService", "deploymentConfiguration.lifecycleHooks");
  json state = json::parse(R"({"deployment_configuration": [{"strategy": "BLUE_GREEN", "lifecycle_hook": [{
      "hook_target_arn": "arn:aws:lambda:us-east-1:123456789012:function:check", "role_arn": "arn:aws:iam::123456789012:role/hooks",
      "lifecycle_stages": ["POST_TEST_TRAFFIC_SHIFT"], "hook_details": "{\"timeout\":30,\"mode\":\"strict\"}"}]}]})");
  json request = json::parse(R"({"deploymentConfiguration": {"lifecycleHooks": [{
      "hookTargetArn": "arn:aws:lambda:us-east-1:123456789012:function:check", "roleArn": "arn:aws:iam::123456789012:role/hooks",
      "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"], "hookDetails": {"mode": "strict", "timeout": 30}}]}})");
  CHECK(maps_diff(f, request, state, false).empty());
  request["deploymentConfiguration"]["lifecycleHooks"][0]["hookDetails"]["timeout"] = 60;
  auto changes = maps_diff(f, request, state, false);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].path == "deployment_configuration[0].lifecycle_hook");
}

TEST_CASE("managed EBS tag specifications: tags as a map", "[member_maps]") {
  const field_map& f = catalog_field("UpdateService", "volumeConfigurations");
  json state = json::parse(R"({"volume_configuration": [{"name": "data", "managed_ebs_volume": [{
      "encrypted": true, "file_system_type": "xfs", "iops": 3000, "kms_key_id": "", "role_arn": "arn:aws:iam::123456789012:role/ebs",
      "size_in_gb": 40, "snapshot_id": "", "throughput": 125, "volume_initialization_rate": 0, "volume_type": "gp3",
      "tag_specifications": [{"propagate_tags": "SERVICE", "resource_type": "volume", "tags": {"team": "payments"}}]}]}]})");
  json request = json::parse(R"({"volumeConfigurations": [{"name": "data", "managedEBSVolume": {
      "encrypted": true, "filesystemType": "xfs", "iops": 3000, "roleArn": "arn:aws:iam::123456789012:role/ebs",
      "sizeInGiB": 40, "throughput": 125, "volumeType": "gp3",
      "tagSpecifications": [{"resourceType": "volume", "propagateTags": "SERVICE", "tags": [{"key": "team", "value": "payments"}]}]}}]})");
  CHECK(maps_diff(f, request, state, false).empty());
  request["volumeConfigurations"][0]["managedEBSVolume"]["tagSpecifications"][0]["tags"][0]["value"] = "risk";
  auto changes = maps_diff(f, request, state, false);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].path == "volume_configuration[0].managed_ebs_volume");
  CHECK(changes[0].new_value[0]["tag_specifications"][0]["tags"] == json{{"team", "risk"}});
}

}  // namespace tfdrift_test_member_maps
