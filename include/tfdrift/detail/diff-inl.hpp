// How the differ works: value readers and normalisers, the provider's state shapes of nested blocks
// and container definitions, the not-compared members, and diff_field's comparison per kind.
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <span>
#include <unordered_map>

#include "../diff.hpp"
#include "arn.hpp"
#include "json_parse.hpp"
#include "request.hpp"
#include "text.hpp"

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

using json = nlohmann::json;

inline bool is_empty_value(const json& j) {
  return j.is_null() || (j.is_string() && j.get_ref<const std::string&>().empty()) ||
         (j.is_array() && j.empty()) || (j.is_object() && j.empty());
}

inline std::optional<double> as_number(const json& j) {
  if (j.is_number()) return j.get<double>();
  if (!j.is_string()) return std::nullopt;
  const auto& s = j.get_ref<const std::string&>();
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

inline std::optional<bool> as_bool(const json& j) {
  if (j.is_boolean()) return j.get<bool>();
  if (j.is_null()) return false;
  if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    if (s == "true" || s == "ENABLED") return true;
    if (s == "false" || s == "DISABLED" || s.empty()) return false;
  }
  return std::nullopt;
}

inline json number_json(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9.0e15)
    return json(static_cast<std::int64_t>(v));
  return json(v);
}

/// Reads ECS CPU or memory text: "256", 256, "0.25 vCPU" (x1024), "2 GB" (x1024), "512 MiB".
inline std::optional<std::int64_t> parse_units(const json& j, bool cpu) {
  if (j.is_number()) return static_cast<std::int64_t>(std::llround(j.get<double>()));
  if (!j.is_string()) return std::nullopt;
  std::string s = lower_ascii(j.get_ref<const std::string&>());
  double v = 0;
  const char* b = s.data();
  const char* e = s.data() + s.size();
  while (b < e && *b == ' ') ++b;
  auto [p, ec] = std::from_chars(b, e, v);
  if (ec != std::errc{}) return std::nullopt;
  std::string unit(p, e);
  unit.erase(std::remove(unit.begin(), unit.end(), ' '), unit.end());
  double factor = 1;
  if (unit.empty()) factor = 1;
  else if (cpu && unit == "vcpu") factor = 1024;
  else if (!cpu && (unit == "gb" || unit == "gib")) factor = 1024;
  else if (!cpu && (unit == "mb" || unit == "mib")) factor = 1;
  else return std::nullopt;
  return static_cast<std::int64_t>(std::llround(v * factor));
}

/// Drops null, "", [] and {} recursively, in place, so that unset and empty compare equal.
inline void compact(json& j) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end();) {
      compact(it.value());
      if (is_empty_value(it.value())) it = j.erase(it);
      else ++it;
    }
  } else if (j.is_array()) {
    auto& items = j.get_ref<json::array_t&>();
    for (auto& e : items) compact(e);
    items.erase(std::remove_if(items.begin(), items.end(), is_empty_value), items.end());
  }
}

/// Returns the elements sorted by their JSON text, for set comparison.
inline std::vector<std::string> as_sorted_set(const json& j) {
  std::vector<std::string> out;
  if (!j.is_array()) {
    if (!is_empty_value(j)) out.push_back(j.dump());
    return out;
  }
  for (const auto& e : j) out.push_back(e.is_string() ? e.get<std::string>() : e.dump());
  std::sort(out.begin(), out.end());
  return out;
}

/// Returns {"a":{"b":value}} for the dotted path "a.b": a value put where request_at finds it.
inline json json_at_path(std::string_view dotted, json value) {
  auto dot = dotted.rfind('.');
  json out = json::object();
  out[std::string(dot == std::string_view::npos ? dotted : dotted.substr(dot + 1))] = std::move(value);
  return dot == std::string_view::npos ? out : json_at_path(dotted.substr(0, dot), std::move(out));
}

