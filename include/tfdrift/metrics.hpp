// Prometheus metrics of what the detector processed: the table of metric names and the text exposition.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "actor.hpp"
#include "alert.hpp"
#include "catalog.hpp"
#include "cloudtrail.hpp"
#include "detail/arn.hpp"
#include "detail/scan.hpp"
#include "diff.hpp"
#include "format.hpp"
#include "ledger.hpp"
#include "outcome.hpp"
#include "state.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// A Prometheus metric type.
enum class metric_type : std::uint8_t { counter, gauge };

/// One metric that tfdrift exports: its name, type, label names (comma-separated) and help.
struct metric_def {
  std::string_view name;
  metric_type type;
  std::string_view labels;
  std::string_view help;
};

/// Every metric that metrics::exposition() writes, sorted by name. Dashboards and tests read
/// the names from here.
inline constexpr std::array<metric_def, 20> metric_defs{{
    {"tfdrift_alerts_total", metric_type::counter, "kind,severity",
     "Alerts emitted, by alert kind and severity."},
    {"tfdrift_build_info", metric_type::gauge, "version", "Always 1; the version label is tfdrift's."},
    {"tfdrift_drifts_opened_total", metric_type::counter, "resource_type",
     "Drifts opened in the drift ledger, by Terraform resource type."},
    {"tfdrift_drifts_resolved_total", metric_type::counter, "reason",
     "Drifts closed in the drift ledger: event (set back to the state's value), terraform "
     "(Terraform's own call set it), state (a newer state adopted it)."},
    {"tfdrift_ecs_capacity_provider_changes_total", metric_type::counter, "event",
     "ECS write calls on capacity providers, by event name."},
    {"tfdrift_ecs_changes_by_hour_total", metric_type::counter, "hour",
     "ECS write calls by hour of day (00-23, UTC, from eventTime)."},
    {"tfdrift_ecs_changes_by_user", metric_type::gauge, "user",
     "ECS write calls so far by the top users (the rest summed as other); a gauge because a user "
     "entering the top moves its count out of other."},
    {"tfdrift_ecs_changes_total", metric_type::counter, "source",
     "ECS write calls by source: console, cli, sdk, terraform, aws-service, unknown."},
    {"tfdrift_ecs_cluster_changes_total", metric_type::counter, "cluster,event",
     "ECS cluster configuration calls (Create/Update/UpdateClusterSettings/DeleteCluster) by cluster "
     "(clusters the states know; the rest as other) and event name."},
    {"tfdrift_ecs_container_instance_transitions_total", metric_type::counter, "cluster,status",
     "Container instances moved by UpdateContainerInstancesState, by cluster and new status "
     "(ACTIVE, DRAINING, other)."},
    {"tfdrift_ecs_events_total", metric_type::counter, "event,resource_type",
     "ECS write calls by event name, one series for every event of tfdrift's catalog (0 until "
     "seen), with the Terraform resource type it changes."},
    {"tfdrift_ecs_service_deployments_total", metric_type::counter, "cluster,trigger",
     "Service deployments started by UpdateService: forced (forceNewDeployment) or planned (a new "
     "task definition)."},
    {"tfdrift_ecs_service_desired_tasks", metric_type::gauge, "account,region,cluster,service,address",
     "Desired task count of each service in the loaded states: the state's value, then the last "
     "value an ECS call set."},
    {"tfdrift_ecs_service_desired_tasks_changes_total", metric_type::counter,
     "account,region,cluster,service,address",
     "Calls that changed the desired task count of a service in the loaded states."},
    {"tfdrift_ecs_service_updates_total", metric_type::counter, "cluster",
     "UpdateService calls by cluster (clusters the states know; the rest as other)."},
    {"tfdrift_ecs_task_definition_registrations_total", metric_type::counter, "family",
     "Task definition revisions registered, by family (families the states know; the rest as "
     "other)."},
    {"tfdrift_open_drifts", metric_type::gauge, "resource_type",
     "Drifts open now in the drift ledger, by Terraform resource type."},
    {"tfdrift_processing_seconds_total", metric_type::counter, "",
     "Seconds the detector spent on records past its byte prefilter (records it rejects by their "
     "bytes take nanoseconds and are not timed)."},
    {"tfdrift_record_bytes_total", metric_type::counter, "", "Bytes of record text read."},
    {"tfdrift_records_total", metric_type::counter, "outcome",
     "Records read, by the one outcome each reached."},
}};

