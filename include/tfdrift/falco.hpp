// Falco rules for the aws_cloudtrail source, generated from the ECS catalog, and the cloudtrail plugin's field table they are checked against.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "catalog.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// The type of a field that Falco's cloudtrail plugin exports.
enum class falco_field_type : std::uint8_t { string, uint64 };

/// One field of the cloudtrail plugin.
struct falco_field {
  std::string_view name;
  falco_field_type type;
};

/// Every field that Falco's cloudtrail plugin (v0.14) exports, sorted by name. Falco refuses a
/// rules file that names any other field (ct.request.service, ct.request.family and ct.account
/// do not exist).
inline constexpr std::array<falco_field, 66> falco_cloudtrail_fields{{
    {"ct.addendum.originaleventid", falco_field_type::string},
    {"ct.addendum.originalrequestid", falco_field_type::string},
    {"ct.addendum.reason", falco_field_type::string},
    {"ct.addendum.updatedfields", falco_field_type::string},
    {"ct.additionaleventdata", falco_field_type::string},
    {"ct.apiversion", falco_field_type::string},
    {"ct.edgedevicedetails", falco_field_type::string},
    {"ct.error", falco_field_type::string},
    {"ct.errormessage", falco_field_type::string},
    {"ct.eventcategory", falco_field_type::string},
    {"ct.eventtype", falco_field_type::string},
    {"ct.id", falco_field_type::string},
    {"ct.info", falco_field_type::string},
    {"ct.managementevent", falco_field_type::string},
    {"ct.name", falco_field_type::string},
    {"ct.readonly", falco_field_type::string},
    {"ct.recipientaccountid", falco_field_type::string},
    {"ct.region", falco_field_type::string},
    {"ct.request", falco_field_type::string},
    {"ct.request.availabilityzone", falco_field_type::string},
    {"ct.request.cluster", falco_field_type::string},
    {"ct.request.functionname", falco_field_type::string},
    {"ct.request.groupname", falco_field_type::string},
    {"ct.request.host", falco_field_type::string},
    {"ct.request.name", falco_field_type::string},
    {"ct.request.policy", falco_field_type::string},
    {"ct.request.serialnumber", falco_field_type::string},
    {"ct.request.servicename", falco_field_type::string},
    {"ct.request.subnetid", falco_field_type::string},
    {"ct.request.taskdefinition", falco_field_type::string},
    {"ct.request.username", falco_field_type::string},
    {"ct.requestid", falco_field_type::string},
    {"ct.resources", falco_field_type::string},
    {"ct.response", falco_field_type::string},
    {"ct.response.reservationid", falco_field_type::string},
    {"ct.response.subnetid", falco_field_type::string},
    {"ct.serviceeventdetails", falco_field_type::string},
    {"ct.sessioncredentialfromconsole", falco_field_type::string},
    {"ct.sharedeventid", falco_field_type::string},
    {"ct.shortsrc", falco_field_type::string},
    {"ct.src", falco_field_type::string},
    {"ct.srcip", falco_field_type::string},
    {"ct.time", falco_field_type::string},
    {"ct.tlsdetails.ciphersuite", falco_field_type::string},
    {"ct.tlsdetails.clientprovidedhostheader", falco_field_type::string},
    {"ct.tlsdetails.tlsversion", falco_field_type::string},
    {"ct.user", falco_field_type::string},
    {"ct.user.accountid", falco_field_type::string},
    {"ct.user.arn", falco_field_type::string},
    {"ct.user.identitytype", falco_field_type::string},
    {"ct.user.principalid", falco_field_type::string},
    {"ct.useragent", falco_field_type::string},
    {"ct.vpcendpointid", falco_field_type::string},
    {"ec2.imageid", falco_field_type::string},
    {"ec2.name", falco_field_type::string},
    {"ecr.imagetag", falco_field_type::string},
    {"ecr.repository", falco_field_type::string},
    {"s3.bucket", falco_field_type::string},
    {"s3.bytes", falco_field_type::uint64},
    {"s3.bytes.in", falco_field_type::uint64},
    {"s3.bytes.out", falco_field_type::uint64},
    {"s3.cnt.get", falco_field_type::uint64},
    {"s3.cnt.other", falco_field_type::uint64},
    {"s3.cnt.put", falco_field_type::uint64},
    {"s3.key", falco_field_type::string},
    {"s3.uri", falco_field_type::string},
}};