/// Follows an attribute or change path ("a[0].b", "setting[name=x].value", "tags.Env",
/// "[name=web].image") from a JSON value (state attributes, a list); nullptr when any step is
/// absent or an index is not a number.
inline const json* follow_path(const json& root, std::string_view path) {
  const json* cur = &root;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '.') {
      ++i;
      continue;
    }
    if (path[i] == '[') {
      auto close = path.find(']', i);
      if (close == std::string_view::npos || !cur->is_array()) return nullptr;
      std::string_view inside = path.substr(i + 1, close - i - 1);
      const json* next = nullptr;
      if (inside.substr(0, 5) == "name=") {
        std::string_view name = inside.substr(5);
        for (const auto& e : *cur)
          if (e.is_object() && e.contains("name") && e["name"].is_string() &&
              e["name"].get_ref<const std::string&>() == name)
            next = &e;
      } else {
        std::size_t idx = 0;
        auto [p, ec] = std::from_chars(inside.data(), inside.data() + inside.size(), idx);
        if (ec == std::errc{} && p == inside.data() + inside.size() && idx < cur->size()) next = &(*cur)[idx];
      }
      if (!next) return nullptr;
      cur = next;
      i = close + 1;
      continue;
    }
    auto end = path.find_first_of(".[", i);
    std::string_view key = path.substr(i, end == std::string_view::npos ? path.size() - i : end - i);
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(key);
    if (it == cur->end()) return nullptr;
    cur = &*it;
    i = end == std::string_view::npos ? path.size() : end;
  }
  return cur;
}

inline void push_change(std::vector<change>& out, std::string path, json old_value, json new_value) {
  change c;
  c.attribute = std::string(top_attribute(path));
  c.path = std::move(path);
  c.old_value = std::move(old_value);
  c.new_value = std::move(new_value);
  out.push_back(std::move(c));
}

inline bool keyed_by_name(const json& a) {
  if (!a.is_array() || a.empty()) return false;
  for (const auto& e : a) {
    if (!e.is_object()) return false;
    auto n = e.find("name");
    if (n == e.end() || !n->is_string()) return false;
  }
  return true;
}

/// Diffs two JSON values structurally; lists of named objects compare per name
/// ("[name=web]"), objects per key, anything else as a whole.
inline void diff_json(const json& old_value, const json& new_value, const std::string& path,
                      std::vector<change>& out) {
  if (old_value == new_value) return;
  static const json null_json;
  if (old_value.is_object() && new_value.is_object()) {
    for (auto it = old_value.begin(); it != old_value.end(); ++it) {
      auto n = new_value.find(it.key());
      diff_json(it.value(), n == new_value.end() ? null_json : *n, path + "." + it.key(), out);
    }
    for (auto it = new_value.begin(); it != new_value.end(); ++it)
      if (!old_value.contains(it.key())) diff_json(null_json, it.value(), path + "." + it.key(), out);
    return;
  }
  auto named = [](const json& a) { return keyed_by_name(a) || (a.is_array() && a.empty()) || a.is_null(); };
  if ((keyed_by_name(old_value) || keyed_by_name(new_value)) && named(old_value) && named(new_value)) {
    // Each entry by name (the first of a name, as a search would find it): a hash lookup, so
    // that lists of 100,000 environment entries diff in linear time.
    using by_name = std::unordered_map<std::string_view, const json*>;
    auto index = [](const json& a) {
      by_name m;
      if (!a.is_array()) return m;
      m.reserve(a.size());
      for (const auto& e : a) m.try_emplace(e.find("name")->get_ref<const std::string&>(), &e);
      return m;
    };
    const by_name old_names = index(old_value), new_names = index(new_value);
    auto name_of = [](const json& e) -> const std::string& { return e.find("name")->get_ref<const std::string&>(); };
    if (old_value.is_array())
      for (const auto& e : old_value) {
        auto n = new_names.find(name_of(e));
        diff_json(e, n == new_names.end() ? null_json : *n->second, path + "[name=" + name_of(e) + "]", out);
      }
    if (new_value.is_array())
      for (const auto& e : new_value)
        if (!old_names.contains(name_of(e))) diff_json(null_json, e, path + "[name=" + name_of(e) + "]", out);
    return;
  }
  push_change(out, path, old_value, new_value);
}

// The provider's container-definition equivalence is containerDefinitionsAreEquivalent in
// hashicorp/terraform-provider-aws internal/service/ecs/container_definitions.go: both sides are
// decoded into the AWS SDK for Go's []types.ContainerDefinition, reduced by
// containerDefinitions.reduce, encoded again and compared. The helpers below and
// normalize_container apply each of reduce's rules to the JSON; tests/scenario/test_container_definitions.cpp
// ports the provider's own test cases, and docs/reports.md lists where tfdrift answers differently.

