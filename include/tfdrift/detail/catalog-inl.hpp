// How the catalog's lookups work, and the compile-time checks that tie its tables together.
#pragma once

#include "../catalog.hpp"

TFDRIFT_BEGIN_NAMESPACE

namespace detail {
constexpr const revision_type& revision_type_of(std::string_view type) noexcept {
  for (const auto& r : revision_types)
    if (r.resource_type == type) return r;
  return revision_types.back();
}
/// The ARN resource kind of a type's revisions: "daemon-task-definition" for daemon task
/// definitions, "task-definition" for task definitions (and any other type).
constexpr std::string_view task_definition_arn_kind(std::string_view type) noexcept {
  return revision_type_of(type).arn_kind;
}
/// Where a register call's responseElements holds the new revision's ARN (dotted).
constexpr std::string_view revision_response_path(std::string_view type) noexcept {
  return revision_type_of(type).response_path;
}
}  // namespace detail

constexpr bool attribute_applies(std::string_view named_type, std::string_view attribute, std::string_view type) noexcept {
  if (named_type == type) return true;
  for (const auto& m : moved_attributes)
    if (m.from_type == named_type && m.attribute == attribute && m.to_type == type) return true;
  return false;
}

constexpr std::size_t event_index(std::string_view source, std::string_view name) noexcept {
  auto it = std::ranges::lower_bound(events, name, {}, &event_entry::name);
  for (; it != events.end() && it->name == name; ++it)
    if (it->source == source) return static_cast<std::size_t>(it - events.begin());
  return events.size();
}

constexpr const event_entry* find_event(std::string_view source, std::string_view name) noexcept {
  std::size_t i = event_index(source, name);
  return i < events.size() ? &events[i] : nullptr;
}

constexpr std::size_t resource_index(std::string_view type) noexcept {
  auto it = std::ranges::lower_bound(resource_schemas, type, {}, &resource_schema::type);
  return it != resource_schemas.end() && it->type == type ? static_cast<std::size_t>(it - resource_schemas.begin())
                                                           : resource_schemas.size();
}

constexpr const resource_schema* find_resource(std::string_view type) noexcept {
  std::size_t i = resource_index(type);
  return i < resource_schemas.size() ? &resource_schemas[i] : nullptr;
}

constexpr std::string_view canonical_attribute(std::string_view type, std::string_view name) noexcept {
  for (const auto& a : attribute_aliases)
    if (a.resource_type == type && a.alias == name) return a.attribute;
  return name;
}

constexpr bool knows_attribute(std::string_view type, std::string_view name) noexcept {
  std::size_t i = resource_index(type);
  if (i == resource_schemas.size()) return false;
  std::string_view a = canonical_attribute(type, name);
  if (std::ranges::binary_search(resource_schemas[i].attributes, a)) return true;
  for (const auto& m : moved_attributes)
    if (m.from_type == type && m.attribute == a) return true;
  return false;
}

constexpr std::string_view response_path_of(const event_entry& e) noexcept {
  for (const auto& f : e.shared_fields)
    if (!f.response_path.empty()) return f.response_path;
  for (const auto& f : e.own_fields)
    if (!f.response_path.empty()) return f.response_path;
  return {};
}

template <class Fn>
constexpr void for_each_field(const event_entry& e, Fn&& fn) {
  for (const auto& f : e.shared_fields) fn(f);
  for (const auto& f : e.own_fields) fn(f);
}

namespace detail {
constexpr bool dotted_under(std::string_view path, std::string_view prefix) noexcept {
  return path.size() > prefix.size() && path.starts_with(prefix) && path[prefix.size()] == '.';
}
// Finds the member `rest` (dotted) names in a block's members; `open` when it is a block itself.
// A path below a scalar, set or map member is part of that member's value.
constexpr bool find_block_member(std::span<const block_member> members, std::string_view rest, bool& open) noexcept {
  for (;;) {
    auto dot = rest.find('.');
    std::string_view key = rest.substr(0, dot);
    const block_member* hit = nullptr;
    for (const auto& m : members)
      if (m.request_key == key) hit = &m;
    if (!hit) return false;
    bool nested = hit->kind == member_kind::block || hit->kind == member_kind::block_list;
    if (dot == std::string_view::npos) {
      open = nested;
      return true;
    }
    if (!nested) return true;
    members = hit->members;
    rest = rest.substr(dot + 1);
  }
}
}  // namespace detail

constexpr member_verdict classify_member(const event_entry& e, std::string_view path) noexcept {
  if (path.empty()) return {};
  if ((!e.target_key.empty() && path == e.target_key) || (!e.cluster_key.empty() && path == e.cluster_key) ||
      (e.target == target_kind::task_set && path == "service"))
    return {member_status::not_state, false, "names the target of the call"};
  for (auto k : e.reported_keys)
    if (path == k || detail::dotted_under(path, k)) return {member_status::mapped, false, {}};
  member_verdict v;
  bool found = false, inner = false;
  for_each_field(e, [&](const field_map& f) {
    if (found) return;
    if (f.request_path == path) {
      v = {member_status::mapped, is_block_kind(f.kind), {}};
      found = true;
    } else if (detail::dotted_under(path, f.request_path)) {
      bool open = false;
      if (!is_block_kind(f.kind) || detail::find_block_member(f.members, path.substr(f.request_path.size() + 1), open)) {
        v = {member_status::mapped, open, {}};
        found = true;
      }
    } else if (detail::dotted_under(f.request_path, path)) {
      inner = true;
    }
  });
  if (found) return v;
  for (const auto& n : request_member_notes)
    if (n.event == e.name && (n.path == path || detail::dotted_under(path, n.path)))
      return {n.cls == member_class::not_state ? member_status::not_state : member_status::not_compared_yet, false, n.reason};
  if (inner) return {member_status::inner, true, {}};
  return {};
}

