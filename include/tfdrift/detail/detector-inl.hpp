// The detector's workings: framing and decoding records, screening, diffing, rating, evaluating
// each action, and keeping the metrics and the drift ledger (detector.hpp declares them).
#pragma once

#include <chrono>
#include <cstring>

#include "../detector.hpp"
#include "json_parse.hpp"

TFDRIFT_BEGIN_NAMESPACE

inline nlohmann::ordered_json stats::to_json() const {
  nlohmann::ordered_json j;
  j["records_read"] = records_read;
  j["bytes_read"] = bytes_read;
  auto named = [](const counts& c) {
    nlohmann::ordered_json o;
    for (std::size_t i = 0; i < c.size(); ++i) o[std::string(outcome_names[i])] = c[i];
    return o;
  };
  j["outcomes"] = named(outcomes);
  for (std::size_t i = 0; i < alerts_by_severity.size(); ++i)
    j["alerts_by_severity"][std::string(severity_names[i])] = alerts_by_severity[i];
  for (std::size_t i = 0; i < alerts_by_kind.size(); ++i)
    j["alerts_by_kind"][std::string(alert_kind_names[i])] = alerts_by_kind[i];
  j["not_compared"] = not_compared;
  j["by_event"] = nlohmann::ordered_json::object();
  for (const auto& [name, c] : by_event) j["by_event"][name] = named(c);
  j["malformed"] = nlohmann::ordered_json::array();
  for (const auto& m : malformed_places)
    j["malformed"].push_back({{"source", m.place.source}, {"line", m.place.line},
                              {"record", m.place.record}, {"id", m.id}, {"message", m.message}});
  return j;
}

struct detector::timer {
  using clock = std::chrono::steady_clock;
  detector& d;
  bool outer;
  clock::time_point start;
  explicit timer(detector& x) : d(x), outer(!x.timing_) {
    if (outer) {
      d.timing_ = true;
      start = clock::now();
    }
  }
  ~timer() {
    if (!outer) return;
    d.metrics_.add_processing_time(std::chrono::duration<double>(clock::now() - start).count());
    d.timing_ = false;
  }
  timer(const timer&) = delete;
  timer& operator=(const timer&) = delete;
};

inline detector::detector(config cfg) : cfg_(std::move(cfg)), dedup_(cfg_.dedup_window) {
  ledger_.set_redaction(cfg_.security.redact_secrets);
}

inline std::vector<drift> detector::load_state(std::string_view text, std::string_view name) {
  states_.load(text, name);
  security_facts_.reset();
  metrics_.learn(states_, name);
  return closed_by_state(ledger_.reconcile(states_, name));
}

inline std::vector<drift> detector::replace_states(state_index states) {
  states_ = std::move(states);
  security_facts_.reset();
  metrics_.learn(states_);
  return closed_by_state(ledger_.reconcile(states_));
}

inline std::vector<drift> detector::load_ledger(std::string_view text, std::string_view name) {
  ledger_.load_json(text, name);
  return closed_by_state(ledger_.reconcile(states_));
}

inline const class metrics& detector::metrics() const {
  metrics_.set_records(stats_.outcomes, stats_.bytes_read);
  metrics_.set_open_drifts(ledger_.open_by_type());
  return metrics_;
}

inline class metrics& detector::metrics() {
  static_cast<const detector&>(*this).metrics();
  return metrics_;
}

inline void detector::explain(std::string event_id, std::function<void(const std::string&)> out) {
  explain_id_ = std::move(event_id);
  explain_out_ = std::move(out);
}

template <class Sink>
void detector::process(std::string_view bytes, std::string_view source, Sink&& sink, const stop_predicate& stop) {
  bytes = detail::strip_bom(bytes);
  if (detect_framing(bytes) == framing::ndjson) {
    std::uint64_t line = 0;
    while (!bytes.empty()) {
      if (detail::stop_asked(stop)) throw stopped(std::string(source) + ":" + std::to_string(line + 1));
      const void* nl = std::memchr(bytes.data(), '\n', bytes.size());
      std::size_t n = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - bytes.data()) : bytes.size();
      process_line(bytes.substr(0, n), source, ++line, sink);
      bytes.remove_prefix(nl ? n + 1 : n);
    }
    return;
  }
  if (detail::trim(bytes).empty()) return;
  std::uint64_t n = 0;
  bool split = split_records(bytes, [&](std::string_view rec) {
    if (detail::stop_asked(stop)) throw stopped(std::string(source) + "#" + std::to_string(n + 1));
    process_record(rec, place_ref{source, 0, ++n}, sink);
  });
  if (!split) process_record(bytes, place_ref{source, 0, 1}, sink, true);
}

inline std::vector<alert> detector::process(std::string_view bytes, std::string_view source) {
  std::vector<alert> out;
  process(bytes, source, [&](const alert& a) { out.push_back(a); });
  return out;
}

