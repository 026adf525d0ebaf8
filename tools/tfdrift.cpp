// The tfdrift command: backfills Terraform drift from CloudTrail files or follows a live stream, and prints the catalog and Falco rules.
#include <tfdrift/ecs.hpp>
#include <tfdrift/catalog_text.hpp>
#include <tfdrift/coverage.hpp>
#include <tfdrift/config_yaml.hpp>
#include <tfdrift/falco.hpp>
#include <tfdrift/input_gzip.hpp>
#include <tfdrift/atomic_file.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <new>
#include <system_error>
#include <thread>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "cli_args.hpp"
#include "cli_text.hpp"
#include "delivery_options.hpp"
#include "net.hpp"
#include "serve.hpp"

namespace {

using cli::print_error;
using cli::split_option;
using clock_type = std::chrono::steady_clock;

constexpr int exit_clean = 0;
constexpr int exit_drift = 1;
constexpr int exit_usage = 2;

// ---------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------

struct usage_error {
  std::string message;
};

enum class out_format { text, json, ndjson, markdown };

// --jobs by default: one reader per core (the detector thread is one more, mostly waiting).
unsigned default_jobs() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1u : std::min(n, 256u);
}

struct detect_options {
  std::vector<std::string> states;
  std::optional<std::string> config;
  out_format format = out_format::text;
  std::optional<std::string> output;
  std::optional<std::string> explain;
  std::vector<std::string> paths;
  int progress = -1;  // -1: when stderr is a terminal and the input is large; 0 never; 1 always
  unsigned jobs = default_jobs();  // threads that read, inflate and screen files
  bool summary = true;
  std::optional<std::string> metrics_file;  // --metrics-file: the Prometheus exposition at the end
  std::optional<std::string> ledger;        // --ledger: open drifts read at the start, saved at the end
  tfdrift::awslogs_filter filter;           // --since/--until/--accounts/--regions (awslogs.hpp)
  std::uint64_t max_file_bytes = tfdrift::default_max_file_bytes;  // --max-file-bytes: a whole file, a gzip stream
  cli::delivery_options delivery;  // --webhook, --slack-webhook, --falco-output (delivery.hpp)
};

std::optional<out_format> parse_format(std::string_view s) {
  if (s == "text") return out_format::text;
  if (s == "json") return out_format::json;
  if (s == "ndjson") return out_format::ndjson;
  if (s == "markdown") return out_format::markdown;
  return std::nullopt;
}

// Walks argv; supports "--name value", "--name=value", "--" and "-" (stdin).
class arg_reader {
 public:
  arg_reader(int argc, char** argv, int first) : argv_(argv + first, argv + argc) {}
  bool done() const { return i_ >= argv_.size(); }
  std::string next() { return argv_[i_++]; }
  // Returns the value of an option whose name was just read (inline "=value" or the next arg).
  std::string value(std::string_view name, std::optional<std::string>& inline_value) {
    if (inline_value) return *std::exchange(inline_value, std::nullopt);
    if (done()) throw usage_error{"option " + std::string(name) + " needs a value"};
    return next();
  }

 private:
  std::vector<std::string> argv_;
  std::size_t i_ = 0;
};

detect_options parse_detect(int argc, char** argv, int first) {
  detect_options o;
  arg_reader args(argc, argv, first);
  bool only_paths = false;
  while (!args.done()) {
    std::string a = args.next();
    if (only_paths || a == "-" || a.empty() || a[0] != '-') {
      o.paths.push_back(a);
      continue;
    }
    if (a == "--") {
      only_paths = true;
      continue;
    }
    auto [name, inline_value] = split_option(a);
    if (name == "--state" || name == "-s") {
      o.states.push_back(args.value(name, inline_value));
    } else if (name == "--config" || name == "-c") {
      o.config = args.value(name, inline_value);
    } else if (name == "--format" || name == "-f") {
      std::string v = args.value(name, inline_value);
      auto f = parse_format(v);
      if (!f) throw usage_error{"unknown format \"" + v + "\" (use text, json, ndjson or markdown)"};
      o.format = *f;
    } else if (name == "--output" || name == "-o") {
      o.output = args.value(name, inline_value);
    } else if (name == "--explain") {
      o.explain = args.value(name, inline_value);
      if (o.explain->empty()) throw usage_error{"--explain needs an eventID"};
    } else if (name == "--jobs" || name == "-j") {
      std::string v = args.value(name, inline_value);
      char* end = nullptr;
      unsigned long n = std::strtoul(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || n < 1 || n > 256) throw usage_error{"--jobs needs a number from 1 to 256"};
      o.jobs = static_cast<unsigned>(n);
    } else if (name == "--progress") {
      o.progress = 1;
    } else if (name == "--no-progress") {
      o.progress = 0;
    } else if (name == "--no-summary") {
      o.summary = false;
    } else if (name == "--metrics-file") {
      o.metrics_file = args.value(name, inline_value);
    } else if (name == "--ledger") {
      o.ledger = args.value(name, inline_value);
    } else if (name == "--since" || name == "--until") {
      std::string v = args.value(name, inline_value);
      auto t = tfdrift::parse_utc_time(v);
      if (!t) throw usage_error{name + " needs a UTC time like 2025-03-01 or 2025-03-01T12:00:00Z, not \"" + v + "\""};
      (name == "--since" ? o.filter.time.since : o.filter.time.until) = *t;
    } else if (name == "--accounts" || name == "--regions") {
      std::string v = args.value(name, inline_value);
      auto& list = name == "--accounts" ? o.filter.accounts : o.filter.regions;
      for (std::size_t at = 0; at <= v.size();) {
        std::size_t comma = std::min(v.find(',', at), v.size());
        if (comma > at) list.push_back(v.substr(at, comma - at));
        at = comma + 1;
      }
      if (list.empty()) throw usage_error{name + " needs a comma-separated list"};
    } else if (name == "--max-file-bytes") {
      std::string v = args.value(name, inline_value);
      char* end = nullptr;
      unsigned long long n = std::strtoull(v.c_str(), &end, 10);
      if (v.empty() || v[0] == '-' || *end != '\0' || n < 1024)
        throw usage_error{"--max-file-bytes needs a number of bytes, at least 1024"};
      o.max_file_bytes = n;
    } else if (cli::parse_delivery_option<usage_error>(name, o.delivery,
                                                       [&] { return args.value(name, inline_value); })) {
    } else {
      throw usage_error{"unknown option " + a};
    }
    if (inline_value) throw usage_error{"option " + name + " takes no value"};
  }
  if (o.filter.time.since && o.filter.time.until && *o.filter.time.since >= *o.filter.time.until)
    throw usage_error{"--since must be before --until"};
  cli::delivery_options_from_environment<usage_error>(o.delivery);
  if (o.states.empty()) throw usage_error{"detect needs at least one --state FILE"};
  if (o.paths.empty()) throw usage_error{"detect needs at least one PATH (a file, a directory, or - for stdin)"};
  if (std::count(o.paths.begin(), o.paths.end(), "-") > 1) throw usage_error{"stdin (-) can be named only once"};
  return o;
}

