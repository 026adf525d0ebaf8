// The catalog's aws_ecs_capacity_provider tables (capacity_provider.go): the managed-instances blocks and what Create/UpdateCapacityProvider set.
// A part of catalog.hpp, which includes it after the row types it uses: not a header of its own.
#pragma once

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

// capacity_provider.go, "managed_instances_provider" (TypeList, MaxItems 1) >
// "infrastructure_optimization", "instance_launch_template" > "network_configuration",
// "storage_configuration", "local_storage_configuration" and "instance_requirements" > the
// min/max ranges (each TypeList, MaxItems 1; flattenManagedInstancesProvider,
// flattenInstanceLaunchTemplate and flattenInstanceRequirementsRequest store an unset min or
// max as 0; the GiB-per-vCPU, Gbps and local-storage GB ranges are TypeFloat). API shapes
// InfrastructureOptimization, ManagedInstancesNetworkConfiguration,
// ManagedInstancesStorageConfiguration, ManagedInstancesLocalStorageConfiguration and the
// *Request range shapes of InstanceRequirementsRequest.
inline constexpr std::array<block_member, 1> infrastructure_optimization_members{{
    {"scaleInAfter", "scale_in_after", member_kind::integer},
}};
inline constexpr std::array<block_member, 2> mi_network_configuration_members{{
    {"securityGroups", "security_groups", member_kind::string_set},
    {"subnets", "subnets", member_kind::string_set},
}};
inline constexpr std::array<block_member, 1> mi_storage_configuration_members{{
    {"storageSizeGiB", "storage_size_gib", member_kind::integer},
}};
inline constexpr std::array<block_member, 1> mi_local_storage_configuration_members{{
    {"useLocalStorage", "use_local_storage", member_kind::boolean},
}};
inline constexpr std::array<block_member, 2> integer_range_members{{
    {"max", "max", member_kind::integer},
    {"min", "min", member_kind::integer},
}};
inline constexpr std::array<block_member, 2> float_range_members{{
    {"max", "max", member_kind::number},
    {"min", "min", member_kind::number},
}};

