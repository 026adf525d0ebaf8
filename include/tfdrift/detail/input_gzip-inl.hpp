// How input_gzip.hpp reads: opening files, the byte source that inflates gzip members, the
// reader thread's ring of chunks, whole-file reads, feeding a detector, and directory walks.
#pragma once

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <type_traits>
#include <utility>

#include "../input.hpp"
#include "../input_gzip.hpp"
#include "inflate_gzip.hpp"
#include "text.hpp"

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

inline error too_large(const std::string& path, std::uint64_t max_bytes, bool decompressed) {
  return error("tfdrift.input.size", path,
               std::string("larger than ") + std::to_string(max_bytes) + " bytes" +
                   (decompressed ? " once decompressed (a gzip bomb?)" : "") +
                   "; the limit is --max-file-bytes (default 1 GiB)");
}

}  // namespace detail

inline bool is_gzip_name(std::string_view path) noexcept { return detail::ends_with_nocase(path, ".gz"); }

inline bool is_ndjson_name(std::string_view path) noexcept {
  if (is_gzip_name(path)) path.remove_suffix(3);
  return detail::ends_with_nocase(path, ".ndjson") || detail::ends_with_nocase(path, ".jsonl");
}

inline bool is_input_name(std::string_view path) noexcept {
  if (is_gzip_name(path)) path.remove_suffix(3);
  return detail::ends_with_nocase(path, ".json") || detail::ends_with_nocase(path, ".ndjson") ||
         detail::ends_with_nocase(path, ".jsonl");
}

namespace detail {

// Returns false when the bytes after a gzip member cannot start another (the magic bytes
// 1f 8b; one byte alone may be the start of them).
inline bool starts_member(const unsigned char* in, std::size_t n) noexcept {
  return n == 0 || (in[0] == 0x1f && (n == 1 || in[1] == 0x8b));
}

// The bytes of one input, plain or inflated, handed out in buffers the caller owns:
// read_into(buf, cap) fills buf with up to cap raw bytes and returns how many (0 at the end);
// name is the place in errors. `stop` is asked before each read and each inflate step; it
// throws tfdrift::stopped with the name. A plain input is read straight into the caller's
// buffer; a gzip one through an input buffer of in_cap bytes, every member in turn.
template <class Read>
class byte_source {
 public:
  byte_source(Read read_into, const std::string& name, std::size_t in_cap, std::uint64_t max_decompressed,
              const stop_predicate& stop, inflater which = stream_inflater)
      : read_into_(std::move(read_into)), name_(name), in_cap_(in_cap ? in_cap : 1), max_(max_decompressed),
        stop_(stop), which_(which) {}

  /// Fills out with up to cap bytes; fewer only at the end of the input, 0 after it. Throws
  /// tfdrift::error (tfdrift.input.gzip, tfdrift.input.size, or the reader's own); bytes
  /// inflated before damage are returned first, and the error comes with the next call.
  std::size_t next(unsigned char* out, std::size_t cap) {
    if (failure_) throw *failure_;
    if (cap == 0 || finished_) return 0;
    if (mode_ == mode::unknown) {
      const std::size_t have = read_some(out, cap);
      const bool magic = have >= 2 && out[0] == 0x1f && out[1] == 0x8b;
      if (!magic) {
        if (is_gzip_name(name_))
          throw error("tfdrift.input.gzip", name_,
                      have == 0 ? "empty file, though the name ends in .gz"
                                : "not a gzip file (no gzip header), though the name ends in .gz");
        mode_ = mode::plain;
        if (have == 0) finished_ = true;
        return have;
      }
      mode_ = mode::gzip;
      in_.reset(new unsigned char[std::max(in_cap_, have)]);
      std::memcpy(in_.get(), out, have);
      in_len_ = have;
      inflater_.emplace(which_);
    }
    if (mode_ == mode::plain) {
      // fread-like readers fill the buffer unless the input ends; one read per chunk.
      const std::size_t n = read_some(out, cap);
      if (n == 0) finished_ = true;
      return n;
    }
    return inflate_into(out, cap);
  }

