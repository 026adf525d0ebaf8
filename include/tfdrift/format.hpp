// Human formats of an alert: the spec's text block and Markdown, with untrusted text made safe for
// terminals, and the payloads made from them: a Falco-style JSON line and a Slack message.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "alert.hpp"
#include "detail/text.hpp"
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
    s += "Security: " + terminal_safe(f.check) + " (" + detail::upper_ascii(to_string(f.sev)) + "): " + terminal_safe(f.detail) + "\n";
  s += "User: " + render_actor(a.who) + "\n";
  s += "Region: " + terminal_safe(a.region) + "\n";
  s += "Severity: " + detail::upper_ascii(to_string(a.sev)) + "\n";
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
    s += "- Security: " + md(f.check) + " (" + detail::upper_ascii(to_string(f.sev)) + "): " + md(f.detail) + "\n";
  s += "- User: " + detail::markdown_chars(render_actor(a.who)) + "\n";
  s += "- Region: " + md(a.region);
  if (!a.account.empty()) s += ", account " + md(a.account);
  s += "\n- Severity: " + detail::upper_ascii(to_string(a.sev));
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

// ---------------------------------------------------------------------------------------
// Payloads for other tools: Falco's JSON output line, a Slack incoming-webhook message
// ---------------------------------------------------------------------------------------

/// Returns Falco's spelling of a priority ("WARNING" -> "Warning").
inline std::string falco_priority(std::string_view p) {
  if (p.empty()) return "Warning";
  std::string s = detail::lower_ascii(p);
  s[0] = detail::ascii_upper(s[0]);
  return s;
}

/// Returns a time as Falco writes it ("2025-03-11T13:04:12.000000000Z"): the event's time
/// when it is an ISO-8601 UTC time, else `now`.
inline std::string falco_time(std::string_view event_time,
                              std::chrono::system_clock::time_point now = std::chrono::system_clock::now()) {
  auto digits = [&](std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i)
      if (i >= event_time.size() || event_time[i] < '0' || event_time[i] > '9') return false;
    return true;
  };
  if (event_time.size() >= 20 && digits(0, 4) && event_time[4] == '-' && digits(5, 2) && event_time[7] == '-' &&
      digits(8, 2) && event_time[10] == 'T' && digits(11, 2) && event_time[13] == ':' && digits(14, 2) &&
      event_time[16] == ':' && digits(17, 2) && event_time.back() == 'Z') {
    std::string frac;
    if (event_time[19] == '.' && event_time.size() > 21 && digits(20, event_time.size() - 21))
      frac = std::string(event_time.substr(20, event_time.size() - 21));
    else if (event_time.size() != 20)
      frac = "-";
    if (frac != "-") {
      frac.resize(9, '0');
      return std::string(event_time.substr(0, 19)) + "." + frac.substr(0, 9) + "Z";
    }
  }
  using namespace std::chrono;
  const auto day = floor<days>(now);
  const year_month_day date{day};
  const hh_mm_ss<nanoseconds> clock{duration_cast<nanoseconds>(now - day)};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%09lldZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()), static_cast<long long>(clock.subseconds().count()));
  return buf;
}

