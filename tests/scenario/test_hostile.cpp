// Hostile input: deep nesting, huge records and streams, broken bytes and numbers, terminal and markup injection; each outcome asserted, and every record accounted for.
#include "fixture.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include <tfdrift/config_yaml.hpp>
#include <tfdrift/input_gzip.hpp>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_hostile {

using tfdrift::outcome;
using tfdrift::to_string;
using tfdrift_test::read_fixture;

namespace {

// ---- helpers ------------------------------------------------------------------------------------

// Returns a field of /proc/self/status in KiB ("VmHWM", "VmRSS"), or 0 when there is none.
std::size_t status_kib(std::string_view key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(std::string(key) + ":", 0) == 0) return std::stoull(line.substr(key.size() + 1));
  return 0;
}

// Starts a peak-memory measurement: resets the peak (VmHWM) to the current RSS and returns
// the RSS. Linux >= 4.0 resets the peak when "5" is written to /proc/self/clear_refs.
std::size_t start_peak_kib() {
  {
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
  }
  std::size_t rss = status_kib("VmRSS");
  REQUIRE(rss > 0);
  REQUIRE(status_kib("VmHWM") <= rss + 1024);  // the reset took
  return rss;
}

// Returns how far the peak RSS rose above `start` (KiB) since start_peak_kib().
std::size_t peak_growth_kib(std::size_t start) {
  std::size_t hwm = status_kib("VmHWM");
  return hwm > start ? hwm - start : 0;
}

// A detector with the built-in config and tests/data/state/ecs.tfstate loaded.
tfdrift::detector loaded(tfdrift::config cfg = tfdrift::default_config()) {
  tfdrift::detector d{std::move(cfg)};
  d.load_state(read_fixture("state/ecs.tfstate"), "ecs.tfstate");
  return d;
}

// Every record read ended in exactly one outcome.
void check_accounting(const tfdrift::detector& d) {
  const auto& s = d.stats();
  INFO("stats " << s.to_json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  CHECK(s.sum() == s.records_read);
}

// Checks that the detector read exactly one record and that it was malformed with this id and place.
void check_one_malformed(const tfdrift::detector& d, std::string_view id, std::string_view place) {
  const auto& s = d.stats();
  INFO("stats " << s.to_json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  CHECK(s.records_read == 1);
  CHECK(s.count(outcome::malformed) == 1);
  REQUIRE(s.malformed_places.size() == 1);
  CHECK(s.malformed_places[0].id == id);
  CHECK(s.malformed_places[0].place.str() == place);
  check_accounting(d);
}

// Fills a template record: each "@KEY@" replaced by raw bytes (the caller writes valid JSON
// escapes, or deliberately invalid bytes).
std::string fill(std::string text, std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
  for (auto [key, value] : values) {
    std::string mark = "@" + std::string(key) + "@";
    for (std::size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at + value.size()))
      text.replace(at, mark.size(), value);
  }
  return text;
}

// An UpdateService of production/my-service (desired_count 3 in ecs.tfstate), one line.
constexpr std::string_view update_service_template =
    R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAI23ABCD4EFGH5IJKL",)"
    R"("arn":"arn:aws:iam::123456789012:user/ops-admin","accountId":"123456789012","userName":"@USER@"},)"
    R"("eventTime":"2025-03-11T13:04:12Z","eventSource":"ecs.amazonaws.com","eventName":"UpdateService",)"
    R"("awsRegion":"us-east-1","sourceIPAddress":"203.0.113.24","userAgent":"@AGENT@",)"
    R"("requestParameters":{"cluster":"production","service":"my-service","desiredCount":@COUNT@},)"
    R"("responseElements":null,"eventID":"@ID@","readOnly":false,"eventType":"AwsApiCall",)"
    R"("recipientAccountId":"123456789012"})";

std::string update_service(std::string_view user = "ops-admin", std::string_view agent = "aws-cli/2.15.30",
                           std::string_view count = "5", std::string_view id = "hostile-1") {
  return fill(std::string(update_service_template), {{"USER", user}, {"AGENT", agent}, {"COUNT", count}, {"ID", id}});
}

// Returns the only alert of a detector run (a copy, so that it outlives the vector), failing
// the test when there is not exactly one.
tfdrift::alert only(const std::vector<tfdrift::alert>& v) {
  REQUIRE(v.size() == 1);
  return v.front();
}

// True when text holds a byte that drives a terminal: C0 controls but newline, DEL, and the
// C1 controls U+0080..U+009F as UTF-8 (0xC2 0x80..0x9F; CSI is U+009B).
bool has_terminal_control(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\n') || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xE0) == 0x80) return true;
  }
  return false;
}

// True when the bytes are valid UTF-8: no stray continuation bytes, overlong forms, surrogates
// or code points past U+10FFFF.
bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (!len || i + len > s.size()) return false;
    std::uint32_t cp = len == 1 ? c : len == 2 ? c & 0x1Fu : len == 3 ? c & 0x0Fu : c & 0x07u;
    for (std::size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
      return false;
    i += len;
  }
  return true;
}

std::string nested(std::size_t depth, std::string_view inner = "5") {
  std::string s(depth, '[');
  s += inner;
  s.append(depth, ']');
  return s;
}