  /// Returns the inflater that reads a gzip input (meaningful after the first next()).
  inflater which() const noexcept { return inflater_ ? inflater_->which() : which_; }

 private:
  enum class mode { unknown, plain, gzip };

  std::size_t read_some(unsigned char* buf, std::size_t cap) {
    if (stop_asked(stop_)) throw stopped(name_);
    return read_into_(buf, cap);
  }

  std::size_t inflate_into(unsigned char* out, std::size_t cap) {
    std::size_t filled = 0;
    auto fail = [&](error e) -> std::size_t {
      if (filled == 0) throw e;
      failure_ = std::move(e);  // the bytes before the damage first
      return filled;
    };
    while (filled < cap) {
      if (in_pos_ == in_len_ && !eof_) {
        in_len_ = read_some(in_.get(), in_cap_);
        in_pos_ = 0;
        eof_ = in_len_ == 0;
      }
      const unsigned char* in = in_.get() + in_pos_;
      const std::size_t avail = in_len_ - in_pos_;
      if (member_done_) {
        if (avail == 0) {  // the end right after a member: done
          finished_ = true;
          break;
        }
        // Another member follows, or trailing zero padding that some writers leave.
        if (std::all_of(in, in + avail, [](unsigned char c) { return c == 0; })) {
          in_pos_ = in_len_;
          continue;
        }
        member_done_ = false;
        member_in_ = member_out_ = 0;
        if (!starts_member(in, avail))  // said here, as each inflater would say it differently
          return fail(error("tfdrift.input.gzip", name_,
                            "corrupt gzip data (incorrect header check in member " + std::to_string(members_ + 1) +
                                ", after 0 compressed bytes)"));
        inflater_->reset();
      }
      if (stop_asked(stop_)) throw stopped(name_);
      const auto r = inflater_->step(in, avail, out + filled, cap - filled);
      in_pos_ += r.in_used;
      filled += r.out_made;
      member_in_ += r.in_used;
      member_out_ += r.out_made;
      decompressed_ += r.out_made;
      if (decompressed_ > max_) throw too_large(name_, max_, true);
      if (r.failed)
        return fail(error("tfdrift.input.gzip", name_,
                          "corrupt gzip data (" + std::string(r.message) + " in member " +
                              std::to_string(members_ + 1) + ", after " + std::to_string(member_in_) +
                              " compressed bytes)"));
      if (r.member_end) {
        ++members_;
        member_done_ = true;
        continue;
      }
      if (r.in_used == 0 && r.out_made == 0 && avail != 0)
        return fail(error("tfdrift.input.gzip", name_,
                          "corrupt gzip data (no progress in member " + std::to_string(members_ + 1) + ", after " +
                              std::to_string(member_in_) + " compressed bytes)"));
      if (r.out_made == 0 && in_pos_ == in_len_ && eof_)
        return fail(error("tfdrift.input.gzip", name_,
                          "truncated gzip file (unexpected end of file in member " + std::to_string(members_ + 1) +
                              ", after " + std::to_string(member_out_) + " bytes of it were decompressed)"));
    }
    return filled;
  }

