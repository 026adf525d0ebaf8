// Unit tests of input.hpp, the pipeline's first step: a {"Records":[...]} document split into
// its records unparsed, a stream split into bounded lines, and the byte screen for ECS records.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tfdrift/input.hpp>

#include "../fixture.hpp"

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

// Unit tests of split_records' block scan (detail::scan::skip_container, 64 bytes at a time on
// x86-64): on crafted and on random inputs it hands out exactly the pieces that the byte-by-byte
// reference (detail::split_records_with<false>, skip_value) hands out.
namespace tfdrift_test_split_records {

namespace {

// A split's result: its return value and each piece as (offset, length) in the input.
struct pieces {
  bool ok = false;
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  bool operator==(const pieces& o) const { return ok == o.ok && spans == o.spans; }
};

template <bool Fast>
pieces split_with(std::string_view s) {
  pieces p;
  p.ok = tfdrift::detail::split_records_with<Fast>(s, [&](std::string_view rec) {
    p.spans.emplace_back(static_cast<std::size_t>(rec.data() - s.data()), rec.size());
  });
  return p;
}

std::vector<std::string> texts(std::string_view s) {
  std::vector<std::string> out;
  tfdrift::split_records(s, [&](std::string_view rec) { out.emplace_back(rec); });
  return out;
}

// The input in a buffer of its own, so that a read past its end would be caught by sanitizers.
bool same_split(const std::string& s) {
  std::string copy = s;
  pieces fast = split_with<true>(copy), slow = split_with<false>(copy);
  if (!(fast == slow)) {
    UNSCOPED_INFO("input (" << s.size() << " bytes): " << s.substr(0, 400));
    return false;
  }
  return true;
}

// Every CloudTrail fixture as one record (a Records document gives its records).
std::vector<std::string> fixture_records() {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(tfdrift_test::data_path("cloudtrail")))
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<std::string> out;
  for (const auto& f : files) {
    std::string text = tfdrift_test::read_bytes(f);
    if (!tfdrift::split_records(text, [&](std::string_view r) { out.emplace_back(r); }))
      out.push_back(std::string(tfdrift::trim_blanks(text)));
  }
  return out;
}

}  // namespace

TEST_CASE("split_records block scan: strings with brackets and escapes across 64-byte blocks", "[input][split]") {
  const std::string long_text(70, 'x');
  // A string longer than a block holding brackets, an escaped quote and an escaped backslash.
  const std::string rec1 = "{\"a\":\"" + long_text + "}]{[\\\"}\\\\\",\"b\":[1,{\"c\":\"" + long_text + "\"}]}";
  const std::string rec2 = "[\"" + long_text + "\\\\\",{}]";
  const std::string doc = "{\"Records\":[" + rec1 + " ,\n" + rec2 + "]}";
  CHECK(texts(doc) == std::vector<std::string>{rec1, rec2});
  CHECK(same_split(doc));
  // Each offset of the escapes relative to a block: the document shifted by 0..127 bytes.
  for (std::size_t pad = 0; pad < 128; ++pad) {
    std::string shifted = "{\"Records\":[" + std::string(pad, ' ') + rec1 + "," + rec2 + "]}";
    CHECK(texts(shifted) == std::vector<std::string>{rec1, rec2});
  }
}

TEST_CASE("split_records block scan: a backslash outside a string is no escape", "[input][split]") {
  // Outside a string the reference steps over a backslash: the quote after it opens a string.
  const std::string rec = "{\\\"" + std::string(80, 'y') + "}\"}";
  const std::string doc = "{\"Records\":[" + rec + ",{\"z\":1}]}";
  CHECK(texts(doc) == std::vector<std::string>{rec, "{\"z\":1}"});
  CHECK(same_split(doc));
}

TEST_CASE("split_records block scan: truncated in a string, after a backslash, inside brackets", "[input][split]") {
  const std::string head = "{\"Records\":[{\"a\":\"" + std::string(100, 'q');
  CHECK(texts(head) == std::vector<std::string>{head.substr(12)});
  CHECK(texts(head + "\\") == std::vector<std::string>{head.substr(12) + "\\"});
  CHECK(texts(head + "\"," + std::string(90, '[')) == std::vector<std::string>{head.substr(12) + "\"," + std::string(90, '[')});
  // A closing bracket of the wrong kind still closes (only the record's end is found here).
  const std::string odd = "{\"k\":[" + std::string(70, '1') + "}}";
  CHECK(texts("{\"Records\":[" + odd + "]}") == std::vector<std::string>{odd});
}

TEST_CASE("split_records block scan: the same pieces as the byte-by-byte scan on every fixture, cut anywhere", "[input][split]") {
  const std::vector<std::string> records = fixture_records();
  REQUIRE(records.size() >= 30);
  std::string doc = "{\"Records\":[";
  for (std::size_t k = 0; k < records.size(); ++k) doc += (k ? "," : "") + records[k];
  doc += "]}";
  const pieces whole = split_with<true>(doc);
  CHECK(whole.ok);
  CHECK(whole.spans.size() == records.size());
  CHECK(same_split(doc));
  // Truncated at every length near the ends, and at about 1,500 lengths between (a byte-by-byte
  // reference on every cut is quadratic: minutes under the sanitizers at a step of 7).
  std::size_t failures = 0;
  const std::size_t step = std::max<std::size_t>(7, doc.size() / 1500) | 1;  // odd: every offset in a block
  for (std::size_t len = 0; len <= doc.size(); len += (len < 200 || len + 200 > doc.size()) ? 1 : step)
    if (!same_split(doc.substr(0, len))) ++failures;
  CHECK(failures == 0);
}

TEST_CASE("split_records block scan: the same pieces as the byte-by-byte scan on random mutations", "[input][split]") {
  const std::vector<std::string> records = fixture_records();
  std::mt19937 rng(20);
  // The bytes that steer the scan, and some that do not.
  const std::string_view steering = "\"\\{}[],: x\n";
  std::size_t failures = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string doc = "{\"Records\":[";
    const int n = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < n; ++k) doc += (k ? "," : "") + records[rng() % records.size()];
    doc += "]}";
    const int edits = 1 + static_cast<int>(rng() % 6);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = rng() % doc.size();
      const char c = steering[rng() % steering.size()];
      switch (rng() % 3) {
        case 0: doc[at] = c; break;
        case 1: doc.insert(doc.begin() + static_cast<std::ptrdiff_t>(at), c); break;
        default: doc.erase(at, 1 + rng() % 3); break;
      }
      if (doc.empty()) doc = "{";
    }
    if (rng() % 4 == 0) doc.resize(rng() % doc.size());
    if (!same_split(doc)) ++failures;
  }
  CHECK(failures == 0);
  // Random bytes drawn from the steering ones only, after a valid head.
  for (int round = 0; round < 3000; ++round) {
    std::string doc = "{\"Records\":[";
    const std::size_t len = rng() % 300;
    for (std::size_t k = 0; k < len; ++k) doc += steering[rng() % steering.size()];
    if (!same_split(doc)) ++failures;
  }
  CHECK(failures == 0);
}

}  // namespace tfdrift_test_split_records
