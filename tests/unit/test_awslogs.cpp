// The AWSLogs layout and time ranges (awslogs.hpp): times, paths, pruning of a walk, the out_of_range outcome, and reading an object's bytes as its file.
#include "fixture.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <zlib.h>

#include <tfdrift/awslogs.hpp>
#include <tfdrift/input_gzip.hpp>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_awslogs {

using tfdrift::outcome;
using tfdrift::parse_utc_time;
using tfdrift_test::read_fixture;

namespace {

// A directory under the system's temp directory, removed at the end.
struct temp_tree {
  std::filesystem::path root;
  temp_tree() {
    root = std::filesystem::temp_directory_path() /
           ("tfdrift_awslogs_" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::remove_all(root);
    std::filesystem::create_directories(root);
  }
  ~temp_tree() {
    std::error_code ec;
    std::filesystem::remove_all(root, ec);
  }
  std::string add(const std::string& rel, const std::string& text = "{}") {
    auto p = root / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  std::string rel(const std::string& p) const { return std::filesystem::path(p).lexically_relative(root).generic_string(); }
};

std::string gzip_bytes(const std::string& text, const std::filesystem::path& scratch) {
  gzFile g = gzopen(scratch.string().c_str(), "wb");
  REQUIRE(g != nullptr);
  REQUIRE(gzwrite(g, text.data(), static_cast<unsigned>(text.size())) == static_cast<int>(text.size()));
  REQUIRE(gzclose(g) == Z_OK);
  std::ifstream in(scratch, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

tfdrift::detector loaded(tfdrift::time_range times = {}) {
  tfdrift::config cfg = tfdrift::default_config();
  cfg.event_times = times;
  tfdrift::detector d(std::move(cfg));
  d.load_state(read_fixture("state/ecs.tfstate"), "ecs.tfstate");
  return d;
}

}  // namespace

TEST_CASE("parse_utc_time reads CloudTrail's eventTime, dates, offsets and fractions, and nothing else",
          "[awslogs][time]") {
  CHECK(parse_utc_time("2025-03-11T13:04:12Z") == 1741698252);
  CHECK(parse_utc_time("2025-03-11T13:04:12.999Z") == 1741698252);
  CHECK(parse_utc_time("2025-03-11 13:04:12") == 1741698252);
  CHECK(parse_utc_time("2025-03-11T08:04:12-05:00") == 1741698252);
  CHECK(parse_utc_time("2025-03-11T13:04Z") == 1741698240);
  CHECK(parse_utc_time("2025-03-11") == 1741651200);
  CHECK(parse_utc_time("2024-02-29") == 1709164800);
  for (const char* bad : {"", "2025", "2025-3-11", "2025-02-29", "2025-13-01", "2025-03-11T25:00:00Z",
                          "2025-03-11T13:04:12+0100", "2025-03-11T13:04:12Z ", "yesterday"})
    CHECK_FALSE(parse_utc_time(bad).has_value());
}

TEST_CASE("parse_awslogs_path finds account, region and day in plain and organization trails", "[awslogs][layout]") {
  auto p = tfdrift::parse_awslogs_path("trail-bucket/prefix/AWSLogs/123456789012/CloudTrail/eu-west-1/2025/03/11/x.json.gz");
  CHECK(p.account == "123456789012");
  CHECK(p.region == "eu-west-1");
  CHECK(p.year == 2025);
  CHECK(p.month == 3);
  CHECK(p.day == 11);
  auto org = tfdrift::parse_awslogs_path("s3://b/AWSLogs/o-aa11bb22cc/210987654321/CloudTrail/us-east-1/2025/04");
  CHECK(org.account == "210987654321");
  CHECK(org.region == "us-east-1");
  CHECK(org.year == 2025);
  CHECK(org.month == 4);
  CHECK(org.day == 0);
  CHECK(tfdrift::parse_awslogs_path("AWSLogs/o-aa11bb22cc/210987654321").account == "210987654321");
  CHECK(tfdrift::parse_awslogs_path("AWSLogs/o-aa11bb22cc").account.empty());
  auto other = tfdrift::parse_awslogs_path("/var/log/trail/2025/03/11/x.json");
  CHECK(other.account.empty());
  CHECK(other.region.empty());
  CHECK(other.year == 0);
}

TEST_CASE("awslogs_filter prunes accounts, regions, and days by publication day with a day's slack",
          "[awslogs][layout]") {
  tfdrift::awslogs_filter f;
  const std::string base = "AWSLogs/123456789012/CloudTrail/us-east-1/";
  CHECK(f.may_hold(base + "1999/01/01"));  // no filter: everything
  f.time = {parse_utc_time("2025-03-03"), parse_utc_time("2025-03-05")};
  CHECK_FALSE(f.may_hold(base + "2025/03/02"));  // published before since: its records are older
  CHECK(f.may_hold(base + "2025/03/03"));
  CHECK(f.may_hold(base + "2025/03/04"));
  CHECK(f.may_hold(base + "2025/03/05"));  // may hold records of 03-04 published late
  CHECK_FALSE(f.may_hold(base + "2025/03/06"));
  CHECK(f.may_hold(base + "2025/03"));
  CHECK_FALSE(f.may_hold(base + "2025/02"));
  CHECK_FALSE(f.may_hold(base + "2024"));
  CHECK(f.may_hold(base + "2025"));
  CHECK(f.may_hold("AWSLogs/123456789012/CloudTrail/us-east-1"));
  CHECK(f.may_hold("somewhere/else/2025/02/01/x.json"));  // not the layout: never pruned

  tfdrift::awslogs_filter scope;
  scope.accounts = {"1234*"};
  scope.regions = {"eu-*", "us-east-1"};
  CHECK(scope.may_hold("AWSLogs/123456789012"));
  CHECK_FALSE(scope.may_hold("AWSLogs/210987654321"));
  CHECK_FALSE(scope.may_hold("AWSLogs/o-x1/210987654321/CloudTrail"));
  CHECK(scope.may_hold("AWSLogs/123456789012/CloudTrail/eu-west-3/2025"));
  CHECK_FALSE(scope.may_hold("AWSLogs/123456789012/CloudTrail/us-west-2"));
}

TEST_CASE("list_input_files with a filter never lists pruned directories, and keeps the walk order", "[awslogs][walk]") {
  temp_tree t;
  const std::string acct = "AWSLogs/o-aa11bb22cc/123456789012/CloudTrail/";
  for (const char* day : {"2025/02/28", "2025/03/01", "2025/03/02", "2025/03/03"}) {
    t.add(acct + "us-east-1/" + day + "/a.json.gz");
    t.add(acct + "eu-west-1/" + day + "/b.json");
  }
  t.add("AWSLogs/o-aa11bb22cc/210987654321/CloudTrail/us-east-1/2025/03/01/c.json");
  t.add("AWSLogs/o-aa11bb22cc/123456789012/CloudTrail-Digest/us-east-1/2025/03/01/d.json.gz");

  tfdrift::awslogs_filter f;
  f.time = {parse_utc_time("2025-03-01T12:00:00Z"), parse_utc_time("2025-03-02")};
  f.accounts = {"123456789012"};
  f.regions = {"us-east-1"};
  std::vector<std::string> got;
  for (const auto& p : tfdrift::list_input_files(t.root.string(), f)) got.push_back(t.rel(p));
  CHECK(got == std::vector<std::string>{acct + "us-east-1/2025/03/01/a.json.gz", acct + "us-east-1/2025/03/02/a.json.gz"});

  // A directory named as the root is pruned too; with no filter all nine files come back in order.
  CHECK(tfdrift::list_input_files((t.root / (acct + "us-east-1/2025/02")).string(), f).empty());
  auto all = tfdrift::list_input_files(t.root.string());
  REQUIRE(all.size() == 9);
  CHECK(t.rel(all.front()) == acct + "eu-west-1/2025/02/28/b.json");
  CHECK(t.rel(all.back()) == "AWSLogs/o-aa11bb22cc/210987654321/CloudTrail/us-east-1/2025/03/01/c.json");
}

TEST_CASE("records outside the time range end as out_of_range, on the fast and the slow path", "[awslogs][outcome]") {
  const std::string rec = read_fixture("cloudtrail/update_service_desired_count.json");  // 2025-03-11T13:04:12Z
  auto run = [&](tfdrift::time_range times, const std::string& text) {
    auto d = loaded(times);
    auto alerts = d.process(text, "x.json");
    CHECK(d.stats().sum() == d.stats().records_read);
    return std::pair{alerts.size(), d.stats().count(outcome::out_of_range)};
  };
  const auto at = parse_utc_time("2025-03-11T13:04:12Z");
  CHECK(run({at, std::nullopt}, rec) == std::pair<std::size_t, std::uint64_t>{1, 0});  // since is inclusive
  CHECK(run({std::nullopt, at}, rec) == std::pair<std::size_t, std::uint64_t>{0, 1});  // until is exclusive
  CHECK(run({parse_utc_time("2025-03-12"), std::nullopt}, rec) == std::pair<std::size_t, std::uint64_t>{0, 1});
  // The slow path: a Falco alert carries the time in ct.time.
  const std::string falco = read_fixture("falco/update_service.json");
  CHECK(run({std::nullopt, std::nullopt}, falco).first == 1);
  CHECK(run({std::nullopt, parse_utc_time("2025-03-11")}, falco) == std::pair<std::size_t, std::uint64_t>{0, 1});
  // A record without a readable eventTime is outside any bounded range.
  nlohmann::json j = nlohmann::json::parse(rec);
  j["eventTime"] = "last tuesday";
  CHECK(run({at, std::nullopt}, j.dump()) == std::pair<std::size_t, std::uint64_t>{0, 1});
  // Not ECS: proved from the bytes, still not_ecs.
  auto d = loaded({parse_utc_time("2030-01-01"), std::nullopt});
  d.process(R"({"eventSource":"s3.amazonaws.com","eventName":"GetObject","eventTime":"2025-03-11T13:04:12Z"})", "y");
  CHECK(d.stats().count(outcome::not_ecs) == 1);
  CHECK(d.stats().count(outcome::out_of_range) == 0);
}

TEST_CASE("process_input_bytes gives what process_input_file gives for the same file", "[awslogs][bytes]") {
  temp_tree t;
  const std::string doc = read_fixture("cloudtrail/s3_object.json");
  const std::string stream = read_fixture("cloudtrail/stream.ndjson");
  struct named {
    std::string name, raw;
  };
  std::vector<named> files = {
      {"a.json.gz", gzip_bytes(doc, t.root / "scratch1")},
      {"b.json", doc},
      {"c.ndjson.gz", gzip_bytes(stream, t.root / "scratch2")},
      {"d.ndjson", stream},
      {"e.json.gz", doc},  // a .gz name on text that is not gzip
  };
  for (const auto& f : files) {
    CAPTURE(f.name);
    const std::string path = t.add(f.name, f.raw);
    auto run = [&](auto&& read) {
      auto d = loaded();
      std::vector<std::string> lines;
      std::string failure;
      std::uint64_t bytes = 0;
      try {
        read(d, [&](const tfdrift::alert& a) { lines.push_back(tfdrift::to_json_line(a)); },
             [&](std::size_t n) { bytes += n; });
      } catch (const tfdrift::error& e) {
        failure = e.what();
      }
      return std::tuple{lines, failure, bytes, d.stats().to_json().dump()};
    };
    auto from_file = run([&](auto& d, auto&& sink, auto&& on_bytes) { tfdrift::process_input_file(d, path, sink, on_bytes); });
    auto from_bytes =
        run([&](auto& d, auto&& sink, auto&& on_bytes) { tfdrift::process_input_bytes(d, f.raw, path, sink, on_bytes); });
    CHECK(from_file == from_bytes);
    if (f.name == "e.json.gz") CHECK(std::get<1>(from_bytes).find("[tfdrift.input.gzip]") == 0);
    else CHECK((std::get<0>(from_bytes).size() >= 1 && std::get<1>(from_bytes).empty()));
  }
}

}  // namespace tfdrift_test_awslogs