  Read read_into_;
  const std::string& name_;
  std::size_t in_cap_;
  std::uint64_t max_;
  const stop_predicate& stop_;
  inflater which_;
  mode mode_ = mode::unknown;
  std::unique_ptr<unsigned char[]> in_;
  std::size_t in_len_ = 0, in_pos_ = 0;
  bool eof_ = false, finished_ = false, member_done_ = false;
  std::uint64_t members_ = 0, member_in_ = 0, member_out_ = 0, decompressed_ = 0;
  std::optional<member_inflater> inflater_;
  std::optional<error> failure_;
};

// The chunked reader behind read_input_chunks and read_input_bytes: fn gets each chunk of up
// to `chunk` bytes, in one buffer (left uninitialised: zero-filling costs more than reading a
// small file).
template <class Read, class Fn>
void read_chunks(Read&& read_into, const std::string& name, Fn&& fn, std::size_t chunk,
                 std::uint64_t max_decompressed, const stop_predicate& stop = {},
                 inflater which = stream_inflater) {
  if (chunk == 0) chunk = 1;
  byte_source<std::decay_t<Read>> src(std::forward<Read>(read_into), name, chunk, max_decompressed, stop, which);
  std::unique_ptr<unsigned char[]> buf(new unsigned char[chunk]);
  for (;;) {
    const std::size_t n = src.next(buf.get(), chunk);
    if (n == 0) return;
    fn(std::string_view(reinterpret_cast<const char*>(buf.get()), n));
  }
}

// Reads an open FILE* for a byte_source: fread, again after a signal interrupted it unless
// the stop predicate says stop.
inline auto file_reader(std::FILE* f, const std::string& path, const stop_predicate& stop) {
  return [f, &path, &stop](unsigned char* buf, std::size_t cap) {
    for (;;) {
      std::size_t n = std::fread(buf, 1, cap, f);
      if (n > 0 || !std::ferror(f)) return n;
      // A signal while a read waited (a FIFO, a slow disk): read again, unless it asked to stop.
      if (errno != EINTR) throw error("tfdrift.input.read", path, std::strerror(errno));
      std::clearerr(f);
      if (stop_asked(stop)) throw stopped(path);
    }
  };
}

// How many bytes to make room for before inflating the gzip data in raw: the size its last
// member's trailer states (ISIZE, the last 4 bytes: the whole text of the usual one-member
// object, so it is inflated into one buffer of the right size, never zero-filled or copied
// beyond it), else 4 bytes of text per compressed byte. Only a guess, bounded: at most deflate's
// largest ratio (1032:1) and max_bytes + 1, at least what the compressed bytes hint.
inline std::size_t inflated_size_guess(std::string_view raw, std::uint64_t max_bytes) {
  std::uint64_t guess = std::max<std::uint64_t>(4 * std::uint64_t{raw.size()}, std::uint64_t{1} << 16);
  if (raw.size() >= 18) {  // a header (10) and a trailer (8) at least
    const auto* t = reinterpret_cast<const unsigned char*>(raw.data() + raw.size() - 4);
    const std::uint64_t isize = std::uint64_t{t[0]} | std::uint64_t{t[1]} << 8 | std::uint64_t{t[2]} << 16 |
                                std::uint64_t{t[3]} << 24;
    if (isize >= raw.size() / 2 && isize <= 1032 * std::uint64_t{raw.size()}) guess = isize;
  }
  return static_cast<std::size_t>(std::min<std::uint64_t>(guess, max_bytes + 1));
}

// Inflates the gzip members in raw (every one; trailing zero padding allowed) into one string
// with ISA-L or zlib, straight into the string, growing it at most to max_bytes + 1. `stop`
// is asked per MiB inflated. Errors as byte_source's.
inline std::string inflate_whole(std::string_view raw, const std::string& name, std::uint64_t max_bytes,
                                 const stop_predicate& stop, inflater which) {
  constexpr std::size_t step_out = std::size_t{1} << 20;
  member_inflater inf(which);
  std::string text;
  text.reserve(inflated_size_guess(raw, max_bytes));
  const auto* in = reinterpret_cast<const unsigned char*>(raw.data());
  std::size_t pos = 0;
  std::uint64_t members = 0, member_in = 0, member_out = 0;
  bool member_done = false;
  for (;;) {
    if (member_done) {
      if (pos == raw.size() || std::all_of(raw.begin() + static_cast<std::ptrdiff_t>(pos), raw.end(),
                                           [](char c) { return c == 0; }))
        return text;
      member_done = false;
      member_in = member_out = 0;
      if (!starts_member(in + pos, raw.size() - pos))
        throw error("tfdrift.input.gzip", name,
                    "corrupt gzip data (incorrect header check in member " + std::to_string(members + 1) +
                        ", after 0 compressed bytes)");
      inf.reset();
    }
    if (stop_asked(stop)) throw stopped(name);
    const std::size_t base = text.size();
    if (base > max_bytes) throw too_large(name, max_bytes, true);
    if (text.capacity() == base && text.capacity() <= max_bytes) {
      // Full: doubling, capped at one byte past the limit (a bomb ends there, holding that once).
      const std::uint64_t want = std::min<std::uint64_t>(
          std::max<std::uint64_t>(2 * text.capacity(), base + (std::size_t{1} << 16)), max_bytes + 1);
      // Into a new string: reserve() on this one would round a growth under double up to
      // double (libstdc++), past the limit; a fresh string takes exactly what it is asked.
      std::string bigger;
      bigger.reserve(static_cast<std::size_t>(want));
      bigger.append(text);
      text.swap(bigger);
    }
    const std::size_t room = std::min(step_out, text.capacity() - base);
    if (room == 0) throw too_large(name, max_bytes, true);
    // Zero-fills at most a MiB, and no more than the room reserved: an object whose trailer
    // told its size fills exactly that.
    text.resize(base + room);
    const auto r = inf.step(in + pos, raw.size() - pos, reinterpret_cast<unsigned char*>(text.data() + base), room);
    text.resize(base + r.out_made);
    pos += r.in_used;
    member_in += r.in_used;
    member_out += r.out_made;
    if (text.size() > max_bytes) throw too_large(name, max_bytes, true);
    if (r.failed)
      throw error("tfdrift.input.gzip", name,
                  "corrupt gzip data (" + std::string(r.message) + " in member " + std::to_string(members + 1) +
                      ", after " + std::to_string(member_in) + " compressed bytes)");
    if (r.member_end) {
      ++members;
      member_done = true;
      continue;
    }
    if (r.in_used == 0 && r.out_made == 0) {
      if (pos < raw.size())
        throw error("tfdrift.input.gzip", name,
                    "corrupt gzip data (no progress in member " + std::to_string(members + 1) + ", after " +
                        std::to_string(member_in) + " compressed bytes)");
      throw error("tfdrift.input.gzip", name,
                  "truncated gzip file (unexpected end of file in member " + std::to_string(members + 1) +
                      ", after " + std::to_string(member_out) + " bytes of it were decompressed)");
    }
  }
}

#if defined(TFDRIFT_HAVE_LIBDEFLATE)
// Inflates every member of raw with libdeflate, one call per member; nullopt when the data is
// damaged (the caller reads it again with a streaming inflater, whose diagnosis says where)
// or, with a stop predicate, when a member needs more than 64 MiB (a call cannot be stopped
// halfway). Throws tfdrift.input.size past max_bytes.
inline std::optional<std::string> inflate_whole_libdeflate(std::string_view raw, const std::string& name,
                                                           std::uint64_t max_bytes, const stop_predicate& stop) {
  constexpr std::size_t stoppable_span = std::size_t{64} << 20;
  struct freer {
    void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
  };
  std::unique_ptr<libdeflate_decompressor, freer> d(libdeflate_alloc_decompressor());
  if (!d) return std::nullopt;
  std::string text;
  std::size_t pos = 0;
  while (pos < raw.size()) {
    if (std::all_of(raw.begin() + static_cast<std::ptrdiff_t>(pos), raw.end(), [](char c) { return c == 0; })) break;
    std::size_t guess = inflated_size_guess(raw.substr(pos), max_bytes);
    if (stop) guess = std::min(guess, stoppable_span);
    for (;;) {
      if (stop_asked(stop)) throw stopped(name);
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
        if (guess >= room) throw too_large(name, max_bytes, true);
        if (stop && guess >= stoppable_span) return std::nullopt;
        guess = stop ? std::min(guess * 4, stoppable_span) : guess * 4;
        continue;
      }
      if (rc != LIBDEFLATE_SUCCESS || in_used == 0) return std::nullopt;
      if (base + out_made > max_bytes) throw too_large(name, max_bytes, true);
      text.resize(base + out_made);
      pos += in_used;
      break;
    }
  }
  return text;
}
#endif

}  // namespace detail

