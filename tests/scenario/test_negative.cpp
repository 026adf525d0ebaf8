// Records that must not alert, and why; multi-record inputs with duplicates and broken lines; unreadable state files.
#include "fixture.hpp"

#include <optional>
#include <string>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_negative {

using tfdrift::outcome;
using tfdrift::to_string;
using tfdrift_test::check_single_outcome;
using tfdrift_test::read_fixture;
using tfdrift_test::run;

namespace {

// Checks that a one-record fixture gave no alert, for the given reason.
void check_silent(const char* fixture, outcome why) {
  run r(fixture);
  INFO(r.dump());
  CHECK(r.alerts.empty());
  check_single_outcome(r.stats(), why);
}

// Returns the tfdrift::error that loading a state fixture throws, or nullopt.
std::optional<tfdrift::error> load_error(const char* name) {
  tfdrift::detector d;
  try {
    d.load_state(read_fixture(std::string("state/") + name), name);
  } catch (const tfdrift::error& e) {
    CHECK(d.states().files() == 0);
    CHECK(d.states().instances().empty());
    return e;
  }
  return std::nullopt;
}

}  // namespace

// ---- one record each ----------------------------------------------------------------------------

TEST_CASE("CreateCluster from eks.amazonaws.com is not ECS, though the cluster is named production",
          "[negative][not_ecs]") {
  check_silent("cloudtrail/create_cluster_eks.json", outcome::not_ecs);
}

TEST_CASE("CreateCluster from redshift.amazonaws.com is not ECS", "[negative][not_ecs]") {
  check_silent("cloudtrail/create_cluster_redshift.json", outcome::not_ecs);
}

TEST_CASE("a failed UpdateService (AccessDeniedException) changed nothing", "[negative][failed_call]") {
  check_silent("cloudtrail/update_service_failed.json", outcome::failed_call);
}

TEST_CASE("DescribeServices is read-only", "[negative][read_only]") {
  check_silent("cloudtrail/describe_services.json", outcome::read_only);
}

TEST_CASE("Terraform's own UpdateService is the plan being applied", "[negative][terraform]") {
  check_silent("cloudtrail/update_service_terraform.json", outcome::terraform);
}

TEST_CASE("Terraform is recognised when its agent is not first and the string is bracketed",
          "[negative][terraform]") {
  check_silent("cloudtrail/update_service_terraform_wrapped.json", outcome::terraform);
}

TEST_CASE("a console UpdateService that resends every value as in state is no change", "[negative][no_change]") {
  check_silent("cloudtrail/update_service_same_value.json", outcome::no_change);
}

TEST_CASE("UpdateService naming cluster and service by ARN with the state's desiredCount is no change",
          "[negative][no_change]") {
  check_silent("cloudtrail/update_service_arn.json", outcome::no_change);
}

TEST_CASE("RegisterTaskDefinition equal to state under the provider's rules is no change",
          "[negative][no_change][task_definition]") {
  // Other key order, environment reordered, essential/protocol/hostPort/cpu 0/empty lists left
  // out, and cpu "0.25 vCPU" / memory "0.5 GB" for the state's "256" / "512".
  check_silent("cloudtrail/register_task_definition_reordered.json", outcome::no_change);
}

// ---- names repeat across accounts and regions ---------------------------------------------------

TEST_CASE("my-service in another account and region is not the managed one", "[negative][location]") {
  run r("cloudtrail/update_service_other_region.json");
  INFO(r.dump());
  REQUIRE(r.alerts.size() == 1);
  const auto& a = r.alerts.front();
  CHECK(to_string(a.kind) == "unmanaged");
  CHECK_FALSE(a.address.has_value());
  CHECK(a.resource_type == "aws_ecs_service");
  CHECK(a.region == "eu-west-1");
  CHECK(a.account == "210987654321");
  tfdrift_test::check_changes(a, {{"desired_count", "desired_count", nullptr, 9, tfdrift::severity::high}});
  check_single_outcome(r.stats(), outcome::alert);
}

