// The drift ledger: drifts open per resource and path, resolved alerts, newer states, save and load.
#include "fixture.hpp"

#include <tfdrift/ledger.hpp>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_ledger {

namespace {

using tfdrift_test::parse_json;
using tfdrift_test::read_fixture;

// A fixture record with another eventID and eventTime, and request keys replaced.
std::string variant(std::string_view fixture, std::string_view event_id, std::string_view time,
                    const nlohmann::json& request_patch = nlohmann::json::object()) {
  nlohmann::json r = nlohmann::json::parse(read_fixture(fixture));
  r["eventID"] = event_id;
  r["eventTime"] = time;
  for (auto it = request_patch.begin(); it != request_patch.end(); ++it) r["requestParameters"][it.key()] = it.value();
  return r.dump();
}

// A detector with tests/data/state/ecs.tfstate loaded under "ecs.tfstate".
struct session {
  tfdrift::detector d;
  std::vector<tfdrift::alert> alerts;
  session() { d.load_state(read_fixture("state/ecs.tfstate"), "ecs.tfstate"); }
  tfdrift::alert feed(const std::string& record) {  // a copy: the next feed replaces `alerts`
    alerts = d.process(record, "trail.json");
    REQUIRE(alerts.size() == 1);
    return alerts[0];
  }
  void feed_quiet(const std::string& record) {
    alerts = d.process(record, "trail.json");
    REQUIRE(alerts.empty());
  }
};

// A value of one sample line of the exposition ("name{labels}"), or -1 when absent.
double sample(const tfdrift::detector& d, std::string_view series) {
  std::string text = d.metrics().exposition();
  std::string key = std::string(series) + " ";
  auto at = text.find("\n" + key);
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + 1 + key.size()));
}

// The ecs.tfstate text with the service's desired_count replaced (a newer serial).
std::string state_with_desired_count(const std::string& value, bool drop_service = false) {
  nlohmann::json s = nlohmann::json::parse(read_fixture("state/ecs.tfstate"));
  s["serial"] = s["serial"].get<int>() + 1;
  auto& resources = s["resources"];
  for (auto it = resources.begin(); it != resources.end(); ++it) {
    if ((*it)["type"] != "aws_ecs_service" || (*it)["name"] != "main") continue;
    if (drop_service) {
      resources.erase(it);
      break;
    }
    (*it)["instances"][0]["attributes"]["desired_count"] = nlohmann::json::parse(value);
  }
  return s.dump();
}

constexpr const char* scale_up = "cloudtrail/update_service_desired_count.json";
constexpr const char* revert_id = "0b7d3c2e-5a41-4f6e-9c1d-7e2f8a9b0c11";

}  // namespace

TEST_CASE("A drift opens in the ledger with the state value, the drifted value, the event and the actor",
          "[ledger]") {
  session s;
  const auto& a = s.feed(read_fixture(scale_up));
  CHECK(tfdrift::to_string(a.kind) == "update");
  auto open = s.d.open_drifts();
  REQUIRE(open.size() == 1);
  const tfdrift::drift& d = open[0];
  CHECK(d.state_file == "ecs.tfstate");
  CHECK(d.address == "aws_ecs_service.main");
  CHECK(d.resource_type == "aws_ecs_service");
  CHECK(d.resource_id == "production/my-service");
  CHECK(d.account == "123456789012");
  CHECK(d.region == "us-east-1");
  CHECK(tfdrift::to_string(d.kind) == "update");
  CHECK(d.attribute == "desired_count");
  CHECK(d.path == "desired_count");
  CHECK(d.state_value == nlohmann::json(3));
  CHECK(d.drifted_value == nlohmann::json(5));
  CHECK(tfdrift::to_string(d.sev) == "high");
  CHECK(d.rule == "ECS Service Configuration");
  CHECK(d.first_event_id == "68679295-0223-4b5d-aecb-656d77977de2");
  CHECK(d.first_event_time == "2025-03-11T13:04:12Z");
  CHECK(d.last_event_id == d.first_event_id);
  CHECK(d.last_event_time == d.first_event_time);
  CHECK(d.actor == "ops-admin");
  CHECK(d.events == 1);
  CHECK(s.d.ledger().size() == 1);
  CHECK(s.d.ledger().has("ecs.tfstate", "aws_ecs_service.main"));
  CHECK_FALSE(s.d.ledger().has("ecs.tfstate", "aws_ecs_service.worker[0]"));
}

