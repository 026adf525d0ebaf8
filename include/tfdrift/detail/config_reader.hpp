// Reading a config: JSON (here) or YAML (config_yaml.hpp) becomes a tree of positioned nodes,
// and one reader checks every key of that tree against the catalog; parse_config's body.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "../config.hpp"
#include "../error.hpp"
#include "scan.hpp"
#include "text.hpp"

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

struct config_member;

/// A value of a config file with the place it was written (1-based line and column).
struct config_node {
  enum class kind : std::uint8_t { null, boolean, number, string, array, object };
  kind type = kind::null;
  std::string text;  ///< string: the value; number: its digits as written; boolean: "true"/"false"
  std::size_t line = 0, column = 0;
  std::vector<config_node> items;        ///< array elements
  std::vector<config_member> members;    ///< object members, in file order
};

/// A key of a config object, its place and its value.
struct config_member {
  std::string key;
  std::size_t line = 0, column = 0;
  config_node value;
};

inline std::string config_place(std::string_view name, std::size_t line, std::size_t column) {
  return std::string(name) + ":" + std::to_string(line) + ":" + std::to_string(column);
}

inline constexpr std::size_t max_config_depth = 64;

// Moves i past the JSON string whose opening quote is at i (to the end when it never closes).
inline void skip_json_string(std::string_view s, std::size_t& i) noexcept {
  if (!scan::skip_string(s, i)) i = s.size();
}


// Moves i past the comment that starts at i ("//" or "/*") and returns true, as nlohmann's
// lexer reads comments: a // comment ends with the line break or NUL that follows (taken
// too), a /* comment at the first */ (or the end). Returns false when none starts at i.
inline bool skip_json_comment(std::string_view s, std::size_t& i) noexcept {
  if (i + 1 >= s.size() || s[i] != '/') return false;
  if (s[i + 1] == '/') {
    i = std::min(s.find_first_of(std::string_view("\n\r\0", 3), i + 2), s.size());
    if (i < s.size()) ++i;
  } else if (s[i + 1] == '*') {
    auto end = s.find("*/", i + 2);
    i = end == std::string_view::npos ? s.size() : end + 2;
  } else {
    return false;
  }
  return true;
}

// Builds the positioned tree of a JSON text that nlohmann has already accepted.
class json_tree_builder {
 public:
  explicit json_tree_builder(std::string_view text) : s_(text) {}

  config_node value() {
    space();
    config_node n;
    auto [line, column] = position(i_);
    n.line = line;
    n.column = column;
    char c = i_ < s_.size() ? s_[i_] : '\0';
    if (c == '{') {
      n.type = config_node::kind::object;
      ++i_;
      space();
      if (peek('}')) return n;
      do {
        space();
        auto [kl, kc] = position(i_);
        std::string key = string_token();
        space();
        ++i_;  // ':'
        n.members.push_back({std::move(key), kl, kc, value()});
        space();
      } while (next(','));
      ++i_;  // '}'
    } else if (c == '[') {
      n.type = config_node::kind::array;
      ++i_;
      space();
      if (peek(']')) return n;
      do n.items.push_back(value());
      while (space(), next(','));
      ++i_;  // ']'
    } else if (c == '"') {
      n.type = config_node::kind::string;
      n.text = string_token();
    } else {
      std::size_t start = i_;
      while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != '}' && s_[i_] != ']' && s_[i_] != '/' && !is_space(s_[i_]))
        ++i_;
      n.text = std::string(s_.substr(start, i_ - start));
      if (n.text == "null") n.type = config_node::kind::null;
      else if (n.text == "true" || n.text == "false") n.type = config_node::kind::boolean;
      else n.type = config_node::kind::number;
    }
    return n;
  }

 private:
  // Whitespace and comments: the syntax check accepts // and /* */ comments as nlohmann's lexer
  // does (a // comment ends at a line break, a /* comment at the first */).
  void space() {
    do {
      while (i_ < s_.size() && is_space(s_[i_])) ++i_;
    } while (skip_json_comment(s_, i_));
  }
  bool peek(char c) {
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool next(char c) { return peek(c); }
  std::string string_token() {
    std::size_t start = i_;
    skip_json_string(s_, i_);
    return nlohmann::json::parse(s_.substr(start, i_ - start)).get<std::string>();
  }
  // Positions are asked for in increasing order, so the line count carries on from the last.
  std::pair<std::size_t, std::size_t> position(std::size_t offset) {
    auto [l, c] = place_of(s_.substr(mark_, offset - mark_), offset - mark_);
    if (l == 1) {
      column_ += c - 1;
    } else {
      line_ += l - 1;
      column_ = c;
    }
    mark_ = offset;
    return {line_, column_};
  }

  std::string_view s_;
  std::size_t i_ = 0, mark_ = 0, line_ = 1, column_ = 1;
};