/// Returns the definition of a metric by name, or nullptr.
constexpr const metric_def* find_metric(std::string_view name) noexcept {
  auto it = std::lower_bound(metric_defs.begin(), metric_defs.end(), name,
                             [](const metric_def& m, std::string_view n) { return m.name < n; });
  return it != metric_defs.end() && it->name == name ? &*it : nullptr;
}

/// Returns a label value escaped for the Prometheus text format (\\ and \"), after making it
/// valid UTF-8 without control characters (terminal_safe, so a newline is never raw). Used by
/// metrics::exposition() and by the service's own metrics.
inline std::string prometheus_label_value(std::string_view v);

/// The sources an ECS call can come from (actor::source), the values of the source label.
inline constexpr std::array<std::string_view, 6> source_names{"console", "cli", "sdk", "terraform",
                                                              "aws-service", "unknown"};

/// The label value that stands for everything a bounded label does not name.
inline constexpr std::string_view other_label = "other";

/// The request keys that metrics::observe_write reads besides the event's target keys (for
/// Terraform's own calls the detector parses only these).
inline constexpr std::array<std::string_view, 5> metric_request_keys{
    "containerInstances", "desiredCount", "forceNewDeployment", "status", "taskDefinition"};

/// Counts what the detector processed and renders them as Prometheus metrics. The detector
/// owns one (detector::metrics()); it feeds every ECS write call that tfdrift covers (a catalog
/// event from ecs.amazonaws.com that succeeded, is not read-only nor a duplicate, in the watched
/// accounts and regions, whether it drifts or not, Terraform's own calls included) to
/// observe_write, and its alerts to observe_alert. Every label is bounded: names from the loaded
/// states or fixed sets, users to the top N. Not thread-safe.
class metrics {
 public:
  /// The number of users named by tfdrift_ecs_changes_by_user unless set otherwise.
  static constexpr std::size_t default_top_users = 10;
  /// Users counted one by one at most; calls by users beyond count under other directly.
  static constexpr std::size_t max_tracked_users = 10000;

  explicit metrics(std::size_t top_users = default_top_users) : top_users_(top_users) {}

  /// Sets how many users tfdrift_ecs_changes_by_user names (the rest are summed as other).
  void top_users(std::size_t n) noexcept { top_users_ = n; }
  /// Returns how many users tfdrift_ecs_changes_by_user names.
  std::size_t top_users() const noexcept { return top_users_; }

  /// Learns the clusters, services, task definition families and desired counts of the loaded
  /// states (of one state file when `state_file` is given): they bound the labels, and each
  /// service's desired task count starts at the state's value.
  void learn(const state_index& states, std::string_view state_file = {});

  /// Counts one ECS write call that tfdrift covers. `account`, `region` and `key` locate its
  /// target as the detector resolved it ("cluster/service" for services, the family for
  /// RegisterTaskDefinition, the cluster or capacity provider name otherwise).
  void observe_write(const event& ev, const event_entry& e, const actor& who, std::string_view account,
                     std::string_view region, std::string_view key);

  /// Counts one alert by kind and severity.
  void observe_alert(const alert& a) noexcept;
  /// Counts drifts opened in the ledger for a resource type.
  void observe_opened(std::string_view resource_type, std::uint64_t n = 1) noexcept;
  /// Counts drifts closed in the ledger.
  void observe_resolved(resolution why, std::uint64_t n = 1) noexcept;
  /// Sets the records read per outcome and the bytes of record text (the detector's stats).
  void set_records(const std::array<std::uint64_t, outcome_names.size()>& outcomes,
                   std::uint64_t bytes) noexcept;
  /// Sets the drifts open now, per resource type (drift_ledger::open_by_type()).
  void set_open_drifts(const std::array<std::uint64_t, resource_schemas.size()>& by_type) noexcept;
  /// Adds processing time, in seconds.
  void add_processing_time(double seconds) noexcept { processing_seconds_ += seconds; }