/// The name a container, an environment entry or a secret sorts by: "" when it has none or the
/// entry is no object, as the provider's sorts read a nil name (aws.ToString).
inline std::string_view sort_name(const json& e) {
  if (!e.is_object()) return {};
  auto n = e.find("name");
  if (n == e.end() || !n->is_string()) return {};
  return n->get_ref<const std::string&>();
}

/// Sorts a list by sort_name, keeping the order of equal names
/// (container_definitions.go: orderContainers, orderEnvironmentVariables, orderSecrets).
inline void sort_by_name(json& list) {
  if (!list.is_array()) return;
  std::stable_sort(list.begin(), list.end(), [](const json& a, const json& b) { return sort_name(a) < sort_name(b); });
}

/// Erases each of `keys` from each object of `list` where it holds the number 0. For members
/// the AWS SDK for Go keeps as a plain int32 (no pointer), the provider's decoder reads 0 and
/// absent alike and flattenContainerDefinitions writes 0 for absent
/// (TestFlattenContainerDefinitions, "required zero fields retained").
inline void erase_zero_members(json* list, std::initializer_list<const char*> keys) {
  if (!list || !list->is_array()) return;
  for (auto& e : *list) {
    if (!e.is_object()) continue;
    for (const char* key : keys)
      if (auto it = e.find(key); it != e.end() && it->is_number() && it->get<double>() == 0) e.erase(it);
  }
}

/// Applies the provider's container-definition equivalence to one container.
inline json normalize_container(json c, bool awsvpc) {
  if (!c.is_object()) return c;
  // reduce: a nil essential is true.
  if (!c.contains("essential") || c["essential"].is_null()) c["essential"] = true;
  // reduce -> orderEnvironmentVariables, orderSecrets: environment and secrets by name.
  for (const char* key : {"environment", "secrets"})
    if (auto it = c.find(key); it != c.end()) sort_by_name(*it);
  // reduce, per port mapping: protocol "tcp" is the default; a hostPort of 0 is unset; under
  // awsvpc an unset hostPort is the containerPort.
  if (auto pm = c.find("portMappings"); pm != c.end() && pm->is_array()) {
    for (auto& m : *pm) {
      if (!m.is_object()) continue;
      if (auto p = m.find("protocol"); p != m.end() && *p == "tcp") m.erase(p);
      if (auto hp = m.find("hostPort"); hp != m.end() && (hp->is_null() || (hp->is_number() && hp->get<double>() == 0)))
        m.erase(hp);
      if (awsvpc && !m.contains("hostPort") && m.contains("containerPort")) m["hostPort"] = m["containerPort"];
    }
  }
  // reduce: a health check's nil interval, retries and timeout are 30, 3 and 5.
  if (auto hc = c.find("healthCheck"); hc != c.end() && hc->is_object()) {
    for (auto [key, def] : {std::pair{"interval", 30}, std::pair{"retries", 3}, std::pair{"timeout", 5}})
      if (!hc->contains(key) || (*hc)[key].is_null()) (*hc)[key] = def;
  }
  // The SDK's plain int32 members below the container: a ulimit's hardLimit and softLimit and a
  // tmpfs mount's size (types.Ulimit, types.Tmpfs; see erase_zero_members).
  erase_zero_members(c.contains("ulimits") ? &c["ulimits"] : nullptr, {"hardLimit", "softLimit"});
  if (auto lp = c.find("linuxParameters"); lp != c.end() && lp->is_object())
    erase_zero_members(lp->contains("tmpfs") ? &(*lp)["tmpfs"] : nullptr, {"size"});
  // Zero numbers and false flags at the container level are unset. The provider does so only for
  // cpu (a plain int32 in the SDK); tfdrift also for memory: 0, privileged: false and the like,
  // the API's own defaults (docs/reports.md: where tfdrift's equivalence differs). essential stays.
  for (auto it = c.begin(); it != c.end();) {
    const json& v = it.value();
    bool unset = (v.is_number() && v.get<double>() == 0) || (v.is_boolean() && !v.get<bool>() && it.key() != "essential");
    if (unset) it = c.erase(it);
    else ++it;
  }
  // reduce sets empty lists to nil and compactArrays drops all-zero entries from them; compact
  // drops every null, "", [] and {} (tfdrift goes further than the provider here: docs/reports.md).
  compact(c);
  return c;
}

/// Applies the provider's equivalence to a container list: each container normalised, the list
/// by name (container_definitions.go: reduce -> orderContainers). Not a list: an empty one.
inline json normalize_containers(const json& list, bool awsvpc) {
  json out = json::array();
  if (!list.is_array()) return out;
  for (const auto& c : list) out.push_back(normalize_container(c, awsvpc));  // a copy, normalised in place
  sort_by_name(out);
  return out;
}

