// Enumerations named by a table of strings (severity_names, alert_kind_names, ...): the one
// reader of a name back into its enumerator.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include "../version.hpp"

TFDRIFT_BEGIN_NAMESPACE
namespace detail {

/// Returns the enumerator whose name (its index in `names`) is `s`, or nullopt.
template <class Enum, std::size_t N>
constexpr std::optional<Enum> parse_enum_name(const std::array<std::string_view, N>& names, std::string_view s) noexcept {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<Enum>(i);
  return std::nullopt;
}

}  // namespace detail
TFDRIFT_END_NAMESPACE
