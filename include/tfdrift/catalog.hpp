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

/// The types whose revisions a task_definition target names (family, family:rev or ARN): the
/// ARN resource kind of a revision, and where a register call's responseElements holds the new
/// revision's ARN (dotted).
struct revision_type {
  std::string_view resource_type, arn_kind, response_path;
};

/// An attribute that the provider moved to another resource type: configs that name it on the
/// old type keep working, and their rules and ignores apply to the new type.
struct moved_attribute {
  std::string_view from_type, attribute, to_type;
};

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

inline constexpr std::string_view ecs_source = "ecs.amazonaws.com";

TFDRIFT_END_NAMESPACE

// ---- The tables ----
// Nested blocks: each block_member table is the block's schema in the provider
// (hashicorp/terraform-provider-aws, internal/service/ecs/) with the request member that fills
// each attribute (botocore's ECS model, data/ecs/2014-11-13/service-2.json); an unset member is
// stored as its zero value. Each table cites the provider file and function it follows.
//   resource_schemas, arn_resource_kinds, revision_types, moved_attributes, attribute_aliases:
#include "detail/catalog_resources.hpp"
//   events (and the block and field tables of each family, in tfdrift::detail):
#include "detail/catalog_events.hpp"
//   request_member_notes, operation_notes:
#include "detail/catalog_notes.hpp"

TFDRIFT_BEGIN_NAMESPACE

// ---- Lookups ----

/// Returns true when a config naming `attribute` of `named_type` means that attribute of
/// `type`: the same type, or the type the provider moved the attribute to.
constexpr bool attribute_applies(std::string_view named_type, std::string_view attribute, std::string_view type) noexcept;

/// Returns the index of an event in `events`, or events.size() when the catalog does not track it.
/// (Indices rather than pointers keep the compile-time checks constant under -fsanitize=undefined.)
constexpr std::size_t event_index(std::string_view source, std::string_view name) noexcept;

/// Returns the catalog entry of an event, or nullptr when the catalog does not track it.
constexpr const event_entry* find_event(std::string_view source, std::string_view name) noexcept;

/// Returns the index of a resource type in `resource_schemas`, or resource_schemas.size().
constexpr std::size_t resource_index(std::string_view type) noexcept;

/// Returns the schema of a resource type, or nullptr for a type the catalog does not know.
constexpr const resource_schema* find_resource(std::string_view type) noexcept;

/// Returns the provider's attribute for a name users may write ("settings" -> "setting").
constexpr std::string_view canonical_attribute(std::string_view type, std::string_view name) noexcept;

/// Returns true when the catalog knows the attribute (or its alias) for the resource type,
/// including an attribute the provider moved from it to another type (moved_attributes).
constexpr bool knows_attribute(std::string_view type, std::string_view name) noexcept;

/// Returns the responseElements path an event's fields read a stored form from ("" when none).
constexpr std::string_view response_path_of(const event_entry& e) noexcept;

/// Calls fn(field) for each field an event maps, shared ones first.
template <class Fn>
constexpr void for_each_field(const event_entry& e, Fn&& fn);

/// Classifies one request member of an event: `path` is dotted camelCase with list items
/// transparent ("loadBalancers.containerPort"), as botocore's model nests the input shape.
constexpr member_verdict classify_member(const event_entry& e, std::string_view path) noexcept;

/// Returns the note of a write operation that has no catalog event, or nullptr.
constexpr const request_member_note* find_operation_note(std::string_view name) noexcept;

TFDRIFT_END_NAMESPACE

#include "detail/catalog-inl.hpp"