inline json strategy_item(const json& e, bool from_request) {
  json out = json::object();
  if (!e.is_object()) return out;
  out["capacity_provider"] = e.value(from_request ? "capacityProvider" : "capacity_provider", std::string{});
  for (const char* k : {"base", "weight"}) {
    auto it = e.find(k);
    auto v = it == e.end() ? std::optional<double>{0} : as_number(*it);
    out[k] = number_json(v.value_or(0));
  }
  return out;
}

inline json normalize_strategy(const json& list, bool from_request) {
  json out = json::array();
  if (list.is_array())
    for (const auto& e : list) out.push_back(strategy_item(e, from_request));
  return out;
}

// A name or ARN, written the way the state writes it (ARN when the state holds an ARN).
inline json ref_like_state(const json& req, const json& old_value, std::string_view kind, const diff_context& ctx) {
  if (!req.is_string()) return req;
  const auto& s = req.get_ref<const std::string&>();
  bool state_is_arn = old_value.is_string() && parse_arn(old_value.get_ref<const std::string&>()).has_value();
  auto ref = parse_ecs_ref(s, kind);
  if (state_is_arn && ref.region.empty() && (kind != "task-definition" || s.find(':') != std::string::npos))
    return make_ecs_arn(ctx.partition, ctx.region, ctx.account, kind, s);
  return req;
}

inline bool refs_equal(const json& a, const json& b, std::string_view kind, const diff_context& ctx) {
  if (!a.is_string() || !b.is_string()) return is_empty_value(a) && is_empty_value(b);
  auto ra = parse_ecs_ref(a.get_ref<const std::string&>(), kind);
  auto rb = parse_ecs_ref(b.get_ref<const std::string&>(), kind);
  auto where = [&](const ecs_ref& r) {
    return std::pair{r.account.empty() ? ctx.account : r.account, r.region.empty() ? ctx.region : r.region};
  };
  if (where(ra) != where(rb)) return false;
  if (kind != "task-definition") return ra.name == rb.name;
  auto [fa, va] = split_revision(ra.name);
  auto [fb, vb] = split_revision(rb.name);
  // A bare family follows the latest revision: it names no revision to differ from.
  return fa == fb && (va.empty() || vb.empty() || va == vb);
}

// --- the state shape: a request value in the form the provider stores it ------------------
// A request's nested objects become the provider's blocks (block_member tables in catalog.hpp):
// every member present, unset ones as their zero value ("" / 0 / false / []), one-element lists
// for MaxItems-1 blocks, and the provider's own rewrites (placement "host" -> "instanceId").
// Both sides are then brought to one canonical form (sets sorted, case folded where the
// provider ignores case) and compared.

inline json member_zero(member_kind k) {
  switch (k) {
    case member_kind::string: return "";
    case member_kind::integer:
    case member_kind::number: return 0;
    case member_kind::boolean:
    case member_kind::enabled_flag: return false;
    case member_kind::string_map:
    case member_kind::pair_map: return json::object();
    case member_kind::json_text: return "";
    default: return json::array();
  }
}

// An unset member as the provider stores it: its schema default, else the kind's zero value.
inline json member_unset(const block_member& m) {
  if (!m.unset.empty()) return std::string(m.unset);
  return member_zero(m.kind);
}

inline std::string placement_field(const std::string& v) {
  if (v == "host") return "instanceId";
  if (v == "MEMORY" || v == "CPU") return lower_ascii(v);
  return v;
}

inline json shape_block(const json& obj, std::span<const block_member> members);

// A list of request objects as the provider's list of blocks; other values stay as they are
// (and so compare unequal to any state).
inline json shape_blocks(const json& v, std::span<const block_member> members) {
  if (!v.is_array()) return v;
  json out = json::array();
  for (const auto& e : v) out.push_back(e.is_object() ? shape_block(e, members) : e);
  return out;
}

