// The drift ledger's workings: drift paths and values compared the differ's way, and the
// definitions of drift_ledger's members (ledger.hpp declares them).
#pragma once

#include <algorithm>
#include <tuple>

#include "../ledger.hpp"
#include "arn.hpp"
#include "json_parse.hpp"
#include "text.hpp"

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

// True when `outer` is `inner` or one of its ancestors ("setting" covers "setting[name=x].value").
inline bool path_covers(std::string_view outer, std::string_view inner) noexcept {
  if (outer.empty() || inner.size() < outer.size() || inner.substr(0, outer.size()) != outer) return false;
  return inner.size() == outer.size() || inner[outer.size()] == '.' || inner[outer.size()] == '[';
}

// The catalog field that a change path of a resource type came from (the longest match).
inline const field_map* field_of_path(std::string_view type, std::string_view path) {
  const field_map* best = nullptr;
  for (const auto& e : events) {
    if (e.resource_type != type) continue;
    for_each_field(e, [&](const field_map& f) {
      if (path_covers(f.attribute_path, path) && (!best || f.attribute_path.size() > best->attribute_path.size()))
        best = &f;
    });
  }
  return best;
}

// The state's value at a change path, as the differ reads it (container definitions parsed and
// normalised the provider's way). Null when absent.
inline nlohmann::json state_value_at(const state_instance& inst, std::string_view path) {
  const nlohmann::json& attrs = inst.attributes();
  constexpr std::string_view containers = "container_definitions";
  if (path_covers(containers, path)) {
    auto it = attrs.find(containers);
    if (it == attrs.end() || it->is_null()) return nullptr;
    nlohmann::json parsed = *it;
    if (it->is_string()) parsed = parse_json(it->get_ref<const std::string&>());
    if (parsed.is_discarded()) return path == containers ? *it : nlohmann::json();
    nlohmann::json list = normalize_containers(parsed, attr_string(attrs, "network_mode") == "awsvpc");
    const nlohmann::json* v = follow_path(list, path.substr(containers.size()));
    return v ? *v : nlohmann::json();
  }
  const nlohmann::json* v = follow_path(attrs, path);
  return v ? *v : nlohmann::json();
}

// True when a state value and a drifted value are the same under the field's comparison.
inline bool drift_values_equal(const field_map* f, std::string_view path, const nlohmann::json& state,
                               const nlohmann::json& drifted, const diff_context& ctx) {
  if (f && f->attribute_path != path)
    if (const block_member* m = member_of_path(*f, path))  // one member of a block: its own kind
      return canonical_member(&state, *m) == canonical_member(&drifted, *m);
  if (!f || f->attribute_path != path) return state == drifted || (is_empty_value(state) && is_empty_value(drifted));
  switch (f->kind) {
    case compare_kind::number: {
      auto a = as_number(state), b = as_number(drifted);
      return a && b ? *a == *b : state == drifted;
    }
    case compare_kind::boolean:
    case compare_kind::enabled_flag:
      return as_bool(state) == as_bool(drifted);
    case compare_kind::cpu_units:
    case compare_kind::memory_units: {
      bool cpu = f->kind == compare_kind::cpu_units;
      auto a = parse_units(state, cpu), b = parse_units(drifted, cpu);
      return a && b ? *a == *b : state == drifted;
    }
    case compare_kind::cluster_ref:
      return refs_equal(state, drifted, "cluster", ctx);
    case compare_kind::task_definition_ref:
      return refs_equal(state, drifted, "task-definition", ctx);
    case compare_kind::string_set:
      return as_sorted_set(state) == as_sorted_set(drifted);
    case compare_kind::strategy_set:
      return as_sorted_set(normalize_strategy(state, false)) == as_sorted_set(normalize_strategy(drifted, false));
    case compare_kind::block:
    case compare_kind::block_list:
    case compare_kind::block_set:
      return blocks_equal(*f, state, drifted);
    default:
      return state == drifted || (is_empty_value(state) && is_empty_value(drifted));
  }
}

}  // namespace detail

template <class Fn>
void drift_ledger::for_each(Fn&& fn) const {
  for (const std::vector<drift>* v : sorted_resources())
    for (const drift& d : *v) fn(d);
}

template <class Fn>
void drift_ledger::for_resource(std::string_view state_file, std::string_view address, Fn&& fn) const {
  if (size_ == 0) return;
  auto it = open_.find(key(state_file, address));
  if (it == open_.end()) return;
  for (const drift& d : it->second) fn(d);
}

inline std::vector<drift> drift_ledger::open() const {
  std::vector<drift> out;
  out.reserve(size_);
  for_each([&](const drift& d) { out.push_back(d); });
  return out;
}