/// Reads a positioned tree into a config, checking every key, type, resource type, attribute
/// and severity. Throws tfdrift::error with the place "name:line:column".
class config_reader {
 public:
  explicit config_reader(std::string_view name) : name_(name) {}

  config read(const config_node& root) {
    config c;
    if (root.type == config_node::kind::null) {  // an empty file: every default
      c.rules = default_config().rules;
      return c;
    }
    expect(root, config_node::kind::object, "the config", "a mapping");
    bool rules_given = false;
    for (const auto& m : root.members) {
      const config_node& v = m.value;
      const std::string& k = m.key;
      if (k == "drift_rules") {
        rules_given = true;
        c.rules.clear();
        std::size_t i = 0;
        for (const auto& item : list(v, k)) c.rules.push_back(rule(item, k + "[" + std::to_string(i++) + "]"));
      } else if (k == "report_unwatched") {
        c.report_unwatched = boolean(v, k);
      } else if (k == "unwatched_severity") {
        c.unwatched_severity = sev(v, k);
      } else if (k == "delete_severity") {
        c.delete_severity = sev(v, k);
      } else if (k == "report_terraform") {
        c.report_terraform = boolean(v, k);
      } else if (k == "ignore") {
        c.ignore = ignore(v, k);
      } else if (k == "accounts") {
        c.accounts = strings(v, k, true);
      } else if (k == "regions") {
        c.regions = strings(v, k);
      } else if (k == "limits") {
        c.limits = limits_of(v, k);
      } else if (k == "dedup_window") {
        c.dedup_window = count(v, k, false);
      } else if (k == "max_malformed_places") {
        c.max_malformed_places = count(v, k, false);
      } else if (k == "security") {
        c.security = security_of(v, k);
      } else {
        unknown(m, "", {"drift_rules", "report_unwatched", "unwatched_severity", "delete_severity",
                        "report_terraform", "ignore", "accounts", "regions", "limits", "dedup_window",
                        "max_malformed_places", "security"});
      }
    }
    if (!rules_given) c.rules = default_config().rules;
    return c;
  }

 private:
  using kind = config_node::kind;

  [[noreturn]] void fail(std::string id, std::size_t line, std::size_t column, const std::string& message) const {
    throw error(std::move(id), config_place(name_, line, column), message);
  }
  [[noreturn]] void fail(std::string id, const config_node& at, const std::string& message) const {
    fail(std::move(id), at.line, at.column, message);
  }

  static std::string_view kind_name(kind k) {
    switch (k) {
      case kind::null: return "nothing";
      case kind::boolean: return "a boolean";
      case kind::number: return "a number";
      case kind::string: return "a string";
      case kind::array: return "a list";
      case kind::object: return "a mapping";
    }
    return "?";
  }

  void expect(const config_node& n, kind k, const std::string& path, std::string_view what) const {
    if (n.type != k)
      fail("tfdrift.config.type", n, path + " must be " + std::string(what) + ", not " + std::string(kind_name(n.type)));
  }

  void unknown(const config_member& m, const std::string& parent, std::initializer_list<std::string_view> known) const {
    std::string list;
    for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
    fail("tfdrift.config.unknown_key", m.line, m.column,
         "unknown key \"" + (parent.empty() ? "" : parent + ".") + m.key + "\" (known keys: " + list + ")");
  }

  // Null (a YAML key with nothing after it) reads as an empty list or mapping.
  const std::vector<config_node>& list(const config_node& n, const std::string& path) const {
    static const std::vector<config_node> none;
    if (n.type == kind::null) return none;
    expect(n, kind::array, path, "a list");
    return n.items;
  }
  const std::vector<config_member>& mapping(const config_node& n, const std::string& path) const {
    static const std::vector<config_member> none;
    if (n.type == kind::null) return none;
    expect(n, kind::object, path, "a mapping");
    return n.members;
  }

  bool boolean(const config_node& n, const std::string& path) const {
    if (n.type != kind::boolean) fail("tfdrift.config.type", n, path + " must be true or false, not " + std::string(kind_name(n.type)) + describe(n));
    return n.text == "true";
  }

  static std::string describe(const config_node& n) {
    return n.type == kind::string || n.type == kind::number ? " \"" + n.text + "\"" : "";
  }