/// Returns true when the cloudtrail plugin exports a field of this name ("ct.user.arn").
constexpr bool is_falco_cloudtrail_field(std::string_view name) noexcept {
  auto it = std::ranges::lower_bound(falco_cloudtrail_fields, name, {}, &falco_field::name);
  return it != falco_cloudtrail_fields.end() && it->name == name;
}

/// The fields that tfdrift::decode_falco reads from a Falco alert's output_fields; every
/// generated rule names them in its output, so Falco's http_output carries them.
inline constexpr std::array<std::string_view, 17> falco_decoded_fields{
    "ct.id", "ct.name", "ct.src", "ct.time", "ct.region", "ct.recipientaccountid", "ct.user",
    "ct.user.identitytype", "ct.user.arn", "ct.user.accountid", "ct.user.principalid", "ct.useragent",
    "ct.srcip", "ct.error", "ct.readonly", "ct.sessioncredentialfromconsole", "ct.request"};

/// The cloudtrail plugin version the generated rules require.
inline constexpr std::string_view falco_cloudtrail_plugin_version = "0.14.0";

/// One generated rule: the catalog events it matches and how its alert reads.
struct falco_rule_spec {
  std::string_view rule;          ///< the rule's name
  std::string_view desc;
  std::string_view headline;      ///< the output's opening words
  std::array<std::string_view, 2> events;  ///< eventNames ("" when the rule has one)
  std::string_view detail;        ///< output fields for people (cluster=%ct.request.cluster ...)
  bool with_response = false;     ///< the output names ct.response (tfdrift reads the new revision's ARN)
};

