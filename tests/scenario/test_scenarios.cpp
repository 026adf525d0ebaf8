// The spec's three drift scenarios end to end: realistic CloudTrail and Falco input, the alert text users read.
#include "fixture.hpp"

#include <string>

#include <nlohmann/json.hpp>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_scenarios {

using tfdrift::outcome;
using tfdrift_test::run;

namespace {

// Returns an alert's JSON without its place, which names the input it was read from.
nlohmann::ordered_json without_place(const tfdrift::alert& a) {
  nlohmann::ordered_json j = tfdrift::to_json(a);
  j.erase("place");
  return j;
}

}  // namespace

TEST_CASE("scenario 1: a service scaled outside Terraform prints the spec's alert", "[scenarios][text]") {
  run r("cloudtrail/update_service_desired_count.json");
  INFO(r.dump());
  REQUIRE(r.alerts.size() == 1);
  // The spec's block, with the source after the identity type (NOTES.md).
  CHECK(tfdrift::to_text(r.alerts.front()) ==
        "🚨 Drift Detected: aws_ecs_service.main\n"
        "Changed: desired_count = 3 → 5\n"
        "User: ops-admin (IAM User, CLI)\n"
        "Region: us-east-1\n"
        "Severity: HIGH\n");
  CHECK(r.stats().sum() == r.stats().records_read);
}

TEST_CASE("scenario 2: a task definition updated in the console names the container in the path",
          "[scenarios][text]") {
  run r("cloudtrail/register_task_definition_image.json");
  INFO(r.dump());
  REQUIRE(r.alerts.size() == 1);
  // NOTES.md: container_definitions.image becomes container_definitions[name=nginx].image, and
  // "(Console)" becomes identity type then source. The spec's security considerations ask for
  // image tag changes: a finding at medium, so the severity stays the spec's.
  CHECK(tfdrift::to_text(r.alerts.front()) ==
        "🚨 Drift Detected: aws_ecs_task_definition.web_app\n"
        "Changed: container_definitions[name=nginx].image = nginx:1.20 → nginx:1.21\n"
        "Security: image.tag_changed (MEDIUM): container nginx: image tag 1.20 -> 1.21 (nginx:1.21)\n"
        "User: developer@example.com (Assumed Role, Console)\n"
        "Region: us-east-1\n"
        "Severity: MEDIUM\n");
  CHECK(r.stats().sum() == r.stats().records_read);
}

TEST_CASE("scenario 3: cluster capacity providers modified print both changed sets", "[scenarios][text]") {
  run r("cloudtrail/put_cluster_capacity_providers.json");
  INFO(r.dump());
  REQUIRE(r.alerts.size() == 1);
  CHECK(tfdrift::to_text(r.alerts.front()) ==
        "🚨 Drift Detected: aws_ecs_cluster_capacity_providers.main\n"
        "Changed: capacity_providers = [\"FARGATE\"] → [\"FARGATE\", \"FARGATE_SPOT\"]\n"
        "Changed: default_capacity_provider_strategy = "
        "[{\"base\": 0, \"capacity_provider\": \"FARGATE\", \"weight\": 1}] → "
        "[{\"base\": 0, \"capacity_provider\": \"FARGATE_SPOT\", \"weight\": 1}]\n"
        "User: admin (Assumed Role, SDK)\n"
        "Region: us-east-1\n"
        "Severity: HIGH\n");
  CHECK(r.stats().sum() == r.stats().records_read);
}

TEST_CASE("scenario 1 through Falco's http_output gives the same alert as the CloudTrail record",
          "[scenarios][falco]") {
  run cloudtrail("cloudtrail/update_service_desired_count.json");
  run falco("falco/update_service.json");
  INFO(cloudtrail.dump());
  INFO(falco.dump());
  REQUIRE(cloudtrail.alerts.size() == 1);
  REQUIRE(falco.alerts.size() == 1);
  const auto& a = falco.alerts.front();
  CHECK(a.event_id == "68679295-0223-4b5d-aecb-656d77977de2");
  CHECK(a.place.source == "update_service.json");
  CHECK(without_place(a) == without_place(cloudtrail.alerts.front()));
  CHECK(tfdrift::to_text(a) == tfdrift::to_text(cloudtrail.alerts.front()));
  CHECK(falco.stats().records_read == 1);
  CHECK(falco.stats().count(outcome::alert) == 1);
  CHECK(falco.stats().sum() == falco.stats().records_read);
}

TEST_CASE("scenario 1 read from CloudTrail and then from Falco alerts once", "[scenarios][falco][dedup]") {
  run r("cloudtrail/update_service_desired_count.json");
  auto again = r.detector.process(tfdrift_test::read_fixture("falco/update_service.json"), "update_service.json");
  INFO(r.dump());
  CHECK(r.alerts.size() == 1);
  CHECK(again.empty());
  const auto& s = r.stats();
  CHECK(s.records_read == 2);
  CHECK(s.count(outcome::alert) == 1);
  CHECK(s.count(outcome::duplicate) == 1);
  CHECK(s.sum() == s.records_read);
}

}  // namespace tfdrift_test_scenarios