// ---------------------------------------------------------------------------------------
// Signals: Ctrl-C stops reading and still prints the summary; a second one kills.
// ---------------------------------------------------------------------------------------

// Lock-free atomics, which a signal handler may set and the --jobs workers read.
static_assert(std::atomic<int>::is_always_lock_free);
std::atomic<int> g_stop{0};
// Set when writing the alerts failed (stdout's reader is gone, a disk is full): reading stops
// as after Ctrl-C, and the run still writes its summary, --ledger and --metrics-file.
std::atomic<int> g_output_closed{0};

extern "C" void on_stop_signal(int) { g_stop = 1; }

// What the library's readers ask between chunks and records, so that a stop is honoured
// within one chunk (1 MiB) or one record, also while a whole file is read, inflated or
// processed: they throw tfdrift::stopped, and the file counts as cut short.
const tfdrift::stop_predicate stop_requested = [] { return g_stop.load(std::memory_order_relaxed) != 0; };

void install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;  // no SA_RESTART: a blocked read() returns EINTR
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

// ---------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------

// Writes each alert as soon as it is produced and flushes it, so a live stream alerts live.
class alert_writer {
 public:
  alert_writer(std::FILE* f, out_format fmt) : f_(f), fmt_(fmt) {}

  void begin() {
    if (fmt_ == out_format::json) put("[");
    std::fflush(f_);
  }
  void write(const tfdrift::alert& a) {
    if (g_output_closed) return;
    switch (fmt_) {
      case out_format::text:
        if (count_) put("\n");
        put(tfdrift::to_text(a));
        break;
      case out_format::markdown:
        if (count_) put("\n");
        put(tfdrift::to_markdown(a));
        break;
      case out_format::ndjson:
        put(tfdrift::to_json_line(a));
        put("\n");
        break;
      case out_format::json:
        put(count_ ? ",\n" : "\n");
        put(tfdrift::to_json_line(a));
        break;
    }
    ++count_;
    std::fflush(f_);
    if (std::ferror(f_)) {
      g_output_closed = 1;
      g_stop = 1;
    }
  }
  void end() {
    if (fmt_ == out_format::json) put(count_ ? "\n]\n" : "]\n");
    std::fflush(f_);
  }
  bool failed() const { return std::ferror(f_) != 0; }

 private:
  void put(std::string_view s) { std::fwrite(s.data(), 1, s.size(), f_); }
  std::FILE* f_;
  out_format fmt_;
  std::uint64_t count_ = 0;
};

// ---------------------------------------------------------------------------------------
// Progress on a terminal
// ---------------------------------------------------------------------------------------

constexpr std::uint64_t large_input_bytes = 32ull << 20;

class progress_line {
 public:
  progress_line(bool on, std::uint64_t total) : on_(on), total_(total), start_(clock_type::now()) {}

  void advance(std::uint64_t bytes) {
    done_ += bytes;
    if (!on_) return;
    auto now = clock_type::now();
    if (shown_ && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    show(now);
  }
  void clear() {
    if (on_ && shown_) std::fputs("\r\x1b[K", stderr);
    shown_ = false;
  }

 private:
  void show(clock_type::time_point now) {
    double secs = std::chrono::duration<double>(now - start_).count();
    double rate = secs > 0 ? static_cast<double>(done_) / secs : 0;
    std::string line = "tfdrift: " + cli::human_bytes(done_) + " of " + cli::human_bytes(total_);
    if (total_) line += " (" + std::to_string(done_ * 100 / total_) + "%)";
    line += ", " + cli::human_bytes(static_cast<std::uint64_t>(rate)) + "/s";
    if (rate > 0 && total_ > done_)
      line += ", ETA " + cli::human_duration(static_cast<double>(total_ - done_) / rate);
    std::fprintf(stderr, "\r\x1b[K%s", line.c_str());
    std::fflush(stderr);
    shown_ = true;
  }

  bool on_;
  std::uint64_t total_;
  std::uint64_t done_ = 0;
  clock_type::time_point start_, last_{};
  bool shown_ = false;
};

// ---------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------

using tfdrift::is_records_document;
using tfdrift::line_splitter;

// An allocation that failed while one input was read: that input's error, never an abort.
tfdrift::error out_of_memory(const std::string& path) {
  return tfdrift::error("tfdrift.input.memory", path,
                        "out of memory while reading it (lower --max-file-bytes or the config's "
                        "limits.max_record_bytes, or give tfdrift more memory)");
}

// --- --jobs: files read and screened in worker threads, detected in order here ------------

// What a worker finds in one file: the records that may be ECS, in order and with their
// places, and how many were proven not to be. The detector then sees exactly what a
// single-threaded run would feed it past its own prefilter, so the output is the same.
struct screened_file {
  enum class kind { record, document_line, whole };
  struct item {
    std::string text;
    std::uint64_t line = 0, record = 0;
    kind k = kind::record;
  };
  std::vector<item> items;
  std::uint64_t not_ecs_records = 0, not_ecs_bytes = 0, input_bytes = 0;
  std::optional<tfdrift::error> failure;
  bool stopped = false;  // the stop came before the end of the file: items hold what came before
};

// The screening of one file, in two steps that may run in different threads: read_file reads
// (and inflates) a file to be framed whole, or screens a streamed NDJSON file completely;
// screen_text then frames and screens the text read.
class file_screen {
 public:
  file_screen(std::string path, std::size_t max_line, std::uint64_t max_file, const tfdrift::stop_predicate& stop)
      : path_(std::move(path)), max_line_(max_line), max_file_(max_file), stop_(stop) {}

