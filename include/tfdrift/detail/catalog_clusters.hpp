// The catalog's aws_ecs_cluster, aws_ecs_cluster_capacity_providers and aws_ecs_container_instance tables (cluster.go, ...), and what ExecuteCommand names.
// A part of catalog.hpp, which includes it after the row types it uses: not a header of its own.
#pragma once

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

// cluster.go, "configuration" > "execute_command_configuration" > "log_configuration" and
// "managed_storage_configuration" (TypeList, MaxItems 1; flattenClusterConfiguration).
// API shapes ExecuteCommandLogConfiguration, ManagedStorageConfiguration.
inline constexpr std::array<block_member, 5> exec_log_configuration_members{{
    {"cloudWatchEncryptionEnabled", "cloud_watch_encryption_enabled", member_kind::boolean},
    {"cloudWatchLogGroupName", "cloud_watch_log_group_name", member_kind::string},
    {"s3BucketName", "s3_bucket_name", member_kind::string},
    {"s3EncryptionEnabled", "s3_bucket_encryption_enabled", member_kind::boolean},
    {"s3KeyPrefix", "s3_key_prefix", member_kind::string},
}};
inline constexpr std::array<block_member, 2> managed_storage_members{{
    {"fargateEphemeralStorageKmsKeyId", "fargate_ephemeral_storage_kms_key_id", member_kind::string},
    {"kmsKeyId", "kms_key_id", member_kind::string},
}};

// cluster.go: setting is a set of {name, value} (flattenClusterSettings), configuration and
// service_connect_defaults one-element blocks.
inline constexpr std::array<field_map, 6> cluster_shared_fields{{
    {"configuration.executeCommandConfiguration.kmsKeyId", "configuration[0].execute_command_configuration[0].kms_key_id", compare_kind::string},
    {"configuration.executeCommandConfiguration.logConfiguration", "configuration[0].execute_command_configuration[0].log_configuration", compare_kind::block, {}, exec_log_configuration_members},
    {"configuration.executeCommandConfiguration.logging", "configuration[0].execute_command_configuration[0].logging", compare_kind::string},
    {"configuration.managedStorageConfiguration", "configuration[0].managed_storage_configuration", compare_kind::block, {}, managed_storage_members},
    // cluster.go flattenClusterServiceConnectDefaults stores the namespace ARN that AWS returns;
    // the API takes a name or an ARN (ClusterServiceConnectDefaultsRequest.namespace).
    {"serviceConnectDefaults.namespace", "service_connect_defaults[0].namespace", compare_kind::namespace_ref, {}, {},
     "cluster.serviceConnectDefaults.namespace"},
    {"settings", "setting", compare_kind::settings},
}};
inline constexpr std::array<field_map, 1> create_cluster_fields{{
    {"tags", "tags", compare_kind::tags},
}};
inline constexpr std::array<field_map, 1> cluster_settings_fields{{
    {"settings", "setting", compare_kind::settings},
}};
inline constexpr std::array<field_map, 2> cluster_capacity_providers_fields{{
    {"capacityProviders", "capacity_providers", compare_kind::string_set},
    {"defaultCapacityProviderStrategy", "default_capacity_provider_strategy", compare_kind::strategy_set},
}};
inline constexpr std::array<field_map, 1> container_instances_fields{{
    {"status", "status", compare_kind::string},
}};

// What ExecuteCommand names: the task ARN, the container, the command and whether it is a shell.
inline constexpr std::array<std::string_view, 4> execute_command_keys{"command", "container", "interactive", "task"};

}  // namespace detail

TFDRIFT_END_NAMESPACE