/// The rules written by hand, in the order they are written: names, descriptions and output
/// fields chosen for their events. The spec's four examples keep their names; CreateService's
/// rule is not "ECS Service Created" because Falco's own aws_cloudtrail_rules.yaml has a rule of
/// that name. A catalog event that no rule here names gets a generic rule (falco_generic_rule), so
/// the file covers every event of the catalog without an edit here.
inline constexpr std::array<falco_rule_spec, 23> falco_rule_specs{{
    {"ECS Service Created or Recreated",
     "Detect an ECS service created (CreateService). tfdrift reports a re-creation when Terraform state "
     "already has the service, an unmanaged service otherwise.",
     "ECS service created", {"CreateService", ""},
     "cluster=%ct.request.cluster service=%ct.request.servicename taskdefinition=%ct.request.taskdefinition"},
    {"ECS Service Updated", "Detect when an ECS service is updated (UpdateService).",
     "ECS service updated", {"UpdateService", ""}, "cluster=%ct.request.cluster"},
    {"ECS Service Deleted", "Detect when an ECS service is deleted (DeleteService).",
     "ECS service deleted", {"DeleteService", ""}, "cluster=%ct.request.cluster"},
    {"ECS Task Definition Registered",
     "Detect when a new ECS task definition revision is registered (RegisterTaskDefinition).",
     "ECS task definition registered", {"RegisterTaskDefinition", ""}, "", true},
    {"ECS Task Definition Deregistered",
     "Detect when an ECS task definition revision is deregistered (DeregisterTaskDefinition).",
     "ECS task definition deregistered", {"DeregisterTaskDefinition", ""},
     "taskdefinition=%ct.request.taskdefinition"},
    {"ECS Cluster Created",
     "Detect when an ECS cluster is created (CreateCluster from ecs.amazonaws.com, not EKS or Redshift).",
     "ECS cluster created", {"CreateCluster", ""}, ""},
    {"ECS Cluster Updated",
     "Detect when an ECS cluster configuration or its settings are updated (UpdateCluster, UpdateClusterSettings).",
     "ECS cluster updated", {"UpdateCluster", "UpdateClusterSettings"}, "cluster=%ct.request.cluster"},
    {"ECS Cluster Deleted",
     "Detect when an ECS cluster is deleted (DeleteCluster from ecs.amazonaws.com, not EKS or Redshift).",
     "ECS cluster deleted", {"DeleteCluster", ""}, "cluster=%ct.request.cluster"},
    {"ECS Cluster Capacity Providers Configured",
     "Detect when the capacity providers of an ECS cluster are set (PutClusterCapacityProviders).",
     "ECS cluster capacity providers configured", {"PutClusterCapacityProviders", ""},
     "cluster=%ct.request.cluster"},
    {"ECS Container Instances State Changed",
     "Detect when ECS container instances are set to ACTIVE or DRAINING (UpdateContainerInstancesState).",
     "ECS container instances state changed", {"UpdateContainerInstancesState", ""},
     "cluster=%ct.request.cluster"},
    {"ECS Capacity Provider Created", "Detect when an ECS capacity provider is created (CreateCapacityProvider).",
     "ECS capacity provider created", {"CreateCapacityProvider", ""}, "name=%ct.request.name"},
    {"ECS Capacity Provider Updated", "Detect when an ECS capacity provider is updated (UpdateCapacityProvider).",
     "ECS capacity provider updated", {"UpdateCapacityProvider", ""}, "name=%ct.request.name"},
    {"ECS Capacity Provider Deleted", "Detect when an ECS capacity provider is deleted (DeleteCapacityProvider).",
     "ECS capacity provider deleted", {"DeleteCapacityProvider", ""}, ""},
    {"ECS Resource Tags Changed",
     "Detect when tags of an ECS resource are added, changed or removed (TagResource, UntagResource); "
     "tfdrift compares them with the tags_all of the resource the ARN names, or with aws_ecs_tag resources.",
     "ECS resource tags changed", {"TagResource", "UntagResource"}, ""},
    {"ECS Task Set Created", "Detect when a task set of an EXTERNAL deployment is created (CreateTaskSet).",
     "ECS task set created", {"CreateTaskSet", ""}, "cluster=%ct.request.cluster taskdefinition=%ct.request.taskdefinition"},
    {"ECS Task Set Scaled", "Detect when a task set is scaled (UpdateTaskSet).",
     "ECS task set scaled", {"UpdateTaskSet", ""}, "cluster=%ct.request.cluster"},
    {"ECS Task Set Deleted", "Detect when a task set is deleted (DeleteTaskSet).",
     "ECS task set deleted", {"DeleteTaskSet", ""}, "cluster=%ct.request.cluster"},
    {"ECS Primary Task Set Switched",
     "Detect when the primary task set of a service changes (UpdateServicePrimaryTaskSet).",
     "ECS primary task set switched", {"UpdateServicePrimaryTaskSet", ""}, "cluster=%ct.request.cluster"},
    {"ECS Account Setting Default Changed",
     "Detect when an ECS account setting default changes (PutAccountSettingDefault).",
     "ECS account setting default changed", {"PutAccountSettingDefault", ""}, "setting=%ct.request.name"},
    {"ECS Account Setting Changed",
     "Detect when the ECS account setting of a principal is set or deleted (PutAccountSetting, DeleteAccountSetting).",
     "ECS account setting changed", {"PutAccountSetting", "DeleteAccountSetting"}, "setting=%ct.request.name"},
    {"ECS Task Definitions Deleted",
     "Detect when deregistered ECS task definition revisions are deleted for good (DeleteTaskDefinitions).",
     "ECS task definitions deleted", {"DeleteTaskDefinitions", ""}, ""},
    {"ECS Service Deployment Stopped or Continued",
     "Detect when a service deployment is stopped or rolled back, or continued past a lifecycle hook "
     "(StopServiceDeployment, ContinueServiceDeployment).",
     "ECS service deployment stopped or continued", {"StopServiceDeployment", "ContinueServiceDeployment"}, ""},
    {"ECS Exec Command Run",
     "Detect a command or shell opened in a running ECS container with ECS Exec (ExecuteCommand).",
     "ECS Exec command run", {"ExecuteCommand", ""}, "cluster=%ct.request.cluster"},
}};

