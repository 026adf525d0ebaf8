// Reading input files for the tools and bindings: plain or gzip (CloudTrail's S3 objects), in chunks or whole, and directory walks in name order.
#pragma once

// Needs zlib, and libdeflate when TFDRIFT_HAVE_LIBDEFLATE is set (link the CMake target
// tfdrift::gzip, which brings both); not part of the header-only core.

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <memory>

#include <zlib.h>
#if defined(TFDRIFT_HAVE_LIBDEFLATE)
#include <libdeflate.h>
#endif

#include "awslogs.hpp"
#include "detail/text.hpp"
#include "detector.hpp"
#include "error.hpp"
#include "stop.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

// Closes a FILE* on every path out.
struct file_closer {
  std::FILE* f;
  ~file_closer() {
    if (f) std::fclose(f);
  }
};

inline std::FILE* open_input(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw error("tfdrift.input.read", path, "is a directory (name it as a PATH to walk it)");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw error("tfdrift.input.read", path, std::strerror(errno));
  return f;
}

inline std::string_view zlib_message(const z_stream& z, int rc) noexcept {
  if (z.msg) return z.msg;
  switch (rc) {
    case Z_DATA_ERROR: return "invalid compressed data";
    case Z_MEM_ERROR: return "out of memory";
    case Z_BUF_ERROR: return "unexpected end of data";
    default: return "zlib error";
  }
}

inline error too_large(const std::string& path, std::uint64_t max_bytes, bool decompressed) {
  return error("tfdrift.input.size", path,
               std::string("larger than ") + std::to_string(max_bytes) + " bytes" +
                   (decompressed ? " once decompressed (a gzip bomb?)" : "") +
                   "; the limit is --max-file-bytes (default 1 GiB)");
}

}  // namespace detail

/// The most bytes a whole-file read (a document, a state, a config, a ledger) holds, and the
/// most a gzip file decompresses to, unless the caller gives another limit: 1 GiB.
inline constexpr std::uint64_t default_max_file_bytes = std::uint64_t{1} << 30;

/// Returns true when a file name says the file is gzip-compressed (ends in ".gz").
inline bool is_gzip_name(std::string_view path) noexcept { return detail::ends_with_nocase(path, ".gz"); }

/// Returns true when a file name says it holds one record per line: .ndjson or .jsonl,
/// optionally followed by .gz.
inline bool is_ndjson_name(std::string_view path) noexcept {
  if (is_gzip_name(path)) path.remove_suffix(3);
  return detail::ends_with_nocase(path, ".ndjson") || detail::ends_with_nocase(path, ".jsonl");
}

/// Returns true when a directory walk reads a file of this name: .json, .ndjson or .jsonl,
/// each optionally gzip-compressed.
inline bool is_input_name(std::string_view path) noexcept {
  if (is_gzip_name(path)) path.remove_suffix(3);
  return detail::ends_with_nocase(path, ".json") || detail::ends_with_nocase(path, ".ndjson") ||
         detail::ends_with_nocase(path, ".jsonl");
}