template <class Sink>
void detector::process_line(std::string_view text, std::string_view source, std::uint64_t line, Sink&& sink) {
  text = detail::trim(text);
  if (text.empty()) return;
  if (source != last_source_) {
    line_records_[last_source_] = last_source_records_;
    last_source_.assign(source);
    last_source_records_ = line_records_[last_source_];
  }
  process_record(text, place_ref{source, line, ++last_source_records_}, sink);
}

inline void detector::count_not_ecs(std::uint64_t records, std::uint64_t bytes) noexcept {
  stats_.records_read += records;
  stats_.bytes_read += bytes;
  stats_.outcomes[static_cast<std::size_t>(outcome::not_ecs)] += records;
}

template <class Sink>
void detector::process_record(std::string_view text, const record_place& place, Sink&& sink, bool whole) {
  process_record(text, place_ref{place.source, place.line, place.record}, sink, whole);
}

inline void detector::oversized(std::string_view text, const place_ref& place) {
  malformed(place, "tfdrift.input.size",
            "record of " + std::to_string(text.size()) + " bytes is over the limit of " +
                std::to_string(cfg_.limits.max_record_bytes));
}

template <class Sink>
void detector::process_record(std::string_view text, const place_ref& place, Sink&& sink, bool whole) {
  tracing_ = !explain_id_.empty() && text.find(explain_id_) != std::string_view::npos;
  if (tracing_) note("framed as record " + std::to_string(place.record) + " of " + place.owned().str());
  if (!whole) {
    ++stats_.records_read;
    stats_.bytes_read += text.size();
    // Over the limit: malformed whatever it holds (a line reader keeps only limit + 1 bytes
    // of a longer line, so what follows the cut is not there to judge).
    if (text.size() > cfg_.limits.max_record_bytes) return oversized(text, place);
    // A record is one JSON object: text cut short is malformed, not "not ECS".
    if (std::string_view t = detail::trim(text); t.empty() || t.front() != '{')
      return malformed(place, "tfdrift.input.shape", "a record is not a JSON object");
    else if (t.back() != '}')
      return malformed(place, "tfdrift.input.json", "not valid JSON (truncated or broken record)");
    // Most CloudTrail is not ECS: prove it from the bytes before any parse.
    if (!detail::may_be_ecs_source(text))
      return finish(outcome::not_ecs, nullptr, "prefilter: no eventSource \"ecs.amazonaws.com\" in the record");
  }
  // Timed past the byte prefilter only: a clock read costs more than rejecting a record.
  timer time(*this);
  auto count_whole = [&] {
    if (whole) {
      ++stats_.records_read;
      stats_.bytes_read += text.size();
    }
  };
  if (text.size() > cfg_.limits.max_record_bytes) {
    count_whole();
    return oversized(text, place);
  }
  // Fast path: a structural scan finds the envelope; only what the catalog needs is parsed.
  detail::record_tokens tokens;
  bool scanned = detail::scan_record(text, tokens, cfg_.limits.max_depth);
  if (!scanned && tokens.depth == 0) {  // not an object: an array may nest as deep
    std::size_t i = 0;
    detail::scan::skip_space(text, i);
    detail::scan::skip_value(text, i, 0, cfg_.limits.max_depth, tokens.depth);
  }
  if (tokens.depth > cfg_.limits.max_depth) {
    count_whole();
    return malformed(place, "tfdrift.input.depth",
                     "JSON nested deeper than the limit of " + std::to_string(cfg_.limits.max_depth));
  }
  // A record (a document has no top-level eventName) takes this path however it was framed,
  // so that a one-record file reads like the same record on an NDJSON line.
  if (scanned && tokens.output_fields.empty() && !tokens.event_name.empty()) {
    count_whole();
    return process_tokens(tokens, place, sink);
  }
  // Slow path: Falco alerts, documents, and anything the scan could not vouch for.
  nlohmann::json j = detail::parse_json(text);
  if (j.is_discarded()) {
    count_whole();
    return malformed(place, "tfdrift.input.json", "not valid JSON (truncated or broken record)");
  }
  if (whole && j.is_object()) {
    if (auto recs = j.find("Records"); recs != j.end()) {
      if (!recs->is_array()) {
        ++stats_.records_read;
        return malformed(place, "tfdrift.input.shape", "\"Records\" is not an array");
      }
      std::uint64_t n = 0;
      for (auto& r : *recs) {
        ++stats_.records_read;
        process_value(std::move(r), place_ref{place.source, 0, ++n}, sink);
      }
      return;
    }
  }
  count_whole();
  process_value(std::move(j), place, sink);
}

