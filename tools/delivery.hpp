// Alert delivery for tfdrift detect and serve: webhook and Slack posts from a bounded queue with retries, and Falco-style JSON lines on stdout.
#pragma once

#include <tfdrift/ecs.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <curl/curl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

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
// such as a Slack webhook's token), or throws when it is not an http or https URL.
inline std::string url_origin(const std::string& url, const std::string& option) {
  CURLU* u = curl_url();
  if (!u) throw std::runtime_error("out of memory");
  std::unique_ptr<CURLU, void (*)(CURLU*)> guard(u, curl_url_cleanup);
  char* scheme = nullptr;
  char* host = nullptr;
  char* port = nullptr;
  if (curl_url_set(u, CURLUPART_URL, url.c_str(), 0) != CURLUE_OK ||
      curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
      curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
    curl_free(scheme);
    curl_free(host);
    throw std::invalid_argument(option + " needs an http:// or https:// URL");
  }
  std::string s = scheme, h = host;
  curl_free(scheme);
  curl_free(host);
  if (s != "http" && s != "https") throw std::invalid_argument(option + " needs an http:// or https:// URL");
  if (curl_url_get(u, CURLUPART_PORT, &port, 0) == CURLUE_OK) {
    h += ":" + std::string(port);
    curl_free(port);
  }
  return s + "://" + h;
}

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

// ---------------------------------------------------------------------------------------
// Payloads
// ---------------------------------------------------------------------------------------

/// Returns Falco's spelling of a priority ("WARNING" -> "Warning").
inline std::string falco_priority(std::string_view p) {
  std::string s;
  for (std::size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (i == 0 && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (i > 0 && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    s += c;
  }
  return s.empty() ? std::string("Warning") : s;
}

/// Returns a time as Falco writes it ("2025-03-11T13:04:12.000000000Z"): the event's time
/// when it is an ISO-8601 UTC time, else now.
inline std::string falco_time(std::string_view event_time) {
  auto digits = [&](std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i)
      if (i >= event_time.size() || event_time[i] < '0' || event_time[i] > '9') return false;
    return true;
  };
  if (event_time.size() >= 20 && digits(0, 4) && event_time[4] == '-' && digits(5, 2) && event_time[7] == '-' &&
      digits(8, 2) && event_time[10] == 'T' && digits(11, 2) && event_time[13] == ':' && digits(14, 2) &&
      event_time[16] == ':' && digits(17, 2) && event_time.back() == 'Z') {
    std::string frac;
    if (event_time[19] == '.' && event_time.size() > 21 && digits(20, event_time.size() - 21))
      frac = std::string(event_time.substr(20, event_time.size() - 21));
    else if (event_time.size() != 20)
      frac = "-";
    if (frac != "-") {
      frac.resize(9, '0');
      return std::string(event_time.substr(0, 19)) + "." + frac.substr(0, 9) + "Z";
    }
  }
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count() % 1000000000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%09lldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(ns));
  return buf;
}

/// Returns this machine's host name (as Falco puts it in every alert).
inline std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return {};
  return buf;
}

