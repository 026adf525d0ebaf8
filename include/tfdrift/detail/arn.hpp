// ARN parsing and the ECS names inside ARNs (clusters, services, task definitions, capacity providers).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "../version.hpp"

TFDRIFT_BEGIN_NAMESPACE
namespace detail {

/// The parts of "arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE".
struct arn_parts {
  std::string_view partition, service, region, account, resource;
};

/// Splits an ARN; nullopt when the text is not one.
inline std::optional<arn_parts> parse_arn(std::string_view s) noexcept {
  if (s.substr(0, 4) != "arn:") return std::nullopt;
  arn_parts p;
  std::string_view rest = s.substr(4);
  std::string_view* fields[4] = {&p.partition, &p.service, &p.region, &p.account};
  for (auto* f : fields) {
    auto colon = rest.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    *f = rest.substr(0, colon);
    rest.remove_prefix(colon + 1);
  }
  p.resource = rest;
  return p;
}

/// The name an ECS reference carries, with the location of its ARN when it was one.
struct ecs_ref {
  std::string_view name;         ///< cluster, capacity provider or service name; "family:rev" for task definitions
  std::string_view parent;       ///< the cluster inside a service or container-instance ARN ("" when absent)
  std::string_view region, account, partition;  ///< empty when the reference was a bare name
};

// The parts view the text: a temporary string would leave them dangling.
std::optional<arn_parts> parse_arn(std::string&&) = delete;

/// Reads a name or an ARN of the given ECS resource kind ("cluster", "service",
/// "task-definition", "capacity-provider", "container-instance").
inline ecs_ref parse_ecs_ref(std::string_view s, std::string_view kind) noexcept {
  ecs_ref r;
  auto arn = parse_arn(s);
  if (!arn) {
    r.name = s;
    return r;
  }
  r.region = arn->region;
  r.account = arn->account;
  r.partition = arn->partition;
  std::string_view res = arn->resource;
  if (res.size() > kind.size() && res.substr(0, kind.size()) == kind && res[kind.size()] == '/')
    res.remove_prefix(kind.size() + 1);
  // service/CLUSTER/NAME and container-instance/CLUSTER/ID carry their cluster.
  if (auto slash = res.rfind('/'); slash != std::string_view::npos) {
    r.parent = res.substr(0, slash);
    res.remove_prefix(slash + 1);
  }
  r.name = res;
  return r;
}

ecs_ref parse_ecs_ref(std::string&&, std::string_view) = delete;

/// Splits "family:rev" into family and revision ("" when there is none).
inline std::pair<std::string_view, std::string_view> split_revision(std::string_view s) noexcept {
  auto colon = s.rfind(':');
  if (colon == std::string_view::npos) return {s, {}};
  return {s.substr(0, colon), s.substr(colon + 1)};
}

/// Builds "arn:PARTITION:ecs:REGION:ACCOUNT:KIND/NAME".
inline std::string make_ecs_arn(std::string_view partition, std::string_view region,
                                std::string_view account, std::string_view kind,
                                std::string_view name) {
  std::string s = "arn:";
  s.append(partition.empty() ? std::string_view{"aws"} : partition);
  s.append(":ecs:").append(region).append(":").append(account).append(":");
  s.append(kind).append("/").append(name);
  return s;
}

}  // namespace detail
TFDRIFT_END_NAMESPACE
