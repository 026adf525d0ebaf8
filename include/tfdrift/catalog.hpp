// The ECS catalog: CloudTrail events, Terraform resource types and the request-key -> attribute map, as constexpr tables.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>

#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// How a request value is compared with the state value of its attribute.
enum class compare_kind : std::uint8_t {
  number,                 ///< 5 == 5 == "5"
  boolean,                ///< true == "true"; unset == false
  enabled_flag,           ///< "ENABLED"/"DISABLED" against a bool (assign_public_ip)
  string,                 ///< exact text
  cpu_units,              ///< "0.25 vCPU" == "256" == 256, kept as a string like state
  memory_units,           ///< "0.5 GB" == "512 MiB" == "512", kept as a string like state
  cluster_ref,            ///< cluster name == its ARN in the same account and region
  task_definition_ref,    ///< family[:rev] == its ARN
  string_set,             ///< unordered list of strings
  strategy_set,           ///< [{capacityProvider,weight,base}] as a set, base and weight default 0
  settings,               ///< [{name,value}] compared per name: setting[name=X].value
  tags,                   ///< [{key,value}] against tags_all, per key: tags.KEY (tags_all.KEY for default tags)
  container_definitions,  ///< the provider's container-definition equivalence, per container and field
  block,                  ///< an object against a one-element list of blocks (MaxItems 1): x[0].member
  block_list,             ///< an ordered list of objects against a list of blocks: x[i].member
  block_set,              ///< a list of objects against a set of blocks, compared whole
  namespace_ref,          ///< a Cloud Map namespace name or ARN; the response's ARN when it has one
  tag_keys,               ///< UntagResource's tagKeys: each key that tags_all holds is removed (tags.KEY -> null)
};

inline constexpr std::array<std::string_view, 18> compare_kind_names{
    "number",      "boolean",    "enabled_flag", "string",  "cpu_units",
    "memory_units", "cluster_ref", "task_definition_ref", "string_set", "strategy_set",
    "settings",    "tags",       "container_definitions", "block", "block_list", "block_set",
    "namespace_ref", "tag_keys"};

/// Returns true for the kinds whose attribute is a list of nested blocks (see block_member).
constexpr bool is_block_kind(compare_kind k) noexcept {
  return k == compare_kind::block || k == compare_kind::block_list || k == compare_kind::block_set;
}

/// Returns the name of a comparison kind.
constexpr std::string_view to_string(compare_kind k) noexcept {
  return compare_kind_names[static_cast<std::size_t>(k)];
}

/// How the provider stores one member of a nested block, and so how a request member is
/// turned into that stored form before it is compared (the "state shape").
enum class member_kind : std::uint8_t {
  string,        ///< unset -> ""
  integer,       ///< unset -> 0
  number,        ///< a float (TypeFloat): 0.5 == "0.5"; unset -> 0
  boolean,       ///< unset -> false
  enabled_flag,  ///< "ENABLED"/"DISABLED" -> true/false; unset -> false
  string_set,    ///< unordered; unset -> []
  block,         ///< an object -> a one-element list of blocks (MaxItems 1); unset -> []
  block_list,    ///< a list of objects -> a list of blocks; unset -> []
  string_map,    ///< an object of strings stored as a map (TypeMap); unset -> {}
  pair_map,      ///< a list of {name|key, value} objects stored as a map (TypeMap); unset -> {}
  json_text,     ///< a JSON document stored as JSON text, compared parsed; unset -> ""
};

/// What the provider does to a stored string beyond storing it.
enum class member_rule : std::uint8_t {
  none,
  /// ordered_placement_strategy.field: "host" is stored as "instanceId" (the schema's StateFunc),
  /// "MEMORY"/"CPU" are read back lower-cased (flattenPlacementStrategy), and plan ignores
  /// case (DiffSuppressFunc strings.EqualFold).
  placement_field,
  /// volume.host_path: the API's object {"sourcePath": "..."} (volumes[].host) stored as its path.
  host_source_path,
};