/// Returns one Falco-style JSON line for an alert (no trailing newline): output, priority,
/// rule, time, output_fields (tfdrift.* and the ct.* fields Falco's cloudtrail plugin would
/// carry; tfdrift.alert holds the whole tfdrift.alert.v1 JSON as text, as ct.request does),
/// source "tfdrift", tags and hostname. Untrusted text in `output` is made terminal-safe.
inline std::string falco_line(const tfdrift::alert& a, const std::string& hostname) {
  using tfdrift::terminal_safe;
  const std::string time = falco_time(a.event_time);
  const std::string priority = falco_priority(a.priority);
  const std::string subject =
      a.address ? terminal_safe(*a.address) : terminal_safe(a.resource_type) + " " + terminal_safe(a.resource_id);
  std::string changes;
  for (const auto& c : a.changes) {
    if (!changes.empty()) changes += "; ";
    changes += terminal_safe(c.path) + " " + tfdrift::render_value(c.old_value) + " -> " +
               tfdrift::render_value(c.new_value);
  }
  std::string output = time + ": " + priority + " Terraform drift: " + subject + " " +
                       std::string(tfdrift::to_string(a.kind)) + " (event=" + terminal_safe(a.event_name);
  if (!changes.empty()) output += " changes=" + changes;
  output += " user=" + terminal_safe(a.who.name) + " identitytype=" + terminal_safe(a.who.identity_type) +
            " region=" + terminal_safe(a.region) + " account=" + terminal_safe(a.account) +
            " severity=" + std::string(tfdrift::to_string(a.sev)) + " id=" + terminal_safe(a.event_id) + ")";

  nlohmann::ordered_json fields;
  fields["ct.id"] = a.event_id;
  fields["ct.name"] = a.event_name;
  fields["ct.time"] = a.event_time;
  fields["ct.region"] = a.region;
  fields["ct.recipientaccountid"] = a.account;
  fields["ct.user"] = a.who.name;
  fields["ct.user.arn"] = a.who.arn;
  fields["ct.user.identitytype"] = a.who.identity_type;
  fields["ct.useragent"] = a.who.user_agent;
  fields["tfdrift.address"] = a.address ? nlohmann::ordered_json(*a.address) : nlohmann::ordered_json(nullptr);
  fields["tfdrift.resource_type"] = a.resource_type;
  fields["tfdrift.resource_id"] = a.resource_id;
  fields["tfdrift.kind"] = tfdrift::to_string(a.kind);
  fields["tfdrift.severity"] = tfdrift::to_string(a.sev);
  fields["tfdrift.rule"] = a.rule;
  fields["tfdrift.changes"] = changes;
  fields["tfdrift.state_file"] = a.state_file;
  fields["tfdrift.alert"] = tfdrift::to_json_line(a);

  nlohmann::ordered_json j;
  j["hostname"] = hostname;
  j["output"] = output;
  j["output_fields"] = std::move(fields);
  j["priority"] = priority;
  j["rule"] = a.rule.empty() ? "tfdrift " + std::string(tfdrift::to_string(a.kind)) : a.rule;
  j["source"] = "tfdrift";
  j["tags"] = {"drift", "ecs", "terraform", std::string(tfdrift::to_string(a.sev))};
  j["time"] = time;
  return tfdrift::detail::dump_json(j);
}

/// Returns a Slack message (incoming-webhook JSON) for an alert: `text` (the notification's
/// fallback) and `blocks`, mrkdwn sections made from tfdrift::to_markdown, whose escaping
/// (control characters, & < >, formatting characters) keeps text from the records from
/// formatting, linking or mentioning. Bold is Slack's single asterisk.
inline std::string slack_message(const tfdrift::alert& a) {
  constexpr std::size_t section_limit = 3000, max_blocks = 50;
  std::string md = tfdrift::to_markdown(a);
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < md.size();) {
    auto nl = md.find('\n', start);
    if (nl == std::string::npos) nl = md.size();
    lines.push_back(md.substr(start, nl - start));
    start = nl + 1;
  }
  std::string title = lines.empty() ? std::string() : lines.front();
  if (title.size() >= 4 && title.rfind("**", 0) == 0 && title.compare(title.size() - 2, 2, "**") == 0)
    title = "*" + title.substr(2, title.size() - 4) + "*";
  nlohmann::ordered_json blocks = nlohmann::ordered_json::array();
  auto section = [&](const std::string& text) {
    nlohmann::ordered_json b;
    b["type"] = "section";
    b["text"] = {{"type", "mrkdwn"}, {"text", text}};
    blocks.push_back(std::move(b));
  };
  section(title.substr(0, section_limit));
  std::string body;
  std::size_t omitted = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (blocks.size() >= max_blocks - 1) {
      ++omitted;
      continue;
    }
    if (!body.empty() && body.size() + 1 + l.size() > section_limit) {
      section(body);
      body.clear();
    }
    if (!body.empty()) body += "\n";
    body += l.substr(0, section_limit);
  }
  if (omitted) {
    std::string note = "- ... " + std::to_string(omitted) + " more lines";
    if (body.size() + 1 + note.size() > section_limit) body.resize(section_limit - note.size() - 1);
    body += (body.empty() ? "" : "\n") + note;
  }
  if (!body.empty()) section(body);
  std::string subject = a.address ? *a.address : a.resource_type + " " + a.resource_id;
  nlohmann::ordered_json j;
  j["text"] = tfdrift::markdown_safe("Terraform drift: " + subject + " (" + std::string(tfdrift::to_string(a.kind)) +
                                     ", severity " + std::string(tfdrift::to_string(a.sev)) + ")");
  j["blocks"] = std::move(blocks);
  return tfdrift::detail::dump_json(j);
}

// ---------------------------------------------------------------------------------------
// HTTP posts (libcurl)
// ---------------------------------------------------------------------------------------

