// A structural scan of a record's top-level members: finds the envelope fields and the spans of nested values without parsing them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "../version.hpp"
#include "text.hpp"

// The member scan's per-member steps are inlined into it (GCC would call them: the call, and i
// kept in memory across it, cost more than the steps). Undefined at the end of this header.
#if defined(__GNUC__)
#define TFDRIFT_SCAN_INLINE [[gnu::always_inline]] inline
#else
#define TFDRIFT_SCAN_INLINE inline
#endif

TFDRIFT_BEGIN_NAMESPACE
namespace detail {

/// The top-level members of a CloudTrail record that the detector reads, as raw JSON tokens
/// (strings keep their quotes, objects their braces). Empty when the record lacks the member.
struct record_tokens {
  std::string_view event_source, event_name, event_id, event_time, region, account;
  std::string_view user_agent, source_ip, error_code, read_only, session_console;
  std::string_view user_identity, request, response, output_fields;
  std::size_t depth = 0;  ///< deepest nesting seen (1 = the record object itself)
};

namespace scan {

using detail::is_space;  // JSON's whitespace, defined once in text.hpp

inline void skip_space(std::string_view s, std::size_t& i) noexcept {
  while (i < s.size() && is_space(s[i])) ++i;
}

// skip_string's loop from i, a byte inside the string: the position past the closing quote, npos
// when the string never closes.
inline std::size_t string_end_from(std::string_view s, std::size_t i) noexcept {
  const char* p = s.data();
  const std::size_t n = s.size();
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  while (i + 16 <= n) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    auto mask = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash))));
    if (mask == 0) {
      i += 16;
      continue;
    }
    i += static_cast<unsigned>(__builtin_ctz(mask));
    if (p[i] == '"') return i + 1;
    i += 2;  // a backslash and the character it escapes
  }
#endif
  while (i < n) {
    const char c = p[i];
    if (c == '"') return i + 1;
    i += c == '\\' ? 2 : 1;
  }
  return std::string_view::npos;
}

// Moves i past the string whose opening quote is at i; false when it never closes. Record
// framing (split_records) and the member scan pass every byte of a record's strings through
// here, so on x86-64 it looks for the closing quote or a backslash 16 bytes at a time (CloudTrail
// strings are mostly longer than a memchr call is worth, and escapes are rare). Small enough to
// be inlined: most keys and many values end within the first 16 bytes, which are looked at here.
TFDRIFT_SCAN_INLINE bool skip_string(std::string_view s, std::size_t& i) noexcept {
  ++i;
#if defined(__SSE2__)
  if (i + 16 <= s.size()) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')))));
    if (mask == 0) {
      i += 16;
    } else if (const std::size_t at = i + static_cast<unsigned>(__builtin_ctz(mask)); s[at] == '"') {
      i = at + 1;
      return true;
    }
  }
#endif
  const std::size_t end = string_end_from(s, i);
  if (end == std::string_view::npos) return false;
  i = end;
  return true;
}

// The byte-by-byte scans that the block scans below replace, kept as their reference: the unit
// tests (tests/unit/test_scan.cpp) and fuzz_record hold skip_string, skip_value, for_each_member
// and scan_record to the same results, positions and depths as these on any input.
namespace reference {

inline bool skip_string(std::string_view s, std::size_t& i) noexcept {
  ++i;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '"') {
      ++i;
      return true;
    }
    i += c == '\\' ? 2 : 1;
  }
  return false;
}

inline bool skip_value(std::string_view s, std::size_t& i, std::size_t base_depth, std::size_t max_depth,
                       std::size_t& deepest) noexcept {
  if (i >= s.size()) return false;
  char c = s[i];
  if (c == '"') return reference::skip_string(s, i);
  if (c == '{' || c == '[') {
    std::size_t depth = 0;
    while (i < s.size()) {
      char d = s[i];
      if (d == '"') {
        if (!reference::skip_string(s, i)) return false;
        continue;
      }
      if (d == '{' || d == '[') {
        if (base_depth + ++depth > max_depth) {
          deepest = base_depth + depth;
          return false;
        }
        if (base_depth + depth > deepest) deepest = base_depth + depth;
      } else if (d == '}' || d == ']') {
        if (--depth == 0) {
          ++i;
          return true;
        }
      }
      ++i;
    }
    return false;
  }
  std::size_t start = i;
  while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && !is_space(s[i])) ++i;
  return i > start;
}

}  // namespace reference