namespace detail {

// The rule's priority: the highest Falco priority among its events in the catalog.
constexpr std::string_view falco_rule_priority(const falco_rule_spec& r) noexcept {
  std::string_view p = "WARNING";
  for (auto name : r.events)
    // Indices, not pointers: g++ 12 with -fsanitize=undefined rejects pointer tests in constant expressions.
    if (std::size_t i = name.empty() ? events.size() : event_index(ecs_source, name);
        i < events.size() && events[i].priority == "CRITICAL")
      p = "CRITICAL";
  return p;
}

// The hand-written rules name only catalog events, each at most once (the others get a generic rule).
constexpr bool falco_rules_cover_catalog() {
  for (const auto& e : events) {
    std::size_t hits = 0;
    for (const auto& r : falco_rule_specs)
      for (auto name : r.events) hits += name == e.name ? 1 : 0;
    if (hits > 1) return false;
  }
  for (const auto& r : falco_rule_specs)
    for (auto name : r.events)
      if (!name.empty() && event_index(ecs_source, name) == events.size()) return false;
  return true;
}

// Text the generator writes as plain YAML scalars: nothing YAML would read otherwise.
constexpr bool plain_yaml_text(std::string_view s) {
  if (s.empty()) return true;
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(s.front()) != std::string_view::npos) return false;
  for (std::size_t i = 0; i + 1 < s.size(); ++i)
    if ((s[i] == ':' && s[i + 1] == ' ') || (s[i] == ' ' && s[i + 1] == '#')) return false;
  return s.back() != ':';
}

// Every ct.* word (a "ct." not inside another word) of a text names a field of the plugin.
constexpr bool fields_exist(std::string_view s) {
  for (std::size_t i = 0; i + 3 <= s.size(); ++i) {
    if (s.substr(i, 3) != "ct.") continue;
    if (i > 0) {
      char b = s[i - 1];
      if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' || b == '.') continue;
    }
    std::size_t j = i;
    while (j < s.size() && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= '0' && s[j] <= '9') || s[j] == '.' || s[j] == '_'))
      ++j;
    std::string_view f = s.substr(i, j - i);
    while (!f.empty() && f.back() == '.') f.remove_suffix(1);
    if (!is_falco_cloudtrail_field(f)) return false;
  }
  return true;
}

constexpr bool falco_tables_are_consistent() {
  for (std::size_t i = 1; i < falco_cloudtrail_fields.size(); ++i)
    if (!(falco_cloudtrail_fields[i - 1].name < falco_cloudtrail_fields[i].name)) return false;
  for (auto f : falco_decoded_fields)
    if (!is_falco_cloudtrail_field(f)) return false;
  for (const auto& r : falco_rule_specs)
    if (!plain_yaml_text(r.rule) || !plain_yaml_text(r.desc) || !fields_exist(r.detail) || r.events[0].empty())
      return false;
  return falco_rules_cover_catalog();
}

}  // namespace detail

static_assert(detail::falco_tables_are_consistent(),
              "the Falco tables are unsorted, name an unknown field, or name an unknown event or one twice");

/// One rule of the generated file: a hand-written one (falco_rule_specs) or the generic rule of
/// a catalog event that none of them names.
struct falco_rule {
  std::string rule, desc, headline;
  std::array<std::string_view, 2> events;  ///< eventNames ("" when the rule has one)
  std::string detail;                      ///< output fields for people
  bool with_response = false;              ///< the output names ct.response
  std::string_view priority;               ///< the highest of its events' catalog priorities
  std::string_view resource_type;          ///< the Terraform type of its first event
};

/// Returns true when a catalog event has a hand-written rule in falco_rule_specs.
constexpr bool has_falco_rule_spec(std::string_view event) noexcept {
  for (const auto& r : falco_rule_specs)
    for (auto name : r.events)
      if (name == event) return true;
  return false;
}

/// Returns the generic rule of a catalog event: named "ECS EVENTNAME", described by the
/// catalog's description, at the catalog's priority, with the cluster in the output when the
/// event names one and both the request and the response (tfdrift reads what it needs of them).
inline falco_rule falco_generic_rule(const event_entry& e) {
  falco_rule r;
  r.rule = "ECS " + std::string(e.name);
  r.desc = "Detect an ECS " + std::string(e.name) + " call (" + std::string(e.description) + ").";
  r.headline.reserve(e.description.size());
  for (char c : e.description)
    if (c != '%' && c != '\n' && c != '\r') r.headline += c;  // % starts a Falco field
  r.events = {e.name, ""};
  if (e.cluster_key == "cluster" || e.target_key == "cluster") r.detail = "cluster=%ct.request.cluster";
  r.with_response = true;
  r.priority = e.priority;
  r.resource_type = e.resource_type;
  return r;
}

