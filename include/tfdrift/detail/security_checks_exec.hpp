// The exec.* security checks: ECS Exec turned on, and who opened a shell where.
#pragma once

#include <string>
#include <string_view>

#include "../format.hpp"
#include "../security.hpp"
#include "arn.hpp"
#include "security_checks_common.hpp"

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

inline void check_exec_enabled(security_context& ctx) {
  auto v = ctx.changes.at("enable_execute_command");
  if (!v || !is_true(v->second) || is_true(v->first)) return;
  ctx.report("enable_execute_command false -> true: whoever may call ecs:ExecuteCommand can open a shell in the "
             "service's tasks");
}

inline void check_exec_session(security_context& ctx) {
  if (ctx.a.event_name != "ExecuteCommand") return;
  const json& req = ctx.ev.request;
  auto field = [&](std::string_view key) {
    return req.is_object() && req.contains(key) && req[std::string(key)].is_string() ? req[std::string(key)].get<std::string>()
                                                                                      : std::string{};
  };
  std::string task = field("task");
  auto ref = parse_ecs_ref(task, "task");
  const std::string cluster_ref = field("cluster");
  std::string cluster = std::string(parse_ecs_ref(cluster_ref, "cluster").name);
  if (cluster.empty()) cluster = ref.parent.empty() ? std::string("default") : std::string(ref.parent);
  std::string container = field("container"), command = field("command");
  bool interactive = req.is_object() && req.contains("interactive") && is_true(req["interactive"]);
  std::string detail = render_actor(ctx.a.who) + (interactive ? " opened an interactive session" : " ran a command");
  if (!command.empty()) detail += " (" + command + ")";
  detail += " in container " + (container.empty() ? std::string("(the only one)") : container) + " of task " +
            (ref.name.empty() ? std::string("(unknown)") : std::string(ref.name)) + " on cluster " + cluster;
  ctx.report(detail);
}

}  // namespace detail

TFDRIFT_END_NAMESPACE
