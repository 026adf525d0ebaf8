// Security checks on ECS changes: findings for the doors a change opens (roles, network, images, ECS Exec, container privileges, who), raising the alert's severity.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "alert.hpp"
#include "change.hpp"
#include "cloudtrail.hpp"
#include "security_settings.hpp"
#include "state.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// What the loaded states say about images and roles: read from every task definition once,
/// on first use, and forgotten with reset() when the states change.
class security_facts {
 public:
  /// Forgets what was read (call after loading or replacing states).
  void reset() noexcept;
  /// Returns the image registries of the loaded task definitions, sorted, without repeats.
  const std::vector<std::string>& registries(const state_index& states);
  /// Returns the registries images may come from: the settings' globs and, when they trust
  /// them, the loaded states' registries; sorted, without repeats, lower case. Kept until
  /// reset() (a detector's settings do not change).
  const std::vector<std::string>& allowed_registries(const state_index& states, const security_settings& settings);
  /// Returns true when some loaded task definition uses the role (an ARN or a role name) as
  /// its task or execution role. Roles compare by name within an account: role paths aside.
  bool uses_role(const state_index& states, std::string_view role);

 private:
  void load(const state_index& states);
  bool ready_ = false;
  bool allowed_ready_ = false;
  std::vector<std::string> registries_;
  std::vector<std::string> allowed_;
  std::vector<std::pair<std::string, std::string>> roles_;  // (account or "", role name)
};

/// The changes of one alert, looked up by attribute path: what a change (or a change of a
/// whole container or list above the path) did at "container_definitions[name=web].image",
/// and which entries of a named list the changes touch. Built on first use in time linear in
/// the changes; each lookup then costs the path's depth, and looking into a long list by
/// name is a hash lookup, so that a request with 100,000 environment entries is checked in
/// linear time. The alert must outlive the view and keep its changes.
class change_view {
 public:
  using json = nlohmann::json;

  explicit change_view(const alert& a) : a_(a) {}
  change_view(const change_view&) = delete;
  change_view& operator=(const change_view&) = delete;

  /// Returns the state's value and the new value at an attribute path when a change of the
  /// alert covers the path (is at it, or above it and differs there); nullopt otherwise.
  std::optional<std::pair<json, json>> at(std::string_view path) const;

  /// Returns the names of the entries of a named list ("container_definitions",
  /// "container_definitions[name=web].environment") that the changes touch, in the order of
  /// the changes that first touch them. Worked out once per list and kept with the view (the
  /// container checks all ask for "container_definitions").
  const std::vector<std::string>& names(std::string_view list_path) const;

  /// Returns the value at a path below a JSON value: ".key", "[name=X]" (the first element of
  /// a list whose "name" is X) and "[N]" segments; nullptr when it is not there.
  const json* find(const json& v, std::string_view path) const;

 private:
  struct touched {
    std::vector<std::pair<const change*, std::string_view>> order;
    std::unordered_set<std::string_view> seen;
  };

  void index() const;
  const json* by_name(const json& list, std::string_view name) const;

  const alert& a_;
  mutable bool indexed_ = false;
  mutable std::unordered_map<std::string_view, const change*> by_path_;
  mutable std::unordered_map<std::string_view, touched> names_;
  mutable std::unordered_map<const json*, std::unordered_map<std::string_view, const json*>> lists_;
  // names() answers so far (map nodes stay in place, so the references handed out stay valid).
  mutable std::map<std::string, std::vector<std::string>, std::less<>> names_done_;
};

/// Returns what the alert's changes did at an attribute path (see change_view::at).
inline std::optional<std::pair<nlohmann::json, nlohmann::json>> changed_at(const alert& a, std::string_view path);

/// Returns the names of a named list's entries that the alert's changes touch (see
/// change_view::names).
inline std::vector<std::string> changed_names(const alert& a, std::string_view list_path);

/// What a check sees: the alert being built, the event, the loaded states and the settings.
/// Checks report findings through report().
class security_context {
 public:
  security_context(const alert& a, const event& ev, const state_index& states, security_facts& facts,
                   const security_settings& settings)
      : a(a), ev(ev), states(states), facts(facts), settings(settings), changes(a) {}

  const alert& a;
  const event& ev;
  const state_index& states;
  security_facts& facts;
  const security_settings& settings;
  change_view changes;  ///< the alert's changes by path
  severity current = severity::low;  ///< the alert's severity with the findings so far

  /// Adds a finding of the running check at its severity (its default, or the config's), or at
  /// `at_least` when that is higher.
  void report(std::string detail, std::optional<severity> at_least = std::nullopt);