namespace detail {

// The chunked reader behind read_input_chunks and read_input_bytes: read_into(buf, cap)
// fills buf with up to cap raw bytes and returns how many (0 at the end); name is the place
// in errors. `stop` is asked before each read and each inflate step; it throws
// tfdrift::stopped with the name.
template <class Read, class Fn>
void read_chunks(Read&& read_into, const std::string& name, Fn&& fn, std::size_t chunk,
                 std::uint64_t max_decompressed, const stop_predicate& stop = {}) {
  if (chunk == 0) chunk = 1;
  // Buffers are left uninitialised: zero-filling two chunks per small file costs more than
  // reading it.
  std::unique_ptr<unsigned char[]> in_buf(new unsigned char[chunk]);
  struct span_buf {
    unsigned char* p;
    std::size_t n;
    unsigned char* data() const { return p; }
    std::size_t size() const { return n; }
    unsigned char& operator[](std::size_t i) const { return p[i]; }
  } in{in_buf.get(), chunk};
  auto read_some = [&]() -> std::size_t {
    if (stop_asked(stop)) throw stopped(name);
    return read_into(in.data(), in.size());
  };
  const std::string& path = name;
  std::size_t have = read_some();
  const bool magic = have >= 2 && in[0] == 0x1f && in[1] == 0x8b;
  if (!magic) {
    if (is_gzip_name(path))
      throw error("tfdrift.input.gzip", path,
                  have == 0 ? "empty file, though the name ends in .gz"
                            : "not a gzip file (no gzip header), though the name ends in .gz");
    while (have > 0) {
      fn(std::string_view(reinterpret_cast<const char*>(in.data()), have));
      have = read_some();
    }
    return;
  }
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) throw error("tfdrift.input.gzip", path, "cannot initialise zlib");
  struct inflate_end {
    z_stream* z;
    ~inflate_end() { inflateEnd(z); }
  } ender{&z};
  std::unique_ptr<unsigned char[]> out_buf(new unsigned char[chunk]);
  span_buf out{out_buf.get(), chunk};
  z.next_in = in.data();
  z.avail_in = static_cast<uInt>(have);
  bool eof = false;
  bool member_done = false;  // the last inflate call ended a member
  std::uint64_t members = 0;
  std::uint64_t decompressed = 0;
  for (;;) {
    if (z.avail_in == 0 && !eof) {
      have = read_some();
      eof = have == 0;
      z.next_in = in.data();
      z.avail_in = static_cast<uInt>(have);
    }
    if (member_done) {
      if (z.avail_in == 0) break;  // eof right after a member: done
      // Another member follows, or trailing zero padding that some writers leave.
      if (std::all_of(z.next_in, z.next_in + z.avail_in, [](unsigned char c) { return c == 0; })) {
        z.avail_in = 0;
        continue;
      }
      if (inflateReset(&z) != Z_OK) throw error("tfdrift.input.gzip", path, "cannot reset zlib");
      member_done = false;
    }
    if (stop_asked(stop)) throw stopped(path);
    z.next_out = out.data();
    z.avail_out = static_cast<uInt>(out.size());
    int rc = inflate(&z, Z_NO_FLUSH);
    std::size_t produced = out.size() - z.avail_out;
    decompressed += produced;
    if (decompressed > max_decompressed) throw detail::too_large(path, max_decompressed, true);
    if (produced) fn(std::string_view(reinterpret_cast<const char*>(out.data()), produced));
    if (rc == Z_STREAM_END) {
      ++members;
      member_done = true;
      continue;
    }
    if (rc == Z_BUF_ERROR && produced == 0 && z.avail_in == 0) {
      if (eof) break;  // no more input in the middle of a member: truncated
      continue;
    }
    if (rc != Z_OK)
      throw error("tfdrift.input.gzip", path,
                  "corrupt gzip data (" + std::string(detail::zlib_message(z, rc)) + " in member " +
                      std::to_string(members + 1) + ", after " + std::to_string(z.total_in) +
                      " compressed bytes)");
  }
  if (!member_done)
    throw error("tfdrift.input.gzip", path,
                "truncated gzip file (unexpected end of file in member " + std::to_string(members + 1) +
                    ", after " + std::to_string(z.total_out) + " bytes of it were decompressed)");
}

}  // namespace detail

