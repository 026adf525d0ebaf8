// Text helpers used across the pipeline, each written once: ASCII case, and the place (line and
// column) of a byte offset in a text, for every error message that names one.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "../version.hpp"

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

// ---- Blanks and the byte order mark (JSON's whitespace: space, tab, CR, LF) ----

constexpr bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}
inline std::string_view strip_bom(std::string_view s) {
  if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  return s;
}

// ---- ASCII case (CloudTrail, AWS and Terraform names are ASCII; other bytes stay as they are) ----

constexpr char ascii_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr char ascii_upper(char c) noexcept { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

inline std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = ascii_lower(c);
  return out;
}

inline std::string upper_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = ascii_upper(c);
  return out;
}

/// Whether a and b are the same text but for ASCII case (without an upper_ascii copy).
constexpr bool equals_nocase(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

/// Whether s ends with suffix, ignoring ASCII case on both sides.
constexpr bool ends_with_nocase(std::string_view s, std::string_view suffix) noexcept {
  return suffix.size() <= s.size() && equals_nocase(s.substr(s.size() - suffix.size()), suffix);
}

/// Whether hay contains needle, ignoring ASCII case on both sides.
constexpr bool contains_nocase(std::string_view hay, std::string_view needle) noexcept {
  if (needle.size() > hay.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    std::size_t k = 0;
    while (k < needle.size() && ascii_lower(hay[i + k]) == ascii_lower(needle[k])) ++k;
    if (k == needle.size()) return true;
  }
  return false;
}

// ---- places in a text ----

/// A place in a text: 1-based line, and 1-based column counted in UTF-8 characters (what an
/// editor shows), not bytes.
struct text_place {
  std::size_t line = 1;
  std::size_t column = 1;
};

/// Returns the place of a byte offset (clamped to the text).
constexpr text_place place_of(std::string_view text, std::size_t offset) noexcept {
  text_place p;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++p.line;
      p.column = 1;
    } else if ((c & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
      ++p.column;
    }
  }
  return p;
}

/// "line L, column C" of a byte offset, as the state and ledger errors say it.
inline std::string line_column(std::string_view text, std::size_t offset) {
  const text_place p = place_of(text, offset);
  return "line " + std::to_string(p.line) + ", column " + std::to_string(p.column);
}

}  // namespace detail

TFDRIFT_END_NAMESPACE
