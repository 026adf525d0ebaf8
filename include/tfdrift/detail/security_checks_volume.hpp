// The volume.* security checks: host paths bind-mounted into a task, and EFS volumes without
// transit encryption or IAM authorization (the members compared in the provider's shape).
#pragma once

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "../security.hpp"
#include "security_checks_common.hpp"

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

// The first block of a one-element list of blocks (MaxItems 1), or nullptr.
inline const json* first_block(const json& block, std::string_view key) {
  if (!block.is_object()) return nullptr;
  auto it = block.find(key);
  if (it == block.end() || !it->is_array() || it->empty() || !(*it)[0].is_object()) return nullptr;
  return &(*it)[0];
}

// The volume of a stored volume list with that name, or nullptr.
inline const json* volume_named(const json& volumes, std::string_view name) {
  if (!volumes.is_array()) return nullptr;
  for (const auto& v : volumes)
    if (string_member(v, "name") == name) return &v;
  return nullptr;
}

// Host paths whose bind mount hands a container the host, or what runs it: the root, the
// system's directories, the runtime directories that hold the Docker and containerd sockets
// (/var/run/docker.sock) and the data of Docker and the ECS agent. A path is sensitive when it is
// one of these or lies under one ("/" only itself).
inline constexpr std::array<std::string_view, 17> sensitive_host_paths{
    "/",     "/bin",  "/boot", "/dev", "/etc", "/home",           "/lib",         "/lib64",   "/proc",
    "/root", "/run",  "/sbin", "/sys", "/usr", "/var/lib/docker", "/var/lib/ecs", "/var/run"};

// Why a host path is sensitive ("" when it is not): the listed path it is or lies under, or
// ".." when a segment climbs (where it lands is not for tfdrift to guess).
inline std::string sensitive_host_path(std::string_view path) {
  std::string p;  // with repeated and trailing slashes removed
  for (char c : path)
    if (c != '/' || p.empty() || p.back() != '/') p += c;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  if (p == "/") return "/";
  for (std::size_t at = 0; at != std::string::npos;) {
    std::size_t next = p.find('/', at + 1);
    std::string_view seg = std::string_view(p).substr(at + 1, next == std::string::npos ? std::string::npos : next - at - 1);
    if (seg == "..") return "..";
    at = next;
  }
  for (auto s : sensitive_host_paths)
    if (s != "/" && p.starts_with(s) && (p.size() == s.size() || p[s.size()] == '/')) return std::string(s);
  return {};
}

inline void check_host_path(security_context& ctx) {
  auto v = ctx.changes.at("volume");
  if (!v || !v->second.is_array()) return;
  std::vector<std::string> before;
  if (v->first.is_array())
    for (const auto& vol : v->first)
      if (auto p = string_member(vol, "host_path"); !p.empty()) before.push_back(std::move(p));
  for (const auto& vol : v->second) {
    std::string path = string_member(vol, "host_path");
    // An empty host path is a Docker-managed volume on the host, not a bind mount.
    if (path.empty() || std::find(before.begin(), before.end(), path) != before.end()) continue;
    std::string detail = "volume " + string_member(vol, "name") + ": host path " + path +
                         " bind-mounted into the task's containers";
    std::string why = sensitive_host_path(path);
    if (why.empty()) ctx.report(detail);
    else if (why == "..") ctx.report(detail + ", a path that climbs with ..", severity::critical);
    else if (why == "/") ctx.report(detail + ": the host's whole file system", severity::critical);
    else ctx.report(detail + ", a sensitive path of the host (" + why + ")", severity::critical);
  }
}

// Calls fn(name, file system, before, after) for each EFS volume of the request's volumes, with
// the EFS configuration of the state's volume of that name (nullptr when it had none).
template <class Fn>
void for_each_efs_volume(security_context& ctx, Fn&& fn) {
  auto v = ctx.changes.at("volume");
  if (!v || !v->second.is_array()) return;
  for (const auto& vol : v->second) {
    const json* now = first_block(vol, "efs_volume_configuration");
    if (!now) continue;
    std::string name = string_member(vol, "name");
    const json* old_vol = volume_named(v->first, name);
    fn(name, string_member(*now, "file_system_id"), old_vol ? first_block(*old_vol, "efs_volume_configuration") : nullptr,
       *now);
  }
}

// "ENABLED" or "DISABLED": AWS's default for an unset transitEncryption or iam is DISABLED
// (botocore's ECS model, EFSVolumeConfiguration.transitEncryption, EFSAuthorizationConfig.iam).
inline std::string enabled_text(const std::string& v) { return v == "ENABLED" ? v : std::string("DISABLED"); }

inline std::string efs_iam(const json* efs) {
  const json* auth = efs ? first_block(*efs, "authorization_config") : nullptr;
  return enabled_text(auth ? string_member(*auth, "iam") : std::string{});
}

inline void check_efs_transit(security_context& ctx) {
  for_each_efs_volume(ctx, [&](const std::string& name, const std::string& fs, const json* was, const json& now) {
    if (enabled_text(string_member(now, "transit_encryption")) == "ENABLED") return;
    std::string detail = "volume " + name + ": EFS file system " + fs;
    if (!was) ctx.report(detail + " mounted without transit encryption (NFS in plain text)");
    else if (enabled_text(string_member(*was, "transit_encryption")) == "ENABLED")
      ctx.report(detail + ": transit encryption ENABLED -> DISABLED (NFS in plain text)");
  });
}

inline void check_efs_iam(security_context& ctx) {
  for_each_efs_volume(ctx, [&](const std::string& name, const std::string& fs, const json* was, const json& now) {
    if (efs_iam(&now) == "ENABLED") return;
    std::string detail = "volume " + name + ": EFS file system " + fs;
    if (!was) ctx.report(detail + " mounted without IAM authorization (the file system policy does not see the task role)");
    else if (efs_iam(was) == "ENABLED")
      ctx.report(detail + ": IAM authorization ENABLED -> DISABLED (the file system policy no longer sees the task role)");
  });
}

}  // namespace detail

TFDRIFT_END_NAMESPACE