/// Returns one Falco-style JSON line for an alert (no trailing newline): output, priority,
/// rule, time, output_fields (tfdrift.* and the ct.* fields Falco's cloudtrail plugin would
/// carry; tfdrift.alert holds the whole tfdrift.alert.v1 JSON as text, as ct.request does),
/// source "tfdrift", tags and hostname. Untrusted text in `output` is made terminal-safe.
/// What `tfdrift detect/serve --falco-output` write.
inline std::string falco_line(const alert& a, const std::string& hostname) {
  const std::string time = falco_time(a.event_time);
  const std::string priority = falco_priority(a.priority);
  const std::string subject =
      a.address ? terminal_safe(*a.address) : terminal_safe(a.resource_type) + " " + terminal_safe(a.resource_id);
  std::string changes;
  for (const auto& c : a.changes) {
    if (!changes.empty()) changes += "; ";
    changes += terminal_safe(c.path) + " " + render_value(c.old_value) + " -> " +
               render_value(c.new_value);
  }
  std::string output = time + ": " + priority + " Terraform drift: " + subject + " " +
                       std::string(to_string(a.kind)) + " (event=" + terminal_safe(a.event_name);
  if (!changes.empty()) output += " changes=" + changes;
  output += " user=" + terminal_safe(a.who.name) + " identitytype=" + terminal_safe(a.who.identity_type) +
            " region=" + terminal_safe(a.region) + " account=" + terminal_safe(a.account) +
            " severity=" + std::string(to_string(a.sev)) + " id=" + terminal_safe(a.event_id) + ")";

  nlohmann::ordered_json fields;
  fields["ct.id"] = a.event_id;
  fields["ct.name"] = a.event_name;
  fields["ct.time"] = a.event_time;
  fields["ct.region"] = a.region;
  fields["ct.recipientaccountid"] = a.account;
  fields["ct.user"] = a.who.name;
  fields["ct.user.arn"] = a.who.arn;
  fields["ct.user.identitytype"] = a.who.identity_type;
  fields["ct.useragent"] = a.who.user_agent;
  fields["tfdrift.address"] = a.address ? nlohmann::ordered_json(*a.address) : nlohmann::ordered_json(nullptr);
  fields["tfdrift.resource_type"] = a.resource_type;
  fields["tfdrift.resource_id"] = a.resource_id;
  fields["tfdrift.kind"] = to_string(a.kind);
  fields["tfdrift.severity"] = to_string(a.sev);
  fields["tfdrift.rule"] = a.rule;
  fields["tfdrift.changes"] = changes;
  fields["tfdrift.state_file"] = a.state_file;
  fields["tfdrift.alert"] = to_json_line(a);

  nlohmann::ordered_json j;
  j["hostname"] = hostname;
  j["output"] = output;
  j["output_fields"] = std::move(fields);
  j["priority"] = priority;
  j["rule"] = a.rule.empty() ? "tfdrift " + std::string(to_string(a.kind)) : a.rule;
  j["source"] = "tfdrift";
  j["tags"] = {"drift", "ecs", "terraform", std::string(to_string(a.sev))};
  j["time"] = time;
  return detail::dump_json(j);
}

/// Returns a Slack message (incoming-webhook JSON) for an alert: `text` (the notification's
/// fallback) and `blocks`, mrkdwn sections made from to_markdown, whose escaping
/// (control characters, & < >, formatting characters) keeps text from the records from
/// formatting, linking or mentioning. Bold is Slack's single asterisk.
/// What `--slack-webhook` posts.
inline std::string slack_message(const alert& a) {
  constexpr std::size_t section_limit = 3000, max_blocks = 50;
  std::string md = to_markdown(a);
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < md.size();) {
    auto nl = md.find('\n', start);
    if (nl == std::string::npos) nl = md.size();
    lines.push_back(md.substr(start, nl - start));
    start = nl + 1;
  }
  std::string title = lines.empty() ? std::string() : lines.front();
  if (title.size() >= 4 && title.rfind("**", 0) == 0 && title.compare(title.size() - 2, 2, "**") == 0)
    title = "*" + title.substr(2, title.size() - 4) + "*";
  nlohmann::ordered_json blocks = nlohmann::ordered_json::array();
  auto section = [&](const std::string& text) {
    nlohmann::ordered_json b;
    b["type"] = "section";
    b["text"] = {{"type", "mrkdwn"}, {"text", text}};
    blocks.push_back(std::move(b));
  };
  section(title.substr(0, section_limit));
  std::string body;
  std::size_t omitted = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (blocks.size() >= max_blocks - 1) {
      ++omitted;
      continue;
    }
    if (!body.empty() && body.size() + 1 + l.size() > section_limit) {
      section(body);
      body.clear();
    }
    if (!body.empty()) body += "\n";
    body += l.substr(0, section_limit);
  }
  if (omitted) {
    std::string note = "- ... " + std::to_string(omitted) + " more lines";
    if (body.size() + 1 + note.size() > section_limit) body.resize(section_limit - note.size() - 1);
    body += (body.empty() ? "" : "\n") + note;
  }
  if (!body.empty()) section(body);
  std::string subject = a.address ? *a.address : a.resource_type + " " + a.resource_id;
  nlohmann::ordered_json j;
  j["text"] = markdown_safe("Terraform drift: " + subject + " (" + std::string(to_string(a.kind)) +
                                     ", severity " + std::string(to_string(a.sev)) + ")");
  j["blocks"] = std::move(blocks);
  return detail::dump_json(j);
}

TFDRIFT_END_NAMESPACE
