// Alerts: what drifted, how, who did it, where, and how serious; and their tfdrift.alert.v1 JSON.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "actor.hpp"
#include "change.hpp"
#include "detail/enum_name.hpp"
#include "detail/json_out.hpp"
#include "error.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// What an alert says happened to a resource.
enum class alert_kind : std::uint8_t {
  update,     ///< a managed resource changed outside Terraform
  create,     ///< a new task definition revision in a family that the state manages
  recreate,   ///< a Create* for an address that the state already has
  delete_,    ///< a managed resource was deleted or deregistered
  activity,   ///< an operation on a managed resource that is not a configuration change
  unmanaged,  ///< an ECS write on a resource that no state manages
  resolved,   ///< open drifts closed: an event set the values back to the state's (see ledger.hpp)
};

inline constexpr std::array<std::string_view, 7> alert_kind_names{
    "update", "create", "recreate", "delete", "activity", "unmanaged", "resolved"};

/// Returns the schema name of an alert kind ("update", "delete", ...).
constexpr std::string_view to_string(alert_kind k) noexcept {
  return alert_kind_names[static_cast<std::size_t>(k)];
}

/// Returns the kind named by to_string, or nullopt.
constexpr std::optional<alert_kind> parse_alert_kind(std::string_view s) noexcept {
  return detail::parse_enum_name<alert_kind>(alert_kind_names, s);
}

/// Where a record came from: the source name, its line (NDJSON) and its record number.
struct record_place {
  std::string source;       ///< file name, "-" for stdin, or a caller's label
  std::uint64_t line = 0;   ///< 1-based line for line-framed input, 0 when not known
  std::uint64_t record = 0; ///< 1-based record number within the source

  /// Returns "source:line" when a line is known, else "source#record".
  std::string str() const {
    if (line) return source + ":" + std::to_string(line);
    return source + "#" + std::to_string(record);
  }
};

/// One security finding on an alert: which check fired, how serious, and what it saw
/// (see security.hpp).
struct finding {
  std::string check;             ///< the check's id, e.g. "iam.role_changed"
  severity sev = severity::low;  ///< the finding's severity; the alert's is at least this
  std::string detail;            ///< what the check saw, for people
};

/// One drift alert.
struct alert {
  std::string event_id, event_name, event_time;
  alert_kind kind = alert_kind::update;
  std::optional<std::string> address;  ///< Terraform address; nullopt when unmanaged
  std::string resource_type;           ///< aws_ecs_service, ...
  std::string resource_id;             ///< the resource's name as the request named it, canonicalised
  std::vector<change> changes;
  std::vector<finding> security;       ///< security findings (security.hpp); empty when none fired
  actor who;
  std::string region, account;         ///< where the resource lives (awsRegion, recipientAccountId)
  severity sev = severity::low;
  std::string priority;                ///< Falco priority of the event kind: WARNING, CRITICAL
  std::string rule;                    ///< the drift rule behind the severity
  std::string description;             ///< the catalog's description of the event
  std::string state_file;              ///< the state that manages the resource ("" when unmanaged)
  record_place place;                  ///< where the record was read
};

/// The schema name written into every alert's JSON.
inline constexpr std::string_view alert_schema = "tfdrift.alert.v1";

