// The image.* security checks: where a container image comes from, its tag and its digest pin.
#pragma once

#include <string>
#include <vector>

#include "../security.hpp"
#include "glob.hpp"
#include "security_checks_common.hpp"

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

inline void check_registry(security_context& ctx) {
  const std::vector<std::string>& allowed = ctx.facts.allowed_registries(ctx.states, ctx.settings);
  if (allowed.empty()) return;  // nothing to judge by: no config and no images in state
  for_each_container_change(ctx, ".image", [&](const std::string& name, const json&, const json& now) {
    if (!now.is_string()) return;
    image_ref img = parse_image(now.get_ref<const std::string&>());
    for (const auto& pattern : allowed)
      if (glob_match(pattern, img.registry)) return;
    ctx.report("container " + name + ": image " + now.get<std::string>() + " comes from registry " + img.registry +
               ", which is not allowed (allowed: " + joined(allowed) + ")");
  });
}

inline std::string image_tag_text(const image_ref& r) { return r.tag.empty() ? std::string("(no tag)") : r.tag; }

inline void check_tag_changed(security_context& ctx) {
  for_each_container_change(ctx, ".image", [&](const std::string& name, const json& was, const json& now) {
    if (!was.is_string() || !now.is_string()) return;
    image_ref o = parse_image(was.get_ref<const std::string&>()), n = parse_image(now.get_ref<const std::string&>());
    if (o.registry != n.registry || o.repository != n.repository)
      ctx.report("container " + name + ": image " + was.get<std::string>() + " -> " + now.get<std::string>() +
                 " (another repository)");
    else if (o.tag != n.tag)
      ctx.report("container " + name + ": image tag " + image_tag_text(o) + " -> " + image_tag_text(n) + " (" +
                 now.get<std::string>() + ")");
    else if (!o.digest.empty() && !n.digest.empty() && o.digest != n.digest)
      ctx.report("container " + name + ": image digest " + o.digest + " -> " + n.digest + " (another image)");
  });
}

inline void check_latest(security_context& ctx) {
  for_each_container_change(ctx, ".image", [&](const std::string& name, const json&, const json& now) {
    if (!now.is_string()) return;
    image_ref n = parse_image(now.get_ref<const std::string&>());
    if (!n.digest.empty()) return;  // a digest fixes the image whatever the tag says
    if (n.tag == "latest")
      ctx.report("container " + name + ": image " + now.get<std::string>() + " uses the moving tag latest");
    else if (n.tag.empty())
      ctx.report("container " + name + ": image " + now.get<std::string>() + " has no tag (pulls latest)");
  });
}

inline void check_digest_removed(security_context& ctx) {
  for_each_container_change(ctx, ".image", [&](const std::string& name, const json& was, const json& now) {
    if (!was.is_string()) return;
    image_ref o = parse_image(was.get_ref<const std::string&>());
    if (o.digest.empty()) return;
    if (now.is_string() && !parse_image(now.get_ref<const std::string&>()).digest.empty()) return;
    ctx.report("container " + name + ": image no longer pinned by digest (" + was.get<std::string>() + " -> " +
               json_text(now) + ")");
  });
}

}  // namespace detail

TFDRIFT_END_NAMESPACE
