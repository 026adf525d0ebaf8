// Human formats of an alert: the spec's text block, with untrusted text made safe for terminals.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "alert.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// Returns text safe to print on a terminal: control characters (ESC, BEL, C1 controls,
/// DEL) become \xNN escapes and invalid UTF-8 becomes U+FFFD. Newlines are escaped too,
/// so one value never spans lines, and so are the line and paragraph separators U+2028 and
/// U+2029 and the bidirectional controls (U+061C, U+200E, U+200F, U+202A..U+202E,
/// U+2066..U+2069), which reorder what a reader sees: as \uXXXX.
inline std::string terminal_safe(std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  auto escape = [&](unsigned v) {
    out += "\\x";
    out += hex[(v >> 4) & 0xF];
    out += hex[v & 0xF];
  };
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7F) escape(c);
      else out += static_cast<char>(c);
      ++i;
      continue;
    }
    std::size_t len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
    bool ok = len && i + len <= s.size();
    std::uint32_t cp = len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (std::size_t k = 1; ok && k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      ok = (cc & 0xC0) == 0x80;
      cp = (cp << 6) | (cc & 0x3F);
    }
    ok = ok && !(len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) &&
         !(len == 4 && (cp < 0x10000 || cp > 0x10FFFF));
    if (!ok) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (cp >= 0x80 && cp <= 0x9F) {
      escape(cp);  // C1 controls, e.g. CSI
    } else if (cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) ||
               (cp >= 0x2066 && cp <= 0x2069)) {
      out += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4) out += hex[(cp >> shift) & 0xF];
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

/// Renders a value as the alert text shows it: strings bare, null as "(unset)", lists as
/// ["a", "b"], objects as {"k": v}.
inline std::string render_value(const nlohmann::json& v) {
  if (v.is_null()) return "(unset)";
  if (v.is_string()) return terminal_safe(v.get_ref<const std::string&>());
  auto quoted = [](const nlohmann::json& e) {
    return terminal_safe(e.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  };
  if (v.is_array()) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) s += ", ";
      s += v[i].is_structured() ? render_value(v[i]) : quoted(v[i]);
    }
    return s + "]";
  }
  if (v.is_object()) {
    std::string s = "{";
    bool first = true;
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!first) s += ", ";
      first = false;
      s += quoted(it.key()) + ": " + (it.value().is_structured() ? render_value(it.value()) : quoted(it.value()));
    }
    return s + "}";
  }
  return quoted(v);
}

/// Returns "User: NAME (Identity Type, Source)" without the "User: ".
inline std::string render_actor(const actor& who) {
  std::string s = terminal_safe(who.name.empty() ? std::string_view{"unknown"} : std::string_view{who.name});
  s += " (";
  s += terminal_safe(identity_type_label(who.identity_type));  // an unknown type is the record's own text
  if (!who.source.empty() && who.source != "unknown") {
    s += ", ";
    s += terminal_safe(source_label(who.source));
  }
  return s + ")";
}

inline std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return out;
}

/// Returns the spec's human format of an alert, one "Changed:" line per change and one
/// "Security:" line per security finding (security.hpp):
///   🚨 Drift Detected: aws_ecs_service.main
///   Changed: desired_count = 3 → 5
///   User: ops-admin (IAM User, CLI)
///   Region: us-east-1
///   Severity: HIGH
inline std::string to_text(const alert& a) {
  std::string s;
  std::string subject = a.address ? terminal_safe(*a.address)
                                  : terminal_safe(a.resource_type) + " " + terminal_safe(a.resource_id);
  switch (a.kind) {
    case alert_kind::unmanaged:
      s += "🚨 Drift Detected: " + subject + " (not in Terraform state)\n";
      s += "Unmanaged: " + terminal_safe(a.event_name) + " on a resource no loaded state manages\n";
      break;
    case alert_kind::activity:
      s += "🔔 ECS Activity: " + subject + "\n";
      break;
    case alert_kind::resolved:
      s += "✅ Drift Resolved: " + subject + "\n";
      break;
    default:
      s += "🚨 Drift Detected: " + subject + "\n";
  }
  if (a.kind == alert_kind::delete_)
    s += "Deleted: " + terminal_safe(a.resource_id) + " (" + terminal_safe(a.event_name) + ")\n";
  if (a.kind == alert_kind::recreate)
    s += "Recreated: " + terminal_safe(a.resource_id) + " (" + terminal_safe(a.event_name) + ")\n";
  for (const auto& c : a.changes)
    if (!c.compared)
      s += "Not compared: " + terminal_safe(c.path) + " = " + render_value(c.new_value) + " (old value unknown; " +
           terminal_safe(c.reason) + ")\n";
    else
      s += "Changed: " + terminal_safe(c.path) + " = " + render_value(c.old_value) + " → " +
           render_value(c.new_value) + "\n";
  for (const auto& f : a.security)
    s += "Security: " + terminal_safe(f.check) + " (" + upper(to_string(f.sev)) + "): " + terminal_safe(f.detail) + "\n";
  s += "User: " + render_actor(a.who) + "\n";
  s += "Region: " + terminal_safe(a.region) + "\n";
  s += "Severity: " + upper(to_string(a.sev)) + "\n";
  return s;
}

