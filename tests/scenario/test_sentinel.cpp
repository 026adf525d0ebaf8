// Fails clearly when the fixtures under tests/data are missing, instead of letting every test fail obscurely.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "test_data.hpp"

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_sentinel {

TEST_CASE("test data directory is present", "[sentinel]") {
  const std::filesystem::path state_dir = tfdrift_test::data_path("state");
  INFO("TFDRIFT_TEST_DATA_DIR is " TFDRIFT_TEST_DATA_DIR);
  if (!std::filesystem::is_directory(state_dir)) {
    FAIL("test fixtures are missing: " + state_dir.string() +
         " is not a directory; tests/data/ must be checked out with the source tree");
  }
  SUCCEED("found " + state_dir.string());
}

}  // namespace tfdrift_test_sentinel
