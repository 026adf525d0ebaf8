// Unit tests of input.hpp, the pipeline's first step: a {"Records":[...]} document split into
// its records unparsed, a stream split into bounded lines, and the byte screen for ECS records.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tfdrift/input.hpp>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_input {

using namespace tfdrift;

namespace {

std::pair<bool, std::vector<std::string>> split(std::string_view text) {
  std::vector<std::string> out;
  bool ok = split_records(text, [&](std::string_view r) { out.emplace_back(r); });
  return {ok, out};
}

}  // namespace

TEST_CASE("split_records hands out each record's text, unparsed and in order", "[input]") {
  auto [ok, recs] = split(" {\n \"Records\" : [ {\"a\":1} ,\n{\"b\":{\"c\":\"]}\"}} ] }");
  CHECK(ok);
  CHECK(recs == std::vector<std::string>{"{\"a\":1}", "{\"b\":{\"c\":\"]}\"}}"});
  auto [empty_ok, none] = split("{\"Records\":[]}");
  CHECK(empty_ok);
  CHECK(none.empty());
  // Not a Records document: false, nothing handed out (the caller parses the text whole).
  auto [other_ok, other] = split("{\"eventName\":\"UpdateService\",\"Records\":[]}");
  CHECK_FALSE(other_ok);
  CHECK(other.empty());
}

TEST_CASE("split_records passes a truncated record and garbage between records on, to be counted malformed", "[input]") {
  auto [ok, recs] = split("{\"Records\":[{\"a\":1},{\"b\":");
  CHECK(ok);
  CHECK(recs == std::vector<std::string>{"{\"a\":1}", "{\"b\":"});
  auto [ok2, recs2] = split("{\"Records\":[{\"a\":1} x {\"b\":2}]}");
  CHECK(ok2);
  CHECK(recs2 == std::vector<std::string>{"{\"a\":1}", "x {\"b\":2}]}"});
}

TEST_CASE("line_splitter holds at most one line, keeps an oversized one at max_line + 1 bytes", "[input]") {
  line_splitter lines(5);
  std::vector<std::pair<std::string, std::uint64_t>> got;
  auto on_line = [&](std::string_view t, std::uint64_t n) { got.emplace_back(std::string(t), n); };
  lines.feed("ab\ncd", on_line);
  lines.feed("e\n0123456789", on_line);
  lines.feed("abc\nlast", on_line);
  lines.finish(on_line);
  CHECK(got == std::vector<std::pair<std::string, std::uint64_t>>{{"ab", 1}, {"cde", 2}, {"012345", 3}, {"last", 4}});
  CHECK(lines.lines() == 4);
}

TEST_CASE("may_be_ecs: the byte screen, and the text helpers", "[input]") {
  CHECK(may_be_ecs(R"({"eventSource":"ecs.amazonaws.com","eventName":"UpdateService"})"));
  CHECK_FALSE(may_be_ecs(R"({"eventSource":"s3.amazonaws.com","eventName":"PutObject"})"));
  CHECK(strip_bom("\xEF\xBB\xBF{}") == "{}");
  CHECK(strip_bom("{}") == "{}");
  CHECK(trim_blanks(" \t{\"a\":1}\r\n") == "{\"a\":1}");
  CHECK(is_records_document("  { \"Records\": [] }"));
  CHECK_FALSE(is_records_document("{\"eventName\":\"Records\"}"));
}

}  // namespace tfdrift_test_input
