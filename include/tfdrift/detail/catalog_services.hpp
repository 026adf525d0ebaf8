// The catalog's aws_ecs_service tables: the nested blocks service.go stores and the request key -> attribute map of CreateService and UpdateService.
// A part of catalog.hpp, which includes it after the row types it uses: not a header of its own.
#pragma once

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

// service.go, "load_balancer" > "advanced_configuration" (TypeList, MaxItems 1);
// API shape AdvancedConfiguration.
inline constexpr std::array<block_member, 4> advanced_configuration_members{{
    {"alternateTargetGroupArn", "alternate_target_group_arn", member_kind::string},
    {"productionListenerRule", "production_listener_rule", member_kind::string},
    {"roleArn", "role_arn", member_kind::string},
    {"testListenerRule", "test_listener_rule", member_kind::string},
}};
// service.go, "load_balancer" (TypeSet); flex.go flattenLoadBalancers writes the classic ELB's
// LoadBalancerName as elb_name. API shape LoadBalancer.
inline constexpr std::array<block_member, 5> load_balancer_members{{
    {"advancedConfiguration", "advanced_configuration", member_kind::block, advanced_configuration_members},
    {"containerName", "container_name", member_kind::string},
    {"containerPort", "container_port", member_kind::integer},
    {"loadBalancerName", "elb_name", member_kind::string},
    {"targetGroupArn", "target_group_arn", member_kind::string},
}};
// service.go, "placement_constraints" (TypeSet, MaxItems 10); flattenServicePlacementConstraints
// stores an unset expression as "". API shape PlacementConstraint.
inline constexpr std::array<block_member, 2> placement_constraint_members{{
    {"expression", "expression", member_kind::string},
    {"type", "type", member_kind::string},
}};
// service.go, "ordered_placement_strategy" (TypeList, MaxItems 5: strategies apply in order);
// "field" has a StateFunc (host -> instanceId), a case-insensitive DiffSuppressFunc, and
// flattenPlacementStrategy lower-cases MEMORY and CPU. API shape PlacementStrategy.
inline constexpr std::array<block_member, 2> placement_strategy_members{{
    {"field", "field", member_kind::string, {}, member_rule::placement_field},
    {"type", "type", member_kind::string},
}};
// service.go, "service_registries" (TypeList, MaxItems 1); flattenServiceRegistries stores an
// unset port / container_port as 0 and container_name as "". API shape ServiceRegistry.
inline constexpr std::array<block_member, 4> service_registry_members{{
    {"containerName", "container_name", member_kind::string},
    {"containerPort", "container_port", member_kind::integer},
    {"port", "port", member_kind::integer},
    {"registryArn", "registry_arn", member_kind::string},
}};
// service.go, "network_configuration" (TypeList, MaxItems 1; subnets and security_groups are
// sets, assign_public_ip a bool); flattenNetworkConfiguration reads awsvpcConfiguration.
// API shape AwsVpcConfiguration (assignPublicIp ENABLED/DISABLED).
inline constexpr std::array<block_member, 3> network_configuration_members{{
    {"assignPublicIp", "assign_public_ip", member_kind::enabled_flag},
    {"securityGroups", "security_groups", member_kind::string_set},
    {"subnets", "subnets", member_kind::string_set},
}};
// service.go, "alarms" (TypeList, MaxItems 1; alarm_names a set); resourceServiceRead stores
// flattenAlarms(deploymentConfiguration.alarms). API shape DeploymentAlarms.
inline constexpr std::array<block_member, 3> alarms_members{{
    {"alarmNames", "alarm_names", member_kind::string_set},
    {"enable", "enable", member_kind::boolean},
    {"rollback", "rollback", member_kind::boolean},
}};
// service.go, "deployment_controller" (TypeList, MaxItems 1; type defaults to "ECS").
// API shape DeploymentController.
inline constexpr std::array<block_member, 1> deployment_controller_members{{
    {"type", "type", member_kind::string},
}};
// service.go, "vpc_lattice_configurations" (TypeSet); resourceServiceRead stores
// flattenVPCLatticeConfigurations of the PRIMARY deployment. API shape VpcLatticeConfiguration.
inline constexpr std::array<block_member, 3> vpc_lattice_members{{
    {"portName", "port_name", member_kind::string},
    {"roleArn", "role_arn", member_kind::string},
    {"targetGroupArn", "target_group_arn", member_kind::string},
}};
// service.go, "deployment_configuration" > "linear_configuration" / "canary_configuration"
// (TypeList, MaxItems 1; the bake times are nullable ints kept as strings, "" when unset).
// API shapes LinearConfiguration, CanaryConfiguration (the percents are doubles).
inline constexpr std::array<block_member, 2> linear_configuration_members{{
    {"stepBakeTimeInMinutes", "step_bake_time_in_minutes", member_kind::integer},
    {"stepPercent", "step_percent", member_kind::integer},
}};
inline constexpr std::array<block_member, 2> canary_configuration_members{{
    {"canaryBakeTimeInMinutes", "canary_bake_time_in_minutes", member_kind::integer},
    {"canaryPercent", "canary_percent", member_kind::integer},
}};
// service.go, "deployment_configuration" > "lifecycle_hook" (TypeSet); hook_details is JSON text
// in the provider (DiffSuppressFunc verify.SuppressEquivalentJSONDiffs) and a document in the API.
// API shape DeploymentLifecycleHook.
inline constexpr std::array<block_member, 4> lifecycle_hook_members{{
    {"hookDetails", "hook_details", member_kind::json_text},
    {"hookTargetArn", "hook_target_arn", member_kind::string},
    {"lifecycleStages", "lifecycle_stages", member_kind::string_set},
    {"roleArn", "role_arn", member_kind::string},
}};
// service.go, "service_connect_configuration" (TypeList, MaxItems 1), read from the PRIMARY
// deployment by resourceServiceRead (flattenServiceConnectConfiguration). API shape
// ServiceConnectConfiguration; each nested object is a one-element list of blocks.
inline constexpr std::array<block_member, 2> sc_access_log_members{{
    {"format", "format", member_kind::string},
    {"includeQueryParameters", "include_query_parameters", member_kind::string},
}};
inline constexpr std::array<block_member, 2> sc_secret_option_members{{
    {"name", "name", member_kind::string},
    {"valueFrom", "value_from", member_kind::string},
}};
inline constexpr std::array<block_member, 3> sc_log_configuration_members{{
    {"logDriver", "log_driver", member_kind::string},
    {"options", "options", member_kind::string_map},
    {"secretOptions", "secret_option", member_kind::block_list, sc_secret_option_members},
}};
inline constexpr std::array<block_member, 1> sc_header_value_members{{
    {"exact", "exact", member_kind::string},
}};
inline constexpr std::array<block_member, 2> sc_header_members{{
    {"name", "name", member_kind::string},
    {"value", "value", member_kind::block, sc_header_value_members},
}};
inline constexpr std::array<block_member, 1> sc_test_traffic_rules_members{{
    {"header", "header", member_kind::block, sc_header_members},
}};
inline constexpr std::array<block_member, 3> sc_client_alias_members{{
    {"dnsName", "dns_name", member_kind::string},
    {"port", "port", member_kind::integer},
    {"testTrafficRules", "test_traffic_rules", member_kind::block, sc_test_traffic_rules_members},
}};
inline constexpr std::array<block_member, 2> sc_timeout_members{{
    {"idleTimeoutSeconds", "idle_timeout_seconds", member_kind::integer},
    {"perRequestTimeoutSeconds", "per_request_timeout_seconds", member_kind::integer},
}};
inline constexpr std::array<block_member, 1> sc_issuer_members{{
    {"awsPcaAuthorityArn", "aws_pca_authority_arn", member_kind::string},
}};
inline constexpr std::array<block_member, 3> sc_tls_members{{
    {"issuerCertificateAuthority", "issuer_cert_authority", member_kind::block, sc_issuer_members},
    {"kmsKey", "kms_key", member_kind::string},
    {"roleArn", "role_arn", member_kind::string},
}};
inline constexpr std::array<block_member, 6> sc_service_members{{
    {"clientAliases", "client_alias", member_kind::block_list, sc_client_alias_members},
    {"discoveryName", "discovery_name", member_kind::string},
    {"ingressPortOverride", "ingress_port_override", member_kind::integer},
    {"portName", "port_name", member_kind::string},
    {"timeout", "timeout", member_kind::block, sc_timeout_members},
    {"tls", "tls", member_kind::block, sc_tls_members},
}};
inline constexpr std::array<block_member, 5> service_connect_members{{
    {"accessLogConfiguration", "access_log_configuration", member_kind::block, sc_access_log_members},
    {"enabled", "enabled", member_kind::boolean},
    {"logConfiguration", "log_configuration", member_kind::block, sc_log_configuration_members},
    {"namespace", "namespace", member_kind::string},
    {"services", "service", member_kind::block_list, sc_service_members},
}};
// service.go, "volume_configuration" (TypeList, MaxItems 1) > "managed_ebs_volume" (MaxItems 1),
// read from the PRIMARY deployment (flattenServiceVolumeConfigurations); the API's sizeInGiB is
// size_in_gb there, a tag specification's tags (a list of {key, value}) a map. API shapes ServiceVolumeConfiguration, ServiceManagedEBSVolumeConfiguration.
inline constexpr std::array<block_member, 3> ebs_tag_specification_members{{
    {"propagateTags", "propagate_tags", member_kind::string},
    {"resourceType", "resource_type", member_kind::string},
    {"tags", "tags", member_kind::pair_map},
}};
inline constexpr std::array<block_member, 11> managed_ebs_volume_members{{
    {"encrypted", "encrypted", member_kind::boolean},
    {"filesystemType", "file_system_type", member_kind::string},
    {"iops", "iops", member_kind::integer},
    {"kmsKeyId", "kms_key_id", member_kind::string},
    {"roleArn", "role_arn", member_kind::string},
    {"sizeInGiB", "size_in_gb", member_kind::integer},
    {"snapshotId", "snapshot_id", member_kind::string},
    {"tagSpecifications", "tag_specifications", member_kind::block_list, ebs_tag_specification_members},
    {"throughput", "throughput", member_kind::integer},
    {"volumeInitializationRate", "volume_initialization_rate", member_kind::integer},
    {"volumeType", "volume_type", member_kind::string},
}};
inline constexpr std::array<block_member, 2> volume_configuration_members{{
    {"managedEBSVolume", "managed_ebs_volume", member_kind::block, managed_ebs_volume_members},
    {"name", "name", member_kind::string},
}};

