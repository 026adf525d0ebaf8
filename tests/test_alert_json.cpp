// The alert JSON line: written directly for speed, byte for byte what nlohmann writes for to_json().
#include <catch2/catch.hpp>

#include <tfdrift/ecs.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_data.hpp"

namespace {
std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
std::string reference(const tfdrift::alert& a) {
  return tfdrift::to_json(a).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}
}  // namespace

TEST_CASE("to_json_line equals nlohmann's dump of to_json for every fixture alert", "[alert][json]") {
  tfdrift::detector d;
  d.load_state(slurp(tfdrift_test::data_path("state/ecs.tfstate")), "ecs.tfstate");
  d.load_state(slurp(tfdrift_test::data_path("state/security.tfstate")), "security.tfstate");
  std::size_t alerts = 0, with_findings = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(tfdrift_test::data_path("cloudtrail"))) {
    if (!entry.is_regular_file() || entry.path().extension() == ".py") continue;
    d.process(slurp(entry.path().string()), entry.path().filename().string(), [&](const tfdrift::alert& a) {
      ++alerts;
      with_findings += a.security.empty() ? 0 : 1;
      CHECK(tfdrift::to_json_line(a) == reference(a));
    });
  }
  CHECK(alerts >= 45);
  CHECK(with_findings >= 25);  // the security fixtures, and the spec's own scenarios that open a door
}

TEST_CASE("to_json_line escapes hostile text exactly like nlohmann", "[alert][json]") {
  tfdrift::alert a;
  a.event_id = "id\"with\\quotes";
  a.event_name = "Update\x1b[31mService\x7f";
  a.address = "module.a.aws_ecs_service.this[\"k\"]";
  a.who.name = "bad\xff\xfeutf8 caf\xc3\xa9 🚨";
  a.who.user_agent = std::string("nul\0byte\ttab\nline", 18);
  a.who.invoked_by = "application-autoscaling.amazonaws.com";
  tfdrift::change c;
  c.attribute = "tags";
  c.path = "tags.Team\x01";
  c.old_value = nullptr;
  c.new_value = nlohmann::json::parse(R"({"b":[1,2.5,"x\u0000y"],"a":true})");
  a.changes = {c, c};
  a.security = {{"exec.session", tfdrift::severity::high, "bad\xff \"shell\"\n\x1b[0m in container caf\xc3\xa9"},
                {"who.root", tfdrift::severity::critical, ""}};
  a.place = {"dir/\"quoted\".json", 12, 7};
  CHECK(tfdrift::to_json_line(a) == reference(a));
  CHECK(nlohmann::json::parse(tfdrift::to_json_line(a))["security"][1]["severity"] == "critical");
  a.security.clear();
  CHECK(tfdrift::to_json_line(a) == reference(a));
  CHECK(tfdrift::to_json_line(a).find("\"security\"") == std::string::npos);
  CHECK(nlohmann::json::parse(tfdrift::to_json_line(a))["actor"]["name"] == "bad\xEF\xBF\xBD\xEF\xBF\xBDutf8 caf\xc3\xa9 🚨");
  a.address.reset();
  a.changes.clear();
  a.who.invoked_by.clear();
  CHECK(tfdrift::to_json_line(a) == reference(a));
}
