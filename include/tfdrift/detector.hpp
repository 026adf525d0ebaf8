// The detector: frames records, rejects what is not ECS, decodes, finds the target in state, diffs, rates and emits alerts.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "actor.hpp"
#include "alert.hpp"
#include "catalog.hpp"
#include "cloudtrail.hpp"
#include "config.hpp"
#include "detail/arn.hpp"
#include "detail/dedup_window.hpp"
#include "detail/scan.hpp"
#include "diff.hpp"
#include "error.hpp"
#include "input.hpp"
#include "ledger.hpp"
#include "metrics.hpp"
#include "outcome.hpp"
#include "security.hpp"
#include "state.hpp"
#include "stop.hpp"
#include "target.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// A record that could not be read, and where it was.
struct malformed_record {
  record_place place;
  std::string id;       ///< tfdrift.input.json, tfdrift.input.depth, tfdrift.input.size, tfdrift.input.shape
  std::string message;
};

/// Counts of everything the detector read. records_read always equals sum().
struct stats {
  using counts = std::array<std::uint64_t, outcome_names.size()>;
  std::uint64_t records_read = 0;
  std::uint64_t bytes_read = 0;
  counts outcomes{};
  std::array<std::uint64_t, severity_names.size()> alerts_by_severity{};
  std::array<std::uint64_t, alert_kind_names.size()> alerts_by_kind{};
  std::uint64_t not_compared = 0;  ///< request members reported as not compared (change::compared)
  std::map<std::string, counts, std::less<>> by_event;  ///< ECS records by eventName (bounded)
  std::vector<malformed_record> malformed_places;       ///< the first few malformed records

  /// Returns how many records had this outcome.
  std::uint64_t count(outcome o) const noexcept { return outcomes[static_cast<std::size_t>(o)]; }
  /// Returns the sum of all outcome counts.
  std::uint64_t sum() const noexcept {
    std::uint64_t s = 0;
    for (auto n : outcomes) s += n;
    return s;
  }
  /// Returns the counts as JSON.
  nlohmann::ordered_json to_json() const;
};

/// Detects drift: one detector holds the loaded states, the config and the counts; use it
/// from one thread at a time. Every record read ends in exactly one outcome.
class detector {
 public:
  /// Creates a detector with a config (the built-in default unless given), which also holds
  /// the input limits and the deduplication window.
  explicit detector(config cfg = default_config());

  /// Loads a Terraform state (format 4) under a name. Throws tfdrift::error. Returns the open
  /// drifts of that state file that it closes (see drift_ledger::reconcile).
  std::vector<drift> load_state(std::string_view text, std::string_view name);

  /// Replaces every loaded state with `states`, built off to the side (tfdrift serve re-reads
  /// changed state files that way); the config, the counts and the eventID window are kept.
  /// Returns the open drifts that the new states close: a newer state that adopted the drifted
  /// value, or no longer has the resource (see drift_ledger::reconcile).
  std::vector<drift> replace_states(state_index states);

  /// Returns the drift ledger: the drifts open now.
  const drift_ledger& ledger() const noexcept { return ledger_; }
  /// Returns the drift ledger for loading a saved one in place (load_ledger also closes what
  /// the loaded states settle, and is the one to prefer).
  drift_ledger& ledger() noexcept { return ledger_; }
  /// Returns the drifts open now, ordered by state file, address and path.
  std::vector<drift> open_drifts() const { return ledger_.open(); }
  /// Replaces the ledger with a saved one (drift_ledger::to_json's text; throws tfdrift::error
  /// tfdrift.ledger.*), then closes what the loaded states settle; returns those.
  std::vector<drift> load_ledger(std::string_view text, std::string_view name);

  /// Returns the metrics, with the records per outcome and the open drifts as of now; render
  /// them with metrics().exposition().
  const class metrics& metrics() const;
  /// Returns the metrics for changing their settings (metrics::top_users).
  class metrics& metrics();

  /// Returns the loaded states.
  const state_index& states() const noexcept { return states_; }
  /// Returns the config in force.
  const config& settings() const noexcept { return cfg_; }
  /// Returns the counts so far.
  const struct stats& stats() const noexcept { return stats_; }

