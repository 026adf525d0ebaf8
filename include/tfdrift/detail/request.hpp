// Reading a CloudTrail request's members: a dotted camelCase path, a text member. Used by target
// resolution (target.hpp) and the differ (diff.hpp).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "../version.hpp"

TFDRIFT_BEGIN_NAMESPACE
namespace detail {

/// Reads a dotted camelCase path in a request; nullptr when any part is absent.
inline const nlohmann::json* request_at(const nlohmann::json& request, std::string_view dotted) {
  const nlohmann::json* cur = &request;
  while (!dotted.empty()) {
    auto dot = dotted.find('.');
    std::string_view key = dotted.substr(0, dot);
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(key);
    if (it == cur->end()) return nullptr;
    cur = &*it;
    dotted = dot == std::string_view::npos ? std::string_view{} : dotted.substr(dot + 1);
  }
  return cur;
}

/// Returns a request's text member, or "" when it is absent or not text.
inline std::string request_string(const nlohmann::json& req, std::string_view key) {
  if (key.empty() || !req.is_object()) return {};
  auto it = req.find(key);
  return it != req.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

}  // namespace detail
TFDRIFT_END_NAMESPACE