/// One member of a nested block: request key, stored attribute, kind, and the members of a
/// nested block kind.
struct block_member {
  std::string_view request_key;  ///< camelCase, as the API names it
  std::string_view attribute;    ///< snake_case, as the provider stores it
  member_kind kind;
  std::span<const block_member> members = {};  ///< for block and block_list
  member_rule rule = member_rule::none;
  /// The value the provider stores for an unset string member when it is not "" (a schema
  /// Default, or what AWS returns for a Computed one: EFS root_directory "/").
  std::string_view unset = {};
};

/// Maps one request key (a dotted path of camelCase keys) to a Terraform attribute path.
struct field_map {
  std::string_view request_path;    ///< "autoScalingGroupProvider.managedScaling.targetCapacity"
  std::string_view attribute_path;  ///< "auto_scaling_group_provider[0].managed_scaling[0].target_capacity"
  compare_kind kind;
  /// For full replacements: the value an omitted key takes; for strings also the value that
  /// equals unset ("bridge" for networkMode, "NONE" for propagateTags).
  std::string_view absent_default = {};
  std::span<const block_member> members = {};  ///< the block's members, for the block kinds
  /// Where responseElements holds the stored form of the value (namespace_ref), "" when nowhere.
  std::string_view response_path = {};
};

/// Returns the top-level attribute of an attribute path ("network_configuration" of
/// "network_configuration[0].subnets").
constexpr std::string_view top_attribute(std::string_view path) noexcept {
  return path.substr(0, path.find_first_of(".["));
}

/// What an event does to its target.
enum class event_action : std::uint8_t {
  create,          ///< creates the target; compared per key when the state already has it
  update,          ///< partial update: keys left out stay as they were
  remove,          ///< deletes the target
  register_revision,  ///< a complete new revision: keys left out are unset
  deregister,      ///< deregisters one revision
  instance_state,  ///< changes container instances of a cluster (activity)
  exec_session,    ///< runs a command or shell in a running container (ECS Exec; activity)
  tag,             ///< adds or removes tags of the resource an ARN names (a partial update of its
                   ///< tags), or the aws_ecs_tag resources that manage one tag of it
  activity,        ///< changes something the provider does not store: reported as activity
                   ///< with the event's reported_keys, never as drift
  delete_revisions,  ///< deletes deregistered task-definition revisions for good (a list of them)
};

/// How the event names its target, and so which state index finds it.
enum class target_kind : std::uint8_t {
  service,            ///< cluster key + service key (name or ARN)
  task_definition,    ///< family, family:rev or ARN
  cluster,            ///< cluster name or ARN
  cluster_capacity_providers,  ///< the cluster's name or ARN
  capacity_provider,  ///< name or ARN
  container_instances,  ///< cluster key + a list of instance IDs or ARNs
  resource_arn,       ///< an ECS ARN; the resource type and its name come from the ARN's resource
                      ///< kind (arn_resource_kinds): cluster/, service/, task-definition/, ...
  account_setting,    ///< an account setting's name (aws_ecs_account_setting_default.name)
  task_set,           ///< cluster key + the request's "service" + a task set ID or ARN
  daemon,             ///< cluster key + daemon name, or a daemon ARN (daemon/CLUSTER/NAME)
};

/// One Terraform resource type: the attributes the spec watches and all that the catalog maps.
struct resource_schema {
  std::string_view type;
  std::span<const std::string_view> watched;     ///< the spec's monitored attributes
  std::span<const std::string_view> attributes;  ///< every attribute the catalog knows
};

/// One ECS CloudTrail event.
struct event_entry {
  std::string_view name;          ///< eventName
  std::string_view source;        ///< eventSource
  std::string_view resource_type; ///< the Terraform type it changes; "" when the target's ARN tells (resource_arn)
  std::string_view description;
  std::string_view priority;      ///< Falco priority
  event_action action;
  target_kind target;
  std::string_view target_key;    ///< request key naming the target
  std::string_view cluster_key;   ///< request key naming the cluster ("" when none)
  std::span<const field_map> shared_fields;  ///< fields shared with sibling events
  std::span<const field_map> own_fields;     ///< fields only this event sets
  std::span<const std::string_view> reported_keys = {};  ///< request keys an activity reports as they are
};

/// Maps a name the spec or users write to the provider's attribute ("settings" -> "setting").
struct attribute_alias {
  std::string_view resource_type, alias, attribute;
};

inline constexpr std::string_view ecs_source = "ecs.amazonaws.com";

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

