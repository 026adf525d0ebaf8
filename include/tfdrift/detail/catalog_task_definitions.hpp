// The catalog's aws_ecs_task_definition tables (task_definition.go): nested blocks and what RegisterTaskDefinition sets.
// A part of catalog.hpp, which includes it after the row types it uses: not a header of its own.
#pragma once

#include "catalog_services.hpp"

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

// task_definition.go, "ephemeral_storage" (TypeList, MaxItems 1); flattenEphemeralStorage.
// API shape EphemeralStorage.
inline constexpr std::array<block_member, 1> ephemeral_storage_members{{
    {"sizeInGiB", "size_in_gib", member_kind::integer},
}};
// task_definition.go, "runtime_platform" (TypeList, MaxItems 1); flattenRuntimePlatform.
// API shape RuntimePlatform.
inline constexpr std::array<block_member, 2> runtime_platform_members{{
    {"cpuArchitecture", "cpu_architecture", member_kind::string},
    {"operatingSystemFamily", "operating_system_family", member_kind::string},
}};
// task_definition.go, "volume" (TypeSet, ForceNew; expandVolumes / flattenVolumes): host_path
// is the API's host.sourcePath; docker_volume_configuration, efs_volume_configuration and
// fsx_windows_file_server_volume_configuration are one-element lists; driver_opts and labels
// maps. Unset, the provider stores docker scope "task" and driver "local" (Computed: what AWS
// returns, the set hash's defaults) and EFS root_directory "/" (Default). API shapes Volume,
// HostVolumeProperties, DockerVolumeConfiguration, EFSVolumeConfiguration,
// FSxWindowsFileServerVolumeConfiguration.
inline constexpr std::array<block_member, 5> docker_volume_members{{
    {"autoprovision", "autoprovision", member_kind::boolean},
    {"driver", "driver", member_kind::string, {}, member_rule::none, "local"},
    {"driverOpts", "driver_opts", member_kind::string_map},
    {"labels", "labels", member_kind::string_map},
    {"scope", "scope", member_kind::string, {}, member_rule::none, "task"},
}};
inline constexpr std::array<block_member, 2> efs_authorization_members{{
    {"accessPointId", "access_point_id", member_kind::string},
    {"iam", "iam", member_kind::string},
}};
inline constexpr std::array<block_member, 5> efs_volume_members{{
    {"authorizationConfig", "authorization_config", member_kind::block, efs_authorization_members},
    {"fileSystemId", "file_system_id", member_kind::string},
    {"rootDirectory", "root_directory", member_kind::string, {}, member_rule::none, "/"},
    {"transitEncryption", "transit_encryption", member_kind::string},
    {"transitEncryptionPort", "transit_encryption_port", member_kind::integer},
}};
inline constexpr std::array<block_member, 2> fsx_authorization_members{{
    {"credentialsParameter", "credentials_parameter", member_kind::string},
    {"domain", "domain", member_kind::string},
}};
inline constexpr std::array<block_member, 3> fsx_volume_members{{
    {"authorizationConfig", "authorization_config", member_kind::block, fsx_authorization_members},
    {"fileSystemId", "file_system_id", member_kind::string},
    {"rootDirectory", "root_directory", member_kind::string},
}};
inline constexpr std::array<block_member, 6> volume_members{{
    {"configuredAtLaunch", "configure_at_launch", member_kind::boolean},
    {"dockerVolumeConfiguration", "docker_volume_configuration", member_kind::block, docker_volume_members},
    {"efsVolumeConfiguration", "efs_volume_configuration", member_kind::block, efs_volume_members},
    {"fsxWindowsFileServerVolumeConfiguration", "fsx_windows_file_server_volume_configuration", member_kind::block, fsx_volume_members},
    {"host", "host_path", member_kind::string, {}, member_rule::host_source_path},
    {"name", "name", member_kind::string},
}};
// task_definition.go, "proxy_configuration" (TypeList, MaxItems 1; flattenProxyConfiguration):
// properties, a list of {name, value} in the API, are a map. API shape ProxyConfiguration.
inline constexpr std::array<block_member, 3> proxy_configuration_members{{
    {"containerName", "container_name", member_kind::string},
    {"properties", "properties", member_kind::pair_map},
    {"type", "type", member_kind::string},
}};

// task_definition.go: cpu and memory are strings as AWS returns them ("256"; the API also takes
// "0.25 vCPU"), requires_compatibilities a set, container_definitions JSON text compared by
// containerDefinitionsAreEquivalent (container_definitions.go).
inline constexpr std::array<field_map, 16> register_task_definition_fields{{
    {"containerDefinitions", "container_definitions", compare_kind::container_definitions},
    {"cpu", "cpu", compare_kind::cpu_units},
    {"enableFaultInjection", "enable_fault_injection", compare_kind::boolean},
    {"ephemeralStorage", "ephemeral_storage", compare_kind::block, {}, ephemeral_storage_members},
    {"executionRoleArn", "execution_role_arn", compare_kind::string},
    {"ipcMode", "ipc_mode", compare_kind::string},
    {"memory", "memory", compare_kind::memory_units},
    {"networkMode", "network_mode", compare_kind::string, "bridge"},
    {"pidMode", "pid_mode", compare_kind::string},
    // task_definition.go "placement_constraints" (TypeSet, MaxItems 10) and "proxy_configuration"
    // (TypeList, MaxItems 1; flattenProxyConfiguration).
    {"placementConstraints", "placement_constraints", compare_kind::block_set, {}, placement_constraint_members},
    {"proxyConfiguration", "proxy_configuration", compare_kind::block, {}, proxy_configuration_members},
    {"requiresCompatibilities", "requires_compatibilities", compare_kind::string_set},
    {"runtimePlatform", "runtime_platform", compare_kind::block, {}, runtime_platform_members},
    {"tags", "tags", compare_kind::tags},
    {"taskRoleArn", "task_role_arn", compare_kind::string},
    {"volumes", "volume", compare_kind::block_set, {}, volume_members},
}};

}  // namespace detail

TFDRIFT_END_NAMESPACE
