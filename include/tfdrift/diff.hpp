// The attribute-path differ: compares what a request set with the state's value, by the catalog's comparison kinds.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog.hpp"
#include "change.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// What the differ needs to know about the event beyond the two values.
struct diff_context {
  std::string_view partition = "aws";  ///< of the event's resource, to write ARNs like the state does
  std::string_view region, account;    ///< of the event's resource
  bool awsvpc = false;        ///< task network mode is awsvpc: an unset hostPort equals containerPort
  bool full_replacement = false;  ///< keys left out of the request are unset (RegisterTaskDefinition)
  /// The record's responseElements, where the catalog reads a stored form from it
  /// (field_map::response_path); nullptr when the record has none.
  const nlohmann::json* response = nullptr;
  /// Where the state's parsed and normalised container definitions are kept between events
  /// ([0] for other network modes, [1] for awsvpc); nullptr to compute them each time.
  std::array<std::optional<nlohmann::json>, 2>* container_cache = nullptr;
};

/// Compares one catalog field of a request with the state's attributes and appends the
/// changes (none when the values are equal under the field's comparison kind).
/// `req` is the request's value, nullptr when the request left the key out. When `equal` is
/// given, the paths that the request set and found equal to the state are appended to it (the
/// drift ledger closes drifts under them); a path covers the paths under it, except those
/// appended to `out` (container_definitions is appended whenever the request set it).
inline void diff_field(const field_map& f, const nlohmann::json* req, const nlohmann::json& state_attrs,
                       const diff_context& ctx, std::vector<change>& out,
                       std::vector<std::string>* equal = nullptr);

TFDRIFT_END_NAMESPACE

#include "detail/diff-inl.hpp"
