// The alert JSON line: written directly for speed, byte for byte detail::dump_json of to_json().
#include <catch2/catch.hpp>

#include <tfdrift/ecs.hpp>

#include <filesystem>
#include <regex>
#include <set>
#include <fstream>
#include <sstream>

#include "test_data.hpp"

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_alert {

namespace {
std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
// nlohmann's dump of to_json, with DEL and C1 controls escaped (exact bytes: test_json_controls.cpp).
std::string reference(const tfdrift::alert& a) { return tfdrift::detail::dump_json(tfdrift::to_json(a)); }
}  // namespace

TEST_CASE("to_json_line equals dump_json of to_json for every fixture alert", "[alert][json]") {
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

TEST_CASE("to_json_line escapes hostile text exactly like dump_json", "[alert][json]") {
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

TEST_CASE("to_json_line: every byte at every place of a string, in and out of a 16-byte block, like dump_json", "[alert][json]") {
  // Strings are copied as they are when plain (16 bytes at a time), else escaped by nlohmann:
  // each byte value at each offset of a 40-byte string decides the same way.
  tfdrift::alert a;
  std::size_t differ = 0;
  for (int byte = 0; byte < 256; ++byte)
    for (std::size_t at = 0; at < 40; ++at) {
      a.event_id = std::string(40, 'k');
      a.event_id[at] = static_cast<char>(byte);
      a.who.arn = a.event_id.substr(0, at + 1);
      if (tfdrift::to_json_line(a) != reference(a)) ++differ;
    }
  CHECK(differ == 0);
  a.event_id = std::string(40, 'k') + "\x7f";
  CHECK(tfdrift::to_json_line(a).find("\"event_id\":\"" + std::string(40, 'k') + "\\u007f\"") != std::string::npos);
}

TEST_CASE("alert_from_json reads every fixture alert back: the same JSON, text and Markdown", "[alert][json][read]") {
  tfdrift::detector d;
  d.load_state(slurp(tfdrift_test::data_path("state/ecs.tfstate")), "ecs.tfstate");
  d.load_state(slurp(tfdrift_test::data_path("state/security.tfstate")), "security.tfstate");
  std::size_t alerts = 0, unmanaged = 0, invoked = 0, findings = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(tfdrift_test::data_path("cloudtrail"))) {
    if (!entry.is_regular_file() || entry.path().extension() == ".py") continue;
    d.process(slurp(entry.path().string()), entry.path().filename().string(), [&](const tfdrift::alert& a) {
      ++alerts;
      unmanaged += a.address ? 0 : 1;
      invoked += a.who.invoked_by.empty() ? 0 : 1;
      findings += a.security.size();
      const std::string line = tfdrift::to_json_line(a);
      INFO(line);
      const tfdrift::alert back = tfdrift::alert_from_json(line, "x");
      CHECK(tfdrift::to_json_line(back) == line);
      CHECK(tfdrift::to_text(back) == tfdrift::to_text(a));
      CHECK(tfdrift::to_markdown(back) == tfdrift::to_markdown(a));
      CHECK(tfdrift::alert_from_json(line + "\n", "x").event_id == a.event_id);
    });
  }
  CHECK(alerts >= 45);
  CHECK(unmanaged >= 1);
  CHECK(invoked >= 1);
  CHECK(findings >= 25);
}

TEST_CASE("alert_from_json: hostile text comes back as the line wrote it", "[alert][json][read]") {
  tfdrift::alert a;
  a.event_id = std::string("id\x1b[31m\0x", 9);
  a.event_name = "UpdateService";
  a.kind = tfdrift::alert_kind::unmanaged;
  a.resource_type = "aws_ecs_service";
  a.resource_id = "c/\xff\xfe";
  a.who.name = "*bold* <b>";
  a.place = {"s.ndjson", 7, 3};
  a.changes.push_back({"desired_count", "desired_count", nullptr, 18446744073709551615ull, tfdrift::severity::high, "r", true, ""});
  const std::string line = tfdrift::to_json_line(a);
  const tfdrift::alert back = tfdrift::alert_from_json(line);
  CHECK(tfdrift::to_json_line(back) == line);
  CHECK(back.event_id == a.event_id);
  CHECK(back.resource_id == "c/\xEF\xBF\xBD\xEF\xBF\xBD");  // to_json_line wrote U+FFFD for each bad byte
  CHECK_FALSE(back.address);
  CHECK(back.changes.at(0).new_value == 18446744073709551615ull);
  CHECK(back.changes.at(0).rule.empty());  // not in the JSON
  CHECK(back.place.line == 7);
  CHECK(back.place.record == 3);
  CHECK(tfdrift::to_text(back) == tfdrift::to_text(a));  // text already shows a bad byte as U+FFFD
}

TEST_CASE("alert_from_json refuses what is not a tfdrift.alert.v1 alert, naming the field", "[alert][json][read]") {
  auto error_of = [](std::string_view text) {
    try {
      tfdrift::alert_from_json(text, "a.json");
    } catch (const tfdrift::error& e) {
      CHECK(e.where() == "a.json");
      return e.id() + " " + e.message();
    }
    return std::string("no error");
  };
  tfdrift::alert a;
  a.event_id = "e";
  a.changes.push_back({"desired_count", "desired_count", 3, 5, tfdrift::severity::high, "", true, ""});
  const nlohmann::json good = nlohmann::json::parse(tfdrift::to_json_line(a));
  auto without = [&](const nlohmann::json::json_pointer& p) {
    nlohmann::json j = good;
    j[p.parent_pointer()].erase(p.back());
    return j.dump();
  };
  auto with = [&](const nlohmann::json::json_pointer& p, nlohmann::json v) {
    nlohmann::json j = good;
    j[p] = std::move(v);
    return j.dump();
  };
  CHECK(error_of(good.dump()) == "no error");
  CHECK(error_of("") == "tfdrift.alert.parse not JSON");
  CHECK(error_of("{\"schema\":") == "tfdrift.alert.parse not JSON");
  CHECK(error_of("[]") == "tfdrift.alert.shape the alert must be an object");
  CHECK(error_of(with("/schema"_json_pointer, "tfdrift.alert.v2")) ==
        "tfdrift.alert.schema schema \"tfdrift.alert.v2\" is not tfdrift.alert.v1");
  CHECK(error_of(without("/event_time"_json_pointer)) == "tfdrift.alert.shape event_time must be a string");
  CHECK(error_of(with("/kind"_json_pointer, "changed")) ==
        "tfdrift.alert.shape kind must be one of update, create, recreate, delete, activity, unmanaged, resolved");
  CHECK(error_of(without("/address"_json_pointer)) == "tfdrift.alert.shape address must be a string or null");
  CHECK(error_of(with("/address"_json_pointer, 7)) == "tfdrift.alert.shape address must be a string or null");
  CHECK(error_of(with("/changes"_json_pointer, "x")) == "tfdrift.alert.shape changes must be a list");
  CHECK(error_of(with("/changes/0"_json_pointer, 1)) == "tfdrift.alert.shape changes[0] must be an object");
  CHECK(error_of(without("/changes/0/new"_json_pointer)) == "tfdrift.alert.shape changes[0].new must be present");
  CHECK(error_of(with("/changes/0/severity"_json_pointer, "urgent")) ==
        "tfdrift.alert.shape changes[0].severity must be low, medium, high or critical");
  CHECK(error_of(with("/security"_json_pointer, nlohmann::json::array({{{"check", "x"}}}))) ==
        "tfdrift.alert.shape security[0].severity must be a string");
  CHECK(error_of(without("/actor/user_agent"_json_pointer)) == "tfdrift.alert.shape actor.user_agent must be a string");
  CHECK(error_of(with("/place/line"_json_pointer, -1)) == "tfdrift.alert.shape place.line must be a whole number");
  CHECK(error_of(without("/place"_json_pointer)) == "tfdrift.alert.shape place must be an object");
}

// ---- The docs restate the alert's names: each list is checked against the code -------------

std::string read_doc(const std::string& name) {
  std::ifstream in(tfdrift_test::data_path("../../docs/" + name), std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The `names` in text (backticked lower-case words and -), as a set.
std::set<std::string> backticked(const std::string& text) {
  std::set<std::string> out;
  static const std::regex name("`([a-z][a-z_-]*)`");
  for (std::sregex_iterator it(text.begin(), text.end(), name), end; it != end; ++it) out.insert((*it)[1].str());
  return out;
}

// The line of a Markdown table whose first cell is `cell`.
std::string table_row(const std::string& doc, const std::string& cell) {
  auto at = doc.find("\n| " + cell + " |");
  REQUIRE(at != std::string::npos);
  return doc.substr(at + 1, doc.find('\n', at + 1) - at - 1);
}

template <class Names>
std::set<std::string> as_set(const Names& names) {
  return {names.begin(), names.end()};
}

TEST_CASE("docs list exactly the alert kinds, severities, actor sources and outcomes the code has") {
  const std::string reports = read_doc("reports.md");
  const std::string schema = read_doc("alert-schema.md");
  // reports.md: the kind table, one row per kind.
  auto from = reports.find("| kind | when |");
  REQUIRE(from != std::string::npos);
  std::set<std::string> kinds;
  static const std::regex row("\n\\| `([a-z_]+)` \\|");
  const std::string table = reports.substr(from, reports.find("\n\n", from) - from);
  for (std::sregex_iterator it(table.begin(), table.end(), row), end; it != end; ++it) kinds.insert((*it)[1].str());
  CHECK(kinds == as_set(tfdrift::alert_kind_names));
  // alert-schema.md: the kind, severity and actor.source rows.
  std::set<std::string> schema_kinds = backticked(table_row(schema, "`kind`"));
  schema_kinds.erase("kind");
  CHECK(schema_kinds == as_set(tfdrift::alert_kind_names));
  std::set<std::string> severities = backticked(table_row(schema, "`severity`"));
  severities.erase("severity");
  CHECK(severities == as_set(tfdrift::severity_names));
  std::set<std::string> sources = backticked(table_row(schema, "`actor.source`"));
  sources.erase("actor.source");
  CHECK(sources == as_set(tfdrift::source_names));
  // reports.md's first paragraph: every outcome (the alert in bold, the others backticked).
  const std::string first = reports.substr(0, reports.find("The counts always add up"));
  std::set<std::string> outcomes = backticked(first);
  CHECK(first.find("**alert**") != std::string::npos);
  outcomes.insert("alert");
  CHECK(outcomes == as_set(tfdrift::outcome_names));
}

}  // namespace tfdrift_test_alert
