// The catalog's Terraform resource types: the attributes of each (and those the spec watches), the ECS ARN kinds, revision types, moved attributes and aliases.
// A part of catalog.hpp, which includes it after the row types it uses: not a header of its own.
#pragma once

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

// --- attributes per resource type (sorted) ------------------------------------------
inline constexpr std::array<std::string_view, 31> service_attributes{
    "alarms", "availability_zone_rebalancing", "capacity_provider_strategy", "cluster",
    "deployment_circuit_breaker", "deployment_configuration", "deployment_controller",
    "deployment_maximum_percent", "deployment_minimum_healthy_percent", "desired_count",
    "enable_ecs_managed_tags", "enable_execute_command", "force_new_deployment",
    "health_check_grace_period_seconds", "iam_role", "launch_type", "load_balancer", "name",
    "network_configuration", "ordered_placement_strategy", "placement_constraints",
    "platform_version", "propagate_tags", "scheduling_strategy", "service_connect_configuration",
    "service_registries", "tags", "tags_all", "task_definition", "volume_configuration",
    "vpc_lattice_configurations"};
inline constexpr std::array<std::string_view, 7> service_watched{
    "cluster", "desired_count", "enable_execute_command", "force_new_deployment",
    "launch_type", "name", "task_definition"};

inline constexpr std::array<std::string_view, 18> task_definition_attributes{
    "container_definitions", "cpu", "enable_fault_injection", "ephemeral_storage",
    "execution_role_arn", "family", "ipc_mode", "memory", "network_mode", "pid_mode",
    "placement_constraints", "proxy_configuration", "requires_compatibilities",
    "runtime_platform", "tags", "tags_all", "task_role_arn", "volume"};
inline constexpr std::array<std::string_view, 8> task_definition_watched{
    "container_definitions", "cpu", "execution_role_arn", "family", "memory",
    "network_mode", "requires_compatibilities", "task_role_arn"};

// capacity_providers and default_capacity_provider_strategy left aws_ecs_cluster in provider
// v5.0.0 for aws_ecs_cluster_capacity_providers (see moved_attributes).
inline constexpr std::array<std::string_view, 6> cluster_attributes{
    "configuration", "name", "service_connect_defaults", "setting", "tags", "tags_all"};
inline constexpr std::array<std::string_view, 1> cluster_watched{"setting"};

inline constexpr std::array<std::string_view, 3> cluster_capacity_providers_attributes{
    "capacity_providers", "cluster_name", "default_capacity_provider_strategy"};
inline constexpr std::array<std::string_view, 2> cluster_capacity_providers_watched{
    "capacity_providers", "default_capacity_provider_strategy"};

inline constexpr std::array<std::string_view, 1> container_instance_attributes{"status"};

// account_setting_default.go: name (ForceNew), value, and principal_arn, the principal whose
// effective setting the provider reads (ListAccountSettings, effectiveSettings true).
inline constexpr std::array<std::string_view, 3> account_setting_default_attributes{"name", "principal_arn", "value"};
inline constexpr std::array<std::string_view, 1> account_setting_default_watched{"value"};

// tag_gen.go (aws_ecs_tag): one tag of a resource that Terraform does not otherwise manage; its
// id is "RESOURCE_ARN,KEY" (tftags.SetResourceID).
inline constexpr std::array<std::string_view, 3> tag_attributes{"key", "resource_arn", "value"};
inline constexpr std::array<std::string_view, 1> tag_watched{"value"};

// task_set.go: an EXTERNAL deployment controller's task set; id "TASK_SET_ID,SERVICE,CLUSTER".
inline constexpr std::array<std::string_view, 13> task_set_attributes{
    "capacity_provider_strategy", "cluster", "external_id", "launch_type", "load_balancer",
    "network_configuration", "platform_version", "scale", "service", "service_registries",
    "tags", "tags_all", "task_definition"};
inline constexpr std::array<std::string_view, 2> task_set_watched{"scale", "task_definition"};

// daemon.go (aws_ecs_daemon, a framework resource, @ArnIdentity): one daemon task on each
// instance of its capacity providers; ARN daemon/CLUSTER/NAME. Attribute names as the released
// provider writes them (provider-ecs-attributes.json: cluster_arn, daemon_task_definition_arn).
inline constexpr std::array<std::string_view, 10> daemon_attributes{
    "capacity_provider_arns", "cluster_arn", "daemon_task_definition_arn", "deployment_configuration",
    "enable_ecs_managed_tags", "enable_execute_command", "name", "propagate_tags", "tags", "tags_all"};
inline constexpr std::array<std::string_view, 3> daemon_watched{
    "capacity_provider_arns", "daemon_task_definition_arn", "enable_execute_command"};

// daemon_task_definition.go (aws_ecs_daemon_task_definition): a revision of a daemon task
// definition, ARN daemon-task-definition/FAMILY:REV; every attribute RequiresReplace.
inline constexpr std::array<std::string_view, 9> daemon_task_definition_attributes{
    "container_definition", "cpu", "execution_role_arn", "family", "memory", "tags", "tags_all",
    "task_role_arn", "volume"};
