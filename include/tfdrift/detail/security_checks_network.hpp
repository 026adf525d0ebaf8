// The network.* security checks: network mode, security groups, public IPs, and the ports a
// service opens to load balancers, VPC Lattice and Service Connect.
#pragma once

#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../security.hpp"
#include "security_checks_common.hpp"

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

inline void check_network_mode(security_context& ctx) {
  auto v = ctx.changes.at("network_mode");
  if (!v || !v->second.is_string()) return;
  const std::string& mode = v->second.get_ref<const std::string&>();
  std::string was = json_text(v->first);
  if (was == "(none)" && mode != "host") return;  // a new resource's mode is not a change
  std::string detail = "network mode " + was + " -> " + mode;
  if (mode == "host")
    ctx.report(detail + ": containers share the host's network stack", severity::critical);
  else if (was == "awsvpc" && mode == "bridge")
    ctx.report(detail + ": tasks lose their own network interface and security groups", severity::critical);
  else
    ctx.report(detail);
}

inline void check_security_groups(security_context& ctx) {
  auto v = ctx.changes.at("network_configuration[0].security_groups");
  if (!v || v->first.is_null()) return;  // a new service's groups are not a change
  auto before = string_list(v->first), after = string_list(v->second);
  std::vector<std::string> added, removed;
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(), std::back_inserter(added));
  std::set_difference(before.begin(), before.end(), after.begin(), after.end(), std::back_inserter(removed));
  if (added.empty() && removed.empty()) return;
  std::string detail = "security groups";
  if (!added.empty()) detail += " added: " + joined(added);
  if (!removed.empty()) detail += std::string(added.empty() ? "" : ";") + " removed: " + joined(removed);
  ctx.report(detail);
}

inline void check_public_ip(security_context& ctx) {
  auto v = ctx.changes.at("network_configuration[0].assign_public_ip");
  if (!v || !is_true(v->second) || is_true(v->first)) return;
  ctx.report("assign_public_ip turned on: tasks get public IP addresses");
}

inline std::string number_text(const json& v) {
  return v.is_number() ? v.dump() : v.is_string() ? v.get<std::string>() : std::string{};
}

inline bool zero_or_unset(const json* v) {
  return !v || v->is_null() || (v->is_number() && v->get<double>() == 0) ||
         (v->is_string() && (v->get_ref<const std::string&>().empty() || v->get_ref<const std::string&>() == "0"));
}

// One port a Service Connect configuration's services open: what identifies it (port name, kind,
// number: a DNS name changed on the same port opens nothing new) and how it reads.
struct opened_port {
  std::string key, text;
};

// The ports of a Service Connect configuration's services: each client alias port ("port name
// api: client alias payments.internal:8443") and each ingress port override.
inline std::vector<opened_port> service_connect_ports(const json& services) {
  std::vector<opened_port> out;
  if (!services.is_array()) return out;
  for (const auto& s : services) {
    if (!s.is_object()) continue;
    std::string port_name = string_member(s, "port_name"), head = "port name " + port_name + ": ";
    if (auto a = s.find("client_alias"); a != s.end() && a->is_array())
      for (const auto& alias : *a) {
        auto port = alias.is_object() ? alias.find("port") : alias.end();
        if (!alias.is_object() || port == alias.end() || zero_or_unset(&*port)) continue;
        std::string dns = string_member(alias, "dns_name");
        out.push_back({port_name + "\x1f" + "alias\x1f" + number_text(*port),
                       head + "client alias " + (dns.empty() ? std::string{} : dns + ":") + number_text(*port)});
      }
    if (auto o = s.find("ingress_port_override"); o != s.end() && !zero_or_unset(&*o))
      out.push_back({port_name + "\x1f" + "ingress\x1f" + number_text(*o), head + "ingress port override " + number_text(*o)});
  }
  return out;
}

inline void check_service_connect_ports(security_context& ctx) {
  if (ctx.a.kind == alert_kind::unmanaged) return;  // a new service's ports are first values
  auto svc = ctx.changes.at("service_connect_configuration[0].service");
  if (!svc) return;
  // A configuration turned off opens nothing: the ports of a side count when it is enabled.
  auto en = ctx.changes.at("service_connect_configuration[0].enabled");
  bool was_on = en ? is_true(en->first) : true, now_on = en ? is_true(en->second) : true;
  if (!now_on) return;
  std::vector<opened_port> before = was_on ? service_connect_ports(svc->first) : std::vector<opened_port>{};
  for (const auto& p : service_connect_ports(svc->second))
    if (std::none_of(before.begin(), before.end(), [&](const opened_port& b) { return b.key == p.key; }))
      ctx.report("Service Connect opens a new port: " + p.text);
}

// The name of a target group ARN (arn:aws:elasticloadbalancing:...:targetgroup/NAME/ID), or the
// text as it is.
inline std::string target_group_name(const std::string& arn) {
  static constexpr std::string_view mark = ":targetgroup/";
  auto at = arn.find(mark);
  if (at == std::string::npos) return arn;
  std::string rest = arn.substr(at + mark.size());
  return rest.substr(0, rest.find('/'));
}

inline std::vector<std::string> load_balancer_targets(const json& lbs) {
  std::vector<std::string> out;
  if (!lbs.is_array()) return out;
  for (const auto& lb : lbs) {
    if (!lb.is_object()) continue;
    std::string tg = string_member(lb, "target_group_arn"), elb = string_member(lb, "elb_name");
    auto port = lb.find("container_port");
    out.push_back("container " + string_member(lb, "container_name") + " port " +
                  (port == lb.end() ? std::string("(none)") : number_text(*port)) + " attached to " +
                  (!tg.empty() ? "target group " + target_group_name(tg) : "classic load balancer " + elb));
  }
  return out;
}

inline std::vector<std::string> lattice_targets(const json& configs) {
  std::vector<std::string> out;
  if (!configs.is_array()) return out;
  for (const auto& c : configs)
    if (c.is_object())
      out.push_back("port name " + string_member(c, "port_name") + " attached to VPC Lattice target group " +
                    target_group_name(string_member(c, "target_group_arn")));
  return out;
}

inline void check_load_balancer_ports(security_context& ctx) {
  if (ctx.a.kind == alert_kind::unmanaged) return;  // a new service's targets are first values
  for (auto [attr, targets] : {std::pair{"load_balancer", &load_balancer_targets},
                               std::pair{"vpc_lattice_configurations", &lattice_targets}}) {
    auto v = ctx.changes.at(attr);
    if (!v) continue;
    auto before = targets(v->first);
    for (const auto& t : targets(v->second))
      if (std::find(before.begin(), before.end(), t) == before.end()) ctx.report(t);
  }
}

}  // namespace detail

TFDRIFT_END_NAMESPACE
