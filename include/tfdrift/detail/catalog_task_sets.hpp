// The catalog's aws_ecs_task_set tables (task_set.go): load balancers, scale, and what CreateTaskSet, UpdateTaskSet and UpdateServicePrimaryTaskSet set.
// A part of catalog.hpp, which includes it after the row types it uses: not a header of its own.
#pragma once

#include "catalog_services.hpp"

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

// task_set.go, "load_balancer" (TypeSet; flattenTaskSetLoadBalancers keeps the classic ELB's
// name as load_balancer_name, unlike the service). API shape LoadBalancer (a task set takes no
// advancedConfiguration: the provider has no attribute for it).
inline constexpr std::array<block_member, 4> task_set_load_balancer_members{{
    {"containerName", "container_name", member_kind::string},
    {"containerPort", "container_port", member_kind::integer},
    {"loadBalancerName", "load_balancer_name", member_kind::string},
    {"targetGroupArn", "target_group_arn", member_kind::string},
}};
// task_set.go, "scale" (TypeList, MaxItems 1; unit defaults to PERCENT, value a float);
// flattenScale. API shape Scale.
inline constexpr std::array<block_member, 2> scale_members{{
    {"unit", "unit", member_kind::string, {}, member_rule::none, "PERCENT"},
    {"value", "value", member_kind::integer},
}};

// task_set.go: what CreateTaskSet sets (all ForceNew but scale); the state keeps the task
// definition ARN AWS returns, the strategy as a set with base/weight 0 when unset.
inline constexpr std::array<field_map, 10> create_task_set_fields{{
    {"capacityProviderStrategy", "capacity_provider_strategy", compare_kind::strategy_set},
    {"externalId", "external_id", compare_kind::string},
    {"launchType", "launch_type", compare_kind::string},
    {"loadBalancers", "load_balancer", compare_kind::block_set, {}, task_set_load_balancer_members},
    {"networkConfiguration.awsvpcConfiguration", "network_configuration", compare_kind::block, {}, network_configuration_members},
    {"platformVersion", "platform_version", compare_kind::string},
    {"scale", "scale", compare_kind::block, {}, scale_members},
    {"serviceRegistries", "service_registries", compare_kind::block_list, {}, service_registry_members},
    {"tags", "tags", compare_kind::tags},
    {"taskDefinition", "task_definition", compare_kind::task_definition_ref},
}};
// task_set.go resourceTaskSetUpdate: UpdateTaskSet changes only the scale.
inline constexpr std::array<field_map, 1> update_task_set_fields{{
    {"scale", "scale", compare_kind::block, {}, scale_members},
}};
// UpdateServicePrimaryTaskSet: which task set takes the production traffic (no attribute).
inline constexpr std::array<std::string_view, 1> primary_task_set_keys{"primaryTaskSet"};

}  // namespace detail

TFDRIFT_END_NAMESPACE