// --- request key -> attribute maps ----------------------------------------------------
// Scalars are stored as AWS returns them (service.go resourceServiceRead); capacity provider
// strategies are sets of {base, capacity_provider, weight} with base and weight 0 when unset
// (flex.go flattenCapacityProviderStrategyItems).
inline constexpr std::array<field_map, 28> service_shared_fields{{
    // service.go resourceServiceRead: availability_zone_rebalancing as AWS returns it.
    {"availabilityZoneRebalancing", "availability_zone_rebalancing", compare_kind::string},
    {"capacityProviderStrategy", "capacity_provider_strategy", compare_kind::strategy_set},
    {"deploymentConfiguration.alarms", "alarms", compare_kind::block, {}, alarms_members},
    // service.go "deployment_configuration" (TypeList, MaxItems 1, Computed): the deployment
    // strategy members; bake_time_in_minutes is a nullable int kept as a string.
    {"deploymentConfiguration.bakeTimeInMinutes", "deployment_configuration[0].bake_time_in_minutes", compare_kind::number},
    {"deploymentConfiguration.canaryConfiguration", "deployment_configuration[0].canary_configuration", compare_kind::block, {}, canary_configuration_members},
    {"deploymentConfiguration.lifecycleHooks", "deployment_configuration[0].lifecycle_hook", compare_kind::block_set, {}, lifecycle_hook_members},
    {"deploymentConfiguration.linearConfiguration", "deployment_configuration[0].linear_configuration", compare_kind::block, {}, linear_configuration_members},
    {"deploymentConfiguration.strategy", "deployment_configuration[0].strategy", compare_kind::string},
    {"deploymentController", "deployment_controller", compare_kind::block, {}, deployment_controller_members},
    {"deploymentConfiguration.deploymentCircuitBreaker.enable", "deployment_circuit_breaker[0].enable", compare_kind::boolean},
    {"deploymentConfiguration.deploymentCircuitBreaker.rollback", "deployment_circuit_breaker[0].rollback", compare_kind::boolean},
    {"deploymentConfiguration.maximumPercent", "deployment_maximum_percent", compare_kind::number},
    {"deploymentConfiguration.minimumHealthyPercent", "deployment_minimum_healthy_percent", compare_kind::number},
    {"desiredCount", "desired_count", compare_kind::number},
    {"enableECSManagedTags", "enable_ecs_managed_tags", compare_kind::boolean},
    {"enableExecuteCommand", "enable_execute_command", compare_kind::boolean},
    {"healthCheckGracePeriodSeconds", "health_check_grace_period_seconds", compare_kind::number},
    {"loadBalancers", "load_balancer", compare_kind::block_set, {}, load_balancer_members},
    {"networkConfiguration.awsvpcConfiguration", "network_configuration", compare_kind::block, {}, network_configuration_members},
    {"placementConstraints", "placement_constraints", compare_kind::block_set, {}, placement_constraint_members},
    {"placementStrategy", "ordered_placement_strategy", compare_kind::block_list, {}, placement_strategy_members},
    {"platformVersion", "platform_version", compare_kind::string},
    // service.go: propagate_tags unset in the config and "NONE" from AWS are equal (DiffSuppressFunc).
    {"propagateTags", "propagate_tags", compare_kind::string, "NONE"},
    {"serviceConnectConfiguration", "service_connect_configuration", compare_kind::block, {}, service_connect_members},
    {"serviceRegistries", "service_registries", compare_kind::block_list, {}, service_registry_members},
    {"taskDefinition", "task_definition", compare_kind::task_definition_ref},
    {"volumeConfigurations", "volume_configuration", compare_kind::block_list, {}, volume_configuration_members},
    {"vpcLatticeConfigurations", "vpc_lattice_configurations", compare_kind::block_set, {}, vpc_lattice_members},
}};
inline constexpr std::array<field_map, 4> create_service_fields{{
    {"launchType", "launch_type", compare_kind::string},
    // service.go "iam_role" (ForceNew): the role the API calls `role`.
    {"role", "iam_role", compare_kind::string},
    {"schedulingStrategy", "scheduling_strategy", compare_kind::string},
    {"tags", "tags", compare_kind::tags},
}};
// forceNewDeployment is no field: the provider never reads it back from AWS (service.go keeps
// force_new_deployment as a trigger of its own), so a forced redeployment is activity, never drift.
inline constexpr std::array<std::string_view, 1> update_service_reported_keys{"forceNewDeployment"};

// What the activity events report as they are (no provider attribute stores them).
// ContinueServiceDeployment: the lifecycle hook answered and whether the deployment goes on or
// rolls back; StopServiceDeployment: ABORT or ROLLBACK (the service returns to its previous
// deployment without an UpdateService call).
inline constexpr std::array<std::string_view, 2> continue_deployment_keys{"action", "hookId"};
inline constexpr std::array<std::string_view, 1> stop_deployment_keys{"stopType"};

}  // namespace detail

TFDRIFT_END_NAMESPACE