TEST_CASE("Drift then revert: a resolved alert, and the open count back to 0", "[ledger][resolved]") {
  session s;
  s.feed(read_fixture(scale_up));
  CHECK(sample(s.d, R"(tfdrift_open_drifts{resource_type="aws_ecs_service"})") == 1);

  const auto& a = s.feed(variant(scale_up, revert_id, "2025-03-11T13:30:00Z", {{"desiredCount", 3}}));
  CHECK(tfdrift::to_string(a.kind) == "resolved");
  CHECK(a.address.value_or("") == "aws_ecs_service.main");
  CHECK(a.state_file == "ecs.tfstate");
  CHECK(a.event_id == revert_id);
  CHECK(a.event_name == "UpdateService");
  CHECK(a.who.name == "ops-admin");
  CHECK(tfdrift::to_string(a.sev) == "high");
  CHECK(a.rule == "ECS Service Configuration");
  tfdrift_test::check_changes(a, {{"desired_count", "desired_count", 5, 3, tfdrift::severity::high}});
  CHECK(tfdrift::to_text(a) ==
        "✅ Drift Resolved: aws_ecs_service.main\n"
        "Changed: desired_count = 5 → 3\n"
        "User: ops-admin (IAM User, CLI)\n"
        "Region: us-east-1\n"
        "Severity: HIGH\n");
  CHECK(tfdrift::to_json(a)["kind"] == "resolved");

  CHECK(s.d.open_drifts().empty());
  const auto& st = s.d.stats();
  CHECK(st.records_read == 2);
  CHECK(st.count(tfdrift::outcome::alert) == 2);
  CHECK(st.count(tfdrift::outcome::no_change) == 0);
  CHECK(st.sum() == st.records_read);
  CHECK(st.alerts_by_kind[static_cast<std::size_t>(tfdrift::alert_kind::resolved)] == 1);
  CHECK(st.alerts_by_kind[static_cast<std::size_t>(tfdrift::alert_kind::update)] == 1);
  CHECK(st.to_json()["alerts_by_kind"]["resolved"] == 1);
  CHECK(sample(s.d, R"(tfdrift_open_drifts{resource_type="aws_ecs_service"})") == 0);
  CHECK(sample(s.d, R"(tfdrift_drifts_opened_total{resource_type="aws_ecs_service"})") == 1);
  CHECK(sample(s.d, R"(tfdrift_drifts_resolved_total{reason="event"})") == 1);
  CHECK(sample(s.d, R"(tfdrift_alerts_total{kind="resolved",severity="high"})") == 1);
  CHECK(sample(s.d, R"(tfdrift_records_total{outcome="alert"})") == 2);

  // Once resolved, the same value again changes nothing.
  s.feed_quiet(variant(scale_up, "0b7d3c2e-5a41-4f6e-9c1d-7e2f8a9b0c12", "2025-03-11T13:31:00Z", {{"desiredCount", 3}}));
  CHECK(s.d.stats().count(tfdrift::outcome::no_change) == 1);
}

TEST_CASE("A resolved alert explains itself", "[ledger][resolved][explain]") {
  session s;
  s.feed(read_fixture(scale_up));
  std::vector<std::string> lines;
  s.d.explain(revert_id, [&](const std::string& l) { lines.push_back(l); });
  s.feed(variant(scale_up, revert_id, "2025-03-11T13:30:00Z", {{"desiredCount", 3}}));
  REQUIRE(lines.size() >= 2);
  CHECK(lines[lines.size() - 2] == "closes 1 open drift(s) of aws_ecs_service.main");
  CHECK(lines.back() == "outcome alert: resolved alert, severity high from rule \"ECS Service Configuration\"");
}

