// Terraform state (format 4): the managed ECS resources, located by account and region and indexed by name.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog.hpp"
#include "detail/arn.hpp"
#include "error.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// One managed instance of an ECS resource in a state file.
struct state_instance {
  std::string address;     ///< module.api.aws_ecs_service.this["billing"]
  std::string type;        ///< aws_ecs_service
  std::string state_file;  ///< the name the state was loaded under
  std::string provider;    ///< the provider configuration, with its alias
  std::string account;     ///< "" when neither an ARN nor a sibling tells
  std::string region;      ///< "" when neither an ARN, a region attribute nor a sibling tells
  std::string partition = "aws";
  nlohmann::json attributes;
  /// The container definitions parsed and normalised for comparison, filled on first use
  /// (see diff_context::container_cache); not part of the state's value.
  mutable std::array<std::optional<nlohmann::json>, 2> container_cache;
};

namespace detail {

inline std::string module_address_part(const nlohmann::json& r) {
  auto it = r.find("module");
  if (it == r.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) return {};
  return it->get<std::string>() + ".";
}

inline std::string index_key_part(const nlohmann::json& inst) {
  auto it = inst.find("index_key");
  if (it == inst.end() || it->is_null()) return {};
  if (it->is_number_integer()) return "[" + std::to_string(it->get<std::int64_t>()) + "]";
  if (it->is_string()) {
    std::string s = "[\"";
    for (char c : it->get_ref<const std::string&>()) {
      if (c == '"' || c == '\\') s += '\\';
      s += c;
    }
    return s + "\"]";
  }
  return "[" + it->dump() + "]";
}

inline std::string attr_string(const nlohmann::json& attrs, std::string_view key) {
  auto it = attrs.find(key);
  return it != attrs.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

// The lookup key of an instance under its own name (and, for task definitions, family:rev too).
inline std::vector<std::string> lookup_names(const state_instance& s) {
  const auto& a = s.attributes;
  if (s.type == "aws_ecs_service") {
    const std::string cluster = attr_string(a, "cluster");
    return {std::string(parse_ecs_ref(cluster, "cluster").name) + "/" + attr_string(a, "name")};
  }
  if (s.type == "aws_ecs_task_definition") {
    std::string family = attr_string(a, "family");
    std::vector<std::string> names{family};
    const std::string arn_text = attr_string(a, "arn");
    auto arn = parse_ecs_ref(arn_text, "task-definition");
    if (!arn.name.empty()) names.emplace_back(arn.name);
    else if (auto rev = a.find("revision"); rev != a.end() && rev->is_number_integer())
      names.push_back(family + ":" + std::to_string(rev->get<std::int64_t>()));
    return names;
  }
  if (s.type == "aws_ecs_cluster_capacity_providers") {
    const std::string cluster = attr_string(a, "cluster_name");
    return {std::string(parse_ecs_ref(cluster, "cluster").name)};
  }
  if (s.type == "aws_ecs_container_instance") {
    const std::string arn_text = attr_string(a, "arn");
    auto ref = parse_ecs_ref(arn_text, "container-instance");
    return {std::string(ref.parent) + "/" + std::string(ref.name)};
  }
  return {attr_string(a, "name")};  // clusters and capacity providers
}

// Where an instance lives, from its own ARN(s) or its provider-6 region attribute.
inline void locate_from_attributes(state_instance& s) {
  for (const char* key : {"arn", "id", "cluster"}) {
    const std::string text = attr_string(s.attributes, key);
    auto arn = parse_arn(text);
    if (arn && arn->service == "ecs" && !arn->region.empty() && !arn->account.empty()) {
      s.region = arn->region;
      s.account = arn->account;
      s.partition = arn->partition;
      return;
    }
  }
  s.region = attr_string(s.attributes, "region");
}

}  // namespace detail

/// The managed ECS resources of one or more state files, indexed so that a name, an ARN, a
/// family:rev or a bare family finds its resource in O(1) within one account and region.
class state_index {
 public:
  /// Loads a state file's text under a name used in errors and alerts. Throws tfdrift::error
  /// with id tfdrift.state.parse (not JSON), tfdrift.state.version (not format 4) or
  /// tfdrift.state.shape (resources of the wrong shape). A failed load adds nothing.
  void load(std::string_view text, std::string_view name) {
    nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
      throw error("tfdrift.state.parse", std::string(name), "not a JSON object (broken or truncated state file)");
    auto version = doc.find("version");
    if (version == doc.end() || !version->is_number_integer() || version->get<std::int64_t>() != 4) {
      std::string v = version == doc.end() ? "missing" : version->dump();
      throw error("tfdrift.state.version", std::string(name),
                  "version " + v + " is not supported (need 4, written by Terraform >= 0.12 or OpenTofu)");
    }
    std::vector<state_instance> loaded;
    if (auto res = doc.find("resources"); res != doc.end() && !res->is_null()) {
      if (!res->is_array())
        throw error("tfdrift.state.shape", std::string(name), "\"resources\" is not an array");
      std::size_t n = 0;
      for (auto& r : *res) {
        ++n;
        if (!r.is_object())
          throw error("tfdrift.state.shape", std::string(name) + " resource #" + std::to_string(n), "not an object");
        read_resource(r, name, loaded);
      }
    }
    locate_by_provider(loaded);
    for (auto& s : loaded) add(std::move(s));
    ++files_;
  }