// What a container scan checks as it opens brackets: nothing (record framing), or the member
// scan's depth limit, counted from the depth of the object that holds the container.
struct no_depth_limit {
  static constexpr bool open(std::size_t) noexcept { return true; }
};

struct depth_limit {
  std::size_t base, max;
  std::size_t& deepest;  ///< the deepest nesting seen; past max, the depth of the bracket that went past
  bool open(std::size_t depth) noexcept {
    if (base + depth > max) {
      deepest = base + depth;
      return false;
    }
    if (base + depth > deepest) deepest = base + depth;
    return true;
  }
};

// The state of a container scan between bytes: whether a string is open, whether the byte
// before was a backslash in one, and the nesting depth.
struct container_state {
  std::size_t depth = 0;
  bool in_string = false, escaped = false;

  enum class step_result { more, closed, too_deep };

  // One byte of the byte-at-a-time scan: `closed` when it closes the outermost container,
  // `too_deep` when it opens one past the limit.
  template <class Limit>
  step_result step(char c, Limit& limit) noexcept {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (!limit.open(++depth)) return step_result::too_deep;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return step_result::closed;
    }
    return step_result::more;
  }
};

#if defined(__SSE2__)
// Bit k set when an odd number of the bits 0..k of x are set: which bytes lie inside a string,
// given where its unescaped quotes are.
inline std::uint64_t prefix_xor(std::uint64_t x) noexcept {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

// Bit k set where byte k of a block is escaped (follows a backslash that is not itself escaped;
// byte 0 when `first_escaped`); `carry` tells whether byte 63 escapes the next block's byte 0.
// Backslashes are rare in CloudTrail, so this steps from one to the next.
inline std::uint64_t escaped_bytes(std::uint64_t backslash, bool first_escaped, bool& carry) noexcept {
  std::uint64_t escaped = first_escaped ? 1 : 0;
  backslash &= ~escaped;
  carry = false;
  while (backslash) {
    const unsigned b = static_cast<unsigned>(__builtin_ctzll(backslash));
    if (b == 63) {
      carry = true;
      break;
    }
    const std::uint64_t next = std::uint64_t{1} << (b + 1);
    escaped |= next;
    backslash &= ~next;           // an escaped backslash escapes nothing
    backslash &= backslash - 1;  // this one is done
  }
  return escaped;
}

// The bytes of the 64 at p that steer a container scan, bit k for byte k: quotes, bracket
// candidates and backslashes (looked for byte by byte only in a block that has one). OR-ing 0x26
// maps '{', '[', '}' and ']' onto 0x7F, and of the other bytes only 'Y', 'y', '_' and 0x7F (none of
// which JSON has outside strings): a candidate is looked at before it counts.
struct block_bits {
  std::uint64_t quote = 0, bracket = 0, backslash = 0;
};

inline block_bits classify_block(const char* p) noexcept {
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  const __m128i fold = _mm_set1_epi8(0x26), bracket = _mm_set1_epi8(0x7F);
  auto bits = [](__m128i eq, int k) {
    return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(eq))) << (16 * k);
  };
  block_bits b;
  __m128i v[4];
  __m128i any_backslash = _mm_setzero_si128();
  for (int k = 0; k < 4; ++k) {
    v[k] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    b.quote |= bits(_mm_cmpeq_epi8(v[k], quote), k);
    b.bracket |= bits(_mm_cmpeq_epi8(_mm_or_si128(v[k], fold), bracket), k);
    any_backslash = _mm_or_si128(any_backslash, _mm_cmpeq_epi8(v[k], backslash));
  }
  if (_mm_movemask_epi8(any_backslash) != 0)
    for (int k = 0; k < 4; ++k) b.backslash |= bits(_mm_cmpeq_epi8(v[k], backslash), k);
  return b;
}
#endif

