// Unit tests of detector.hpp, the API that ties the pipeline together: one record framed three
// ways gives one alert, every record read ends in exactly one outcome with its place, counts
// from other threads, the eventID window, --explain's narration, and states that close drifts.
// The outcomes of each event are the scenario suites' (tests/scenario/); here, the detector's own.
#include "fixture.hpp"

#include <string>
#include <vector>

namespace tfdrift_test_detector {

using namespace tfdrift_test;

// The scaling record of the README's example: aws_ecs_service.main, desired_count 3 -> 5.
const std::string& scale_record() {
  static const std::string text = nlohmann::json::parse(read_fixture("cloudtrail/update_service_desired_count.json")).dump();
  return text;
}

// A record of another service: the byte prefilter counts it not_ecs.
const std::string kOther = R"({"eventSource":"s3.amazonaws.com","eventName":"PutObject","eventID":"x-1"})";

tfdrift::detector loaded() {
  tfdrift::detector d;
  d.load_state(read_fixture("state/ecs.tfstate"), "ecs.tfstate");
  return d;
}

void check_scaled(const tfdrift::alert& a) {
  CHECK(a.address == "aws_ecs_service.main");
  CHECK(a.state_file == "ecs.tfstate");
  check_changes(a, {{"desired_count", "desired_count", 3, 5, tfdrift::severity::high}});
}

TEST_CASE("detector: one record framed as a record, an NDJSON line or a Records document gives one alert") {
  const std::string& rec = scale_record();
  struct framed {
    std::string text, source;
    std::uint64_t line, record;
  };
  const std::vector<framed> inputs = {
      {rec, "one.json", 0, 1},
      {kOther + "\n" + rec + "\r\n\n", "trail.ndjson", 2, 2},
      {"{\"Records\":[" + rec + "]}", "object.json", 0, 1},
  };
  for (const auto& in : inputs) {
    INFO(in.source);
    tfdrift::detector d = loaded();
    auto alerts = d.process(in.text, in.source);
    REQUIRE(alerts.size() == 1);
    check_scaled(alerts[0]);
    CHECK(alerts[0].place.source == in.source);
    CHECK(alerts[0].place.line == in.line);
    CHECK(alerts[0].place.record == in.record);
    const tfdrift::stats& s = d.stats();
    CHECK(s.records_read == in.record);  // the NDJSON line follows another service's record
    CHECK(s.count(tfdrift::outcome::alert) == 1);
    CHECK(s.count(tfdrift::outcome::not_ecs) == in.record - 1);
  }
}

TEST_CASE("detector: every record read ends in one outcome, malformed ones with their place") {
  tfdrift::detector d = loaded();
  // NDJSON is recognised from its first two lines (two objects); then each line is a record.
  const std::string text = kOther + "\n" + scale_record() + "\n\n" + "[1,2]\n" + "{\"eventSource\": \"ecs.amazonaws.com\"\n";
  auto alerts = d.process(text, "mixed.ndjson");
  REQUIRE(alerts.size() == 1);
  check_scaled(alerts[0]);
  CHECK(alerts[0].place.line == 2);
  CHECK(alerts[0].place.record == 2);
  const tfdrift::stats& s = d.stats();
  CHECK(s.records_read == 4);
  CHECK(s.count(tfdrift::outcome::not_ecs) == 1);
  CHECK(s.count(tfdrift::outcome::malformed) == 2);
  CHECK(s.count(tfdrift::outcome::alert) == 1);
  CHECK(s.sum() == s.records_read);
  REQUIRE(s.malformed_places.size() == 2);
  CHECK(s.malformed_places[0].place.str() == "mixed.ndjson:4");  // line 3 is blank: no record
  CHECK(s.malformed_places[0].place.record == 3);
  CHECK(s.malformed_places[0].id == "tfdrift.input.shape");
  CHECK(s.malformed_places[1].place.str() == "mixed.ndjson:5");
  CHECK(s.malformed_places[1].id == "tfdrift.input.json");
}

TEST_CASE("detector: process_line numbers records per source, and count_not_ecs counts what other threads screened") {
  tfdrift::detector d = loaded();
  std::vector<tfdrift::alert> got;
  auto sink = [&](const tfdrift::alert& a) { got.push_back(a); };
  d.process_line("   ", "a.ndjson", 1, sink);  // blank: no record
  d.process_line(R"({"eventSource":"sqs.amazonaws.com"})", "a.ndjson", 2, sink);
  d.process_line(scale_record(), "b.ndjson", 1, sink);
  d.process_line(scale_record(), "a.ndjson", 3, sink);  // a's second record, and a duplicate eventID
  REQUIRE(got.size() == 1);
  CHECK(got[0].place.str() == "b.ndjson:1");
  CHECK(got[0].place.record == 1);
  d.count_not_ecs(10, 4096);
  const tfdrift::stats& s = d.stats();
  CHECK(s.records_read == 13);
  CHECK(s.count(tfdrift::outcome::not_ecs) == 11);
  CHECK(s.count(tfdrift::outcome::duplicate) == 1);
  CHECK(s.count(tfdrift::outcome::alert) == 1);
  CHECK(s.sum() == s.records_read);
  CHECK(s.bytes_read == 4096 + std::string_view(R"({"eventSource":"sqs.amazonaws.com"})").size() + 2 * scale_record().size());
}

TEST_CASE("detector: explain narrates the decisions on one eventID only") {
  tfdrift::detector d = loaded();
  const std::string id = nlohmann::json::parse(scale_record()).at("eventID").get<std::string>();
  std::vector<std::string> said;
  d.explain(id, [&](const std::string& line) { said.push_back(line); });
  d.process(R"({"eventSource":"s3.amazonaws.com","eventName":"PutObject"})" "\n" + scale_record() + "\n", "t.ndjson");
  REQUIRE(!said.empty());
  CHECK(said.front() == "framed as record 2 of t.ndjson:2");
  d.explain("", {});
  said.clear();
  d.process(scale_record(), "again.json");
  CHECK(said.empty());
}

TEST_CASE("detector: a newer state that adopted the drifted value closes the drift it opened") {
  tfdrift::detector d = loaded();
  REQUIRE(d.process(scale_record(), "one.json").size() == 1);
  auto open = d.open_drifts();
  REQUIRE(open.size() == 1);
  CHECK(open[0].address == "aws_ecs_service.main");
  CHECK(open[0].path == "desired_count");
  CHECK(open[0].state_value == 3);
  CHECK(open[0].drifted_value == 5);

  // `terraform apply` of desired_count = 5: the newer state, read aside as `tfdrift serve`
  // reloads, settles the drift.
  nlohmann::json state = nlohmann::json::parse(read_fixture("state/ecs.tfstate"));
  bool set = false;
  for (auto& r : state.at("resources"))
    if (r.at("type") == "aws_ecs_service" && r.at("name") == "main") {
      r.at("instances").at(0).at("attributes")["desired_count"] = 5;
      set = true;
    }
  REQUIRE(set);
  tfdrift::state_index same, newer;
  same.load(read_fixture("state/ecs.tfstate"), "ecs.tfstate");
  newer.load(state.dump(), "ecs.tfstate");
  CHECK(d.replace_states(std::move(same)).empty());  // unchanged: nothing closes
  CHECK(d.open_drifts().size() == 1);
  auto closed = d.replace_states(std::move(newer));
  REQUIRE(closed.size() == 1);
  CHECK(closed[0].address == "aws_ecs_service.main");
  CHECK(closed[0].path == "desired_count");
  CHECK(d.open_drifts().empty());
}

}  // namespace tfdrift_test_detector