template <class Sink>
void detector::process_value(nlohmann::json&& j, const place_ref& place, Sink&& sink) {
  if (!j.is_object()) return malformed(place, "tfdrift.input.shape", "a record is not a JSON object");
  event ev;
  try {
    if (is_falco_alert(j)) {
      // ct.request and ct.response hold JSON in a string; the record's depth limit holds
      // there too (nlohmann compares and dumps values recursively).
      const nlohmann::json& fields = j["output_fields"];
      for (const char* key : {"ct.request", "ct.response"}) {
        auto it = fields.find(key);
        if (it == fields.end() || !it->is_string()) continue;
        std::string_view text = it->get_ref<const std::string&>();
        std::size_t i = 0, deepest = 0;
        detail::scan::skip_space(text, i);
        detail::scan::skip_value(text, i, 1, cfg_.limits.max_depth, deepest);
        if (deepest > cfg_.limits.max_depth)
          return malformed(place, "tfdrift.input.depth",
                           std::string(key) + ": JSON nested deeper than the limit of " +
                               std::to_string(cfg_.limits.max_depth));
      }
      ev = decode_falco(fields);
    } else if (!j.contains("eventSource") && !j.contains("eventName"))
      return malformed(place, "tfdrift.input.shape", "neither a CloudTrail record nor a Falco alert");
    else ev = decode_record(std::move(j));
  } catch (const std::exception& e) {
    return malformed(place, "tfdrift.input.shape", std::string("cannot decode: ") + e.what());
  }
  const event_entry* entry = nullptr;
  stats::counts* counts = nullptr;
  if (!screen(ev, entry, counts)) {
    if (entry && last_outcome_ == outcome::terraform) after_terraform(ev, *entry, {}, [] { return true; });
    return;
  }
  detect(std::move(ev), *entry, counts, place, sink);
}

template <class Sink>
void detector::process_tokens(const detail::record_tokens& t, const place_ref& place, Sink&& sink) {
  using detail::token_string;
  event ev;
  ev.event_source = token_string(t.event_source);
  ev.event_name = token_string(t.event_name);
  ev.event_id = token_string(t.event_id);
  ev.user_agent = token_string(t.user_agent);
  ev.read_only = detail::token_true(t.read_only);
  if (!t.error_code.empty() && t.error_code != "null")
    ev.error_code = t.error_code.front() == '"' ? token_string(t.error_code) : std::string(t.error_code);
  const event_entry* entry = nullptr;
  stats::counts* counts = nullptr;
  ev.event_time = token_string(t.event_time);  // screened by cfg_.event_times
  auto envelope = [&] {  // the rest of the envelope, but the request
    ev.region = token_string(t.region);
    ev.account = token_string(t.account);
    ev.source_ip = token_string(t.source_ip);
    ev.console_session = detail::token_true(t.session_console);
    decode_identity_token(t.user_identity, ev.who, cfg_.limits.max_depth);
  };
  auto request = [&] { return decode_request_token(*entry, t.request, ev.request, cfg_.limits.max_depth); };
  if (!screen(ev, entry, counts)) {
    // Terraform's own calls still count in the metrics and close the drifts they cover.
    if (entry && last_outcome_ == outcome::terraform) {
      envelope();
      after_terraform(ev, *entry, t.request, request);
    }
    return;
  }
  envelope();
  if (!request()) return malformed(place, "tfdrift.input.json", "requestParameters is not valid JSON");
  if (entry->action == event_action::register_revision) {
    // Only the new revision's ARN is read from the response (revision_types).
    std::string_view where = detail::revision_response_path(entry->resource_type);
    std::string arn = detail::find_string_member(t.response, where.substr(where.rfind('.') + 1));
    if (!arn.empty()) ev.response = detail::json_at_path(where, std::move(arn));
  } else if (std::string_view where = response_path_of(*entry); !where.empty()) {
    // A stored form the response holds (the namespace ARN): its last key, read from the token.
    std::string v = detail::find_string_member(t.response, where.substr(where.rfind('.') + 1));
    if (!v.empty()) ev.response = detail::json_at_path(where, std::move(v));
  }
  detect(std::move(ev), *entry, counts, place, sink);
}

inline bool detector::screen(const event& ev, const event_entry*& entry, stats::counts*& counts) {
  if (!tracing_ && !explain_id_.empty() && ev.event_id == explain_id_) tracing_ = true;
  if (tracing_) note("decoded " + ev.event_name + " from " + ev.event_source);
  if (ev.event_source != ecs_source) {
    finish(outcome::not_ecs, nullptr, "eventSource is " + ev.event_source);
    return false;
  }
  entry = find_event(ev.event_source, ev.event_name);
  counts = event_counts(ev.event_name, entry);
  if (!cfg_.event_times.contains_time(ev.event_time)) {
    finish(outcome::out_of_range, counts, "eventTime \"" + ev.event_time + "\" is outside the time range");
    return false;
  }
  if (!ev.event_id.empty() && dedup_.seen(ev.event_id)) {
    finish(outcome::duplicate, counts, "eventID seen before");
    return false;
  }
  if (ev.read_only) {
    finish(outcome::read_only, counts, "readOnly is true");
    return false;
  }
  if (!ev.error_code.empty()) {
    finish(outcome::failed_call, counts, "errorCode " + ev.error_code);
    return false;
  }
  if (!entry) {
    finish(outcome::untracked, counts, "no catalog entry for " + ev.event_name);
    return false;
  }
  if (tracing_)
    note("catalog entry " + std::string(entry->name) + " -> " +
         (entry->resource_type.empty() ? std::string("the type its ARN names") : std::string(entry->resource_type)));
  if (is_terraform_agent(ev.user_agent) && !cfg_.report_terraform) {
    finish(outcome::terraform, counts, "userAgent is Terraform's: " + ev.user_agent);
    return false;
  }
  return true;
}