  std::string string(const config_node& n, const std::string& path) const {
    if (n.type != kind::string) fail("tfdrift.config.type", n, path + " must be a string, not " + std::string(kind_name(n.type)) + describe(n));
    if (n.text.empty()) fail("tfdrift.config.value", n, path + " must not be empty");
    return n.text;
  }

  // A list of non-empty strings; numbers are taken as written when `numbers` is set (account
  // ids, which YAML reads as numbers unless quoted).
  std::vector<std::string> strings(const config_node& n, const std::string& path, bool numbers = false) const {
    std::vector<std::string> out;
    std::size_t i = 0;
    for (const auto& item : list(n, path)) {
      std::string p = path + "[" + std::to_string(i++) + "]";
      if (numbers && item.type == kind::number) {
        if (item.text.find_first_not_of("0123456789") != std::string::npos)
          fail("tfdrift.config.type", item, p + " must be an account id, not " + item.text);
        out.push_back(item.text);
      } else {
        out.push_back(string(item, p));
      }
    }
    return out;
  }

  std::size_t count(const config_node& n, const std::string& path, bool positive) const {
    std::size_t v = 0;
    const char* first = n.text.data();
    const char* last = first + n.text.size();
    auto r = std::from_chars(first, last, v);
    if (n.type != kind::number || r.ec != std::errc{} || r.ptr != last)
      fail("tfdrift.config.type", n, path + " must be a whole number" + (positive ? " above 0" : " (0 or more)") + ", not " +
                                         std::string(kind_name(n.type)) + describe(n));
    if (positive && v == 0) fail("tfdrift.config.value", n, path + " must be above 0");
    return v;
  }

  severity sev(const config_node& n, const std::string& path) const {
    if (n.type != kind::string)
      fail("tfdrift.config.bad_severity", n, path + " must be low, medium, high or critical, not " + std::string(kind_name(n.type)) + describe(n));
    auto s = parse_severity(detail::lower_ascii(n.text));
    if (!s) fail("tfdrift.config.bad_severity", n, path + ": \"" + n.text + "\" is not a severity (use low, medium, high or critical)");
    return *s;
  }

  std::vector<std::string> resource_types(const config_node& n, const std::string& path) const {
    std::vector<std::string> types;
    std::size_t i = 0;
    for (const auto& item : list(n, path)) {
      std::string p = path + "[" + std::to_string(i++) + "]";
      std::string t = string(item, p);
      if (!find_resource(t)) {
        std::string known;
        for (const auto& r : resource_schemas) known += (known.empty() ? "" : ", ") + std::string(r.type);
        fail("tfdrift.config.unknown_resource_type", item,
             p + ": \"" + t + "\" is not an ECS resource type the catalog knows (" + known + ")");
      }
      types.push_back(std::move(t));
    }
    return types;
  }

  // Attributes must be known for at least one of the types (for any type when none is given).
  std::vector<std::string> attributes(const config_node& n, const std::string& path,
                                      const std::vector<std::string>& types) const {
    std::vector<std::string> out;
    std::size_t i = 0;
    for (const auto& item : list(n, path)) {
      std::string p = path + "[" + std::to_string(i++) + "]";
      std::string a = string(item, p);
      bool known = false;
      if (types.empty())
        for (const auto& r : resource_schemas) known = known || knows_attribute(r.type, a);
      for (const auto& t : types) known = known || knows_attribute(t, a);
      if (!known) {
        std::string where;
        for (const auto& t : types) where += (where.empty() ? "" : ", ") + t;
        fail("tfdrift.config.unknown_attribute", item,
             p + ": the catalog knows no attribute \"" + a + "\" for " + (types.empty() ? "any ECS resource type" : where) +
                 " (see `tfdrift catalog`)");
      }
      out.push_back(std::move(a));
    }
    return out;
  }

  const config_member* find(const std::vector<config_member>& ms, std::string_view key) const {
    for (const auto& m : ms)
      if (m.key == key) return &m;
    return nullptr;
  }

  void check_keys(const std::vector<config_member>& ms, const std::string& path,
                  std::initializer_list<std::string_view> known) const {
    for (std::size_t i = 0; i < ms.size(); ++i) {
      bool ok = false;
      for (auto k : known) ok = ok || ms[i].key == k;
      if (!ok) unknown(ms[i], path, known);
      for (std::size_t j = 0; j < i; ++j)
        if (ms[j].key == ms[i].key)
          fail("tfdrift.config.duplicate_key", ms[i].line, ms[i].column,
               "key \"" + path + "." + ms[i].key + "\" is given twice (first at " + std::to_string(ms[j].line) + ":" +
                   std::to_string(ms[j].column) + ")");
    }
  }

