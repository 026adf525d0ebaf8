// tfdrift serve: Falco alerts and CloudTrail records over HTTP into one shared detector; metrics, open drifts, reload on change, graceful stop.
#include "serve.hpp"

#include "cli_args.hpp"

#include <tfdrift/ecs.hpp>
#include <tfdrift/config_yaml.hpp>
#include <tfdrift/input_gzip.hpp>
#include <tfdrift/atomic_file.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "delivery.hpp"

namespace cli {
namespace {

constexpr int exit_ok = 0;
constexpr int exit_usage = 2;

struct serve_usage_error {
  std::string message;
};

struct serve_options {
  std::vector<std::string> states;
  std::optional<std::string> config;
  std::string host = "127.0.0.1";
  int port = 8080;
  std::size_t max_body = 10u << 20;
  std::optional<std::string> ledger;
  delivery_options delivery;
  std::optional<std::string> token;  // --token-file or TFDRIFT_TOKEN: required on POST and /drifts
  std::string token_source;          // where the token came from, for the log
  bool insecure_listen = false;      // --insecure-listen: a non-loopback address without a token
  std::chrono::milliseconds request_timeout{10000};  // --request-timeout: headers and body of one request
  std::size_t max_connections = 256;                  // --max-connections: connections served at once
};

constexpr int listen_backlog = 512;  // cpp-httplib's own is 5: a burst of connections then waits a second

// The workers of the HTTP server, with a deadline per request.
//
// Threads: one per connection, started when every thread is busy, up to --max-connections
// (more connections wait for a free one). cpp-httplib's own pool is a fixed 8 threads, so
// that 8 slow clients stopped every endpoint.
//
// Deadline: cpp-httplib's timeouts are per read, so a client sending a byte every few seconds
// held a worker for ever. A watchdog shuts down a connection whose request (headers and body,
// counted from the accept or from the end of the previous request) has not been read in full
// within the deadline; handlers say when a request has been read (request_read) and the
// logger when it was answered (request_done). cpp-httplib gives a task queue only a closure,
// not the socket (and its per-connection function is private): enqueue() runs on the accept
// thread right after accept(), so the one socket of this port that is not yet known is the
// new connection. The pool keeps its own descriptor of it (dup) until the connection ends,
// so a shutdown never reaches a socket that was closed and whose number was reused.
// Every connection also gets TCP_NODELAY (a kept-alive request otherwise waits ~40 ms for
// the peer's delayed ACK).
class connection_pool : public httplib::TaskQueue {
 public:
  connection_pool(std::size_t max_threads, std::chrono::milliseconds deadline, int port)
      : max_(max_threads), deadline_(deadline), port_(port) {
    watchdog_ = std::thread([this] { watch(); });
  }
  ~connection_pool() override { shutdown(); }

  void enqueue(std::function<void()> fn) override {
    std::shared_ptr<connection> c = find_new_connection();
    std::lock_guard lock(m_);
    if (c) open_.push_back(c);
    jobs_.push_back({std::move(fn), std::move(c)});
    if (idle_ < jobs_.size() && threads_.size() < max_) threads_.emplace_back([this] { work(); });
    cv_.notify_one();
  }

  // Runs what was queued, then joins every thread.
  void shutdown() override {
    {
      std::lock_guard lock(m_);
      if (stop_) return;
      stop_ = true;
    }
    cv_.notify_all();
    watch_cv_.notify_all();
    for (auto& t : threads_) t.join();
    watchdog_.join();
  }

  /// The request on this thread's connection has been read: its deadline no longer applies.
  void request_read() {
    if (!current_) return;
    std::lock_guard lock(m_);
    current_->reading = false;
  }
  /// The request on this thread's connection was answered: the next one's deadline starts.
  /// With `close`, the connection ends after the answer (cpp-httplib keeps it open despite
  /// an answer's "Connection: close", and would read an unread body as the next request):
  /// its reading side is shut, so the next read ends it.
  void request_done(bool close) {
    if (!current_) return;
    std::lock_guard lock(m_);
    current_->reading = true;
    current_->since = std::chrono::steady_clock::now();
    if (close) ::shutdown(current_->fd, SHUT_RD);
  }
  std::uint64_t cut() const { return cut_.load(); }

 private:
  struct connection {
    int fd = -1;  // the pool's own descriptor of the socket
    unsigned long inode = 0;
    std::chrono::steady_clock::time_point since = std::chrono::steady_clock::now();
    bool reading = true;
    bool shut = false;
    ~connection() {
      if (fd >= 0) ::close(fd);
    }
  };
  struct job {
    std::function<void()> fn;
    std::shared_ptr<connection> conn;
  };