 private:
  friend void apply_security(alert&, const event&, const state_index&, security_facts&, const security_settings&);
  std::size_t check_ = 0;
  std::vector<finding>* out_ = nullptr;
};

/// One security check: its id (also its config key), the default severity of its findings,
/// how many levels it raises the alert (the who.* checks), what it looks for, and the function
/// that looks.
struct security_check {
  std::string_view id;
  severity sev;            ///< default severity; for raising checks, the least they raise to
  std::uint8_t raise;      ///< levels a raising check adds to the alert's severity (0: none)
  std::string_view description;
  void (*run)(security_context&);
};

/// A container image reference, split the way Docker reads it.
struct image_ref {
  std::string registry;    ///< "docker.io" when the reference names none
  std::string repository;  ///< "library/nginx" for Docker Hub's official images
  std::string tag;         ///< "" when there is none
  std::string digest;      ///< "sha256:..." when pinned, else ""
};

/// Splits an image reference: "nginx:1.21" is docker.io/library/nginx tag 1.21,
/// "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:v2@sha256:ab.." has a registry, a tag and
/// a digest. The first path part is a registry only when it holds a dot or a colon or is
/// "localhost", as Docker decides.
inline image_ref parse_image(std::string_view s);

namespace detail {

// The checks, one function each, defined by family in detail/security_checks_FAMILY.hpp.
inline void check_capabilities(security_context& ctx);
inline void check_host_namespace(security_context& ctx);
inline void check_privileged(security_context& ctx);
inline void check_readonly_root(security_context& ctx);
inline void check_root_user(security_context& ctx);
inline void check_plaintext_secret(security_context& ctx);
inline void check_secret_moved_to_secrets(security_context& ctx);
inline void check_fault_injection(security_context& ctx);
inline void check_exec_enabled(security_context& ctx);
inline void check_exec_session(security_context& ctx);
inline void check_role_changed(security_context& ctx);
inline void check_tags_removed(security_context& ctx);
inline void check_console_without_mfa(security_context& ctx);
inline void check_root(security_context& ctx);
inline void check_digest_removed(security_context& ctx);
inline void check_latest(security_context& ctx);
inline void check_registry(security_context& ctx);
inline void check_tag_changed(security_context& ctx);
inline void check_load_balancer_ports(security_context& ctx);
inline void check_network_mode(security_context& ctx);
inline void check_public_ip(security_context& ctx);
inline void check_security_groups(security_context& ctx);
inline void check_service_connect_ports(security_context& ctx);
inline void check_efs_iam(security_context& ctx);
inline void check_efs_transit(security_context& ctx);
inline void check_host_path(security_context& ctx);

}  // namespace detail