/// Reads a file in chunks of at most `chunk` bytes and calls fn(std::string_view) for each.
/// A file that starts with the gzip magic bytes (or whose name ends in ".gz") is
/// decompressed, every member of a multi-member gzip file in turn. Memory stays at about
/// two chunks whatever the file's size. Throws tfdrift::error with id tfdrift.input.read
/// (cannot open or read) or tfdrift.input.gzip (corrupt or truncated gzip), the path as
/// place; chunks before the damage have already been passed to fn. A gzip file that
/// decompresses to more than `max_decompressed` bytes ends with tfdrift.input.size (a gzip
/// bomb); plain bytes are not limited here (a stream of any size is read in chunks). `stop`
/// is asked before each chunk is read or inflated: when it says stop, tfdrift::stopped (with
/// the path) is thrown, the chunks before it having been passed to fn.
template <class Fn>
void read_input_chunks(const std::string& path, Fn&& fn, std::size_t chunk = std::size_t{1} << 20,
                       std::uint64_t max_decompressed = default_max_file_bytes, const stop_predicate& stop = {}) {
  std::FILE* f = detail::open_input(path);
  detail::file_closer closer{f};
  detail::read_chunks(
      [&](unsigned char* buf, std::size_t cap) {
        for (;;) {
          std::size_t n = std::fread(buf, 1, cap, f);
          if (n > 0 || !std::ferror(f)) return n;
          // A signal while a read waited (a FIFO, a slow disk): read again, unless it asked to stop.
          if (errno != EINTR) throw error("tfdrift.input.read", path, std::strerror(errno));
          std::clearerr(f);
          if (detail::stop_asked(stop)) throw stopped(path);
        }
      },
      path, fn, chunk, max_decompressed, stop);
}

/// Does what read_input_chunks does for the raw bytes of a file already in memory (an S3
/// object, say), named `name` (which says ".gz", and is the place in errors).
template <class Fn>
void read_input_bytes(std::string_view raw, const std::string& name, Fn&& fn, std::size_t chunk = std::size_t{1} << 20,
                      std::uint64_t max_decompressed = default_max_file_bytes, const stop_predicate& stop = {}) {
  std::size_t pos = 0;
  detail::read_chunks(
      [&](unsigned char* buf, std::size_t cap) {
        std::size_t n = std::min(cap, raw.size() - pos);
        if (n) std::memcpy(buf, raw.data() + pos, n);
        pos += n;
        return n;
      },
      name, fn, chunk, max_decompressed, stop);
}

/// Returns the content of a file whose raw bytes are in memory, named `name`: decompressed
/// when it is gzip (every member), else as it is. Throws tfdrift::error with id
/// tfdrift.input.gzip and the name, and tfdrift.input.size when it decompresses to more than
/// max_bytes (a gzip bomb). `stop` is asked at least once per 64 MiB decompressed (throws
/// tfdrift::stopped with the name).
inline std::string decode_input(std::string raw, const std::string& name,
                                std::uint64_t max_bytes = default_max_file_bytes, const stop_predicate& stop = {}) {
  const bool magic = raw.size() >= 2 && static_cast<unsigned char>(raw[0]) == 0x1f &&
                     static_cast<unsigned char>(raw[1]) == 0x8b;
  if (!magic && !is_gzip_name(name)) return raw;
#if defined(TFDRIFT_HAVE_LIBDEFLATE)
  // CloudTrail objects are small: inflate each member in one call with libdeflate, about
  // twice zlib's speed. Damaged data is read again through zlib, whose streaming diagnosis
  // says where it broke. A call cannot be stopped halfway: with a stop predicate, a member
  // that needs more than 64 MiB is read through zlib instead, which asks it per chunk.
  constexpr std::size_t stoppable_span = std::size_t{64} << 20;
  if (magic) {
    struct freer {
      void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
    };
    std::unique_ptr<libdeflate_decompressor, freer> d(libdeflate_alloc_decompressor());
    std::string text;
    std::size_t pos = 0;
    bool ok = d != nullptr;
    while (ok && pos < raw.size()) {
      if (std::all_of(raw.begin() + static_cast<std::ptrdiff_t>(pos), raw.end(), [](char c) { return c == 0; })) break;
      std::size_t guess = std::max<std::size_t>(4 * (raw.size() - pos), 1 << 16);
      if (stop) guess = std::min(guess, stoppable_span);
      for (;;) {
        if (detail::stop_asked(stop)) throw stopped(name);
        std::size_t base = text.size();
        // Room for at most one byte past the limit: a member that needs more is too large.
        const std::uint64_t room = max_bytes - std::min<std::uint64_t>(max_bytes, base) + 1;
        guess = static_cast<std::size_t>(std::min<std::uint64_t>(guess, room));
        text.resize(base + guess);
        std::size_t in_used = 0, out_made = 0;
        auto rc = libdeflate_gzip_decompress_ex(d.get(), raw.data() + pos, raw.size() - pos, text.data() + base,
                                                guess, &in_used, &out_made);
        if (rc == LIBDEFLATE_INSUFFICIENT_SPACE) {
          text.resize(base);
          if (base == 0) text = std::string();  // not the old buffer and the new one at once
          if (guess >= room) throw detail::too_large(name, max_bytes, true);
          if (stop && guess >= stoppable_span) {
            ok = false;  // too large to inflate in one call that cannot be stopped: zlib below
            break;
          }
          guess = stop ? std::min(guess * 4, stoppable_span) : guess * 4;
          continue;
        }
        if (rc == LIBDEFLATE_SUCCESS && base + out_made > max_bytes) throw detail::too_large(name, max_bytes, true);
        text.resize(base + (rc == LIBDEFLATE_SUCCESS ? out_made : 0));
        ok = rc == LIBDEFLATE_SUCCESS && in_used > 0;
        pos += in_used;
        break;
      }
    }
    if (ok) return text;
  }
#endif
  std::string text;
  read_input_bytes(
      raw, name,
      [&](std::string_view s) {
        if (text.size() + s.size() > max_bytes) throw detail::too_large(name, max_bytes, true);
        text.append(s);
      },
      std::size_t{1} << 20, max_bytes, stop);
  return text;
}