// A scratch file under the build tree, removed when the test ends.
struct temp_file {
  std::filesystem::path path;
  explicit temp_file(std::string_view name, std::string_view bytes)
      : path(std::filesystem::temp_directory_path() / ("tfdrift_hostile_" + std::to_string(::getpid()) + "_" + std::string(name))) {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  ~temp_file() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
  std::string str() const { return path.string(); }
  std::string bytes() const {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
};

}  // namespace

// ---- nesting --------------------------------------------------------------------------------------

TEST_CASE("a record nested 100,000 deep is malformed (tfdrift.input.depth) with its place", "[hostile][depth]") {
  const std::string deep = update_service("ops-admin", "aws-cli/2.15.30", nested(100000));
  SECTION("one record") {
    auto d = loaded();
    CHECK(d.process(deep, "deep.json").empty());
    check_one_malformed(d, "tfdrift.input.depth", "deep.json#1");
    CHECK(d.stats().malformed_places[0].message == "JSON nested deeper than the limit of 64");
  }
  SECTION("line 2 of NDJSON, between two records that alert") {
    auto d = loaded();
    std::string text = update_service("ops-admin", "aws-cli/2.15.30", "5", "a") + "\n" + deep + "\n" +
                       update_service("ops-admin", "aws-cli/2.15.30", "6", "b") + "\n";
    auto alerts = d.process(text, "deep.ndjson");
    REQUIRE(alerts.size() == 2);
    CHECK(alerts[0].place.str() == "deep.ndjson:1");
    CHECK(alerts[1].place.str() == "deep.ndjson:3");
    const auto& s = d.stats();
    CHECK(s.records_read == 3);
    CHECK(s.count(outcome::alert) == 2);
    CHECK(s.count(outcome::malformed) == 1);
    REQUIRE(s.malformed_places.size() == 1);
    CHECK(s.malformed_places[0].id == "tfdrift.input.depth");
    CHECK(s.malformed_places[0].place.str() == "deep.ndjson:2");
    check_accounting(d);
  }
  SECTION("record 2 of a {\"Records\":[...]} document") {
    auto d = loaded();
    std::string doc = "{\"Records\":[" + update_service() + "," + deep + "]}";
    CHECK(d.process(doc, "deep.json").size() == 1);
    const auto& s = d.stats();
    CHECK(s.records_read == 2);
    CHECK(s.count(outcome::alert) == 1);
    REQUIRE(s.malformed_places.size() == 1);
    CHECK(s.malformed_places[0].id == "tfdrift.input.depth");
    CHECK(s.malformed_places[0].place.str() == "deep.json#2");
    check_accounting(d);
  }
  SECTION("a deep record of another service: an NDJSON line is proved not_ecs from its bytes, unparsed") {
    auto d = loaded();
    const std::string s3 = "{\"eventSource\":\"s3.amazonaws.com\",\"x\":" + nested(100000) + "}";
    d.process_line(s3, "deep.ndjson", 1, [](const tfdrift::alert&) { FAIL("alert"); });
    CHECK(d.stats().records_read == 1);
    CHECK(d.stats().count(outcome::not_ecs) == 1);
    check_accounting(d);
    // A whole buffer may be a document of records, so its depth is checked first.
    auto w = loaded();
    CHECK(w.process(s3, "deep.json").empty());
    check_one_malformed(w, "tfdrift.input.depth", "deep.json#1");
  }
  SECTION("bare brackets 100,000 deep") {
    auto d = loaded();
    CHECK(d.process(nested(100000, ""), "deep.json").empty());
    check_one_malformed(d, "tfdrift.input.depth", "deep.json#1");
  }
}

TEST_CASE("nesting up to the configured max_depth is read, one level more is malformed", "[hostile][depth][limits]") {
  tfdrift::config cfg = tfdrift::default_config();
  cfg.limits.max_depth = 10;
  // The record is level 1 and requestParameters level 2, so desiredCount holds 8 more levels.
  auto ok = loaded(cfg);
  auto alerts = ok.process(update_service("ops-admin", "aws-cli/2.15.30", nested(8)), "ok.json");
  CHECK(only(alerts).changes.at(0).new_value.dump() == nested(8));
  check_accounting(ok);
  auto over = loaded(cfg);
  CHECK(over.process(update_service("ops-admin", "aws-cli/2.15.30", nested(9)), "over.json").empty());
  check_one_malformed(over, "tfdrift.input.depth", "over.json#1");
  CHECK(over.stats().malformed_places[0].message == "JSON nested deeper than the limit of 10");
}

TEST_CASE("a Falco alert whose ct.request nests 100,000 deep is malformed, not a crash", "[hostile][depth][falco][regression]") {
  // Regression: ct.request is JSON inside a string, so the record's depth check missed it and
  // the diff's recursive compare and dump overflowed the stack.
  nlohmann::json alert = {{"output_fields",
                           {{"ct.src", "ecs.amazonaws.com"},
                            {"ct.name", "UpdateService"},
                            {"ct.id", "falco-deep"},
                            {"ct.region", "us-east-1"},
                            {"ct.recipientaccountid", "123456789012"},
                            {"ct.user", "ops-admin"},
                            {"ct.user.identitytype", "IAMUser"},
                            {"ct.request", R"({"cluster":"production","service":"my-service","desiredCount":)" +
                                               nested(100000) + "}"}}}};
  auto d = loaded();
  CHECK(d.process(alert.dump(), "falco.json").empty());
  check_one_malformed(d, "tfdrift.input.depth", "falco.json#1");
  CHECK(d.stats().malformed_places[0].message == "ct.request: JSON nested deeper than the limit of 64");

  // The same alert nested within the limit is read.
  alert["output_fields"]["ct.request"] = R"({"cluster":"production","service":"my-service","desiredCount":7})";
  auto ok = loaded();
  const auto& a = only(ok.process(alert.dump(), "falco.json"));
  CHECK(a.address.value_or("") == "aws_ecs_service.main");
  CHECK(a.changes.at(0).old_value == 3);
  CHECK(a.changes.at(0).new_value == 7);
  check_accounting(ok);
}

TEST_CASE("a state nested deeper than max_state_depth is refused, not a crash later", "[hostile][depth][state][regression]") {
  // Regression: an attribute nested 100,000 deep loaded, and the first event on its resource
  // overflowed the stack in the diff.
  std::string state = read_fixture("state/ecs.tfstate");
  auto at = state.find("\"desired_count\": 3");
  REQUIRE(at != std::string::npos);
  std::string deep = state;
  deep.replace(at, 18, "\"desired_count\": " + nested(100000, "3"));
  tfdrift::detector d;
  try {
    d.load_state(deep, "deep.tfstate");
    FAIL("the state loaded");
  } catch (const tfdrift::error& e) {
    CHECK(e.id() == "tfdrift.state.parse");
    CHECK(e.where() == "deep.tfstate");
    CHECK(e.message() == "JSON nested deeper than 128 levels");
  }
  CHECK(d.states().files() == 0);
  // The value sits at level 7 (root, resources, resource, instances, instance, attributes):
  // 121 brackets around it reach level 128 and still load.
  std::string edge = state;
  edge.replace(at, 18, "\"desired_count\": " + nested(121, "3"));
  tfdrift::detector e;
  e.load_state(edge, "edge.tfstate");
  const auto& a = only(e.process(update_service(), "u.json"));
  CHECK(a.changes.at(0).old_value.dump() == nested(121, "3"));
  CHECK(a.changes.at(0).new_value == 5);
}

// ---- size -------------------------------------------------------------------------------------------

TEST_CASE("a 100 MB record is malformed (tfdrift.input.size) without being copied or parsed", "[hostile][size]") {
  // Over the default limit of 64 MiB; a string of 100 MB inside an UpdateService.
  std::string big = update_service("@PAD@");
  big = fill(std::move(big), {{"PAD", std::string(100'000'000, 'x')}});
  REQUIRE(big.size() > 100'000'000);
  const std::size_t limit_mib = tfdrift::config{}.limits.max_record_bytes >> 20;
  CHECK(limit_mib == 64);
  SECTION("as one buffer") {
    auto d = loaded();
    std::size_t start = start_peak_kib();
    CHECK(d.process(big, "big.json").empty());
    CHECK(peak_growth_kib(start) < 16 * 1024);  // the record is 97,657 KiB
    check_one_malformed(d, "tfdrift.input.size", "big.json#1");
    CHECK(d.stats().malformed_places[0].message ==
          "record of " + std::to_string(big.size()) + " bytes is over the limit of 67108864");
    CHECK(d.stats().bytes_read == big.size());
  }
  SECTION("as one NDJSON line") {
    auto d = loaded();
    std::size_t start = start_peak_kib();
    d.process_line(big, "big.ndjson", 7, [](const tfdrift::alert&) { FAIL("alert"); });
    CHECK(peak_growth_kib(start) < 16 * 1024);
    check_one_malformed(d, "tfdrift.input.size", "big.ndjson:7");
  }
  SECTION("over the limit and not ECS: malformed too, as a line and as a buffer") {
    // A line reader keeps only limit + 1 bytes of a longer line: the rest cannot be judged.
    big.replace(big.find("ecs.amazonaws.com"), 3, "s3.");
    auto d = loaded();
    std::size_t start = start_peak_kib();
    d.process_line(big, "big.ndjson", 1, [](const tfdrift::alert&) { FAIL("alert"); });
    CHECK(peak_growth_kib(start) < 16 * 1024);
    check_one_malformed(d, "tfdrift.input.size", "big.ndjson:1");
    auto w = loaded();
    CHECK(w.process(big, "big.json").empty());
    check_one_malformed(w, "tfdrift.input.size", "big.json#1");
  }
}

TEST_CASE("a record of exactly max_record_bytes is read, one byte more is malformed", "[hostile][size][limits]") {
  const std::string rec = update_service();
  tfdrift::config cfg = tfdrift::default_config();
  cfg.limits.max_record_bytes = rec.size();
  auto ok = loaded(cfg);
  CHECK(ok.process(rec, "ok.json").size() == 1);
  check_accounting(ok);
  cfg.limits.max_record_bytes = rec.size() - 1;
  auto over = loaded(cfg);
  CHECK(over.process(rec, "over.json").empty());
  check_one_malformed(over, "tfdrift.input.size", "over.json#1");
  SECTION("a line cut by the line reader at limit + 1 bytes is still tfdrift.input.size") {
    cfg.limits.max_record_bytes = rec.size() / 2;  // the cut falls inside the record
    auto d = loaded(cfg);
    tfdrift::line_splitter splitter(cfg.limits.max_record_bytes);
    std::vector<std::string> kept;
    auto on_line = [&](std::string_view text, std::uint64_t n) {
      kept.emplace_back(text);
      d.process_line(text, "cut.ndjson", n, [](const tfdrift::alert&) { FAIL("alert"); });
    };
    splitter.feed(rec + "\n", on_line);
    splitter.finish(on_line);
    REQUIRE(kept.size() == 1);
    CHECK(kept[0] == rec.substr(0, rec.size() / 2 + 1));  // limit + 1 bytes
    check_one_malformed(d, "tfdrift.input.size", "cut.ndjson:1");
  }
}

TEST_CASE("a 1 GB NDJSON stream goes through process_line in chunks with bounded memory", "[hostile][size][stream]") {
  // Lines are made on the fly into one 1 MiB chunk at a time, cut at arbitrary places, split
  // by the CLI's line_splitter: per 100 lines, 90 other services, 9 DescribeServices (read
  // only, each with its own eventID) and one UpdateService that drifts my-service.
  const std::string other = fill(std::string(update_service_template),
                                 {{"USER", "reader"}, {"AGENT", "aws-sdk-go-v2/1.30.3"}, {"COUNT", "1"}, {"ID", "@ID@"}});
  std::string s3 = other;
  s3.replace(s3.find("ecs.amazonaws.com"), 17, "s3.amazonaws.com");
  s3.replace(s3.find("UpdateService"), 13, "GetObject");
  std::string describe = other;
  describe.replace(describe.find("UpdateService"), 13, "DescribeServices");
  describe.replace(describe.find("\"readOnly\":false"), 16, "\"readOnly\":true");
  s3.resize(s3.find("\"recipientAccountId\""));
  s3 += "\"pad\":\"" + std::string(300, 'p') + "\"}";

  constexpr std::uint64_t target = std::uint64_t{1} << 30;
  auto d = loaded();
  std::uint64_t lines = 0, alerts = 0, bytes = 0, expect_bytes = 0;
  std::uint64_t read_only = 0, not_ecs = 0, drifts = 0;
  tfdrift::line_splitter splitter(d.settings().limits.max_record_bytes);
  auto sink = [&](const tfdrift::alert& a) {
    ++alerts;
    if (a.changes.size() != 1 || a.changes[0].old_value != 3) FAIL(tfdrift::to_json_line(a));
  };
  auto on_line = [&](std::string_view text, std::uint64_t n) { d.process_line(text, "big.ndjson", n, sink); };
  std::string chunk;
  std::size_t start = start_peak_kib();
  auto t0 = std::chrono::steady_clock::now();
  while (bytes < target) {
    chunk.clear();
    while (chunk.size() < (1u << 20)) {
      std::uint64_t i = lines++;
      std::string id = std::to_string(i);
      std::string line;
      if (i % 100 == 0) {
        line = update_service("ops-admin", "aws-cli/2.15.30", std::to_string(4 + i % 7), "drift-" + id);
        ++drifts;
      } else if (i % 100 <= 9) {
        line = fill(describe, {{"ID", "read-" + id}});
        ++read_only;
      } else {
        line = fill(s3, {{"ID", "s3-" + id}});
        ++not_ecs;
      }
      expect_bytes += line.size();
      chunk += line;
      chunk += '\n';
    }
    bytes += chunk.size();
    // Cut the chunk where it happens to be, not at a line end.
    std::size_t cut = chunk.size() / 3;
    splitter.feed(std::string_view(chunk).substr(0, cut), on_line);
    splitter.feed(std::string_view(chunk).substr(cut), on_line);
  }
  splitter.finish(on_line);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::size_t growth = peak_growth_kib(start);
  WARN("1 GB stream: " << lines << " lines, " << bytes / 1e9 << " GB in " << seconds << " s, peak RSS +" << growth / 1024 << " MiB");
  const auto& s = d.stats();
  CHECK(s.records_read == lines);
  CHECK(s.bytes_read == expect_bytes);
  CHECK(s.count(outcome::not_ecs) == not_ecs);
  CHECK(s.count(outcome::read_only) == read_only);
  CHECK(s.count(outcome::alert) == drifts);
  CHECK(alerts == drifts);
  CHECK(s.count(outcome::malformed) == 0);
  check_accounting(d);
  // The chunk, one pending line, the eventID window and the counts: well under 256 MiB.
  // AddressSanitizer keeps up to 256 MiB of freed memory in quarantine, and its shadow on top.
#if defined(__SANITIZE_ADDRESS__)
  CHECK(growth < 768 * 1024);
#else
  CHECK(growth < 256 * 1024);
#endif
}

// ---- bytes that are not what they should be --------------------------------------------------------

TEST_CASE("invalid UTF-8 in userName and userAgent still alerts, and every output is valid UTF-8", "[hostile][utf8]") {
  const std::string rec = update_service("ops\xff\xfe-admin", "aws-cli/2.15.30 \xc3(bad \xe2\x82", "5");
  auto check = [](const tfdrift::alert& a) {
    CHECK(a.who.name == "ops\xff\xfe-admin");  // kept as read; only outputs replace it
    std::string line;
    REQUIRE_NOTHROW(line = tfdrift::to_json_line(a));
    CHECK(valid_utf8(line));
    auto j = nlohmann::json::parse(line);
    CHECK(j["actor"]["name"] == "ops\xEF\xBF\xBD\xEF\xBF\xBD-admin");
    CHECK(j["actor"]["user_agent"] == "aws-cli/2.15.30 \xEF\xBF\xBD(bad \xEF\xBF\xBD");
    CHECK(j["actor"]["source"] == "cli");
    std::string text = tfdrift::to_text(a);
    CHECK(valid_utf8(text));
    CHECK(text.find("User: ops\xEF\xBF\xBD\xEF\xBF\xBD-admin (IAM User, CLI)\n") != std::string::npos);
    CHECK(valid_utf8(tfdrift::to_markdown(a)));
    CHECK(a.changes.at(0).new_value == 5);
  };
  SECTION("one record") {
    auto d = loaded();
    check(only(d.process(rec, "utf8.json")));
    check_accounting(d);
  }
  SECTION("an NDJSON line") {
    auto d = loaded();
    std::vector<tfdrift::alert> v;
    d.process_line(rec, "utf8.ndjson", 1, [&](const tfdrift::alert& a) { v.push_back(a); });
    check(only(v));
  }
  SECTION("in a {\"Records\":[...]} document") {
    auto d = loaded();
    check(only(d.process("{\"Records\":[" + rec + "]}", "utf8.json")));
  }
}

TEST_CASE("terminal_safe replaces every byte that cannot start UTF-8, whatever follows it", "[hostile][utf8]") {
  // Found by fuzz_record (tests/data/regress/record/lead_byte_f6): F5..FF before two
  // continuation bytes were taken for a three-byte character and passed through.
  for (unsigned lead = 0xF5; lead <= 0xFF; ++lead) {
    const std::string s = std::string("a") + static_cast<char>(lead) + "\xb7\xb7" + "z";
    INFO("lead byte " << lead);
    CHECK(tfdrift::terminal_safe(s) == "a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdz");
  }
  // Overlong forms, surrogates and code points past U+10FFFF are replaced byte by byte too.
  CHECK(tfdrift::terminal_safe("\xc0\x80") == "\xef\xbf\xbd\xef\xbf\xbd");
  CHECK(tfdrift::terminal_safe("\xed\xa0\x80") == "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
  CHECK(tfdrift::terminal_safe("\xf4\x90\x80\x80") == "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
  // Valid characters of each length pass; C1 controls are escaped.
  CHECK(tfdrift::terminal_safe("\xc3\xa9\xe2\x82\xac\xf0\x9f\x9a\xa8") == "\xc3\xa9\xe2\x82\xac\xf0\x9f\x9a\xa8");
  CHECK(tfdrift::terminal_safe("\xc2\x9b") == "\\x9b");
}

TEST_CASE("NUL bytes inside a record and inside a line", "[hostile][nul]") {
  SECTION("an escaped NUL (\\u0000) in userName is a character like any other, escaped on output") {
    auto d = loaded();
    const auto& a = only(d.process(update_service("ops\\u0000admin"), "nul.json"));
    CHECK(a.who.name == std::string("ops\0admin", 9));
    CHECK(tfdrift::to_json_line(a).find(R"("name":"ops\u0000admin")") != std::string::npos);
    CHECK(tfdrift::to_text(a).find("User: ops\\x00admin (IAM User, CLI)\n") != std::string::npos);
    check_accounting(d);
  }
  SECTION("a raw NUL byte in userName: the name is read as its bytes, escaped on output") {
    // The fast path reads only the tokens it needs and does not validate the rest of a
    // string's bytes; what it passes on is escaped by every output.
    auto d = loaded();
    const auto& a = only(d.process(update_service(std::string("ops\0admin", 9)), "nul.json"));
    CHECK(tfdrift::to_json_line(a).find(R"("name":"ops\u0000admin")") != std::string::npos);
    CHECK_FALSE(has_terminal_control(tfdrift::to_text(a)));
  }
  SECTION("a raw NUL byte in a request value is not JSON: malformed") {
    auto d = loaded();
    std::string rec = update_service();
    rec.replace(rec.find("\"production\""), 12, std::string("\"prod\0ction\"", 12));
    CHECK(d.process(rec, "nul.json").empty());
    check_one_malformed(d, "tfdrift.input.json", "nul.json#1");
  }
  SECTION("a NUL byte between members of line 2: that line is malformed, lines 1 and 3 alert") {
    std::string bad = update_service("ops-admin", "aws-cli/2.15.30", "5", "n2");
    bad.insert(bad.find(",\"eventTime\"") + 1, std::string(1, '\0'));
    std::string text = update_service("ops-admin", "aws-cli/2.15.30", "5", "n1") + "\n" + bad + "\n" +
                       update_service("ops-admin", "aws-cli/2.15.30", "6", "n3") + "\n";
    auto d = loaded();
    auto alerts = d.process(text, "nul.ndjson");
    REQUIRE(alerts.size() == 2);
    CHECK(alerts[0].place.str() == "nul.ndjson:1");
    CHECK(alerts[1].place.str() == "nul.ndjson:3");
    const auto& s = d.stats();
    CHECK(s.records_read == 3);
    REQUIRE(s.malformed_places.size() == 1);
    CHECK(s.malformed_places[0].id == "tfdrift.input.json");
    CHECK(s.malformed_places[0].place.str() == "nul.ndjson:2");
    check_accounting(d);
  }
  SECTION("a buffer of NUL bytes is one malformed record; as a line, too") {
    auto d = loaded();
    CHECK(d.process(std::string(4096, '\0'), "zeros.json").empty());
    check_one_malformed(d, "tfdrift.input.json", "zeros.json#1");
    auto l = loaded();
    l.process_line(std::string(4096, '\0'), "zeros.ndjson", 1, [](const tfdrift::alert&) { FAIL("alert"); });
    check_one_malformed(l, "tfdrift.input.shape", "zeros.ndjson:1");
  }
}

TEST_CASE("numbers out of range in a request", "[hostile][numbers]") {
  SECTION("desiredCount 1e400 overflows a double: malformed") {
    auto d = loaded();
    CHECK(d.process(update_service("ops-admin", "aws-cli/2.15.30", "1e400"), "n.json").empty());
    check_one_malformed(d, "tfdrift.input.json", "n.json#1");
    CHECK(d.stats().malformed_places[0].message == "requestParameters is not valid JSON");
  }
  SECTION("desiredCount -1 is reported as it was sent") {
    auto d = loaded();
    const auto& a = only(d.process(update_service("ops-admin", "aws-cli/2.15.30", "-1"), "n.json"));
    CHECK(a.changes.at(0).path == "desired_count");
    CHECK(a.changes.at(0).old_value == 3);
    CHECK(a.changes.at(0).new_value == -1);
    CHECK(tfdrift::to_text(a).find("Changed: desired_count = 3 → -1\n") != std::string::npos);
  }
  SECTION("desiredCount 2^64 does not fit 64 bits: read as a double") {
    auto d = loaded();
    const auto& a = only(d.process(update_service("ops-admin", "aws-cli/2.15.30", "18446744073709551616"), "n.json"));
    CHECK(a.changes.at(0).new_value.is_number_float());
    CHECK(a.changes.at(0).new_value.get<double>() == 18446744073709551616.0);
    CHECK(tfdrift::to_json_line(a).find(R"("old":3,"new":1.8446744073709552e+19)") != std::string::npos);
  }
  SECTION("numbers compare as doubles: 2^64-1 is reported as 2^64, 2^53+1 as 2^53") {
    auto d = loaded();
    auto a = only(d.process(update_service("ops-admin", "aws-cli/2.15.30", "18446744073709551615", "u1"), "n.json"));
    CHECK(tfdrift::to_json_line(a).find(R"("old":3,"new":1.8446744073709552e+19)") != std::string::npos);
    a = only(d.process(update_service("ops-admin", "aws-cli/2.15.30", "9007199254740993", "u2"), "n.json"));
    CHECK(tfdrift::to_json_line(a).find(R"("old":3,"new":9.007199254740992e+15)") != std::string::npos);
    check_accounting(d);
  }
  SECTION("a state holding 1e400 is not valid JSON") {
    std::string state = read_fixture("state/ecs.tfstate");
    state.replace(state.find("\"desired_count\": 3"), 18, "\"desired_count\": 1e400");
    tfdrift::detector d;
    CHECK_THROWS_AS(d.load_state(state, "n.tfstate"), tfdrift::error);
    try {
      d.load_state(state, "n.tfstate");
    } catch (const tfdrift::error& e) {
      CHECK(e.id() == "tfdrift.state.parse");
    }
  }
}

TEST_CASE("duplicate keys: the last one wins, on every path", "[hostile][duplicates]") {
  std::string rec = update_service("ops-admin", "aws-cli/2.15.30", "4,\"desiredCount\":5");
  SECTION("one record (the scanning fast path)") {
    auto d = loaded();
    CHECK(only(d.process(rec, "dup.json")).changes.at(0).new_value == 5);
  }
  SECTION("a document that must be parsed whole (\"Records\" not first)") {
    auto d = loaded();
    CHECK(only(d.process("{\"x\":1,\"Records\":[" + rec + "]}", "dup.json")).changes.at(0).new_value == 5);
    check_accounting(d);
  }
  SECTION("two eventSource members, the last not ECS: not_ecs") {
    auto d = loaded();
    std::string two = update_service();
    two.insert(two.find("\"eventName\""), "\"eventSource\":\"s3.amazonaws.com\",");
    CHECK(d.process(two, "dup.json").empty());
    CHECK(d.stats().count(outcome::not_ecs) == 1);
    check_accounting(d);
  }
  SECTION("two eventID members, the last one counts for deduplication") {
    auto d = loaded();
    std::string a = update_service("ops-admin", "aws-cli/2.15.30", "5", "first\",\"eventID\":\"same");
    std::string b = update_service("ops-admin", "aws-cli/2.15.30", "6", "same");
    auto alerts = d.process(a + "\n" + b + "\n", "dup.ndjson");
    CHECK(only(alerts).event_id == "same");
    CHECK(d.stats().count(outcome::duplicate) == 1);
    check_accounting(d);
  }
}

TEST_CASE("empty input is no record", "[hostile][empty]") {
  for (std::string_view text : {std::string_view{""}, std::string_view{"\n\n  \r\n\t"}, std::string_view{"\xEF\xBB\xBF"},
                                std::string_view{"\xEF\xBB\xBF\n"}}) {
    auto d = loaded();
    CHECK(d.process(text, "empty.json").empty());
    CHECK(d.stats().records_read == 0);
    CHECK(d.stats().bytes_read == 0);
    check_accounting(d);
  }
  auto d = loaded();
  d.process_line("", "empty.ndjson", 1, [](const tfdrift::alert&) { FAIL("alert"); });
  d.process_line("\r", "empty.ndjson", 2, [](const tfdrift::alert&) { FAIL("alert"); });
  CHECK(d.stats().records_read == 0);
  SECTION("an empty {\"Records\":[]} document holds no record") {
    auto e = loaded();
    CHECK(e.process("{\"Records\":[]}", "empty.json").empty());
    CHECK(e.stats().records_read == 0);
  }
  SECTION("an empty state file is not valid JSON") {
    tfdrift::detector s;
    CHECK_THROWS_WITH(s.load_state("", "empty.tfstate"), Catch::Contains("[tfdrift.state.parse] empty.tfstate"));
  }
  SECTION("an empty YAML config is the default config; empty JSON is an error") {
    CHECK(tfdrift::load_config("", "empty.yaml").rules.size() == tfdrift::default_config().rules.size());
    CHECK_THROWS_WITH(tfdrift::parse_config("", "empty.json"), Catch::Contains("[tfdrift.config.parse] empty.json:1:1"));
  }
  SECTION("an empty file read by the CLI's reader") {
    temp_file f("empty.json", "");
    auto e = loaded();
    std::uint64_t seen = 0;
    tfdrift::process_input_file(e, f.str(), [](const tfdrift::alert&) {}, [&](std::size_t n) { seen += n; });
    CHECK(seen == 0);
    CHECK(e.stats().records_read == 0);
  }
}

TEST_CASE("truncated records and documents are counted malformed with their place", "[hostile][truncated]") {
  const std::string rec = update_service();
  SECTION("a record cut in the middle") {
    auto d = loaded();
    CHECK(d.process(rec.substr(0, rec.size() / 2), "cut.json").empty());
    check_one_malformed(d, "tfdrift.input.json", "cut.json#1");
  }
  SECTION("a record cut inside a multi-byte character") {
    auto d = loaded();
    std::string euro = update_service("\xe2\x82\xac");
    CHECK(d.process(euro.substr(0, euro.find("\xe2\x82\xac") + 2), "cut.json").empty());
    check_one_malformed(d, "tfdrift.input.json", "cut.json#1");
  }
  SECTION("the last record of a document cut off: the first still alerts") {
    auto d = loaded();
    std::string doc = "{\"Records\":[" + rec + "," + rec.substr(0, 200);
    CHECK(d.process(doc, "cut.json").size() == 1);
    const auto& s = d.stats();
    CHECK(s.records_read == 2);
    REQUIRE(s.malformed_places.size() == 1);
    CHECK(s.malformed_places[0].id == "tfdrift.input.json");
    CHECK(s.malformed_places[0].place.str() == "cut.json#2");
    check_accounting(d);
  }
}

TEST_CASE("truncated and corrupt gzip files stop with tfdrift.input.gzip after the records before the damage",
          "[hostile][gzip]") {
  if (std::system("command -v gzip >/dev/null 2>&1") != 0) FAIL("gzip is needed to make the test files");
  // Three records, gzip-compressed by the gzip command.
  std::string ndjson;
  for (int i = 0; i < 3; ++i)
    ndjson += update_service("ops-admin", "aws-cli/2.15.30", std::to_string(5 + i), "gz-" + std::to_string(i)) + "\n";
  temp_file plain("plain.ndjson", ndjson);
  REQUIRE(std::system(("gzip -nf9 '" + plain.str() + "'").c_str()) == 0);
  temp_file whole("trail.ndjson.gz", "");
  std::filesystem::rename(plain.str() + ".gz", whole.path);
  const std::string gz = whole.bytes();
  REQUIRE(gz.size() > 20);
  auto run = [&](const temp_file& f, std::uint64_t& alerts) {
    auto d = loaded();
    alerts = 0;
    try {
      tfdrift::process_input_file(d, f.str(), [&](const tfdrift::alert&) { ++alerts; }, [](std::size_t) {});
    } catch (const tfdrift::error& e) {
      check_accounting(d);
      return std::pair{std::string(e.id()), std::string(e.where())};
    }
    check_accounting(d);
    return std::pair{std::string(), std::string()};
  };
  std::uint64_t alerts = 0;
  SECTION("whole") {
    CHECK(run(whole, alerts).first.empty());
    CHECK(alerts == 3);
  }
  SECTION("truncated: the records before the cut are read, then tfdrift.input.gzip") {
    // Without its 8-byte trailer every record is there, but the file is still incomplete.
    temp_file cut("cut.ndjson.gz", std::string_view(gz).substr(0, gz.size() - 8));
    auto [id, where] = run(cut, alerts);
    CHECK(id == "tfdrift.input.gzip");
    CHECK(where == cut.str());
    CHECK(alerts == 3);
    temp_file half("half.ndjson.gz", std::string_view(gz).substr(0, gz.size() / 2));
    CHECK(run(half, alerts).first == "tfdrift.input.gzip");
    CHECK(alerts < 3);
  }
  SECTION("corrupt: bytes flipped in the compressed data") {
    std::string bad = gz;  // the deflate data starts after the 10-byte header (gzip -n: no name)
    for (std::size_t i = 12; i < 32; ++i) bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    temp_file f("bad.ndjson.gz", bad);
    CHECK(run(f, alerts).first == "tfdrift.input.gzip");
  }
  SECTION("a gzip name on text that is not gzip") {
    temp_file f("fake.json.gz", ndjson);
    CHECK(run(f, alerts).first == "tfdrift.input.gzip");
  }
  SECTION("a whole-file read (.json.gz) of truncated gzip") {
    temp_file f("cut.json.gz", std::string_view(gz).substr(0, gz.size() / 2));
    CHECK_THROWS_WITH(tfdrift::read_input_file(f.str()), Catch::Contains("[tfdrift.input.gzip]"));
  }
}

TEST_CASE("a state with 100,000 resources loads in reasonable time and finds each one", "[hostile][state][large]") {
  constexpr int n = 100000;
  std::string state = R"({"version":4,"terraform_version":"1.9.5","serial":1,"lineage":"x","outputs":{},"resources":[)";
  for (int i = 0; i < n; ++i) {
    std::string k = std::to_string(i);
    if (i) state += ',';
    state += R"({"mode":"managed","type":"aws_ecs_service","name":"svc)" + k +
             R"(","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"schema_version":0,"attributes":{)"
             R"("arn":"arn:aws:ecs:us-east-1:123456789012:service/production/svc-)" + k +
             R"(","id":"arn:aws:ecs:us-east-1:123456789012:service/production/svc-)" + k +
             R"(","name":"svc-)" + k +
             R"(","cluster":"arn:aws:ecs:us-east-1:123456789012:cluster/production","desired_count":)" + std::to_string(i % 10) +
             R"(,"launch_type":"FARGATE","task_definition":"web-app:7","tags":{"Team":"platform"}}}]})";
  }
  state += "]}";
  tfdrift::detector d;
  auto t0 = std::chrono::steady_clock::now();
  d.load_state(state, "big.tfstate");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  WARN("100,000 resources (" << state.size() / 1e6 << " MB) loaded in " << seconds << " s");
  // No time bound here (ctest's timeout catches a hang); benchmarks/ measures state loading.
  CHECK(d.states().instances().size() == n);
  const auto* s = d.states().find("aws_ecs_service", "123456789012", "us-east-1", "production/svc-77777");
  REQUIRE(s != nullptr);
  CHECK(s->address == "aws_ecs_service.svc77777");
  CHECK(d.states().find("aws_ecs_service", "123456789012", "us-east-1", "production/svc-100000") == nullptr);
  std::string rec = update_service();
  rec.replace(rec.find("\"my-service\""), 12, "\"svc-77777\"");
  const auto& a = only(d.process(rec, "u.json"));
  CHECK(a.address.value_or("") == "aws_ecs_service.svc77777");
  CHECK(a.changes.at(0).old_value == 7);
  CHECK(a.changes.at(0).new_value == 5);
}

