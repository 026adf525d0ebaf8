// CloudTrail's AWSLogs key layout and UTC time ranges: what prunes a walk of an S3 trail (local or in a bucket) and filters records by eventTime.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "detail/glob.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// A UTC instant in seconds since 1970-01-01T00:00:00Z.
using utc_seconds = std::int64_t;

namespace detail {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

static_assert(days_from_civil(1970, 1, 1) == 0);
static_assert(days_from_civil(2000, 3, 1) == 11017);

constexpr unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
  if (m == 2) return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
  return (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
}

// Reads exactly n ASCII digits at s[i] into v and moves i past them.
constexpr bool read_digits(std::string_view s, std::size_t& i, std::size_t n, unsigned& v) noexcept {
  if (s.size() < i + n) return false;
  v = 0;
  for (std::size_t k = 0; k < n; ++k) {
    char c = s[i + k];
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  i += n;
  return true;
}

constexpr bool all_digits(std::string_view s, std::size_t n) noexcept {
  std::size_t i = 0;
  unsigned v = 0;
  return s.size() == n && read_digits(s, i, n, v);
}

}  // namespace detail

/// Parses an ISO 8601 time as CloudTrail writes eventTime ("2025-03-11T13:04:12Z"): a date
/// (its midnight), optionally followed by "T" (or a space) and HH:MM[:SS[.fraction]], and
/// "Z", "+HH:MM" or "-HH:MM" (none reads as UTC). The fraction is dropped. Returns nullopt
/// when the text is not such a time.
constexpr std::optional<utc_seconds> parse_utc_time(std::string_view s) noexcept {
  std::size_t i = 0;
  unsigned y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (!detail::read_digits(s, i, 4, y) || i >= s.size() || s[i++] != '-' || !detail::read_digits(s, i, 2, mo) ||
      i >= s.size() || s[i++] != '-' || !detail::read_digits(s, i, 2, d))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > detail::days_in_month(y, mo)) return std::nullopt;
  std::int64_t offset = 0;
  if (i < s.size()) {
    if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return std::nullopt;
    ++i;
    if (!detail::read_digits(s, i, 2, h) || i >= s.size() || s[i++] != ':' || !detail::read_digits(s, i, 2, mi))
      return std::nullopt;
    if (i < s.size() && s[i] == ':') {
      ++i;
      if (!detail::read_digits(s, i, 2, se)) return std::nullopt;
      if (i < s.size() && s[i] == '.') {
        std::size_t start = ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        if (i == start) return std::nullopt;
      }
    }
    if (h > 23 || mi > 59 || se > 60) return std::nullopt;  // 60: a leap second, read as the next
    if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
      ++i;
    } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
      const bool minus = s[i++] == '-';
      unsigned oh = 0, om = 0;
      if (!detail::read_digits(s, i, 2, oh) || i >= s.size() || s[i++] != ':' || !detail::read_digits(s, i, 2, om) ||
          oh > 23 || om > 59)
        return std::nullopt;
      offset = (minus ? -1 : 1) * static_cast<std::int64_t>(oh * 3600 + om * 60);
    }
    if (i != s.size()) return std::nullopt;
  }
  return detail::days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - offset;
}

static_assert(parse_utc_time("1970-01-02") == 86400);
static_assert(parse_utc_time("2025-03-11T13:04:12Z") == 1741698252);
static_assert(parse_utc_time("2025-03-11T14:04:12+01:00") == 1741698252);
static_assert(!parse_utc_time("2025-02-29") && !parse_utc_time("2025-03-11T13:04:12Zx"));

/// A half-open UTC time range [since, until); an end left unset is open.
struct time_range {
  std::optional<utc_seconds> since;  ///< the first second in the range
  std::optional<utc_seconds> until;  ///< the first second after the range

  /// Returns true when either end is set.
  constexpr bool bounded() const noexcept { return since.has_value() || until.has_value(); }
  /// Returns true when t is in the range.
  constexpr bool contains(utc_seconds t) const noexcept { return (!since || t >= *since) && (!until || t < *until); }
  /// Returns true when an eventTime text is a time in the range; text that is no time is
  /// outside a bounded range (and inside an open one).
  constexpr bool contains_time(std::string_view event_time) const noexcept {
    if (!bounded()) return true;
    auto t = parse_utc_time(event_time);
    return t && contains(*t);
  }
  /// Returns true when [from, to) and the range share a second.
  constexpr bool overlaps(utc_seconds from, utc_seconds to) const noexcept {
    return from < to && (!since || to > *since) && (!until || from < *until);
  }
};

