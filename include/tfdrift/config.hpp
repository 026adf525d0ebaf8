// Drift rules and detector settings: which attributes matter for which resource types, and how loud.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "alert.hpp"
#include "catalog.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// One drift rule, as in the spec's config.yaml.
struct drift_rule {
  std::string name;
  std::vector<std::string> resource_types;
  std::vector<std::string> watched_attributes;  ///< provider names or the spec's aliases ("settings")
  severity sev = severity::medium;
};

/// Everything that tunes the detector.
struct config {
  std::vector<drift_rule> rules;
  bool report_unwatched = true;           ///< report attributes no rule watches...
  severity unwatched_severity = severity::low;  ///< ...at this severity
  severity delete_severity = severity::critical;  ///< deletes of managed resources
  bool report_terraform = false;          ///< report Terraform's own calls instead of ignoring them
  std::size_t dedup_window = 1u << 20;    ///< eventIDs remembered for deduplication
  std::size_t max_malformed_places = 20;  ///< malformed records listed by place (the rest are counted)
};

/// Returns the built-in config: the spec's example rules plus capacity providers.
inline config default_config() {
  config c;
  c.rules = {
      {"ECS Service Configuration",
       {"aws_ecs_service"},
       {"desired_count", "task_definition", "launch_type", "enable_execute_command"},
       severity::high},
      {"ECS Task Definition Changes",
       {"aws_ecs_task_definition"},
       {"container_definitions", "task_role_arn", "execution_role_arn", "cpu", "memory"},
       severity::medium},
      {"ECS Cluster Settings",
       {"aws_ecs_cluster", "aws_ecs_cluster_capacity_providers"},
       {"settings", "capacity_providers", "default_capacity_provider_strategy"},
       severity::high},
      {"ECS Capacity Providers",
       {"aws_ecs_capacity_provider"},
       {"auto_scaling_group_provider", "name"},
       severity::high},
  };
  return c;
}

/// The severity a change gets, and the rule that gave it.
struct rated {
  severity sev = severity::low;
  const drift_rule* rule = nullptr;  ///< nullptr when no rule watches the attribute
};

/// Returns the highest severity among the rules that watch a resource type's attribute.
inline rated rate_attribute(const config& c, std::string_view type, std::string_view attribute) {
  rated best;
  for (const auto& r : c.rules) {
    bool type_hit = false;
    for (const auto& t : r.resource_types) type_hit = type_hit || t == type;
    if (!type_hit) continue;
    for (const auto& a : r.watched_attributes) {
      if (canonical_attribute(type, a) != attribute) continue;
      if (!best.rule || r.sev > best.sev) best = {r.sev, &r};
    }
  }
  return best;
}

/// Returns the highest severity among the rules that cover a resource type at all.
inline rated rate_type(const config& c, std::string_view type) {
  rated best;
  for (const auto& r : c.rules)
    for (const auto& t : r.resource_types)
      if (t == type && (!best.rule || r.sev > best.sev)) best = {r.sev, &r};
  return best;
}

TFDRIFT_END_NAMESPACE
