// Outcomes: what became of each record the detector read (exactly one per record).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// What became of one record: exactly one of these.
enum class outcome : std::uint8_t {
  alert,        ///< an alert was emitted
  not_ecs,      ///< not an ECS record (other services, EKS/Redshift CreateCluster)
  read_only,    ///< Describe*/List*
  failed_call,  ///< errorCode set: the call changed nothing
  terraform,    ///< Terraform's own call: the plan being applied
  ignored,      ///< silenced by the config: an ignore rule, or only ignored or unwatched changes
  out_of_scope, ///< an account or region that the config does not watch
  out_of_range, ///< an eventTime outside the time range asked for (--since/--until)
  untracked,    ///< an ECS write the catalog does not cover (RunTask, TagResource, ...)
  no_change,    ///< every value the request set equals the state
  duplicate,    ///< an eventID already seen
  malformed,    ///< not a readable record (counted with its place)
};

inline constexpr std::array<std::string_view, 12> outcome_names{
    "alert", "not_ecs", "read_only", "failed_call", "terraform", "ignored",
    "out_of_scope", "out_of_range", "untracked", "no_change", "duplicate", "malformed"};

/// Returns the name of an outcome ("no_change", ...).
constexpr std::string_view to_string(outcome o) noexcept {
  return outcome_names[static_cast<std::size_t>(o)];
}

TFDRIFT_END_NAMESPACE
