// One way to read a JSON text into a DOM: parse_json(text) is nlohmann::json::parse(text,
// nullptr, false) (the same value and types, or a discarded value for text that is not JSON),
// read faster on the text tfdrift reads most (request members, state attributes, container
// definitions): ASCII with integer numbers. A reader in one pass builds the DOM directly; any
// text outside that subset (a byte >= 0x80, a fraction or exponent, an integer of more than 18
// digits, a \u escape of a surrogate, nesting deeper than 128, or anything invalid) is read
// again by nlohmann's parser, which decides. nlohmann's lexer keeps every byte of a token for
// its error messages (a push_back per byte); this reader never needs them.
// fast_json_valid(text) is the same reader checking without building (the state's load).
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include "../version.hpp"

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

// Build: the reader builds the value; else it only checks the text (out_t is a placeholder).
template <bool Build>
class json_reader {
 public:
  using out_t = std::conditional_t<Build, nlohmann::json, char>;

  explicit json_reader(std::string_view text) noexcept : p_(text.data()), end_(text.data() + text.size()) {}

  /// Reads the whole text into `out`; false when the text is outside the subset this reader
  /// vouches for (then `out` holds a partial value to discard).
  bool read(out_t& out) {
    space();
    if (!value(out, 0)) return false;
    space();
    return p_ == end_;
  }

 private:
  static constexpr std::size_t max_depth = 128;
  static constexpr std::size_t max_digits = 18;  // any 18-digit integer fits an int64_t

  const char* p_;
  const char* end_;