inline constexpr std::array<field_map, 39> capacity_provider_shared_fields{{
    {"autoScalingGroupProvider.managedDraining", "auto_scaling_group_provider[0].managed_draining", compare_kind::string},
    {"autoScalingGroupProvider.managedScaling.instanceWarmupPeriod", "auto_scaling_group_provider[0].managed_scaling[0].instance_warmup_period", compare_kind::number},
    {"autoScalingGroupProvider.managedScaling.maximumScalingStepSize", "auto_scaling_group_provider[0].managed_scaling[0].maximum_scaling_step_size", compare_kind::number},
    {"autoScalingGroupProvider.managedScaling.minimumScalingStepSize", "auto_scaling_group_provider[0].managed_scaling[0].minimum_scaling_step_size", compare_kind::number},
    {"autoScalingGroupProvider.managedScaling.status", "auto_scaling_group_provider[0].managed_scaling[0].status", compare_kind::string},
    {"autoScalingGroupProvider.managedScaling.targetCapacity", "auto_scaling_group_provider[0].managed_scaling[0].target_capacity", compare_kind::number},
    {"autoScalingGroupProvider.managedTerminationProtection", "auto_scaling_group_provider[0].managed_termination_protection", compare_kind::string},
    // capacity_provider.go "managed_instances_provider": one row per member, so that a change is named
    // where plan names it (..instance_requirements[0].vcpu_count[0].max); sets of strings are
    // TypeSet, the ranges one-element blocks (see integer_range_members).
    {"managedInstancesProvider.infrastructureOptimization", "managed_instances_provider[0].infrastructure_optimization", compare_kind::block, {}, infrastructure_optimization_members},
    {"managedInstancesProvider.infrastructureRoleArn", "managed_instances_provider[0].infrastructure_role_arn", compare_kind::string},
    {"managedInstancesProvider.instanceLaunchTemplate.ec2InstanceProfileArn", "managed_instances_provider[0].instance_launch_template[0].ec2_instance_profile_arn", compare_kind::string},
    {"managedInstancesProvider.instanceLaunchTemplate.instanceRequirements.acceleratorCount", "managed_instances_provider[0].instance_launch_template[0].instance_requirements[0].accelerator_count", compare_kind::block, {}, integer_range_members},
    {"managedInstancesProvider.instanceLaunchTemplate.instanceRequirements.acceleratorManufacturers", "managed_instances_provider[0].instance_launch_template[0].instance_requirements[0].accelerator_manufacturers", compare_kind::string_set},
    {"managedInstancesProvider.instanceLaunchTemplate.instanceRequirements.acceleratorNames", "managed_instances_provider[0].instance_launch_template[0].instance_requirements[0].accelerator_names", compare_kind::string_set},
    {"managedInstancesProvider.instanceLaunchTemplate.instanceRequirements.acceleratorTotalMemoryMiB", "managed_instances_provider[0].instance_launch_template[0].instance_requirements[0].accelerator_total_memory_mib", compare_kind::block, {}, integer_range_members},
    {"managedInstancesProvider.instanceLaunchTemplate.instanceRequirements.acceleratorTypes", "managed_instances_provider[0].instance_launch_template[0].instance_requirements[0].accelerator_types", compare_kind::string_set},
    {"managedInstancesProvider.instanceLaunchTemplate.instanceRequirements.allowedInstanceTypes", "managed_instances_provider[0].instance_launch_template[0].instance_requirements[0].allowed_instance_types", compare_kind::string_set},
    {"managedInstancesProvider.instanceLaunchTemplate.instanceRequirements.bareMetal", "managed_instances_provider[0].instance_launch_template[0].instance_requirements[0].bare_metal", compare_kind::string},
    {"managedInstancesProvider.instanceLaunchTemplate.instanceRequirements.baselineEbsBandwidthMbps", "managed_instances_provider[0].instance_launch_template[0].instance_requirements[0].baseline_ebs_bandwidth_mbps", compare_kind::block, {}, integer_range_members},
    {"managedInstancesProvider.instanceLaunchTemplate.instanceRequirements.burstablePerformance", "managed_instances_provider[0].instance_launch_template[0].instance_requirements[0].burstable_performance", compare_kind::string},
    {"managedInstancesProvider.instanceLaunchTemplate.instanceRequirements.cpuManufacturers", "managed_instances_provider[0].instance_launch_template[0].instance_requirements[0].cpu_manufacturers", compare_kind::string_set},
    {"managedInstancesProvider.instanceLaunchTemplate.instanceRequirements.excludedInstanceTypes", "managed_instances_provider[0].instance_launch_template[0].instance_requirements[0].excluded_instance_types", compare_kind::string_set},
    {"managedInstancesProvider.instanceLaunchTemplate.instanceRequirements.instanceGenerations", "managed_instances_provider[0].instance_launch_template[0].instance_requirements[0].instance_generations", compare_kind::string_set},
    {"managedInstancesProvider.instanceLaunchTemplate.instanceRequirements.localStorage", "managed_instances_provider[0].instance_launch_template[0].instance_requirements[0].local_storage", compare_kind::string},
    {"managedInstancesProvider.instanceLaunchTemplate.instanceRequirements.localStorageTypes", "managed_instances_provider[0].instance_launch_template[0].instance_requirements[0].local_storage_types", compare_kind::string_set},
    {"managedInstancesProvider.instanceLaunchTemplate.instanceRequirements.maxSpotPriceAsPercentageOfOptimalOnDemandPrice", "managed_instances_provider[0].instance_launch_template[0].instance_requirements[0].max_spot_price_as_percentage_of_optimal_on_demand_price", compare_kind::number},
    {"managedInstancesProvider.instanceLaunchTemplate.instanceRequirements.memoryGiBPerVCpu", "managed_instances_provider[0].instance_launch_template[0].instance_requirements[0].memory_gib_per_vcpu", compare_kind::block, {}, float_range_members},
    {"managedInstancesProvider.instanceLaunchTemplate.instanceRequirements.memoryMiB", "managed_instances_provider[0].instance_launch_template[0].instance_requirements[0].memory_mib", compare_kind::block, {}, integer_range_members},
    {"managedInstancesProvider.instanceLaunchTemplate.instanceRequirements.networkBandwidthGbps", "managed_instances_provider[0].instance_launch_template[0].instance_requirements[0].network_bandwidth_gbps", compare_kind::block, {}, float_range_members},
    {"managedInstancesProvider.instanceLaunchTemplate.instanceRequirements.networkInterfaceCount", "managed_instances_provider[0].instance_launch_template[0].instance_requirements[0].network_interface_count", compare_kind::block, {}, integer_range_members},
    {"managedInstancesProvider.instanceLaunchTemplate.instanceRequirements.onDemandMaxPricePercentageOverLowestPrice", "managed_instances_provider[0].instance_launch_template[0].instance_requirements[0].on_demand_max_price_percentage_over_lowest_price", compare_kind::number},
    {"managedInstancesProvider.instanceLaunchTemplate.instanceRequirements.requireHibernateSupport", "managed_instances_provider[0].instance_launch_template[0].instance_requirements[0].require_hibernate_support", compare_kind::boolean},
    {"managedInstancesProvider.instanceLaunchTemplate.instanceRequirements.spotMaxPricePercentageOverLowestPrice", "managed_instances_provider[0].instance_launch_template[0].instance_requirements[0].spot_max_price_percentage_over_lowest_price", compare_kind::number},
    {"managedInstancesProvider.instanceLaunchTemplate.instanceRequirements.totalLocalStorageGB", "managed_instances_provider[0].instance_launch_template[0].instance_requirements[0].total_local_storage_gb", compare_kind::block, {}, float_range_members},
    {"managedInstancesProvider.instanceLaunchTemplate.instanceRequirements.vCpuCount", "managed_instances_provider[0].instance_launch_template[0].instance_requirements[0].vcpu_count", compare_kind::block, {}, integer_range_members},
    {"managedInstancesProvider.instanceLaunchTemplate.localStorageConfiguration", "managed_instances_provider[0].instance_launch_template[0].local_storage_configuration", compare_kind::block, {}, mi_local_storage_configuration_members},
    {"managedInstancesProvider.instanceLaunchTemplate.monitoring", "managed_instances_provider[0].instance_launch_template[0].monitoring", compare_kind::string},
    {"managedInstancesProvider.instanceLaunchTemplate.networkConfiguration", "managed_instances_provider[0].instance_launch_template[0].network_configuration", compare_kind::block, {}, mi_network_configuration_members},
    {"managedInstancesProvider.instanceLaunchTemplate.storageConfiguration", "managed_instances_provider[0].instance_launch_template[0].storage_configuration", compare_kind::block, {}, mi_storage_configuration_members},
    {"managedInstancesProvider.propagateTags", "managed_instances_provider[0].propagate_tags", compare_kind::string},
}};
// UpdateCapacityProvider cannot carry the ASG ARN, so its absence there is never a change.
inline constexpr std::array<field_map, 4> create_capacity_provider_fields{{
    {"autoScalingGroupProvider.autoScalingGroupArn", "auto_scaling_group_provider[0].auto_scaling_group_arn", compare_kind::string},
    // capacity_provider.go "cluster" (ForceNew): the cluster of a managed-instances provider.
    {"cluster", "cluster", compare_kind::string},
    // capacity_provider.go "capacity_option_type" (ForceNew, Computed): InstanceLaunchTemplateUpdate
    // has no such member, so only a create sets it.
    {"managedInstancesProvider.instanceLaunchTemplate.capacityOptionType",
     "managed_instances_provider[0].instance_launch_template[0].capacity_option_type", compare_kind::string},
    {"tags", "tags", compare_kind::tags},
}};

}  // namespace detail

TFDRIFT_END_NAMESPACE