  /// Reads the file. Returns true when the text waits for screen_text; false when the file is
  /// done (a streamed NDJSON file, or a failure or stop while it was read).
  bool read_file() {
    return guarded([&] {
      if (tfdrift::is_ndjson_name(path_)) {
        ndjson_stream();
        return false;
      }
      text_ = tfdrift::read_input_file(path_, max_file_, stop_);
      out_.input_bytes = text_.size();
      return true;
    });
  }
  /// Frames and screens the text read_file read, then lets it go.
  void screen_text() {
    guarded([&] {
      screen_whole(text_);
      return false;
    });
    std::string().swap(text_);
  }
  /// Bytes of text held between read_file and screen_text.
  std::size_t text_bytes() const noexcept { return text_.capacity(); }
  screened_file take() { return std::move(out_); }

 private:
  template <class Fn>
  bool guarded(Fn&& fn) {
    try {
      return fn();
    } catch (const tfdrift::error& e) {
      out_.failure = e;
    } catch (const tfdrift::stopped&) {
      out_.stopped = true;
    } catch (const std::bad_alloc&) {
      out_.items.clear();
      out_.items.shrink_to_fit();
      out_.failure = out_of_memory(path_);
    }
    return false;
  }
  void one(std::string_view text, std::uint64_t line, std::uint64_t record) {
    if (tfdrift::may_be_ecs(text)) {
      out_.items.push_back({std::string(text), line, record, screened_file::kind::record});
    } else {
      ++out_.not_ecs_records;
      out_.not_ecs_bytes += text.size();
    }
  }
  void ndjson_line(std::string_view raw, std::uint64_t n) {
    std::string_view t = tfdrift::trim_blanks(raw);
    if (t.empty()) return;
    one(t, n, ++records_);
  }
  void ndjson_stream() {
    line_splitter lines(max_line_);
    auto on_line = [&](std::string_view raw, std::uint64_t n) {
      if (is_records_document(raw)) out_.items.push_back({std::string(raw), n, 0, screened_file::kind::document_line});
      else ndjson_line(raw, n);
    };
    tfdrift::read_input_chunks(
        path_,
        [&](std::string_view chunk) {
          out_.input_bytes += chunk.size();
          lines.feed(chunk, on_line);
        },
        std::size_t{1} << 20, max_file_, stop_);
    lines.finish(on_line);
  }
  void screen_whole(const std::string& bytes) {
    std::string_view b = tfdrift::strip_bom(bytes);
    auto check_stop = [&](const auto& where) {
      if (stop_()) throw tfdrift::stopped(where());
    };
    if (tfdrift::detect_framing(b) == tfdrift::framing::ndjson) {
      std::uint64_t n = 0;
      while (!b.empty()) {
        check_stop([&] { return path_ + ":" + std::to_string(n + 1); });
        auto nl = b.find('\n');
        ndjson_line(b.substr(0, nl), ++n);
        b = nl == std::string_view::npos ? std::string_view{} : b.substr(nl + 1);
      }
    } else if (!tfdrift::trim_blanks(b).empty()) {
      bool split = tfdrift::split_records(b, [&](std::string_view rec) {
        check_stop([&] { return path_ + "#" + std::to_string(records_ + 1); });
        one(rec, 0, ++records_);
      });
      if (!split) out_.items.push_back({std::string(b), 0, 1, screened_file::kind::whole});
    }
  }

  std::string path_;
  std::size_t max_line_;
  std::uint64_t max_file_;
  const tfdrift::stop_predicate& stop_;
  std::string text_;
  std::uint64_t records_ = 0;
  screened_file out_;
};

// Reads and screens files in worker threads while the thread that takes them, in order, detects.
// A worker reads (and inflates) the next file while fewer than `window` files past the one being
// taken are begun and the texts read but not yet screened hold less than text_budget bytes (one
// is always allowed); when it may read no further, it screens a text read ahead. The taking
// thread screens the file it takes itself when no worker has begun to, and while the file it
// waits for is being read it reads the next one (or screens one read ahead) itself: so with one
// worker, inflating runs beside framing and screening instead of before them, and the two
// threads share the work whichever step is the slower.
class screen_pool {
 public:
  static constexpr std::size_t text_budget = std::size_t{64} << 20;

  screen_pool(std::vector<std::string> files, unsigned threads, std::size_t max_line, std::uint64_t max_file)
      : files_(std::move(files)), slots_(files_.size()), max_line_(max_line), max_file_(max_file),
        window_(2 * threads + 2) {
#if defined(__GLIBC__)
    // File texts (hundreds of KB each) are allocated and freed in turn: kept in the heap rather
    // than mapped and unmapped per file, their pages are not faulted in and zeroed afresh each
    // time. Freed memory held back is bounded by the trim threshold.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
    workers_.reserve(threads);
    try {
      for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
    } catch (const std::system_error&) {
      // No more threads (ulimit -u): the ones started, or the taking thread alone, do the work.
    }
  }
  ~screen_pool() {
    {
      std::lock_guard lock(m_);
      stop_ = true;
    }
    cancelled_ = true;  // a file still being read is left (its result would not be taken)
    cv_.notify_all();
    for (auto& t : workers_) t.join();
  }
  /// Returns file i's result, waiting for it; results are taken in order.
  screened_file take(std::size_t i) {
    std::unique_lock lock(m_);
    taking_ = i;
    // Rather than wait for file i, this thread reads the next file no reader has begun (file
    // i itself when none has begun it), or screens a text read ahead.
    for (;;) {
      if (slots_[i].st == state::read || slots_[i].st == state::screened) break;
      if (next_ == i || may_read()) {
        read_one(next_++, lock);
        continue;
      }
      if (std::size_t k = read_ahead(); k != std::string::npos) {
        screen_one(k, lock);
        continue;
      }
      cv_.wait(lock);
    }
    if (slots_[i].st == state::read) screen_one(i, lock);
    // A screen that could not be made or finish (memory ran out even for its error) reads as
    // that file's failure here, where the taking thread reports it in order.
    screened_file r;
    if (slots_[i].screen && !slots_[i].failed) r = slots_[i].screen->take();
    else r.failure = out_of_memory(files_[i]);
    slots_[i].screen.reset();
    slots_[i].st = state::taken;
    consumed_ = i + 1;
    lock.unlock();
    cv_.notify_all();
    return r;
  }