template <class Sink>
void detector::detect(event&& ev, const event_entry& entry, stats::counts* counts, const place_ref& place,
                      Sink&& sink) {
  if (tracing_) note("in " + ev.account + "/" + ev.region);
  if (!watches_account(cfg_, ev.account))
    return finish(outcome::out_of_scope, counts, "account " + ev.account + " is not in the config's accounts");
  if (!watches_region(cfg_, ev.region))
    return finish(outcome::out_of_scope, counts, "region " + ev.region + " is not in the config's regions");
  actor who = identify(ev);
  observe_write(ev, entry, who);
  if (const std::string* p = ignoring_principal(cfg_, ev.who, who.name))
    return finish(outcome::ignored, counts, "the caller matches ignore.principals \"" + *p + "\"");
  if (const std::string* u = ignoring_user_agent(cfg_, ev.user_agent))
    return finish(outcome::ignored, counts, "the userAgent matches ignore.user_agents \"" + *u + "\"");
  // Before the request is reduced to the compared keys: the members no field compares.
  not_compared_ = detail::not_compared_members(entry, ev.request);
  detail::reduce_request(entry, ev.request);
  if (entry.action != event_action::register_revision && response_path_of(entry).empty()) ev.response = nullptr;
  alert a;
  equal_paths_.clear();
  changed_paths_.clear();
  if (outcome o = evaluate(entry, ev, a); o != outcome::alert)
    return finish(o, counts, o == outcome::no_change   ? "every value equals the state"
                             : o == outcome::untracked ? "the call names nothing Terraform manages"
                                                       : "every change is ignored or unwatched");
  a.event_id = std::move(ev.event_id);
  a.event_name = std::move(ev.event_name);
  a.event_time = std::move(ev.event_time);
  a.who = std::move(who);
  a.region = std::move(ev.region);
  a.account = std::move(ev.account);
  a.priority = std::string(entry.priority);
  a.description = std::string(entry.description);
  a.place = place.owned();
  apply_security(a, ev, states_, security_facts_, cfg_.security);
  if (cfg_.security.redact_secrets) redact_secrets(a);  // after the checks, which read the values
  if (tracing_)
    for (const auto& f : a.security)
      note("security check " + f.check + " (" + std::string(to_string(f.sev)) + "): " + f.detail);
  ++stats_.alerts_by_severity[static_cast<std::size_t>(a.sev)];
  ++stats_.alerts_by_kind[static_cast<std::size_t>(a.kind)];
  for (const auto& c : a.changes) stats_.not_compared += c.compared ? 0 : 1;
  keep_ledger(a);
  finish(outcome::alert, counts,
         std::string(to_string(a.kind)) + " alert, severity " + std::string(to_string(a.sev)) +
             (a.rule.empty() ? "" : " from rule \"" + a.rule + "\""));
  sink(static_cast<const alert&>(a));
}

inline const state_instance* detector::lookup(std::string_view type, const target& t, std::string_view name) {
  const state_instance* s = states_.find(type, t.account, t.region, name);
  if (tracing_)
    note("looked up " + std::string(type) + " \"" + std::string(name) + "\" in " + t.account + "/" +
         t.region + ": " + (s ? "found " + s->address + " (" + s->state_file + ")" : "not in any state"));
  return s;
}

inline const state_instance* detector::lookup_next_type(target& t) {
  for (const auto& k : arn_resource_kinds)
    if (!t.arn_kind.empty() && k.kind == t.arn_kind && k.resource_type != t.type)
      if (const state_instance* s = lookup(k.resource_type, t, t.key)) {
        t.type = k.resource_type;
        return s;
      }
  return nullptr;
}

