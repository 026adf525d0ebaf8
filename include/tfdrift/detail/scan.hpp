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

#include <nlohmann/json.hpp>

#include "../version.hpp"
#include "text.hpp"

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

// Moves i past the string whose opening quote is at i; false when it never closes. Record
// framing (split_records) and the member scan pass every byte of a record's strings through
// here, so on x86-64 it looks for the closing quote or a backslash 16 bytes at a time (CloudTrail
// strings are mostly longer than a memchr call is worth, and escapes are rare).
inline bool skip_string(std::string_view s, std::size_t& i) noexcept {
  const char* p = s.data();
  const std::size_t n = s.size();
  ++i;
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
    if (p[i] == '"') {
      ++i;
      return true;
    }
    i += 2;  // a backslash and the character it escapes
  }
#endif
  while (i < n) {
    const char c = p[i];
    if (c == '"') {
      ++i;
      return true;
    }
    i += c == '\\' ? 2 : 1;
  }
  return false;
}

// Moves i past one JSON value; false on a structural error or past max_depth.
inline bool skip_value(std::string_view s, std::size_t& i, std::size_t base_depth, std::size_t max_depth,
                       std::size_t& deepest) noexcept {
  if (i >= s.size()) return false;
  char c = s[i];
  if (c == '"') return skip_string(s, i);
  if (c == '{' || c == '[') {
    std::size_t depth = 0;
    while (i < s.size()) {
      char d = s[i];
      if (d == '"') {
        if (!skip_string(s, i)) return false;
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
  // number, true, false, null: up to the next delimiter
  std::size_t start = i;
  while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && !is_space(s[i])) ++i;
  return i > start;
}

// One step of the byte-at-a-time scan of a container: the state is whether a string is open,
// whether the byte before was a backslash in one, and the nesting depth. Returns true when the
// byte closes the outermost container.
struct container_state {
  std::size_t depth = 0;
  bool in_string = false, escaped = false;

  bool step(char c) noexcept {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      return --depth == 0;
    }
    return false;
  }
};

#if defined(__SSE2__)
// Bit k set where byte k of the 64 at p is `c`; `or_mask` is OR-ed into each byte first (0x20
// folds '[' onto '{' and ']' onto '}').
inline std::uint64_t block_mask(const __m128i (&v)[4], char c, char or_mask = 0) noexcept {
  const __m128i want = _mm_set1_epi8(c);
  const __m128i fold = _mm_set1_epi8(or_mask);
  std::uint64_t m = 0;
  for (int k = 0; k < 4; ++k)
    m |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_or_si128(v[k], fold), want))))
         << (16 * k);
  return m;
}

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
#endif

// Moves i past the object or array that opens at s[i] ('{' or '['), exactly where skip_value
// (with no depth limit) would; false when it never closes. Record framing (split_records) passes
// every byte of a {"Records":[...]} document through here, so on x86-64 it reads 64 bytes at a
// time: where the block has no backslash, which bytes are in a string follows from its quotes
// (a prefix XOR), and only the brackets outside strings are looked at one by one. A block with a
// backslash (rare in CloudTrail) is stepped through byte by byte.
inline bool skip_container(std::string_view s, std::size_t& i) noexcept {
  const char* p = s.data();
  const std::size_t n = s.size();
  container_state st;
  std::size_t k = i;
#if defined(__SSE2__)
  while (k + 64 <= n) {
    __m128i v[4];
    for (int j = 0; j < 4; ++j) v[j] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k + 16 * j));
    const std::uint64_t backslash = block_mask(v, '\\');
    if (backslash == 0 && !st.escaped) {
      const std::uint64_t in_string = prefix_xor(block_mask(v, '"')) ^ (st.in_string ? ~std::uint64_t{0} : 0);
      std::uint64_t open = block_mask(v, '{', 0x20) & ~in_string;
      std::uint64_t brackets = open | (block_mask(v, '}', 0x20) & ~in_string);
      st.in_string = (in_string >> 63) != 0;
      while (brackets) {
        const unsigned b = static_cast<unsigned>(__builtin_ctzll(brackets));
        if ((open >> b) & 1) {
          ++st.depth;
        } else if (--st.depth == 0) {
          i = k + b + 1;
          return true;
        }
        brackets &= brackets - 1;
      }
      k += 64;
      continue;
    }
    for (const std::size_t end = k + 64; k < end; ++k)
      if (st.step(p[k])) {
        i = k + 1;
        return true;
      }
  }
#endif
  for (; k < n; ++k)
    if (st.step(p[k])) {
      i = k + 1;
      return true;
    }
  return false;
}

}  // namespace scan

/// Calls fn(key, value_token) for each member of the JSON object in `s` (keys are raw, without
/// quotes; a key with escapes is passed raw). Nested values are skipped, not parsed. Returns
/// false when `s` is not one well-formed object or nests deeper than max_depth counting from
/// `base_depth` (the object's own depth); `deepest` records the deepest nesting seen.
template <class Fn>
bool for_each_member(std::string_view s, Fn&& fn, std::size_t max_depth, std::size_t& deepest,
                     std::size_t base_depth = 1) {
  using namespace scan;
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
    if (!skip_string(s, i)) return false;
    std::string_view key = s.substr(key_start, i - 1 - key_start);
    skip_space(s, i);
    if (i >= s.size() || s[i] != ':') return false;
    ++i;
    skip_space(s, i);
    std::size_t value_start = i;
    if (!skip_value(s, i, base_depth, max_depth, deepest)) return false;
    fn(key, s.substr(value_start, i - value_start));
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

/// Scans the top-level members of a JSON object record, keeping the tokens of the members
/// the detector reads. Returns false when the text is not a well-formed object at the top
/// level or nests deeper than max_depth (t.depth then says how deep); nested values are
/// only skipped, so a caller that needs one parses its token.
inline bool scan_record(std::string_view s, record_tokens& t, std::size_t max_depth) noexcept {
  return for_each_member(
      s,
      [&](std::string_view key, std::string_view value) {
        switch (key.size()) {  // a switch on length keeps the common miss to one comparison
          case 7:
            if (key == "eventID") t.event_id = value;
            break;
          case 8:
            if (key == "readOnly") t.read_only = value;
            break;
          case 9:
            if (key == "eventName") t.event_name = value;
            else if (key == "eventTime") t.event_time = value;
            else if (key == "awsRegion") t.region = value;
            else if (key == "errorCode") t.error_code = value;
            else if (key == "userAgent") t.user_agent = value;
            break;
          case 11:
            if (key == "eventSource") t.event_source = value;
            break;
          case 12:
            if (key == "userIdentity") t.user_identity = value;
            break;
          case 13:
            if (key == "output_fields") t.output_fields = value;
            break;
          case 15:
            if (key == "sourceIPAddress") t.source_ip = value;
            break;
          case 16:
            if (key == "responseElements") t.response = value;
            break;
          case 17:
            if (key == "requestParameters") t.request = value;
            break;
          case 18:
            if (key == "recipientAccountId") t.account = value;
            break;
          case 28:
            if (key == "sessionCredentialFromConsole") t.session_console = value;
            break;
          default:
            break;
        }
      },
      max_depth, t.depth);
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