 private:
  enum class state { waiting, reading, read, screening, screened, taken };
  struct slot {
    state st = state::waiting;
    std::unique_ptr<file_screen> screen;
    std::size_t held = 0;  // text bytes counted in held_
    bool failed = false;   // reading or screening threw past file_screen's own handlers
  };

  bool may_read() const {
    return next_ < files_.size() && next_ < consumed_ + window_ && held_ < text_budget;
  }
  // A text read ahead that no thread screens yet, the furthest first (the taking thread screens
  // the nearest one itself when it gets there); npos when there is none.
  std::size_t read_ahead() const {
    for (std::size_t k = next_; k-- > consumed_;)
      if (slots_[k].st == state::read && k != taking_) return k;
    return std::string::npos;
  }
  // Reads file k (claimed: next_ moved past it), the lock released meanwhile.
  void read_one(std::size_t k, std::unique_lock<std::mutex>& lock) {
    slot& s = slots_[k];
    s.st = state::reading;
    lock.unlock();
    std::unique_ptr<file_screen> screen;
    bool pending = false;
    try {  // what reading throws is the screen's failure; this catches the memory for the screen
      screen = std::make_unique<file_screen>(files_[k], max_line_, max_file_, stop_reading_);
      pending = screen->read_file();
    } catch (...) {
      screen.reset();
    }
    lock.lock();
    s.failed = !screen;
    s.screen = std::move(screen);
    if (pending) {
      s.held = s.screen->text_bytes();
      held_ += s.held;
      s.st = state::read;
    } else {
      s.st = state::screened;
    }
    cv_.notify_all();
  }
  // Screens the text read of file k, the lock released meanwhile.
  void screen_one(std::size_t k, std::unique_lock<std::mutex>& lock) {
    slot& s = slots_[k];
    s.st = state::screening;
    held_ -= s.held;
    lock.unlock();
    cv_.notify_all();  // the text's bytes no longer count: a reader may go on
    bool failed = false;
    try {
      s.screen->screen_text();
    } catch (...) {  // out of memory even for the failure screen_text records
      failed = true;
    }
    lock.lock();
    s.failed = s.failed || failed;
    s.st = state::screened;
    cv_.notify_all();
  }

  void work() {
    std::unique_lock lock(m_);
    for (;;) {
      std::size_t i = std::string::npos;
      cv_.wait(lock, [&] { return stop_ || may_read() || (i = read_ahead()) != std::string::npos; });
      if (stop_) return;
      if (may_read()) read_one(next_++, lock);
      else screen_one(i, lock);
    }
  }

  std::vector<std::string> files_;
  std::vector<slot> slots_;
  std::size_t max_line_;
  std::uint64_t max_file_;
  std::size_t window_;
  std::size_t next_ = 0, consumed_ = 0, held_ = 0;
  std::size_t taking_ = std::string::npos;
  bool stop_ = false;
  std::atomic<bool> cancelled_{false};
  // A stop (a signal, a closed output), or the pool's end: reading stops between chunks.
  const tfdrift::stop_predicate stop_reading_ = [this] { return cancelled_.load(std::memory_order_relaxed) || stop_requested(); };
  std::mutex m_;
  std::condition_variable cv_;
  std::vector<std::thread> workers_;
};

struct run_state {
  tfdrift::detector& detector;
  alert_writer& out;
  progress_line& progress;
  std::uint64_t files_read = 0;
  std::uint64_t unreadable = 0;
  std::uint64_t files_begun = 0;  // files whose reading began (the rest were not read: a stop)
  std::uint64_t cut_short = 0;    // inputs (files, stdin) a stop ended before their end
  std::uint64_t files_listed = 0;
  std::uint64_t input_bytes = 0;  // bytes of input as read (decompressed)
  cli::alert_delivery* delivery = nullptr;
  std::uint64_t max_file_bytes = tfdrift::default_max_file_bytes;

  void emit(const tfdrift::alert& a) {
    progress.clear();
    out.write(a);
    if (delivery) delivery->deliver(a);
  }

  void line(std::string_view text, const std::string& source, std::uint64_t line_no) {
    tfdrift::process_input_line(detector, text, source, line_no, [this](const tfdrift::alert& a) { emit(a); });
  }

  void error(const tfdrift::error& e) {
    progress.clear();
    ++unreadable;
    std::fprintf(stderr, "tfdrift: error: %s (skipped; the other inputs are still read)\n",
                 tfdrift::terminal_safe(e.what()).c_str());
    std::fflush(stderr);
  }

  // An NDJSON file of any size: streamed in chunks, one line at a time. Progress moves with
  // the bytes read when they are the file's own (not decompressed ones).
  void ndjson_file(const std::string& path, bool chunk_progress) {
    line_splitter lines(detector_limit());
    auto on_line = [&](std::string_view t, std::uint64_t n) { line(t, path, n); };
    auto on_chunk = [&](std::string_view chunk) {
      input_bytes += chunk.size();
      lines.feed(chunk, on_line);
      if (chunk_progress) progress.advance(chunk.size());
    };
    // A gzip stream is inflated in a reader thread, 4 chunks ahead, while this one frames,
    // screens and detects (--explain too: its narration is all in this thread).
    if (tfdrift::is_gzip_name(path))
      tfdrift::read_input_chunks_overlapped(path, on_chunk, std::size_t{1} << 20, max_file_bytes, stop_requested);
    else
      tfdrift::read_input_chunks(path, on_chunk, std::size_t{1} << 20, max_file_bytes, stop_requested);
    lines.finish(on_line);
  }

  // A CloudTrail object or any other JSON document: read whole (they are small, but need not
  // be); a stop is honoured per chunk read or inflated and per record.
  void document_file(const std::string& path) {
    std::string bytes = tfdrift::read_input_file(path, max_file_bytes, stop_requested);
    input_bytes += bytes.size();
    detector.process(bytes, path, [this](const tfdrift::alert& a) { emit(a); }, stop_requested);
  }