template <class Fn>
void read_input_chunks(const std::string& path, Fn&& fn, std::size_t chunk,
                       std::uint64_t max_decompressed, const stop_predicate& stop) {
  std::FILE* f = detail::open_input(path);
  detail::file_closer closer{f};
  detail::read_chunks(detail::file_reader(f, path, stop), path, fn, chunk, max_decompressed, stop);
}

template <class Fn>
void read_input_chunks_overlapped(const std::string& path, Fn&& fn, std::size_t chunk,
                                  std::uint64_t max_decompressed,
                                  const stop_predicate& stop, std::size_t buffers) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec) || buffers == 0)
    return read_input_chunks(path, fn, chunk, max_decompressed, stop);
  if (chunk == 0) chunk = 1;
  std::FILE* f = detail::open_input(path);
  detail::file_closer closer{f};

  struct slot {
    std::unique_ptr<unsigned char[]> data;
    std::size_t size = 0;
  };
  std::vector<slot> ring(buffers);
  std::mutex m;
  std::condition_variable cv;
  std::size_t produced = 0, consumed = 0;  // chunks filled by the reader, passed on by fn
  bool reader_done = false;
  std::atomic<bool> cancel{false};
  std::exception_ptr failure;
  const stop_predicate reader_stop = [&cancel] { return cancel.load(std::memory_order_relaxed); };

  std::thread reader([&] {
    try {
      detail::byte_source src(detail::file_reader(f, path, reader_stop), path, chunk, max_decompressed, reader_stop);
      for (;;) {
        slot* s;
        {
          std::unique_lock lock(m);
          cv.wait(lock, [&] { return produced - consumed < ring.size() || cancel.load(); });
          if (cancel.load()) break;
          s = &ring[produced % ring.size()];
        }
        if (!s->data) s->data.reset(new unsigned char[chunk]);
        s->size = src.next(s->data.get(), chunk);
        std::lock_guard lock(m);
        if (s->size == 0) break;
        ++produced;
        cv.notify_all();
      }
    } catch (const stopped&) {
      // only on cancel: the consumer is leaving
    } catch (...) {
      std::lock_guard lock(m);
      failure = std::current_exception();
    }
    std::lock_guard lock(m);
    reader_done = true;
    cv.notify_all();
  });
  struct joiner {
    std::thread& t;
    std::atomic<bool>& cancel;
    std::mutex& m;
    std::condition_variable& cv;
    ~joiner() {
      {
        std::lock_guard lock(m);
        cancel = true;
      }
      cv.notify_all();
      t.join();
    }
  } join_on_exit{reader, cancel, m, cv};

  for (;;) {
    slot* s = nullptr;
    {
      std::unique_lock lock(m);
      cv.wait(lock, [&] { return produced > consumed || reader_done; });
      if (produced > consumed) s = &ring[consumed % ring.size()];
    }
    if (!s) break;
    if (detail::stop_asked(stop)) throw stopped(path);
    fn(std::string_view(reinterpret_cast<const char*>(s->data.get()), s->size));
    std::lock_guard lock(m);
    ++consumed;
    cv.notify_all();
  }
  if (failure) std::rethrow_exception(failure);
}