/// Returns the whole content of a file, decompressed when it is gzip (every member).
/// Throws tfdrift::error with id tfdrift.input.read or tfdrift.input.gzip and the path, and
/// tfdrift.input.size when the content (decompressed, for gzip) is larger than max_bytes:
/// memory stays within about max_bytes whatever the file (a gzip bomb, /dev/zero). `stop` is
/// asked per chunk read and inflated (throws tfdrift::stopped with the path).
inline std::string read_input_file(const std::string& path, std::uint64_t max_bytes = default_max_file_bytes,
                                   const stop_predicate& stop = {}) {
#if defined(TFDRIFT_HAVE_LIBDEFLATE)
  std::string raw;
  {
    std::FILE* f = detail::open_input(path);
    detail::file_closer closer{f};
    char buf[1 << 16];
    for (;;) {
      if (detail::stop_asked(stop)) throw stopped(path);
      const std::size_t n = std::fread(buf, 1, sizeof buf, f);
      if (raw.size() + n > max_bytes) throw detail::too_large(path, max_bytes, false);
      raw.append(buf, n);
      if (n == sizeof buf) continue;
      if (!std::ferror(f)) break;  // the end
      // A signal while a read waited (a FIFO, a slow disk): read again, unless it asked to stop.
      if (errno != EINTR) throw error("tfdrift.input.read", path, std::strerror(errno));
      std::clearerr(f);
    }
  }
  return decode_input(std::move(raw), path, max_bytes, stop);
#else
  std::string text;
  read_input_chunks(
      path,
      [&](std::string_view s) {
        if (text.size() + s.size() > max_bytes) throw detail::too_large(path, max_bytes, false);
        text.append(s);
      },
      std::size_t{1} << 20, max_bytes, stop);
  return text;
#endif
}

/// Splits a byte stream into lines, holding at most one line in memory: a line longer than
/// max_line is kept to max_line + 1 bytes, so that it still reads as oversized.
class line_splitter {
 public:
  explicit line_splitter(std::size_t max_line) : max_line_(max_line) {}