// Returns the position just past the object or array that opens at s[i] ('{' or '['), exactly
// where the byte-by-byte scan ends it (reference::skip_value, the limit checked at each opening
// bracket in order); npos when it never closes or goes past the limit. On x86-64 it reads 64 bytes at a
// time: which bytes are escaped follows from the backslashes, which lie in a string from the
// unescaped quotes (a prefix XOR), and only the brackets outside strings are looked at one by
// one. The last bytes of s are copied into a block padded with spaces, which steer nothing. A
// block with a backslash outside a string (which escapes nothing there: not JSON, but the
// byte-by-byte scan steps over it) is stepped through byte by byte, as is everything elsewhere.
template <class Limit>
std::size_t container_end(std::string_view s, std::size_t i, Limit&& limit) noexcept {
  const char* p = s.data();
  const std::size_t n = s.size();
  container_state st;
  for (std::size_t k = i; k < n; k += 64) {
    const char* q = p + k;
    const std::size_t len = n - k < 64 ? n - k : 64;
#if defined(__SSE2__)
    char padded[64];
    if (len < 64) {
      std::memset(padded, ' ', sizeof padded);
      std::memcpy(padded, q, len);
      q = padded;
    }
    const block_bits b = classify_block(q);
    bool carry = false;
    const std::uint64_t escaped = (b.backslash | st.escaped) ? escaped_bytes(b.backslash, st.escaped, carry) : 0;
    const std::uint64_t in_string = prefix_xor(b.quote & ~escaped) ^ (st.in_string ? ~std::uint64_t{0} : 0);
    if ((b.backslash & ~in_string) == 0) {
      st.in_string = (in_string >> 63) != 0;
      st.escaped = carry;
      std::uint64_t brackets = b.bracket & ~in_string;
      while (brackets) {
        const unsigned at = static_cast<unsigned>(__builtin_ctzll(brackets));
        const char c = static_cast<char>(q[at] | 0x20);
        if (c == '{') {
          if (!limit.open(++st.depth)) return std::string_view::npos;
        } else if (c == '}' && --st.depth == 0) {
          return k + at + 1;
        }
        brackets &= brackets - 1;
      }
      continue;
    }
#endif
    for (std::size_t j = 0; j < len; ++j) {
      switch (st.step(q[j], limit)) {
        case container_state::step_result::more:
          break;
        case container_state::step_result::closed:
          return k + j + 1;
        case container_state::step_result::too_deep:
          return std::string_view::npos;
      }
    }
  }
  return std::string_view::npos;
}

// Moves i past the object or array that opens at s[i]; false when container_end finds no end.
template <class Limit>
TFDRIFT_SCAN_INLINE bool skip_container_with(std::string_view s, std::size_t& i, Limit&& limit) noexcept {
  const std::size_t end = container_end(s, i, limit);
  if (end == std::string_view::npos) return false;
  i = end;
  return true;
}

// Moves i past the object or array that opens at s[i], with no depth limit (record framing:
// split_records passes every byte of a {"Records":[...]} document through here).
inline bool skip_container(std::string_view s, std::size_t& i) noexcept {
  return skip_container_with(s, i, no_depth_limit{});
}

// Moves i past one JSON value; false on a structural error or past max_depth (`deepest` then
// says how deep). The same results, positions and depths as reference::skip_value.
TFDRIFT_SCAN_INLINE bool skip_value(std::string_view s, std::size_t& i, std::size_t base_depth, std::size_t max_depth,
                                    std::size_t& deepest) noexcept {
  if (i >= s.size()) return false;
  const char c = s[i];
  if (c == '"') return skip_string(s, i);
  if (c == '{' || c == '[') return skip_container_with(s, i, depth_limit{base_depth, max_depth, deepest});
  // number, true, false, null: up to the next delimiter
  std::size_t start = i;
  while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && !is_space(s[i])) ++i;
  return i > start;
}

}  // namespace scan

/// Calls fn(key, value_token) for each member of the JSON object in `s` (keys are raw, without
/// quotes; a key with escapes is passed raw). Nested values are skipped, not parsed. Returns
/// false when `s` is not one well-formed object or nests deeper than max_depth counting from
/// `base_depth` (the object's own depth); `deepest` records the deepest nesting seen.
/// for_each_member_with<false> skips with the byte-by-byte reference scans (tests only).
template <bool Fast, class Fn>
bool for_each_member_with(std::string_view s, Fn&& fn, std::size_t max_depth, std::size_t& deepest,
                          std::size_t base_depth = 1) {
  using scan::skip_space;
  auto skip_string = [&](std::size_t& i) {
    if constexpr (Fast) return scan::skip_string(s, i);
    else return scan::reference::skip_string(s, i);
  };
  auto skip_value = [&](std::size_t& i) {
    if constexpr (Fast) return scan::skip_value(s, i, base_depth, max_depth, deepest);
    else return scan::reference::skip_value(s, i, base_depth, max_depth, deepest);
  };
  std::size_t i = 0;
  skip_space(s, i);
  if (i >= s.size() || s[i] != '{') return false;
  if (base_depth > deepest) deepest = base_depth;
  ++i;
  skip_space(s, i);
  if (i < s.size() && s[i] == '}') {
    ++i;
    skip_space(s, i);
    return i == s.size();
  }
  while (i < s.size()) {
    if (s[i] != '"') return false;
    std::size_t key_start = i + 1;
    if (!skip_string(i)) return false;
    const std::string_view key(s.data() + key_start, i - 1 - key_start);
    skip_space(s, i);
    if (i >= s.size() || s[i] != ':') return false;
    ++i;
    skip_space(s, i);
    std::size_t value_start = i;
    if (!skip_value(i)) return false;
    fn(key, std::string_view(s.data() + value_start, i - value_start));
    skip_space(s, i);
    if (i >= s.size()) return false;
    if (s[i] == '}') {
      ++i;
      skip_space(s, i);
      return i == s.size();
    }
    if (s[i] != ',') return false;
    ++i;
    skip_space(s, i);
  }
  return false;
}