// ---- text that drives terminals or formats messages --------------------------------------------------

TEST_CASE("terminal escapes in userName, userAgent and tag values never reach a terminal raw", "[hostile][terminal]") {
  // ESC ] 0 ; title BEL, ESC [ 2 J (clear screen), CSI as C1 (U+009B), a raw ESC byte and a
  // newline that would forge a line of the alert.
  const std::string user = R"(\u001b]0;pwned\u0007\u001b[2J\u009b31mroot\nSeverity: LOW)";
  const std::string agent = "aws-cli/2.15.30 \x1b[31m";  // a raw ESC byte, taken by the fast path
  auto d = loaded();
  const auto& a = only(d.process(update_service(user, agent), "esc.json"));
  CHECK(a.who.name == "\x1b]0;pwned\x07\x1b[2J\xc2\x9b" "31mroot\nSeverity: LOW");
  const std::string text = tfdrift::to_text(a);
  INFO(text);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK_FALSE(has_terminal_control(text));
  CHECK(text.find("User: \\x1b]0;pwned\\x07\\x1b[2J\\x9b31mroot\\x0aSeverity: LOW (IAM User, CLI)\n") != std::string::npos);
  const std::string md = tfdrift::to_markdown(a);
  CHECK_FALSE(has_terminal_control(md));
  // JSON escapes ESC and the other C0 controls (\u001b), and the C1 controls (\u009b).
  const std::string line = tfdrift::to_json_line(a);
  CHECK(line.find('\x1b') == std::string::npos);
  CHECK_FALSE(has_terminal_control(line));
  CHECK(line.find(R"("name":"\u001b]0;pwned\u0007\u001b[2J\u009b31mroot\nSeverity: LOW")") != std::string::npos);
  CHECK(nlohmann::json::parse(line)["actor"]["user_agent"] == agent);

  SECTION("an identity type tfdrift has no label for is printed as the record has it, escaped") {
    // Found by fuzz_record and fuzz_framing (tests/data/regress/record, .../framing): the
    // type's own text reached to_text raw.
    std::string rec = update_service();
    rec.replace(rec.find("\"IAMUser\""), 9, "\"Ass\x1b[2J\xcc" "umedRole\"");  // raw bytes: the fast path passes them on
    auto e = loaded();
    const auto& b = only(e.process(rec, "type.json"));
    const std::string t = tfdrift::to_text(b);
    CHECK_FALSE(has_terminal_control(t));
    CHECK(valid_utf8(t));
    INFO(t);
    CHECK(t.find("User: ops-admin (Ass\\x1b[2J\xef\xbf\xbd" "umedRole, CLI)\n") != std::string::npos);
    const std::string m = tfdrift::to_markdown(b);
    CHECK_FALSE(has_terminal_control(m));
    CHECK(valid_utf8(m));
  }
  SECTION("tag values of a CreateService") {
    std::string rec = read_fixture("cloudtrail/create_service.json");
    auto j = nlohmann::json::parse(rec);
    j["requestParameters"]["tags"] = {{{"key", "Team"}, {"value", "\x1b[8m*ops*\xc2\x9b"}}};
    auto e = loaded();
    const auto& c = only(e.process(j.dump(), "tags.json"));
    const tfdrift::change* tag = tfdrift_test::find_change(c, "tags.Team");
    REQUIRE(tag != nullptr);
    CHECK(tag->new_value == "\x1b[8m*ops*\xc2\x9b");
    const std::string t = tfdrift::to_text(c);
    CHECK_FALSE(has_terminal_control(t));
    CHECK(t.find("Changed: tags.Team = (unset) → \\x1b[8m*ops*\\x9b\n") != std::string::npos);
    const std::string m = tfdrift::to_markdown(c);
    CHECK_FALSE(has_terminal_control(m));
    CHECK(m.find("- Changed: tags.Team = (unset) → \\\\x1b\\[8m\\*ops\\*\\\\x9b\n") != std::string::npos);
  }
}