/// The security checks, sorted by id; the raising who.* checks sort last and run after the
/// others, on the severity those left.
inline constexpr std::array<security_check, security_check_count> security_checks{{
    {"container.capabilities_added", severity::high, 0,
     "Linux capabilities added to a container (linuxParameters.capabilities.add); critical for ALL, BPF, "
     "DAC_READ_SEARCH, SYS_ADMIN, SYS_MODULE, SYS_RAWIO",
     detail::check_capabilities},
    {"container.host_namespace", severity::critical, 0,
     "the task's pid_mode or ipc_mode set to host (pidMode, ipcMode)", detail::check_host_namespace},
    {"container.privileged", severity::critical, 0, "a container's privileged flag turned on",
     detail::check_privileged},
    {"container.readonly_root_disabled", severity::medium, 0, "a container's readonlyRootFilesystem turned off",
     detail::check_readonly_root},
    {"container.root_user", severity::high, 0,
     "a container's user set to root (root, 0, 0:0, root:GROUP) or a non-root user removed", detail::check_root_user},
    {"container.secret_in_plaintext", severity::high, 0,
     "an environment value set whose name looks secret (PASSWORD, SECRET, TOKEN, KEY, ...), not an ARN; critical "
     "when a secrets entry of that name was removed (moved into plain text)",
     detail::check_plaintext_secret},
    {"container.secret_moved_to_secrets", severity::low, 0,
     "an environment value moved out of plain text into secrets (a secrets entry that replaces a removed "
     "environment entry of the same name)",
     detail::check_secret_moved_to_secrets},
    {"exec.enabled", severity::critical, 0, "a service's enable_execute_command false -> true",
     detail::check_exec_enabled},
    {"exec.session", severity::high, 0,
     "ExecuteCommand: who opened a shell (or ran a command) in which container of which task and cluster",
     detail::check_exec_session},
    {"iam.role_changed", severity::high, 0,
     "task_role_arn or execution_role_arn set or changed to another role; critical when no loaded state uses the "
     "new role",
     detail::check_role_changed},
    {"iam.tags_removed", severity::medium, 0,
     "tags removed from a resource (a key of tags or tags_all, default tags included, gone; aws: keys aside): IAM "
     "conditions on aws:ResourceTag/KEY that matched it no longer do",
     detail::check_tags_removed},
    {"image.digest_removed", severity::high, 0, "an image pinned by digest (@sha256:) no longer is",
     detail::check_digest_removed},
    {"image.latest_or_untagged", severity::high, 0, "an image set with the tag latest or no tag, and no digest pin",
     detail::check_latest},
    {"image.registry_not_allowed", severity::critical, 0,
     "an image from a registry outside the allowlist (security.allowed_registries, and by default the registries "
     "the loaded states' images use)",
     detail::check_registry},
    {"image.tag_changed", severity::medium, 0, "an image's tag (or repository, or pinned digest) changed", detail::check_tag_changed},
    {"network.load_balancer_port_added", severity::high, 0,
     "a service's container port newly attached to a load balancer target group or classic load balancer "
     "(load_balancer: container_name, container_port, target_group_arn or elb_name), or a port name to a VPC "
     "Lattice target group (vpc_lattice_configurations)",
     detail::check_load_balancer_ports},
    {"network.mode_changed", severity::high, 0,
     "a task definition's network_mode changed (or a new one set to host); critical to host, or awsvpc -> bridge",
     detail::check_network_mode},
    {"network.public_ip_enabled", severity::high, 0, "a service's assign_public_ip turned on",
     detail::check_public_ip},
    {"network.security_groups_changed", severity::high, 0, "a service's security groups added or removed",
     detail::check_security_groups},
    {"network.service_connect_port_added", severity::medium, 0,
     "a service's Service Connect opens a new port: a client alias port (client_alias.port) or an ingress port "
     "override (ingress_port_override) that the enabled configuration in state did not have",
     detail::check_service_connect_ports},
    {"task.fault_injection_enabled", severity::medium, 0,
     "a task definition's enable_fault_injection turned on (the containers may ask the ECS agent for network and "
     "CPU/IO faults)",
     detail::check_fault_injection},
    {"volume.efs_iam_disabled", severity::medium, 0,
     "an EFS volume added without IAM authorization (authorization_config.iam not ENABLED), or its IAM "
     "authorization turned off",
     detail::check_efs_iam},
    {"volume.efs_transit_unencrypted", severity::high, 0,
     "an EFS volume added without transit encryption (transit_encryption not ENABLED), or its transit "
     "encryption turned off",
     detail::check_efs_transit},
    {"volume.host_path_added", severity::high, 0,
     "a task definition volume bind-mounts a host path (host_path) no volume in state mounted; critical for /, a "
     "path with .., and paths under /bin, /boot, /dev, /etc, /home, /lib, /lib64, /proc, /root, /run, /sbin, "
     "/sys, /usr, /var/lib/docker, /var/lib/ecs, /var/run (the Docker socket)",
     detail::check_host_path},
    {"who.console_without_mfa", severity::medium, 1,
     "a change from a console session of an IAM user or the root user without MFA: raises the alert one level "
     "(at least to medium)",
     detail::check_console_without_mfa},
    {"who.root", severity::high, 1,
     "a change by the account's root user: raises the alert one level (at least to high)", detail::check_root},
}};

/// True when security_checks lists exactly security_check_ids, in that order: the config reader
/// (config.hpp) knows the checks by those ids and indexes settings by their position.
constexpr bool security_checks_match_ids() noexcept {
  for (std::size_t i = 0; i < security_check_count; ++i)
    if (security_checks[i].id != security_check_ids[i]) return false;
  return true;
}
static_assert(security_checks_match_ids(), "security_check_ids must list security_checks' ids in order");

/// Runs the enabled security checks on an alert that is about to be emitted (its changes,
/// kind, actor and event filled in), appends their findings to a.security and raises a.sev to
/// the highest finding severity. Resolved alerts (values set back to the state's) are left
/// alone. `facts` caches what the loaded states say; reset it when they change.
inline void apply_security(alert& a, const event& ev, const state_index& states, security_facts& facts,
                           const security_settings& settings);

/// Returns the change an ExecuteCommand reports: attribute "execute_command", path
/// "execute_command[task=ID].container[name=NAME]", no old value, and the command and whether
/// it is interactive as the new value.
inline change exec_session_change(const nlohmann::json& request);

TFDRIFT_END_NAMESPACE

#include "detail/security_checks_container.hpp"
#include "detail/security_checks_exec.hpp"
#include "detail/security_checks_iam.hpp"
#include "detail/security_checks_image.hpp"
#include "detail/security_checks_network.hpp"
#include "detail/security_checks_volume.hpp"
#include "detail/security-inl.hpp"