  // The socket accepted on port_ that no connection holds yet (see above), or null.
  std::shared_ptr<connection> find_new_connection() {
    std::vector<unsigned long> known;
    {
      std::lock_guard lock(m_);
      for (const auto& c : open_) known.push_back(c->inode);
    }
    int found_fd = -1;
    unsigned long found_inode = 0;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
      char target[64];
      ssize_t n = ::readlink(e.path().c_str(), target, sizeof target - 1);
      if (n <= 8) continue;
      target[n] = '\0';
      unsigned long inode = 0;
      if (std::sscanf(target, "socket:[%lu]", &inode) != 1) continue;
      if (std::find(known.begin(), known.end(), inode) != known.end()) continue;
      int fd = std::atoi(e.path().filename().c_str());
      int listening = 0;
      socklen_t len = sizeof listening;
      if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || listening) continue;
      sockaddr_storage local{};
      socklen_t alen = sizeof local;
      if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &alen) != 0) continue;
      int port = local.ss_family == AF_INET    ? ntohs(reinterpret_cast<sockaddr_in*>(&local)->sin_port)
                 : local.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&local)->sin6_port)
                                               : -1;
      if (port != port_) continue;
      if (found_fd >= 0) return nullptr;  // two unknown sockets: cannot tell which one is new
      found_fd = fd;
      found_inode = inode;
    }
    if (found_fd < 0) return nullptr;
    // Duplicated after the scan: the copy would otherwise show up in it as a second socket.
    auto c = std::make_shared<connection>();
    c->fd = ::dup(found_fd);
    c->inode = found_inode;
    if (c->fd < 0) return nullptr;
    int one = 1;
    ::setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return c;
  }

  void work() {
    std::unique_lock lock(m_);
    for (;;) {
      ++idle_;
      cv_.wait(lock, [&] { return stop_ || !jobs_.empty(); });
      --idle_;
      if (jobs_.empty()) return;  // stopping, nothing left
      job j = std::move(jobs_.front());
      jobs_.pop_front();
      if (j.conn) j.conn->since = std::chrono::steady_clock::now();
      lock.unlock();
      current_ = j.conn.get();
      j.fn();
      current_ = nullptr;
      lock.lock();
      if (j.conn) open_.erase(std::remove(open_.begin(), open_.end(), j.conn), open_.end());
    }
  }

  void watch() {
    std::unique_lock lock(m_);
    while (!stop_) {
      watch_cv_.wait_for(lock, std::chrono::milliseconds(50));
      auto now = std::chrono::steady_clock::now();
      for (const auto& c : open_)
        if (c->reading && !c->shut && now - c->since > deadline_) {
          ::shutdown(c->fd, SHUT_RDWR);
          c->shut = true;
          ++cut_;
        }
    }
  }

  std::size_t max_;
  std::chrono::milliseconds deadline_;
  int port_;
  std::mutex m_;
  std::condition_variable cv_, watch_cv_;
  std::deque<job> jobs_;
  std::vector<std::shared_ptr<connection>> open_;
  std::vector<std::thread> threads_;
  std::size_t idle_ = 0;
  bool stop_ = false;
  std::atomic<std::uint64_t> cut_{0};
  std::thread watchdog_;
  static inline thread_local connection* current_ = nullptr;
};

constexpr std::size_t min_token_bytes = 16;

// Whether a --listen host is a loopback address (127.0.0.0/8, ::1, ::ffff:127.x, localhost):
// only then may serve run without a token.
bool is_loopback_host(const std::string& host) {
  if (host == "localhost") return true;
  in_addr v4{};
  if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (::inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
  }
  return false;
}

// Compares a presented token with the expected one in a time that depends only on the
// expected token's length, never on where the first difference is.
bool token_matches(std::string_view expected, std::string_view given) {
  volatile unsigned char diff = expected.size() != given.size() ? 1 : 0;
  for (std::size_t i = 0; i < expected.size(); ++i)
    diff = diff | static_cast<unsigned char>(expected[i] ^ (i < given.size() ? given[i] : 0));
  return diff == 0;
}

// The token of an "Authorization: Bearer TOKEN" header (the scheme in any case), or nothing.
std::optional<std::string_view> bearer_token(std::string_view header) {
  constexpr std::string_view scheme = "bearer ";
  if (header.size() <= scheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(header[i])) != scheme[i]) return std::nullopt;
  std::string_view t = header.substr(scheme.size());
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  if (t.empty()) return std::nullopt;
  return t;
}

