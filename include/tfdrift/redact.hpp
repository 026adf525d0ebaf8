// Redaction: the values of container environment entries that hold secrets never leave tfdrift.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "alert.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// What a redacted value reads in alerts and the ledger.
inline constexpr std::string_view redacted_value = "<redacted>";

namespace detail {

inline std::string upper_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// Environment names that hold secrets: a word of the name or the name itself. Words split at
// _ - . and at [ ] = (which real names do not hold; a path's tail then splits where the name
// inside it begins and ends).
inline bool looks_secret(std::string_view name) {
  std::string u = upper_ascii(name);
  for (std::string_view part : {"PASSWORD", "PASSWD", "SECRET", "TOKEN", "CREDENTIAL", "PASSPHRASE", "PRIVATE_KEY",
                                "APIKEY", "API_KEY", "ACCESS_KEY"})
    if (u.find(part) != std::string::npos) return true;
  std::size_t start = 0;
  while (start <= u.size()) {
    std::size_t end = u.find_first_of("_-.[]=", start);
    std::string_view word = std::string_view(u).substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (word == "KEY" || word == "PWD" || word == "DSN") return true;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return false;
}

// An ARN ("arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE"): a reference to a secret, not one.
inline bool is_arn_reference(std::string_view v) noexcept {
  return v.starts_with("arn:") && std::count(v.begin(), v.end(), ':') >= 5;
}

// A value redaction hides: anything but null and ARNs.
inline bool hides(const nlohmann::json& v) {
  return !v.is_null() && !(v.is_string() && is_arn_reference(v.get_ref<const std::string&>()));
}

// {"name": N, "value": V}: V becomes "<redacted>" when N looks secret, or always when `secret`.
inline void redact_environment_entry(nlohmann::json& e, bool secret = false) {
  if (!e.is_object()) return;
  auto n = e.find("name");
  auto v = e.find("value");
  if (v == e.end() || !hides(*v)) return;
  if (secret || (n != e.end() && n->is_string() && looks_secret(n->get_ref<const std::string&>())))
    *v = redacted_value;
}

// Every "environment" list anywhere below v (a container, the list of containers).
inline void redact_below(nlohmann::json& v) {
  std::vector<nlohmann::json*> todo{&v};
  while (!todo.empty()) {
    nlohmann::json* cur = todo.back();
    todo.pop_back();
    if (cur->is_object()) {
      for (auto it = cur->begin(); it != cur->end(); ++it) {
        if (it.key() == "environment" && it->is_array())
          for (auto& e : *it) redact_environment_entry(e);
        else if (it->is_structured())
          todo.push_back(&*it);
      }
    } else if (cur->is_array()) {
      for (auto& e : *cur)
        if (e.is_structured()) todo.push_back(&e);
    }
  }
}

inline constexpr std::string_view environment_entry = "environment[name=";

// True when the path is at or below an environment entry's value ("...].value", "...].value.x").
inline bool at_entry_value(std::string_view tail) {
  return tail.ends_with("].value") || tail.find("].value.") != std::string_view::npos ||
         tail.find("].value[") != std::string_view::npos;
}

// The environment path a removed secrets entry would have: "C.secrets[name=N]" (or its
// ".valueFrom") -> "C.environment[name=N]"; "" for other paths.
inline std::string environment_twin(std::string_view path) {
  static constexpr std::string_view secrets = "secrets[name=";
  if (path.ends_with("].valueFrom")) path.remove_suffix(10);
  std::size_t at = path.rfind(secrets);
  if (at == std::string_view::npos || !path.ends_with(']') || (at > 0 && path[at - 1] != '.')) return {};
  return std::string(path.substr(0, at)) + std::string(environment_entry) + std::string(path.substr(at + secrets.size()));
}

}  // namespace detail

/// Redacts one value found at an attribute path: the value of an environment entry whose
/// name looks secret (detail::looks_secret: PASSWORD, TOKEN, API_KEY, ...) becomes
/// "<redacted>", at "...environment[name=DB_PASSWORD].value", inside an entry, an environment
/// list, a container or the list of containers. `secret` says the entry at the path holds a
/// secret whatever its name (a secrets entry moved into plain text). ARNs and nulls stay. A
/// name that holds "environment[name=" or "].value" is read the cautious way: redacted when
/// any part of it looks secret. A container_definitions value that is text (a state whose
/// container_definitions did not parse) is redacted whole.
inline void redact_value(std::string_view path, nlohmann::json& v, bool secret = false) {
  if (!detail::hides(v)) return;
  const std::size_t at = path.find(detail::environment_entry);
  if (at != std::string_view::npos) {
    std::string_view tail = path.substr(at + detail::environment_entry.size());
    if (detail::at_entry_value(tail)) {
      if (secret || detail::looks_secret(tail)) v = redacted_value;
      return;
    }
    if (v.is_object()) detail::redact_environment_entry(v, secret);
  }
  if (path == "container_definitions" && v.is_string()) {
    v = redacted_value;
    return;
  }
  if ((path == "environment" || path.ends_with(".environment")) && v.is_array())
    for (auto& e : v) detail::redact_environment_entry(e);
  detail::redact_below(v);
}

/// redact_value on a change's old and new value.
inline void redact_secrets(change& c, bool secret = false) {
  redact_value(c.path, c.old_value, secret);
  redact_value(c.path, c.new_value, secret);
}

/// Redacts every change of an alert (see redact_value). An environment entry whose name the
/// same alert removes from the container's secrets (moved into plain text) is redacted
/// whatever its name. The change still says that the value changed; the value itself never
/// reaches JSON, text, Slack, webhooks or the ledger.
inline void redact_secrets(alert& a) {
  std::unordered_set<std::string> moved;
  for (const auto& c : a.changes)
    if (!c.old_value.is_null() && c.new_value.is_null())
      if (std::string twin = detail::environment_twin(c.path); !twin.empty()) moved.insert(std::move(twin));
  for (auto& c : a.changes) {
    bool secret = false;
    if (!moved.empty()) {
      std::string_view p = c.path;
      if (p.ends_with(".value")) p.remove_suffix(6);
      secret = moved.count(std::string(p)) > 0;
    }
    redact_secrets(c, secret);
  }
}

/// True when a value holds a redacted value anywhere (what redaction left in the ledger).
inline bool holds_redacted(const nlohmann::json& v) {
  std::vector<const nlohmann::json*> todo{&v};
  while (!todo.empty()) {
    const nlohmann::json* cur = todo.back();
    todo.pop_back();
    if (cur->is_string() && cur->get_ref<const std::string&>() == redacted_value) return true;
    if (cur->is_structured())
      for (const auto& e : *cur) todo.push_back(&e);
  }
  return false;
}

TFDRIFT_END_NAMESPACE