/// Returns every rule of the generated file, in its order: the hand-written rules, then the
/// generic rule of each catalog event no hand-written rule names, in the catalog's order. Every
/// event of the catalog is matched by exactly one rule.
inline std::vector<falco_rule> falco_rule_list() {
  std::vector<falco_rule> out;
  for (const auto& s : falco_rule_specs) {
    falco_rule r;
    r.rule = s.rule;
    r.desc = s.desc;
    r.headline = s.headline;
    r.events = s.events;
    r.detail = s.detail;
    r.with_response = s.with_response;
    r.priority = detail::falco_rule_priority(s);
    r.resource_type = find_event(ecs_source, s.events[0])->resource_type;
    out.push_back(std::move(r));
  }
  for (const auto& e : events)
    if (e.source == ecs_source && !has_falco_rule_spec(e.name)) out.push_back(falco_generic_rule(e));
  return out;
}

namespace detail {
// A YAML scalar: as it is when YAML reads it as that text, else double-quoted.
inline std::string yaml_scalar(std::string_view s) {
  if (plain_yaml_text(s) && s.find_first_of("\n\r\t\"\\") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    out += c;
  }
  return out + "\"";
}
}  // namespace detail

/// Returns the tags of a generated rule: terraform, drift, ecs, container, the Terraform
/// resource type, and security for CRITICAL rules.
inline std::string falco_rule_tags(const falco_rule& r) {
  std::string tags = "[terraform, drift, ecs, container, ";
  tags += r.resource_type.empty() ? std::string_view{"tags"} : r.resource_type;  // TagResource: the type its ARN names
  if (r.priority == "CRITICAL") tags += ", security";
  return tags + "]";
}

/// Returns a Falco rules file (YAML) for the aws_cloudtrail source with one rule per ECS event
/// of the catalog (UpdateCluster and UpdateClusterSettings share one; see falco_rule_list): each matches only
/// successful, not read-only calls from ecs.amazonaws.com, has the catalog's priority, and
/// names in its output every field tfdrift reads back from Falco's http_output. The text is
/// the same on every call.
inline std::string falco_rules() {
  std::string out;
  out +=
      "# tfdrift: Falco rules for Terraform drift on Amazon ECS (source aws_cloudtrail, cloudtrail plugin).\n"
      "# Generated from tfdrift's ECS catalog by `tfdrift rules --format falco`; do not edit by hand.\n"
      "#\n"
      "# Each rule matches a successful ECS write from ecs.amazonaws.com. Whether it is drift is for\n"
      "# tfdrift to say: send the alerts to it (json_output: true and http_output) and it compares\n"
      "# them with Terraform state. The outputs name every field that tfdrift reads back.\n"
      "\n"
      "- required_engine_version: 10\n"
      "\n"
      "- required_plugin_versions:\n"
      "  - name: cloudtrail\n"
      "    version: ";
  out += falco_cloudtrail_plugin_version;
  out += "\n";
  for (const auto& r : falco_rule_list()) {
    out += "\n- rule: ";
    out += detail::yaml_scalar(r.rule);
    out += "\n  desc: ";
    out += detail::yaml_scalar(r.desc);
    out += "\n  condition: >-\n    ct.src=\"";
    out += ecs_source;
    out += "\" and ";
    if (r.events[1].empty()) {
      out += "ct.name=\"";
      out += r.events[0];
      out += "\"";
    } else {
      out += "(ct.name=\"";
      out += r.events[0];
      out += "\" or ct.name=\"";
      out += r.events[1];
      out += "\")";
    }
    out += "\n    and not ct.error exists and not ct.readonly=\"true\"\n  output: >-\n    ";
    out += r.headline;
    out += " (user=%ct.user identitytype=%ct.user.identitytype arn=%ct.user.arn";
    out += "\n    account=%ct.recipientaccountid region=%ct.region";
    if (!r.detail.empty()) {
      out += "\n    ";
      out += r.detail;
    }
    out += "\n    request=%ct.request";
    if (r.with_response) out += "\n    response=%ct.response";
    out +=
        "\n    id=%ct.id event=%ct.name source=%ct.src time=%ct.time"
        "\n    useragent=%ct.useragent srcip=%ct.srcip error=%ct.error readonly=%ct.readonly"
        "\n    console=%ct.sessioncredentialfromconsole principalid=%ct.user.principalid"
        " calleraccount=%ct.user.accountid)\n  priority: ";
    out += r.priority;
    out += "\n  source: aws_cloudtrail\n  tags: ";
    out += falco_rule_tags(r);
    out += "\n";
  }
  return out;
}

TFDRIFT_END_NAMESPACE