TEST_CASE("with eu.tfstate loaded too, the eu-west-1 record drifts the eu state's service",
          "[negative][location]") {
  run r("cloudtrail/update_service_other_region.json", {"ecs.tfstate", "eu.tfstate"});
  INFO(r.dump());
  REQUIRE(r.alerts.size() == 1);
  const auto& a = r.alerts.front();
  CHECK(to_string(a.kind) == "update");
  CHECK(a.address.value_or("<unmanaged>") == "aws_ecs_service.main");
  CHECK(a.state_file == "eu.tfstate");
  CHECK(a.region == "eu-west-1");
  CHECK(a.account == "210987654321");
  tfdrift_test::check_changes(a, {{"desired_count", "desired_count", 2, 9, tfdrift::severity::high}});
  CHECK(a.who.name == "maria");
  CHECK(a.who.account == "210987654321");
  check_single_outcome(r.stats(), outcome::alert);
}

// ---- many records in one input ------------------------------------------------------------------

TEST_CASE("a CloudTrail S3 object: out of order, a duplicate, a read and another service", "[negative][framing]") {
  run r("cloudtrail/s3_object.json");
  INFO(r.dump());
  REQUIRE(r.alerts.size() == 1);
  const auto& a = r.alerts.front();
  CHECK(a.event_id == "68679295-0223-4b5d-aecb-656d77977de2");
  CHECK(a.address.value_or("<unmanaged>") == "aws_ecs_service.main");
  CHECK(a.place.source == "s3_object.json");
  CHECK(a.place.record == 1);
  const auto& s = r.stats();
  CHECK(s.records_read == 4);
  CHECK(s.count(outcome::alert) == 1);
  CHECK(s.count(outcome::not_ecs) == 1);    // ecr PutImage
  CHECK(s.count(outcome::duplicate) == 1);  // the UpdateService delivered again
  CHECK(s.count(outcome::read_only) == 1);  // DescribeServices
  CHECK(s.sum() == s.records_read);
  CHECK(s.malformed_places.empty());
}

TEST_CASE("an NDJSON stream goes on after a truncated line and skips blank ones", "[negative][framing][malformed]") {
  run r("cloudtrail/stream.ndjson");
  INFO(r.dump());
  REQUIRE(r.alerts.size() == 2);
  CHECK(r.alerts[0].event_name == "UpdateService");
  CHECK(r.alerts[0].address.value_or("<unmanaged>") == "aws_ecs_service.main");
  CHECK(r.alerts[0].place.source == "stream.ndjson");
  CHECK(r.alerts[0].place.line == 1);
  CHECK(r.alerts[1].event_name == "PutClusterCapacityProviders");
  CHECK(r.alerts[1].address.value_or("<unmanaged>") == "aws_ecs_cluster_capacity_providers.main");
  CHECK(r.alerts[1].place.line == 4);
  CHECK(r.alerts[1].place.record == 4);
  const auto& s = r.stats();
  CHECK(s.records_read == 4);
  CHECK(s.count(outcome::alert) == 2);
  CHECK(s.count(outcome::not_ecs) == 1);  // iam CreateServiceLinkedRole for ecs.amazonaws.com
  CHECK(s.count(outcome::malformed) == 1);
  CHECK(s.sum() == s.records_read);
  REQUIRE(s.malformed_places.size() == 1);
  const auto& m = s.malformed_places.front();
  CHECK(m.place.source == "stream.ndjson");
  CHECK(m.place.line == 3);
  CHECK(m.place.record == 3);
  CHECK(m.place.str() == "stream.ndjson:3");
  CHECK(m.id == "tfdrift.input.json");
  CHECK_FALSE(m.message.empty());
}

// ---- state files that cannot be loaded ----------------------------------------------------------

TEST_CASE("a version 3 state (Terraform < 0.12) is rejected, not read as empty", "[negative][state]") {
  auto e = load_error("v3.tfstate");
  REQUIRE(e.has_value());
  CHECK(e->id() == "tfdrift.state.version");
  CHECK(e->where() == "v3.tfstate");
}

TEST_CASE("a truncated state file is a parse error naming the file", "[negative][state]") {
  auto e = load_error("broken.tfstate");
  REQUIRE(e.has_value());
  CHECK(e->id() == "tfdrift.state.parse");
  CHECK(e->where() == "broken.tfstate");
}

}  // namespace tfdrift_test_negative