  void file(const std::string& path, std::uint64_t disk_size) {
    ++files_begun;
    try {
      if (tfdrift::is_ndjson_name(path)) {
        const bool plain = !tfdrift::is_gzip_name(path);
        if (plain) disk_size = 0;  // counted chunk by chunk instead
        ndjson_file(path, plain);
      } else {
        document_file(path);
      }
      ++files_read;
    } catch (const tfdrift::error& e) {
      error(e);
    } catch (const tfdrift::stopped&) {
      ++files_read;  // read in part: counted as read, and as cut short
      ++cut_short;
    } catch (const std::bad_alloc&) {
      error(out_of_memory(path));
    }
    progress.advance(disk_size);
  }

  // stdin: NDJSON read record by record, each alert written before the next read; a
  // pretty-printed document (first line not a whole object) is read to the end first.
  void stdin_stream() {
    const std::string source = "-";
    line_splitter lines(detector_limit());
    auto on_line = [&](std::string_view t, std::uint64_t n) { line(t, source, n); };
    std::vector<char> buf(1u << 16);
    enum class mode { unknown, lines, document } m = mode::unknown;
    std::string head;  // bytes before the first line is complete (to choose the mode)
    std::string document;
    for (;;) {
      if (g_stop) {
        // Cut short: a partial line or document is not read as a record.
        ++cut_short;
        return;
      }
      ssize_t n = ::read(STDIN_FILENO, buf.data(), buf.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        error(tfdrift::error("tfdrift.input.read", "-", std::strerror(errno)));
        return;
      }
      if (n == 0) break;
      std::string_view chunk(buf.data(), static_cast<std::size_t>(n));
      input_bytes += chunk.size();
      if (m == mode::unknown) {
        head.append(chunk);
        if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
            static_cast<unsigned char>(head[1]) == 0x8b) {
          error(tfdrift::error("tfdrift.input.gzip", "-",
                               "stdin is gzip-compressed: name the .gz file instead, or pipe it through zcat"));
          return;
        }
        std::string_view h = tfdrift::strip_bom(head);
        auto first = h.find_first_not_of(" \t\r\n");
        if (first == std::string_view::npos) continue;
        auto nl = h.find('\n', first);
        if (nl == std::string_view::npos && head.size() < (1u << 20)) continue;
        // A first line still open after 1 MiB is read as NDJSON (a line, or a one-line
        // document, is capped at the record limit), never held whole: a pretty-printed
        // document has a line end within its first bytes.
        std::string_view first_line = tfdrift::trim_blanks(h.substr(first, nl == std::string_view::npos ? h.npos : nl - first));
        m = nl == std::string_view::npos || (!first_line.empty() && first_line.back() == '}') ? mode::lines
                                                                                              : mode::document;
        chunk = tfdrift::strip_bom(head);
      }
      if (m == mode::lines) {
        lines.feed(chunk, on_line);
      } else {
        if (document.size() + chunk.size() > max_file_bytes) {
          error(tfdrift::error("tfdrift.input.size", source,
                               "a JSON document on stdin larger than " + std::to_string(max_file_bytes) +
                                   " bytes; the limit is --max-file-bytes (default 1 GiB)"));
          return;
        }
        document.append(chunk);
      }
      head.clear();
    }
    if (m == mode::unknown) {  // end of input before a newline: one value or a partial line
      if (tfdrift::trim_blanks(head).empty()) return;
      document = std::move(head);
      m = mode::document;
    }
    if (m == mode::lines) {
      lines.finish(on_line);
      return;
    }
    try {
      detector.process(document, source, [this](const tfdrift::alert& a) { emit(a); }, stop_requested);
    } catch (const tfdrift::stopped&) {
      ++cut_short;
    }
  }

  // A file screened by a worker thread (--jobs): the same records reach the detector in the
  // same order as when this thread reads the file itself.
  void screened(const std::string& path, screened_file&& r, std::uint64_t disk_size) {
    ++files_begun;
    auto sink = [this](const tfdrift::alert& a) { emit(a); };
    detector.count_not_ecs(r.not_ecs_records, r.not_ecs_bytes);
    input_bytes += r.input_bytes;
    bool cut = r.stopped;
    for (auto& it : r.items) {
      if (g_stop) {
        cut = true;
        break;
      }
      switch (it.k) {
        case screened_file::kind::record:
          detector.process_record(it.text, tfdrift::record_place{path, it.line, it.record}, sink);
          break;
        case screened_file::kind::document_line:
          detector.process(it.text, path + ":" + std::to_string(it.line), sink);
          break;
        case screened_file::kind::whole:
          detector.process_record(it.text, tfdrift::record_place{path, 0, 1}, sink, true);
          break;
      }
    }
    if (r.failure) {
      error(*r.failure);
    } else {
      ++files_read;
      if (cut) ++cut_short;
    }
    progress.advance(disk_size);
  }

  // A line longer than the record limit is cut there, and the detector counts it malformed.
  std::size_t detector_limit() const { return detector.settings().limits.max_record_bytes; }
};

// ---------------------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------------------

