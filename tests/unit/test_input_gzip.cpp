// The gzip inflaters (ISA-L, libdeflate, zlib: each one compiled in) and the overlapped reader: the same bytes, the same errors after the same chunks, bounded memory.
#include <catch2/catch.hpp>

#include <tfdrift/input_gzip.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_input_gzip {

namespace {

using tfdrift::detail::inflater;

// One gzip member holding text, written by zlib at the given level.
std::string gzip_member(const std::string& text, int level = 6) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, static_cast<uLong>(text.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// NDJSON-like text of about `bytes` bytes, different on every line (so it does not shrink to nothing).
std::string lines_of(std::size_t bytes, const std::string& tag) {
  std::string s;
  for (std::uint64_t i = 0; s.size() < bytes; ++i)
    s += "{\"eventID\":\"" + tag + "-" + std::to_string(i * 2654435761u % 1000003) + "\",\"n\":" + std::to_string(i) + "}\n";
  return s;
}

std::vector<inflater> streaming_inflaters() {
  std::vector<inflater> v{inflater::zlib};
  if (tfdrift::detail::has_inflater(inflater::isal)) v.push_back(inflater::isal);
  return v;
}

// Reads raw bytes through a byte_source with one inflater; returns the chunks and the error id
// and message (empty when none).
struct read_result {
  std::vector<std::string> chunks;
  std::string id, message;
  std::string all() const {
    std::string s;
    for (const auto& c : chunks) s += c;
    return s;
  }
};
read_result read_with(inflater which, const std::string& raw, const std::string& name, std::size_t chunk = 1 << 16,
                      std::uint64_t max = tfdrift::default_max_file_bytes) {
  read_result r;
  std::size_t pos = 0;
  try {
    tfdrift::detail::read_chunks(
        [&](unsigned char* buf, std::size_t cap) {
          std::size_t n = std::min(cap, raw.size() - pos);
          std::memcpy(buf, raw.data() + pos, n);
          pos += n;
          return n;
        },
        name, [&](std::string_view c) { r.chunks.emplace_back(c); }, chunk, max, {}, which);
  } catch (const tfdrift::error& e) {
    r.id = e.id();
    r.message = e.what();
  }
  return r;
}

struct temp_dir {
  std::filesystem::path dir;
  temp_dir() {
    dir = std::filesystem::temp_directory_path() /
          ("tfdrift_inflate_" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    std::filesystem::create_directories(dir);
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::string write(const std::string& name, const std::string& bytes) const {
    std::string p = (dir / name).string();
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
};

}  // namespace

TEST_CASE("tfdrift version names the inflaters compiled in, fastest first, zlib always", "[inflate]") {
  std::string expected;
#if defined(TFDRIFT_HAVE_ISAL)
  expected += "isal ";
#endif
#if defined(TFDRIFT_HAVE_LIBDEFLATE)
  expected += "libdeflate ";
#endif
  CHECK(tfdrift::detail::compiled_inflaters() == expected + "zlib");
  CHECK(tfdrift::detail::stream_inflater ==
        (tfdrift::detail::has_inflater(inflater::isal) ? inflater::isal : inflater::zlib));
}

TEST_CASE("each streaming inflater reads every member of a multi-member file and trailing zero padding", "[inflate]") {
  const std::string a = lines_of(300000, "a"), b = lines_of(5, "b"), c = lines_of(2 << 20, "c");
  const std::string raw = gzip_member(a, 1) + gzip_member(b, 9) + gzip_member(c, 6) + std::string(512, '\0');
  for (inflater which : streaming_inflaters()) {
    INFO(tfdrift::detail::inflater_name(which));
    auto r = read_with(which, raw, "t.ndjson.gz", 1 << 16);
    CHECK(r.id.empty());
    CHECK(r.all() == a + b + c);
    // Every chunk full but the last: the reader fills the caller's buffer across members.
    REQUIRE(r.chunks.size() == (a.size() + b.size() + c.size() + 65535) / 65536);
    for (std::size_t i = 0; i + 1 < r.chunks.size(); ++i) CHECK(r.chunks[i].size() == 65536);
    // Whole, into one string.
    CHECK(tfdrift::detail::inflate_whole(raw, "t.json.gz", tfdrift::default_max_file_bytes, {}, which) == a + b + c);
  }
  CHECK(tfdrift::decode_input(raw, "t.json.gz") == a + b + c);
  CHECK(tfdrift::decode_input(gzip_member(b), "small.json.gz") == b);  // under 16 KiB: libdeflate when there
}

TEST_CASE("each inflater says truncated and corrupt the same way, after the bytes before the damage",
          "[inflate][gzip]") {
  const std::string one = lines_of(200000, "one"), two = lines_of(400000, "two");
  const std::string m1 = gzip_member(one), m2 = gzip_member(two);
  for (inflater which : streaming_inflaters()) {
    INFO(tfdrift::detail::inflater_name(which));
    SECTION(std::string("the second member without its trailer ") + std::string(tfdrift::detail::inflater_name(which))) {
      auto r = read_with(which, m1 + m2.substr(0, m2.size() - 8), "cut.ndjson.gz");
      CHECK(r.id == "tfdrift.input.gzip");
      CHECK(r.message == "[tfdrift.input.gzip] cut.ndjson.gz: truncated gzip file (unexpected end of file in member 2, "
                         "after " + std::to_string(two.size()) + " bytes of it were decompressed)");
      CHECK(r.all() == one + two);  // every byte inflated before the end is passed on
      CHECK_THROWS_WITH(tfdrift::detail::inflate_whole(m1 + m2.substr(0, m2.size() - 8), "cut.json.gz",
                                                        tfdrift::default_max_file_bytes, {}, which),
                        Catch::StartsWith("[tfdrift.input.gzip] cut.json.gz: truncated gzip file (unexpected end of "
                                          "file in member 2, after " + std::to_string(two.size()) + " bytes"));
    }
    SECTION(std::string("bytes flipped in the first member's data ") + std::string(tfdrift::detail::inflater_name(which))) {
      std::string bad = m1 + m2;
      for (std::size_t i = 12; i < 40; ++i) bad[i] = static_cast<char>(bad[i] ^ 0x5a);
      auto r = read_with(which, bad, "bad.ndjson.gz");
      CHECK(r.id == "tfdrift.input.gzip");
      CHECK_THAT(r.message, Catch::StartsWith("[tfdrift.input.gzip] bad.ndjson.gz: corrupt gzip data (") &&
                                Catch::Contains(" in member 1, after "));
      CHECK(r.all().size() < one.size());
    }
    SECTION(std::string("a wrong checksum ") + std::string(tfdrift::detail::inflater_name(which))) {
      std::string bad = m1;
      bad[bad.size() - 6] = static_cast<char>(bad[bad.size() - 6] ^ 1);  // the CRC-32 in the trailer
      auto r = read_with(which, bad, "crc.ndjson.gz");
      CHECK(r.message == "[tfdrift.input.gzip] crc.ndjson.gz: corrupt gzip data (incorrect data check in member 1, "
                         "after " + std::to_string(which == inflater::isal ? m1.size() : m1.size() - 4) +
                         " compressed bytes)");  // zlib stops at the CRC-32, ISA-L reads the length too
    }
    SECTION(std::string("garbage after a member ") + std::string(tfdrift::detail::inflater_name(which))) {
      auto r = read_with(which, m1 + "not gzip", "tail.ndjson.gz");
      CHECK(r.message == "[tfdrift.input.gzip] tail.ndjson.gz: corrupt gzip data (incorrect header check in member 2, "
                         "after 0 compressed bytes)");
      CHECK(r.all() == one);
    }
  }
}

TEST_CASE("a whole object is inflated into a buffer of the size its trailer states, a guess that never decides the text", "[inflate][gzip]") {
  const std::string a = lines_of(170000, "a"), c = lines_of(600000, "c");
  const std::string one = gzip_member(a);
  CHECK(tfdrift::detail::inflated_size_guess(one, tfdrift::default_max_file_bytes) == a.size());
  CHECK(tfdrift::detail::inflated_size_guess(one, 1000) == 1001);  // never past the limit
  CHECK(tfdrift::detail::inflated_size_guess(one + std::string(64, '\0'), tfdrift::default_max_file_bytes) ==
        4 * (one.size() + 64));  // padding: no trailer at the end, 4 bytes per compressed byte
  for (inflater which : streaming_inflaters()) {
    INFO(tfdrift::detail::inflater_name(which));
    const std::string text = tfdrift::detail::inflate_whole(one, "o.json.gz", tfdrift::default_max_file_bytes, {}, which);
    CHECK(text == a);
#if defined(__GLIBCXX__)
    CHECK(text.capacity() == a.size());  // one allocation of the stated size: nothing zero-filled past it
#endif
    // Several members: the last one's size is too small (grown) or a small part (ignored).
    CHECK(tfdrift::detail::inflate_whole(gzip_member(c) + one, "m.json.gz", tfdrift::default_max_file_bytes, {}, which) ==
          c + a);
    CHECK(tfdrift::detail::inflate_whole(one + gzip_member(c), "m.json.gz", tfdrift::default_max_file_bytes, {}, which) ==
          a + c);
    CHECK(tfdrift::detail::inflate_whole(gzip_member(c) + gzip_member("x"), "m.json.gz", tfdrift::default_max_file_bytes,
                                         {}, which) == c + "x");
  }
  CHECK(tfdrift::decode_input(gzip_member(c) + one, "m.json.gz") == c + a);
  const std::string small = lines_of(9000, "s");  // under 16 KiB compressed: libdeflate when there
  CHECK(tfdrift::decode_input(gzip_member(small) + gzip_member(c), "m.json.gz") == small + c);
  CHECK(tfdrift::decode_input(gzip_member(c) + gzip_member(small), "m.json.gz") == c + small);
  // A trailer that lies about the size is damage, as before: the inflater checks it.
  std::string lying = one;
  lying[lying.size() - 1] = '\x7f';
  CHECK_THROWS_WITH(tfdrift::decode_input(lying, "l.json.gz"), Catch::StartsWith("[tfdrift.input.gzip] l.json.gz: corrupt gzip data"));
}

TEST_CASE("a gzip bomb ends as tfdrift.input.size with each inflater, holding at most the limit", "[inflate][gzip]") {
  // 64 MiB of spaces in about 64 KB.
  const std::string bomb = gzip_member(std::string(std::size_t{64} << 20, ' '), 9);
  constexpr std::uint64_t limit = std::uint64_t{4} << 20;
  for (inflater which : streaming_inflaters()) {
    INFO(tfdrift::detail::inflater_name(which));
    auto r = read_with(which, bomb, "bomb.ndjson.gz", 1 << 20, limit);
    CHECK(r.id == "tfdrift.input.size");
    CHECK(r.all().size() <= limit);
    CHECK_THROWS_WITH(tfdrift::detail::inflate_whole(bomb, "bomb.json.gz", limit, {}, which),
                      "[tfdrift.input.size] bomb.json.gz: larger than 4194304 bytes once decompressed (a gzip bomb?); "
                      "the limit is --max-file-bytes (default 1 GiB)");
  }
  CHECK_THROWS_WITH(tfdrift::decode_input(bomb, "bomb.json.gz", limit),
                    Catch::StartsWith("[tfdrift.input.size] bomb.json.gz: larger than 4194304 bytes once decompressed"));
}

TEST_CASE("read_input_chunks_overlapped passes on the chunks read_input_chunks passes on, then the same error",
          "[inflate][overlap]") {
  temp_dir t;
  const std::string text = lines_of(std::size_t{9} << 20, "ov");
  const std::string raw = gzip_member(text.substr(0, 3 << 20), 1) + gzip_member(text.substr(3 << 20), 6);
  auto collect = [](auto&& reader, const std::string& path, std::size_t chunk) {
    read_result r;
    try {
      reader(path, [&](std::string_view c) { r.chunks.emplace_back(c); }, chunk);
    } catch (const tfdrift::error& e) {
      r.id = e.id();
      r.message = e.what();
    }
    return r;
  };
  auto plain = [](const std::string& p, auto&& fn, std::size_t chunk) { tfdrift::read_input_chunks(p, fn, chunk); };
  auto overlapped = [](const std::string& p, auto&& fn, std::size_t chunk) {
    tfdrift::read_input_chunks_overlapped(p, fn, chunk);
  };
  for (const auto& [name, bytes] : {std::pair<std::string, std::string>{"whole.ndjson.gz", raw},
                                    {"cut.ndjson.gz", raw.substr(0, raw.size() - 3)},
                                    {"plain.ndjson", text},
                                    {"fake.ndjson.gz", text.substr(0, 1000)}}) {
    INFO(name);
    const std::string path = t.write(name, bytes);
    for (std::size_t chunk : {std::size_t{1} << 20, std::size_t{4093}}) {
      auto a = collect(plain, path, chunk), b = collect(overlapped, path, chunk);
      CHECK(b.chunks == a.chunks);
      CHECK(b.id == a.id);
      CHECK(b.message == a.message);
    }
  }
  const std::string whole = t.write("w.ndjson.gz", raw);
  CHECK(collect(overlapped, whole, 1 << 20).all() == text);
  CHECK(collect(overlapped, t.write("c.ndjson.gz", raw.substr(0, raw.size() - 3)), 1 << 20).id == "tfdrift.input.gzip");

  SECTION("a stop asked in this thread ends it after the chunks before") {
    std::size_t chunks = 0;
    try {
      tfdrift::read_input_chunks_overlapped(
          whole, [&](std::string_view) { ++chunks; }, 1 << 20, tfdrift::default_max_file_bytes,
          [&] { return chunks >= 3; });
      FAIL("no tfdrift::stopped");
    } catch (const tfdrift::stopped& e) {
      CHECK(e.where() == whole);
    }
    CHECK(chunks == 3);
  }
  SECTION("an exception from fn ends the reader thread and comes out as it is") {
    std::size_t chunks = 0;
    CHECK_THROWS_WITH(tfdrift::read_input_chunks_overlapped(whole,
                                                             [&](std::string_view) {
                                                               if (++chunks == 2) throw std::runtime_error("sink");
                                                             }),
                      "sink");
    CHECK(chunks == 2);
  }
  SECTION("a bomb in a stream: tfdrift.input.size, within the limit") {
    const std::string bomb = t.write("bomb.ndjson.gz", gzip_member(std::string(std::size_t{32} << 20, ' '), 9));
    std::uint64_t seen = 0;
    CHECK_THROWS_WITH(tfdrift::read_input_chunks_overlapped(
                          bomb, [&](std::string_view c) { seen += c.size(); }, 1 << 20, std::uint64_t{8} << 20),
                      Catch::StartsWith("[tfdrift.input.size] " + bomb + ": larger than 8388608 bytes once decompressed"));
    CHECK(seen == std::uint64_t{8} << 20);
  }
}

TEST_CASE("a FIFO named like an input in a directory is an error with its place, never read or skipped", "[input][walk]") {
  const auto dir = std::filesystem::temp_directory_path() / ("tfdrift_fifo_walk_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "sub");
  std::ofstream(dir / "a.json") << "{}";
  const auto fifo = dir / "sub" / "b.json.gz";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::vector<tfdrift::error> errors;
  const auto files = tfdrift::list_input_files(dir.string(), errors);
  CHECK(files == std::vector<std::string>{(dir / "a.json").string()});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].id() == "tfdrift.input.read");
  CHECK(errors[0].where() == fifo.string());
  CHECK(errors[0].message() == "not a regular file (a FIFO, socket or device)");
  // Without a list for the errors, the walk fails on it.
  CHECK_THROWS_AS(tfdrift::list_input_files(dir.string()), tfdrift::error);
  std::filesystem::remove_all(dir);
}

}  // namespace tfdrift_test_input_gzip