template <class Fn>
void read_input_bytes(std::string_view raw, const std::string& name, Fn&& fn, std::size_t chunk,
                      std::uint64_t max_decompressed, const stop_predicate& stop) {
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

inline std::string decode_input(std::string raw, const std::string& name,
                                std::uint64_t max_bytes, const stop_predicate& stop) {
  const bool magic = raw.size() >= 2 && static_cast<unsigned char>(raw[0]) == 0x1f &&
                     static_cast<unsigned char>(raw[1]) == 0x8b;
  if (!magic && !is_gzip_name(name)) return raw;
  if (!magic) {
    throw error("tfdrift.input.gzip", name,
                raw.empty() ? "empty file, though the name ends in .gz"
                            : "not a gzip file (no gzip header), though the name ends in .gz");
  }
#if defined(TFDRIFT_HAVE_LIBDEFLATE)
  // Small objects (most of CloudTrail's): one libdeflate call per member. Damaged data is read
  // again by the streaming inflater below, whose diagnosis says where it broke.
  if (raw.size() < detail::small_object_bytes || !detail::has_inflater(detail::inflater::isal))
    if (auto text = detail::inflate_whole_libdeflate(raw, name, max_bytes, stop)) return std::move(*text);
#endif
  return detail::inflate_whole(raw, name, max_bytes, stop, detail::stream_inflater);
}

inline std::string read_input_file(const std::string& path, std::uint64_t max_bytes,
                                   const stop_predicate& stop) {
  std::string raw;
  {
    std::FILE* f = detail::open_input(path);
    detail::file_closer closer{f};
    // Read in one go when the size is known (a regular file), else in 64 KiB steps.
    std::error_code ec;
    const auto size = std::filesystem::is_regular_file(path, ec) ? std::filesystem::file_size(path, ec) : 0;
    if (!ec && size > 0 && size <= max_bytes) raw.reserve(static_cast<std::size_t>(size) + 1);
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
}

inline std::string gzip_inflaters() { return detail::compiled_inflaters(); }

template <class Sink>
void process_input_line(detector& d, std::string_view text, const std::string& source, std::uint64_t line,
                        Sink&& sink) {
  if (is_records_document(text)) d.process(text, source + ":" + std::to_string(line), sink);
  else d.process_line(text, source, line, sink);
}

template <class Sink, class OnBytes>
void process_input_file(detector& d, const std::string& path, Sink&& sink, OnBytes&& on_bytes,
                        const stop_predicate& stop) {
  if (!is_ndjson_name(path)) {
    std::string bytes = read_input_file(path, default_max_file_bytes, stop);
    on_bytes(bytes.size());
    d.process(bytes, path, sink, stop);
    return;
  }
  line_splitter lines(d.settings().limits.max_record_bytes);
  auto on_line = [&](std::string_view text, std::uint64_t n) { process_input_line(d, text, path, n, sink); };
  auto on_chunk = [&](std::string_view chunk) {
    on_bytes(chunk.size());
    lines.feed(chunk, on_line);
  };
  // A gzip stream is inflated in a thread of its own while this one frames and detects.
  if (is_gzip_name(path)) read_input_chunks_overlapped(path, on_chunk, std::size_t{1} << 20, default_max_file_bytes, stop);
  else read_input_chunks(path, on_chunk, std::size_t{1} << 20, default_max_file_bytes, stop);
  lines.finish(on_line);
}

template <class Sink, class OnBytes>
void process_input_bytes(detector& d, std::string_view raw, const std::string& name, Sink&& sink, OnBytes&& on_bytes,
                         const stop_predicate& stop) {
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
      // A FIFO, socket or device named like an input is no file of records, and a read of it
      // could wait for ever: an error with its place, never a silent skip.
      if (!e.is_regular_file(dec)) {
        error err("tfdrift.input.read", e.path().string(), "not a regular file (a FIFO, socket or device)");
        if (!errors) throw err;
        errors->push_back(std::move(err));
        continue;
      }
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

inline std::vector<std::string> list_input_files(const std::string& path, const awslogs_filter& filter) {
  return detail::list_inputs(path, filter, nullptr);
}

inline std::vector<std::string> list_input_files(const std::string& path, std::vector<error>& errors,
                                                 const awslogs_filter& filter) {
  return detail::list_inputs(path, filter, &errors);
}

TFDRIFT_END_NAMESPACE