  [[noreturn]] void missing(const config_node& at, const std::string& path, std::string_view key) const {
    fail("tfdrift.config.missing_key", at, path + " needs \"" + std::string(key) + "\"");
  }

  drift_rule rule(const config_node& n, const std::string& path) const {
    expect(n, kind::object, path, "a mapping");
    check_keys(n.members, path, {"name", "resource_types", "watched_attributes", "severity", "delete_severity"});
    drift_rule r;
    const config_member* name = find(n.members, "name");
    const config_member* types = find(n.members, "resource_types");
    const config_member* watched = find(n.members, "watched_attributes");
    if (!name) missing(n, path, "name");
    if (!types) missing(n, path, "resource_types");
    if (!watched) missing(n, path, "watched_attributes");
    r.name = string(name->value, path + ".name");
    r.resource_types = resource_types(types->value, path + ".resource_types");
    if (r.resource_types.empty()) fail("tfdrift.config.value", types->value, path + ".resource_types must name at least one type");
    r.watched_attributes = attributes(watched->value, path + ".watched_attributes", r.resource_types);
    if (const auto* s = find(n.members, "severity")) r.sev = sev(s->value, path + ".severity");
    if (const auto* s = find(n.members, "delete_severity")) r.delete_sev = sev(s->value, path + ".delete_severity");
    return r;
  }

  ignore_rules ignore(const config_node& n, const std::string& path) const {
    const auto& ms = mapping(n, path);
    check_keys(ms, path, {"attributes", "principals", "user_agents"});
    ignore_rules out;
    if (const auto* m = find(ms, "attributes")) {
      std::size_t i = 0;
      for (const auto& item : list(m->value, path + ".attributes"))
        out.attributes.push_back(attribute_rule(item, path + ".attributes[" + std::to_string(i++) + "]"));
    }
    if (const auto* m = find(ms, "principals")) out.principals = strings(m->value, path + ".principals");
    if (const auto* m = find(ms, "user_agents")) out.user_agents = strings(m->value, path + ".user_agents");
    return out;
  }

  attribute_ignore attribute_rule(const config_node& n, const std::string& path) const {
    expect(n, kind::object, path, "a mapping");
    check_keys(n.members, path, {"resource_types", "address", "attributes"});
    attribute_ignore out;
    const config_member* types = find(n.members, "resource_types");
    const config_member* address = find(n.members, "address");
    const config_member* attrs = find(n.members, "attributes");
    if (!types && !address) missing(n, path, "resource_types\" or \"address");
    if (!attrs) missing(n, path, "attributes");
    if (types) {
      out.resource_types = resource_types(types->value, path + ".resource_types");
      if (out.resource_types.empty()) fail("tfdrift.config.value", types->value, path + ".resource_types must name at least one type");
    }
    if (address) out.address = string(address->value, path + ".address");
    out.attributes = attributes(attrs->value, path + ".attributes", out.resource_types);
    return out;
  }

  // security: {enabled, allowed_registries, trust_state_registries, redact_secrets,
  //            checks: {ID: bool | {enabled, severity}}}
  security_settings security_of(const config_node& n, const std::string& path) const {
    const auto& ms = mapping(n, path);
    check_keys(ms, path, {"enabled", "checks", "allowed_registries", "trust_state_registries", "redact_secrets"});
    security_settings out;
    if (const auto* m = find(ms, "enabled")) out.enabled = boolean(m->value, path + ".enabled");
    if (const auto* m = find(ms, "allowed_registries"))
      out.allowed_registries = strings(m->value, path + ".allowed_registries");
    if (const auto* m = find(ms, "trust_state_registries"))
      out.trust_state_registries = boolean(m->value, path + ".trust_state_registries");
    if (const auto* m = find(ms, "redact_secrets")) out.redact_secrets = boolean(m->value, path + ".redact_secrets");
    const auto* checks = find(ms, "checks");
    if (!checks) return out;
    const std::string cp = path + ".checks";
    const auto& items = mapping(checks->value, cp);
    for (std::size_t i = 0; i < items.size(); ++i) {
      const config_member& m = items[i];
      std::size_t idx = security_check_index(m.key);
      if (idx == security_check_count) {
        std::string known;
        for (std::string_view id : security_check_ids) known += (known.empty() ? "" : ", ") + std::string(id);
        fail("tfdrift.config.unknown_key", m.line, m.column,
             "unknown key \"" + cp + "." + m.key + "\" (known checks: " + known + ")");
      }
      for (std::size_t j = 0; j < i; ++j)
        if (items[j].key == m.key)
          fail("tfdrift.config.duplicate_key", m.line, m.column,
               "key \"" + cp + "." + m.key + "\" is given twice (first at " + std::to_string(items[j].line) + ":" +
                   std::to_string(items[j].column) + ")");
      const std::string p = cp + "." + m.key;
      security_check_setting& s = out.checks[idx];
      if (m.value.type == kind::object) {
        check_keys(m.value.members, p, {"enabled", "severity"});
        if (const auto* e = find(m.value.members, "enabled")) s.enabled = boolean(e->value, p + ".enabled");
        if (const auto* e = find(m.value.members, "severity")) s.sev = sev(e->value, p + ".severity");
      } else if (m.value.type == kind::boolean) {
        s.enabled = boolean(m.value, p);
      } else {
        fail("tfdrift.config.type", m.value,
             p + " must be true, false or a mapping (enabled, severity), not " + std::string(kind_name(m.value.type)) +
                 describe(m.value));
      }
    }
    return out;
  }