constexpr const request_member_note* find_operation_note(std::string_view name) noexcept {
  auto it = std::ranges::lower_bound(operation_notes, name, {}, &request_member_note::event);
  return it != operation_notes.end() && it->event == name ? &*it : nullptr;
}

namespace detail {
template <class Range, class Proj>
constexpr bool strictly_sorted(const Range& r, Proj proj) {
  for (std::size_t i = 1; i < std::size(r); ++i)
    if (!(std::invoke(proj, r[i - 1]) < std::invoke(proj, r[i]))) return false;
  return true;
}
constexpr bool sorted_names(std::span<const std::string_view> r) {
  return strictly_sorted(r, [](std::string_view s) { return s; });
}
constexpr bool members_consistent(std::span<const block_member> members) {
  for (const auto& m : members) {
    bool nested = m.kind == member_kind::block || m.kind == member_kind::block_list;
    if (m.request_key.empty() || m.attribute.empty() || nested == m.members.empty()) return false;
    if (nested && !members_consistent(m.members)) return false;
  }
  return true;
}
// True when the event's type has the attribute, or (a type the ARN tells) every type an ARN names.
constexpr bool event_type_has(const event_entry& e, std::string_view attribute) {
  if (!e.resource_type.empty())
    return std::ranges::binary_search(resource_schemas[resource_index(e.resource_type)].attributes, attribute);
  for (const auto& k : arn_resource_kinds)
    if (!std::ranges::binary_search(resource_schemas[resource_index(k.resource_type)].attributes, attribute)) return false;
  return true;
}
constexpr bool fields_known(const event_entry& e) {
  bool ok = true;
  for_each_field(e, [&](const field_map& f) {
    // A field maps to an attribute the type has now (not one moved away from it); block kinds
    // name their members, other kinds none; only namespace_ref reads the response.
    ok = ok && event_type_has(e, top_attribute(f.attribute_path)) &&
         !f.request_path.empty() && is_block_kind(f.kind) == !f.members.empty() &&
         members_consistent(f.members) &&
         (f.kind == compare_kind::namespace_ref) == !f.response_path.empty();
  });
  return ok;
}
constexpr bool catalog_is_consistent() {
  for (std::size_t i = 1; i < events.size(); ++i)
    if (!(events[i - 1].name < events[i].name ||
          (events[i - 1].name == events[i].name && events[i - 1].source < events[i].source)))
      return false;
  if (!strictly_sorted(resource_schemas, &resource_schema::type)) return false;
  for (const auto& r : resource_schemas) {
    if (!sorted_names(r.attributes) || !sorted_names(r.watched)) return false;
    for (auto w : r.watched)
      if (!std::ranges::binary_search(r.attributes, w)) return false;
  }
  for (std::size_t i = 1; i < arn_resource_kinds.size(); ++i)
    if (!(arn_resource_kinds[i - 1].kind <= arn_resource_kinds[i].kind) ||
        arn_resource_kinds[i - 1].resource_type == arn_resource_kinds[i].resource_type)
      return false;
  for (const auto& k : arn_resource_kinds)
    if (resource_index(k.resource_type) == resource_schemas.size() || k.target == target_kind::resource_arn) return false;
  for (const auto& e : events) {
    // Only a resource_arn target may leave the type to its ARN.
    if (e.resource_type.empty() ? e.target != target_kind::resource_arn
                                : resource_index(e.resource_type) == resource_schemas.size())
      return false;
    if (!fields_known(e)) return false;
    if (e.priority != "WARNING" && e.priority != "CRITICAL") return false;
  }
  for (const auto& a : attribute_aliases)
    if (!knows_attribute(a.resource_type, a.attribute)) return false;
  auto note_key = [](const request_member_note& n) { return std::pair{n.event, n.path}; };
  if (!strictly_sorted(request_member_notes, note_key) || !strictly_sorted(operation_notes, note_key)) return false;
  for (const auto& n : request_member_notes)
    if (event_index(ecs_source, n.event) == events.size() || n.path.empty() || n.reason.empty()) return false;
  for (const auto& n : operation_notes)
    if (event_index(ecs_source, n.event) != events.size() || !n.path.empty() || n.reason.empty()) return false;
  for (const auto& m : moved_attributes) {
    std::size_t from = resource_index(m.from_type), to = resource_index(m.to_type);
    if (from == resource_schemas.size() || to == resource_schemas.size()) return false;
    // Moved away: gone from the old type's schema, present in the new one's.
    if (std::ranges::binary_search(resource_schemas[from].attributes, m.attribute) ||
        !std::ranges::binary_search(resource_schemas[to].attributes, m.attribute))
      return false;
  }
  return true;
}
}  // namespace detail

static_assert(detail::catalog_is_consistent(),
              "the ECS catalog is unsorted or names an attribute its resource schema lacks");
static_assert(events.size() == 35,
              "12 spec events + CreateCluster and DeleteCluster from ECS + ExecuteCommand + 20 from the API model");

TFDRIFT_END_NAMESPACE
