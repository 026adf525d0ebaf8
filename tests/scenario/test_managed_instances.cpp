// Create/UpdateCapacityProvider's managedInstancesProvider against aws_ecs_capacity_provider's
// managed_instances_provider, in the provider's stored shape (capacity_provider.go: every nested
// object a one-element list, string lists sets, unset range bounds 0; the GiB-per-vCPU range a
// float). Records are shaped as CloudTrail writes them (botocore's
// CreateManagedInstancesProviderConfiguration / UpdateManagedInstancesProviderConfiguration),
// the state as the provider writes it (tests/data/state/managed_instances.tfstate).
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <string_view>

#include <tfdrift/ecs.hpp>

#include "fixture.hpp"

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_managed_instances {

using nlohmann::json;
using namespace tfdrift;
using tfdrift_test::check_changes;
using tfdrift_test::check_envelope;
using tfdrift_test::check_single_outcome;
using tfdrift_test::run;

namespace {

run managed(std::string_view name) {
  return run("cloudtrail/managed_instances/" + std::string(name) + ".json", {"managed_instances.tfstate"});
}

// The launch template's path as plan names it.
const std::string launch_template = "managed_instances_provider[0].instance_launch_template[0]";

}  // namespace

TEST_CASE("CreateCapacityProvider of a managed-instances provider the state holds: recreated, every member equal",
          "[managed_instances]") {
  // A Create* call for a resource the state already has is a recreate (after an out-of-band
  // delete), with no changes when every member equals the state: subnets and CPU makers in
  // another order, the GiB-per-vCPU minimum 2.0 against the stored 2, members left out stored
  // as their zero value; fipsEnabled is no provider attribute.
  run r = managed("create_capacity_provider");
  INFO(r.dump());
  check_single_outcome(r.stats(), outcome::alert);
  REQUIRE(r.alerts.size() == 1);
  const alert& a = r.alerts.front();
  check_envelope(r, a);
  CHECK(a.kind == alert_kind::recreate);
  CHECK(a.address == std::optional<std::string>("aws_ecs_capacity_provider.managed"));
  CHECK(a.changes.empty());
  CHECK(r.stats().not_compared == 0);
}

TEST_CASE("CreateCapacityProvider differing from the state: the change at the member's path", "[managed_instances]") {
  tfdrift::detector det;
  det.load_state(tfdrift_test::read_fixture("state/managed_instances.tfstate"), "managed_instances.tfstate");
  json rec = json::parse(tfdrift_test::read_fixture("cloudtrail/managed_instances/create_capacity_provider.json"));
  json& lt = rec["requestParameters"]["managedInstancesProvider"]["instanceLaunchTemplate"];
  lt["capacityOptionType"] = "SPOT";
  lt["instanceRequirements"]["memoryMiB"].erase("max");
  auto alerts = det.process(rec.dump(), "record.json");
  check_single_outcome(det.stats(), outcome::alert);
  REQUIRE(alerts.size() == 1);
  CHECK(alerts[0].kind == alert_kind::recreate);
  CHECK(alerts[0].address == std::optional<std::string>("aws_ecs_capacity_provider.managed"));
  // No built-in rule watches managed_instances_provider: rated at unwatched_severity.
  check_changes(alerts[0],
                {{launch_template + ".capacity_option_type", "managed_instances_provider", "ON_DEMAND", "SPOT", severity::low},
                 // An unset bound is stored as 0 (flattenInstanceRequirementsRequest).
                 {launch_template + ".instance_requirements[0].memory_mib[0].max", "managed_instances_provider", 16384, 0,
                  severity::low}});
}

TEST_CASE("UpdateCapacityProvider from the console: subnets, storage, monitoring and the vCPU and memory ranges",
          "[managed_instances]") {
  run r = managed("update_capacity_provider");
  INFO(r.dump());
  check_single_outcome(r.stats(), outcome::alert);
  REQUIRE(r.alerts.size() == 1);
  const alert& a = r.alerts.front();
  check_envelope(r, a);
  CHECK(a.kind == alert_kind::update);
  CHECK(a.address == std::optional<std::string>("aws_ecs_capacity_provider.managed"));
  CHECK(a.resource_type == "aws_ecs_capacity_provider");
  check_changes(a, {{launch_template + ".network_configuration[0].subnets", "managed_instances_provider",
                     json{"subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"},
                     json{"subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60009"}, severity::low},
                    {launch_template + ".storage_configuration[0].storage_size_gib", "managed_instances_provider", 100, 200,
                     severity::low},
                    {launch_template + ".monitoring", "managed_instances_provider", "BASIC", "DETAILED", severity::low},
                    {launch_template + ".instance_requirements[0].vcpu_count[0].max", "managed_instances_provider", 8, 16,
                     severity::low},
                    {launch_template + ".instance_requirements[0].memory_gib_per_vcpu[0].max",
                     "managed_instances_provider", 4.5, 6.25, severity::low}});
  for (const auto& c : a.changes) CHECK(c.compared);
  CHECK(r.stats().not_compared == 0);
}

TEST_CASE("UpdateCapacityProvider: a launch-template member tfdrift does not know is reported, not compared",
          "[managed_instances][not_compared]") {
  // The instance profile is as stored; instanceMetadataTagsPropagation is no provider
  // attribute (silent); hibernationWarmPoolSize is no member of botocore's model.
  run r = managed("update_capacity_provider_new_member");
  INFO(r.dump());
  check_single_outcome(r.stats(), outcome::alert);
  REQUIRE(r.alerts.size() == 1);
  const alert& a = r.alerts.front();
  CHECK(a.address == std::optional<std::string>("aws_ecs_capacity_provider.managed"));
  REQUIRE(a.changes.size() == 1);
  const change& c = a.changes.front();
  CHECK(c.path == "managedInstancesProvider.instanceLaunchTemplate.hibernationWarmPoolSize");
  CHECK(c.attribute == "managedInstancesProvider");
  CHECK(c.old_value.is_null());
  CHECK(c.new_value == 2);
  CHECK_FALSE(c.compared);
  CHECK(c.reason == "not in tfdrift's catalog (a member AWS added later, or unknown)");
  CHECK(r.stats().not_compared == 1);
}

TEST_CASE("UpdateCapacityProvider on an Auto Scaling group provider sending managedInstancesProvider is drift",
          "[managed_instances]") {
  // ecs.tfstate's spot provider has no managed_instances_provider (the provider stores []).
  tfdrift::detector det;
  det.load_state(tfdrift_test::read_fixture("state/ecs.tfstate"), "ecs.tfstate");
  json rec = json::parse(tfdrift_test::read_fixture("cloudtrail/update_capacity_provider.json"));
  rec["requestParameters"] = {{"name", "asg-spot"}, {"managedInstancesProvider", {{"propagateTags", "CAPACITY_PROVIDER"}}}};
  auto alerts = det.process(rec.dump(), "record.json");
  check_single_outcome(det.stats(), outcome::alert);
  REQUIRE(alerts.size() == 1);
  CHECK(alerts[0].address == std::optional<std::string>("aws_ecs_capacity_provider.spot"));
  check_changes(alerts[0], {{"managed_instances_provider[0].propagate_tags", "managed_instances_provider", nullptr,
                             "CAPACITY_PROVIDER", severity::low}});
}

TEST_CASE("classify_member: the managed-instances members are mapped, structures or no state", "[managed_instances][catalog]") {
  const event_entry& create = *find_event(ecs_source, "CreateCapacityProvider");
  const event_entry& update = *find_event(ecs_source, "UpdateCapacityProvider");
  for (const event_entry* e : {&create, &update}) {
    CHECK(classify_member(*e, "managedInstancesProvider").status == member_status::inner);
    CHECK(classify_member(*e, "managedInstancesProvider.instanceLaunchTemplate.instanceRequirements").status ==
          member_status::inner);
    CHECK(classify_member(*e, "managedInstancesProvider.instanceLaunchTemplate.instanceRequirements.vCpuCount.max").status ==
          member_status::mapped);
    CHECK(classify_member(*e, "managedInstancesProvider.instanceLaunchTemplate.networkConfiguration.subnets").status ==
          member_status::mapped);
    CHECK(classify_member(*e, "managedInstancesProvider.autoRepairConfiguration.actionsStatus").status ==
          member_status::not_state);
    CHECK(classify_member(*e, "managedInstancesProvider.instanceLaunchTemplate.capacityReservations").status ==
          member_status::not_state);
  }
  CHECK(classify_member(create, "managedInstancesProvider.instanceLaunchTemplate.capacityOptionType").status ==
        member_status::mapped);
  // InstanceLaunchTemplateUpdate has no capacityOptionType: the provider cannot change it in place.
  CHECK(classify_member(update, "managedInstancesProvider.instanceLaunchTemplate.capacityOptionType").status ==
        member_status::unclassified);
}

}  // namespace tfdrift_test_managed_instances
