// Silence never lies: a request member that the catalog does not compare is reported as a change
// marked not compared (old value unknown), never folded into no_change; and the members consoles
// resend unchanged (alarms, availabilityZoneRebalancing, deploymentController, Service Connect,
// volumes, VPC Lattice) are compared in the provider's stored shape, so a resend stays quiet.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include <tfdrift/ecs.hpp>

#include "fixture.hpp"

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_not_compared {

using nlohmann::json;
using namespace tfdrift;
using tfdrift_test::check_changes;
using tfdrift_test::check_single_outcome;
using tfdrift_test::read_fixture;

namespace {

// A detector with provider.tfstate loaded, after one record built from a fixture whose
// requestParameters `edit` changed.
struct nc_run {
  detector det;
  std::vector<alert> alerts;
  std::vector<std::string> explained;

  template <class Edit>
  nc_run(std::string_view fixture, Edit edit, std::string_view state = "provider.tfstate") {
    det.load_state(read_fixture("state/" + std::string(state)), state);
    json rec = json::parse(read_fixture(fixture));
    edit(rec["requestParameters"]);
    det.explain(rec["eventID"].get<std::string>(), [this](const std::string& line) { explained.push_back(line); });
    alerts = det.process(rec.dump(), "record.json");
  }
  std::string nc_dump() const {
    std::string s;
    for (const auto& a : alerts) s += to_json_line(a) + "\n";
    return s + det.stats().to_json().dump();
  }
};

const char* const service_resend = "cloudtrail/provider/console_update_service_resend.json";
const char* const unclassified_reason = "not in tfdrift's catalog (a member AWS added later, or unknown)";

}  // namespace

TEST_CASE("an UpdateService whose only member is made up is an alert, not no_change", "[not_compared]") {
  nc_run r(service_resend, [](json& req) {
    req = {{"cluster", "apps"}, {"service", "web"}, {"fooBarSetting", {{"mode", "STRICT"}}}};
  });
  INFO(r.nc_dump());
  check_single_outcome(r.det.stats(), outcome::alert);
  REQUIRE(r.alerts.size() == 1);
  const alert& a = r.alerts.front();
  CHECK(a.kind == alert_kind::update);
  CHECK(a.address == std::optional<std::string>("aws_ecs_service.web"));
  REQUIRE(a.changes.size() == 1);
  const change& c = a.changes.front();
  CHECK(c.attribute == "fooBarSetting");
  CHECK(c.path == "fooBarSetting");
  CHECK(c.old_value.is_null());
  CHECK(c.new_value == json{{"mode", "STRICT"}});
  CHECK_FALSE(c.compared);
  CHECK(c.reason == unclassified_reason);
  // Rated like the resource type: the built-in rules rate aws_ecs_service high.
  CHECK(c.sev == a.sev);
  CHECK(r.det.stats().not_compared == 1);
  CHECK(r.det.stats().to_json()["not_compared"] == 1);
  // The JSON carries the mark, and reads back.
  std::string line = to_json_line(a);
  CHECK(line.find(R"("path":"fooBarSetting","old":null,"new":{"mode":"STRICT"},"severity":")") != std::string::npos);
  CHECK(line.find(std::string(R"("compared":false,"reason":")") + unclassified_reason + "\"}") != std::string::npos);
  CHECK(json::parse(line) == json::parse(to_json(a).dump()));
  alert back = alert_from_json(line);
  REQUIRE(back.changes.size() == 1);
  CHECK_FALSE(back.changes[0].compared);
  CHECK(back.changes[0].reason == unclassified_reason);
  CHECK(to_text(a).find("Not compared: fooBarSetting = {\"mode\": \"STRICT\"} (old value unknown; " +
                        std::string(unclassified_reason) + ")") != std::string::npos);
  // No drift opens on it: there is no state value to settle it against.
  CHECK(r.det.open_drifts().empty());
  // --explain says why.
  bool said = false;
  for (const auto& l : r.explained)
    said = said || l == "fooBarSetting is not compared: " + std::string(unclassified_reason) +
                            "; reported with an unknown old value";
  CHECK(said);
}

TEST_CASE("a made-up member inside a compared block is reported at its request path", "[not_compared]") {
  nc_run r(service_resend, [](json& req) {
    req["networkConfiguration"]["awsvpcConfiguration"]["ipv6Mode"] = "DUAL";
    req["loadBalancers"][1]["weight"] = 5;
  });
  INFO(r.nc_dump());
  check_single_outcome(r.det.stats(), outcome::alert);
  REQUIRE(r.alerts.size() == 1);
  const alert& a = r.alerts.front();
  REQUIRE(a.changes.size() == 2);
  // Members in the request's order (JSON objects iterate sorted by key).
  CHECK(a.changes[0].path == "loadBalancers[1].weight");
  CHECK(a.changes[0].attribute == "loadBalancers");
  CHECK(a.changes[0].new_value == 5);
  CHECK(a.changes[1].path == "networkConfiguration.awsvpcConfiguration.ipv6Mode");
  CHECK(a.changes[1].new_value == "DUAL");
  for (const auto& c : a.changes) {
    CHECK_FALSE(c.compared);
    CHECK(c.old_value.is_null());
  }
}

TEST_CASE("a member classified not compared yet is reported with the attribute it belongs to", "[not_compared]") {
  // CreateCluster's capacityProviders is state of aws_ecs_cluster_capacity_providers (another
  // type since provider v5), which ecs.tfstate does not hold for the batch cluster.
  nc_run r("cloudtrail/create_cluster_ecs.json", [](json& req) {
    req = {{"clusterName", "batch"},
           {"settings", json::array({{{"name", "containerInsights"}, {"value", "enabled"}}})},
           {"tags", json::array({{{"key", "Team"}, {"value", "data"}}})},
           {"capacityProviders", {"FARGATE_SPOT"}}};
  }, "ecs.tfstate");
  INFO(r.nc_dump());
  check_single_outcome(r.det.stats(), outcome::alert);
  REQUIRE(r.alerts.size() == 1);
  const alert& a = r.alerts.front();
  CHECK(a.kind == alert_kind::recreate);
  CHECK(a.address == std::optional<std::string>("aws_ecs_cluster.batch"));
  REQUIRE(a.changes.size() == 1);
  CHECK(a.changes[0].path == "capacityProviders");
  CHECK(a.changes[0].old_value.is_null());
  CHECK(a.changes[0].new_value == json{"FARGATE_SPOT"});
  CHECK_FALSE(a.changes[0].compared);
  CHECK(a.changes[0].reason ==
        "not compared yet: aws_ecs_cluster_capacity_providers.capacity_providers (another resource type since provider v5)");
}

TEST_CASE("members that are no Terraform state stay silent", "[not_compared]") {
  // gatewayConnectors and monitoring have no provider attribute: Terraform neither stores nor reverts them.
  nc_run r(service_resend, [](json& req) {
    req["monitoring"] = {{"metricConfigurations", json::array()}};
    req["deploymentConfiguration"]["deploymentCircuitBreaker"]["resetOnHealthyTask"] = true;
  });
  INFO(r.nc_dump());
  CHECK(r.alerts.empty());
  check_single_outcome(r.det.stats(), outcome::no_change);
}

TEST_CASE("a console resend of the members consoles send unchanged is no change", "[not_compared][console]") {
  // provider.tfstate's web service: alarms [], availability_zone_rebalancing DISABLED,
  // deployment_controller [{type: ECS}], no Service Connect, volumes or VPC Lattice.
  nc_run r(service_resend, [](json& req) {
    req["availabilityZoneRebalancing"] = "DISABLED";
    req["deploymentController"] = {{"type", "ECS"}};
    req["serviceConnectConfiguration"] = {{"enabled", false}};
    req["volumeConfigurations"] = json::array();
    req["vpcLatticeConfigurations"] = json::array();
  });
  INFO(r.nc_dump());
  CHECK(r.alerts.empty());
  check_single_outcome(r.det.stats(), outcome::no_change);
  CHECK(r.det.stats().not_compared == 0);
}

TEST_CASE("the newly compared service members are drift at the provider's paths", "[not_compared][state_shape]") {
  nc_run r(service_resend, [](json& req) {
    req = {{"cluster", "apps"},
           {"service", "web"},
           {"availabilityZoneRebalancing", "ENABLED"},
           {"deploymentConfiguration", {{"alarms", {{"alarmNames", {"web-5xx"}}, {"enable", true}, {"rollback", true}}}}},
           {"vpcLatticeConfigurations",
            json::array({{{"roleArn", "arn:aws:iam::123456789012:role/ecsInfrastructureRole"},
                          {"targetGroupArn", "arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-0a1b2c3d4e5f60718"},
                          {"portName", "http"}}})}};
  });
  INFO(r.nc_dump());
  check_single_outcome(r.det.stats(), outcome::alert);
  REQUIRE(r.alerts.size() == 1);
  check_changes(r.alerts.front(),
                {{"availability_zone_rebalancing", "availability_zone_rebalancing", "DISABLED", "ENABLED", severity::low},
                 // No built-in rule watches them: rated at unwatched_severity.
                 {"alarms", "alarms", json::array(),
                  json::parse(R"([{"alarm_names":["web-5xx"],"enable":true,"rollback":true}])"), severity::low},
                 {"vpc_lattice_configurations", "vpc_lattice_configurations", json::array(),
                  json::parse(R"([{"port_name":"http","role_arn":"arn:aws:iam::123456789012:role/ecsInfrastructureRole",)"
                              R"("target_group_arn":"arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-0a1b2c3d4e5f60718"}])"),
                  severity::low}});
}

TEST_CASE("classify_member: mapped, structures, notes and the unknown", "[not_compared][catalog]") {
  const event_entry& us = *find_event(ecs_source, "UpdateService");
  CHECK(classify_member(us, "desiredCount").status == member_status::mapped);
  CHECK(classify_member(us, "service").status == member_status::not_state);
  CHECK(classify_member(us, "deploymentConfiguration").status == member_status::inner);
  CHECK(classify_member(us, "deploymentConfiguration.alarms.alarmNames").status == member_status::mapped);
  CHECK(classify_member(us, "serviceConnectConfiguration.services.tls.issuerCertificateAuthority.awsPcaAuthorityArn").status ==
        member_status::mapped);
  CHECK(classify_member(us, "serviceConnectConfiguration.containerConfigurations.logLevel").status ==
        member_status::not_state);
  CHECK(classify_member(us, "volumeConfigurations.managedEBSVolume.tagSpecifications.tags.key").status ==
        member_status::mapped);
  const event_entry& cc = *find_event(ecs_source, "CreateCluster");
  CHECK(classify_member(cc, "capacityProviders").status == member_status::not_compared_yet);
  CHECK(classify_member(cc, "capacityProviders").reason ==
        "aws_ecs_cluster_capacity_providers.capacity_providers (another resource type since provider v5)");
  CHECK(classify_member(us, "forceNewDeployment").status == member_status::mapped);
  CHECK(classify_member(us, "fooBarSetting").status == member_status::unclassified);
  CHECK(classify_member(us, "loadBalancers.weight").status == member_status::unclassified);
}

}  // namespace tfdrift_test_not_compared