  /// Asks the detector to narrate each decision it takes for the record with this eventID
  /// (for `tfdrift detect --explain`); an empty id turns it off.
  void explain(std::string event_id, std::function<void(const std::string&)> out);

  /// Processes a buffer: a single record, a {"Records":[...]} document, NDJSON, or a Falco
  /// alert (per record). Calls sink(const alert&) for each alert, in input order. `stop`, when
  /// given, is asked before each record (or NDJSON line); when it says stop, process throws
  /// tfdrift::stopped naming the first record not read ("trail.json#7", "a.json:12"): the
  /// records before it were processed and counted, none from it on.
  template <class Sink>
  void process(std::string_view bytes, std::string_view source, Sink&& sink, const stop_predicate& stop = {});

  /// Processes a buffer and returns its alerts.
  std::vector<alert> process(std::string_view bytes, std::string_view source = "<input>");

  /// Processes one NDJSON line (CR and surrounding blanks are ignored; a blank line is no record).
  template <class Sink>
  void process_line(std::string_view text, std::string_view source, std::uint64_t line, Sink&& sink);

  /// Counts records that a caller proved not ECS with may_be_ecs (input.hpp), the same
  /// byte test the detector runs first, so that readers in other threads can screen records
  /// and feed only the rest here (tfdrift detect --jobs). Each counts as read, and not_ecs.
  void count_not_ecs(std::uint64_t records, std::uint64_t bytes) noexcept;

  /// Processes the text of one record (or of one whole document when `whole` is set and
  /// the text may be a {"Records":[...]} object that split_records could not split).
  template <class Sink>
  void process_record(std::string_view text, const record_place& place, Sink&& sink, bool whole = false);

 private:
  // Adds the time spent on one record (the outermost, when calls nest) to the metrics.
  struct timer;

  // Where a record is, without copying the source name on the hot path.
  struct place_ref {
    std::string_view source;
    std::uint64_t line = 0, record = 0;
    record_place owned() const { return record_place{std::string(source), line, record}; }
  };

  using target = resource_target;

  // --- records: framing checks, decoding, screening --------------------------------------

  // A record over limits.max_record_bytes: malformed.
  void oversized(std::string_view text, const place_ref& place);
  // One record's text: the byte checks, then the scan's fast path or a full parse.
  template <class Sink>
  void process_record(std::string_view text, const place_ref& place, Sink&& sink, bool whole = false);
  // A parsed record: a Falco alert or a CloudTrail record, decoded, screened, then detected.
  template <class Sink>
  void process_value(nlohmann::json&& j, const place_ref& place, Sink&& sink);
  // The envelope from the scan's tokens, then the screening; identity, request and response
  // are parsed only for records that survive it.
  template <class Sink>
  void process_tokens(const detail::record_tokens& t, const place_ref& place, Sink&& sink);
  // Decides the no-op outcomes that the envelope alone settles. Returns false when the record
  // is finished; else entry is its catalog entry.
  bool screen(const event& ev, const event_entry*& entry, stats::counts*& counts);
  // A screened record: scope and ignores, the evaluation, security checks; emits the alert.
  template <class Sink>
  void detect(event&& ev, const event_entry& entry, stats::counts* counts, const place_ref& place, Sink&& sink);

  // --- state lookup, diffs and ratings ---------------------------------------------------

