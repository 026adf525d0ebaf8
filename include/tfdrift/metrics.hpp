// Prometheus metrics of what the detector processed: the table of metric names and the text exposition.
#pragma once

#include <algorithm>
#include <array>
#include <charconv>
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

namespace detail {
constexpr bool metric_defs_valid() {
  for (std::size_t i = 0; i < metric_defs.size(); ++i) {
    const auto& m = metric_defs[i];
    if (i && !(metric_defs[i - 1].name < m.name)) return false;  // sorted, no duplicates
    if (m.name.substr(0, 8) != "tfdrift_") return false;
    bool total = m.name.size() > 6 && m.name.substr(m.name.size() - 6) == "_total";
    if (total != (m.type == metric_type::counter)) return false;  // counters and only they end in _total
    if (m.help.empty()) return false;
  }
  return true;
}
static_assert(metric_defs_valid(), "metric_defs: sorted, tfdrift_ prefix, _total exactly on counters, help");
}  // namespace detail

/// Returns the definition of a metric by name, or nullptr.
constexpr const metric_def* find_metric(std::string_view name) noexcept {
  auto it = std::lower_bound(metric_defs.begin(), metric_defs.end(), name,
                             [](const metric_def& m, std::string_view n) { return m.name < n; });
  return it != metric_defs.end() && it->name == name ? &*it : nullptr;
}

