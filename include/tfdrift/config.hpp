// Drift rules, ignore rules and detector settings: which changes matter, how loud, which records to skip; read from JSON.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actor.hpp"
#include "alert.hpp"
#include "awslogs.hpp"
#include "catalog.hpp"
#include "cloudtrail.hpp"
#include "security_settings.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// One drift rule, as in the spec's config.yaml.
struct drift_rule {
  std::string name;
  std::vector<std::string> resource_types;
  std::vector<std::string> watched_attributes;  ///< provider names or the spec's aliases ("settings")
  severity sev = severity::medium;
  std::optional<severity> delete_sev;  ///< deletes of these types, instead of config::delete_severity
};

/// Changes to drop, like Terraform's `lifecycle { ignore_changes = [...] }`.
struct attribute_ignore {
  std::vector<std::string> resource_types;  ///< the types it applies to (empty: any type)
  std::string address;                      ///< glob over Terraform addresses ("module.api.*"; empty: any)
  std::vector<std::string> attributes;      ///< top-level attributes (provider names or aliases)
};

/// Records and changes that are not reported.
struct ignore_rules {
  std::vector<attribute_ignore> attributes;
  std::vector<std::string> principals;   ///< globs: user names, role names or ARNs, invokedBy services
  std::vector<std::string> user_agents;  ///< substrings, or globs when they hold * or ?
};

/// Input limits: a record over either is counted malformed with its place.
struct input_limits {
  std::size_t max_record_bytes = 64u << 20;  ///< one record's text, in bytes
  std::size_t max_depth = 64;                ///< JSON nesting of one record
};

/// The input limits under their earlier name (they now live in config::limits).
using limits = input_limits;

/// Everything that tunes the detector.
struct config {
  std::vector<drift_rule> rules;
  bool report_unwatched = true;                   ///< report attributes no rule watches...
  severity unwatched_severity = severity::low;    ///< ...at this severity
  severity delete_severity = severity::critical;  ///< deletes of managed resources
  bool report_terraform = false;                  ///< report Terraform's own calls instead of ignoring them
  ignore_rules ignore;
  std::vector<std::string> accounts;  ///< recipient accounts to watch (globs); empty: all
  std::vector<std::string> regions;   ///< regions to watch (globs); empty: all
  input_limits limits;
  std::size_t dedup_window = 1u << 20;    ///< eventIDs remembered for deduplication (0: none)
  std::size_t max_malformed_places = 20;  ///< malformed records listed by place (the rest are counted)
  security_settings security;             ///< the security checks (security.hpp): switches, registries
  /// ECS records whose eventTime is outside (or no time) end as out_of_range; open by default.
  /// Set by --since/--until and since=/until=, not read from a config file.
  time_range event_times;
};

/// Returns the built-in config: the spec's example rules plus capacity providers.
inline config default_config();

/// The severity a change gets, and the rule that gave it.
struct rated {
  severity sev = severity::low;
  const drift_rule* rule = nullptr;  ///< nullptr when no rule watches the attribute
};

/// Returns the highest severity among the rules that watch a resource type's attribute.
inline rated rate_attribute(const config& c, std::string_view type, std::string_view attribute);

/// Returns the highest severity among the rules that cover a resource type at all.
inline rated rate_type(const config& c, std::string_view type);

/// Returns the severity of deleting a managed resource of a type: the highest delete_severity
/// of the rules that cover the type and set one, else config::delete_severity with the rule
/// that rate_type names.
inline rated rate_delete(const config& c, std::string_view type);

/// Returns true when the account (recipientAccountId) is one the config watches.
inline bool watches_account(const config& c, std::string_view account) noexcept;

/// Returns true when the region (awsRegion) is one the config watches.
inline bool watches_region(const config& c, std::string_view region) noexcept;

/// Returns the ignore.principals entry that matches a caller, or nullptr. An entry (a glob)
/// matches the IAM user name, the role name, the caller's ARN, the invokedBy service, or the
/// name alerts print (`shown_name`, e.g. a role session); an IAM role ARN entry matches
/// sessions of that role (its path aside).
inline const std::string* ignoring_principal(const config& c, const identity& who, std::string_view shown_name);

/// Returns the ignore.user_agents entry that matches a userAgent, or nullptr: an entry with *
/// or ? is a glob over the whole userAgent, any other a substring of it.
inline const std::string* ignoring_user_agent(const config& c, std::string_view user_agent) noexcept;

/// Returns true when an ignore.attributes entry drops changes to this attribute of a resource
/// (`address` is "" for resources no state manages; address globs never match them).
inline bool ignores_attribute(const config& c, std::string_view type, std::string_view address,
                              std::string_view attribute) noexcept;

/// Parses a config written as JSON (the keys docs/config.md describes; a key
/// left out keeps its default, drift_rules left out keeps the built-in rules). Throws
/// tfdrift::error with an id (tfdrift.config.parse, .unknown_key, .unknown_resource_type,
/// .unknown_attribute, .bad_severity, .type, .value, .missing_key, .duplicate_key) and the place
/// "name:line:column" (1-based).
inline config parse_config(std::string_view json_text, std::string_view name);

TFDRIFT_END_NAMESPACE

#include "detail/config_reader.hpp"
#include "detail/config-inl.hpp"