template <class Fn>
bool for_each_member(std::string_view s, Fn&& fn, std::size_t max_depth, std::size_t& deepest,
                     std::size_t base_depth = 1) {
  return for_each_member_with<true>(s, std::forward<Fn>(fn), max_depth, deepest, base_depth);
}

namespace scan {
// True when a key equals `name`, whose length the caller has already matched: a compare of a
// known length that the compiler inlines (std::string_view's == is a call here).
template <std::size_t N>
inline bool key_is(std::string_view key, const char (&name)[N]) noexcept {
  return std::memcmp(key.data(), name, N - 1) == 0;
}
}  // namespace scan

/// Scans the top-level members of a JSON object record, keeping the tokens of the members
/// the detector reads. Returns false when the text is not a well-formed object at the top
/// level or nests deeper than max_depth (t.depth then says how deep); nested values are
/// only skipped, so a caller that needs one parses its token. scan_record_with<false> is the
/// byte-by-byte reference (tests only).
template <bool Fast>
bool scan_record_with(std::string_view s, record_tokens& t, std::size_t max_depth) noexcept {
  using scan::key_is;
  return for_each_member_with<Fast>(
      s,
      [&](std::string_view key, std::string_view value) {
        switch (key.size()) {  // a switch on length keeps the common miss to one comparison
          case 7:
            if (key_is(key, "eventID")) t.event_id = value;
            break;
          case 8:
            if (key_is(key, "readOnly")) t.read_only = value;
            break;
          case 9:
            if (key_is(key, "eventName")) t.event_name = value;
            else if (key_is(key, "eventTime")) t.event_time = value;
            else if (key_is(key, "awsRegion")) t.region = value;
            else if (key_is(key, "errorCode")) t.error_code = value;
            else if (key_is(key, "userAgent")) t.user_agent = value;
            break;
          case 11:
            if (key_is(key, "eventSource")) t.event_source = value;
            break;
          case 12:
            if (key_is(key, "userIdentity")) t.user_identity = value;
            break;
          case 13:
            if (key_is(key, "output_fields")) t.output_fields = value;
            break;
          case 15:
            if (key_is(key, "sourceIPAddress")) t.source_ip = value;
            break;
          case 16:
            if (key_is(key, "responseElements")) t.response = value;
            break;
          case 17:
            if (key_is(key, "requestParameters")) t.request = value;
            break;
          case 18:
            if (key_is(key, "recipientAccountId")) t.account = value;
            break;
          case 28:
            if (key_is(key, "sessionCredentialFromConsole")) t.session_console = value;
            break;
          default:
            break;
        }
      },
      max_depth, t.depth);
}

inline bool scan_record(std::string_view s, record_tokens& t, std::size_t max_depth) noexcept {
  return scan_record_with<true>(s, t, max_depth);
}

/// Records the first syntax error of a JSON text, or a nesting past max_depth; builds nothing.
struct json_syntax_check final : nlohmann::json_sax<nlohmann::json> {
  std::size_t max_depth = static_cast<std::size_t>(-1);
  std::size_t depth = 0, error_byte = 0, deep_byte = 0;
  std::string message;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return ++depth <= max_depth; }
  bool key(string_t&) override { return true; }
  bool end_object() override {
    --depth;
    return true;
  }
  bool start_array(std::size_t) override { return ++depth <= max_depth; }
  bool end_array() override {
    --depth;
    return true;
  }
  bool parse_error(std::size_t byte, const std::string&, const nlohmann::json::exception& e) override {
    error_byte = byte;
    message = e.what();
    return false;
  }
};