  input_limits limits_of(const config_node& n, const std::string& path) const {
    const auto& ms = mapping(n, path);
    check_keys(ms, path, {"max_record_bytes", "max_depth"});
    input_limits out;
    if (const auto* m = find(ms, "max_record_bytes")) out.max_record_bytes = count(m->value, path + ".max_record_bytes", true);
    if (const auto* m = find(ms, "max_depth")) out.max_depth = count(m->value, path + ".max_depth", true);
    return out;
  }

  std::string name_;
};

// The top level checks duplicates too (config_reader::read reads members in order).
inline void check_top_level_duplicates(const config_node& root, std::string_view name) {
  if (root.type != config_node::kind::object) return;
  const auto& ms = root.members;
  for (std::size_t i = 0; i < ms.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (ms[j].key == ms[i].key)
        throw error("tfdrift.config.duplicate_key", config_place(name, ms[i].line, ms[i].column),
                    "key \"" + ms[i].key + "\" is given twice (first at " + std::to_string(ms[j].line) + ":" +
                        std::to_string(ms[j].column) + ")");
}

/// Reads a positioned tree (from JSON or YAML) into a config. Throws tfdrift::error.
inline config read_config_tree(const config_node& root, std::string_view name) {
  check_top_level_duplicates(root, name);
  return config_reader(name).read(root);
}

}  // namespace detail

// parse_config (config.hpp): nlohmann checks the syntax (depth-guarded), then the tree is read.
inline config parse_config(std::string_view json_text, std::string_view name) {
  json_text = detail::strip_bom(json_text);
  detail::json_syntax_check check;
  check.max_depth = detail::max_config_depth;
  bool ok = nlohmann::json::sax_parse(json_text, &check, nlohmann::json::input_format_t::json, true, true);
  if (!ok) {
    if (check.message.empty()) {
      // The depth guard stopped the parse: find where it went too deep.
      std::size_t depth = 0, i = 0;
      for (; i < json_text.size(); ++i) {
        char ch = json_text[i];
        if (ch == '"') {
          detail::skip_json_string(json_text, i);
          --i;
        } else if (detail::skip_json_comment(json_text, i)) {
          --i;
        } else if ((ch == '{' || ch == '[') && ++depth > detail::max_config_depth) {
          break;
        } else if ((ch == '}' || ch == ']') && depth > 0) {
          --depth;
        }
      }
      auto [line, column] = detail::place_of(json_text, i);
      throw error("tfdrift.config.parse", detail::config_place(name, line, column),
                  "nested deeper than " + std::to_string(detail::max_config_depth) + " levels");
    }
    std::size_t offset = check.error_byte ? check.error_byte - 1 : 0;
    auto [line, column] = detail::place_of(json_text, offset);
    std::string message = check.message;
    // nlohmann's text repeats its own place; keep only the reason.
    if (auto at = message.find("parse error"); at != std::string::npos)
      if (auto colon = message.find(": ", at); colon != std::string::npos) message = message.substr(colon + 2);
    throw error("tfdrift.config.parse", detail::config_place(name, line, column), "not valid JSON: " + message);
  }
  detail::config_node root = detail::json_tree_builder(json_text).value();
  return detail::read_config_tree(root, name);
}

TFDRIFT_END_NAMESPACE
