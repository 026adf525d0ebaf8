// The network half of the command line: tfdrift serve (cpp-httplib) and alert delivery (libcurl)
// live in a module, libtfdrift-net.so, that the program loads on first use. Those libraries and
// their TLS, Kerberos and LDAP dependencies cost about 8 ms of every process start to map and
// initialise (measured on the development machine: a program linking libcurl starts in 9 ms,
// one without it in 0.6 ms); a detect run that neither serves nor delivers never loads them.
#pragma once

#include <tfdrift/alert.hpp>

#include <cstdint>
#include <string>

#include "delivery_options.hpp"

namespace cli {

/// Hands each alert to the targets the delivery options name (delivery.hpp's deliverer).
class alert_delivery {
 public:
  virtual ~alert_delivery() = default;
  /// Delivers one alert: a Falco line now, posts queued. Safe from several threads.
  virtual void deliver(const tfdrift::alert& a) = 0;
  /// Returns how many --falco-output lines could not be written.
  virtual std::uint64_t falco_lines_lost() const = 0;
  /// Waits (at most --delivery-drain) for the queues, stops them and logs their counts.
  virtual void finish() = 0;
};

/// What the module offers the program. Both are built from the same sources; `version` and
/// `abi` are checked on loading, so that a stale module is refused rather than misread.
struct net_entry_points {
  int abi;
  const char* version;
  int (*run_serve)(int argc, char** argv);
  std::string (*url_origin)(const std::string& url, const std::string& option);
  alert_delivery* (*make_delivery)(const delivery_options& o);
};

inline constexpr int net_abi = 1;

/// The module's file name, and where the program looks for it: beside the program (the build
/// tree), then TFDRIFT_NET_MODULE_DIR relative to the program's directory (installed).
inline constexpr const char* net_module_name = "libtfdrift-net.so";

/// Returns the module's entry points, loading it on first use. Throws tfdrift::error
/// "tfdrift.cli.module" naming the places tried and why when it cannot be loaded.
const net_entry_points& net();

}  // namespace cli

/// The module's one exported symbol.
extern "C" const cli::net_entry_points* tfdrift_net_entry_points();