/// Returns the tfdrift.alert.v1 JSON object of an alert (keys in a fixed order).
inline nlohmann::ordered_json to_json(const alert& a) {
  nlohmann::ordered_json j;
  j["schema"] = alert_schema;
  j["event_id"] = a.event_id;
  j["event_name"] = a.event_name;
  j["event_time"] = a.event_time;
  j["kind"] = to_string(a.kind);
  j["address"] = a.address ? nlohmann::ordered_json(*a.address) : nlohmann::ordered_json(nullptr);
  j["resource_type"] = a.resource_type;
  j["resource_id"] = a.resource_id;
  auto& changes = j["changes"] = nlohmann::ordered_json::array();
  for (const auto& c : a.changes) {
    nlohmann::ordered_json cj;
    cj["attribute"] = c.attribute;
    cj["path"] = c.path;
    cj["old"] = c.old_value;
    cj["new"] = c.new_value;
    cj["severity"] = to_string(c.sev);
    if (!c.compared) {
      cj["compared"] = false;
      cj["reason"] = c.reason;
    }
    changes.push_back(std::move(cj));
  }
  if (!a.security.empty()) {
    auto& findings = j["security"] = nlohmann::ordered_json::array();
    for (const auto& f : a.security) {
      nlohmann::ordered_json fj;
      fj["check"] = f.check;
      fj["severity"] = to_string(f.sev);
      fj["detail"] = f.detail;
      findings.push_back(std::move(fj));
    }
  }
  nlohmann::ordered_json who;
  who["name"] = a.who.name;
  who["identity_type"] = a.who.identity_type;
  who["arn"] = a.who.arn;
  who["account"] = a.who.account;
  who["source"] = a.who.source;
  who["user_agent"] = a.who.user_agent;
  if (!a.who.invoked_by.empty()) who["invoked_by"] = a.who.invoked_by;
  j["actor"] = std::move(who);
  j["region"] = a.region;
  j["account"] = a.account;
  j["severity"] = to_string(a.sev);
  j["priority"] = a.priority;
  j["rule"] = a.rule;
  j["description"] = a.description;
  j["state_file"] = a.state_file;
  nlohmann::ordered_json place;
  place["source"] = a.place.source;
  place["line"] = a.place.line;
  place["record"] = a.place.record;
  j["place"] = std::move(place);
  return j;
}

