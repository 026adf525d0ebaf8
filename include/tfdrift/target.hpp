// Target resolution, between decoding and the state lookup: which resource an ECS event acts on,
// as the state index names it ("prod/api", "web:7") and in which account and region.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "catalog.hpp"
#include "cloudtrail.hpp"
#include "detail/arn.hpp"
#include "detail/request.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// The resource an event acts on: the key it has in the state index and how alerts name it.
struct resource_target {
  std::string key;            ///< the name the state index finds it by ("prod/api", "web:7")
  std::string resource_id;    ///< as alerts print it
  std::string account, region;  ///< the record's, or those the ARN names
  std::string_view type;      ///< the Terraform type: the event's, or the one its ARN names ("" for none)
  std::string_view arn_kind;  ///< a resource_arn target's ARN resource kind (arn_resource_kinds)
};

/// Returns the target of an event by its catalog entry's target kind: a service's "CLUSTER/NAME"
/// from the cluster and service members or from its ARN (old and new ARN formats), a task
/// definition's "family:rev", a task set's "CLUSTER/SERVICE/ID", a cluster or capacity provider
/// by name, the resource an ECS ARN names (TagResource), an account setting's name. The account
/// and region are the record's unless an ARN names others. The default cluster is "default".
inline resource_target resolve_target(const event_entry& e, const event& ev) {
  using detail::parse_ecs_ref;
  resource_target t{{}, {}, ev.account, ev.region, e.resource_type, {}};
  const auto& req = ev.request;
  auto locate = [&](const detail::ecs_ref& r) {
    if (!r.account.empty()) t.account = std::string(r.account);
    if (!r.region.empty()) t.region = std::string(r.region);
  };
  auto cluster_of = [&](std::string_view key) {
    std::string c = detail::request_string(req, key);
    if (c.empty()) return std::string("default");
    auto r = parse_ecs_ref(c, "cluster");
    locate(r);
    return std::string(r.name);
  };
  // A task set: "CLUSTER/SERVICE/ID" from its ARN (task-set/CLUSTER/SERVICE/ID, the ID holding
  // a slash itself: ecs-svc/123...), or from the cluster and service keys and a bare ID.
  auto task_set_key = [&](std::string_view ref) {
    if (auto arn = detail::parse_arn(ref); arn && arn->resource.starts_with("task-set/")) {
      locate(detail::parse_ecs_ref(ref, "task-set"));
      return std::string(arn->resource.substr(9));
    }
    std::string cluster = cluster_of(e.cluster_key);
    std::string svc = detail::request_string(req, "service");
    auto r = parse_ecs_ref(svc, "service");
    if (!r.parent.empty()) cluster = std::string(r.parent);
    // CreateTaskSet names no task set yet: the service it joins, which no task set's key matches.
    return cluster + "/" + std::string(r.name) + (ref.empty() ? "" : "/" + std::string(ref));
  };
  switch (e.target) {
    case target_kind::resource_arn: {
      // The ARN's resource kind tells the type; its rest, the name (arn_resource_kinds).
      const std::string ref = detail::request_string(req, e.target_key);
      auto arn = detail::parse_arn(ref);
      std::string_view res = arn ? arn->resource : std::string_view{};
      std::string_view kind = res.substr(0, res.find('/'));
      const arn_resource_kind* k = nullptr;
      for (const auto& c : arn_resource_kinds)
        if (!k && c.kind == kind) k = &c;  // the first type of a shared kind (see evaluate, tag)
      if (!arn || arn->service != "ecs" || !k || kind.size() == res.size()) {
        t.type = {};
        t.resource_id = ref;
        break;
      }
      if (!arn->account.empty()) t.account = std::string(arn->account);
      if (!arn->region.empty()) t.region = std::string(arn->region);
      t.type = k->resource_type;
      t.arn_kind = k->kind;
      std::string_view rest = res.substr(kind.size() + 1);
      switch (k->target) {
        case target_kind::service: {
          // service/CLUSTER/NAME, service/NAME (the old format: the default cluster), and
          // service-deployment/CLUSTER/SERVICE/ID.
          auto first = rest.find('/');
          if (first == std::string_view::npos) t.key = "default/" + std::string(rest);
          else if (kind == "service") t.key = std::string(rest);
          else t.key = std::string(rest.substr(0, rest.find('/', first + 1)));
          break;
        }
        default:
          t.key = std::string(rest);  // a cluster, capacity provider, family:rev or CLUSTER/SERVICE/ID
      }
      t.resource_id = t.key;
      break;
    }
    case target_kind::account_setting:
      t.key = detail::request_string(req, e.target_key);
      t.resource_id = t.key;
      break;
    case target_kind::task_set:
      t.key = task_set_key(detail::request_string(req, e.target_key));
      t.resource_id = t.key;
      break;
    case target_kind::service:
    case target_kind::daemon: {
      // CLUSTER/NAME: from the cluster and name keys, or the ARN (service/ or daemon/CLUSTER/NAME).
      std::string cluster = cluster_of(e.cluster_key);
      std::string svc = detail::request_string(req, e.target_key);
      auto r = parse_ecs_ref(svc, e.target == target_kind::daemon ? "daemon" : "service");
      locate(r);
      if (!r.parent.empty()) cluster = std::string(r.parent);
      t.key = cluster + "/" + std::string(r.name);
      t.resource_id = t.key;
      break;
    }
    case target_kind::task_definition: {
      // DeleteTaskDefinitions names a list: its first entry (evaluate looks at each).
      std::string ref = detail::request_string(req, e.target_key);
      if (const nlohmann::json* list = detail::request_at(req, e.target_key); list && list->is_array() && !list->empty())
        ref = (*list)[0].is_string() ? (*list)[0].get<std::string>() : std::string{};
      const std::string_view kind = detail::task_definition_arn_kind(e.resource_type);
      auto r = parse_ecs_ref(ref, kind);
      locate(r);
      t.key = std::string(r.name);
      t.resource_id = t.key;
      // A register call's response names the new revision (revision_types).
      if (e.action == event_action::register_revision && ev.response.is_object())
        if (const nlohmann::json* arn = detail::request_at(ev.response, detail::revision_response_path(e.resource_type));
            arn && arn->is_string() && !arn->get_ref<const std::string&>().empty())
          t.resource_id = std::string(parse_ecs_ref(arn->get_ref<const std::string&>(), kind).name);
      break;
    }
    case target_kind::cluster:
    case target_kind::cluster_capacity_providers:
      t.key = cluster_of(e.target_key);
      t.resource_id = t.key;
      break;
    case target_kind::container_instances:
      t.key = cluster_of(e.cluster_key);
      t.resource_id = t.key;
      break;
    case target_kind::capacity_provider: {
      const std::string ref = detail::request_string(req, e.target_key);
      auto r = parse_ecs_ref(ref, "capacity-provider");
      locate(r);
      t.key = std::string(r.name);
      t.resource_id = t.key;
      break;
    }
  }
  return t;
}

TFDRIFT_END_NAMESPACE
