// The bodies of config.hpp's policy functions: the built-in rules, rating a change, the
// accounts and regions watched, and the ignore rules.
#pragma once

#include <string>
#include <string_view>

#include "../config.hpp"
#include "arn.hpp"
#include "glob.hpp"

TFDRIFT_BEGIN_NAMESPACE

inline config default_config() {
  config c;
  c.rules = {
      {"ECS Service Configuration",
       {"aws_ecs_service"},
       {"desired_count", "task_definition", "launch_type", "enable_execute_command"},
       severity::high,
       std::nullopt},
      {"ECS Task Definition Changes",
       {"aws_ecs_task_definition"},
       {"container_definitions", "task_role_arn", "execution_role_arn", "cpu", "memory"},
       severity::medium,
       std::nullopt},
      {"ECS Cluster Settings",
       {"aws_ecs_cluster", "aws_ecs_cluster_capacity_providers"},
       {"settings", "capacity_providers", "default_capacity_provider_strategy"},
       severity::high,
       std::nullopt},
      {"ECS Capacity Providers",
       {"aws_ecs_capacity_provider"},
       {"auto_scaling_group_provider", "name"},
       severity::high,
       std::nullopt},
  };
  return c;
}

inline rated rate_attribute(const config& c, std::string_view type, std::string_view attribute) {
  rated best;
  for (const auto& r : c.rules) {
    for (const auto& a : r.watched_attributes) {
      if (canonical_attribute(type, a) != attribute) continue;
      // A rule naming aws_ecs_cluster's capacity_providers watches it where it lives now.
      bool type_hit = false;
      for (const auto& t : r.resource_types) type_hit = type_hit || attribute_applies(t, attribute, type);
      if (type_hit && (!best.rule || r.sev > best.sev)) best = {r.sev, &r};
    }
  }
  return best;
}

inline rated rate_type(const config& c, std::string_view type) {
  rated best;
  for (const auto& r : c.rules)
    for (const auto& t : r.resource_types) {
      // A rule also covers the type its moved attributes live in now (moved_attributes).
      bool hit = t == type;
      for (const auto& a : r.watched_attributes)
        hit = hit || (t != type && attribute_applies(t, canonical_attribute(t, a), type));
      if (hit && (!best.rule || r.sev > best.sev)) best = {r.sev, &r};
    }
  return best;
}

inline rated rate_delete(const config& c, std::string_view type) {
  rated best;
  for (const auto& r : c.rules) {
    if (!r.delete_sev) continue;
    for (const auto& t : r.resource_types)
      if (t == type && (!best.rule || *r.delete_sev > best.sev)) best = {*r.delete_sev, &r};
  }
  if (best.rule) return best;
  return {c.delete_severity, rate_type(c, type).rule};
}

namespace detail {

inline bool has_wildcard(std::string_view pattern) noexcept {
  return pattern.find_first_of("*?") != std::string_view::npos;
}

// "arn:aws:iam::123:role/path/NAME" -> "arn:aws:iam::123:role/NAME": role names are unique in
// an account whatever their path, and CloudTrail's assumed-role ARN does not carry the path.
inline std::string role_arn_without_path(std::string_view arn) {
  auto role = arn.find(":role/");
  if (role == std::string_view::npos) return std::string(arn);
  auto slash = arn.rfind('/');
  return std::string(arn.substr(0, role + 6)) + std::string(arn.substr(slash + 1));
}

}  // namespace detail

inline bool watches_account(const config& c, std::string_view account) noexcept {
  if (c.accounts.empty()) return true;
  for (const auto& a : c.accounts)
    if (detail::glob_match(a, account)) return true;
  return false;
}

inline bool watches_region(const config& c, std::string_view region) noexcept {
  if (c.regions.empty()) return true;
  for (const auto& r : c.regions)
    if (detail::glob_match(r, region)) return true;
  return false;
}

inline const std::string* ignoring_principal(const config& c, const identity& who, std::string_view shown_name) {
  if (c.ignore.principals.empty()) return nullptr;
  std::string_view role = who.issuer_name, sts_account, partition = "aws";
  std::string_view arn = who.arn;
  if (auto at = arn.find(":assumed-role/"); at != std::string_view::npos) {
    std::string_view rest = arn.substr(at + 14);
    if (role.empty()) role = rest.substr(0, rest.find('/'));
    if (auto parts = detail::parse_arn(arn)) {
      sts_account = parts->account;
      partition = parts->partition;
    }
  }
  std::string role_arn;
  if (!role.empty() && !sts_account.empty())
    role_arn = "arn:" + std::string(partition) + ":iam::" + std::string(sts_account) + ":role/" + std::string(role);
  for (const auto& p : c.ignore.principals) {
    auto hit = [&](std::string_view v) { return !v.empty() && detail::glob_match(p, v); };
    if (hit(who.user_name) || hit(role) || hit(who.arn) || hit(who.invoked_by) || hit(shown_name)) return &p;
    if (!role_arn.empty() && p.starts_with("arn:") && p.find(":role/") != std::string::npos &&
        detail::glob_match(detail::role_arn_without_path(p), role_arn))
      return &p;
  }
  return nullptr;
}

inline const std::string* ignoring_user_agent(const config& c, std::string_view user_agent) noexcept {
  for (const auto& u : c.ignore.user_agents) {
    if (detail::has_wildcard(u) ? detail::glob_match(u, user_agent) : user_agent.find(u) != std::string_view::npos)
      return &u;
  }
  return nullptr;
}

inline bool ignores_attribute(const config& c, std::string_view type, std::string_view address,
                              std::string_view attribute) noexcept {
  for (const auto& ig : c.ignore.attributes) {
    if (!ig.address.empty() && (address.empty() || !detail::glob_match(ig.address, address))) continue;
    for (const auto& a : ig.attributes) {
      if (canonical_attribute(type, a) != attribute) continue;
      bool type_hit = ig.resource_types.empty();
      for (const auto& t : ig.resource_types) type_hit = type_hit || attribute_applies(t, attribute, type);
      if (type_hit) return true;
    }
  }
  return false;
}

TFDRIFT_END_NAMESPACE
