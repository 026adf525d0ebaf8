// Throughput of the detector against the memory floor and nlohmann/json baselines, measured in one run.
#include <benchmark/benchmark.h>

#include <tfdrift/ecs.hpp>
#include <tfdrift/input_gzip.hpp>

#include <zlib.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "generator.hpp"
#include "gzip.hpp"

namespace {

using tfdrift_bench::gzip;

constexpr std::size_t kLines = 20000;
constexpr int kServices = 200;

const std::string& mixed() {
  static const std::string s = tfdrift_bench::ndjson(kLines, {}, 42, kServices);
  return s;
}
const std::string& all_ecs() {
  static const std::string s = tfdrift_bench::ndjson(kLines / 4, {1000, 0}, 7, kServices);
  return s;
}
const std::string& state_text() {
  static const std::string s = tfdrift_bench::state(kServices);
  return s;
}

template <class Fn>
void for_each_line(std::string_view s, Fn&& fn) {
  while (!s.empty()) {
    const void* nl = std::memchr(s.data(), '\n', s.size());
    std::size_t n = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - s.data()) : s.size();
    fn(s.substr(0, n));
    s.remove_prefix(nl ? n + 1 : n);
  }
}

void set_counters(benchmark::State& st, const std::string& input) {
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * input.size()));
  std::size_t lines = 0;
  for_each_line(input, [&](std::string_view) { ++lines; });
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * lines));
}

const std::string& input_for(int which) { return which == 0 ? mixed() : all_ecs(); }

// The same inputs as NDJSON files, read the way the CLI reads them: 1 MiB chunks.
const std::string& file_for(int which) {
  static const std::array<std::string, 2> paths = [] {
    auto dir = std::filesystem::temp_directory_path() / "tfdrift-bench";
    std::filesystem::create_directories(dir);
    std::string a = (dir / "mixed.ndjson").string(), b = (dir / "all_ecs.ndjson").string();
    std::ofstream(a, std::ios::binary) << mixed();
    std::ofstream(b, std::ios::binary) << all_ecs();
    return std::array<std::string, 2>{a, b};
  }();
  return paths[which];
}

// Reads a file in chunks and calls fn for each whole line (a line split across two chunks
// is joined in a carry buffer).
template <class Fn>
void read_lines(const std::string& path, Fn&& fn) {
  std::string carry;
  tfdrift::read_input_chunks(path, [&](std::string_view chunk) {
    if (!carry.empty()) {
      const void* nl = std::memchr(chunk.data(), '\n', chunk.size());
      if (!nl) {
        carry.append(chunk);
        return;
      }
      std::size_t n = static_cast<std::size_t>(static_cast<const char*>(nl) - chunk.data());
      carry.append(chunk.substr(0, n));
      fn(std::string_view(carry));
      carry.clear();
      chunk.remove_prefix(n + 1);
    }
    std::size_t last = chunk.rfind('\n');
    if (last == std::string_view::npos) {
      carry.append(chunk);
      return;
    }
    for_each_line(chunk.substr(0, last), fn);
    carry.assign(chunk.substr(last + 1));
  });
  if (!carry.empty()) fn(std::string_view(carry));
}

// The floor: read the file and split lines at '\n', touching each line once.
void BM_floor(benchmark::State& st) {
  int which = static_cast<int>(st.range(0));
  const auto& path = file_for(which);
  for (auto _ : st) {
    std::size_t n = 0;
    read_lines(path, [&](std::string_view l) { n += static_cast<unsigned char>(l.back()); });
    benchmark::DoNotOptimize(n);
  }
  set_counters(st, input_for(which));
}

void BM_nlohmann_dom(benchmark::State& st) {
  const auto& in = input_for(static_cast<int>(st.range(0)));
  for (auto _ : st)
    for_each_line(in, [&](std::string_view l) {
      auto j = nlohmann::json::parse(l, nullptr, false);
      benchmark::DoNotOptimize(j);
    });
  set_counters(st, in);
}

// A SAX handler that only counts events: the parse cost without building anything.
struct counting_sax : nlohmann::json_sax<nlohmann::json> {
  std::size_t n = 0;
  bool null() override { return ++n; }
  bool boolean(bool) override { return ++n; }
  bool number_integer(number_integer_t) override { return ++n; }
  bool number_unsigned(number_unsigned_t) override { return ++n; }
  bool number_float(number_float_t, const string_t&) override { return ++n; }
  bool string(string_t&) override { return ++n; }
  bool binary(binary_t&) override { return ++n; }
  bool start_object(std::size_t) override { return ++n; }
  bool key(string_t&) override { return ++n; }
  bool end_object() override { return ++n; }
  bool start_array(std::size_t) override { return ++n; }
  bool end_array() override { return ++n; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }
};