// A scalar member in the stored form: numbers and flags normalised, the provider's string
// rewrites applied (and, when `fold`, the case its diff ignores folded). Other kinds: as is.
inline json stored_scalar(const json& v, const block_member& m, bool fold) {
  switch (m.kind) {
    case member_kind::string:
      if (m.rule == member_rule::host_source_path && v.is_object()) {
        auto p = v.find("sourcePath");
        return p != v.end() && p->is_string() ? *p : json("");
      }
      if (v.is_string() && v.get_ref<const std::string&>().empty() && !m.unset.empty()) return std::string(m.unset);
      if (v.is_string() && m.rule == member_rule::placement_field) {
        std::string s = placement_field(v.get_ref<const std::string&>());
        return fold ? lower_ascii(s) : s;
      }
      return v;
    case member_kind::integer:
    case member_kind::number: {
      // The provider's nullable ints (bake times) are kept as strings, "" when unset.
      if (v.is_string() && v.get_ref<const std::string&>().empty()) return 0;
      auto n = as_number(v);
      return n ? number_json(*n) : v;
    }
    case member_kind::boolean:
    case member_kind::enabled_flag: {
      auto b = as_bool(v);
      return b ? json(*b) : v;
    }
    case member_kind::pair_map: {
      // [{"name": "IgnoredUID", "value": "1337"}] (or key/value: tags) -> {"IgnoredUID": "1337"}
      if (!v.is_array()) return v;
      json out = json::object();
      for (const auto& e : v) {
        if (!e.is_object()) return v;
        auto k = e.find("name");
        if (k == e.end()) k = e.find("key");
        if (k == e.end() || !k->is_string()) return v;
        auto val = e.find("value");
        out[k->get<std::string>()] = val == e.end() ? json("") : *val;
      }
      return out;
    }
    case member_kind::json_text: {
      // JSON text (the state) read as the document it holds; a document (the request) as it is.
      if (!v.is_string() || v.get_ref<const std::string&>().empty()) return v;
      json doc = parse_json(v.get_ref<const std::string&>());
      return doc.is_discarded() ? v : doc;
    }
    default: return v;
  }
}

// One request member in the provider's stored form.
inline json shape_member(const json* v, const block_member& m) {
  if (!v || v->is_null()) return member_unset(m);
  if (m.kind == member_kind::block) return v->is_object() ? json::array({shape_block(*v, m.members)}) : *v;
  if (m.kind == member_kind::block_list) return shape_blocks(*v, m.members);
  return stored_scalar(*v, m, false);
}

inline json shape_block(const json& obj, std::span<const block_member> members) {
  json out = json::object();
  for (const auto& m : members) {
    auto it = obj.find(m.request_key);
    out[std::string(m.attribute)] = shape_member(it == obj.end() ? nullptr : &*it, m);
  }
  return out;
}

/// A field's request value in the provider's stored form (the block kinds; others as they are).
inline json shape_request(const field_map& f, const json& req) {
  if (f.kind == compare_kind::block) return req.is_object() ? json::array({shape_block(req, f.members)}) : req;
  if (f.kind == compare_kind::block_list || f.kind == compare_kind::block_set) return shape_blocks(req, f.members);
  return req;
}

inline json canonical_blocks(const json& v, std::span<const block_member> members, bool as_set);

// One stored member, canonical: absent as zero, numbers and flags normalised, sets sorted,
// case folded where the provider's diff ignores it.
inline json canonical_member(const json* v, const block_member& m) {
  if (!v || v->is_null()) return member_unset(m);
  if (m.kind == member_kind::block || m.kind == member_kind::block_list) return canonical_blocks(*v, m.members, false);
  if (m.kind == member_kind::string_set && v->is_array()) {
    json out = json::array();
    for (const auto& s : as_sorted_set(*v)) out.push_back(s);
    return out;
  }
  return stored_scalar(*v, m, true);
}

inline json canonical_block(const json& stored, std::span<const block_member> members) {
  if (!stored.is_object()) return stored;
  json out = json::object();
  for (const auto& m : members) {
    auto it = stored.find(m.attribute);
    out[std::string(m.attribute)] = canonical_member(it == stored.end() ? nullptr : &*it, m);
  }
  return out;
}

// A stored list of blocks, canonical; a set's elements in one order.
inline json canonical_blocks(const json& v, std::span<const block_member> members, bool as_set) {
  if (v.is_null()) return json::array();
  if (!v.is_array()) return v;
  json out = json::array();
  for (const auto& e : v) out.push_back(canonical_block(e, members));
  if (as_set)
    std::sort(out.begin(), out.end(), [](const json& a, const json& b) { return a.dump() < b.dump(); });
  return out;
}

