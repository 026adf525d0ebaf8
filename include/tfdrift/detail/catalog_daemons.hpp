// The catalog's aws_ecs_daemon and aws_ecs_daemon_task_definition tables (daemon.go, daemon_task_definition.go).
// A part of catalog.hpp, which includes it after the row types it uses: not a header of its own.
#pragma once

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

// daemon.go, "deployment_configuration" (ListNestedBlock, SizeAtMost 1: bake_time_in_minutes an
// int, drain_percent a float) > "alarms" (SizeAtMost 1; alarm_names a set). API shapes
// DaemonDeploymentConfiguration, DaemonAlarmConfiguration. capacity_provider_arns is a list of
// ARNs, written from the current revision's capacity providers (flattenDaemonRevision), compared
// as a set; daemon_task_definition_arn keeps the ARN the config gave; propagate_tags is
// DAEMON or NONE.
inline constexpr std::array<block_member, 2> daemon_alarms_members{{
    {"alarmNames", "alarm_names", member_kind::string_set},
    {"enable", "enable", member_kind::boolean},
}};
inline constexpr std::array<field_map, 8> daemon_shared_fields{{
    {"capacityProviderArns", "capacity_provider_arns", compare_kind::string_set},
    {"daemonTaskDefinitionArn", "daemon_task_definition_arn", compare_kind::string},
    {"deploymentConfiguration.alarms", "deployment_configuration[0].alarms", compare_kind::block, {}, daemon_alarms_members},
    {"deploymentConfiguration.bakeTimeInMinutes", "deployment_configuration[0].bake_time_in_minutes", compare_kind::number},
    {"deploymentConfiguration.drainPercent", "deployment_configuration[0].drain_percent", compare_kind::number},
    {"enableECSManagedTags", "enable_ecs_managed_tags", compare_kind::boolean},
    {"enableExecuteCommand", "enable_execute_command", compare_kind::boolean},
    {"propagateTags", "propagate_tags", compare_kind::string, "NONE"},
}};
inline constexpr std::array<field_map, 1> create_daemon_fields{{
    {"tags", "tags", compare_kind::tags},
}};

// daemon_task_definition.go, "volume" (SetNestedBlock, RequiresReplace; flattenDaemonVolumes):
// host_path is the API's host.sourcePath. API shape DaemonVolume. cpu and memory are strings as
// AWS returns them. container_definition, a list of nested blocks (not the JSON text of
// aws_ecs_task_definition), is not compared yet (request_member_notes).
inline constexpr std::array<block_member, 2> daemon_volume_members{{
    {"host", "host_path", member_kind::string, {}, member_rule::host_source_path},
    {"name", "name", member_kind::string},
}};
inline constexpr std::array<field_map, 6> register_daemon_task_definition_fields{{
    {"cpu", "cpu", compare_kind::cpu_units},
    {"executionRoleArn", "execution_role_arn", compare_kind::string},
    {"memory", "memory", compare_kind::memory_units},
    {"tags", "tags", compare_kind::tags},
    {"taskRoleArn", "task_role_arn", compare_kind::string},
    {"volumes", "volume", compare_kind::block_set, {}, daemon_volume_members},
}};

}  // namespace detail

TFDRIFT_END_NAMESPACE