inline bool drift_ledger::has(std::string_view state_file, std::string_view address) const {
  return size_ != 0 && open_.find(key(state_file, address)) != open_.end();
}

inline std::array<std::uint64_t, resource_schemas.size()> drift_ledger::open_by_type() const {
  std::array<std::uint64_t, resource_schemas.size()> n{};
  for (const auto& [k, v] : open_)
    for (std::size_t i = 0; i < resource_schemas.size(); ++i)
      if (!v.empty() && resource_schemas[i].type == v.front().resource_type) n[i] += v.size();
  return n;
}

inline ledger_update drift_ledger::record(const alert& a) {
  ledger_update u;
  if (!a.address) return u;
  switch (a.kind) {
    case alert_kind::delete_: {
      std::vector<drift>& v = open_[key(a.state_file, *a.address)];
      bool was_open = !v.empty() && v.front().path.empty();
      size_ -= v.size();
      v.clear();
      auto [d, fresh] = upsert(v, a, {});
      d.state_value = nullptr;
      d.drifted_value = nullptr;
      d.sev = a.sev;
      d.rule = a.rule;
      if (!was_open) ++u.opened;
      return u;
    }
    case alert_kind::update:
    case alert_kind::create:
    case alert_kind::recreate: {
      if (a.changes.empty() && a.kind != alert_kind::recreate) return u;
      auto it = open_.find(key(a.state_file, *a.address));
      if (it == open_.end()) {
        if (a.changes.empty()) return u;
        it = open_.emplace(key_buf_, std::vector<drift>{}).first;
      }
      std::vector<drift>& v = it->second;
      if (a.kind == alert_kind::recreate && !v.empty() && v.front().path.empty()) {
        v.erase(v.begin());
        --size_;
        ++u.resolved;
      }
      for (const auto& c : a.changes) {
        if (!c.compared) continue;  // no state value to settle it against
        auto [d, fresh] = upsert(v, a, c.path);
        if (fresh) {
          d.attribute = c.attribute;
          ++u.opened;
        }
        d.state_value = c.old_value;
        d.drifted_value = c.new_value;
        d.sev = c.sev;
        if (d.rule != c.rule) d.rule = c.rule;
      }
      if (v.empty()) open_.erase(it);
      return u;
    }
    default:
      return u;
  }
}

inline std::vector<drift> drift_ledger::settled_by(std::string_view state_file, std::string_view address,
                                                   const std::vector<std::string>& set_paths,
                                                   const std::vector<std::string>& changed_paths) const {
  std::vector<drift> out;
  for_resource(state_file, address, [&](const drift& d) {
    if (d.path.empty()) return;
    bool set = std::any_of(set_paths.begin(), set_paths.end(),
                           [&](const std::string& s) { return detail::path_covers(s, d.path); });
    bool changed = std::any_of(changed_paths.begin(), changed_paths.end(), [&](const std::string& c) {
      return detail::path_covers(c, d.path) || detail::path_covers(d.path, c);
    });
    if (set && !changed) out.push_back(d);
  });
  return out;
}

inline std::vector<drift> drift_ledger::of(std::string_view state_file, std::string_view address) const {
  std::vector<drift> out;
  for_resource(state_file, address, [&](const drift& d) { out.push_back(d); });
  return out;
}

inline std::size_t drift_ledger::close(const std::vector<drift>& ds) {
  std::size_t n = 0;
  for (const auto& d : ds) {
    auto it = open_.find(key(d.state_file, d.address));
    if (it == open_.end()) continue;
    auto& v = it->second;
    auto at = std::find_if(v.begin(), v.end(), [&](const drift& x) { return x.path == d.path; });
    if (at == v.end()) continue;
    v.erase(at);
    --size_;
    ++n;
    if (v.empty()) open_.erase(it);
  }
  return n;
}

