// The catalog's notes: the request members no field compares and the write operations with no event, each with its reason.
// A part of catalog.hpp, which includes it after the row types it uses: not a header of its own.
#pragma once

TFDRIFT_BEGIN_NAMESPACE

namespace detail {
inline constexpr std::string_view no_provider_attribute =
    "the provider has no attribute for it (provider-ecs-attributes.json), so Terraform neither stores nor reverts it";
}  // namespace detail

/// The request members of the catalog's events that no field compares, each with its reason,
/// sorted by event and path (checked against botocore's ECS model by tests/scenario/test_api_coverage.cpp).
inline constexpr std::array<request_member_note, 51> request_member_notes{{
    {"CreateCapacityProvider", "managedInstancesProvider.autoRepairConfiguration", member_class::not_state, detail::no_provider_attribute},
    {"CreateCapacityProvider", "managedInstancesProvider.instanceLaunchTemplate.capacityReservations", member_class::not_state, detail::no_provider_attribute},
    {"CreateCapacityProvider", "managedInstancesProvider.instanceLaunchTemplate.fipsEnabled", member_class::not_state, detail::no_provider_attribute},
    {"CreateCapacityProvider", "managedInstancesProvider.instanceLaunchTemplate.instanceMetadataTagsPropagation", member_class::not_state, detail::no_provider_attribute},
    {"CreateCapacityProvider", "managedInstancesProvider.instanceLaunchTemplate.nitroEnclavesEnabled", member_class::not_state, detail::no_provider_attribute},
    {"CreateCluster", "capacityProviders", member_class::not_compared_yet,
     "aws_ecs_cluster_capacity_providers.capacity_providers (another resource type since provider v5)"},
    {"CreateCluster", "defaultCapacityProviderStrategy", member_class::not_compared_yet,
     "aws_ecs_cluster_capacity_providers.default_capacity_provider_strategy (another resource type since provider v5)"},
    // daemon.go stores no `critical` (provider-ecs-attributes.json).
    {"CreateDaemon", "clientToken", member_class::not_state, "an idempotency token of the call"},
    {"CreateDaemon", "critical", member_class::not_state, detail::no_provider_attribute},
    // express_gateway_service.go stores no CPU architecture and no task definition.
    {"CreateExpressGatewayService", "cpuArchitecture", member_class::not_state, detail::no_provider_attribute},
    {"CreateExpressGatewayService", "primaryContainer.command", member_class::not_compared_yet,
     "aws_ecs_express_gateway_service.primary_container[0].command (an ordered list of strings)"},
    {"CreateExpressGatewayService", "taskDefinitionArn", member_class::not_state, detail::no_provider_attribute},
    {"CreateService", "clientToken", member_class::not_state, "an idempotency token of the call"},
    {"CreateService", "deploymentConfiguration.deploymentCircuitBreaker.resetOnHealthyTask", member_class::not_state, detail::no_provider_attribute},
    {"CreateService", "deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration", member_class::not_state, detail::no_provider_attribute},
    {"CreateService", "deploymentConfiguration.earlySuccessCriteria", member_class::not_state, detail::no_provider_attribute},
    {"CreateService", "deploymentConfiguration.lifecycleHooks.targetType", member_class::not_state, detail::no_provider_attribute},
    {"CreateService", "deploymentConfiguration.lifecycleHooks.timeoutConfiguration", member_class::not_state, detail::no_provider_attribute},
    {"CreateService", "gatewayConnectors", member_class::not_state, detail::no_provider_attribute},
    {"CreateService", "monitoring", member_class::not_state, detail::no_provider_attribute},
    {"CreateService", "serviceConnectConfiguration.containerConfigurations", member_class::not_state, detail::no_provider_attribute},
    {"CreateService", "vpcLatticeConfigurations.advancedConfiguration", member_class::not_state, detail::no_provider_attribute},
    {"CreateTaskSet", "clientToken", member_class::not_state, "an idempotency token of the call"},
    {"CreateTaskSet", "loadBalancers.advancedConfiguration", member_class::not_state, detail::no_provider_attribute},
    {"DeleteCapacityProvider", "cluster", member_class::not_state, "names the cluster of the provider being deleted"},
    {"DeleteService", "force", member_class::not_state, "how to delete (scale to zero first or not), no setting"},
    {"DeleteTaskSet", "force", member_class::not_state, "how to delete (even when not scaled to zero), no setting"},
    // daemon_task_definition.go: container_definition is a list of nested blocks; no pid_mode,
    // ipc_mode or log driver volumes.
    {"RegisterDaemonTaskDefinition", "containerDefinitions", member_class::not_compared_yet,
     "aws_ecs_daemon_task_definition.container_definition (nested blocks, not JSON text)"},
    {"RegisterDaemonTaskDefinition", "ipcMode", member_class::not_state, detail::no_provider_attribute},
    {"RegisterDaemonTaskDefinition", "pidMode", member_class::not_state, detail::no_provider_attribute},
    {"RegisterDaemonTaskDefinition", "volumes.logDriverVolumeConfiguration", member_class::not_state, detail::no_provider_attribute},
    {"RegisterTaskDefinition", "inferenceAccelerators", member_class::not_state, detail::no_provider_attribute},
    {"RegisterTaskDefinition", "trustedExecutionConfiguration", member_class::not_state, detail::no_provider_attribute},
    {"RegisterTaskDefinition", "volumes.s3filesVolumeConfiguration", member_class::not_state, detail::no_provider_attribute},
    {"UpdateCapacityProvider", "cluster", member_class::not_state, "names the cluster of the provider being updated"},
    {"UpdateCapacityProvider", "managedInstancesProvider.autoRepairConfiguration", member_class::not_state, detail::no_provider_attribute},
    {"UpdateCapacityProvider", "managedInstancesProvider.instanceLaunchTemplate.capacityReservations", member_class::not_state, detail::no_provider_attribute},
    {"UpdateCapacityProvider", "managedInstancesProvider.instanceLaunchTemplate.instanceMetadataTagsPropagation", member_class::not_state, detail::no_provider_attribute},
    {"UpdateDaemon", "critical", member_class::not_state, detail::no_provider_attribute},
    {"UpdateExpressGatewayService", "cpuArchitecture", member_class::not_state, detail::no_provider_attribute},
    {"UpdateExpressGatewayService", "primaryContainer.command", member_class::not_compared_yet,
     "aws_ecs_express_gateway_service.primary_container[0].command (an ordered list of strings)"},
    {"UpdateExpressGatewayService", "taskDefinitionArn", member_class::not_state, detail::no_provider_attribute},
    {"UpdateService", "deploymentConfiguration.deploymentCircuitBreaker.resetOnHealthyTask", member_class::not_state, detail::no_provider_attribute},
    {"UpdateService", "deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration", member_class::not_state, detail::no_provider_attribute},
    {"UpdateService", "deploymentConfiguration.earlySuccessCriteria", member_class::not_state, detail::no_provider_attribute},
    {"UpdateService", "deploymentConfiguration.lifecycleHooks.targetType", member_class::not_state, detail::no_provider_attribute},
    {"UpdateService", "deploymentConfiguration.lifecycleHooks.timeoutConfiguration", member_class::not_state, detail::no_provider_attribute},
    {"UpdateService", "gatewayConnectors", member_class::not_state, detail::no_provider_attribute},
    {"UpdateService", "monitoring", member_class::not_state, detail::no_provider_attribute},
    {"UpdateService", "serviceConnectConfiguration.containerConfigurations", member_class::not_state, detail::no_provider_attribute},
    {"UpdateService", "vpcLatticeConfigurations.advancedConfiguration", member_class::not_state, detail::no_provider_attribute},
}};