TEST_CASE("Another drifted value of the same path updates the open drift", "[ledger]") {
  session s;
  s.feed(read_fixture(scale_up));
  const auto& a = s.feed(variant(scale_up, "1f0e2d3c-0000-4000-8000-000000000007", "2025-03-11T13:40:00Z",
                                 {{"desiredCount", 7}}));
  CHECK(tfdrift::to_string(a.kind) == "update");
  auto open = s.d.open_drifts();
  REQUIRE(open.size() == 1);
  CHECK(open[0].state_value == nlohmann::json(3));
  CHECK(open[0].drifted_value == nlohmann::json(7));
  CHECK(open[0].first_event_id == "68679295-0223-4b5d-aecb-656d77977de2");
  CHECK(open[0].last_event_id == "1f0e2d3c-0000-4000-8000-000000000007");
  CHECK(open[0].last_event_time == "2025-03-11T13:40:00Z");
  CHECK(open[0].events == 2);
  CHECK(sample(s.d, R"(tfdrift_drifts_opened_total{resource_type="aws_ecs_service"})") == 1);
}

TEST_CASE("An update that reverts one drift and makes another is an update alert, and the reverted one closes",
          "[ledger]") {
  session s;
  s.feed(read_fixture(scale_up));
  const auto& a = s.feed(variant(scale_up, "2a2a2a2a-0000-4000-8000-000000000001", "2025-03-11T13:50:00Z",
                                 {{"desiredCount", 3}, {"enableExecuteCommand", true}}));
  CHECK(tfdrift::to_string(a.kind) == "update");
  tfdrift_test::check_changes(a, {{"enable_execute_command", "enable_execute_command", false, true,
                                   tfdrift::severity::high}});
  auto open = s.d.open_drifts();
  REQUIRE(open.size() == 1);
  CHECK(open[0].path == "enable_execute_command");
  CHECK(sample(s.d, R"(tfdrift_drifts_resolved_total{reason="event"})") == 1);
  CHECK(sample(s.d, R"(tfdrift_alerts_total{kind="resolved",severity="high"})") == 0);
}

TEST_CASE("Without an open drift, a request equal to the state is still no_change", "[ledger]") {
  session s;
  s.feed_quiet(read_fixture("cloudtrail/update_service_same_value.json"));
  tfdrift_test::check_single_outcome(s.d.stats(), tfdrift::outcome::no_change);
  CHECK(s.d.open_drifts().empty());
}

TEST_CASE("A console request that resends every field, the drifted one at the state's value, resolves it",
          "[ledger][resolved]") {
  session s;
  s.feed(read_fixture(scale_up));
  const auto& a = s.feed(read_fixture("cloudtrail/update_service_same_value.json"));
  CHECK(tfdrift::to_string(a.kind) == "resolved");
  tfdrift_test::check_changes(a, {{"desired_count", "desired_count", 5, 3, tfdrift::severity::high}});
  CHECK(a.who.source == "console");
  CHECK(s.d.open_drifts().empty());
}

TEST_CASE("Terraform's own call closes the drifts it covers, without an alert", "[ledger][terraform]") {
  session s;
  s.feed(read_fixture(scale_up));
  // Terraform sets desiredCount 5: its plan now says 5, so the drift is no longer out of band.
  s.feed_quiet(read_fixture("cloudtrail/update_service_terraform.json"));
  CHECK(s.d.stats().count(tfdrift::outcome::terraform) == 1);
  CHECK(s.d.open_drifts().empty());
  CHECK(sample(s.d, R"(tfdrift_drifts_resolved_total{reason="terraform"})") == 1);
  CHECK(sample(s.d, R"(tfdrift_ecs_changes_total{source="terraform"})") == 1);
}

