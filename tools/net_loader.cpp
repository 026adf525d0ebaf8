// Loads the network module (net.hpp) on first use, for the program.
#include "net.hpp"

#include <tfdrift/error.hpp>
#include <tfdrift/version.hpp>

#include <cstring>
#include <filesystem>
#include <mutex>
#include <string>
#include <system_error>

#include <dlfcn.h>

#ifndef TFDRIFT_NET_MODULE_DIR
#define TFDRIFT_NET_MODULE_DIR "../lib/tfdrift"
#endif

namespace cli {

namespace {

const net_entry_points* load_net() {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::filesystem::path dir = ec ? std::filesystem::path(".") : self.parent_path();
  std::string tried;
  for (const auto& candidate : {dir / net_module_name, dir / TFDRIFT_NET_MODULE_DIR / net_module_name}) {
    const std::string path = candidate.lexically_normal().string();
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      const char* why = ::dlerror();
      tried += (tried.empty() ? "" : "; ") + std::string(why ? why : path + ": cannot be loaded");
      continue;
    }
    using entry_fn = const net_entry_points* (*)();
    auto entry = reinterpret_cast<entry_fn>(::dlsym(handle, "tfdrift_net_entry_points"));
    const net_entry_points* points = entry ? entry() : nullptr;
    if (!points || points->abi != net_abi || std::strcmp(points->version, TFDRIFT_VERSION_STRING) != 0) {
      tried += (tried.empty() ? "" : "; ") + path + ": not the module of tfdrift " + TFDRIFT_VERSION_STRING;
      ::dlclose(handle);
      continue;
    }
    return points;  // kept loaded until the process ends
  }
  throw tfdrift::error("tfdrift.cli.module", net_module_name,
                       "cannot load the network module, which tfdrift serve and alert delivery (--webhook, "
                       "--slack-webhook, --falco-output) need: " + tried);
}

}  // namespace

const net_entry_points& net() {
  static std::once_flag once;
  static const net_entry_points* points = nullptr;
  std::call_once(once, [] { points = load_net(); });
  return *points;
}

namespace detail {

// The program's URL check asks the module (libcurl's parser), as serve's does.
std::string url_origin(const std::string& url, const std::string& option) { return net().url_origin(url, option); }

}  // namespace detail

}  // namespace cli
