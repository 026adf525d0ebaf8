// The structural record scan that lets the detector reject and decode records without a full parse.
#include <catch2/catch.hpp>

#include <tfdrift/detail/scan.hpp>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "../fixture.hpp"

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_scan {

using namespace tfdrift::detail;

TEST_CASE("the scan finds envelope tokens and nested spans at the top level only", "[scan]") {
  std::string rec = R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","userName":"ops","readOnly":true},)"
                    R"("eventTime":"2025-03-11T13:04:12Z","eventSource":"ecs.amazonaws.com","eventName":"RegisterTaskDefinition",)"
                    R"("awsRegion":"us-east-1","userAgent":"aws-cli/2.15 \"quoted\"","requestParameters":{"family":"web",)"
                    R"("containerDefinitions":[{"mountPoints":[{"readOnly":true}]}]},"responseElements":null,)"
                    R"("eventID":"e-1","readOnly":false,"recipientAccountId":"123456789012","sessionCredentialFromConsole":"true"})";
  record_tokens t;
  REQUIRE(scan_record(rec, t, 64));
  CHECK(t.event_source == "\"ecs.amazonaws.com\"");
  CHECK(t.event_name == "\"RegisterTaskDefinition\"");
  CHECK(t.read_only == "false");  // not the nested mountPoints readOnly nor userIdentity's
  CHECK(t.request == R"({"family":"web","containerDefinitions":[{"mountPoints":[{"readOnly":true}]}]})");
  CHECK(t.user_identity == R"({"type":"IAMUser","userName":"ops","readOnly":true})");
  CHECK(t.response == "null");
  CHECK(t.error_code.empty());
  CHECK(token_string(t.user_agent) == "aws-cli/2.15 \"quoted\"");
  CHECK(token_string(t.account) == "123456789012");
  CHECK(token_true(t.session_console));
  CHECK(t.depth == 6);  // record, requestParameters, containerDefinitions, a container, mountPoints, a mount point
}

TEST_CASE("the scan rejects truncated, unbalanced and too deep records", "[scan]") {
  record_tokens t;
  CHECK_FALSE(scan_record(R"({"eventSource":"ecs.amazonaws.com","requestParameters":{"a":[1,2)", t, 64));
  CHECK_FALSE(scan_record(R"({"eventSource":"ecs.amazonaws.com)", t, 64));
  CHECK_FALSE(scan_record(R"(["not","an","object"])", t, 64));
  CHECK_FALSE(scan_record(R"({"a":1} trailing)", t, 64));
  std::string deep = "{\"a\":" + std::string(100, '[') + std::string(100, ']') + "}";
  record_tokens d;
  CHECK_FALSE(scan_record(deep, d, 64));
  CHECK(d.depth == 65);
  record_tokens ok;
  CHECK(scan_record(deep, ok, 200));
  CHECK(ok.depth == 101);
  record_tokens e;
  CHECK(scan_record("  { }  ", e, 64));
}

TEST_CASE("only an eventSource or ct.src of ecs.amazonaws.com passes the source check", "[scan]") {
  CHECK(may_be_ecs_source(R"({"eventSource":"ecs.amazonaws.com","eventName":"UpdateService"})"));
  CHECK(may_be_ecs_source(R"({"eventSource" : "ecs.amazonaws.com"})"));
  CHECK(may_be_ecs_source(R"({"output_fields":{"ct.src":"ecs.amazonaws.com"}})"));
  CHECK_FALSE(may_be_ecs_source(R"({"eventSource":"ec2.amazonaws.com","userIdentity":{"invokedBy":"ecs.amazonaws.com"}})"));
  CHECK_FALSE(may_be_ecs_source(R"({"eventSource":"sts.amazonaws.com","userAgent":"ecs.amazonaws.com"})"));
  CHECK_FALSE(may_be_ecs_source(R"({"eventSource":"iam.amazonaws.com","requestParameters":{"aWSServiceName":"ecs.amazonaws.com"}})"));
  CHECK_FALSE(may_be_ecs_source(R"({"eventSource":"ecs-tasks.amazonaws.com"})"));
  CHECK_FALSE(may_be_ecs_source(""));
}

TEST_CASE("token helpers compare and decode strings", "[scan]") {
  CHECK(token_equals("\"UpdateService\"", "UpdateService"));
  CHECK_FALSE(token_equals("\"UpdateServices\"", "UpdateService"));
  CHECK(token_equals("\"Update\\u0053ervice\"", "UpdateService"));
  CHECK(token_string("null").empty());
  CHECK(token_true("true"));
  CHECK_FALSE(token_true("false"));
}

TEST_CASE("the eventSource search finds the value at every offset and length", "[scan]") {
  const std::string needle = "\"ecs.amazonaws.com\"";
  for (std::size_t pad = 0; pad < 70; ++pad) {
    std::string s = std::string(pad, 'x') + "e##." + needle + "\"ec2.amazonaws.com\"";
    CHECK(find_ecs_source_value(s, 0) == pad + 4);
    CHECK(find_ecs_source_value(s, pad + 5) == std::string::npos);
    std::string miss = std::string(pad, 'e') + "\"ecs.amazonaws.co\"" + std::string(pad % 20, '.');
    CHECK(find_ecs_source_value(miss, 0) == std::string::npos);
  }
}

TEST_CASE("skip_string ends each string at its closing quote, escapes at every place in a 16-byte window", "[scan]") {
  // The reference: byte by byte, a backslash escapes the next byte.
  auto reference = [](const std::string& s, std::size_t i) -> std::size_t {
    for (++i; i < s.size(); ++i) {
      if (s[i] == '\\') {
        ++i;
        continue;
      }
      if (s[i] == '"') return i + 1;
    }
    return std::string::npos;
  };
  std::size_t cases = 0;
  for (std::size_t len = 0; len < 40; ++len)
    for (std::size_t at = 0; at < len; ++at)
      for (const char* esc : {"\\\"", "\\\\", "\\n", "\\\\\\\""}) {
        std::string body(len, 'x');
        body.replace(at, 1, esc);
        for (const std::string& tail : {std::string("\",\"next\":1}"), std::string(), std::string("\\")}) {
          const std::string s = "\"" + body + tail;
          std::size_t i = 0;
          const bool closed = scan::skip_string(s, i);
          const std::size_t want = reference(s, 0);
          CHECK(closed == (want != std::string::npos));
          if (closed) CHECK(i == want);
          ++cases;
        }
      }
  CHECK(cases == 780 * 4 * 3);
  std::size_t i = 0;
  CHECK(scan::skip_string(R"("abcdefghijklmnopqrstuvwxyz \"quoted\" \\" tail)", i));
  CHECK(i == 42);
}

}  // namespace tfdrift_test_scan

// Unit tests of the block scans behind skip_value, for_each_member and scan_record (64 bytes at a
// time on x86-64, escapes resolved per block, the last bytes in a padded block): on crafted and
// on random inputs they give exactly the results, positions and depths of the byte-by-byte
// reference scans (scan::reference, for_each_member_with<false>, scan_record_with<false>).
namespace tfdrift_test_scan_blocks {

using namespace tfdrift::detail;

namespace {

constexpr std::size_t unlimited = static_cast<std::size_t>(-1);

// A scan's outcome: its result, where it left i (when it succeeded: a failed scan's position is
// not used) and the deepest nesting it reported.
struct skipped {
  bool ok = false;
  std::size_t at = 0, deepest = 0;
  bool operator==(const skipped& o) const { return ok == o.ok && (!ok || at == o.at) && deepest == o.deepest; }
};

template <bool Fast>
skipped skip_value_at(std::string_view s, std::size_t i, std::size_t base, std::size_t max, std::size_t deepest = 0) {
  skipped r;
  r.deepest = deepest;
  r.ok = Fast ? scan::skip_value(s, i, base, max, r.deepest) : scan::reference::skip_value(s, i, base, max, r.deepest);
  r.at = i;
  return r;
}

// Each member as (key offset, key length, value offset, value length) in s, the result and depth.
struct members {
  bool ok = false;
  std::size_t deepest = 0;
  std::vector<std::size_t> spans;
  bool operator==(const members& o) const = default;
};

template <bool Fast>
members members_of(std::string_view s, std::size_t max, std::size_t base = 1) {
  members m;
  m.ok = for_each_member_with<Fast>(
      s,
      [&](std::string_view k, std::string_view v) {
        for (std::size_t x : {static_cast<std::size_t>(k.data() - s.data()), k.size(),
                              static_cast<std::size_t>(v.data() - s.data()), v.size()})
          m.spans.push_back(x);
      },
      max, m.deepest, base);
  return m;
}

// The tokens of scan_record as (offset, length) in s, the result and depth.
template <bool Fast>
std::vector<std::size_t> tokens_of(std::string_view s, std::size_t max) {
  record_tokens t;
  const bool ok = scan_record_with<Fast>(s, t, max);
  std::vector<std::size_t> out{ok, t.depth};
  for (std::string_view v : {t.event_source, t.event_name, t.event_id, t.event_time, t.region, t.account, t.user_agent,
                             t.source_ip, t.error_code, t.read_only, t.session_console, t.user_identity, t.request,
                             t.response, t.output_fields}) {
    out.push_back(v.data() ? static_cast<std::size_t>(v.data() - s.data()) : unlimited);
    out.push_back(v.size());
  }
  return out;
}

// The depth limits tried: none, the default, and small ones that records reach; a cut text is
// scanned under fewer (the ends of a text are where cuts differ, not its depth).
constexpr std::size_t limits[] = {unlimited, 64, 1, 2, 3, 4, 6};
constexpr std::size_t cut_limits[] = {64, 3};
constexpr std::size_t offset_limits[] = {unlimited, 2, 4};

// The text in a buffer of its own size, so that a read past its end is caught by sanitizers.
struct exact_copy {
  std::unique_ptr<char[]> bytes;
  std::string_view view;
  explicit exact_copy(std::string_view s) : bytes(new char[s.size() ? s.size() : 1]) {
    if (!s.empty()) std::memcpy(bytes.get(), s.data(), s.size());
    view = std::string_view(bytes.get(), s.size());
  }
};

// scan_record and for_each_member on the whole text, under each limit: fast == reference.
bool same_record_scan(std::string_view text, std::span<const std::size_t> tried = limits) {
  exact_copy c(text);
  const std::string_view s = c.view;
  for (std::size_t max : tried) {
    if (tokens_of<true>(s, max) != tokens_of<false>(s, max) || !(members_of<true>(s, max) == members_of<false>(s, max))) {
      UNSCOPED_INFO("limit " << max << ", input (" << s.size() << " bytes): " << std::string(s.substr(0, 400)));
      return false;
    }
  }
  return true;
}

// skip_value (and skip_container, and skip_string at quotes) started at every offset of the
// text, under some limits and from two base depths: fast == reference.
bool same_skips_everywhere(std::string_view text) {
  exact_copy c(text);
  const std::string_view s = c.view;
  for (std::size_t i = 0; i < s.size(); ++i) {
    for (std::size_t max : offset_limits)
      for (std::size_t base : {std::size_t{0}, std::size_t{2}})
        if (!(skip_value_at<true>(s, i, base, max) == skip_value_at<false>(s, i, base, max))) {
          UNSCOPED_INFO("skip_value at " << i << ", base " << base << ", limit " << max << ", input (" << s.size()
                                         << " bytes): " << std::string(s.substr(0, 400)));
          return false;
        }
    // An earlier, deeper member's depth stays when this value is shallower.
    if (!(skip_value_at<true>(s, i, 1, 64, 9) == skip_value_at<false>(s, i, 1, 64, 9))) return false;
    if (s[i] == '{' || s[i] == '[') {
      std::size_t fast = i, slow = i, deepest = 0;
      const bool ok = scan::skip_container(s, fast);
      if (ok != scan::reference::skip_value(s, slow, 0, unlimited, deepest) || (ok && fast != slow)) return false;
    }
    if (s[i] == '"') {
      std::size_t fast = i, slow = i;
      const bool ok = scan::skip_string(s, fast);
      if (ok != scan::reference::skip_string(s, slow) || (ok && fast != slow)) return false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE("block scan: exact tokens and depth of a record with escapes across 64-byte blocks", "[scan][blocks]") {
  // userAgent ends in an escaped backslash right before its closing quote; requestParameters holds
  // escaped quotes and brackets in strings, a run of backslashes and a nesting of 5.
  const std::string agent = "\"" + std::string(61, 'a') + "\\\\\"";
  const std::string request = R"({"family":"w\"}]{[\\","c":[{"o":{"k":"\\\\\\\"]"}},[[]]],"n":1})";
  for (std::size_t pad = 0; pad < 70; ++pad) {
    const std::string rec = "{\"eventVersion\":\"" + std::string(pad, 'v') + "\",\"userAgent\":" + agent +
                            ",\"requestParameters\":" + request + ",\"eventName\":\"RegisterTaskDefinition\"}";
    record_tokens t;
    REQUIRE(scan_record(rec, t, 64));
    CHECK(t.user_agent == agent);
    CHECK(t.request == request);
    CHECK(t.event_name == "\"RegisterTaskDefinition\"");
    CHECK(t.depth == 5);  // record, requestParameters, c, c's object and its o (as deep as c's [[]])
    record_tokens shallow;
    CHECK_FALSE(scan_record(rec, shallow, 4));
    CHECK(shallow.depth == 5);
    CHECK(same_record_scan(rec));
  }
}

TEST_CASE("block scan: escapes, brackets and limits at every place of a block and of the padded tail", "[scan][blocks]") {
  std::size_t failures = 0, cases = 0;
  for (std::size_t len = 60; len < 140; ++len)
    for (std::size_t at = 0; at + 4 < len; at += 3)
      for (const char* insert : {"\\\"", "\\\\", "\\\\\\\"", "\"", "{[", "]}", "\\", "\"\\", "[{\"x\":[1]}]"}) {
        // A container whose strings and brackets move across the block boundaries.
        std::string body(len, 'x');
        body.replace(at, 1, insert);
        for (const std::string& s : {"[\"" + body + "\",{\"k\":[\"" + body + "\"]}]", "{\"a\":\"" + body + "\"}",
                                     "{\"a\":[" + std::string(at % 7, '[') + "\"" + body}) {
          ++cases;
          std::size_t i0 = 0;
          for (std::size_t max : limits)
            if (!(skip_value_at<true>(s, i0, 1, max) == skip_value_at<false>(s, i0, 1, max))) ++failures;
          if (!same_record_scan(s)) ++failures;
        }
      }
  CHECK(cases == 2573 * 9 * 3);  // (len, at) pairs, inserts, containers
  CHECK(failures == 0);
}

TEST_CASE("block scan: a backslash outside a string escapes nothing, as byte by byte", "[scan][blocks]") {
  // Not JSON, but the byte-by-byte scan steps over such a backslash: the quote after it opens a string.
  const std::string s = "{\"a\":[\\\"" + std::string(80, 'y') + "]\"]}";
  std::size_t i = 5, deepest = 0;
  REQUIRE(scan::skip_value(s, i, 1, 64, deepest));
  CHECK(i == s.size() - 1);
  CHECK(deepest == 2);
  CHECK(same_skips_everywhere(s));
  CHECK(same_record_scan(s));
}

TEST_CASE("block scan: the depth limit stops at the first bracket past it, in blocks and in the tail", "[scan][blocks]") {
  for (int p : {0, 30, 61, 62, 63, 64, 65, 100, 127, 128}) {
    const auto pad = static_cast<std::size_t>(p);
    const std::string s = "{\"p\":\"" + std::string(pad, 'p') + "\",\"a\":" + std::string(100, '[') + std::string(100, ']') + "}";
    for (std::size_t max = 1; max <= 102; ++max) {
      record_tokens t;
      const bool ok = scan_record(s, t, max);
      CHECK(ok == (max >= 101));
      CHECK(t.depth == (max >= 101 ? 101 : max + 1));
      if (!same_record_scan(s)) FAIL("pad " << pad << ", limit " << max);
    }
  }
}

TEST_CASE("block scan: the same results as byte by byte on every fixture, from every offset, cut (every length near the ends)", "[scan][blocks]") {
  const std::vector<std::string> texts = tfdrift_test::json_fixture_texts();
  REQUIRE(texts.size() >= 100);
  std::size_t failures = 0, cuts = 0;
  for (const std::string& text : texts) {
    if (!same_record_scan(text)) ++failures;
    if (text.size() <= 12000 && !same_skips_everywhere(text)) ++failures;
    // Every length near either end, about 200 in between (each cut shifts the padded tail; an
    // odd step meets every offset in a block).
    const std::size_t step = std::max<std::size_t>(5, text.size() / 200) | 1;
    for (std::size_t len = 0; len < text.size(); len += (len < 300 || len + 300 > text.size()) ? 1 : step) {
      ++cuts;
      if (!same_record_scan(std::string_view(text).substr(0, len), cut_limits)) ++failures;
    }
  }
  INFO("cuts: " << cuts);
  CHECK(cuts > 50000);
  CHECK(failures == 0);
}

TEST_CASE("block scan: the same results as byte by byte on random mutations of the fixtures", "[scan][blocks]") {
  const std::vector<std::string> texts = tfdrift_test::json_fixture_texts();
  std::vector<std::string> records;
  for (const std::string& t : texts)
    if (t.size() <= 12000) records.push_back(t);
  REQUIRE(records.size() >= 50);
  std::mt19937 rng(21);
  const std::string_view steering = "\"\\{}[],: x\n";
  std::size_t failures = 0;
  for (int round = 0; round < 1500; ++round) {
    std::string s = records[rng() % records.size()];
    const int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = rng() % s.size();
      const char c = steering[rng() % steering.size()];
      switch (rng() % 4) {
        case 0: s[at] = c; break;
        case 1: s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), c); break;
        case 2: s.insert(at, std::string(1 + rng() % 5, c)); break;
        default: s.erase(at, 1 + rng() % 3); break;
      }
      if (s.empty()) s = "{";
    }
    if (rng() % 4 == 0) s.resize(rng() % s.size());
    if (!same_record_scan(s)) ++failures;
    if (round % 10 == 0 && !same_skips_everywhere(s)) ++failures;
  }
  // Random texts of steering bytes only, after an object's head.
  for (int round = 0; round < 3000; ++round) {
    std::string s = "{\"k\":";
    const std::size_t len = rng() % 300;
    for (std::size_t k = 0; k < len; ++k) s += steering[rng() % steering.size()];
    if (!same_record_scan(s) || !same_skips_everywhere(s)) ++failures;
  }
  CHECK(failures == 0);
}

}  // namespace tfdrift_test_scan_blocks
