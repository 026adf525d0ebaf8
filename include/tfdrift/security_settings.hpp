// The settings of the security checks (config::security): which checks run and how serious
// their findings are, by check id. The checks themselves are in security.hpp.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "change.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// The ids of the security checks (security.hpp's security_checks, in the same order, which a
/// static_assert there checks): the config reads check settings by these ids without including
/// the checks themselves.
inline constexpr std::array<std::string_view, 26> security_check_ids{
    "container.capabilities_added",
    "container.host_namespace",
    "container.privileged",
    "container.readonly_root_disabled",
    "container.root_user",
    "container.secret_in_plaintext",
    "container.secret_moved_to_secrets",
    "exec.enabled",
    "exec.session",
    "iam.role_changed",
    "iam.tags_removed",
    "image.digest_removed",
    "image.latest_or_untagged",
    "image.registry_not_allowed",
    "image.tag_changed",
    "network.load_balancer_port_added",
    "network.mode_changed",
    "network.public_ip_enabled",
    "network.security_groups_changed",
    "network.service_connect_port_added",
    "task.fault_injection_enabled",
    "volume.efs_iam_disabled",
    "volume.efs_transit_unencrypted",
    "volume.host_path_added",
    "who.console_without_mfa",
    "who.root",
};

/// The number of security checks (the rows of security_checks).
inline constexpr std::size_t security_check_count = security_check_ids.size();

/// Returns the index of a check in security_checks, or security_check_count for an unknown id.
constexpr std::size_t security_check_index(std::string_view id) noexcept {
  auto it = std::ranges::lower_bound(security_check_ids, id);
  return it != security_check_ids.end() && *it == id ? static_cast<std::size_t>(it - security_check_ids.begin())
                                                     : security_check_count;
}


/// The config of one security check.
struct security_check_setting {
  bool enabled = true;
  std::optional<severity> sev;  ///< replaces the check's default severity (for who.* checks: the floor)
};

/// The settings of the security checks (config::security).
struct security_settings {
  bool enabled = true;  ///< false turns every check off
  std::array<security_check_setting, security_check_count> checks{};  ///< by index in security_checks
  /// Registries images may come from (globs over the registry host, e.g.
  /// "*.dkr.ecr.*.amazonaws.com"; Docker Hub is "docker.io").
  std::vector<std::string> allowed_registries;
  /// Also allow the registries that the loaded states' own task definitions use.
  bool trust_state_registries = true;
  /// Replace the values of secret-looking environment entries in alerts with "<redacted>"
  /// (see redact_secrets); independent of `enabled`.
  bool redact_secrets = true;
};

TFDRIFT_END_NAMESPACE
