// Input framing, the pipeline's first step: bytes into records. How a buffer is framed (one
// JSON value or NDJSON), the records of a {"Records":[...]} document found without parsing them,
// a stream split into bounded lines, and the byte test that proves a record is not ECS before any
// JSON parse. The CLI, tfdrift serve, the C ABI and the detector frame input with these.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "detail/scan.hpp"
#include "detail/text.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// Returns the text without a leading UTF-8 byte order mark.
inline std::string_view strip_bom(std::string_view s) { return detail::strip_bom(s); }

/// Returns the text without the blanks around it (space, tab, CR, LF): an NDJSON line's record.
inline std::string_view trim_blanks(std::string_view s) { return detail::trim(s); }

/// Returns false when a record's bytes prove it is no ECS record: no "eventSource" (or Falco's
/// "ct.src") member with the value "ecs.amazonaws.com". True means "maybe": the detector decides.
/// The same test the detector runs first, so a reader in another thread can screen records
/// (detector::count_not_ecs counts the ones it drops).
inline bool may_be_ecs(std::string_view record) noexcept { return detail::may_be_ecs_source(record); }

/// How a buffer is framed.
enum class framing : std::uint8_t {
  single,    ///< one JSON value: a record, a Falco alert or a {"Records":[...]} document
  ndjson,    ///< one record (or Falco alert) per line
};


/// Guesses the framing of a buffer: NDJSON when its first line is a whole object and another
/// object follows on the next line, else a single value (a pretty-printed record or document).
inline framing detect_framing(std::string_view bytes) {
  bytes = detail::trim(detail::strip_bom(bytes));
  auto nl = bytes.find('\n');
  if (nl == std::string_view::npos) return framing::single;
  auto first = detail::trim(bytes.substr(0, nl));
  auto rest = detail::trim(bytes.substr(nl + 1));
  if (!first.empty() && first.front() == '{' && first.back() == '}' && !rest.empty() &&
      rest.front() == '{')
    return framing::ndjson;
  return framing::single;
}

namespace detail {
// split_records, with each record's end found by scan::skip_container (Fast) or byte by byte by
// scan::reference::skip_value (the reference the fast scan is tested against: the same pieces on
// any input).
template <bool Fast, class Fn>
bool split_records_with(std::string_view s, Fn&& fn) {
  std::size_t i = 0;
  auto ws = [&] { detail::scan::skip_space(s, i); };
  auto lit = [&](std::string_view t) {
    ws();
    if (s.substr(i, t.size()) != t) return false;
    i += t.size();
    return true;
  };
  if (!lit("{") || !lit("\"Records\"") || !lit(":") || !lit("[")) return false;
  for (;;) {
    ws();
    if (i >= s.size() || s[i] == ']') return true;
    std::size_t start = i, deepest = 0;
    // Depth is checked per record later; here only the record's end is found.
    bool whole;
    if constexpr (Fast) {
      whole = s[i] == '{' || s[i] == '[' ? scan::skip_container(s, i)
                                         : scan::skip_value(s, i, 2, static_cast<std::size_t>(-1), deepest);
    } else {
      whole = scan::reference::skip_value(s, i, 2, static_cast<std::size_t>(-1), deepest);
    }
    if (!whole) {
      fn(s.substr(start));  // truncated: passed on whole, so it is counted malformed
      return true;
    }
    fn(s.substr(start, i - start));
    ws();
    if (i < s.size() && s[i] == ',') ++i;
    else if (i < s.size() && s[i] != ']') {
      fn(s.substr(i));  // garbage between records
      return true;
    }
  }
}
}  // namespace detail

/// Splits `{"Records":[{...},{...}]}` into the text of each record without parsing them.
/// Returns false when the text does not start that way (the caller parses it whole).
/// A truncated last record is passed on as it is, so it is counted malformed.
template <class Fn>
bool split_records(std::string_view s, Fn&& fn) {
  return detail::split_records_with<true>(s, fn);
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

TFDRIFT_END_NAMESPACE