TEST_CASE("Markdown and Slack markup in userName is escaped by to_markdown", "[hostile][markdown]") {
  auto d = loaded();
  const auto& a = only(d.process(update_service(R"(*admin*_x_ [click](https://evil.example) <!channel> `rm` ~s~ |t| &amp;)"),
                                 "md.json"));
  const std::string md = tfdrift::to_markdown(a);
  INFO(md);
  CHECK(md.find(R"(- User: \*admin\*\_x\_ \[click\](https://evil.example) &lt;!channel&gt; \`rm\` \~s\~ \|t\| &amp;amp; (IAM User, CLI))") !=
        std::string::npos);
  CHECK(md.find("<!channel>") == std::string::npos);
  // The text format is for terminals: markup is left alone there.
  CHECK(tfdrift::to_text(a).find("User: *admin*_x_ [click](https://evil.example) <!channel>") != std::string::npos);
}

// ---- line endings ----------------------------------------------------------------------------------

TEST_CASE("CRLF line endings give the same alerts and counts as LF", "[hostile][crlf]") {
  auto crlf = [](std::string s) {
    std::string out;
    for (char c : s) {
      if (c == '\n') out += '\r';
      out += c;
    }
    return out;
  };
  auto lines = [](tfdrift::detector& d, std::string_view text, std::string_view name) {
    std::vector<std::string> out;
    d.process(text, name, [&](const tfdrift::alert& a) { out.push_back(tfdrift::to_json_line(a)); });
    return out;
  };
  for (std::string_view fixture : {"cloudtrail/stream.ndjson", "cloudtrail/update_service_desired_count.json",
                                   "cloudtrail/s3_object.json", "falco/update_service.json"}) {
    INFO(fixture);
    const std::string lf = read_fixture(fixture);
    auto a = loaded();
    auto b = loaded();
    auto want = lines(a, lf, "in");
    CHECK(lines(b, crlf(lf), "in") == want);
    CHECK_FALSE(want.empty());
    auto sa = a.stats().to_json();
    auto sb = b.stats().to_json();
    sa.erase("bytes_read");  // a pretty-printed record keeps its CRs inside
    sb.erase("bytes_read");
    CHECK(sa.dump() == sb.dump());
    check_accounting(b);
  }
}