  /// Returns the desired task count that tfdrift_ecs_service_desired_tasks shows for a service
  /// ("cluster/service", in any account and region), or -1 when no loaded state has it.
  double desired_tasks(std::string_view cluster_service) const;

  /// Returns the Prometheus text exposition (format 0.0.4): HELP and TYPE for every metric of
  /// metric_defs, in that order, then its samples; label values escaped and valid UTF-8.
  std::string exposition() const;

 private:
  // A service of the loaded states, the labels and values of its desired-tasks gauges.
  struct service_gauge {
    std::string account, region, cluster, service, address;
    double desired = 0;
    bool known = false;  // the state or a call gave a desired count
    std::string task_definition;
    std::uint64_t changes = 0;

    auto labels() const { return std::tie(account, region, cluster, service, address); }
  };

  // The index of a resource type in resource_schemas (its size when not there).
  static std::size_t type_index(std::string_view type) noexcept;
  // The hour (0-23, UTC) of an ISO-8601 time ("2025-03-11T13:01:12Z", or with an offset); -1
  // when it cannot be read.
  static int hour_of(std::string_view t) noexcept;

  // Makes a cluster name a label value (and a 0 row of tfdrift_ecs_service_updates_total).
  void know_cluster(std::string_view name);
  // The label of a cluster: its name when the states know it, else other.
  std::string cluster_label(std::string_view cluster) const;
  // Adds a service of a state (or updates it from a newer copy of that state).
  void learn_service(const state_instance& s, const std::string& cluster);
  // The service a call names: the one in the same account and region, else one that may be.
  service_gauge* find_service(std::string_view account, std::string_view region, std::string_view cluster,
                              std::string_view service);

  static void label_value(std::string& o, std::string_view v) { o += prometheus_label_value(v); }
  // Appends a sample value (shortest round-trip form).
  static void number(std::string& o, double v);
  // One sample: name{l1="v1",...} value. `labels` is the definition's label list; `values`
  // the values in that order.
  static void sample(std::string& o, std::string_view name, std::string_view labels,
                     std::initializer_list<std::string_view> values, double value);
  // Samples of a map whose keys are label values joined by \x1f.
  static void keyed(std::string& o, const metric_def& m,
                    const std::map<std::string, std::uint64_t, std::less<>>& counts);
  // The samples of one metric of metric_defs.
  void samples(std::string& o, std::string_view name) const;
  // The services, ordered by their labels.
  std::vector<const service_gauge*> services_by_labels() const;

  using counts_map = std::map<std::string, std::uint64_t, std::less<>>;

  std::size_t top_users_;
  std::array<std::uint64_t, outcome_names.size()> records_{};
  std::uint64_t record_bytes_ = 0;
  std::array<std::array<std::uint64_t, severity_names.size()>, alert_kind_names.size()> alerts_{};
  std::array<std::uint64_t, resource_schemas.size()> open_{}, opened_{};
  std::array<std::uint64_t, resolution_names.size()> resolved_{};
  double processing_seconds_ = 0;
  std::array<std::uint64_t, source_names.size()> by_source_{};
  std::array<std::uint64_t, events.size()> by_event_{};  // by index in the catalog's events
  std::array<std::uint64_t, 24> by_hour_{};
  std::map<std::string, std::uint64_t, std::less<>> users_;
  std::uint64_t untracked_users_ = 0;
  std::set<std::string, std::less<>> clusters_, families_;
  counts_map service_updates_, deployments_, registrations_, cluster_changes_, capacity_provider_changes_,
      transitions_;
  std::vector<service_gauge> services_;  // the services of the loaded states
  std::unordered_map<std::string, std::vector<std::size_t>> service_index_;  // "cluster/service" -> services_
  std::string name_buf_;
};

TFDRIFT_END_NAMESPACE

#include "detail/metrics-inl.hpp"
