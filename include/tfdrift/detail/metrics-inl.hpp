// The metrics' workings: the checks of the metric table, counting ECS calls, and rendering the
// Prometheus text exposition (metrics.hpp declares them).
#pragma once

#include <charconv>

#include "../metrics.hpp"

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

// metric_defs is sorted by name, every name has the tfdrift_ prefix, exactly the counters end
// in _total, and every metric has help.
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

inline std::string prometheus_label_value(std::string_view v) {
  std::string o;
  for (char c : terminal_safe(v)) {
    if (c == '\\' || c == '"') o += '\\';
    o += c;
  }
  return o;
}

inline void metrics::learn(const state_index& states, std::string_view state_file) {
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

inline void metrics::observe_write(const event& ev, const event_entry& e, const actor& who, std::string_view account,
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

inline void metrics::observe_alert(const alert& a) noexcept {
  ++alerts_[static_cast<std::size_t>(a.kind)][static_cast<std::size_t>(a.sev)];
}

inline void metrics::observe_opened(std::string_view resource_type, std::uint64_t n) noexcept {
  if (std::size_t i = type_index(resource_type); i < opened_.size()) opened_[i] += n;
}

inline void metrics::observe_resolved(resolution why, std::uint64_t n) noexcept {
  resolved_[static_cast<std::size_t>(why)] += n;
}

inline void metrics::set_records(const std::array<std::uint64_t, outcome_names.size()>& outcomes,
                                 std::uint64_t bytes) noexcept {
  records_ = outcomes;
  record_bytes_ = bytes;
}

inline void metrics::set_open_drifts(const std::array<std::uint64_t, resource_schemas.size()>& by_type) noexcept {
  open_ = by_type;
}

inline double metrics::desired_tasks(std::string_view cluster_service) const {
  auto found = service_index_.find(std::string(cluster_service));
  if (found == service_index_.end()) return -1;
  const service_gauge& g = services_[found->second.front()];
  return g.known ? g.desired : -1;
}

inline std::string metrics::exposition() const {
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

inline std::size_t metrics::type_index(std::string_view type) noexcept {
  for (std::size_t i = 0; i < resource_schemas.size(); ++i)
    if (resource_schemas[i].type == type) return i;
  return resource_schemas.size();
}

inline int metrics::hour_of(std::string_view t) noexcept {
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

inline void metrics::know_cluster(std::string_view name) {
  if (name.empty()) return;
  clusters_.emplace(name);
  service_updates_.try_emplace(std::string(name), 0);
}

inline std::string metrics::cluster_label(std::string_view cluster) const {
  return clusters_.count(cluster) ? std::string(cluster) : std::string(other_label);
}

inline void metrics::learn_service(const state_instance& s, const std::string& cluster) {
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

inline metrics::service_gauge* metrics::find_service(std::string_view account, std::string_view region,
                                                      std::string_view cluster, std::string_view service) {
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

inline void metrics::number(std::string& o, double v) {
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  o.append(buf, ec == std::errc{} ? p : buf);
}

inline void metrics::sample(std::string& o, std::string_view name, std::string_view labels,
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

inline void metrics::keyed(std::string& o, const metric_def& m,
                           const std::map<std::string, std::uint64_t, std::less<>>& counts) {
  for (const auto& [k, n] : counts) {
    std::string_view key = k;
    auto sep = key.find('\x1f');
    if (sep == std::string_view::npos) sample(o, m.name, m.labels, {key}, static_cast<double>(n));
    else sample(o, m.name, m.labels, {key.substr(0, sep), key.substr(sep + 1)}, static_cast<double>(n));
  }
}

inline void metrics::samples(std::string& o, std::string_view name) const {
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

inline std::vector<const metrics::service_gauge*> metrics::services_by_labels() const {
  std::vector<const service_gauge*> out;
  out.reserve(services_.size());
  for (const auto& g : services_) out.push_back(&g);
  std::sort(out.begin(), out.end(), [](const service_gauge* a, const service_gauge* b) { return a->labels() < b->labels(); });
  return out;
}

TFDRIFT_END_NAMESPACE
