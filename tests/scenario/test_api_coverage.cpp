// AWS's API model as the source of truth: every write operation of botocore's ECS model, and every
// member of the input shape of each operation the catalog covers (into structures and list items),
// is compared by the catalog or classified with a reason (catalog.hpp: request_member_notes,
// operation_notes). A member or operation AWS adds later fails here until someone classifies it.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include <tfdrift/catalog.hpp>
#include <tfdrift/coverage.hpp>
#include <tfdrift/input_gzip.hpp>

#include "test_data.hpp"

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_api_coverage {

namespace {

// botocore 1.44.8's ECS model, vendored under third_party/botocore.
nlohmann::json botocore_ecs_model() {
  return nlohmann::json::parse(
      tfdrift::read_input_file(tfdrift_test::data_path("../../third_party/botocore/ecs-2014-11-13-service-2.json.gz")));
}

}  // namespace

TEST_CASE("botocore's ECS model: every write operation and member is classified", "[api_coverage]") {
  const nlohmann::json model = botocore_ecs_model();
  REQUIRE(model["operations"].size() == 88);
  tfdrift::api_coverage c = tfdrift::measure_coverage(model);
  INFO(tfdrift::coverage_text(c));
  CHECK(c.unclassified.empty());
  CHECK(c.stale.empty());
  CHECK(c.complete());
  CHECK(c.write_operations == 52);
  CHECK(c.operations_covered == tfdrift::events.size());
  CHECK(c.operations_covered + c.operations_not_state + c.operations_not_compared_yet == c.write_operations);
  CHECK(c.mapped + c.structures + c.not_state + c.not_compared_yet == c.members);
  // Daemons, daemon task definitions and Express gateway services are covered too.
  CHECK(c.operations_covered == 35);
  CHECK(c.operations_not_compared_yet == 0);
  CHECK(c.members == 983);
  CHECK(c.mapped == 698);
}

TEST_CASE("a member or an operation AWS adds later fails the coverage until classified", "[api_coverage]") {
  nlohmann::json model = botocore_ecs_model();
  const std::string input = model["operations"]["UpdateService"]["input"]["shape"];
  model["shapes"][input]["members"]["fooBarSetting"] = {{"shape", "String"}};
  model["operations"]["FrobnicateCluster"] = {{"name", "FrobnicateCluster"}};
  model["operations"]["DescribeFrobs"] = {{"name", "DescribeFrobs"}};  // a read: not counted
  tfdrift::api_coverage c = tfdrift::measure_coverage(model);
  CHECK(c.unclassified == std::vector<std::string>{"FrobnicateCluster", "UpdateService: fooBarSetting"});
  CHECK_FALSE(c.complete());
  CHECK(tfdrift::coverage_text(c).find("unclassified: UpdateService: fooBarSetting\n") != std::string::npos);
}

TEST_CASE("a catalog row naming a member the model lacks is stale", "[api_coverage]") {
  nlohmann::json model = botocore_ecs_model();
  const std::string input = model["operations"]["UpdateService"]["input"]["shape"];
  model["shapes"][input]["members"].erase("availabilityZoneRebalancing");
  tfdrift::api_coverage c = tfdrift::measure_coverage(model);
  CHECK(c.stale == std::vector<std::string>{"UpdateService: availabilityZoneRebalancing"});
}

}  // namespace tfdrift_test_api_coverage
