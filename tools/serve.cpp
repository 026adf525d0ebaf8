// tfdrift serve: Falco alerts and CloudTrail records over HTTP into one shared detector; metrics, open drifts, reload on change, graceful stop.
#include "serve.hpp"

#include <tfdrift/ecs.hpp>
#include <tfdrift/config_yaml.hpp>
#include <tfdrift/input_gzip.hpp>

#include <atomic>
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
};

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
    std::optional<std::string> inline_value;
    std::string name = a;
    if (auto eq = a.find('='); a.rfind("--", 0) == 0 && eq != std::string::npos) {
      name = a.substr(0, eq);
      inline_value = a.substr(eq + 1);
    }
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
      else if (!parse_delivery_option<serve_usage_error>(name, o.delivery, value))
        throw serve_usage_error{"serve: unknown argument " + a};
    } catch (const std::invalid_argument& e) {
      throw serve_usage_error{e.what()};
    }
    if (inline_value) throw serve_usage_error{"option " + name + " takes no value"};
  }
  if (o.states.empty()) throw serve_usage_error{"serve needs at least one --state FILE"};
  return o;
}

void log(const std::string& line) { log_line("tfdrift serve: " + line); }

std::string json_body(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
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

std::string escape_label(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

// Writes a file through a temporary beside it and a rename, so a crash never leaves half a file.
void write_file_atomically(const std::string& path, const std::string& text) {
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) throw tfdrift::error("tfdrift.serve.ledger", path, std::string("cannot write: ") + std::strerror(errno));
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = std::fflush(f) == 0 && ok;
  ok = ::fsync(::fileno(f)) == 0 && ok;
  ok = std::fclose(f) == 0 && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    std::remove(tmp.c_str());
    throw tfdrift::error("tfdrift.serve.ledger", path, std::string("cannot write: ") + std::strerror(err));
  }
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
    svr.set_payload_max_length(o_.max_body);
    svr.set_read_timeout(10, 0);
    svr.set_write_timeout(10, 0);
    svr.set_keep_alive_timeout(2);  // an idle kept-alive connection holds up shutdown this long at most
    int port = o_.port;
    if (port == 0) port = svr.bind_to_any_port(o_.host);
    else if (!svr.bind_to_port(o_.host, port)) port = -1;
    if (port <= 0)
      throw tfdrift::error("tfdrift.serve.listen", o_.host + ":" + std::to_string(o_.port),
                           std::string("cannot listen: ") + std::strerror(errno));
    std::thread server([&] { svr.listen_after_bind(); });
    // stop() does nothing until the server runs, so a SIGTERM right after start must wait.
    for (int i = 0; i < 5000 && !svr.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::string shown_host = o_.host.find(':') != std::string::npos ? "[" + o_.host + "]" : o_.host;
    log("listening on http://" + shown_host + ":" + std::to_string(port));

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
    delivery_.finish();
    int status = exit_ok;
    if (!save_ledger()) status = exit_usage;
    std::fflush(stdout);
    log("stopped");
    return status;
  }

 private:
  void routes(httplib::Server& svr) {
    svr.Post("/falco", [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& r) {
      ingest(req, res, r, "POST /falco");
    });
    svr.Post("/cloudtrail",
             [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& r) {
               ingest(req, res, r, "POST /cloudtrail");
             });
    svr.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
      res.status = 200;
      res.set_content(metrics(), "text/plain; version=0.0.4; charset=utf-8");
    });
    svr.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
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
    svr.Get("/drifts", [this](const httplib::Request&, httplib::Response& res) {
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
    svr.set_logger([this](const httplib::Request& req, const httplib::Response& res) { count_request(req, res); });
  }

  // POST /falco and /cloudtrail: the body (at most --max-body) through the shared detector.
  void ingest(const httplib::Request&, httplib::Response& res, const httplib::ContentReader& reader,
              std::string_view source) {
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
    std::string_view b = tfdrift::detail::strip_bom(body);
    if (tfdrift::detect_framing(b) != tfdrift::framing::ndjson) return d.process(b, source, sink);
    std::uint64_t n = 0;
    while (!b.empty()) {
      auto nl = b.find('\n');
      std::string_view line = b.substr(0, nl);
      ++n;
      if (!tfdrift::detail::trim(line).empty()) tfdrift::process_input_line(d, line, source, n, sink);
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

  void load_ledger() {
    if (!o_.ledger) return;
    std::error_code ec;
    if (!std::filesystem::exists(*o_.ledger, ec)) {
      log("ledger " + tfdrift::terminal_safe(*o_.ledger) + " does not exist yet; it is written at shutdown");
      return;
    }
    std::string text = tfdrift::read_input_file(*o_.ledger);
    std::lock_guard lock(m_);
    auto closed = detector_->load_ledger(text, *o_.ledger);
    log("read the ledger " + tfdrift::terminal_safe(*o_.ledger) + ": " + std::to_string(detector_->ledger().size()) +
        " open drifts" + (closed.empty() ? "" : " (" + std::to_string(closed.size()) + " closed by the state)"));
  }

  bool save_ledger() {
    if (!o_.ledger) return true;
    try {
      std::string text;
      {
        std::lock_guard lock(m_);
        text = json_body(detector_->ledger().to_json());
      }
      write_file_atomically(*o_.ledger, text);
      log("wrote the ledger to " + tfdrift::terminal_safe(*o_.ledger));
      return true;
    } catch (const tfdrift::error& e) {
      log("error: " + tfdrift::terminal_safe(e.what()));
      return false;
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
        s += "tfdrift_http_requests_total{handler=\"" + escape_label(key.first) + "\",code=\"" +
             std::to_string(key.second) + "\"} " + std::to_string(n) + "\n";
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
  deliverer delivery_;
  std::mutex m_;  // guards detector_
  std::optional<tfdrift::detector> detector_;
  tfdrift::config probe_config_;
  std::vector<file_stamp> loaded_stamps_, failed_stamps_, pending_stamps_;
  std::atomic<std::uint64_t> reloads_ok_{0}, reloads_failed_{0};
  std::atomic<bool> last_reload_failed_{false};
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
  } catch (const tfdrift::error& e) {
    std::fprintf(stderr, "tfdrift: error: %s\n", tfdrift::terminal_safe(e.what()).c_str());
    return exit_usage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tfdrift: error: %s\n", tfdrift::terminal_safe(e.what()).c_str());
    return exit_usage;
  }
}

}  // namespace cli