TEST_CASE("Terraform's call on other attributes leaves the drift open", "[ledger][terraform]") {
  session s;
  s.feed(read_fixture(scale_up));
  nlohmann::json r = nlohmann::json::parse(read_fixture("cloudtrail/update_service_terraform.json"));
  r["requestParameters"].erase("desiredCount");
  r["requestParameters"]["enableExecuteCommand"] = false;
  s.feed_quiet(r.dump());
  CHECK(s.d.open_drifts().size() == 1);
  CHECK(sample(s.d, R"(tfdrift_drifts_resolved_total{reason="terraform"})") == 0);
}

TEST_CASE("A newer state that adopts the drifted value closes the drift", "[ledger][state]") {
  session s;
  s.feed(read_fixture(scale_up));
  tfdrift::state_index newer;
  newer.load(state_with_desired_count("5"), "ecs.tfstate");
  auto closed = s.d.replace_states(std::move(newer));
  REQUIRE(closed.size() == 1);
  CHECK(closed[0].address == "aws_ecs_service.main");
  CHECK(closed[0].path == "desired_count");
  CHECK(s.d.open_drifts().empty());
  CHECK(sample(s.d, R"(tfdrift_drifts_resolved_total{reason="state"})") == 1);
  CHECK(sample(s.d, R"(tfdrift_open_drifts{resource_type="aws_ecs_service"})") == 0);
  // The desired-count gauge follows the newer state.
  CHECK(s.d.metrics().desired_tasks("production/my-service") == 5);
}

TEST_CASE("A newer state with the value as a string still adopts a numeric drift", "[ledger][state]") {
  session s;
  s.feed(read_fixture(scale_up));
  tfdrift::state_index newer;
  newer.load(state_with_desired_count("\"5\""), "ecs.tfstate");
  CHECK(s.d.replace_states(std::move(newer)).size() == 1);
  CHECK(s.d.open_drifts().empty());
}

TEST_CASE("A newer state with a third value keeps the drift open with the new state value", "[ledger][state]") {
  session s;
  s.feed(read_fixture(scale_up));
  tfdrift::state_index newer;
  newer.load(state_with_desired_count("4"), "ecs.tfstate");
  CHECK(s.d.replace_states(std::move(newer)).empty());
  auto open = s.d.open_drifts();
  REQUIRE(open.size() == 1);
  CHECK(open[0].state_value == nlohmann::json(4));
  CHECK(open[0].drifted_value == nlohmann::json(5));
  // Setting it back to the new state's value resolves it.
  const auto& a = s.feed(variant(scale_up, revert_id, "2025-03-11T13:30:00Z", {{"desiredCount", 4}}));
  CHECK(tfdrift::to_string(a.kind) == "resolved");
  tfdrift_test::check_changes(a, {{"desired_count", "desired_count", 5, 4, tfdrift::severity::high}});
}

TEST_CASE("A newer state without the resource closes its drifts, and an unchanged one closes nothing",
          "[ledger][state]") {
  session s;
  s.feed(read_fixture(scale_up));
  tfdrift::state_index same;
  same.load(read_fixture("state/ecs.tfstate"), "ecs.tfstate");
  CHECK(s.d.replace_states(std::move(same)).empty());
  CHECK(s.d.open_drifts().size() == 1);
  tfdrift::state_index other_name;  // a state under another name says nothing about ecs.tfstate
  other_name.load(state_with_desired_count("5"), "other.tfstate");
  CHECK(s.d.replace_states(std::move(other_name)).empty());
  CHECK(s.d.open_drifts().size() == 1);
  tfdrift::state_index without;
  without.load(state_with_desired_count("0", true), "ecs.tfstate");
  CHECK(s.d.replace_states(std::move(without)).size() == 1);
  CHECK(s.d.open_drifts().empty());
}

