// The inflaters on the gzip CloudTrail users have: S3 objects of 5 KB to 50 MB ({"Records":[...]}) and gzipped NDJSON, each inflater compiled in, whole and streaming.
#include <benchmark/benchmark.h>

#include <tfdrift/input_gzip.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include <zlib.h>

#include "generator.hpp"
#include "gzip.hpp"

namespace {

using tfdrift::detail::inflater;
using tfdrift_bench::gzip;

// A CloudTrail S3 object of about `bytes` bytes of text ({"Records":[...]}, ~1.7 KB a record), gzip -6.
const std::pair<std::string, std::size_t>& object(std::size_t bytes) {
  static std::map<std::size_t, std::pair<std::string, std::size_t>> cache;
  auto it = cache.find(bytes);
  if (it != cache.end()) return it->second;
  const std::string lines = tfdrift_bench::ndjson(std::max<std::size_t>(1, bytes / 1700), {}, 7 + bytes);
  const std::string doc = tfdrift_bench::records_document(lines);
  return cache.emplace(bytes, std::pair{gzip(doc), doc.size()}).first->second;
}

// About 64 MB of gzipped NDJSON (40,000 records), as a trail export.
const std::pair<std::string, std::size_t>& ndjson_gz() {
  static const auto v = [] {
    const std::string text = tfdrift_bench::ndjson(40000, {}, 3);
    return std::pair{gzip(text), text.size()};
  }();
  return v;
}

// Whole objects through each inflater's whole-buffer path: what decode_input would do with it.
void BM_object(benchmark::State& st, inflater which) {
  if (!tfdrift::detail::has_inflater(which)) {
    st.SkipWithError("not compiled in");
    return;
  }
  const auto& [raw, size] = object(static_cast<std::size_t>(st.range(0)));
  const std::string name = "object.json.gz";
  for (auto _ : st) {
    std::string text;
#if defined(TFDRIFT_HAVE_LIBDEFLATE)
    if (which == inflater::libdeflate)
      text = std::move(*tfdrift::detail::inflate_whole_libdeflate(raw, name, tfdrift::default_max_file_bytes, {}));
    else
#endif
      text = tfdrift::detail::inflate_whole(raw, name, tfdrift::default_max_file_bytes, {}, which);
    benchmark::DoNotOptimize(text);
  }
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * size));
  st.counters["ratio"] = static_cast<double>(size) / static_cast<double>(raw.size());
}

// decode_input's choice for the size (libdeflate under 64 KiB compressed, else ISA-L, when there).
void BM_object_chosen(benchmark::State& st) {
  const auto& [raw, size] = object(static_cast<std::size_t>(st.range(0)));
  for (auto _ : st) {
    std::string text = tfdrift::decode_input(raw, "object.json.gz");
    benchmark::DoNotOptimize(text);
  }
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * size));
}

// Gzipped NDJSON streamed in 1 MiB chunks, as read_input_chunks reads it.
void BM_stream(benchmark::State& st, inflater which) {
  if (which == inflater::libdeflate || !tfdrift::detail::has_inflater(which)) {
    st.SkipWithError(which == inflater::libdeflate ? "libdeflate cannot stream" : "not compiled in");
    return;
  }
  const auto& [raw, size] = ndjson_gz();
  for (auto _ : st) {
    std::size_t pos = 0, out = 0;
    tfdrift::detail::read_chunks(
        [&](unsigned char* buf, std::size_t cap) {
          std::size_t n = std::min(cap, raw.size() - pos);
          std::memcpy(buf, raw.data() + pos, n);
          pos += n;
          return n;
        },
        std::string("trail.ndjson.gz"), [&](std::string_view c) { out += c.size(); }, std::size_t{1} << 20,
        tfdrift::default_max_file_bytes, {}, which);
    benchmark::DoNotOptimize(out);
  }
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * size));
}

void sizes(benchmark::internal::Benchmark* b) {
  for (std::int64_t bytes : {5'000, 50'000, 150'000, 250'000, 500'000, 5'000'000, 50'000'000}) b->Arg(bytes);
  b->ArgName("bytes")->Unit(benchmark::kMicrosecond);
}

BENCHMARK_CAPTURE(BM_object, isal, inflater::isal)->Apply(sizes);
BENCHMARK_CAPTURE(BM_object, libdeflate, inflater::libdeflate)->Apply(sizes);
BENCHMARK_CAPTURE(BM_object, zlib, inflater::zlib)->Apply(sizes);
BENCHMARK(BM_object_chosen)->Apply(sizes);
BENCHMARK_CAPTURE(BM_stream, isal, inflater::isal)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_stream, zlib, inflater::zlib)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