void BM_nlohmann_sax(benchmark::State& st) {
  const auto& in = input_for(static_cast<int>(st.range(0)));
  for (auto _ : st)
    for_each_line(in, [&](std::string_view l) {
      counting_sax sax;
      nlohmann::json::sax_parse(l, &sax);
      benchmark::DoNotOptimize(sax.n);
    });
  set_counters(st, in);
}

// The naive prefilter: a substring search, then a DOM parse of every hit.
void BM_prefilter_then_dom(benchmark::State& st) {
  const auto& in = input_for(static_cast<int>(st.range(0)));
  for (auto _ : st)
    for_each_line(in, [&](std::string_view l) {
      if (l.find("ecs.amazonaws.com") == std::string_view::npos) return;
      auto j = nlohmann::json::parse(l, nullptr, false);
      benchmark::DoNotOptimize(j);
    });
  set_counters(st, in);
}

// The whole detector, alerts included (each alert serialised as the CLI's ndjson does).
void BM_detector(benchmark::State& st) {
  int which = static_cast<int>(st.range(0));
  const auto& in = input_for(which);
  const auto& path = file_for(which);
  tfdrift::detector proto;
  proto.load_state(state_text(), "bench.tfstate");
  std::size_t alerts = 0;
  for (auto _ : st) {
    st.PauseTiming();
    tfdrift::detector d = proto;  // fresh counts and dedup window each pass
    st.ResumeTiming();
    std::uint64_t line = 0;
    std::string out;
    read_lines(path, [&](std::string_view l) {
      d.process_line(l, "bench.ndjson", ++line, [&](const tfdrift::alert& a) {
        out += tfdrift::to_json_line(a);
        out += '\n';
        ++alerts;
      });
    });
    benchmark::DoNotOptimize(out);
  }
  st.counters["alerts_per_pass"] = static_cast<double>(alerts) / static_cast<double>(st.iterations());
  set_counters(st, in);
}

BENCHMARK(BM_floor)->Arg(0)->Arg(1)->ArgName("all_ecs");
BENCHMARK(BM_nlohmann_dom)->Arg(0)->Arg(1)->ArgName("all_ecs");
BENCHMARK(BM_nlohmann_sax)->Arg(0)->Arg(1)->ArgName("all_ecs");
BENCHMARK(BM_prefilter_then_dom)->Arg(0)->ArgName("all_ecs");
BENCHMARK(BM_detector)->Arg(0)->Arg(1)->ArgName("all_ecs");

// --- gzip S3 objects -----------------------------------------------------------------------

// CloudTrail S3 objects: {"Records":[...]} of ~100 records each, gzip-compressed, on disk.
const std::vector<std::string>& gz_files() {
  static const std::vector<std::string> files = [] {
    std::vector<std::string> out;
    auto dir = std::filesystem::temp_directory_path() / "tfdrift-bench-gz";
    std::filesystem::create_directories(dir);
    std::string lines = tfdrift_bench::ndjson(kLines, {}, 99, kServices);
    std::string doc;
    int n = 0, file = 0;
    auto flush = [&] {
      if (n == 0) return;
      std::string path = (dir / ("object-" + std::to_string(file++) + ".json.gz")).string();
      std::ofstream(path, std::ios::binary) << gzip("{\"Records\":[" + doc + "]}");
      out.push_back(path);
      doc.clear();
      n = 0;
    };
    for_each_line(lines, [&](std::string_view l) {
      if (n) doc += ',';
      doc += l;
      if (++n == 100) flush();
    });
    flush();
    return out;
  }();
  return files;
}

void BM_gzip_decompress_only(benchmark::State& st) {
  gz_files();  // written before timing starts
  std::size_t bytes = 0;
  for (auto _ : st)
    for (const auto& f : gz_files()) {
      std::string s = tfdrift::read_input_file(f);
      bytes += s.size();
      benchmark::DoNotOptimize(s);
    }
  st.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void BM_gzip_end_to_end(benchmark::State& st) {
  tfdrift::detector proto;
  proto.load_state(state_text(), "bench.tfstate");
  std::size_t bytes = 0;
  for (auto _ : st) {
    st.PauseTiming();
    tfdrift::detector d = proto;
    st.ResumeTiming();
    std::string out;
    for (const auto& f : gz_files()) {
      std::string s = tfdrift::read_input_file(f);
      bytes += s.size();
      d.process(s, f, [&](const tfdrift::alert& a) {
        out += tfdrift::to_json_line(a);
        out += '\n';
      });
    }
    benchmark::DoNotOptimize(out);
  }
  st.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

BENCHMARK(BM_gzip_decompress_only);
BENCHMARK(BM_gzip_end_to_end);

// --- framing a {"Records":[...]} object ---------------------------------------------------------

// split_records over the mixed records as one document: the 64-byte block scan (Fast, what
// tfdrift runs) against the byte-by-byte reference it is tested against.
template <bool Fast>
void BM_split_records(benchmark::State& st) {
  static const std::string doc = tfdrift_bench::records_document(mixed());
  std::size_t records = 0;
  for (auto _ : st)
    tfdrift::detail::split_records_with<Fast>(doc, [&](std::string_view r) {
      benchmark::DoNotOptimize(r.data());
      ++records;
    });
  if (records != kLines * static_cast<std::size_t>(st.iterations())) st.SkipWithError("records lost");
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * doc.size()));
}
BENCHMARK(BM_split_records<true>)->Name("BM_split_records/block_scan");
BENCHMARK(BM_split_records<false>)->Name("BM_split_records/byte_by_byte");