inline std::vector<change> detector::diff_all(const event_entry& e, const event& ev, const state_instance* inst,
                                              const target& t, bool full) {
  static const nlohmann::json empty_attrs = nlohmann::json::object();
  const nlohmann::json& attrs = inst ? inst->attributes() : empty_attrs;
  diff_context ctx;
  ctx.partition = inst ? std::string_view{inst->partition} : std::string_view{"aws"};
  ctx.region = t.region;
  ctx.account = t.account;
  ctx.full_replacement = full;
  if (!ev.response.is_null()) ctx.response = &ev.response;
  if (inst) ctx.container_cache = &inst->container_cache;
  std::string mode = detail::request_string(ev.request, "networkMode");
  if (mode.empty() && !full) mode = detail::attr_string(attrs, "network_mode");
  ctx.awsvpc = mode == "awsvpc";
  // For a resource with open drifts, note which paths the request set equal to the state
  // and which it changed: the ledger closes drifts by them.
  equal_paths_.clear();
  changed_paths_.clear();
  const bool settle = inst && ledger_.has(inst->state_file, inst->address);
  std::vector<change> changes;
  for_each_field(e, [&](const field_map& f) {
    const nlohmann::json* v = detail::request_at(ev.request, f.request_path);
    std::size_t before = changes.size();
    diff_field(f, v, attrs, ctx, changes, settle ? &equal_paths_ : nullptr);
    if (settle)
      for (std::size_t i = before; i < changes.size(); ++i) changed_paths_.push_back(changes[i].path);
    if (tracing_ && (v || full)) {
      std::string line = std::string(f.request_path) + " -> " + std::string(f.attribute_path) + " (" +
                         std::string(to_string(f.kind)) + "): ";
      if (changes.size() == before) line += "equal";
      for (std::size_t i = before; i < changes.size(); ++i) {
        change shown = changes[i];
        if (cfg_.security.redact_secrets) redact_secrets(shown);
        line += (i > before ? "; " : "") + shown.path + " " + shown.old_value.dump() + " -> " + shown.new_value.dump();
      }
      note(line);
    }
  });
  return changes;
}

inline rated detector::rate_changes(std::string_view type, std::string_view address, std::vector<change>& changes,
                                    std::size_t& dropped) {
  rated best{severity::low, nullptr};
  bool any = false;
  std::vector<change> kept;
  dropped = 0;
  for (auto& c : changes) {
    if (ignores_attribute(cfg_, type, address, c.attribute)) {
      if (tracing_) note(c.path + " is ignored (ignore.attributes)");
      ++dropped;
      continue;
    }
    rated r = rate_attribute(cfg_, type, c.attribute);
    if (!r.rule) {
      if (!cfg_.report_unwatched) {
        if (tracing_) note(c.path + " is unwatched (report_unwatched is false)");
        ++dropped;
        continue;
      }
      r.sev = cfg_.unwatched_severity;
    }
    c.sev = r.sev;
    c.rule = r.rule ? r.rule->name : std::string{};
    if (!any || r.sev > best.sev || (r.sev == best.sev && !best.rule && r.rule)) best = r;
    any = true;
    kept.push_back(std::move(c));
  }
  changes = std::move(kept);
  return best;
}

inline void detector::set_rating(alert& a, rated r) const {
  a.sev = r.sev;
  a.rule = r.rule ? r.rule->name : std::string{};
}

inline rated detector::type_rating(std::string_view type) const {
  rated r = rate_type(cfg_, type);
  if (!r.rule) r.sev = cfg_.unwatched_severity;
  return r;
}