inline void drift_ledger::rename_state(std::string_view from, std::string_view to) {
  if (from == to) return;
  std::vector<std::vector<drift>> moved;
  for (auto it = open_.begin(); it != open_.end();) {
    if (!it->second.empty() && it->second.front().state_file == from) {
      moved.push_back(std::move(it->second));
      it = open_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto& v : moved) {
    for (auto& d : v) d.state_file = std::string(to);
    std::vector<drift>& dest = open_[key(to, v.front().address)];
    size_ -= dest.size();
    dest = std::move(v);
  }
}

inline std::vector<drift> drift_ledger::reconcile(const state_index& states, std::string_view state_file) {
  std::vector<drift> closed;
  if (empty()) return closed;
  std::unordered_map<std::string, const state_instance*> by_key;
  for (const auto& inst : states.instances())
    if (state_file.empty() || inst.state_file == state_file)
      by_key.emplace(inst.state_file + '\x1f' + inst.address, &inst);
  auto loaded = [&](const std::string& file) {
    if (!state_file.empty()) return file == state_file;
    return std::find(states.names().begin(), states.names().end(), file) != states.names().end();
  };
  for (std::vector<drift>* v : sorted_resources()) {
    const drift& first = v->front();
    if (!loaded(first.state_file)) continue;
    auto found = by_key.find(key(first.state_file, first.address));
    const state_instance* inst = found == by_key.end() ? nullptr : found->second;
    for (auto d = v->begin(); d != v->end();) {
      if (settled_by_state(*d, inst, redact_)) {
        closed.push_back(std::move(*d));
        d = v->erase(d);
        --size_;
      } else {
        ++d;
      }
    }
  }
  for (auto it = open_.begin(); it != open_.end();) {
    if (it->second.empty()) it = open_.erase(it);
    else ++it;
  }
  return closed;
}

inline nlohmann::ordered_json drift_ledger::to_json() const {
  nlohmann::ordered_json j;
  j["schema"] = schema;
  auto& list = j["open"] = nlohmann::ordered_json::array();
  for_each([&](const drift& d) { list.push_back(to_json(d)); });
  return j;
}

inline nlohmann::ordered_json drift_ledger::to_json(const drift& d) {
  nlohmann::ordered_json j;
  j["state_file"] = d.state_file;
  j["address"] = d.address;
  j["resource_type"] = d.resource_type;
  j["resource_id"] = d.resource_id;
  j["account"] = d.account;
  j["region"] = d.region;
  j["kind"] = to_string(d.kind);
  j["attribute"] = d.attribute;
  j["path"] = d.path;
  j["state_value"] = d.state_value;
  j["drifted_value"] = d.drifted_value;
  j["severity"] = to_string(d.sev);
  j["rule"] = d.rule;
  j["first_event_id"] = d.first_event_id;
  j["first_event_time"] = d.first_event_time;
  j["last_event_id"] = d.last_event_id;
  j["last_event_time"] = d.last_event_time;
  j["actor"] = d.actor;
  j["events"] = d.events;
  return j;
}

inline void drift_ledger::load_json(std::string_view text, std::string_view name) {
  const std::string file(name);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw error("tfdrift.ledger.parse", file,
                "not valid JSON at " + detail::line_column(text, e.byte ? e.byte - 1 : 0));
  }
  auto sc = j.is_object() ? j.find("schema") : j.end();
  if (!j.is_object() || sc == j.end() || !sc->is_string() || sc->get_ref<const std::string&>() != schema)
    throw error("tfdrift.ledger.schema", file, "not a ledger (need an object with \"schema\": \"" +
                                                   std::string(schema) + "\")");
  auto list = j.find("open");
  if (list == j.end() || !list->is_array())
    throw error("tfdrift.ledger.shape", file, "\"open\" is missing or not an array");
  drift_ledger loaded;
  std::size_t n = 0;
  for (const auto& e : *list) {
    ++n;
    const std::string where = file + " entry #" + std::to_string(n);
    if (!e.is_object()) throw error("tfdrift.ledger.shape", where, "not an object");
    auto text_of = [&](const char* k) {
      auto it = e.find(k);
      if (it == e.end() || !it->is_string())
        throw error("tfdrift.ledger.shape", where, std::string("\"") + k + "\" is missing or not a string");
      return it->get<std::string>();
    };
    drift d;
    d.state_file = text_of("state_file");
    d.address = text_of("address");
    d.resource_type = text_of("resource_type");
    d.resource_id = text_of("resource_id");
    d.account = text_of("account");
    d.region = text_of("region");
    std::string kind = text_of("kind");
    auto k = parse_alert_kind(kind);
    if (!k) throw error("tfdrift.ledger.shape", where, "unknown kind \"" + kind + "\"");
    d.kind = *k;
    d.attribute = text_of("attribute");
    d.path = text_of("path");
    d.state_value = e.value("state_value", nlohmann::json());
    d.drifted_value = e.value("drifted_value", nlohmann::json());
    if (redact_) {  // a ledger saved without redaction (an older tfdrift, redact_secrets: false)
      redact_value(d.path, d.state_value);
      redact_value(d.path, d.drifted_value);
    }
    std::string sev = text_of("severity");
    auto s = parse_severity(sev);
    if (!s) throw error("tfdrift.ledger.shape", where, "unknown severity \"" + sev + "\"");
    d.sev = *s;
    d.rule = text_of("rule");
    d.first_event_id = text_of("first_event_id");
    d.first_event_time = text_of("first_event_time");
    d.last_event_id = text_of("last_event_id");
    d.last_event_time = text_of("last_event_time");
    d.actor = text_of("actor");
    auto ev = e.find("events");
    if (ev == e.end() || !ev->is_number_unsigned())
      throw error("tfdrift.ledger.shape", where, "\"events\" is missing or not a count");
    d.events = ev->get<std::uint64_t>();
    if (d.address.empty()) throw error("tfdrift.ledger.shape", where, "\"address\" is empty");
    std::vector<drift>& v = loaded.open_[loaded.key(d.state_file, d.address)];
    auto at = std::lower_bound(v.begin(), v.end(), d.path,
                               [](const drift& x, const std::string& p) { return x.path < p; });
    if (at != v.end() && at->path == d.path)
      throw error("tfdrift.ledger.shape", where, "a second entry for the same state file, address and path");
    v.insert(at, std::move(d));
    ++loaded.size_;
  }
  open_ = std::move(loaded.open_);
  size_ = loaded.size_;
}