/// The result of one POST.
struct post_result {
  CURLcode code = CURLE_OK;
  long status = 0;    ///< the HTTP status, 0 when there was no answer
  std::string error;  ///< curl's message when code is not CURLE_OK

  bool ok() const { return code == CURLE_OK && status >= 200 && status < 300; }
  /// Returns whether trying again may help: no answer, a timeout, 408, 429 or 5xx.
  bool retryable() const { return code != CURLE_OK || status == 408 || status == 429 || status >= 500; }
  std::string str() const {
    if (code != CURLE_OK) return error.empty() ? std::string(curl_easy_strerror(code)) : error;
    return "HTTP " + std::to_string(status);
  }
};

/// Posts JSON bodies with one reused curl handle (one per thread).
class http_poster {
 public:
  http_poster() : h_(curl_easy_init()) {
    if (!h_) throw std::runtime_error("curl_easy_init failed");
    headers_ = curl_slist_append(headers_, "Content-Type: application/json");
    headers_ = curl_slist_append(headers_, ("User-Agent: tfdrift/" + std::string(tfdrift::version())).c_str());
    headers_ = curl_slist_append(headers_, "Expect:");
  }
  ~http_poster() {
    curl_slist_free_all(headers_);
    curl_easy_cleanup(h_);
  }
  http_poster(const http_poster&) = delete;
  http_poster& operator=(const http_poster&) = delete;

