// DEL and the C1 controls in every JSON output (\u007f, \u0080..\u009f) and in text and Markdown (\x7f, \x9b).
#include <catch2/catch.hpp>

#include <tfdrift/ecs.hpp>

#include <string>

// Own namespace: the tests are compiled together in unity batches (tests/CMakeLists.txt).
namespace tfdrift_test_json_controls {

namespace {

// An alert whose actor name, resource id and new value carry DEL and C1 controls (U+0080,
// CSI U+009B, U+009F) beside their neighbours that stay as they are (~ and U+00A0).
tfdrift::alert json_controls_alert() {
  tfdrift::alert a;
  a.event_id = "e1";
  a.event_name = "UpdateService";
  a.address = "aws_ecs_service.main";
  a.resource_type = "aws_ecs_service";
  a.resource_id = "svc\x7f~";
  a.who.name = "ops\xc2\x9b" "31m\xc2\x80\xc2\x9f\xc2\xa0";
  tfdrift::change c;
  c.attribute = "tags";
  c.path = "tags.Team";
  c.old_value = nullptr;
  c.new_value = nlohmann::json::parse("{\"k\\u007f\":[\"\\u009b2J\",1]}");
  a.changes = {c};
  return a;
}

}  // namespace

TEST_CASE("dump_json escapes DEL and C1 controls and leaves the rest of valid UTF-8 as it is", "[json][hostile]") {
  using tfdrift::detail::dump_json;
  const nlohmann::json s = "a\x7f" "b\xc2\x80" "c\xc2\x9b" "[31m\xc2\x9f~\xc2\xa0\xc3\xa9\xf0\x9f\x9a\xa8\x1b\xff";
  CHECK(dump_json(s) ==
        "\"a\\u007fb\\u0080c\\u009b[31m\\u009f~\xc2\xa0\xc3\xa9\xf0\x9f\x9a\xa8\\u001b\xef\xbf\xbd\"");
  // Keys and nested strings too, compact and indented; numbers and structure are untouched.
  const nlohmann::ordered_json v = {{"k\x7f", {"\xc2\x85", 1.5, nullptr}}};
  CHECK(dump_json(v) == "{\"k\\u007f\":[\"\\u0085\",1.5,null]}");
  CHECK(dump_json(v, 2) == "{\n  \"k\\u007f\": [\n    \"\\u0085\",\n    1.5,\n    null\n  ]\n}");
  // Text without them is nlohmann's own.
  const nlohmann::json plain = {{"caf\xc3\xa9", "\xc2\xa9 \xe2\x80\xa8"}};
  CHECK(dump_json(plain) == plain.dump());
  // The escapes read back as the same characters.
  CHECK(nlohmann::json::parse(dump_json(s)) == "a\x7f" "b\xc2\x80" "c\xc2\x9b" "[31m\xc2\x9f~\xc2\xa0\xc3\xa9\xf0\x9f\x9a\xa8\x1b\xef\xbf\xbd");
}

TEST_CASE("the alert JSON line writes DEL and C1 controls as u-escapes and reads back the same", "[json][alert][hostile]") {
  const tfdrift::alert a = json_controls_alert();
  const std::string line = tfdrift::to_json_line(a);
  INFO(line);
  CHECK(line.find("\"resource_id\":\"svc\\u007f~\"") != std::string::npos);
  CHECK(line.find("\"new\":{\"k\\u007f\":[\"\\u009b2J\",1]}") != std::string::npos);
  CHECK(line.find("\"actor\":{\"name\":\"ops\\u009b31m\\u0080\\u009f\xc2\xa0\"") != std::string::npos);
  CHECK(line.find('\x7f') == std::string::npos);
  for (std::size_t i = 0; i + 1 < line.size(); ++i)
    if (static_cast<unsigned char>(line[i]) == 0xC2) CHECK(static_cast<unsigned char>(line[i + 1]) >= 0xA0);
  CHECK(line == tfdrift::detail::dump_json(tfdrift::to_json(a)));
  const tfdrift::alert back = tfdrift::alert_from_json(line);
  CHECK(back.who.name == a.who.name);
  CHECK(back.resource_id == a.resource_id);
  CHECK(tfdrift::to_json_line(back) == line);
}

TEST_CASE("text and Markdown escape DEL and C1 controls as x7f and x9b", "[format][hostile]") {
  CHECK(tfdrift::terminal_safe("a\x7f" "b\xc2\x80\xc2\x9f\xc2\xa0") == "a\\x7fb\\x80\\x9f\xc2\xa0");
  const tfdrift::alert a = json_controls_alert();
  const std::string text = tfdrift::to_text(a);
  INFO(text);
  CHECK(text.find("User: ops\\x9b31m\\x80\\x9f\xc2\xa0 (") != std::string::npos);
  CHECK(text.find('\x7f') == std::string::npos);
  const std::string md = tfdrift::to_markdown(a);
  INFO(md);
  CHECK(md.find("ops\\\\x9b31m\\\\x80\\\\x9f\xc2\xa0") != std::string::npos);
  CHECK(md.find('\x7f') == std::string::npos);
  for (const std::string* out : {&text, &md})
    for (std::size_t i = 0; i + 1 < out->size(); ++i)
      if (static_cast<unsigned char>((*out)[i]) == 0xC2) CHECK(static_cast<unsigned char>((*out)[i + 1]) >= 0xA0);
}

TEST_CASE("the ledger's JSON escapes DEL and C1 controls from the records", "[json][ledger][hostile]") {
  tfdrift::drift_ledger ledger;
  tfdrift::alert a = json_controls_alert();
  a.kind = tfdrift::alert_kind::update;
  a.state_file = "s.tfstate";
  a.event_time = "2025-03-11T13:00:00Z";
  ledger.record(a);
  REQUIRE(ledger.size() == 1);
  const std::string text = tfdrift::detail::dump_json(ledger.to_json(), 2);
  INFO(text);
  CHECK(text.find("ops\\u009b31m\\u0080\\u009f\xc2\xa0") != std::string::npos);
  CHECK(text.find('\x7f') == std::string::npos);
  tfdrift::drift_ledger back;
  back.load_json(text, "ledger.json");
  CHECK(tfdrift::detail::dump_json(back.to_json(), 2) == text);
}

}  // namespace tfdrift_test_json_controls