/// What an AWSLogs path says (AWSLogs/[o-ORGID/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/...):
/// each part is empty (0 for the date) where the path does not reach it or does not follow
/// the layout.
struct awslogs_place {
  std::string_view account;  ///< 12 digits: the component after AWSLogs (or AWSLogs/o-ID), or before CloudTrail
  std::string_view region;   ///< the component after CloudTrail
  unsigned year = 0, month = 0, day = 0;
};

/// Reads the AWSLogs layout from a '/'-separated path: a directory, a file, or an object
/// key with or without its "s3://bucket/" (a bucket or prefix before AWSLogs is allowed).
/// The views point into path.
inline awslogs_place parse_awslogs_path(std::string_view path) noexcept {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  awslogs_place p;
  std::size_t logs = parts.size(), trail = parts.size();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i] == "AWSLogs") logs = i;
    if (parts[i] == "CloudTrail") trail = i;
  }
  if (logs < parts.size()) {
    std::size_t a = logs + 1;
    if (a < parts.size() && parts[a].substr(0, 2) == "o-") ++a;
    if (a < parts.size() && detail::all_digits(parts[a], 12)) p.account = parts[a];
  }
  if (trail < parts.size()) {
    if (trail > 0 && detail::all_digits(parts[trail - 1], 12)) p.account = parts[trail - 1];
    std::size_t i = trail + 1;
    if (i < parts.size()) p.region = parts[i++];
    unsigned* fields[] = {&p.year, &p.month, &p.day};
    const std::size_t widths[] = {4, 2, 2};
    for (std::size_t k = 0; k < 3 && i < parts.size() && detail::all_digits(parts[i], widths[k]); ++k, ++i) {
      std::size_t at = 0;
      detail::read_digits(parts[i], at, widths[k], *fields[k]);
    }
  }
  return p;
}

/// Which parts of an AWSLogs tree a walk reads: a time range and account and region
/// allow-lists (globs, * and ?, as the config's accounts and regions). A directory or file
/// whose path says it holds nothing wanted is skipped without being listed or opened.
struct awslogs_filter {
  time_range time;
  std::vector<std::string> accounts;  ///< empty: all
  std::vector<std::string> regions;   ///< empty: all

  /// How long after a record's eventTime CloudTrail may publish it: a day directory
  /// (YYYY/MM/DD, the day the file was published, UTC) is read while it can hold records
  /// from before `until` that were published up to this late. CloudTrail publishes within
  /// about 5 minutes on average; a record published over a day late is not read.
  static constexpr utc_seconds late_publication = 86400;

  /// Returns true when any filter is set.
  bool any() const noexcept { return time.bounded() || !accounts.empty() || !regions.empty(); }

  /// Returns false when the AWSLogs layout of a path (a directory or a file) says that
  /// nothing under it is wanted; true when it may hold wanted records or does not say.
  bool may_hold(std::string_view path) const noexcept {
    if (!any()) return true;
    const awslogs_place p = parse_awslogs_path(path);
    auto listed = [](const std::vector<std::string>& globs, std::string_view name) {
      if (globs.empty() || name.empty()) return true;
      for (const auto& g : globs)
        if (detail::glob_match(g, name)) return true;
      return false;
    };
    if (!listed(accounts, p.account) || !listed(regions, p.region)) return false;
    if (!time.bounded() || p.year == 0) return true;
    // The span of the year, month or day named; records published in it happened in
    // [start - late_publication, end).
    utc_seconds from = 0, to = 0;
    if (p.month == 0) {
      from = detail::days_from_civil(p.year, 1, 1);
      to = detail::days_from_civil(p.year + 1, 1, 1);
    } else if (p.month > 12) {
      return true;  // not a month: not the layout
    } else if (p.day == 0) {
      from = detail::days_from_civil(p.year, p.month, 1);
      to = from + detail::days_in_month(p.year, p.month);
    } else {
      from = detail::days_from_civil(p.year, p.month, p.day);
      to = from + 1;
    }
    return time.overlaps(from * 86400 - late_publication, to * 86400);
  }
};

TFDRIFT_END_NAMESPACE
