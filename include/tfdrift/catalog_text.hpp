// The ECS catalog for people and programs: as text (the events, and the resource types with their
// watched attributes) and as JSON (the same, with each event's field map and the attribute aliases).
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "catalog.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// Returns the name of an event action as the catalog prints it ("create", "delete",
/// "register", "instance-state", ...).
constexpr std::string_view to_string(event_action a) noexcept {
  switch (a) {
    case event_action::create: return "create";
    case event_action::update: return "update";
    case event_action::remove: return "delete";
    case event_action::register_revision: return "register";
    case event_action::deregister: return "deregister";
    case event_action::instance_state: return "instance-state";
    case event_action::exec_session: return "exec";
    case event_action::tag: return "tag";
    case event_action::activity: return "activity";
    case event_action::delete_revisions: return "delete-revisions";
  }
  return "?";
}

namespace detail {
inline std::string padded(std::string_view s, std::size_t width) {
  std::string out(s);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}
inline std::string joined(std::span<const std::string_view> items, std::string_view sep) {
  std::string s;
  for (auto it : items) {
    if (!s.empty()) s += sep;
    s += it;
  }
  return s;
}
}  // namespace detail

/// Returns the constexpr catalog as text (what `tfdrift catalog` and the C ABI's
/// tfdrift_catalog_text print): a table of the CloudTrail events (name, resource type,
/// Falco priority, action, description), then each Terraform resource type with its
/// watched attributes and every attribute it compares. Lines end in "\n".
inline std::string catalog_text() {
  using detail::padded;
  std::size_t w_name = 5, w_type = 13, w_prio = 8, w_action = 6;
  // An event whose type its ARN names (TagResource, UntagResource).
  constexpr std::string_view by_arn = "(the ARN's)";
  auto type_of = [&](const event_entry& e) { return e.resource_type.empty() ? by_arn : e.resource_type; };
  for (const auto& e : events) {
    w_name = std::max(w_name, e.name.size());
    w_type = std::max(w_type, type_of(e).size());
    w_prio = std::max(w_prio, e.priority.size());
    w_action = std::max(w_action, to_string(e.action).size());
  }
  std::string s = "CloudTrail events (eventSource " + std::string(ecs_source) + ")\n\n";
  s += padded("EVENT", w_name + 2) + padded("RESOURCE TYPE", w_type + 2) + padded("PRIORITY", w_prio + 2) +
       padded("ACTION", w_action + 2) + "DESCRIPTION\n";
  for (const auto& e : events)
    s += padded(e.name, w_name + 2) + padded(type_of(e), w_type + 2) + padded(e.priority, w_prio + 2) +
         padded(to_string(e.action), w_action + 2) + std::string(e.description) + "\n";
  s += "\n" + std::to_string(events.size()) +
       " events: the spec's 13, with CreateCluster and DeleteCluster as two rows, ExecuteCommand,\n"
       "and the other writes of AWS's API model that change what the provider stores\n";
  s += "\nTerraform resource types\n";
  for (const auto& r : resource_schemas) {
    s += "\n" + std::string(r.type) + "\n";
    s += "  watched:  " + detail::joined(r.watched, ", ") + "\n";
    s += "  compared: " + detail::joined(r.attributes, ", ") + "\n";
  }
  return s;
}

/// Returns the constexpr catalog as JSON: what `tfdrift catalog --format json`, Python's
/// tfdrift.catalog() and the C ABI's tfdrift_catalog_json give. Keys, in this order:
/// "events" (name, source, resource_type (null when the target's ARN names it), priority,
/// action, description, and "fields": each
/// request_path with its attribute, attribute_path and compare kind), "resource_types" (type,
/// watched, attributes) and "attribute_aliases" (resource_type, alias, attribute).
inline nlohmann::ordered_json catalog_json() {
  using ojson = nlohmann::ordered_json;
  ojson j;
  j["events"] = ojson::array();
  for (const auto& e : events) {
    ojson ej;
    ej["name"] = e.name;
    ej["source"] = e.source;
    ej["resource_type"] = e.resource_type.empty() ? ojson(nullptr) : ojson(e.resource_type);  // null: the ARN's
    ej["priority"] = e.priority;
    ej["action"] = to_string(e.action);
    ej["description"] = e.description;
    ej["fields"] = ojson::array();
    for_each_field(e, [&](const field_map& f) {
      ej["fields"].push_back({{"request_path", f.request_path},
                              {"attribute", top_attribute(f.attribute_path)},
                              {"attribute_path", f.attribute_path},
                              {"compare", to_string(f.kind)}});
    });
    j["events"].push_back(std::move(ej));
  }
  j["resource_types"] = ojson::array();
  for (const auto& r : resource_schemas) {
    ojson rj;
    rj["type"] = r.type;
    rj["watched"] = ojson::array();
    for (auto w : r.watched) rj["watched"].push_back(w);
    rj["attributes"] = ojson::array();
    for (auto a : r.attributes) rj["attributes"].push_back(a);
    j["resource_types"].push_back(std::move(rj));
  }
  j["attribute_aliases"] = ojson::array();
  for (const auto& a : attribute_aliases)
    j["attribute_aliases"].push_back({{"resource_type", a.resource_type}, {"alias", a.alias}, {"attribute", a.attribute}});
  return j;
}

TFDRIFT_END_NAMESPACE
