// Globs over names, ARNs and hosts: * is any run of characters, ? any one (config filters, registry allowlists).
#pragma once

#include <cstddef>
#include <string_view>

#include "../version.hpp"

TFDRIFT_BEGIN_NAMESPACE
namespace detail {

/// Returns true when text matches a glob where * is any run of characters and ? any one; the
/// glob matches the whole text. Linear in both sizes times the stars' backtracking, no recursion.
inline bool glob_match(std::string_view pattern, std::string_view text) noexcept {
  std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace detail
TFDRIFT_END_NAMESPACE