void parse_listen(const std::string& v, serve_options& o) {
  auto colon = v.rfind(':');
  if (colon == std::string::npos || colon + 1 == v.size())
    throw serve_usage_error{"--listen needs HOST:PORT, e.g. 127.0.0.1:8080"};
  std::string host = v.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) throw serve_usage_error{"--listen needs a host, e.g. 127.0.0.1:8080 (0.0.0.0 for every address)"};
  o.host = host;
  o.port = static_cast<int>(detail::parse_count(v.substr(colon + 1), "the port of --listen", 0, 65535));
}

serve_options parse_serve(int argc, char** argv) {
  serve_options o;
  std::vector<std::string> args(argv + 2, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    auto [name, inline_value] = split_option(a);
    auto value = [&]() -> std::string {
      if (inline_value) return *std::exchange(inline_value, std::nullopt);
      if (i + 1 >= args.size()) throw serve_usage_error{"option " + name + " needs a value"};
      return args[++i];
    };
    try {
      if (name == "--state" || name == "-s") o.states.push_back(value());
      else if (name == "--config" || name == "-c") o.config = value();
      else if (name == "--listen") parse_listen(value(), o);
      else if (name == "--max-body") o.max_body = detail::parse_count(value(), name, 1, 1ul << 31);
      else if (name == "--ledger") o.ledger = value();
      else if (name == "--token-file") {
        std::string path = value();
        o.token = detail::read_secret_file(path, name);
        o.token_source = "--token-file " + path;
      } else if (name == "--insecure-listen") o.insecure_listen = true;
      else if (name == "--request-timeout") o.request_timeout = detail::parse_seconds(value(), name);
      else if (name == "--max-connections") o.max_connections = detail::parse_count(value(), name, 1, 4096);
      else if (!parse_delivery_option<serve_usage_error>(name, o.delivery, value))
        throw serve_usage_error{"serve: unknown argument " + a};
    } catch (const std::invalid_argument& e) {
      throw serve_usage_error{e.what()};
    }
    if (inline_value) throw serve_usage_error{"option " + name + " takes no value"};
  }
  delivery_options_from_environment<serve_usage_error>(o.delivery);
  if (o.states.empty()) throw serve_usage_error{"serve needs at least one --state FILE"};
  if (!o.token) {
    if (const char* env = std::getenv("TFDRIFT_TOKEN"); env && *env) {
      std::string t = env;
      for (unsigned char c : t)
        if (c < 0x20 || c == 0x7f || c == ' ') throw serve_usage_error{"TFDRIFT_TOKEN holds a space or a control character"};
      o.token = std::move(t);
      o.token_source = "TFDRIFT_TOKEN";
    }
  }
  if (o.token && o.token->size() < min_token_bytes)
    throw serve_usage_error{"the token (" + o.token_source + ") is shorter than " + std::to_string(min_token_bytes) +
                            " bytes; make one with: openssl rand -hex 32"};
  if (!o.token && !o.insecure_listen && !is_loopback_host(o.host))
    throw serve_usage_error{"--listen " + o.host +
                            " is not a loopback address: anyone who reaches it could post records that open and "
                            "close drifts. Give a token (--token-file FILE or TFDRIFT_TOKEN), or --insecure-listen "
                            "to listen without one"};
  return o;
}

void log(const std::string& line) { log_line("tfdrift serve: " + line); }

std::string json_body(const nlohmann::ordered_json& j) {
  return tfdrift::json_text(j) + "\n";
}

void reply(httplib::Response& res, int status, const nlohmann::ordered_json& j) {
  res.status = status;
  res.set_content(json_body(j), "application/json");
}

nlohmann::ordered_json error_json(std::string_view id, std::string_view message) {
  nlohmann::ordered_json j;
  j["error"] = id;
  j["message"] = message;
  return j;
}

// What identifies a file's content on disk; a change in any field means "read it again".
struct file_stamp {
  bool exists = false;
  dev_t dev = 0;
  ino_t ino = 0;
  off_t size = 0;
  std::int64_t mtime_ns = 0;
  bool operator==(const file_stamp&) const = default;
};

file_stamp stamp_of(const std::string& path) {
  struct stat st {};
  file_stamp s;
  if (::stat(path.c_str(), &st) != 0) return s;
  s.exists = true;
  s.dev = st.st_dev;
  s.ino = st.st_ino;
  s.size = st.st_size;
  s.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  return s;
}