/// The member of a block-kind field that a change path below it names
/// ("service_registries[0].port" -> port); nullptr for the attribute itself or an unknown member.
inline const block_member* member_of_path(const field_map& f, std::string_view path) {
  if (!is_block_kind(f.kind) || !path.starts_with(f.attribute_path)) return nullptr;
  std::string_view rest = path.substr(f.attribute_path.size());
  if (!rest.starts_with('[')) return nullptr;
  auto close = rest.find("].");
  if (close == std::string_view::npos) return nullptr;
  rest = rest.substr(close + 2);
  rest = rest.substr(0, rest.find_first_of(".["));
  for (const auto& m : f.members)
    if (m.attribute == rest) return &m;
  return nullptr;
}

/// True when two stored values of a block-kind field are equal the way the provider diffs them.
inline bool blocks_equal(const field_map& f, const json& a, const json& b) {
  bool as_set = f.kind == compare_kind::block_set;
  return canonical_blocks(a, f.members, as_set) == canonical_blocks(b, f.members, as_set);
}

/// The most request members one record reports as not compared (hostile input may carry many).
inline constexpr std::size_t max_not_compared = 64;

inline void collect_not_compared(const event_entry& e, const json& obj, const std::string& dotted,
                                 const std::string& shown, std::vector<change>& out) {
  if (!obj.is_object()) return;
  for (auto it = obj.begin(); it != obj.end() && out.size() < max_not_compared; ++it) {
    std::string path = dotted.empty() ? it.key() : dotted + "." + it.key();
    std::string where = shown.empty() ? it.key() : shown + "." + it.key();
    member_verdict v = classify_member(e, path);
    switch (v.status) {
      case member_status::mapped:
      case member_status::inner:
        if (!v.open) break;
        if (it->is_object()) collect_not_compared(e, *it, path, where, out);
        else if (it->is_array())
          for (std::size_t i = 0; i < it->size(); ++i)
            collect_not_compared(e, (*it)[i], path, where + "[" + std::to_string(i) + "]", out);
        break;
      case member_status::not_state:
        break;
      case member_status::not_compared_yet:
      case member_status::unclassified: {
        if (it->is_null()) break;
        change c;
        c.attribute = std::string(top_attribute(where));
        c.path = std::move(where);
        c.new_value = *it;
        c.compared = false;
        c.reason = v.status == member_status::unclassified
                       ? "not in tfdrift's catalog (a member AWS added later, or unknown)"
                       : "not compared yet: " + std::string(v.reason);
        out.push_back(std::move(c));
        break;
      }
    }
  }
}

/// Returns the request members of an event that the catalog does not compare and that are not
/// classified as no Terraform state (see classify_member), each as a change marked not compared:
/// the request's path (camelCase, list items by index), an unknown old value (null) and the
/// value set. At most max_not_compared.
inline std::vector<change> not_compared_members(const event_entry& e, const json& request) {
  std::vector<change> out;
  collect_not_compared(e, request, {}, {}, out);
  return out;
}

}  // namespace detail

