// The stop hook: readers and the detector ask a caller's predicate between chunks and records, and end with tfdrift::stopped.
#include <catch2/catch.hpp>

#include <tfdrift/ecs.hpp>
#include <tfdrift/input_gzip.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <zlib.h>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_stop {

namespace {

// A {"Records":[...]} document of `n` records that are not ECS (each one outcome, not_ecs).
std::string stop_test_document(std::size_t n) {
  std::string s = "{\"Records\":[";
  for (std::size_t i = 0; i < n; ++i) {
    if (i) s += ",";
    s += "{\"eventVersion\":\"1.08\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"eventID\":\"id-" +
         std::to_string(i) + "\"}";
  }
  return s + "]}";
}

// A file in a fresh temporary directory, removed with it.
struct stop_test_dir {
  std::filesystem::path dir;
  stop_test_dir() {
    dir = std::filesystem::temp_directory_path() /
          ("tfdrift_stop_" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    std::filesystem::create_directories(dir);
  }
  ~stop_test_dir() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    std::string p = (dir / name).string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  // Writes `total` bytes of `unit` repeated, gzip-compressed (fast level: it compresses well).
  std::string write_gzip(const std::string& name, const std::string& unit, std::size_t total) const {
    std::string p = (dir / name).string();
    gzFile g = gzopen(p.c_str(), "wb1");
    REQUIRE(g != nullptr);
    std::string block;
    while (block.size() < (1u << 20)) block += unit;
    for (std::size_t done = 0; done < total;) {
      std::size_t n = std::min(block.size(), total - done);
      REQUIRE(gzwrite(g, block.data(), static_cast<unsigned>(n)) == static_cast<int>(n));
      done += n;
    }
    REQUIRE(gzclose(g) == Z_OK);
    return p;
  }
};

}  // namespace

TEST_CASE("detector::process asks the stop predicate before each record and stops between two", "[stop]") {
  tfdrift::detector d;
  const std::string doc = stop_test_document(10);
  std::size_t asked = 0;
  const tfdrift::stop_predicate after_three = [&] { return ++asked > 3; };
  try {
    d.process(doc, "trail.json", [](const tfdrift::alert&) {}, after_three);
    FAIL("no tfdrift::stopped");
  } catch (const tfdrift::stopped& e) {
    CHECK(e.where() == "trail.json#4");
    CHECK(std::string(e.what()) == "stopped on request at trail.json#4");
  }
  CHECK(asked == 4);
  CHECK(d.stats().records_read == 3);
  CHECK(d.stats().count(tfdrift::outcome::not_ecs) == 3);
  CHECK(d.stats().sum() == 3);

  // NDJSON in a buffer: asked per line; the stop names the line not read.
  tfdrift::detector lines;
  std::string ndjson;
  for (int i = 0; i < 5; ++i) ndjson += R"({"eventSource":"s3.amazonaws.com","eventName":"GetObject","eventID":"n)" + std::to_string(i) + "\"}\n";
  asked = 0;
  const tfdrift::stop_predicate after_two = [&] { return ++asked > 2; };
  CHECK_THROWS_MATCHES(lines.process(ndjson, "a.ndjson", [](const tfdrift::alert&) {}, after_two), tfdrift::stopped,
                       Catch::Matchers::Predicate<tfdrift::stopped>([](const tfdrift::stopped& e) { return e.where() == "a.ndjson:3"; }));
  CHECK(lines.stats().records_read == 2);

  // An empty predicate, and one that never says stop, read everything.
  tfdrift::detector all;
  all.process(doc, "trail.json", [](const tfdrift::alert&) {}, tfdrift::stop_predicate{});
  asked = 0;
  all.process(doc, "again.json", [](const tfdrift::alert&) {}, [&] { return ++asked > 1000; });
  CHECK(asked == 10);
  CHECK(all.stats().records_read == 20);
}

TEST_CASE("read_input_chunks stops between chunks of a gzip file and passes on the chunks before", "[stop][gzip]") {
  stop_test_dir t;
  const std::string gz = t.write_gzip("big.ndjson.gz", "0123456789abcdef", std::size_t{8} << 20);
  std::size_t chunks = 0, bytes = 0;
  try {
    tfdrift::read_input_chunks(
        gz,
        [&](std::string_view c) {
          ++chunks;
          bytes += c.size();
        },
        std::size_t{1} << 20, tfdrift::default_max_file_bytes, [&] { return chunks >= 2; });
    FAIL("no tfdrift::stopped");
  } catch (const tfdrift::stopped& e) {
    CHECK(e.where() == gz);
  }
  CHECK(chunks == 2);
  CHECK(bytes == std::size_t{2} << 20);  // two whole 1 MiB chunks of output
  // Plain files the same way.
  const std::string plain = t.write("plain.ndjson", std::string(std::size_t{3} << 20, 'x'));
  chunks = 0;
  CHECK_THROWS_AS(tfdrift::read_input_chunks(
                      plain, [&](std::string_view) { ++chunks; }, std::size_t{1} << 20,
                      tfdrift::default_max_file_bytes, [&] { return chunks >= 1; }),
                  tfdrift::stopped);
  CHECK(chunks == 1);
}

TEST_CASE("read_input_file asks the stop predicate at least once per MiB while a large gzip file is inflated", "[stop][gzip]") {
  stop_test_dir t;
  // 80 MiB once inflated: more than one uninterruptible libdeflate call may do (64 MiB).
  const std::size_t size = std::size_t{80} << 20;
  const std::string gz = t.write_gzip("big.json.gz", "                ", size);
  std::size_t asked = 0;
  CHECK(tfdrift::read_input_file(gz, tfdrift::default_max_file_bytes, [&] { return ++asked == 0; }).size() == size);
  CHECK(asked >= 80);
  // A stop half-way ends it with tfdrift::stopped and the path.
  asked = 0;
  try {
    (void)tfdrift::read_input_file(gz, tfdrift::default_max_file_bytes, [&] { return ++asked > 40; });
    FAIL("no tfdrift::stopped");
  } catch (const tfdrift::stopped& e) {
    CHECK(e.where() == gz);
  }
  CHECK(asked == 41);
  // Without a predicate the same file reads whole.
  CHECK(tfdrift::read_input_file(gz).size() == size);
}

TEST_CASE("process_input_file stops a whole .json.gz document between records", "[stop][gzip]") {
  stop_test_dir t;
  const std::string doc = stop_test_document(1000);
  std::string p = (t.dir / "trail.json.gz").string();
  {
    gzFile g = gzopen(p.c_str(), "wb");
    REQUIRE(g != nullptr);
    REQUIRE(gzwrite(g, doc.data(), static_cast<unsigned>(doc.size())) == static_cast<int>(doc.size()));
    REQUIRE(gzclose(g) == Z_OK);
  }
  tfdrift::detector d;
  std::uint64_t bytes = 0;
  try {
    tfdrift::process_input_file(
        d, p, [](const tfdrift::alert&) {}, [&](std::size_t n) { bytes += n; },
        [&] { return d.stats().records_read >= 250; });
    FAIL("no tfdrift::stopped");
  } catch (const tfdrift::stopped& e) {
    CHECK(e.where() == p + "#251");
  }
  CHECK(bytes == doc.size());
  CHECK(d.stats().records_read == 250);
  CHECK(d.stats().sum() == 250);
}

}  // namespace tfdrift_test_stop
