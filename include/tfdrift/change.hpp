// Changes: one attribute's value in state and the value a request set, and how serious it is.
// The differ (diff.hpp) makes them, the drift rules rate them, alerts carry them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "detail/enum_name.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// How serious a change is, from the drift rules (not Falco's priority).
enum class severity : std::uint8_t { low, medium, high, critical };

inline constexpr std::array<std::string_view, 4> severity_names{"low", "medium", "high",
                                                                "critical"};

/// Returns "low", "medium", "high" or "critical".
constexpr std::string_view to_string(severity s) noexcept {
  return severity_names[static_cast<std::size_t>(s)];
}

/// Parses a severity name; returns nullopt for anything else.
constexpr std::optional<severity> parse_severity(std::string_view s) noexcept {
  return detail::parse_enum_name<severity>(severity_names, s);
}

/// One changed attribute: the value in state and the value the request set, typed as in state.
struct change {
  std::string attribute;  ///< top-level Terraform attribute, e.g. "container_definitions"
  std::string path;       ///< full path, e.g. "container_definitions[name=web].image"
  nlohmann::json old_value;  ///< the value in the state file (null when unset)
  nlohmann::json new_value;  ///< the value the request set (null when it unsets it)
  severity sev = severity::low;  ///< from the drift rules
  std::string rule;              ///< the drift rule that set the severity ("" when none)
  /// False for a request member that the catalog does not compare: then attribute and path name
  /// the request member (camelCase), old_value is null (unknown) and `reason` says why.
  bool compared = true;
  std::string reason;  ///< why it was not compared ("" when compared)
};

TFDRIFT_END_NAMESPACE
