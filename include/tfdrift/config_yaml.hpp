// Reads a tfdrift config written as YAML (the spec's config.yaml) or JSON; needs yaml-cpp (link yaml-cpp).
#pragma once

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "config.hpp"
#include "detail/text.hpp"
#include "error.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

namespace detail {

// Resolves a plain (unquoted) YAML scalar by the YAML 1.2 core schema: booleans and numbers;
// anything else is a string. (yaml-cpp has already made null, ~ and empty values Null nodes.)
inline config_node::kind plain_scalar_kind(std::string_view s) noexcept {
  if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE")
    return config_node::kind::boolean;
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t digits = 0, dots = 0;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') ++digits;
    else if (s[i] == '.') ++dots;
    else if ((s[i] == 'e' || s[i] == 'E') && digits) {
      std::size_t j = i + 1;
      if (j < s.size() && (s[j] == '-' || s[j] == '+')) ++j;
      if (j == s.size()) return config_node::kind::string;
      for (; j < s.size(); ++j)
        if (s[j] < '0' || s[j] > '9') return config_node::kind::string;
      return config_node::kind::number;
    } else return config_node::kind::string;
  }
  return digits && dots <= 1 ? config_node::kind::number : config_node::kind::string;
}

// Converts a yaml-cpp node into the positioned tree that config_reader reads. `line` and
// `column` are the place to report for a node without a mark of its own (an empty value).
inline config_node yaml_to_tree(const YAML::Node& n, std::string_view name, std::size_t line, std::size_t column,
                                std::size_t depth = 0) {
  config_node out;
  const YAML::Mark mark = n.Mark();
  out.line = mark.is_null() ? line : static_cast<std::size_t>(mark.line) + 1;
  out.column = mark.is_null() ? column : static_cast<std::size_t>(mark.column) + 1;
  if (depth > max_config_depth)
    throw error("tfdrift.config.parse", config_place(name, out.line, out.column),
                "nested deeper than " + std::to_string(max_config_depth) + " levels");
  switch (n.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      out.type = config_node::kind::null;
      break;
    case YAML::NodeType::Scalar: {
      out.text = n.Scalar();
      const std::string& tag = n.Tag();
      if (tag == "?") out.type = plain_scalar_kind(out.text);
      else if (tag == "tag:yaml.org,2002:bool") out.type = config_node::kind::boolean;
      else if (tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float") out.type = config_node::kind::number;
      else out.type = config_node::kind::string;  // quoted ("!"), !!str, or a tag of the user's
      if (out.type == config_node::kind::boolean) {
        std::string lower = lower_ascii(out.text);
        if (lower != "true" && lower != "false") out.type = config_node::kind::string;
        else out.text = lower;
      }
      break;
    }
    case YAML::NodeType::Sequence:
      out.type = config_node::kind::array;
      for (const auto& item : n) out.items.push_back(yaml_to_tree(item, name, out.line, out.column, depth + 1));
      break;
    case YAML::NodeType::Map:
      out.type = config_node::kind::object;
      for (const auto& kv : n) {
        const YAML::Mark km = kv.first.Mark();
        std::size_t kl = km.is_null() ? out.line : static_cast<std::size_t>(km.line) + 1;
        std::size_t kc = km.is_null() ? out.column : static_cast<std::size_t>(km.column) + 1;
        if (!kv.first.IsScalar())
          throw error("tfdrift.config.type", config_place(name, kl, kc), "a key must be a plain name, not a list or mapping");
        out.members.push_back({kv.first.Scalar(), kl, kc, yaml_to_tree(kv.second, name, kl, kc, depth + 1)});
      }
      break;
  }
  return out;
}

inline bool ends_with_json(std::string_view name) noexcept {
  return name.size() >= 5 && name.substr(name.size() - 5) == ".json";
}

// A JSON object: "{" then a quoted key or "}" (a YAML flow mapping starts with a plain key).
inline bool looks_like_json(std::string_view text) noexcept {
  std::string_view body = trim(strip_bom(text));
  if (body.empty() || body.front() != '{') return false;
  body = trim(body.substr(1));
  return !body.empty() && (body.front() == '"' || body.front() == '}');
}

// Counts the documents of a YAML stream, up to two, and keeps where the second one starts.
struct yaml_document_counter final : YAML::EventHandler {
  std::size_t documents = 0;
  YAML::Mark second = YAML::Mark::null_mark();  ///< the first node of the second document
  void node(const YAML::Mark& m) {
    if (documents == 2 && second.is_null()) second = m;
  }
  void OnDocumentStart(const YAML::Mark&) override { ++documents; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t) override { node(m); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { node(m); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t, const std::string&) override { node(m); }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    node(m);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    node(m);
  }
  void OnMapEnd() override {}
};

}  // namespace detail

/// Reads a config written as YAML or JSON: JSON (a name ending in .json, or text that starts
/// as a JSON object: "{" and a quoted key) goes to parse_config, so its messages are the same; anything else is read as
/// YAML. An empty text gives the defaults. Throws tfdrift::error with the place
/// "name:line:column" (1-based) and the ids of parse_config.
inline config load_config(std::string_view text, std::string_view name) {
  if (detail::ends_with_json(name) || detail::looks_like_json(text)) return parse_config(text, name);
  // Not YAML::LoadAll: in yaml-cpp 0.7 it never returns on some broken text ("  a: 1\n,"
  // yields empty documents without end, eating memory). The documents are counted, at most
  // two, by a parser of our own; the first is then read with YAML::Load.
  const std::string body(detail::strip_bom(text));
  detail::yaml_document_counter counter;
  YAML::Node doc;
  try {
    std::istringstream in(body);
    YAML::Parser parser(in);
    while (counter.documents < 2 && parser.HandleNextDocument(counter)) {
    }
    if (counter.documents == 1) doc = YAML::Load(body);
  } catch (const YAML::Exception& e) {
    std::size_t line = e.mark.is_null() ? 1 : static_cast<std::size_t>(e.mark.line) + 1;
    std::size_t column = e.mark.is_null() ? 1 : static_cast<std::size_t>(e.mark.column) + 1;
    throw error("tfdrift.config.parse", detail::config_place(name, line, column), "not valid YAML: " + e.msg);
  }
  if (counter.documents > 1) {
    const YAML::Mark m = counter.second;
    throw error("tfdrift.config.parse",
                detail::config_place(name, m.is_null() ? 1 : static_cast<std::size_t>(m.line) + 1,
                                     m.is_null() ? 1 : static_cast<std::size_t>(m.column) + 1),
                "a config is one YAML document; another document (or text that is not YAML) starts here");
  }
  if (counter.documents == 0) return detail::read_config_tree(detail::config_node{}, name);
  return detail::read_config_tree(detail::yaml_to_tree(doc, name, 1, 1), name);
}

TFDRIFT_END_NAMESPACE