// --- nested blocks: how the provider stores them ----------------------------------------
// Each table is the block's schema in the provider (hashicorp/terraform-provider-aws,
// internal/service/ecs/) with the request member that fills each attribute (botocore's ECS
// model, data/ecs/2014-11-13/service-2.json). An unset member is stored as its zero value.

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
// account_setting_default.go: PutAccountSettingDefault sets the value the resource reads.
inline constexpr std::array<field_map, 1> account_setting_default_fields{{
    {"value", "value", compare_kind::string},
}};
// TagResource / UntagResource on any taggable ECS ARN: the tags compared with tags_all key by
// key (tags_gen.go, the provider's own tag updates use these two calls too).
inline constexpr std::array<field_map, 1> tag_resource_fields{{
    {"tags", "tags", compare_kind::tags},
}};
inline constexpr std::array<field_map, 1> untag_resource_fields{{
    {"tagKeys", "tags", compare_kind::tag_keys},
}};

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

// express_gateway_service.go: network_configuration and scaling_target are lists of at most one
// object (Optional+Computed: AWS fills what the request leaves out, so each member is compared
// only when the request sets it); primary_container (exactly one block) holds
// aws_logs_configuration (Optional+Computed, one object), container_port, environment (a list of
// {name, value}), image, repository_credentials (at most one) and secret (a list of
// {name, value_from}). API shapes ExpressGatewayServiceNetworkConfiguration,
// ExpressGatewayScalingTarget, ExpressGatewayContainer.
inline constexpr std::array<block_member, 2> express_logs_members{{
    {"logGroup", "log_group", member_kind::string},
    {"logStreamPrefix", "log_stream_prefix", member_kind::string},
}};
inline constexpr std::array<block_member, 2> express_environment_members{{
    {"name", "name", member_kind::string},
    {"value", "value", member_kind::string},
}};
inline constexpr std::array<block_member, 1> express_repository_credentials_members{{
    {"credentialsParameter", "credentials_parameter", member_kind::string},
}};
inline constexpr std::array<field_map, 17> express_gateway_service_shared_fields{{
    {"cpu", "cpu", compare_kind::cpu_units},
    {"executionRoleArn", "execution_role_arn", compare_kind::string},
    {"healthCheckPath", "health_check_path", compare_kind::string},
    {"memory", "memory", compare_kind::memory_units},
    {"networkConfiguration.securityGroups", "network_configuration[0].security_groups", compare_kind::string_set},
    {"networkConfiguration.subnets", "network_configuration[0].subnets", compare_kind::string_set},
    {"primaryContainer.awsLogsConfiguration", "primary_container[0].aws_logs_configuration", compare_kind::block, {}, express_logs_members},
    {"primaryContainer.containerPort", "primary_container[0].container_port", compare_kind::number},
    {"primaryContainer.environment", "primary_container[0].environment", compare_kind::block_list, {}, express_environment_members},
    {"primaryContainer.image", "primary_container[0].image", compare_kind::string},
    {"primaryContainer.repositoryCredentials", "primary_container[0].repository_credentials", compare_kind::block, {}, express_repository_credentials_members},
    {"primaryContainer.secrets", "primary_container[0].secret", compare_kind::block_list, {}, sc_secret_option_members},
    {"scalingTarget.autoScalingMetric", "scaling_target[0].auto_scaling_metric", compare_kind::string},
    {"scalingTarget.autoScalingTargetValue", "scaling_target[0].auto_scaling_target_value", compare_kind::number},
    {"scalingTarget.maxTaskCount", "scaling_target[0].max_task_count", compare_kind::number},
    {"scalingTarget.minTaskCount", "scaling_target[0].min_task_count", compare_kind::number},
    {"taskRoleArn", "task_role_arn", compare_kind::string},
}};
// infrastructure_role_arn is RequiresReplace: only CreateExpressGatewayService sets it.
inline constexpr std::array<field_map, 2> create_express_gateway_service_fields{{
    {"infrastructureRoleArn", "infrastructure_role_arn", compare_kind::string},
    {"tags", "tags", compare_kind::tags},
}};

inline constexpr std::span<const field_map> no_fields{};