void print_summary(const tfdrift::stats& st, const run_state& run, double seconds, bool stdin_read,
                   std::uint64_t alerts_written, const tfdrift::drift_ledger& ledger) {
  using tfdrift::outcome_names;
  std::string s = "tfdrift summary\n";
  std::string inputs;
  if (run.files_read || !stdin_read)
    inputs = std::to_string(run.files_read) + (run.files_read == 1 ? " file" : " files");
  if (stdin_read) inputs += inputs.empty() ? "stdin" : " and stdin";
  inputs += ", " + cli::human_bytes(run.input_bytes);
  if (run.unreadable) inputs += "; " + std::to_string(run.unreadable) + " unreadable (see the errors above)";
  // A stop (a signal, a closed output) says what it left: inputs it cut short, files not begun.
  if (g_stop)
    inputs += "; stopped: " + std::to_string(run.cut_short) + " cut short, " +
              std::to_string(run.files_listed - std::min(run.files_listed, run.files_begun)) + " not read";
  s += "  inputs      " + inputs + "\n";
  s += "  records     " + cli::group_digits(st.records_read) + " read, " + cli::human_bytes(st.bytes_read) +
       " of record text\n";
  s += "  outcomes   ";
  for (std::size_t i = 0; i < outcome_names.size(); ++i)
    s += " " + std::string(outcome_names[i]) + "=" + std::to_string(st.outcomes[i]);
  s += "\n  alerts      " + std::to_string(alerts_written) + " by severity:";
  for (std::size_t i = tfdrift::severity_names.size(); i-- > 0;)
    s += " " + std::string(tfdrift::severity_names[i]) + "=" + std::to_string(st.alerts_by_severity[i]);
  s += "; by kind:";
  bool any_kind = false;
  for (std::size_t i = 0; i < tfdrift::alert_kind_names.size(); ++i)
    if (st.alerts_by_kind[i]) {
      s += " " + std::string(tfdrift::alert_kind_names[i]) + "=" + std::to_string(st.alerts_by_kind[i]);
      any_kind = true;
    }
  if (!any_kind) s += " none";
  if (st.not_compared) s += "; not compared: " + std::to_string(st.not_compared) + " request member(s)";
  s += "\n";
  if (st.by_event.empty()) {
    s += "  by event    no ECS records\n";
  } else {
    std::size_t width = 0;
    for (const auto& [name, counts] : st.by_event) width = std::max(width, name.size());
    bool first = true;
    for (const auto& [name, counts] : st.by_event) {
      s += first ? "  by event    " : "              ";
      first = false;
      std::string label = tfdrift::terminal_safe(name) + ":";
      s += label + std::string(width + 2 - std::min(width + 1, label.size()), ' ');
      bool any = false;
      for (std::size_t i = 0; i < counts.size(); ++i)
        if (counts[i]) {
          s += (any ? " " : "") + std::string(outcome_names[i]) + "=" + std::to_string(counts[i]);
          any = true;
        }
      s += "\n";
    }
  }
  if (ledger.empty()) {
    s += "  open drifts none\n";
  } else {
    constexpr std::size_t shown = 20;
    s += "  open drifts " + std::to_string(ledger.size()) + ":\n";
    std::size_t listed = 0;
    ledger.for_each([&](const tfdrift::drift& d) {
      if (listed++ >= shown) return;
      s += "              " + tfdrift::terminal_safe(d.address) + ": ";
      if (d.path.empty()) s += "deleted";
      else s += tfdrift::terminal_safe(d.path) + " = " + tfdrift::render_value(d.state_value) + " → " +
                tfdrift::render_value(d.drifted_value);
      s += " (" + std::string(tfdrift::to_string(d.sev)) + ", by " + tfdrift::terminal_safe(d.actor) + " at " +
           tfdrift::terminal_safe(d.last_event_time) + ")\n";
    });
    if (ledger.size() > shown) s += "              ... and " + std::to_string(ledger.size() - shown) + " more\n";
  }
  const auto malformed = st.count(tfdrift::outcome::malformed);
  if (malformed == 0) {
    s += "  malformed   none\n";
  } else {
    constexpr std::size_t shown = 5;
    s += "  malformed   " + std::to_string(malformed) + " record" + (malformed == 1 ? "" : "s") + ":\n";
    std::size_t listed = std::min(shown, st.malformed_places.size());
    for (std::size_t i = 0; i < listed; ++i) {
      const auto& m = st.malformed_places[i];
      s += "              " + tfdrift::terminal_safe(m.place.str()) + ": [" + m.id + "] " +
           tfdrift::terminal_safe(m.message) + "\n";
    }
    if (malformed > listed) s += "              ... and " + std::to_string(malformed - listed) + " more\n";
  }
  double rate_records = seconds > 0 ? static_cast<double>(st.records_read) / seconds : 0;
  double rate_bytes = seconds > 0 ? static_cast<double>(run.input_bytes) / seconds : 0;
  char speed[160];
  std::snprintf(speed, sizeof speed, "  speed       %.3f s, %s records/s, %s/s\n", seconds,
                cli::group_digits(static_cast<std::uint64_t>(rate_records)).c_str(),
                cli::human_bytes(static_cast<std::uint64_t>(rate_bytes)).c_str());
  s += speed;
  std::fputs(s.c_str(), stderr);
  std::fflush(stderr);
}

// ---------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------

// Writes a whole file through tfdrift::write_file_atomically (a reader such as a
// Prometheus textfile collector, or the next run, never sees half of it); says why on failure.
bool write_file_atomically(const std::string& path, const std::string& text, const char* id) {
  try {
    tfdrift::write_file_atomically(path, text, id);
    return true;
  } catch (const tfdrift::error& e) {
    print_error(e);
    return false;
  }
}

// What --output would overwrite that the run reads or writes: a --state, the --config, the
// --ledger, the --metrics-file, a PATH, or a file inside a PATH directory; nothing when it is
// a new file elsewhere. Files are compared by device and inode (links and ../ included).
std::optional<std::string> output_clash(const detect_options& o) {
  namespace fs = std::filesystem;
  struct stat out_st {};
  const bool exists = ::stat(o.output->c_str(), &out_st) == 0;
  if (exists && !S_ISREG(out_st.st_mode)) return std::nullopt;  // /dev/stdout, a FIFO: nothing to truncate
  auto same = [&](const std::string& p) {
    struct stat st {};
    return exists && ::stat(p.c_str(), &st) == 0 && st.st_dev == out_st.st_dev && st.st_ino == out_st.st_ino;
  };
  for (const auto& s : o.states)
    if (same(s)) return "the state " + s;
  if (o.config && same(*o.config)) return "the config " + *o.config;
  if (o.ledger && same(*o.ledger)) return "the ledger " + *o.ledger;
  if (o.metrics_file && same(*o.metrics_file)) return "the metrics file " + *o.metrics_file;
  std::error_code ec;
  const fs::path out = fs::weakly_canonical(*o.output, ec);
  for (const auto& p : o.paths) {
    if (p == "-") continue;
    if (same(p)) return "the input " + p;
    if (!fs::is_directory(p, ec)) continue;
    const fs::path dir = fs::weakly_canonical(p, ec);
    auto rel = out.lexically_relative(dir);
    if (!ec && !rel.empty() && *rel.begin() != ".." && tfdrift::is_input_name(out.filename().string()))
      return "inside the input directory " + p;
  }
  return std::nullopt;
}

tfdrift::config load_config_file(const std::string& path) {
  return tfdrift::load_config(tfdrift::read_input_file(path), path);
}