inline constexpr std::array<std::string_view, 6> daemon_task_definition_watched{
    "container_definition", "cpu", "execution_role_arn", "family", "memory", "task_role_arn"};

// express_gateway_service.go (aws_ecs_express_gateway_service): an ECS Express Mode service,
// ARN service/CLUSTER/NAME (service_arn; the resource has no arn attribute). What the service
// runs is flattened from AWS's active configuration (fwflex.Flatten of ActiveConfigurations[0]).
inline constexpr std::array<std::string_view, 13> express_gateway_service_attributes{
    "cluster", "cpu", "execution_role_arn", "health_check_path", "infrastructure_role_arn", "memory",
    "network_configuration", "primary_container", "scaling_target", "service_name", "tags", "tags_all",
    "task_role_arn"};
inline constexpr std::array<std::string_view, 5> express_gateway_service_watched{
    "cpu", "execution_role_arn", "memory", "primary_container", "task_role_arn"};

inline constexpr std::array<std::string_view, 6> capacity_provider_attributes{
    "auto_scaling_group_provider", "cluster", "managed_instances_provider", "name", "tags", "tags_all"};
inline constexpr std::array<std::string_view, 2> capacity_provider_watched{
    "auto_scaling_group_provider", "name"};

}  // namespace detail

/// The twelve Terraform resource types, sorted by type.
inline constexpr std::array<resource_schema, 12> resource_schemas{{
    {"aws_ecs_account_setting_default", detail::account_setting_default_watched, detail::account_setting_default_attributes},
    {"aws_ecs_capacity_provider", detail::capacity_provider_watched, detail::capacity_provider_attributes},
    {"aws_ecs_cluster", detail::cluster_watched, detail::cluster_attributes},
    {"aws_ecs_cluster_capacity_providers", detail::cluster_capacity_providers_watched, detail::cluster_capacity_providers_attributes},
    {"aws_ecs_container_instance", detail::container_instance_attributes, detail::container_instance_attributes},
    {"aws_ecs_daemon", detail::daemon_watched, detail::daemon_attributes},
    {"aws_ecs_daemon_task_definition", detail::daemon_task_definition_watched, detail::daemon_task_definition_attributes},
    {"aws_ecs_express_gateway_service", detail::express_gateway_service_watched, detail::express_gateway_service_attributes},
    {"aws_ecs_service", detail::service_watched, detail::service_attributes},
    {"aws_ecs_tag", detail::tag_watched, detail::tag_attributes},
    {"aws_ecs_task_definition", detail::task_definition_watched, detail::task_definition_attributes},
    {"aws_ecs_task_set", detail::task_set_watched, detail::task_set_attributes},
}};

/// The ECS ARN resource kinds (arn_resource_kind), sorted by kind.
inline constexpr std::array<arn_resource_kind, 9> arn_resource_kinds{{
    {"capacity-provider", "aws_ecs_capacity_provider", target_kind::capacity_provider},
    {"cluster", "aws_ecs_cluster", target_kind::cluster},
    {"daemon", "aws_ecs_daemon", target_kind::daemon},                     // daemon/CLUSTER/NAME
    {"daemon-task-definition", "aws_ecs_daemon_task_definition", target_kind::task_definition},  // daemon-task-definition/FAMILY:REV
    {"service", "aws_ecs_service", target_kind::service},                  // service/CLUSTER/NAME (or service/NAME)
    {"service", "aws_ecs_express_gateway_service", target_kind::service},  // an Express service: service/CLUSTER/NAME
    {"service-deployment", "aws_ecs_service", target_kind::service},       // service-deployment/CLUSTER/SERVICE/ID
    {"task-definition", "aws_ecs_task_definition", target_kind::task_definition},  // task-definition/FAMILY:REV
    {"task-set", "aws_ecs_task_set", target_kind::task_set},              // task-set/CLUSTER/SERVICE/ID
}};

/// The types whose revisions a task_definition target names (revision_type).
inline constexpr std::array<revision_type, 2> revision_types{{
    {"aws_ecs_daemon_task_definition", "daemon-task-definition", "daemonTaskDefinitionArn"},
    {"aws_ecs_task_definition", "task-definition", "taskDefinition.taskDefinitionArn"},
}};

/// aws_ecs_cluster's capacity_providers and default_capacity_provider_strategy were removed in
/// provider v5.0.0; aws_ecs_cluster_capacity_providers holds them (cluster_capacity_providers.go).
inline constexpr std::array<moved_attribute, 2> moved_attributes{{
    {"aws_ecs_cluster", "capacity_providers", "aws_ecs_cluster_capacity_providers"},
    {"aws_ecs_cluster", "default_capacity_provider_strategy", "aws_ecs_cluster_capacity_providers"},
}};

/// Names that the spec and users write for attributes the provider spells otherwise.
inline constexpr std::array<attribute_alias, 2> attribute_aliases{{
    {"aws_ecs_cluster", "settings", "setting"},
    {"aws_ecs_service", "service_name", "name"},
}};

TFDRIFT_END_NAMESPACE
