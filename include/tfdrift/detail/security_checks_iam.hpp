// The iam.* and who.* security checks: the roles a task takes, the tags IAM conditions test,
// and who made the change (the root user, a console session without MFA).
#pragma once

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "../format.hpp"
#include "../security.hpp"
#include "security_checks_common.hpp"

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

inline constexpr std::array<labelled, 2> role_attributes{{{"task_role_arn", "task role"},
                                                          {"execution_role_arn", "execution role"}}};

inline void check_role_changed(security_context& ctx) {
  for (auto [attr, label] : role_attributes) {
    auto v = ctx.changes.at(attr);
    // A role set or replaced on a resource a state manages (an unmanaged resource's first
    // values are not changes).
    if (!v || !v->second.is_string() || v->second.get_ref<const std::string&>().empty()) continue;
    if (ctx.a.kind == alert_kind::unmanaged) continue;
    const std::string& role = v->second.get_ref<const std::string&>();
    const std::string old_role = v->first.is_string() ? v->first.get<std::string>() : std::string{};
    // ECS takes a role's name for its ARN: the same name in the same account is the same role.
    if (!old_role.empty() && role_name(old_role) == role_name(role)) {
      std::string a1 = role_account(old_role), a2 = role_account(role);
      if (a1.empty() || a2.empty() || a1 == a2) continue;
    }
    std::string was = old_role.empty() ? std::string("(none)") : role_name(old_role);
    std::string detail = std::string(label) + " " + was + " -> " + role_name(role);
    if (ctx.facts.uses_role(ctx.states, role)) {
      ctx.report(detail);
    } else {
      ctx.report(detail + " (" + role + "), a role that no loaded state uses", severity::critical);
    }
  }
}

inline void check_tags_removed(security_context& ctx) {
  if (ctx.a.kind == alert_kind::unmanaged) return;  // no tags in state to remove
  std::vector<std::string> removed;
  auto add = [&](std::string_view attr, const std::string& key) {
    if (key.starts_with("aws:")) return;  // AWS's own tags
    std::string p = std::string(attr) + "." + key;
    if (std::find(removed.begin(), removed.end(), p) == removed.end()) removed.push_back(std::move(p));
  };
  for (const auto& c : ctx.a.changes) {
    if (!c.compared || (c.attribute != "tags" && c.attribute != "tags_all")) continue;
    if (c.path == c.attribute) {
      // The whole map: the keys the new value no longer has.
      if (!c.old_value.is_object()) continue;
      for (auto it = c.old_value.begin(); it != c.old_value.end(); ++it)
        if (!c.new_value.is_object() || !c.new_value.contains(it.key())) add(c.attribute, it.key());
    } else if (c.path.size() > c.attribute.size() + 1 && c.path[c.attribute.size()] == '.' && !c.old_value.is_null() &&
               c.new_value.is_null()) {
      add(c.attribute, c.path.substr(c.attribute.size() + 1));
    }
  }
  if (removed.empty()) return;
  ctx.report("tags removed: " + joined(removed) +
             " (IAM policies that test aws:ResourceTag on them no longer match this resource)");
}

// --- who -----------------------------------------------------------------------------------

inline void check_root(security_context& ctx) {
  if (ctx.a.who.identity_type != "Root") return;
  ctx.report("made by the account's root user" + (ctx.a.who.arn.empty() ? std::string{} : " (" + ctx.a.who.arn + ")"));
}

inline void check_console_without_mfa(security_context& ctx) {
  // Federated and Identity Center sessions sign in (and do MFA) at their identity provider:
  // CloudTrail says mfaAuthenticated false for them whatever happened there.
  // A Falco alert does not carry mfaAuthenticated: unknown is not "without".
  const std::string& type = ctx.a.who.identity_type;
  if (ctx.a.who.source != "console" || ctx.ev.who.mfa_authenticated.value_or(true)) return;
  if (type != "IAMUser" && type != "Root") return;
  ctx.report(render_actor(ctx.a.who) + " signed in to the console without MFA");
}

}  // namespace detail

TFDRIFT_END_NAMESPACE
