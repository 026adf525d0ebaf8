// The drift ledger: the drifts open now, per resource and attribute path; closed by later events and newer states; saved and loaded as JSON.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "alert.hpp"
#include "catalog.hpp"
#include "diff.hpp"
#include "error.hpp"
#include "redact.hpp"
#include "state.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// Why an open drift closed.
enum class resolution : std::uint8_t {
  event,      ///< a later event set the value back to the state's value
  terraform,  ///< Terraform's own call set the value (the plan being applied)
  state,      ///< a newer state adopted the drifted value, or no longer has the resource
};

inline constexpr std::array<std::string_view, 3> resolution_names{"event", "terraform", "state"};

/// Returns "event", "terraform" or "state".
constexpr std::string_view to_string(resolution r) noexcept {
  return resolution_names[static_cast<std::size_t>(r)];
}

/// One open drift: an attribute path of a managed resource whose live value differs from the
/// state's, or (kind delete, empty path) a managed resource that was deleted.
struct drift {
  std::string state_file;     ///< the state that manages the resource
  std::string address;        ///< its Terraform address
  std::string resource_type;  ///< aws_ecs_service, ...
  std::string resource_id;    ///< as alerts name it ("production/my-service", "web-app:7")
  std::string account, region;
  alert_kind kind = alert_kind::update;  ///< the kind of the alert that opened it: update, create, recreate or delete
  std::string attribute;      ///< top-level attribute ("" for a delete)
  std::string path;           ///< attribute path, as alerts print it ("" for a delete)
  nlohmann::json state_value;    ///< the value in the state
  nlohmann::json drifted_value;  ///< the value the last drifting event set
  severity sev = severity::low;  ///< from the drift rules, as the last alert rated it
  std::string rule;              ///< the drift rule behind the severity
  std::string first_event_id, first_event_time;  ///< the event that opened it
  std::string last_event_id, last_event_time;    ///< the last event that set a drifted value
  std::string actor;             ///< who set the drifted value last (the alert's actor name)
  std::uint64_t events = 1;      ///< events that set a value other than the state's
};

/// What recording an alert did to the ledger.
struct ledger_update {
  std::size_t opened = 0;    ///< drifts that were not open before
  std::size_t resolved = 0;  ///< drifts closed (a recreate closes the resource's delete)
};

/// The drifts open now: one entry per state file, resource address and attribute path. Alerts
/// open and update entries; an event that sets a path back to the state's value, Terraform's
/// own call, or a newer state that adopts the drifted value closes them. Not thread-safe.
class drift_ledger {
 public:
  /// The schema name written into the ledger's JSON.
  static constexpr std::string_view schema = "tfdrift.ledger.v1";

  /// Whether values read from states and saved ledgers are redacted as alerts are (see
  /// redact_value; the detector sets it from security.redact_secrets). The ledger keeps no
  /// copy of a redacted secret, so a drift of one is closed by an event that sets it back,
  /// by Terraform's own call, or when the state no longer has the resource; never by a state
  /// value compared with it.
  void set_redaction(bool on) noexcept { redact_ = on; }

  /// Returns the number of open drifts.
  std::size_t size() const noexcept { return size_; }
  /// Returns true when no drift is open.
  bool empty() const noexcept { return size_ == 0; }

  /// Returns the open drifts, ordered by state file, address and path.
  std::vector<drift> open() const;

  /// Calls fn(const drift&) for each open drift, in the order of open().
  template <class Fn>
  void for_each(Fn&& fn) const;

  /// Returns true when a resource of a state has open drifts.
  bool has(std::string_view state_file, std::string_view address) const;

  /// Returns how many drifts are open per resource type, in the order of resource_schemas.
  std::array<std::uint64_t, resource_schemas.size()> open_by_type() const;

  /// Records what an alert reports about a managed resource: each change of an update, create
  /// or recreate opens (or updates) the drift of its path; a delete replaces the resource's
  /// drifts with one drift for the deletion; a recreate closes that one. Alerts of other kinds,
  /// and alerts without an address, change nothing.
  ledger_update record(const alert& a);

  /// Returns the open drifts of a resource that an event settles: each one whose path lies
  /// under a path the event set (`set_paths`) and meets no path it changed (`changed_paths`).
  /// Deletions are settled only by a recreate (see record()).
  std::vector<drift> settled_by(std::string_view state_file, std::string_view address,
                                const std::vector<std::string>& set_paths,
                                const std::vector<std::string>& changed_paths) const;

  /// Returns every open drift of a resource (in path order).
  std::vector<drift> of(std::string_view state_file, std::string_view address) const;

  /// Closes drifts (by state file, address and path); returns how many were open.
  std::size_t close(const std::vector<drift>& ds);

  /// Moves the drifts of a state file to another name (a newer copy of the same state, loaded
  /// under another name, replaced it).
  void rename_state(std::string_view from, std::string_view to);

  /// Compares the open drifts of a state file (of every loaded state file when `state_file` is
  /// empty) with the loaded states, and closes each one that the state settles: the state
  /// adopted the drifted value, no longer has the resource, or (for a deleted task definition)
  /// holds another revision. A drift whose state value changed to a third value stays open with
  /// the new state value. Drifts of state files not loaded are left alone. Returns the closed
  /// ones, ordered by state file, address and path.
  std::vector<drift> reconcile(const state_index& states, std::string_view state_file = {});

  /// Returns the ledger as JSON: {"schema": "tfdrift.ledger.v1", "open": [drift, ...]}.
  nlohmann::ordered_json to_json() const;

  /// Returns one drift as the ledger writes it.
  static nlohmann::ordered_json to_json(const drift& d);

  /// Replaces the ledger's content with a ledger's JSON text (what to_json() wrote). Throws
  /// tfdrift::error with id tfdrift.ledger.parse (not JSON; the place has line and column),
  /// tfdrift.ledger.schema (not a tfdrift.ledger.v1 object) or tfdrift.ledger.shape (an entry
  /// with a missing or mistyped field; the place names the entry). A failed load changes nothing.
  void load_json(std::string_view text, std::string_view name);

 private:
  // The map key of a resource, built in key_buf_ (valid until the next call).
  const std::string& key(std::string_view state_file, std::string_view address) const;

  // Calls fn(const drift&) for each open drift of a resource, in path order.
  template <class Fn>
  void for_resource(std::string_view state_file, std::string_view address, Fn&& fn) const;

  // The resources' drift lists, ordered by state file and address (for listings).
  std::vector<const std::vector<drift>*> sorted_resources() const;
  std::vector<std::vector<drift>*> sorted_resources();

  // Whether a newer state settles a drift (inst: the state's instance at its address, if any).
  static bool settled_by_state(drift& d, const state_instance* inst, bool redact);

  // The drift of a path in a resource's list, opened from the alert when new (then true); its
  // last event is the alert's.
  std::pair<drift&, bool> upsert(std::vector<drift>& v, const alert& a, std::string_view path);

  // Each resource's open drifts, ordered by path; key "state_file\x1faddress".
  std::unordered_map<std::string, std::vector<drift>> open_;
  std::size_t size_ = 0;
  bool redact_ = true;
  mutable std::string key_buf_;
};

TFDRIFT_END_NAMESPACE

#include "detail/ledger-inl.hpp"