// What the activity events report as they are (no provider attribute stores them).
// ContinueServiceDeployment: the lifecycle hook answered and whether the deployment goes on or
// rolls back; StopServiceDeployment: ABORT or ROLLBACK (the service returns to its previous
// deployment without an UpdateService call).
inline constexpr std::array<std::string_view, 2> continue_deployment_keys{"action", "hookId"};
inline constexpr std::array<std::string_view, 1> stop_deployment_keys{"stopType"};
// PutAccountSetting / DeleteAccountSetting set or clear one principal's override (the caller's
// when principalArn is absent); the resource reads the effective setting of Terraform's own
// principal, which a CloudTrail record does not name, so these are reported as activity.
inline constexpr std::array<std::string_view, 2> put_account_setting_keys{"principalArn", "value"};
inline constexpr std::array<std::string_view, 1> delete_account_setting_keys{"principalArn"};
// UpdateServicePrimaryTaskSet: which task set takes the production traffic (no attribute).
inline constexpr std::array<std::string_view, 1> primary_task_set_keys{"primaryTaskSet"};

// What ExecuteCommand names: the task ARN, the container, the command and whether it is a shell.
inline constexpr std::array<std::string_view, 4> execute_command_keys{"command", "container", "interactive", "task"};

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

/// The resource kinds of ECS ARNs ("arn:aws:ecs:REGION:ACCOUNT:KIND/..."), sorted by kind: the
/// Terraform type an ARN names and how its name is read (resource_arn targets). Other kinds
/// (task/, container-instance/) name nothing Terraform manages. A kind that two types share
/// (service/: aws_ecs_service and aws_ecs_express_gateway_service) names the first; a call on an
/// ARN that no state has as the first type looks for the next (tags on an Express service).
struct arn_resource_kind {
  std::string_view kind;           ///< the ARN resource's first segment
  std::string_view resource_type;  ///< the Terraform type
  target_kind target;              ///< how the rest of the resource names it
};
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

/// The types whose revisions a task_definition target names (family, family:rev or ARN): the
/// ARN resource kind of a revision, and where a register call's responseElements holds the new
/// revision's ARN (dotted).
struct revision_type {
  std::string_view resource_type, arn_kind, response_path;
};
inline constexpr std::array<revision_type, 2> revision_types{{
    {"aws_ecs_daemon_task_definition", "daemon-task-definition", "daemonTaskDefinitionArn"},
    {"aws_ecs_task_definition", "task-definition", "taskDefinition.taskDefinitionArn"},
}};