TEST_CASE("A task definition revision equal to the state's again resolves the image drift",
          "[ledger][resolved][task_definition]") {
  session s;
  const auto& a = s.feed(read_fixture("cloudtrail/register_task_definition_image.json"));
  CHECK(tfdrift::to_string(a.kind) == "create");
  auto open = s.d.open_drifts();
  REQUIRE(open.size() == 1);
  CHECK(open[0].path == "container_definitions[name=nginx].image");
  CHECK(open[0].state_value == "nginx:1.20");
  CHECK(open[0].drifted_value == "nginx:1.21");
  CHECK(tfdrift::to_string(open[0].kind) == "create");

  nlohmann::json r = nlohmann::json::parse(read_fixture("cloudtrail/register_task_definition_image.json"));
  r["eventID"] = "3c3c3c3c-0000-4000-8000-000000000003";
  for (auto& c : r["requestParameters"]["containerDefinitions"])
    if (c["name"] == "nginx") c["image"] = "nginx:1.20";
  const auto& back = s.feed(r.dump());
  CHECK(tfdrift::to_string(back.kind) == "resolved");
  CHECK(back.address.value_or("") == "aws_ecs_task_definition.web_app");
  tfdrift_test::check_changes(back, {{"container_definitions[name=nginx].image", "container_definitions",
                                      "nginx:1.21", "nginx:1.20", tfdrift::severity::medium}});
  CHECK(s.d.open_drifts().empty());
}

TEST_CASE("A newer state whose container definitions adopted the image closes the drift",
          "[ledger][state][task_definition]") {
  session s;
  s.feed(read_fixture("cloudtrail/register_task_definition_image.json"));
  nlohmann::json st = nlohmann::json::parse(read_fixture("state/ecs.tfstate"));
  for (auto& res : st["resources"])
    if (res["type"] == "aws_ecs_task_definition" && res["name"] == "web_app") {
      auto& attrs = res["instances"][0]["attributes"];
      nlohmann::json defs = nlohmann::json::parse(attrs["container_definitions"].get<std::string>());
      for (auto& c : defs)
        if (c["name"] == "nginx") c["image"] = "nginx:1.21";
      attrs["container_definitions"] = defs.dump();
    }
  tfdrift::state_index newer;
  newer.load(st.dump(), "ecs.tfstate");
  auto closed = s.d.replace_states(std::move(newer));
  REQUIRE(closed.size() == 1);
  CHECK(closed[0].path == "container_definitions[name=nginx].image");
}

TEST_CASE("A cluster setting set back by name resolves only that setting", "[ledger][resolved][cluster]") {
  session s;
  const auto& a = s.feed(read_fixture("cloudtrail/update_cluster_settings.json"));
  REQUIRE(a.changes.size() == 1);
  const std::string path = a.changes[0].path;
  CHECK(path == "setting[name=containerInsights].value");
  const nlohmann::json state_value = a.changes[0].old_value;
  nlohmann::json r = nlohmann::json::parse(read_fixture("cloudtrail/update_cluster_settings.json"));
  r["eventID"] = "4d4d4d4d-0000-4000-8000-000000000004";
  r["requestParameters"]["settings"] = {{{"name", "containerInsights"}, {"value", state_value}}};
  const auto& back = s.feed(r.dump());
  CHECK(tfdrift::to_string(back.kind) == "resolved");
  tfdrift_test::check_changes(back, {{path, "setting", "disabled", state_value, a.changes[0].sev}});
  CHECK(s.d.open_drifts().empty());
}

TEST_CASE("A delete replaces the resource's drifts, and a recreate closes the delete", "[ledger][delete]") {
  session s;
  s.feed(read_fixture(scale_up));
  const auto& del = s.feed(read_fixture("cloudtrail/delete_service.json"));
  CHECK(tfdrift::to_string(del.kind) == "delete");
  auto open = s.d.open_drifts();
  REQUIRE(open.size() == 1);
  CHECK(open[0].path.empty());
  CHECK(open[0].attribute.empty());
  CHECK(tfdrift::to_string(open[0].kind) == "delete");
  CHECK(tfdrift::to_string(open[0].sev) == "critical");
  CHECK(open[0].first_event_id == "890737b5-2d33-4c3d-ae24-e66f93a12d8b");

  const auto& again = s.feed(read_fixture("cloudtrail/create_service_recreate.json"));
  CHECK(tfdrift::to_string(again.kind) == "recreate");
  open = s.d.open_drifts();
  // What the recreation set differently from the state is open now; the deletion is not.
  CHECK(open.size() == again.changes.size());
  for (const auto& d : open) CHECK_FALSE(d.path.empty());
  CHECK(sample(s.d, R"(tfdrift_drifts_resolved_total{reason="event"})") == 1);
}