inline void diff_field(const field_map& f, const nlohmann::json* req, const nlohmann::json& state_attrs,
                       const diff_context& ctx, std::vector<change>& out,
                       std::vector<std::string>* equal) {
  using namespace detail;
  static const json null_json;
  auto same = [&](const std::string& p) {
    if (equal) equal->push_back(p);
  };
  json absent_value;
  if (!req) {
    if (!ctx.full_replacement) return;
    if (!f.absent_default.empty()) absent_value = std::string(f.absent_default);
    req = &absent_value;
  }
  const json* old_ptr = follow_path(state_attrs, f.attribute_path);
  const json& old_value = old_ptr ? *old_ptr : null_json;
  std::string path(f.attribute_path);

  // Full replacement that leaves a key out: unset in the new revision (a block: no blocks).
  if (req->is_null()) {
    bool block = is_block_kind(f.kind);
    if (!is_empty_value(old_value) && old_value != json(false))
      push_change(out, path, old_value, block ? json::array() : json(nullptr));
    else same(path);
    return;
  }

  switch (f.kind) {
    case compare_kind::number: {
      auto n = as_number(*req);
      if (!n) return push_change(out, path, old_value, *req);
      auto o = as_number(old_value);
      if (o && *o == *n) return same(path);
      json nv = number_json(*n);
      if (old_value.is_string()) nv = nv.dump();
      return push_change(out, path, old_value, nv);
    }
    case compare_kind::boolean:
    case compare_kind::enabled_flag: {
      auto n = as_bool(*req);
      if (!n) return push_change(out, path, old_value, *req);
      if (as_bool(old_value) == n) return same(path);
      return push_change(out, path, old_value, *n);
    }
    case compare_kind::string: {
      json nv = req->is_string() ? *req : json(req->dump());
      // The default AWS reports for an unset value equals unset ("NONE" for propagate_tags).
      auto unset = [&](const json& v) {
        return is_empty_value(v) || (!f.absent_default.empty() && v.is_string() &&
                                     v.get_ref<const std::string&>() == f.absent_default);
      };
      if (nv == old_value || (unset(nv) && unset(old_value))) return same(path);
      return push_change(out, path, old_value, nv);
    }
    case compare_kind::namespace_ref: {
      // The provider stores what AWS returns (an ARN); the request may name the namespace.
      json nv = req->is_string() ? *req : json(req->dump());
      if (ctx.response && !f.response_path.empty())
        if (const json* r = request_at(*ctx.response, f.response_path); r && r->is_string() && !r->get_ref<const std::string&>().empty())
          nv = *r;
      if (nv == old_value || (is_empty_value(nv) && is_empty_value(old_value))) return same(path);
      return push_change(out, path, old_value, nv);
    }
    case compare_kind::block:
    case compare_kind::block_list:
    case compare_kind::block_set: {
      json nv = shape_request(f, *req);
      json ov = old_value.is_null() ? json::array() : old_value;
      if (blocks_equal(f, ov, nv)) return same(path);
      // One block whose members are all unset equals no block: AWS returns such a block where
      // the provider's config has none (alarms {[], false, false} from the console), and the
      // provider's plan ignores it (service.go: DiffSuppressFunc
      // verify.SuppressMissingOptionalConfigurationBlock on alarms, deployment_circuit_breaker
      // and deployment_controller).
      auto unset_block = [&](const json& v) {
        return f.kind == compare_kind::block && v.is_array() && v.size() == 1 &&
               canonical_block(v[0], f.members) == canonical_block(json::object(), f.members);
      };
      if ((ov.is_array() && ov.empty() && unset_block(nv)) || (nv.is_array() && nv.empty() && unset_block(ov)))
        return same(path);
      // An ordered list (or one block) of the same length: per element and member, the path
      // plan shows (service_registries[0].port); a set, or blocks appearing or going: whole.
      if (f.kind != compare_kind::block_set && ov.is_array() && nv.is_array() && ov.size() == nv.size()) {
        for (std::size_t i = 0; i < nv.size(); ++i) {
          if (!ov[i].is_object() || !nv[i].is_object()) return push_change(out, path, ov, nv);
        }
        for (std::size_t i = 0; i < nv.size(); ++i)
          for (const auto& m : f.members) {
            std::string key(m.attribute);
            auto o = ov[i].find(key);
            const json* op = o == ov[i].end() ? nullptr : &*o;
            const json& n = nv[i][key];
            std::string p = path + "[" + std::to_string(i) + "]." + key;
            if (canonical_member(op, m) == canonical_member(&n, m)) same(p);
            else push_change(out, p, op ? *op : member_unset(m), n);
          }
        return;
      }
      return push_change(out, path, ov, nv);
    }
    case compare_kind::cpu_units:
    case compare_kind::memory_units: {
      bool cpu = f.kind == compare_kind::cpu_units;
      auto n = parse_units(*req, cpu);
      if (!n) return push_change(out, path, old_value, *req);
      if (parse_units(old_value, cpu) == n) return same(path);
      return push_change(out, path, old_value, std::to_string(*n));
    }
    case compare_kind::cluster_ref:
    case compare_kind::task_definition_ref: {
      std::string_view kind = f.kind == compare_kind::cluster_ref ? "cluster" : "task-definition";
      if (refs_equal(old_value, *req, kind, ctx)) return same(path);
      return push_change(out, path, old_value, ref_like_state(*req, old_value, kind, ctx));
    }
    case compare_kind::string_set: {
      if (as_sorted_set(old_value) == as_sorted_set(*req)) return same(path);
      return push_change(out, path, old_value, *req);
    }
    case compare_kind::strategy_set: {
      json nv = normalize_strategy(*req, true);
      json ov = normalize_strategy(old_value, false);
      if (as_sorted_set(ov) == as_sorted_set(nv)) return same(path);
      return push_change(out, path, old_value, nv);
    }
    case compare_kind::settings: {
      if (!req->is_array()) return push_change(out, path, old_value, *req);
      for (const auto& s : *req) {
        if (!s.is_object()) continue;
        std::string name = s.value("name", std::string{});
        json nv = s.contains("value") ? s["value"] : null_json;
        json ov;
        if (old_value.is_array())
          for (const auto& o : old_value)
            if (o.is_object() && o.value("name", std::string{}) == name) ov = o.contains("value") ? o["value"] : null_json;
        if (ov != nv) push_change(out, path + "[name=" + name + "].value", ov, nv);
        else if (equal) equal->push_back(path + "[name=" + name + "].value");
      }
      return;
    }
    case compare_kind::tags: {
      // The provider sends tags merged with its default_tags and keeps the merge in tags_all
      // (internal/tags, tftags.TagsSchemaComputed): a key is compared with tags_all and named
      // where the user would edit it, tags.KEY when it is the resource's own, tags_all.KEY
      // when only default_tags give it. Keys starting "aws:" are AWS's own.
      if (!req->is_array()) return push_change(out, path, old_value, *req);
      const json* all = follow_path(state_attrs, "tags_all");
      for (const auto& t : *req) {
        if (!t.is_object()) continue;
        std::string key = t.value("key", std::string{});
        if (key.starts_with("aws:")) continue;
        json nv = t.contains("value") ? t["value"] : null_json;
        json ov;
        std::string where = path;
        if (old_value.is_object() && old_value.contains(key)) {
          ov = old_value[key];
        } else if (all && all->is_object() && all->contains(key)) {
          ov = (*all)[key];
          where = "tags_all";
        }
        where += "." + key;
        if (ov != nv) push_change(out, where, ov, nv);
        else if (equal) equal->push_back(where);
      }
      // A new revision (RegisterTaskDefinition) carries its whole tag set: a key of the state's
      // tags_all that the request leaves out is removed (tags.KEY, or tags_all.KEY for a default tag).
      if (ctx.full_replacement && all && all->is_object()) {
        std::vector<std::string_view> sent;
        for (const auto& t : *req)
          if (t.is_object())
            if (auto k = t.find("key"); k != t.end() && k->is_string()) sent.push_back(k->get_ref<const std::string&>());
        for (auto it = all->begin(); it != all->end(); ++it) {
          const std::string& key = it.key();
          if (key.starts_with("aws:") || std::find(sent.begin(), sent.end(), key) != sent.end()) continue;
          bool own = old_value.is_object() && old_value.contains(key);
          push_change(out, (own ? path : std::string("tags_all")) + "." + key, own ? old_value[key] : *it, nullptr);
        }
      }
      return;
    }
    case compare_kind::tag_keys: {
      // UntagResource's tagKeys (a list of keys): each key the resource holds goes, named as
      // for tags (tags.KEY for its own, tags_all.KEY for one only default_tags give); a key it
      // does not hold was not there to remove. "aws:" keys are AWS's own.
      if (!req->is_array()) return push_change(out, path, old_value, *req);
      const json* all = follow_path(state_attrs, "tags_all");
      for (const auto& k : *req) {
        if (!k.is_string()) continue;
        const std::string& key = k.get_ref<const std::string&>();
        if (key.starts_with("aws:")) continue;
        if (old_value.is_object() && old_value.contains(key))
          push_change(out, path + "." + key, old_value[key], nullptr);
        else if (all && all->is_object() && all->contains(key))
          push_change(out, "tags_all." + key, (*all)[key], nullptr);
        else same(path + "." + key);
      }
      return;
    }
    case compare_kind::container_definitions: {
      // The state keeps them as JSON text: parse and normalise once per state and mode.
      std::optional<json> local;
      std::optional<json>& slot = ctx.container_cache ? (*ctx.container_cache)[ctx.awsvpc ? 1 : 0] : local;
      if (!slot) {
        json ov = old_value;
        if (old_value.is_string()) ov = parse_json(old_value.get_ref<const std::string&>());
        slot = ov.is_discarded() ? json(nullptr) : normalize_containers(ov, ctx.awsvpc);
      }
      if (slot->is_null() && old_value.is_string()) return push_change(out, path, old_value, *req);
      diff_json(*slot, normalize_containers(*req, ctx.awsvpc), path, out);
      same(path);
      return;
    }
  }
}

TFDRIFT_END_NAMESPACE