std::vector<file_stamp> stamps_of(const std::vector<std::string>& paths) {
  std::vector<file_stamp> v;
  for (const auto& p : paths) v.push_back(stamp_of(p));
  return v;
}

// Loads every state file into a new index; throws tfdrift::error.
tfdrift::state_index load_states(const std::vector<std::string>& paths) {
  tfdrift::state_index idx;
  for (const auto& p : paths) idx.load(tfdrift::read_input_file(p), p);
  return idx;
}

// The service: one detector behind a mutex (it is single-threaded), shared by the HTTP
// handler threads; the state swapped in whole after a reload.
class service {
 public:
  explicit service(serve_options o) : o_(std::move(o)), delivery_(o_.delivery) {}

  int run() {
    tfdrift::config cfg = tfdrift::default_config();
    if (o_.config) cfg = tfdrift::load_config(tfdrift::read_input_file(*o_.config), *o_.config);
    detector_.emplace(cfg);
    probe_config_ = std::move(cfg);
    loaded_stamps_ = stamps_of(o_.states);
    detector_->replace_states(load_states(o_.states));
    log("loaded " + std::to_string(o_.states.size()) + " state file" + (o_.states.size() == 1 ? "" : "s") + " (" +
        std::to_string(detector_->states().instances().size()) + " ECS resources)");
    load_ledger();

    httplib::Server svr;
    routes(svr);
    int port = o_.port;
    svr.new_task_queue = [this, &port] {
      auto* pool = new connection_pool(o_.max_connections, o_.request_timeout, port);
      pool_ = pool;
      return pool;
    };
    svr.set_payload_max_length(o_.max_body);
    const auto timeout_s = std::chrono::duration_cast<std::chrono::seconds>(o_.request_timeout).count();
    // Per read, a second above the deadline: the deadline ends a slow request first, and
    // closes its connection (a read timeout answers 400 and keeps the connection).
    svr.set_read_timeout(timeout_s + 1, 0);
    svr.set_write_timeout(std::max<std::int64_t>(1, timeout_s), 0);
    svr.set_keep_alive_timeout(2);  // an idle kept-alive connection holds up shutdown this long at most
    svr.set_keep_alive_max_count(1000);  // Falco and Prometheus keep their connections
    svr.set_tcp_nodelay(true);
    int listen_fd = -1;
    svr.set_socket_options([&listen_fd](socket_t sock) {
      httplib::default_socket_options(sock);
      listen_fd = sock;
    });
    if (port == 0) port = svr.bind_to_any_port(o_.host);
    else if (!svr.bind_to_port(o_.host, port)) port = -1;
    if (port <= 0)
      throw tfdrift::error("tfdrift.serve.listen", o_.host + ":" + std::to_string(o_.port),
                           std::string("cannot listen: ") + std::strerror(errno));
    // listen() again on the bound socket sets the backlog; cpp-httplib's build has 5.
    if (listen_fd >= 0 && ::listen(listen_fd, listen_backlog) != 0)
      log(std::string("warning: cannot raise the listen backlog: ") + std::strerror(errno));
    // Started once nothing can throw before the joins below.
    std::thread ledger_writer;
    if (o_.ledger) ledger_writer = std::thread([this] { write_ledger_in_background(); });
    std::thread server([&] { svr.listen_after_bind(); });
    // stop() does nothing until the server runs, so a SIGTERM right after start must wait.
    for (int i = 0; i < 5000 && !svr.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::string shown_host = o_.host.find(':') != std::string::npos ? "[" + o_.host + "]" : o_.host;
    log("listening on http://" + shown_host + ":" + std::to_string(port));
    if (o_.token) log("POST /falco, POST /cloudtrail and GET /drifts need the bearer token (" + tfdrift::terminal_safe(o_.token_source) + ")");
    else log("no token: every client that reaches this address may post records" +
             std::string(is_loopback_host(o_.host) ? "" : " (--insecure-listen)"));

    sigset_t set;
    sigemptyset(&set);
    for (int s : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&set, s);
    for (;;) {
      timespec one_second{1, 0};
      int sig = ::sigtimedwait(&set, nullptr, &one_second);
      if (sig == SIGTERM || sig == SIGINT) {
        log(std::string("received ") + (sig == SIGTERM ? "SIGTERM" : "SIGINT") + "; stopping");
        break;
      }
      if (sig == SIGHUP) {
        reload("SIGHUP");
        continue;
      }
      // A changed file is read once it has stayed the same for a poll, so that a writer
      // that rewrites it in place is not caught half-way.
      auto now = stamps_of(o_.states);
      if (now == loaded_stamps_ || now == failed_stamps_) pending_stamps_.clear();
      else if (now == pending_stamps_) reload("a state file changed");
      else pending_stamps_ = std::move(now);
    }

    svr.stop();      // closes the listening socket; requests in progress run to their end
    server.join();   // the thread pool has finished every request
    pool_ = nullptr;  // deleted by the server
    if (ledger_writer.joinable()) {
      {
        std::lock_guard lock(ledger_m_);
        ledger_stop_ = true;
      }
      ledger_cv_.notify_all();
      ledger_writer.join();
    }
    delivery_.finish();
    int status = exit_ok;
    if (!save_ledger(true)) status = exit_usage;
    if (auto lost = delivery_.falco_lines_lost()) {
      log("error: " + std::to_string(lost) + " --falco-output line" + (lost == 1 ? "" : "s") +
          " could not be written to stdout");
      status = exit_usage;
    }
    std::fflush(stdout);
    log("stopped");
    return status;
  }

 private:
  void routes(httplib::Server& svr) {
    // Before any body is read: a Content-Length that is not a number (cpp-httplib would wait
    // for the read timeout on "-1"), or a multipart body (its reader needs another callback:
    // the answer was 500 bad_function_call). The connection is closed after the answer.
    svr.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
      if (req.has_header("Content-Length")) {
        const std::string v = req.get_header_value("Content-Length");
        if (v.empty() || v.size() > 19 || v.find_first_not_of("0123456789") != std::string::npos) {
          res.set_header("Connection", "close");
          reply(res, 400, error_json("tfdrift.http.content_length", "Content-Length is not a number of bytes"));
          return httplib::Server::HandlerResponse::Handled;
        }
      }
      if (req.method == "POST" && req.is_multipart_form_data()) {
        res.set_header("Connection", "close");
        reply(res, 415,
              error_json("tfdrift.http.media_type",
                         "multipart/form-data is not read: post the JSON itself (application/json or NDJSON)"));
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    svr.Post("/falco", [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& r) {
      ingest(req, res, r, "POST /falco");
    });
    svr.Post("/cloudtrail",
             [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& r) {
               ingest(req, res, r, "POST /cloudtrail");
             });
    svr.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
      request_read();
      res.status = 200;
      res.set_content(metrics(), "text/plain; version=0.0.4; charset=utf-8");
    });
    svr.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
      request_read();
      nlohmann::ordered_json j;
      j["status"] = "ok";
      j["version"] = tfdrift::version();
      {
        std::lock_guard lock(m_);
        j["state_files"] = detector_->states().files();
        j["resources"] = detector_->states().instances().size();
        j["records_read"] = detector_->stats().records_read;
      }
      j["last_reload_failed"] = last_reload_failed_.load();
      reply(res, 200, j);
    });
    svr.Get("/drifts", [this](const httplib::Request& req, httplib::Response& res) {
      request_read();
      if (!authorized(req)) return unauthorized(res);
      res.status = 200;
      res.set_content(drifts_json(), "application/json");
    });
    svr.set_error_handler([](const httplib::Request&, httplib::Response& res) {
      if (!res.body.empty()) return;
      if (res.status == 404) reply(res, 404, error_json("tfdrift.http.not_found", "no such endpoint"));
      else if (res.status == 413) reply(res, 413, error_json("tfdrift.http.too_large", "request body too large"));
      else reply(res, res.status, error_json("tfdrift.http.error", "HTTP status " + std::to_string(res.status)));
    });
    svr.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
      std::string what = "internal error";
      try {
        std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      log("error: " + tfdrift::terminal_safe(what));
      reply(res, 500, error_json("tfdrift.http.internal", what));
    });
    svr.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      count_request(req, res);
      request_done(res.get_header_value("Connection") == "close");
    });
  }

  // What the connection pool's deadline needs to know (see connection_pool).
  void request_read() {
    if (auto* p = pool_.load()) p->request_read();
  }
  void request_done(bool close) {
    if (auto* p = pool_.load()) p->request_done(close);
  }

  // Whether the request carries the token (always, when serve has none).
  bool authorized(const httplib::Request& req) const {
    if (!o_.token) return true;
    const std::string header = req.get_header_value("Authorization");
    auto t = bearer_token(header);
    return token_matches(*o_.token, t ? *t : std::string_view{});
  }

  // 401: the body is not read, so the connection is closed after the answer.
  static void unauthorized(httplib::Response& res) {
    res.set_header("WWW-Authenticate", "Bearer realm=\"tfdrift\"");
    res.set_header("Connection", "close");
    reply(res, 401,
          error_json("tfdrift.http.unauthorized",
                     "this endpoint needs the header Authorization: Bearer TOKEN, with the token serve was given "
                     "(--token-file or TFDRIFT_TOKEN)"));
  }

  // POST /falco and /cloudtrail: the body (at most --max-body) through the shared detector.
  void ingest(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader,
              std::string_view source) {
    if (!authorized(req)) return unauthorized(res);
    std::string body;
    bool too_large = false;
    bool read = reader([&](const char* data, std::size_t n) {
      if (body.size() + n > o_.max_body) {
        too_large = true;
        return false;
      }
      body.append(data, n);
      return true;
    });
    if (too_large || res.status == 413) {
      res.set_header("Connection", "close");
      return reply(res, 413,
                   error_json("tfdrift.http.too_large",
                              "request body larger than --max-body " + std::to_string(o_.max_body) + " bytes"));
    }
    if (!read) {
      res.set_header("Connection", "close");
      return reply(res, 400, error_json("tfdrift.http.read", "the request body could not be read"));
    }
    request_read();

    std::vector<tfdrift::alert> alerts;
    auto sink = [&](const tfdrift::alert& a) { alerts.push_back(a); };
    std::uint64_t records = 0, malformed = 0;
    {
      std::lock_guard lock(m_);
      auto& d = *detector_;
      const std::uint64_t read_before = d.stats().records_read;
      const std::uint64_t malformed_before = d.stats().count(tfdrift::outcome::malformed);
      process(d, body, std::string(source), sink);
      records = d.stats().records_read - read_before;
      malformed = d.stats().count(tfdrift::outcome::malformed) - malformed_before;
    }
    for (const auto& a : alerts) delivery_.deliver(a);
    if (records > malformed) ledger_may_have_changed();

    if (records == 0) return reply(res, 400, error_json("tfdrift.http.empty", "the body holds no record"));
    nlohmann::ordered_json j;
    if (malformed == records) j = error_json("", "");
    j["records"] = records;
    j["alerts"] = alerts.size();
    j["malformed"] = malformed;
    if (malformed) {
      // Which records: the body again through a detector of its own (same limits, no state),
      // so places are the body's own lines and record numbers.
      tfdrift::detector probe(probe_config_);
      process(probe, body, "body", [](const tfdrift::alert&) {});
      auto& errors = j["errors"] = nlohmann::ordered_json::array();
      for (const auto& m : probe.stats().malformed_places)
        errors.push_back({{"id", m.id}, {"where", m.place.str()}, {"message", m.message}});
      if (malformed == records) {
        const auto& places = probe.stats().malformed_places;
        j["error"] = places.empty() ? std::string("tfdrift.input.json") : places.front().id;
        j["message"] = records == 1 ? "the record is malformed" : "every record in the body is malformed";
        log("400 on " + std::string(source) + ": " + std::to_string(records) + " malformed record" +
            (records == 1 ? "" : "s") + (places.empty() ? "" : ", first [" + places.front().id + "] " +
                                                                   tfdrift::terminal_safe(places.front().place.str()) +
                                                                   ": " + tfdrift::terminal_safe(places.front().message)));
        return reply(res, 400, j);
      }
    }
    reply(res, 202, j);
  }

  // Frames a body as the tfdrift command frames a file: NDJSON line by line (a line may be a
  // whole {"Records":[...]} document), anything else as one buffer.
  template <class Sink>
  static void process(tfdrift::detector& d, std::string_view body, const std::string& source, Sink&& sink) {
    std::string_view b = tfdrift::strip_bom(body);
    if (tfdrift::detect_framing(b) != tfdrift::framing::ndjson) return d.process(b, source, sink);
    std::uint64_t n = 0;
    while (!b.empty()) {
      auto nl = b.find('\n');
      std::string_view line = b.substr(0, nl);
      ++n;
      if (!tfdrift::trim_blanks(line).empty()) tfdrift::process_input_line(d, line, source, n, sink);
      b = nl == std::string_view::npos ? std::string_view{} : b.substr(nl + 1);
    }
  }

  // Reads every state file into a new index without the lock, then swaps it in; a state
  // that does not load keeps the old one.
  void reload(const std::string& why) {
    auto stamps = stamps_of(o_.states);
    try {
      auto idx = load_states(o_.states);
      std::size_t resources = idx.instances().size();
      std::size_t closed = 0;
      {
        std::lock_guard lock(m_);
        closed = detector_->replace_states(std::move(idx)).size();
      }
      loaded_stamps_ = stamps;
      failed_stamps_.clear();
      pending_stamps_.clear();
      ++reloads_ok_;
      last_reload_failed_ = false;
      if (closed) ledger_may_have_changed();
      log("reloaded the state (" + why + "): " + std::to_string(resources) + " ECS resources" +
          (closed ? "; it closed " + std::to_string(closed) + " open drifts" : ""));
    } catch (const tfdrift::error& e) {
      failed_stamps_ = stamps;
      pending_stamps_.clear();
      ++reloads_failed_;
      last_reload_failed_ = true;
      log("error: " + tfdrift::terminal_safe(e.what()) + " (" + why + "); keeping the previous state");
    }
  }

  // Removes the temporaries of ledger writes that a killed serve left beside the ledger
  // ("LEDGER.tmp.PID.N", see write_file_atomically) when process PID is gone.
  void remove_stale_temporaries() {
    namespace fs = std::filesystem;
    const fs::path target = tfdrift::resolve_symlinks(*o_.ledger);
    const std::string prefix = target.filename().string() + ".tmp.";
    const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (name.rfind(prefix, 0) != 0) continue;
      const std::string rest = name.substr(prefix.size());
      const auto dot = rest.find('.');
      if (dot == 0 || dot == std::string::npos || dot > 9 || rest.find_first_not_of("0123456789.") != std::string::npos)
        continue;
      const auto pid = static_cast<pid_t>(std::stol(rest.substr(0, dot)));
      if (pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;  // its writer may be alive
      std::error_code rm;
      if (fs::remove(it->path(), rm)) log("removed " + tfdrift::terminal_safe(it->path().string()) + ", left by a stopped serve");
    }
  }

  void load_ledger() {
    if (!o_.ledger) return;
    remove_stale_temporaries();
    std::error_code ec;
    if (!std::filesystem::exists(*o_.ledger, ec)) {
      log("ledger " + tfdrift::terminal_safe(*o_.ledger) + " does not exist yet; it is written after the first record");
      return;
    }
    std::string text = tfdrift::read_input_file(*o_.ledger);
    std::lock_guard lock(m_);
    auto closed = detector_->load_ledger(text, *o_.ledger);
    log("read the ledger " + tfdrift::terminal_safe(*o_.ledger) + ": " + std::to_string(detector_->ledger().size()) +
        " open drifts" + (closed.empty() ? "" : " (" + std::to_string(closed.size()) + " closed by the state)"));
  }

  // Writes the ledger when its text differs from what was last written (always when `final`);
  // returns false when the write failed.
  bool save_ledger(bool final = false) {
    if (!o_.ledger) return true;
    std::lock_guard write_lock(ledger_write_m_);
    try {
      std::string text;
      {
        std::lock_guard lock(m_);
        text = json_body(detector_->ledger().to_json());
      }
      if (!final && text == last_ledger_text_) return true;
      tfdrift::write_file_atomically(*o_.ledger, text, "tfdrift.serve.ledger");
      last_ledger_text_ = std::move(text);
      ++ledger_writes_ok_;
      if (final) log("wrote the ledger to " + tfdrift::terminal_safe(*o_.ledger));
      return true;
    } catch (const tfdrift::error& e) {
      ++ledger_writes_failed_;
      log("error: " + tfdrift::terminal_safe(e.what()));
      return false;
    }
  }

  // Something may have opened or closed a drift: the ledger writer looks within a second.
  void ledger_may_have_changed() {
    if (!o_.ledger) return;
    {
      std::lock_guard lock(ledger_m_);
      ledger_dirty_ = true;
    }
    ledger_cv_.notify_one();
  }

  // The ledger writer's thread: after a change, writes the ledger (when its text changed), then
  // waits a second before the next write, so a crash loses at most the last second or so and
  // a busy service writes once a second.
  void write_ledger_in_background() {
    std::unique_lock lock(ledger_m_);
    for (;;) {
      ledger_cv_.wait(lock, [&] { return ledger_stop_ || ledger_dirty_; });
      if (ledger_stop_) return;
      ledger_dirty_ = false;
      lock.unlock();
      const auto started = std::chrono::steady_clock::now();
      save_ledger();
      lock.lock();
      ledger_cv_.wait_until(lock, started + std::chrono::seconds(1), [&] { return ledger_stop_; });
    }
  }

  std::string drifts_json() {
    std::lock_guard lock(m_);
    return json_body(detector_->ledger().to_json());
  }

  std::string metrics() {
    std::string s;
    {
      std::lock_guard lock(m_);
      s = detector_->metrics().exposition();
    }
    s += "# HELP tfdrift_state_reloads_total State reloads after a change on disk or SIGHUP, by result.\n"
         "# TYPE tfdrift_state_reloads_total counter\n";
    s += "tfdrift_state_reloads_total{result=\"success\"} " + std::to_string(reloads_ok_.load()) + "\n";
    s += "tfdrift_state_reloads_total{result=\"failure\"} " + std::to_string(reloads_failed_.load()) + "\n";
    s += "# HELP tfdrift_state_reload_failed 1 when the last reload failed and the previous state is in use.\n"
         "# TYPE tfdrift_state_reload_failed gauge\n";
    s += "tfdrift_state_reload_failed " + std::string(last_reload_failed_ ? "1" : "0") + "\n";
    {
      std::lock_guard lock(requests_m_);
      s += "# HELP tfdrift_http_requests_total HTTP requests answered, by handler and status code.\n"
           "# TYPE tfdrift_http_requests_total counter\n";
      for (const auto& [key, n] : requests_)
        s += "tfdrift_http_requests_total{handler=\"" + tfdrift::prometheus_label_value(key.first) + "\",code=\"" +
             std::to_string(key.second) + "\"} " + std::to_string(n) + "\n";
    }
    s += "# HELP tfdrift_http_deadline_exceeded_total Connections closed because a request's headers and body did "
         "not arrive within --request-timeout.\n"
         "# TYPE tfdrift_http_deadline_exceeded_total counter\n";
    s += "tfdrift_http_deadline_exceeded_total " + std::to_string(pool_.load() ? pool_.load()->cut() : 0) + "\n";
    if (o_.ledger) {
      s += "# HELP tfdrift_ledger_writes_total Writes of the --ledger file (within a second of a change), by result.\n"
           "# TYPE tfdrift_ledger_writes_total counter\n";
      s += "tfdrift_ledger_writes_total{result=\"success\"} " + std::to_string(ledger_writes_ok_.load()) + "\n";
      s += "tfdrift_ledger_writes_total{result=\"failure\"} " + std::to_string(ledger_writes_failed_.load()) + "\n";
    }
    s += delivery_.metrics();
    return s;
  }

  void count_request(const httplib::Request& req, const httplib::Response& res) {
    static constexpr std::string_view known[] = {"/falco", "/cloudtrail", "/metrics", "/healthz", "/drifts"};
    std::string handler = "other";
    for (auto k : known)
      if (req.path == k) handler = std::string(k);
    std::lock_guard lock(requests_m_);
    ++requests_[{handler, res.status}];
  }

  serve_options o_;
  std::atomic<connection_pool*> pool_{nullptr};  // while run() serves
  deliverer delivery_;
  std::mutex m_;  // guards detector_
  std::optional<tfdrift::detector> detector_;
  tfdrift::config probe_config_;
  std::vector<file_stamp> loaded_stamps_, failed_stamps_, pending_stamps_;
  std::atomic<std::uint64_t> reloads_ok_{0}, reloads_failed_{0};
  std::atomic<bool> last_reload_failed_{false};
  std::mutex ledger_m_;  // guards ledger_dirty_ and ledger_stop_
  std::condition_variable ledger_cv_;
  bool ledger_dirty_ = false, ledger_stop_ = false;
  std::mutex ledger_write_m_;  // one write of the file at a time; guards last_ledger_text_
  std::string last_ledger_text_;
  std::atomic<std::uint64_t> ledger_writes_ok_{0}, ledger_writes_failed_{0};
  std::mutex requests_m_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
};

}  // namespace

int run_serve(int argc, char** argv) {
  for (int i = 2; i < argc; ++i)
    if (std::string_view(argv[i]) == "--help" || std::string_view(argv[i]) == "-h") {
      std::fputs(serve_help_text, stdout);
      std::fputs(delivery_help_text, stdout);
      return exit_ok;
    }
  // Block the stop and reload signals before any thread starts, so that every thread
  // inherits the mask and only the main loop's sigtimedwait takes them.
  sigset_t set;
  sigemptyset(&set);
  for (int s : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&set, s);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  try {
    service svc(parse_serve(argc, argv));
    return svc.run();
  } catch (const serve_usage_error& e) {
    std::fprintf(stderr, "tfdrift: usage error: %s\n", tfdrift::terminal_safe(e.message).c_str());
    std::fputs(serve_usage_text, stderr);
    return exit_usage;
  } catch (const std::exception& e) {  // tfdrift::error too
    print_error(e);
    return exit_usage;
  }
}

}  // namespace cli