TEST_CASE("Unmanaged and activity alerts open no drift", "[ledger]") {
  tfdrift::detector d;  // no state: every write is unmanaged
  CHECK(d.process(read_fixture(scale_up), "x").size() == 1);
  CHECK(d.open_drifts().empty());
  session s;
  s.feed(read_fixture("cloudtrail/update_container_instances_state.json"));
  CHECK(tfdrift::to_string(s.alerts[0].kind) == "activity");
  CHECK(s.d.open_drifts().empty());
}

TEST_CASE("The ledger saves and loads as JSON, and a loaded ledger resolves like the one saved",
          "[ledger][json]") {
  session s;
  s.feed(read_fixture(scale_up));
  s.feed(read_fixture("cloudtrail/register_task_definition_image.json"));
  const nlohmann::ordered_json saved = s.d.ledger().to_json();
  CHECK(saved["schema"] == "tfdrift.ledger.v1");
  REQUIRE(saved["open"].size() == 2);
  CHECK(saved["open"][0]["address"] == "aws_ecs_service.main");
  CHECK(saved["open"][0]["state_value"] == 3);
  CHECK(saved["open"][0]["drifted_value"] == 5);
  CHECK(saved["open"][0]["kind"] == "update");
  CHECK(saved["open"][0]["severity"] == "high");
  CHECK(saved["open"][0]["events"] == 1);
  CHECK(saved["open"][1]["path"] == "container_definitions[name=nginx].image");
  const std::string text = saved.dump(2);

  session restarted;
  CHECK(restarted.d.load_ledger(text, "ledger.json").empty());
  CHECK(restarted.d.ledger().to_json() == saved);
  CHECK(sample(restarted.d, R"(tfdrift_open_drifts{resource_type="aws_ecs_service"})") == 1);
  CHECK(sample(restarted.d, R"(tfdrift_open_drifts{resource_type="aws_ecs_task_definition"})") == 1);
  const auto& a = restarted.feed(variant(scale_up, revert_id, "2025-03-11T15:00:00Z", {{"desiredCount", 3}}));
  CHECK(tfdrift::to_string(a.kind) == "resolved");
  CHECK(restarted.d.open_drifts().size() == 1);

  // A plain ledger object round-trips too, and loading replaces what was open.
  tfdrift::drift_ledger copy;
  copy.load_json(text, "ledger.json");
  CHECK(copy.to_json() == saved);
  copy.load_json(R"({"schema":"tfdrift.ledger.v1","open":[]})", "empty.json");
  CHECK(copy.empty());
}

TEST_CASE("Loading a saved ledger closes what the loaded state already adopted", "[ledger][json][state]") {
  session s;
  s.feed(read_fixture(scale_up));
  const std::string text = s.d.ledger().to_json().dump();
  tfdrift::detector later;
  later.load_state(state_with_desired_count("5"), "ecs.tfstate");
  auto closed = later.load_ledger(text, "ledger.json");
  REQUIRE(closed.size() == 1);
  CHECK(closed[0].drifted_value == nlohmann::json(5));
  CHECK(later.open_drifts().empty());
  // A ledger of a state file that is not loaded stays as it is.
  tfdrift::detector unrelated;
  CHECK(unrelated.load_ledger(text, "ledger.json").empty());
  CHECK(unrelated.open_drifts().size() == 1);
}