/// The write operations of botocore's ECS model (all but Describe*, List*, Get*, Discover*,
/// Poll*) that have no catalog event, each with its reason, sorted by name: a record of one
/// ends as `untracked`.
inline constexpr std::array<request_member_note, 17> operation_notes{{
    {"AssociateGatewayWithCluster", "", member_class::not_state, "an ECS gateway call: no provider resource"},
    {"CreateGateway", "", member_class::not_state, "an ECS gateway call: no provider resource"},
    {"DeleteAttributes", "", member_class::not_state, "custom attributes of container instances: no provider resource"},
    {"DeleteGateway", "", member_class::not_state, "an ECS gateway call: no provider resource"},
    {"DeregisterContainerInstance", "", member_class::not_state, "the ECS agent's or an operator's instance lifecycle: no provider resource"},
    {"DisassociateGatewayFromCluster", "", member_class::not_state, "an ECS gateway call: no provider resource"},
    {"PutAttributes", "", member_class::not_state, "custom attributes of container instances: no provider resource"},
    {"RegisterContainerInstance", "", member_class::not_state, "called by the ECS agent: no provider resource"},
    {"RunTask", "", member_class::not_state, "starts tasks: tasks are no Terraform state"},
    {"StartTask", "", member_class::not_state, "starts tasks: tasks are no Terraform state"},
    {"StopTask", "", member_class::not_state, "stops a task: tasks are no Terraform state"},
    {"SubmitAttachmentStateChanges", "", member_class::not_state, "called by the ECS agent"},
    {"SubmitContainerStateChange", "", member_class::not_state, "called by the ECS agent"},
    {"SubmitTaskStateChange", "", member_class::not_state, "called by the ECS agent"},
    {"UpdateContainerAgent", "", member_class::not_state, "updates the agent on an instance: no provider resource"},
    {"UpdateGateway", "", member_class::not_state, "an ECS gateway call: no provider resource"},
    {"UpdateTaskProtection", "", member_class::not_state, "protects running tasks: tasks are no Terraform state"},
}};

TFDRIFT_END_NAMESPACE
