// Security checks on ECS changes: findings for the doors a change opens (roles, network, images, ECS Exec, container privileges, who), raising the alert's severity.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "alert.hpp"
#include "cloudtrail.hpp"
#include "detail/arn.hpp"
#include "detail/glob.hpp"
#include "detail/scan.hpp"
#include "detail/text.hpp"
#include "format.hpp"
#include "redact.hpp"
#include "security_settings.hpp"
#include "state.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// What the loaded states say about images and roles: read from every task definition once,
/// on first use, and forgotten with reset() when the states change.
class security_facts {
 public:
  /// Forgets what was read (call after loading or replacing states).
  void reset() noexcept {
    ready_ = false;
    registries_.clear();
    roles_.clear();
    allowed_ready_ = false;
    allowed_.clear();
  }
  /// Returns the image registries of the loaded task definitions, sorted, without repeats.
  const std::vector<std::string>& registries(const state_index& states) {
    load(states);
    return registries_;
  }
  /// Returns the registries images may come from: the settings' globs and, when they trust
  /// them, the loaded states' registries; sorted, without repeats, lower case. Kept until
  /// reset() (a detector's settings do not change).
  const std::vector<std::string>& allowed_registries(const state_index& states, const security_settings& settings) {
    if (allowed_ready_) return allowed_;
    allowed_ready_ = true;
    allowed_ = settings.allowed_registries;
    if (settings.trust_state_registries) {
      const auto& own = registries(states);
      allowed_.insert(allowed_.end(), own.begin(), own.end());
    }
    for (auto& p : allowed_) p = detail::lower_ascii(p);
    std::sort(allowed_.begin(), allowed_.end());
    allowed_.erase(std::unique(allowed_.begin(), allowed_.end()), allowed_.end());
    return allowed_;
  }
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

namespace detail {

using json = nlohmann::json;

// Lists longer than this get a name index the first time a [name=X] segment looks into them.
inline constexpr std::size_t indexed_list_size = 16;

// True when `path` lies under `base` (or is it): base is a prefix ending at a segment boundary.
inline bool path_under(std::string_view path, std::string_view base) noexcept {
  return path.starts_with(base) && (path.size() == base.size() || path[base.size()] == '.' || path[base.size()] == '[');
}

// Calls fn(prefix) for the path itself and each of its ancestors ("a.b[name=c].d": itself,
// "a.b[name=c]", "a.b", "a"), nearest first. A '.' or '[' inside a name makes a prefix that is
// no path; looking it up finds nothing.
template <class Fn>
void for_each_ancestor(std::string_view path, Fn&& fn) {
  fn(path);
  for (std::size_t i = path.size(); i-- > 1;)
    if (path[i] == '.' || path[i] == '[') fn(path.substr(0, i));
}

}  // namespace detail

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
  std::optional<std::pair<json, json>> at(std::string_view path) const {
    index();
    static const json null_json;
    // The first change, in the alert's order, that covers the path.
    const change* best = nullptr;
    std::pair<const json*, const json*> found{nullptr, nullptr};
    detail::for_each_ancestor(path, [&](std::string_view p) {
      auto it = by_path_.find(p);
      if (it == by_path_.end() || (best && it->second >= best)) return;
      const change* c = it->second;
      if (p.size() == path.size()) {
        best = c;
        found = {&c->old_value, &c->new_value};
        return;
      }
      std::string_view below = path.substr(p.size());
      const json* o = find(c->old_value, below);
      const json* n = find(c->new_value, below);
      if ((o ? *o : null_json) == (n ? *n : null_json)) return;
      best = c;
      found = {o ? o : &null_json, n ? n : &null_json};
    });
    if (!best) return std::nullopt;
    return std::pair{*found.first, *found.second};
  }