TEST_CASE("A broken ledger is refused with an id and a place, and changes nothing", "[ledger][json][errors]") {
  tfdrift::drift_ledger l;
  l.load_json(R"({"schema":"tfdrift.ledger.v1","open":[{"state_file":"a","address":"aws_ecs_service.main",
    "resource_type":"aws_ecs_service","resource_id":"p/s","account":"1","region":"r","kind":"update",
    "attribute":"desired_count","path":"desired_count","state_value":3,"drifted_value":5,"severity":"high",
    "rule":"","first_event_id":"e1","first_event_time":"t1","last_event_id":"e1","last_event_time":"t1",
    "actor":"me","events":1}]})",
              "good.json");
  REQUIRE(l.size() == 1);
  auto refused = [&](std::string_view text, std::string_view id, std::string_view where, std::string_view message) {
    try {
      l.load_json(text, "saved.json");
      FAIL("loaded: " << text);
    } catch (const tfdrift::error& e) {
      CHECK(e.id() == id);
      CHECK(e.where() == where);
      CHECK(e.message() == message);
    }
    CHECK(l.size() == 1);
  };
  refused("{\n  \"schema\": \"tfdrift.ledger.v1\",\n  \"open\": [\n}", "tfdrift.ledger.parse", "saved.json",
          "not valid JSON at line 4, column 1");
  refused(R"({"schema":"tfdrift.alert.v1","open":[]})", "tfdrift.ledger.schema", "saved.json",
          "not a ledger (need an object with \"schema\": \"tfdrift.ledger.v1\")");
  refused(R"({"schema":"tfdrift.ledger.v1"})", "tfdrift.ledger.shape", "saved.json",
          "\"open\" is missing or not an array");
  refused(R"({"schema":"tfdrift.ledger.v1","open":[{"state_file":"a"}]})", "tfdrift.ledger.shape",
          "saved.json entry #1", "\"address\" is missing or not a string");
  refused(R"({"schema":"tfdrift.ledger.v1","open":[7]})", "tfdrift.ledger.shape", "saved.json entry #1",
          "not an object");
}

TEST_CASE("Path coverage: a set path covers the paths under it, not its siblings", "[ledger][paths]") {
  using tfdrift::detail::path_covers;
  CHECK(path_covers("desired_count", "desired_count"));
  CHECK(path_covers("setting", "setting[name=containerInsights].value"));
  CHECK(path_covers("container_definitions", "container_definitions[name=nginx].image"));
  CHECK(path_covers("tags", "tags.Env"));
  CHECK_FALSE(path_covers("tags", "tags_all"));
  CHECK_FALSE(path_covers("setting[name=a].value", "setting[name=b].value"));
  CHECK_FALSE(path_covers("", "desired_count"));
  const tfdrift::field_map* network = tfdrift::detail::field_of_path("aws_ecs_service", "network_configuration[0].subnets");
  REQUIRE(network);
  CHECK(network->kind == tfdrift::compare_kind::block);
  // A member of a block compares by its own kind: subnets are a set.
  const tfdrift::block_member* subnets = tfdrift::detail::member_of_path(*network, "network_configuration[0].subnets");
  REQUIRE(subnets);
  CHECK(subnets->attribute == "subnets");
  tfdrift::diff_context ctx;
  CHECK(tfdrift::detail::drift_values_equal(network, "network_configuration[0].subnets", nlohmann::json{"b", "a"},
                                            nlohmann::json{"a", "b"}, ctx));
  CHECK_FALSE(tfdrift::detail::drift_values_equal(network, "network_configuration[0].subnets", nlohmann::json{"b"},
                                                  nlohmann::json{"a", "b"}, ctx));
  CHECK(tfdrift::detail::member_of_path(*network, "network_configuration") == nullptr);
  CHECK(tfdrift::detail::field_of_path("aws_ecs_cluster", "setting[name=x].value")->kind ==
        tfdrift::compare_kind::settings);
}

}  // namespace tfdrift_test_ledger
