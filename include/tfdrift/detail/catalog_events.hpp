// The catalog's events: each ECS CloudTrail event the catalog tracks, with its target and the field tables of its family.
// A part of catalog.hpp, which includes it after the row types it uses: not a header of its own.
#pragma once

#include "catalog_account_tags.hpp"
#include "catalog_capacity_providers.hpp"
#include "catalog_clusters.hpp"
#include "catalog_daemons.hpp"
#include "catalog_express.hpp"
#include "catalog_services.hpp"
#include "catalog_task_definitions.hpp"
#include "catalog_task_sets.hpp"

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

inline constexpr std::span<const field_map> no_fields{};

}  // namespace detail

/// The spec's 13 ECS events (CreateCluster/DeleteCluster only from ecs.amazonaws.com),
/// ExecuteCommand (ECS Exec, from the spec's security considerations) and the other write
/// operations of AWS's API model that change what the provider stores (tags, task sets,
/// account setting defaults, deleted revisions, stopped deployments, daemons and their task
/// definitions, Express gateway services), sorted by name.
inline constexpr std::array<event_entry, 35> events{{
    {"ContinueServiceDeployment", ecs_source, "aws_ecs_service", "Service deployment continued or rolled back", "WARNING",
     event_action::activity, target_kind::resource_arn, "serviceDeploymentArn", "",
     detail::no_fields, detail::no_fields, detail::continue_deployment_keys},
    {"CreateCapacityProvider", ecs_source, "aws_ecs_capacity_provider", "Capacity provider created", "WARNING",
     event_action::create, target_kind::capacity_provider, "name", "",
     detail::capacity_provider_shared_fields, detail::create_capacity_provider_fields},
    {"CreateCluster", ecs_source, "aws_ecs_cluster", "ECS cluster created", "WARNING",
     event_action::create, target_kind::cluster, "clusterName", "",
     detail::cluster_shared_fields, detail::create_cluster_fields},
    {"CreateDaemon", ecs_source, "aws_ecs_daemon", "Daemon created", "WARNING",
     event_action::create, target_kind::daemon, "daemonName", "clusterArn",
     detail::daemon_shared_fields, detail::create_daemon_fields},
    {"CreateExpressGatewayService", ecs_source, "aws_ecs_express_gateway_service", "Express gateway service created", "WARNING",
     event_action::create, target_kind::service, "serviceName", "cluster",
     detail::express_gateway_service_shared_fields, detail::create_express_gateway_service_fields},
    {"CreateService", ecs_source, "aws_ecs_service", "ECS service created", "WARNING",
     event_action::create, target_kind::service, "serviceName", "cluster",
     detail::service_shared_fields, detail::create_service_fields},
    {"CreateTaskSet", ecs_source, "aws_ecs_task_set", "Task set created", "WARNING",
     event_action::create, target_kind::task_set, "", "cluster",
     detail::no_fields, detail::create_task_set_fields},
    {"DeleteAccountSetting", ecs_source, "aws_ecs_account_setting_default", "Account setting of a principal deleted", "WARNING",
     event_action::activity, target_kind::account_setting, "name", "",
     detail::no_fields, detail::no_fields, detail::delete_account_setting_keys},
    {"DeleteCapacityProvider", ecs_source, "aws_ecs_capacity_provider", "Capacity provider deleted", "WARNING",
     event_action::remove, target_kind::capacity_provider, "capacityProvider", "",
     detail::no_fields, detail::no_fields},
    {"DeleteCluster", ecs_source, "aws_ecs_cluster", "ECS cluster deleted", "WARNING",
     event_action::remove, target_kind::cluster, "cluster", "",
     detail::no_fields, detail::no_fields},
    {"DeleteDaemon", ecs_source, "aws_ecs_daemon", "Daemon deleted", "CRITICAL",
     event_action::remove, target_kind::daemon, "daemonArn", "",
     detail::no_fields, detail::no_fields},
    {"DeleteDaemonTaskDefinition", ecs_source, "aws_ecs_daemon_task_definition", "Daemon task definition revision deleted", "WARNING",
     event_action::deregister, target_kind::task_definition, "daemonTaskDefinition", "",
     detail::no_fields, detail::no_fields},
    {"DeleteExpressGatewayService", ecs_source, "aws_ecs_express_gateway_service", "Express gateway service deleted", "CRITICAL",
     event_action::remove, target_kind::service, "serviceArn", "",
     detail::no_fields, detail::no_fields},
    {"DeleteService", ecs_source, "aws_ecs_service", "ECS service deleted", "CRITICAL",
     event_action::remove, target_kind::service, "service", "cluster",
     detail::no_fields, detail::no_fields},
    {"DeleteTaskDefinitions", ecs_source, "aws_ecs_task_definition", "Task definition revisions deleted", "WARNING",
     event_action::delete_revisions, target_kind::task_definition, "taskDefinitions", "",
     detail::no_fields, detail::no_fields},
    {"DeleteTaskSet", ecs_source, "aws_ecs_task_set", "Task set deleted", "WARNING",
     event_action::remove, target_kind::task_set, "taskSet", "cluster",
     detail::no_fields, detail::no_fields},
    {"DeregisterTaskDefinition", ecs_source, "aws_ecs_task_definition", "Task definition deregistered", "WARNING",
     event_action::deregister, target_kind::task_definition, "taskDefinition", "",
     detail::no_fields, detail::no_fields},
    {"ExecuteCommand", ecs_source, "aws_ecs_cluster", "ECS Exec command run in a container", "WARNING",
     event_action::exec_session, target_kind::cluster, "cluster", "",
     detail::no_fields, detail::no_fields, detail::execute_command_keys},
    {"PutAccountSetting", ecs_source, "aws_ecs_account_setting_default", "Account setting of a principal changed", "WARNING",
     event_action::activity, target_kind::account_setting, "name", "",
     detail::no_fields, detail::no_fields, detail::put_account_setting_keys},
    {"PutAccountSettingDefault", ecs_source, "aws_ecs_account_setting_default", "Account setting default changed", "WARNING",
     event_action::update, target_kind::account_setting, "name", "",
     detail::no_fields, detail::account_setting_default_fields},
    {"PutClusterCapacityProviders", ecs_source, "aws_ecs_cluster_capacity_providers", "Capacity providers configured", "WARNING",
     event_action::update, target_kind::cluster_capacity_providers, "cluster", "",
     detail::no_fields, detail::cluster_capacity_providers_fields},
    {"RegisterDaemonTaskDefinition", ecs_source, "aws_ecs_daemon_task_definition", "New daemon task definition registered", "WARNING",
     event_action::register_revision, target_kind::task_definition, "family", "",
     detail::no_fields, detail::register_daemon_task_definition_fields},
    {"RegisterTaskDefinition", ecs_source, "aws_ecs_task_definition", "New task definition registered", "WARNING",
     event_action::register_revision, target_kind::task_definition, "family", "",
     detail::no_fields, detail::register_task_definition_fields},
    {"StopServiceDeployment", ecs_source, "aws_ecs_service", "Service deployment stopped", "WARNING",
     event_action::activity, target_kind::resource_arn, "serviceDeploymentArn", "",
     detail::no_fields, detail::no_fields, detail::stop_deployment_keys},
    {"TagResource", ecs_source, "", "Resource tagged", "WARNING",
     event_action::tag, target_kind::resource_arn, "resourceArn", "",
     detail::no_fields, detail::tag_resource_fields},
    {"UntagResource", ecs_source, "", "Resource tags removed", "WARNING",
     event_action::tag, target_kind::resource_arn, "resourceArn", "",
     detail::no_fields, detail::untag_resource_fields},
    {"UpdateCapacityProvider", ecs_source, "aws_ecs_capacity_provider", "Capacity provider updated", "WARNING",
     event_action::update, target_kind::capacity_provider, "name", "",
     detail::capacity_provider_shared_fields, detail::no_fields},
    {"UpdateCluster", ecs_source, "aws_ecs_cluster", "Cluster configuration updated", "WARNING",
     event_action::update, target_kind::cluster, "cluster", "",
     detail::cluster_shared_fields, detail::no_fields},
    {"UpdateClusterSettings", ecs_source, "aws_ecs_cluster", "Cluster settings modified", "WARNING",
     event_action::update, target_kind::cluster, "cluster", "",
     detail::no_fields, detail::cluster_settings_fields},
    {"UpdateContainerInstancesState", ecs_source, "aws_ecs_container_instance", "Container instance state changed", "WARNING",
     event_action::instance_state, target_kind::container_instances, "containerInstances", "cluster",
     detail::no_fields, detail::container_instances_fields},
    {"UpdateDaemon", ecs_source, "aws_ecs_daemon", "Daemon updated", "WARNING",
     event_action::update, target_kind::daemon, "daemonArn", "",
     detail::daemon_shared_fields, detail::no_fields},
    {"UpdateExpressGatewayService", ecs_source, "aws_ecs_express_gateway_service", "Express gateway service updated", "WARNING",
     event_action::update, target_kind::service, "serviceArn", "",
     detail::express_gateway_service_shared_fields, detail::no_fields},
    {"UpdateService", ecs_source, "aws_ecs_service", "ECS service configuration updated", "WARNING",
     event_action::update, target_kind::service, "service", "cluster",
     detail::service_shared_fields, detail::no_fields, detail::update_service_reported_keys},
    {"UpdateServicePrimaryTaskSet", ecs_source, "aws_ecs_task_set", "Primary task set switched", "WARNING",
     event_action::activity, target_kind::task_set, "primaryTaskSet", "cluster",
     detail::no_fields, detail::no_fields, detail::primary_task_set_keys},
    {"UpdateTaskSet", ecs_source, "aws_ecs_task_set", "Task set scaled", "WARNING",
     event_action::update, target_kind::task_set, "taskSet", "cluster",
     detail::no_fields, detail::update_task_set_fields},
}};

TFDRIFT_END_NAMESPACE
