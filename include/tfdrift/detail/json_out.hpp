// JSON text for every output: nlohmann's dump with invalid UTF-8 replaced, and DEL and the C1 controls escaped.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "../version.hpp"

TFDRIFT_BEGIN_NAMESPACE
namespace detail {

/// Appends JSON text that is valid UTF-8 (what dump with error_handler_t::replace writes) to
/// `out`, with DEL (0x7F) written as \u007f and the C1 controls U+0080..U+009F (0xC2 0x80..0x9F
/// in UTF-8; U+009B is CSI) as \u0080..\u009f. nlohmann escapes only the controls below 0x20;
/// a terminal or log viewer showing the JSON would obey these. Outside strings JSON text is
/// ASCII without DEL, so only strings change, and each to the same string.
inline void append_json_text(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  std::size_t done = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    unsigned cp;
    if (c == 0x7F) {
      cp = 0x7F;
    } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80) {
      cp = static_cast<unsigned char>(text[i + 1]);
    } else {
      continue;
    }
    out.append(text.substr(done, i - done));
    out += "\\u00";
    out += hex[cp >> 4];
    out += hex[cp & 0xF];
    if (cp != 0x7F) ++i;  // the second byte of the C1 character
    done = i + 1;
  }
  out.append(text.substr(done));
}

/// Returns true when a string is written between quotes as it is: printable ASCII (0x20..0x7E)
/// without '"' or '\\'. 16 bytes at a time where SSE2 is there: most alert strings are.
inline bool plain_json_string(std::string_view s) noexcept {
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'),
                del = _mm_set1_epi8(0x7F);
  for (; i + 16 <= s.size(); i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    // Signed compare: bytes >= 0x80 are negative, so "below 0x20" catches them too.
    __m128i bad = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(v, space), _mm_cmpeq_epi8(v, quote)),
                               _mm_or_si128(_mm_cmpeq_epi8(v, backslash), _mm_cmpeq_epi8(v, del)));
    if (_mm_movemask_epi8(bad) != 0) return false;
  }
#endif
  for (; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7F) return false;
  }
  return true;
}

/// Returns a JSON value's text as every tfdrift output writes it: nlohmann's dump (compact,
/// or indented by `indent`) with invalid UTF-8 replaced by U+FFFD, DEL and C1 controls escaped
/// (append_json_text).
template <class Json>
std::string dump_json(const Json& j, int indent = -1) {
  std::string text = j.dump(indent, ' ', false, Json::error_handler_t::replace);
  if (text.find('\x7f') == std::string::npos && text.find('\xc2') == std::string::npos) return text;
  std::string out;
  out.reserve(text.size());
  append_json_text(out, text);
  return out;
}

}  // namespace detail
TFDRIFT_END_NAMESPACE
