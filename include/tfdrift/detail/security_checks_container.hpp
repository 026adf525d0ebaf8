// The container.* and task.* security checks: what a task definition lets its containers do
// (privileges, capabilities, host namespaces, root, secrets, fault injection).
#pragma once

#include <algorithm>
#include <array>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "../redact.hpp"
#include "../security.hpp"
#include "security_checks_common.hpp"
#include "text.hpp"

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

inline void check_privileged(security_context& ctx) {
  for_each_container_change(ctx, ".privileged", [&](const std::string& name, const json& was, const json& now) {
    if (is_true(now) && !is_true(was)) ctx.report("container " + name + ": privileged mode turned on (root on the host)");
  });
}

// Capabilities that hand a container the host.
inline constexpr std::array<std::string_view, 6> host_grade_capabilities{"ALL", "BPF", "DAC_READ_SEARCH", "SYS_ADMIN",
                                                                         "SYS_MODULE", "SYS_RAWIO"};

inline std::vector<std::string> capability_set(const json& v) {
  std::vector<std::string> out;
  for (auto& c : string_list(v)) {
    std::string u = upper_ascii(c);
    if (u.starts_with("CAP_")) u.erase(0, 4);
    out.push_back(std::move(u));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

inline void check_capabilities(security_context& ctx) {
  for_each_container_change(ctx, ".linuxParameters.capabilities.add",
                            [&](const std::string& name, const json& was, const json& now) {
                              auto before = capability_set(was), after = capability_set(now);
                              std::vector<std::string> added;
                              std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                                                  std::back_inserter(added));
                              if (added.empty()) return;
                              bool host = false;
                              for (const auto& c : added)
                                host = host || std::find(host_grade_capabilities.begin(), host_grade_capabilities.end(),
                                                         c) != host_grade_capabilities.end();
                              std::string detail = "container " + name + ": Linux capabilities added: " + joined(added);
                              if (host) ctx.report(detail, severity::critical);
                              else ctx.report(detail);
                            });
}

inline constexpr std::array<labelled, 2> namespace_attributes{
    {{"pid_mode", "see and signal every process on the host"},
     {"ipc_mode", "share the host's IPC namespace (shared memory, semaphores)"}}};

inline void check_host_namespace(security_context& ctx) {
  for (auto [attr, what] : namespace_attributes) {
    auto v = ctx.changes.at(attr);
    if (!v || !v->second.is_string() || v->second.get_ref<const std::string&>() != "host") continue;
    ctx.report(std::string(attr) + " " + json_text(v->first) + " -> host: containers " + std::string(what));
  }
}

inline void check_readonly_root(security_context& ctx) {
  for_each_container_change(ctx, ".readonlyRootFilesystem", [&](const std::string& name, const json& was, const json& now) {
    if (is_true(was) && !is_true(now)) ctx.report("container " + name + ": read-only root filesystem turned off");
  });
}

// "root", "0", "0:0", "root:wheel": the user part names root.
inline bool is_root_user(const json& v) {
  if (!v.is_string()) return false;
  std::string_view u = v.get_ref<const std::string&>();
  u = u.substr(0, u.find(':'));
  return u == "root" || u == "0";
}

inline void check_root_user(security_context& ctx) {
  for_each_container_change(ctx, ".user", [&](const std::string& name, const json& was, const json& now) {
    if (is_root_user(now) && !is_root_user(was))
      ctx.report("container " + name + ": runs as root (user " + json_text(was) + " -> " + json_text(now) + ")");
    else if (now.is_null() && was.is_string() && !is_root_user(was))
      ctx.report("container " + name + ": user " + json_text(was) +
                 " removed: it runs as the image's default user, often root");
  });
}

inline void check_plaintext_secret(security_context& ctx) {
  for (const auto& container : ctx.changes.names("container_definitions")) {
    const std::string env = container_path(container, ".environment");
    for (const auto& var : ctx.changes.names(env)) {
      auto v = ctx.changes.at(env + "[name=" + var + "].value");
      if (!v || !v->second.is_string() || v->second.get_ref<const std::string&>().empty()) continue;
      auto secret = ctx.changes.at(container_path(container, ".secrets[name=" + var + "].valueFrom"));
      if (secret && secret->first.is_string() && secret->second.is_null()) {
        ctx.report("container " + container + ": " + var + " moved from secrets (" + secret->first.get<std::string>() +
                       ") into plain-text environment",
                   severity::critical);
      } else if (looks_secret(var) && !is_arn_reference(v->second.get_ref<const std::string&>())) {
        ctx.report("container " + container + ": environment " + var +
                   " looks like a secret and is set in plain text (use secrets)");
      }
    }
  }
}

inline void check_secret_moved_to_secrets(security_context& ctx) {
  for (const auto& container : ctx.changes.names("container_definitions")) {
    const std::string secrets = container_path(container, ".secrets");
    for (const auto& var : ctx.changes.names(secrets)) {
      auto s = ctx.changes.at(secrets + "[name=" + var + "].valueFrom");
      if (!s || !s->first.is_null() || !s->second.is_string()) continue;
      auto e = ctx.changes.at(container_path(container, ".environment[name=" + var + "].value"));
      if (!e || !e->first.is_string() || !e->second.is_null()) continue;
      ctx.report("container " + container + ": " + var + " moved from plain-text environment into secrets (" +
                 s->second.get<std::string>() + ")");
    }
  }
}

inline void check_fault_injection(security_context& ctx) {
  auto v = ctx.changes.at("enable_fault_injection");
  if (!v || !is_true(v->second) || is_true(v->first)) return;
  ctx.report("enable_fault_injection " + std::string(v->first.is_null() ? "(none)" : "false") +
             " -> true: the task's containers may inject faults (network blackhole, latency, packet loss, CPU "
             "and I/O stress) through the ECS agent's fault injection endpoints");
}

}  // namespace detail

TFDRIFT_END_NAMESPACE