inline outcome detector::evaluate(const event_entry& e, const event& ev, alert& a) {
  target t = resolve_target(e, ev);
  std::string_view type = t.type;
  if (type.empty()) {
    // An ARN of a task, a container instance or no ECS resource: nothing Terraform manages.
    if (tracing_) note("\"" + t.resource_id + "\" names no resource type Terraform manages");
    return outcome::untracked;
  }
  a.resource_type = std::string(type);
  a.resource_id = t.resource_id;
  const state_instance* inst = nullptr;
  std::size_t dropped = 0;
  auto unmanaged = [&](std::vector<change> changes) {
    a.kind = alert_kind::unmanaged;
    rated ignored_rating = rate_changes(type, {}, changes, dropped);
    add_not_compared(type, changes, ignored_rating);
    if (changes.empty() && dropped) return outcome::ignored;
    a.changes = std::move(changes);
    set_rating(a, type_rating(type));
    return outcome::alert;
  };
  // Nothing to report, unless the event set open drifts back to the state's values.
  auto nothing = [&] {
    if (inst && settle_drifts(*inst, a)) return outcome::alert;
    return dropped ? outcome::ignored : outcome::no_change;
  };
  auto managed = [&](alert_kind kind) {
    a.kind = kind;
    a.address = inst->address;
    a.state_file = inst->state_file;
  };
  // The request compared with the managed instance: an alert of `kind` when anything differs.
  auto compared = [&](alert_kind kind, bool full) {
    auto changes = diff_all(e, ev, inst, t, full);
    rated r = rate_changes(type, inst->address, changes, dropped);
    add_not_compared(type, changes, r);
    if (changes.empty()) return nothing();
    managed(kind);
    a.changes = std::move(changes);
    set_rating(a, r);
    return outcome::alert;
  };
  // Activity on the instance (who did what, never drift): its changes, rated. With
  // `type_when_empty`, an alert left with no change takes the type's rating.
  auto activity = [&](std::vector<change> changes, bool type_when_empty) {
    if (!inst) return unmanaged(std::move(changes));
    rated r = rate_changes(type, inst->address, changes, dropped);
    add_not_compared(type, changes, r);
    if (changes.empty() && dropped) return outcome::ignored;
    managed(alert_kind::activity);
    a.changes = std::move(changes);
    set_rating(a, type_when_empty && a.changes.empty() ? type_rating(type) : r);
    return outcome::alert;
  };
  switch (e.action) {
    case event_action::update:
    case event_action::create: {
      inst = lookup(type, t, t.key);
      std::optional<change> redeploy = redeploy_change(e, ev.request);
      if (!inst) {
        auto changes = diff_all(e, ev, nullptr, t, false);
        if (redeploy) changes.push_back(std::move(*redeploy));
        return unmanaged(std::move(changes));
      }
      auto changes = diff_all(e, ev, inst, t, false);
      rated r = rate_changes(type, inst->address, changes, dropped);
      add_not_compared(type, changes, r);
      if (e.action == event_action::update && changes.empty() && redeploy) {
        // A forced redeployment alone: activity (who redeployed when), never drift.
        std::vector<change> activity{std::move(*redeploy)};
        rated ra = rate_changes(type, inst->address, activity, dropped);
        if (activity.empty()) return nothing();
        if (tracing_) note("forceNewDeployment: a redeployment, which the provider never reads back");
        managed(alert_kind::activity);
        a.changes = std::move(activity);
        set_rating(a, ra);
        return outcome::alert;
      }
      if (e.action == event_action::update && changes.empty()) return nothing();
      managed(e.action == event_action::update ? alert_kind::update : alert_kind::recreate);
      a.changes = std::move(changes);
      set_rating(a, a.changes.empty() ? type_rating(type) : r);
      return outcome::alert;
    }
    case event_action::register_revision: {
      inst = lookup(type, t, t.key);
      if (!inst) return unmanaged(diff_all(e, ev, nullptr, t, false));
      return compared(alert_kind::create, true);
    }
    case event_action::remove:
    case event_action::deregister: {
      inst = lookup(type, t, t.key);
      if (!inst && e.action == event_action::deregister) {
        auto [family, rev] = detail::split_revision(t.key);
        if (lookup(type, t, family)) {
          if (tracing_) note("revision " + std::string(rev) + " is not the one the state manages");
          return outcome::no_change;
        }
      }
      if (!inst) return unmanaged({});
      managed(alert_kind::delete_);
      set_rating(a, rate_delete(cfg_, type));
      return outcome::alert;
    }
    case event_action::instance_state: {
      inst = lookup("aws_ecs_cluster", t, t.key);
      std::vector<change> changes;
      const auto& ids = ev.request.is_object() ? ev.request.value("containerInstances", nlohmann::json::array())
                                               : nlohmann::json::array();
      nlohmann::json status = ev.request.is_object() ? ev.request.value("status", nlohmann::json()) : nlohmann::json();
      if (ids.is_array())
        for (const auto& id : ids)
          if (id.is_string())
            detail::push_change(changes,
                                "container_instances[" +
                                    std::string(detail::parse_ecs_ref(id.get_ref<const std::string&>(), "container-instance").name) +
                                    "].status",
                                nullptr, status);
      for (auto& c : changes) c.attribute = "status";
      return activity(std::move(changes), false);
    }
    case event_action::tag: {
      // The tags of the resource the ARN names; when Terraform does not manage it, the
      // aws_ecs_tag resources that manage one of its tags.
      inst = lookup(type, t, t.key);
      if (!inst && (inst = lookup_next_type(t))) {
        type = t.type;
        a.resource_type = std::string(type);
      }
      if (inst) return compared(alert_kind::update, false);
      if (const auto* tag = tag_resource(e, ev, t, a)) {
        inst = tag;
        std::vector<change> changes = std::move(a.changes);
        a.changes.clear();
        rated r = rate_changes("aws_ecs_tag", tag->address, changes, dropped);
        add_not_compared("aws_ecs_tag", changes, r);
        if (changes.empty()) return nothing();
        bool removed = changes.front().new_value.is_null();
        a.resource_type = "aws_ecs_tag";
        managed(removed ? alert_kind::delete_ : alert_kind::update);
        a.changes = std::move(changes);
        set_rating(a, removed ? rate_delete(cfg_, "aws_ecs_tag") : r);
        return outcome::alert;
      }
      return unmanaged(diff_all(e, ev, nullptr, t, false));
    }
    case event_action::activity: {
      // A call the provider stores nothing of: who did what, reported as it was asked.
      inst = lookup(type, t, t.key);
      std::vector<change> changes;
      for (auto k : e.reported_keys)
        if (const nlohmann::json* v = detail::request_at(ev.request, k); v && !v->is_null())
          detail::push_change(changes, std::string(k), nullptr, *v);
      return activity(std::move(changes), true);
    }
    case event_action::delete_revisions: {
      // Each revision named; the first that the state manages is the alert's. Revisions of a
      // managed family other than the state's are no change (as for a deregistration).
      const nlohmann::json* list = detail::request_at(ev.request, e.target_key);
      bool family_managed = false;
      std::vector<std::string> managed_too;
      if (list && list->is_array())
        for (const auto& ref : *list) {
          if (!ref.is_string()) continue;
          auto r = detail::parse_ecs_ref(ref.get_ref<const std::string&>(), "task-definition");
          target rt = t;
          if (!r.account.empty()) rt.account = std::string(r.account);
          if (!r.region.empty()) rt.region = std::string(r.region);
          if (const state_instance* s = lookup(type, rt, r.name)) {
            if (!inst) {
              inst = s;
              a.resource_id = std::string(r.name);
            } else {
              managed_too.push_back(s->address);
            }
          } else if (lookup(type, rt, detail::split_revision(r.name).first)) {
            family_managed = true;
          }
        }
      if (!inst) return family_managed ? outcome::no_change : unmanaged({});
      if (tracing_)
        for (const auto& m : managed_too) note("also deletes a revision that " + m + " manages");
      managed(alert_kind::delete_);
      // Every other managed revision the call deletes is named as a change of this alert.
      for (const auto& m : managed_too) detail::push_change(a.changes, "deleted[\"" + m + "\"]", m, nullptr);
      set_rating(a, rate_delete(cfg_, type));
      return outcome::alert;
    }
    case event_action::exec_session: {
      // Who opened a shell where: activity on the cluster, never drift (see security.hpp).
      inst = lookup(type, t, t.key);
      if (inst) managed(alert_kind::activity);
      else a.kind = alert_kind::unmanaged;
      set_rating(a, type_rating(type));
      change c = exec_session_change(ev.request);
      c.sev = a.sev;
      c.rule = a.rule;
      a.changes.push_back(std::move(c));
      return outcome::alert;
    }
  }
  return outcome::no_change;
}