  /// Posts `body` to `url`, giving up after `timeout` or as soon as `abort` turns true.
  post_result post(const std::string& url, const std::string& body, std::chrono::milliseconds timeout,
                   const std::atomic<bool>& abort) {
    char err[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(h_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h_, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h_, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h_, CURLOPT_HTTPHEADER, headers_);
    curl_easy_setopt(h_, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(h_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(h_, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    curl_easy_setopt(h_, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout.count()));
    curl_easy_setopt(h_, CURLOPT_ERRORBUFFER, err);
    curl_easy_setopt(h_, CURLOPT_WRITEFUNCTION, +[](char*, std::size_t size, std::size_t n, void*) { return size * n; });
    curl_easy_setopt(h_, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h_, CURLOPT_XFERINFODATA, const_cast<std::atomic<bool>*>(&abort));
    curl_easy_setopt(h_, CURLOPT_XFERINFOFUNCTION,
                     +[](void* p, curl_off_t, curl_off_t, curl_off_t, curl_off_t) -> int {
                       return static_cast<std::atomic<bool>*>(p)->load() ? 1 : 0;
                     });
    post_result r;
    r.code = curl_easy_perform(h_);
    if (r.code == CURLE_OK) curl_easy_getinfo(h_, CURLINFO_RESPONSE_CODE, &r.status);
    else r.error = err[0] ? err : curl_easy_strerror(r.code);
    curl_easy_setopt(h_, CURLOPT_ERRORBUFFER, nullptr);
    return r;
  }

 private:
  CURL* h_;
  curl_slist* headers_ = nullptr;
};

/// Writes a line to stderr as one write, so lines from several threads do not mix.
inline void log_line(const std::string& line) {
  std::string s = line + "\n";
  std::fwrite(s.data(), 1, s.size(), stderr);
  std::fflush(stderr);
}

/// Counts of one delivery target; every alert handed to it ends delivered, failed or dropped.
struct delivery_counts {
  std::uint64_t delivered = 0, retried = 0, failed = 0, dropped = 0, queued = 0;
  std::size_t capacity = 0;
};

/// One URL's bounded queue and the worker thread that posts from it. push() never blocks:
/// when the queue is full the oldest waiting alert is dropped (logged and counted), so that
/// the newest drift reaches the receiver when it comes back.
class delivery_queue {
 public:
  delivery_queue(std::string target, std::string url, const delivery_options& o)
      : target_(std::move(target)), url_(std::move(url)), origin_(detail::url_origin(url_, "--" + target_)), o_(o) {
    worker_ = std::thread([this] { run(); });
  }
  ~delivery_queue() { close(std::chrono::steady_clock::now()); }
  delivery_queue(const delivery_queue&) = delete;
  delivery_queue& operator=(const delivery_queue&) = delete;

  /// Queues a body for posting; `label` (the eventID) names it in the log.
  void push(std::string body, std::string label) {
    std::optional<std::string> dropped;
    bool closed = false;
    {
      std::lock_guard lock(m_);
      if (closing_) {
        ++counts_.dropped;
        closed = true;
        dropped = std::move(label);
      } else {
        if (queue_.size() >= o_.queue) {
          dropped = std::move(queue_.front().second);
          queue_.pop_front();
          ++counts_.dropped;
        }
        queue_.emplace_back(std::move(body), std::move(label));
      }
    }
    cv_.notify_all();
    if (dropped)
      log_line("tfdrift: " + target_ + ": " +
               (closed ? std::string("shutting down") : "queue full (" + std::to_string(o_.queue) + ")") +
               "; dropped the alert of event " + tfdrift::terminal_safe(*dropped));
  }

  /// Stops taking alerts, waits until the queue is empty or `deadline` passes, then aborts
  /// what is still in flight and counts what is left as dropped. Idempotent.
  void close(std::chrono::steady_clock::time_point deadline) {
    {
      std::unique_lock lock(m_);
      if (!worker_.joinable()) return;
      closing_ = true;
      cv_.notify_all();
      cv_.wait_until(lock, deadline, [&] { return queue_.empty() && !busy_; });
      abort_ = true;
      if (!queue_.empty())
        log_line("tfdrift: " + target_ + ": " + std::to_string(queue_.size()) +
                 " alerts not delivered before the end (dropped)");
      counts_.dropped += queue_.size();
      queue_.clear();
    }
    cv_.notify_all();
    worker_.join();
  }

  /// Returns the counts so far.
  delivery_counts counts() const {
    std::lock_guard lock(m_);
    delivery_counts c = counts_;
    c.queued = queue_.size() + (busy_ ? 1 : 0);
    c.capacity = o_.queue;
    return c;
  }
  const std::string& target() const { return target_; }
  const std::string& origin() const { return origin_; }

 private:
  void run() {
    http_poster poster;
    std::unique_lock lock(m_);
    for (;;) {
      cv_.wait(lock, [&] { return abort_ || closing_ || !queue_.empty(); });
      if (abort_ || queue_.empty()) {
        if (abort_ || closing_) return;
        continue;
      }
      auto [body, label] = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
      auto wait = o_.backoff;
      for (unsigned attempt = 0;; ++attempt) {
        lock.unlock();
        post_result r = poster.post(url_, body, o_.timeout, abort_);
        lock.lock();
        if (r.ok()) {
          ++counts_.delivered;
          break;
        }
        if (!r.retryable() || attempt >= o_.retries || abort_) {
          ++counts_.failed;
          log_line("tfdrift: " + target_ + ": delivery of the alert of event " + tfdrift::terminal_safe(label) +
                   " to " + origin_ + " failed after " + std::to_string(attempt + 1) +
                   (attempt ? " attempts: " : " attempt: ") + tfdrift::terminal_safe(r.str()));
          break;
        }
        ++counts_.retried;
        cv_.wait_for(lock, wait, [&] { return abort_.load(); });
        wait = std::min(wait * 2, std::chrono::milliseconds(30000));
      }
      busy_ = false;
      cv_.notify_all();
    }
  }

  std::string target_, url_, origin_;
  delivery_options o_;
  mutable std::mutex m_;
  std::condition_variable cv_;
  std::deque<std::pair<std::string, std::string>> queue_;
  delivery_counts counts_;
  bool closing_ = false, busy_ = false;
  std::atomic<bool> abort_{false};
  std::thread worker_;
};

/// Hands each alert to the targets that the options name. deliver() is safe from several
/// threads; Falco lines are written and flushed one at a time.
class deliverer {
 public:
  explicit deliverer(const delivery_options& o) : o_(o) {
    static std::once_flag curl_once;
    std::call_once(curl_once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    if (o.falco_output) hostname_ = host_name();
    if (o.webhook) webhook_ = std::make_unique<delivery_queue>("webhook", *o.webhook, o);
    if (o.slack_webhook) slack_ = std::make_unique<delivery_queue>("slack", *o.slack_webhook, o);
  }

  /// Delivers one alert: a Falco line now, posts queued.
  void deliver(const tfdrift::alert& a) {
    if (o_.falco_output) {
      std::string line = falco_line(a, hostname_) + "\n";
      std::lock_guard lock(out_m_);
      bool ok = std::fwrite(line.data(), 1, line.size(), stdout) == line.size();
      ok = std::fflush(stdout) == 0 && ok;
      if (ok) {
        ++falco_lines_;
      } else {
        // The reader is gone (EPIPE) or the disk is full: the line is lost, counted, said once.
        if (falco_lost_++ == 0)
          log_line("tfdrift: error: [tfdrift.output.write] stdout: a --falco-output line could not be written (" +
                   std::string(std::strerror(errno)) + "); such lines are lost and counted");
      }
    }
    if (webhook_) webhook_->push(tfdrift::to_json_line(a), a.event_id);
    if (slack_) slack_->push(slack_message(a), a.event_id);
  }

  /// Returns how many --falco-output lines could not be written.
  std::uint64_t falco_lines_lost() const { return falco_lost_.load(); }

  /// Waits (at most the --delivery-drain time) for the queues, then stops them and logs
  /// each target's counts on stderr. Idempotent.
  void finish() {
    if (finished_) return;
    finished_ = true;
    auto deadline = std::chrono::steady_clock::now() + o_.drain;
    for (auto* q : {webhook_.get(), slack_.get()}) {
      if (!q) continue;
      q->close(deadline);
      auto c = q->counts();
      log_line("tfdrift: " + q->target() + " to " + q->origin() + ": delivered " + std::to_string(c.delivered) +
               ", retried " + std::to_string(c.retried) + ", failed " + std::to_string(c.failed) + ", dropped " +
               std::to_string(c.dropped));
    }
  }

  /// Returns the Prometheus exposition of the delivery counts (empty without targets).
  std::string metrics() const {
    std::vector<const delivery_queue*> qs;
    for (auto* q : {webhook_.get(), slack_.get()})
      if (q) qs.push_back(q);
    std::string s;
    if (o_.falco_output) {
      s += "# HELP tfdrift_falco_output_lines_total Falco-style alert lines written to stdout.\n"
           "# TYPE tfdrift_falco_output_lines_total counter\n";
      s += "tfdrift_falco_output_lines_total " + std::to_string(falco_lines_.load()) + "\n";
      s += "# HELP tfdrift_falco_output_lines_lost_total Falco-style alert lines that could not be written.\n"
           "# TYPE tfdrift_falco_output_lines_lost_total counter\n";
      s += "tfdrift_falco_output_lines_lost_total " + std::to_string(falco_lost_.load()) + "\n";
    }
    if (qs.empty()) return s;
    std::vector<std::pair<const delivery_queue*, delivery_counts>> cs;
    for (auto* q : qs) cs.emplace_back(q, q->counts());
    s += "# HELP tfdrift_deliveries_total Alerts handed to a delivery target, by result: delivered (2xx), "
         "failed (retries exhausted or a 4xx) or dropped (queue full, or left at shutdown).\n"
         "# TYPE tfdrift_deliveries_total counter\n";
    for (auto& [q, c] : cs)
      for (auto [result, n] : {std::pair{"delivered", c.delivered}, std::pair{"failed", c.failed},
                               std::pair{"dropped", c.dropped}})
        s += "tfdrift_deliveries_total{target=\"" + q->target() + "\",result=\"" + result + "\"} " +
             std::to_string(n) + "\n";
    s += "# HELP tfdrift_delivery_retries_total Delivery attempts repeated after a network error, timeout, "
         "408, 429 or 5xx.\n# TYPE tfdrift_delivery_retries_total counter\n";
    for (auto& [q, c] : cs)
      s += "tfdrift_delivery_retries_total{target=\"" + q->target() + "\"} " + std::to_string(c.retried) + "\n";
    s += "# HELP tfdrift_delivery_queue_length Alerts waiting or in flight.\n"
         "# TYPE tfdrift_delivery_queue_length gauge\n";
    for (auto& [q, c] : cs)
      s += "tfdrift_delivery_queue_length{target=\"" + q->target() + "\"} " + std::to_string(c.queued) + "\n";
    s += "# HELP tfdrift_delivery_queue_capacity Alerts that may wait before the oldest is dropped.\n"
         "# TYPE tfdrift_delivery_queue_capacity gauge\n";
    for (auto& [q, c] : cs)
      s += "tfdrift_delivery_queue_capacity{target=\"" + q->target() + "\"} " + std::to_string(c.capacity) + "\n";
    return s;
  }

 private:
  delivery_options o_;
  std::string hostname_;
  std::mutex out_m_;
  std::atomic<std::uint64_t> falco_lines_{0};
  std::atomic<std::uint64_t> falco_lost_{0};
  std::unique_ptr<delivery_queue> webhook_, slack_;
  bool finished_ = false;
};

}  // namespace cli