  // The instance of a type in the target's account and region with that name (narrated).
  const state_instance* lookup(std::string_view type, const target& t, std::string_view name);
  // For an ARN whose kind two types share (service/: aws_ecs_service, then an Express gateway
  // service), the instance of the next type that has the ARN's name; t.type becomes its type.
  const state_instance* lookup_next_type(target& t);
  // Diffs every catalog field of the event against the instance (or against nothing).
  std::vector<change> diff_all(const event_entry& e, const event& ev, const state_instance* inst,
                               const target& t, bool full);
  // Rates each change, drops ignored ones and (when the config says so) unwatched ones;
  // returns the alert's rating. `dropped` counts the changes dropped.
  rated rate_changes(std::string_view type, std::string_view address, std::vector<change>& changes,
                     std::size_t& dropped);
  // Gives the alert a rating's severity and rule.
  void set_rating(alert& a, rated r) const;
  // The rating of a resource type (unwatched_severity when no rule names it).
  rated type_rating(std::string_view type) const;
  // Fills the alert for an event; returns outcome::alert, or the outcome when there is
  // nothing to report (no_change, or ignored when only ignored or unwatched changes remain).
  outcome evaluate(const event_entry& e, const event& ev, alert& a);
  // The first aws_ecs_tag resource that a tag call on an unmanaged resource touches (tag_gen.go:
  // id "RESOURCE_ARN,KEY"), with the changes of that tag in a.changes; nullptr when none.
  // TagResource: value -> the new value; UntagResource: value -> null (the tag is gone).
  const state_instance* tag_resource(const event_entry& e, const event& ev, const target& t, alert& a);
  // Appends the request members that no field compares (not_compared_, see
  // detail::not_compared_members) as changes marked not compared, so that such a record never
  // ends as no_change. They are rated like the resource type, and neither ignore.attributes
  // nor report_unwatched drops them: what was not compared cannot be judged unimportant.
  void add_not_compared(std::string_view type, std::vector<change>& changes, rated& r);
  // UpdateService's forceNewDeployment: true starts a redeployment. The provider never reads
  // it back from AWS (service.go keeps force_new_deployment as its own trigger), so it is no
  // drift; it is reported as activity on the service.
  static std::optional<change> redeploy_change(const event_entry& e, const nlohmann::json& request);

  // --- metrics and the drift ledger --------------------------------------------------

  // Counts an ECS write call in scope in the metrics (drift or not).
  void observe_write(const event& ev, const event_entry& e, const actor& who);
  // Terraform's own call: counted in the metrics; it sets what it covers to the plan's values,
  // so it closes the open drifts there (all of them when it creates, deletes or registers).
  // From the scan's tokens only the request keys that the metrics read are parsed
  // (`request_token`), and the whole request (`full_request()`) only for a resource with open
  // drifts; a decoded record passes an empty token, its request being there already.
  template <class FullRequest>
  void after_terraform(event& ev, const event_entry& e, std::string_view request_token, FullRequest&& full_request);
  // Fills a `resolved` alert when the event (which changed nothing) set open drifts of the
  // instance back to the state's values; keeps them in settled_ for keep_ledger.
  bool settle_drifts(const state_instance& inst, alert& a);
  // Brings the ledger up to date with an alert: a resolved alert closes its drifts; another
  // alert on a managed resource closes the drifts the event set back, then opens its own.
  void keep_ledger(const alert& a);
  // Counts drifts that a state closed in the metrics; returns them.
  std::vector<drift> closed_by_state(std::vector<drift> closed);

  // --- outcomes and narration ------------------------------------------------------------

  // The counts row of an eventName (bounded: other ECS names beyond 64 share "(other)").
  stats::counts* event_counts(const std::string& name, const event_entry* entry);
  // Ends the record with an outcome (counted, and narrated with `why` when explaining).
  void finish(outcome o, stats::counts* per_event, const std::string& why);
  // Ends the record as malformed, keeping the first few places in the stats.
  void malformed(const place_ref& where, std::string id, std::string message);
  // Writes one line of narration (explain()).
  void note(const std::string& line);

  config cfg_;
  state_index states_;
  security_facts security_facts_;  // what the states say about roles and registries, read once
  struct stats stats_;
  detail::dedup_window dedup_;
  std::map<std::string, std::uint64_t, std::less<>> line_records_;  // records per source so far
  std::string last_source_;
  std::uint64_t last_source_records_ = 0;
  std::string explain_id_;
  std::function<void(const std::string&)> explain_out_;
  bool tracing_ = false;
  drift_ledger ledger_;
  mutable class metrics metrics_;
  bool timing_ = false;               // inside a timed public call
  outcome last_outcome_ = outcome::alert;  // of the last record finished
  std::vector<std::string> equal_paths_, changed_paths_;  // of the last diff_all, for the ledger
  std::vector<drift> settled_;        // the drifts a resolved alert being built closes
  std::vector<change> not_compared_;  // the request members of the record being judged that no field compares
};

TFDRIFT_END_NAMESPACE

#include "detail/detector-inl.hpp"