// ---- regressions from the fuzzers -------------------------------------------------------------------

TEST_CASE("a YAML config with a stray comma after a mapping is a parse error, not an endless loop",
          "[hostile][config][regression]") {
  // Found by fuzz_config: yaml-cpp 0.7's LoadAll never returned on this, allocating without end.
  auto t0 = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH(tfdrift::load_config("  b: 1\n,", "c.yaml"),
                    "[tfdrift.config.parse] c.yaml:2:1: a config is one YAML document; another document (or text "
                    "that is not YAML) starts here");
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5));
}

TEST_CASE("every input under tests/data/regress is read without a crash and with every record counted",
          "[hostile][regression]") {
  namespace fs = std::filesystem;
  const fs::path root = tfdrift_test::data_path("regress");
  REQUIRE(fs::is_directory(root));
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().filename().string().front() == '.') continue;
    const std::string harness = entry.path().parent_path().filename().string();
    const std::string bytes = read_fixture("regress/" + fs::relative(entry.path(), root).string());
    INFO(entry.path().string());
    ++files;
    if (harness == "config") {
      for (auto name : {"regress.yaml", "regress.json"}) {
        try {
          auto cfg = tfdrift::load_config(bytes, name);
          auto d = loaded(cfg);
          d.process(read_fixture("cloudtrail/stream.ndjson"), "stream.ndjson");
          check_accounting(d);
        } catch (const tfdrift::error& e) {
          CHECK(e.id().rfind("tfdrift.config.", 0) == 0);
        }
      }
    } else if (harness == "state") {
      tfdrift::detector d;
      try {
        d.load_state(bytes, "regress.tfstate");
        d.process(read_fixture("cloudtrail/stream.ndjson"), "stream.ndjson");
        check_accounting(d);
      } catch (const tfdrift::error& e) {
        CHECK(e.id().rfind("tfdrift.state.", 0) == 0);
      }
    } else {
      auto d = loaded();
      for (const auto& a : d.process(bytes, "regress")) {
        CHECK(valid_utf8(tfdrift::to_json_line(a)));
        CHECK(valid_utf8(tfdrift::to_text(a)));
        CHECK_FALSE(has_terminal_control(tfdrift::to_text(a)));
        CHECK(valid_utf8(tfdrift::to_markdown(a)));
        CHECK_FALSE(has_terminal_control(tfdrift::to_markdown(a)));
      }
      check_accounting(d);
    }
  }
  CHECK(files > 0);
}

}  // namespace tfdrift_test_hostile