int run_detect(const detect_options& o) {
  tfdrift::config cfg = tfdrift::default_config();
  if (o.config) {
    try {
      cfg = load_config_file(*o.config);
    } catch (const tfdrift::error& e) {
      print_error(e);
      return exit_usage;
    }
  }
  cfg.event_times = o.filter.time;
  tfdrift::detector detector(std::move(cfg));
  // List every path first, so that the progress line knows the total.
  struct input {
    std::string path;  // "-" for stdin
    std::vector<std::pair<std::string, std::uint64_t>> files;
    std::optional<tfdrift::error> failure;
    std::vector<tfdrift::error> entry_errors;  // directories below the PATH that could not be listed
  };
  std::vector<input> inputs;
  std::uint64_t total = 0;
  for (const auto& p : o.paths) {
    input in{p, {}, std::nullopt, {}};
    if (p != "-") {
      try {
        for (auto& f : tfdrift::list_input_files(p, in.entry_errors, o.filter)) {
          std::error_code ec;
          std::uint64_t size = std::filesystem::file_size(f, ec);
          if (ec) size = 0;
          total += size;
          in.files.emplace_back(std::move(f), size);
        }
      } catch (const tfdrift::error& e) {
        in.failure = e;
      }
    }
    inputs.push_back(std::move(in));
  }

  // --explain narrates the prefilter too, which worker threads would run out of its sight.
  const unsigned jobs = o.explain ? 1u : o.jobs;
  // Several files: `jobs` threads read, inflate and screen them while this one detects, in
  // order (screen_pool). The files of consecutive PATHs that are neither stdin nor failed share
  // one pool, so that objects named one by one (a shell glob) read like a directory of them.
  // The first group's pool begins before the states load, so that inflating overlaps loading
  // them too. group_end[k]: one past the last input of input k's group (0: not in one).
  std::vector<std::size_t> group_end(inputs.size(), 0);
  for (std::size_t k = 0; k < inputs.size();) {
    std::size_t end = k, files = 0;
    while (end < inputs.size() && inputs[end].path != "-" && !inputs[end].failure) files += inputs[end++].files.size();
    if (!o.explain && files > 1)
      for (std::size_t m = k; m < end; ++m) group_end[m] = end;
    k = end == k ? k + 1 : end;
  }
  auto make_pool = [&](std::size_t first, std::size_t end) {
    std::vector<std::string> names;
    for (std::size_t k = first; k < end; ++k)
      for (const auto& f : inputs[k].files) names.push_back(f.first);
    return std::make_unique<screen_pool>(std::move(names), jobs, detector.settings().limits.max_record_bytes,
                                         o.max_file_bytes);
  };
  std::unique_ptr<screen_pool> pool;  // the current group's
  std::size_t pool_next = 0;          // its next file
  if (!inputs.empty() && group_end[0]) pool = make_pool(0, group_end[0]);
  for (const auto& path : o.states) {
    try {
      detector.load_state(tfdrift::read_input_file(path, o.max_file_bytes), path);
    } catch (const tfdrift::error& e) {
      print_error(e);
      return exit_usage;
    } catch (const std::bad_alloc&) {
      print_error(out_of_memory(path));
      return exit_usage;
    }
  }
  // The open drifts of an earlier run (none the first time); the states close what they adopted.
  if (std::error_code ec; o.ledger && std::filesystem::exists(*o.ledger, ec)) {
    try {
      auto closed = detector.load_ledger(tfdrift::read_input_file(*o.ledger), *o.ledger);
      if (!closed.empty())
        std::fprintf(stderr, "tfdrift: %zu drift(s) of %s closed: the states adopted them\n", closed.size(),
                     tfdrift::terminal_safe(*o.ledger).c_str());
    } catch (const tfdrift::error& e) {
      print_error(e);
      return exit_usage;
    }
  }

  bool explained = false;
  if (o.explain)
    detector.explain(*o.explain, [&](const std::string& line) {
      explained = true;
      std::fprintf(stderr, "explain: %s\n", tfdrift::terminal_safe(line).c_str());
      std::fflush(stderr);
    });

  if (o.output)
    if (auto clash = output_clash(o)) {
      std::fprintf(stderr, "tfdrift: usage error: --output %s is %s: it would be truncated before it is read\n",
                   tfdrift::terminal_safe(*o.output).c_str(), tfdrift::terminal_safe(*clash).c_str());
      return exit_usage;
    }
  std::FILE* out_file = stdout;
  // --falco-output takes stdout: the usual alerts go to --output FILE, or nowhere.
  if (o.delivery.falco_output && !o.output) out_file = std::fopen("/dev/null", "wb");
  if (o.output) {
    out_file = std::fopen(o.output->c_str(), "wb");
    if (!out_file) {
      std::fprintf(stderr, "tfdrift: error: [tfdrift.output.open] %s: %s\n",
                   tfdrift::terminal_safe(*o.output).c_str(), std::strerror(errno));
      return exit_usage;
    }
  }


  bool show_progress = o.progress == 1 || (o.progress == -1 && ::isatty(STDERR_FILENO) && total >= large_input_bytes);
  progress_line progress(show_progress, total);
  alert_writer writer(out_file, o.format);
  run_state run{detector, writer, progress};
  run.max_file_bytes = o.max_file_bytes;
  for (const auto& in : inputs) run.files_listed += in.files.size();
  std::unique_ptr<cli::alert_delivery> delivery;
  if (o.delivery.any()) run.delivery = (delivery = std::unique_ptr<cli::alert_delivery>(cli::net().make_delivery(o.delivery))).get();
  install_stop_handlers();
  // A closed stdout (`tfdrift detect ... | head -1`) is a failed write (EPIPE), not a death by
  // SIGPIPE before the summary, the ledger and the metrics are written.
  std::signal(SIGPIPE, SIG_IGN);

  auto start = clock_type::now();
  writer.begin();
  bool stdin_read = false;
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    auto& in = inputs[k];
    if (g_stop) break;
    if (in.failure) {
      run.error(*in.failure);
      continue;
    }
    for (const auto& e : in.entry_errors) run.error(e);
    if (in.path == "-") {
      stdin_read = true;
      try {
        run.stdin_stream();
      } catch (const std::bad_alloc&) {
        run.error(out_of_memory("-"));
      }
      continue;
    }
    // In a group of several files: read, inflated and screened by its pool. --explain reads
    // them here, where it sees the prefilter.
    if (group_end[k]) {
      if (!pool) {  // the group's first input
        pool = make_pool(k, group_end[k]);
        pool_next = 0;
      }
      for (std::size_t i = 0; i < in.files.size() && !g_stop; ++i) {
        screened_file got;
        try {
          got = pool->take(pool_next++);
        } catch (const std::bad_alloc&) {
          got = screened_file{};
          got.failure = out_of_memory(in.files[i].first);
        }
        run.screened(in.files[i].first, std::move(got), in.files[i].second);
      }
      if (k + 1 == group_end[k]) pool.reset();  // its last input
      continue;
    }
    for (const auto& [file, size] : in.files) {
      if (g_stop) break;
      run.file(file, size);
    }
  }
  pool.reset();  // after a stop: its readers end here
  writer.end();
  if (delivery) delivery->finish();
  const bool falco_lines_lost = delivery && delivery->falco_lines_lost() > 0;
  progress.clear();
  const std::uint64_t alerts = detector.stats().count(tfdrift::outcome::alert);
  double seconds = std::chrono::duration<double>(clock_type::now() - start).count();

  // A resolved alert says drift went away: alone, it is no drift.
  const std::uint64_t resolved =
      detector.stats().alerts_by_kind[static_cast<std::size_t>(tfdrift::alert_kind::resolved)];
  int status = alerts > resolved ? exit_drift : exit_clean;
  if (writer.failed() || (o.output && std::fclose(out_file) != 0)) {
    std::fprintf(stderr, "tfdrift: error: [tfdrift.output.write] %s: cannot write the alerts\n",
                 o.output ? tfdrift::terminal_safe(*o.output).c_str() : "stdout");
    status = exit_usage;
  }
  if (run.unreadable || falco_lines_lost) status = exit_usage;
  if (o.explain && !explained)
    std::fprintf(stderr, "explain: no record with eventID %s was read\n", tfdrift::terminal_safe(*o.explain).c_str());
  if (g_output_closed)
    std::fputs("tfdrift: the alerts could not be written (output closed); stopped reading; the summary covers what was read\n",
               stderr);
  else if (g_stop) std::fputs("tfdrift: interrupted; the summary covers what was read\n", stderr);
  if (o.metrics_file && !write_file_atomically(*o.metrics_file, detector.metrics().exposition(), "tfdrift.output.metrics"))
    status = exit_usage;
  if (o.ledger && !write_file_atomically(*o.ledger, tfdrift::json_text(detector.ledger().to_json(), 2) + "\n", "tfdrift.output.ledger"))
    status = exit_usage;
  if (o.summary) print_summary(detector.stats(), run, seconds, stdin_read, alerts, detector.ledger());
  return status;
}