namespace detail {

// Appends a JSON string as dump_json writes it (nlohmann's dump, invalid UTF-8 replaced, DEL
// and C1 controls escaped): plain printable ASCII is copied, anything else goes through
// nlohmann's serializer and append_json_text.
inline void append_json_string(std::string& out, std::string_view s) {
  if (!plain_json_string(s))
    return append_json_text(out, nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  out += '"';
  out.append(s);
  out += '"';
}

inline void append_json_value(std::string& out, const nlohmann::json& v) {
  if (v.is_string()) return append_json_string(out, v.get_ref<const std::string&>());
  append_json_text(out, v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace detail

/// Returns the alert as one line of compact JSON, byte for byte `detail::dump_json(to_json(a))`:
/// nlohmann's dump with invalid UTF-8 replaced by U+FFFD, and DEL and the C1 controls
/// (U+0080..U+009F) escaped as \u007f, \u0080.. so that no raw control reaches a terminal
/// showing it. Written directly, since every alert on every interface goes through it.
inline std::string to_json_line(const alert& a) {
  using detail::append_json_string;
  std::string o;
  o.reserve(1024);
  auto key = [&](std::string_view k) {
    o += o.empty() ? '{' : ',';
    o += '"';
    o.append(k);
    o.append("\":", 2);
  };
  auto str = [&](std::string_view k, std::string_view v) {
    key(k);
    append_json_string(o, v);
  };
  str("schema", alert_schema);
  str("event_id", a.event_id);
  str("event_name", a.event_name);
  str("event_time", a.event_time);
  str("kind", to_string(a.kind));
  key("address");
  if (a.address) append_json_string(o, *a.address);
  else o += "null";
  str("resource_type", a.resource_type);
  str("resource_id", a.resource_id);
  key("changes");
  o += '[';
  for (std::size_t i = 0; i < a.changes.size(); ++i) {
    const auto& c = a.changes[i];
    o += i ? ",{\"attribute\":" : "{\"attribute\":";
    append_json_string(o, c.attribute);
    o += ",\"path\":";
    append_json_string(o, c.path);
    o += ",\"old\":";
    detail::append_json_value(o, c.old_value);
    o += ",\"new\":";
    detail::append_json_value(o, c.new_value);
    o += ",\"severity\":";
    append_json_string(o, to_string(c.sev));
    if (!c.compared) {
      o += ",\"compared\":false,\"reason\":";
      append_json_string(o, c.reason);
    }
    o += '}';
  }
  o += ']';
  if (!a.security.empty()) {
    key("security");
    for (std::size_t i = 0; i < a.security.size(); ++i) {
      const auto& f = a.security[i];
      o += i ? ",{\"check\":" : "[{\"check\":";
      append_json_string(o, f.check);
      o += ",\"severity\":";
      append_json_string(o, to_string(f.sev));
      o += ",\"detail\":";
      append_json_string(o, f.detail);
      o += '}';
    }
    o += ']';
  }
  o += ",\"actor\":{\"name\":";
  append_json_string(o, a.who.name);
  o += ",\"identity_type\":";
  append_json_string(o, a.who.identity_type);
  o += ",\"arn\":";
  append_json_string(o, a.who.arn);
  o += ",\"account\":";
  append_json_string(o, a.who.account);
  o += ",\"source\":";
  append_json_string(o, a.who.source);
  o += ",\"user_agent\":";
  append_json_string(o, a.who.user_agent);
  if (!a.who.invoked_by.empty()) {
    o += ",\"invoked_by\":";
    append_json_string(o, a.who.invoked_by);
  }
  o += '}';
  str("region", a.region);
  str("account", a.account);
  str("severity", to_string(a.sev));
  str("priority", a.priority);
  str("rule", a.rule);
  str("description", a.description);
  str("state_file", a.state_file);
  key("place");
  o += "{\"source\":";
  append_json_string(o, a.place.source);
  o += ",\"line\":" + std::to_string(a.place.line) + ",\"record\":" + std::to_string(a.place.record) + "}}";
  return o;
}

/// Returns a JSON value's text as every tfdrift output writes it (alerts, stats, the ledger):
/// nlohmann's dump, compact or indented by `indent`, with invalid UTF-8 replaced by U+FFFD and
/// DEL and the C1 controls escaped.
template <class Json>
std::string json_text(const Json& j, int indent = -1) {
  return detail::dump_json(j, indent);
}

/// Reads an alert back from its tfdrift.alert.v1 JSON (what to_json_line writes), so that a
/// program holding only the JSON (the C ABI's callers, Go) can render it with to_text or
/// to_markdown. `name` is the place errors report. Throws tfdrift::error:
/// tfdrift.alert.parse (not JSON), tfdrift.alert.schema (another schema) or
/// tfdrift.alert.shape (a field missing or of the wrong type; the message names it). A
/// change's drift rule is not in the JSON; it reads back as "".
inline alert alert_from_json(std::string_view json_text, std::string_view name = "alert") {
  using json = nlohmann::json;
  const std::string where(name);
  json j = json::parse(json_text, nullptr, false);
  if (j.is_discarded()) throw error("tfdrift.alert.parse", where, "not JSON");
  auto shape = [&](const std::string& field, const char* want) {
    return error("tfdrift.alert.shape", where, field + " must be " + want);
  };
  if (!j.is_object()) throw shape("the alert", "an object");
  auto member = [](const json& obj, const char* key) -> const json* {
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
  };
  auto text = [&](const json& obj, const std::string& prefix, const char* key, bool optional = false) -> std::string {
    const json* v = member(obj, key);
    if (!v && optional) return {};
    if (!v || !v->is_string()) throw shape(prefix + key, "a string");
    return v->get<std::string>();
  };
  auto number = [&](const json& obj, const std::string& prefix, const char* key) -> std::uint64_t {
    const json* v = member(obj, key);
    if (!v || !v->is_number_unsigned()) throw shape(prefix + key, "a whole number");
    return v->get<std::uint64_t>();
  };
  auto sev = [&](const json& obj, const std::string& prefix) {
    auto s = parse_severity(text(obj, prefix, "severity"));
    if (!s) throw shape(prefix + "severity", "low, medium, high or critical");
    return *s;
  };
  auto object = [&](const json& obj, const std::string& prefix, const char* key) -> const json& {
    const json* v = member(obj, key);
    if (!v || !v->is_object()) throw shape(prefix + key, "an object");
    return *v;
  };
  auto array = [&](const json& obj, const std::string& prefix, const char* key, bool optional) -> const json* {
    const json* v = member(obj, key);
    if (!v && optional) return nullptr;
    if (!v || !v->is_array()) throw shape(prefix + key, "a list");
    return v;
  };

  if (auto schema = text(j, "", "schema"); schema != alert_schema)
    throw error("tfdrift.alert.schema", where, "schema \"" + schema + "\" is not " + std::string(alert_schema));
  alert a;
  a.event_id = text(j, "", "event_id");
  a.event_name = text(j, "", "event_name");
  a.event_time = text(j, "", "event_time");
  const std::string kind = text(j, "", "kind");
  auto k = parse_alert_kind(kind);
  if (!k) throw shape("kind", "one of update, create, recreate, delete, activity, unmanaged, resolved");
  a.kind = *k;
  if (const json* addr = member(j, "address"); addr && !addr->is_null()) {
    if (!addr->is_string()) throw shape("address", "a string or null");
    a.address = addr->get<std::string>();
  } else if (!addr) {
    throw shape("address", "a string or null");
  }
  a.resource_type = text(j, "", "resource_type");
  a.resource_id = text(j, "", "resource_id");
  const json& changes = *array(j, "", "changes", false);
  a.changes.reserve(changes.size());
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const std::string prefix = "changes[" + std::to_string(i) + "].";
    const json& cj = changes[i];
    if (!cj.is_object()) throw shape("changes[" + std::to_string(i) + "]", "an object");
    change c;
    c.attribute = text(cj, prefix, "attribute");
    c.path = text(cj, prefix, "path");
    const json* o = member(cj, "old");
    const json* n = member(cj, "new");
    if (!o) throw shape(prefix + "old", "present");
    if (!n) throw shape(prefix + "new", "present");
    c.old_value = *o;
    c.new_value = *n;
    c.sev = sev(cj, prefix);
    if (const json* cmp = member(cj, "compared"); cmp && cmp->is_boolean()) c.compared = cmp->get<bool>();
    if (const json* r = member(cj, "reason"); r && r->is_string()) c.reason = r->get<std::string>();
    a.changes.push_back(std::move(c));
  }
  if (const json* findings = array(j, "", "security", true)) {
    for (std::size_t i = 0; i < findings->size(); ++i) {
      const std::string prefix = "security[" + std::to_string(i) + "].";
      const json& fj = (*findings)[i];
      if (!fj.is_object()) throw shape("security[" + std::to_string(i) + "]", "an object");
      a.security.push_back({text(fj, prefix, "check"), sev(fj, prefix), text(fj, prefix, "detail")});
    }
  }
  const json& who = object(j, "", "actor");
  a.who.name = text(who, "actor.", "name");
  a.who.identity_type = text(who, "actor.", "identity_type");
  a.who.arn = text(who, "actor.", "arn");
  a.who.account = text(who, "actor.", "account");
  a.who.source = text(who, "actor.", "source");
  a.who.user_agent = text(who, "actor.", "user_agent");
  a.who.invoked_by = text(who, "actor.", "invoked_by", true);
  a.region = text(j, "", "region");
  a.account = text(j, "", "account");
  a.sev = sev(j, "");
  a.priority = text(j, "", "priority");
  a.rule = text(j, "", "rule");
  a.description = text(j, "", "description");
  a.state_file = text(j, "", "state_file");
  const json& place = object(j, "", "place");
  a.place.source = text(place, "place.", "source");
  a.place.line = number(place, "place.", "line");
  a.place.record = number(place, "place.", "record");
  return a;
}

TFDRIFT_END_NAMESPACE
