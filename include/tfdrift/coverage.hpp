// The catalog measured against AWS's API model (botocore's ECS service-2.json): which write operations and request members it compares, classifies as no Terraform state, or does not know.
#pragma once

#include <algorithm>
#include <cstddef>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// The catalog's coverage of an API model: write operations, and the members of the input shapes
/// of the operations it covers (every member, into structures and list items).
struct api_coverage {
  std::size_t write_operations = 0;             ///< not Describe*, List*, Get*, Discover*, Poll*
  std::size_t operations_covered = 0;           ///< with a catalog event
  std::size_t operations_not_state = 0;         ///< operation_notes: no Terraform state
  std::size_t operations_not_compared_yet = 0;  ///< operation_notes: state, not covered yet
  std::size_t members = 0;                      ///< of the covered operations' input shapes
  std::size_t mapped = 0;            ///< compared by a field (or part of a compared value)
  std::size_t structures = 0;        ///< structures whose members are classified one by one
  std::size_t not_state = 0;         ///< target keys and request_member_notes' not-state members
  std::size_t not_compared_yet = 0;  ///< request_member_notes' not-compared-yet members
  std::vector<std::string> unclassified;  ///< "Operation" or "Operation: member.path", in model order
  std::vector<std::string> stale;         ///< catalog rows naming an operation or member the model lacks
  /// Returns true when every write operation and every member is classified and no row is stale.
  bool complete() const noexcept { return unclassified.empty() && stale.empty(); }
};

/// Returns true for an operation that may change state: not Describe*, List*, Get*, Discover*, Poll*.
inline bool is_write_operation(std::string_view name) noexcept {
  for (std::string_view p : {"Describe", "List", "Get", "Discover", "Poll"})
    if (name.starts_with(p)) return false;
  return true;
}

namespace detail {

// Collects the dotted paths of a shape's members, into structures and list items (list items
// are transparent: "loadBalancers.containerPort"). A shape already on the way down is not
// entered again (recursive shapes).
inline void model_paths(const nlohmann::json& shapes, const std::string& shape, const std::string& prefix,
                        std::vector<std::string>& out, std::vector<std::string>& stack) {
  auto it = shapes.find(shape);
  if (it == shapes.end() || !it->is_object()) return;
  const auto& s = *it;
  std::string type = s.value("type", std::string{});
  if (type == "list") {
    auto m = s.find("member");
    if (m != s.end() && m->is_object()) model_paths(shapes, m->value("shape", std::string{}), prefix, out, stack);
    return;
  }
  if (type != "structure" || std::find(stack.begin(), stack.end(), shape) != stack.end()) return;
  auto members = s.find("members");
  if (members == s.end() || !members->is_object()) return;
  stack.push_back(shape);
  for (auto m = members->begin(); m != members->end(); ++m) {
    std::string path = prefix.empty() ? m.key() : prefix + "." + m.key();
    out.push_back(path);
    if (m->is_object()) model_paths(shapes, m->value("shape", std::string{}), path, out, stack);
  }
  stack.pop_back();
}

// Appends the request paths of a field's block members (nested ones too).
inline void member_paths(std::span<const block_member> members, const std::string& prefix, std::vector<std::string>& out) {
  for (const auto& m : members) {
    std::string path = prefix + "." + std::string(m.request_key);
    out.push_back(path);
    member_paths(m.members, path, out);
  }
}

}  // namespace detail

/// Measures the catalog against a parsed botocore service model (its "operations" and "shapes").
inline api_coverage measure_coverage(const nlohmann::json& model) {
  api_coverage c;
  static const nlohmann::json empty = nlohmann::json::object();
  const nlohmann::json& ops = model.is_object() && model.contains("operations") ? model["operations"] : empty;
  const nlohmann::json& shapes = model.is_object() && model.contains("shapes") ? model["shapes"] : empty;
  std::set<std::string, std::less<>> seen_ops;
  for (auto op = ops.begin(); op != ops.end(); ++op) {
    const std::string& name = op.key();
    seen_ops.insert(name);
    if (!is_write_operation(name)) continue;
    ++c.write_operations;
    const event_entry* e = find_event(ecs_source, name);
    if (!e) {
      if (const request_member_note* n = find_operation_note(name))
        ++(n->cls == member_class::not_state ? c.operations_not_state : c.operations_not_compared_yet);
      else c.unclassified.push_back(name);
      continue;
    }
    ++c.operations_covered;
    std::vector<std::string> paths, stack;
    if (auto in = op->find("input"); in != op->end() && in->is_object())
      detail::model_paths(shapes, in->value("shape", std::string{}), {}, paths, stack);
    for (const auto& p : paths) {
      ++c.members;
      switch (classify_member(*e, p).status) {
        case member_status::mapped: ++c.mapped; break;
        case member_status::inner: ++c.structures; break;
        case member_status::not_state: ++c.not_state; break;
        case member_status::not_compared_yet: ++c.not_compared_yet; break;
        case member_status::unclassified: c.unclassified.push_back(name + ": " + p); break;
      }
    }
    // Every catalog row of the event names a member the model has.
    std::vector<std::string> named;
    for_each_field(*e, [&](const field_map& f) {
      named.emplace_back(f.request_path);
      detail::member_paths(f.members, std::string(f.request_path), named);
    });
    for (const auto& n : request_member_notes)
      if (n.event == name) named.emplace_back(n.path);
    for (const auto& n : named)
      if (std::find(paths.begin(), paths.end(), n) == paths.end()) c.stale.push_back(name + ": " + n);
  }
  for (const auto& e : events)
    if (!seen_ops.contains(e.name)) c.stale.push_back(std::string(e.name));
  for (const auto& n : operation_notes)
    if (!seen_ops.contains(n.event)) c.stale.push_back(std::string(n.event));
  return c;
}

/// Returns the coverage figures as text (what `tfdrift catalog --coverage` prints).
inline std::string coverage_text(const api_coverage& c) {
  auto n = [](std::size_t v) { return std::to_string(v); };
  std::string s = "write operations " + n(c.write_operations) + ": covered " + n(c.operations_covered) +
                  ", not state " + n(c.operations_not_state) + ", not compared yet " +
                  n(c.operations_not_compared_yet) + "\n";
  s += "members of the covered operations " + n(c.members) + ": mapped " + n(c.mapped) + ", structures " +
       n(c.structures) + ", not state " + n(c.not_state) + ", not compared yet " + n(c.not_compared_yet) +
       "\nunclassified operations and members " + n(c.unclassified.size()) + "\n";
  for (const auto& u : c.unclassified) s += "unclassified: " + u + "\n";
  for (const auto& u : c.stale) s += "stale catalog row: " + u + "\n";
  return s;
}

TFDRIFT_END_NAMESPACE