/// Returns a label value escaped for the Prometheus text format (\\ and \"), after making it
/// valid UTF-8 without control characters (terminal_safe, so a newline is never raw). Used by
/// metrics::exposition() and by the service's own metrics.
inline std::string prometheus_label_value(std::string_view v) {
  std::string o;
  for (char c : terminal_safe(v)) {
    if (c == '\\' || c == '"') o += '\\';
    o += c;
  }
  return o;
}

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
  void learn(const state_index& states, std::string_view state_file = {}) {
    for (const auto& s : states.instances()) {
      if (!state_file.empty() && s.state_file != state_file) continue;
      if (s.type == "aws_ecs_cluster") {
        know_cluster(!s.name.empty() ? std::string_view{s.name}
                                     : detail::parse_ecs_ref(s.arn.empty() ? s.id : s.arn, "cluster").name);
      } else if (s.type == "aws_ecs_cluster_capacity_providers") {
        know_cluster(detail::parse_ecs_ref(s.cluster_name, "cluster").name);
      } else if (s.type == "aws_ecs_task_definition") {
        if (!s.family.empty()) {
          families_.insert(s.family);
          registrations_.try_emplace(s.family, 0);
        }
      } else if (s.type == "aws_ecs_service") {
        std::string cluster(detail::parse_ecs_ref(s.cluster, "cluster").name);
        know_cluster(cluster);
        learn_service(s, cluster);
      }
    }
  }

  /// Counts one ECS write call that tfdrift covers. `account`, `region` and `key` locate its
  /// target as the detector resolved it ("cluster/service" for services, the family for
  /// RegisterTaskDefinition, the cluster or capacity provider name otherwise).
  void observe_write(const event& ev, const event_entry& e, const actor& who, std::string_view account,
                     std::string_view region, std::string_view key) {
    std::size_t src = std::find(source_names.begin(), source_names.end(), who.source) - source_names.begin();
    if (src == source_names.size()) src = source_names.size() - 1;
    ++by_source_[src];
    // Every catalog event, by the catalog's own table: an event added to it is counted here.
    if (std::size_t i = event_index(e.source, e.name); i < by_event_.size()) ++by_event_[i];
    if (int h = hour_of(ev.event_time); h >= 0) ++by_hour_[static_cast<std::size_t>(h)];
    std::string_view user = who.name.empty() ? std::string_view{"unknown"} : std::string_view{who.name};
    if (auto it = users_.find(user); it != users_.end()) ++it->second;
    else if (users_.size() < max_tracked_users) users_.emplace(std::string(user), 1);
    else ++untracked_users_;

    const nlohmann::json& req = ev.request;
    std::string_view name = e.name;
    if (name == "UpdateService" || name == "CreateService") {
      auto slash = key.find('/');
      std::string_view cluster = key.substr(0, slash);
      std::string_view service = slash == std::string_view::npos ? std::string_view{} : key.substr(slash + 1);
      std::string label = cluster_label(cluster);
      service_gauge* svc = find_service(account, region, cluster, service);
      if (const nlohmann::json* n = detail::request_at(req, "desiredCount")) {
        auto v = detail::as_number(*n);
        if (svc && v && (!svc->known || svc->desired != *v)) {
          ++svc->changes;
          svc->desired = *v;
          svc->known = true;
        }
      }
      if (name == "UpdateService") {
        ++service_updates_[label];
        const nlohmann::json* force = detail::request_at(req, "forceNewDeployment");
        const nlohmann::json* td = detail::request_at(req, "taskDefinition");
        if (force && detail::as_bool(*force).value_or(false)) {
          ++deployments_[label + '\x1f' + "forced"];
        } else if (td && td->is_string()) {
          diff_context ctx;
          ctx.account = account;
          ctx.region = region;
          if (!svc || !detail::refs_equal(nlohmann::json(svc->task_definition), *td, "task-definition", ctx))
            ++deployments_[label + '\x1f' + "planned"];
        }
      }
      if (svc)
        if (const nlohmann::json* td = detail::request_at(req, "taskDefinition"); td && td->is_string())
          svc->task_definition = td->get<std::string>();
    } else if (name == "RegisterTaskDefinition") {
      ++registrations_[families_.count(key) ? std::string(key) : std::string(other_label)];
    } else if (name == "CreateCluster" || name == "UpdateCluster" || name == "UpdateClusterSettings" ||
               name == "DeleteCluster") {
      ++cluster_changes_[cluster_label(key) + '\x1f' + std::string(name)];
    } else if (name == "PutClusterCapacityProviders" || name == "CreateCapacityProvider" ||
               name == "UpdateCapacityProvider" || name == "DeleteCapacityProvider") {
      ++capacity_provider_changes_[std::string(name)];
    } else if (name == "UpdateContainerInstancesState") {
      std::string status(other_label);
      if (const nlohmann::json* s = detail::request_at(req, "status"); s && s->is_string())
        if (*s == "ACTIVE" || *s == "DRAINING") status = s->get<std::string>();
      std::uint64_t n = 0;
      if (const nlohmann::json* ids = detail::request_at(req, "containerInstances"); ids && ids->is_array())
        for (const auto& id : *ids) n += id.is_string() ? 1 : 0;
      transitions_[cluster_label(key) + '\x1f' + status] += n;
    }
  }

  /// Counts one alert by kind and severity.
  void observe_alert(const alert& a) noexcept {
    ++alerts_[static_cast<std::size_t>(a.kind)][static_cast<std::size_t>(a.sev)];
  }

  /// Counts drifts opened in the ledger for a resource type.
  void observe_opened(std::string_view resource_type, std::uint64_t n = 1) noexcept {
    if (std::size_t i = type_index(resource_type); i < opened_.size()) opened_[i] += n;
  }
  /// Counts drifts closed in the ledger.
  void observe_resolved(resolution why, std::uint64_t n = 1) noexcept {
    resolved_[static_cast<std::size_t>(why)] += n;
  }
  /// Sets the records read per outcome and the bytes of record text (the detector's stats).
  void set_records(const std::array<std::uint64_t, outcome_names.size()>& outcomes, std::uint64_t bytes) noexcept {
    records_ = outcomes;
    record_bytes_ = bytes;
  }
  /// Sets the drifts open now, per resource type (drift_ledger::open_by_type()).
  void set_open_drifts(const std::array<std::uint64_t, resource_schemas.size()>& by_type) noexcept {
    open_ = by_type;
  }
  /// Adds processing time, in seconds.
  void add_processing_time(double seconds) noexcept { processing_seconds_ += seconds; }

  /// Returns the desired task count that tfdrift_ecs_service_desired_tasks shows for a service
  /// ("cluster/service", in any account and region), or -1 when no loaded state has it.
  double desired_tasks(std::string_view cluster_service) const {
    auto found = service_index_.find(std::string(cluster_service));
    if (found == service_index_.end()) return -1;
    const service_gauge& g = services_[found->second.front()];
    return g.known ? g.desired : -1;
  }

  /// Returns the Prometheus text exposition (format 0.0.4): HELP and TYPE for every metric of
  /// metric_defs, in that order, then its samples; label values escaped and valid UTF-8.
  std::string exposition() const {
    std::string o;
    o.reserve(8192);
    for (std::size_t i = 0; i < metric_defs.size(); ++i) {
      const metric_def& m = metric_defs[i];
      o += "# HELP ";
      o += m.name;
      o += ' ';
      o += m.help;
      o += "\n# TYPE ";
      o += m.name;
      o += m.type == metric_type::counter ? " counter\n" : " gauge\n";
      samples(o, m.name);
    }
    return o;
  }

 private:
  struct service_gauge {
    std::string account, region, cluster, service, address;
    double desired = 0;
    bool known = false;  // the state or a call gave a desired count
    std::string task_definition;
    std::uint64_t changes = 0;

    auto labels() const { return std::tie(account, region, cluster, service, address); }
  };

  static std::size_t type_index(std::string_view type) noexcept {
    for (std::size_t i = 0; i < resource_schemas.size(); ++i)
      if (resource_schemas[i].type == type) return i;
    return resource_schemas.size();
  }

  // The hour (0-23, UTC) of an ISO-8601 time ("2025-03-11T13:01:12Z", or with an offset); -1
  // when it cannot be read.
  static int hour_of(std::string_view t) noexcept {
    auto digits = [&](std::size_t at, std::size_t n) {
      int v = 0;
      if (at + n > t.size()) return -1;
      for (std::size_t i = at; i < at + n; ++i) {
        if (t[i] < '0' || t[i] > '9') return -1;
        v = v * 10 + (t[i] - '0');
      }
      return v;
    };
    if (t.size() < 13 || (t[10] != 'T' && t[10] != 't' && t[10] != ' ')) return -1;
    int h = digits(11, 2);
    if (h < 0 || h > 23) return -1;
    // An offset (+02:00 / -0500) at the end; Z and none mean UTC.
    std::size_t sign = t.find_last_of("+-");
    if (sign != std::string_view::npos && sign > 13) {
      int oh = digits(sign + 1, 2);
      if (oh < 0) return -1;
      int utc = t[sign] == '+' ? h - oh : h + oh;
      h = ((utc % 24) + 24) % 24;
    }
    return h;
  }

  void know_cluster(std::string_view name) {
    if (name.empty()) return;
    clusters_.emplace(name);
    service_updates_.try_emplace(std::string(name), 0);
  }

  std::string cluster_label(std::string_view cluster) const {
    return clusters_.count(cluster) ? std::string(cluster) : std::string(other_label);
  }

  void learn_service(const state_instance& s, const std::string& cluster) {
    service_gauge g;
    g.account = s.account;
    g.region = s.region;
    g.cluster = cluster;
    g.service = s.name;
    g.address = s.address;
    std::size_t deepest = 0;
    detail::for_each_member(s.attributes_text, [&](std::string_view k, std::string_view v) {
      if (k == "desired_count" && !v.empty() && v.front() != 'n') {
        double d = 0;
        auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
        if (ec == std::errc{}) {
          g.desired = d;
          g.known = true;
        }
      } else if (k == "task_definition") {
        g.task_definition = detail::token_string(v);
      }
    }, static_cast<std::size_t>(-1), deepest);
    std::vector<std::size_t>& same_name = service_index_[g.cluster + '/' + g.service];
    for (std::size_t i : same_name) {
      service_gauge& old = services_[i];
      if (old.labels() != g.labels()) continue;
      // A newer copy of the state: its values replace the old ones.
      if (g.known) old.desired = g.desired;
      old.known = old.known || g.known;
      old.task_definition = std::move(g.task_definition);
      return;
    }
    same_name.push_back(services_.size());
    services_.push_back(std::move(g));
  }

  service_gauge* find_service(std::string_view account, std::string_view region, std::string_view cluster,
                              std::string_view service) {
    if (service.empty() || services_.empty()) return nullptr;
    name_buf_.assign(cluster).append("/").append(service);
    auto found = service_index_.find(name_buf_);
    if (found == service_index_.end()) return nullptr;
    service_gauge* loose = nullptr;
    for (std::size_t i : found->second) {
      service_gauge& g = services_[i];
      bool acc = g.account.empty() || account.empty() || g.account == account;
      bool reg = g.region.empty() || region.empty() || g.region == region;
      if (g.account == account && g.region == region) return &g;
      if (acc && reg && !loose) loose = &g;
    }
    return loose;
  }

  static void label_value(std::string& o, std::string_view v) { o += prometheus_label_value(v); }

  static void number(std::string& o, double v) {
    char buf[64];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
    o.append(buf, ec == std::errc{} ? p : buf);
  }

  // One sample: name{l1="v1",...} value. `labels` is the definition's label list; `values`
  // the values in that order.
  static void sample(std::string& o, std::string_view name, std::string_view labels,
                     std::initializer_list<std::string_view> values, double value) {
    o += name;
    if (!labels.empty()) {
      o += '{';
      auto v = values.begin();
      bool first = true;
      while (!labels.empty() && v != values.end()) {
        auto comma = labels.find(',');
        if (!first) o += ',';
        first = false;
        o += labels.substr(0, comma);
        o += "=\"";
        label_value(o, *v++);
        o += '"';
        labels = comma == std::string_view::npos ? std::string_view{} : labels.substr(comma + 1);
      }
      o += '}';
    }
    o += ' ';
    number(o, value);
    o += '\n';
  }

  // Samples of a map whose keys are label values joined by \x1f.
  static void keyed(std::string& o, const metric_def& m, const std::map<std::string, std::uint64_t, std::less<>>& counts) {
    for (const auto& [k, n] : counts) {
      std::string_view key = k;
      auto sep = key.find('\x1f');
      if (sep == std::string_view::npos) sample(o, m.name, m.labels, {key}, static_cast<double>(n));
      else sample(o, m.name, m.labels, {key.substr(0, sep), key.substr(sep + 1)}, static_cast<double>(n));
    }
  }

  void samples(std::string& o, std::string_view name) const {
    const metric_def& m = *find_metric(name);
    auto d = [](std::uint64_t n) { return static_cast<double>(n); };
    if (name == "tfdrift_alerts_total") {
      for (std::size_t k = 0; k < alert_kind_names.size(); ++k)
        for (std::size_t s = 0; s < severity_names.size(); ++s)
          sample(o, name, m.labels, {alert_kind_names[k], severity_names[s]}, d(alerts_[k][s]));
    } else if (name == "tfdrift_build_info") {
      sample(o, name, m.labels, {version()}, 1);
    } else if (name == "tfdrift_drifts_opened_total") {
      for (std::size_t i = 0; i < resource_schemas.size(); ++i)
        sample(o, name, m.labels, {resource_schemas[i].type}, d(opened_[i]));
    } else if (name == "tfdrift_drifts_resolved_total") {
      for (std::size_t i = 0; i < resolution_names.size(); ++i)
        sample(o, name, m.labels, {resolution_names[i]}, d(resolved_[i]));
    } else if (name == "tfdrift_ecs_capacity_provider_changes_total") {
      keyed(o, m, capacity_provider_changes_);
    } else if (name == "tfdrift_ecs_events_total") {
      for (std::size_t i = 0; i < events.size(); ++i)
        sample(o, name, m.labels, {events[i].name, events[i].resource_type}, d(by_event_[i]));
    } else if (name == "tfdrift_ecs_changes_by_hour_total") {
      for (std::size_t h = 0; h < 24; ++h) {
        const char hh[2] = {static_cast<char>('0' + h / 10), static_cast<char>('0' + h % 10)};
        sample(o, name, m.labels, {std::string_view(hh, 2)}, d(by_hour_[h]));
      }
    } else if (name == "tfdrift_ecs_changes_by_user") {
      std::vector<std::pair<std::uint64_t, std::string_view>> ranked;
      ranked.reserve(users_.size());
      for (const auto& [u, n] : users_) ranked.emplace_back(n, u);
      std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
      });
      std::uint64_t rest = untracked_users_;
      std::size_t named = 0;
      for (const auto& [n, u] : ranked) {
        if (named < top_users_ && u != other_label) {
          sample(o, name, m.labels, {u}, d(n));
          ++named;
        } else {
          rest += n;
        }
      }
      sample(o, name, m.labels, {other_label}, d(rest));
    } else if (name == "tfdrift_ecs_changes_total") {
      for (std::size_t i = 0; i < source_names.size(); ++i) sample(o, name, m.labels, {source_names[i]}, d(by_source_[i]));
    } else if (name == "tfdrift_ecs_cluster_changes_total") {
      keyed(o, m, cluster_changes_);
    } else if (name == "tfdrift_ecs_container_instance_transitions_total") {
      keyed(o, m, transitions_);
    } else if (name == "tfdrift_ecs_service_deployments_total") {
      keyed(o, m, deployments_);
    } else if (name == "tfdrift_ecs_service_desired_tasks") {
      for (const service_gauge* g : services_by_labels())
        if (g->known) sample(o, name, m.labels, {g->account, g->region, g->cluster, g->service, g->address}, g->desired);
    } else if (name == "tfdrift_ecs_service_desired_tasks_changes_total") {
      for (const service_gauge* g : services_by_labels())
        sample(o, name, m.labels, {g->account, g->region, g->cluster, g->service, g->address}, d(g->changes));
    } else if (name == "tfdrift_ecs_service_updates_total") {
      keyed(o, m, service_updates_);
    } else if (name == "tfdrift_ecs_task_definition_registrations_total") {
      keyed(o, m, registrations_);
    } else if (name == "tfdrift_open_drifts") {
      for (std::size_t i = 0; i < resource_schemas.size(); ++i)
        sample(o, name, m.labels, {resource_schemas[i].type}, d(open_[i]));
    } else if (name == "tfdrift_processing_seconds_total") {
      sample(o, name, m.labels, {}, processing_seconds_);
    } else if (name == "tfdrift_record_bytes_total") {
      sample(o, name, m.labels, {}, d(record_bytes_));
    } else if (name == "tfdrift_records_total") {
      for (std::size_t i = 0; i < outcome_names.size(); ++i) sample(o, name, m.labels, {outcome_names[i]}, d(records_[i]));
    }
  }

  std::vector<const service_gauge*> services_by_labels() const {
    std::vector<const service_gauge*> out;
    out.reserve(services_.size());
    for (const auto& g : services_) out.push_back(&g);
    std::sort(out.begin(), out.end(), [](const service_gauge* a, const service_gauge* b) { return a->labels() < b->labels(); });
    return out;
  }

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