  /// Calls on_line(text, line_number) for each complete line in the chunk.
  template <class Fn>
  void feed(std::string_view chunk, Fn&& on_line) {
    while (!chunk.empty()) {
      const void* hit = std::memchr(chunk.data(), '\n', chunk.size());
      std::size_t nl = hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - chunk.data()) : std::string_view::npos;
      std::string_view part = chunk.substr(0, nl);
      if (!overflow_) {
        if (pending_.empty() && nl != std::string_view::npos && part.size() <= max_line_) {
          on_line(part, ++line_);  // the common case: no copy
        } else {
          std::size_t room = max_line_ + 1 - std::min(pending_.size(), max_line_ + 1);
          pending_.append(part.substr(0, room));
          if (pending_.size() > max_line_) overflow_ = true;
          if (nl != std::string_view::npos) flush(on_line);
        }
      } else if (nl != std::string_view::npos) {
        flush(on_line);
      }
      if (nl == std::string_view::npos) return;
      chunk.remove_prefix(nl + 1);
    }
  }
  /// Passes on a last line that had no newline.
  template <class Fn>
  void finish(Fn&& on_line) {
    if (!pending_.empty() || overflow_) flush(on_line);
  }
  /// Returns the number of lines passed on so far.
  std::uint64_t lines() const noexcept { return line_; }

 private:
  template <class Fn>
  void flush(Fn&& on_line) {
    on_line(std::string_view(pending_), ++line_);
    pending_.clear();
    overflow_ = false;
  }
  std::size_t max_line_;
  std::string pending_;
  std::uint64_t line_ = 0;
  bool overflow_ = false;
};

/// Returns true when a line is a whole {"Records":[...]} document (a CloudTrail object on one line).
inline bool is_records_document(std::string_view t) {
  t = detail::trim(t);
  if (t.empty() || t.front() != '{') return false;
  t.remove_prefix(1);
  t = detail::trim(t);
  return t.rfind("\"Records\"", 0) == 0;
}

/// Feeds one NDJSON line to a detector: a line that is a whole CloudTrail object is read as a
/// document named "source:line", any other line as one record.
template <class Sink>
void process_input_line(detector& d, std::string_view text, const std::string& source, std::uint64_t line,
                        Sink&& sink) {
  if (is_records_document(text)) d.process(text, source + ":" + std::to_string(line), sink);
  else d.process_line(text, source, line, sink);
}

/// Reads one input file into a detector the way the tfdrift command does: NDJSON (.ndjson,
/// .jsonl, optionally .gz) streamed in chunks line by line, lines capped at the config's
/// record limit; anything else read whole and framed by its content. Calls on_bytes(n) with
/// the bytes read (after decompression). Throws tfdrift::error (tfdrift.input.read,
/// tfdrift.input.gzip); records before damage in a stream have been processed. `stop` is asked
/// per chunk and per record of a whole file: when it says stop, tfdrift::stopped is thrown,
/// the records before it having been processed.
template <class Sink, class OnBytes>
void process_input_file(detector& d, const std::string& path, Sink&& sink, OnBytes&& on_bytes,
                        const stop_predicate& stop = {}) {
  if (!is_ndjson_name(path)) {
    std::string bytes = read_input_file(path, default_max_file_bytes, stop);
    on_bytes(bytes.size());
    d.process(bytes, path, sink, stop);
    return;
  }
  line_splitter lines(d.settings().limits.max_record_bytes);
  auto on_line = [&](std::string_view text, std::uint64_t n) { process_input_line(d, text, path, n, sink); };
  read_input_chunks(
      path,
      [&](std::string_view chunk) {
        on_bytes(chunk.size());
        lines.feed(chunk, on_line);
      },
      std::size_t{1} << 20, default_max_file_bytes, stop);
  lines.finish(on_line);
}

/// Does what process_input_file does for the raw bytes of a file already in memory (an S3
/// object read through fsspec, say) named `name`, so that its alerts are byte for byte those
/// of the same file read from disk under that name.
template <class Sink, class OnBytes>
void process_input_bytes(detector& d, std::string_view raw, const std::string& name, Sink&& sink, OnBytes&& on_bytes,
                         const stop_predicate& stop = {}) {
  if (!is_ndjson_name(name)) {
    std::string bytes = decode_input(std::string(raw), name, default_max_file_bytes, stop);
    on_bytes(bytes.size());
    d.process(bytes, name, sink, stop);
    return;
  }
  line_splitter lines(d.settings().limits.max_record_bytes);
  auto on_line = [&](std::string_view text, std::uint64_t n) { process_input_line(d, text, name, n, sink); };
  read_input_bytes(
      raw, name,
      [&](std::string_view chunk) {
        on_bytes(chunk.size());
        lines.feed(chunk, on_line);
      },
      std::size_t{1} << 20, default_max_file_bytes, stop);
  lines.finish(on_line);
}