namespace detail {
// Escapes Markdown (GitHub) and Slack mrkdwn syntax in text that terminal_safe already cleaned.
inline std::string markdown_chars(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '\\': case '`': case '*': case '_': case '~': case '|': case '[': case ']':
        out += '\\';
        out += c;
        break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      default: out += c;
    }
  }
  return out;
}
}  // namespace detail

/// Returns text safe to paste into Markdown (GitHub) or a Slack message: first made
/// terminal_safe (control characters as \xNN, invalid UTF-8 as U+FFFD), then \ ` * _ ~ | [ ]
/// escaped with a backslash and < > & written as entities, so untrusted text can neither
/// format, link, mention nor break out of its line.
inline std::string markdown_safe(std::string_view s) { return detail::markdown_chars(terminal_safe(s)); }

/// Returns an alert as a Markdown block for a GitHub or Slack post, one "Changed:" item per
/// change and one "Security:" item per security finding; every value
/// from the record or the state is escaped with markdown_safe:
///   **🚨 Drift Detected: aws\_ecs\_service.main**
///   - Changed: desired\_count = 3 → 5
///   - User: ops-admin (IAM User, CLI)
///   - Region: us-east-1, account 123456789012
///   - Severity: HIGH (rule: ECS Service Configuration; Falco priority WARNING)
///   - Event: UpdateService at 2025-03-11T13:04:12Z, event ID 6867...
///   - State: terraform.tfstate
inline std::string to_markdown(const alert& a) {
  auto md = [](std::string_view t) { return markdown_safe(t); };
  std::string subject = a.address ? md(*a.address) : md(a.resource_type) + " " + md(a.resource_id);
  std::string s;
  switch (a.kind) {
    case alert_kind::unmanaged:
      s += "**🚨 Drift Detected: " + subject + " (not in Terraform state)**\n";
      s += "- Unmanaged: " + md(a.event_name) + " on a resource no loaded state manages\n";
      break;
    case alert_kind::activity:
      s += "**🔔 ECS Activity: " + subject + "**\n";
      break;
    case alert_kind::resolved:
      s += "**✅ Drift Resolved: " + subject + "**\n";
      break;
    default:
      s += "**🚨 Drift Detected: " + subject + "**\n";
  }
  if (a.kind == alert_kind::delete_)
    s += "- Deleted: " + md(a.resource_id) + " (" + md(a.event_name) + ")\n";
  if (a.kind == alert_kind::recreate)
    s += "- Recreated: " + md(a.resource_id) + " (" + md(a.event_name) + ")\n";
  for (const auto& c : a.changes)
    if (!c.compared)
      s += "- Not compared: " + md(c.path) + " = " + detail::markdown_chars(render_value(c.new_value)) +
           " (old value unknown; " + md(c.reason) + ")\n";
    else
      s += "- Changed: " + md(c.path) + " = " + detail::markdown_chars(render_value(c.old_value)) + " → " +
           detail::markdown_chars(render_value(c.new_value)) + "\n";
  for (const auto& f : a.security)
    s += "- Security: " + md(f.check) + " (" + upper(to_string(f.sev)) + "): " + md(f.detail) + "\n";
  s += "- User: " + detail::markdown_chars(render_actor(a.who)) + "\n";
  s += "- Region: " + md(a.region);
  if (!a.account.empty()) s += ", account " + md(a.account);
  s += "\n- Severity: " + upper(to_string(a.sev));
  if (!a.rule.empty() || !a.priority.empty()) {
    s += " (";
    if (!a.rule.empty()) s += "rule: " + md(a.rule);
    if (!a.rule.empty() && !a.priority.empty()) s += "; ";
    if (!a.priority.empty()) s += "Falco priority " + md(a.priority);
    s += ")";
  }
  s += "\n- Event: " + md(a.event_name);
  if (!a.event_time.empty()) s += " at " + md(a.event_time);
  if (!a.event_id.empty()) s += ", event ID " + md(a.event_id);
  s += "\n";
  if (!a.state_file.empty()) s += "- State: " + md(a.state_file) + "\n";
  return s;
}

TFDRIFT_END_NAMESPACE