inline const state_instance* detector::tag_resource(const event_entry& e, const event& ev, const target& t, alert& a) {
  const std::string arn = detail::request_string(ev.request, e.target_key);
  bool untag = !e.own_fields.empty() && e.own_fields.front().kind == compare_kind::tag_keys;
  const nlohmann::json* list = detail::request_at(ev.request, untag ? "tagKeys" : "tags");
  if (!list || !list->is_array()) return nullptr;
  for (const auto& item : *list) {
    std::string key = untag ? (item.is_string() ? item.get<std::string>() : std::string{})
                            : (item.is_object() ? item.value("key", std::string{}) : std::string{});
    if (key.empty() || key.starts_with("aws:")) continue;
    const state_instance* s = lookup("aws_ecs_tag", t, arn + "," + key);
    if (!s) continue;
    nlohmann::json old_value = s->attributes().value("value", nlohmann::json());
    nlohmann::json new_value = untag ? nlohmann::json() : item.value("value", nlohmann::json(""));
    if (old_value != new_value) detail::push_change(a.changes, "value", std::move(old_value), std::move(new_value));
    return s;
  }
  return nullptr;
}

inline void detector::add_not_compared(std::string_view type, std::vector<change>& changes, rated& r) {
  if (not_compared_.empty()) return;
  rated t = type_rating(type);
  if (changes.empty() || t.sev > r.sev) r = t;
  for (auto& c : not_compared_) {
    if (tracing_) note(c.path + " is not compared: " + c.reason + "; reported with an unknown old value");
    c.sev = t.sev;
    c.rule = t.rule ? t.rule->name : std::string{};
    changes.push_back(std::move(c));
  }
  not_compared_.clear();
}

inline std::optional<change> detector::redeploy_change(const event_entry& e, const nlohmann::json& request) {
  if (std::ranges::find(e.reported_keys, std::string_view{"forceNewDeployment"}) == e.reported_keys.end() ||
      !detail::truthy(request, "forceNewDeployment"))
    return std::nullopt;
  change c;
  c.attribute = "force_new_deployment";
  c.path = "force_new_deployment";
  c.new_value = true;
  return c;
}

inline stats::counts* detector::event_counts(const std::string& name, const event_entry* entry) {
  // Catalog events always get a row; other ECS names up to a bound, so hostile input
  // cannot grow the map without end.
  if (!entry && stats_.by_event.size() >= 64 && !stats_.by_event.count(name))
    return &stats_.by_event["(other)"];
  return &stats_.by_event[name];
}