// --- state -----------------------------------------------------------------------------

const std::string& big_state() {
  // 50,000 resources: 20,000 services + 20,000 task definitions + 16 cluster resources, the rest other types.
  static const std::string s = tfdrift_bench::state(20000, 50000 - 40016);
  return s;
}

void BM_state_nlohmann_parse(benchmark::State& st) {
  for (auto _ : st) {
    auto j = nlohmann::json::parse(big_state());
    benchmark::DoNotOptimize(j);
  }
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * big_state().size()));
}

void BM_state_load(benchmark::State& st) {
  for (auto _ : st) {
    tfdrift::state_index idx;
    idx.load(big_state(), "big.tfstate");
    benchmark::DoNotOptimize(idx);
  }
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * big_state().size()));
}

void BM_state_lookup(benchmark::State& st) {
  int services = static_cast<int>(st.range(0));
  tfdrift::state_index idx;
  idx.load(tfdrift_bench::state(services), "s.tfstate");
  std::vector<std::string> names;
  for (int i = 0; i < 1024; ++i) {
    int k = (i * 7919) % services;
    names.push_back("cluster-" + std::to_string(k % 8) + "/svc-" + std::to_string(k));
  }
  std::size_t i = 0, found = 0;
  for (auto _ : st) {
    found += idx.find("aws_ecs_service", "123456789012", "us-east-1", names[i++ & 1023]) != nullptr;
  }
  if (found != static_cast<std::size_t>(st.iterations())) st.SkipWithError("lookup missed");
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations()));
}

// A RegisterTaskDefinition whose container has `entries` environment entries (1 in 100 named
// like a secret) against the state's two: every entry is a change and passes the security
// checks. Entries per second should not fall as the list grows (no search per entry).
std::string wide_task_definition(int entries) {
  nlohmann::json env = nlohmann::json::array();
  for (int i = 0; i < entries; ++i)
    env.push_back({{"name", (i % 100 ? "VAR_" : "SECRET_") + std::to_string(i)}, {"value", std::to_string(i)}});
  nlohmann::json req = {
      {"family", "app-0"},
      {"containerDefinitions",
       {{{"name", "app"}, {"image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1"}, {"cpu", 0},
         {"memory", 512}, {"essential", true}, {"environment", env}}}},
      {"networkMode", "awsvpc"},
      {"requiresCompatibilities", {"FARGATE"}},
      {"cpu", "256"},
      {"memory", "512"}};
  tfdrift_bench::rng r{9};
  auto who = tfdrift_bench::pick_identity(r);
  return tfdrift_bench::envelope(r, "ecs.amazonaws.com", "RegisterTaskDefinition", who, req.dump(),
                                 R"({"taskDefinition":{"taskDefinitionArn":"arn:aws:ecs:us-east-1:123456789012:task-definition/app-0:2"}})",
                                 false);
}

void BM_wide_task_definition(benchmark::State& st) {
  const int entries = static_cast<int>(st.range(0));
  const std::string rec = wide_task_definition(entries);
  tfdrift::detector base;
  base.load_state(state_text(), "bench.tfstate");
  std::size_t changes = 0;
  for (auto _ : st) {
    st.PauseTiming();
    tfdrift::detector d = base;  // a fresh one each time: the eventID would be a duplicate
    st.ResumeTiming();
    d.process_record(rec, tfdrift::record_place{"wide.json", 0, 1}, [&](const tfdrift::alert& a) {
      changes = a.changes.size();
    });
  }
  if (changes < static_cast<std::size_t>(entries)) st.SkipWithError("not every entry was a change");
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations()) * entries);
}

BENCHMARK(BM_wide_task_definition)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);

BENCHMARK(BM_state_nlohmann_parse)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_state_load)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_state_lookup)->Arg(1000)->Arg(100000);

}  // namespace

BENCHMARK_MAIN();