  /// Returns the instance of a type known under a name in an account and region, or nullptr.
  /// The name is what lookup_names gives: "cluster/service" for services, "family" or
  /// "family:rev" for task definitions, the plain name otherwise.
  const state_instance* find(std::string_view type, std::string_view account,
                             std::string_view region, std::string_view name) const {
    for (auto [acc, reg] : {std::pair{account, region}, std::pair{account, std::string_view{"*"}},
                            std::pair{std::string_view{"*"}, region},
                            std::pair{std::string_view{"*"}, std::string_view{"*"}}}) {
      key_buf_.clear();
      make_key(key_buf_, type, acc, reg, name);
      if (auto it = index_.find(key_buf_); it != index_.end()) return &instances_[it->second];
    }
    return nullptr;
  }

  /// Returns every loaded instance, in load order.
  const std::deque<state_instance>& instances() const noexcept { return instances_; }
  /// Returns the number of state files loaded.
  std::size_t files() const noexcept { return files_; }

 private:
  static void make_key(std::string& out, std::string_view type, std::string_view account,
                       std::string_view region, std::string_view name) {
    out.append(type).push_back('\x1f');
    out.append(account.empty() ? std::string_view{"*"} : account).push_back('\x1f');
    out.append(region.empty() ? std::string_view{"*"} : region).push_back('\x1f');
    out.append(name);
  }

  static void read_resource(nlohmann::json& r, std::string_view file, std::vector<state_instance>& out) {
    if (detail::attr_string(r, "mode") != "managed") return;  // data sources never drift
    std::string type = detail::attr_string(r, "type");
    if (!find_resource(type)) return;
    std::string base = detail::module_address_part(r) + type + "." + detail::attr_string(r, "name");
    std::string provider = detail::attr_string(r, "provider");
    auto insts = r.find("instances");
    if (insts == r.end() || !insts->is_array()) return;
    for (auto& inst : *insts) {
      if (!inst.is_object()) continue;
      state_instance s;
      s.address = base + detail::index_key_part(inst);
      s.type = type;
      s.state_file = std::string(file);
      s.provider = provider;
      if (auto a = inst.find("attributes"); a != inst.end() && a->is_object()) s.attributes = std::move(*a);
      else s.attributes = nlohmann::json::object();
      detail::locate_from_attributes(s);
      out.push_back(std::move(s));
    }
  }

  // A resource with no ARN (aws_ecs_cluster_capacity_providers) lives where the other
  // resources of its provider configuration live.
  static void locate_by_provider(std::vector<state_instance>& loaded) {
    std::unordered_map<std::string, const state_instance*> known;
    for (const auto& s : loaded)
      if (!s.account.empty() && !s.region.empty()) known.emplace(s.provider, &s);
    for (auto& s : loaded) {
      if (!s.account.empty() && !s.region.empty()) continue;
      auto it = known.find(s.provider);
      if (it == known.end()) continue;
      if (s.region.empty()) s.region = it->second->region;
      if (s.account.empty()) s.account = it->second->account;
      s.partition = it->second->partition;
    }
  }

  void add(state_instance&& s) {
    auto names = detail::lookup_names(s);
    instances_.push_back(std::move(s));
    const auto& stored = instances_.back();
    for (const auto& n : names) {
      if (n.empty()) continue;
      std::string key;
      make_key(key, stored.type, stored.account, stored.region, n);
      index_.emplace(std::move(key), instances_.size() - 1);  // the first loaded wins
    }
  }

  std::deque<state_instance> instances_;
  std::unordered_map<std::string, std::size_t> index_;
  mutable std::string key_buf_;
  std::size_t files_ = 0;
};

TFDRIFT_END_NAMESPACE