namespace detail {
// Lists dir's input files into out, pruned by the filter; a directory below it that cannot be
// listed goes to `errors` (when given) and the walk goes on; without `errors`, it throws.
inline void walk_inputs(const std::filesystem::path& dir, std::vector<std::string>& out,
                        const awslogs_filter& filter, std::vector<error>* errors = nullptr, bool top = true) {
  std::error_code ec;
  std::vector<std::filesystem::directory_entry> entries;
  std::filesystem::directory_iterator it(dir, ec), end;
  auto fail = [&](const std::error_code& e) {
    error err("tfdrift.input.read", dir.string(), e.message());
    if (!errors || top) throw err;
    errors->push_back(std::move(err));
  };
  if (ec) return fail(ec);
  for (; it != end; it.increment(ec)) {
    if (ec) return fail(ec);
    entries.push_back(*it);
  }
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.path().filename().string() < b.path().filename().string();
  });
  for (const auto& e : entries) {
    const std::string name = e.path().filename().string();
    if (name.empty() || name.front() == '.') continue;  // hidden files, editors' droppings
    std::error_code dec;
    if (e.is_directory(dec)) {
      // CloudTrail's digest files (AWSLogs/ACCT/CloudTrail-Digest/...) hold hashes, not records.
      if (name == "CloudTrail-Digest") continue;
      if (!filter.may_hold(e.path().generic_string())) continue;  // pruned: never listed
      walk_inputs(e.path(), out, filter, errors, false);
    } else if (is_input_name(name) && filter.may_hold(e.path().generic_string())) {
      out.push_back(e.path().string());
    }
  }
}

inline std::vector<std::string> list_inputs(const std::string& path, const awslogs_filter& filter,
                                            std::vector<error>* errors) {
  std::error_code ec;
  auto st = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(st)) {
    std::string why = ec ? ec.message() : std::string("no such file or directory");
    throw error("tfdrift.input.read", path, why);
  }
  std::vector<std::string> out;
  if (!filter.may_hold(std::filesystem::path(path).generic_string())) return out;
  if (std::filesystem::is_directory(st)) walk_inputs(path, out, filter, errors);
  else out.push_back(path);
  return out;
}
}  // namespace detail

/// Returns the input files a PATH names: the path itself when it is a file (whatever its
/// name), or, for a directory, every .json, .json.gz, .ndjson, .jsonl (and .ndjson.gz,
/// .jsonl.gz) file below it, walked depth-first with each directory's entries in name
/// order (so AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/ comes out in time order).
/// Hidden entries and CloudTrail-Digest directories are skipped, and so is every directory
/// and file whose AWSLogs layout the filter rules out (awslogs_filter::may_hold; the path
/// itself too). Throws tfdrift::error with id tfdrift.input.read and the path when the path
/// does not exist or cannot be listed.
inline std::vector<std::string> list_input_files(const std::string& path, const awslogs_filter& filter = {}) {
  return detail::list_inputs(path, filter, nullptr);
}

/// list_input_files, but a directory below `path` that cannot be listed is added to `errors`
/// (tfdrift.input.read with that directory) and the other entries are still listed. Throws
/// as list_input_files when `path` itself does not exist or cannot be listed.
inline std::vector<std::string> list_input_files(const std::string& path, std::vector<error>& errors,
                                                 const awslogs_filter& filter = {}) {
  return detail::list_inputs(path, filter, &errors);
}

TFDRIFT_END_NAMESPACE
