// Helpers for the fixture-driven tests: read files under tests/data, run them through a detector, check changes.
#pragma once

#include <catch2/catch.hpp>
#include <tfdrift/ecs.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_data.hpp"

namespace tfdrift_test {

/// Returns the bytes of a file.
inline std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open fixture " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Returns the bytes of a fixture, given its path under tests/data ("cloudtrail/delete_service.json").
inline std::string read_fixture(std::string_view relative) { return read_bytes(data_path(relative)); }

/// Every JSON fixture (tests/data and examples: records, documents, states, Falco alerts), in
/// path order, whole, and each line of the NDJSON ones: the inputs of the differential tests.
inline std::vector<std::string> json_fixture_texts() {
  std::vector<std::filesystem::path> files;
  for (const std::string& root : {data_path(""), data_path("../../examples")})
    for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
      const auto ext = e.path().extension();
      if (e.is_regular_file() && (ext == ".json" || ext == ".ndjson" || ext == ".tfstate")) files.push_back(e.path());
    }
  std::sort(files.begin(), files.end());
  std::vector<std::string> out;
  for (const auto& f : files) {
    std::string text = read_bytes(f);
    if (f.extension() == ".ndjson") {
      std::istringstream lines(text);
      for (std::string line; std::getline(lines, line);)
        if (!line.empty()) out.push_back(line);
    } else {
      out.push_back(std::move(text));
    }
  }
  return out;
}

/// Returns the last segment of a fixture path: the source name the tests pass to the detector.
inline std::string file_name(std::string_view relative) {
  auto slash = relative.rfind('/');
  return std::string(slash == std::string_view::npos ? relative : relative.substr(slash + 1));
}

/// A detector with the built-in rules and state files from tests/data/state loaded, after it
/// processed one fixture under the fixture's file name.
struct run {
  tfdrift::detector detector;
  std::string fixture;
  std::vector<tfdrift::alert> alerts;

  explicit run(std::string_view relative, std::initializer_list<std::string_view> states = {"ecs.tfstate"})
      : fixture(relative) {
    for (auto s : states) detector.load_state(read_fixture("state/" + std::string(s)), s);
    alerts = detector.process(read_fixture(relative), file_name(relative));
  }

  const tfdrift::stats& stats() const { return detector.stats(); }

  /// Returns the fixture parsed as one CloudTrail record.
  nlohmann::json record() const { return nlohmann::json::parse(read_fixture(fixture)); }

  /// Returns the alerts and the counts as text, for failure messages.
  std::string dump() const {
    std::string s = fixture + ": " + std::to_string(alerts.size()) + " alert(s)\n";
    for (const auto& a : alerts) s += tfdrift::to_json_line(a) + "\n";
    return s + "stats: " + stats().to_json().dump();
  }
};

/// Checks that exactly one record was read and that it ended in the given outcome.
inline void check_single_outcome(const tfdrift::stats& s, tfdrift::outcome o) {
  INFO("expected outcome " << tfdrift::to_string(o) << ", stats " << s.to_json().dump());
  CHECK(s.records_read == 1);
  CHECK(s.count(o) == 1);
  CHECK(s.sum() == s.records_read);
}

/// Returns the run's one alert, checking that its record is the one record read and ended as an
/// alert. Bind the run to a variable first: the alert lives in it.
inline const tfdrift::alert& only_alert(const run& r) {
  INFO(r.dump());
  REQUIRE(r.alerts.size() == 1);
  check_single_outcome(r.stats(), tfdrift::outcome::alert);
  return r.alerts.front();
}

/// Checks that the run's one record gave no alert and ended as `o`.
inline void check_no_alert(const run& r, tfdrift::outcome o) {
  INFO(r.dump());
  CHECK(r.alerts.empty());
  check_single_outcome(r.stats(), o);
}

/// Checks the fields an alert copies from its record: event id, name and time, and its place.
inline void check_envelope(const run& r, const tfdrift::alert& a) {
  const nlohmann::json rec = r.record();
  CHECK(a.event_id == rec.at("eventID").get<std::string>());
  CHECK(a.event_name == rec.at("eventName").get<std::string>());
  CHECK(a.event_time == rec.at("eventTime").get<std::string>());
  CHECK(a.place.source == file_name(r.fixture));
  CHECK(a.place.record == 1);
}

/// Returns the change at a path, or nullptr.
inline const tfdrift::change* find_change(const tfdrift::alert& a, std::string_view path) {
  for (const auto& c : a.changes)
    if (c.path == path) return &c;
  return nullptr;
}

/// One change an alert must carry.
struct expected_change {
  std::string_view path;
  std::string_view attribute;
  nlohmann::json old_value;
  nlohmann::json new_value;
  tfdrift::severity sev;
};

/// Checks that an alert carries exactly these changes (in any order), each with its
/// attribute, old and new value (as typed JSON) and severity.
inline void check_changes(const tfdrift::alert& a, std::initializer_list<expected_change> want) {
  INFO("alert: " << tfdrift::to_json_line(a));
  CHECK(a.changes.size() == want.size());
  for (const auto& w : want) {
    INFO("change at " << w.path);
    const tfdrift::change* c = find_change(a, w.path);
    CHECK(c != nullptr);
    if (!c) continue;
    CHECK(c->attribute == w.attribute);
    CHECK(c->old_value == w.old_value);
    CHECK(c->new_value == w.new_value);
    CHECK(tfdrift::to_string(c->sev) == tfdrift::to_string(w.sev));
  }
}

/// Parses JSON text written in a test: parse_json(R"([{"base":0}])").
inline nlohmann::json parse_json(std::string_view text) { return nlohmann::json::parse(text); }

/// The catalog's row for an event's request member: tests use the rows users get.
inline const tfdrift::field_map& catalog_field(std::string_view event, std::string_view request_path) {
  const tfdrift::event_entry* e = tfdrift::find_event(tfdrift::ecs_source, event);
  REQUIRE(e);
  const tfdrift::field_map* found = nullptr;
  tfdrift::for_each_field(*e, [&](const tfdrift::field_map& f) {
    if (f.request_path == request_path) found = &f;
  });
  if (!found) throw std::logic_error("no catalog row for " + std::string(request_path));
  return *found;
}

}  // namespace tfdrift_test