  void space() noexcept {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool word(std::string_view w) noexcept {
    if (static_cast<std::size_t>(end_ - p_) < w.size() || std::string_view(p_, w.size()) != w) return false;
    p_ += w.size();
    return true;
  }

  bool value(out_t& out, std::size_t depth) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '{':
        return object(out, depth + 1);
      case '[':
        return array(out, depth + 1);
      case '"': {
        if constexpr (!Build) return string(nullptr);
        std::string s;
        if (!string(&s)) return false;
        if constexpr (Build) out = std::move(s);
        return true;
      }
      case 't':
        if (!word("true")) return false;
        if constexpr (Build) out = true;
        return true;
      case 'f':
        if (!word("false")) return false;
        if constexpr (Build) out = false;
        return true;
      case 'n':
        if (!word("null")) return false;
        if constexpr (Build) out = nullptr;
        return true;
      default:
        return number(out);
    }
  }

  // After an opening bracket: nothing, or item (',' item)*, then `close`.
  template <class Item>
  bool items(char close, Item&& item) {
    space();
    if (p_ != end_ && *p_ == close) {
      ++p_;
      return true;
    }
    for (;;) {
      if (!item()) return false;
      space();
      if (p_ == end_) return false;
      if (*p_ == close) {
        ++p_;
        return true;
      }
      if (*p_ != ',') return false;
      ++p_;
      space();
    }
  }

  bool object(out_t& out, std::size_t depth) {
    if (depth > max_depth) return false;
    ++p_;
    if constexpr (Build) out = nlohmann::json::object();
    std::string key;
    return items('}', [&] {
      if (p_ == end_ || *p_ != '"' || !string(Build ? &key : nullptr)) return false;
      space();
      if (p_ == end_ || *p_ != ':') return false;
      ++p_;
      space();
      if constexpr (Build) {
        // A repeated key keeps its last value, as nlohmann's DOM parser does.
        auto [at, added] = out.template get_ref<nlohmann::json::object_t&>().try_emplace(std::move(key));
        if (!added) at->second = nullptr;
        return value(at->second, depth);
      } else {
        return value(out, depth);
      }
    });
  }

  bool array(out_t& out, std::size_t depth) {
    if (depth > max_depth) return false;
    ++p_;
    if constexpr (Build) out = nlohmann::json::array();
    return items(']', [&] {
      if constexpr (Build) return value(out.template get_ref<nlohmann::json::array_t&>().emplace_back(), depth);
      else return value(out, depth);
    });
  }

  // At the opening quote; the text goes to `out` unless it is null. ASCII only: nlohmann
  // validates UTF-8, so other bytes are its to read.
  bool string(std::string* out) {
    ++p_;
    if (out) out->clear();
    const char* run = p_;
    while (p_ != end_) {
      auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        if (out) out->append(run, p_);
        ++p_;
        return true;
      }
      if (c < 0x20 || c >= 0x80) return false;
      if (c != '\\') {
        ++p_;
        continue;
      }
      if (out) out->append(run, p_);
      if (!escape(out)) return false;
      run = p_;
    }
    return false;
  }

  // At a backslash inside a string.
  bool escape(std::string* out) {
    std::string ignored;
    std::string& text = out ? *out : ignored;
    if (end_ - p_ < 2) return false;
    char c = p_[1];
    p_ += 2;
    switch (c) {
      case '"':
      case '\\':
      case '/':
        text += c;
        return true;
      case 'b':
        text += '\b';
        return true;
      case 'f':
        text += '\f';
        return true;
      case 'n':
        text += '\n';
        return true;
      case 'r':
        text += '\r';
        return true;
      case 't':
        text += '\t';
        return true;
      case 'u':
        break;
      default:
        return false;
    }
    if (end_ - p_ < 4) return false;
    unsigned code = 0;
    for (int i = 0; i < 4; ++i) {
      char h = *p_++;
      unsigned d = h >= '0' && h <= '9'   ? static_cast<unsigned>(h - '0')
                   : h >= 'a' && h <= 'f' ? static_cast<unsigned>(h - 'a' + 10)
                   : h >= 'A' && h <= 'F' ? static_cast<unsigned>(h - 'A' + 10)
                                          : 16u;
      if (d == 16u) return false;
      code = code * 16 + d;
    }
    if (code >= 0xD800 && code <= 0xDFFF) return false;  // surrogates: nlohmann pairs or rejects them
    if (code < 0x80) {
      text += static_cast<char>(code);
    } else if (code < 0x800) {
      text += static_cast<char>(0xC0 | (code >> 6));
      text += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      text += static_cast<char>(0xE0 | (code >> 12));
      text += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      text += static_cast<char>(0x80 | (code & 0x3F));
    }
    return true;
  }

  // Integers only: -?(0|[1-9][0-9]*), as nlohmann types them (unsigned when not negative).
  bool number(out_t& out) {
    bool negative = *p_ == '-';
    if (negative) ++p_;
    const char* digits = p_;
    if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
    if (*p_ == '0') ++p_;
    else
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    if (p_ != end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return false;
    if (static_cast<std::size_t>(p_ - digits) > max_digits) return false;
    std::uint64_t v = 0;
    for (const char* d = digits; d != p_; ++d) v = v * 10 + static_cast<std::uint64_t>(*d - '0');
    if constexpr (Build) {
      if (negative) out = static_cast<nlohmann::json::number_integer_t>(-static_cast<std::int64_t>(v));
      else out = static_cast<nlohmann::json::number_unsigned_t>(v);
    }
    return true;
  }
};

using fast_json_reader = json_reader<true>;

/// Parses a JSON text: exactly nlohmann::json::parse(text, nullptr, false) (a discarded value
/// for text that is not JSON), faster on ASCII text with integer numbers.
inline nlohmann::json parse_json(std::string_view text) {
  nlohmann::json out;
  if (fast_json_reader(text).read(out)) return out;
  return nlohmann::json::parse(text, nullptr, false);
}

/// Returns true when the fast reader vouches that a text is JSON (nlohmann's parser would
/// accept it); false says only that nlohmann's parser must decide (and say where it breaks).
inline bool fast_json_valid(std::string_view text) {
  char nothing = 0;
  return json_reader<false>(text).read(nothing);
}

}  // namespace detail

TFDRIFT_END_NAMESPACE
