// Terraform state (format 4): the managed ECS resources, located by account and region and indexed by name.
#pragma once

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog.hpp"
#include "detail/arn.hpp"
#include "detail/json_parse.hpp"
#include "detail/scan.hpp"
#include "detail/text.hpp"
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
  std::string attributes_text;  ///< the instance's "attributes" object as the state file writes it

  /// Returns the attributes, parsed on first use: most instances never see an event, so a
  /// large state costs about its own size in memory rather than a whole DOM.
  const nlohmann::json& attributes() const {
    if (!parsed_) {
      parsed_ = detail::parse_json(attributes_text);
      if (parsed_->is_discarded() || !parsed_->is_object()) parsed_ = nlohmann::json::object();
    }
    return *parsed_;
  }

  /// The container definitions parsed and normalised for comparison, filled on first use
  /// (see diff_context::container_cache); not part of the state's value.
  mutable std::array<std::optional<nlohmann::json>, 2> container_cache;

  // Read at load time from the attributes, to locate and index the instance.
  std::string arn, id, name, cluster, family, cluster_name, region_attribute;
  std::int64_t revision = -1;

 private:
  mutable std::optional<nlohmann::json> parsed_;
};

namespace detail {

inline std::string attr_string(const nlohmann::json& attrs, std::string_view key) {
  if (!attrs.is_object()) return {};
  auto it = attrs.find(key);
  return it != attrs.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

// Appends an index key as an address prints it: [0] or ["key"].
inline std::string index_key_part(std::string_view token) {
  if (token.empty() || token == "null") return {};
  if (token.front() != '"') return "[" + std::string(token) + "]";
  std::string s = "[\"";
  for (char c : token_string(token)) {
    if (c == '"' || c == '\\') s += '\\';
    s += c;
  }
  return s + "\"]";
}

// The lookup key of an instance under its own name (and, for task definitions, family:rev too).
inline std::vector<std::string> lookup_names(const state_instance& s) {
  if (s.type == "aws_ecs_service")
    return {std::string(parse_ecs_ref(s.cluster, "cluster").name) + "/" + s.name};
  // daemon.go: arn daemon/CLUSTER/NAME; express_gateway_service.go: service_arn
  // service/CLUSTER/NAME. Known as "CLUSTER/NAME", as services are.
  if (s.type == "aws_ecs_daemon" || s.type == "aws_ecs_express_gateway_service") {
    auto arn = parse_ecs_ref(s.arn, s.type == "aws_ecs_daemon" ? "daemon" : "service");
    if (arn.parent.empty() || arn.name.empty()) return {};
    return {std::string(arn.parent) + "/" + std::string(arn.name)};
  }
  if (s.type == "aws_ecs_task_definition" || s.type == "aws_ecs_daemon_task_definition") {
    std::vector<std::string> names{s.family};
    auto arn = parse_ecs_ref(s.arn, task_definition_arn_kind(s.type));
    if (!arn.name.empty()) names.emplace_back(arn.name);
    else if (s.revision >= 0) names.push_back(s.family + ":" + std::to_string(s.revision));
    return names;
  }
  if (s.type == "aws_ecs_cluster_capacity_providers")
    return {std::string(parse_ecs_ref(s.cluster_name, "cluster").name)};
  if (s.type == "aws_ecs_container_instance") {
    auto ref = parse_ecs_ref(s.arn, "container-instance");
    return {std::string(ref.parent) + "/" + std::string(ref.name)};
  }
  // tag_gen.go: an aws_ecs_tag's id is "RESOURCE_ARN,KEY", which is how a tag call names it.
  if (s.type == "aws_ecs_tag") return {s.id};
  // task_set.go: id "TASK_SET_ID,SERVICE,CLUSTER" (service and cluster as the config gave them,
  // a name or an ARN); known as "CLUSTER/SERVICE/TASK_SET_ID".
  if (s.type == "aws_ecs_task_set") {
    std::string_view id = s.id;
    auto c1 = id.find(','), c2 = c1 == std::string_view::npos ? c1 : id.find(',', c1 + 1);
    if (c2 == std::string_view::npos) return {};
    std::string_view service = parse_ecs_ref(id.substr(c1 + 1, c2 - c1 - 1), "service").name;
    std::string_view cluster = parse_ecs_ref(id.substr(c2 + 1), "cluster").name;
    return {std::string(cluster) + "/" + std::string(service) + "/" + std::string(id.substr(0, c1))};
  }
  return {s.name};  // clusters, capacity providers, account setting defaults
}

// Where an instance lives, from its own ARN(s) or its provider-6 region attribute.
inline void locate_from_attributes(state_instance& s) {
  for (const std::string* text : {&s.arn, &s.id, &s.cluster}) {
    auto arn = parse_arn(*text);
    if (arn && arn->service == "ecs" && !arn->region.empty() && !arn->account.empty()) {
      s.region = arn->region;
      s.account = arn->account;
      s.partition = arn->partition;
      return;
    }
  }
  s.region = s.region_attribute;
}

// Calls fn(element_token) for each element of a JSON array token; false when it is not one.
template <class Fn>
bool for_each_element(std::string_view s, Fn&& fn) {
  std::size_t i = 0, deepest = 0;
  scan::skip_space(s, i);
  if (i >= s.size() || s[i] != '[') return false;
  ++i;
  scan::skip_space(s, i);
  if (i < s.size() && s[i] == ']') return true;
  while (i < s.size()) {
    std::size_t start = i;
    if (!scan::skip_value(s, i, 1, static_cast<std::size_t>(-1), deepest)) return false;
    fn(s.substr(start, i - start));
    scan::skip_space(s, i);
    if (i < s.size() && s[i] == ']') return true;
    if (i >= s.size() || s[i] != ',') return false;
    ++i;
    scan::skip_space(s, i);
  }
  return false;
}


/// A hash index from lookup keys to instance numbers, flat so that a lookup touches one slot
/// and one key in a single arena: about two cache misses however large the state.
class flat_index {
 public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  /// Adds a key unless it is present (the first one wins).
  void insert(std::string_view key, std::size_t value) {
    if ((count_ + 1) * 2 > slots_.size()) grow();
    std::uint64_t h = hash(key);
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      slot& s = slots_[i];
      if (s.value == empty) {
        s = {h, arena_.size(), key.size(), value};
        arena_.append(key);
        ++count_;
        return;
      }
      if (s.hash == h && key_at(s) == key) return;
    }
  }

  /// Returns the value of a key, or npos.
  std::size_t find(std::string_view key) const noexcept {
    if (slots_.empty()) return npos;
    std::uint64_t h = hash(key);
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const slot& s = slots_[i];
      if (s.value == empty) return npos;
      if (s.hash == h && key_at(s) == key) return s.value;
    }
  }

