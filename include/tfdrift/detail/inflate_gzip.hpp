// The gzip inflaters behind input_gzip.hpp: ISA-L's igzip, libdeflate and zlib, whichever were compiled in, behind one streaming step per gzip member.
#pragma once

// Needs zlib; ISA-L (libisal, <isa-l/igzip_lib.h>) when TFDRIFT_HAVE_ISAL is set and libdeflate
// when TFDRIFT_HAVE_LIBDEFLATE is set. The CMake target tfdrift::gzip brings what was found.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <string_view>

#include <zlib.h>
#if defined(TFDRIFT_HAVE_ISAL)
#include <isa-l/igzip_lib.h>
#endif
#if defined(TFDRIFT_HAVE_LIBDEFLATE)
#include <libdeflate.h>
#endif

#include "../version.hpp"

TFDRIFT_BEGIN_NAMESPACE
namespace detail {

/// The inflaters tfdrift can use. Measured on CloudTrail (benchmarks/bench_inflate.cpp, one run
/// on 2 shared cores): from 150 KB of text (20 KB compressed) on, ISA-L inflates objects 1.2 to
/// 1.5x as fast as libdeflate and 2 to 2.7x as fast as zlib, and streams 2x as fast as zlib;
/// below 50 KB (7.5 KB compressed) libdeflate's single call wins (its setup is cheaper).
enum class inflater { isal, libdeflate, zlib };

/// Returns the inflater's name as `tfdrift version` prints it.
constexpr std::string_view inflater_name(inflater i) noexcept {
  switch (i) {
    case inflater::isal: return "isal";
    case inflater::libdeflate: return "libdeflate";
    case inflater::zlib: return "zlib";
  }
  return "zlib";
}

/// Returns true when this build has the inflater.
constexpr bool has_inflater(inflater i) noexcept {
  switch (i) {
    case inflater::isal:
#if defined(TFDRIFT_HAVE_ISAL)
      return true;
#else
      return false;
#endif
    case inflater::libdeflate:
#if defined(TFDRIFT_HAVE_LIBDEFLATE)
      return true;
#else
      return false;
#endif
    case inflater::zlib: return true;
  }
  return false;
}

/// The inflater for streams (NDJSON .gz) and for whole objects from small_object_bytes on:
/// ISA-L when compiled in, else zlib (libdeflate cannot stream; whole objects use it below).
inline constexpr inflater stream_inflater = has_inflater(inflater::isal) ? inflater::isal : inflater::zlib;

/// Compressed size below which a whole object is inflated by libdeflate, when compiled in
/// (between the sizes where it wins and where ISA-L does, above).
inline constexpr std::size_t small_object_bytes = std::size_t{16} << 10;

/// Returns the inflaters compiled in, fastest first, separated by spaces ("isal libdeflate zlib").
inline std::string compiled_inflaters() {
  std::string s;
  for (inflater i : {inflater::isal, inflater::libdeflate, inflater::zlib})
    if (has_inflater(i)) {
      if (!s.empty()) s += ' ';
      s += inflater_name(i);
    }
  return s;
}

/// Inflates one gzip member at a time, in steps, with ISA-L or zlib (libdeflate, which cannot
/// stream, is read with zlib here). After a member ends, reset() readies it for the next one.
class member_inflater {
 public:
  /// What one step did.
  struct step_result {
    std::size_t in_used = 0, out_made = 0;
    bool member_end = false;   ///< the member's trailer was read and checked
    bool failed = false;       ///< the data is damaged; message says how
    std::string_view message;  ///< static text
  };

  explicit member_inflater(inflater which) : which_(which == inflater::isal && has_inflater(which) ? which : inflater::zlib) {
#if defined(TFDRIFT_HAVE_ISAL)
    if (which_ == inflater::isal) {
      isal_.reset(new inflate_state);
      isal_inflate_init(isal_.get());
      isal_->crc_flag = ISAL_GZIP;
      return;
    }
#endif
    if (inflateInit2(&z_, 15 + 16) != Z_OK) throw std::bad_alloc();
    z_open_ = true;
  }
  ~member_inflater() {
    if (z_open_) inflateEnd(&z_);
  }
  member_inflater(const member_inflater&) = delete;
  member_inflater& operator=(const member_inflater&) = delete;

  /// Returns the inflater in use.
  inflater which() const noexcept { return which_; }

  /// Readies the inflater for the next member.
  void reset() {
#if defined(TFDRIFT_HAVE_ISAL)
    if (which_ == inflater::isal) {
      isal_inflate_reset(isal_.get());
      isal_->crc_flag = ISAL_GZIP;
      return;
    }
#endif
    inflateReset(&z_);
  }

  /// Inflates from in (in_n bytes) into out (out_n bytes of room). A step that uses no input
  /// and makes no output, without ending the member, needs more input.
  step_result step(const unsigned char* in, std::size_t in_n, unsigned char* out, std::size_t out_n) {
    constexpr std::size_t most = std::size_t{1} << 30;  // both libraries count in 32 bits
    if (in_n > most) in_n = most;
    if (out_n > most) out_n = most;
    step_result r;
#if defined(TFDRIFT_HAVE_ISAL)
    if (which_ == inflater::isal) {
      inflate_state* s = isal_.get();
      s->next_in = const_cast<std::uint8_t*>(in);
      s->avail_in = static_cast<std::uint32_t>(in_n);
      s->next_out = out;
      s->avail_out = static_cast<std::uint32_t>(out_n);
      const int rc = isal_inflate(s);
      r.in_used = in_n - s->avail_in;
      r.out_made = out_n - s->avail_out;
      if (rc < 0) {
        r.failed = true;
        r.message = isal_message(rc);
      } else if (s->block_state == ISAL_BLOCK_FINISH) {
        r.member_end = true;
      }
      return r;
    }
#endif
    z_.next_in = const_cast<Bytef*>(in);
    z_.avail_in = static_cast<uInt>(in_n);
    z_.next_out = out;
    z_.avail_out = static_cast<uInt>(out_n);
    const int rc = inflate(&z_, Z_NO_FLUSH);
    r.in_used = in_n - z_.avail_in;
    r.out_made = out_n - z_.avail_out;
    if (rc == Z_STREAM_END) {
      r.member_end = true;
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      r.failed = true;
      r.message = z_.msg ? std::string_view(z_.msg)
                  : rc == Z_MEM_ERROR ? std::string_view("out of memory")
                  : rc == Z_NEED_DICT ? std::string_view("needs a preset dictionary")
                                      : std::string_view("invalid compressed data");
    }
    return r;
  }

 private:
#if defined(TFDRIFT_HAVE_ISAL)
  // ISA-L's codes in the words zlib uses for the same damage.
  static std::string_view isal_message(int rc) noexcept {
    switch (rc) {
      case ISAL_INVALID_BLOCK: return "invalid block type";
      case ISAL_INVALID_SYMBOL: return "invalid code";
      case ISAL_INVALID_LOOKBACK: return "invalid distance too far back";
      case ISAL_INVALID_WRAPPER: return "incorrect header check";
      case ISAL_UNSUPPORTED_METHOD: return "unknown compression method";
      case ISAL_INCORRECT_CHECKSUM: return "incorrect data check";
      default: return "invalid compressed data";
    }
  }
  std::unique_ptr<inflate_state> isal_;
#endif
  inflater which_;
  z_stream z_{};
  bool z_open_ = false;
};

}  // namespace detail
TFDRIFT_END_NAMESPACE