inline const std::string& drift_ledger::key(std::string_view state_file, std::string_view address) const {
  key_buf_.clear();
  key_buf_.append(state_file).push_back('\x1f');
  key_buf_.append(address);
  return key_buf_;
}

inline std::vector<const std::vector<drift>*> drift_ledger::sorted_resources() const {
  std::vector<const std::vector<drift>*> out;
  out.reserve(open_.size());
  for (const auto& [k, v] : open_)
    if (!v.empty()) out.push_back(&v);
  std::sort(out.begin(), out.end(), [](const std::vector<drift>* a, const std::vector<drift>* b) {
    const drift& x = a->front();
    const drift& y = b->front();
    return std::tie(x.state_file, x.address) < std::tie(y.state_file, y.address);
  });
  return out;
}

inline std::vector<std::vector<drift>*> drift_ledger::sorted_resources() {
  std::vector<std::vector<drift>*> out;
  for (const std::vector<drift>* v : std::as_const(*this).sorted_resources())
    out.push_back(const_cast<std::vector<drift>*>(v));
  return out;
}

inline bool drift_ledger::settled_by_state(drift& d, const state_instance* inst, bool redact) {
  if (!inst) return true;  // the state no longer has the resource
  if (d.path.empty()) {
    // A deleted task definition revision is settled when the state holds another one.
    if (d.resource_type != "aws_ecs_task_definition" && d.resource_type != "aws_ecs_daemon_task_definition")
      return false;
    auto ref = detail::parse_ecs_ref(inst->arn, detail::task_definition_arn_kind(d.resource_type));
    return !ref.name.empty() && ref.name != d.resource_id;
  }
  nlohmann::json now = detail::state_value_at(*inst, d.path);
  // What the alert redacted stays redacted, and never equals the state's value.
  const bool redacted = redact && (holds_redacted(d.state_value) || holds_redacted(d.drifted_value));
  if (redact) redact_value(d.path, now, redacted);
  if (redacted) {
    if (d.state_value != now) d.state_value = std::move(now);
    return false;
  }
  const field_map* f = detail::field_of_path(d.resource_type, d.path);
  diff_context ctx;
  ctx.partition = inst->partition;
  ctx.account = inst->account.empty() ? std::string_view{d.account} : std::string_view{inst->account};
  ctx.region = inst->region.empty() ? std::string_view{d.region} : std::string_view{inst->region};
  if (detail::drift_values_equal(f, d.path, now, d.drifted_value, ctx)) return true;
  if (!detail::drift_values_equal(f, d.path, now, d.state_value, ctx)) d.state_value = std::move(now);
  return false;
}

inline std::pair<drift&, bool> drift_ledger::upsert(std::vector<drift>& v, const alert& a, std::string_view path) {
  auto at = std::lower_bound(v.begin(), v.end(), path,
                             [](const drift& x, std::string_view p) { return x.path < p; });
  bool fresh = at == v.end() || at->path != path;
  if (fresh) {
    at = v.insert(at, drift{});
    ++size_;
    at->state_file = a.state_file;
    at->address = *a.address;
    at->resource_type = a.resource_type;
    at->resource_id = a.resource_id;
    at->account = a.account;
    at->region = a.region;
    at->path = std::string(path);
    at->first_event_id = a.event_id;
    at->first_event_time = a.event_time;
    at->kind = a.kind;
    at->events = 0;
  } else if (at->resource_id != a.resource_id) {
    at->resource_id = a.resource_id;  // a task definition's newest revision
  }
  drift& d = *at;
  d.last_event_id = a.event_id;
  d.last_event_time = a.event_time;
  d.actor = a.who.name;
  ++d.events;
  return {d, fresh};
}

TFDRIFT_END_NAMESPACE
