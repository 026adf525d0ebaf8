// detail::parse_json: nlohmann::json::parse(text, nullptr, false) exactly (value, number types,
// discarded), read by the fast reader where it vouches for the text.
#include <catch2/catch.hpp>

#include <tfdrift/detail/json_parse.hpp>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "../fixture.hpp"

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_json_parse {

using nlohmann::json;
using tfdrift::detail::fast_json_reader;
using tfdrift::detail::fast_json_valid;
using tfdrift::detail::parse_json;

// Equal values of equal types all the way down (nlohmann's == calls 1 and 1u and 1.0 equal).
bool same(const json& a, const json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j)
      if (i.key() != j.key() || !same(*i, *j)) return false;
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k)
      if (!same(a[k], b[k])) return false;
    return true;
  }
  if (a.is_discarded()) return true;
  return a == b;
}

bool fast(std::string_view text) {
  json out;
  return fast_json_reader(text).read(out);
}

// The same value as nlohmann's parse; the checking reader vouches for exactly the texts the
// building one reads, and only for JSON.
bool agrees(std::string_view text) {
  const json theirs = json::parse(text, nullptr, false);
  return same(parse_json(text), theirs) && fast_json_valid(text) == fast(text) &&
         !(fast_json_valid(text) && theirs.is_discarded());
}

TEST_CASE("parse_json reads ASCII JSON itself, with nlohmann's number types", "[json_parse]") {
  const std::string text = R"( {"b":[1,-2,0,-0,true,false,null,{}],"a":"x\"\\\/\b\f\n\r\t\u0041\u00e9\u20ac","c":[]} )";
  CHECK(fast(text));
  const json j = parse_json(text);
  CHECK(j["b"][0].is_number_unsigned());
  CHECK(j["b"][1].is_number_integer());
  CHECK(j["b"][1].get<std::int64_t>() == -2);
  CHECK(j["b"][3].is_number_integer());  // -0: an integer 0, as strtoll reads it
  CHECK(j["a"].get<std::string>() == "x\"\\/\b\f\n\r\tA\xC3\xA9\xE2\x82\xAC");
  CHECK(j.dump() == R"({"a":"x\"\\/\b\f\n\r\tAé€","b":[1,-2,0,0,true,false,null,{}],"c":[]})");
  CHECK(agrees(text));
  CHECK(parse_json("999999999999999999").get<std::uint64_t>() == 999999999999999999ULL);
  CHECK(parse_json("-999999999999999999").get<std::int64_t>() == -999999999999999999LL);
}

TEST_CASE("parse_json: a repeated key keeps its last value, as nlohmann's DOM parser", "[json_parse]") {
  CHECK(fast(R"({"a":1,"a":{"b":2}})"));
  CHECK(parse_json(R"({"a":1,"a":{"b":2}})").dump() == R"({"a":{"b":2}})");
  CHECK(parse_json(R"({"a":[1],"a":"s"})").dump() == R"({"a":"s"})");
  CHECK(agrees(R"({"a":1,"a":{"b":2}})"));
}

TEST_CASE("parse_json leaves to nlohmann what the fast reader does not vouch for", "[json_parse]") {
  // Outside the subset: nlohmann reads them (and they agree).
  for (std::string_view t : {"1.5", "-2e3", "18446744073709551615", "18446744073709551616", "-9223372036854775809",
                             "\"\\ud83d\\ude00\"", "\"\xC3\xA9\"", "\xEF\xBB\xBF{}", "\"\\ud800\""}) {
    CAPTURE(t);
    CHECK_FALSE(fast(t));
    CHECK(agrees(t));
  }
  CHECK(parse_json("1.5").is_number_float());
  CHECK(parse_json("18446744073709551615").is_number_unsigned());
  CHECK(parse_json("18446744073709551616").is_number_float());
  CHECK(parse_json("\"\\ud83d\\ude00\"").get<std::string>() == "\xF0\x9F\x98\x80");
  CHECK(parse_json("\xEF\xBB\xBF{}").is_object());  // nlohmann skips a leading byte order mark
  // Not JSON: discarded, as nlohmann's parse without exceptions.
  for (std::string_view t : {"", " ", "01", "-", "-01", "1.", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "[1 2]", "\"a", "\"\\x\"",
                             "\"\\u12G4\"", "\"a\tb\"", "tru", "nul", "{} {}", "[", "{\"a\":", "\"\\u00\"", "+1"}) {
    CAPTURE(t);
    CHECK(parse_json(t).is_discarded());
    CHECK(agrees(t));
  }
  // Nesting deeper than the reader's limit: nlohmann reads it.
  const std::string deep = std::string(200, '[') + std::string(200, ']');
  CHECK_FALSE(fast(deep));
  CHECK(agrees(deep));
  CHECK(fast(std::string(128, '[') + std::string(128, ']')));
}

TEST_CASE("parse_json agrees with nlohmann on every fixture, whole and cut (at every length near the ends)", "[json_parse]") {
  const std::vector<std::string> texts = tfdrift_test::json_fixture_texts();
  REQUIRE(texts.size() >= 40);
  std::size_t failures = 0, read_fast = 0;
  for (const auto& t : texts) {
    if (!agrees(t)) ++failures;
    read_fast += fast(t) ? 1 : 0;
    // Every length near the ends, about 60 between (each cut is two parses of it: quadratic).
    const std::size_t step = std::max<std::size_t>(13, t.size() / 60) | 1;
    for (std::size_t len = 0; len < t.size(); len += (len < 40 || len + 40 > t.size()) ? 1 : step)
      if (!agrees(std::string_view(t).substr(0, len))) ++failures;
  }
  CHECK(failures == 0);
  CHECK(read_fast * 2 > texts.size());  // most fixtures are the fast reader's own
}

TEST_CASE("parse_json agrees with nlohmann on random mutations of the fixtures", "[json_parse]") {
  const std::vector<std::string> texts = tfdrift_test::json_fixture_texts();
  std::mt19937 rng(31);
  // The bytes that steer a JSON reader, and some that do not.
  const std::string_view steering = "\"\\{}[],:0123456789-+.eEu tfn\n\t\x01\x7f\x80\xC3\xA9";
  std::size_t failures = 0;
  for (int round = 0; round < 6000; ++round) {
    std::string t = texts[rng() % texts.size()];
    if (t.size() > 4000) t.resize(4000 + rng() % 64);
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !t.empty(); ++e) {
      const std::size_t at = rng() % t.size();
      const char c = steering[rng() % steering.size()];
      switch (rng() % 3) {
        case 0: t[at] = c; break;
        case 1: t.insert(t.begin() + static_cast<std::ptrdiff_t>(at), c); break;
        default: t.erase(at, 1 + rng() % 3); break;
      }
    }
    if (!agrees(t)) ++failures;
  }
  CHECK(failures == 0);
  // Short random texts over the steering bytes only.
  for (int round = 0; round < 20000; ++round) {
    std::string t;
    const std::size_t len = rng() % 12;
    for (std::size_t k = 0; k < len; ++k) t += steering[rng() % steering.size()];
    if (!agrees(t)) ++failures;
  }
  CHECK(failures == 0);
}

}  // namespace tfdrift_test_json_parse