/// Returns the text of a string token: the bytes between the quotes when there is no
/// escape, else the decoded string. Non-string tokens give "" ("null" included).
inline std::string token_string(std::string_view token) {
  if (token.size() < 2 || token.front() != '"') return {};
  std::string_view inner = token.substr(1, token.size() - 2);
  if (inner.find('\\') == std::string_view::npos) return std::string(inner);
  auto j = nlohmann::json::parse(token, nullptr, false);
  return j.is_string() ? j.get<std::string>() : std::string{};
}

/// Returns true when a string token equals `text` (escape-free tokens compare in place).
inline bool token_equals(std::string_view token, std::string_view text) {
  if (token.size() == text.size() + 2 && token.front() == '"' && token.back() == '"' &&
      token.substr(1, text.size()) == text)
    return true;
  return token.find('\\') != std::string_view::npos && token_string(token) == text;
}

/// Returns true for a token that CloudTrail uses as "true" (a JSON true or the string "true").
inline bool token_true(std::string_view token) noexcept { return token == "true" || token == "\"true\""; }

/// Returns the first string member `"key":"..."` found anywhere in a token, decoded; "" when
/// there is none. For keys whose name is unique in the value (taskDefinitionArn in a
/// RegisterTaskDefinition response), this reads one value without parsing the rest.
inline std::string find_string_member(std::string_view token, std::string_view key) {
  std::string pattern = "\"" + std::string(key) + "\"";
  std::size_t at = token.find(pattern);
  if (at == std::string_view::npos) return {};
  std::size_t i = at + pattern.size();
  scan::skip_space(token, i);
  if (i >= token.size() || token[i] != ':') return {};
  ++i;
  scan::skip_space(token, i);
  std::size_t start = i;
  if (i >= token.size() || token[i] != '"' || !scan::skip_string(token, i)) return {};
  return token_string(token.substr(start, i - start));
}

inline constexpr std::string_view ecs_source_needle = "\"ecs.amazonaws.com\"";

/// Returns the position of the next "\"ecs.amazonaws.com\"" at or after `from`, or npos.
/// Every byte of every record passes through here, so on x86-64 it compares 16 positions
/// at a time: candidates have 'e' at +1 and '.' at +4 (rare together in CloudTrail), and
/// only those are compared in full.
inline std::size_t find_ecs_source_value(std::string_view s, std::size_t from) noexcept {
  constexpr std::string_view n = ecs_source_needle;
  std::size_t i = from;
#if defined(__SSE2__)
  const __m128i e = _mm_set1_epi8('e');
  const __m128i dot = _mm_set1_epi8('.');
  while (i + 16 + n.size() <= s.size()) {
    __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i + 1));
    __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i + 4));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, e), _mm_cmpeq_epi8(b, dot))));
    while (mask) {
      unsigned bit = static_cast<unsigned>(__builtin_ctz(mask));
      if (std::memcmp(s.data() + i + bit, n.data(), n.size()) == 0) return i + bit;
      mask &= mask - 1;
    }
    i += 16;
  }
#endif
  if (i >= s.size()) return std::string_view::npos;
  std::size_t at = s.substr(i).find(n);
  return at == std::string_view::npos ? at : i + at;
}

/// Returns true when the record text may be one whose eventSource (or Falco ct.src) is
/// ECS: some occurrence of "ecs.amazonaws.com" stands as a whole string value after one of
/// those keys. False proves the record is not ECS, without parsing it.
inline bool may_be_ecs_source(std::string_view s) noexcept {
  std::size_t from = 0;
  while (true) {
    std::size_t at = find_ecs_source_value(s, from);
    if (at == std::string_view::npos) return false;
    std::size_t k = at;
    while (k > 0 && is_space(s[k - 1])) --k;
    if (k > 0 && s[k - 1] == ':') {
      --k;
      while (k > 0 && is_space(s[k - 1])) --k;
      std::string_view before = s.substr(0, k);
      if (before.ends_with("\"eventSource\"") || before.ends_with("\"ct.src\""))
        return true;
    }
    from = at + ecs_source_needle.size();
  }
}

}  // namespace detail
TFDRIFT_END_NAMESPACE

#undef TFDRIFT_SCAN_INLINE