namespace detail {
constexpr const revision_type& revision_type_of(std::string_view type) noexcept {
  for (const auto& r : revision_types)
    if (r.resource_type == type) return r;
  return revision_types.back();
}
/// The ARN resource kind of a type's revisions: "daemon-task-definition" for daemon task
/// definitions, "task-definition" for task definitions (and any other type).
constexpr std::string_view task_definition_arn_kind(std::string_view type) noexcept {
  return revision_type_of(type).arn_kind;
}
/// Where a register call's responseElements holds the new revision's ARN (dotted).
constexpr std::string_view revision_response_path(std::string_view type) noexcept {
  return revision_type_of(type).response_path;
}
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

/// An attribute that the provider moved to another resource type: configs that name it on the
/// old type keep working, and their rules and ignores apply to the new type.
struct moved_attribute {
  std::string_view from_type, attribute, to_type;
};

/// aws_ecs_cluster's capacity_providers and default_capacity_provider_strategy were removed in
/// provider v5.0.0; aws_ecs_cluster_capacity_providers holds them (cluster_capacity_providers.go).
inline constexpr std::array<moved_attribute, 2> moved_attributes{{
    {"aws_ecs_cluster", "capacity_providers", "aws_ecs_cluster_capacity_providers"},
    {"aws_ecs_cluster", "default_capacity_provider_strategy", "aws_ecs_cluster_capacity_providers"},
}};

/// Returns true when a config naming `attribute` of `named_type` means that attribute of
/// `type`: the same type, or the type the provider moved the attribute to.
constexpr bool attribute_applies(std::string_view named_type, std::string_view attribute, std::string_view type) noexcept {
  if (named_type == type) return true;
  for (const auto& m : moved_attributes)
    if (m.from_type == named_type && m.attribute == attribute && m.to_type == type) return true;
  return false;
}

/// Names that the spec and users write for attributes the provider spells otherwise.
inline constexpr std::array<attribute_alias, 2> attribute_aliases{{
    {"aws_ecs_cluster", "settings", "setting"},
    {"aws_ecs_service", "service_name", "name"},
}};

/// Returns the index of an event in `events`, or events.size() when the catalog does not track it.
/// (Indices rather than pointers keep the compile-time checks constant under -fsanitize=undefined.)
constexpr std::size_t event_index(std::string_view source, std::string_view name) noexcept {
  auto it = std::ranges::lower_bound(events, name, {}, &event_entry::name);
  for (; it != events.end() && it->name == name; ++it)
    if (it->source == source) return static_cast<std::size_t>(it - events.begin());
  return events.size();
}

/// Returns the catalog entry of an event, or nullptr when the catalog does not track it.
constexpr const event_entry* find_event(std::string_view source, std::string_view name) noexcept {
  std::size_t i = event_index(source, name);
  return i < events.size() ? &events[i] : nullptr;
}

/// Returns the index of a resource type in `resource_schemas`, or resource_schemas.size().
constexpr std::size_t resource_index(std::string_view type) noexcept {
  auto it = std::ranges::lower_bound(resource_schemas, type, {}, &resource_schema::type);
  return it != resource_schemas.end() && it->type == type ? static_cast<std::size_t>(it - resource_schemas.begin())
                                                           : resource_schemas.size();
}

/// Returns the schema of a resource type, or nullptr for a type the catalog does not know.
constexpr const resource_schema* find_resource(std::string_view type) noexcept {
  std::size_t i = resource_index(type);
  return i < resource_schemas.size() ? &resource_schemas[i] : nullptr;
}

/// Returns the provider's attribute for a name users may write ("settings" -> "setting").
constexpr std::string_view canonical_attribute(std::string_view type, std::string_view name) noexcept {
  for (const auto& a : attribute_aliases)
    if (a.resource_type == type && a.alias == name) return a.attribute;
  return name;
}

/// Returns true when the catalog knows the attribute (or its alias) for the resource type,
/// including an attribute the provider moved from it to another type (moved_attributes).
constexpr bool knows_attribute(std::string_view type, std::string_view name) noexcept {
  std::size_t i = resource_index(type);
  if (i == resource_schemas.size()) return false;
  std::string_view a = canonical_attribute(type, name);
  if (std::ranges::binary_search(resource_schemas[i].attributes, a)) return true;
  for (const auto& m : moved_attributes)
    if (m.from_type == type && m.attribute == a) return true;
  return false;
}

/// Returns the responseElements path an event's fields read a stored form from ("" when none).
constexpr std::string_view response_path_of(const event_entry& e) noexcept {
  for (const auto& f : e.shared_fields)
    if (!f.response_path.empty()) return f.response_path;
  for (const auto& f : e.own_fields)
    if (!f.response_path.empty()) return f.response_path;
  return {};
}

/// Calls fn(field) for each field an event maps, shared ones first.
template <class Fn>
constexpr void for_each_field(const event_entry& e, Fn&& fn) {
  for (const auto& f : e.shared_fields) fn(f);
  for (const auto& f : e.own_fields) fn(f);
}

/// How the catalog treats a request member that no field compares.
enum class member_class : std::uint8_t {
  not_state,         ///< not Terraform state: an identity key, a call option, or nothing the provider stores
  not_compared_yet,  ///< Terraform state that the catalog does not compare yet: reported as not compared
};

/// A request member (or a whole operation) that the catalog does not compare, and why.
struct request_member_note {
  std::string_view event;   ///< eventName (the API operation)
  std::string_view path;    ///< dotted camelCase, list items transparent ("" = the whole operation);
                            ///< a note covers the members below its path
  member_class cls;
  std::string_view reason;  ///< why it is no state, or the provider attribute it belongs to
};

namespace detail {
inline constexpr std::string_view no_provider_attribute =
    "the provider has no attribute for it (provider-ecs-attributes.json), so Terraform neither stores nor reverts it";
}  // namespace detail

/// The request members of the catalog's events that no field compares, each with its reason,
/// sorted by event and path (checked against botocore's ECS model by tests/test_api_coverage.cpp).
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

/// What the catalog does with one request member of an event (classify_member).
enum class member_status : std::uint8_t {
  mapped,            ///< a field compares it (or it is part of a compared value, or an activity key)
  inner,             ///< a structure whose members are classified one by one
  not_state,         ///< not Terraform state (request_member_notes, or the call's target keys)
  not_compared_yet,  ///< Terraform state the catalog does not compare yet (request_member_notes)
  unclassified,      ///< in no table: a member AWS added after this catalog, or a made-up one
};

/// A member's status; `open` when the members below it are classified one by one (blocks and
/// structures), `reason` for the not-state and not-compared kinds.
struct member_verdict {
  member_status status = member_status::unclassified;
  bool open = false;
  std::string_view reason = {};
};

namespace detail {
constexpr bool dotted_under(std::string_view path, std::string_view prefix) noexcept {
  return path.size() > prefix.size() && path.starts_with(prefix) && path[prefix.size()] == '.';
}
// Finds the member `rest` (dotted) names in a block's members; `open` when it is a block itself.
// A path below a scalar, set or map member is part of that member's value.
constexpr bool find_block_member(std::span<const block_member> members, std::string_view rest, bool& open) noexcept {
  for (;;) {
    auto dot = rest.find('.');
    std::string_view key = rest.substr(0, dot);
    const block_member* hit = nullptr;
    for (const auto& m : members)
      if (m.request_key == key) hit = &m;
    if (!hit) return false;
    bool nested = hit->kind == member_kind::block || hit->kind == member_kind::block_list;
    if (dot == std::string_view::npos) {
      open = nested;
      return true;
    }
    if (!nested) return true;
    members = hit->members;
    rest = rest.substr(dot + 1);
  }
}
}  // namespace detail

/// Classifies one request member of an event: `path` is dotted camelCase with list items
/// transparent ("loadBalancers.containerPort"), as botocore's model nests the input shape.
constexpr member_verdict classify_member(const event_entry& e, std::string_view path) noexcept {
  if (path.empty()) return {};
  if ((!e.target_key.empty() && path == e.target_key) || (!e.cluster_key.empty() && path == e.cluster_key) ||
      (e.target == target_kind::task_set && path == "service"))
    return {member_status::not_state, false, "names the target of the call"};
  for (auto k : e.reported_keys)
    if (path == k || detail::dotted_under(path, k)) return {member_status::mapped, false, {}};
  member_verdict v;
  bool found = false, inner = false;
  for_each_field(e, [&](const field_map& f) {
    if (found) return;
    if (f.request_path == path) {
      v = {member_status::mapped, is_block_kind(f.kind), {}};
      found = true;
    } else if (detail::dotted_under(path, f.request_path)) {
      bool open = false;
      if (!is_block_kind(f.kind) || detail::find_block_member(f.members, path.substr(f.request_path.size() + 1), open)) {
        v = {member_status::mapped, open, {}};
        found = true;
      }
    } else if (detail::dotted_under(f.request_path, path)) {
      inner = true;
    }
  });
  if (found) return v;
  for (const auto& n : request_member_notes)
    if (n.event == e.name && (n.path == path || detail::dotted_under(path, n.path)))
      return {n.cls == member_class::not_state ? member_status::not_state : member_status::not_compared_yet, false, n.reason};
  if (inner) return {member_status::inner, true, {}};
  return {};
}

/// Returns the note of a write operation that has no catalog event, or nullptr.
constexpr const request_member_note* find_operation_note(std::string_view name) noexcept {
  auto it = std::ranges::lower_bound(operation_notes, name, {}, &request_member_note::event);
  return it != operation_notes.end() && it->event == name ? &*it : nullptr;
}

namespace detail {
template <class Range, class Proj>
constexpr bool strictly_sorted(const Range& r, Proj proj) {
  for (std::size_t i = 1; i < std::size(r); ++i)
    if (!(std::invoke(proj, r[i - 1]) < std::invoke(proj, r[i]))) return false;
  return true;
}
constexpr bool sorted_names(std::span<const std::string_view> r) {
  return strictly_sorted(r, [](std::string_view s) { return s; });
}
constexpr bool members_consistent(std::span<const block_member> members) {
  for (const auto& m : members) {
    bool nested = m.kind == member_kind::block || m.kind == member_kind::block_list;
    if (m.request_key.empty() || m.attribute.empty() || nested == m.members.empty()) return false;
    if (nested && !members_consistent(m.members)) return false;
  }
  return true;
}
// True when the event's type has the attribute, or (a type the ARN tells) every type an ARN names.
constexpr bool event_type_has(const event_entry& e, std::string_view attribute) {
  if (!e.resource_type.empty())
    return std::ranges::binary_search(resource_schemas[resource_index(e.resource_type)].attributes, attribute);
  for (const auto& k : arn_resource_kinds)
    if (!std::ranges::binary_search(resource_schemas[resource_index(k.resource_type)].attributes, attribute)) return false;
  return true;
}
constexpr bool fields_known(const event_entry& e) {
  bool ok = true;
  for_each_field(e, [&](const field_map& f) {
    // A field maps to an attribute the type has now (not one moved away from it); block kinds
    // name their members, other kinds none; only namespace_ref reads the response.
    ok = ok && event_type_has(e, top_attribute(f.attribute_path)) &&
         !f.request_path.empty() && is_block_kind(f.kind) == !f.members.empty() &&
         members_consistent(f.members) &&
         (f.kind == compare_kind::namespace_ref) == !f.response_path.empty();
  });
  return ok;
}
constexpr bool catalog_is_consistent() {
  for (std::size_t i = 1; i < events.size(); ++i)
    if (!(events[i - 1].name < events[i].name ||
          (events[i - 1].name == events[i].name && events[i - 1].source < events[i].source)))
      return false;
  if (!strictly_sorted(resource_schemas, &resource_schema::type)) return false;
  for (const auto& r : resource_schemas) {
    if (!sorted_names(r.attributes) || !sorted_names(r.watched)) return false;
    for (auto w : r.watched)
      if (!std::ranges::binary_search(r.attributes, w)) return false;
  }
  for (std::size_t i = 1; i < arn_resource_kinds.size(); ++i)
    if (!(arn_resource_kinds[i - 1].kind <= arn_resource_kinds[i].kind) ||
        arn_resource_kinds[i - 1].resource_type == arn_resource_kinds[i].resource_type)
      return false;
  for (const auto& k : arn_resource_kinds)
    if (resource_index(k.resource_type) == resource_schemas.size() || k.target == target_kind::resource_arn) return false;
  for (const auto& e : events) {
    // Only a resource_arn target may leave the type to its ARN.
    if (e.resource_type.empty() ? e.target != target_kind::resource_arn
                                : resource_index(e.resource_type) == resource_schemas.size())
      return false;
    if (!fields_known(e)) return false;
    if (e.priority != "WARNING" && e.priority != "CRITICAL") return false;
  }
  for (const auto& a : attribute_aliases)
    if (!knows_attribute(a.resource_type, a.attribute)) return false;
  auto note_key = [](const request_member_note& n) { return std::pair{n.event, n.path}; };
  if (!strictly_sorted(request_member_notes, note_key) || !strictly_sorted(operation_notes, note_key)) return false;
  for (const auto& n : request_member_notes)
    if (event_index(ecs_source, n.event) == events.size() || n.path.empty() || n.reason.empty()) return false;
  for (const auto& n : operation_notes)
    if (event_index(ecs_source, n.event) != events.size() || !n.path.empty() || n.reason.empty()) return false;
  for (const auto& m : moved_attributes) {
    std::size_t from = resource_index(m.from_type), to = resource_index(m.to_type);
    if (from == resource_schemas.size() || to == resource_schemas.size()) return false;
    // Moved away: gone from the old type's schema, present in the new one's.
    if (std::ranges::binary_search(resource_schemas[from].attributes, m.attribute) ||
        !std::ranges::binary_search(resource_schemas[to].attributes, m.attribute))
      return false;
  }
  return true;
}
}  // namespace detail

static_assert(detail::catalog_is_consistent(),
              "the ECS catalog is unsorted or names an attribute its resource schema lacks");
static_assert(events.size() == 35,
              "12 spec events + CreateCluster and DeleteCluster from ECS + ExecuteCommand + 20 from the API model");

TFDRIFT_END_NAMESPACE
