// How security.hpp's API works: the change index (change_view), what the loaded states say
// (security_facts), image references, reporting a finding and running the checks.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "../security.hpp"
#include "arn.hpp"
#include "json_parse.hpp"
#include "scan.hpp"
#include "security_checks_common.hpp"
#include "text.hpp"

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

// Lists longer than this get a name index the first time a [name=X] segment looks into them.
inline constexpr std::size_t indexed_list_size = 16;

// Calls fn(prefix) for the path itself and each of its ancestors ("a.b[name=c].d": itself,
// "a.b[name=c]", "a.b", "a"), nearest first. A '.' or '[' inside a name makes a prefix that is
// no path; looking it up finds nothing.
template <class Fn>
void for_each_ancestor(std::string_view path, Fn&& fn) {
  fn(path);
  for (std::size_t i = path.size(); i-- > 1;)
    if (path[i] == '.' || path[i] == '[') fn(path.substr(0, i));
}

inline constexpr severity raised(severity s, unsigned levels) noexcept {
  unsigned v = static_cast<unsigned>(s) + levels;
  return v > static_cast<unsigned>(severity::critical) ? severity::critical : static_cast<severity>(v);
}

}  // namespace detail

// ---- security_facts ----

inline void security_facts::reset() noexcept {
  ready_ = false;
  registries_.clear();
  roles_.clear();
  allowed_ready_ = false;
  allowed_.clear();
}

inline const std::vector<std::string>& security_facts::registries(const state_index& states) {
  load(states);
  return registries_;
}

inline const std::vector<std::string>& security_facts::allowed_registries(const state_index& states,
                                                                          const security_settings& settings) {
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
        auto defs = detail::parse_json(detail::token_string(v));
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

// ---- change_view ----

inline std::optional<std::pair<change_view::json, change_view::json>> change_view::at(std::string_view path) const {
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

inline const std::vector<std::string>& change_view::names(std::string_view list_path) const {
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

inline const change_view::json* change_view::find(const json& v, std::string_view path) const {
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

inline void change_view::index() const {
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

inline const change_view::json* change_view::by_name(const json& list, std::string_view name) const {
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

inline std::optional<std::pair<nlohmann::json, nlohmann::json>> changed_at(const alert& a, std::string_view path) {
  return change_view(a).at(path);
}

inline std::vector<std::string> changed_names(const alert& a, std::string_view list_path) {
  return change_view(a).names(list_path);
}

// ---- images, findings, running the checks ----

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

inline void security_context::report(std::string detail, std::optional<severity> at_least) {
  const security_check& c = security_checks[check_];
  severity s = settings.checks[check_].sev.value_or(c.sev);
  if (at_least && *at_least > s) s = *at_least;
  if (c.raise) s = std::max(s, detail::raised(current, c.raise));
  if (s > current) current = s;
  out_->push_back({std::string(c.id), s, std::move(detail)});
}

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
    // non-constant; tests/unit/test_security.cpp checks it.)
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == c.id.size() || c.description.empty()) return false;
  }
  return true;
}
}  // namespace detail

static_assert(detail::security_checks_are_consistent(),
              "security checks must be sorted by id, named FAMILY.NAME, with the raising checks last");

TFDRIFT_END_NAMESPACE
