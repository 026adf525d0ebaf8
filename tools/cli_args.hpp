// Command-line pieces shared by tfdrift's commands (detect, catalog, rules, serve).
#pragma once

#include <cstdio>
#include <exception>
#include <optional>
#include <string>

#include <tfdrift/format.hpp>

namespace cli {

/// An option as written: "--name value" gives {"--name", none}, "--name=value" gives
/// {"--name", "value"} (only for long options; "-f=x" stays one name).
struct option_arg {
  std::string name;
  std::optional<std::string> inline_value;
};

inline option_arg split_option(const std::string& a) {
  if (auto eq = a.find('='); a.rfind("--", 0) == 0 && eq != std::string::npos)
    return {a.substr(0, eq), a.substr(eq + 1)};
  return {a, std::nullopt};
}

/// Prints a failure that ends a command ("tfdrift: error: ..."), with its control bytes escaped.
inline void print_error(const std::exception& e) {
  std::fprintf(stderr, "tfdrift: error: %s\n", tfdrift::terminal_safe(e.what()).c_str());
}

}  // namespace cli