// Prints the constexpr catalog: the events and the resource types with their attributes.
int run_catalog(int argc, char** argv) {
  arg_reader args(argc, argv, 2);
  std::string format = "text";
  std::optional<std::string> coverage;
  while (!args.done()) {
    std::string a = args.next();
    auto [name, inline_value] = split_option(a);
    if (name == "--format" || name == "-f") format = args.value(name, inline_value);
    else if (name == "--coverage") coverage = args.value(name, inline_value);
    else throw usage_error{"catalog: unknown argument " + a};
  }
  if (coverage) {
    // botocore's ECS model (third_party/botocore), plain or gzip: exit 1 unless complete.
    auto model = nlohmann::json::parse(tfdrift::read_input_file(*coverage), nullptr, false);
    if (!model.is_object() || !model.contains("operations"))
      throw tfdrift::error("tfdrift.input.shape", *coverage, "not a botocore service model (no \"operations\")");
    tfdrift::api_coverage c = tfdrift::measure_coverage(model);
    std::fputs(tfdrift::coverage_text(c).c_str(), stdout);
    return c.complete() ? exit_clean : 1;
  }
  if (format == "json") {
    std::printf("%s\n", tfdrift::catalog_json().dump(2).c_str());
    return exit_clean;
  }
  if (format != "text") throw usage_error{"catalog: unknown format \"" + format + "\" (use text or json)"};

  const std::string s = tfdrift::catalog_text();
  std::fputs(s.c_str(), stdout);
  return exit_clean;
}

// Prints Falco rules for the ECS events.
int run_rules(int argc, char** argv) {
  arg_reader args(argc, argv, 2);
  std::string format = "falco";
  while (!args.done()) {
    std::string a = args.next();
    auto [name, inline_value] = split_option(a);
    if (name == "--format" || name == "-f") format = args.value(name, inline_value);
    else throw usage_error{"rules: unknown argument " + a};
  }
  if (format != "falco") throw usage_error{"rules: unknown format \"" + format + "\" (use falco)"};
  const std::string rules = tfdrift::falco_rules();
  std::fwrite(rules.data(), 1, rules.size(), stdout);
  return exit_clean;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc < 2) {
      std::fputs(cli::usage_text, stderr);
      return exit_usage;
    }
    std::string_view cmd = argv[1];
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
      std::fputs(cli::help_text, stdout);
      std::fputs(cli::serve_summary_text, stdout);
      std::fputs(cli::delivery_help_text, stdout);
      return exit_clean;
    }
    if (cmd == "--version" || cmd == "version") {
      if (argc > 2) throw usage_error{"version takes no arguments"};
      std::printf("tfdrift %s\ngzip: %s\n", std::string(tfdrift::version()).c_str(),
                  tfdrift::gzip_inflaters().c_str());
      return exit_clean;
    }
    if (cmd == "serve") return cli::net().run_serve(argc, argv);
    for (int i = 2; i < argc; ++i)
      if (std::string_view(argv[i]) == "--help" || std::string_view(argv[i]) == "-h") {
        std::fputs(cli::help_text, stdout);
        std::fputs(cli::serve_summary_text, stdout);
        std::fputs(cli::delivery_help_text, stdout);
        return exit_clean;
      }
    if (cmd == "detect") return run_detect(parse_detect(argc, argv, 2));
    if (cmd == "catalog") return run_catalog(argc, argv);
    if (cmd == "rules") return run_rules(argc, argv);
    throw usage_error{"unknown command \"" + std::string(cmd) + "\""};
  } catch (const usage_error& e) {
    std::fprintf(stderr, "tfdrift: usage error: %s\n", tfdrift::terminal_safe(e.message).c_str());
    std::fputs(cli::usage_text, stderr);
    return exit_usage;
  } catch (const std::exception& e) {  // tfdrift::error too
    print_error(e);
    return exit_usage;
  }
}