  /// Returns the names of the entries of a named list ("container_definitions",
  /// "container_definitions[name=web].environment") that the changes touch, in the order of
  /// the changes that first touch them. Worked out once per list and kept with the view (the
  /// container checks all ask for "container_definitions").
  const std::vector<std::string>& names(std::string_view list_path) const {
    if (auto done = names_done_.find(list_path); done != names_done_.end()) return done->second;
    index();
    std::vector<std::pair<const change*, std::string_view>> hits;
    if (auto it = names_.find(list_path); it != names_.end()) hits = it->second.order;
    // A change of the list itself, or of something above it, touches each entry it holds.
    std::vector<std::pair<const change*, std::string_view>> whole;
    std::unordered_set<std::string_view> seen;
    for (const auto& h : hits) seen.insert(h.second);
    detail::for_each_ancestor(list_path, [&](std::string_view p) {
      auto it = by_path_.find(p);
      if (it == by_path_.end()) return;
      std::string_view below = list_path.substr(p.size());
      for (const json* side : {&it->second->old_value, &it->second->new_value})
        if (const json* list = find(*side, below); list && list->is_array())
          for (const auto& e : *list)
            if (e.is_object())
              if (auto n = e.find("name"); n != e.end() && n->is_string()) {
                std::string_view name = n->get_ref<const std::string&>();
                if (seen.insert(name).second) whole.emplace_back(it->second, name);
              }
    });
    if (!whole.empty()) {
      hits.insert(hits.end(), whole.begin(), whole.end());
      std::stable_sort(hits.begin(), hits.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    }
    std::vector<std::string> out;
    out.reserve(hits.size());
    for (const auto& h : hits) out.emplace_back(h.second);
    return names_done_.emplace(std::string(list_path), std::move(out)).first->second;
  }

  /// Returns the value at a path below a JSON value: ".key", "[name=X]" (the first element of
  /// a list whose "name" is X) and "[N]" segments; nullptr when it is not there.
  const json* find(const json& v, std::string_view path) const {
    const json* cur = &v;
    while (!path.empty()) {
      if (path.front() == '.') {
        path.remove_prefix(1);
        std::size_t end = path.find_first_of(".[");
        std::string_view key = path.substr(0, end);
        path.remove_prefix(end == std::string_view::npos ? path.size() : end);
        if (!cur->is_object()) return nullptr;
        auto it = cur->find(key);
        if (it == cur->end()) return nullptr;
        cur = &*it;
      } else if (path.front() == '[') {
        std::size_t close = path.find(']');
        if (close == std::string_view::npos || !cur->is_array()) return nullptr;
        std::string_view inside = path.substr(1, close - 1);
        path.remove_prefix(close + 1);
        if (inside.starts_with("name=")) {
          cur = by_name(*cur, inside.substr(5));
        } else {
          if (inside.empty() || inside.size() > 18) return nullptr;  // no list is that long
          std::size_t n = 0;
          for (char c : inside) {
            if (c < '0' || c > '9') return nullptr;
            n = n * 10 + static_cast<std::size_t>(c - '0');
          }
          cur = n < cur->size() ? &(*cur)[n] : nullptr;
        }
        if (!cur) return nullptr;
      } else {
        return nullptr;
      }
    }
    return cur;
  }

 private:
  struct touched {
    std::vector<std::pair<const change*, std::string_view>> order;
    std::unordered_set<std::string_view> seen;
  };

  void index() const {
    if (indexed_) return;
    indexed_ = true;
    by_path_.reserve(a_.changes.size());
    for (const auto& c : a_.changes) {
      by_path_.try_emplace(c.path, &c);
      std::string_view p = c.path;
      static constexpr std::string_view mark = "[name=";
      for (std::size_t at = p.find(mark); at != std::string_view::npos; at = p.find(mark, at + 1)) {
        std::string_view rest = p.substr(at + mark.size());
        std::string_view name = rest.substr(0, rest.find(']'));
        touched& t = names_[p.substr(0, at)];
        if (t.seen.insert(name).second) t.order.emplace_back(&c, name);
      }
    }
  }

  const json* by_name(const json& list, std::string_view name) const {
    auto matches = [&](const json& e) {
      if (!e.is_object()) return false;
      auto n = e.find("name");
      return n != e.end() && n->is_string() && n->get_ref<const std::string&>() == name;
    };
    if (list.size() <= detail::indexed_list_size) {
      for (const auto& e : list)
        if (matches(e)) return &e;
      return nullptr;
    }
    auto [it, fresh] = lists_.try_emplace(&list);
    if (fresh)
      for (const auto& e : list)
        if (e.is_object())
          if (auto n = e.find("name"); n != e.end() && n->is_string())
            it->second.try_emplace(n->get_ref<const std::string&>(), &e);
    auto hit = it->second.find(name);
    return hit == it->second.end() ? nullptr : hit->second;
  }

  const alert& a_;
  mutable bool indexed_ = false;
  mutable std::unordered_map<std::string_view, const change*> by_path_;
  mutable std::unordered_map<std::string_view, touched> names_;
  mutable std::unordered_map<const json*, std::unordered_map<std::string_view, const json*>> lists_;
  // names() answers so far (map nodes stay in place, so the references handed out stay valid).
  mutable std::map<std::string, std::vector<std::string>, std::less<>> names_done_;
};

/// Returns what the alert's changes did at an attribute path (see change_view::at).
inline std::optional<std::pair<nlohmann::json, nlohmann::json>> changed_at(const alert& a, std::string_view path) {
  return change_view(a).at(path);
}

/// Returns the names of a named list's entries that the alert's changes touch (see
/// change_view::names).
inline std::vector<std::string> changed_names(const alert& a, std::string_view list_path) {
  return change_view(a).names(list_path);
}

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

namespace detail {

inline constexpr severity raised(severity s, unsigned levels) noexcept {
  unsigned v = static_cast<unsigned>(s) + levels;
  return v > static_cast<unsigned>(severity::critical) ? severity::critical : static_cast<severity>(v);
}


}  // namespace detail

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
inline image_ref parse_image(std::string_view s) {
  image_ref r;
  if (auto at = s.find('@'); at != std::string_view::npos) {
    r.digest = std::string(s.substr(at + 1));
    s = s.substr(0, at);
  }
  auto slash = s.find('/');
  std::string_view first = slash == std::string_view::npos ? std::string_view{} : s.substr(0, slash);
  if (!first.empty() && (first.find_first_of(".:") != std::string_view::npos || first == "localhost")) {
    r.registry = detail::lower_ascii(first);
    s.remove_prefix(slash + 1);
  } else {
    r.registry = "docker.io";
  }
  if (r.registry == "index.docker.io" || r.registry == "registry-1.docker.io") r.registry = "docker.io";
  if (auto colon = s.rfind(':'); colon != std::string_view::npos && s.find('/', colon) == std::string_view::npos) {
    r.tag = std::string(s.substr(colon + 1));
    s = s.substr(0, colon);
  }
  r.repository = std::string(s);
  if (r.registry == "docker.io" && r.repository.find('/') == std::string::npos) r.repository = "library/" + r.repository;
  return r;
}

namespace detail {

inline std::string json_text(const json& v) {
  if (v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty())) return "(none)";
  if (v.is_string()) return v.get<std::string>();
  return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

inline std::string role_name(std::string_view role) {
  auto slash = role.rfind('/');
  return std::string(slash == std::string_view::npos ? role : role.substr(slash + 1));
}

inline std::string role_account(std::string_view role) {
  auto arn = parse_arn(role);
  return arn ? std::string(arn->account) : std::string{};
}

inline constexpr std::string_view container_prefix = "container_definitions[name=";

inline std::string container_path(std::string_view container, std::string_view below) {
  std::string p(container_prefix);
  p += container;
  p += ']';
  p += below;
  return p;
}

// Calls fn(name, old, new) for each container whose `below` (".image") the alert changed.
template <class Fn>
void for_each_container_change(security_context& ctx, std::string_view below, Fn&& fn) {
  for (const auto& name : ctx.changes.names("container_definitions"))
    if (auto v = ctx.changes.at(container_path(name, below))) fn(name, v->first, v->second);
}

inline std::optional<bool> flag(const json& v) {
  if (v.is_boolean()) return v.get<bool>();
  return std::nullopt;
}

inline bool is_true(const json& v) { return flag(v).value_or(false); }

// --- IAM -----------------------------------------------------------------------------------

using labelled = std::pair<std::string_view, std::string_view>;
inline constexpr std::array<labelled, 2> role_attributes{{{"task_role_arn", "task role"},
                                                          {"execution_role_arn", "execution role"}}};
inline constexpr std::array<labelled, 2> namespace_attributes{
    {{"pid_mode", "see and signal every process on the host"},
     {"ipc_mode", "share the host's IPC namespace (shared memory, semaphores)"}}};

inline void check_role_changed(security_context& ctx) {
  for (auto [attr, label] : role_attributes) {
    auto v = ctx.changes.at(attr);
    // A role set or replaced on a resource a state manages (an unmanaged resource's first
    // values are not changes).
    if (!v || !v->second.is_string() || v->second.get_ref<const std::string&>().empty()) continue;
    if (ctx.a.kind == alert_kind::unmanaged) continue;
    const std::string& role = v->second.get_ref<const std::string&>();
    const std::string old_role = v->first.is_string() ? v->first.get<std::string>() : std::string{};
    // ECS takes a role's name for its ARN: the same name in the same account is the same role.
    if (!old_role.empty() && role_name(old_role) == role_name(role)) {
      std::string a1 = role_account(old_role), a2 = role_account(role);
      if (a1.empty() || a2.empty() || a1 == a2) continue;
    }
    std::string was = old_role.empty() ? std::string("(none)") : role_name(old_role);
    std::string detail = std::string(label) + " " + was + " -> " + role_name(role);
    if (ctx.facts.uses_role(ctx.states, role)) {
      ctx.report(detail);
    } else {
      ctx.report(detail + " (" + role + "), a role that no loaded state uses", severity::critical);
    }
  }
}

// --- network -------------------------------------------------------------------------------

inline void check_network_mode(security_context& ctx) {
  auto v = ctx.changes.at("network_mode");
  if (!v || !v->second.is_string()) return;
  const std::string& mode = v->second.get_ref<const std::string&>();
  std::string was = json_text(v->first);
  if (was == "(none)" && mode != "host") return;  // a new resource's mode is not a change
  std::string detail = "network mode " + was + " -> " + mode;
  if (mode == "host")
    ctx.report(detail + ": containers share the host's network stack", severity::critical);
  else if (was == "awsvpc" && mode == "bridge")
    ctx.report(detail + ": tasks lose their own network interface and security groups", severity::critical);
  else
    ctx.report(detail);
}

inline std::vector<std::string> string_list(const json& v) {
  std::vector<std::string> out;
  if (v.is_array())
    for (const auto& e : v)
      if (e.is_string()) out.push_back(e.get<std::string>());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

inline std::string joined(const std::vector<std::string>& items) {
  std::string s;
  for (const auto& i : items) s += (s.empty() ? "" : ", ") + i;
  return s;
}

inline void check_security_groups(security_context& ctx) {
  auto v = ctx.changes.at("network_configuration[0].security_groups");
  if (!v || v->first.is_null()) return;  // a new service's groups are not a change
  auto before = string_list(v->first), after = string_list(v->second);
  std::vector<std::string> added, removed;
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(), std::back_inserter(added));
  std::set_difference(before.begin(), before.end(), after.begin(), after.end(), std::back_inserter(removed));
  if (added.empty() && removed.empty()) return;
  std::string detail = "security groups";
  if (!added.empty()) detail += " added: " + joined(added);
  if (!removed.empty()) detail += std::string(added.empty() ? "" : ";") + " removed: " + joined(removed);
  ctx.report(detail);
}

inline void check_public_ip(security_context& ctx) {
  auto v = ctx.changes.at("network_configuration[0].assign_public_ip");
  if (!v || !is_true(v->second) || is_true(v->first)) return;
  ctx.report("assign_public_ip turned on: tasks get public IP addresses");
}

// --- images --------------------------------------------------------------------------------

inline void check_registry(security_context& ctx) {
  const std::vector<std::string>& allowed = ctx.facts.allowed_registries(ctx.states, ctx.settings);
  if (allowed.empty()) return;  // nothing to judge by: no config and no images in state
  for_each_container_change(ctx, ".image", [&](const std::string& name, const json&, const json& now) {
    if (!now.is_string()) return;
    image_ref img = parse_image(now.get_ref<const std::string&>());
    for (const auto& pattern : allowed)
      if (glob_match(pattern, img.registry)) return;
    ctx.report("container " + name + ": image " + now.get<std::string>() + " comes from registry " + img.registry +
               ", which is not allowed (allowed: " + joined(allowed) + ")");
  });
}

inline std::string image_tag_text(const image_ref& r) { return r.tag.empty() ? std::string("(no tag)") : r.tag; }

inline void check_tag_changed(security_context& ctx) {
  for_each_container_change(ctx, ".image", [&](const std::string& name, const json& was, const json& now) {
    if (!was.is_string() || !now.is_string()) return;
    image_ref o = parse_image(was.get_ref<const std::string&>()), n = parse_image(now.get_ref<const std::string&>());
    if (o.registry != n.registry || o.repository != n.repository)
      ctx.report("container " + name + ": image " + was.get<std::string>() + " -> " + now.get<std::string>() +
                 " (another repository)");
    else if (o.tag != n.tag)
      ctx.report("container " + name + ": image tag " + image_tag_text(o) + " -> " + image_tag_text(n) + " (" +
                 now.get<std::string>() + ")");
    else if (!o.digest.empty() && !n.digest.empty() && o.digest != n.digest)
      ctx.report("container " + name + ": image digest " + o.digest + " -> " + n.digest + " (another image)");
  });
}

inline void check_latest(security_context& ctx) {
  for_each_container_change(ctx, ".image", [&](const std::string& name, const json&, const json& now) {
    if (!now.is_string()) return;
    image_ref n = parse_image(now.get_ref<const std::string&>());
    if (!n.digest.empty()) return;  // a digest fixes the image whatever the tag says
    if (n.tag == "latest")
      ctx.report("container " + name + ": image " + now.get<std::string>() + " uses the moving tag latest");
    else if (n.tag.empty())
      ctx.report("container " + name + ": image " + now.get<std::string>() + " has no tag (pulls latest)");
  });
}

inline void check_digest_removed(security_context& ctx) {
  for_each_container_change(ctx, ".image", [&](const std::string& name, const json& was, const json& now) {
    if (!was.is_string()) return;
    image_ref o = parse_image(was.get_ref<const std::string&>());
    if (o.digest.empty()) return;
    if (now.is_string() && !parse_image(now.get_ref<const std::string&>()).digest.empty()) return;
    ctx.report("container " + name + ": image no longer pinned by digest (" + was.get<std::string>() + " -> " +
               json_text(now) + ")");
  });
}

// --- ECS Exec ------------------------------------------------------------------------------

inline void check_exec_enabled(security_context& ctx) {
  auto v = ctx.changes.at("enable_execute_command");
  if (!v || !is_true(v->second) || is_true(v->first)) return;
  ctx.report("enable_execute_command false -> true: whoever may call ecs:ExecuteCommand can open a shell in the "
             "service's tasks");
}

inline void check_exec_session(security_context& ctx) {
  if (ctx.a.event_name != "ExecuteCommand") return;
  const json& req = ctx.ev.request;
  auto field = [&](std::string_view key) {
    return req.is_object() && req.contains(key) && req[std::string(key)].is_string() ? req[std::string(key)].get<std::string>()
                                                                                      : std::string{};
  };
  std::string task = field("task");
  auto ref = parse_ecs_ref(task, "task");
  const std::string cluster_ref = field("cluster");
  std::string cluster = std::string(parse_ecs_ref(cluster_ref, "cluster").name);
  if (cluster.empty()) cluster = ref.parent.empty() ? std::string("default") : std::string(ref.parent);
  std::string container = field("container"), command = field("command");
  bool interactive = req.is_object() && req.contains("interactive") && is_true(req["interactive"]);
  std::string detail = render_actor(ctx.a.who) + (interactive ? " opened an interactive session" : " ran a command");
  if (!command.empty()) detail += " (" + command + ")";
  detail += " in container " + (container.empty() ? std::string("(the only one)") : container) + " of task " +
            (ref.name.empty() ? std::string("(unknown)") : std::string(ref.name)) + " on cluster " + cluster;
  ctx.report(detail);
}

// --- container privileges ------------------------------------------------------------------

inline void check_privileged(security_context& ctx) {
  for_each_container_change(ctx, ".privileged", [&](const std::string& name, const json& was, const json& now) {
    if (is_true(now) && !is_true(was)) ctx.report("container " + name + ": privileged mode turned on (root on the host)");
  });
}

// Capabilities that hand a container the host.
inline constexpr std::array<std::string_view, 6> host_grade_capabilities{"ALL", "BPF", "DAC_READ_SEARCH", "SYS_ADMIN",
                                                                         "SYS_MODULE", "SYS_RAWIO"};

inline std::vector<std::string> capability_set(const json& v) {
  std::vector<std::string> out;
  for (auto& c : string_list(v)) {
    std::string u = upper_ascii(c);
    if (u.starts_with("CAP_")) u.erase(0, 4);
    out.push_back(std::move(u));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

inline void check_capabilities(security_context& ctx) {
  for_each_container_change(ctx, ".linuxParameters.capabilities.add",
                            [&](const std::string& name, const json& was, const json& now) {
                              auto before = capability_set(was), after = capability_set(now);
                              std::vector<std::string> added;
                              std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                                                  std::back_inserter(added));
                              if (added.empty()) return;
                              bool host = false;
                              for (const auto& c : added)
                                host = host || std::find(host_grade_capabilities.begin(), host_grade_capabilities.end(),
                                                         c) != host_grade_capabilities.end();
                              std::string detail = "container " + name + ": Linux capabilities added: " + joined(added);
                              if (host) ctx.report(detail, severity::critical);
                              else ctx.report(detail);
                            });
}

inline void check_host_namespace(security_context& ctx) {
  for (auto [attr, what] : namespace_attributes) {
    auto v = ctx.changes.at(attr);
    if (!v || !v->second.is_string() || v->second.get_ref<const std::string&>() != "host") continue;
    ctx.report(std::string(attr) + " " + json_text(v->first) + " -> host: containers " + std::string(what));
  }
}

inline void check_readonly_root(security_context& ctx) {
  for_each_container_change(ctx, ".readonlyRootFilesystem", [&](const std::string& name, const json& was, const json& now) {
    if (is_true(was) && !is_true(now)) ctx.report("container " + name + ": read-only root filesystem turned off");
  });
}

// "root", "0", "0:0", "root:wheel": the user part names root.
inline bool is_root_user(const json& v) {
  if (!v.is_string()) return false;
  std::string_view u = v.get_ref<const std::string&>();
  u = u.substr(0, u.find(':'));
  return u == "root" || u == "0";
}

inline void check_root_user(security_context& ctx) {
  for_each_container_change(ctx, ".user", [&](const std::string& name, const json& was, const json& now) {
    if (is_root_user(now) && !is_root_user(was))
      ctx.report("container " + name + ": runs as root (user " + json_text(was) + " -> " + json_text(now) + ")");
    else if (now.is_null() && was.is_string() && !is_root_user(was))
      ctx.report("container " + name + ": user " + json_text(was) +
                 " removed: it runs as the image's default user, often root");
  });
}

inline void check_plaintext_secret(security_context& ctx) {
  for (const auto& container : ctx.changes.names("container_definitions")) {
    const std::string env = container_path(container, ".environment");
    for (const auto& var : ctx.changes.names(env)) {
      auto v = ctx.changes.at(env + "[name=" + var + "].value");
      if (!v || !v->second.is_string() || v->second.get_ref<const std::string&>().empty()) continue;
      auto secret = ctx.changes.at(container_path(container, ".secrets[name=" + var + "].valueFrom"));
      if (secret && secret->first.is_string() && secret->second.is_null()) {
        ctx.report("container " + container + ": " + var + " moved from secrets (" + secret->first.get<std::string>() +
                       ") into plain-text environment",
                   severity::critical);
      } else if (looks_secret(var) && !is_arn_reference(v->second.get_ref<const std::string&>())) {
        ctx.report("container " + container + ": environment " + var +
                   " looks like a secret and is set in plain text (use secrets)");
      }
    }
  }
}

inline void check_secret_moved_to_secrets(security_context& ctx) {
  for (const auto& container : ctx.changes.names("container_definitions")) {
    const std::string secrets = container_path(container, ".secrets");
    for (const auto& var : ctx.changes.names(secrets)) {
      auto s = ctx.changes.at(secrets + "[name=" + var + "].valueFrom");
      if (!s || !s->first.is_null() || !s->second.is_string()) continue;
      auto e = ctx.changes.at(container_path(container, ".environment[name=" + var + "].value"));
      if (!e || !e->first.is_string() || !e->second.is_null()) continue;
      ctx.report("container " + container + ": " + var + " moved from plain-text environment into secrets (" +
                 s->second.get<std::string>() + ")");
    }
  }
}

// --- volumes, ports, tags, fault injection (the members compared in the provider's shape) --

// The string member of a stored block ("" when it is not a string).
inline std::string string_member(const json& block, std::string_view key) {
  if (!block.is_object()) return {};
  auto it = block.find(key);
  return it != block.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

// The first block of a one-element list of blocks (MaxItems 1), or nullptr.
inline const json* first_block(const json& block, std::string_view key) {
  if (!block.is_object()) return nullptr;
  auto it = block.find(key);
  if (it == block.end() || !it->is_array() || it->empty() || !(*it)[0].is_object()) return nullptr;
  return &(*it)[0];
}

// The volume of a stored volume list with that name, or nullptr.
inline const json* volume_named(const json& volumes, std::string_view name) {
  if (!volumes.is_array()) return nullptr;
  for (const auto& v : volumes)
    if (string_member(v, "name") == name) return &v;
  return nullptr;
}

// Host paths whose bind mount hands a container the host, or what runs it: the root, the
// system's directories, the runtime directories that hold the Docker and containerd sockets
// (/var/run/docker.sock) and the data of Docker and the ECS agent. A path is sensitive when it is
// one of these or lies under one ("/" only itself).
inline constexpr std::array<std::string_view, 17> sensitive_host_paths{
    "/",     "/bin",  "/boot", "/dev", "/etc", "/home",           "/lib",         "/lib64",   "/proc",
    "/root", "/run",  "/sbin", "/sys", "/usr", "/var/lib/docker", "/var/lib/ecs", "/var/run"};

// Why a host path is sensitive ("" when it is not): the listed path it is or lies under, or
// ".." when a segment climbs (where it lands is not for tfdrift to guess).
inline std::string sensitive_host_path(std::string_view path) {
  std::string p;  // with repeated and trailing slashes removed
  for (char c : path)
    if (c != '/' || p.empty() || p.back() != '/') p += c;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  if (p == "/") return "/";
  for (std::size_t at = 0; at != std::string::npos;) {
    std::size_t next = p.find('/', at + 1);
    std::string_view seg = std::string_view(p).substr(at + 1, next == std::string::npos ? std::string::npos : next - at - 1);
    if (seg == "..") return "..";
    at = next;
  }
  for (auto s : sensitive_host_paths)
    if (s != "/" && p.starts_with(s) && (p.size() == s.size() || p[s.size()] == '/')) return std::string(s);
  return {};
}

inline void check_host_path(security_context& ctx) {
  auto v = ctx.changes.at("volume");
  if (!v || !v->second.is_array()) return;
  std::vector<std::string> before;
  if (v->first.is_array())
    for (const auto& vol : v->first)
      if (auto p = string_member(vol, "host_path"); !p.empty()) before.push_back(std::move(p));
  for (const auto& vol : v->second) {
    std::string path = string_member(vol, "host_path");
    // An empty host path is a Docker-managed volume on the host, not a bind mount.
    if (path.empty() || std::find(before.begin(), before.end(), path) != before.end()) continue;
    std::string detail = "volume " + string_member(vol, "name") + ": host path " + path +
                         " bind-mounted into the task's containers";
    std::string why = sensitive_host_path(path);
    if (why.empty()) ctx.report(detail);
    else if (why == "..") ctx.report(detail + ", a path that climbs with ..", severity::critical);
    else if (why == "/") ctx.report(detail + ": the host's whole file system", severity::critical);
    else ctx.report(detail + ", a sensitive path of the host (" + why + ")", severity::critical);
  }
}

// Calls fn(name, file system, before, after) for each EFS volume of the request's volumes, with
// the EFS configuration of the state's volume of that name (nullptr when it had none).
template <class Fn>
void for_each_efs_volume(security_context& ctx, Fn&& fn) {
  auto v = ctx.changes.at("volume");
  if (!v || !v->second.is_array()) return;
  for (const auto& vol : v->second) {
    const json* now = first_block(vol, "efs_volume_configuration");
    if (!now) continue;
    std::string name = string_member(vol, "name");
    const json* old_vol = volume_named(v->first, name);
    fn(name, string_member(*now, "file_system_id"), old_vol ? first_block(*old_vol, "efs_volume_configuration") : nullptr,
       *now);
  }
}

// "ENABLED" or "DISABLED": AWS's default for an unset transitEncryption or iam is DISABLED
// (botocore's ECS model, EFSVolumeConfiguration.transitEncryption, EFSAuthorizationConfig.iam).
inline std::string enabled_text(const std::string& v) { return v == "ENABLED" ? v : std::string("DISABLED"); }

inline std::string efs_iam(const json* efs) {
  const json* auth = efs ? first_block(*efs, "authorization_config") : nullptr;
  return enabled_text(auth ? string_member(*auth, "iam") : std::string{});
}

inline void check_efs_transit(security_context& ctx) {
  for_each_efs_volume(ctx, [&](const std::string& name, const std::string& fs, const json* was, const json& now) {
    if (enabled_text(string_member(now, "transit_encryption")) == "ENABLED") return;
    std::string detail = "volume " + name + ": EFS file system " + fs;
    if (!was) ctx.report(detail + " mounted without transit encryption (NFS in plain text)");
    else if (enabled_text(string_member(*was, "transit_encryption")) == "ENABLED")
      ctx.report(detail + ": transit encryption ENABLED -> DISABLED (NFS in plain text)");
  });
}

inline void check_efs_iam(security_context& ctx) {
  for_each_efs_volume(ctx, [&](const std::string& name, const std::string& fs, const json* was, const json& now) {
    if (efs_iam(&now) == "ENABLED") return;
    std::string detail = "volume " + name + ": EFS file system " + fs;
    if (!was) ctx.report(detail + " mounted without IAM authorization (the file system policy does not see the task role)");
    else if (efs_iam(was) == "ENABLED")
      ctx.report(detail + ": IAM authorization ENABLED -> DISABLED (the file system policy no longer sees the task role)");
  });
}

inline std::string number_text(const json& v) {
  return v.is_number() ? v.dump() : v.is_string() ? v.get<std::string>() : std::string{};
}

inline bool zero_or_unset(const json* v) {
  return !v || v->is_null() || (v->is_number() && v->get<double>() == 0) ||
         (v->is_string() && (v->get_ref<const std::string&>().empty() || v->get_ref<const std::string&>() == "0"));
}

// One port a Service Connect configuration's services open: what identifies it (port name, kind,
// number: a DNS name changed on the same port opens nothing new) and how it reads.
struct opened_port {
  std::string key, text;
};

// The ports of a Service Connect configuration's services: each client alias port ("port name
// api: client alias payments.internal:8443") and each ingress port override.
inline std::vector<opened_port> service_connect_ports(const json& services) {
  std::vector<opened_port> out;
  if (!services.is_array()) return out;
  for (const auto& s : services) {
    if (!s.is_object()) continue;
    std::string port_name = string_member(s, "port_name"), head = "port name " + port_name + ": ";
    if (auto a = s.find("client_alias"); a != s.end() && a->is_array())
      for (const auto& alias : *a) {
        auto port = alias.is_object() ? alias.find("port") : alias.end();
        if (!alias.is_object() || port == alias.end() || zero_or_unset(&*port)) continue;
        std::string dns = string_member(alias, "dns_name");
        out.push_back({port_name + "\x1f" + "alias\x1f" + number_text(*port),
                       head + "client alias " + (dns.empty() ? std::string{} : dns + ":") + number_text(*port)});
      }
    if (auto o = s.find("ingress_port_override"); o != s.end() && !zero_or_unset(&*o))
      out.push_back({port_name + "\x1f" + "ingress\x1f" + number_text(*o), head + "ingress port override " + number_text(*o)});
  }
  return out;
}

inline void check_service_connect_ports(security_context& ctx) {
  if (ctx.a.kind == alert_kind::unmanaged) return;  // a new service's ports are first values
  auto svc = ctx.changes.at("service_connect_configuration[0].service");
  if (!svc) return;
  // A configuration turned off opens nothing: the ports of a side count when it is enabled.
  auto en = ctx.changes.at("service_connect_configuration[0].enabled");
  bool was_on = en ? is_true(en->first) : true, now_on = en ? is_true(en->second) : true;
  if (!now_on) return;
  std::vector<opened_port> before = was_on ? service_connect_ports(svc->first) : std::vector<opened_port>{};
  for (const auto& p : service_connect_ports(svc->second))
    if (std::none_of(before.begin(), before.end(), [&](const opened_port& b) { return b.key == p.key; }))
      ctx.report("Service Connect opens a new port: " + p.text);
}

// The name of a target group ARN (arn:aws:elasticloadbalancing:...:targetgroup/NAME/ID), or the
// text as it is.
inline std::string target_group_name(const std::string& arn) {
  static constexpr std::string_view mark = ":targetgroup/";
  auto at = arn.find(mark);
  if (at == std::string::npos) return arn;
  std::string rest = arn.substr(at + mark.size());
  return rest.substr(0, rest.find('/'));
}

inline std::vector<std::string> load_balancer_targets(const json& lbs) {
  std::vector<std::string> out;
  if (!lbs.is_array()) return out;
  for (const auto& lb : lbs) {
    if (!lb.is_object()) continue;
    std::string tg = string_member(lb, "target_group_arn"), elb = string_member(lb, "elb_name");
    auto port = lb.find("container_port");
    out.push_back("container " + string_member(lb, "container_name") + " port " +
                  (port == lb.end() ? std::string("(none)") : number_text(*port)) + " attached to " +
                  (!tg.empty() ? "target group " + target_group_name(tg) : "classic load balancer " + elb));
  }
  return out;
}

inline std::vector<std::string> lattice_targets(const json& configs) {
  std::vector<std::string> out;
  if (!configs.is_array()) return out;
  for (const auto& c : configs)
    if (c.is_object())
      out.push_back("port name " + string_member(c, "port_name") + " attached to VPC Lattice target group " +
                    target_group_name(string_member(c, "target_group_arn")));
  return out;
}

inline void check_load_balancer_ports(security_context& ctx) {
  if (ctx.a.kind == alert_kind::unmanaged) return;  // a new service's targets are first values
  for (auto [attr, targets] : {std::pair{"load_balancer", &load_balancer_targets},
                               std::pair{"vpc_lattice_configurations", &lattice_targets}}) {
    auto v = ctx.changes.at(attr);
    if (!v) continue;
    auto before = targets(v->first);
    for (const auto& t : targets(v->second))
      if (std::find(before.begin(), before.end(), t) == before.end()) ctx.report(t);
  }
}

inline void check_tags_removed(security_context& ctx) {
  if (ctx.a.kind == alert_kind::unmanaged) return;  // no tags in state to remove
  std::vector<std::string> removed;
  auto add = [&](std::string_view attr, const std::string& key) {
    if (key.starts_with("aws:")) return;  // AWS's own tags
    std::string p = std::string(attr) + "." + key;
    if (std::find(removed.begin(), removed.end(), p) == removed.end()) removed.push_back(std::move(p));
  };
  for (const auto& c : ctx.a.changes) {
    if (!c.compared || (c.attribute != "tags" && c.attribute != "tags_all")) continue;
    if (c.path == c.attribute) {
      // The whole map: the keys the new value no longer has.
      if (!c.old_value.is_object()) continue;
      for (auto it = c.old_value.begin(); it != c.old_value.end(); ++it)
        if (!c.new_value.is_object() || !c.new_value.contains(it.key())) add(c.attribute, it.key());
    } else if (c.path.size() > c.attribute.size() + 1 && c.path[c.attribute.size()] == '.' && !c.old_value.is_null() &&
               c.new_value.is_null()) {
      add(c.attribute, c.path.substr(c.attribute.size() + 1));
    }
  }
  if (removed.empty()) return;
  ctx.report("tags removed: " + joined(removed) +
             " (IAM policies that test aws:ResourceTag on them no longer match this resource)");
}

inline void check_fault_injection(security_context& ctx) {
  auto v = ctx.changes.at("enable_fault_injection");
  if (!v || !is_true(v->second) || is_true(v->first)) return;
  ctx.report("enable_fault_injection " + std::string(v->first.is_null() ? "(none)" : "false") +
             " -> true: the task's containers may inject faults (network blackhole, latency, packet loss, CPU "
             "and I/O stress) through the ECS agent's fault injection endpoints");
}

// --- who -----------------------------------------------------------------------------------

inline void check_root(security_context& ctx) {
  if (ctx.a.who.identity_type != "Root") return;
  ctx.report("made by the account's root user" + (ctx.a.who.arn.empty() ? std::string{} : " (" + ctx.a.who.arn + ")"));
}

inline void check_console_without_mfa(security_context& ctx) {
  // Federated and Identity Center sessions sign in (and do MFA) at their identity provider:
  // CloudTrail says mfaAuthenticated false for them whatever happened there.
  // A Falco alert does not carry mfaAuthenticated: unknown is not "without".
  const std::string& type = ctx.a.who.identity_type;
  if (ctx.a.who.source != "console" || ctx.ev.who.mfa_authenticated.value_or(true)) return;
  if (type != "IAMUser" && type != "Root") return;
  ctx.report(render_actor(ctx.a.who) + " signed in to the console without MFA");
}

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

namespace detail {
constexpr bool security_checks_are_consistent() {
  for (std::size_t i = 1; i < security_checks.size(); ++i) {
    if (!(security_checks[i - 1].id < security_checks[i].id)) return false;
    // Raising checks run last, on what the others found.
    if (security_checks[i - 1].raise && !security_checks[i].raise) return false;
  }
  for (const auto& c : security_checks) {
    auto dot = c.id.find('.');
    // (c.run is not compared with null here: GCC's -fsanitize=undefined makes that comparison
    // non-constant; tests/test_security.cpp checks it.)
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == c.id.size() || c.description.empty()) return false;
  }
  return true;
}
}  // namespace detail

static_assert(detail::security_checks_are_consistent(),
              "security checks must be sorted by id, named FAMILY.NAME, with the raising checks last");

/// True when security_checks lists exactly security_check_ids, in that order: the config reader
/// (config.hpp) knows the checks by those ids and indexes settings by their position.
constexpr bool security_checks_match_ids() noexcept {
  for (std::size_t i = 0; i < security_check_count; ++i)
    if (security_checks[i].id != security_check_ids[i]) return false;
  return true;
}
static_assert(security_checks_match_ids(), "security_check_ids must list security_checks' ids in order");

inline bool security_facts::uses_role(const state_index& states, std::string_view role) {
  load(states);
  std::string name = detail::role_name(role), account = detail::role_account(role);
  for (const auto& [acc, n] : roles_)
    if (n == name && (acc.empty() || account.empty() || acc == account)) return true;
  return false;
}

inline void security_facts::load(const state_index& states) {
  if (ready_) return;
  ready_ = true;
  for (const auto& inst : states.instances()) {
    if (inst.type != "aws_ecs_task_definition") continue;
    std::size_t deepest = 0;
    // Read from the attributes' text: a state's DOMs are built only for resources that drift.
    detail::for_each_member(inst.attributes_text, [&](std::string_view key, std::string_view v) {
      if (key == "task_role_arn" || key == "execution_role_arn") {
        std::string arn = detail::token_string(v);
        if (!arn.empty()) roles_.emplace_back(detail::role_account(arn), detail::role_name(arn));
      } else if (key == "container_definitions") {
        auto defs = nlohmann::json::parse(detail::token_string(v), nullptr, false);
        if (!defs.is_array()) return;
        for (const auto& c : defs)
          if (c.is_object() && c.contains("image") && c["image"].is_string())
            registries_.push_back(parse_image(c["image"].get_ref<const std::string&>()).registry);
      }
    }, static_cast<std::size_t>(-1), deepest);
  }
  std::sort(registries_.begin(), registries_.end());
  registries_.erase(std::unique(registries_.begin(), registries_.end()), registries_.end());
}

inline void security_context::report(std::string detail, std::optional<severity> at_least) {
  const security_check& c = security_checks[check_];
  severity s = settings.checks[check_].sev.value_or(c.sev);
  if (at_least && *at_least > s) s = *at_least;
  if (c.raise) s = std::max(s, detail::raised(current, c.raise));
  if (s > current) current = s;
  out_->push_back({std::string(c.id), s, std::move(detail)});
}

/// Runs the enabled security checks on an alert that is about to be emitted (its changes,
/// kind, actor and event filled in), appends their findings to a.security and raises a.sev to
/// the highest finding severity. Resolved alerts (values set back to the state's) are left
/// alone. `facts` caches what the loaded states say; reset it when they change.
inline void apply_security(alert& a, const event& ev, const state_index& states, security_facts& facts,
                           const security_settings& settings) {
  if (!settings.enabled || a.kind == alert_kind::resolved) return;
  security_context ctx(a, ev, states, facts, settings);
  ctx.current = a.sev;
  std::vector<finding> found;
  ctx.out_ = &found;
  for (std::size_t i = 0; i < security_checks.size(); ++i) {
    if (!settings.checks[i].enabled) continue;
    ctx.check_ = i;
    security_checks[i].run(ctx);
  }
  if (found.empty()) return;
  a.sev = ctx.current;
  for (auto& f : found) a.security.push_back(std::move(f));
}

/// Returns the change an ExecuteCommand reports: attribute "execute_command", path
/// "execute_command[task=ID].container[name=NAME]", no old value, and the command and whether
/// it is interactive as the new value.
inline change exec_session_change(const nlohmann::json& request) {
  auto field = [&](std::string_view key) -> std::string {
    if (!request.is_object()) return {};
    auto it = request.find(key);
    return it != request.end() && it->is_string() ? it->get<std::string>() : std::string{};
  };
  std::string task = field("task");
  change c;
  c.attribute = "execute_command";
  c.path = "execute_command[task=" + std::string(detail::parse_ecs_ref(task, "task").name) + "].container[name=" +
           field("container") + "]";
  c.old_value = nullptr;
  c.new_value = nlohmann::json::object();
  c.new_value["command"] = field("command");
  bool interactive = false;
  if (request.is_object())
    if (auto it = request.find("interactive"); it != request.end() && it->is_boolean()) interactive = it->get<bool>();
  c.new_value["interactive"] = interactive;
  return c;
}

TFDRIFT_END_NAMESPACE