inline void detector::observe_write(const event& ev, const event_entry& e, const actor& who) {
  target t = resolve_target(e, ev);
  metrics_.observe_write(ev, e, who, t.account, t.region, t.key);
}

template <class FullRequest>
void detector::after_terraform(event& ev, const event_entry& e, std::string_view request_token,
                               FullRequest&& full_request) {
  if (!watches_account(cfg_, ev.account) || !watches_region(cfg_, ev.region)) return;
  if (!request_token.empty()) {
    ev.request = nlohmann::json::object();
    std::size_t deepest = 0;
    detail::for_each_member(request_token, [&](std::string_view key, std::string_view value) {
      if (key != e.target_key && key != e.cluster_key &&
          std::find(metric_request_keys.begin(), metric_request_keys.end(), key) == metric_request_keys.end())
        return;
      auto v = detail::parse_json(value);
      if (!v.is_discarded()) ev.request[std::string(key)] = std::move(v);
    }, cfg_.limits.max_depth, deepest);
  }
  observe_write(ev, e, identify(ev));
  if (ledger_.empty() || e.action == event_action::instance_state || e.action == event_action::exec_session ||
      e.action == event_action::activity)
    return;
  target t = resolve_target(e, ev);
  if (t.type.empty()) return;
  const state_instance* inst = states_.find(t.type, t.account, t.region, t.key);
  if (!inst && e.action == event_action::tag) inst = lookup_next_type(t);
  if (!inst || !ledger_.has(inst->state_file, inst->address)) return;
  std::vector<drift> closing;
  if (e.action == event_action::update || e.action == event_action::tag) {
    if (!full_request()) return;
    detail::reduce_request(e, ev.request);
    diff_all(e, ev, inst, t, false);
    std::vector<std::string> set = equal_paths_;
    set.insert(set.end(), changed_paths_.begin(), changed_paths_.end());
    closing = ledger_.settled_by(inst->state_file, inst->address, set, {});
  } else {
    closing = ledger_.of(inst->state_file, inst->address);
  }
  metrics_.observe_resolved(resolution::terraform, ledger_.close(closing));
}

inline bool detector::settle_drifts(const state_instance& inst, alert& a) {
  settled_ = ledger_.settled_by(inst.state_file, inst.address, equal_paths_, changed_paths_);
  if (settled_.empty()) return false;
  a.kind = alert_kind::resolved;
  a.address = inst.address;
  a.state_file = inst.state_file;
  a.changes.clear();
  const drift* worst = nullptr;
  for (const auto& d : settled_) {
    change c;
    c.attribute = d.attribute;
    c.path = d.path;
    c.old_value = d.drifted_value;
    c.new_value = d.state_value;
    c.sev = d.sev;
    c.rule = d.rule;
    a.changes.push_back(std::move(c));
    if (!worst || d.sev > worst->sev) worst = &d;
  }
  a.sev = worst->sev;
  a.rule = worst->rule;
  if (tracing_) note("closes " + std::to_string(settled_.size()) + " open drift(s) of " + inst.address);
  return true;
}

inline void detector::keep_ledger(const alert& a) {
  metrics_.observe_alert(a);
  if (a.kind == alert_kind::resolved) {
    metrics_.observe_resolved(resolution::event, ledger_.close(settled_));
    settled_.clear();
    return;
  }
  if (!a.address) return;
  if (!equal_paths_.empty())
    metrics_.observe_resolved(resolution::event,
                              ledger_.close(ledger_.settled_by(a.state_file, *a.address, equal_paths_, changed_paths_)));
  ledger_update u = ledger_.record(a);
  metrics_.observe_opened(a.resource_type, u.opened);
  metrics_.observe_resolved(resolution::event, u.resolved);
}

inline std::vector<drift> detector::closed_by_state(std::vector<drift> closed) {
  metrics_.observe_resolved(resolution::state, closed.size());
  return closed;
}

inline void detector::finish(outcome o, stats::counts* per_event, const std::string& why) {
  last_outcome_ = o;
  ++stats_.outcomes[static_cast<std::size_t>(o)];
  if (per_event) ++(*per_event)[static_cast<std::size_t>(o)];
  if (tracing_) {
    note("outcome " + std::string(to_string(o)) + ": " + why);
    tracing_ = false;
  }
}

inline void detector::malformed(const place_ref& where, std::string id, std::string message) {
  record_place place = where.owned();
  if (tracing_ || stats_.malformed_places.size() < cfg_.max_malformed_places) {
    std::string line = "[" + id + "] " + place.str() + ": " + message;
    if (stats_.malformed_places.size() < cfg_.max_malformed_places)
      stats_.malformed_places.push_back({std::move(place), std::move(id), std::move(message)});
    return finish(outcome::malformed, nullptr, line);
  }
  finish(outcome::malformed, nullptr, {});
}

inline void detector::note(const std::string& line) {
  if (explain_out_) explain_out_(line);
}

TFDRIFT_END_NAMESPACE
