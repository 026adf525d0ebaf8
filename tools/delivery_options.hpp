// The delivery options of tfdrift detect and serve (--webhook, --slack-webhook, --falco-output,
// --delivery-*): what they ask for, their help and how they are read. No network code: the
// program reads them without loading the network module (net.hpp), which delivers.
#pragma once

#include <chrono>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cli {

/// What --webhook, --slack-webhook, --falco-output and the --delivery-* options ask for.
struct delivery_options {
  std::optional<std::string> webhook;        ///< posts each alert's tfdrift.alert.v1 JSON
  std::optional<std::string> slack_webhook;  ///< posts a Slack message per alert
  bool falco_output = false;                 ///< one Falco-style JSON line per alert on stdout
  std::chrono::milliseconds timeout{5000};   ///< per attempt (connect + send + answer)
  unsigned retries = 3;                      ///< attempts after the first one
  std::chrono::milliseconds backoff{500};    ///< wait before the first retry; doubles, at most 30 s
  std::size_t queue = 1000;                  ///< alerts waiting per target; the oldest is dropped when full
  std::chrono::milliseconds drain{30000};    ///< how long the end of the run waits for the queues

  bool any() const { return webhook || slack_webhook || falco_output; }
};

inline constexpr const char* delivery_help_text =
    "Delivery (detect and serve):\n"
    "      --webhook URL    POST each alert's tfdrift.alert.v1 JSON to URL (http or https)\n"
    "      --slack-webhook URL\n"
    "                       POST a Slack message per alert (blocks from the markdown format;\n"
    "                       text from the records escaped)\n"
    "      --webhook-file FILE, --slack-webhook-file FILE\n"
    "                       the URL from a file (its first line), or from the environment\n"
    "                       variables TFDRIFT_WEBHOOK_URL and TFDRIFT_SLACK_WEBHOOK_URL: a URL\n"
    "                       holds a secret, and any local user reads the command line\n"
    "      --falco-output   write one Falco-style JSON line per alert to stdout (output,\n"
    "                       priority, rule, time, output_fields, source \"tfdrift\",\n"
    "                       hostname), for Falcosidekick and friends\n"
    "      --delivery-timeout SECONDS  per attempt (default 5)\n"
    "      --delivery-retries N        attempts after the first on a network error,\n"
    "                                  timeout, HTTP 408, 429 or 5xx (default 3); waits\n"
    "                                  0.5 s, 1 s, 2 s, ... (at most 30 s) in between\n"
    "      --delivery-queue N          alerts waiting per URL (default 1000); when full the\n"
    "                                  oldest waiting alert is dropped, logged and counted\n"
    "      --delivery-drain SECONDS    how long the end of the run waits for waiting alerts\n"
    "                                  (default 30); what is left is counted dropped\n"
    "Posts run in a worker thread per URL and never hold up detection.\n";

namespace detail {

inline std::chrono::milliseconds parse_seconds(const std::string& v, const std::string& name) {
  char* end = nullptr;
  double s = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0' || !(s > 0) || s > 3600)
    throw std::invalid_argument(name + " needs a number of seconds above 0 and at most 3600");
  return std::chrono::milliseconds(static_cast<long long>(s * 1000 + 0.5));
}

inline unsigned long parse_count(const std::string& v, const std::string& name, unsigned long lo, unsigned long hi) {
  char* end = nullptr;
  unsigned long n = std::strtoul(v.c_str(), &end, 10);
  if (v.empty() || v[0] == '-' || *end != '\0' || n < lo || n > hi)
    throw std::invalid_argument(name + " needs a number from " + std::to_string(lo) + " to " + std::to_string(hi));
  return n;
}


// Returns "scheme://host[:port]" of a URL (never its path or query, which may hold a secret
// such as a Slack webhook's token), or throws std::invalid_argument naming `option` when it is
// not an http or https URL. Read with libcurl's URL parser, in the network module (net.hpp):
// the program asks the module, loading it, only when a URL is given.
std::string url_origin(const std::string& url, const std::string& option);

// Reads a secret (a token, a URL) from a file: the whole file, without the line end and
// spaces after it. Throws std::invalid_argument naming the option when the file cannot be
// read, is empty, is larger than 64 KiB, or holds a control character (a second line).
inline std::string read_secret_file(const std::string& path, const std::string& option) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw std::invalid_argument(option + " " + path + ": " + std::strerror(errno));
  std::string s;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0 && s.size() <= 65536) s.append(buf, n);
  bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) throw std::invalid_argument(option + " " + path + ": cannot read the file");
  if (s.size() > 65536) throw std::invalid_argument(option + " " + path + ": larger than 64 KiB");
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  if (s.empty()) throw std::invalid_argument(option + " " + path + ": the file is empty");
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) throw std::invalid_argument(option + " " + path + ": holds a control character or a second line");
  return s;
}

}  // namespace detail

/// Reads one delivery option whose name was just read (`value()` returns its value); returns
/// false when the name is not a delivery option. Throws UsageError{message} on a bad value.
template <class UsageError, class Value>
bool parse_delivery_option(const std::string& name, delivery_options& o, Value&& value) {
  try {
    if (name == "--webhook") {
      o.webhook = value();
      detail::url_origin(*o.webhook, name);
    } else if (name == "--slack-webhook") {
      o.slack_webhook = value();
      detail::url_origin(*o.slack_webhook, name);
    } else if (name == "--webhook-file") {
      o.webhook = detail::read_secret_file(value(), name);
      detail::url_origin(*o.webhook, name);
    } else if (name == "--slack-webhook-file") {
      o.slack_webhook = detail::read_secret_file(value(), name);
      detail::url_origin(*o.slack_webhook, name);
    } else if (name == "--falco-output") {
      o.falco_output = true;
    } else if (name == "--delivery-timeout") {
      o.timeout = detail::parse_seconds(value(), name);
    } else if (name == "--delivery-retries") {
      o.retries = static_cast<unsigned>(detail::parse_count(value(), name, 0, 20));
    } else if (name == "--delivery-queue") {
      o.queue = detail::parse_count(value(), name, 1, 1000000);
    } else if (name == "--delivery-drain") {
      o.drain = detail::parse_seconds(value(), name);
    } else {
      return false;
    }
  } catch (const std::invalid_argument& e) {
    throw UsageError{e.what()};
  }
  return true;
}

/// Takes the URLs not given by an option from the environment: TFDRIFT_WEBHOOK_URL and
/// TFDRIFT_SLACK_WEBHOOK_URL (a URL is a secret: in argv any local user reads it in
/// /proc/PID/cmdline). Throws UsageError{message} when one is not an http(s) URL.
template <class UsageError>
void delivery_options_from_environment(delivery_options& o) {
  auto take = [](std::optional<std::string>& url, const char* variable) {
    const char* v = std::getenv(variable);
    if (url || !v || !*v) return;
    try {
      detail::url_origin(v, variable);
    } catch (const std::invalid_argument& e) {
      throw UsageError{e.what()};
    }
    url = v;
  };
  take(o.webhook, "TFDRIFT_WEBHOOK_URL");
  take(o.slack_webhook, "TFDRIFT_SLACK_WEBHOOK_URL");
}

/// Returns whether a delivery option takes a value (--falco-output does not).
inline bool delivery_option_takes_value(std::string_view name) { return name != "--falco-output"; }

}  // namespace cli