 private:
  static constexpr std::size_t empty = static_cast<std::size_t>(-1);
  struct slot {
    std::uint64_t hash = 0;
    std::size_t key_offset = 0, key_size = 0;
    std::size_t value = empty;
  };
  static std::uint64_t hash(std::string_view k) noexcept { return std::hash<std::string_view>{}(k); }
  std::string_view key_at(const slot& s) const noexcept { return std::string_view(arena_).substr(s.key_offset, s.key_size); }
  void grow() {
    std::vector<slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, slot{});
    std::size_t mask = slots_.size() - 1;
    for (const auto& s : old) {
      if (s.value == empty) continue;
      std::size_t i = s.hash & mask;
      while (slots_[i].value != empty) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
  std::vector<slot> slots_;
  std::string arena_;
  std::size_t count_ = 0;
};

}  // namespace detail

/// The deepest JSON nesting a state file may have (the file's object is level 1). Terraform
/// writes ECS resources about ten levels deep; the bound keeps a hostile file from exhausting
/// the stack in the recursive comparisons and dumps of its values.
inline constexpr std::size_t max_state_depth = 128;

/// The managed ECS resources of one or more state files, indexed so that a name, an ARN, a
/// family:rev or a bare family finds its resource in O(1) within one account and region.
class state_index {
 public:
  /// Loads a state file's text under a name used in errors and alerts. Throws tfdrift::error
  /// with id tfdrift.state.parse (not JSON, or nested deeper than max_state_depth),
  /// tfdrift.state.version (not format 4) or tfdrift.state.shape (resources of the wrong
  /// shape). A failed load adds nothing.
  void load(std::string_view text, std::string_view name) {
    const std::string file(name);
    // A pass proves the file is JSON without building a DOM (the fast reader, else nlohmann's
    // SAX parser, which says where it breaks); the scanner then walks the resources and keeps
    // each ECS instance's attributes as text.
    detail::json_syntax_check sax;
    if (!detail::fast_json_valid(text) && !nlohmann::json::sax_parse(text, &sax))
      throw error("tfdrift.state.parse", file,
                  "not valid JSON at " + detail::line_column(text, sax.error_byte ? sax.error_byte - 1 : 0) +
                      " (broken or truncated state file)");
    std::string_view version, resources;
    std::size_t deepest = 0;
    bool object = detail::for_each_member(text, [&](std::string_view key, std::string_view value) {
      if (key == "version") version = value;
      else if (key == "resources") resources = value;
    }, max_state_depth, deepest);
    if (deepest > max_state_depth)
      throw error("tfdrift.state.parse", file,
                  "JSON nested deeper than " + std::to_string(max_state_depth) + " levels");
    if (!object) throw error("tfdrift.state.parse", file, "not a JSON object");
    if (version != "4")
      throw error("tfdrift.state.version", file,
                  "version " + (version.empty() ? std::string("missing") : std::string(version)) +
                      " is not supported (need 4, written by Terraform >= 0.12 or OpenTofu)");
    std::vector<state_instance> loaded;
    if (!resources.empty() && resources != "null") {
      std::size_t n = 0;
      bool array = detail::for_each_element(resources, [&](std::string_view r) {
        ++n;
        if (!read_resource(r, file, loaded))
          throw error("tfdrift.state.shape", file + " resource #" + std::to_string(n), "not an object");
      });
      if (!array) throw error("tfdrift.state.shape", file, "\"resources\" is not an array");
    }
    locate_by_provider(loaded);
    for (auto& s : loaded) add(std::move(s));
    ++files_;
    names_.push_back(file);
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
      if (std::size_t i = index_.find(key_buf_); i != detail::flat_index::npos) return &instances_[i];
    }
    return nullptr;
  }

  /// Returns every loaded instance, in load order.
  const std::deque<state_instance>& instances() const noexcept { return instances_; }
  /// Returns the number of state files loaded.
  std::size_t files() const noexcept { return files_; }
  /// Returns the names the state files were loaded under, in load order.
  const std::vector<std::string>& names() const noexcept { return names_; }

 private:
  static void make_key(std::string& out, std::string_view type, std::string_view account,
                       std::string_view region, std::string_view name) {
    out.append(type).push_back('\x1f');
    out.append(account.empty() ? std::string_view{"*"} : account).push_back('\x1f');
    out.append(region.empty() ? std::string_view{"*"} : region).push_back('\x1f');
    out.append(name);
  }

  // Reads one resource object; false when it is not an object.
  static bool read_resource(std::string_view r, const std::string& file, std::vector<state_instance>& out) {
    using detail::token_string;
    std::string_view mode, type, rname, module, provider, instances;
    std::size_t deepest = 0;
    if (!detail::for_each_member(r, [&](std::string_view key, std::string_view v) {
          if (key == "mode") mode = v;
          else if (key == "type") type = v;
          else if (key == "name") rname = v;
          else if (key == "module") module = v;
          else if (key == "provider") provider = v;
          else if (key == "instances") instances = v;
        }, static_cast<std::size_t>(-1), deepest))
      return false;
    if (token_string(mode) != "managed") return true;  // data sources never drift
    std::string type_name = token_string(type);
    if (!find_resource(type_name)) return true;
    std::string mod = token_string(module);
    std::string base = (mod.empty() ? "" : mod + ".") + type_name + "." + token_string(rname);
    std::string provider_name = token_string(provider);
    detail::for_each_element(instances, [&](std::string_view inst) {
      state_instance s;
      s.type = type_name;
      s.state_file = file;
      s.provider = provider_name;
      std::string_view index_key, attrs;
      std::size_t d = 0;
      if (!detail::for_each_member(inst, [&](std::string_view key, std::string_view v) {
            if (key == "index_key") index_key = v;
            else if (key == "attributes") attrs = v;
          }, static_cast<std::size_t>(-1), d))
        return;
      s.address = base + detail::index_key_part(index_key);
      if (attrs.empty() || attrs.front() != '{') attrs = "{}";
      s.attributes_text.assign(attrs);
      detail::for_each_member(attrs, [&](std::string_view key, std::string_view v) {
        if (key == "arn" || key == "service_arn") s.arn = token_string(v);  // service_arn: an Express service's
        else if (key == "id") s.id = token_string(v);
        else if (key == "name") s.name = token_string(v);
        else if (key == "cluster") s.cluster = token_string(v);
        else if (key == "family") s.family = token_string(v);
        else if (key == "cluster_name") s.cluster_name = token_string(v);
        else if (key == "region") s.region_attribute = token_string(v);
        else if (key == "revision" && !v.empty() && v.front() != '"' && v != "null") {
          std::int64_t rev = -1;
          std::from_chars(v.data(), v.data() + v.size(), rev);
          s.revision = rev;
        }
      }, static_cast<std::size_t>(-1), d);
      detail::locate_from_attributes(s);
      out.push_back(std::move(s));
    });
    return true;
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
      key_buf_.clear();
      make_key(key_buf_, stored.type, stored.account, stored.region, n);
      const std::string& key = key_buf_;
      index_.insert(key, instances_.size() - 1);  // the first loaded wins
    }
  }

  std::deque<state_instance> instances_;
  detail::flat_index index_;
  mutable std::string key_buf_;
  std::size_t files_ = 0;
  std::vector<std::string> names_;
};

TFDRIFT_END_NAMESPACE
