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

#include "delivery_options.hpp"
#include "net.hpp"

namespace cli {
// ---------------------------------------------------------------------------------------
// Payloads
// ---------------------------------------------------------------------------------------

/// Returns this machine's host name (as Falco puts it in every alert).
inline std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return {};
  return buf;
}

// falco_line and slack_message, the payloads, are formatters of the library (tfdrift/format.hpp).

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
class deliverer : public alert_delivery {
 public:
  explicit deliverer(const delivery_options& o) : o_(o) {
    static std::once_flag curl_once;
    std::call_once(curl_once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    if (o.falco_output) hostname_ = host_name();
    if (o.webhook) webhook_ = std::make_unique<delivery_queue>("webhook", *o.webhook, o);
    if (o.slack_webhook) slack_ = std::make_unique<delivery_queue>("slack", *o.slack_webhook, o);
  }

  /// Delivers one alert: a Falco line now, posts queued.
  void deliver(const tfdrift::alert& a) override {
    if (o_.falco_output) {
      std::string line = tfdrift::falco_line(a, hostname_) + "\n";
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
    if (slack_) slack_->push(tfdrift::slack_message(a), a.event_id);
  }

  /// Returns how many --falco-output lines could not be written.
  std::uint64_t falco_lines_lost() const override { return falco_lost_.load(); }

  /// Waits (at most the --delivery-drain time) for the queues, then stops them and logs
  /// each target's counts on stderr. Idempotent.
  void finish() override {
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
