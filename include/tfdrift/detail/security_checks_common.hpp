// What the security checks share: JSON values as text, flags, role names, container paths,
// string lists and the members of stored blocks.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "../version.hpp"
#include "arn.hpp"

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

using json = nlohmann::json;

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
// (Context is security_context, a template parameter so that this header needs no security.hpp.)
template <class Context, class Fn>
void for_each_container_change(Context& ctx, std::string_view below, Fn&& fn) {
  for (const auto& name : ctx.changes.names("container_definitions"))
    if (auto v = ctx.changes.at(container_path(name, below))) fn(name, v->first, v->second);
}

inline std::optional<bool> flag(const json& v) {
  if (v.is_boolean()) return v.get<bool>();
  return std::nullopt;
}

inline bool is_true(const json& v) { return flag(v).value_or(false); }

using labelled = std::pair<std::string_view, std::string_view>;

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

// The string member of a stored block ("" when it is not a string).
inline std::string string_member(const json& block, std::string_view key) {
  if (!block.is_object()) return {};
  auto it = block.find(key);
  return it != block.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

}  // namespace detail

TFDRIFT_END_NAMESPACE
