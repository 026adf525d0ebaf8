// detail/text.hpp: the one home of ASCII case and of places in a text, and the errors that use it.
#include <catch2/catch.hpp>

#include <tfdrift/config.hpp>
#include <tfdrift/detail/text.hpp>
#include <tfdrift/state.hpp>

#include <string>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_text {

using namespace tfdrift::detail;

TEST_CASE("ASCII case helpers touch ASCII letters only", "[text]") {
  CHECK(lower_ascii("MEMORY cpu É") == "memory cpu É");
  CHECK(upper_ascii("critical é") == "CRITICAL é");
  STATIC_REQUIRE(ends_with_nocase("TRAIL.JSON.GZ", ".json.gz"));
  STATIC_REQUIRE(ends_with_nocase("trail.json.gz", ".JSON.GZ"));
  STATIC_REQUIRE(!ends_with_nocase("gz", ".gz"));
  STATIC_REQUIRE(contains_nocase("APN/1.0 HashiCorp/1.0 Terraform/1.7.5", "terraform/"));
  STATIC_REQUIRE(!contains_nocase("aws-cli/2", "aws-sdk"));
  STATIC_REQUIRE(contains_nocase("x", ""));
  STATIC_REQUIRE(equals_nocase("Bearer", "BEARER"));
  STATIC_REQUIRE(equals_nocase("", ""));
  STATIC_REQUIRE(!equals_nocase("Bearer", "BEARE"));
  STATIC_REQUIRE(!equals_nocase("b3arer", "bearer"));
}

TEST_CASE("a place counts lines and UTF-8 characters, not bytes", "[text]") {
  STATIC_REQUIRE(place_of("ab\ncd", 4).line == 2);
  STATIC_REQUIRE(place_of("ab\ncd", 4).column == 2);
  // "é" is two bytes, one character: the byte after it is column 3.
  CHECK(line_column("aé!", 3) == "line 1, column 3");
  CHECK(line_column("x", 99) == "line 1, column 2");  // clamped to the text
  CHECK(line_column("", 0) == "line 1, column 1");
}

TEST_CASE("state and config errors name the same column for the same place", "[text][state][config]") {
  // The broken "x" on line 2 is its 10th character (11th byte): both say column 10.
  const std::string state = "{\"version\": 4,\n \"é\": 1, x}";
  tfdrift::state_index s;
  try {
    s.load(state, "s.tfstate");
    FAIL("the state loaded");
  } catch (const tfdrift::error& e) {
    CHECK(e.id() == "tfdrift.state.parse");
    CHECK(std::string(e.what()).find("not valid JSON at line 2, column 10 ") != std::string::npos);
  }
  try {
    (void)tfdrift::parse_config("{\"report_unwatched\": true,\n \"é\": 1, x}", "c.json");
    FAIL("the config loaded");
  } catch (const tfdrift::error& e) {
    CHECK(e.id() == "tfdrift.config.parse");
    CHECK(std::string(e.what()).find("c.json:2:10") != std::string::npos);
  }
}

}  // namespace tfdrift_test_text
